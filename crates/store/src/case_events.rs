//! `case_events`: the append-only log that toegang and plan write and the
//! monitor reads. Append inside the transaction of the step it records:
//!
//! ```ignore
//! let mut tx = db.begin().await?;
//! // … change the question or case …
//! kompas_store::case_events::append_case_event(&mut tx, &event).await?;
//! tx.commit().await?;
//! ```

use crate::{parsed, time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::monitor::engine::EventColumns;
use kompas_domain::monitor::{AreaCode, AreaLevel, CaseEvent, EventKind, EventRow, HouseholdId};
use kompas_domain::Role;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const COLUMNS: &str =
    "kind, at, municipality_id, wijk, household_id, question_id, case_id, referral_id, \
    offer_id, layer, from_layer, life_domain, score, channel, outcome, deadline_met, actor_role";
const PER_ROW: usize = 17;

type AnyQuery<'q> = crate::directory::AnyQuery<'q>;

fn bind_row<'q>(q: AnyQuery<'q>, r: EventRow) -> AnyQuery<'q> {
    q.bind(r.kind)
        .bind(time::to_db(r.at))
        .bind(r.municipality_id)
        .bind(r.wijk)
        .bind(r.household_id)
        .bind(r.question_id)
        .bind(r.case_id)
        .bind(r.referral_id)
        .bind(r.offer_id)
        .bind(r.layer.map(i64::from))
        .bind(r.from_layer.map(i64::from))
        .bind(r.life_domain)
        .bind(r.score.map(i64::from))
        .bind(r.channel)
        .bind(r.outcome)
        .bind(r.deadline_met.map(i64::from))
        .bind(r.actor_role)
}

