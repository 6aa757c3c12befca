//! Dutch text analysis, done by us before tantivy sees the text, so the same
//! code serves indexing and querying and is tested on its own.
//!
//! Steps: fold (lower case, no diacritics), split into words, drop stop words,
//! stem with the classic Dutch Porter stemmer (Snowball `dutch_porter`; the
//! newer `dutch` merges words we must keep apart, see DESIGN.md §9), and make
//! the beginnings of long words so compounds are found by their head.

use frostem::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Bump when analysis changes: the index records it and is rebuilt on a mismatch.
pub const ANALYZER_VERSION: u32 = 5;

const STOP_WORDS: &[&str] = &[
    "aan", "af", "al", "als", "bij", "dan", "dat", "de", "den", "der", "des", "deze", "die", "dit",
    "door", "een", "en", "er", "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "hun",
    "ik", "in", "is", "je", "jij", "kan", "kun", "kunnen", "maar", "me", "met", "mij", "mijn",
    "moet", "na", "naar", "niet", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op",
    "over", "te", "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "was", "wat", "we",
    "wel", "welke", "wie", "wij", "wil", "wordt", "zal", "ze", "zich", "zij", "zijn", "zo",
    "zonder", "zou", "graag", "iets", "iemand", "hulp", "help", "helpen", "zoek", "zoeken", "waar",
    "wanneer",
];

/// Words whose stem we fix by hand: the stemmer would merge them with
/// unrelated words or cut them too far. Kept small and tested.
const PROTECTED: &[(&str, &str)] = &[
    ("gezondheid", "gezondheid"),
    ("begeleiding", "begeleid"),
    ("gemeente", "gemeent"),
    ("mantelzorg", "mantelzorg"),
    ("mantelzorger", "mantelzorg"),
    ("mantelzorgers", "mantelzorg"),
    ("schulden", "schuld"),
    ("schuld", "schuld"),
    ("ouderen", "oud"),
    ("wonen", "won"),
    ("woning", "won"),
];

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::new(Algorithm::DutchPorter))
}

fn fold_char(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' | 'ć' | 'č' => 'c',
        'ñ' | 'ń' => 'n',
        'ÿ' => 'y',
        // Turkish and Polish letters, as residents often type them without.
        'ş' | 'ś' | 'š' => 's',
        'ğ' => 'g',
        'ı' => 'i',
        'ł' => 'l',
        'ą' => 'a',
        'ę' => 'e',
        'ż' | 'ź' | 'ž' => 'z',
        // Arabic: the forms of alif, alif maqsura and ta marbuta as people
        // write them interchangeably.
        'أ' | 'إ' | 'آ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        c if c.is_alphanumeric() => c,
        _ => return None,
    })
}

/// Marks that sit on a letter (combining accents, Arabic vowel signs and the
/// tatweel stretch): dropped, so they neither separate words nor make them differ.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Lower-case words without diacritics; anything else separates words.
/// Very long input is cut: a query of 2,000 characters must stay cheap.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().take(4000) {
        if is_mark(c) {
            continue;
        }
        match fold_char(c) {
            Some(f) => cur.push(f),
            None => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|w| w.chars().count() <= 40);
    out
}

pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// The stem of one folded word.
pub fn stem(word: &str) -> String {
    if let Some((_, s)) = PROTECTED.iter().find(|(w, _)| *w == word) {
        return (*s).to_string();
    }
    if word.chars().count() <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    stemmer().stem(word).to_string()
}

/// Folded words without stop words.
pub fn content_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .collect()
}

/// Stems of the content words, joined by spaces (what the index stores).
pub fn stems_text(text: &str) -> String {
    content_words(text)
        .iter()
        .map(|w| stem(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shortest compound head we index.
pub const MIN_PREFIX: usize = 5;

/// Beginnings of the longer words (5 letters up to one short of the word):
/// "mantelzorgsteunpunt" yields "mante" … "mantelzorgsteunpun", so a search for
/// "mantelzorg" finds the compound.
pub fn prefixes_text(text: &str) -> String {
    let mut out = Vec::new();
    for w in content_words(text) {
        let chars: Vec<char> = w.chars().collect();
        for n in MIN_PREFIX..chars.len() {
            out.push(chars[..n].iter().collect::<String>());
        }
    }
    out.join(" ")
}

/// Damerau-Levenshtein distance (adjacent transpositions count as one edit).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden stems for our vocabulary: a change in the stemmer shows up here.
    #[test]
    fn stems_of_the_domain_vocabulary() {
        let golden = [
            ("gezondheid", "gezondheid"),
            ("begeleiding", "begeleid"),
            ("schulden", "schuld"),
            ("schuldhulp", "schuldhulp"),
            ("opvoeden", "opvoed"),
            ("opvoeding", "opvoed"),
            ("eenzaamheid", "eenzam"),
            ("eenzaam", "eenzam"),
            ("mantelzorgers", "mantelzorg"),
            ("huren", "hur"),
            ("huur", "hur"),
            ("kinderen", "kinder"),
            ("jongeren", "jonger"),
        ];
        let wrong: Vec<String> = golden
            .iter()
            .filter(|(w, s)| stem(w) != *s)
            .map(|(w, s)| format!("{w}: expected {s}, got {}", stem(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn words_that_must_stay_apart_do() {
        assert_ne!(stem("gezondheid"), stem("zon"));
        assert_ne!(stem("begeleiding"), stem("beleid"));
        assert_ne!(stem("gemeente"), stem("meen"));
    }

    #[test]
    fn folding_and_stop_words() {
        assert_eq!(
            words("Café-avond, één keer!"),
            vec!["cafe", "avond", "een", "keer"]
        );
        assert_eq!(
            content_words("Ik kan mijn huur niet betalen"),
            vec!["huur", "betalen"]
        );
        assert_eq!(words("borç İŞ długi"), vec!["borc", "is", "dlugi"]);
        assert_eq!(
            words("مُساعَدة"),
            words("مساعده"),
            "vowel signs and ta marbuta"
        );
        assert!(
            words(&"x".repeat(5000)).is_empty(),
            "absurdly long words are dropped"
        );
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("mantelzrog", "mantelzorg"), 1);
        assert_eq!(edit_distance("eenzaamheit", "eenzaamheid"), 1);
        assert_eq!(edit_distance("koffie", "koffie"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
