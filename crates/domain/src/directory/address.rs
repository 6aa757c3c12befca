//! An offer's visiting address as an editor types it: street, house number,
//! postcode and place. Kept in the offer's location (`address` holds street
//! and number as one line, as HSDS `address_1` does).

use super::FieldError;
use crate::Postcode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitAddress {
    pub street: String,
    /// "12", "12a", "12-2".
    pub number: String,
    pub postcode: Postcode,
    pub place: String,
}

/// Up to 6 digits, then an optional addition of letters, digits, dashes or
/// spaces (at most 6): `12`, `12a`, `12-2`, `101 bis`.
fn house_number(raw: &str) -> bool {
    let digits = raw.chars().take_while(char::is_ascii_digit).count();
    let rest = &raw[digits..];
    (1..=6).contains(&digits)
        && !raw.starts_with('0')
        && rest.chars().count() <= 6
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
}

impl VisitAddress {
    /// The address from the four fields; `Ok(None)` when all four are empty
    /// (the offer has no visiting address), every problem with its field.
    pub fn parse(
        street: &str,
        number: &str,
        postcode: &str,
        place: &str,
    ) -> Result<Option<VisitAddress>, Vec<FieldError>> {
        let (street, number, place) = (street.trim(), number.trim(), place.trim());
        if [street, number, postcode.trim(), place]
            .iter()
            .all(|s| s.is_empty())
        {
            return Ok(None);
        }
        let mut problems = Vec::new();
        let mut fail = |field: &'static str, reason: &str| {
            problems.push(FieldError {
                field,
                reason: reason.into(),
            })
        };
        if street.is_empty() {
            fail("straat", "vul de straat in");
        }
        if !house_number(number) {
            fail("huisnummer", "vul een huisnummer in, zoals 12 of 12a");
        }
        let code = Postcode::parse(postcode);
        if let Err(e) = &code {
            fail("postcode", &e.to_string());
        }
        if place.is_empty() {
            fail("plaats", "vul de plaats in");
        }
        match code {
            Ok(postcode) if problems.is_empty() => Ok(Some(VisitAddress {
                street: street.into(),
                number: number.into(),
                postcode,
                place: place.into(),
            })),
            _ => Err(problems),
        }
    }

    /// Street and number as one line: "Kerkstraat 12a".
    pub fn line(&self) -> String {
        format!("{} {}", self.street, self.number)
    }

    /// A stored line split back into street and number: the number is the
    /// last word that starts with a digit, with what follows it.
    pub fn split_line(line: &str) -> (String, String) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words
            .iter()
            .rposition(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        {
            Some(i) if i > 0 => (words[..i].join(" "), words[i..].join(" ")),
            _ => (line.trim().to_string(), String::new()),
        }
    }
}

/// "Kerkstraat 12a, 1234 AB Wilgendaal" from what a location holds; "geen
/// adres" when it holds nothing.
pub fn address_text(line: Option<&str>, postcode: Option<&str>, city: Option<&str>) -> String {
    let place: Vec<&str> = [postcode, city]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let parts: Vec<String> = [line.map(str::to_string), Some(place.join(" "))]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if parts.is_empty() {
        "geen adres".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_four_fields_or_none() {
        let a = VisitAddress::parse(" Kerkstraat ", "12a", "1234ab", "Wilgendaal")
            .unwrap()
            .unwrap();
        assert_eq!(a.line(), "Kerkstraat 12a");
        assert_eq!(a.postcode.as_str(), "1234 AB");
        assert_eq!(VisitAddress::parse("", " ", "", ""), Ok(None));
        let e = VisitAddress::parse("Kerkstraat", "nul", "0123 AB", "").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["huisnummer", "postcode", "plaats"]);
        assert!(VisitAddress::parse("Laan", "101 bis", "1234 AB", "X").is_ok());
        assert!(VisitAddress::parse("Laan", "012", "1234 AB", "X").is_err());
    }

    #[test]
    fn a_stored_line_splits_into_street_and_number() {
        let split = |s: &str| VisitAddress::split_line(s);
        assert_eq!(split("Kerkstraat 12a"), ("Kerkstraat".into(), "12a".into()));
        assert_eq!(
            split("Laan van 1940 12-2"),
            ("Laan van 1940".into(), "12-2".into())
        );
        assert_eq!(split("Laan 101 bis"), ("Laan".into(), "101 bis".into()));
        assert_eq!(split("Markt"), ("Markt".into(), String::new()));
        assert_eq!(
            split("1e Dwarsstraat"),
            ("1e Dwarsstraat".into(), String::new())
        );
    }

    #[test]
    fn an_address_reads_as_one_line() {
        assert_eq!(
            address_text(Some("Kerkstraat 1"), Some("1234 AB"), Some("Wilgendaal")),
            "Kerkstraat 1, 1234 AB Wilgendaal"
        );
        assert_eq!(address_text(None, None, Some("Wilgendaal")), "Wilgendaal");
        assert_eq!(address_text(None, Some(" "), None), "geen adres");
    }
}
