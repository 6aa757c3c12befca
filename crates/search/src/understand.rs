//! What a query asks for, before the index is touched: the phrases the
//! municipality's synonyms and the shipped thesaurus know (longest first),
//! then the remaining words as they are, split when they are unknown
//! compounds, and only then corrected when they are typos — against words
//! that occur in the directory or the thesaurus, the more frequent first.
//! The result names each part, so the page can say what was understood.

use crate::analyzer;
use crate::thesaurus::{phrase_key, CrisisKind, Thesaurus};
use std::collections::HashMap;

/// The directory's own words, as the index knows them.
pub trait Vocabulary {
    /// Does the folded word, or its stem, occur in the directory?
    fn known(&self, word: &str) -> bool;
    /// Directory words within `max` edits of `word` (same first letter), with
    /// the number of offers that use them.
    fn near(&self, word: &str, max: usize) -> Vec<(String, u32)>;
}

/// Where a part of the query came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A phrase of the shipped thesaurus.
    Thesaurus,
    /// A synonym of the municipality's editors.
    Synonym,
    /// A word of the directory, searched as typed.
    Word,
    /// A typo, searched as the word it was near.
    Corrected { typed: String },
    /// A part of an unknown compound.
    Part { of: String },
}

/// One thing the query asks for, with the words that find it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// What the page shows ("U zocht op: schulden").
    pub label: String,
    /// Folded words with their weight, searched everywhere in an offer;
    /// words joined by a space must all occur.
    pub terms: Vec<(String, f32)>,
    /// A concept's own words: what an offer about it is called. Searched in
    /// names and keywords only — mentioned in passing in a description, they
    /// say little (and would list half the directory).
    pub related: Vec<(String, f32)>,
    pub life_domain: Option<String>,
    /// An offer must match at least one primary unit; the others only add to
    /// its score (the leftover part of a compound next to a concept).
    pub primary: bool,
    pub source: Source,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understanding {
    pub units: Vec<Unit>,
    /// Words that matched nothing at all.
    pub unknown: Vec<String>,
    pub crisis: Vec<CrisisKind>,
}

/// Words that carry no search meaning in a question but are not stop words
/// of the directory's text (they are only dropped from queries).
const QUERY_STOP_WORDS: &[&str] = &[
    "word", "ben", "bent", "heel", "erg", "echt", "weet", "meer", "alles", "steeds", "altijd",
    "vaak", "nodig", "gewoon", "even", "terecht", "krijg", "krijgen", "doen", "gaan", "gaat",
    "mag", "willen", "ergens", "kunt", "zit", "mn", "m", "zn", "niks", "niets", "please", "i",
    "my", "with", "the", "an", "for", "and", "to", "of", "is", "am", "are", "need", "want", "can",
    "how", "where", "get", "do", "have", "what", "who",
    // Time and frequency: context, not a subject ("elke dag", "al maanden").
    "dag", "dagen", "elke", "elk", "hele", "maand", "maanden", "week", "weken", "jaar", "jaren",
    "morgen", "vandaag", "gisteren", "soms", "sinds", "keer", "tijd", "lang", "laatste", "staat",
    "voel", "regel", "regelen", "ander", "andere", "goed", "slecht", "beetje",
];

/// Weight of a concept's own search words next to the words the resident used.
const CONCEPT_WEIGHT: f32 = 0.6;

/// Weight of a plain word next to a phrase the thesaurus knows: the phrase
/// says what is asked, the other words who and where ("mijn *zoon* spijbelt").
const CONTEXT_WEIGHT: f32 = 0.5;

