//! The iWmo/iJw messages in and out, kept whole, and the claim lines they
//! carried. Outgoing messages wait in the outbox until the hub collects them.

use super::AllocationRow;
use crate::{time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::allocation::Claimed;
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// In or out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// A message to keep.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub municipality_id: i64,
    pub law: Law,
    /// "301" … "325".
    pub kind: String,
    pub direction: Direction,
    pub message_ref: String,
    pub dated_on: NaiveDate,
    pub agb_code: String,
    pub provider_id: Option<i64>,
    pub household_id: Option<i64>,
    pub replies_to: Option<i64>,
    pub answer_due_on: Option<NaiveDate>,
    pub status: String,
    pub summary: String,
    pub problems: Option<String>,
    pub xml: String,
    pub file_name: Option<String>,
}

/// A kept message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub municipality_id: i64,
    pub law: Law,
    pub kind: String,
    pub direction: Direction,
    pub message_ref: String,
    pub dated_on: NaiveDate,
    pub agb_code: String,
    pub provider_id: Option<i64>,
    pub provider_name: Option<String>,
    pub household_id: Option<i64>,
    pub replies_to: Option<i64>,
    pub answer_due_on: Option<NaiveDate>,
    pub status: String,
    pub summary: String,
    pub problems: Option<String>,
    pub file_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub exported_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT m.id, m.municipality_id, m.law, m.kind, m.direction, m.message_ref, m.dated_on, \
     m.agb_code, m.provider_id, p.name AS provider_name, m.household_id, m.replies_to, m.answer_due_on, \
     m.status, m.summary, m.problems, m.file_name, m.created_at, m.exported_at \
     FROM maatwerk_messages m LEFT JOIN maatwerk_providers p ON p.id = m.provider_id";

fn read(r: &AnyRow) -> Result<MessageRow> {
    Ok(MessageRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        law: crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?,
        kind: r.try_get("kind")?,
        direction: if r.try_get::<String, _>("direction")? == "in" {
            Direction::In
        } else {
            Direction::Out
        },
        message_ref: r.try_get("message_ref")?,
        dated_on: time::date(&r.try_get::<String, _>("dated_on")?)?,
        agb_code: r.try_get("agb_code")?,
        provider_id: r.try_get("provider_id")?,
        provider_name: r.try_get("provider_name")?,
        household_id: r.try_get("household_id")?,
        replies_to: r.try_get("replies_to")?,
        answer_due_on: super::opt_day(r, "answer_due_on")?,
        status: r.try_get("status")?,
        summary: r.try_get("summary")?,
        problems: r.try_get("problems")?,
        file_name: r.try_get("file_name")?,
        created_at: time::from_db(&r.try_get::<String, _>("created_at")?)?,
        exported_at: r
            .try_get::<Option<String>, _>("exported_at")?
            .as_deref()
            .map(time::from_db)
            .transpose()?,
    })
}

