//! A decision (*beschikking*) as the consultant composes it, checked as a
//! whole before it can be sent: one decision grants or refuses one or more
//! products, each with its own reasoning (Awb 3:46). A sent decision is never
//! changed; a change, extension, revocation or expiry is a new decision that
//! names the one it replaces.

use super::codes::{Frequency, ProductCategory, ProductCode, Unit};
use super::Law;
use crate::directory::offer::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// What kind of decision this is.
    DecisionKind, "onbekend soort besluit '{}'", {
    First => ("eerste", "Eerste besluit"),
    Temporary => ("tijdelijk", "Tijdelijke voorziening (spoed)"),
    Change => ("wijziging", "Wijziging"),
    Extension => ("verlenging", "Verlenging"),
    Revocation => ("intrekking", "Intrekking"),
    Expiry => ("beeindiging", "Beëindiging"),
});

impl DecisionKind {
    /// Whether the decision replaces an earlier one (and must name it).
    pub fn replaces_earlier(self) -> bool {
        matches!(
            self,
            DecisionKind::Change
                | DecisionKind::Extension
                | DecisionKind::Revocation
                | DecisionKind::Expiry
        )
    }

    /// Whether its lines only end support (no amount, an end date).
    pub fn only_ends(self) -> bool {
        matches!(self, DecisionKind::Revocation | DecisionKind::Expiry)
    }
}

code_enum!(
    /// Granted or refused, per product.
    Outcome, "onbekende uitkomst '{}'", {
    Granted => ("toegekend", "Toegekend"),
    Refused => ("afgewezen", "Afgewezen"),
});

code_enum!(
    /// How a granted product is delivered.
    Delivery, "onbekende leveringsvorm '{}'; kies natura of pgb", {
    InKind => ("natura", "Zorg in natura"),
    PersonalBudget => ("pgb", "Persoonsgebonden budget (pgb)"),
});

/// How much is granted: an amount of care, or a budget in whole eurocents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Amount {
    Volume {
        quantity: u32,
        unit: Unit,
        frequency: Frequency,
    },
    Budget {
        cents: i64,
    },
}

/// An amount as its separate fields: quantity, unit and frequency, or a budget.
pub type AmountParts = (Option<u32>, Option<Unit>, Option<Frequency>, Option<i64>);

impl Amount {
    /// The fields of an optional amount, as forms and tables hold them.
    pub fn parts(amount: Option<Amount>) -> AmountParts {
        match amount {
            Some(Amount::Volume {
                quantity,
                unit,
                frequency,
            }) => (Some(quantity), Some(unit), Some(frequency), None),
            Some(Amount::Budget { cents }) => (None, None, None, Some(cents)),
            None => (None, None, None, None),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Volume {
                quantity,
                unit,
                frequency,
            } => write!(f, "{quantity} {unit} {frequency}"),
            Amount::Budget { cents } => {
                write!(f, "€ {},{:02}", cents / 100, (cents % 100).abs())
            }
        }
    }
}

/// One product of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub category: ProductCategory,
    /// The product within the category, when the municipality uses codes.
    pub product: Option<ProductCode>,
    pub outcome: Outcome,
    pub amount: Option<Amount>,
    pub delivery: Delivery,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Why, in plain words (Awb 3:46).
    pub reasoning: String,
}

impl Line {
    /// A product refused, with why.
    pub fn refused(category: ProductCategory, reasoning: impl Into<String>) -> Line {
        Line {
            category,
            product: None,
            outcome: Outcome::Refused,
            amount: None,
            delivery: Delivery::InKind,
            start: None,
            end: None,
            reasoning: reasoning.into(),
        }
    }

    /// A product granted in kind: `amount` from `start` to `end`, with why.
    pub fn in_kind(
        category: ProductCategory,
        amount: Amount,
        (start, end): (Option<NaiveDate>, Option<NaiveDate>),
        reasoning: impl Into<String>,
    ) -> Line {
        Line {
            category,
            product: None,
            outcome: Outcome::Granted,
            amount: Some(amount),
            delivery: Delivery::InKind,
            start,
            end,
            reasoning: reasoning.into(),
        }
    }
}

