//! Finding a household (*huishouden zoeken*): what a worker types, read as a
//! BSN, an address (postcode with or without a house number), a date of
//! birth, or else part of a name or street.

use crate::{Bsn, Postcode};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdSearch {
    Bsn(Bsn),
    Address {
        postcode: Postcode,
        number: Option<u32>,
    },
    BirthDate(NaiveDate),
    /// Lower case, at least two letters: part of a member's name or the street.
    Name(String),
}

impl HouseholdSearch {
    pub fn parse(raw: &str) -> Result<HouseholdSearch, String> {
        let t = raw.trim();
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() == 9 && compact.chars().all(|c| c.is_ascii_digit()) {
            return Bsn::parse(&compact)
                .map(HouseholdSearch::Bsn)
                .map_err(|_| "Dit is geen geldig BSN (de elfproef klopt niet).".to_string());
        }
        if let Some(a) = address(&compact) {
            return Ok(a);
        }
        if let Ok(Some(d)) = crate::dutch_time::parse_date(t) {
            return Ok(HouseholdSearch::BirthDate(d));
        }
        let name = t.to_lowercase();
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return Err(
                "Zoek op naam, adres (postcode en huisnummer), geboortedatum (dd-mm-jjjj) of BSN."
                    .into(),
            );
        }
        if name.chars().count() > 100 {
            return Err("Gebruik hoogstens 100 tekens.".into());
        }
        Ok(HouseholdSearch::Name(name))
    }

    /// What was searched on, for the audit log (never the value itself).
    pub fn label_nl(&self) -> &'static str {
        match self {
            HouseholdSearch::Bsn(_) => "BSN",
            HouseholdSearch::Address { .. } => "adres",
            HouseholdSearch::BirthDate(_) => "geboortedatum",
            HouseholdSearch::Name(_) => "naam of straat",
        }
    }
}

/// `9903AF` or `9903AF12` (spaces already removed).
fn address(compact: &str) -> Option<HouseholdSearch> {
    let postcode = Postcode::parse(compact.get(..6)?).ok()?;
    let rest = &compact[6..];
    let number = if rest.is_empty() {
        None
    } else {
        Some(rest.parse::<u32>().ok().filter(|n| *n > 0)?)
    };
    Some(HouseholdSearch::Address { postcode, number })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_worker_types_is_read_as_the_right_kind() {
        assert!(matches!(
            HouseholdSearch::parse(" 999990032 "),
            Ok(HouseholdSearch::Bsn(_))
        ));
        assert!(HouseholdSearch::parse("123456789")
            .unwrap_err()
            .contains("elfproef"));
        assert_eq!(
            HouseholdSearch::parse("9903 af 12"),
            Ok(HouseholdSearch::Address {
                postcode: Postcode::parse("9903AF").unwrap(),
                number: Some(12)
            })
        );
        assert!(matches!(
            HouseholdSearch::parse("9903AF"),
            Ok(HouseholdSearch::Address { number: None, .. })
        ));
        assert_eq!(
            HouseholdSearch::parse("08-03-2012"),
            Ok(HouseholdSearch::BirthDate(
                NaiveDate::from_ymd_opt(2012, 3, 8).unwrap()
            ))
        );
        assert_eq!(
            HouseholdSearch::parse("Hendriks"),
            Ok(HouseholdSearch::Name("hendriks".into()))
        );
        assert_eq!(
            HouseholdSearch::parse("Korenbloemstraat 12"),
            Ok(HouseholdSearch::Name("korenbloemstraat 12".into()))
        );
        assert!(HouseholdSearch::parse("7").is_err());
        assert!(HouseholdSearch::parse("").is_err());
        assert_eq!(
            HouseholdSearch::parse("Jansen").unwrap().label_nl(),
            "naam of straat"
        );
    }
}
