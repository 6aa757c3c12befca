//! The decision letter (*beschikking*) as the resident reads it: built from a
//! decision and the municipality's texts for that law, in plain Dutch. One
//! `Letter` feeds both the printable page and the stored PDF, so the two
//! never say different things.
//!
//! A municipality may replace the standard texts per law (legal basis, the
//! objection clause and where objections go); placeholders in braces are
//! filled in here: `{gemeente}`, `{kenmerk}`, `{bezwaar_tot}`, `{adres}`.

use super::decision::{DecisionDraft, DecisionKind, Line, Outcome};
use super::terms::objection_until;
use super::Law;
use crate::dutch_time::long_date;
use chrono::NaiveDate;
use serde::Serialize;

/// The parts of a decision letter a municipality words itself, per law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterTexts {
    /// The legal basis (Awb 3:46: which rules the decision rests on).
    pub legal_basis: String,
    /// How to object: who, where, within six weeks (Awb 6:7).
    pub objection: String,
    /// The postal address objections go to; may be empty until set.
    pub address: String,
}

/// Texts longer than this are not a paragraph of a letter.
pub const MAX_TEXT: usize = 2_000;

impl LetterTexts {
    /// The standard wording Kompas ships, for a municipality that has not
    /// written its own.
    pub fn standard(law: Law) -> LetterTexts {
        let legal_basis = match law {
            Law::Wmo => {
                "Wij hebben dit besluit genomen op grond van de Wet maatschappelijke \
                ondersteuning 2015 (artikelen 2.3.2 tot en met 2.3.5) en de verordening \
                maatschappelijke ondersteuning van de gemeente {gemeente}."
            }
            Law::Jeugdwet => {
                "Wij hebben dit besluit genomen op grond van de Jeugdwet (artikel 2.3) \
                en de verordening jeugdhulp van de gemeente {gemeente}."
            }
            Law::Participatiewet => {
                "Wij hebben dit besluit genomen op grond van de \
                Participatiewet en de verordeningen van de gemeente {gemeente} die daarbij horen."
            }
        };
        LetterTexts {
            legal_basis: legal_basis.to_string(),
            objection: "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Doe dat \
                binnen zes weken na de datum van deze brief, dus uiterlijk {bezwaar_tot}. Stuur \
                een brief aan het college van burgemeester en wethouders van {gemeente}{adres}. \
                Zet in uw brief uw naam en adres, de datum, het kenmerk van dit besluit \
                ({kenmerk}), waarom u het er niet mee eens bent, en uw handtekening. Wilt u eerst \
                met ons praten? Bel of mail ons gerust: vaak lossen we het samen op. Heeft u \
                het besluit heel snel nodig? Dan kunt u de rechter om een voorlopige \
                voorziening vragen."
                .to_string(),
            address: String::new(),
        }
    }

    /// What is wrong with texts an editor wrote, per field.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, text) in [
            ("wettelijke grondslag", &self.legal_basis),
            ("bezwaarclausule", &self.objection),
            ("adres", &self.address),
        ] {
            if text.chars().count() > MAX_TEXT {
                out.push((field, format!("is langer dan {MAX_TEXT} tekens")));
            }
        }
        if self.legal_basis.trim().is_empty() {
            out.push(("wettelijke grondslag", "mag niet leeg zijn".into()));
        }
        // Awb 6:7 and 3:45: the letter must say that, and how long, one can object.
        if !self.objection.contains("{bezwaar_tot}") {
            out.push((
                "bezwaarclausule",
                "moet {bezwaar_tot} bevatten: de laatste dag om bezwaar te maken".into(),
            ));
        }
        out
    }
}

/// What the letter says about the decision beyond the draft itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFacts {
    pub municipality: String,
    pub decision_id: i64,
    /// The person the decision is about, when known.
    pub recipient: Option<String>,
    /// The day it was sent; `None` for a draft.
    pub sent_on: Option<NaiveDate>,
    /// The reference of the decision this one replaces.
    pub replaces: Option<i64>,
}

/// A decision's reference as the resident quotes it: law and number.
pub fn reference(law: Law, decision_id: i64) -> String {
    let prefix = match law {
        Law::Wmo => "WMO",
        Law::Jeugdwet => "JW",
        Law::Participatiewet => "PW",
    };
    format!("{prefix}-{decision_id:06}")
}

/// One product as the letter lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductBlock {
    pub heading: String,
    /// Label and value, in the order the resident reads them.
    pub facts: Vec<(&'static str, String)>,
    pub reasoning: String,
}