/// A decision before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionDraft {
    pub law: Law,
    pub kind: DecisionKind,
    /// The decision this one replaces (its id), for changes and endings.
    pub replaces: Option<i64>,
    pub lines: Vec<Line>,
}

/// Something to fix before the decision can be sent: which product (1-based,
/// `None` for the decision as a whole), which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: Option<usize>,
    pub field: &'static str,
    pub reason: String,
}

/// Reasoning shorter than this cannot explain a decision.
const MIN_REASONING: usize = 20;

impl DecisionDraft {
    /// Every problem, in the order of the form; empty when it can be sent.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut whole = |field, reason: &str| {
            out.push(Problem {
                line: None,
                field,
                reason: reason.to_string(),
            })
        };
        match (self.kind.replaces_earlier(), self.replaces) {
            (true, None) => whole(
                "vervangt",
                "Kies het besluit dat dit besluit wijzigt of beëindigt.",
            ),
            (false, Some(_)) => whole(
                "vervangt",
                "Een eerste of tijdelijk besluit vervangt geen ander besluit.",
            ),
            _ => {}
        }
        if self.lines.is_empty() {
            whole("producten", "Neem minstens één product op.");
        }
        for (i, line) in self.lines.iter().enumerate() {
            self.check_line(i + 1, line, &mut out);
        }
        out
    }

    fn check_line(&self, n: usize, l: &Line, out: &mut Vec<Problem>) {
        let mut problem = |field, reason: String| {
            out.push(Problem {
                line: Some(n),
                field,
                reason,
            })
        };
        if l.category.law != self.law {
            problem(
                "productcategorie",
                format!(
                    "{} is een categorie van de {}, niet van de {}.",
                    l.category.name,
                    l.category.law.label_nl(),
                    self.law.label_nl()
                ),
            );
        }
        if l.reasoning.trim().chars().count() < MIN_REASONING {
            problem(
                "motivering",
                "Leg in een paar zinnen uit waarom (de motivering staat in het besluit).".into(),
            );
        }
        if let (Some(s), Some(e)) = (l.start, l.end) {
            if e < s {
                problem("einddatum", "De einddatum ligt vóór de begindatum.".into());
            }
        }
        if self.kind.only_ends() {
            if l.end.is_none() {
                problem(
                    "einddatum",
                    "Geef de dag waarop de ondersteuning stopt.".into(),
                );
            }
            return;
        }
        match l.outcome {
            Outcome::Refused => {
                if l.amount.is_some() {
                    problem("omvang", "Een afgewezen product heeft geen omvang.".into());
                }
            }
            Outcome::Granted => {
                if l.start.is_none() {
                    problem("begindatum", "Geef de begindatum.".into());
                }
                if self.kind == DecisionKind::Temporary && l.end.is_none() {
                    problem(
                        "einddatum",
                        "Een tijdelijke voorziening heeft altijd een einddatum.".into(),
                    );
                }
                match l.amount {
                    None => problem(
                        "omvang",
                        "Geef de omvang (hoeveel, eenheid, hoe vaak) of een budget.".into(),
                    ),
                    Some(Amount::Volume {
                        quantity,
                        frequency,
                        ..
                    }) => {
                        if quantity == 0 {
                            problem("omvang", "De omvang is meer dan 0.".into());
                        }
                        if frequency == Frequency::Total && l.end.is_none() {
                            problem(
                                "einddatum",
                                "Een totaal geldt voor een periode: geef de einddatum.".into(),
                            );
                        }
                    }
                    Some(Amount::Budget { cents }) => {
                        if cents <= 0 {
                            problem("budget", "Het budget is meer dan € 0.".into());
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    use crate::maatwerk::codes::category;

    pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    pub(crate) fn household_help() -> Line {
        let three_hours = Amount::Volume {
            quantity: 3,
            unit: Unit::Hour,
            frequency: Frequency::PerWeek,
        };
        let reasoning = "Mevrouw kan door haar heup het huis niet meer schoonhouden.";
        let l = Line::in_kind(
            category(Law::Wmo, "01").unwrap(),
            three_hours,
            (Some(d(3, 16)), Some(d(12, 31))),
            reasoning,
        );
        Line {
            product: Some(ProductCode::parse("01A01").unwrap()),
            ..l
        }
    }

    fn draft(kind: DecisionKind, lines: Vec<Line>) -> DecisionDraft {
        DecisionDraft {
            law: Law::Wmo,
            kind,
            replaces: kind.replaces_earlier().then_some(7),
            lines,
        }
    }

    fn fields(d: &DecisionDraft) -> Vec<(Option<usize>, &'static str)> {
        d.problems().iter().map(|p| (p.line, p.field)).collect()
    }

    /// A refused wheelchair, with `reasoning`.
    pub(crate) fn refused_wheelchair(reasoning: &str) -> Line {
        Line::refused(category(Law::Wmo, "11").unwrap(), reasoning)
    }

    #[test]
    fn a_complete_grant_and_refusal_can_be_sent() {
        let refused =
            refused_wheelchair("Een rolstoel uit de uitleen van de thuiszorg is voldoende.");
        let ok = draft(DecisionKind::First, vec![household_help(), refused]);
        assert_eq!(ok.problems(), vec![]);
    }

    #[test]
    fn every_product_needs_its_reasoning_amount_and_dates() {
        let mut l = household_help();
        l.reasoning = "Nodig.".into();
        l.amount = None;
        l.start = None;
        assert_eq!(
            fields(&draft(DecisionKind::First, vec![l])),
            vec![
                (Some(1), "motivering"),
                (Some(1), "begindatum"),
                (Some(1), "omvang")
            ]
        );
        let mut l = household_help();
        l.end = Some(d(3, 1));
        assert_eq!(
            fields(&draft(DecisionKind::First, vec![l])),
            vec![(Some(1), "einddatum")]
        );
        let mut l = household_help();
        l.amount = Some(Amount::Budget { cents: 0 });
        l.delivery = Delivery::PersonalBudget;
        assert_eq!(
            fields(&draft(DecisionKind::First, vec![l])),
            vec![(Some(1), "budget")]
        );
        assert_eq!(
            fields(&draft(DecisionKind::First, vec![])),
            vec![(None, "producten")]
        );
    }

    #[test]
    fn a_category_of_another_law_is_refused() {
        let mut l = household_help();
        l.category = category(Law::Jeugdwet, "45").unwrap();
        let p = draft(DecisionKind::First, vec![l]).problems();
        assert_eq!(p.len(), 1);
        assert!(p[0].reason.contains("Jeugdwet"), "{}", p[0].reason);
    }

    #[test]
    fn a_temporary_provision_always_ends_and_a_total_needs_a_period() {
        let mut l = household_help();
        l.end = None;
        assert_eq!(
            fields(&draft(DecisionKind::Temporary, vec![l.clone()])),
            vec![(Some(1), "einddatum")]
        );
        l.amount = Some(Amount::Volume {
            quantity: 40,
            unit: Unit::Hour,
            frequency: Frequency::Total,
        });
        assert_eq!(
            fields(&draft(DecisionKind::First, vec![l])),
            vec![(Some(1), "einddatum")]
        );
    }

    #[test]
    fn changes_and_endings_name_the_decision_they_replace() {
        let mut change = draft(DecisionKind::Change, vec![household_help()]);
        assert_eq!(change.problems(), vec![]);
        change.replaces = None;
        assert_eq!(fields(&change), vec![(None, "vervangt")]);
        let mut first = draft(DecisionKind::First, vec![household_help()]);
        first.replaces = Some(3);
        assert_eq!(fields(&first), vec![(None, "vervangt")]);
        // A revocation needs only the day support stops.
        let mut stop = household_help();
        stop.amount = None;
        stop.end = None;
        assert_eq!(
            fields(&draft(DecisionKind::Revocation, vec![stop.clone()])),
            vec![(Some(1), "einddatum")]
        );
        stop.end = Some(d(6, 30));
        assert_eq!(
            draft(DecisionKind::Revocation, vec![stop]).problems(),
            vec![]
        );
    }

    #[test]
    fn amounts_read_as_people_say_them() {
        let v = Amount::Volume {
            quantity: 3,
            unit: Unit::Hour,
            frequency: Frequency::PerWeek,
        };
        assert_eq!(v.to_string(), "3 uur per week");
        assert_eq!(Amount::Budget { cents: 123_405 }.to_string(), "€ 1234,05");
    }
}
