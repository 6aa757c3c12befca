//! Dutch postcode `1234 AB`: four digits not starting with 0, two letters, not SA/SD/SS.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Postcode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 1234 AB")]
pub struct PostcodeError;

impl Postcode {
    pub fn parse(raw: &str) -> Result<Self, PostcodeError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let b = s.as_bytes();
        let ok = b.len() == 6
            && b[0] != b'0'
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4..].iter().all(u8::is_ascii_uppercase)
            && !matches!(&s[4..], "SA" | "SD" | "SS");
        if ok {
            Ok(Postcode(format!("{} {}", &s[..4], &s[4..])))
        } else {
            Err(PostcodeError)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The four digits, used to find the wijk a postcode belongs to.
    pub fn digits(&self) -> &str {
        &self.0[..4]
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spacing_and_case() {
        assert_eq!(Postcode::parse("2711ab").map(|p| p.0), Ok("2711 AB".into()));
        assert_eq!(
            Postcode::parse(" 2711 AB ").map(|p| p.0),
            Ok("2711 AB".into())
        );
    }

    #[test]
    fn refuses_malformed() {
        for bad in ["0123AB", "123AB", "1234A1", "1234SS", "12345AB", ""] {
            assert_eq!(Postcode::parse(bad), Err(PostcodeError), "{bad}");
        }
    }
}
