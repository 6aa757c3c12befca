//! Rules for text that comes from outside (forms, query strings, JSON bodies,
//! imports), checked once at the edge before any handler or store sees it.
//!
//! Limits per field (characters, not bytes); the table is also in
//! `docs/invoer.md`:
//!
//! | kind                     | fields (form names)                       | max characters | line breaks, tabs |
//! |--------------------------|-------------------------------------------|---------------:|-------------------|
//! | query parameter          | every `?name=value`                       |          8 000 | no                |
//! | one-line field (default) | every field not named below               |          1 000 | no                |
//! | text area                | [`LONG_FIELDS`] (`vraag`, `notitie`, …)   |         10 000 | yes               |
//! | pasted file              | [`PASTE_FIELDS`] (`csv`, `tekst`)          |      1 000 000 | yes               |
//! | field name               | every key                                 |            100 | no                |
//!
//! Control characters (Unicode category Cc: NUL, ESC, DEL, …) are refused
//! everywhere; only text areas and pasted files may hold tab, CR and LF.
//! These are outer bounds against abuse: a field's own rule (a name of at
//! most 200 characters, a note of at most 2 000) still applies after them.

/// What one field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldRule {
    pub max_chars: usize,
    /// Tab, CR and LF allowed (a text area).
    pub multi_line: bool,
}

/// A value in the query string: OpenID Connect codes and states can be long,
/// and an 8 KiB request line is what common proxies accept in all.
pub const QUERY: FieldRule = FieldRule {
    max_chars: 8_000,
    multi_line: false,
};
/// Every form field not listed below: names, titles, codes, hidden fields.
pub const ONE_LINE: FieldRule = FieldRule {
    max_chars: 1_000,
    multi_line: false,
};
/// A text area.
pub const LONG: FieldRule = FieldRule {
    max_chars: 10_000,
    multi_line: true,
};
/// A text area into which a whole CSV file is pasted (the form itself is
/// capped at 1 MiB by the CSRF layer).
pub const PASTE: FieldRule = FieldRule {
    max_chars: 1_000_000,
    multi_line: true,
};
/// A field name (the key of a form field, query parameter or JSON member).
pub const NAME: FieldRule = FieldRule {
    max_chars: 100,
    multi_line: false,
};

/// Names of the text areas in the templates (a test in the web crate keeps
/// this list complete).
pub const LONG_FIELDS: &[&str] = &[
    "aanmelden",
    "betrokken",
    "bezwaar",
    "correctie",
    "definitie",
    "grondslag",
    "melding",
    "motivering",
    "notitie",
    "omschrijving",
    "openingstijden",
    "opmerking",
    "overdracht",
    "reden",
    "toelichting",
    "verslag",
    "voor_wie",
    "vraag",
    "zorg",
];

/// Names of the text areas that take a pasted CSV file.
pub const PASTE_FIELDS: &[&str] = &["csv", "tekst"];

/// The rule for a form field (or JSON member) called `name`. A numbered
/// field of a repeated part of a form (`p2_motivering`) follows the rule of
/// its last part.
pub fn rule_for(name: &str) -> FieldRule {
    let last = name.rsplit('_').next().unwrap_or(name);
    if PASTE_FIELDS.contains(&name) {
        PASTE
    } else if LONG_FIELDS.contains(&name) || LONG_FIELDS.contains(&last) {
        LONG
    } else {
        ONE_LINE
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (or a line break in a one-line field).
    Control(char),
    TooLong {
        max: usize,
        actual: usize,
    },
}

/// Is `c` refused under `rule`? Category Cc, except tab, CR and LF in multi-line fields.
pub fn refused_char(c: char, rule: FieldRule) -> bool {
    c.is_control() && !(rule.multi_line && matches!(c, '\t' | '\r' | '\n'))
}

/// Checks one value against its rule.
pub fn check_text(value: &str, rule: FieldRule) -> Result<(), TextProblem> {
    if let Some(c) = value.chars().find(|c| refused_char(*c, rule)) {
        return Err(TextProblem::Control(c));
    }
    // Counting stops early: a 1 MiB value is not walked twice.
    let actual = value.chars().take(rule.max_chars + 1).count();
    if actual > rule.max_chars {
        return Err(TextProblem::TooLong {
            max: rule.max_chars,
            actual: value.chars().count(),
        });
    }
    Ok(())
}

/// A character as a reader can name it: "NUL (U+0000)", "regeleinde (U+000A)".
fn char_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' | '\r' => "regeleinde",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        _ => "stuurteken",
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

impl TextProblem {
    /// Dutch (B1) explanation; `subject` names what was checked, e.g.
    /// "Het veld 'vraag'" or "De waarde van 'q' in het adres".
    pub fn explain(&self, subject: &str) -> String {
        match self {
            TextProblem::Control(c) => format!(
                "{subject} bevat een onzichtbaar teken dat hier niet mag: {}. Haal het weg (typ de tekst eventueel opnieuw) en probeer het nog eens.",
                char_name(*c)
            ),
            TextProblem::TooLong { max, actual } => format!(
                "{subject} is te lang: hoogstens {} tekens, nu {}. Maak de tekst korter.",
                thousands(*max),
                thousands(*actual)
            ),
        }
    }
}

/// 10000 → "10.000" (Dutch digit grouping).
fn thousands(n: usize) -> String {
    crate::money::thousands(n as u64)
}

/// Schemes an imported or typed link may have.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Checks a link (a website, e-mail or phone link): an allowed scheme
/// (`javascript:`, `data:` and the like would run or hide content when
/// clicked), no spaces or control characters.
pub fn check_link(link: &str) -> Result<(), String> {
    let t = link.trim();
    let scheme = t
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    if !LINK_SCHEMES.contains(&scheme.as_str()) {
        return Err(format!(
            "'{}' is geen toegestane link; een link begint met https://, http://, mailto: of tel:",
            shorten(t)
        ));
    }
    if t.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("een link mag geen spaties of onzichtbare tekens bevatten".into());
    }
    let rest = t.get(scheme.len() + 1..).unwrap_or_default();
    let web = scheme.starts_with("http");
    if (web && !rest.starts_with("//")) || rest.trim_matches('/').is_empty() {
        return Err(format!("'{}' is geen volledig adres", shorten(t)));
    }
    Ok(())
}

