//! `kompas bench search`: the directory search at scale. Generates (or loads)
//! N offers into SQLite, builds the index, and measures the fixed query set of
//! `bench/queries.txt` on the web search's own path (`SearchIndex::search` +
//! `offers_by_ids`), against a PostgreSQL full-text baseline on the same data,
//! and over HTTP against the `/health` floor. Not a test: it reports figures.
//!
//! The comparison with PostgreSQL is measured the same way on both sides: one
//! client in this process, one kept-alive TCP connection over loopback, the
//! queries one after the other, timed at the client including the transfer of
//! the answer (Kompas: the `/zoeken` page over HTTP; PostgreSQL: the rows over
//! its protocol). The HSDS answer cache and the index's cache of prepared searches
//! are off for every headline figure (`SearchIndex::set_plan_cache`).
//!
//! The web path as the server spends it is `/zoeken` sent straight to the
//! router (no network). The judged phase scores relevance next to latency:
//! the demo sociale kaart without its synonyms, both halves of the judged
//! queries (`bench::relevance`), nDCG@10 of Kompas and of PostgreSQL's OR and
//! AND queries. The report opens with the targets of issue 14.

use crate::bench::relevance::{self, Judged};
use crate::{bench, demo, generate};
use anyhow::{bail, Context as _};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_search::{SearchIndex, SearchQuery};
use kompas_server::settings::{Env, Settings};
use kompas_server::{open_database, Application};
use kompas_store::directory as dir;
use kompas_store::Db;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Row;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The committed query set.
pub const QUERIES: &str = include_str!("../../data/bench/queries.txt");

/// How a query names its wijk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaRef {
    /// The n-th wijk of the municipality, from 1.
    Nth(usize),
    Code(String),
}

/// One line of the query file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchQuery {
    pub class: String,
    pub text: String,
    pub domains: Vec<LifeDomain>,
    pub layers: Vec<Layer>,
    pub area: Option<AreaRef>,
    pub age: Option<u8>,
    pub free: bool,
    pub without_referral: bool,
    /// Any of these target groups (judged queries only: the search page has
    /// no such filter, so `path` leaves it out).
    pub target_groups: Vec<String>,
    /// The line as written, for the report.
    pub line: String,
}

impl BenchQuery {
    fn area_code(&self, areas: &[String]) -> Option<String> {
        match &self.area {
            None => None,
            Some(AreaRef::Code(c)) => Some(c.clone()),
            Some(AreaRef::Nth(n)) => {
                // Wrap around when the municipality has fewer wijken.
                let len = areas.len().max(1);
                areas.get((n.max(&1) - 1) % len).cloned()
            }
        }
    }

    /// The same query as the web search page runs it.
    fn search_query(&self, municipality: Option<u64>, areas: &[String]) -> SearchQuery {
        SearchQuery {
            text: self.text.clone(),
            municipality_id: municipality,
            life_domains: self.domains.iter().map(|d| d.code().to_string()).collect(),
            layers: self.layers.iter().map(|l| l.number()).collect(),
            area: self.area_code(areas),
            age: self.age,
            free_only: self.free,
            without_referral: self.without_referral,
            open_slot: None,
            target_groups: self.target_groups.clone(),
            offset: 0,
            limit: 10,
        }
    }

    /// `/zoeken?q=…&leefgebied=…`, as a browser would ask it.
    pub fn path(&self, areas: &[String]) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            s.append_pair("q", &self.text);
        }
        for d in &self.domains {
            s.append_pair("leefgebied", d.code());
        }
        for l in &self.layers {
            s.append_pair("laag", &l.number().to_string());
        }
        if let Some(a) = self.area_code(areas) {
            s.append_pair("wijk", &a);
        }
        if let Some(a) = self.age {
            s.append_pair("leeftijd", &a.to_string());
        }
        if self.free {
            s.append_pair("gratis", "1");
        }
        if self.without_referral {
            s.append_pair("zonder-verwijzing", "1");
        }
        format!("/zoeken?{}", s.finish())
    }
}

/// Parses the query file format described at the top of `bench/queries.txt`.
pub fn parse_queries(text: &str) -> anyhow::Result<Vec<BenchQuery>> {
    let mut out = Vec::new();
    let mut class = "overig".to_string();
    for (i, raw) in text.lines().enumerate() {
        let at = |e: String| anyhow::anyhow!("zoekvragen, regel {}: {e}", i + 1);
        let line = raw.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(name) = line
            .trim()
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
        {
            class = name.trim().to_string();
            continue;
        }
        let (words, filters) = line.split_once('|').unwrap_or((line, ""));
        let mut q = BenchQuery {
            class: class.clone(),
            text: words.trim().to_string(),
            domains: Vec::new(),
            layers: Vec::new(),
            area: None,
            age: None,
            free: false,
            without_referral: false,
            target_groups: Vec::new(),
            line: line.trim().to_string(),
        };
        for f in filters.split_whitespace() {
            let (k, v) = f
                .split_once('=')
                .ok_or_else(|| at(format!("filter '{f}' is niet als naam=waarde geschreven")))?;
            match k {
                "leefgebied" => q.domains.push(LifeDomain::parse(v).map_err(at)?),
                "laag" => {
                    let n: u8 = v.parse().map_err(|_| at(format!("laag '{v}'")))?;
                    q.layers.push(Layer::try_from(n).map_err(at)?);
                }
                "wijk" => {
                    q.area = Some(match v.parse::<usize>() {
                        Ok(n) if n >= 1 => AreaRef::Nth(n),
                        _ if v.len() == 8 && v.to_uppercase().starts_with("WK") => {
                            AreaRef::Code(v.to_uppercase())
                        }
                        _ => return Err(at(format!("wijk '{v}': gebruik een nummer of WKxxxxxx"))),
                    })
                }
                "leeftijd" => {
                    q.age = Some(
                        v.parse()
                            .ok()
                            .filter(|a| *a <= 120)
                            .ok_or_else(|| at(format!("leeftijd '{v}'")))?,
                    )
                }
                "gratis" => q.free = v == "1",
                "zonder-verwijzing" => q.without_referral = v == "1",
                other => return Err(at(format!("onbekend filter '{other}'"))),
            }
        }
        if q.text.is_empty() && filters.trim().is_empty() {
            continue;
        }
        out.push(q);
    }
    if out.is_empty() {
        bail!("het bestand met zoekvragen bevat geen zoekvragen");
    }
    Ok(out)
}

/// The command line of `kompas bench search`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    #[arg(long, default_value_t = 100_000)]
    pub offers: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A PostgreSQL server (URL) where a scratch database may be created for the baseline.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Query file (default: the committed crates/devtools/data/bench/queries.txt).
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Measured rounds over the query set (warm-up comes on top).
    #[arg(long, default_value_t = 20)]
    pub rounds: usize,
    /// Seconds per HTTP measurement.
    #[arg(long, default_value_t = 5)]
    pub http_seconds: u64,
    #[arg(long, default_value_t = 32)]
    pub connections: usize,
    /// Keep the generated database here and reuse it next time (default: a
    /// temporary directory, removed afterwards).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Write each query's total and first ten offer ids to this file (to compare versions).
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// Skip the judged queries (nDCG@10 of Kompas and PostgreSQL on the demo
    /// sociale kaart, next to their latency); they run by default.
    #[arg(long = "no-judged", action = clap::ArgAction::SetFalse)]
    pub judged: bool,
}

// ---------------------------------------------------------------- figures

/// Latencies in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct Latencies(Vec<f64>);

