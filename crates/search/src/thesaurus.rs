//! The thesaurus that ships with Kompas: residents' words and phrases (in
//! Dutch and the top concepts in English, Arabic, Turkish, Polish and
//! Ukrainian) → the concepts offers are written in. Product data in
//! `thesaurus/*.toml`, one file per life domain plus common offers and crisis;
//! the format is described in `docs/thesaurus.md`.

use crate::analyzer;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The kinds of acute danger that put the crisis block above the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrisisKind {
    /// Thoughts of suicide: 113.
    Zelfdoding,
    /// Violence at home: Veilig Thuis.
    HuiselijkGeweld,
    /// A child in danger: Veilig Thuis.
    Kindermishandeling,
    /// No roof tonight: the municipality's night shelter.
    Dakloos,
    /// Danger right now: 112.
    AcuutGevaar,
}

/// One concept: what residents say, and what the directory calls it.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    /// Shown as "U zocht op: …".
    pub label: String,
    pub life_domain: Option<String>,
    /// Terms offers about this concept use: folded content words, several
    /// words joined by a space when they only count together.
    pub searches: Vec<String>,
    pub crisis: Option<CrisisKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    begrip: Vec<RawConcept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    naam: String,
    label: String,
    leefgebied: Option<String>,
    zoekt: Vec<String>,
    #[serde(default)]
    nl: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    ar: Vec<String>,
    #[serde(default)]
    ar_latijn: Vec<String>,
    #[serde(default)]
    tr: Vec<String>,
    #[serde(default)]
    pl: Vec<String>,
    #[serde(default)]
    uk: Vec<String>,
    crisis: Option<CrisisKind>,
}

