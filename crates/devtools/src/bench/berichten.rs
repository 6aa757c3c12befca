//! `kompas bench berichten`: checking and answering a provider's claim file
//! at the size of a large municipality. Loads the demo municipality into a
//! throw-away database (SQLite, and PostgreSQL with `--postgres`), writes a
//! year of allocations of contracted Wmo and Jeugdwet products from
//! `generate::berichten` (one-person households with a test BSN, a path and
//! a sent decision each; multi-row INSERTs, deterministic with the seed),
//! and builds one 323 of Thuiszorg De Wilgenhoek for the last full month
//! with the codec: one line per allocation of theirs that ran that month
//! (more per allocation when there are too few), a few percent over the
//! allocation (TR321) or at a wrong tariff (TR418).
//!
//! Then, on that fresh database, it times `kompas_app::berichten::import` of
//! the file in one transaction until the 325 is committed in the outbox
//! (lines per second), and the `/health` floor served the way `bench
//! maatwerk` measures it (server-side time around the router), and reports
//! the claim against that floor.

use crate::bench::plan::{continue_identities, next_id, ymd};
use crate::bench::search::ratio;
use crate::bench::toegang::{
    self as tgb, after_the_floor, insert, measure_as, on_each_database, page, write_figures,
    write_summary, Figure, Shared, V,
};
use crate::generate::berichten::{self as gen, Line};
use anyhow::{bail, Context as _};
use chrono::Datelike;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::dutch_time::local;
use kompas_domain::maatwerk::catalogue::Variant;
use kompas_domain::maatwerk::decision::{DecisionKind, Delivery, Outcome};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::Standard;
use kompas_store::maatwerk as mw;
use kompas_store::{time, Db};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// The provider whose claim file is checked (household help, Wmo).
pub const CLAIMING: &str = "75990011";

/// The costs dashboard as the report names it.
const COSTS: &str = "GET /monitor/kosten (beleid)";

/// The command line of `kompas bench berichten`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Allocations (Wmo and Jeugdwet) started over the last year.
    #[arg(long, default_value_t = 70_000)]
    pub allocations: usize,
    /// Clients the allocations are for (some get two products).
    #[arg(long, default_value_t = 56_000)]
    pub clients: usize,
    /// Lines of the claim file.
    #[arg(long, default_value_t = 10_000)]
    pub lines: usize,
    /// Percent of the lines over their allocation (TR321).
    #[arg(long, default_value_t = 3)]
    pub over_percent: u32,
    /// Percent of the lines at a wrong tariff (TR418).
    #[arg(long, default_value_t = 2)]
    pub tariff_percent: u32,
    #[command(flatten)]
    pub shared: Shared,
}

/// What the generator wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub clients: usize,
    pub allocations: usize,
    pub wmo: usize,
    pub youth: usize,
    pub seconds: f64,
}

/// The claim file and what checking it gave.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub lines: usize,
    pub clients: usize,
    pub bytes: usize,
    /// Lines made over the allocation or at a wrong tariff.
    pub over: usize,
    pub wrong_tariff: usize,
    /// Lines the 325 rejected, and with which codes.
    pub rejected: usize,
    pub codes: Vec<(String, usize)>,
    /// Reading the file alone (the codec), in ms.
    pub read_ms: f64,
    /// Import in one transaction until the 325 is committed, in ms.
    pub import_ms: f64,
    /// The 325 waits in the outbox.
    pub answered: bool,
}

impl Checked {
    pub fn lines_per_second(&self) -> f64 {
        ratio(self.lines as f64, self.import_ms / 1000.0)
    }
    pub fn ms_per_line(&self) -> f64 {
        ratio(self.import_ms, self.lines as f64)
    }
}

/// One database's run.
#[derive(Debug, Clone)]
pub struct BackendRun {
    pub database: String,
    pub written: Written,
    pub checked: Checked,
    /// The `/health` floor first.
    pub figures: Vec<Figure>,
}

pub type Summary = tgb::Summary<Options, BackendRun>;