/// A decision letter, ready to print or to write as a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub municipality: String,
    pub title: String,
    pub reference: String,
    /// "Datum: …", or that it is a draft.
    pub date_line: String,
    pub salutation: String,
    pub intro: String,
    pub products: Vec<ProductBlock>,
    pub legal_basis: String,
    pub objection: String,
    pub closing: String,
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

fn intro(kind: DecisionKind, replaced: Option<&str>) -> String {
    let earlier = replaced
        .map(|r| format!(" (kenmerk {r})"))
        .unwrap_or_default();
    match kind {
        DecisionKind::First => "U heeft ons om ondersteuning gevraagd. In deze brief leest u wat \
            wij hebben besloten, en waarom."
            .to_string(),
        DecisionKind::Temporary => "U heeft nu dringend hulp nodig. Daarom krijgt u die hulp al, \
            voordat ons onderzoek klaar is. Deze hulp is tijdelijk. Als het onderzoek klaar is, \
            krijgt u van ons een nieuw besluit."
            .to_string(),
        DecisionKind::Change => {
            format!("Wij veranderen ons eerdere besluit{earlier}. Hieronder staat wat er nu geldt.")
        }
        DecisionKind::Extension => {
            format!("Wij verlengen de ondersteuning uit ons eerdere besluit{earlier}.")
        }
        DecisionKind::Revocation => format!(
            "Wij trekken ons eerdere besluit{earlier} in. Hieronder leest u vanaf wanneer, en waarom."
        ),
        DecisionKind::Expiry => format!(
            "De ondersteuning uit ons eerdere besluit{earlier} stopt. Hieronder leest u vanaf \
             wanneer, en waarom."
        ),
    }
}

fn product_block(n: usize, l: &Line, kind: DecisionKind) -> ProductBlock {
    let what = l
        .product
        .as_ref()
        .map(|p| format!(" (product {})", p.as_str()))
        .unwrap_or_default();
    let mut facts = vec![(
        "Besluit",
        match (kind.only_ends(), l.outcome) {
            (true, _) => "Stopt".to_string(),
            (false, Outcome::Granted) => "U krijgt dit".to_string(),
            (false, Outcome::Refused) => "U krijgt dit niet".to_string(),
        },
    )];
    if l.outcome == Outcome::Granted && !kind.only_ends() {
        if let Some(a) = l.amount {
            facts.push(("Hoeveel", a.to_string()));
        }
        facts.push(("Hoe", l.delivery.label_nl().to_string()));
        if let Some(s) = l.start {
            facts.push(("Vanaf", long_date(s)));
        }
    }
    if let Some(e) = l.end {
        facts.push((
            if kind.only_ends() {
                "Laatste dag"
            } else {
                "Tot en met"
            },
            long_date(e),
        ));
    }
    ProductBlock {
        heading: format!("{n}. {}{what}", l.category.name),
        facts,
        reasoning: l.reasoning.trim().to_string(),
    }
}