/// The key a phrase is looked up by: the stems of all its words (stop words
/// included: "slaat me" is not "slaat"), joined by spaces.
pub fn phrase_key(text: &str) -> String {
    analyzer::words(text)
        .iter()
        .map(|w| analyzer::stem(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Default)]
pub struct Thesaurus {
    concepts: Vec<Concept>,
    /// Dutch phrase key (stems) → concept.
    phrases: HashMap<String, usize>,
    /// Other languages' phrases (folded words) → concept.
    foreign: HashMap<String, usize>,
    /// The longest phrase, in words (bounds the lookups per query).
    longest: usize,
    entries_by_language: Vec<(&'static str, usize)>,
    /// Folded words of every entry and search word, with how often they occur
    /// (the vocabulary typos are corrected against, next to the directory's).
    words: HashMap<String, u32>,
    by_initial: HashMap<char, Vec<(String, u32)>>,
}

impl Thesaurus {
    /// Reads thesaurus files (name, text); any problem names the file and concept.
    pub fn parse(files: &[(&str, &str)]) -> Result<Thesaurus, String> {
        let (t, problems) = Thesaurus::read(files);
        if problems.is_empty() {
            Ok(t)
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Reads what is sound and lists every problem: an entry, concept or file
    /// in error is left out, the rest still works.
    pub fn read(files: &[(&str, &str)]) -> (Thesaurus, Vec<String>) {
        let mut t = Thesaurus::default();
        let mut problems = Vec::new();
        let mut per_language: HashMap<&'static str, usize> = HashMap::new();
        let mut names: HashMap<String, String> = HashMap::new();
        for (file, text) in files {
            let parsed: File = match toml::from_str(text) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("{file}: {e}"));
                    continue;
                }
            };
            for raw in parsed.begrip {
                let at = |e: String| format!("{file}, begrip '{}': {e}", raw.naam);
                if let Some(other) = names.insert(raw.naam.clone(), (*file).to_string()) {
                    problems.push(at(format!("de naam staat ook in {other}")));
                    continue;
                }
                if let Some(d) = &raw.leefgebied {
                    if let Err(e) = kompas_domain::directory::LifeDomain::parse(d) {
                        problems.push(at(e));
                        continue;
                    }
                }
                // "sociaal contact" is one term: both words, not either.
                let searches: Vec<String> = raw
                    .zoekt
                    .iter()
                    .map(|s| analyzer::content_words(s).join(" "))
                    .filter(|s| !s.is_empty())
                    .collect();
                if searches.is_empty() {
                    problems.push(at("'zoekt' noemt geen woorden".into()));
                    continue;
                }
                let index = t.concepts.len();
                let languages: [(&'static str, &Vec<String>); 7] = [
                    ("nl", &raw.nl),
                    ("en", &raw.en),
                    ("ar", &raw.ar),
                    ("ar_latijn", &raw.ar_latijn),
                    ("tr", &raw.tr),
                    ("pl", &raw.pl),
                    ("uk", &raw.uk),
                ];
                for (language, entries) in languages {
                    for entry in entries {
                        // A word or pair needs a word that is not a stop
                        // word of Dutch (Turkish "iş" folds to "is" and would
                        // match nearly every question); three or more words
                        // in a row are specific enough ("wordt me te veel").
                        if analyzer::content_words(entry).is_empty()
                            && analyzer::words(entry).len() < 3
                        {
                            problems.push(at(format!("'{entry}' bestaat alleen uit stopwoorden")));
                            continue;
                        }
                        // Dutch phrases are found by their stems ("slaat",
                        // "slaan"); other languages by their words as
                        // written, so the Dutch stemmer cannot merge English
                        // "pests" with Dutch "pesten".
                        let (key, map) = if language == "nl" {
                            (phrase_key(entry), &mut t.phrases)
                        } else {
                            (analyzer::words(entry).join(" "), &mut t.foreign)
                        };
                        if let Some(other) = map.get(&key).copied().filter(|o| *o != index) {
                            problems.push(at(format!(
                                "'{entry}' hoort ook bij '{}'",
                                t.concepts[other].name
                            )));
                            continue;
                        }
                        map.insert(key, index);
                        t.longest = t.longest.max(analyzer::words(entry).len());
                        *per_language.entry(language).or_default() += 1;
                        for w in analyzer::content_words(entry) {
                            *t.words.entry(w).or_default() += 1;
                        }
                    }
                }
                for w in searches.iter().flat_map(|s| s.split(' ')) {
                    *t.words.entry(w.to_string()).or_default() += 1;
                }
                t.concepts.push(Concept {
                    name: raw.naam,
                    label: raw.label,
                    life_domain: raw.leefgebied,
                    searches,
                    crisis: raw.crisis,
                });
            }
        }
        // A concept's own search words name it too ("dementie" typed alone
        // reads as the concept), unless a resident's phrase already says
        // something else, several concepts share the word, or it is crisis
        // vocabulary ("politie" alone is not a sign of danger).
        let mut named: HashMap<String, Option<usize>> = HashMap::new();
        for (i, c) in t.concepts.iter().enumerate() {
            if c.crisis.is_some() {
                continue;
            }
            for term in &c.searches {
                let key = phrase_key(term);
                named
                    .entry(key)
                    .and_modify(|e| {
                        if *e != Some(i) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        for (key, concept) in named {
            if let Some(i) = concept {
                t.phrases.entry(key).or_insert(i);
            }
        }
        for (w, n) in &t.words {
            if let Some(c) = w.chars().next() {
                t.by_initial.entry(c).or_default().push((w.clone(), *n));
            }
        }
        let mut langs: Vec<(&'static str, usize)> = per_language.into_iter().collect();
        langs.sort();
        t.entries_by_language = langs;
        (t, problems)
    }

    /// The thesaurus in `crates/search/thesaurus/`, embedded at build time.
    pub fn shipped() -> &'static Thesaurus {
        static T: OnceLock<Thesaurus> = OnceLock::new();
        T.get_or_init(|| {
            const FILES: &[(&str, &str)] =
                include!(concat!(env!("OUT_DIR"), "/thesaurus_files.rs"));
            // The files are tested to be sound (see the tests below); should
            // one not be, what is sound still works.
            let (t, problems) = Thesaurus::read(FILES);
            for p in problems {
                tracing::error!("thesaurus: {p}");
            }
            t
        })
    }

    pub fn concept(&self, index: usize) -> &Concept {
        &self.concepts[index]
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept folded words name: as written in any language, or by
    /// their Dutch stems.
    pub fn find(&self, words: &[String]) -> Option<usize> {
        self.foreign
            .get(&words.join(" "))
            .or_else(|| {
                let stems: Vec<String> = words.iter().map(|w| analyzer::stem(w)).collect();
                self.phrases.get(&stems.join(" "))
            })
            .copied()
    }

    pub fn longest_phrase(&self) -> usize {
        self.longest
    }

    /// Residents' entries in all languages.
    pub fn entries(&self) -> usize {
        self.entries_by_language.iter().map(|(_, n)| n).sum()
    }

    pub fn entries_by_language(&self) -> &[(&'static str, usize)] {
        &self.entries_by_language
    }

    /// How often a folded word occurs in the thesaurus (0 when not at all).
    pub fn word_count(&self, word: &str) -> u32 {
        self.words.get(word).copied().unwrap_or(0)
    }

    /// The folded words of the thesaurus that begin with `first`, with their
    /// counts (typos are corrected among words with the same first letter).
    pub fn words_starting_with(&self, first: char) -> &[(String, u32)] {
        self.by_initial.get(&first).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[begrip]]
naam = "schulden"
label = "schulden"
leefgebied = "financien"
zoekt = ["schulden", "schuldhulp"]
nl = ["geldzorgen", "kan de huur niet betalen"]
en = ["debts"]
"#;

    #[test]
    fn parses_concepts_and_finds_phrases_by_their_stems() {
        let t = Thesaurus::parse(&[("f.toml", SAMPLE)]).unwrap();
        assert_eq!(t.entries(), 3);
        let i = t
            .find(&analyzer::words("Kan de HUUR niet betalen"))
            .unwrap();
        assert_eq!(t.concept(i).name, "schulden");
        assert_eq!(t.concept(i).searches, vec!["schulden", "schuldhulp"]);
        assert!(t.find(&analyzer::words("huur")).is_none());
        assert_eq!(t.longest_phrase(), 5);
    }

    #[test]
    fn rejects_a_phrase_in_two_concepts_and_unknown_fields() {
        let twice = format!("{SAMPLE}\n[[begrip]]\nnaam = \"b\"\nlabel = \"b\"\nzoekt = [\"x\"]\nnl = [\"Geldzorgen\"]\n");
        let e = Thesaurus::parse(&[("f.toml", &twice)]).unwrap_err();
        assert!(e.contains("hoort ook bij 'schulden'"), "{e}");
        let odd = "[[begrip]]\nnaam = \"a\"\nlabel = \"a\"\nzoekt = [\"x\"]\nfr = [\"dette\"]\n";
        assert!(Thesaurus::parse(&[("g.toml", odd)])
            .unwrap_err()
            .starts_with("g.toml"));
        let bad_domain =
            "[[begrip]]\nnaam = \"a\"\nlabel = \"a\"\nleefgebied = \"geld\"\nzoekt = [\"x\"]\n";
        assert!(Thesaurus::parse(&[("h.toml", bad_domain)]).is_err());
    }

    /// The shipped files: they parse, are large enough, cover every life
    /// domain and every crisis kind, and speak the residents' languages.
    #[test]
    fn the_shipped_thesaurus_is_complete() {
        const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/thesaurus_files.rs"));
        let t = Thesaurus::parse(FILES).unwrap_or_else(|e| panic!("{e}"));
        assert!(t.entries() >= 1_500, "{} entries", t.entries());
        for language in ["nl", "en", "ar", "ar_latijn", "tr", "pl", "uk"] {
            let n = t
                .entries_by_language()
                .iter()
                .find(|(l, _)| *l == language)
                .map_or(0, |(_, n)| *n);
            assert!(n >= 30, "{language}: {n} entries");
        }
        for d in kompas_domain::directory::LifeDomain::ALL {
            assert!(
                t.concepts()
                    .iter()
                    .any(|c| c.life_domain.as_deref() == Some(d.code())),
                "no concept for {}",
                d.code()
            );
        }
        for kind in [
            CrisisKind::Zelfdoding,
            CrisisKind::HuiselijkGeweld,
            CrisisKind::Kindermishandeling,
            CrisisKind::Dakloos,
        ] {
            assert!(
                t.concepts().iter().any(|c| c.crisis == Some(kind)),
                "{kind:?}"
            );
        }
    }
}
