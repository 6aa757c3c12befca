//! How long a case's records are kept (*bewaartermijn*), counted from the last
//! change, and when they are due for deletion.

use crate::directory::offer::code_enum;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// The retention period that applies to a case.
    ///
    /// `overig` keeps 15 years: the longest of the periods other than the
    /// Jeugdwet's. A case under no specific law is often close to Wmo support;
    /// taking the longer period is the conservative choice, so no record goes
    /// before any rule that might apply allows it.
    RetentionClass, "onbekende bewaartermijn '{}'", {
    Youth => ("jeugd", "Jeugdwet: 20 jaar"),
    Wmo => ("wmo", "Wmo 2015: 15 jaar"),
    Other => ("overig", "Overig: 15 jaar"),
});

impl RetentionClass {
    pub fn years(self) -> u32 {
        match self {
            RetentionClass::Youth => 20,
            RetentionClass::Wmo | RetentionClass::Other => 15,
        }
    }

    /// The last day the records are kept: `last_change` plus the years. A last
    /// change on 29 February ends on 28 February when that year has no leap
    /// day.
    pub fn delete_after(self, last_change: NaiveDate) -> NaiveDate {
        last_change
            .checked_add_months(Months::new(12 * self.years()))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Due for deletion: `today` is after [`RetentionClass::delete_after`].
    pub fn is_due(self, last_change: NaiveDate, today: NaiveDate) -> bool {
        today > self.delete_after(last_change)
    }
}

/// The class of a case: the longest period that applies. Youth care (any
/// referral or support in a Jeugdwet context) gives 20 years, also when the
/// case involved the Wmo too; otherwise Wmo support gives the Wmo's 15 years;
/// otherwise `overig`.
pub fn class_for(involves_youth_care: bool, involves_wmo: bool) -> RetentionClass {
    if involves_youth_care {
        RetentionClass::Youth
    } else if involves_wmo {
        RetentionClass::Wmo
    } else {
        RetentionClass::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_longest_applicable_period_wins() {
        assert_eq!(class_for(true, true), RetentionClass::Youth);
        assert_eq!(class_for(true, false), RetentionClass::Youth);
        assert_eq!(class_for(false, true), RetentionClass::Wmo);
        assert_eq!(class_for(false, false), RetentionClass::Other);
        for wmo in [false, true] {
            let c = class_for(true, wmo);
            assert!(RetentionClass::ALL.iter().all(|o| o.years() <= c.years()));
        }
    }

    #[test]
    fn years_per_class() {
        assert_eq!(RetentionClass::Youth.years(), 20);
        assert_eq!(RetentionClass::Wmo.years(), 15);
        assert_eq!(RetentionClass::Other.years(), 15);
        assert_eq!(RetentionClass::parse("jeugd"), Ok(RetentionClass::Youth));
        assert!(RetentionClass::parse("altijd").is_err());
    }

    #[test]
    fn records_are_kept_through_the_last_day() {
        let last = d(2026, 6, 15);
        let c = RetentionClass::Wmo;
        assert_eq!(c.delete_after(last), d(2041, 6, 15));
        assert!(!c.is_due(last, d(2041, 6, 14)));
        assert!(!c.is_due(last, d(2041, 6, 15)));
        assert!(c.is_due(last, d(2041, 6, 16)));
        assert_eq!(RetentionClass::Youth.delete_after(last), d(2046, 6, 15));
        assert!(!RetentionClass::Youth.is_due(last, d(2041, 6, 16)));
    }

    #[test]
    fn a_leap_day_ends_on_28_february_unless_the_end_year_has_one() {
        let leap = d(2024, 2, 29);
        // 2039 is no leap year.
        assert_eq!(RetentionClass::Wmo.delete_after(leap), d(2039, 2, 28));
        assert!(RetentionClass::Wmo.is_due(leap, d(2039, 3, 1)));
        assert!(!RetentionClass::Wmo.is_due(leap, d(2039, 2, 28)));
        // 2044 is a leap year.
        assert_eq!(RetentionClass::Youth.delete_after(leap), d(2044, 2, 29));
        assert!(!RetentionClass::Youth.is_due(leap, d(2044, 2, 29)));
        assert!(RetentionClass::Youth.is_due(leap, d(2044, 3, 1)));
    }
}
