//! Burgerservicenummer: nine digits that pass the elfproef. Its `Debug` hides the
//! number so it never lands in a log by accident.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Bsn(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BsnError {
    #[error("een BSN heeft 9 cijfers")]
    Length,
    #[error("dit BSN klopt niet (de elfproef faalt); controleer het nummer")]
    Elfproef,
}

impl Bsn {
    /// Accepts 8 or 9 digits (an 8-digit BSN gets a leading zero), with spaces or dots.
    pub fn parse(raw: &str) -> Result<Self, BsnError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) || !(8..=9).contains(&digits.len()) {
            return Err(BsnError::Length);
        }
        let digits = format!("{digits:0>9}");
        let d: Vec<i64> = digits.bytes().map(|b| i64::from(b - b'0')).collect();
        let sum: i64 = (0..8).map(|i| d[i] * (9 - i as i64)).sum::<i64>() - d[8];
        if sum == 0 || sum % 11 != 0 {
            return Err(BsnError::Elfproef);
        }
        Ok(Bsn(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bsn(*********)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers() {
        // Test numbers that pass the elfproef, of the kind published for test systems.
        assert!(Bsn::parse("111222333").is_ok());
        assert!(Bsn::parse("123456782").is_ok());
        assert_eq!(
            Bsn::parse("1112.22.333").map(|b| b.0),
            Ok("111222333".into())
        );
    }

    #[test]
    fn refuses_numbers_failing_the_elfproef() {
        assert_eq!(Bsn::parse("123456789"), Err(BsnError::Elfproef));
        assert_eq!(Bsn::parse("000000000"), Err(BsnError::Elfproef));
        assert_eq!(Bsn::parse("12345"), Err(BsnError::Length));
        assert_eq!(Bsn::parse("12345678a"), Err(BsnError::Length));
    }

    #[test]
    fn debug_hides_the_number() {
        let b = Bsn::parse("111222333").map(|b| format!("{b:?}"));
        assert_eq!(b.as_deref(), Ok("Bsn(*********)"));
    }
}
