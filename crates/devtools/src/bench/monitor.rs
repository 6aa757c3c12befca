//! `kompas bench monitor`: every computed indicator over N generated case
//! events, by the in-memory engine and — with `--postgres` — by the same
//! indicators written as plain SQL `GROUP BY` queries on PostgreSQL over the
//! same events. Both sides produce every measure × category × month, quarter
//! and year × municipality and wijk, with the distinct households each cell
//! needs for the small-number rules; the bench checks that they agree and
//! reports times and their ratio, measured in the same run.
//!
//! The headline is a full recompute from the database, as the dashboard does
//! it: the events read back from PostgreSQL into columns plus the engine,
//! against the SQL queries with their results; both over TCP from this
//! process, both including the transfer of what they read. The cube from the
//! reloaded columns is the one compared with SQL, cell by cell; any
//! difference makes the command fail. Then 1 000 events are appended and the
//! time until the dashboard would show them is measured.

use crate::bench::search::ratio;
use crate::generate::cases::{CaseGenerator, Place, Plan};
use anyhow::Context as _;
use chrono::{TimeZone, Utc};
use kompas_domain::monitor::engine::{
    self, Cell, CellKey, Cube, EventColumns, Measure, Slot, Stat, MEASURES,
};
use kompas_domain::monitor::suppression::{self, SuppressionPolicy};
use kompas_domain::monitor::{AreaCode, CaseEvent, Period};
use kompas_store::case_events::{self, LoadedColumns, Refresh};
use kompas_store::{migrate, tenancy, DatabaseUrl, Db};
use sqlx::postgres::{PgPool, PgPoolCopyExt, PgPoolOptions};
use sqlx::Row;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

/// The command line of `kompas bench monitor`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    #[arg(long, default_value_t = 1_000_000)]
    pub events: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A PostgreSQL server (URL) where a scratch database may be created for the baseline.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Measured rounds of each side (the best counts).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// work_mem for the SQL session, e.g. 256MB (default: the server's setting).
    #[arg(long)]
    pub work_mem: Option<String>,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub events: usize,
    pub households: usize,
    pub cells: usize,
    pub generate_s: f64,
    pub columns_s: f64,
    pub engine_s: Vec<f64>,
    pub publish_s: f64,
    pub hidden: usize,
    pub pg: Option<PgFigures>,
    pub note: Option<String>,
}

#[derive(Debug, Default)]
pub struct PgFigures {
    pub copy_s: f64,
    /// Per round: the events read back from PostgreSQL into columns.
    pub load_s: Vec<f64>,
    /// Per round: the engine over those columns.
    pub db_engine_s: Vec<f64>,
    pub incremental: Incremental,
    pub sql_s: Vec<f64>,
    pub per_query: Vec<(String, f64)>,
    pub rows: usize,
    pub work_mem: String,
    pub compared: usize,
    pub mismatches: Vec<String>,
}

/// Events appended after the first full load, until the dashboard shows them.
#[derive(Debug, Default)]
pub struct Incremental {
    pub events: usize,
    /// Writing them (one transaction of multi-row INSERTs).
    pub append_s: f64,
    /// Reading only the new events into the kept columns.
    pub refresh_s: f64,
    pub refresh: String,
    pub engine_s: f64,
    pub publish_s: f64,
    /// Cells that differ from a full load afterwards.
    pub mismatches: Vec<String>,
}

impl Incremental {
    /// From the commit until the new figures are there to be shown.
    pub fn visible_s(&self) -> f64 {
        self.refresh_s + self.engine_s + self.publish_s
    }
}

impl Summary {
    /// Fails when the engine and SQL disagree, or a refresh differs from a full load.
    pub fn check(&self) -> anyhow::Result<()> {
        let Some(pg) = &self.pg else {
            return Ok(());
        };
        let n = pg.mismatches.len() + pg.incremental.mismatches.len();
        if n > 0 {
            anyhow::bail!("{n} cellen verschillen (zie boven)");
        }
        Ok(())
    }
}

