//! Relevance of the directory search on the demo sociale kaart, with the
//! shipped thesaurus only (the demo's synonyms removed, as a new municipality
//! starts), scored as nDCG@10 on graded judgements and kept above a floor:
//! - `demo/relevantie.json` + `demo/relevantie-issue.json`: the tuning half
//!   (the thesaurus and the ranking may be changed to do better on it);
//! - `demo/relevantie-controle.json`: the held-out half, written and judged
//!   apart from the thesaurus; nothing is tuned on it, it is only measured.

use crate::both;
use crate::support::*;
use kompas_devtools::bench::relevance::{self, ndcg_at_10, Judged};
use kompas_search::SearchQuery;
use kompas_store::directory as dir;
use std::collections::HashMap;

/// Floors the mean nDCG@10 must stay above (measured, then set a little lower).
const TUNING_FLOOR: f64 = 0.78;
const HELD_OUT_FLOOR: f64 = 0.52;

/// The demo app as a new municipality would have it: no synonyms of its own.
async fn without_synonyms(backend: Backend) -> TestApp {
    let app = TestApp::spawn(backend).await.expect("app");
    let m = app.state.home_municipality.expect("home municipality");
    let mut tx = app.db.begin().await.unwrap();
    for s in dir::synonyms(&app.db, m).await.unwrap() {
        dir::delete_synonym(&mut tx, m, s.id).await.unwrap();
    }
    tx.commit().await.unwrap();
    app.state
        .search
        .set_synonyms(&dir::all_synonyms(&app.db).await.unwrap());
    assert!(dir::all_synonyms(&app.db).await.unwrap().is_empty());
    app
}

fn query(app: &TestApp, j: &Judged) -> SearchQuery {
    j.search_query(app.state.home_municipality.map(|m| m as u64))
}

/// The offers found (their HSDS ids, best first), with the whole answer.
async fn found(app: &TestApp, j: &Judged) -> (Vec<String>, kompas_search::Results) {
    let today = kompas_web::directory::day_number(chrono::Utc::now().date_naive());
    let r = app
        .state
        .search
        .search(&query(app, j), today)
        .expect("search");
    let ids: Vec<i64> = r.hits.iter().map(|h| h.id as i64).collect();
    let mut by_id: HashMap<i64, String> = dir::offers_by_ids(&app.db, &ids)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.draft.hsds_id))
        .collect();
    (ids.iter().filter_map(|i| by_id.remove(i)).collect(), r)
}

/// Mean nDCG@10 of a judged set, with the weakest queries for the log.
async fn score(app: &TestApp, set: &[Judged]) -> (f64, Vec<String>) {
    let mut total = 0.0;
    let mut report = Vec::new();
    for j in set {
        for id in j.relevant.keys() {
            assert!(
                dir::offer_by_hsds(&app.db, id).await.unwrap().is_some(),
                "judged offer {id} exists"
            );
        }
        let (ids, _) = found(app, j).await;
        let s = ndcg_at_10(&ids, &j.relevant);
        total += s;
        report.push(format!("{s:.2}  {}", j.vraag));
    }
    report.sort();
    (total / set.len() as f64, report)
}

both!(tuning_half_scores_above_its_floor, |backend| async move {
    let app = without_synonyms(backend).await;
    let set = relevance::tuning().unwrap();
    assert!(set.len() >= 80);
    let (mean, report) = score(&app, &set).await;
    // For tuning (this half only): each query's first five, with grades.
    if std::env::var_os("KOMPAS_RELEVANCE_SHOW").is_some() {
        for j in &set {
            let (ids, r) = found(&app, j).await;
            let top: Vec<String> = ids
                .iter()
                .take(5)
                .map(|id| format!("{id}={}", j.relevant.get(id).copied().unwrap_or(0)))
                .collect();
            let read: Vec<&str> = r
                .understood
                .units
                .iter()
                .map(|u| u.label.as_str())
                .collect();
            eprintln!(
                "{:.2} {} [{}] {read:?} -> {}",
                ndcg_at_10(&ids, &j.relevant),
                j.vraag,
                r.total,
                top.join(" ")
            );
        }
    }
    eprintln!(
        "tuning half: nDCG@10 over {} queries: {mean:.3}\nweakest:\n{}",
        set.len(),
        report[..15].join("\n")
    );
    assert!(
        mean >= TUNING_FLOOR,
        "mean nDCG@10 {mean:.3} fell below {TUNING_FLOOR}"
    );
});

