//! Times the index alone on an index directory made by `kompas bench search
//! --data-dir DIR` (DIR/index): `cargo run --profile probe -p kompas-search
//! --example probe -- DIR/index queries.txt [rounds]`. For working on the
//! engine between full benchmark runs; `kompas bench search` gives the figures.
//! PROBE_SHOW=1 lists each query's reading, total, top ids and facets;
//! PROBE_COLD=1 times every search with its query prepared anew; PROBE_SLOW=1
//! lists the slowest queries (fastest round, matches).

#![allow(clippy::expect_used)] // a developer's tool: failing loudly is the point

use kompas_search::{SearchIndex, SearchQuery};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let index = SearchIndex::open(Some(std::path::Path::new(&args[1]))).expect("index");
    let text = std::fs::read_to_string(&args[2]).expect("queries");
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(20);
    // The text part of each query line (filters after '|' are left out).
    let queries: Vec<String> = text
        .lines()
        .map(|l| l.split('|').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .collect();
    let t = Instant::now();
    for _ in 0..rounds {
        for q in &queries {
            std::hint::black_box(index.understand(q, None));
        }
    }
    println!(
        "reading the queries alone: {:.3} ms per query",
        t.elapsed().as_secs_f64() * 1000.0 / (rounds * queries.len()) as f64
    );
    let cold = std::env::var_os("PROBE_COLD").is_some();
    let mut all = Vec::new();
    let mut best = vec![f64::MAX; queries.len()];
    let mut matches = 0;
    let mut totals = vec![0; queries.len()];
    for round in 0..rounds + 2 {
        for (i, q) in queries.iter().enumerate() {
            // PROBE_COLD: another spelling each round, so no prepared plan is reused.
            let text = if cold {
                format!("{q}{}", " ".repeat(round))
            } else {
                q.clone()
            };
            let sq = SearchQuery {
                text,
                age: std::env::var("PROBE_AGE").ok().and_then(|a| a.parse().ok()),
                free_only: std::env::var_os("PROBE_FREE").is_some(),
                limit: 10,
                ..SearchQuery::default()
            };
            let t = Instant::now();
            let r = index.search(&sq, 20_600).expect("search");
            let d = t.elapsed().as_secs_f64() * 1000.0;
            if round >= 2 {
                all.push(d);
                best[i] = best[i].min(d);
            }
            if round == 0 {
                matches += r.total;
                totals[i] = r.total;
                if std::env::var_os("PROBE_SHOW").is_some() {
                    let read: Vec<&str> = r
                        .understood
                        .units
                        .iter()
                        .map(|u| u.label.as_str())
                        .collect();
                    let ids: Vec<u64> = r.hits.iter().map(|h| h.id).collect();
                    println!("{:>6} {q} {read:?} {ids:?} {:?}", r.total, r.facets);
                }
            }
        }
    }
    if std::env::var_os("PROBE_SLOW").is_some() {
        let mut slow: Vec<usize> = (0..queries.len()).collect();
        slow.sort_by(|a, b| best[*b].total_cmp(&best[*a]));
        for i in slow.into_iter().take(15) {
            println!("{:>8.3} ms {:>6} {}", best[i], totals[i], queries[i]);
        }
    }
    all.sort_by(f64::total_cmp);
    let at = |p: f64| all[((all.len() - 1) as f64 * p) as usize];
    // Each query's fastest round: steadier on a shared machine, for comparing changes.
    best.sort_by(f64::total_cmp);
    let at_best = |p: f64| best[((best.len() - 1) as f64 * p) as usize];
    println!(
        "fastest round per query: p50 {:.3} ms, p90 {:.3} ms, max {:.3} ms",
        at_best(0.5),
        at_best(0.9),
        at_best(1.0)
    );
    println!(
        "{} queries × {rounds}: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms; mean matches {}",
        queries.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        matches / queries.len()
    );
}