fn best(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

const MUNICIPALITIES: [(&str, &str); 3] = [
    ("GM9981", "Benchdorp"),
    ("GM9982", "Benchstad"),
    ("GM9983", "Benchveen"),
];

fn places(ids: &[i64]) -> Vec<Place> {
    ids.iter()
        .zip(MUNICIPALITIES)
        .map(|(id, (code, _))| Place {
            municipality_id: *id,
            wijken: (1..=12)
                .filter_map(|w| AreaCode::parse(&format!("WK{}{w:02}", &code[2..])).ok())
                .collect(),
        })
        .collect()
}

/// How many events the incremental case appends.
const APPENDED: usize = 1_000;

/// The events, and `APPENDED` more that happen later in the same cases' world.
fn generate(opts: &Options, ids: &[i64]) -> (Vec<CaseEvent>, Vec<CaseEvent>) {
    let mut g = CaseGenerator::new(Plan {
        seed: opts.seed,
        places: places(ids),
        start: Utc
            .with_ymd_and_hms(2022, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        end: Utc
            .with_ymd_and_hms(2025, 12, 31, 0, 0, 0)
            .single()
            .unwrap_or_default(),
    });
    let mut events = g.events(opts.events);
    events.truncate(opts.events);
    let mut more = g.events(APPENDED);
    more.truncate(APPENDED);
    (events, more)
}

pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    let mut s = Summary::default();
    let policy = SuppressionPolicy::default();
    let rounds = opts.rounds.max(1);
    // With PostgreSQL the municipalities get real ids in a scratch database.
    let scratch = match &opts.postgres {
        Some(url) => Some(Scratch::create(url).await?),
        None => None,
    };
    let ids: Vec<i64> = match &scratch {
        Some(sc) => sc.municipalities.clone(),
        None => vec![1, 2, 3],
    };
    let t = Instant::now();
    let (events, more) = generate(opts, &ids);
    s.generate_s = t.elapsed().as_secs_f64();
    s.events = events.len();
    println!(
        "  {} gebeurtenissen gegenereerd in {:.1} s",
        s.events, s.generate_s
    );
    let t = Instant::now();
    let mut cols = EventColumns::new();
    for e in &events {
        cols.push(e);
    }
    s.columns_s = t.elapsed().as_secs_f64();
    s.households = events
        .iter()
        .filter_map(|e| e.household)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let mut cube = Cube::default();
    for r in 0..rounds {
        let t = Instant::now();
        cube = engine::compute(&cols, policy.min_households());
        let d = t.elapsed().as_secs_f64();
        println!(
            "  engine ronde {}: {:.3} s, {} cellen",
            r + 1,
            d,
            cube.cells.len()
        );
        s.engine_s.push(d);
    }
    s.cells = cube.cells.len();
    let t = Instant::now();
    let published = suppression::publish(&cube, policy);
    s.publish_s = t.elapsed().as_secs_f64();
    s.hidden = published
        .cells
        .values()
        .filter(|c| matches!(c, suppression::Shown::Hidden))
        .count();
    match scratch {
        Some(sc) => {
            let r = sc
                .measure(&events, &more, policy, rounds, opts.work_mem.as_deref())
                .await;
            sc.drop().await;
            s.pg = Some(r?);
        }
        None => {
            s.note = Some("geen --postgres opgegeven: PostgreSQL-vergelijking overgeslagen".into())
        }
    }
    Ok(s)
}

/// A scratch database on the PostgreSQL server, dropped afterwards.
struct Scratch {
    database: crate::bench::ScratchDatabase,
    db: Db,
    pool: PgPool,
    municipalities: Vec<i64>,
}

impl Scratch {
    async fn create(url: &str) -> anyhow::Result<Scratch> {
        let database = crate::bench::ScratchDatabase::create(url, "monitor").await?;
        let db = Db::connect(&DatabaseUrl::parse(&database.url)?).await?;
        migrate::run(&db).await?;
        let mut tx = db.begin().await?;
        let region = tenancy::create_region(&mut tx, "Benchregio").await?;
        let mut municipalities = Vec::new();
        for (code, name) in MUNICIPALITIES {
            municipalities
                .push(tenancy::create_municipality(&mut tx, code, name, Some(region)).await?);
        }
        tx.commit().await?;
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect(&database.url)
            .await?;
        Ok(Scratch {
            database,
            db,
            pool,
            municipalities,
        })
    }

    async fn drop(self) {
        self.pool.close().await;
        self.db.close().await;
        let _ = self.database.remove().await;
    }

    async fn measure(
        &self,
        events: &[CaseEvent],
        more: &[CaseEvent],
        policy: SuppressionPolicy,
        rounds: usize,
        work_mem: Option<&str>,
    ) -> anyhow::Result<PgFigures> {
        let cap = policy.min_households();
        let mut f = PgFigures::default();
        // The events into our own case_events table, with COPY.
        let t = Instant::now();
        let mut csv = String::with_capacity(events.len() * 120);
        let opt = |v: Option<String>| v.unwrap_or_default();
        let num = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        for e in events {
            let r = e.to_row();
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.kind,
                kompas_store::time::to_db(r.at),
                r.municipality_id,
                opt(r.wijk),
                num(r.household_id),
                num(r.question_id),
                num(r.case_id),
                num(r.referral_id),
                num(r.offer_id),
                num(r.layer.map(i64::from)),
                num(r.from_layer.map(i64::from)),
                opt(r.life_domain),
                num(r.score.map(i64::from)),
                opt(r.channel),
                opt(r.outcome),
                num(r.deadline_met.map(i64::from)),
                opt(r.actor_role),
            );
        }
        let mut copy = self
            .pool
            .copy_in_raw(
                "COPY case_events (kind, at, municipality_id, wijk, household_id, question_id, case_id, referral_id, \
                 offer_id, layer, from_layer, life_domain, score, channel, outcome, deadline_met, actor_role) FROM STDIN (FORMAT csv)",
            )
            .await?;
        copy.send(csv.into_bytes()).await?;
        copy.finish().await?;
        sqlx::query("ANALYZE case_events")
            .execute(&self.pool)
            .await?;
        f.copy_s = t.elapsed().as_secs_f64();
        println!(
            "  PostgreSQL: {} gebeurtenissen in case_events gezet in {:.1} s",
            events.len(),
            f.copy_s
        );
        // What the dashboard does: read them back into columns, compute.
        let mut loaded = LoadedColumns::default();
        let mut cube = Cube::default();
        for r in 0..rounds {
            let t = Instant::now();
            loaded = LoadedColumns::load(&self.db, &self.municipalities).await?;
            let load = t.elapsed().as_secs_f64();
            let t = Instant::now();
            cube = engine::compute(loaded.columns(), cap);
            let compute = t.elapsed().as_secs_f64();
            println!(
                "  kompas ronde {}: {} gebeurtenissen uit PostgreSQL in kolommen {load:.3} s + engine {compute:.3} s = {:.3} s",
                r + 1,
                loaded.columns().len(),
                load + compute
            );
            f.load_s.push(load);
            f.db_engine_s.push(compute);
        }
        // The SQL baseline gets a typed table with what it needs precomputed.
        sqlx::query(SETUP).execute(&self.pool).await?;
        sqlx::query("ANALYZE ev").execute(&self.pool).await?;
        let queries = queries();
        // One session for every query, optionally with more memory to sort and hash in.
        let mut conn = self.pool.acquire().await?;
        if let Some(w) = &work_mem {
            sqlx::query(&format!("SET work_mem = '{}'", w.replace('\'', "")))
                .execute(&mut *conn)
                .await?;
        }
        f.work_mem = sqlx::query("SHOW work_mem")
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let mut rows = Vec::new();
        for r in 0..rounds {
            rows.clear();
            f.per_query.clear();
            let t = Instant::now();
            for (name, sql) in &queries {
                let q = Instant::now();
                rows.extend(
                    sqlx::query(sql)
                        .fetch_all(&mut *conn)
                        .await
                        .with_context(|| format!("SQL {name}"))?,
                );
                f.per_query
                    .push((name.to_string(), q.elapsed().as_secs_f64()));
            }
            let d = t.elapsed().as_secs_f64();
            println!("  SQL ronde {}: {:.3} s, {} rijen", r + 1, d, rows.len());
            f.sql_s.push(d);
        }
        f.rows = rows.len();
        // Same answers?
        let mut sql_cells: HashMap<CellKey, Cell> = HashMap::new();
        for r in &rows {
            match sql_cell(r, &cube.slots) {
                Ok(Some((k, c))) => {
                    sql_cells.insert(k, c);
                }
                Ok(None) => {}
                Err(e) => f.mismatches.push(e),
            }
        }
        f.compared = cube.cells.len();
        for (k, a) in &cube.cells {
            match sql_cells.get(k) {
                None => f.mismatches.push(format!("{k:?}: alleen in de engine")),
                Some(b) => {
                    let hh = |c: &Cell| c.households.min(cap);
                    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
                        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                        (None, None) => true,
                        _ => false,
                    };
                    if a.num != b.num
                        || a.den != b.den
                        || hh(a) != hh(b)
                        || !close(a.median, b.median)
                        || !close(a.p90, b.p90)
                        || !close(a.mean, b.mean)
                    {
                        f.mismatches.push(format!("{k:?}: engine {a:?}, SQL {b:?}"));
                    }
                }
            }
        }
        for k in sql_cells.keys() {
            if !cube.cells.contains_key(k) {
                f.mismatches.push(format!("{k:?}: alleen in SQL"));
            }
        }
        f.incremental = self.append(loaded, more, policy).await?;
        Ok(f)
    }

    /// Appends events after a full load and times what the dashboard's next
    /// request does: read the new events only, compute, apply the small-number rules.
    async fn append(
        &self,
        mut loaded: LoadedColumns,
        more: &[CaseEvent],
        policy: SuppressionPolicy,
    ) -> anyhow::Result<Incremental> {
        let mut inc = Incremental {
            events: more.len(),
            ..Incremental::default()
        };
        let t = Instant::now();
        let mut tx = self.db.begin().await?;
        case_events::append_case_events(&mut tx, more).await?;
        tx.commit().await?;
        inc.append_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let refresh = loaded.refresh(&self.db, &self.municipalities).await?;
        inc.refresh_s = t.elapsed().as_secs_f64();
        inc.refresh = match refresh {
            Refresh::Appended(n) => format!("{n} nieuwe gebeurtenissen bijgeladen"),
            other => format!("{other:?} (verwacht: alleen de nieuwe bijladen)"),
        };
        if refresh != Refresh::Appended(more.len()) {
            inc.mismatches.push(format!("bijladen: {}", inc.refresh));
        }
        let t = Instant::now();
        let cube = engine::compute(loaded.columns(), policy.min_households());
        inc.engine_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _published = suppression::publish(&cube, policy);
        inc.publish_s = t.elapsed().as_secs_f64();
        println!(
            "  {} gebeurtenissen erbij: bijladen {:.3} s + engine {:.3} s + kleine aantallen {:.3} s",
            more.len(),
            inc.refresh_s,
            inc.engine_s,
            inc.publish_s
        );
        // The same as loading everything again?
        let full = LoadedColumns::load(&self.db, &self.municipalities).await?;
        let again = engine::compute(full.columns(), policy.min_households());
        let named = |c: &Cube| -> HashMap<(CellKey, Slot), Cell> {
            c.cells
                .iter()
                .filter_map(|(k, v)| {
                    let slot = c.slots.get(k.slot as usize)?.clone();
                    Some(((CellKey { slot: 0, ..*k }, slot), v.clone()))
                })
                .collect()
        };
        let (a, b) = (named(&cube), named(&again));
        for (k, v) in &a {
            if b.get(k) != Some(v) {
                inc.mismatches.push(format!(
                    "{k:?}: bijgeladen {v:?}, opnieuw geladen {:?}",
                    b.get(k)
                ));
            }
        }
        inc.mismatches.extend(
            b.keys()
                .filter(|k| !a.contains_key(k))
                .map(|k| format!("{k:?}: alleen na opnieuw laden")),
        );
        Ok(inc)
    }
}