impl Latencies {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1000.0);
    }
    fn sorted(&self) -> Vec<f64> {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        v
    }
    pub fn percentile(&self, p: f64) -> f64 {
        let v = self.sorted();
        if v.is_empty() {
            return 0.0;
        }
        let idx = ((v.len() as f64 - 1.0) * p).round() as usize;
        v.get(idx.min(v.len() - 1)).copied().unwrap_or(0.0)
    }
    pub fn p50(&self) -> f64 {
        self.percentile(0.50)
    }
    pub fn p99(&self) -> f64 {
        self.percentile(0.99)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Adds every latency of `other`.
    pub fn append(&mut self, other: &Latencies) {
        self.0.extend_from_slice(&other.0);
    }
    pub fn sum_seconds(&self) -> f64 {
        self.0.iter().sum::<f64>() / 1000.0
    }
}

/// One engine's run over the query set.
#[derive(Debug, Clone, Default)]
pub struct EngineRun {
    pub name: String,
    pub all: Latencies,
    pub per_class: Vec<(String, Latencies)>,
    pub per_query: Vec<Latencies>,
    /// Queries (of the set) that found at least one offer.
    pub with_hits: usize,
    pub wall_seconds: f64,
    /// The offer ids each query found in the first round, best first (filled
    /// by the runs that score relevance).
    pub found: Vec<Vec<i64>>,
}

impl EngineRun {
    fn new(name: &str, queries: &[BenchQuery]) -> EngineRun {
        let mut classes: Vec<String> = Vec::new();
        for q in queries {
            if !classes.contains(&q.class) {
                classes.push(q.class.clone());
            }
        }
        EngineRun {
            name: name.to_string(),
            per_class: classes
                .into_iter()
                .map(|c| (c, Latencies::default()))
                .collect(),
            per_query: vec![Latencies::default(); queries.len()],
            ..EngineRun::default()
        }
    }

    fn record(&mut self, i: usize, q: &BenchQuery, d: Duration) {
        self.all.push(d);
        if let Some(l) = self.per_query.get_mut(i) {
            l.push(d);
        }
        if let Some((_, l)) = self.per_class.iter_mut().find(|(c, _)| *c == q.class) {
            l.push(d);
        }
    }

    /// Queries per second, one after the other on one connection.
    pub fn qps(&self) -> f64 {
        if self.wall_seconds > 0.0 {
            self.all.len() as f64 / self.wall_seconds
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone)]
pub struct HttpFigure {
    pub label: String,
    pub result: bench::HttpBenchResult,
}

#[derive(Debug, Clone, Default)]
pub struct PgFigures {
    /// Kompas measured as PostgreSQL is: `/zoeken` over HTTP from one client.
    pub kompas_tcp: EngineRun,
    pub load_seconds: f64,
    pub index_seconds: f64,
    pub size: String,
    pub and: EngineRun,
    pub or: EngineRun,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub offers: usize,
    pub queries: usize,
    pub rounds: usize,
    pub data: String,
    pub generate_seconds: Option<f64>,
    pub read_seconds: f64,
    pub index_seconds: f64,
    pub index_bytes: u64,
    pub rss_mb: f64,
    pub peak_rss_mb: f64,
    pub full: EngineRun,
    pub index_only: EngineRun,
    /// `/zoeken` through the router in this process (cache off): the web path
    /// as the server spends it.
    pub web_server: EngineRun,
    /// The judged queries on the demo sociale kaart.
    pub judged: Option<JudgedFigures>,
    pub rows_only: Latencies,
    pub mean_total_hits: f64,
    pub pg: Option<PgFigures>,
    pub pg_skipped: Option<String>,
    pub http: Vec<HttpFigure>,
    pub floor: Option<bench::HttpBenchResult>,
    /// The slowest queries: text, p99 (web path), p99 (index only), matches.
    pub slowest: Vec<(String, f64, f64, usize)>,
}

/// VmRSS and VmHWM of this process, in MB.
pub fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        dir_size(&p)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

struct BenchEnv(HashMap<&'static str, String>);

impl Env for BenchEnv {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
}

fn settings_for(dir: &Path) -> anyhow::Result<Settings> {
    settings_at(
        dir,
        &format!("sqlite://{}", dir.join("kompas.db").display()),
    )
}

/// Settings for a throw-away server: data (the search index) in `dir`, the
/// database at `database_url`, a random loopback port. The budgets and caps
/// of the public API and search are off: these benchmarks measure capacity
/// from one address (`bench load` measures with them on).
pub(crate) fn settings_at(dir: &Path, database_url: &str) -> anyhow::Result<Settings> {
    let mut env = HashMap::from([
        ("KOMPAS_DATA_DIR", dir.display().to_string()),
        ("KOMPAS_DATABASE_URL", database_url.to_string()),
        ("KOMPAS_LISTEN", "127.0.0.1:0".to_string()),
    ]);
    for key in [
        "KOMPAS_LIMITS_API_PER_MINUTE",
        "KOMPAS_LIMITS_API_IN_FLIGHT",
        "KOMPAS_LIMITS_SEARCH_PER_MINUTE",
        "KOMPAS_LIMITS_SEARCH_IN_FLIGHT",
    ] {
        env.insert(key, "0".to_string());
    }
    let mut settings = Settings::load(None, &BenchEnv(env))?;
    settings.for_local_demo()?;
    Ok(settings)
}

async fn offer_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM offers")
        .fetch_one(db.reader())
        .await?
        .try_get("n")?)
}

fn pct(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(100)
}

/// Runs the whole benchmark and returns the figures; prints progress lines.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    let query_text = match &opts.queries {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("zoekvragen {} kunnen niet worden gelezen", p.display()))?,
        None => QUERIES.to_string(),
    };
    let queries = parse_queries(&query_text)?;
    let rounds = opts.rounds.max(1);
    let (dir, temporary) = match &opts.data_dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("kompas-bench-search-{}", std::process::id())),
            true,
        ),
    };
    let result = measure(opts, &queries, rounds, &dir).await;
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let mut summary = result?;
    if opts.judged {
        summary.judged = Some(judged_phase(opts, rounds).await?);
    }
    Ok(summary)
}