fn placeholders(rows: usize) -> String {
    (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=PER_ROW)
                .map(|c| format!("${}", r * PER_ROW + c))
                .collect();
            format!("({})", p.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Appends one event; returns its id. Call it with the transaction of the
/// change it records, so the event exists exactly when the change does.
pub async fn append_case_event(conn: &mut AnyConnection, e: &CaseEvent) -> Result<i64> {
    let sql = format!(
        "INSERT INTO case_events ({COLUMNS}) VALUES {} RETURNING id",
        placeholders(1)
    );
    let row = bind_row(sqlx::query(&sql), e.to_row())
        .fetch_one(conn)
        .await?;
    Ok(row.try_get("id")?)
}

/// Appends many events (generators, imports) in multi-row statements.
pub async fn append_case_events(conn: &mut AnyConnection, events: &[CaseEvent]) -> Result<u64> {
    const BATCH: usize = 500;
    let mut n = 0;
    for chunk in events.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO case_events ({COLUMNS}) VALUES {}",
            placeholders(chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = bind_row(q, e.to_row());
        }
        n += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

fn small(r: &AnyRow, col: &str) -> Result<Option<u8>> {
    Ok(r.try_get::<Option<i64>, _>(col)?
        .map(|v| u8::try_from(v).unwrap_or(u8::MAX)))
}

fn event_row(r: &AnyRow) -> Result<EventRow> {
    let at: String = r.try_get("at")?;
    Ok(EventRow {
        kind: r.try_get("kind")?,
        at: time::from_db(&at)?,
        municipality_id: r.try_get("municipality_id")?,
        wijk: r.try_get("wijk")?,
        household_id: r.try_get("household_id")?,
        question_id: r.try_get("question_id")?,
        case_id: r.try_get("case_id")?,
        referral_id: r.try_get("referral_id")?,
        offer_id: r.try_get("offer_id")?,
        layer: small(r, "layer")?,
        from_layer: small(r, "from_layer")?,
        life_domain: r.try_get("life_domain")?,
        score: small(r, "score")?,
        channel: r.try_get("channel")?,
        outcome: r.try_get("outcome")?,
        deadline_met: r.try_get::<Option<i64>, _>("deadline_met")?.map(|v| v != 0),
        actor_role: r.try_get("actor_role")?,
    })
}

fn in_list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The events of these municipalities, oldest first, as typed events.
pub async fn events(db: &Db, municipalities: &[i64]) -> Result<Vec<CaseEvent>> {
    let mut out = Vec::new();
    load(db, municipalities, |row| {
        out.push(row.parse().map_err(StoreError::Invalid)?);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// The events of these municipalities in the engine's columns.
pub async fn load_columns(db: &Db, municipalities: &[i64]) -> Result<EventColumns> {
    let mut cols = EventColumns::new();
    load(db, municipalities, |row| {
        let e = row
            .parse()
            .map_err(|e| StoreError::Invalid(format!("case_events: {e}")))?;
        cols.push(&e);
        Ok(())
    })
    .await?;
    Ok(cols)
}

/// Reads in pages by id, so memory stays bounded by the result.
async fn load(
    db: &Db,
    municipalities: &[i64],
    mut each: impl FnMut(EventRow) -> Result<()>,
) -> Result<()> {
    if municipalities.is_empty() {
        return Ok(());
    }
    const PAGE: i64 = 20_000;
    let sql = format!(
        "SELECT id, {COLUMNS} FROM case_events WHERE id > $1 AND municipality_id IN ({}) ORDER BY id LIMIT {PAGE}",
        in_list(2, municipalities.len())
    );
    let mut after = 0_i64;
    loop {
        let mut q = sqlx::query(&sql).bind(after);
        for m in municipalities {
            q = q.bind(*m);
        }
        let rows = q.fetch_all(db.reader()).await?;
        for r in &rows {
            each(event_row(r)?)?;
        }
        match rows.last() {
            Some(r) if rows.len() as i64 == PAGE => after = r.try_get("id")?,
            _ => return Ok(()),
        }
    }
}

/// Changes when events are added: the count and the highest id (for caches).
pub async fn fingerprint(db: &Db, municipalities: &[i64]) -> Result<(i64, i64)> {
    if municipalities.is_empty() {
        return Ok((0, 0));
    }
    let sql = format!(
        "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM case_events WHERE municipality_id IN ({})",
        in_list(1, municipalities.len())
    );
    let mut q = sqlx::query(&sql);
    for m in municipalities {
        q = q.bind(*m);
    }
    let r = q.fetch_one(db.reader()).await?;
    Ok((r.try_get("n")?, r.try_get("m")?))
}

/// The time of the newest event of a municipality.
pub async fn newest(db: &Db, municipality_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query("SELECT MAX(at) AS t FROM case_events WHERE municipality_id = $1")
            .bind(municipality_id)
            .fetch_one(db.reader())
            .await?
            .try_get("t")?,
    )
}

/// A wijk code for the monitor; kernen and unknown areas count as "wijk unknown".
fn wijk_of(area_code: Option<&str>) -> Option<AreaCode> {
    area_code
        .and_then(|c| AreaCode::parse(c).ok())
        .filter(|a| a.level() == AreaLevel::Wijk)
}

pub(crate) async fn append_event(
    conn: &mut AnyConnection,
    municipality_id: i64,
    area_code: Option<&str>,
    household_id: Option<i64>,
    actor: Option<Role>,
    at: DateTime<Utc>,
    kind: EventKind,
) -> Result<()> {
    let e = parsed(CaseEvent::new(
        at,
        municipality_id,
        wijk_of(area_code),
        household_id.map(HouseholdId),
        actor,
        kind,
    ))?;
    crate::case_events::append_case_event(conn, &e).await?;
    Ok(())
}

/// Appends the event of a step on the record `place` finds (one row with
/// `municipality_id`, `area_code` and `household_id`), in the caller's transaction.
pub(crate) async fn event_at(
    conn: &mut AnyConnection,
    place: AnyQuery<'_>,
    actor: Option<Role>,
    at: DateTime<Utc>,
    kind: EventKind,
) -> Result<()> {
    let r = place.fetch_one(&mut *conn).await?;
    let area: Option<String> = r.try_get("area_code")?;
    append_event(
        conn,
        r.try_get("municipality_id")?,
        area.as_deref(),
        r.try_get("household_id")?,
        actor,
        at,
        kind,
    )
    .await
}

/// Appends the case event of a step on a case, with its municipality, wijk and household.
pub(crate) async fn case_event(
    conn: &mut AnyConnection,
    case_id: i64,
    actor: Option<Role>,
    at: DateTime<Utc>,
    kind: EventKind,
) -> Result<()> {
    let place = sqlx::query(
        "SELECT c.municipality_id, c.household_id, h.area_code FROM cases c \
         JOIN households h ON h.id = c.household_id WHERE c.id = $1",
    )
    .bind(case_id);
    event_at(conn, place, actor, at, kind).await
}