const HOUSEHOLD_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "postcode",
    "house_number",
    "street",
    "city",
    "created_at",
    "updated_at",
];
const MEMBER_COLUMNS: &[&str] = &[
    "id",
    "household_id",
    "name",
    "birth_date",
    "role",
    "bsn",
    "created_at",
];
const PATH_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "household_id",
    "member_id",
    "law",
    "melding_on",
    "application_on",
    "decided_on",
    "created_at",
];
const DECISION_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "path_id",
    "law",
    "kind",
    "sent_on",
    "created_at",
];
const LINE_COLUMNS: &[&str] = &[
    "decision_id",
    "position",
    "category",
    "product_code",
    "outcome",
    "quantity",
    "unit",
    "frequency",
    "delivery",
    "start_on",
    "end_on",
    "reasoning",
];
const ALLOCATION_COLUMNS: &[&str] = &[
    "municipality_id",
    "law",
    "number",
    "decision_id",
    "line_position",
    "household_id",
    "member_id",
    "provider_id",
    "category",
    "product_code",
    "variant",
    "quantity",
    "unit",
    "frequency",
    "start_on",
    "end_on",
    "allocated_at",
    "changed_at",
    "care_started_on",
    "created_at",
];

const GIVEN: &[&str] = &[
    "Anna", "Bram", "Cor", "Dewi", "Els", "Fenna", "Gijs", "Hanna", "Ilyas", "Jet", "Kees", "Lotte",
];
const SURNAMES: &[&str] = &[
    "de Wit",
    "Bakker",
    "van Dijk",
    "Jansen",
    "El Idrissi",
    "Visser",
    "de Boer",
    "Smit",
    "Mulder",
    "Yilmaz",
    "van der Veen",
    "Bos",
];

/// A client of the generated allocations, as the claim file names them.
#[derive(Debug, Clone)]
pub struct GenClient {
    pub bsn: String,
}

/// A generated allocation as written, for building the claim file.
#[derive(Debug, Clone)]
pub struct Allocated {
    pub number: u32,
    pub client: usize,
    pub alloc: gen::GenAllocation,
}