async fn measure(
    opts: &Options,
    queries: &[BenchQuery],
    rounds: usize,
    dir: &Path,
) -> anyhow::Result<Summary> {
    let mut s = Summary {
        offers: opts.offers,
        queries: queries.len(),
        rounds,
        ..Summary::default()
    };
    println!(
        "kompas bench search: {} aanbiedingen, {} zoekvragen, {rounds} meetrondes",
        opts.offers,
        queries.len()
    );

    // 1. The data: load it, or generate it into SQLite.
    let settings = settings_for(dir)?;
    let mut db = open_database(&settings).await?;
    let have = offer_count(&db).await?;
    if have != opts.offers as i64 {
        if have != 0 {
            println!(
                "  {have} aanbiedingen in {}: opnieuw genereren",
                dir.display()
            );
            db.close().await;
            std::fs::remove_dir_all(dir)?;
            db = open_database(&settings).await?;
        }
        println!("  genereren in {} ...", dir.display());
        let mut last = 0;
        let report = generate::run(
            &db,
            &generate::Options {
                count: opts.offers,
                seed: opts.seed,
                municipality: generate::DEFAULT_MUNICIPALITY.into(),
            },
            chrono::Utc::now(),
            |p| {
                let now = pct(p.done, p.total) / 10;
                if now != last || p.done == p.total {
                    last = now;
                    println!(
                        "    {:>7} / {} ({:.0} aanbiedingen/s)",
                        p.done,
                        p.total,
                        p.rate()
                    );
                }
            },
        )
        .await?;
        println!("  {report}");
        s.generate_seconds = Some(report.seconds);
        s.data = format!("gegenereerd in {}", dir.display());
    } else {
        println!("  {have} aanbiedingen geladen uit {}", dir.display());
        s.data = format!("geladen uit {}", dir.display());
    }

    // 2. The index, built the way the server builds it at start.
    let t = Instant::now();
    let fingerprint = dir::offers_fingerprint(&db).await?;
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = dir::offers_after(&db, after, 2_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        all.extend(page.iter().map(kompas_web::directory::indexed));
    }
    s.read_seconds = t.elapsed().as_secs_f64();
    let index_dir = settings.data_dir.join("index");
    let t = Instant::now();
    let n = tokio::task::spawn_blocking({
        let index_dir = index_dir.clone();
        move || -> anyhow::Result<usize> {
            let index = SearchIndex::open(Some(&index_dir))?;
            Ok(index.rebuild(all, &fingerprint)?)
        }
    })
    .await??;
    s.index_seconds = t.elapsed().as_secs_f64();
    s.index_bytes = dir_size(&index_dir);
    println!(
        "  index: {n} aanbiedingen gelezen in {:.1} s, geïndexeerd in {:.1} s ({:.0} MB op schijf)",
        s.read_seconds,
        s.index_seconds,
        s.index_bytes as f64 / 1e6
    );

    // 3. The application over the same database and index (no second build).
    let app = Application::build_default(&settings, db.clone()).await?;
    let addr = app.addr;
    let state = app.state.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    let municipality = state.home_municipality;
    let areas: Vec<String> = match municipality {
        Some(m) => dir::areas(&db, m)
            .await?
            .into_iter()
            .map(|a| a.cbs_code)
            .collect(),
        None => Vec::new(),
    };
    (s.rss_mb, s.peak_rss_mb) = memory_mb();
    println!(
        "  geheugen na laden: RSS {:.0} MB (piek {:.0} MB)",
        s.rss_mb, s.peak_rss_mb
    );

    // 4. Ours: index, then the rows, as the search page does.
    let today = kompas_web::directory::day_number(chrono::Utc::now().date_naive());
    // Every headline figure is cold: no prepared search is replayed (the
    // index's plan cache off), as the answer cache is off for the web path.
    state.search.set_plan_cache(false);
    let search_queries: Vec<SearchQuery> = queries
        .iter()
        .map(|q| q.search_query(municipality.map(|m| m as u64), &areas))
        .collect();
    let mut full = EngineRun::new("Kompas (index + rijen)", queries);
    let mut index_only = EngineRun::new("Kompas (alleen index)", queries);
    let mut rows_only = Latencies::default();
    let mut total_hits = 0_usize;
    let mut matches = vec![0_usize; queries.len()];
    let mut dump = String::new();
    for round in 0..(rounds + 3) {
        let measured = round >= 3;
        let started = Instant::now();
        for (i, (q, sq)) in queries.iter().zip(&search_queries).enumerate() {
            let t = Instant::now();
            let search = state.search.clone();
            let sq = sq.clone();
            let (results, index_time) = tokio::task::spawn_blocking(move || {
                let t = Instant::now();
                let r = search.search(&sq, today);
                (r, t.elapsed())
            })
            .await?;
            let results = results?;
            let t_rows = Instant::now();
            let ids: Vec<i64> = results.hits.iter().map(|h| h.id as i64).collect();
            let rows = dir::offers_by_ids(&state.db, &ids).await?;
            let rows_time = t_rows.elapsed();
            let total = t.elapsed();
            if rows.len() != ids.len() {
                bail!(
                    "zoekvraag '{}': {} treffers maar {} rijen",
                    q.line,
                    ids.len(),
                    rows.len()
                );
            }
            if measured {
                full.record(i, q, total);
                index_only.record(i, q, index_time);
                rows_only.push(rows_time);
            }
            if round == 0 {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                let _ = writeln!(dump, "{}\t{}\t{}", q.line, results.total, list.join(" "));
                total_hits += results.total;
                if let Some(m) = matches.get_mut(i) {
                    *m = results.total;
                }
                if results.total > 0 {
                    full.with_hits += 1;
                    index_only.with_hits += 1;
                }
            }
        }
        if measured {
            full.wall_seconds += started.elapsed().as_secs_f64();
        }
    }
    index_only.wall_seconds = index_only.all.sum_seconds();
    if let Some(path) = &opts.dump {
        std::fs::write(path, &dump)
            .with_context(|| format!("{} kan niet worden geschreven", path.display()))?;
    }
    s.mean_total_hits = total_hits as f64 / queries.len().max(1) as f64;
    println!(
        "  Kompas: p50 {:.3} ms, p99 {:.3} ms (alleen index: p50 {:.3} ms, p99 {:.3} ms)",
        full.all.p50(),
        full.all.p99(),
        index_only.all.p50(),
        index_only.all.p99()
    );
    let mut slowest: Vec<(String, f64, f64, usize)> = queries
        .iter()
        .zip(&full.per_query)
        .zip(&index_only.per_query)
        .zip(&matches)
        .map(|(((q, f), i), m)| (q.line.clone(), f.p99(), i.p99(), *m))
        .collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(5);
    s.slowest = slowest;
    s.full = full;
    s.index_only = index_only;
    s.rows_only = rows_only;

    // The web path as the server spends it: `/zoeken` through the router,
    // no network, the answer cache off.
    state.api_cache.set_enabled(false);
    s.web_server = router_run(&kompas_web::app(state.clone()), queries, &areas, rounds).await?;
    println!(
        "  webpad (server, /zoeken via de router): p50 {:.3} ms, p99 {:.3} ms",
        s.web_server.all.p50(),
        s.web_server.all.p99()
    );

    // 5. The PostgreSQL baseline on the same offers.
    match &opts.postgres {
        Some(url) => {
            let pg_rounds = (rounds / 4).max(3);
            let mut pg =
                postgres_baseline(url, &db, queries, &areas, municipality, pg_rounds).await?;
            // The same client-side measurement against Kompas, cache off.
            state.api_cache.set_enabled(false);
            pg.kompas_tcp = http_run(addr, queries, &areas, pg_rounds).await?;
            println!(
                "  Kompas via HTTP (/zoeken): p50 {:.3} ms, p99 {:.3} ms",
                pg.kompas_tcp.all.p50(),
                pg.kompas_tcp.all.p99()
            );
            s.pg = Some(pg);
        }
        None => {
            s.pg_skipped =
                Some("geen --postgres opgegeven: PostgreSQL-vergelijking overgeslagen".into());
            println!("  PostgreSQL: overgeslagen (geen --postgres)");
        }
    }

    // 6. HTTP against the /health floor, in this run: the HSDS search API and
    // the public search page, each client going round the whole query set.
    let secs = Duration::from_secs(opts.http_seconds.clamp(1, 120));
    let floor = bench::run(addr, "/health", opts.connections, secs).await?;
    println!("  HTTP {floor}");
    let api: Vec<String> = queries
        .iter()
        .filter(|q| !q.text.is_empty())
        .map(|q| {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            s.append_pair("search", &q.text)
                .append_pair("per_page", "10");
            format!("/api/hsds/services?{}", s.finish())
        })
        .collect();
    let pages: Vec<String> = queries.iter().map(|q| q.path(&areas)).collect();
    // Without the answer cache first: that is the headline. Every client goes
    // round the same query list, so with the cache on most answers are replays.
    let runs = [
        (
            "/api/hsds/services?search=… (alle zoekvragen door elkaar, zonder cache)",
            &api,
            false,
        ),
        ("/zoeken?q=… (alle zoekvragen door elkaar, geen antwoordcache)", &pages, false),
        (
            "/api/hsds/services?search=… (dezelfde lijst steeds opnieuw, antwoordcache aan: herhalingen)",
            &api,
            true,
        ),
    ];
    for (label, paths, cache) in runs {
        state.api_cache.set_enabled(cache);
        state.search.set_plan_cache(cache);
        let r = bench::run_mixed(addr, label, paths, opts.connections, secs).await?;
        println!("  HTTP {r}");
        s.http.push(HttpFigure {
            label: label.to_string(),
            result: r,
        });
    }
    state.api_cache.set_enabled(true);
    state.search.set_plan_cache(true);
    s.floor = Some(floor);
    Ok(s)
}