// Only measured: a drop shows here, but no change is made to raise it.
both!(held_out_half_scores_above_its_floor, |backend| async move {
    let app = without_synonyms(backend).await;
    let set = relevance::held_out().unwrap();
    assert!(set.len() >= 60);
    let (mean, _) = score(&app, &set).await;
    eprintln!(
        "held-out half: nDCG@10 over {} queries: {mean:.3}",
        set.len()
    );
    assert!(
        mean >= HELD_OUT_FLOOR,
        "held-out nDCG@10 {mean:.3} fell below {HELD_OUT_FLOOR}"
    );
});

// Every failure the issue listed, as phrased there: the best answer comes
// first, danger is recognised, and nothing off-topic is listed.
both!(the_reported_failures_are_fixed, |backend| async move {
    let app = without_synonyms(backend).await;
    let set = relevance::issue().unwrap();
    let mut wrong = Vec::new();
    for j in &set {
        let (ids, r) = found(&app, j).await;
        let first = ids
            .first()
            .and_then(|id| j.relevant.get(id))
            .copied()
            .unwrap_or(0);
        if first < 2 {
            wrong.push(format!(
                "{}: first is {:?} (grade {first})",
                j.vraag,
                ids.first()
            ));
        }
        let crisis = !r.understood.crisis.is_empty();
        let danger =
            ["mijn partner slaat me", "ik wil niet meer leven"].contains(&j.vraag.as_str());
        if crisis != danger {
            wrong.push(format!("{}: crisis block {crisis}", j.vraag));
        }
        // What the issue saw does not come back anywhere in the first ten.
        let never: &[&str] = match j.vraag.as_str() {
            "mijn partner slaat me" => &["mantelzorgsteunpunt-consult", "maand-zonder-alcohol"],
            "ik wil niet meer leven" => &["netwerkberaad", "burenhulpnetwerk-wilgendaal"],
            "mijn moeder wordt vergeetachtig" => {
                &["cursus-positief-opvoeden", "cjg-opvoedspreekuur"]
            }
            "schuldenproblemen" => &["dagbesteding-ouderen-lindenhof", "dagbesteding-nah"],
            "scootmobiel" => &["stoppen-met-roken"],
            _ => &[],
        };
        for id in ids.iter().filter(|id| never.contains(&id.as_str())) {
            wrong.push(format!("{}: {id} is listed", j.vraag));
        }
    }
    let total = |t: &str| {
        let today = kompas_web::directory::day_number(chrono::Utc::now().date_naive());
        let q = SearchQuery {
            text: t.into(),
            municipality_id: app.state.home_municipality.map(|m| m as u64),
            limit: 10,
            ..SearchQuery::default()
        };
        app.state.search.search(&q, today).unwrap()
    };
    let offers = app.state.search.len() as usize;
    let eenzaam = total("eenzaam").total;
    if eenzaam * 5 > offers {
        wrong.push(format!("eenzaam matches {eenzaam} of {offers} offers"));
    }
    // The case's support search: relevance first, lighter only among equals.
    let first = total("schulden").hits.first().map(|h| h.id as i64);
    let first = dir::offers_by_ids(&app.db, &first.into_iter().collect::<Vec<_>>())
        .await
        .unwrap();
    if first.first().map(|o| o.draft.hsds_id.as_str()) == Some("schilderclub-lantaarn") {
        wrong.push("schulden: painting first".into());
    }
    let scholden = total("scholden").understood;
    if scholden.units.first().map(|u| u.label.as_str()) != Some("schulden") {
        wrong.push(format!("scholden read as {:?}", scholden.units));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
});
