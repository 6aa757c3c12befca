//! The judged queries of the demo sociale kaart and how a ranking is scored
//! on them (nDCG@10 on graded judgements), shared by `kompas bench search`
//! and the relevance tests:
//! - `demo/relevantie.json` + `demo/relevantie-issue.json`: the tuning half
//!   (the thesaurus and the ranking may be changed to do better on it);
//! - `demo/relevantie-controle.json`: the held-out half, written and judged
//!   apart from the thesaurus; nothing is tuned on it, it is only measured.

use anyhow::Context as _;
use kompas_search::SearchQuery;
use serde::Deserialize;
use std::collections::HashMap;

/// The first part of the tuning half: everyday questions.
pub const TUNING: &str = include_str!("../../data/demo/relevantie.json");
/// The second part of the tuning half: the failures an issue reported.
pub const ISSUE: &str = include_str!("../../data/demo/relevantie-issue.json");
/// The held-out half.
pub const HELD_OUT: &str = include_str!("../../data/demo/relevantie-controle.json");

/// One judged query: the question, its filters and the grade (1-3) of each
/// relevant offer by HSDS id; every other offer counts as 0.
#[derive(Debug, Clone, Deserialize)]
pub struct Judged {
    pub vraag: String,
    #[serde(default)]
    pub filters: HashMap<String, serde_json::Value>,
    pub relevant: HashMap<String, u8>,
}

impl Judged {
    /// A filter value as text (the file writes numbers as numbers).
    pub fn filter(&self, key: &str) -> Option<String> {
        self.filters.get(key).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// The query as the search page asks it in `municipality`, first ten.
    pub fn search_query(&self, municipality: Option<u64>) -> SearchQuery {
        SearchQuery {
            text: self.vraag.clone(),
            municipality_id: municipality,
            life_domains: self.filter("leefgebied").into_iter().collect(),
            area: self.filter("wijk"),
            layers: self
                .filter("laag")
                .and_then(|l| l.parse().ok())
                .into_iter()
                .collect(),
            target_groups: self.filter("doelgroep").into_iter().collect(),
            age: self.filter("leeftijd").and_then(|a| a.parse().ok()),
            limit: 10,
            ..SearchQuery::default()
        }
    }
}

/// Reads a judged file.
pub fn parse(text: &str) -> anyhow::Result<Vec<Judged>> {
    serde_json::from_str(text).context("beoordeelde zoekvragen")
}

fn embedded(texts: &[&str]) -> anyhow::Result<Vec<Judged>> {
    let mut all = Vec::new();
    for t in texts {
        all.extend(parse(t)?);
    }
    Ok(all)
}

/// The tuning half: `relevantie.json` and `relevantie-issue.json`.
pub fn tuning() -> anyhow::Result<Vec<Judged>> {
    embedded(&[TUNING, ISSUE])
}

/// The issue's queries alone (part of the tuning half).
pub fn issue() -> anyhow::Result<Vec<Judged>> {
    embedded(&[ISSUE])
}

/// The held-out half: `relevantie-controle.json`.
pub fn held_out() -> anyhow::Result<Vec<Judged>> {
    embedded(&[HELD_OUT])
}

fn dcg(gains: &[f64]) -> f64 {
    gains
        .iter()
        .enumerate()
        .map(|(i, g)| (2f64.powf(*g) - 1.0) / ((i as f64) + 2.0).log2())
        .sum()
}

/// nDCG@10 of `found` (HSDS ids, best first) against the grades of `judged`.
pub fn ndcg_at_10(found: &[String], judged: &HashMap<String, u8>) -> f64 {
    let gains: Vec<f64> = found
        .iter()
        .take(10)
        .map(|id| f64::from(*judged.get(id).unwrap_or(&0)))
        .collect();
    let mut ideal: Vec<f64> = judged.values().map(|g| f64::from(*g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    ideal.truncate(10);
    let best = dcg(&ideal);
    if best == 0.0 {
        0.0
    } else {
        dcg(&gains) / best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndcg_is_computed_as_usual() {
        let judged: HashMap<String, u8> = [("a".to_string(), 3), ("b".to_string(), 1)].into();
        assert!((ndcg_at_10(&["a".into(), "b".into()], &judged) - 1.0).abs() < 1e-9);
        assert!(ndcg_at_10(&["b".into(), "a".into()], &judged) < 1.0);
        assert_eq!(ndcg_at_10(&["x".into()], &judged), 0.0);
        assert_eq!(ndcg_at_10(&[], &judged), 0.0);
        // Grades 3 then 1 at ranks 1 and 2, against an ideal of 3, 2, 1.
        let graded: HashMap<String, u8> = [
            ("a".to_string(), 3),
            ("b".to_string(), 2),
            ("c".to_string(), 1),
        ]
        .into();
        let want = (7.0 + 1.0 / 3f64.log2()) / (7.0 + 3.0 / 3f64.log2() + 1.0 / 2.0);
        let got = ndcg_at_10(&["a".into(), "c".into()], &graded);
        assert!((got - want).abs() < 1e-9, "{got} != {want}");
        // Only the first ten count.
        let mut late: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        late.push("a".into());
        assert_eq!(ndcg_at_10(&late, &judged), 0.0);
        assert_eq!(ndcg_at_10(&["a".into()], &HashMap::new()), 0.0);
    }

    #[test]
    fn the_judged_files_parse_and_are_filled() {
        let (tuning, held_out) = (tuning().unwrap(), held_out().unwrap());
        assert!(tuning.len() >= 80, "{}", tuning.len());
        assert!(held_out.len() >= 60, "{}", held_out.len());
        assert!(issue().unwrap().len() < tuning.len());
        for j in tuning.iter().chain(&held_out) {
            assert!(!j.vraag.trim().is_empty());
            assert!(!j.relevant.is_empty(), "{}", j.vraag);
            assert!(
                j.relevant.values().all(|g| (1..=3).contains(g)),
                "{}",
                j.vraag
            );
        }
    }

    #[test]
    fn a_judged_query_becomes_a_search_query() {
        let j: Judged = serde_json::from_str(
            r#"{"vraag": "schulden", "filters": {"leefgebied": "financien", "laag": 3, "leeftijd": 40},
                "relevant": {"geldloket": 3}}"#,
        )
        .unwrap();
        let q = j.search_query(Some(7));
        assert_eq!(q.text, "schulden");
        assert_eq!(q.municipality_id, Some(7));
        assert_eq!(q.life_domains, vec!["financien".to_string()]);
        assert_eq!(q.layers, vec![3]);
        assert_eq!(q.age, Some(40));
        assert_eq!(q.limit, 10);
    }
}