/// Builds the letter for a decision.
pub fn compose(draft: &DecisionDraft, texts: &LetterTexts, facts: &LetterFacts) -> Letter {
    let reference = reference(draft.law, facts.decision_id);
    let replaced = facts.replaces.map(|r| self::reference(draft.law, r));
    let until = facts
        .sent_on
        .map(|d| long_date(objection_until(d)))
        .unwrap_or_else(|| "zes weken na de datum van verzending".to_string());
    let address = match texts.address.trim() {
        "" => String::new(),
        a => format!(", {a}"),
    };
    let vars = [
        ("gemeente", facts.municipality.as_str()),
        ("kenmerk", reference.as_str()),
        ("bezwaar_tot", until.as_str()),
        ("adres", address.as_str()),
    ];
    Letter {
        municipality: facts.municipality.clone(),
        title: format!(
            "Besluit {}: {}",
            draft.law.label_nl(),
            draft.kind.label_nl().to_lowercase()
        ),
        date_line: match facts.sent_on {
            Some(d) => format!("Datum: {}", long_date(d)),
            None => "Concept: nog niet verstuurd".to_string(),
        },
        salutation: match &facts.recipient {
            Some(name) => format!("Beste {name},"),
            None => "Beste inwoner,".to_string(),
        },
        intro: intro(draft.kind, replaced.as_deref()),
        products: draft
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| product_block(i + 1, l, draft.kind))
            .collect(),
        legal_basis: fill(&texts.legal_basis, &vars),
        objection: fill(&texts.objection, &vars),
        closing: format!(
            "Met vriendelijke groet,\nhet college van burgemeester en wethouders van {}",
            facts.municipality
        ),
        reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maatwerk::decision::tests::{household_help, refused_wheelchair};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn draft(kind: DecisionKind) -> DecisionDraft {
        DecisionDraft {
            law: Law::Wmo,
            kind,
            replaces: kind.replaces_earlier().then_some(7),
            lines: vec![
                Line {
                    start: Some(d("2026-03-02")),
                    end: Some(d("2027-03-01")),
                    ..household_help()
                },
                refused_wheelchair("Een rollator uit de uitleen past beter bij wat u nodig heeft."),
            ],
        }
    }

    fn facts(sent_on: Option<NaiveDate>) -> LetterFacts {
        LetterFacts {
            municipality: "Wilgendaal".into(),
            decision_id: 42,
            recipient: Some("mevrouw Tromp".into()),
            sent_on,
            replaces: Some(7),
        }
    }

    #[test]
    fn a_sent_letter_names_the_last_day_to_object_and_fills_every_placeholder() {
        let mut texts = LetterTexts::standard(Law::Wmo);
        texts.address = "Postbus 100, 9999 ZZ Wilgendaal".into();
        let l = compose(
            &draft(DecisionKind::First),
            &texts,
            &facts(Some(d("2026-03-02"))),
        );
        assert_eq!(l.reference, "WMO-000042");
        assert_eq!(l.date_line, "Datum: maandag 2 maart 2026");
        // Six weeks after sending (Awb 6:7, 6:8).
        assert!(
            l.objection.contains("uiterlijk maandag 13 april 2026"),
            "{}",
            l.objection
        );
        assert!(l
            .objection
            .contains("van Wilgendaal, Postbus 100, 9999 ZZ Wilgendaal."));
        assert!(l.objection.contains("(WMO-000042)"));
        assert!(l.legal_basis.contains("gemeente Wilgendaal"));
        for text in [&l.objection, &l.legal_basis] {
            assert!(!text.contains('{'), "placeholder left: {text}");
        }
        assert_eq!(l.salutation, "Beste mevrouw Tromp,");
    }

    #[test]
    fn each_product_says_granted_or_refused_with_its_own_reasons() {
        let l = compose(
            &draft(DecisionKind::First),
            &LetterTexts::standard(Law::Wmo),
            &facts(None),
        );
        assert_eq!(l.date_line, "Concept: nog niet verstuurd");
        assert!(l.objection.contains("zes weken na de datum van verzending"));
        let granted = &l.products[0];
        assert_eq!(
            granted.heading,
            "1. Hulp bij het huishouden (product 01A01)"
        );
        assert!(granted.facts.contains(&("Besluit", "U krijgt dit".into())));
        assert!(granted
            .facts
            .contains(&("Hoeveel", "3 uur per week".into())));
        assert!(granted
            .facts
            .contains(&("Tot en met", "maandag 1 maart 2027".into())));
        let refused = &l.products[1];
        assert!(refused
            .facts
            .contains(&("Besluit", "U krijgt dit niet".into())));
        assert!(!refused.facts.iter().any(|(k, _)| *k == "Hoeveel"));
        assert!(refused.reasoning.contains("rollator"));
    }

    #[test]
    fn a_revocation_names_the_decision_it_ends_and_its_last_day() {
        let l = compose(
            &draft(DecisionKind::Revocation),
            &LetterTexts::standard(Law::Wmo),
            &facts(Some(d("2026-06-01"))),
        );
        assert!(l.intro.contains("(kenmerk WMO-000007)"));
        assert!(l.products[0].facts.contains(&("Besluit", "Stopt".into())));
        assert!(l.products[0]
            .facts
            .contains(&("Laatste dag", "maandag 1 maart 2027".into())));
    }

    #[test]
    fn texts_without_the_objection_term_are_refused() {
        let mut t = LetterTexts::standard(Law::Jeugdwet);
        assert!(t.problems().is_empty());
        t.objection = "Bezwaar kan.".into();
        t.legal_basis = " ".into();
        let p = t.problems();
        assert!(p.iter().any(|(f, _)| *f == "bezwaarclausule"));
        assert!(p.iter().any(|(f, _)| *f == "wettelijke grondslag"));
    }
}
