//! `kompas bench plan`: the case page at scale (issue 5). Loads the demo
//! municipality into a throw-away database (SQLite, and PostgreSQL with
//! `--postgres`), generates N households with `bench toegang`'s generator,
//! cases with their plans for a share of them (coordinated by the demo
//! `consulent`, so the pages are reachable: goals, actions, support from the
//! demo's real offers, a referral or two with their steps, evaluation and
//! aftercare moments) and M rows in `case_events` from `generate cases`'s
//! generator, spread over all households of the municipality. All of it goes
//! in with multi-row INSERTs and is deterministic with the seed.
//!
//! Then it serves the real application in-process as `bench toegang` does
//! and measures the `/health` floor, the case page `/werk/trajecten/{id}` of
//! random generated cases and "Mijn trajecten" (`/werk/trajecten`, paged
//! and sorted in the database) for the `consulent` with `--mine` cases (the
//! rest are the `regisseur`'s) and for the `teamleider`, who sees every case;
//! each with one connection and with several at once. Not a test: it reports
//! figures, their ratio to the floor and the list's target (p99 ≤ 20 ms).

use crate::bench::search::ratio;
use crate::bench::toegang::{
    self as tgb, after_the_floor, insert, measure, measure_as, on_each_database, page,
    write_figures, write_summary, Figure, Page, Shared, V,
};
use crate::demo::toegang::{self as demo_tg, Staff};
use crate::generate::cases::{self as generate_cases, CaseGenerator};
use crate::generate::Rng;
use anyhow::{bail, Context as _};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::directory::LifeDomain;
use kompas_domain::dutch_time::local;
use kompas_domain::monitor::{AreaCode, DeclineReason, GoalOutcome, HouseholdId};
use kompas_domain::plan::{Actor, CaseStatus, GoalStatus, ReferralStatus};
use kompas_store::plan::MomentKind;
use kompas_store::{time, Db, DbKind};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// The command line of `kompas bench plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    #[arg(long, default_value_t = 100_000)]
    pub households: usize,
    /// Rows in `case_events` (at least; whole household histories).
    #[arg(long, default_value_t = 1_000_000)]
    pub events: usize,
    /// Cases with a plan, each for another generated household.
    #[arg(long, default_value_t = 20_000)]
    pub cases: usize,
    /// Of those, the cases on the demo `consulent`'s "Mijn trajecten"
    /// (coordinator and team); the others are the `regisseur`'s. The demo
    /// `teamleider` sees them all.
    #[arg(long, default_value_t = 2_000)]
    pub mine: usize,
    #[command(flatten)]
    pub shared: Shared,
}

// ---------------------------------------------------------------- the plans

/// What the plan generator wrote.
#[derive(Debug, Clone, Default)]
pub struct Plans {
    pub cases: usize,
    pub goals: usize,
    pub actions: usize,
    pub support: usize,
    pub referrals: usize,
    pub moments: usize,
    pub seconds: f64,
    /// The generated cases (all coordinated by `consulent`).
    pub case_ids: Vec<i64>,
}

/// An active offer of the demo's sociale kaart.
struct Offer {
    id: i64,
    name: String,
    layer: i64,
    organization_id: i64,
    domains: String,
}

async fn offers(db: &Db, municipality_id: i64) -> anyhow::Result<Vec<Offer>> {
    let rows = sqlx::query(
        "SELECT id, name, layer, organization_id, life_domains FROM offers \
         WHERE municipality_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(municipality_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Offer {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                layer: r.try_get("layer")?,
                organization_id: r.try_get("organization_id")?,
                domains: r.try_get("life_domains")?,
            })
        })
        .collect()
}

const CASE_COLUMNS: &[&str] = &[
    "id",
    "municipality_id",
    "household_id",
    "status",
    "coordinator_id",
    "opened_at",
    "closed_at",
    "reentry",
    "version",
    "plan_agreed_on",
    "plan_agreed_with",
    "outcome",
    "close_reason",
    "updated_at",
];
const GOAL_COLUMNS: &[&str] = &[
    "id",
    "case_id",
    "life_domain",
    "text",
    "due_date",
    "actor",
    "status",
    "created_at",
];
const ACTION_COLUMNS: &[&str] = &["goal_id", "text", "actor", "due_date", "done_on"];
const SUPPORT_COLUMNS: &[&str] = &[
    "case_id", "goal_id", "offer_id", "title", "layer", "added_on", "ended_on",
];
const REFERRAL_COLUMNS: &[&str] = &[
    "id",
    "case_id",
    "goal_id",
    "offer_id",
    "organization_id",
    "layer",
    "status",
    "handover_note",
    "decline_reason",
    "outcome",
    "created_at",
    "sent_on",
    "updated_at",
    "version",
];
const STEP_COLUMNS: &[&str] = &["referral_id", "status", "at", "by_user", "note"];
const MOMENT_COLUMNS: &[&str] = &["case_id", "kind", "due_date", "done_on", "note", "by_user"];