/// One query asked: how long the answer took and, where the engine says
/// them, the offer ids it found (best first).
type Asked = (Duration, Option<Vec<i64>>);

/// Asks every query in turn, `rounds` measured after two to warm up; the
/// first round's ids give `with_hits` and `found`.
async fn timed_rounds(
    name: &str,
    queries: &[BenchQuery],
    rounds: usize,
    mut ask: impl AsyncFnMut(usize, &BenchQuery) -> anyhow::Result<Asked>,
) -> anyhow::Result<EngineRun> {
    let mut run = EngineRun::new(name, queries);
    for round in 0..(rounds + 2) {
        let measured = round >= 2;
        let started = Instant::now();
        for (i, q) in queries.iter().enumerate() {
            let (d, ids) = ask(i, q).await?;
            if measured {
                run.record(i, q, d);
            }
            if let (0, Some(ids)) = (round, ids) {
                run.with_hits += usize::from(!ids.is_empty());
                run.found.push(ids);
            }
        }
        if measured {
            run.wall_seconds += started.elapsed().as_secs_f64();
        }
    }
    Ok(run)
}

/// The query set as `/zoeken` pages, one after the other on one kept-alive
/// connection, timed at the client as `pg_run` times PostgreSQL.
async fn http_run(
    addr: std::net::SocketAddr,
    queries: &[BenchQuery],
    areas: &[String],
    rounds: usize,
) -> anyhow::Result<EngineRun> {
    let host = addr.to_string();
    let mut stream = tokio::io::BufReader::new(tokio::net::TcpStream::connect(addr).await?);
    let paths: Vec<String> = queries.iter().map(|q| q.path(areas)).collect();
    timed_rounds(
        "Kompas /zoeken via HTTP",
        queries,
        rounds,
        async |i, q| -> anyhow::Result<Asked> {
            let t = Instant::now();
            let answer = bench::fetch(&mut stream, &host, &paths[i], "").await?;
            let d = t.elapsed();
            if answer.status != 200 {
                bail!("zoekvraag '{}': HTTP {}", q.line, answer.status);
            }
            Ok((d, None))
        },
    )
    .await
}

// ---------------------------------------------------------------- PostgreSQL

#[derive(Clone, Copy, PartialEq, Eq)]
enum PgMode {
    /// `websearch_to_tsquery`: every word must match (how PostgreSQL FTS is usually used).
    And,
    /// The words OR'ed, as our search does.
    Or,
}

enum Arg {
    Text(String),
    Int(i64),
    Texts(Vec<String>),
    Ints(Vec<i16>),
}

fn pg_query(
    q: &BenchQuery,
    area: Option<String>,
    municipality: i64,
    mode: PgMode,
) -> (String, Vec<Arg>) {
    let mut args = Vec::new();
    let mut conditions = vec!["active".to_string()];
    fn arg(a: Arg, args: &mut Vec<Arg>) -> String {
        args.push(a);
        format!("${}", args.len())
    }
    let words = kompas_search::analyzer::words(&q.text);
    let text = !words.is_empty();
    let mut from = "bench_offers".to_string();
    if text {
        let (func, value) = match mode {
            PgMode::And => ("websearch_to_tsquery", q.text.clone()),
            PgMode::Or => ("to_tsquery", words.join(" | ")),
        };
        let p = arg(Arg::Text(value), &mut args);
        from = format!("bench_offers, {func}('dutch', {p}) query");
        conditions.push("doc @@ query".into());
    }
    let p = arg(Arg::Int(municipality), &mut args);
    conditions.push(format!("municipality_id = {p}"));
    if !q.domains.is_empty() {
        let p = arg(
            Arg::Texts(q.domains.iter().map(|d| d.code().to_string()).collect()),
            &mut args,
        );
        conditions.push(format!("life_domains && {p}"));
    }
    if !q.layers.is_empty() {
        let p = arg(
            Arg::Ints(q.layers.iter().map(|l| i16::from(l.number())).collect()),
            &mut args,
        );
        conditions.push(format!("layer = ANY({p})"));
    }
    if let Some(a) = area {
        let p = arg(Arg::Text(a), &mut args);
        conditions.push(format!("(cardinality(areas) = 0 OR {p} = ANY(areas))"));
    }
    if let Some(age) = q.age {
        let p = arg(Arg::Int(i64::from(age)), &mut args);
        conditions.push(format!("min_age <= {p} AND max_age >= {p}"));
    }
    if q.free {
        conditions.push("free".into());
    }
    if q.without_referral {
        conditions.push("without_referral".into());
    }
    if !q.target_groups.is_empty() {
        let p = arg(Arg::Texts(q.target_groups.clone()), &mut args);
        conditions.push(format!("target_groups && {p}"));
    }
    let columns = "id, name, description, for_whom, organization, keywords, layer, checked_day";
    let sql = if text {
        format!(
            "SELECT {columns}, ts_rank(doc, query) AS rank FROM {from} WHERE {} ORDER BY rank DESC LIMIT 10",
            conditions.join(" AND ")
        )
    } else {
        format!(
            "SELECT {columns} FROM {from} WHERE {} ORDER BY layer, id LIMIT 10",
            conditions.join(" AND ")
        )
    };
    (sql, args)
}

async fn pg_run(
    pool: &PgPool,
    name: &str,
    mode: PgMode,
    queries: &[BenchQuery],
    areas: &[String],
    municipality: i64,
    rounds: usize,
) -> anyhow::Result<EngineRun> {
    let prepared: Vec<(String, Vec<Arg>)> = queries
        .iter()
        .map(|q| pg_query(q, q.area_code(areas), municipality, mode))
        .collect();
    timed_rounds(
        name,
        queries,
        rounds,
        async |i, q| -> anyhow::Result<Asked> {
            let (sql, args) = &prepared[i];
            let mut query = sqlx::query(sql);
            for a in args {
                query = match a {
                    Arg::Text(s) => query.bind(s.clone()),
                    Arg::Int(n) => query.bind(*n),
                    Arg::Texts(v) => query.bind(v.clone()),
                    Arg::Ints(v) => query.bind(v.clone()),
                };
            }
            let t = Instant::now();
            let rows = query
                .fetch_all(pool)
                .await
                .with_context(|| format!("PostgreSQL, zoekvraag '{}'", q.line))?;
            let d = t.elapsed();
            let ids = rows
                .iter()
                .map(|r| r.try_get::<i64, _>("id"))
                .collect::<Result<_, _>>()?;
            Ok((d, Some(ids)))
        },
    )
    .await
}

/// A scratch PostgreSQL database holding the offers of a Kompas database in
/// `bench_offers` (weighted tsvector, GIN index, analysed); `close` drops it.
struct PgBaseline {
    scratch: bench::ScratchDatabase,
    pool: PgPool,
    /// Load and index times and the size; the runs are left empty.
    figures: PgFigures,
}

impl PgBaseline {
    async fn open(url: &str, purpose: &str, db: &Db) -> anyhow::Result<PgBaseline> {
        let scratch = bench::ScratchDatabase::create(url, purpose).await?;
        let pool = match PgPoolOptions::new()
            .max_connections(2)
            .connect(&scratch.url)
            .await
        {
            Ok(pool) => pool,
            Err(e) => {
                let _ = scratch.remove().await;
                return Err(e.into());
            }
        };
        match pg_load(&pool, db).await {
            Ok(figures) => Ok(PgBaseline {
                scratch,
                pool,
                figures,
            }),
            Err(e) => {
                pool.close().await;
                let _ = scratch.remove().await;
                Err(e)
            }
        }
    }

