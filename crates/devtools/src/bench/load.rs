//! `kompas bench load`: the whole site under mixed load, with the abuse
//! limits on. A fresh SQLite database gets the demo municipality, generated
//! offers and generated households with open questions; the real server loop
//! (header timeout, connection cap) serves the application behind a
//! "proxy" on loopback: every client sends its own `X-Forwarded-For`
//! address and 127.0.0.1 is the trusted proxy, as behind the TLS proxy of a
//! real installation.
//!
//! Clients, all at once for `--seconds`:
//! - scrapers hammer the HSDS API back to back (list pages, searches);
//! - residents go round `/`, `/zoeken?q=…`, `/aanbod/{id}` and `/vraagwijzer`;
//! - workers, signed in as `consulent`, go round `/werk/wachtrij` and
//!   household pages;
//! - a few ask `/health`: the floor of the same run.
//!
//! Residents and workers pause `--think-ms` (±50 %) between requests, as
//! people do; scrapers don't. Server-side latency is timed inside the
//! process around the application's router, per kind, over the answers that
//! were not refused by a limit; 429s and 503s with `Retry-After` are counted
//! apart from server errors. Not a test: it reports figures.

use crate::bench::search::{parse_queries, Latencies, QUERIES};
use crate::bench::toegang::{demo_database, login};
use crate::bench::{fetch, Answer};
use crate::demo::directory::AREAS;
use crate::generate::{self, Rng};
use anyhow::bail;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use kompas_server::settings::{Env, ProcessEnv, Settings};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::BufReader;
use tokio::net::TcpStream;

/// The command line of `kompas bench load`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Clients at once, each with its own address behind the proxy.
    #[arg(long, default_value_t = 200)]
    pub clients: usize,
    /// Seconds measured (after a warm-up of `--warmup` seconds).
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    #[arg(long, default_value_t = 3)]
    pub warmup: u64,
    /// How many of the clients hammer the HSDS API.
    #[arg(long, default_value_t = 20)]
    pub scrapers: usize,
    /// How many of the clients are signed-in workers.
    #[arg(long, default_value_t = 40)]
    pub workers: usize,
    /// How many of the clients only ask /health (the floor).
    #[arg(long, default_value_t = 4)]
    pub floor: usize,
    /// Pause of residents and workers between two requests, in ms (±50 %); 0: none.
    #[arg(long, default_value_t = 250)]
    pub think_ms: u64,
    /// Generated offers (besides the demo's).
    #[arg(long, default_value_t = 20_000)]
    pub offers: usize,
    /// Generated households (besides the demo's).
    #[arg(long, default_value_t = 20_000)]
    pub households: usize,
    /// Generated open questions about those households.
    #[arg(long, default_value_t = 2_000)]
    pub open_questions: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// What a request is, for the figures (the same on client and server side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Floor,
    Public,
    Search,
    Worker,
    Hsds,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Floor,
        Kind::Public,
        Kind::Search,
        Kind::Worker,
        Kind::Hsds,
    ];

    pub fn of(path: &str) -> Kind {
        if path == "/health" {
            Kind::Floor
        } else if path.starts_with("/api/hsds") {
            Kind::Hsds
        } else if path.starts_with("/zoeken") {
            Kind::Search
        } else if path.starts_with("/werk") {
            Kind::Worker
        } else {
            Kind::Public
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Floor => "/health (vloer)",
            Kind::Public => "openbare pagina's",
            Kind::Search => "zoeken (/zoeken?q=…)",
            Kind::Worker => "medewerkerspagina's",
            Kind::Hsds => "HSDS-API (scrapers)",
        }
    }

    /// Kinds the goal (p99 ≤ 250 ms, no server errors) is about.
    pub fn has_goal(self) -> bool {
        matches!(self, Kind::Public | Kind::Search | Kind::Worker)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The p99 the public and worker pages must keep, server-side.
pub const GOAL_P99_MS: f64 = 250.0;

// ---------------------------------------------------------------- server side

/// Server-side time of every answer: kind, time, refused by a limit.
#[derive(Clone, Default)]
struct Timer(Arc<Mutex<Vec<(Kind, Duration, bool)>>>);

impl Timer {
    fn take(&self) -> Vec<(Kind, Duration, bool)> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

async fn timed(State(timer): State<Timer>, req: Request, next: Next) -> Response {
    let kind = Kind::of(req.uri().path());
    let started = Instant::now();
    let res = next.run(req).await;
    let refused = res.headers().contains_key(axum::http::header::RETRY_AFTER);
    if let Ok(mut v) = timer.0.lock() {
        v.push((kind, started.elapsed(), refused));
    }
    res
}

// ---------------------------------------------------------------- client side

/// Counts per kind as the clients saw them.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub requests: u64,
    pub ok: u64,
    /// 429 with Retry-After.
    pub limited: u64,
    /// 503 with Retry-After (a cap full).
    pub busy: u64,
    /// 5xx without Retry-After.
    pub server_errors: u64,
    /// Any other status, or a broken connection.
    pub other_errors: u64,
    /// Client-side latency of the successful answers.
    pub client: Latencies,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.requests += other.requests;
        self.ok += other.ok;
        self.limited += other.limited;
        self.busy += other.busy;
        self.server_errors += other.server_errors;
        self.other_errors += other.other_errors;
        self.client.append(&other.client);
    }

    fn count(&mut self, a: &anyhow::Result<Answer>, took: Duration) {
        self.requests += 1;
        match a {
            Ok(a) if a.status < 400 => {
                self.ok += 1;
                self.client.push(took);
            }
            Ok(a) if a.status == 429 && a.retry_after => self.limited += 1,
            Ok(a) if a.status == 503 && a.retry_after => self.busy += 1,
            Ok(a) if a.status >= 500 => self.server_errors += 1,
            _ => self.other_errors += 1,
        }
    }
}

