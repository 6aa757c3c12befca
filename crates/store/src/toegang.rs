//! Toegang in the database: help questions and signals, households with
//! their members and network, cases (one open per household) and their team,
//! payment-arrears signals and assessments.
//!
//! Reading personal data is the caller's business to audit: every function
//! that returns it is used by a handler that writes the audit row in the
//! same transaction or just before showing it.

use crate::case_events::{append_event, case_event, event_at};
use crate::directory::{all, codes};
use crate::time::{date, day};
use crate::{conflict_on_unique, parsed, time, Db, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::{CaseId, EventKind, QuestionId, QuestionOutcome};
use kompas_domain::toegang::question::{
    AgeGroup, Channel, ContactWay, OutcomeKind, QuestionStatus, SignalReason,
};
use kompas_domain::MunicipalityScope;
use kompas_domain::Role;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

// ---------------------------------------------------------------- questions

/// What a new question holds; personal fields are optional.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub municipality_id: i64,
    pub channel: Channel,
    pub urgent: bool,
    pub body: String,
    pub life_domains: Vec<LifeDomain>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub contact_way: Option<ContactWay>,
    pub age_group: AgeGroup,
    pub area_code: Option<String>,
    /// The postcode as the resident typed it (checked), when given.
    pub postcode: Option<String>,
    pub household_id: Option<i64>,
    pub submitted_by: Option<i64>,
    pub submitter_organization: Option<i64>,
    pub reason: Option<SignalReason>,
    pub received_at: DateTime<Utc>,
    pub due_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: i64,
    pub municipality_id: i64,
    pub channel: Channel,
    pub urgent: bool,
    pub status: QuestionStatus,
    pub received_at: String,
    pub due_date: NaiveDate,
    pub body: String,
    pub life_domains: Vec<LifeDomain>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub contact_way: Option<ContactWay>,
    pub age_group: AgeGroup,
    pub area_code: Option<String>,
    pub household_id: Option<i64>,
    pub submitted_by: Option<i64>,
    pub submitter_organization: Option<i64>,
    pub reason: Option<SignalReason>,
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    pub first_contact_at: Option<String>,
    pub closed_at: Option<String>,
    pub outcome: Option<OutcomeKind>,
    pub outcome_offer_id: Option<i64>,
    /// The offer the question was referred to, by name.
    pub outcome_offer_name: Option<String>,
    pub outcome_note: Option<String>,
    pub case_id: Option<i64>,
    pub version: i64,
    pub postcode: Option<String>,
}

const QUESTION_SELECT: &str = "SELECT q.id, q.municipality_id, q.channel, q.urgency, q.status, q.received_at, \
    q.due_date, q.body, q.life_domains, q.contact_name, q.contact_phone, q.contact_email, q.contact_way, \
    q.age_group, q.area_code, q.household_id, q.submitted_by, q.submitter_organization, q.reason, \
    q.assigned_to, u.display_name AS assigned_name, q.first_contact_at, q.closed_at, q.outcome, \
    q.outcome_offer_id, o.name AS outcome_offer_name, q.outcome_note, q.case_id, q.version, q.postcode \
    FROM questions q LEFT JOIN users u ON u.id = q.assigned_to \
    LEFT JOIN offers o ON o.id = q.outcome_offer_id";

fn question(r: &AnyRow) -> Result<Question> {
    let opt = |k: &str| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(k)?) };
    Ok(Question {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        channel: parsed(Channel::parse(&r.try_get::<String, _>("channel")?))?,
        urgent: r.try_get::<String, _>("urgency")? == "spoed",
        status: parsed(QuestionStatus::parse(&r.try_get::<String, _>("status")?))?,
        received_at: r.try_get("received_at")?,
        due_date: date(&r.try_get::<String, _>("due_date")?)?,
        body: r.try_get("body")?,
        life_domains: codes(&r.try_get::<String, _>("life_domains")?, LifeDomain::parse)?,
        contact_name: opt("contact_name")?,
        contact_phone: opt("contact_phone")?,
        contact_email: opt("contact_email")?,
        contact_way: opt("contact_way")?
            .map(|c| parsed(ContactWay::parse(&c)))
            .transpose()?,
        age_group: parsed(AgeGroup::parse(&r.try_get::<String, _>("age_group")?))?,
        area_code: opt("area_code")?,
        household_id: r.try_get("household_id")?,
        submitted_by: r.try_get("submitted_by")?,
        submitter_organization: r.try_get("submitter_organization")?,
        reason: opt("reason")?
            .map(|c| parsed(SignalReason::parse(&c)))
            .transpose()?,
        assigned_to: r.try_get("assigned_to")?,
        assigned_name: opt("assigned_name")?,
        first_contact_at: opt("first_contact_at")?,
        closed_at: opt("closed_at")?,
        outcome: opt("outcome")?
            .map(|c| parsed(OutcomeKind::parse(&c)))
            .transpose()?,
        outcome_offer_id: r.try_get("outcome_offer_id")?,
        outcome_offer_name: opt("outcome_offer_name")?,
        outcome_note: opt("outcome_note")?,
        case_id: r.try_get("case_id")?,
        version: r.try_get("version")?,
        postcode: opt("postcode")?,
    })
}

