//! The crisis block's trigger: phrasings of acute danger written apart from
//! the thesaurus (`testdata/crisis.toml`) are all recognised, and ordinary
//! questions, many of them sharing words with danger, are not.

#![allow(clippy::expect_used)] // test code may fail loudly

use kompas_search::understand::{understand, Vocabulary};
use kompas_search::Thesaurus;
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    vragen: Vec<String>,
}

#[derive(Deserialize)]
struct Phrasings {
    gevaar: Set,
    gewoon: Set,
}

/// No directory: danger must be recognised from the words alone.
struct NoDirectory;
impl Vocabulary for NoDirectory {
    fn known(&self, _: &str) -> bool {
        false
    }
    fn near(&self, _: &str, _: usize) -> Vec<(String, u32)> {
        Vec::new()
    }
}

fn phrasings() -> Phrasings {
    toml::from_str(include_str!("../testdata/crisis.toml")).expect("crisis.toml")
}

#[test]
fn every_phrasing_of_danger_shows_the_crisis_block() {
    let p = phrasings();
    assert!(p.gevaar.vragen.len() >= 30);
    let missed: Vec<&String> = p
        .gevaar
        .vragen
        .iter()
        .filter(|q| {
            understand(q, Thesaurus::shipped(), None, &NoDirectory)
                .crisis
                .is_empty()
        })
        .collect();
    assert!(missed.is_empty(), "not recognised as danger: {missed:#?}");
}

#[test]
fn ordinary_questions_do_not() {
    let p = phrasings();
    assert!(p.gewoon.vragen.len() >= 30);
    let raised: Vec<(&String, Vec<kompas_search::CrisisKind>)> = p
        .gewoon
        .vragen
        .iter()
        .map(|q| {
            (
                q,
                understand(q, Thesaurus::shipped(), None, &NoDirectory).crisis,
            )
        })
        .filter(|(_, c)| !c.is_empty())
        .collect();
    assert!(raised.is_empty(), "taken for danger: {raised:#?}");
}