/// The typed table of the baseline: local time, day, month, quarter and year
/// and the counting unit computed once, as the engine does when it loads.
const SETUP: &str = "CREATE TABLE ev AS SELECT id, kind, municipality_id, wijk, household_id, question_id, case_id, \
    layer, from_layer, life_domain, score, channel, outcome, deadline_met, at::timestamptz AS at, \
    ((at::timestamptz) AT TIME ZONE 'Europe/Amsterdam')::date AS day, \
    to_char((at::timestamptz) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS m, \
    to_char((at::timestamptz) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-\"K\"Q') AS q, \
    to_char((at::timestamptz) AT TIME ZONE 'Europe/Amsterdam', 'YYYY') AS y, \
    COALESCE('h' || household_id, 'q' || question_id, 'c' || case_id, 'e' || id) AS unit \
    FROM case_events";

const PERIODS: &str = "CROSS JOIN LATERAL (VALUES (x.m), (x.q), (x.y)) AS p(period)";

/// One grouped query: every period, municipality and wijk, with and without category.
fn grouped(
    name: &str,
    from: &str,
    cat: Option<&str>,
    num: &str,
    den: &str,
    extra: &str,
) -> (String, String) {
    let (cat_sel, sets) = match cat {
        Some(c) => (
            format!("({c})::text AS cat, GROUPING({c}) AS gc"),
            format!(
                "(p.period, x.municipality_id), (p.period, x.municipality_id, x.wijk), \
                 (p.period, x.municipality_id, {c}), (p.period, x.municipality_id, x.wijk, {c})"
            ),
        ),
        None => (
            "NULL::text AS cat, 1 AS gc".to_string(),
            "(p.period, x.municipality_id), (p.period, x.municipality_id, x.wijk)".to_string(),
        ),
    };
    (
        name.to_string(),
        format!(
            "SELECT '{name}' AS measure, p.period, x.municipality_id AS mun, x.wijk, GROUPING(x.wijk) AS gw, {cat_sel}, \
             SUM({num})::bigint AS num, SUM({den})::bigint AS den, COUNT(DISTINCT x.unit) AS hh{extra} \
             FROM {from} {PERIODS} GROUP BY GROUPING SETS ({sets})"
        ),
    )
}

