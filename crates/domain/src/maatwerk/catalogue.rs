//! The catalogue of what a municipality can grant: providers (name, AGB code,
//! KvK number), products (a product code within a WMO020/JZ020 category of a
//! law, with its funding variant, unit and frequency) and contracts (a
//! provider's tariff per unit of a product for a period).
//!
//! Forms and CSV rows arrive as text; each draft turns its text into a checked
//! value or into every problem at once, per field, in plain Dutch.

use super::codes::{self, Frequency, ProductCategory, ProductCode, Unit};
use super::Law;
use crate::directory::offer::code_enum;
use crate::directory::FieldError;
use crate::dutch_time::parse_date;
use crate::toegang::arrears::Cents;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Exactly `n` digits, after removing spaces and dots people type for
/// readability ("1234 5678", "12.34.56.78").
fn digits(raw: &str, n: usize) -> Option<String> {
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    (t.len() == n && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// An AGB code (Vektis register of care providers): eight digits. The
/// register knows which codes exist; Kompas only reads the shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AgbCode(String);

impl AgbCode {
    pub fn parse(raw: &str) -> Result<AgbCode, String> {
        digits(raw, 8)
            .map(AgbCode)
            .ok_or_else(|| "Een AGB-code heeft 8 cijfers, bijvoorbeeld 98765432.".to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A KvK number (Kamer van Koophandel): eight digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct KvkNumber(String);

impl KvkNumber {
    pub fn parse(raw: &str) -> Result<KvkNumber, String> {
        digits(raw, 8)
            .map(KvkNumber)
            .ok_or_else(|| "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678.".to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KvkNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

code_enum!(
    /// The funding variant (uitvoeringsvariant) of a product (iJw/iWmo OP261).
    Variant, "onbekende uitvoeringsvariant '{}'; kies inspanning, output of taak", {
    Effort => ("inspanning", "Inspanningsgericht"),
    Output => ("output", "Outputgericht"),
    Task => ("taak", "Taakgericht"),
});

impl Variant {
    /// The units the variant allocates in. Effort and output: the rows of the
    /// standard's table "Toewijzingsvarianten inspanningsgericht /
    /// outputgericht". The table has no task-based rows: there the provider
    /// gets an amount agreed beforehand for a period (process description
    /// iJw 3.2, §3.2), so a task-based product is counted in euros.
    pub fn units(self) -> &'static [Unit] {
        match self {
            Variant::Effort => &[
                Unit::Minute,
                Unit::Hour,
                Unit::DayPart,
                Unit::DayAndNight,
                Unit::PiecesEffort,
            ],
            Variant::Output => &[Unit::PiecesOutput, Unit::Euros],
            Variant::Task => &[Unit::Euros],
        }
    }

    /// Whether the standard allows this unit with this frequency in this
    /// variant. Per day is allowed only for minutes, hours and pieces
    /// (output); amounts in euros run per week, per month or in total.
    pub fn allows(self, unit: Unit, frequency: Frequency) -> bool {
        let per_day = matches!(unit, Unit::Minute | Unit::Hour | Unit::PiecesOutput);
        self.units().contains(&unit) && (frequency != Frequency::PerDay || per_day)
    }
}

/// A checked provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provider {
    pub name: String,
    pub agb: AgbCode,
    pub kvk: Option<KvkNumber>,
}

/// A provider as typed in a form or a CSV row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderDraft {
    pub name: String,
    pub agb: String,
    pub kvk: String,
}

/// The longest name of a provider or product.
pub const MAX_NAME: usize = 200;

fn name(raw: &str, what: &str, out: &mut Vec<FieldError>) -> String {
    let n = raw.trim();
    if n.is_empty() {
        out.push(problem("naam", format!("Geef de naam van {what}.")));
    } else if n.chars().count() > MAX_NAME {
        out.push(problem(
            "naam",
            format!("Een naam is hoogstens {MAX_NAME} tekens."),
        ));
    }
    n.to_string()
}

fn problem(field: &'static str, reason: impl Into<String>) -> FieldError {
    FieldError {
        field,
        reason: reason.into(),
    }
}

/// `Some(value)`, or `None` with the reason recorded for `field`.
fn field<T>(field: &'static str, r: Result<T, String>, out: &mut Vec<FieldError>) -> Option<T> {
    r.map_err(|reason| out.push(problem(field, capitalised(&reason))))
        .ok()
}

/// The code lists' messages start in lower case; a form shows sentences.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A period from..until (until optional, not before from).
fn period(
    from: &str,
    until: &str,
    out: &mut Vec<FieldError>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let from = match parse_date(from) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            out.push(problem("geldig_van", "Geef de eerste dag."));
            None
        }
        Err(()) => {
            out.push(problem(
                "geldig_van",
                "Schrijf de datum als 31-12-2026 of 2026-12-31.",
            ));
            None
        }
    };
    let until = match parse_date(until) {
        Ok(d) => Some(d),
        Err(()) => {
            out.push(problem(
                "geldig_tot",
                "Schrijf de datum als 31-12-2026 of 2026-12-31, of laat het veld leeg.",
            ));
            None
        }
    };
    let (from, until) = (from?, until?);
    if until.is_some_and(|u| u < from) {
        out.push(problem(
            "geldig_tot",
            "De laatste dag ligt vóór de eerste dag.",
        ));
        return None;
    }
    Some((from, until))
}

impl ProviderDraft {
    /// The provider, or every problem.
    pub fn check(&self) -> Result<Provider, Vec<FieldError>> {
        let mut out = Vec::new();
        let name = name(&self.name, "de aanbieder", &mut out);
        let agb = field("agb", AgbCode::parse(&self.agb), &mut out);
        let kvk = match self.kvk.trim() {
            "" => Some(None),
            k => field("kvk", KvkNumber::parse(k), &mut out).map(Some),
        };
        match (agb, kvk) {
            (Some(agb), Some(kvk)) if out.is_empty() => Ok(Provider { name, agb, kvk }),
            _ => Err(out),
        }
    }

    /// Every problem, in the order of the form; empty when it can be saved.
    pub fn problems(&self) -> Vec<FieldError> {
        self.check().err().unwrap_or_default()
    }
}

/// A checked product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    pub law: Law,
    pub category: ProductCategory,
    pub code: ProductCode,
    pub name: String,
    pub variant: Variant,
    pub unit: Unit,
    pub frequency: Frequency,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// A product as typed in a form or a CSV row: codes as the standard writes
/// them (law `wmo`, category `01`, unit `04`, frequency `2`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDraft {
    pub law: String,
    pub category: String,
    pub code: String,
    pub name: String,
    pub variant: String,
    pub unit: String,
    pub frequency: String,
    pub valid_from: String,
    pub valid_until: String,
}

impl ProductDraft {
    /// The product, or every problem.
    pub fn check(&self) -> Result<Product, Vec<FieldError>> {
        let mut out = Vec::new();
        let law = field("wet", Law::parse(&self.law), &mut out);
        let category = match law {
            Some(Law::Participatiewet) => {
                out.push(problem(
                    "wet",
                    "Voor de Participatiewet zijn er nog geen productcategorieën; kies de Wmo 2015 of de Jeugdwet.",
                ));
                None
            }
            Some(law) => field("categorie", codes::category(law, &self.category), &mut out),
            None => None,
        };
        let code = field("productcode", ProductCode::parse(&self.code), &mut out);
        let name = name(&self.name, "het product", &mut out);
        let variant = field("variant", Variant::parse(&self.variant), &mut out);
        let unit = field("eenheid", Unit::parse(&self.unit), &mut out);
        let frequency = field("frequentie", Frequency::parse(&self.frequency), &mut out);
        if let (Some(v), Some(u), Some(f)) = (variant, unit, frequency) {
            if !v.units().contains(&u) {
                let allowed: Vec<&str> = v.units().iter().map(|u| u.label_nl()).collect();
                out.push(problem(
                    "eenheid",
                    format!(
                        "{} werkt niet in {}; kies {}.",
                        v.label_nl(),
                        u.label_nl(),
                        allowed.join(", ")
                    ),
                ));
            } else if !v.allows(u, f) {
                out.push(problem(
                    "frequentie",
                    format!(
                        "{} kan niet {}; kies per week, per maand of totaal.",
                        u.label_nl(),
                        f.label_nl()
                    ),
                ));
            }
        }
        let period = period(&self.valid_from, &self.valid_until, &mut out);
        match (law, category, code, variant, unit, frequency, period) {
            (
                Some(law),
                Some(category),
                Some(code),
                Some(variant),
                Some(unit),
                Some(frequency),
                Some((valid_from, valid_until)),
            ) if out.is_empty() => Ok(Product {
                law,
                category,
                code,
                name,
                variant,
                unit,
                frequency,
                valid_from,
                valid_until,
            }),
            _ => Err(out),
        }
    }

    /// Every problem, in the order of the form; empty when it can be saved.
    pub fn problems(&self) -> Vec<FieldError> {
        self.check().err().unwrap_or_default()
    }
}

/// A checked contract term: a tariff in whole eurocents per unit of the
/// product (for a product in euros: the amount per period) and a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Contract {
    pub tariff_cents: i64,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Contract {
    /// Whether the contract is in force on `day`.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        in_force(self.valid_from, self.valid_until, day)
    }
}

/// Whether a period from..until (both included) holds `day`.
pub fn in_force(from: NaiveDate, until: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && until.is_none_or(|u| day <= u)
}

/// A contract as typed: the tariff in euros (`45,50`, `€ 1.234,56`) and the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractDraft {
    pub tariff: String,
    pub valid_from: String,
    pub valid_until: String,
}

