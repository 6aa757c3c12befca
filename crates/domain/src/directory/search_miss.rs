//! A public search that found nothing or little, kept for the editors as
//! query text only. What a visitor types can carry personal data (a BSN, a
//! phone number, a postcode and house number, an e-mail address); the
//! normaliser takes that out before anything is stored, so the editors' list
//! holds words and never a person.

use chrono::{DateTime, Utc};
use std::fmt;

/// The placeholder for a token that could carry personal data.
pub const HIDDEN: &str = "#";

/// A search counted as a miss when it found fewer results than this.
pub const FEW_RESULTS: usize = 3;

/// A query as it may be stored: lower case, single spaces, at most
/// [`SearchMissQuery::MAX_CHARS`] characters, digits of three or more, e-mail
/// addresses and links replaced by `#`, and at least one word left.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchMissQuery(String);

impl SearchMissQuery {
    pub const MAX_CHARS: usize = 100;

    /// The query to record for what a visitor typed, or `None` when nothing
    /// safe and useful is left.
    pub fn new(raw: &str) -> Option<SearchMissQuery> {
        let lower = raw.to_lowercase();
        let tokens: Vec<&str> = lower.split_whitespace().collect();
        let mut kept: Vec<&str> = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            // A run of number tokens ("06 12 34 56 78", "123 456 789") counts
            // its digits together, so spaces cannot split a number past the rule.
            let run = tokens[i..].iter().take_while(|t| is_number_like(t)).count();
            if run > 0 {
                let digits: usize = tokens[i..i + run].iter().map(|t| digit_count(t)).sum();
                if digits >= 3 {
                    push_hidden(&mut kept);
                } else {
                    kept.extend_from_slice(&tokens[i..i + run]);
                }
                i += run;
                continue;
            }
            let t = tokens[i];
            if digit_count(t) >= 3 || is_email(t) || is_link(t) {
                push_hidden(&mut kept);
            } else {
                kept.push(t);
            }
            i += 1;
        }
        if kept.iter().all(|t| *t == HIDDEN) {
            return None;
        }
        let joined = kept.join(" ");
        let cut: String = joined.chars().take(Self::MAX_CHARS).collect();
        Some(SearchMissQuery(cut.trim_end().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SearchMissQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Dutch month (`YYYY-MM`) a search at `now` is counted in.
pub fn search_month(now: DateTime<Utc>) -> String {
    crate::dutch_time::local(now).format("%Y-%m").to_string()
}

/// A month as the editors' page shows it ("december 2026"), or `None` when
/// `month` is not a `YYYY-MM` month.
pub fn month_label(month: &str) -> Option<String> {
    let (year, m) = month.split_once('-')?;
    if year.len() != 4 || m.len() != 2 || !year.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let m: usize = m.parse().ok()?;
    let name = crate::dutch_time::MONTHS.get(m.checked_sub(1)?)?;
    Some(format!("{name} {year}"))
}

/// Whether a search is a miss worth counting: text typed, the first page,
/// fewer than [`FEW_RESULTS`] results.
pub fn is_miss(text: &str, page: usize, total: usize) -> bool {
    !text.trim().is_empty() && page <= 1 && total < FEW_RESULTS
}

fn push_hidden(kept: &mut Vec<&str>) {
    if kept.last() != Some(&HIDDEN) {
        kept.push(HIDDEN);
    }
}

fn digit_count(t: &str) -> usize {
    t.chars().filter(|c| c.is_numeric()).count()
}

/// Digits with at most punctuation between them: `06`, `12-34`, `+31`.
fn is_number_like(t: &str) -> bool {
    t.chars().any(char::is_numeric)
        && t.chars()
            .all(|c| c.is_numeric() || c.is_ascii_punctuation())
}

fn is_email(t: &str) -> bool {
    t.contains('@')
}

/// `http://…`, `www.…` or a domain name such as `hulp.nl/jan`.
fn is_link(t: &str) -> bool {
    if t.contains("://") || t.starts_with("www.") {
        return true;
    }
    let host = t.split('/').next().unwrap_or_default();
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty())
        && parts
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(raw: &str) -> Option<String> {
        SearchMissQuery::new(raw).map(|q| q.as_str().to_string())
    }

    #[test]
    fn trims_lowers_and_collapses_whitespace() {
        assert_eq!(
            q("  Hulp   bij\tSCHULDEN \n").as_deref(),
            Some("hulp bij schulden")
        );
    }

    #[test]
    fn hides_numbers_of_three_digits_or_more() {
        assert_eq!(q("bsn 123456782 hulp").as_deref(), Some("bsn # hulp"));
        assert_eq!(q("bel 06-12345678").as_deref(), Some("bel #"));
        assert_eq!(q("postcode 1234AB").as_deref(), Some("postcode #"));
        assert_eq!(q("1234 ab wonen").as_deref(), Some("# ab wonen"));
        assert_eq!(q("kerkstraat 123b").as_deref(), Some("kerkstraat #"));
        assert_eq!(q("zorg+31612345678").as_deref(), None);
    }

    #[test]
    fn numbers_split_by_spaces_are_counted_together() {
        assert_eq!(q("tel 06 12 34 56 78").as_deref(), Some("tel #"));
        assert_eq!(q("bsn 123 456 782").as_deref(), Some("bsn #"));
    }

    #[test]
    fn keeps_small_numbers() {
        assert_eq!(q("kinderen 12 jaar").as_deref(), Some("kinderen 12 jaar"));
        assert_eq!(q("wmo 2015").as_deref(), Some("wmo #"));
        assert_eq!(q("18+ hulp").as_deref(), Some("18+ hulp"));
    }

    #[test]
    fn hides_email_addresses_and_links() {
        assert_eq!(q("mail Jan@Example.nl").as_deref(), Some("mail #"));
        assert_eq!(
            q("zie https://example.nl/x en www.hulp.nl").as_deref(),
            Some("zie # en #")
        );
        assert_eq!(q("site jandevries.nl/contact").as_deref(), Some("site #"));
        assert_eq!(q("hulp e.v.").as_deref(), Some("hulp e.v."));
    }

    #[test]
    fn nothing_left_is_not_recorded() {
        assert_eq!(q(""), None);
        assert_eq!(q("   "), None);
        assert_eq!(q("123456782"), None);
        assert_eq!(q("jan@example.nl 0612345678"), None);
    }

    #[test]
    fn adjacent_hidden_tokens_become_one() {
        assert_eq!(
            q("a@b.nl 123456 www.x.nl schuld").as_deref(),
            Some("# schuld")
        );
    }

    #[test]
    fn cut_to_a_hundred_characters() {
        let long = "woord ".repeat(40);
        let got = q(&long).unwrap();
        assert!(got.chars().count() <= SearchMissQuery::MAX_CHARS);
        assert!(!got.ends_with(' '));
        let wide = "é".repeat(150);
        assert_eq!(q(&wide).unwrap().chars().count(), 100);
    }

    #[test]
    fn month_is_the_dutch_month() {
        use chrono::TimeZone;
        // 31 January 23:30 UTC is already February in the Netherlands.
        let t = Utc.with_ymd_and_hms(2026, 1, 31, 23, 30, 0).unwrap();
        assert_eq!(search_month(t), "2026-02");
    }

    #[test]
    fn months_read_in_dutch() {
        assert_eq!(month_label("2026-12").as_deref(), Some("december 2026"));
        assert_eq!(month_label("2027-01").as_deref(), Some("januari 2027"));
        assert_eq!(month_label("2026-13"), None);
        assert_eq!(month_label("2026-00"), None);
        assert_eq!(month_label("26-01"), None);
        assert_eq!(month_label("x"), None);
    }

    #[test]
    fn only_first_pages_with_text_and_few_results_are_misses() {
        assert!(is_miss("schuld", 1, 0));
        assert!(is_miss("schuld", 1, 2));
        assert!(!is_miss("schuld", 1, 3));
        assert!(!is_miss("schuld", 2, 0));
        assert!(!is_miss("  ", 1, 0));
    }
}
