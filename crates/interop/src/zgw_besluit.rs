//! A sent maatwerk decision in the shape of the `Besluit` resource of the ZGW
//! Besluiten API 1.0 (VNG), so a municipality's case systems can read
//! Kompas's decisions as they read their own. Only sent decisions have this
//! shape: a draft is internal.
//!
//! How the fields are filled:
//! - `identificatie`: the reference the resident quotes (`letter::reference`).
//! - `verantwoordelijkeOrganisatie`: ZGW wants the RSIN of the municipality,
//!   which Kompas does not keep; it carries the CBS code (`GM0363`) instead.
//! - `besluittype`: a URN naming law and kind
//!   (`urn:kompas:besluittype:wmo:eerste`); Kompas has no catalogue (ZTC).
//! - `datum` and `verzenddatum`: the day it was sent (the decision is taken
//!   when it is made known); `uiterlijkeReactiedatum`: the last day to object
//!   (Awb 6:7, `terms::objection_until`).
//! - `ingangsdatum`: the earliest start of its products, or the day it was
//!   sent when no product has a start (a refusal, an ending).
//! - `vervaldatum`/`vervalreden`: when a later sent decision revoked it
//!   (`intrekking`: `ingetrokken_overheid`) or ended it (`beeindiging`, which
//!   Kompas makes at the resident's request or when their situation changed:
//!   `ingetrokken_belanghebbende`), the day support stopped; otherwise the
//!   latest end of its granted products when every one of them ends
//!   (`tijdelijk`), and none when support runs on.
//! - `kompas`: what ZGW has no field for (law, kind, the decision it replaces
//!   and its products), kept apart from the ZGW fields.

use chrono::NaiveDate;
use kompas_domain::maatwerk::decision::{Amount, DecisionDraft, DecisionKind, Outcome};
use kompas_domain::maatwerk::letter::reference;
use kompas_domain::maatwerk::terms::objection_until;
use serde::Serialize;
use utoipa::ToSchema;

/// The college decides on maatwerk (Wmo 2015 art. 2.3.5, Jeugdwet art. 2.3).
pub const BESTUURSORGAAN: &str = "college van burgemeester en wethouders";

/// A sent decision and what the mapping needs beside it.
#[derive(Debug, Clone, Copy)]
pub struct SentDecision<'a> {
    pub id: i64,
    pub draft: &'a DecisionDraft,
    pub sent_on: NaiveDate,
    /// The municipality's CBS code (`GM0363`).
    pub municipality_code: &'a str,
    /// A later sent decision that revoked or ended this one: its kind and
    /// the day support stopped.
    pub ended_by: Option<(DecisionKind, NaiveDate)>,
}

/// Why a decision stops having effect (ZGW `vervalreden`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Vervalreden {
    /// Besluit met tijdelijke werking.
    Tijdelijk,
    /// Besluit ingetrokken door overheid.
    IngetrokkenOverheid,
    /// Besluit ingetrokken o.v.v. belanghebbende.
    IngetrokkenBelanghebbende,
}

impl Vervalreden {
    /// ZGW's `vervalredenWeergave`.
    pub fn weergave(self) -> &'static str {
        match self {
            Vervalreden::Tijdelijk => "Besluit met tijdelijke werking",
            Vervalreden::IngetrokkenOverheid => "Besluit ingetrokken door overheid",
            Vervalreden::IngetrokkenBelanghebbende => "Besluit ingetrokken o.v.v. belanghebbende",
        }
    }
}

