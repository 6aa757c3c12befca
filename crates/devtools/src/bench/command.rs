//! `kompas bench …`: the command line of the benchmarks.

use anyhow::Context as _;
use kompas_server::settings::{ProcessEnv, Settings};
use std::net::SocketAddr;
use std::path::Path;

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Every monitor indicator over N generated case events: the in-memory
    /// engine against the same indicators as SQL GROUP BY on PostgreSQL.
    Monitor(super::monitor::Options),
    /// Requests per second and p50/p99 of GET /health on loopback.
    Http {
        #[arg(long, default_value_t = 32)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Benchmark a running server instead of starting one.
        #[arg(long)]
        addr: Option<SocketAddr>,
        #[arg(long, default_value = "/health")]
        path: String,
    },
    /// Search latency (server-side p50/p99) over a fixed query set on N generated
    /// offers, against PostgreSQL full-text search and the /health floor.
    Search(super::search::Options),
    /// The professionals' pages at scale: server-side p50/p99 and throughput of
    /// the queue and household pages over N generated households and M open
    /// questions, against the /health floor (SQLite, and PostgreSQL with --postgres).
    Toegang(super::toegang::Options),
    /// The case page at scale: server-side p50/p99 and throughput of
    /// /werk/trajecten/{id} and "Mijn trajecten" over N generated households,
    /// cases with plans and case events, against the /health floor (SQLite,
    /// and PostgreSQL with --postgres).
    Plan(super::plan::Options),
    /// The decision worklist at Amsterdam's size: server-side p50/p99 of
    /// /werk/maatwerk for a consultant over a year of Wmo and Jeugdwet paths
    /// (most decided, the rest open), against the /health floor (SQLite, and
    /// PostgreSQL with --postgres).
    Maatwerk(super::maatwerk::Options),
    /// A provider's claim file (323) at scale: checking and answering its
    /// lines through the exchange in one transaction over a year of
    /// generated allocations, lines per second and the time to the 325 in
    /// the outbox, against the /health floor (SQLite, and PostgreSQL with
    /// --postgres).
    Berichten(super::berichten::Options),
    /// The whole site under mixed load with the abuse limits on: residents,
    /// search, signed-in workers and scrapers hammering the HSDS API, each
    /// client with its own address behind a trusted proxy; requests, refusals,
    /// errors and server-side p50/p99 per kind against the /health floor.
    Load(super::load::Options),
}

/// Prints a benchmark's summary, or says which benchmark failed.
fn report(summary: anyhow::Result<impl std::fmt::Display>, what: &str) -> anyhow::Result<()> {
    println!("{}", summary.with_context(|| format!("{what} mislukt"))?);
    Ok(())
}

impl BenchCommand {
    /// Runs the benchmark; `config` is the settings file of `bench http`'s own server.
    pub async fn run(self, config: Option<&Path>) -> anyhow::Result<()> {
        match self {
            BenchCommand::Monitor(options) => {
                println!(
                    "kompas bench monitor: {} gebeurtenissen (seed {})",
                    options.events, options.seed
                );
                let summary = super::monitor::run(&options)
                    .await
                    .context("monitorbenchmark mislukt")?;
                println!("{summary}");
                // The reloaded columns must give the SQL result, cell for cell.
                summary.check()
            }
            BenchCommand::Search(options) => {
                report(super::search::run(&options).await, "zoekbenchmark")
            }
            BenchCommand::Toegang(options) => {
                report(super::toegang::run(&options).await, "toegangbenchmark")
            }
            BenchCommand::Plan(options) => {
                report(super::plan::run(&options).await, "planbenchmark")
            }
            BenchCommand::Maatwerk(options) => {
                report(super::maatwerk::run(&options).await, "maatwerkbenchmark")
            }
            BenchCommand::Berichten(options) => {
                report(super::berichten::run(&options).await, "berichtenbenchmark")
            }
            BenchCommand::Load(options) => {
                report(super::load::run(&options).await, "lastbenchmark")
            }
            BenchCommand::Http {
                connections,
                seconds,
                addr,
                path,
            } => {
                let duration = std::time::Duration::from_secs(seconds.clamp(1, 300));
                let target = match addr {
                    Some(a) => a,
                    None => throwaway_server(config).await?,
                };
                let r = super::run(target, &path, connections, duration)
                    .await
                    .context("benchmark mislukt")?;
                let caches = "die van de server zoals ingesteld (antwoordcache standaard aan, alleen /api/hsds)";
                println!("{}\n{r}", super::header(caches));
                Ok(())
            }
        }
    }
}

/// A throw-away demo server on a temporary SQLite database; its address.
async fn throwaway_server(config: Option<&Path>) -> anyhow::Result<SocketAddr> {
    let dir = std::env::temp_dir().join(format!("kompas-bench-{}", std::process::id()));
    std::env::set_var("KOMPAS_DATA_DIR", &dir);
    std::env::set_var(
        "KOMPAS_DATABASE_URL",
        format!("sqlite://{}", dir.join("bench.db").display()),
    );
    std::env::set_var("KOMPAS_LISTEN", "127.0.0.1:0");
    let mut settings = Settings::load(config, &ProcessEnv)?;
    settings.for_local_demo()?;
    let db = kompas_server::open_database(&settings).await?;
    crate::demo::load(&db, &settings.keyring()?, chrono::Utc::now()).await?;
    let app = kompas_server::Application::build_default(&settings, db).await?;
    let a = app.addr;
    tokio::spawn(app.run_until(std::future::pending()));
    Ok(a)
}
