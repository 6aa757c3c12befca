//! `kompas bench toegang`: the professionals' pages of toegang at scale.
//! Loads the demo municipality into a throw-away database (SQLite, and
//! PostgreSQL with `--postgres`), generates N households with members and M
//! open questions about them (multi-row INSERTs, deterministic with the
//! seed), serves the real application on a random loopback port, logs in as
//! the demo professional (password and TOTP) and measures, with several
//! connections at once, the `/health` floor, the queue (first page and
//! filtered) and household pages. Server-side latency is timed inside the
//! process around the application's router (as `bench search` times the web
//! path in-process); throughput is what the clients got over HTTP. Not a
//! test: it reports figures and their ratio to the floor of the same run.

use crate::bench::search::{ratio, settings_at, Latencies};
use crate::bench::{self, HttpBenchResult};
use crate::demo;
use crate::demo::directory::AREAS;
use crate::demo::toegang::{self as demo_tg, Staff};
use crate::generate::Rng;
use anyhow::{bail, Context as _};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use chrono::{DateTime, Utc};
use kompas_domain::dutch_time::local;
use kompas_domain::toegang::arrears::CreditorKind;
use kompas_domain::toegang::calendar::{due_date, Urgency};
use kompas_domain::toegang::household::age_on;
use kompas_domain::toegang::question::{AgeGroup, Channel, ContactWay};
use kompas_domain::totp::TotpSecret;
use kompas_server::open_database;
use kompas_store::{time, Db, DbKind};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt as _;

/// The command line of `kompas bench toegang`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    #[arg(long, default_value_t = 100_000)]
    pub households: usize,
    #[arg(long, default_value_t = 10_000)]
    pub open_questions: usize,
    #[command(flatten)]
    pub shared: Shared,
}

/// The options `bench toegang` and `bench plan` share.
#[derive(Debug, Clone, clap::Args)]
pub struct Shared {
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A PostgreSQL server (URL) where a scratch database may be created.
    #[arg(long)]
    pub postgres: Option<String>,
    #[command(flatten)]
    pub load: Load,
}

/// How long and with how many connections every page is measured.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Load {
    /// Measured rounds; each round measures every page for --seconds.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    #[arg(long, default_value_t = 3)]
    pub seconds: u64,
    /// Connections at once.
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
}

// ---------------------------------------------------------------- generating

/// One value of a generated row.
pub(crate) enum V {
    I(i64),
    T(String),
    OI(Option<i64>),
    OT(Option<String>),
}

macro_rules! value_from {
    ($($t:ty => $v:ident),*) => {
        $(impl From<$t> for V {
            fn from(x: $t) -> V {
                V::$v(x)
            }
        })*
    };
}
value_from!(i64 => I, String => T, Option<i64> => OI, Option<String> => OT);

/// Multi-row INSERTs of `rows` into `table`: as many rows a statement as
/// both databases' limits on parameters allow. SQLite gets `?` placeholders:
/// it looks numbered ones (`$1`) up by name, which grows with the square of
/// their number.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    kind: DbKind,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> anyhow::Result<()> {
    let per = (30_000 / columns.len().max(1)).clamp(1, 1_000);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                sql.push_str(if j == 0 { "" } else { ", " });
                match kind {
                    DbKind::Sqlite => sql.push('?'),
                    DbKind::Postgres => {
                        let _ = write!(sql, "${n}");
                    }
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for v in chunk.into_iter().flatten() {
            q = match v {
                V::I(x) => q.bind(x),
                V::T(s) => q.bind(s),
                V::OI(x) => q.bind(x),
                V::OT(s) => q.bind(s),
            };
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// What the generator wrote.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub households: usize,
    pub members: usize,
    pub contacts: usize,
    pub questions: usize,
    pub urgent: usize,
    pub seconds: f64,
    /// Households with an open question (the professional may open them).
    pub reachable: Vec<i64>,
}

/// A generated household as the questions need it.
struct Known {
    id: i64,
    area: Option<String>,
    ages: Vec<u32>,
    contact: String,
}

const HOUSEHOLD_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "postcode",
    "house_number",
    "house_number_addition",
    "street",
    "city",
    "area_code",
    "involved",
    "created_at",
    "updated_at",
];
const QUESTION_COLUMNS: &[&str] = &[
    "municipality_id",
    "channel",
    "urgency",
    "status",
    "received_at",
    "due_date",
    "body",
    "life_domains",
    "contact_name",
    "contact_email",
    "contact_way",
    "age_group",
    "area_code",
    "household_id",
    "submitted_by",
    "submitter_organization",
    "reason",
    "assigned_to",
    "first_contact_at",
];

