//! Scaling up and down (*op- en afschalen*) between the layers, and bringing a
//! case to a case table (*casustafel*) when the usual way gets stuck.

use super::text::bounded_text;
use crate::directory::offer::code_enum;
use crate::directory::Layer;
use crate::monitor::event::LayerChange;
use serde::{Deserialize, Serialize};
use std::fmt;

bounded_text!(
    /// Why the support becomes lighter or heavier: 1 to 500 characters.
    ScaleReason,
    500,
    "Schrijf op waarom de hulp lichter of zwaarder wordt.",
    "De reden"
);

/// A move of a household's support to another layer, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scaling {
    pub change: LayerChange,
    pub reason: ScaleReason,
}

impl Scaling {
    pub fn new(change: LayerChange, reason: ScaleReason) -> Scaling {
        Scaling { change, reason }
    }

    /// Towards heavier support.
    pub fn is_up(&self) -> bool {
        self.change.is_up()
    }

    /// "Opgeschaald van laag 2 (Sociale basis) naar laag 4 (Gerichte hulp)",
    /// or "Afgeschaald van …" towards lighter support.
    pub fn label_nl(&self) -> String {
        let layer = |l: Layer| format!("laag {} ({})", l.number(), l.label_nl());
        format!(
            "{} van {} naar {}",
            if self.is_up() {
                "Opgeschaald"
            } else {
                "Afgeschaald"
            },
            layer(self.change.from()),
            layer(self.change.to())
        )
    }
}

code_enum!(
    /// The case tables a coordinator can bring a case to.
    CaseTable, "onbekende casustafel '{}'", {
    SafetyHouse => ("zorg-en-veiligheid", "Zorg- en Veiligheidskamer"),
    Multidisciplinary => ("mdo", "Multidisciplinair overleg"),
    ExpertTeam => ("expertteam", "Expertteam complexe zorgvragen"),
});

code_enum!(
    /// Why a case goes to a case table.
    TableReason, "onbekende reden '{}'", {
    Safety => ("veiligheid", "Zorgen over veiligheid"),
    Stuck => ("vastgelopen", "Hulp loopt vast"),
    ManyDomains => ("meerdere-domeinen", "Problemen op veel leefgebieden"),
    Breakthrough => ("doorbraak", "Er is een doorbraak nodig"),
    Other => ("anders", "Andere reden"),
});

bounded_text!(
    /// What the table needs to know about the case: 1 to 2 000 characters.
    TableNote,
    2_000,
    "Schrijf kort op wat er speelt en welke vraag u aan de tafel heeft.",
    "De toelichting"
);

/// A case brought to a case table: at least one reason (each once, in code
/// order) and a note; a table cannot discuss a case without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseTableReferral {
    table: CaseTable,
    reasons: Vec<TableReason>,
    note: TableNote,
}

impl CaseTableReferral {
    pub fn new(
        table: CaseTable,
        mut reasons: Vec<TableReason>,
        note: TableNote,
    ) -> Result<CaseTableReferral, String> {
        if reasons.is_empty() {
            return Err(format!(
                "Kies minstens één reden om de casus in te brengen bij: {}.",
                table.label_nl()
            ));
        }
        reasons.sort();
        reasons.dedup();
        Ok(CaseTableReferral {
            table,
            reasons,
            note,
        })
    }

    pub fn table(&self) -> CaseTable {
        self.table
    }

    pub fn reasons(&self) -> &[TableReason] {
        &self.reasons
    }

    pub fn note(&self) -> &TableNote {
        &self.note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason() -> ScaleReason {
        ScaleReason::parse("Stabiel na drie maanden").unwrap()
    }

    #[test]
    fn scaling_labels_say_the_direction_and_both_layers() {
        let up = Scaling::new(
            LayerChange::new(Layer::SocialBase, Layer::Targeted).unwrap(),
            reason(),
        );
        assert!(up.is_up());
        assert_eq!(
            up.label_nl(),
            "Opgeschaald van laag 2 (Sociale basis) naar laag 4 (Gerichte hulp)"
        );
        let down = Scaling::new(
            LayerChange::new(Layer::Intensive, Layer::OpenAccess).unwrap(),
            reason(),
        );
        assert!(!down.is_up());
        assert_eq!(
            down.label_nl(),
            "Afgeschaald van laag 5 (Intensieve hulp) naar laag 3 (Laagdrempelige ondersteuning)"
        );
    }

    #[test]
    fn a_scale_reason_is_needed_and_short() {
        assert!(ScaleReason::parse("  ").unwrap_err().contains("waarom"));
        assert!(ScaleReason::parse(&"x".repeat(500)).is_ok());
        assert!(ScaleReason::parse(&"x".repeat(501))
            .unwrap_err()
            .contains("500"));
    }

    #[test]
    fn case_table_codes_and_labels() {
        assert_eq!(
            CaseTable::parse("zorg-en-veiligheid").map(CaseTable::label_nl),
            Ok("Zorg- en Veiligheidskamer")
        );
        assert_eq!(CaseTable::ALL.len(), 3);
        assert_eq!(TableReason::ALL.len(), 5);
        assert_eq!(
            TableReason::parse("meerdere-domeinen"),
            Ok(TableReason::ManyDomains)
        );
        assert!(TableReason::parse("geen").is_err());
    }

    #[test]
    fn a_table_referral_needs_a_reason_and_a_note() {
        let note = TableNote::parse("Hulp van drie partijen loopt vast.").unwrap();
        assert_eq!(
            CaseTableReferral::new(CaseTable::ExpertTeam, vec![], note.clone()),
            Err("Kies minstens één reden om de casus in te brengen bij: Expertteam complexe zorgvragen.".into())
        );
        let r = CaseTableReferral::new(
            CaseTable::Multidisciplinary,
            vec![TableReason::Other, TableReason::Stuck, TableReason::Other],
            note,
        )
        .unwrap();
        assert_eq!(r.reasons(), &[TableReason::Stuck, TableReason::Other]);
        assert_eq!(r.table(), CaseTable::Multidisciplinary);
        assert!(TableNote::parse("").unwrap_err().contains("tafel"));
    }
}