/// Reads a query. `synonyms` are the municipality's own (stemmed key →
/// meanings); they come before the thesaurus, so editors can override it.
pub fn understand(
    text: &str,
    thesaurus: &Thesaurus,
    synonyms: Option<&HashMap<String, Vec<String>>>,
    vocabulary: &dyn Vocabulary,
) -> Understanding {
    let words = analyzer::words(text);
    let stems: Vec<String> = words.iter().map(|w| analyzer::stem(w)).collect();
    let longest_synonym = synonyms
        .map(|s| s.keys().map(|k| k.split(' ').count()).max().unwrap_or(0))
        .unwrap_or(0);
    let longest = thesaurus.longest_phrase().max(longest_synonym).max(1);
    let mut out = Understanding::default();
    let n = words.len();
    // The phrases the synonyms and the thesaurus know, the longest first
    // (then the leftmost), without overlaps: "ik ben bang voor mijn man" is
    // read as the five-word phrase, not as "ben bang" plus leftovers.
    let mut covered = vec![false; n];
    let mut found: Vec<(usize, Unit)> = Vec::new();
    for len in (1..=longest.min(n)).rev() {
        for i in 0..=n - len {
            // Danger counts wherever it is said, even inside a longer phrase.
            if let Some(kind) = thesaurus
                .find(&words[i..i + len])
                .and_then(|c| thesaurus.concept(c).crisis)
            {
                out.crisis.push(kind);
            }
            if covered[i..i + len].iter().any(|c| *c) {
                continue;
            }
            let key = stems[i..i + len].join(" ");
            if let Some(unit) = phrase_unit(&key, &words[i..i + len], thesaurus, synonyms, &mut out)
            {
                covered[i..i + len].fill(true);
                found.push((i, unit));
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    let mut found = found.into_iter().peekable();
    for (i, w) in words.iter().enumerate() {
        while let Some((_, unit)) = found.next_if(|(start, _)| *start == i) {
            push(&mut out.units, unit);
        }
        if covered[i]
            || analyzer::is_stop_word(w)
            || QUERY_STOP_WORDS.contains(&w.as_str())
            || w.len() < 2
        {
            continue;
        }
        word_units(w, thesaurus, synonyms, vocabulary, &mut out);
    }
    out.crisis.sort();
    out.crisis.dedup();
    // Next to a concept the thesaurus or the editors know, plain words are
    // context: they weigh less and do not list an offer on their own ("ik
    // zit de hele dag alleen *thuis*" is about loneliness, not about every
    // offer that comes to your home).
    let concept = |u: &Unit| !u.related.is_empty() || u.source == Source::Synonym;
    if out.units.iter().any(concept) {
        for u in out.units.iter_mut().filter(|u| u.source == Source::Word) {
            u.primary = false;
            for t in &mut u.terms {
                t.1 *= CONTEXT_WEIGHT;
            }
        }
    }
    out
}

fn push(units: &mut Vec<Unit>, unit: Unit) {
    if let Some(same) = units.iter_mut().find(|u| u.label == unit.label) {
        for t in unit.terms {
            if !same.terms.iter().any(|(w, _)| *w == t.0) {
                same.terms.push(t);
            }
        }
        for t in unit.related {
            if !same
                .related
                .iter()
                .chain(&same.terms)
                .any(|(w, _)| *w == t.0)
            {
                same.related.push(t);
            }
        }
        same.primary |= unit.primary;
    } else {
        units.push(unit);
    }
}

/// The unit a phrase key names: the municipality's synonym first, then the thesaurus.
fn phrase_unit(
    key: &str,
    typed: &[String],
    thesaurus: &Thesaurus,
    synonyms: Option<&HashMap<String, Vec<String>>>,
    out: &mut Understanding,
) -> Option<Unit> {
    // The resident's own words: one word is the subject itself ("zwemles");
    // in a phrase they may be only its setting ("mijn *partner* slaat me"),
    // so they weigh no more than the concept's words.
    let own_weight = if typed.len() == 1 {
        1.0
    } else {
        CONCEPT_WEIGHT
    };
    let own: Vec<(String, f32)> = typed
        .iter()
        .filter(|w| !analyzer::is_stop_word(w) && !QUERY_STOP_WORDS.contains(&w.as_str()))
        .map(|w| (w.clone(), own_weight))
        .collect();
    if let Some(means) = synonyms.and_then(|s| s.get(key)) {
        let mut terms = own;
        let mut related = Vec::new();
        for m in means {
            for w in analyzer::content_words(m) {
                // An editor's meaning may itself be a concept: search its words too.
                if let Some(c) = thesaurus.find(std::slice::from_ref(&w)) {
                    related.extend(
                        thesaurus
                            .concept(c)
                            .searches
                            .iter()
                            .map(|s| (s.clone(), CONCEPT_WEIGHT)),
                    );
                }
                terms.push((w, 1.0));
            }
        }
        dedup_terms(&mut terms, &mut related);
        return Some(Unit {
            label: means.join(", "),
            terms,
            related,
            life_domain: None,
            primary: true,
            source: Source::Synonym,
        });
    }
    let c = thesaurus.concept(thesaurus.find(typed)?);
    if let Some(kind) = c.crisis {
        out.crisis.push(kind);
    }
    // Danger is searched by the concept's words alone: the crisis offers.
    let mut terms = if c.crisis.is_some() { Vec::new() } else { own };
    let mut related: Vec<(String, f32)> = c
        .searches
        .iter()
        .map(|s| (s.clone(), CONCEPT_WEIGHT))
        .collect();
    dedup_terms(&mut terms, &mut related);
    Some(Unit {
        label: c.label.clone(),
        terms,
        related,
        life_domain: c.life_domain.clone(),
        primary: true,
        source: Source::Thesaurus,
    })
}

/// Each word once; a word the resident typed is not also a related one.
fn dedup_terms(terms: &mut Vec<(String, f32)>, related: &mut Vec<(String, f32)>) {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|(w, _)| seen.insert(w.clone()));
    related.retain(|(w, _)| seen.insert(w.clone()));
}

/// One leftover word: as it is, as the parts of a compound, or as the word it
/// is a typo of.
fn word_units(
    w: &str,
    thesaurus: &Thesaurus,
    synonyms: Option<&HashMap<String, Vec<String>>>,
    vocabulary: &dyn Vocabulary,
    out: &mut Understanding,
) {
    if vocabulary.known(w) || thesaurus.word_count(w) > 0 {
        push(&mut out.units, word_unit(w, Source::Word));
        return;
    }
    if let Some(parts) = split_compound(w, thesaurus, vocabulary) {
        let before = out.units.len();
        let mut any_concept = false;
        let mut plain = Vec::new();
        for p in &parts {
            let key = phrase_key(p);
            match phrase_unit(&key, std::slice::from_ref(p), thesaurus, synonyms, out) {
                Some(mut u) => {
                    any_concept = true;
                    u.source = Source::Part { of: w.to_string() };
                    push(&mut out.units, u);
                }
                None => plain.push(p.clone()),
            }
        }
        for p in plain {
            let mut u = word_unit(&p, Source::Part { of: w.to_string() });
            u.primary = !any_concept;
            push(&mut out.units, u);
        }
        if out.units.len() > before {
            return;
        }
    }
    if let Some(fixed) = correct(w, thesaurus, vocabulary) {
        let key = phrase_key(&fixed);
        let source = Source::Corrected {
            typed: w.to_string(),
        };
        match phrase_unit(&key, std::slice::from_ref(&fixed), thesaurus, synonyms, out) {
            Some(mut u) => {
                u.source = source;
                push(&mut out.units, u);
            }
            None => push(&mut out.units, word_unit(&fixed, source)),
        }
        return;
    }
    // Not a typo either: a compound whose head the directory knows, the rest not: "schuldhulpverlening" → schuldhulp.
    if let Some(head) = known_head(w, thesaurus, vocabulary) {
        let key = phrase_key(&head);
        let source = Source::Part { of: w.to_string() };
        match phrase_unit(&key, std::slice::from_ref(&head), thesaurus, synonyms, out) {
            Some(mut u) => {
                u.source = source;
                push(&mut out.units, u);
            }
            None => push(&mut out.units, word_unit(&head, source)),
        }
        return;
    }
    out.unknown.push(w.to_string());
}

fn word_unit(w: &str, source: Source) -> Unit {
    Unit {
        label: w.to_string(),
        terms: vec![(w.to_string(), 1.0)],
        related: Vec::new(),
        life_domain: None,
        primary: true,
        source,
    }
}

/// Dutch joins compound parts directly or with a linking s or e(n).
const LINKS: &[&str] = &["", "s", "e"];

/// Is `part` a word we can search: a thesaurus phrase or a directory word?
fn resolvable(part: &str, thesaurus: &Thesaurus, vocabulary: &dyn Vocabulary) -> bool {
    part.chars().count() >= 3
        && (thesaurus.find(&[part.to_string()]).is_some()
            || thesaurus.word_count(part) > 0
            || vocabulary.known(part))
}

/// An unknown compound split into two known parts ("schuldenproblemen" →
/// schulden + problemen), the longest known head first; the tail may itself be
/// a compound. None when no split makes every part known.
pub fn split_compound(
    word: &str,
    thesaurus: &Thesaurus,
    vocabulary: &dyn Vocabulary,
) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 7 {
        return None;
    }
    for cut in (3..=chars.len() - 3).rev() {
        let head: String = chars[..cut].iter().collect();
        if !resolvable(&head, thesaurus, vocabulary) {
            continue;
        }
        let rest: String = chars[cut..].iter().collect();
        for link in LINKS {
            let Some(tail) = rest.strip_prefix(link) else {
                continue;
            };
            if resolvable(tail, thesaurus, vocabulary) {
                return Some(vec![head.clone(), tail.to_string()]);
            }
            if let Some(mut more) = split_compound(tail, thesaurus, vocabulary) {
                more.insert(0, head.clone());
                return Some(more);
            }
        }
    }
    None
}

/// The longest known beginning of an unknown word (at least five letters,
/// leaving at least three).
fn known_head(word: &str, thesaurus: &Thesaurus, vocabulary: &dyn Vocabulary) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 8 {
        return None;
    }
    (5..=chars.len() - 3)
        .rev()
        .map(|cut| chars[..cut].iter().collect::<String>())
        .find(|head| resolvable(head, thesaurus, vocabulary))
}