/// What one client does: which paths in turn, signed in or not, pausing or not.
#[derive(Debug, Clone)]
struct Role {
    paths: Arc<Vec<String>>,
    signed_in: bool,
    pause: bool,
}

/// The paths of each role, from the generated data.
struct Paths {
    hsds: Vec<String>,
    resident: Vec<String>,
    worker: Vec<String>,
}

async fn paths(db: &kompas_store::Db, households: &[i64], rng: &mut Rng) -> anyhow::Result<Paths> {
    let offers: Vec<i64> = sqlx::query_scalar("SELECT id FROM offers ORDER BY id")
        .fetch_all(db.reader())
        .await?;
    if offers.is_empty() || households.is_empty() {
        bail!("geen aanbod of huishoudens om te vragen");
    }
    let areas: Vec<String> = AREAS.iter().map(|a| a.0.to_string()).collect();
    let searches: Vec<String> = parse_queries(QUERIES)?
        .iter()
        .map(|q| q.path(&areas))
        .collect();
    let words: Vec<String> = parse_queries(QUERIES)?
        .iter()
        .filter(|q| !q.text.is_empty())
        .map(|q| {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            s.append_pair("search", &q.text);
            s.finish()
        })
        .collect();
    let pages = (offers.len() / 50).max(1);
    let mut hsds = Vec::new();
    for i in 0..400 {
        hsds.push(match i % 4 {
            0 | 1 => format!(
                "/api/hsds/services?page={}&per_page=50",
                rng.below(pages) + 1
            ),
            2 => format!(
                "/api/hsds/services?{}&per_page=20",
                words[rng.below(words.len())]
            ),
            _ => format!("/api/hsds/organizations?page={}", rng.below(20) + 1),
        });
    }
    let mut resident = Vec::new();
    for i in 0..400 {
        resident.push(match i % 6 {
            0 => "/".to_string(),
            1 | 4 => searches[rng.below(searches.len())].clone(),
            5 => "/vraagwijzer".to_string(),
            _ => format!("/aanbod/{}", offers[rng.below(offers.len())]),
        });
    }
    let mut worker = Vec::new();
    for i in 0..400 {
        worker.push(match i % 3 {
            0 => "/werk/wachtrij".to_string(),
            _ => format!(
                "/werk/huishoudens/{}?reden=benchmark+inzage",
                households[rng.below(households.len())]
            ),
        });
    }
    Ok(Paths {
        hsds,
        resident,
        worker,
    })
}

