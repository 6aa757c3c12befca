//! Short free texts of the plan module (goals, actions, reasons, notes): each
//! its own type with a length that is checked once, when it is made.

/// Trims `raw` and checks it: not empty, at most `max` characters, and no
/// control characters other than line breaks and tabs.
pub(crate) fn clean(raw: &str, max: usize, empty: &str, what: &str) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(empty.to_string());
    }
    if t.chars().count() > max {
        return Err(format!(
            "{what} is te lang: gebruik hoogstens {max} tekens."
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(format!("{what} bevat vreemde tekens."));
    }
    Ok(t.to_string())
}

/// A newtype around a checked text: `parse`, `as_str`, `MAX`, serde as a
/// plain string that is checked again when read.
macro_rules! bounded_text {
    ($(#[$m:meta])* $name:ident, $max:expr, $empty:literal, $what:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX: usize = $max;

            pub fn parse(raw: &str) -> Result<$name, String> {
                $crate::plan::text::clean(raw, Self::MAX, $empty, $what).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use bounded_text;

#[cfg(test)]
mod tests {
    bounded_text!(Sample, 5, "Vul iets in.", "De tekst");

    #[test]
    fn text_is_trimmed_and_bounded_in_characters_not_bytes() {
        assert_eq!(Sample::parse("  abc \n").map(|s| s.0), Ok("abc".into()));
        assert_eq!(Sample::parse("ëëëëë").map(|s| s.0), Ok("ëëëëë".into()));
        assert_eq!(
            Sample::parse("abcdef"),
            Err("De tekst is te lang: gebruik hoogstens 5 tekens.".into())
        );
        assert_eq!(Sample::parse(" \t "), Err("Vul iets in.".into()));
    }

    #[test]
    fn line_breaks_are_fine_other_control_characters_are_not() {
        assert!(Sample::parse("a\nb").is_ok());
        assert!(Sample::parse("a\u{7}b")
            .unwrap_err()
            .contains("vreemde tekens"));
    }

    #[test]
    fn serde_checks_again_when_reading() {
        let s: Sample = serde_json::from_str("\" ab \"").unwrap();
        assert_eq!(s.as_str(), "ab");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"ab\"");
        assert!(serde_json::from_str::<Sample>("\"\"").is_err());
        assert!(serde_json::from_str::<Sample>("\"abcdef\"").is_err());
    }
}
