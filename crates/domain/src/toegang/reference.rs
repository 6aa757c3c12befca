//! The reference number a resident gets for a question: `V-2026-000123`, the
//! year it was received and the question's number. Readable over the phone,
//! and a worker finds the question from it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionReference {
    pub year: i32,
    pub number: i64,
}

impl QuestionReference {
    pub fn new(year: i32, number: i64) -> QuestionReference {
        QuestionReference { year, number }
    }

    /// Reads `V-2026-000123` (also lower case, with spaces around, or the
    /// number without its leading zeros).
    pub fn parse(raw: &str) -> Result<QuestionReference, String> {
        let bad = || format!("'{}' is geen kenmerk zoals V-2026-000123", raw.trim());
        let t = raw.trim().to_ascii_uppercase();
        let rest = t.strip_prefix("V-").ok_or_else(bad)?;
        let (year, number) = rest.split_once('-').ok_or_else(bad)?;
        let digits = |s: &str, max: usize| {
            !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_digit())
        };
        if year.len() != 4 || !digits(year, 4) || !digits(number, 12) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number: i64 = number.parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(bad());
        }
        Ok(QuestionReference { year, number })
    }
}

impl fmt::Display for QuestionReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V-{:04}-{:06}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn formats_with_six_digits_at_least() {
        assert_eq!(
            QuestionReference::new(2026, 123).to_string(),
            "V-2026-000123"
        );
        assert_eq!(
            QuestionReference::new(2027, 1_234_567).to_string(),
            "V-2027-1234567"
        );
    }

    #[test]
    fn parses_what_it_formats_and_what_people_type() {
        let r = QuestionReference::new(2026, 123);
        assert_eq!(QuestionReference::parse(&r.to_string()), Ok(r));
        assert_eq!(QuestionReference::parse(" v-2026-123 "), Ok(r));
    }

    #[test]
    fn refuses_other_text() {
        for raw in [
            "",
            "2026-000123",
            "V-26-000123",
            "V-2026-",
            "V-2026-0",
            "V-2026-12a",
            "X-2026-000123",
        ] {
            assert!(QuestionReference::parse(raw).is_err(), "{raw}");
        }
    }
}