/// A decision as the ZGW Besluiten API's `Besluit`, with Kompas's products apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Besluit {
    /// Where this decision is read.
    pub url: String,
    #[schema(example = "WMO-000042")]
    pub identificatie: String,
    /// The CBS code of the municipality (Kompas does not know its RSIN).
    #[schema(example = "GM0363")]
    pub verantwoordelijke_organisatie: String,
    #[schema(example = "urn:kompas:besluittype:wmo:eerste")]
    pub besluittype: String,
    /// The day the decision was taken and made known (YYYY-MM-DD).
    #[schema(value_type = String, format = Date)]
    pub datum: NaiveDate,
    pub toelichting: String,
    #[schema(example = "college van burgemeester en wethouders")]
    pub bestuursorgaan: String,
    #[schema(value_type = String, format = Date)]
    pub ingangsdatum: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub vervaldatum: Option<NaiveDate>,
    pub vervalreden: Option<Vervalreden>,
    pub vervalreden_weergave: String,
    /// Decisions on individual support are not published.
    #[schema(value_type = Option<String>, format = Date)]
    pub publicatiedatum: Option<NaiveDate>,
    #[schema(value_type = String, format = Date)]
    pub verzenddatum: NaiveDate,
    /// The last day to object (Awb 6:7): six weeks after sending.
    #[schema(value_type = String, format = Date)]
    pub uiterlijke_reactiedatum: NaiveDate,
    /// Not part of ZGW: Kompas's own facts of the decision.
    pub kompas: KompasBesluit,
}

/// What a decision is about, in Kompas's terms (no ZGW field holds it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KompasBesluit {
    /// `wmo`, `jeugdwet` or `participatiewet`.
    #[schema(example = "wmo")]
    pub wet: String,
    /// `eerste`, `tijdelijk`, `wijziging`, `verlenging`, `intrekking`, `beeindiging`.
    #[schema(example = "eerste")]
    pub soort: String,
    /// The `identificatie` of the decision this one replaces.
    pub vervangt: Option<String>,
    pub producten: Vec<Product>,
}

/// One product of a decision, with the iWmo/iJw codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// The product category (WMO020 / JZ020).
    #[schema(example = "01")]
    pub categorie: String,
    #[schema(example = "Hulp bij het huishouden")]
    pub categorie_naam: String,
    pub productcode: Option<String>,
    /// `toegekend` or `afgewezen`.
    #[schema(example = "toegekend")]
    pub uitkomst: String,
    /// How much care: quantity, unit (WJ756) and frequency (WMO757/JZ757).
    pub omvang: Option<Omvang>,
    /// A personal budget, in whole eurocents.
    pub budget_eurocent: Option<i64>,
    /// `natura` or `pgb`.
    #[schema(example = "natura")]
    pub leveringsvorm: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub begindatum: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub einddatum: Option<NaiveDate>,
}

/// An amount of care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Omvang {
    pub volume: u32,
    /// WJ756 code, e.g. `04` (uur).
    #[schema(example = "04")]
    pub eenheid: String,
    /// WMO757/JZ757 code, e.g. `2` (per week).
    #[schema(example = "2")]
    pub frequentie: String,
}

/// A list of decisions, a page at a time (as ZGW lists, without a count):
/// `next` is the URL of the next page, or null on the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BesluitPage {
    pub next: Option<String>,
    pub results: Vec<Besluit>,
}

/// The URN of a decision's type: law and kind.
pub fn besluittype(d: &DecisionDraft) -> String {
    format!("urn:kompas:besluittype:{}:{}", d.law.code(), d.kind.code())
}

/// When and why a decision stops having effect; see the module's notes.
fn expiry(s: &SentDecision<'_>) -> (Option<NaiveDate>, Option<Vervalreden>) {
    match s.ended_by {
        Some((DecisionKind::Revocation, on)) => {
            return (Some(on), Some(Vervalreden::IngetrokkenOverheid))
        }
        Some((DecisionKind::Expiry, on)) => {
            return (Some(on), Some(Vervalreden::IngetrokkenBelanghebbende))
        }
        _ => {}
    }
    if s.draft.kind.only_ends() {
        return (None, None);
    }
    let granted: Vec<Option<NaiveDate>> = s
        .draft
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Granted)
        .map(|l| l.end)
        .collect();
    match granted.iter().copied().collect::<Option<Vec<NaiveDate>>>() {
        Some(ends) => match ends.into_iter().max() {
            Some(last) => (Some(last), Some(Vervalreden::Tijdelijk)),
            None => (None, None),
        },
        None => (None, None),
    }
}

