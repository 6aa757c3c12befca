//! The contact log of a case (*contactmomenten*): conversations, calls,
//! letters and home visits, each with a short report. A report can be shared
//! with the household, which then reads it on its own page.

use crate::directory::offer::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// What kind of contact it was.
    ContactKind, "onbekende soort contact '{}'", {
    Conversation => ("gesprek", "Gesprek"),
    Call => ("telefoon", "Telefoongesprek"),
    Letter => ("brief", "Brief of e-mail"),
    HomeVisit => ("huisbezoek", "Huisbezoek"),
});

super::text::bounded_text!(
    /// The report of a contact: 1 to 4 000 characters.
    ContactReport,
    4_000,
    "Schrijf kort op wat er besproken of afgesproken is.",
    "Het verslag"
);

/// One contact, checked as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub kind: ContactKind,
    pub on: NaiveDate,
    pub report: ContactReport,
    /// The household may read the report on its own page.
    pub shared: bool,
}

impl Contact {
    /// A contact took place on or before `today`.
    pub fn new(
        kind: ContactKind,
        on: NaiveDate,
        report: ContactReport,
        shared: bool,
        today: NaiveDate,
    ) -> Result<Contact, String> {
        if on > today {
            return Err(
                "Een contactmoment leg je vast als het geweest is; kies vandaag of een eerdere dag."
                    .into(),
            );
        }
        Ok(Contact {
            kind,
            on,
            report,
            shared,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_in_the_past_and_has_a_report() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        let report = ContactReport::parse("  Afgesproken: Fatima belt de school.  ").unwrap();
        assert_eq!(report.as_str(), "Afgesproken: Fatima belt de school.");
        assert!(ContactReport::parse("   ").is_err());
        assert!(ContactReport::parse(&"a".repeat(4_001)).is_err());
        let c = Contact::new(ContactKind::HomeVisit, today, report.clone(), true, today).unwrap();
        assert!(c.shared);
        let tomorrow = today.succ_opt().unwrap();
        assert!(
            Contact::new(ContactKind::Call, tomorrow, report, false, today)
                .unwrap_err()
                .contains("vandaag")
        );
        assert_eq!(ContactKind::parse("huisbezoek"), Ok(ContactKind::HomeVisit));
        assert!(ContactKind::parse("sms").is_err());
    }
}
