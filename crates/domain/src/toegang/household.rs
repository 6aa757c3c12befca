//! The household (*huishouden*): its members, its address and its informal
//! network (*netwerkkaart*).

use crate::directory::offer::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// A member's place in the household.
    MemberRole, "onbekende rol '{}'", {
    Parent => ("ouder", "Ouder of verzorger"),
    Child => ("kind", "Kind"),
    Partner => ("partner", "Partner"),
    Other => ("anders", "Anders"),
});

code_enum!(
    /// Who someone in the informal network is.
    NetworkRelation, "onbekende relatie '{}'", {
    Family => ("familie", "Familie"),
    Neighbour => ("buur", "Buren"),
    Friend => ("vriend", "Vrienden en kennissen"),
    Volunteer => ("vrijwilliger", "Vrijwilliger"),
    Other => ("anders", "Anders"),
});

/// A house number with an optional addition (`12`, `12A`, `12-3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseNumber {
    pub number: u32,
    pub addition: Option<String>,
}

impl HouseNumber {
    pub fn parse(number: &str, addition: &str) -> Result<HouseNumber, String> {
        let number: u32 = number
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=99_999).contains(n))
            .ok_or("Vul een huisnummer in (alleen cijfers, bijvoorbeeld 12).")?;
        let a = addition.trim().trim_start_matches('-').trim();
        let addition = if a.is_empty() {
            None
        } else if a.len() <= 6 && a.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some(a.to_uppercase())
        } else {
            return Err(
                "Een toevoeging heeft hoogstens 6 letters of cijfers, bijvoorbeeld A of 3.".into(),
            );
        };
        Ok(HouseNumber { number, addition })
    }
}

impl fmt::Display for HouseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.addition {
            Some(a) => write!(f, "{} {a}", self.number),
            None => write!(f, "{}", self.number),
        }
    }
}

/// A date of birth: not in the future and not more than 120 years ago.
pub fn parse_birth_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = raw.trim();
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .map_err(|_| {
            "Vul een geboortedatum in als dd-mm-jjjj, bijvoorbeeld 03-07-1985.".to_string()
        })?;
    if d > today {
        return Err("Een geboortedatum kan niet in de toekomst liggen.".into());
    }
    if today.years_since(d).unwrap_or(0) > 120 {
        return Err("Deze geboortedatum ligt meer dan 120 jaar terug; klopt het jaartal?".into());
    }
    Ok(d)
}

/// Whole years between `born` and `today`.
pub fn age_on(born: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(born).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn house_numbers() {
        assert_eq!(HouseNumber::parse("12", "").unwrap().to_string(), "12");
        assert_eq!(
            HouseNumber::parse(" 12 ", "-a").unwrap().to_string(),
            "12 A"
        );
        assert!(HouseNumber::parse("0", "").is_err());
        assert!(HouseNumber::parse("12a", "").is_err());
        assert!(HouseNumber::parse("12", "toolong1").is_err());
    }

    #[test]
    fn birth_dates_and_ages() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_birth_date("03-07-1985", today), Ok(d(1985, 7, 3)));
        assert_eq!(parse_birth_date("1985-07-03", today), Ok(d(1985, 7, 3)));
        assert!(parse_birth_date("2027-01-01", today).is_err());
        assert!(parse_birth_date("1890-01-01", today).is_err());
        assert!(parse_birth_date("31-02-2000", today).is_err());
        assert_eq!(age_on(d(2008, 11, 24), today), 17);
        assert_eq!(age_on(d(2008, 11, 23), today), 18);
    }
}