/// Writes `opts.clients` one-person households with a member (test BSN,
/// birth date), and `opts.allocations` allocations each with its path and
/// sent decision, in transactions of 10 000. Returns what was written, the
/// clients and the allocations with their numbers.
pub async fn write_allocations(
    db: &Db,
    municipality: i64,
    opts: &Options,
    now: DateTime<Utc>,
) -> anyhow::Result<(Written, Vec<GenClient>, Vec<Allocated>)> {
    let started = Instant::now();
    let today = local(now).date();
    let kind = db.kind();
    let scope = MunicipalityScope::single(municipality);
    let mut providers = HashMap::new();
    {
        let mut conn = db.begin().await?;
        for p in mw::providers(&mut conn, &scope).await? {
            providers.insert(p.agb.as_str().to_string(), p.id);
        }
    }
    let generated = gen::allocations(opts.shared.seed, opts.allocations, opts.clients, today);
    let mut rng = crate::generate::Rng::new(opts.shared.seed ^ 0x305);
    let created = time::to_db(now);
    let clients: Vec<GenClient> = gen::bsns(80_000_000)
        .take(opts.clients)
        .map(|bsn| GenClient { bsn })
        .collect();
    if clients.len() < opts.clients {
        bail!("te veel cliënten voor de BSN-reeks");
    }
    let first_household = next_id(db, "households").await?;
    let first_member = next_id(db, "household_members").await?;
    let first_path = next_id(db, "maatwerk_paths").await?;
    let first_decision = next_id(db, "maatwerk_decisions").await?;
    let mut numbers: HashMap<Law, i64> = HashMap::new();
    for law in [Law::Wmo, Law::Jeugdwet] {
        let n: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) FROM maatwerk_allocations WHERE municipality_id = $1 AND law = $2",
        )
        .bind(municipality)
        .bind(law.code())
        .fetch_one(db.reader())
        .await?;
        numbers.insert(law, n);
    }
    // The clients and their households.
    for (batch, chunk) in clients.chunks(10_000).enumerate() {
        let mut households = Vec::new();
        let mut members = Vec::new();
        for (i, c) in chunk.iter().enumerate() {
            let k = (batch * 10_000 + i) as i64;
            let h = first_household + k;
            households.push(vec![
                V::I(h),
                V::I(municipality),
                V::OT(Some(format!(
                    "99{:02} {}",
                    1 + k % 9,
                    ["AB", "CD", "EF"][(k % 3) as usize]
                ))),
                V::OI(Some(1 + k % 180)),
                V::T("Wilgenlaan".into()),
                V::T("Wilgendaal".into()),
                V::T(created.clone()),
                V::T(created.clone()),
            ]);
            let name = format!(
                "{} {}",
                GIVEN[rng.below(GIVEN.len())],
                SURNAMES[rng.below(SURNAMES.len())]
            );
            let born = today - Duration::days(rng.between(5 * 365, 95 * 365));
            members.push(vec![
                V::I(first_member + k),
                V::I(h),
                V::T(name),
                V::OT(Some(ymd(born))),
                V::T("anders".into()),
                V::OT(Some(c.bsn.clone())),
                V::T(created.clone()),
            ]);
        }
        let mut tx = db.begin().await?;
        insert(&mut tx, kind, "households", HOUSEHOLD_COLUMNS, households).await?;
        insert(&mut tx, kind, "household_members", MEMBER_COLUMNS, members).await?;
        tx.commit().await?;
    }
    // One path with a sent decision per allocation, and the allocation.
    let mut out = Vec::with_capacity(generated.len());
    let mut w = Written {
        clients: clients.len(),
        ..Default::default()
    };
    for (batch, chunk) in generated.chunks(10_000).enumerate() {
        let (mut paths, mut decisions, mut lines, mut allocations) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, g) in chunk.iter().enumerate() {
            let k = (batch * 10_000 + i) as i64;
            let (path, decision) = (first_path + k, first_decision + k);
            let household = first_household + g.client as i64;
            let member = first_member + g.client as i64;
            let p = g.product;
            let provider = *providers
                .get(p.agb)
                .with_context(|| format!("aanbieder {} staat niet in de democatalogus", p.agb))?;
            let decided = g.start - Duration::days(rng.between(3, 14));
            let asked = decided - Duration::days(rng.between(14, 56));
            let (melding, application) = match p.law {
                Law::Wmo => (Some(ymd(asked)), Some(ymd(asked + Duration::days(10)))),
                _ => (None, Some(ymd(asked))),
            };
            paths.push(vec![
                V::I(path),
                V::I(municipality),
                V::I(household),
                V::OI(Some(member)),
                V::T(p.law.code().into()),
                V::OT(melding),
                V::OT(application),
                V::OT(Some(ymd(decided))),
                V::T(created.clone()),
            ]);
            decisions.push(vec![
                V::I(decision),
                V::I(municipality),
                V::I(path),
                V::T(p.law.code().into()),
                V::T(DecisionKind::First.code().into()),
                V::OT(Some(ymd(decided))),
                V::T(created.clone()),
            ]);
            lines.push(vec![
                V::I(decision),
                V::I(1),
                V::T(p.category.into()),
                V::OT(Some(p.product.into())),
                V::T(Outcome::Granted.code().into()),
                V::OI(Some(i64::from(g.quantity))),
                V::OT(Some(p.unit.into())),
                V::OT(Some(p.frequency.into())),
                V::T(Delivery::InKind.code().into()),
                V::OT(Some(ymd(g.start))),
                V::OT(Some(ymd(g.end))),
                V::T("Gegenereerd voor de benchmark.".into()),
            ]);
            let number = numbers.entry(p.law).or_default();
            *number += 1;
            let allocated = time::to_db(
                (decided + Duration::days(1))
                    .and_hms_opt(9, 0, 0)
                    .unwrap_or_default()
                    .and_utc(),
            );
            let care = g.start + Duration::days(rng.between(0, 5));
            allocations.push(vec![
                V::I(municipality),
                V::T(p.law.code().into()),
                V::I(*number),
                V::I(decision),
                V::I(1),
                V::I(household),
                V::OI(Some(member)),
                V::I(provider),
                V::T(p.category.into()),
                V::OT(Some(p.product.into())),
                V::T(Variant::Effort.code().into()),
                V::OI(Some(i64::from(g.quantity))),
                V::OT(Some(p.unit.into())),
                V::OT(Some(p.frequency.into())),
                V::T(ymd(g.start)),
                V::OT(Some(ymd(g.end))),
                V::T(allocated.clone()),
                V::T(allocated),
                V::OT((care < today).then(|| ymd(care))),
                V::T(created.clone()),
            ]);
            match p.law {
                Law::Wmo => w.wmo += 1,
                _ => w.youth += 1,
            }
            out.push(Allocated {
                number: u32::try_from(*number).context("toewijzingnummer")?,
                client: g.client,
                alloc: g.clone(),
            });
        }
        let mut tx = db.begin().await?;
        insert(&mut tx, kind, "maatwerk_paths", PATH_COLUMNS, paths).await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_decisions",
            DECISION_COLUMNS,
            decisions,
        )
        .await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_decision_lines",
            LINE_COLUMNS,
            lines,
        )
        .await?;
        insert(
            &mut tx,
            kind,
            "maatwerk_allocations",
            ALLOCATION_COLUMNS,
            allocations,
        )
        .await?;
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    continue_identities(
        &mut tx,
        kind,
        &[
            "households",
            "household_members",
            "maatwerk_paths",
            "maatwerk_decisions",
            "maatwerk_decision_lines",
            "maatwerk_allocations",
        ],
    )
    .await?;
    tx.commit().await?;
    w.allocations = out.len();
    w.seconds = started.elapsed().as_secs_f64();
    Ok((w, clients, out))
}