/// Writes `households` households (members, network) and `questions` open
/// questions about as many of them into the municipality of `staff`, spread
/// over the areas, channels, urgency and age groups, received in the last
/// thirty days. The same seed gives the same rows.
pub async fn generate(
    db: &Db,
    municipality_id: i64,
    staff: Staff,
    households: usize,
    questions: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let kind = db.kind();
    let mut g = Generated::default();
    let mut rng = Rng::new(seed);
    let today = local(now).date();
    let created = time::to_db(now - chrono::Duration::days(400));
    let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM households")
        .fetch_one(db.reader())
        .await?;
    let mut taken = HashSet::new();
    let mut bsns = HashSet::new();
    let mut known: Vec<Known> = Vec::with_capacity(households);
    let mut tx = db.begin().await?;
    let mut next = 0;
    while next < households {
        let end = (next + 5_000).min(households);
        let (mut hh, mut mm, mut cc) = (Vec::new(), Vec::new(), Vec::new());
        for i in next..end {
            let id = first_id + 1 + i as i64;
            let area = *rng.pick(demo_tg::AREA_WEIGHTS).unwrap_or(&0);
            let a = demo_tg::draw_address(&mut rng, area, 999, &mut taken);
            let members = demo_tg::draw_members(&mut rng, today, 3, &mut bsns);
            let contact = members.first().map_or_else(String::new, |m| m.name.clone());
            let family = contact
                .split_once(' ')
                .map_or_else(String::new, |(_, s)| s.to_string());
            for (name, relation, helps) in demo_tg::draw_network(&mut rng, &family) {
                cc.push(vec![
                    V::I(id),
                    V::T(name),
                    V::T(relation.code().into()),
                    V::T(helps),
                    V::T(created.clone()),
                ]);
            }
            known.push(Known {
                id,
                area: a.area_code.clone(),
                ages: members.iter().map(|m| age_on(m.birth, today)).collect(),
                contact,
            });
            for m in members {
                mm.push(vec![
                    V::I(id),
                    V::T(m.name),
                    V::T(m.birth.format("%Y-%m-%d").to_string()),
                    V::T(m.role.code().into()),
                    V::OT(m.bsn),
                    V::T(created.clone()),
                ]);
            }
            hh.push(vec![
                V::I(id),
                V::I(municipality_id),
                V::OT(a.postcode),
                V::OI(a.house_number),
                V::OT(a.house_number_addition),
                V::T(a.street),
                V::T(a.city),
                V::OT(a.area_code),
                V::T(String::new()),
                V::T(created.clone()),
                V::T(created.clone()),
            ]);
        }
        g.households += hh.len();
        g.members += mm.len();
        g.contacts += cc.len();
        insert(&mut tx, kind, "households", HOUSEHOLD_COLUMNS, hh).await?;
        let member_columns = [
            "household_id",
            "name",
            "birth_date",
            "role",
            "bsn",
            "created_at",
        ];
        insert(&mut tx, kind, "household_members", &member_columns, mm).await?;
        let contact_columns = [
            "household_id",
            "name",
            "relation",
            "helps_with",
            "created_at",
        ];
        insert(&mut tx, kind, "network_contacts", &contact_columns, cc).await?;
        next = end;
    }
    tx.commit().await?;

    // The open questions, each about another household.
    let cal = kompas_domain::toegang::calendar::WorkingCalendar::default();
    let days = kompas_domain::toegang::calendar::FirstContactDays::default();
    let mut chosen = HashSet::new();
    let mut rows = Vec::new();
    for _ in 0..questions.min(known.len()) {
        let k = loop {
            let k = rng.below(known.len());
            if chosen.insert(k) {
                break k;
            }
        };
        let h = &known[k];
        let themes = demo_tg::themes_for(&h.ages);
        let theme = rng.pick(&themes).copied().unwrap_or(&demo_tg::themes()[0]);
        let channel = demo_tg::draw_channel(&mut rng, [40, 25, 20, 15]);
        let urgent =
            matches!(channel, Channel::PartnerSignal | Channel::Professional) && rng.chance(12);
        let received = now - chrono::Duration::minutes(rng.between(5, 30 * 24 * 60));
        let urgency = if urgent {
            Urgency::Urgent
        } else {
            Urgency::Normal
        };
        let due = due_date(local(received).date(), urgency, days, &cal);
        let about: Vec<u32> = h
            .ages
            .iter()
            .copied()
            .filter(|a| theme.who.fits(*a))
            .collect();
        let (body, domains, age) = if channel == Channel::PaymentArrears {
            let kind = *rng.pick(CreditorKind::ALL).unwrap_or(&CreditorKind::Huur);
            (
                demo_tg::arrears_text(&[kind]),
                "financien huisvesting".to_string(),
                AgeGroup::Adult,
            )
        } else {
            let codes: Vec<&str> = theme.domains.iter().map(|d| d.code()).collect();
            (
                theme.words(channel).to_string(),
                codes.join(" "),
                rng.pick(&about)
                    .map_or(AgeGroup::Unknown, |a| AgeGroup::for_age(*a)),
            )
        };
        let (submitted_by, organization, reason) = match channel {
            Channel::Resident => (None, None, None),
            Channel::Professional | Channel::PaymentArrears => (Some(staff.consulent), None, None),
            Channel::PartnerSignal => (
                Some(staff.partner),
                Some(staff.partner_organization),
                Some(theme.reason.code().to_string()),
            ),
        };
        // A desk question is the registrar's; others are taken up now and then.
        let assigned = if channel == Channel::Professional || rng.chance(35) {
            Some(if rng.chance(70) {
                staff.consulent
            } else {
                staff.regisseur
            })
        } else {
            None
        };
        let contact_at = assigned
            .filter(|_| rng.chance(50))
            .map(|_| time::to_db((received + chrono::Duration::hours(3)).min(now)));
        g.urgent += usize::from(urgent);
        g.reachable.push(h.id);
        rows.push(vec![
            V::I(municipality_id),
            V::T(channel.code().into()),
            V::T(urgency.code().into()),
            V::T(
                if assigned.is_some() {
                    "opgepakt"
                } else {
                    "ontvangen"
                }
                .into(),
            ),
            V::T(time::to_db(received)),
            V::T(due.format("%Y-%m-%d").to_string()),
            V::T(body),
            V::T(domains),
            V::OT((channel != Channel::PaymentArrears).then(|| h.contact.clone())),
            V::OT(None),
            V::OT((channel == Channel::Resident).then(|| ContactWay::Visit.code().to_string())),
            V::T(age.code().into()),
            V::OT(h.area.clone()),
            V::I(h.id),
            V::OI(submitted_by),
            V::OI(organization),
            V::OT(reason),
            V::OI(assigned),
            V::OT(contact_at),
        ]);
    }
    g.questions = rows.len();
    let mut tx = db.begin().await?;
    insert(&mut tx, kind, "questions", QUESTION_COLUMNS, rows).await?;
    if kind == DbKind::Postgres {
        // Ids were given: the identity continues after them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('households', 'id'), (SELECT MAX(id) FROM households))",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    fresh_statistics(db).await?;
    g.seconds = started.elapsed().as_secs_f64();
    Ok(g)
}

/// Fresh statistics and visibility, as a running database would have after
/// a bulk load: PostgreSQL's autovacuum would have vacuumed (dead rows gone,
/// index-only scans possible) and analysed; SQLite is analysed.
pub(crate) async fn fresh_statistics(db: &Db) -> anyhow::Result<()> {
    let sql = match db.kind() {
        DbKind::Postgres => "VACUUM ANALYZE",
        DbKind::Sqlite => "ANALYZE",
    };
    sqlx::query(sql).execute(db.writer()).await?;
    Ok(())
}

// ---------------------------------------------------------------- server-side timing

/// The time every request took inside the server, from the outermost layer.
#[derive(Clone, Default)]
struct Timer(Arc<Mutex<Vec<Duration>>>);

impl Timer {
    fn take(&self) -> Vec<Duration> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

async fn timed(State(timer): State<Timer>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let res = next.run(req).await;
    if let Ok(mut v) = timer.0.lock() {
        v.push(started.elapsed());
    }
    res
}

// ---------------------------------------------------------------- logging in

/// Cookies as a browser keeps them, for requests sent straight to the router.
#[derive(Default)]
struct Jar(HashMap<String, String>);

impl Jar {
    fn header(&self) -> String {
        let mut pairs: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.sort();
        pairs.join("; ")
    }
}

/// One request to the router in-process; returns status, location and body.
async fn call(
    router: &Router,
    jar: &mut Jar,
    path: &str,
    form: Option<&[(&str, &str)]>,
) -> anyhow::Result<(StatusCode, String, String)> {
    let mut b = Request::builder()
        .uri(path)
        .header(header::HOST, "127.0.0.1")
        .header(header::COOKIE, jar.header());
    let body = match form {
        Some(fields) => {
            b = b
                .method(Method::POST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in fields {
                s.append_pair(k, v);
            }
            Body::from(s.finish())
        }
        None => Body::empty(),
    };
    let mut req = b.body(body)?;
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 0))));
    let res = router.clone().oneshot(req).await?;
    for c in res.headers().get_all(header::SET_COOKIE) {
        if let Some((k, v)) = c
            .to_str()
            .ok()
            .and_then(|c| c.split(';').next())
            .and_then(|kv| kv.split_once('='))
        {
            jar.0.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await?;
    Ok((
        status,
        location,
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

fn csrf_of(page: &str) -> anyhow::Result<String> {
    let mark = "name=\"csrf\" value=\"";
    let i = page.find(mark).context("de pagina heeft geen CSRF-veld")? + mark.len();
    Ok(page[i..].chars().take_while(|c| *c != '"').collect())
}

/// Logs in as a demo account with its password and, when the role needs
/// one, the TOTP code; returns the `Cookie` header of the session.
pub(crate) async fn login(router: &Router, username: &str) -> anyhow::Result<String> {
    let mut jar = Jar::default();
    let (_, _, page) = call(router, &mut jar, "/inloggen", None).await?;
    let fields = [
        ("gebruikersnaam", username),
        ("wachtwoord", demo::DEMO_PASSWORD),
        ("terug", "/"),
        ("csrf", &csrf_of(&page)?),
    ];
    let (status, location, _) = call(router, &mut jar, "/inloggen", Some(&fields)).await?;
    if status != StatusCode::SEE_OTHER {
        bail!("inloggen als {username} mislukt (status {status})");
    }
    if location.starts_with("/inloggen/tweede-stap") {
        let secret = TotpSecret::from_base32(demo::DEMO_TOTP_SECRET)
            .context("de TOTP-sleutel van de demo is onleesbaar")?;
        let (_, _, page) = call(router, &mut jar, "/inloggen/tweede-stap", None).await?;
        let csrf = csrf_of(&page)?;
        let mut done = false;
        for step in [0, 1] {
            let code = secret.code_at_step(Utc::now().timestamp() / 30 + step);
            let fields = [("code", code.as_str()), ("terug", "/"), ("csrf", &csrf)];
            let (status, _, _) =
                call(router, &mut jar, "/inloggen/tweede-stap", Some(&fields)).await?;
            if status == StatusCode::SEE_OTHER {
                done = true;
                break;
            }
        }
        if !done {
            bail!("de tweede stap van {username} werd geweigerd");
        }
    }
    let cookie = jar.header();
    // Signed in, whatever the role: the start page offers to log out.
    let (status, _, page) = call(router, &mut jar, "/", None).await?;
    if status != StatusCode::OK || !page.contains("Uitloggen") {
        bail!("{username} is na het inloggen niet ingelogd (status {status})");
    }
    Ok(cookie)
}

// ---------------------------------------------------------------- measuring

/// One page (or a mix of paths) and what it measured.
#[derive(Debug, Clone)]
pub struct Figure {
    pub label: String,
    /// Server-side latency with one connection: the page's own cost.
    pub single: Latencies,
    /// Server-side latency with `--connections` at once (waiting included).
    pub loaded: Latencies,
    /// Requests, errors and seconds with `--connections` at once.
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    /// Body bytes of those requests.
    pub bytes: u64,
}

impl Figure {
    pub fn rps(&self) -> f64 {
        ratio(self.requests as f64, self.seconds)
    }

    /// The mean size of a response in kB.
    pub fn kb_per_response(&self) -> f64 {
        ratio(self.bytes as f64, self.requests as f64) / 1000.0
    }
}

/// One database's run.
#[derive(Debug, Clone)]
pub struct BackendRun {
    pub database: String,
    pub generated: Generated,
    /// The `/health` floor first.
    pub figures: Vec<Figure>,
}

/// A benchmark's options, its run per database and why PostgreSQL was
/// skipped, if it was.
#[derive(Debug, Clone)]
pub struct Summary<O = Options, R = BackendRun> {
    pub opts: O,
    pub runs: Vec<R>,
    pub postgres_skipped: Option<String>,
}

/// A page to measure: the paths its clients go round, with or without the
/// session cookie of the demo professional.
pub(crate) struct Page {
    pub(crate) label: String,
    pub(crate) paths: Vec<String>,
    pub(crate) signed_in: bool,
}

/// A page as `Page` holds it.
pub(crate) fn page(label: &str, paths: Vec<String>, signed_in: bool) -> Page {
    Page {
        label: label.to_string(),
        paths,
        signed_in,
    }
}

fn pages(reachable: &[i64]) -> Vec<Page> {
    let households: Vec<String> = reachable
        .iter()
        .take(2_000)
        .map(|h| format!("/werk/huishoudens/{h}?reden=benchmark+inzage"))
        .collect();
    after_the_floor(vec![
        page("GET /werk/wachtrij", vec!["/werk/wachtrij".into()], true),
        page(
            "GET /werk/wachtrij?spoed=ja",
            vec!["/werk/wachtrij?spoed=ja".into()],
            true,
        ),
        page(
            "GET /werk/wachtrij?wijk=… (elke wijk)",
            AREAS
                .iter()
                .map(|a| format!("/werk/wachtrij?wijk={}", a.0))
                .collect(),
            true,
        ),
        page("GET /werk/huishoudens/{id}?reden=…", households, true),
    ])
}

/// `pages` after the `/health` floor (first) and `/health` signed in.
pub(crate) fn after_the_floor(pages: Vec<Page>) -> Vec<Page> {
    let mut all = vec![
        page("GET /health (vloer)", vec!["/health".into()], false),
        page("GET /health (ingelogd)", vec!["/health".into()], true),
    ];
    all.extend(pages);
    all
}

/// Serves the application with the timing layer, logs in as `consulent`
/// and measures every page, the first one (the floor) included.
pub(crate) async fn measure(
    dir: &Path,
    database_url: &str,
    pages: &[Page],
    load: Load,
) -> anyhow::Result<Vec<Figure>> {
    measure_as(dir, database_url, pages, load, "consulent").await
}

/// `measure`, signed in as another demo user (e.g. `beleid` for the monitor).
pub(crate) async fn measure_as(
    dir: &Path,
    database_url: &str,
    pages: &[Page],
    load: Load,
    username: &str,
) -> anyhow::Result<Vec<Figure>> {
    let settings = settings_at(dir, database_url)?;
    // The server opens its own connections, as one started on this database
    // would: a SQLite connection reads the planner's statistics when it opens,
    // and the generator's connections still plan for a nearly empty database.
    let served = open_database(&settings).await?;
    let app = kompas_server::Application::build_default(&settings, served.clone()).await?;
    let state = app.state.clone();
    drop(app);
    let timer = Timer::default();
    let router =
        kompas_web::app(state).layer(axum::middleware::from_fn_with_state(timer.clone(), timed));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let service = router
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });
    let result = async {
        let cookie = login(&router, username).await?;
        let with_cookie = format!("Cookie: {cookie}\r\n");
        let mut figures: Vec<Figure> = pages
            .iter()
            .map(|p| Figure {
                label: p.label.clone(),
                single: Latencies::default(),
                loaded: Latencies::default(),
                requests: 0,
                errors: 0,
                seconds: 0.0,
                bytes: 0,
            })
            .collect();
        let secs = Duration::from_secs(load.seconds.clamp(1, 120));
        let connections = load.connections.max(1);
        for round in 0..=load.rounds.max(1) {
            // Round 0 warms up (caches, connections, query plans).
            let length = if round == 0 {
                Duration::from_secs(1)
            } else {
                secs
            };
            for (p, f) in pages.iter().zip(figures.iter_mut()) {
                let headers = if p.signed_in {
                    with_cookie.as_str()
                } else {
                    ""
                };
                for n in [1, connections] {
                    timer.take();
                    let r: HttpBenchResult =
                        bench::run_mixed_with(addr, &p.label, &p.paths, headers, n, length).await?;
                    let times = timer.take();
                    if r.requests == 0 {
                        bail!(
                            "{}: geen enkel geslaagd verzoek ({} fouten)",
                            p.label,
                            r.errors
                        );
                    }
                    if round == 0 {
                        continue;
                    }
                    let into = if n == 1 { &mut f.single } else { &mut f.loaded };
                    for t in times {
                        into.push(t);
                    }
                    f.errors += r.errors;
                    if n == connections {
                        f.requests += r.requests;
                        f.seconds += r.seconds;
                        f.bytes += r.bytes;
                    }
                }
            }
            if round > 0 {
                println!("    ronde {round} van {} gemeten", load.rounds.max(1));
            }
        }
        anyhow::Ok(figures)
    }
    .await;
    server.abort();
    served.close().await;
    result
}

/// A fresh database at `database_url` with the demo municipality loaded:
/// the database, the demo municipality, its staff and the time of loading.
pub(crate) async fn demo_database(
    database: &str,
    dir: &Path,
    database_url: &str,
) -> anyhow::Result<(Db, i64, Staff, DateTime<Utc>)> {
    println!("  {database}: demo laden en genereren ...");
    let settings = settings_at(dir, database_url)?;
    let db = open_database(&settings).await?;
    let now = Utc::now();
    demo::load(&db, &settings.keyring()?, now).await?;
    let (municipality, staff) = demo_tg::staff(&db).await?;
    Ok((db, municipality, staff, now))
}

/// Everything for one database: demo, data, server, figures.
async fn run_on(
    database: &str,
    dir: &Path,
    database_url: &str,
    opts: &Options,
) -> anyhow::Result<BackendRun> {
    let (db, municipality, staff, now) = demo_database(database, dir, database_url).await?;
    let generated = generate(
        &db,
        municipality,
        staff,
        opts.households,
        opts.open_questions,
        opts.shared.seed,
        now,
    )
    .await?;
    println!(
        "  {database}: {} huishoudens, {} gezinsleden, {} netwerkcontacten en {} open vragen ({} spoed) in {:.1} s",
        generated.households,
        generated.members,
        generated.contacts,
        generated.questions,
        generated.urgent,
        generated.seconds
    );
    let pages = pages(&generated.reachable);
    let figures = measure(dir, database_url, &pages, opts.shared.load).await;
    db.close().await;
    Ok(BackendRun {
        database: database.to_string(),
        generated,
        figures: figures?,
    })
}

/// Runs the benchmark on SQLite and, with `--postgres`, on PostgreSQL.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    check_households(opts.households)?;
    let about = format!(
        "{} huishoudens, {} open vragen",
        opts.households, opts.open_questions
    );
    on_each_database(
        "toegang",
        &about,
        opts,
        &opts.shared,
        |name, dir, url| async move { run_on(name, &dir, &url, opts).await },
    )
    .await
}

/// The demo's areas hold about two million distinct addresses.
pub(crate) fn check_households(households: usize) -> anyhow::Result<()> {
    if households > 1_000_000 {
        bail!("--households is hoogstens 1000000");
    }
    Ok(())
}

/// Runs `run_on` on a fresh SQLite database in a temporary directory and,
/// with `postgres` (a server URL), on a scratch database there that is
/// dropped again afterwards; the summary holds `opts` and the runs. First
/// prints what is measured: `about` and the shared options.
pub(crate) async fn on_each_database<O: Clone, R, F, Fut>(
    purpose: &str,
    about: &str,
    opts: &O,
    shared: &Shared,
    mut run_on: F,
) -> anyhow::Result<Summary<O, R>>
where
    F: FnMut(&'static str, PathBuf, String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<R>>,
{
    println!(
        "kompas bench {purpose}: {about} (seed {}), {} verbindingen, {} rondes van {} s",
        shared.seed,
        shared.load.connections,
        shared.load.rounds.max(1),
        shared.load.seconds
    );
    let dir = std::env::temp_dir().join(format!("kompas-bench-{purpose}-{}", std::process::id()));
    let sqlite_url = format!(
        "sqlite://{}",
        dir.join("sqlite").join("kompas.db").display()
    );
    let result = run_on("SQLite", dir.join("sqlite"), sqlite_url).await;
    let _ = std::fs::remove_dir_all(dir.join("sqlite"));
    let mut summary = Summary {
        opts: opts.clone(),
        runs: vec![result?],
        postgres_skipped: None,
    };
    let Some(server) = &shared.postgres else {
        let _ = std::fs::remove_dir_all(&dir);
        summary.postgres_skipped =
            Some("geen --postgres opgegeven: PostgreSQL overgeslagen".into());
        return Ok(summary);
    };
    let scratch = bench::ScratchDatabase::create(server, purpose).await?;
    let result = run_on("PostgreSQL", dir.join("postgres"), scratch.url.clone()).await;
    let removed = scratch.remove().await;
    let _ = std::fs::remove_dir_all(&dir);
    summary.runs.push(result?);
    removed?;
    Ok(summary)
}

// ---------------------------------------------------------------- the report

/// The lines under the title that say how every page was measured.
fn write_method(o: &mut String, load: Load) {
    let n = load.connections.max(1);
    let _ = writeln!(
        o,
        "meting     elke pagina per ronde met 1 verbinding en met {n} tegelijk, {} rondes van {} s (na 1 s opwarmen)",
        load.rounds.max(1),
        load.seconds
    );
    let _ = writeln!(
        o,
        "           p50/p99 = tijd in ms binnen het proces rond de router (alle lagen, handler, database, sjabloon);"
    );
    let _ = writeln!(
        o,
        "           × = gedeeld door dezelfde maat van /health; verzoeken/s en % vloer met {n} verbindingen;"
    );
    let _ = writeln!(
        o,
        "           aantal = gemeten verzoeken met 1 / met {n} verbindingen; kB/antw. = gemiddelde grootte van een antwoord"
    );
}

/// One database's figures as a table, each page against the first (the floor).
pub(crate) fn write_figures(o: &mut String, figures: &[Figure], connections: usize) {
    let n = connections.max(1);
    let _ = writeln!(
        o,
        "  {:<38} {:>33} {:>42} {:>19}",
        "",
        "1 verbinding",
        format!("{n} verbindingen"),
        "doorvoer"
    );
    let _ = writeln!(
        o,
        "  {:<38} {:>7} {:>7} {:>8} {:>8} {:>7} {:>7} {:>8} {:>8} {:>8} {:>10} {:>8} {:>13} {:>9}",
        "pagina",
        "p50",
        "p99",
        "p50 ×",
        "p99 ×",
        "p50",
        "p99",
        "p50 ×",
        "p99 ×",
        "fouten",
        "verz./s",
        "% vloer",
        "aantal",
        "kB/antw."
    );
    let Some(floor) = figures.first() else {
        return;
    };
    for fig in figures {
        let _ = writeln!(
            o,
            "  {:<38} {:>7.3} {:>7.3} {:>7.1}× {:>7.1}× {:>7.3} {:>7.3} {:>7.1}× {:>7.1}× {:>8} {:>10.1} {:>7.2}% {:>13} {:>9.1}",
            fig.label,
            fig.single.p50(),
            fig.single.p99(),
            ratio(fig.single.p50(), floor.single.p50()),
            ratio(fig.single.p99(), floor.single.p99()),
            fig.loaded.p50(),
            fig.loaded.p99(),
            ratio(fig.loaded.p50(), floor.loaded.p50()),
            ratio(fig.loaded.p99(), floor.loaded.p99()),
            fig.errors,
            fig.rps(),
            100.0 * ratio(fig.rps(), floor.rps()),
            format!("{}/{}", fig.single.len(), fig.loaded.len()),
            fig.kb_per_response()
        );
    }
}

/// A benchmark's summary: the title, how it was measured, a part per
/// database (written by `part`) and why PostgreSQL was skipped, if it was.
pub(crate) fn write_summary<R>(
    title: &str,
    load: Load,
    runs: &[R],
    postgres_skipped: Option<&str>,
    part: impl Fn(&mut String, &R),
) -> String {
    let mut o = String::new();
    let line = "=".repeat(150);
    let _ = writeln!(o, "{line}");
    let _ = writeln!(o, "{title} — samenvatting");
    let _ = writeln!(o, "{line}");
    let _ = writeln!(
        o,
        "{}",
        crate::bench::header(
            "geen op de gemeten pagina's (de antwoordcache geldt alleen voor /api/hsds)"
        )
    );
    write_method(&mut o, load);
    for run in runs {
        let _ = writeln!(o);
        part(&mut o, run);
    }
    if let Some(skipped) = postgres_skipped {
        let _ = writeln!(o);
        let _ = writeln!(o, "PostgreSQL: {skipped}");
    }
    let _ = write!(o, "{line}");
    o
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let load = self.opts.shared.load;
        let skipped = self.postgres_skipped.as_deref();
        f.write_str(&write_summary("kompas bench toegang", load, &self.runs, skipped, |o, run| {
            let g = &run.generated;
            let _ = writeln!(
                o,
                "{}: {} huishoudens ({} gezinsleden, {} netwerkcontacten), {} open vragen ({} spoed), gegenereerd in {:.1} s",
                run.database, g.households, g.members, g.contacts, g.questions, g.urgent, g.seconds
            );
            write_figures(o, &run.figures, load.connections);
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_page_gives_its_csrf_token() {
        let page = r#"<form><input type="hidden" name="csrf" value="abc123"></form>"#;
        assert_eq!(csrf_of(page).unwrap(), "abc123");
        assert!(csrf_of("<p>niets</p>").is_err());
    }

    #[test]
    fn cookies_are_sent_back_in_one_header() {
        let mut jar = Jar::default();
        jar.0.insert("b".into(), "2".into());
        jar.0.insert("a".into(), "1".into());
        assert_eq!(jar.header(), "a=1; b=2");
    }

    #[test]
    fn every_page_has_paths_and_the_floor_comes_first() {
        let p = pages(&[4, 5, 6]);
        assert_eq!(p[0].label, "GET /health (vloer)");
        assert!(!p[0].signed_in);
        assert!(p.iter().all(|p| !p.paths.is_empty()));
        let households = p.last().unwrap();
        assert_eq!(households.paths.len(), 3);
        assert!(households.paths[0].starts_with("/werk/huishoudens/4?reden="));
    }
}
