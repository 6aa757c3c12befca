//! How residents reach their municipality: its phone number, addresses,
//! opening hours and website, shown on every public page; and the settings of
//! the privacy and accessibility statements (the privacy officer's e-mail, the
//! accessibility status and the date of the last check).

use crate::input::check_link;
use crate::toegang::question::EmailAddress;
use chrono::NaiveDate;

/// A Dutch phone number a municipality publishes: a regular number (10
/// digits from 0, or +31 with 9), the municipal short number 14 + area code
/// (`14 020`), or an information number (0800/0900/0909 with 4 or 7 digits).
/// Kept as national digits; shown grouped, dialled through `tel_href`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutchPhoneNumber(String);

/// Area codes of two digits after the 0; all others have three.
const SHORT_AREA_CODES: &[&str] = &[
    "010", "013", "015", "020", "023", "024", "026", "030", "033", "035", "036", "038", "040",
    "043", "045", "046", "050", "053", "055", "058", "070", "071", "072", "073", "074", "075",
    "076", "077", "078", "079",
];

impl DutchPhoneNumber {
    pub fn parse(raw: &str) -> Result<DutchPhoneNumber, String> {
        let digits: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '/'))
            .collect();
        let national = if let Some(rest) = digits.strip_prefix("+31") {
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else if let Some(rest) = digits.strip_prefix("0031") {
            format!("0{rest}")
        } else {
            digits
        };
        let all_digits = !national.is_empty() && national.chars().all(|c| c.is_ascii_digit());
        let info = ["0800", "0900", "0909"]
            .iter()
            .any(|p| national.starts_with(p))
            && matches!(national.len(), 8 | 11);
        let short = national.starts_with("140") && matches!(national.len(), 5 | 6);
        let regular = national.len() == 10 && national.starts_with('0');
        if all_digits && (info || short || regular) {
            Ok(DutchPhoneNumber(national))
        } else {
            Err(
                "Dit is geen Nederlands telefoonnummer. Gebruik 10 cijfers (030 123 4567), \
                 het 14-nummer van de gemeente (14 030) of een 0800-nummer."
                    .into(),
            )
        }
    }

    /// The national digits, e.g. `0301234567` or `14030`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As people read it: `030 123 4567`, `0591 123 456`, `06 1234 5678`,
    /// `14 030`, `0800 1234`.
    pub fn display(&self) -> String {
        let n = self.0.as_str();
        let short_number = n.starts_with("14") && n.len() < 10;
        let (head, rest) = if short_number || n.starts_with("06") {
            n.split_at(2)
        } else if n.starts_with("08") || n.starts_with("09") {
            n.split_at(4)
        } else if SHORT_AREA_CODES.contains(&&n[..3]) {
            n.split_at(3)
        } else {
            n.split_at(4)
        };
        let groups: Vec<&str> = match rest.len() {
            8 => vec![&rest[..4], &rest[4..]],
            7 => vec![&rest[..3], &rest[3..]],
            6 => vec![&rest[..3], &rest[3..]],
            _ => vec![rest],
        };
        format!("{head} {}", groups.join(" "))
    }

    /// The `tel:` link: international for regular and information numbers;
    /// a 14-number works only as dialled inside the Netherlands.
    pub fn tel_href(&self) -> String {
        if self.0.starts_with("14") {
            format!("tel:{}", self.0)
        } else {
            format!("tel:+31{}", &self.0[1..])
        }
    }
}

/// The status of the accessibility statement, after the Dutch model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessibilityStatus {
    /// Voldoet volledig (A).
    Full,
    /// Voldoet gedeeltelijk (B): the sensible default until a full audit.
    #[default]
    Partial,
}

impl AccessibilityStatus {
    pub const ALL: [AccessibilityStatus; 2] =
        [AccessibilityStatus::Full, AccessibilityStatus::Partial];

    pub fn code(self) -> &'static str {
        match self {
            AccessibilityStatus::Full => "volledig",
            AccessibilityStatus::Partial => "gedeeltelijk",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            AccessibilityStatus::Full => "Voldoet volledig",
            AccessibilityStatus::Partial => "Voldoet gedeeltelijk",
        }
    }

    pub fn parse(raw: &str) -> Result<AccessibilityStatus, String> {
        AccessibilityStatus::ALL
            .into_iter()
            .find(|s| s.code() == raw.trim())
            .ok_or_else(|| format!("onbekende status '{}'", raw.trim()))
    }
}

/// A municipality's contact details as entered (empty = not given).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MunicipalContact {
    pub phone: String,
    pub visiting_address: String,
    pub postal_address: String,
    pub email: String,
    pub opening_hours: String,
    pub website: String,
    /// The privacy officer (functionaris gegevensbescherming).
    pub privacy_email: String,
    pub accessibility: AccessibilityStatus,
    /// The date of the last accessibility check; none: not yet checked.
    pub accessibility_checked_on: Option<NaiveDate>,
}

/// The longest an address, opening hours or website may be.
pub const CONTACT_TEXT_MAX: usize = 300;