impl ContractDraft {
    /// The contract, or every problem.
    pub fn check(&self) -> Result<Contract, Vec<FieldError>> {
        let mut out = Vec::new();
        let tariff = Cents::parse(&self.tariff)
            .map_err(|e| out.push(problem("tarief", capitalised(&e.to_string()))))
            .ok();
        let period = period(&self.valid_from, &self.valid_until, &mut out);
        match (tariff, period) {
            (Some(t), Some((valid_from, valid_until))) if out.is_empty() => Ok(Contract {
                tariff_cents: t.cents(),
                valid_from,
                valid_until,
            }),
            _ => Err(out),
        }
    }

    /// Every problem, in the order of the form; empty when it can be saved.
    pub fn problems(&self) -> Vec<FieldError> {
        self.check().err().unwrap_or_default()
    }

    /// Problems of a checked contract against the product's own period: a
    /// contract cannot start before the product exists or outlast it.
    pub fn against_product(
        c: &Contract,
        product_from: NaiveDate,
        product_until: Option<NaiveDate>,
    ) -> Vec<FieldError> {
        let mut out = Vec::new();
        if c.valid_from < product_from {
            out.push(problem(
                "geldig_van",
                "Het contract begint vóór het product in de catalogus staat.",
            ));
        }
        if let Some(pu) = product_until {
            if c.valid_until.is_none_or(|u| u > pu) {
                out.push(problem(
                    "geldig_tot",
                    "Het product stopt eerder; laat het contract uiterlijk dan eindigen.",
                ));
            }
        }
        out
    }
}