const GOAL_TEXTS: &[&str] = &[
    "Meer grip krijgen op",
    "Stap voor stap verder met",
    "Zelf weer kunnen regelen:",
    "Stabiel blijven op het gebied van",
    "Samen met het netwerk werken aan",
];
const ACTION_TEXTS: &[&str] = &[
    "Afspraak maken bij de schuldhulp",
    "Samen de formulieren invullen",
    "Buurvrouw vragen mee te gaan",
    "Kennismaken bij het buurthuis",
    "Wekelijks contact met de mentor",
    "Huisarts bellen over een verwijzing",
    "Post samen openen en ordenen",
    "Eén keer per week sporten",
];
const AGREED_WITH: &[&str] = &[
    "de inwoner",
    "beide ouders",
    "de inwoner en haar zus",
    "de inwoner en de mentor",
];
const HANDOVER_NOTES: &[&str] = &[
    "Gezin vraagt hulp bij het op orde brengen van de administratie.",
    "Jongere heeft een vast aanspreekpunt nodig; ouders zijn op de hoogte.",
    "Inwoner wil graag overdag iets te doen hebben, liefst dicht bij huis.",
    "Eerder traject liep goed; nu opnieuw ondersteuning bij de opvoeding.",
];
const CLOSE_REASONS: &[&str] = &[
    "De doelen zijn besproken en het gezin kan zelf verder.",
    "Inwoner is verhuisd naar een andere gemeente.",
    "Hulp loopt via de huisarts verder.",
];

/// The rows of a batch of cases, table by table.
#[derive(Default)]
struct Rows {
    cases: Vec<Vec<V>>,
    team: Vec<Vec<V>>,
    partners: Vec<Vec<V>>,
    goals: Vec<Vec<V>>,
    actions: Vec<Vec<V>>,
    support: Vec<Vec<V>>,
    referrals: Vec<Vec<V>>,
    steps: Vec<Vec<V>>,
    moments: Vec<Vec<V>>,
}

impl Rows {
    /// Writes the batch, parents before children.
    async fn write(self, conn: &mut AnyConnection, kind: DbKind) -> anyhow::Result<()> {
        insert(conn, kind, "cases", CASE_COLUMNS, self.cases).await?;
        insert(conn, kind, "case_team", &["case_id", "user_id"], self.team).await?;
        let partner_columns = ["case_id", "organization_id"];
        insert(conn, kind, "case_partners", &partner_columns, self.partners).await?;
        insert(conn, kind, "goals", GOAL_COLUMNS, self.goals).await?;
        insert(conn, kind, "goal_actions", ACTION_COLUMNS, self.actions).await?;
        insert(conn, kind, "support_items", SUPPORT_COLUMNS, self.support).await?;
        insert(conn, kind, "referrals", REFERRAL_COLUMNS, self.referrals).await?;
        insert(conn, kind, "referral_steps", STEP_COLUMNS, self.steps).await?;
        insert(conn, kind, "case_moments", MOMENT_COLUMNS, self.moments).await?;
        Ok(())
    }
}

pub(crate) fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Makes the plans, case by case.
struct PlanMaker<'a> {
    rng: Rng,
    offers: &'a [Offer],
    staff: Staff,
    municipality_id: i64,
    now: DateTime<Utc>,
    today: NaiveDate,
    next_goal: i64,
    next_referral: i64,
    made: Plans,
}

/// The steps a referral went through to reach `status`.
fn steps_to(status: ReferralStatus) -> &'static [ReferralStatus] {
    use ReferralStatus::*;
    match status {
        Draft => &[Draft],
        Sent => &[Draft, Sent],
        Accepted => &[Draft, Sent, Accepted],
        Declined => &[Draft, Sent, Declined],
        Started => &[Draft, Sent, Accepted, Started],
        Completed => &[Draft, Sent, Accepted, Started, Completed],
        Cancelled => &[Draft, Sent, Cancelled],
    }
}