impl MunicipalContact {
    /// What is wrong, per form field (Dutch, for the admin page).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.phone.trim().is_empty() {
            out.push((
                "telefoon",
                "Vul het telefoonnummer in: inwoners zien het op elke pagina.".to_string(),
            ));
        } else if let Err(m) = DutchPhoneNumber::parse(&self.phone) {
            out.push(("telefoon", m));
        }
        for (field, value) in [
            ("bezoekadres", &self.visiting_address),
            ("postadres", &self.postal_address),
            ("openingstijden", &self.opening_hours),
            ("website", &self.website),
        ] {
            if value.chars().count() > CONTACT_TEXT_MAX {
                out.push((
                    field,
                    format!("Gebruik hoogstens {CONTACT_TEXT_MAX} tekens."),
                ));
            }
        }
        for (field, value) in [("email", &self.email), ("privacy", &self.privacy_email)] {
            if !value.trim().is_empty() {
                if let Err(m) = EmailAddress::parse(value) {
                    out.push((field, m));
                }
            }
        }
        let site = self.website.trim();
        if !site.is_empty() && (!site.starts_with("https://") && !site.starts_with("http://")) {
            out.push((
                "website",
                "Een website begint met https://, bijvoorbeeld https://www.gemeente.nl.".into(),
            ));
        } else if !site.is_empty() {
            if let Err(m) = check_link(site) {
                out.push(("website", m));
            }
        }
        out
    }

    /// The phone number, when it is a valid one.
    pub fn phone_number(&self) -> Option<DutchPhoneNumber> {
        DutchPhoneNumber::parse(&self.phone).ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn regular_numbers_in_every_common_notation() {
        for raw in [
            "030 123 4567",
            "030-1234567",
            "(030) 123 45 67",
            "+31 30 123 4567",
            "+31 (0)30 123 4567",
            "0031301234567",
        ] {
            assert_eq!(
                DutchPhoneNumber::parse(raw).unwrap().as_str(),
                "0301234567",
                "{raw}"
            );
        }
    }

    #[test]
    fn short_municipal_and_information_numbers() {
        assert_eq!(DutchPhoneNumber::parse("14 030").unwrap().as_str(), "14030");
        assert_eq!(
            DutchPhoneNumber::parse("14 0591").unwrap().as_str(),
            "140591"
        );
        assert_eq!(
            DutchPhoneNumber::parse("0800-1234").unwrap().as_str(),
            "08001234"
        );
        assert_eq!(
            DutchPhoneNumber::parse("0900 123 4567").unwrap().as_str(),
            "09001234567"
        );
    }

    #[test]
    fn refuses_what_is_no_dutch_number() {
        for raw in [
            "",
            "12345",
            "030 123 456",
            "030 123 45678",
            "+32 2 123 45 67",
            "bel ons",
            "0800 12",
            "14 12",
        ] {
            let e = DutchPhoneNumber::parse(raw).unwrap_err();
            assert!(e.contains("telefoonnummer"), "{raw}: {e}");
        }
    }

    #[test]
    fn shown_grouped_and_dialled_internationally() {
        let show = |raw: &str| DutchPhoneNumber::parse(raw).unwrap().display();
        assert_eq!(show("0301234567"), "030 123 4567");
        assert_eq!(show("0591123456"), "0591 123 456");
        assert_eq!(show("0612345678"), "06 1234 5678");
        assert_eq!(show("14030"), "14 030");
        assert_eq!(show("08001234"), "0800 1234");
        assert_eq!(show("09001234567"), "0900 123 4567");
        let tel = |raw: &str| DutchPhoneNumber::parse(raw).unwrap().tel_href();
        assert_eq!(tel("030 123 4567"), "tel:+31301234567");
        assert_eq!(tel("14 030"), "tel:14030");
    }

    #[test]
    fn accessibility_status_round_trips_and_defaults_to_partial() {
        for s in AccessibilityStatus::ALL {
            assert_eq!(AccessibilityStatus::parse(s.code()), Ok(s));
        }
        assert!(AccessibilityStatus::parse("misschien").is_err());
        assert_eq!(AccessibilityStatus::default(), AccessibilityStatus::Partial);
    }

    #[test]
    fn contact_problems_per_field() {
        let ok = MunicipalContact {
            phone: "14 030".into(),
            email: "info@wilgendaal.nl".into(),
            website: "https://www.wilgendaal.nl".into(),
            ..Default::default()
        };
        assert!(ok.problems().is_empty(), "{:?}", ok.problems());
        let bad = MunicipalContact {
            phone: "bel ons".into(),
            email: "geen adres".into(),
            privacy_email: "privacy@".into(),
            website: "javascript:alert(1)".into(),
            opening_hours: "x".repeat(CONTACT_TEXT_MAX + 1),
            ..Default::default()
        };
        let fields: Vec<&str> = bad.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["telefoon", "openingstijden", "email", "privacy", "website"]
        );
        let empty = MunicipalContact::default();
        assert_eq!(empty.problems()[0].0, "telefoon");
    }
}