/// Keeps a message and the allocations it concerns. The same message id from
/// the same sender twice is refused (TR056).
pub async fn insert_message(
    conn: &mut AnyConnection,
    m: &NewMessage,
    allocation_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO maatwerk_messages (municipality_id, law, kind, direction, message_ref, dated_on, agb_code, \
         provider_id, household_id, replies_to, answer_due_on, status, summary, problems, xml, file_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS BIGINT), CAST($9 AS BIGINT), CAST($10 AS BIGINT), $11, \
         $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(m.municipality_id)
    .bind(m.law.code())
    .bind(&m.kind)
    .bind(m.direction.code())
    .bind(&m.message_ref)
    .bind(time::day(m.dated_on))
    .bind(&m.agb_code)
    .bind(m.provider_id)
    .bind(m.household_id)
    .bind(m.replies_to)
    .bind(m.answer_due_on.map(time::day))
    .bind(&m.status)
    .bind(&m.summary)
    .bind(&m.problems)
    .bind(&m.xml)
    .bind(&m.file_name)
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        crate::conflict_on_unique(
            e,
            &format!(
                "TR056: bericht {} ({}) van {} is al eerder ontvangen of verstuurd",
                m.message_ref, m.kind, m.agb_code
            ),
        )
    })?
    .try_get("id")?;
    for a in allocation_ids {
        sqlx::query(
            "INSERT INTO maatwerk_message_allocations (message_id, allocation_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(a)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Sets where an incoming message stands once answered.
pub async fn set_message_status(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    status: &str,
    problems: Option<&str>,
) -> Result<()> {
    let sql = format!(
        "UPDATE maatwerk_messages SET status = $1, problems = $2 WHERE id = $3 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(status)
        .bind(problems)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Which messages to list.
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub provider_id: Option<i64>,
    pub household_id: Option<i64>,
    pub allocation_id: Option<i64>,
    pub direction: Option<Direction>,
    /// Only outgoing messages the hub has not collected.
    pub pending: bool,
    pub limit: Option<i64>,
}

/// Messages of the caller's municipalities, newest first.
pub async fn messages(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    f: &MessageFilter,
) -> Result<Vec<MessageRow>> {
    let mut sql = format!(
        "{SELECT} WHERE {}",
        crate::in_scope("m.municipality_id", scope)
    );
    if let Some(p) = f.provider_id {
        sql.push_str(&format!(" AND m.provider_id = {p}"));
    }
    if let Some(h) = f.household_id {
        sql.push_str(&format!(" AND m.household_id = {h}"));
    }
    if let Some(a) = f.allocation_id {
        sql.push_str(&format!(
            " AND m.id IN (SELECT message_id FROM maatwerk_message_allocations WHERE allocation_id = {a})"
        ));
    }
    if let Some(d) = f.direction {
        sql.push_str(&format!(" AND m.direction = '{}'", d.code()));
    }
    if f.pending {
        sql.push_str(" AND m.direction = 'out' AND m.exported_at IS NULL");
    }
    sql.push_str(" ORDER BY m.id DESC");
    if let Some(n) = f.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(read)
        .collect()
}

/// A message of the caller's municipalities, with its XML.
pub async fn message_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<(MessageRow, String)>> {
    let sql = format!(
        "{} WHERE m.id = $1 AND {}",
        SELECT.replacen("m.exported_at", "m.exported_at, m.xml", 1),
        crate::in_scope("m.municipality_id", scope)
    );
    let Some(r) = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some((read(&r)?, r.try_get("xml")?)))
}

/// Marks outgoing messages as collected by the hub.
pub async fn mark_exported(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let sql = format!(
        "UPDATE maatwerk_messages SET exported_at = $1, status = 'verzonden' \
         WHERE direction = 'out' AND id IN ({}) AND {}",
        list.join(", "),
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(time::to_db(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The next id for a message the municipality sends: unique per kind for the
/// sender (TR056), here unique over all it sends.
pub async fn next_message_ref(conn: &mut AnyConnection, municipality_id: i64) -> Result<String> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM maatwerk_messages WHERE municipality_id = $1 AND direction = 'out'",
    )
    .bind(municipality_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    Ok(format!("KOMPAS{:06}", n + 1))
}

/// The 301s already sent for a client and provider: when the last went out.
pub async fn last_allocation_message(
    conn: &mut AnyConnection,
    household_id: i64,
    provider_id: i64,
) -> Result<Option<DateTime<Utc>>> {
    let r = sqlx::query(
        "SELECT MAX(created_at) AS at FROM maatwerk_messages \
         WHERE household_id = $1 AND provider_id = $2 AND direction = 'out' AND kind = '301'",
    )
    .bind(household_id)
    .bind(provider_id)
    .fetch_one(&mut *conn)
    .await?;
    r.try_get::<Option<String>, _>("at")?
        .as_deref()
        .map(time::from_db)
        .transpose()
}

/// A claim line and how it was judged.
#[derive(Debug, Clone)]
pub struct NewClaimLine {
    pub municipality_id: i64,
    pub message_id: i64,
    pub provider_id: i64,
    pub allocation: Option<(i64, i64)>,
    pub law: Law,
    pub reference: String,
    pub category: String,
    pub product_code: Option<String>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub volume: i64,
    pub unit: String,
    pub tariff_cents: i64,
    pub claimed_cents: i64,
    pub approved_cents: i64,
    pub rejected_rules: Option<String>,
}

pub async fn insert_claim_line(
    conn: &mut AnyConnection,
    l: &NewClaimLine,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO maatwerk_claim_lines (municipality_id, message_id, provider_id, allocation_id, household_id, \
         law, reference, category, product_code, period_from, period_to, volume, unit, tariff_cents, \
         claimed_cents, approved_cents, rejected_rules, created_at) VALUES ($1, $2, $3, CAST($4 AS BIGINT), \
         CAST($5 AS BIGINT), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(l.municipality_id)
    .bind(l.message_id)
    .bind(l.provider_id)
    .bind(l.allocation.map(|a| a.0))
    .bind(l.allocation.map(|a| a.1))
    .bind(l.law.code())
    .bind(&l.reference)
    .bind(&l.category)
    .bind(&l.product_code)
    .bind(time::day(l.period_from))
    .bind(time::day(l.period_to))
    .bind(l.volume)
    .bind(&l.unit)
    .bind(l.tariff_cents)
    .bind(l.claimed_cents)
    .bind(l.approved_cents)
    .bind(&l.rejected_rules)
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        crate::conflict_on_unique(
            e,
            &format!("TR314: prestatie {} is al eerder gedeclareerd", l.reference),
        )
    })?
    .try_get("id")?;
    Ok(id)
}

/// What was approved on an allocation so far (debits less credits).
pub async fn claimed_on(conn: &mut AnyConnection, allocation: &AllocationRow) -> Result<Claimed> {
    let r = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN approved_cents > 0 THEN volume WHEN approved_cents < 0 THEN -volume ELSE 0 END), 0) AS BIGINT) AS v, \
         CAST(COALESCE(SUM(approved_cents), 0) AS BIGINT) AS c FROM maatwerk_claim_lines WHERE allocation_id = $1",
    )
    .bind(allocation.id)
    .fetch_one(&mut *conn)
    .await?;
    let v: i64 = r.try_get("v")?;
    Ok(Claimed {
        volume: v.max(0) as u64,
        cents: r.try_get("c")?,
    })
}