/// The word a typo was meant to be: the nearest word of the directory or the
/// thesaurus (one edit, two for words of eight letters or more), the most
/// frequent among equally near ones.
pub fn correct(word: &str, thesaurus: &Thesaurus, vocabulary: &dyn Vocabulary) -> Option<String> {
    let len = word.chars().count();
    if len < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let max = if len >= 8 { 2 } else { 1 };
    let mut counts: HashMap<String, u32> = vocabulary.near(word, max).into_iter().collect();
    let first = word.chars().next()?;
    for (w, n) in thesaurus.words_starting_with(first) {
        if w.chars().count().abs_diff(len) <= max {
            // A thesaurus word counts as often as a directory word in a few offers.
            *counts.entry(w.clone()).or_default() += n * 3;
        }
    }
    counts
        .into_iter()
        .filter_map(|(w, n)| {
            let d = analyzer::edit_distance(word, &w);
            (d <= max && d > 0).then_some((d, n, w))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)))
        .map(|(_, _, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Words(Vec<(&'static str, u32)>);
    impl Vocabulary for Words {
        fn known(&self, word: &str) -> bool {
            let s = analyzer::stem(word);
            self.0
                .iter()
                .any(|(w, _)| *w == word || analyzer::stem(w) == s)
        }
        fn near(&self, word: &str, max: usize) -> Vec<(String, u32)> {
            self.0
                .iter()
                .filter(|(w, _)| analyzer::edit_distance(w, word) <= max)
                .map(|(w, n)| (w.to_string(), *n))
                .collect()
        }
    }

    const T: &str = r#"
[[begrip]]
naam = "schulden"
label = "schulden"
leefgebied = "financien"
zoekt = ["schulden", "schuldhulp"]
nl = ["schulden", "geldzorgen", "kan de huur niet betalen"]
en = ["debts"]

[[begrip]]
naam = "zelfdoding"
label = "gedachten aan zelfdoding"
zoekt = ["zelfmoordpreventie", "113"]
nl = ["wil niet meer leven"]
crisis = "zelfdoding"
"#;

    fn t() -> Thesaurus {
        Thesaurus::parse(&[("t.toml", T)]).unwrap()
    }

    fn dir() -> Words {
        Words(vec![
            ("scholen", 2),
            ("schulden", 9),
            ("problemen", 5),
            ("koffie", 3),
            ("moeder", 4),
        ])
    }

    fn labels(u: &Understanding) -> Vec<&str> {
        u.units.iter().map(|u| u.label.as_str()).collect()
    }

    #[test]
    fn phrases_come_first_and_keep_the_residents_own_words() {
        let u = understand("Ik kan de huur niet betalen", &t(), None, &dir());
        assert_eq!(labels(&u), vec!["schulden"]);
        let words =
            |t: &[(String, f32)]| -> Vec<String> { t.iter().map(|(w, _)| w.clone()).collect() };
        assert_eq!(words(&u.units[0].terms), vec!["huur", "betalen"]);
        assert_eq!(words(&u.units[0].related), vec!["schulden", "schuldhulp"]);
        assert!(u.crisis.is_empty());
    }

    #[test]
    fn crisis_phrases_are_flagged_and_ordinary_words_are_not() {
        let u = understand("ik wil niet meer leven", &t(), None, &dir());
        assert_eq!(u.crisis, vec![CrisisKind::Zelfdoding]);
        assert!(understand("meer leven in de buurt", &t(), None, &dir())
            .crisis
            .is_empty());
    }

    #[test]
    fn typos_go_to_the_more_frequent_near_word_and_compounds_split() {
        let u = understand("scholden", &t(), None, &dir());
        assert_eq!(labels(&u), vec!["schulden"]);
        assert_eq!(
            u.units[0].source,
            Source::Corrected {
                typed: "scholden".into()
            }
        );
        let u = understand("schuldenproblemen", &t(), None, &dir());
        assert_eq!(labels(&u), vec!["schulden", "problemen"]);
        assert!(u.units[0].primary && !u.units[1].primary);
        assert_eq!(
            understand("help with debts", &t(), None, &dir()).units[0].label,
            "schulden"
        );
        assert_eq!(
            understand("xqzwv", &t(), None, &dir()).unknown,
            vec!["xqzwv"]
        );
    }

    #[test]
    fn the_municipalitys_synonym_overrides_the_thesaurus() {
        let own: HashMap<String, Vec<String>> =
            [(phrase_key("geldzorgen"), vec!["koffie".to_string()])].into();
        let u = understand("geldzorgen", &t(), Some(&own), &dir());
        assert_eq!(labels(&u), vec!["koffie"]);
        assert_eq!(u.units[0].source, Source::Synonym);
    }
}