impl<'a> PlanMaker<'a> {
    /// An offer for this life domain (any offer when none fits).
    fn offer(&mut self, domain: LifeDomain) -> Option<&'a Offer> {
        let code = domain.code();
        let offers: &'a [Offer] = self.offers;
        let fitting: Vec<&'a Offer> = offers
            .iter()
            .filter(|o| o.domains.split_whitespace().any(|d| d == code))
            .collect();
        match self.rng.pick(&fitting) {
            Some(o) => Some(*o),
            None => self.rng.pick(offers),
        }
    }

    fn day_at(&self, d: NaiveDate) -> DateTime<Utc> {
        let back = (self.today - d).num_days().max(0);
        self.now - Duration::days(back)
    }

    /// One case of `household` with id `id` and its plan, into `rows`.
    fn case(&mut self, id: i64, household: i64, rows: &mut Rows) {
        let staff = self.staff;
        let status = match self.rng.below(100) {
            0..=14 => CaseStatus::Open,
            15..=79 => CaseStatus::Running,
            80..=89 => CaseStatus::Aftercare,
            _ => CaseStatus::Closed,
        };
        let age = if status == CaseStatus::Open {
            self.rng.between(1, 40)
        } else {
            self.rng.between(45, 720)
        };
        let opened = self.now - Duration::days(age) - Duration::minutes(self.rng.between(0, 600));
        let opened_day = local(opened).date();
        let agree_after = self.rng.between(7, 40);
        let agreed = (status != CaseStatus::Open).then(|| opened_day + Duration::days(agree_after));
        let closed = matches!(status, CaseStatus::Aftercare | CaseStatus::Closed)
            .then(|| opened_day + Duration::days(self.rng.between(agree_after + 1, age - 1)));
        let outcome = closed.and_then(|_| self.rng.pick(GoalOutcome::ALL).copied());
        let started = agreed.unwrap_or(opened_day);
        let close_reason = closed.and_then(|_| self.rng.pick(CLOSE_REASONS).copied());
        let agreed_with = agreed.and_then(|_| self.rng.pick(AGREED_WITH).copied());
        rows.cases.push(vec![
            V::I(id),
            V::I(self.municipality_id),
            V::I(household),
            V::T(status.code().into()),
            V::I(staff.consulent),
            V::T(time::to_db(opened)),
            V::OT(closed.map(|d| time::to_db(self.day_at(d)))),
            V::I(i64::from(self.rng.chance(5))),
            V::I(self.rng.between(2, 25)),
            V::OT(agreed.map(ymd)),
            V::OT(agreed_with.map(str::to_string)),
            V::OT(outcome.map(|o| o.code().to_string())),
            V::OT(close_reason.map(str::to_string)),
            V::T(time::to_db(
                self.now - Duration::days(self.rng.between(0, 14)),
            )),
        ]);
        rows.team.push(vec![V::I(id), V::I(staff.consulent)]);
        if self.rng.chance(30) {
            rows.team.push(vec![V::I(id), V::I(staff.regisseur)]);
        }

        // Goals in one to four life domains, each with its actions and support.
        let mut goals: Vec<(i64, LifeDomain)> = Vec::new();
        let n = self.rng.between(1, 4) as usize;
        while goals.len() < n {
            let Some(d) = self.rng.pick(LifeDomain::ALL).copied() else {
                break;
            };
            if goals.iter().any(|(_, g)| *g == d) {
                continue;
            }
            self.next_goal += 1;
            let goal = self.next_goal;
            goals.push((goal, d));
            let goal_status = match outcome {
                Some(o) => GoalStatus::from_outcome(o),
                None if self.rng.chance(80) => GoalStatus::Running,
                None => *self
                    .rng
                    .pick(&[GoalStatus::Reached, GoalStatus::Partly])
                    .unwrap_or(&GoalStatus::Reached),
            };
            let text = format!(
                "{} {}",
                self.rng.pick(GOAL_TEXTS).copied().unwrap_or_default(),
                d.label_nl().to_lowercase()
            );
            let actor = *self.rng.pick(Actor::ALL).unwrap_or(&Actor::Resident);
            let due =
                (!self.rng.chance(10)).then(|| started + Duration::days(self.rng.between(60, 360)));
            rows.goals.push(vec![
                V::I(goal),
                V::I(id),
                V::T(d.code().into()),
                V::T(text),
                V::OT(due.map(ymd)),
                V::T(actor.code().into()),
                V::T(goal_status.code().into()),
                V::T(time::to_db(self.day_at(started))),
            ]);
            for _ in 0..self.rng.between(1, 3) {
                let due = (!self.rng.chance(20))
                    .then(|| started + Duration::days(self.rng.between(7, 90)));
                let done = due
                    .filter(|d| *d <= self.today)
                    .filter(|_| closed.is_some() || self.rng.chance(70));
                let actor = *self.rng.pick(Actor::ALL).unwrap_or(&Actor::Resident);
                rows.actions.push(vec![
                    V::I(goal),
                    V::T(
                        self.rng
                            .pick(ACTION_TEXTS)
                            .copied()
                            .unwrap_or_default()
                            .into(),
                    ),
                    V::T(actor.code().into()),
                    V::OT(due.map(ymd)),
                    V::OT(done.map(ymd)),
                ]);
                self.made.actions += 1;
            }
            for _ in 0..self.rng.between(0, 2) {
                let ended = closed.or_else(|| {
                    self.rng
                        .chance(10)
                        .then(|| self.today - Duration::days(self.rng.between(0, 30)))
                });
                let Some(o) = self.offer(d) else { break };
                let row = vec![
                    V::I(id),
                    V::I(goal),
                    V::I(o.id),
                    V::T(o.name.clone()),
                    V::I(o.layer),
                    V::T(ymd(started)),
                    V::OT(ended.map(|e| ymd(e.max(started)))),
                ];
                rows.support.push(row);
                self.made.support += 1;
            }
        }
        self.made.goals += goals.len();

        // A referral or two, each with the steps it went through.
        let mut organizations: Vec<i64> = Vec::new();
        for _ in 0..self.rng.between(1, 2) {
            let Some((goal, domain)) = self.rng.pick(&goals).copied() else {
                break;
            };
            let status = if status == CaseStatus::Open {
                *self
                    .rng
                    .pick(&[ReferralStatus::Draft, ReferralStatus::Sent])
                    .unwrap_or(&ReferralStatus::Draft)
            } else {
                match self.rng.below(100) {
                    0..=4 => ReferralStatus::Draft,
                    5..=24 => ReferralStatus::Sent,
                    25..=44 => ReferralStatus::Accepted,
                    45..=54 => ReferralStatus::Declined,
                    55..=79 => ReferralStatus::Started,
                    80..=94 => ReferralStatus::Completed,
                    _ => ReferralStatus::Cancelled,
                }
            };
            let Some(o) = self.offer(domain) else { break };
            let (offer, org, layer) = (o.id, o.organization_id, o.layer);
            self.next_referral += 1;
            let referral = self.next_referral;
            let created =
                (opened_day + Duration::days(self.rng.between(0, agree_after))).min(self.today);
            let mut at = self.day_at(created);
            let mut sent_on = None;
            for (i, step) in steps_to(status).iter().enumerate() {
                if i > 0 {
                    at = (at + Duration::days(self.rng.between(1, 7))).min(self.now);
                }
                if *step == ReferralStatus::Sent {
                    sent_on = Some(local(at).date());
                }
                let by = if i < 2 {
                    staff.consulent
                } else {
                    staff.partner
                };
                rows.steps.push(vec![
                    V::I(referral),
                    V::T(step.code().into()),
                    V::T(time::to_db(at)),
                    V::I(by),
                    V::T(String::new()),
                ]);
            }
            let reason = self.rng.pick(DeclineReason::ALL).map(|r| r.code());
            let result = self.rng.pick(GoalOutcome::ALL).map(|o| o.code());
            let declined = reason.filter(|_| status == ReferralStatus::Declined);
            let finished = result.filter(|_| status == ReferralStatus::Completed);
            rows.referrals.push(vec![
                V::I(referral),
                V::I(id),
                V::OI(Some(goal)),
                V::OI(Some(offer)),
                V::I(org),
                V::I(layer),
                V::T(status.code().into()),
                V::T(
                    self.rng
                        .pick(HANDOVER_NOTES)
                        .copied()
                        .unwrap_or_default()
                        .into(),
                ),
                V::OT(declined.map(str::to_string)),
                V::OT(finished.map(str::to_string)),
                V::T(time::to_db(self.day_at(created))),
                V::OT(sent_on.map(ymd)),
                V::T(time::to_db(at)),
                V::I(steps_to(status).len() as i64),
            ]);
            if !organizations.contains(&org) {
                organizations.push(org);
                rows.partners.push(vec![V::I(id), V::I(org)]);
            }
            self.made.referrals += 1;
        }

        // Evaluations while the plan runs; aftercare contacts after closing.
        let today = self.today;
        let before = rows.moments.len();
        let mut moment = |kind: MomentKind, due: NaiveDate, rng: &mut Rng| {
            let done = (due <= today && rng.chance(75)).then_some(due);
            rows.moments.push(vec![
                V::I(id),
                V::T(kind.code().into()),
                V::T(ymd(due)),
                V::OT(done.map(ymd)),
                V::T(if done.is_some() {
                    "Besproken met de inwoner.".into()
                } else {
                    String::new()
                }),
                V::OI(done.map(|_| staff.consulent)),
            ]);
        };
        if let Some(agreed) = agreed {
            let first = agreed + Duration::days(self.rng.between(30, 120));
            moment(MomentKind::Evaluation, first, &mut self.rng);
            if closed.is_none() {
                let next = self.today + Duration::days(self.rng.between(-5, 90));
                moment(MomentKind::Evaluation, next.max(first), &mut self.rng);
            }
        }
        if let (CaseStatus::Aftercare, Some(closed)) = (status, closed) {
            for months in [1, 3] {
                moment(
                    MomentKind::Aftercare,
                    closed + Duration::days(30 * months),
                    &mut self.rng,
                );
            }
        }
        self.made.moments += rows.moments.len() - before;
        self.made.cases += 1;
        self.made.case_ids.push(id);
    }
}