/// The claim file of `CLAIMING` for the last full month: one line per
/// allocation of theirs that ran that month (split in up to four periods
/// when there are too few allocations), with `over_percent` of the lines
/// over the allocation and `tariff_percent` at a wrong tariff. Returns the
/// XML, the lines and how many were made over and at a wrong tariff.
pub async fn claim_file(
    db: &Db,
    municipality: i64,
    opts: &Options,
    clients: &[GenClient],
    written: &[Allocated],
    now: DateTime<Utc>,
) -> anyhow::Result<(String, usize, usize, usize)> {
    let today = local(now).date();
    let (first, last) = gen::previous_month(today);
    let scope = MunicipalityScope::single(municipality);
    let mut conn = db.begin().await?;
    let provider = mw::provider_with_agb(&mut conn, &scope, municipality, CLAIMING)
        .await?
        .context("Thuiszorg De Wilgenhoek ontbreekt in de democatalogus")?
        .0;
    let products = mw::products(&mut conn, &scope, Some(Law::Wmo), None).await?;
    let mut tariffs: HashMap<(&str, NaiveDate), i64> = HashMap::new();
    let running: Vec<&Allocated> = written
        .iter()
        .filter(|w| w.alloc.product.agb == CLAIMING)
        .filter(|w| w.alloc.start <= last && w.alloc.end >= first)
        .collect();
    if running.is_empty() {
        bail!("geen toewijzingen van {CLAIMING} in {}", ymd(first));
    }
    let parts = opts.lines.div_ceil(running.len()).clamp(1, 4);
    let mut rng = crate::generate::Rng::new(opts.shared.seed ^ 0x323);
    let (mut lines, mut over, mut wrong) = (Vec::new(), 0, 0);
    'all: for w in &running {
        let from = first.max(w.alloc.start);
        let to = last.min(w.alloc.end);
        let days = (to - from).num_days() + 1;
        let parts = (parts as i64).min(days);
        for part in 0..parts {
            if lines.len() == opts.lines {
                break 'all;
            }
            let f = from + Duration::days(days * part / parts);
            let t = from + Duration::days(days * (part + 1) / parts - 1);
            let p = w.alloc.product;
            let tariff = match tariffs.get(&(p.product, f)) {
                Some(t) => *t,
                None => {
                    let product = products
                        .iter()
                        .find(|x| x.code.as_str() == p.product)
                        .with_context(|| format!("product {}", p.product))?;
                    let t = mw::contract_tariff(&mut conn, &scope, provider, product.id, f)
                        .await?
                        .with_context(|| format!("geen contract voor {} op {f}", p.product))?;
                    tariffs.insert((p.product, f), t);
                    t
                }
            };
            let q = w.alloc.quantity;
            // Within: a week's volume per period part (household help may
            // claim six weeks' volume a period, the rest a week per week).
            let mut volume = q;
            let mut tariff_cents = tariff;
            let roll = rng.below(100) as u32;
            if roll < opts.over_percent {
                volume = 6 * q + 1;
                over += 1;
            } else if roll < opts.over_percent + opts.tariff_percent {
                tariff_cents += 100;
                wrong += 1;
            }
            lines.push(Line {
                bsn: clients[w.client].bsn.clone(),
                reference: format!("B{}P{}", w.number, f.format("%Y%m%d")),
                allocation_number: w.number,
                category: p.category.into(),
                product: p.product.into(),
                from: f,
                to: t,
                volume,
                unit: p.unit.into(),
                tariff_cents,
            });
        }
    }
    drop(conn);
    let code = {
        let mut conn = db.begin().await?;
        kompas_app::berichten::municipality_code(&mut conn, municipality).await?
    };
    let number = format!("BENCH{}", today.format("%Y%m"));
    let xml = gen::claim(Standard::Wmo, (CLAIMING, &code), &number, today, &lines);
    Ok((xml, lines.len(), over, wrong))
}

