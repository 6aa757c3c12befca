//! `kompas bench maatwerk` at a tiny size on SQLite and PostgreSQL: it
//! generates what it says, the consultant's worklist is not empty, and the
//! summary carries the figures. Behaviour only, never a time.

use kompas_devtools::bench::maatwerk::{self, Options};
use kompas_devtools::bench::toegang::{Load, Shared};
use kompas_devtools::generate::maatwerk::Standing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_maatwerk_bench_generates_a_year_and_measures_the_worklist() {
    let postgres = std::env::var("KOMPAS_TEST_POSTGRES_URL").ok();
    if postgres.is_none() && std::env::var("KOMPAS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("KOMPAS_REQUIRE_POSTGRES=1 but KOMPAS_TEST_POSTGRES_URL is not set");
    }
    let opts = Options {
        wmo: 300,
        youth: 100,
        households: 350,
        caseload: 120,
        municipality_calls: 2,
        shared: Shared {
            seed: 3,
            postgres: postgres.clone(),
            load: Load {
                rounds: 1,
                seconds: 1,
                connections: 2,
            },
        },
    };
    let summary = maatwerk::run(&opts).await.unwrap();
    assert_eq!(summary.runs.len(), 1 + usize::from(postgres.is_some()));
    let first = &summary.runs[0];
    for run in &summary.runs {
        let w = &run.written;
        assert_eq!(
            (w.paths, w.wmo, w.youth),
            (400, 300, 100),
            "{}",
            run.database
        );
        assert_eq!(run.households.households, 350);
        assert!(w.decisions > 300 && w.lines >= w.decisions, "{w:?}");
        assert!(w.open_total() > 10, "{:?}", w.open);
        assert!(
            w.open.contains_key(&Standing::Investigation),
            "{:?}",
            w.open
        );
        assert_eq!(run.caseload, 120);
        assert!(run.listed > 0, "the consultant's worklist is empty");
        assert!(
            run.listed < run.municipality_open,
            "filtered to the caseload"
        );
        // The demo's own open paths come on top of the generated ones.
        assert!(run.municipality_open >= w.open_total());
        let list = run.worklist().expect("the worklist was measured");
        assert!(!list.single.is_empty() && !list.loaded.is_empty());
        assert_eq!(list.errors, 0);
        assert!(list.kb_per_response() > 1.0, "a list, not an empty page");
        // The same seed gives the same data on both databases.
        assert_eq!(
            (w.open.clone(), w.decisions),
            (first.written.open.clone(), first.written.decisions)
        );
        assert_eq!(run.listed, first.listed);
    }
    let text = summary.to_string();
    for expected in [
        "kompas bench maatwerk",
        "GET /health (vloer)",
        "GET /werk/maatwerk (consulent)",
        "werklijst p50",
        "open_paths voor de hele gemeente",
        "400 trajecten (300 Wmo, 100 Jeugdwet)",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
}