    /// Drops the scratch database; `result` (what was measured on it) wins
    /// over an error in cleaning up.
    async fn close<T>(self, result: anyhow::Result<T>) -> anyhow::Result<T> {
        self.pool.close().await;
        let dropped = self.scratch.remove().await;
        let value = result?;
        dropped?;
        Ok(value)
    }
}

async fn postgres_baseline(
    url: &str,
    db: &Db,
    queries: &[BenchQuery],
    areas: &[String],
    municipality: Option<i64>,
    rounds: usize,
) -> anyhow::Result<PgFigures> {
    let pg = PgBaseline::open(url, "search", db).await?;
    let municipality = municipality.unwrap_or(0);
    let pool = &pg.pool;
    let result = async {
        let mut f = pg.figures.clone();
        // Each way of asking PostgreSQL, measured and reported at once.
        let run = |label: &'static str, short: &'static str, mode| async move {
            let r = pg_run(pool, label, mode, queries, areas, municipality, rounds).await?;
            println!(
                "  PostgreSQL ({short}): p50 {:.3} ms, p99 {:.3} ms",
                r.all.p50(),
                r.all.p99()
            );
            anyhow::Ok(r)
        };
        f.and = run("PostgreSQL websearch_to_tsquery (EN)", "EN", PgMode::And).await?;
        f.or = run("PostgreSQL to_tsquery met OF", "OF", PgMode::Or).await?;
        anyhow::Ok(f)
    }
    .await;
    pg.close(result).await
}

/// Creates `bench_offers`, copies every offer of `db` into it and indexes it.
async fn pg_load(pool: &PgPool, db: &Db) -> anyhow::Result<PgFigures> {
    let mut f = PgFigures::default();
    sqlx::query(
        "CREATE TABLE bench_offers (
            id BIGINT PRIMARY KEY,
            municipality_id BIGINT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            for_whom TEXT NOT NULL,
            organization TEXT NOT NULL,
            keywords TEXT NOT NULL,
            layer SMALLINT NOT NULL,
            life_domains TEXT[] NOT NULL,
            areas TEXT[] NOT NULL,
            min_age SMALLINT NOT NULL,
            max_age SMALLINT NOT NULL,
            free BOOLEAN NOT NULL,
            without_referral BOOLEAN NOT NULL,
            target_groups TEXT[] NOT NULL,
            active BOOLEAN NOT NULL,
            checked_day INTEGER NOT NULL,
            doc TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('dutch', name), 'A') ||
                setweight(to_tsvector('dutch', keywords), 'B') ||
                setweight(to_tsvector('dutch', description), 'C')) STORED
        )",
    )
    .execute(pool)
    .await?;
    let t = Instant::now();
    let mut after = 0;
    let mut loaded = 0;
    loop {
        let page = dir::offers_after(db, after, 1_000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let mut b = sqlx::QueryBuilder::<sqlx::Postgres>::new(
            "INSERT INTO bench_offers (id, municipality_id, name, description, for_whom, organization, \
             keywords, layer, life_domains, areas, min_age, max_age, free, without_referral, target_groups, active, checked_day) ",
        );
        b.push_values(page.iter(), |mut row, o| {
            let i = kompas_web::directory::indexed(o);
            row.push_bind(o.id)
                .push_bind(o.municipality_id)
                .push_bind(i.name)
                .push_bind(i.description)
                .push_bind(i.for_whom)
                .push_bind(i.organization)
                .push_bind(i.keywords.join(", "))
                .push_bind(i16::from(i.layer))
                .push_bind(i.life_domains)
                .push_bind(i.areas)
                .push_bind(i16::from(i.min_age.unwrap_or(0)))
                .push_bind(i16::from(i.max_age.unwrap_or(200)))
                .push_bind(i.free)
                .push_bind(i.without_referral)
                .push_bind(i.target_groups)
                .push_bind(i.active)
                .push_bind(i.checked_day as i32);
        });
        b.build().execute(pool).await?;
        loaded += page.len();
    }
    f.load_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    sqlx::query("CREATE INDEX bench_offers_doc ON bench_offers USING GIN (doc)")
        .execute(pool)
        .await?;
    f.index_seconds = t.elapsed().as_secs_f64();
    sqlx::query("VACUUM ANALYZE bench_offers")
        .execute(pool)
        .await?;
    f.size = sqlx::query("SELECT pg_size_pretty(pg_total_relation_size('bench_offers')) AS s")
        .fetch_one(pool)
        .await?
        .try_get("s")?;
    println!(
        "  PostgreSQL: {loaded} rijen geladen in {:.1} s (tsvector gegenereerd), GIN-index in {:.1} s, {} met index",
        f.load_seconds, f.index_seconds, f.size
    );
    Ok(f)
}

// ---------------------------------------------------------------- in-process web path

/// The query set as `/zoeken` pages sent straight to the application's router
/// (`oneshot`, no network): every layer, the handler, the rows from the
/// database and the rendered page, timed in the server.
async fn router_run(
    router: &axum::Router,
    queries: &[BenchQuery],
    areas: &[String],
    rounds: usize,
) -> anyhow::Result<EngineRun> {
    use axum::http::{header, Request};
    use tower::ServiceExt as _;
    let paths: Vec<String> = queries.iter().map(|q| q.path(areas)).collect();
    let name = "Kompas /zoeken (webpad in de server)";
    timed_rounds(
        name,
        queries,
        rounds,
        async |i, q| -> anyhow::Result<Asked> {
            let mut req = Request::get(paths[i].as_str())
                .header(header::HOST, "127.0.0.1")
                .body(axum::body::Body::empty())?;
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                    [127, 0, 0, 1],
                    0,
                ))));
            let t = Instant::now();
            let res = router.clone().oneshot(req).await?;
            let status = res.status();
            axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await?;
            let d = t.elapsed();
            if !status.is_success() {
                bail!("zoekvraag '{}': HTTP {status}", q.line);
            }
            Ok((d, None))
        },
    )
    .await
}

// ---------------------------------------------------------------- judged queries

/// One engine on the judged queries of the demo sociale kaart.
#[derive(Debug, Clone, Default)]
pub struct JudgedEngine {
    pub name: String,
    /// Mean nDCG@10 of the tuning half and of the held-out half.
    pub tuning: f64,
    pub held_out: f64,
    /// Both halves together.
    pub latency: Latencies,
}

#[derive(Debug, Clone, Default)]
pub struct JudgedFigures {
    pub offers: usize,
    pub tuning_queries: usize,
    pub held_out_queries: usize,
    pub rounds: usize,
    /// Kompas, the index alone in this process.
    pub index: JudgedEngine,
    /// Kompas, `/zoeken` over HTTP as `http_run` times it (the same search, so
    /// the same nDCG).
    pub http: JudgedEngine,
    /// PostgreSQL over TCP (with `--postgres`).
    pub pg_or: Option<JudgedEngine>,
    pub pg_and: Option<JudgedEngine>,
}

impl JudgedEngine {
    fn named(name: &str) -> JudgedEngine {
        JudgedEngine {
            name: name.to_string(),
            ..JudgedEngine::default()
        }
    }

    /// Adds one half: its mean nDCG@10 (`half` 0 = tuning, 1 = held-out) and latencies.
    fn add(&mut self, half: usize, ndcg: f64, run: &EngineRun) {
        if half == 0 {
            self.tuning = ndcg;
        } else {
            self.held_out = ndcg;
        }
        self.latency.append(&run.all);
    }
}

