//! `kompas bench maatwerk`: the decision worklist at the size of Amsterdam
//! (issue 12): about 70 000 Wmo clients and 25 000 youth-care clients a
//! year. Loads the demo municipality into a throw-away database (SQLite, and
//! PostgreSQL with `--postgres`), generates households with `bench toegang`'s
//! generator, a year of legal paths with their suspensions, extensions and
//! sent decisions from `generate::maatwerk` (multi-row INSERTs, deterministic
//! with the seed), and a caseload of cases for the demo `consulent` among the
//! households with a path (with `bench plan`'s generator), so the worklist
//! shows the open paths of the households that consultant works on.
//!
//! Then it serves the real application in-process as `bench toegang` does and
//! measures `GET /werk/maatwerk` signed in as `consulent` against the
//! `/health` floor of the same run, each with one connection and with several
//! at once. The page has no cache: every request reads the database. Beside
//! it, the store's `open_paths` for the whole municipality (no worker) is
//! timed in-process, the list a municipality-wide view would need.

use crate::bench::plan::{
    continue_identities, demo_with_households, generate_plans, next_id, ymd, Prepared,
};
use crate::bench::search::{ratio, Latencies};
use crate::bench::toegang::{
    self as tgb, after_the_floor, insert, measure, on_each_database, page, write_figures,
    write_summary, Figure, Shared, V,
};
use crate::generate::maatwerk::{GenPath, MaatwerkGenerator, Plan, Standing};
use anyhow::{bail, Context as _};
use chrono::{DateTime, Utc};
use kompas_domain::dutch_time::local;
use kompas_domain::maatwerk::decision::Amount;
use kompas_domain::MunicipalityScope;
use kompas_store::{time, Db};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// The command line of `kompas bench maatwerk`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Wmo paths (meldingen) over the last year.
    #[arg(long, default_value_t = 70_000)]
    pub wmo: usize,
    /// Jeugdwet paths (applications) over the last year.
    #[arg(long, default_value_t = 25_000)]
    pub youth: usize,
    /// Households the paths are spread over.
    #[arg(long, default_value_t = 90_000)]
    pub households: usize,
    /// Cases the demo consultant works on, each a household with a path.
    #[arg(long, default_value_t = 150)]
    pub caseload: usize,
    /// Timed calls of the store's worklist for the whole municipality.
    #[arg(long, default_value_t = 20)]
    pub municipality_calls: usize,
    #[command(flatten)]
    pub shared: Shared,
}

/// What the maatwerk generator wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub paths: usize,
    pub wmo: usize,
    pub youth: usize,
    pub suspensions: usize,
    pub decisions: usize,
    pub lines: usize,
    /// Open paths per standing today.
    pub open: BTreeMap<Standing, usize>,
    pub seconds: f64,
    /// Households with a path (the caseload is chosen among them).
    pub households: Vec<i64>,
}

impl Written {
    pub fn open_total(&self) -> usize {
        self.open.values().sum()
    }
}

const PATH_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "household_id",
    "law",
    "melding_on",
    "report_sent_on",
    "application_on",
    "extension_notice_on",
    "extended_to",
    "default_notice_on",
    "decided_on",
    "created_at",
    "created_by",
];
const SUSPENSION_COLUMNS: &[&str] = &["path_id", "from_day", "to_day", "reason"];
const DECISION_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "path_id",
    "law",
    "kind",
    "sent_on",
    "created_at",
    "created_by",
];
const LINE_COLUMNS: &[&str] = &[
    "decision_id",
    "position",
    "category",
    "outcome",
    "quantity",
    "unit",
    "frequency",
    "budget_cents",
    "delivery",
    "start_on",
    "end_on",
    "reasoning",
];

/// The rows of a batch of paths.
#[derive(Default)]
struct Rows {
    paths: Vec<Vec<V>>,
    suspensions: Vec<Vec<V>>,
    decisions: Vec<Vec<V>>,
    lines: Vec<Vec<V>>,
}

fn day(d: Option<chrono::NaiveDate>) -> V {
    V::OT(d.map(ymd))
}

