//! CBS area codes: a municipality `GM0363`, a wijk `WK036301`, a buurt
//! `BU03630101`. CBS files pad codes to ten characters (`'GM0034    '`);
//! parsing trims them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The three area levels, coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Municipality,
    Wijk,
    Buurt,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 3] = [AreaLevel::Municipality, AreaLevel::Wijk, AreaLevel::Buurt];

    pub fn code(self) -> &'static str {
        match self {
            AreaLevel::Municipality => "gemeente",
            AreaLevel::Wijk => "wijk",
            AreaLevel::Buurt => "buurt",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            AreaLevel::Municipality => "gemeente",
            AreaLevel::Wijk => "gemeente en wijk",
            AreaLevel::Buurt => "gemeente, wijk en buurt",
        }
    }

    pub fn parse(s: &str) -> Result<AreaLevel, String> {
        match s.trim().to_lowercase().as_str() {
            "gemeente" | "gm" | "municipality" => Ok(AreaLevel::Municipality),
            "wijk" | "wk" => Ok(AreaLevel::Wijk),
            "buurt" | "bu" => Ok(AreaLevel::Buurt),
            other => Err(format!(
                "onbekend gebiedsniveau '{other}'; kies gemeente, wijk of buurt"
            )),
        }
    }
}

/// A valid CBS code of a municipality, wijk or buurt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AreaCode(String);

impl AreaCode {
    pub fn parse(s: &str) -> Result<AreaCode, String> {
        let c = s.trim().to_uppercase();
        let digits = |prefix: &str, n: usize| {
            c.strip_prefix(prefix)
                .is_some_and(|d| d.len() == n && d.chars().all(|x| x.is_ascii_digit()))
        };
        if digits("GM", 4) || digits("WK", 6) || digits("BU", 8) {
            Ok(AreaCode(c))
        } else {
            Err(format!(
                "gebiedscode '{}' is ongeldig; gebruik een CBS-code als GM0363, WK036301 of BU03630101",
                s.trim()
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> AreaLevel {
        match &self.0[..2] {
            "GM" => AreaLevel::Municipality,
            "WK" => AreaLevel::Wijk,
            _ => AreaLevel::Buurt,
        }
    }

    /// The code of the municipality this area lies in.
    pub fn municipality(&self) -> AreaCode {
        AreaCode(format!("GM{}", &self.0[2..6]))
    }

    /// The wijk of a buurt; `None` for a municipality or a wijk.
    pub fn wijk(&self) -> Option<AreaCode> {
        (self.level() == AreaLevel::Buurt).then(|| AreaCode(format!("WK{}", &self.0[2..8])))
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AreaCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        AreaCode::parse(&s)
    }
}

impl From<AreaCode> for String {
    fn from(a: AreaCode) -> String {
        a.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_cbs_codes_are_trimmed_and_know_their_parents() {
        let b = AreaCode::parse("BU00340101").unwrap();
        assert_eq!(b.level(), AreaLevel::Buurt);
        assert_eq!(b.wijk().unwrap().as_str(), "WK003401");
        assert_eq!(b.municipality().as_str(), "GM0034");
        let g = AreaCode::parse("GM0034    ").unwrap();
        assert_eq!(g.as_str(), "GM0034");
        assert_eq!(g.level(), AreaLevel::Municipality);
        assert_eq!(AreaCode::parse("wk990101").unwrap().as_str(), "WK990101");
    }

    #[test]
    fn malformed_codes_are_refused() {
        for s in [
            "", "GM034", "WK9901", "BU123", "XX0034", "GM00a4", "Centrum",
        ] {
            assert!(AreaCode::parse(s).unwrap_err().contains("ongeldig"), "{s}");
        }
    }
}