/// A judged query as a line of the query set, for HTTP and PostgreSQL.
fn bench_query(j: &Judged) -> anyhow::Result<BenchQuery> {
    let at = |e: String| anyhow::anyhow!("beoordeelde zoekvraag '{}': {e}", j.vraag);
    Ok(BenchQuery {
        class: "beoordeeld".into(),
        text: j.vraag.clone(),
        domains: j
            .filter("leefgebied")
            .map(|d| LifeDomain::parse(&d).map_err(at))
            .transpose()?
            .into_iter()
            .collect(),
        layers: j
            .filter("laag")
            .map(|l| {
                let n: u8 = l.parse().map_err(|_| at(format!("laag '{l}'")))?;
                Layer::try_from(n).map_err(at)
            })
            .transpose()?
            .into_iter()
            .collect(),
        area: j.filter("wijk").map(AreaRef::Code),
        age: j.filter("leeftijd").and_then(|a| a.parse().ok()),
        free: false,
        without_referral: false,
        target_groups: j.filter("doelgroep").into_iter().collect(),
        line: j.vraag.clone(),
    })
}

/// Mean nDCG@10 of what each query found (offer ids, best first).
fn mean_ndcg(
    set: &[Judged],
    found: &[Vec<i64>],
    hsds: &HashMap<i64, String>,
) -> anyhow::Result<f64> {
    if found.len() != set.len() {
        bail!("{} antwoorden op {} zoekvragen", found.len(), set.len());
    }
    let total: f64 = set
        .iter()
        .zip(found)
        .map(|(j, ids)| {
            let ids: Vec<String> = ids.iter().filter_map(|i| hsds.get(i).cloned()).collect();
            relevance::ndcg_at_10(&ids, &j.relevant)
        })
        .sum();
    Ok(total / set.len().max(1) as f64)
}

/// The index alone over `queries`, `rounds` after two to warm up, keeping
/// the ids found in the first round.
async fn index_run(
    search: &SearchIndex,
    queries: &[BenchQuery],
    search_queries: &[SearchQuery],
    today: i64,
    rounds: usize,
) -> anyhow::Result<EngineRun> {
    let name = "Kompas (alleen index)";
    timed_rounds(
        name,
        queries,
        rounds,
        async |i, _| -> anyhow::Result<Asked> {
            let t = Instant::now();
            let r = search.search(&search_queries[i], today)?;
            let d = t.elapsed();
            Ok((d, Some(r.hits.iter().map(|h| h.id as i64).collect())))
        },
    )
    .await
}