impl Rows {
    /// One path (with id `id`) and, when decided, its decision `decision_id`.
    fn push(&mut self, g: &GenPath, id: i64, decision_id: i64, at: (i64, i64, &str)) {
        let (municipality, household, created) = at;
        let p = &g.path;
        self.paths.push(vec![
            V::I(id),
            V::I(municipality),
            V::I(household),
            V::T(p.law.code().into()),
            day(p.melding),
            day(p.report_sent),
            day(p.application),
            day(g.extension.map(|e| e.0)),
            day(g.extension.map(|e| e.1)),
            day(g.default_notice),
            day(p.decided),
            V::T(created.into()),
            V::OI(None),
        ]);
        for (from, to, reason) in &g.suspensions {
            self.suspensions.push(vec![
                V::I(id),
                V::T(ymd(*from)),
                V::T(ymd(*to)),
                V::T((*reason).into()),
            ]);
        }
        let (Some(d), Some(sent)) = (&g.decision, p.decided) else {
            return;
        };
        self.decisions.push(vec![
            V::I(decision_id),
            V::I(municipality),
            V::I(id),
            V::T(d.law.code().into()),
            V::T(d.kind.code().into()),
            V::T(ymd(sent)),
            V::T(created.into()),
            V::OI(None),
        ]);
        for (position, l) in (1_i64..).zip(&d.lines) {
            let (quantity, unit, frequency, budget) = Amount::parts(l.amount);
            let quantity = quantity.map(i64::from);
            let unit = unit.map(|u| u.code().to_string());
            let frequency = frequency.map(|f| f.code().to_string());
            self.lines.push(vec![
                V::I(decision_id),
                V::I(position),
                V::T(l.category.code.into()),
                V::T(l.outcome.code().into()),
                V::OI(quantity),
                V::OT(unit),
                V::OT(frequency),
                V::OI(budget),
                V::T(l.delivery.code().into()),
                day(l.start),
                day(l.end),
                V::T(l.reasoning.clone()),
            ]);
        }
    }
}

/// Writes a year of paths (and their decisions) over `households` of the
/// municipality, in transactions of 10 000 paths. The same seed gives the
/// same rows.
pub async fn write_paths(
    db: &Db,
    municipality_id: i64,
    households: &[i64],
    opts: &Options,
    now: DateTime<Utc>,
) -> anyhow::Result<Written> {
    let started = Instant::now();
    let today = local(now).date();
    let generated = MaatwerkGenerator::new(Plan {
        seed: opts.shared.seed,
        wmo: opts.wmo,
        youth: opts.youth,
        households: households.len(),
        today,
    })
    .paths();
    let mut w = Written::default();
    let first_path = next_id(db, "maatwerk_paths").await?;
    let mut decision_id = next_id(db, "maatwerk_decisions").await? - 1;
    let created = time::to_db(now);
    let kind = db.kind();
    let mut with_path = std::collections::BTreeSet::new();
    for (batch, chunk) in generated.chunks(10_000).enumerate() {
        let mut rows = Rows::default();
        for (i, g) in chunk.iter().enumerate() {
            let id = first_path + (batch * 10_000 + i) as i64;
            let household = households
                .get(g.household)
                .copied()
                .context("the generator chose a household that is not there")?;
            with_path.insert(household);
            if g.decision.is_some() {
                decision_id += 1;
            }
            if let Some(s) = g.standing(today) {
                *w.open.entry(s).or_default() += 1;
            }
            rows.push(g, id, decision_id, (municipality_id, household, &created));
        }
        w.paths += rows.paths.len();
        w.suspensions += rows.suspensions.len();
        w.decisions += rows.decisions.len();
        w.lines += rows.lines.len();
        let mut tx = db.begin().await?;
        insert(&mut tx, kind, "maatwerk_paths", PATH_COLUMNS, rows.paths).await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_suspensions",
            SUSPENSION_COLUMNS,
            rows.suspensions,
        )
        .await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_decisions",
            DECISION_COLUMNS,
            rows.decisions,
        )
        .await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_decision_lines",
            LINE_COLUMNS,
            rows.lines,
        )
        .await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    let tables = [
        "maatwerk_paths",
        "maatwerk_suspensions",
        "maatwerk_decisions",
        "maatwerk_decision_lines",
    ];
    continue_identities(&mut tx, kind, &tables).await?;
    tx.commit().await?;
    w.wmo = generated
        .iter()
        .filter(|g| g.path.law == kompas_domain::maatwerk::Law::Wmo)
        .count();
    w.youth = w.paths - w.wmo;
    w.households = with_path.into_iter().collect();
    w.seconds = started.elapsed().as_secs_f64();
    Ok(w)
}

// ---------------------------------------------------------------- measuring

const WORKLIST: &str = "GET /werk/maatwerk (consulent)";

/// What was generated in one database and what was measured.
#[derive(Debug, Clone)]
pub struct BackendRun {
    pub database: String,
    pub households: tgb::Generated,
    pub written: Written,
    /// Cases of the consultant's caseload, and the seconds they took.
    pub caseload: usize,
    pub caseload_seconds: f64,
    /// Open paths on the consultant's worklist.
    pub listed: usize,
    /// Open paths of the whole municipality.
    pub municipality_open: usize,
    /// The store's `open_paths` without a worker, timed in-process.
    pub municipality: Latencies,
    /// The `/health` floor first.
    pub figures: Vec<Figure>,
}

pub type Summary = tgb::Summary<Options, BackendRun>;