/// Imports the claim file in one transaction and reads the 325 back.
pub async fn check(
    db: &Db,
    municipality: i64,
    xml: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Checked> {
    let scope = MunicipalityScope::single(municipality);
    let t = Instant::now();
    let read = kompas_interop::istandaard::read(xml.as_bytes())?;
    let read_ms = t.elapsed().as_secs_f64() * 1000.0;
    let clients = match &read {
        kompas_interop::istandaard::Message::Claim(c) => c.claim.clients.len(),
        _ => 0,
    };
    drop(read);
    let t = Instant::now();
    let mut tx = db.begin().await?;
    let imported = kompas_app::berichten::import(
        &mut tx,
        &scope,
        municipality,
        Some("bench-323.xml"),
        xml.as_bytes(),
        now,
    )
    .await?;
    tx.commit().await?;
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut conn = db.begin().await?;
    let reply = match imported.reply_id {
        Some(id) => mw::message_by_id(&mut conn, &scope, id).await?,
        None => None,
    };
    let answered = reply
        .as_ref()
        .is_some_and(|(m, _)| m.kind == "325" && m.exported_at.is_none());
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut rejected = 0;
    if let Some((_, xml)) = &reply {
        if let kompas_interop::istandaard::Message::ClaimAnswer(m) =
            kompas_interop::istandaard::read(xml.as_bytes())?
        {
            for l in m
                .answer
                .iter()
                .flat_map(|a| &a.clients)
                .flat_map(|c| &c.lines)
            {
                rejected += 1;
                for c in &l.return_codes {
                    *codes.entry(c.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut codes: Vec<(String, usize)> = codes.into_iter().collect();
    codes.sort();
    Ok(Checked {
        clients,
        bytes: xml.len(),
        rejected,
        codes,
        read_ms,
        import_ms,
        answered,
        ..Default::default()
    })
}

/// Demo, allocations and the claim file in one fresh database; the claim
/// checked, then the floor.
async fn run_on(
    database: &str,
    dir: &Path,
    url: &str,
    opts: &Options,
) -> anyhow::Result<BackendRun> {
    let (db, municipality, _staff, now) = tgb::demo_database(database, dir, url).await?;
    let (written, clients, allocations) = write_allocations(&db, municipality, opts, now).await?;
    println!(
        "  {database}: {} toewijzingen ({} Wmo, {} Jeugdwet) voor {} cliënten in {:.1} s",
        written.allocations, written.wmo, written.youth, written.clients, written.seconds
    );
    tgb::fresh_statistics(&db).await?;
    let (xml, lines, over, wrong) =
        claim_file(&db, municipality, opts, &clients, &allocations, now).await?;
    let mut checked = check(&db, municipality, &xml, now).await?;
    checked.lines = lines;
    checked.over = over;
    checked.wrong_tariff = wrong;
    println!(
        "  {database}: declaratie van {lines} regels gecontroleerd en beantwoord in {:.0} ms ({:.0} regels/s), {} afgewezen",
        checked.import_ms,
        checked.lines_per_second(),
        checked.rejected
    );
    // The costs dashboard over those allocations and the approved lines,
    // as policy staff open it (the year of the claim).
    let year = (now.date_naive() - chrono::Duration::days(31)).year();
    let dashboard = page(COSTS, vec![format!("/monitor/kosten?jaar={year}")], true);
    let figures = measure_as(
        dir,
        url,
        &after_the_floor(vec![dashboard]),
        opts.shared.load,
        "beleid",
    )
    .await;
    db.close().await;
    Ok(BackendRun {
        database: database.to_string(),
        written,
        checked,
        figures: figures?,
    })
}

/// The claim benchmark on SQLite and, with `--postgres`, on PostgreSQL.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    if opts.allocations == 0 || opts.clients == 0 || opts.lines == 0 {
        bail!("--allocations, --clients en --lines zijn meer dan 0");
    }
    if opts.clients > 1_000_000 || opts.allocations > 2_000_000 {
        bail!("--clients is hoogstens 1000000, --allocations hoogstens 2000000");
    }
    if opts.over_percent + opts.tariff_percent > 100 {
        bail!("--over-percent en --tariff-percent samen hoogstens 100");
    }
    let about = format!(
        "{} toewijzingen voor {} cliënten, declaratie van {} regels ({}% boven de toewijzing, {}% met een ander tarief)",
        opts.allocations, opts.clients, opts.lines, opts.over_percent, opts.tariff_percent
    );
    on_each_database(
        "berichten",
        &about,
        opts,
        &opts.shared,
        |name, dir, url| async move { run_on(name, &dir, &url, opts).await.context(name) },
    )
    .await
}

// ---------------------------------------------------------------- the report

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let load = self.opts.shared.load;
        let n = load.connections.max(1);
        let skipped = self.postgres_skipped.as_deref();
        f.write_str(&write_summary("kompas bench berichten", load, &self.runs, skipped, |o, run| {
            let (w, c) = (&run.written, &run.checked);
            let _ = writeln!(
                o,
                "{}: {} toewijzingen ({} Wmo, {} Jeugdwet) voor {} cliënten, geschreven in {:.1} s;",
                run.database, w.allocations, w.wmo, w.youth, w.clients, w.seconds
            );
            let codes: Vec<String> = c.codes.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
            let _ = writeln!(
                o,
                "  declaratie (323) van {CLAIMING}: {} regels voor {} cliënten, {:.0} kB; gemaakt {} boven de toewijzing, {} met een ander tarief; afgewezen {} ({})",
                c.lines,
                c.clients,
                c.bytes as f64 / 1000.0,
                c.over,
                c.wrong_tariff,
                c.rejected,
                codes.join(", ")
            );
            let _ = writeln!(
                o,
                "  inlezen (codec) {:.0} ms; controleren en beantwoorden in één transactie tot de 325 in de uitbak {}: {:.0} ms = {:.0} regels/s, {:.3} ms per regel",
                c.read_ms,
                if c.answered { "staat" } else { "ONTBREEKT" },
                c.import_ms,
                c.lines_per_second(),
                c.ms_per_line()
            );
            write_figures(o, &run.figures, n);
            if let Some(floor) = run.figures.first() {
                let _ = writeln!(
                    o,
                    "  per regel {:.1}× /health p50 met 1 verbinding; het hele bestand {:.0}× /health p50, {:.0}× /health p99 met {n}",
                    ratio(c.ms_per_line(), floor.single.p50()),
                    ratio(c.import_ms, floor.single.p50()),
                    ratio(c.import_ms, floor.loaded.p99()),
                );
                if let Some(d) = run.figures.iter().find(|f| f.label == COSTS) {
                    let _ = writeln!(
                        o,
                        "  kostendashboard: p50 {:.1} ms, p99 {:.1} ms met 1 verbinding = {:.0}× en {:.0}× /health; p99 {:.1} ms met {n} = {:.0}× /health p99",
                        d.single.p50(),
                        d.single.p99(),
                        ratio(d.single.p50(), floor.single.p50()),
                        ratio(d.single.p99(), floor.single.p99()),
                        d.loaded.p99(),
                        ratio(d.loaded.p99(), floor.loaded.p99()),
                    );
                }
            }
        }))
    }
}
