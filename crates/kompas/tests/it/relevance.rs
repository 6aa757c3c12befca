//! Relevance of the directory search on the demo sociale kaart: the committed
//! query set (`demo/relevantie.json`, resident language, typos, compounds)
//! with graded judgements, scored as nDCG@10 and kept above a floor.

use crate::support::*;
use kompas_search::SearchQuery;
use kompas_store::directory as dir;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Judged {
    vraag: String,
    #[serde(default)]
    filters: HashMap<String, serde_json::Value>,
    relevant: HashMap<String, u8>,
}

/// A filter value as text (the file writes numbers as numbers).
fn filter(j: &Judged, key: &str) -> Option<String> {
    j.filters.get(key).map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// The floor the mean nDCG@10 must stay above (measured, then set a little lower).
const FLOOR: f64 = 0.80;

fn dcg(gains: &[f64]) -> f64 {
    gains
        .iter()
        .enumerate()
        .map(|(i, g)| (2f64.powf(*g) - 1.0) / ((i as f64) + 2.0).log2())
        .sum()
}

fn ndcg_at_10(found: &[String], judged: &HashMap<String, u8>) -> f64 {
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

#[test]
fn ndcg_is_computed_as_usual() {
    let judged: HashMap<String, u8> = [("a".to_string(), 3), ("b".to_string(), 1)].into();
    assert!((ndcg_at_10(&["a".into(), "b".into()], &judged) - 1.0).abs() < 1e-9);
    assert!(ndcg_at_10(&["b".into(), "a".into()], &judged) < 1.0);
    assert_eq!(ndcg_at_10(&["x".into()], &judged), 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_queries_find_what_they_should() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../devtools/data/demo/relevantie.json"
    );
    let set: Vec<Judged> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("demo/relevantie.json"))
            .expect("valid JSON");
    assert!(set.len() >= 40, "at least 40 judged queries");
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let today = kompas_web::directory::day_number(chrono::Utc::now().date_naive());
    let mut total = 0.0;
    let mut report = Vec::new();
    for j in &set {
        let q = SearchQuery {
            text: j.vraag.clone(),
            municipality_id: app.state.home_municipality.map(|m| m as u64),
            life_domains: filter(j, "leefgebied").into_iter().collect(),
            area: filter(j, "wijk"),
            layers: filter(j, "laag")
                .and_then(|l| l.parse().ok())
                .into_iter()
                .collect(),
            target_groups: filter(j, "doelgroep").into_iter().collect(),
            age: filter(j, "leeftijd").and_then(|a| a.parse().ok()),
            limit: 10,
            ..SearchQuery::default()
        };
        let hits = app.state.search.search(&q, today).expect("search");
        let ids: Vec<i64> = hits.hits.iter().map(|h| h.id as i64).collect();
        let found: Vec<String> = dir::offers_by_ids(&app.db, &ids)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.draft.hsds_id)
            .collect();
        for id in j.relevant.keys() {
            assert!(
                dir::offer_by_hsds(&app.db, id).await.unwrap().is_some(),
                "judged offer {id} exists"
            );
        }
        let score = ndcg_at_10(&found, &j.relevant);
        total += score;
        report.push(format!("{score:.2}  {}", j.vraag));
    }
    let mean = total / set.len() as f64;
    report.sort();
    eprintln!(
        "nDCG@10 over {} queries: {mean:.3}\nweakest:\n{}",
        set.len(),
        report
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(mean >= FLOOR, "mean nDCG@10 {mean:.3} fell below {FLOOR}");
}