/// `n` of `xs` (all when there are fewer), chosen at random.
fn random_choice(xs: &[i64], n: usize, rng: &mut Rng) -> Vec<i64> {
    let mut xs = xs.to_vec();
    let n = n.min(xs.len());
    // A partial Fisher-Yates shuffle.
    for i in 0..n {
        let j = i + rng.below(xs.len() - i);
        xs.swap(i, j);
    }
    xs.truncate(n);
    xs
}

/// On PostgreSQL, after rows were written with their ids: lets each table's
/// identity continue after its highest id (SQLite needs nothing).
pub(crate) async fn continue_identities(
    conn: &mut AnyConnection,
    kind: DbKind,
    tables: &[&str],
) -> anyhow::Result<()> {
    if kind == DbKind::Postgres {
        for table in tables {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

pub(crate) async fn next_id(db: &Db, table: &str) -> anyhow::Result<i64> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
        .fetch_one(db.reader())
        .await?;
    Ok(n + 1)
}

/// Writes `cases` cases with their plans, each for another household of
/// `households`, coordinated by the demo's `consulent`. The same seed gives
/// the same rows.
pub async fn generate_plans(
    db: &Db,
    municipality_id: i64,
    staff: Staff,
    households: &[i64],
    cases: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<Plans> {
    let started = Instant::now();
    let offers = offers(db, municipality_id).await?;
    if offers.is_empty() {
        bail!("de demo heeft geen actief aanbod om in de plannen te zetten");
    }
    let first_case = next_id(db, "cases").await?;
    let mut maker = PlanMaker {
        rng: Rng::new(seed.wrapping_add(5)),
        offers: &offers,
        staff,
        municipality_id,
        now,
        today: local(now).date(),
        next_goal: next_id(db, "goals").await? - 1,
        next_referral: next_id(db, "referrals").await? - 1,
        made: Plans::default(),
    };
    let chosen = random_choice(households, cases, &mut maker.rng);
    let kind = db.kind();
    let mut tx = db.begin().await?;
    for (batch, these) in chosen.chunks(2_000).enumerate() {
        let mut rows = Rows::default();
        for (i, h) in these.iter().enumerate() {
            maker.case(first_case + (batch * 2_000 + i) as i64, *h, &mut rows);
        }
        rows.write(&mut tx, kind).await?;
    }
    continue_identities(&mut tx, kind, &["cases", "goals", "referrals"]).await?;
    kompas_store::plan::refresh_next_moments_from(&mut tx, first_case).await?;
    tx.commit().await?;
    let mut made = maker.made;
    made.seconds = started.elapsed().as_secs_f64();
    Ok(made)
}

// ---------------------------------------------------------------- case events

const EVENT_COLUMNS: &[&str] = &[
    "kind",
    "at",
    "municipality_id",
    "wijk",
    "household_id",
    "question_id",
    "case_id",
    "referral_id",
    "offer_id",
    "layer",
    "from_layer",
    "life_domain",
    "score",
    "channel",
    "outcome",
    "deadline_met",
    "actor_role",
];

/// Writes at least `n` case events (whole household histories of the last
/// three years from `generate cases`'s generator) into `case_events`. The
/// generator numbers its own households; each becomes one of the
/// municipality's households in turn (with its wijk), so the events are
/// spread over all of them. Returns how many rows were written.
pub async fn generate_events(
    db: &Db,
    n: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let place = generate_cases::place(db, demo_tg::MUNICIPALITY).await?;
    let households: Vec<(i64, Option<AreaCode>)> =
        sqlx::query("SELECT id, area_code FROM households WHERE municipality_id = $1 ORDER BY id")
            .bind(place.municipality_id)
            .fetch_all(db.reader())
            .await?
            .iter()
            .map(|r| {
                let area: Option<String> = r.try_get("area_code")?;
                Ok((
                    r.try_get("id")?,
                    area.and_then(|a| AreaCode::parse(&a).ok()),
                ))
            })
            .collect::<anyhow::Result<_>>()?;
    if households.is_empty() {
        bail!("er zijn geen huishoudens om gebeurtenissen aan te hangen");
    }
    let mut events = CaseGenerator::new(generate_cases::Plan {
        seed,
        places: vec![place],
        start: now - Duration::days(3 * 365),
        end: now,
    })
    .events(n);
    let mut ours: HashMap<i64, usize> = HashMap::new();
    for e in &mut events {
        if let Some(h) = e.household {
            let next = ours.len() % households.len();
            let (id, wijk) = &households[*ours.entry(h.0).or_insert(next)];
            e.household = Some(HouseholdId(*id));
            e.wijk = wijk.clone();
        }
    }
    let kind = db.kind();
    for chunk in events.chunks(50_000) {
        let rows = chunk
            .iter()
            .map(|e| {
                let r = e.to_row();
                vec![
                    r.kind.into(),
                    time::to_db(r.at).into(),
                    r.municipality_id.into(),
                    r.wijk.into(),
                    r.household_id.into(),
                    r.question_id.into(),
                    r.case_id.into(),
                    r.referral_id.into(),
                    r.offer_id.into(),
                    r.layer.map(i64::from).into(),
                    r.from_layer.map(i64::from).into(),
                    r.life_domain.into(),
                    r.score.map(i64::from).into(),
                    r.channel.into(),
                    r.outcome.into(),
                    r.deadline_met.map(i64::from).into(),
                    r.actor_role.into(),
                ]
            })
            .collect();
        let mut tx = db.begin().await?;
        insert(&mut tx, kind, "case_events", EVENT_COLUMNS, rows).await?;
        tx.commit().await?;
    }
    Ok(events.len())
}

// ---------------------------------------------------------------- measuring

const CASE_PAGE: &str = "GET /werk/trajecten/{id} (willekeurig)";
const LIST_PAGE: &str = "GET /werk/trajecten (Mijn trajecten)";
const LIST_PAGES: &str =
    "GET /werk/trajecten?sorteer=…&pagina=… (elke sortering, willekeurige pagina)";
const TEAM_PAGE: &str = "GET /werk/trajecten (teamleider: alle trajecten)";
/// What the list's p99 should stay under (issue 16), in milliseconds.
const LIST_TARGET_MS: f64 = 20.0;

/// Every sort and a fixed random choice of pages of a list of `listed` cases.
fn list_paths(listed: usize, seed: u64) -> Vec<String> {
    let pages = listed.div_ceil(50).max(1) as i64;
    let mut rng = Rng::new(seed.wrapping_add(11));
    (0..300)
        .map(|i| {
            let sort = ["moment", "huishouden", "status"][i % 3];
            format!(
                "/werk/trajecten?sorteer={sort}&pagina={}",
                rng.between(1, pages)
            )
        })
        .collect()
}

fn pages(case_ids: &[i64], seed: u64) -> Vec<Page> {
    // Random generated cases, a fixed choice per seed.
    let mut rng = Rng::new(seed.wrapping_add(9));
    let cases = random_choice(case_ids, 2_000, &mut rng)
        .iter()
        .map(|c| format!("/werk/trajecten/{c}"))
        .collect();
    after_the_floor(vec![
        page(CASE_PAGE, cases, true),
        page(LIST_PAGE, vec!["/werk/trajecten".into()], true),
        page(LIST_PAGES, list_paths(case_ids.len(), seed), true),
    ])
}

/// Gives the generated cases after the first `mine` to the `regisseur`:
/// coordinator, and on the team instead of the `consulent`.
async fn hand_over_the_rest(
    db: &Db,
    staff: Staff,
    case_ids: &[i64],
    mine: usize,
) -> anyhow::Result<()> {
    let rest = case_ids.get(mine..).unwrap_or_default();
    let (Some(from), Some(to)) = (rest.iter().min(), rest.iter().max()) else {
        return Ok(());
    };
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE cases SET coordinator_id = $1 WHERE id >= $2 AND id <= $3")
        .bind(staff.regisseur)
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM case_team WHERE user_id = $1 AND case_id >= $2 AND case_id <= $3")
        .bind(staff.consulent)
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO case_team (case_id, user_id) SELECT c.id, $1 FROM cases c \
         WHERE c.id >= $2 AND c.id <= $3 AND NOT EXISTS \
           (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.user_id = $1)",
    )
    .bind(staff.regisseur)
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What was generated in one database and what its pages measured.
#[derive(Debug, Clone)]
pub struct BackendRun {
    pub database: String,
    pub households: tgb::Generated,
    pub plans: Plans,
    pub events: usize,
    pub events_seconds: f64,
    /// The cases on the demo professional's "Mijn trajecten".
    pub listed: i64,
    /// The cases on the demo team lead's list (every case).
    pub team: i64,
    /// The `/health` floor first.
    pub figures: Vec<Figure>,
}

pub type Summary = tgb::Summary<Options, BackendRun>;

/// A fresh database with the demo and generated households (no questions).
pub(crate) struct Prepared {
    pub db: Db,
    pub municipality: i64,
    pub staff: Staff,
    pub now: DateTime<Utc>,
    pub households: tgb::Generated,
    /// The generated households' ids.
    pub ids: Vec<i64>,
}

/// Loads the demo into the database at `url` and generates `households`
/// households with `bench toegang`'s generator.
pub(crate) async fn demo_with_households(
    database: &str,
    dir: &Path,
    url: &str,
    households: usize,
    seed: u64,
) -> anyhow::Result<Prepared> {
    let (db, municipality, staff, now) = tgb::demo_database(database, dir, url).await?;
    let before = next_id(&db, "households").await?;
    let generated = tgb::generate(&db, municipality, staff, households, 0, seed, now).await?;
    println!(
        "  {database}: {} huishoudens met {} gezinsleden in {:.1} s",
        generated.households, generated.members, generated.seconds
    );
    let ids = (before..before + generated.households as i64).collect();
    Ok(Prepared {
        db,
        municipality,
        staff,
        now,
        households: generated,
        ids,
    })
}

/// Demo, households, plans and events in one database; then the pages.
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
        ids: generated,
    } = demo_with_households(database, dir, url, opts.households, opts.shared.seed).await?;
    let plans = generate_plans(
        &db,
        municipality,
        staff,
        &generated,
        opts.cases,
        opts.shared.seed,
        now,
    )
    .await?;
    println!(
        "  {database}: {} trajecten ({} doelen, {} acties, {} keer hulp, {} verwijzingen, {} momenten) in {:.1} s",
        plans.cases, plans.goals, plans.actions, plans.support, plans.referrals, plans.moments, plans.seconds
    );
    let mine = opts.mine.min(plans.case_ids.len());
    hand_over_the_rest(&db, staff, &plans.case_ids, mine).await?;
    let started = Instant::now();
    let events = generate_events(&db, opts.events, opts.shared.seed, now).await?;
    tgb::fresh_statistics(&db).await?;
    let events_seconds = started.elapsed().as_secs_f64();
    println!("  {database}: {events} gebeurtenissen in case_events in {events_seconds:.1} s");
    let listed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE coordinator_id = $1 OR id IN (SELECT case_id FROM case_team WHERE user_id = $1)",
    )
    .bind(staff.consulent)
    .fetch_one(db.reader())
    .await?;
    let team: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE municipality_id = $1")
        .bind(municipality)
        .fetch_one(db.reader())
        .await?;
    let pages = pages(&plans.case_ids[..mine], opts.shared.seed);
    let figures = measure(dir, url, &pages, opts.shared.load).await;
    let team_pages = vec![page(TEAM_PAGE, vec!["/werk/trajecten".into()], true)];
    // A server of its own needs a data directory (search index) of its own,
    // with the same key (the demo's TOTP secrets are sealed with it).
    let team_dir = dir.join("teamleider");
    std::fs::create_dir_all(&team_dir)?;
    let key = dir.join("secret.key");
    if key.exists() {
        std::fs::copy(&key, team_dir.join("secret.key"))?;
    }
    let team_figures =
        measure_as(&team_dir, url, &team_pages, opts.shared.load, "teamleider").await;
    db.close().await;
    let mut figures = figures?;
    figures.extend(team_figures?);
    Ok(BackendRun {
        database: database.to_string(),
        households,
        plans,
        events,
        events_seconds,
        listed,
        team,
        figures,
    })
}