/// The decision as a ZGW `Besluit`; `url` is where it is read.
pub fn to_besluit(s: &SentDecision<'_>, url: String) -> Besluit {
    let d = s.draft;
    let (vervaldatum, vervalreden) = expiry(s);
    let ingangsdatum = d
        .lines
        .iter()
        .filter_map(|l| l.start)
        .min()
        .unwrap_or(s.sent_on);
    let toelichting = d
        .lines
        .iter()
        .map(|l| format!("{}: {}", l.category.name, l.reasoning.trim()))
        .collect::<Vec<_>>()
        .join("\n");
    Besluit {
        url,
        identificatie: reference(d.law, s.id),
        verantwoordelijke_organisatie: s.municipality_code.to_string(),
        besluittype: besluittype(d),
        datum: s.sent_on,
        toelichting,
        bestuursorgaan: BESTUURSORGAAN.into(),
        ingangsdatum,
        vervaldatum,
        vervalreden,
        vervalreden_weergave: vervalreden.map_or("", Vervalreden::weergave).into(),
        publicatiedatum: None,
        verzenddatum: s.sent_on,
        uiterlijke_reactiedatum: objection_until(s.sent_on),
        kompas: KompasBesluit {
            wet: d.law.code().into(),
            soort: d.kind.code().into(),
            vervangt: d.replaces.map(|r| reference(d.law, r)),
            producten: d
                .lines
                .iter()
                .map(|l| {
                    let (omvang, budget_eurocent) = match l.amount {
                        Some(Amount::Volume {
                            quantity,
                            unit,
                            frequency,
                        }) => (
                            Some(Omvang {
                                volume: quantity,
                                eenheid: unit.code().into(),
                                frequentie: frequency.code().into(),
                            }),
                            None,
                        ),
                        Some(Amount::Budget { cents }) => (None, Some(cents)),
                        None => (None, None),
                    };
                    Product {
                        categorie: l.category.code.into(),
                        categorie_naam: l.category.name.into(),
                        productcode: l.product.as_ref().map(|p| p.as_str().to_string()),
                        uitkomst: l.outcome.code().into(),
                        omvang,
                        budget_eurocent,
                        leveringsvorm: l.delivery.code().into(),
                        begindatum: l.start,
                        einddatum: l.end,
                    }
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::maatwerk::codes::{category, Frequency, ProductCode, Unit};
    use kompas_domain::maatwerk::decision::{Delivery, Line};
    use kompas_domain::maatwerk::Law;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn help(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Line {
        let amount = Amount::Volume {
            quantity: 3,
            unit: Unit::Hour,
            frequency: Frequency::PerWeek,
        };
        let l = Line::in_kind(
            category(Law::Wmo, "01").unwrap(),
            amount,
            (start, end),
            "Schoonmaken lukt niet meer door de heup.",
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

    fn map(draft: &DecisionDraft, ended_by: Option<(DecisionKind, NaiveDate)>) -> Besluit {
        let s = SentDecision {
            id: 42,
            draft,
            sent_on: d(4, 2),
            municipality_code: "GM0363",
            ended_by,
        };
        to_besluit(
            &s,
            "https://kompas.example/api/v1/maatwerk/besluiten/42".into(),
        )
    }

    #[test]
    fn a_grant_has_the_zgw_dates_and_names() {
        let mut budget = help(Some(d(4, 1)), Some(d(12, 31)));
        budget.amount = Some(Amount::Budget { cents: 120_000 });
        budget.delivery = Delivery::PersonalBudget;
        budget.start = Some(d(4, 15));
        let draft = draft(
            DecisionKind::First,
            vec![help(Some(d(4, 6)), Some(d(9, 30))), budget],
        );
        let b = map(&draft, None);
        assert_eq!(b.identificatie, "WMO-000042");
        assert_eq!(b.verantwoordelijke_organisatie, "GM0363");
        assert_eq!(b.besluittype, "urn:kompas:besluittype:wmo:eerste");
        assert_eq!((b.datum, b.verzenddatum), (d(4, 2), d(4, 2)));
        assert_eq!(b.ingangsdatum, d(4, 6), "the earliest start");
        assert_eq!(b.vervaldatum, Some(d(12, 31)), "the latest end");
        assert_eq!(b.vervalreden, Some(Vervalreden::Tijdelijk));
        // Six weeks after 2 April 2026 is 14 May, Ascension Day: the
        // Algemene termijnenwet moves it to Friday 15 May.
        assert_eq!(b.uiterlijke_reactiedatum, d(5, 15));
        assert_eq!(b.bestuursorgaan, BESTUURSORGAAN);
        assert!(b
            .toelichting
            .starts_with("Hulp bij het huishouden: Schoonmaken"));
        let json = serde_json::to_value(&b).unwrap();
        for key in [
            "url",
            "identificatie",
            "verantwoordelijkeOrganisatie",
            "besluittype",
            "datum",
            "toelichting",
            "bestuursorgaan",
            "ingangsdatum",
            "vervaldatum",
            "vervalreden",
            "verzenddatum",
            "uiterlijkeReactiedatum",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(json["vervalreden"], "tijdelijk");
        assert_eq!(json["datum"], "2026-04-02");
        let products = &json["kompas"]["producten"];
        assert_eq!(products[0]["omvang"]["eenheid"], "04");
        assert_eq!(products[1]["budgetEurocent"], 120_000);
        assert_eq!(products[1]["leveringsvorm"], "pgb");
    }

    #[test]
    fn support_that_runs_on_has_no_vervaldatum_and_a_refusal_starts_when_sent() {
        let open_ended = draft(
            DecisionKind::First,
            vec![
                help(Some(d(4, 6)), Some(d(9, 30))),
                help(Some(d(4, 6)), None),
            ],
        );
        let b = map(&open_ended, None);
        assert_eq!((b.vervaldatum, b.vervalreden), (None, None));
        assert_eq!(
            serde_json::to_value(&b).unwrap()["vervalreden"],
            serde_json::Value::Null
        );
        let mut refused = help(None, None);
        refused.outcome = Outcome::Refused;
        refused.amount = None;
        let b = map(&draft(DecisionKind::First, vec![refused]), None);
        assert_eq!(b.ingangsdatum, d(4, 2));
        assert_eq!(b.vervaldatum, None);
    }

    #[test]
    fn a_revoked_or_ended_decision_says_who_withdrew_it() {
        let first = draft(DecisionKind::First, vec![help(Some(d(4, 6)), None)]);
        let b = map(&first, Some((DecisionKind::Revocation, d(6, 30))));
        assert_eq!(b.vervaldatum, Some(d(6, 30)));
        assert_eq!(b.vervalreden, Some(Vervalreden::IngetrokkenOverheid));
        assert_eq!(
            serde_json::to_value(&b).unwrap()["vervalreden"],
            "ingetrokken_overheid"
        );
        let b = map(&first, Some((DecisionKind::Expiry, d(7, 31))));
        assert_eq!(b.vervalreden, Some(Vervalreden::IngetrokkenBelanghebbende));
        // The revocation itself only ends support: it does not expire.
        let mut stop = help(None, Some(d(6, 30)));
        stop.amount = None;
        let revocation = draft(DecisionKind::Revocation, vec![stop]);
        let b = map(&revocation, None);
        assert_eq!((b.vervaldatum, b.vervalreden), (None, None));
        assert_eq!(b.kompas.vervangt.as_deref(), Some("WMO-000007"));
        assert_eq!(b.kompas.soort, "intrekking");
    }
}