/// An approved debit line with this reference, for a credit to cancel (TR323).
pub async fn approved_debit(
    conn: &mut AnyConnection,
    municipality_id: i64,
    provider_id: i64,
    law: Law,
    reference: &str,
) -> Result<Option<(i64, i64)>> {
    let r = sqlx::query(
        "SELECT id, approved_cents FROM maatwerk_claim_lines WHERE municipality_id = $1 AND provider_id = $2 \
         AND law = $3 AND reference = $4 AND approved_cents > 0",
    )
    .bind(municipality_id)
    .bind(provider_id)
    .bind(law.code())
    .bind(reference)
    .fetch_optional(&mut *conn)
    .await?;
    r.map(|r| Ok((r.try_get("id")?, r.try_get("approved_cents")?)))
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::Sql(e))
}

/// Whether the provider already claimed a line with this reference (TR314),
/// as a debit or, with `credit`, as a credit.
pub async fn claim_reference_exists(
    conn: &mut AnyConnection,
    municipality_id: i64,
    provider_id: i64,
    law: Law,
    reference: &str,
    credit: bool,
) -> Result<bool> {
    let sign = if credit { "<" } else { ">=" };
    let sql = format!(
        "SELECT COUNT(*) AS n FROM maatwerk_claim_lines WHERE municipality_id = $1 AND provider_id = $2 \
         AND law = $3 AND reference = $4 AND claimed_cents {sign} 0"
    );
    let n: i64 = sqlx::query(&sql)
        .bind(municipality_id)
        .bind(provider_id)
        .bind(law.code())
        .bind(reference)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

/// An outgoing message by the id it carried, for linking a return message.
pub async fn sent_message_with_ref(
    conn: &mut AnyConnection,
    municipality_id: i64,
    message_ref: &str,
) -> Result<Option<i64>> {
    sqlx::query(
        "SELECT id FROM maatwerk_messages WHERE municipality_id = $1 AND direction = 'out' AND message_ref = $2",
    )
    .bind(municipality_id)
    .bind(message_ref)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
    .map_err(StoreError::Sql)
}
