//! The languages residents can read Kompas in (issue 15): Dutch first, then the
//! languages Dutch municipalities most often publish help in. Professional pages
//! stay Dutch; a resident's choice is one of these or nothing.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    #[default]
    Nl,
    En,
    Ar,
    Tr,
    Pl,
    Uk,
}

impl Language {
    /// In the order the language choice shows them.
    pub const ALL: [Language; 6] = [
        Language::Nl,
        Language::En,
        Language::Ar,
        Language::Tr,
        Language::Pl,
        Language::Uk,
    ];

    /// The BCP 47 code, as in `<html lang>`, `?taal=` and HSDS `languages`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
            Language::Ar => "ar",
            Language::Tr => "tr",
            Language::Pl => "pl",
            Language::Uk => "uk",
        }
    }

    /// Parses a code as typed in a URL, a cookie or a data file; regional
    /// variants ("en-GB", "nl_BE") count as their language.
    pub fn parse(code: &str) -> Option<Language> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn is_rtl(self) -> bool {
        self == Language::Ar
    }

    /// The value of the `dir` attribute.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's name in itself, as the language choice shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Nl => "Nederlands",
            Language::En => "English",
            Language::Ar => "العربية",
            Language::Tr => "Türkçe",
            Language::Pl => "Polski",
            Language::Uk => "Українська",
        }
    }

    /// The language's name in Dutch (for editors' forms).
    pub fn name_nl(self) -> &'static str {
        match self {
            Language::Nl => "Nederlands",
            Language::En => "Engels",
            Language::Ar => "Arabisch",
            Language::Tr => "Turks",
            Language::Pl => "Pools",
            Language::Uk => "Oekraïens",
        }
    }

    /// The best of our languages for an `Accept-Language` header: the
    /// highest-weighted tag we speak, ties by the header's order; none when
    /// the browser asks only for languages we do not have.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut best: Option<(f32, usize, Language)> = None;
        for (i, part) in header.split(',').enumerate().take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q.is_nan() || q <= 0.0 {
                continue;
            }
            let Some(lang) = Language::parse(tag) else {
                continue;
            };
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_variants_count_as_their_language() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.code()), Some(l));
        }
        assert_eq!(Language::parse("en-GB"), Some(Language::En));
        assert_eq!(Language::parse(" NL_be "), Some(Language::Nl));
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::parse(""), None);
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        let rtl: Vec<_> = Language::ALL.into_iter().filter(|l| l.is_rtl()).collect();
        assert_eq!(rtl, vec![Language::Ar]);
        assert_eq!(Language::Ar.dir(), "rtl");
        assert_eq!(Language::Uk.dir(), "ltr");
    }

    #[test]
    fn accept_language_picks_the_best_weighted_language_we_speak() {
        assert_eq!(
            Language::from_accept_language("de-DE,de;q=0.9,ar;q=0.8,en;q=0.7"),
            Some(Language::Ar)
        );
        assert_eq!(
            Language::from_accept_language("en;q=0.5, tr"),
            Some(Language::Tr)
        );
        assert_eq!(
            Language::from_accept_language("pl-PL, uk"),
            Some(Language::Pl)
        );
        assert_eq!(Language::from_accept_language("fr, de"), None);
        assert_eq!(Language::from_accept_language("en;q=0"), None);
        assert_eq!(Language::from_accept_language(""), None);
    }
}