/// The first 60 characters, for a message.
fn shorten(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(60)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_line_breaks_only_in_text_areas() {
        assert_eq!(
            check_text("Jan\0", ONE_LINE),
            Err(TextProblem::Control('\0'))
        );
        assert_eq!(
            check_text("a\u{1b}[31m", LONG),
            Err(TextProblem::Control('\u{1b}'))
        );
        assert_eq!(
            check_text("a\u{85}", LONG),
            Err(TextProblem::Control('\u{85}'))
        );
        assert_eq!(
            check_text("regel 1\nregel 2", ONE_LINE),
            Err(TextProblem::Control('\n'))
        );
        assert_eq!(check_text("regel 1\r\n\tregel 2", LONG), Ok(()));
        assert_eq!(check_text("Zuidwést € 12,50 ✓ مرحبا", ONE_LINE), Ok(()));
    }

    #[test]
    fn numbered_parts_of_a_form_follow_their_last_part() {
        assert_eq!(rule_for("p3_motivering"), LONG);
        assert_eq!(rule_for("motivering"), LONG);
        assert_eq!(rule_for("p3_omvang"), ONE_LINE);
        assert_eq!(rule_for("voor_wie"), LONG);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(check_text(&"é".repeat(1_000), ONE_LINE), Ok(()));
        assert_eq!(
            check_text(&"é".repeat(1_001), ONE_LINE),
            Err(TextProblem::TooLong {
                max: 1_000,
                actual: 1_001
            })
        );
        assert_eq!(check_text(&"x".repeat(10_000), rule_for("vraag")), Ok(()));
        assert!(check_text(&"x".repeat(10_001), rule_for("vraag")).is_err());
        assert_eq!(rule_for("csv"), PASTE);
        assert_eq!(rule_for("gebruikersnaam"), ONE_LINE);
    }

    #[test]
    fn problems_are_explained_in_dutch() {
        assert_eq!(
            TextProblem::Control('\0').explain("Het veld 'vraag'"),
            "Het veld 'vraag' bevat een onzichtbaar teken dat hier niet mag: NUL (U+0000). Haal het weg (typ de tekst eventueel opnieuw) en probeer het nog eens."
        );
        assert_eq!(
            TextProblem::TooLong {
                max: 10_000,
                actual: 12_345
            }
            .explain("Het veld 'notitie'"),
            "Het veld 'notitie' is te lang: hoogstens 10.000 tekens, nu 12.345. Maak de tekst korter."
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1.000.000");
    }

    #[test]
    fn links_need_a_safe_scheme() {
        for ok in [
            "https://www.wilgendaal.nl/hulp",
            "HTTP://example.org",
            "mailto:info@example.org",
            "tel:+31201234567",
        ] {
            assert_eq!(check_link(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "www.example.org",
            "https:example.org",
            "https://exa mple.org",
            "https://example.org/\0",
            "mailto:",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
        assert!(check_link("javascript:alert(1)")
            .unwrap_err()
            .contains("https://"));
    }
}