/// A tariff as people read it: `€ 1.234,56`.
pub fn euros(cents: i64) -> String {
    crate::money::euros(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields(p: &[FieldError]) -> Vec<&'static str> {
        p.iter().map(|e| e.field).collect()
    }

    #[test]
    fn agb_and_kvk_are_eight_digits() {
        assert_eq!(AgbCode::parse(" 9876 5432 ").unwrap().as_str(), "98765432");
        assert_eq!(
            KvkNumber::parse("12.34.56.78").unwrap().as_str(),
            "12345678"
        );
        for bad in ["", "1234567", "123456789", "1234567A", "-1234567"] {
            assert!(AgbCode::parse(bad).is_err(), "{bad}");
            assert!(KvkNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_provider_needs_a_name_and_agb_code_and_may_lack_a_kvk_number() {
        let ok = ProviderDraft {
            name: " Thuiszorg De Linde ".into(),
            agb: "98000001".into(),
            kvk: String::new(),
        };
        let p = ok.check().unwrap();
        assert_eq!((p.name.as_str(), p.kvk), ("Thuiszorg De Linde", None));
        let bad = ProviderDraft {
            name: " ".into(),
            agb: "9800001".into(),
            kvk: "abc".into(),
        };
        assert_eq!(fields(&bad.problems()), vec!["naam", "agb", "kvk"]);
        assert!(bad.problems()[1].reason.contains("8 cijfers"));
        let long = ProviderDraft {
            name: "x".repeat(MAX_NAME + 1),
            ..ok
        };
        assert_eq!(fields(&long.problems()), vec!["naam"]);
    }

    fn household_help() -> ProductDraft {
        ProductDraft {
            law: "wmo".into(),
            category: "01".into(),
            code: "01a01".into(),
            name: "Hulp bij het huishouden".into(),
            variant: "inspanning".into(),
            unit: "04".into(),
            frequency: "2".into(),
            valid_from: "01-01-2026".into(),
            valid_until: String::new(),
        }
    }

    #[test]
    fn a_complete_product_is_checked_into_its_codes() {
        let p = household_help().check().unwrap();
        assert_eq!(p.category.name, "Hulp bij het huishouden");
        assert_eq!(p.code.as_str(), "01A01");
        assert_eq!(
            (p.variant, p.unit, p.frequency),
            (Variant::Effort, Unit::Hour, Frequency::PerWeek)
        );
        assert_eq!((p.valid_from, p.valid_until), (d(2026, 1, 1), None));
    }

    #[test]
    fn a_product_names_every_wrong_field() {
        let bad = ProductDraft {
            law: "wmo".into(),
            category: "45".into(),
            code: "01-01".into(),
            name: String::new(),
            variant: "lumpsum".into(),
            unit: "05".into(),
            frequency: "3".into(),
            valid_from: "2026-02-30".into(),
            valid_until: "morgen".into(),
        };
        assert_eq!(
            fields(&bad.problems()),
            vec![
                "categorie",
                "productcode",
                "naam",
                "variant",
                "eenheid",
                "frequentie",
                "geldig_van",
                "geldig_tot"
            ]
        );
        assert!(bad.problems()[0]
            .reason
            .starts_with("Productcategorie '45'"));
        let mut youth = household_help();
        youth.law = "jeugdwet".into();
        assert_eq!(fields(&youth.problems()), vec!["categorie"]);
        youth.law = "participatiewet".into();
        assert_eq!(fields(&youth.problems()), vec!["wet"]);
        let mut backwards = household_help();
        backwards.valid_until = "31-12-2025".into();
        assert_eq!(fields(&backwards.problems()), vec!["geldig_tot"]);
        let mut open = household_help();
        open.valid_from = String::new();
        assert_eq!(fields(&open.problems()), vec!["geldig_van"]);
    }

    #[test]
    fn variants_take_the_units_and_frequencies_of_the_standard() {
        let with = |variant: &str, unit: &str, frequency: &str| {
            let mut p = household_help();
            p.variant = variant.into();
            p.unit = unit.into();
            p.frequency = frequency.into();
            fields(&p.problems())
        };
        // Effort: time and pieces (effort); no day parts per day.
        assert!(with("inspanning", "01", "1").is_empty());
        assert!(with("inspanning", "84", "6").is_empty());
        assert_eq!(with("inspanning", "16", "1"), vec!["frequentie"]);
        assert_eq!(with("inspanning", "14", "1"), vec!["frequentie"]);
        assert_eq!(with("inspanning", "82", "2"), vec!["eenheid"]);
        assert_eq!(with("inspanning", "83", "4"), vec!["eenheid"]);
        // Output: pieces (output) and euros; euros never per day.
        assert!(with("output", "82", "1").is_empty());
        assert!(with("output", "83", "6").is_empty());
        assert_eq!(with("output", "83", "1"), vec!["frequentie"]);
        assert_eq!(with("output", "04", "2"), vec!["eenheid"]);
        // Task: an amount in euros for a period.
        assert!(with("taak", "83", "4").is_empty());
        assert_eq!(with("taak", "04", "2"), vec!["eenheid"]);
        assert_eq!(with("taak", "83", "1"), vec!["frequentie"]);
        let reason = &{
            let mut p = household_help();
            p.variant = "taak".into();
            p.problems()
        }[0]
        .reason;
        assert!(reason.contains("kies euro's"), "{reason}");
        // Every unit belongs to some variant, and the table is consistent.
        for u in Unit::ALL {
            assert!(Variant::ALL.iter().any(|v| v.units().contains(u)), "{u:?}");
        }
    }

    #[test]
    fn a_contract_has_a_positive_tariff_in_cents_and_a_period() {
        let c = ContractDraft {
            tariff: "€ 1.234,56".into(),
            valid_from: "2026-01-01".into(),
            valid_until: "31-12-2026".into(),
        }
        .check()
        .unwrap();
        assert_eq!(c.tariff_cents, 123_456);
        assert!(c.in_force(d(2026, 1, 1)) && c.in_force(d(2026, 12, 31)));
        assert!(!c.in_force(d(2025, 12, 31)) && !c.in_force(d(2027, 1, 1)));
        let bad = ContractDraft {
            tariff: "0".into(),
            valid_from: "1-1-2026".into(),
            valid_until: "2025-12-31".into(),
        };
        assert_eq!(fields(&bad.problems()), vec!["tarief", "geldig_tot"]);
        let bad = ContractDraft {
            tariff: "12,345".into(),
            ..Default::default()
        };
        assert_eq!(fields(&bad.problems()), vec!["tarief", "geldig_van"]);
        assert_eq!(euros(4550), "€ 45,50");
    }

    #[test]
    fn a_contract_lies_within_its_products_period() {
        let c = Contract {
            tariff_cents: 100,
            valid_from: d(2026, 1, 1),
            valid_until: None,
        };
        assert!(ContractDraft::against_product(&c, d(2026, 1, 1), None).is_empty());
        assert_eq!(
            fields(&ContractDraft::against_product(
                &c,
                d(2026, 1, 2),
                Some(d(2026, 12, 31))
            )),
            vec!["geldig_van", "geldig_tot"]
        );
    }
}
