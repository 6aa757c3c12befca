//! The code lists of the iWmo/iJw 3.2 standard that a decision uses: product
//! categories per law (WMO020, JZ020), units (WJ756) and frequencies
//! (WMO757/JZ757). Codes and names as Zorginstituut Nederland publishes them
//! (informatiemodel.istandaarden.nl); the messages of the next issue carry the
//! same codes.

use super::Law;
use crate::directory::Layer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A product category of the standard, for one law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProductCategory {
    pub law: Law,
    pub code: &'static str,
    pub name: &'static str,
}

impl ProductCategory {
    /// The layer of the plan's pyramid support in this category belongs to:
    /// living somewhere else (sheltered housing, shelter, youth care with a
    /// stay), specialist mental health care and child protection are the
    /// heaviest (5); everything else granted individually is layer 4.
    pub fn layer(self) -> Layer {
        match (self.law, self.code) {
            (Law::Wmo, "15" | "16" | "17" | "18")
            | (Law::Jeugdwet, "43" | "44" | "46" | "47" | "48" | "52" | "55") => Layer::Intensive,
            _ => Layer::Targeted,
        }
    }
}

const WMO020: &[(&str, &str)] = &[
    ("01", "Hulp bij het huishouden"),
    ("02", "Begeleiding"),
    ("03", "Persoonlijke verzorging"),
    ("04", "Kortdurend verblijf"),
    ("05", "Woondiensten"),
    (
        "06",
        "Overige ondersteuning gericht op het individu of huishouden/gezin",
    ),
    ("07", "Dagbesteding"),
    ("08", "Vervoerdiensten"),
    ("09", "Overige groepsgerichte ondersteuning"),
    ("10", "Overige maatwerk arrangementen"),
    ("11", "Rolstoelen"),
    ("12", "Vervoervoorzieningen"),
    ("13", "Woonvoorzieningen"),
    ("14", "Overige hulpmiddelen"),
    ("15", "Beschermd wonen"),
    ("16", "Opvang"),
    ("17", "Spoedopvang"),
    ("18", "Overige beschermd wonen en opvang"),
];

/// JZ020 without the 2015 categories 31–38, which are no longer allocated.
const JZ020: &[(&str, &str)] = &[
    ("40", "Persoonlijke verzorging"),
    ("41", "Dagbehandeling"),
    ("42", "Vervoerdiensten"),
    ("43", "Jeugdhulp verblijf (incl. behandeling)"),
    ("44", "Jeugdhulp verblijf (excl. behandeling)"),
    ("45", "Jeugdhulp ambulant"),
    ("46", "Jeugdhulp crisis"),
    ("47", "Jeugdreclassering"),
    ("48", "Jeugdbescherming"),
    ("49", "Activiteiten in het preventief justitieel kader"),
    ("50", "Maatwerkarrangementen jeugd"),
    ("51", "Generalistische basis-ggz"),
    ("52", "Specialistische ggz"),
    ("53", "Kindergeneeskunde"),
    ("54", "Jeugd-ggz"),
    ("55", "Landelijk ingekochte zorg"),
];

/// The categories a product under `law` may have (none for the
/// Participatiewet, which has no message standard).
pub fn categories(law: Law) -> impl Iterator<Item = ProductCategory> {
    let list: &[(&str, &str)] = match law {
        Law::Wmo => WMO020,
        Law::Jeugdwet => JZ020,
        Law::Participatiewet => &[],
    };
    list.iter()
        .map(move |(code, name)| ProductCategory { law, code, name })
}

/// The category with this code under `law`, or a Dutch reason.
pub fn category(law: Law, code: &str) -> Result<ProductCategory, String> {
    let code = code.trim();
    categories(law).find(|c| c.code == code).ok_or_else(|| {
        format!(
            "productcategorie '{code}' bestaat niet voor de {}",
            law.label_nl()
        )
    })
}

/// A product code (`LDT_ProductCode`): five letters or digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ProductCode(String);

impl ProductCode {
    pub fn parse(raw: &str) -> Result<ProductCode, String> {
        let t = raw.trim().to_ascii_uppercase();
        if t.len() == 5 && t.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(ProductCode(t))
        } else {
            Err(format!(
                "productcode '{}' heeft niet precies vijf letters of cijfers",
                raw.trim()
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::directory::offer::code_enum!(
    /// WJ756: the unit of an amount of care.
    Unit, "onbekende eenheid '{}'", {
    Minute => ("01", "minuut"),
    Hour => ("04", "uur"),
    DayAndNight => ("14", "etmaal"),
    DayPart => ("16", "dagdeel (4 uur)"),
    PiecesOutput => ("82", "stuks (output)"),
    Euros => ("83", "euro's"),
    PiecesEffort => ("84", "stuks (inspanning)"),
});

crate::directory::offer::code_enum!(
    /// WMO757 / JZ757: how often the amount is given.
    Frequency, "onbekende frequentie '{}'", {
    PerDay => ("1", "per dag"),
    PerWeek => ("2", "per week"),
    PerMonth => ("4", "per maand"),
    Total => ("6", "totaal binnen de geldigheidsduur"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_belong_to_their_law() {
        assert_eq!(
            category(Law::Wmo, "01").unwrap().name,
            "Hulp bij het huishouden"
        );
        assert_eq!(
            category(Law::Jeugdwet, " 45 ").unwrap().name,
            "Jeugdhulp ambulant"
        );
        assert!(category(Law::Wmo, "45").unwrap_err().contains("Wmo 2015"));
        assert!(category(Law::Jeugdwet, "01").is_err());
        // The 2015 youth categories are gone.
        assert!(category(Law::Jeugdwet, "31").is_err());
        assert_eq!(categories(Law::Participatiewet).count(), 0);
        // Codes are unique per law.
        for law in Law::ALL {
            let mut codes: Vec<_> = categories(*law).map(|c| c.code).collect();
            let n = codes.len();
            codes.dedup();
            assert_eq!(codes.len(), n);
        }
    }

    #[test]
    fn living_elsewhere_and_protection_are_the_heaviest_layer() {
        let layer = |law, code| category(law, code).unwrap().layer();
        assert_eq!(layer(Law::Wmo, "01"), Layer::Targeted);
        assert_eq!(layer(Law::Wmo, "15"), Layer::Intensive);
        assert_eq!(layer(Law::Jeugdwet, "45"), Layer::Targeted);
        assert_eq!(layer(Law::Jeugdwet, "43"), Layer::Intensive);
        assert_eq!(layer(Law::Jeugdwet, "48"), Layer::Intensive);
    }

    #[test]
    fn product_codes_are_five_letters_or_digits() {
        assert_eq!(ProductCode::parse(" 01a01 ").unwrap().as_str(), "01A01");
        assert!(ProductCode::parse("0101").is_err());
        assert!(ProductCode::parse("01-01").is_err());
        assert!(ProductCode::parse("010101").is_err());
    }

    #[test]
    fn units_and_frequencies_use_the_standards_codes() {
        assert_eq!(Unit::parse("04"), Ok(Unit::Hour));
        assert_eq!(Unit::parse("83"), Ok(Unit::Euros));
        assert!(Unit::parse("4").is_err());
        assert_eq!(Frequency::parse("2"), Ok(Frequency::PerWeek));
        assert_eq!(Frequency::PerWeek.label_nl(), "per week");
    }
}