// ---------------------------------------------------------------- case events

/// Appends the case event of a step on a question, with the question's own
/// municipality, wijk and household, in the caller's transaction.
async fn question_event(
    conn: &mut AnyConnection,
    id: i64,
    actor: Option<Role>,
    at: DateTime<Utc>,
    kind: EventKind,
) -> Result<()> {
    let place =
        sqlx::query("SELECT municipality_id, area_code, household_id FROM questions WHERE id = $1")
            .bind(id);
    event_at(conn, place, actor, at, kind).await
}

/// The first contact with the asker, once: records whether its deadline was met.
async fn first_contact_event(
    conn: &mut AnyConnection,
    id: i64,
    actor: Option<Role>,
    at: DateTime<Utc>,
) -> Result<()> {
    let r = sqlx::query("SELECT first_contact_at, due_date FROM questions WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    if r.try_get::<Option<String>, _>("first_contact_at")?
        .is_some()
    {
        return Ok(());
    }
    let due = date(&r.try_get::<String, _>("due_date")?)?;
    let deadline_met = kompas_domain::dutch_time::local(at).date() <= due;
    question_event(
        conn,
        id,
        actor,
        at,
        EventKind::FirstContact {
            question: QuestionId(id),
            deadline_met,
        },
    )
    .await
}

// ---------------------------------------------------------------- question steps

/// Stores a new question and its `question_received` event; `actor` is the
/// role of whoever registered it (none for a resident's own form).
pub async fn create_question(
    conn: &mut AnyConnection,
    q: &NewQuestion,
    actor: Option<Role>,
) -> Result<i64> {
    let domains = q
        .life_domains
        .iter()
        .map(|d| d.code())
        .collect::<Vec<_>>()
        .join(" ");
    let r = sqlx::query(
        "INSERT INTO questions (municipality_id, channel, urgency, status, received_at, due_date, body, \
         life_domains, contact_name, contact_phone, contact_email, contact_way, age_group, area_code, \
         household_id, submitted_by, submitter_organization, reason, postcode) \
         VALUES ($1, $2, $3, 'ontvangen', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(q.municipality_id)
    .bind(q.channel.code())
    .bind(if q.urgent { "spoed" } else { "normaal" })
    .bind(time::to_db(q.received_at))
    .bind(day(q.due_date))
    .bind(&q.body)
    .bind(domains)
    .bind(&q.contact_name)
    .bind(&q.contact_phone)
    .bind(&q.contact_email)
    .bind(q.contact_way.map(|c| c.code()))
    .bind(q.age_group.code())
    .bind(&q.area_code)
    .bind(q.household_id)
    .bind(q.submitted_by)
    .bind(q.submitter_organization)
    .bind(q.reason.map(|r| r.code()))
    .bind(&q.postcode)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = r.try_get("id")?;
    append_event(
        conn,
        q.municipality_id,
        q.area_code.as_deref(),
        q.household_id,
        actor,
        q.received_at,
        EventKind::QuestionReceived {
            question: QuestionId(id),
            channel: q.channel,
        },
    )
    .await?;
    Ok(id)
}

/// A question of the caller's municipalities.
pub async fn question_by_id(
    db: &Db,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<Question>> {
    let sql = format!(
        "{QUESTION_SELECT} WHERE q.id = $1 AND {}",
        crate::in_scope("q.municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(question)
        .transpose()
}

/// The queue's filters (all optional but the municipalities).
#[derive(Debug, Clone)]
pub struct QueueFilter {
    /// The worker's municipalities: one shared team sees all their queues.
    pub municipalities: MunicipalityScope,
    pub channel: Option<Channel>,
    pub urgent: Option<bool>,
    pub area_code: Option<String>,
    pub age_group: Option<AgeGroup>,
    /// Only items assigned to this user; `Some(0)` for unassigned ones.
    pub assigned_to: Option<i64>,
    /// Only items due on or before this day (overdue and due today).
    pub due_by: Option<NaiveDate>,
}

/// One queue row: no personal data, only what triage needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    pub id: i64,
    pub channel: Channel,
    pub urgent: bool,
    pub status: QuestionStatus,
    pub received_at: String,
    pub due_date: NaiveDate,
    pub life_domains: Vec<LifeDomain>,
    pub age_group: AgeGroup,
    pub area_code: Option<String>,
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    pub household_id: Option<i64>,
    /// The name the asker gave, if any.
    pub contact_name: Option<String>,
    /// The question in the asker's words, cut for a list.
    pub summary: String,
}

impl QueueFilter {
    fn clause(&self) -> (String, Vec<String>) {
        let mut parts = vec![
            crate::in_scope("q.municipality_id", &self.municipalities),
            "q.status <> 'afgerond'".to_string(),
        ];
        let mut texts = Vec::new();
        let mut mark = |v: String, parts: &mut Vec<String>, sql: &str| {
            texts.push(v);
            parts.push(sql.replace('?', &format!("${}", texts.len())));
        };
        if let Some(c) = self.channel {
            mark(c.code().into(), &mut parts, "q.channel = ?");
        }
        if let Some(u) = self.urgent {
            mark(
                if u { "spoed" } else { "normaal" }.into(),
                &mut parts,
                "q.urgency = ?",
            );
        }
        if let Some(a) = &self.area_code {
            mark(a.clone(), &mut parts, "q.area_code = ?");
        }
        if let Some(g) = self.age_group {
            mark(g.code().into(), &mut parts, "q.age_group = ?");
        }
        if let Some(d) = self.due_by {
            mark(day(d), &mut parts, "q.due_date <= ?");
        }
        match self.assigned_to {
            Some(0) => parts.push("q.assigned_to IS NULL".into()),
            Some(id) => parts.push(format!("q.assigned_to = {id}")),
            None => {}
        }
        (parts.join(" AND "), texts)
    }
}

fn bind_queue<'q>(q: AnyQuery<'q>, texts: &'q [String]) -> AnyQuery<'q> {
    texts.iter().fold(q, |q, t| q.bind(t.as_str()))
}

/// Open questions, most pressing first (urgent, then by deadline), a page at
/// a time, and how many there are in all.
/// How much of a question the queue shows.
const QUEUE_SUMMARY_CHARS: usize = 90;

pub async fn queue(
    db: &Db,
    filter: &QueueFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<QueueItem>, i64)> {
    let (clause, texts) = filter.clause();
    let count_sql = format!("SELECT COUNT(*) AS n FROM questions q WHERE {clause}");
    let total: i64 = bind_queue(sqlx::query(&count_sql), &texts)
        .fetch_one(db.reader())
        .await?
        .try_get("n")?;
    let n = texts.len();
    let sql = format!(
        "SELECT q.id, q.channel, q.urgency, q.status, q.received_at, q.due_date, q.life_domains, q.age_group, \
         q.area_code, q.assigned_to, u.display_name AS assigned_name, q.household_id, \
         q.contact_name, SUBSTR(q.body, 1, 400) AS body \
         FROM questions q LEFT JOIN users u ON u.id = q.assigned_to WHERE {clause} \
         ORDER BY q.urgency DESC, q.due_date, q.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind_queue(sqlx::query(&sql), &texts)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(QueueItem {
                id: r.try_get("id")?,
                channel: parsed(Channel::parse(&r.try_get::<String, _>("channel")?))?,
                urgent: r.try_get::<String, _>("urgency")? == "spoed",
                status: parsed(QuestionStatus::parse(&r.try_get::<String, _>("status")?))?,
                received_at: r.try_get("received_at")?,
                due_date: date(&r.try_get::<String, _>("due_date")?)?,
                life_domains: codes(&r.try_get::<String, _>("life_domains")?, LifeDomain::parse)?,
                age_group: parsed(AgeGroup::parse(&r.try_get::<String, _>("age_group")?))?,
                area_code: r.try_get("area_code")?,
                assigned_to: r.try_get("assigned_to")?,
                assigned_name: r.try_get("assigned_name")?,
                household_id: r.try_get("household_id")?,
                contact_name: r.try_get("contact_name")?,
                summary: kompas_domain::toegang::question::summary(
                    &r.try_get::<String, _>("body")?,
                    QUEUE_SUMMARY_CHARS,
                ),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((items, total))
}

/// Changes a question only when it still has `version` (someone else's
/// change in between gives a conflict). `set` is the SET list with `$3`…
async fn update_question(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    set: &str,
    values: &[Option<String>],
) -> Result<()> {
    let sql =
        format!("UPDATE questions SET {set}, version = version + 1 WHERE id = $1 AND version = $2");
    let q = values
        .iter()
        .fold(sqlx::query(&sql).bind(id).bind(version), |q, v| {
            q.bind(v.clone())
        });
    if q.execute(&mut *conn).await?.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "deze vraag is intussen door iemand anders gewijzigd; bekijk haar opnieuw".into(),
        ));
    }
    Ok(())
}

/// Assigns to a user (or nobody) and marks the question as taken up.
pub async fn assign_question(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    user_id: Option<i64>,
) -> Result<()> {
    update_question(
        conn,
        id,
        version,
        "assigned_to = CAST($3 AS BIGINT), status = CASE WHEN status = 'ontvangen' THEN 'opgepakt' ELSE status END",
        &[user_id.map(|u| u.to_string())],
    )
    .await
}

/// Records the first contact with the asker (once).
pub async fn record_first_contact(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    at: DateTime<Utc>,
    actor: Option<Role>,
) -> Result<()> {
    first_contact_event(conn, id, actor, at).await?;
    update_question(
        conn,
        id,
        version,
        "first_contact_at = COALESCE(first_contact_at, $3), status = CASE WHEN status = 'ontvangen' THEN 'opgepakt' ELSE status END",
        &[Some(time::to_db(at))],
    )
    .await
}

pub async fn link_household(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    household_id: i64,
) -> Result<()> {
    update_question(
        conn,
        id,
        version,
        "household_id = CAST($3 AS BIGINT)",
        &[Some(household_id.to_string())],
    )
    .await
}

/// Marks a question urgent (a later, more pressing signal): its deadline
/// moves to `due` when that is earlier.
pub async fn make_urgent(conn: &mut AnyConnection, id: i64, due: NaiveDate) -> Result<()> {
    sqlx::query(
        "UPDATE questions SET urgency = 'spoed', due_date = CASE WHEN due_date > $2 THEN $2 ELSE due_date END, \
         version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(day(due))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How a question ends.
#[derive(Debug, Clone)]
pub struct Closing {
    pub outcome: OutcomeKind,
    pub offer_id: Option<i64>,
    pub case_id: Option<i64>,
    pub note: String,
    pub at: DateTime<Utc>,
}

pub async fn close_question(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    c: &Closing,
    actor: Option<Role>,
) -> Result<()> {
    // Closing without a recorded contact counts as the first contact.
    first_contact_event(conn, id, actor, c.at).await?;
    update_question(
        conn,
        id,
        version,
        "status = 'afgerond', closed_at = $3, outcome = $4, outcome_offer_id = CAST($5 AS BIGINT), \
         case_id = CAST($6 AS BIGINT), outcome_note = $7, first_contact_at = COALESCE(first_contact_at, $3)",
        &[
            Some(time::to_db(c.at)),
            Some(c.outcome.code().to_string()),
            c.offer_id.map(|i| i.to_string()),
            c.case_id.map(|i| i.to_string()),
            Some(c.note.clone()),
        ],
    )
    .await?;
    let outcome = match (c.outcome, c.case_id) {
        (OutcomeKind::CaseOpened, Some(case)) => QuestionOutcome::Case { case: CaseId(case) },
        (OutcomeKind::Referral, _) => {
            let layer: Option<i64> = match c.offer_id {
                Some(offer) => sqlx::query("SELECT layer FROM offers WHERE id = $1")
                    .bind(offer)
                    .fetch_optional(&mut *conn)
                    .await?
                    .map(|r| r.try_get("layer"))
                    .transpose()?,
                None => None,
            };
            match layer.and_then(Layer::from_number) {
                Some(layer) => QuestionOutcome::Referral {
                    layer,
                    offer_id: c.offer_id,
                },
                None => QuestionOutcome::Information,
            }
        }
        _ => QuestionOutcome::Information,
    };
    question_event(
        conn,
        id,
        actor,
        c.at,
        EventKind::QuestionClosed {
            question: QuestionId(id),
            outcome,
        },
    )
    .await
}

/// A partner's own signals: only their status, never the household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalStatus {
    pub id: i64,
    pub received_at: String,
    pub reason: Option<SignalReason>,
    pub urgent: bool,
    pub status: QuestionStatus,
}

pub async fn signals_of_organization(db: &Db, organization_id: i64) -> Result<Vec<SignalStatus>> {
    let rows = sqlx::query(
        "SELECT id, received_at, reason, urgency, status FROM questions \
         WHERE submitter_organization = $1 AND channel = 'partner' ORDER BY received_at DESC LIMIT 200",
    )
    .bind(organization_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SignalStatus {
                id: r.try_get("id")?,
                received_at: r.try_get("received_at")?,
                reason: r
                    .try_get::<Option<String>, _>("reason")?
                    .map(|c| parsed(SignalReason::parse(&c)))
                    .transpose()?,
                urgent: r.try_get::<String, _>("urgency")? == "spoed",
                status: parsed(QuestionStatus::parse(&r.try_get::<String, _>("status")?))?,
            })
        })
        .collect()
}

/// The questions of one household, newest first.
pub async fn questions_of_household(db: &Db, household_id: i64) -> Result<Vec<Question>> {
    let sql = format!("{QUESTION_SELECT} WHERE q.household_id = $1 ORDER BY q.received_at DESC");
    all(db, sqlx::query(&sql).bind(household_id), question).await
}

// ---------------------------------------------------------------- households

#[derive(Debug, Clone, Default)]
pub struct Address {
    pub postcode: Option<String>,
    pub house_number: Option<i64>,
    pub house_number_addition: Option<String>,
    pub street: String,
    pub city: String,
    pub area_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Household {
    pub id: i64,
    pub municipality_id: i64,
    pub postcode: Option<String>,
    pub house_number: Option<i64>,
    pub house_number_addition: Option<String>,
    pub street: String,
    pub city: String,
    pub area_code: Option<String>,
    pub involved: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: i64,
    pub household_id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub role: String,
    pub bsn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkContact {
    pub id: i64,
    pub name: String,
    pub relation: String,
    pub helps_with: String,
}

pub async fn create_household(
    conn: &mut AnyConnection,
    municipality_id: i64,
    a: &Address,
    now: DateTime<Utc>,
) -> Result<i64> {
    let t = time::to_db(now);
    let r = sqlx::query(
        "INSERT INTO households (municipality_id, postcode, house_number, house_number_addition, street, city, \
         area_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(municipality_id)
    .bind(&a.postcode)
    .bind(a.house_number)
    .bind(&a.house_number_addition)
    .bind(&a.street)
    .bind(&a.city)
    .bind(&a.area_code)
    .bind(t)
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn update_household(
    conn: &mut AnyConnection,
    id: i64,
    a: &Address,
    involved: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE households SET postcode = $2, house_number = $3, house_number_addition = $4, street = $5, \
         city = $6, area_code = $7, involved = $8, updated_at = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(&a.postcode)
    .bind(a.house_number)
    .bind(&a.house_number_addition)
    .bind(&a.street)
    .bind(&a.city)
    .bind(&a.area_code)
    .bind(involved)
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn household(r: &AnyRow) -> Result<Household> {
    Ok(Household {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        postcode: r.try_get("postcode")?,
        house_number: r.try_get("house_number")?,
        house_number_addition: r.try_get("house_number_addition")?,
        street: r.try_get("street")?,
        city: r.try_get("city")?,
        area_code: r.try_get("area_code")?,
        involved: r.try_get("involved")?,
        created_at: r.try_get("created_at")?,
    })
}

const HOUSEHOLD_COLUMNS: &str =
    "h.id, h.municipality_id, h.postcode, h.house_number, h.house_number_addition, \
    h.street, h.city, h.area_code, h.involved, h.created_at";

/// A household of the caller's municipalities.
pub async fn household_by_id(
    db: &Db,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<Household>> {
    let sql = format!(
        "SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE h.id = $1 AND {}",
        crate::in_scope("h.municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(household)
        .transpose()
}

/// The household of a resident's own session: the id comes from the session
/// row (made from a one-time link for one member), never from a URL.
pub async fn household_of_resident_session(
    db: &Db,
    household_id: i64,
) -> Result<Option<Household>> {
    let sql = format!("SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE h.id = $1");
    sqlx::query(&sql)
        .bind(household_id)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(household)
        .transpose()
}

/// Households of a municipality at this address (postcode + number, and the
/// addition when given).
pub async fn households_at(
    db: &Db,
    municipality_id: i64,
    postcode: &str,
    house_number: i64,
    addition: Option<&str>,
) -> Result<Vec<Household>> {
    let sql = format!(
        "SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE h.municipality_id = $1 AND h.postcode = $2 \
         AND h.house_number = $3 AND ($4 = '' OR COALESCE(h.house_number_addition, '') = $4) ORDER BY h.id"
    );
    all(
        db,
        sqlx::query(&sql)
            .bind(municipality_id)
            .bind(postcode)
            .bind(house_number)
            .bind(addition.unwrap_or_default()),
        household,
    )
    .await
}

/// The household a member with this BSN belongs to, within a municipality.
pub async fn household_with_bsn(db: &Db, municipality_id: i64, bsn: &str) -> Result<Option<i64>> {
    let mut conn = db.reader().acquire().await?;
    household_with_bsn_in(&mut conn, municipality_id, bsn).await
}

/// The household of a member with this BSN, inside a transaction.
pub async fn household_with_bsn_in(
    conn: &mut AnyConnection,
    municipality_id: i64,
    bsn: &str,
) -> Result<Option<i64>> {
    let r = sqlx::query(
        "SELECT m.household_id FROM household_members m JOIN households h ON h.id = m.household_id \
         WHERE h.municipality_id = $1 AND m.bsn = $2 ORDER BY m.household_id LIMIT 1",
    )
    .bind(municipality_id)
    .bind(bsn)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(r.map(|r| r.try_get("household_id")).transpose()?)
}

/// Households with a member whose name contains `name` (case-insensitive),
/// at most `limit`.
pub async fn households_by_member_name(
    db: &Db,
    municipality_id: i64,
    name: &str,
    limit: i64,
) -> Result<Vec<Household>> {
    let pattern = format!("%{}%", name.to_lowercase().replace(['%', '_'], ""));
    let sql = format!(
        "SELECT DISTINCT {HOUSEHOLD_COLUMNS} FROM households h JOIN household_members m ON m.household_id = h.id \
         WHERE h.municipality_id = $1 AND LOWER(m.name) LIKE $2 ORDER BY h.id LIMIT $3"
    );
    all(
        db,
        sqlx::query(&sql)
            .bind(municipality_id)
            .bind(pattern)
            .bind(limit),
        household,
    )
    .await
}

pub async fn add_member(
    conn: &mut AnyConnection,
    household_id: i64,
    name: &str,
    birth_date: Option<NaiveDate>,
    role: &str,
    bsn: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO household_members (household_id, name, birth_date, role, bsn, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(household_id)
    .bind(name)
    .bind(birth_date.map(day))
    .bind(role)
    .bind(bsn)
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get("id")?)
}

/// The household a member belongs to.
pub async fn household_of_member(conn: &mut AnyConnection, member_id: i64) -> Result<i64> {
    Ok(
        sqlx::query("SELECT household_id FROM household_members WHERE id = $1")
            .bind(member_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("household_id")?,
    )
}

pub async fn members(db: &Db, household_id: i64) -> Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT id, household_id, name, birth_date, role, bsn FROM household_members WHERE household_id = $1 \
         ORDER BY birth_date, id",
    )
    .bind(household_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                id: r.try_get("id")?,
                household_id: r.try_get("household_id")?,
                name: r.try_get("name")?,
                birth_date: r
                    .try_get::<Option<String>, _>("birth_date")?
                    .map(|d| date(&d))
                    .transpose()?,
                role: r.try_get("role")?,
                bsn: r.try_get("bsn")?,
            })
        })
        .collect()
}

pub async fn add_network_contact(
    conn: &mut AnyConnection,
    household_id: i64,
    name: &str,
    relation: &str,
    helps_with: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO network_contacts (household_id, name, relation, helps_with, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(household_id)
    .bind(name)
    .bind(relation)
    .bind(helps_with)
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn network(db: &Db, household_id: i64) -> Result<Vec<NetworkContact>> {
    let rows = sqlx::query(
        "SELECT id, name, relation, helps_with FROM network_contacts WHERE household_id = $1 ORDER BY id",
    )
    .bind(household_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NetworkContact {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                relation: r.try_get("relation")?,
                helps_with: r.try_get("helps_with")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- cases and access

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub id: i64,
    pub household_id: i64,
    pub status: String,
    pub coordinator_id: Option<i64>,
    pub opened_at: String,
}

/// Opens the household's case (from `question` when there is one); refused
/// while another one is open.
pub async fn open_case(
    conn: &mut AnyConnection,
    municipality_id: i64,
    household_id: i64,
    coordinator: (i64, Role),
    now: DateTime<Utc>,
    question: Option<i64>,
) -> Result<i64> {
    let (coordinator_id, actor) = coordinator;
    // A re-entry: a new case within 12 months of the household's last closing.
    let last_closed: Option<String> = sqlx::query(
        "SELECT MAX(closed_at) AS c FROM cases WHERE household_id = $1 AND status = 'afgesloten'",
    )
    .bind(household_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("c")?;
    let last_closed = last_closed
        .map(|t| time::from_db(&t))
        .transpose()?
        .map(|t| kompas_domain::dutch_time::local(t).date());
    let reentry = kompas_domain::plan::case::is_reentry(
        last_closed,
        kompas_domain::dutch_time::local(now).date(),
    );
    let r = sqlx::query(
        "INSERT INTO cases (municipality_id, household_id, status, coordinator_id, opened_at, question_id, \
         reentry, updated_at) VALUES ($1, $2, 'open', $3, $4, $5, $6, $4) RETURNING id",
    )
    .bind(municipality_id)
    .bind(household_id)
    .bind(coordinator_id)
    .bind(time::to_db(now))
    .bind(question)
    .bind(i64::from(reentry))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| conflict_on_unique(e, "dit huishouden heeft al een open traject"))?;
    let id: i64 = r.try_get("id")?;
    sqlx::query("INSERT INTO case_team (case_id, user_id) VALUES ($1, $2)")
        .bind(id)
        .bind(coordinator_id)
        .execute(&mut *conn)
        .await?;
    let area: Option<String> = sqlx::query("SELECT area_code FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("area_code")?;
    append_event(
        conn,
        municipality_id,
        area.as_deref(),
        Some(household_id),
        Some(actor),
        now,
        EventKind::CaseOpened {
            case: CaseId(id),
            question: question.map(QuestionId),
        },
    )
    .await?;
    Ok(id)
}

pub async fn open_case_of(db: &Db, household_id: i64) -> Result<Option<Case>> {
    let r = sqlx::query(
        "SELECT id, household_id, status, coordinator_id, opened_at FROM cases WHERE household_id = $1 AND status <> 'afgesloten'",
    )
    .bind(household_id)
    .fetch_optional(db.reader())
    .await?;
    r.map(|r| {
        Ok(Case {
            id: r.try_get("id")?,
            household_id: r.try_get("household_id")?,
            status: r.try_get("status")?,
            coordinator_id: r.try_get("coordinator_id")?,
            opened_at: r.try_get("opened_at")?,
        })
    })
    .transpose()
}

/// Why a user may open a household, if at all: an open question about it in
/// their municipality's queue, or a place on the team of one of its cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseholdLink {
    Queue,
    CaseTeam,
}

pub async fn household_link(
    db: &Db,
    user_id: i64,
    municipality_id: i64,
    household_id: i64,
) -> Result<Option<HouseholdLink>> {
    let r = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM case_team t JOIN cases c ON c.id = t.case_id \
             WHERE t.user_id = $1 AND c.household_id = $3) AS team, \
           (SELECT COUNT(*) FROM questions q WHERE q.household_id = $3 AND q.municipality_id = $2 \
             AND q.status <> 'afgerond') AS queue",
    )
    .bind(user_id)
    .bind(municipality_id)
    .bind(household_id)
    .fetch_one(db.reader())
    .await?;
    let team: i64 = r.try_get("team")?;
    let queue: i64 = r.try_get("queue")?;
    Ok(if team > 0 {
        Some(HouseholdLink::CaseTeam)
    } else if queue > 0 {
        Some(HouseholdLink::Queue)
    } else {
        None
    })
}

// ---------------------------------------------------------------- payment arrears

/// One creditor's signal as stored.
#[derive(Debug, Clone)]
pub struct NewArrears {
    pub creditor_kind: String,
    pub creditor: String,
    pub amount_cents: i64,
    pub months_overdue: i64,
    pub signal_date: NaiveDate,
    pub person_name: String,
}

pub async fn add_arrears(
    conn: &mut AnyConnection,
    question_id: i64,
    household_id: i64,
    a: &NewArrears,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO arrears_signals (question_id, household_id, creditor_kind, creditor, amount_cents, \
         months_overdue, signal_date, person_name, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(question_id)
    .bind(household_id)
    .bind(&a.creditor_kind)
    .bind(&a.creditor)
    .bind(a.amount_cents)
    .bind(a.months_overdue)
    .bind(day(a.signal_date))
    .bind(&a.person_name)
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Open arrears questions of a household: (question id, first and last
/// signal date).
pub async fn open_arrears_of(
    conn: &mut AnyConnection,
    household_id: i64,
) -> Result<Vec<(i64, NaiveDate, NaiveDate)>> {
    let rows = sqlx::query(
        "SELECT q.id, MIN(s.signal_date) AS first_date, MAX(s.signal_date) AS last_date FROM questions q \
         JOIN arrears_signals s ON s.question_id = q.id \
         WHERE q.household_id = $1 AND q.channel = 'vroegsignalering' AND q.status <> 'afgerond' GROUP BY q.id",
    )
    .bind(household_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                date(&r.try_get::<String, _>("first_date")?)?,
                date(&r.try_get::<String, _>("last_date")?)?,
            ))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrearsRow {
    pub creditor_kind: String,
    pub creditor: String,
    pub amount_cents: i64,
    pub months_overdue: i64,
    pub signal_date: NaiveDate,
}

pub async fn arrears_of_question(db: &Db, question_id: i64) -> Result<Vec<ArrearsRow>> {
    let rows = sqlx::query(
        "SELECT creditor_kind, creditor, amount_cents, months_overdue, signal_date FROM arrears_signals \
         WHERE question_id = $1 ORDER BY signal_date, id",
    )
    .bind(question_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ArrearsRow {
                creditor_kind: r.try_get("creditor_kind")?,
                creditor: r.try_get("creditor")?,
                amount_cents: r.try_get("amount_cents")?,
                months_overdue: r.try_get("months_overdue")?,
                signal_date: date(&r.try_get::<String, _>("signal_date")?)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- assessments

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub kind: String,
    pub member_id: Option<i64>,
    pub assessed_on: NaiveDate,
    pub source: String,
    /// (dimension code, score, note)
    pub scores: Vec<(String, i64, String)>,
}

/// One assessment to store: its kind (`leefgebieden` or
/// `positieve-gezondheid`), when and by whom, and its (dimension, score, note) rows.
pub struct NewAssessment<'a> {
    pub household_id: i64,
    pub kind: &'a str,
    pub member_id: Option<i64>,
    pub assessed_on: NaiveDate,
    pub assessed_by: Option<i64>,
    pub source: &'a str,
    pub scores: &'a [(String, i64, String)],
}

pub async fn add_assessment(
    conn: &mut AnyConnection,
    a: &NewAssessment<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO assessments (household_id, kind, member_id, assessed_on, assessed_by, source, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.household_id)
    .bind(a.kind)
    .bind(a.member_id)
    .bind(day(a.assessed_on))
    .bind(a.assessed_by)
    .bind(a.source)
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = r.try_get("id")?;
    for (dimension, score, note) in a.scores {
        sqlx::query(
            "INSERT INTO assessment_scores (assessment_id, dimension, score, note) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(dimension)
        .bind(*score)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    }
    // A life-domain (re-)assessment during a case is a step the monitor counts.
    if a.kind == "leefgebieden" {
        let case: Option<i64> =
            sqlx::query("SELECT id FROM cases WHERE household_id = $1 AND status <> 'afgesloten'")
                .bind(a.household_id)
                .fetch_optional(&mut *conn)
                .await?
                .map(|r| r.try_get("id"))
                .transpose()?;
        if let Some(case) = case {
            for (dimension, score, _) in a.scores {
                let kind = EventKind::DomainAssessed {
                    case: CaseId(case),
                    domain: parsed(LifeDomain::parse(dimension))?,
                    score: parsed(kompas_domain::toegang::assessment::DomainScore::new(*score))?,
                };
                case_event(conn, case, None, now, kind).await?;
            }
        }
    }
    Ok(id)
}

/// A household's assessments, oldest first, with their scores.
pub async fn assessments(db: &Db, household_id: i64) -> Result<Vec<AssessmentRow>> {
    let rows = sqlx::query(
        "SELECT a.id, a.kind, a.member_id, a.assessed_on, a.source, s.dimension, s.score, s.note \
         FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id \
         WHERE a.household_id = $1 ORDER BY a.assessed_on, a.id, s.dimension",
    )
    .bind(household_id)
    .fetch_all(db.reader())
    .await?;
    let mut out: Vec<AssessmentRow> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        if out.last().is_none_or(|a| a.id != id) {
            out.push(AssessmentRow {
                id,
                kind: r.try_get("kind")?,
                member_id: r.try_get("member_id")?,
                assessed_on: date(&r.try_get::<String, _>("assessed_on")?)?,
                source: r.try_get("source")?,
                scores: Vec::new(),
            });
        }
        if let Some(a) = out.last_mut() {
            a.scores.push((
                r.try_get("dimension")?,
                r.try_get("score")?,
                r.try_get("note")?,
            ));
        }
    }
    Ok(out)
}

/// A household found by a worker's search: its address and its members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseholdHit {
    pub household: Household,
    pub members: Vec<Member>,
}

/// Households of the caller's municipalities that match the search, at most
/// `limit`, with their members.
pub async fn find_households(
    db: &Db,
    scope: &MunicipalityScope,
    search: &kompas_domain::toegang::search::HouseholdSearch,
    limit: i64,
) -> Result<Vec<HouseholdHit>> {
    use kompas_domain::toegang::search::HouseholdSearch as S;
    let scoped = crate::in_scope("h.municipality_id", scope);
    let (filter, a, b): (&str, String, i64) = match search {
        S::Bsn(bsn) => ("m.bsn = $1 AND $2 = 0", bsn.as_str().to_string(), 0),
        S::Address { postcode, number } => (
            "h.postcode = $1 AND ($2 = 0 OR h.house_number = $2)",
            postcode.as_str().to_string(),
            number.map_or(0, i64::from),
        ),
        S::BirthDate(d) => ("m.birth_date = $1 AND $2 = 0", day(*d), 0),
        S::Name(n) => (
            "(LOWER(m.name) LIKE $1 OR LOWER(h.street || ' ' || CAST(COALESCE(h.house_number, 0) AS TEXT)) LIKE $1) AND $2 = 0",
            format!("%{}%", n.replace(['%', '_'], "")),
            0,
        ),
    };
    let sql = format!(
        "SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE {scoped} AND h.id IN \
         (SELECT m.household_id FROM household_members m JOIN households h ON h.id = m.household_id \
          WHERE {filter}) ORDER BY h.id LIMIT $3"
    );
    let found = all(db, sqlx::query(&sql).bind(a).bind(b).bind(limit), household).await?;
    let mut out = Vec::with_capacity(found.len());
    for h in found {
        let members = members(db, h.id).await?;
        out.push(HouseholdHit {
            household: h,
            members,
        });
    }
    Ok(out)
}