/// The benchmark's settings; `KOMPAS_LIMITS_*` from the environment still
/// apply, so other limits can be measured without a rebuild.
struct LoadEnv(HashMap<&'static str, String>);

impl Env for LoadEnv {
    fn get(&self, key: &str) -> Option<String> {
        match self.0.get(key) {
            Some(v) => Some(v.clone()),
            None if key.starts_with("KOMPAS_LIMITS_") => ProcessEnv.get(key),
            None => None,
        }
    }
}

/// The address client `n` has behind the proxy (198.18.0.0/15 is for benchmarks).
fn address(n: usize) -> String {
    format!("198.18.{}.{}", (n / 250) % 256, n % 250 + 1)
}

/// Runs one client until `deadline`; counts only while `measuring`.
async fn client(
    n: usize,
    addr: SocketAddr,
    role: Role,
    cookie: Arc<String>,
    think: Duration,
    measuring: Arc<AtomicBool>,
    deadline: Instant,
) -> [Counts; 5] {
    let mut counts: [Counts; 5] = Default::default();
    let host = addr.to_string();
    let mut headers = format!("X-Forwarded-For: {}\r\n", address(n));
    if role.signed_in {
        let _ = write!(headers, "Cookie: {cookie}\r\n");
    }
    let mut rng = Rng::new(n as u64 + 1);
    let mut next = rng.below(role.paths.len());
    let mut stream: Option<BufReader<TcpStream>> = None;
    while Instant::now() < deadline {
        let path = &role.paths[next % role.paths.len()];
        next += 1;
        if stream.is_none() {
            match TcpStream::connect(addr).await {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    stream = Some(BufReader::new(s));
                }
                Err(_) => {
                    if measuring.load(Ordering::Relaxed) {
                        counts[Kind::of(path).index()].other_errors += 1;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            }
        }
        let Some(s) = stream.as_mut() else { continue };
        let started = Instant::now();
        let answer = fetch(s, &host, path, &headers).await;
        if measuring.load(Ordering::Relaxed) {
            counts[Kind::of(path).index()].count(&answer, started.elapsed());
        }
        if answer.as_ref().map_or(true, |a| a.close) {
            stream = None;
        }
        if role.pause && !think.is_zero() {
            let ms = think.as_millis() as i64;
            let pause = rng.between(ms / 2, ms + ms / 2).max(0) as u64;
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
    }
    counts
}

// ---------------------------------------------------------------- the run

/// One kind's figures.
#[derive(Debug, Clone)]
pub struct Figure {
    pub kind: Kind,
    pub clients: Counts,
    /// Server-side latency of the answers not refused by a limit.
    pub server: Latencies,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub opts: Options,
    /// The budgets and caps the server ran with.
    pub limits: String,
    pub data: String,
    pub seconds: f64,
    pub figures: Vec<Figure>,
}

impl Summary {
    pub fn server_errors(&self) -> u64 {
        self.figures.iter().map(|f| f.clients.server_errors).sum()
    }

    /// True when the goal holds: no server errors, and public, search and
    /// worker pages at p99 ≤ 250 ms server-side.
    pub fn goal_met(&self) -> bool {
        self.server_errors() == 0
            && self
                .figures
                .iter()
                .filter(|f| f.kind.has_goal())
                .all(|f| !f.server.is_empty() && f.server.p99() <= GOAL_P99_MS)
    }
}

/// Generates the data, serves it and runs the clients.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    let people = opts.scrapers + opts.workers + opts.floor;
    if opts.clients < people + 1 {
        bail!("--clients moet groter zijn dan --scrapers + --workers + --floor ({people})");
    }
    let dir = std::env::temp_dir().join(format!("kompas-bench-load-{}", std::process::id()));
    let result = run_in(opts, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn run_in(opts: &Options, dir: &Path) -> anyhow::Result<Summary> {
    println!(
        "kompas bench load: {} clients ({} scrapers op de HSDS-API, {} medewerkers, {} op /health, {} inwoners), {} s (+{} s opwarmen), denktijd {} ms",
        opts.clients,
        opts.scrapers,
        opts.workers,
        opts.floor,
        opts.clients - opts.scrapers - opts.workers - opts.floor,
        opts.seconds,
        opts.warmup,
        opts.think_ms
    );
    let url = format!("sqlite://{}", dir.join("kompas.db").display());
    let (db, municipality, staff, now) = demo_database("SQLite", dir, &url).await?;
    let report = generate::run(
        &db,
        &generate::Options {
            count: opts.offers,
            seed: opts.seed,
            municipality: "GM9901".into(),
        },
        now,
        |_| {},
    )
    .await?;
    println!("  aanbod: {report}");
    let generated = crate::bench::toegang::generate(
        &db,
        municipality,
        staff,
        opts.households,
        opts.open_questions,
        opts.seed,
        now,
    )
    .await?;
    println!(
        "  toegang: {} huishoudens, {} open vragen in {:.1} s",
        generated.households, generated.questions, generated.seconds
    );
    let data = format!(
        "SQLite, demo Wilgendaal + {} gegenereerde aanbiedingen + {} gegenereerde huishoudens met {} open vragen (seed {})",
        report.created, generated.households, generated.questions, opts.seed
    );

    // The real server loop and limits, with 127.0.0.1 as the trusted proxy.
    let settings = Settings::load(
        None,
        &LoadEnv(HashMap::from([
            ("KOMPAS_DATA_DIR", dir.display().to_string()),
            ("KOMPAS_DATABASE_URL", url.clone()),
            ("KOMPAS_LISTEN", "127.0.0.1:0".to_string()),
            ("KOMPAS_TRUSTED_PROXIES", "127.0.0.1".to_string()),
        ])),
    )?;
    let l = &settings.limits;
    let limits = format!(
        "HSDS {}/min per client en {} tegelijk, zoeken {}/min per client en {} tegelijk, hoogstens {} verbindingen",
        l.api_per_client,
        l.api_in_flight,
        l.search_per_client,
        l.search_in_flight,
        settings.server.max_connections
    );
    println!("  limieten: {limits}");
    let t = Instant::now();
    let app = kompas_server::Application::build_default(&settings, db.clone()).await?;
    println!(
        "  server klaar (zoekindex) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let addr = app.addr;
    let timer = Timer::default();
    let router = kompas_web::app(app.state.clone())
        .layer(axum::middleware::from_fn_with_state(timer.clone(), timed));
    let cookie = Arc::new(login(&router, "consulent").await?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_router_until(router, async move {
        let _ = stopped.await;
    }));

    let mut rng = Rng::new(opts.seed);
    let p = paths(&db, &generated.reachable, &mut rng).await?;
    let hsds = Arc::new(p.hsds);
    let resident = Arc::new(p.resident);
    let worker = Arc::new(p.worker);
    let floor = Arc::new(vec!["/health".to_string()]);
    let measuring = Arc::new(AtomicBool::new(false));
    let people = opts.scrapers + opts.workers + opts.floor;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(opts.warmup + opts.seconds.clamp(1, 3_600));
    let think = Duration::from_millis(opts.think_ms);
    let mut tasks = Vec::new();
    for n in 0..opts.clients {
        let role = if n < opts.scrapers {
            Role {
                paths: hsds.clone(),
                signed_in: false,
                pause: false,
            }
        } else if n < opts.scrapers + opts.workers {
            Role {
                paths: worker.clone(),
                signed_in: true,
                pause: true,
            }
        } else if n < people {
            Role {
                paths: floor.clone(),
                signed_in: false,
                pause: true,
            }
        } else {
            Role {
                paths: resident.clone(),
                signed_in: false,
                pause: true,
            }
        };
        tasks.push(tokio::spawn(client(
            n,
            addr,
            role,
            cookie.clone(),
            think,
            measuring.clone(),
            deadline,
        )));
    }
    tokio::time::sleep(Duration::from_secs(opts.warmup)).await;
    timer.take();
    measuring.store(true, Ordering::Relaxed);
    let measured_from = Instant::now();
    let mut clients: [Counts; 5] = Default::default();
    for t in tasks {
        for (into, c) in clients.iter_mut().zip(t.await?) {
            into.add(c);
        }
    }
    let seconds = measured_from.elapsed().as_secs_f64();
    let mut server_side: [Latencies; 5] = Default::default();
    for (kind, took, refused) in timer.take() {
        if !refused {
            server_side[kind.index()].push(took);
        }
    }
    let _ = stop.send(());
    let _ = server.await;
    db.close().await;
    let figures = Kind::ALL
        .iter()
        .zip(clients)
        .zip(server_side)
        .map(|((kind, clients), server)| Figure {
            kind: *kind,
            clients,
            server,
        })
        .collect();
    Ok(Summary {
        limits,
        opts: opts.clone(),
        data,
        seconds,
        figures,
    })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f)?;
        writeln!(
            f,
            "{}",
            crate::bench::header(
                "antwoordcache van /api/hsds aan (zoals in productie); andere pagina's zonder cache"
            )
        )?;
        writeln!(f, "Gegevens: {}.", self.data)?;
        writeln!(
            f,
            "{} clients, elk met een eigen adres achter de proxy (127.0.0.1 vertrouwd), {:.0} s gemeten, denktijd {} ms; limieten: {}.",
            self.opts.clients, self.seconds, self.opts.think_ms, self.limits
        )?;
        writeln!(
            f,
            "Latentie aan de serverkant rond de router, over de antwoorden die geen limiet weigerde; 429 en 503 met Retry-After apart geteld.\n"
        )?;
        writeln!(
            f,
            "| soort | verzoeken | per s | geslaagd | 429 | 503 (druk) | serverfouten | andere fouten | p50 server (ms) | p99 server (ms) | p99 client (ms) |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for x in &self.figures {
            let c = &x.clients;
            writeln!(
                f,
                "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {:.1} | {:.1} | {:.1} |",
                x.kind.label(),
                c.requests,
                c.requests as f64 / self.seconds.max(0.001),
                c.ok,
                c.limited,
                c.busy,
                c.server_errors,
                c.other_errors,
                x.server.p50(),
                x.server.p99(),
                c.client.p99()
            )?;
        }
        writeln!(f)?;
        write!(
            f,
            "Doel (0 serverfouten; openbare pagina's, zoeken en medewerkerspagina's p99 ≤ {GOAL_P99_MS:.0} ms aan de serverkant): {}",
            if self.goal_met() { "gehaald" } else { "NIET gehaald" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sorted_into_kinds() {
        assert_eq!(Kind::of("/health"), Kind::Floor);
        assert_eq!(Kind::of("/api/hsds/services"), Kind::Hsds);
        assert_eq!(Kind::of("/zoeken"), Kind::Search);
        assert_eq!(Kind::of("/werk/wachtrij"), Kind::Worker);
        assert_eq!(Kind::of("/aanbod/3"), Kind::Public);
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
        }
    }

    #[test]
    fn every_client_has_its_own_address() {
        let all: std::collections::HashSet<String> = (0..1000).map(address).collect();
        assert_eq!(all.len(), 1000);
        assert!(address(0).starts_with("198.18."));
    }

    #[test]
    fn refusals_are_counted_apart_from_errors() {
        let mut c = Counts::default();
        let a = |status, retry_after| -> anyhow::Result<Answer> {
            Ok(Answer {
                status,
                length: 0,
                retry_after,
                close: false,
            })
        };
        c.count(&a(200, false), Duration::from_millis(3));
        c.count(&a(429, true), Duration::ZERO);
        c.count(&a(503, true), Duration::ZERO);
        c.count(&a(503, false), Duration::ZERO);
        c.count(&a(404, false), Duration::ZERO);
        c.count(&Err(anyhow::anyhow!("weg")), Duration::ZERO);
        assert_eq!(
            (
                c.requests,
                c.ok,
                c.limited,
                c.busy,
                c.server_errors,
                c.other_errors
            ),
            (6, 1, 1, 1, 1, 2)
        );
    }
}
