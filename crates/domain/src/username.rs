//! A login name: lower-case letters, digits, dot, dash, underscore and @, 3 to 64 long.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("een gebruikersnaam heeft 3 tot 64 tekens")]
    Length,
    #[error("een gebruikersnaam mag alleen kleine letters, cijfers en . - _ @ bevatten")]
    Characters,
}

impl Username {
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let s = raw.trim().to_lowercase();
        if !(3..=64).contains(&s.chars().count()) {
            return Err(UsernameError::Length);
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c))
        {
            return Err(UsernameError::Characters);
        }
        Ok(Username(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(Username::parse("  Admin ").map(|u| u.0), Ok("admin".into()));
    }

    #[test]
    fn refuses_odd_names() {
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("a b c"), Err(UsernameError::Characters));
        assert_eq!(
            Username::parse("robert'); drop"),
            Err(UsernameError::Characters)
        );
    }
}
