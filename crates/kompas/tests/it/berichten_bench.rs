//! `kompas bench berichten` at a tiny size on SQLite and PostgreSQL: it
//! generates what it says, the claim file is checked whole, the 325 waits
//! in the outbox rejecting exactly the lines made wrong, and the summary
//! carries the figures. Behaviour only, never a time.

use kompas_devtools::bench::berichten::{self, Options};
use kompas_devtools::bench::toegang::{Load, Shared};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_berichten_bench_checks_a_claim_file_against_the_floor() {
    let postgres = std::env::var("KOMPAS_TEST_POSTGRES_URL").ok();
    if postgres.is_none() && std::env::var("KOMPAS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("KOMPAS_REQUIRE_POSTGRES=1 but KOMPAS_TEST_POSTGRES_URL is not set");
    }
    let opts = Options {
        allocations: 1_200,
        clients: 1_000,
        lines: 300,
        over_percent: 5,
        tariff_percent: 5,
        shared: Shared {
            seed: 4,
            postgres: postgres.clone(),
            load: Load {
                rounds: 1,
                seconds: 1,
                connections: 2,
            },
        },
    };
    let summary = berichten::run(&opts).await.unwrap();
    assert_eq!(summary.runs.len(), 1 + usize::from(postgres.is_some()));
    let first = &summary.runs[0];
    for run in &summary.runs {
        let (w, c) = (&run.written, &run.checked);
        assert_eq!(
            (w.allocations, w.clients),
            (1_200, 1_000),
            "{}",
            run.database
        );
        assert_eq!(w.wmo + w.youth, 1_200);
        assert!(w.wmo > 0 && w.youth > 0, "{w:?}");
        assert_eq!(c.lines, 300, "{}", run.database);
        assert!(c.answered, "the 325 waits in the outbox");
        assert!(c.over > 0 && c.wrong_tariff > 0, "{c:?}");
        // Exactly the lines made wrong are rejected, each by its rule.
        assert_eq!(c.rejected, c.over + c.wrong_tariff, "{c:?}");
        let count = |code: &str| c.codes.iter().find(|(k, _)| k == code).map_or(0, |x| x.1);
        assert_eq!(count("9321"), c.over, "{c:?}");
        assert_eq!(count("0611"), c.wrong_tariff, "{c:?}");
        assert!(c.import_ms > 0.0 && c.lines_per_second() > 0.0);
        assert_eq!(run.figures[0].label, "GET /health (vloer)");
        assert!(!run.figures[0].single.is_empty());
        // The costs dashboard is measured as policy staff open it, without errors.
        let dash = run
            .figures
            .iter()
            .find(|f| f.label.starts_with("GET /monitor/kosten"))
            .expect("the costs dashboard is measured");
        assert!(!dash.single.is_empty(), "{}", run.database);
        assert_eq!(dash.errors, 0, "{}", run.database);
        // The same seed gives the same file on both databases.
        assert_eq!(
            (c.over, c.wrong_tariff, c.clients),
            (
                first.checked.over,
                first.checked.wrong_tariff,
                first.checked.clients
            )
        );
    }
    let text = summary.to_string();
    for expected in [
        "kompas bench berichten",
        "GET /health (vloer)",
        "1200 toewijzingen",
        "regels/s",
        "325 in de uitbak staat",
        "× /health p50",
        "kostendashboard: p50",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
}