/// The judged phase in a temporary directory of its own, removed afterwards.
async fn judged_phase(opts: &Options, rounds: usize) -> anyhow::Result<JudgedFigures> {
    let dir = std::env::temp_dir().join(format!("kompas-bench-judged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let result = judged_measure(opts, rounds, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The demo municipality's sociale kaart alone, without its synonyms (the
/// shipped thesaurus only, as a new municipality starts), in a fresh SQLite
/// database with the index built as the server builds it; both halves of the
/// judged queries on Kompas and, with `--postgres`, on PostgreSQL.
async fn judged_measure(
    opts: &Options,
    rounds: usize,
    dir: &Path,
) -> anyhow::Result<JudgedFigures> {
    println!("beoordeelde zoekvragen (demogemeente, alleen de meegeleverde thesaurus):");
    let settings = settings_for(dir)?;
    let db = open_database(&settings).await?;
    let now = chrono::Utc::now();
    let mut tx = db.begin().await?;
    let m =
        kompas_store::tenancy::create_municipality(&mut tx, "GM9901", "Wilgendaal", None).await?;
    tx.commit().await?;
    let files = demo::directory::DemoFiles {
        synonyms_csv: "woord,betekent\n",
        ..demo::directory::embedded()
    };
    let offers = demo::directory::load(&db, m, &files, now).await?;
    if !dir::all_synonyms(&db).await?.is_empty() {
        bail!("de demogemeente heeft toch eigen synoniemen");
    }
    // Builds the index (and reads the synonyms: none) as the server does at start.
    let app = Application::build_default(&settings, db.clone()).await?;
    let addr = app.addr;
    let state = app.state.clone();
    let server = tokio::spawn(app.run_until(std::future::pending()));
    state.api_cache.set_enabled(false);
    state.search.set_plan_cache(false);
    let result = async {
        let mut hsds: HashMap<i64, String> = HashMap::new();
        let mut after = 0;
        loop {
            let page = dir::offers_after(&db, after, 1_000).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            hsds.extend(page.into_iter().map(|o| (o.id, o.draft.hsds_id)));
        }
        let halves = [relevance::tuning()?, relevance::held_out()?];
        let known: std::collections::HashSet<&String> = hsds.values().collect();
        for j in halves.iter().flatten() {
            if let Some(id) = j.relevant.keys().find(|id| !known.contains(id)) {
                bail!("beoordeeld aanbod {id} ('{}') staat niet in de demogegevens", j.vraag);
            }
        }
        let asked: Vec<Vec<BenchQuery>> = halves
            .iter()
            .map(|set| set.iter().map(bench_query).collect())
            .collect::<anyhow::Result<_>>()?;
        let mut f = JudgedFigures {
            offers,
            tuning_queries: halves[0].len(),
            held_out_queries: halves[1].len(),
            rounds,
            index: JudgedEngine::named("Kompas alleen index (in het proces)"),
            http: JudgedEngine::named("Kompas /zoeken (HTTP, geen cache)"),
            ..JudgedFigures::default()
        };
        let today = kompas_web::directory::day_number(now.date_naive());
        let municipality = Some(m as u64);
        for (half, (set, queries)) in halves.iter().zip(&asked).enumerate() {
            let search_queries: Vec<SearchQuery> =
                set.iter().map(|j| j.search_query(municipality)).collect();
            let run = index_run(&state.search, queries, &search_queries, today, rounds).await?;
            let ndcg = mean_ndcg(set, &run.found, &hsds)?;
            f.index.add(half, ndcg, &run);
            f.http.add(half, ndcg, &http_run(addr, queries, &[], rounds).await?);
        }
        println!(
            "  Kompas: {offers} aanbiedingen, nDCG@10 afstemming {:.3}, controle {:.3}; p50 {:.3} ms (index), {:.3} ms (HTTP)",
            f.index.tuning,
            f.index.held_out,
            f.index.latency.p50(),
            f.http.latency.p50()
        );
        if let Some(url) = &opts.postgres {
            let pg = PgBaseline::open(url, "judged", &db).await?;
            let measured = async {
                let mut engines = Vec::new();
                for (mode, name) in [
                    (PgMode::Or, "PostgreSQL to_tsquery OF (TCP)"),
                    (PgMode::And, "PostgreSQL websearch_to_tsquery EN (TCP)"),
                ] {
                    let mut e = JudgedEngine::named(name);
                    for (half, (set, queries)) in halves.iter().zip(&asked).enumerate() {
                        let run = pg_run(&pg.pool, name, mode, queries, &[], m, rounds).await?;
                        e.add(half, mean_ndcg(set, &run.found, &hsds)?, &run);
                    }
                    println!(
                        "  {name}: nDCG@10 afstemming {:.3}, controle {:.3}; p50 {:.3} ms",
                        e.tuning,
                        e.held_out,
                        e.latency.p50()
                    );
                    engines.push(e);
                }
                anyhow::Ok(engines)
            }
            .await;
            let mut engines = pg.close(measured).await?.into_iter();
            f.pg_or = engines.next();
            f.pg_and = engines.next();
        }
        anyhow::Ok(f)
    }
    .await;
    server.abort();
    db.close().await;
    result
}

// ---------------------------------------------------------------- the report

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// One line of the headline: what, the target, the figure and whether it
/// holds (no figure: not measured in this run, and why).
fn goal(o: &mut String, what: &str, target: &str, figure: Result<(String, bool), &str>) {
    let (figure, ok) = match figure {
        Ok((f, ok)) => (f, mark(ok)),
        Err(why) => (format!("niet gemeten ({why})"), "–"),
    };
    let _ = writeln!(o, "  {what:<40} {target:<22} {figure:<34} {ok}");
}

impl Summary {
    /// Kompas over the wire against PostgreSQL's OR query, measured the same way.
    fn pg_or_ratios(&self) -> Option<(f64, f64)> {
        self.pg.as_ref().map(|pg| {
            (
                ratio(pg.or.all.p50(), pg.kompas_tcp.all.p50()),
                ratio(pg.or.all.p99(), pg.kompas_tcp.all.p99()),
            )
        })
    }

    /// The HSDS search API without the answer cache, as a share of `/health` (%).
    fn api_share(&self, cache: bool) -> Option<f64> {
        let floor = self.floor.as_ref()?;
        self.http
            .iter()
            .find(|h| h.label.starts_with("/api/hsds") && h.label.contains("cache aan") == cache)
            .map(|h| 100.0 * ratio(h.result.rps(), floor.rps()))
    }

    /// The targets of issue 14, each with its figure, before anything else.
    fn headline(&self, o: &mut String) {
        let at = if self.offers == 100_000 {
            String::new()
        } else {
            format!(
                " — gemeten bij {} aanbiedingen, de doelen gelden bij 100 000",
                self.offers
            )
        };
        let _ = writeln!(o, "kernpunten (antwoordcache uit){at}");
        let _ = writeln!(o, "  {:<40} {:<22} gemeten", "", "doel");
        let p50 = self.index_only.all.p50();
        goal(
            o,
            "alleen index, p50",
            "≤ 0,5 ms",
            Ok((format!("{p50:.3} ms"), p50 <= 0.5)),
        );
        let p99 = self.web_server.all.p99();
        goal(
            o,
            "webpad /zoeken (server), p99",
            "≤ 5 ms",
            Ok((format!("{p99:.3} ms"), p99 <= 5.0)),
        );
        goal(
            o,
            "HSDS-zoek-API zonder cache",
            "≥ 15% van /health",
            self.api_share(false)
                .map(|share| (format!("{share:.1}% van de vloer"), share >= 15.0))
                .ok_or("geen HTTP-meting"),
        );
        goal(
            o,
            "sneller dan PostgreSQL OF (beide TCP)",
            "≥ 10× bij p50 en p99",
            self.pg_or_ratios()
                .map(|(r50, r99)| {
                    (
                        format!("p50 {r50:.1}×, p99 {r99:.1}×"),
                        r50 >= 10.0 && r99 >= 10.0,
                    )
                })
                .ok_or("geen --postgres"),
        );
        let judged = self.judged.as_ref();
        for (name, pg) in [
            ("OF", judged.and_then(|j| j.pg_or.as_ref())),
            ("EN", judged.and_then(|j| j.pg_and.as_ref())),
        ] {
            let figure = match (judged, pg) {
                (None, _) => Err("--no-judged"),
                (Some(_), None) => Err("geen --postgres"),
                (Some(j), Some(pg)) => Ok((
                    format!("{:.3} tegen {:.3}", j.index.held_out, pg.held_out),
                    j.index.held_out > pg.held_out,
                )),
            };
            goal(
                o,
                &format!("nDCG@10 controlehelft, Kompas vs PG {name}"),
                "hoger",
                figure,
            );
        }
        goal(
            o,
            "geheugen (RSS na laden)",
            "< 300 MB",
            Ok((format!("{:.0} MB", self.rss_mb), self.rss_mb < 300.0)),
        );
    }

    fn judged_table(&self, o: &mut String) {
        let Some(j) = &self.judged else {
            let _ = writeln!(o, "beoordeeld     overgeslagen (--no-judged)");
            return;
        };
        let _ = writeln!(
            o,
            "beoordeeld      demogemeente ({} aanbiedingen), alleen de meegeleverde thesaurus; afstemming {} en\n                \
             controle {} vragen, {} rondes na 2 om op te warmen; Kompas via HTTP en PostgreSQL gelijk gemeten (één client, TCP)",
            j.offers, j.tuning_queries, j.held_out_queries, j.rounds
        );
        let _ = writeln!(
            o,
            "  {:<42} {:>10} {:>10} {:>8} {:>8}",
            "nDCG@10 en latentie (ms)", "afstemming", "controle", "p50", "p99"
        );
        for e in [&j.index, &j.http]
            .into_iter()
            .chain(j.pg_or.as_ref())
            .chain(j.pg_and.as_ref())
        {
            let _ = writeln!(
                o,
                "  {:<42} {:>10.3} {:>10.3} {:>8.3} {:>8.3}",
                e.name,
                e.tuning,
                e.held_out,
                e.latency.p50(),
                e.latency.p99()
            );
        }
        if j.pg_or.is_none() {
            let _ = writeln!(o, "  PostgreSQL: geen --postgres opgegeven");
        }
    }
}

pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut o = String::new();
        let line = "=".repeat(78);
        let _ = writeln!(o, "{line}");
        let _ = writeln!(o, "kompas bench search — samenvatting");
        let _ = writeln!(o, "{line}");
        let _ = writeln!(
            o,
            "{}",
            bench::header(
                "antwoordcache (/api/hsds) uit voor alle hoofdcijfers; alleen de laatste HTTP-regel meet met cache aan"
            )
        );
        self.headline(&mut o);
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "data            {} aanbiedingen, {}",
            self.offers, self.data
        );
        if let Some(g) = self.generate_seconds {
            let _ = writeln!(
                o,
                "genereren       {:.1} s ({:.0} aanbiedingen/s via save_offer)",
                g,
                ratio(self.offers as f64, g)
            );
        }
        let _ = writeln!(
            o,
            "index bouwen    {:.1} s lezen uit de database + {:.1} s indexeren ({:.0} MB op schijf)",
            self.read_seconds,
            self.index_seconds,
            self.index_bytes as f64 / 1e6
        );
        let _ = writeln!(
            o,
            "geheugen        RSS {:.0} MB na laden (piek {:.0} MB)",
            self.rss_mb, self.peak_rss_mb
        );
        let _ = writeln!(
            o,
            "zoekvragen      {} × {} rondes (na opwarmen), gemiddeld {:.0} treffers per vraag, {} van {} met treffers",
            self.queries, self.rounds, self.mean_total_hits, self.full.with_hits, self.queries
        );
        let _ = writeln!(o);
        if let Some(pg) = &self.pg {
            let _ = writeln!(
                o,
                "gelijk gemeten  één client in dit proces, één verbinding via TCP (loopback), de {} vragen na elkaar,\n                \
                 {} rondes na 2 om op te warmen; tijd aan de clientkant inclusief het overbrengen van het antwoord",
                self.queries,
                pg.kompas_tcp.all.len() / self.queries.max(1)
            );
            let _ = writeln!(
                o,
                "  latentie (ms)                            p50      p99   vragen/s"
            );
            let mut row = |name: &str, r: &EngineRun| {
                let _ = writeln!(
                    o,
                    "  {name:<38} {:>7.3}  {:>7.3}  {:>8.0}",
                    r.all.p50(),
                    r.all.p99(),
                    r.qps()
                );
            };
            row("Kompas /zoeken (HTTP, hele HTML-pagina)", &pg.kompas_tcp);
            row("PostgreSQL websearch_to_tsquery (10 rijen)", &pg.and);
            row("PostgreSQL to_tsquery OF (10 rijen)", &pg.or);
            let _ = writeln!(
                o,
                "  verhouding PG(EN)/Kompas: p50 {:.1}×  p99 {:.1}×   PG(OF)/Kompas: p50 {:.1}×  p99 {:.1}×",
                ratio(pg.and.all.p50(), pg.kompas_tcp.all.p50()),
                ratio(pg.and.all.p99(), pg.kompas_tcp.all.p99()),
                ratio(pg.or.all.p50(), pg.kompas_tcp.all.p50()),
                ratio(pg.or.all.p99(), pg.kompas_tcp.all.p99())
            );
            let _ = writeln!(o);
        }
        let _ = writeln!(
            o,
            "in het proces (ms, zonder netwerk; niet te vergelijken met PostgreSQL over TCP)\n                                           p50      p99   vragen/s"
        );
        let mut row = |name: &str, l: &Latencies, qps: f64| {
            let _ = writeln!(
                o,
                "  {name:<38} {:>7.3}  {:>7.3}  {:>8.0}",
                l.p50(),
                l.p99(),
                qps
            );
        };
        row(
            "webpad (server): /zoeken via de router",
            &self.web_server.all,
            self.web_server.qps(),
        );
        row("Kompas: index + rijen", &self.full.all, self.full.qps());
        row(
            "Kompas: alleen index",
            &self.index_only.all,
            self.index_only.qps(),
        );
        row(
            "Kompas: alleen rijen (offers_by_ids)",
            &self.rows_only,
            ratio(self.rows_only.len() as f64, self.rows_only.sum_seconds()),
        );
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "per klasse, p50 / p99 (ms; Kompas in het proces, PostgreSQL via TCP)"
        );
        let _ = write!(
            o,
            "  {:<15} {:>17} {:>17}",
            "klasse", "Kompas", "alleen index"
        );
        if self.pg.is_some() {
            let _ = write!(o, " {:>17} {:>17}", "PG (EN)", "PG (OF)");
        }
        let _ = writeln!(o);
        for (k, (class, l)) in self.full.per_class.iter().enumerate() {
            let cell = |l: &Latencies| format!("{:.3} / {:.3}", l.p50(), l.p99());
            let idx = self
                .index_only
                .per_class
                .get(k)
                .map(|(_, l)| cell(l))
                .unwrap_or_default();
            let _ = write!(o, "  {class:<15} {:>17} {idx:>17}", cell(l));
            if let Some(pg) = &self.pg {
                let a = pg
                    .and
                    .per_class
                    .get(k)
                    .map(|(_, l)| cell(l))
                    .unwrap_or_default();
                let b = pg
                    .or
                    .per_class
                    .get(k)
                    .map(|(_, l)| cell(l))
                    .unwrap_or_default();
                let _ = write!(o, " {a:>17} {b:>17}");
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(
            o,
            "traagste vragen (p99 Kompas / alleen index in ms, treffers)"
        );
        for (q, full, idx, n) in &self.slowest {
            let _ = writeln!(o, "  {full:>7.3} / {idx:>7.3}  {n:>6}  {q}");
        }
        let _ = writeln!(o);
        match &self.pg {
            Some(pg) => {
                let _ = writeln!(
                    o,
                    "PostgreSQL 15   laden {:.1} s, GIN-index {:.1} s, {}; vragen met treffers: EN {} / OF {} van {}",
                    pg.load_seconds,
                    pg.index_seconds,
                    pg.size,
                    pg.and.with_hits,
                    pg.or.with_hits,
                    self.queries
                );
            }
            None => {
                let _ = writeln!(
                    o,
                    "PostgreSQL      {}",
                    self.pg_skipped.as_deref().unwrap_or("overgeslagen")
                );
            }
        }
        if let Some(floor) = &self.floor {
            let _ = writeln!(
                o,
                "HTTP            /health vloer: {:.0} verzoeken/s (p50 {:.3} ms, {} verbindingen)",
                floor.rps(),
                floor.p50_ms,
                floor.connections
            );
            for h in &self.http {
                let _ = writeln!(
                    o,
                    "  {:>6.0}/s = {:>5.1}% van de vloer  p50 {:>7.3} ms  p99 {:>7.3} ms  fouten {}  {}",
                    h.result.rps(),
                    100.0 * ratio(h.result.rps(), floor.rps()),
                    h.result.p50_ms,
                    h.result.p99_ms,
                    h.result.errors,
                    h.label
                );
            }
        }
        let _ = writeln!(o);
        self.judged_table(&mut o);
        let _ = write!(o, "{line}");
        f.write_str(&o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_query_set_parses_and_is_mixed() {
        let q = parse_queries(QUERIES).unwrap();
        assert!(q.len() >= 60, "{}", q.len());
        for class in ["kort", "zin", "typfout", "samenstelling", "filter"] {
            assert!(q.iter().any(|x| x.class == class), "{class}");
        }
        assert!(q.iter().any(|x| x.text.is_empty() && !x.domains.is_empty()));
    }

    #[test]
    fn filters_parse_and_become_a_search_page_link() {
        let q = parse_queries(
            "[f]\nwerk zoeken | leefgebied=werk-en-opleiding laag=3 wijk=2 gratis=1\n",
        )
        .unwrap();
        let q = &q[0];
        assert_eq!(q.layers, vec![Layer::OpenAccess]);
        let areas = vec!["WK999001".to_string(), "WK999002".to_string()];
        assert_eq!(
            q.path(&areas),
            "/zoeken?q=werk+zoeken&leefgebied=werk-en-opleiding&laag=3&wijk=WK999002&gratis=1"
        );
        assert!(parse_queries("x | laag=9").is_err());
        assert!(parse_queries("x | kleur=rood").is_err());
    }

    #[test]
    fn a_judged_query_is_asked_with_its_filters() {
        let j: Judged = serde_json::from_str(
            r#"{"vraag": "hulp thuis", "filters": {"leefgebied": "lichamelijke-gezondheid", "laag": 4,
                "wijk": "WK999001", "leeftijd": 70, "doelgroep": "ouderen"}, "relevant": {"a": 3}}"#,
        )
        .unwrap();
        let q = bench_query(&j).unwrap();
        assert_eq!(
            q.path(&[]),
            "/zoeken?q=hulp+thuis&leefgebied=lichamelijke-gezondheid&laag=4&wijk=WK999001&leeftijd=70"
        );
        assert_eq!(q.target_groups, vec!["ouderen".to_string()]);
        let sq = q.search_query(Some(1), &[]);
        assert_eq!(sq, j.search_query(Some(1)));
    }

    #[test]
    fn postgres_queries_bind_what_they_use() {
        let q = parse_queries("schulden | leefgebied=financien leeftijd=40 wijk=1").unwrap();
        let (sql, args) = pg_query(&q[0], Some("WK999001".into()), 1, PgMode::And);
        assert!(sql.contains("websearch_to_tsquery('dutch', $1)"));
        assert!(sql.contains("$5"));
        assert_eq!(args.len(), 5);
        let (sql, _) = pg_query(&q[0], None, 1, PgMode::Or);
        assert!(sql.contains("to_tsquery('dutch', $1)"));
        let mut grouped = q[0].clone();
        grouped.target_groups = vec!["ouderen".into()];
        let (sql, args) = pg_query(&grouped, None, 1, PgMode::Or);
        assert!(sql.contains("target_groups && $5"), "{sql}");
        assert_eq!(args.len(), 5);
        let empty = parse_queries(" | laag=5").unwrap();
        let (sql, args) = pg_query(&empty[0], None, 1, PgMode::And);
        assert!(!sql.contains("tsquery") && sql.contains("ORDER BY layer"));
        assert_eq!(args.len(), 2);
    }
}