/// Demo, households, paths and the caseload in one database; then the page.
async fn run_on(
    database: &str,
    dir: &Path,
    url: &str,
    opts: &Options,
) -> anyhow::Result<BackendRun> {
    let Prepared {
        db,
        municipality,
        staff,
        now,
        households,
        ids,
    } = demo_with_households(database, dir, url, opts.households, opts.shared.seed).await?;
    let written = write_paths(&db, municipality, &ids, opts, now).await?;
    println!(
        "  {database}: {} trajecten ({} Wmo, {} Jeugdwet; {} open), {} opschortingen, {} besluiten met {} producten in {:.1} s",
        written.paths,
        written.wmo,
        written.youth,
        written.open_total(),
        written.suspensions,
        written.decisions,
        written.lines,
        written.seconds
    );
    let plans = generate_plans(
        &db,
        municipality,
        staff,
        &written.households,
        opts.caseload,
        opts.shared.seed,
        now,
    )
    .await?;
    println!(
        "  {database}: {} trajecten van consulent (caseload) in {:.1} s",
        plans.cases, plans.seconds
    );
    tgb::fresh_statistics(&db).await?;
    let scope = MunicipalityScope::single(municipality);
    let listed = kompas_store::maatwerk::open_paths(&db, &scope, Some(staff.consulent))
        .await?
        .len();
    let mut whole = Latencies::default();
    let mut municipality_open = 0;
    for _ in 0..opts.municipality_calls.max(1) {
        let t = Instant::now();
        municipality_open = kompas_store::maatwerk::open_paths(&db, &scope, None)
            .await?
            .len();
        whole.push(t.elapsed());
    }
    let pages = after_the_floor(vec![page(WORKLIST, vec!["/werk/maatwerk".into()], true)]);
    let figures = measure(dir, url, &pages, opts.shared.load).await;
    db.close().await;
    Ok(BackendRun {
        database: database.to_string(),
        households,
        written,
        caseload: plans.cases,
        caseload_seconds: plans.seconds,
        listed,
        municipality_open,
        municipality: whole,
        figures: figures?,
    })
}

/// The maatwerk benchmark on SQLite and, with `--postgres`, on PostgreSQL.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    tgb::check_households(opts.households)?;
    if opts.households == 0 || opts.wmo + opts.youth == 0 {
        bail!("--households en --wmo of --youth zijn meer dan 0");
    }
    if opts.caseload == 0 || opts.caseload > opts.households {
        bail!("--caseload ligt tussen 1 en --households");
    }
    let about = format!(
        "{} Wmo- en {} Jeugdwettrajecten over {} huishoudens, caseload {}",
        opts.wmo, opts.youth, opts.households, opts.caseload
    );
    on_each_database(
        "maatwerk",
        &about,
        opts,
        &opts.shared,
        |name, dir, url| async move { run_on(name, &dir, &url, opts).await.context(name) },
    )
    .await
}

// ---------------------------------------------------------------- the report

fn standing_nl(s: Standing) -> &'static str {
    match s {
        Standing::Investigation => "in onderzoek",
        Standing::AwaitingApplication => "wacht op aanvraag",
        Standing::Suspended => "opgeschort",
        Standing::Extended => "verdaagd",
        Standing::Late => "te laat",
        Standing::Deciding => "beslistermijn loopt",
    }
}

impl BackendRun {
    pub fn worklist(&self) -> Option<&Figure> {
        self.figures.iter().find(|f| f.label == WORKLIST)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let load = self.opts.shared.load;
        let n = load.connections.max(1);
        let skipped = self.postgres_skipped.as_deref();
        f.write_str(&write_summary("kompas bench maatwerk", load, &self.runs, skipped, |o, run| {
            let (h, w) = (&run.households, &run.written);
            let open: Vec<String> = w
                .open
                .iter()
                .map(|(s, k)| format!("{} {k}", standing_nl(*s)))
                .collect();
            let _ = writeln!(
                o,
                "{}: {} huishoudens ({} gezinsleden) in {:.1} s; {} trajecten ({} Wmo, {} Jeugdwet) met {} opschortingen, {} besluiten en {} producten in {:.1} s;",
                run.database, h.households, h.members, h.seconds, w.paths, w.wmo, w.youth, w.suspensions, w.decisions, w.lines, w.seconds
            );
            let _ = writeln!(
                o,
                "  open: {} van {} ({:.1}%): {}; caseload consulent {} trajecten ({:.1} s), op de werklijst {} open trajecten",
                w.open_total(),
                w.paths,
                100.0 * ratio(w.open_total() as f64, w.paths as f64),
                open.join(", "),
                run.caseload,
                run.caseload_seconds,
                run.listed
            );
            write_figures(o, &run.figures, n);
            if let (Some(floor), Some(list)) = (run.figures.first(), run.worklist()) {
                let _ = writeln!(
                    o,
                    "  werklijst p50 {:.3} ms, p99 {:.3} ms = {:.1}× /health met 1 verbinding; p99 {:.3} ms = {:.1}× met {n}",
                    list.single.p50(),
                    list.single.p99(),
                    ratio(list.single.p99(), floor.single.p99()),
                    list.loaded.p99(),
                    ratio(list.loaded.p99(), floor.loaded.p99()),
                );
            }
            let _ = writeln!(
                o,
                "  open_paths voor de hele gemeente (winkel, zonder HTTP): {} trajecten, p50 {:.3} ms, p99 {:.3} ms over {} aanroepen",
                run.municipality_open,
                run.municipality.p50(),
                run.municipality.p99(),
                run.municipality.len()
            );
        }))
    }
}