const NO_STATS: &str = ", NULL::float8 AS median, NULL::float8 AS p90, NULL::float8 AS mean";

fn queries() -> Vec<(String, String)> {
    let closed_cat = "CASE WHEN x.outcome = 'informatie' THEN 'informatie' WHEN x.outcome = 'verwijzing' AND x.layer <= 3 \
        THEN 'verwijzing-licht' WHEN x.outcome = 'verwijzing' THEN 'verwijzing-zwaar' ELSE 'traject' END";
    let front = "CASE WHEN x.outcome = 'informatie' OR (x.outcome = 'verwijzing' AND x.layer <= 3) THEN 1 ELSE 0 END";
    let first_contact = "(SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY at, id) AS rn \
        FROM ev e WHERE kind = 'first_contact') f WHERE rn = 1) x";
    let days = ", percentile_disc(0.5) WITHIN GROUP (ORDER BY x.days)::float8 AS median, \
        percentile_disc(0.9) WITHIN GROUP (ORDER BY x.days)::float8 AS p90, NULL::float8 AS mean";
    vec![
        grouped("vragen", "(SELECT * FROM ev WHERE kind = 'question_received') x", Some("x.channel"), "1", "1", NO_STATS),
        grouped("vragen-afgehandeld", "(SELECT * FROM ev WHERE kind = 'question_closed') x", Some(closed_cat), "1", "1", NO_STATS),
        grouped("voorkant", "(SELECT * FROM ev WHERE kind = 'question_closed') x", None, front, "1", NO_STATS),
        grouped("zonder-traject", "(SELECT * FROM ev WHERE kind = 'question_closed') x", None, "CASE WHEN x.outcome <> 'traject' THEN 1 ELSE 0 END", "1", NO_STATS),
        grouped(
            "dagen-tot-eerste-contact",
            "(SELECT f.*, GREATEST(f.day - r.day, 0) AS days FROM (SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY at, id) AS rn \
             FROM ev e WHERE kind = 'first_contact') f0 WHERE rn = 1) f \
             JOIN (SELECT DISTINCT ON (question_id) question_id, day FROM ev WHERE kind = 'question_received' ORDER BY question_id, at, id) r \
             ON r.question_id = f.question_id) x",
            None,
            "1",
            "1",
            days,
        ),
        grouped("termijn-gehaald", first_contact, None, "x.deadline_met", "1", NO_STATS),
        grouped(
            "dagen-tot-plan",
            "(SELECT pl.*, GREATEST(pl.day - COALESCE(r.day, o.day), 0) AS days FROM \
             (SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY at, id) AS rn FROM ev e WHERE kind = 'plan_agreed') p0 WHERE rn = 1) pl \
             JOIN (SELECT DISTINCT ON (case_id) case_id, question_id, day FROM ev WHERE kind = 'case_opened' ORDER BY case_id, at DESC, id DESC) o ON o.case_id = pl.case_id \
             LEFT JOIN (SELECT DISTINCT ON (question_id) question_id, day FROM ev WHERE kind = 'question_received' ORDER BY question_id, at, id) r \
             ON r.question_id = o.question_id) x",
            None,
            "1",
            "1",
            days,
        ),
        grouped(
            "verwijzingen-antwoord",
            "(SELECT * FROM ev WHERE kind IN ('referral_accepted', 'referral_declined')) x",
            Some("CASE WHEN x.kind = 'referral_accepted' THEN 'geaccepteerd' ELSE x.outcome END"),
            "1",
            "1",
            NO_STATS,
        ),
        grouped(
            "verwijzingen-geaccepteerd",
            "(SELECT * FROM ev WHERE kind IN ('referral_accepted', 'referral_declined')) x",
            None,
            "CASE WHEN x.kind = 'referral_accepted' THEN 1 ELSE 0 END",
            "1",
            NO_STATS,
        ),
        grouped(
            "verwijzingen-afgerond",
            "(SELECT * FROM ev WHERE kind IN ('referral_completed', 'referral_cancelled')) x",
            Some("CASE WHEN x.kind = 'referral_cancelled' THEN 'geannuleerd' ELSE x.outcome END"),
            "1",
            "1",
            NO_STATS,
        ),
        grouped(
            "verwijzingen-doel-bereikt",
            "(SELECT * FROM ev WHERE kind = 'referral_completed') x",
            None,
            "CASE WHEN x.outcome = 'bereikt' THEN 1 ELSE 0 END",
            "1",
            NO_STATS,
        ),
        grouped("opschalingen", "(SELECT * FROM ev WHERE kind = 'scaled_up') x", Some("x.from_layer || '-' || x.layer"), "1", "1", NO_STATS),
        grouped("afschalingen", "(SELECT * FROM ev WHERE kind = 'scaled_down') x", Some("x.from_layer || '-' || x.layer"), "1", "1", NO_STATS),
        grouped("trajecten-afgesloten", "(SELECT * FROM ev WHERE kind = 'case_closed') x", Some("x.outcome"), "1", "1", NO_STATS),
        grouped(
            "trajecten-doelen-bereikt",
            "(SELECT * FROM ev WHERE kind = 'case_closed') x",
            None,
            "CASE WHEN x.outcome = 'bereikt' THEN 1 ELSE 0 END",
            "1",
            NO_STATS,
        ),
        grouped(
            "herhaalde-aanmelding",
            "(SELECT * FROM (SELECT e.*, MAX(CASE WHEN kind = 'case_closed' THEN day END) OVER (PARTITION BY unit ORDER BY at, id \
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev FROM ev e WHERE kind IN ('case_opened', 'case_closed')) r \
             WHERE kind = 'case_opened') x",
            None,
            "CASE WHEN x.prev IS NOT NULL AND x.day - x.prev <= 365 THEN 1 ELSE 0 END",
            "1",
            NO_STATS,
        ),
        grouped(
            "verandering-zelfredzaamheid",
            "(SELECT c.*, s.life_domain AS domain, s.last - s.first AS change FROM ev c JOIN \
             (SELECT case_id, life_domain, (ARRAY_AGG(score ORDER BY at, id))[1] AS first, \
              (ARRAY_AGG(score ORDER BY at DESC, id DESC))[1] AS last FROM ev WHERE kind = 'domain_assessed' \
              GROUP BY case_id, life_domain HAVING COUNT(*) >= 2) s ON s.case_id = c.case_id WHERE c.kind = 'case_closed') x",
            Some("x.domain"),
            "1",
            "1",
            ", NULL::float8 AS median, NULL::float8 AS p90, AVG(x.change)::float8 AS mean",
        ),
        three_domains(),
    ]
}