/// The plan benchmark on SQLite and, with `--postgres`, on PostgreSQL.
pub async fn run(opts: &Options) -> anyhow::Result<Summary> {
    tgb::check_households(opts.households)?;
    if opts.cases == 0 || opts.cases > opts.households {
        bail!("--cases ligt tussen 1 en --households");
    }
    if opts.mine == 0 || opts.mine > opts.cases {
        bail!("--mine ligt tussen 1 en --cases");
    }
    let about = format!(
        "{} huishoudens, {} trajecten, {} gebeurtenissen",
        opts.households, opts.cases, opts.events
    );
    on_each_database(
        "plan",
        &about,
        opts,
        &opts.shared,
        |name, dir, url| async move { run_on(name, &dir, &url, opts).await.context(name) },
    )
    .await
}

// ---------------------------------------------------------------- the report

impl BackendRun {
    fn figure(&self, label: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.label == label)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let load = self.opts.shared.load;
        let n = load.connections.max(1);
        let skipped = self.postgres_skipped.as_deref();
        f.write_str(&write_summary("kompas bench plan", load, &self.runs, skipped, |o, run| {
            let (h, p) = (&run.households, &run.plans);
            let _ = writeln!(
                o,
                "{}: {} huishoudens ({} gezinsleden) in {:.1} s; {} trajecten ({} doelen, {} acties, {} keer hulp, {} verwijzingen, {} momenten) in {:.1} s;",
                run.database, h.households, h.members, h.seconds, p.cases, p.goals, p.actions, p.support, p.referrals, p.moments, p.seconds
            );
            let _ = writeln!(
                o,
                "  {} gebeurtenissen in case_events in {:.1} s; Mijn trajecten van consulent toont {} trajecten, de teamleider ziet er {}",
                run.events, run.events_seconds, run.listed, run.team
            );
            write_figures(o, &run.figures, n);
            if let (Some(floor), Some(case)) = (run.figures.first(), run.figure(CASE_PAGE)) {
                let _ = writeln!(
                    o,
                    "  trajectpagina p99: {:.3} ms = {:.1}× /health met 1 verbinding, {:.3} ms = {:.1}× met {n}",
                    case.single.p99(),
                    ratio(case.single.p99(), floor.single.p99()),
                    case.loaded.p99(),
                    ratio(case.loaded.p99(), floor.loaded.p99()),
                );
            }
            for (label, who, listed) in [
                (LIST_PAGE, "Mijn trajecten van consulent", run.listed),
                (LIST_PAGES, "  elke sortering, willekeurige pagina", run.listed),
                (TEAM_PAGE, "Trajecten van het team (teamleider)", run.team),
            ] {
                let (Some(floor), Some(list)) = (run.figures.first(), run.figure(label)) else {
                    continue;
                };
                let p99 = list.single.p99();
                let verdict = if p99 <= LIST_TARGET_MS {
                    "binnen het doel"
                } else {
                    "boven het doel"
                };
                let _ = writeln!(
                    o,
                    "  {who}: {listed} trajecten, pagina {:.0} kB; p50 {:.2} ms, p99 {:.2} ms = {:.1}× /health met 1 verbinding ({verdict} p99 ≤ {LIST_TARGET_MS:.0} ms); p99 {:.2} ms met {n}",
                    list.kb_per_response(),
                    list.single.p50(),
                    p99,
                    ratio(p99, floor.single.p99()),
                    list.loaded.p99(),
                );
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referral_status_is_reached_by_steps_that_start_as_a_concept() {
        for s in ReferralStatus::ALL {
            let steps = steps_to(*s);
            assert_eq!(steps.first(), Some(&ReferralStatus::Draft));
            assert_eq!(steps.last(), Some(s));
            for w in steps.windows(2) {
                assert!(!w[0].is_final(), "{w:?}");
            }
        }
    }

    #[test]
    fn the_floor_comes_first_and_case_pages_are_a_fixed_random_choice() {
        let ids: Vec<i64> = (1..=5_000).collect();
        let p = pages(&ids, 1);
        assert_eq!(p[0].label, "GET /health (vloer)");
        assert!(!p[0].signed_in);
        let cases = &p[2].paths;
        assert_eq!(cases.len(), 2_000);
        assert!(cases[0].starts_with("/werk/trajecten/"));
        assert_eq!(cases, &pages(&ids, 1)[2].paths);
        assert_ne!(cases, &pages(&ids, 2)[2].paths);
        assert_eq!(p[3].paths, ["/werk/trajecten"]);
        assert_eq!(p[4].paths.len(), 300);
        let pages: Vec<i64> = p[4]
            .paths
            .iter()
            .map(|x| x.rsplit('=').next().unwrap().parse().unwrap())
            .collect();
        assert!(
            pages.iter().all(|n| (1..=100).contains(n)),
            "5 000 cases: 100 pages"
        );
        assert!(pages.iter().any(|n| *n > 50));
    }
}
