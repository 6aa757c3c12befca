//! `kompas bench http`: requests per second and latency percentiles of an
//! endpoint over keep-alive connections on loopback. The `/health` figure is
//! the floor later modules compare their own endpoints against.

pub mod berichten;
mod command;
pub mod load;
pub mod maatwerk;
pub mod monitor;
pub mod plan;
pub mod relevance;
pub mod search;
pub mod toegang;

pub use command::BenchCommand;

use anyhow::{bail, Context};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The lines every benchmark's summary starts with: the machine, the build
/// and which caches were on. A figure without them cannot be compared.
pub fn header(caches: &str) -> String {
    format!(
        "machine         {}\nbouw            {}\ncaches          {caches}",
        machine(),
        profile()
    )
}

/// The CPU model and cores (from /proc/cpuinfo) and the memory.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
        .map_or("onbekende processor", |(_, m)| m.trim());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(String::new(), |kb| {
            format!(", {:.1} GiB geheugen", kb / 1_048_576.0)
        });
    format!("{model}, {cores} kernen{memory}")
}

/// Release or debug: debug figures say little about the product.
pub fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug (ongeschikt voor cijfers: gebruik --release)"
    } else {
        "release"
    }
}

#[derive(Debug, Clone)]
pub struct HttpBenchResult {
    pub path: String,
    pub connections: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Body bytes of the successful responses together.
    pub bytes: u64,
}

impl HttpBenchResult {
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

impl std::fmt::Display for HttpBenchResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "GET {}  {} verbindingen  {} verzoeken in {:.1} s  {:.0} verzoeken/s  p50 {:.3} ms  p99 {:.3} ms  fouten {}",
            self.path, self.connections, self.requests, self.seconds, self.rps(), self.p50_ms, self.p99_ms, self.errors
        )
    }
}

/// One answer as a benchmark client saw it.
pub(crate) struct Answer {
    pub status: u16,
    /// Body bytes.
    pub length: usize,
    /// The answer carried `Retry-After` (refused by a limit).
    pub retry_after: bool,
    /// The server closes the connection after it.
    pub close: bool,
}

/// One HTTP/1.1 GET on a kept-alive connection; returns the status and the
/// length of the body. `headers` are extra header lines, each ending in `\r\n`.
async fn get(
    stream: &mut BufReader<TcpStream>,
    host: &str,
    path: &str,
    headers: &str,
) -> anyhow::Result<(u16, usize)> {
    fetch(stream, host, path, headers)
        .await
        .map(|a| (a.status, a.length))
}

/// One GET on a kept-alive connection, reading the whole body (by length or
/// chunked). `headers` are extra lines, each ending in `\r\n`.
pub(crate) async fn fetch(
    stream: &mut BufReader<TcpStream>,
    host: &str,
    path: &str,
    headers: &str,
) -> anyhow::Result<Answer> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n{headers}\r\n");
    stream.get_mut().write_all(req.as_bytes()).await?;
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        bail!("verbinding gesloten");
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("onleesbaar antwoord: {line:?}"))?;
    let mut answer = Answer {
        status,
        length: 0,
        retry_after: false,
        close: false,
    };
    let mut chunked = false;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            bail!("verbinding gesloten");
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        match k.as_str() {
            "content-length" => answer.length = v.parse()?,
            "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
            "retry-after" => answer.retry_after = true,
            "connection" => answer.close = v.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)?;
            let mut chunk = vec![0_u8; size + 2];
            stream.read_exact(&mut chunk).await?;
            answer.length += size;
            if size == 0 {
                break;
            }
        }
    } else {
        let mut body = vec![0_u8; answer.length];
        stream.read_exact(&mut body).await?;
    }
    Ok(answer)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs `connections` clients for `duration` against `addr`, each sending
/// requests back to back. Bounded in time; only for loopback targets.
pub async fn run(
    addr: SocketAddr,
    path: &str,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<HttpBenchResult> {
    run_mixed(addr, path, &[path.to_string()], connections, duration).await
}

/// As `run`, with every client going round `paths` (each starting at another
/// one), so a mixed workload is measured; `label` names it in the result.
pub async fn run_mixed(
    addr: SocketAddr,
    label: &str,
    paths: &[String],
    connections: usize,
    duration: Duration,
) -> anyhow::Result<HttpBenchResult> {
    run_mixed_with(addr, label, paths, "", connections, duration).await
}

/// As `run_mixed`, sending `headers` (lines ending in `\r\n`, such as a
/// session cookie) with every request.
pub async fn run_mixed_with(
    addr: SocketAddr,
    label: &str,
    paths: &[String],
    headers: &str,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<HttpBenchResult> {
    if paths.is_empty() {
        bail!("geen paden om te meten");
    }
    if !addr.ip().is_loopback() {
        bail!("de benchmark draait alleen tegen een adres op deze machine (loopback)");
    }
    let host = addr.to_string();
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for c in 0..connections.max(1) {
        let host = host.clone();
        let headers = headers.to_string();
        let paths = paths.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0_u64;
            let mut bytes = 0_u64;
            let mut stream = BufReader::new(TcpStream::connect(addr).await?);
            let mut next = c;
            while Instant::now() < deadline {
                let path = &paths[next % paths.len()];
                next += 1;
                let t = Instant::now();
                match get(&mut stream, &host, path, &headers).await {
                    Ok((200, length)) => {
                        lat.push(t.elapsed());
                        bytes += length as u64;
                    }
                    Ok(_) => errors += 1,
                    Err(_) => {
                        errors += 1;
                        stream = BufReader::new(TcpStream::connect(addr).await?);
                    }
                }
            }
            anyhow::Ok((lat, errors, bytes))
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    let mut bytes = 0;
    for t in tasks {
        let (lat, e, b) = t.await??;
        all.extend(lat);
        errors += e;
        bytes += b;
    }
    let seconds = started.elapsed().as_secs_f64();
    all.sort_unstable();
    Ok(HttpBenchResult {
        path: label.to_string(),
        connections,
        requests: all.len() as u64,
        errors,
        seconds,
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        bytes,
    })
}

/// A scratch database on a PostgreSQL server for a benchmark; `remove`
/// drops it again (also while connections are open).
pub struct ScratchDatabase {
    admin: PgPool,
    pub name: String,
    /// The server's URL with the scratch database as its path.
    pub url: String,
}

impl ScratchDatabase {
    /// Creates `kompas_bench_{purpose}_{process}_{time}` on `server`.
    pub async fn create(server: &str, purpose: &str) -> anyhow::Result<ScratchDatabase> {
        let mut url = url::Url::parse(server).context("--postgres is geen geldige URL")?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(server)
            .await
            .context("PostgreSQL is niet bereikbaar")?;
        let name = format!(
            "kompas_bench_{purpose}_{}_{}",
            std::process::id(),
            chrono::Utc::now().timestamp()
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .context("kladdatabase maken")?;
        url.set_path(&format!("/{name}"));
        Ok(ScratchDatabase {
            admin,
            name,
            url: url.to_string(),
        })
    }

    pub async fn remove(self) -> anyhow::Result<()> {
        let dropped = sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&self.admin)
        .await;
        self.admin.close().await;
        dropped.context("kladdatabase opruimen")?;
        Ok(())
    }
}