/// Newest score per household, domain and period; three or more at 1–2.
fn three_domains() -> (String, String) {
    (
        "drie-leefgebieden-zorgelijk".into(),
        "WITH s AS (SELECT DISTINCT ON (p.period, x.unit, x.life_domain) p.period, x.unit, x.score \
         FROM (SELECT * FROM ev WHERE kind = 'domain_assessed') x CROSS JOIN LATERAL (VALUES (x.m), (x.q), (x.y)) AS p(period) \
         ORDER BY p.period, x.unit, x.life_domain, x.at DESC, x.id DESC), \
         last AS (SELECT DISTINCT ON (p.period, x.unit) p.period, x.unit, x.municipality_id, x.wijk \
         FROM (SELECT * FROM ev WHERE kind = 'domain_assessed') x CROSS JOIN LATERAL (VALUES (x.m), (x.q), (x.y)) AS p(period) \
         ORDER BY p.period, x.unit, x.at DESC, x.id DESC), \
         h AS (SELECT s.period, s.unit, CASE WHEN SUM(CASE WHEN s.score <= 2 THEN 1 ELSE 0 END) >= 3 THEN 1 ELSE 0 END AS worrying \
         FROM s GROUP BY s.period, s.unit) \
         SELECT 'drie-leefgebieden-zorgelijk' AS measure, h.period, l.municipality_id AS mun, l.wijk, GROUPING(l.wijk) AS gw, \
         NULL::text AS cat, 1 AS gc, SUM(h.worrying)::bigint AS num, COUNT(*)::bigint AS den, COUNT(DISTINCT h.unit) AS hh, \
         NULL::float8 AS median, NULL::float8 AS p90, NULL::float8 AS mean \
         FROM h JOIN last l ON l.period = h.period AND l.unit = h.unit \
         GROUP BY GROUPING SETS ((h.period, l.municipality_id), (h.period, l.municipality_id, l.wijk))"
            .into(),
    )
}

/// A SQL row as an engine cell.
fn sql_cell(r: &sqlx::postgres::PgRow, slots: &[Slot]) -> Result<Option<(CellKey, Cell)>, String> {
    let get = |e: sqlx::Error| e.to_string();
    let code: String = r.try_get("measure").map_err(get)?;
    let measure = Measure::by_code(&code).ok_or_else(|| format!("onbekende maat {code}"))?;
    let period: String = r.try_get("period").map_err(get)?;
    let period = Period::parse(&period)?;
    let mun: i64 = r.try_get("mun").map_err(get)?;
    let gw: i32 = r.try_get("gw").map_err(get)?;
    let slot = if gw == 1 {
        Slot::Municipality(mun)
    } else {
        Slot::Wijk {
            municipality: mun,
            code: r.try_get("wijk").map_err(get)?,
        }
    };
    let Some(slot) = slots.iter().position(|s| *s == slot) else {
        return Err(format!(
            "{code} {period}: gebied {slot:?} onbekend in de engine"
        ));
    };
    let gc: i32 = r.try_get("gc").map_err(get)?;
    let category = if gc == 1 {
        0
    } else {
        let c: Option<String> = r.try_get("cat").map_err(get)?;
        let c = c.unwrap_or_default();
        measure
            .def()
            .breakdown
            .categories()
            .iter()
            .position(|(code, _)| *code == c)
            .map(|i| i as u8 + 1)
            .ok_or_else(|| format!("{code}: onbekende categorie {c}"))?
    };
    let stat = measure.def().stat;
    let num: i64 = r.try_get("num").map_err(get)?;
    let den: i64 = r.try_get("den").map_err(get)?;
    let hh: i64 = r.try_get("hh").map_err(get)?;
    Ok(Some((
        CellKey {
            measure,
            category,
            period,
            slot: slot as u32,
        },
        Cell {
            num,
            den,
            households: hh as u32,
            median: if stat == Stat::Days {
                r.try_get("median").map_err(get)?
            } else {
                None
            },
            p90: if stat == Stat::Days {
                r.try_get("p90").map_err(get)?
            } else {
                None
            },
            mean: if stat == Stat::MeanChange {
                r.try_get("mean").map_err(get)?
            } else {
                None
            },
        },
    )))
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = "=".repeat(78);
        writeln!(f, "{line}\nkompas bench monitor — samenvatting\n{line}")?;
        writeln!(
            f,
            "{}",
            crate::bench::header(
                "geen: elke ronde leest en rekent opnieuw (de buffercache van PostgreSQL is warm, voor beide kanten)"
            )
        )?;
        writeln!(
            f,
            "data            {} gebeurtenissen, {} huishoudens, 3 gemeenten × 12 wijken, 2022–2025",
            self.events, self.households
        )?;
        writeln!(f, "indicatoren     {} maten × categorieën × maand/kwartaal/jaar × gemeente/wijk = {} cellen", MEASURES.len(), self.cells)?;
        writeln!(
            f,
            "kolommen        {:.3} s (gebeurtenissen in kolommen zetten)",
            self.columns_s
        )?;
        let engine = best(&self.engine_s);
        writeln!(
            f,
            "engine alleen   {:.3} s (beste van {}; gebeurtenissen al in het geheugen)",
            engine,
            self.engine_s.len(),
        )?;
        writeln!(
            f,
            "kleine aantallen {:.3} s ({} van {} cellen verborgen)",
            self.publish_s, self.hidden, self.cells
        )?;
        match &self.pg {
            Some(pg) => {
                let sql = best(&pg.sql_s);
                let totals: Vec<f64> = pg
                    .load_s
                    .iter()
                    .zip(&pg.db_engine_s)
                    .map(|(l, e)| l + e)
                    .collect();
                let total = best(&totals);
                let round = totals.iter().position(|t| *t == total).unwrap_or(0);
                writeln!(
                    f,
                    "herberekening   {total:.3} s uit de database: laden {:.3} s + engine {:.3} s (beste van {}; doel ≤ 2 s: {})",
                    pg.load_s.get(round).copied().unwrap_or_default(),
                    pg.db_engine_s.get(round).copied().unwrap_or_default(),
                    totals.len(),
                    if total <= 2.0 { "gehaald" } else { "NIET gehaald" }
                )?;
                writeln!(
                    f,
                    "SQL GROUP BY    {:.3} s (beste van {}; work_mem {}; lokale dag, maand, kwartaal, jaar vooraf in een getypeerde tabel), {} rijen",
                    sql,
                    pg.sql_s.len(),
                    pg.work_mem,
                    pg.rows
                )?;
                for (name, s) in &pg.per_query {
                    writeln!(f, "    {name:<30} {s:.3} s")?;
                }
                writeln!(
                    f,
                    "gelijk gemeten  beide kanten over TCP naar dezelfde PostgreSQL vanuit dit proces, inclusief het overbrengen\n                \
                     van wat ze lezen (de gebeurtenissen met binaire COPY; de SQL-uitkomsten als rijen)"
                )?;
                writeln!(
                    f,
                    "verhouding      SQL / herberekening uit de database = {:.1}×",
                    ratio(sql, total)
                )?;
                writeln!(
                    f,
                    "                SQL / engine alleen (gebeurtenissen al in het geheugen) = {:.1}×",
                    ratio(sql, engine)
                )?;
                writeln!(
                    f,
                    "uitkomsten      {} cellen uit de teruggelezen kolommen vergeleken met SQL: {}",
                    pg.compared,
                    if pg.mismatches.is_empty() {
                        "alle gelijk".to_string()
                    } else {
                        format!("{} VERSCHILLEN", pg.mismatches.len())
                    }
                )?;
                for m in pg.mismatches.iter().take(10) {
                    writeln!(f, "    {m}")?;
                }
                let inc = &pg.incremental;
                let visible = inc.visible_s();
                writeln!(
                    f,
                    "erbij           {} gebeurtenissen geschreven in {:.3} s; zichtbaar na {visible:.3} s (bijladen {:.3} s + engine {:.3} s\n                \
                     + kleine aantallen {:.3} s; doel ≤ 1 s: {}); {}; {}",
                    inc.events,
                    inc.append_s,
                    inc.refresh_s,
                    inc.engine_s,
                    inc.publish_s,
                    if visible <= 1.0 { "gehaald" } else { "NIET gehaald" },
                    inc.refresh,
                    if inc.mismatches.is_empty() {
                        "gelijk aan alles opnieuw laden".to_string()
                    } else {
                        format!("{} VERSCHILLEN met opnieuw laden", inc.mismatches.len())
                    }
                )?;
                for m in inc.mismatches.iter().take(10) {
                    writeln!(f, "    {m}")?;
                }
            }
            None => writeln!(f, "PostgreSQL      {}", self.note.as_deref().unwrap_or(""))?,
        }
        write!(f, "{line}")
    }
}
