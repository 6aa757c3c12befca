//! `case_events`: the append-only log that toegang and plan write and the
//! monitor reads. Append inside the transaction of the step it records:
//!
//! ```ignore
//! let mut tx = db.begin().await?;
//! // … change the question or case …
//! kompas_store::case_events::append_case_event(&mut tx, &event).await?;
//! tx.commit().await?;
//! ```

use crate::multi_row::{rows_per_statement, value_rows};
use crate::{parsed, pg_copy, time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use kompas_domain::monitor::engine::EventColumns;
use kompas_domain::monitor::{AreaCode, AreaLevel, CaseEvent, EventKind, EventRow, HouseholdId};
use kompas_domain::Role;
use sqlx::any::AnyRow;
use sqlx::postgres::{PgPool, PgPoolCopyExt};
use sqlx::{AnyConnection, Row};

const COLUMNS: &str =
    "kind, at, municipality_id, wijk, household_id, question_id, case_id, referral_id, \
    offer_id, layer, from_layer, life_domain, score, channel, outcome, deadline_met, actor_role, \
    path_id, decision_id, law";
const PER_ROW: usize = 20;

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
        .bind(r.path_id)
        .bind(r.decision_id)
        .bind(r.law)
}

/// Appends one event; returns its id. Call it with the transaction of the
/// change it records, so the event exists exactly when the change does.
pub async fn append_case_event(conn: &mut AnyConnection, e: &CaseEvent) -> Result<i64> {
    let sql = format!(
        "INSERT INTO case_events ({COLUMNS}) VALUES {} RETURNING id",
        value_rows(1, PER_ROW)
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
    for chunk in events.chunks(rows_per_statement(conn, PER_ROW).min(BATCH)) {
        let sql = format!(
            "INSERT INTO case_events ({COLUMNS}) VALUES {}",
            value_rows(chunk.len(), PER_ROW)
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = bind_row(q, e.to_row());
        }
        n += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

fn small(v: Option<i64>) -> Option<u8> {
    v.map(|v| u8::try_from(v).unwrap_or(u8::MAX))
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
        layer: small(r.try_get("layer")?),
        from_layer: small(r.try_get("from_layer")?),
        life_domain: r.try_get("life_domain")?,
        score: small(r.try_get("score")?),
        channel: r.try_get("channel")?,
        outcome: r.try_get("outcome")?,
        deadline_met: r.try_get::<Option<i64>, _>("deadline_met")?.map(|v| v != 0),
        actor_role: r.try_get("actor_role")?,
        path_id: r.try_get("path_id")?,
        decision_id: r.try_get("decision_id")?,
        law: r.try_get("law")?,
    })
}

/// A row of `COPY (SELECT id, {COLUMNS} …)` in binary: its id and the row.
fn copied_row(f: &[Option<&[u8]>]) -> Result<(i64, EventRow)> {
    let int = |i: usize| pg_copy::int(f[i]);
    let text = |i: usize| Ok::<_, StoreError>(pg_copy::text(f[i])?.map(str::to_string));
    let missing = |what: &str| StoreError::Invalid(format!("case_events: {what} ontbreekt"));
    let at = pg_copy::text(f[2])?.ok_or_else(|| missing("at"))?;
    Ok((
        int(0)?.ok_or_else(|| missing("id"))?,
        EventRow {
            kind: text(1)?.ok_or_else(|| missing("kind"))?,
            at: time::from_db(at)?,
            municipality_id: int(3)?.ok_or_else(|| missing("municipality_id"))?,
            wijk: text(4)?,
            household_id: int(5)?,
            question_id: int(6)?,
            case_id: int(7)?,
            referral_id: int(8)?,
            offer_id: int(9)?,
            layer: small(int(10)?),
            from_layer: small(int(11)?),
            life_domain: text(12)?,
            score: small(int(13)?),
            channel: text(14)?,
            outcome: text(15)?,
            deadline_met: int(16)?.map(|v| v != 0),
            actor_role: text(17)?,
            path_id: int(18)?,
            decision_id: int(19)?,
            law: text(20)?,
        },
    ))
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
    scan(db, municipalities, 0, &mut |_, row| {
        out.push(row.parse().map_err(StoreError::Invalid)?);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// The events of these municipalities in the engine's columns.
pub async fn load_columns(db: &Db, municipalities: &[i64]) -> Result<EventColumns> {
    Ok(LoadedColumns::load(db, municipalities).await?.columns)
}

/// Which events loaded columns hold: how many, the sum of their ids and the
/// highest id. The database's figures for ids up to that highest one must be
/// the same, or something other than an append happened (a restore, an event
/// committed late with a lower id) and the columns must be loaded anew.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub count: i64,
    pub id_sum: i64,
    pub max_id: i64,
}

impl Coverage {
    fn add(&mut self, id: i64) {
        self.count += 1;
        self.id_sum = self.id_sum.wrapping_add(id);
        self.max_id = self.max_id.max(id);
    }
}

/// What `LoadedColumns::refresh` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    Unchanged,
    /// This many new events were appended.
    Appended(usize),
    /// Everything was loaded again.
    Reloaded,
}

/// The events of a set of municipalities in the engine's columns, kept up to
/// date by loading only the events added since (`case_events` is append-only).
#[derive(Debug, Default)]
pub struct LoadedColumns {
    columns: EventColumns,
    /// `None` when the columns cannot be trusted (a refresh failed half-way).
    covered: Option<Coverage>,
}

fn push(columns: &mut EventColumns, row: EventRow) -> Result<()> {
    let e = row
        .parse()
        .map_err(|e| StoreError::Invalid(format!("case_events: {e}")))?;
    columns.push(&e);
    Ok(())
}

impl LoadedColumns {
    /// Every event of these municipalities; on PostgreSQL with a binary `COPY`.
    pub async fn load(db: &Db, municipalities: &[i64]) -> Result<LoadedColumns> {
        let mut columns = EventColumns::new();
        let mut covered = Coverage::default();
        scan(db, municipalities, 0, &mut |id, row| {
            covered.add(id);
            push(&mut columns, row)
        })
        .await?;
        Ok(LoadedColumns {
            columns,
            covered: Some(covered),
        })
    }

    pub fn columns(&self) -> &EventColumns {
        &self.columns
    }

    pub fn coverage(&self) -> Option<Coverage> {
        self.covered
    }

    /// Appends the events added since the last load or refresh, or loads
    /// everything again when the database holds other events up to the newest
    /// one we hold than we do.
    pub async fn refresh(&mut self, db: &Db, municipalities: &[i64]) -> Result<Refresh> {
        if let Some(mut covered) = self.covered.take() {
            let mut added = 0;
            let columns = &mut self.columns;
            scan_rows(db, municipalities, covered.max_id, &mut |id, row| {
                covered.add(id);
                added += 1;
                push(columns, row)
            })
            .await?;
            if coverage_up_to(db, municipalities, covered.max_id).await? == covered {
                self.covered = Some(covered);
                return Ok(match added {
                    0 => Refresh::Unchanged,
                    n => Refresh::Appended(n),
                });
            }
        }
        *self = LoadedColumns::load(db, municipalities).await?;
        Ok(Refresh::Reloaded)
    }
}

/// The database's `Coverage` of the events with an id up to `max_id`.
pub async fn coverage_up_to(db: &Db, municipalities: &[i64], max_id: i64) -> Result<Coverage> {
    if municipalities.is_empty() {
        return Ok(Coverage::default());
    }
    let sql = format!(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(id), 0) AS BIGINT) AS s, COALESCE(MAX(id), 0) AS m \
         FROM case_events WHERE id <= $1 AND municipality_id IN ({})",
        in_list(2, municipalities.len())
    );
    let mut q = sqlx::query(&sql).bind(max_id);
    for m in municipalities {
        q = q.bind(*m);
    }
    let r = q.fetch_one(db.reader()).await?;
    Ok(Coverage {
        count: r.try_get("n")?,
        id_sum: r.try_get("s")?,
        max_id: r.try_get("m")?,
    })
}

type Each<'a> = dyn FnMut(i64, EventRow) -> Result<()> + Send + 'a;

/// Every event after id `after`, in id order: a binary `COPY` on PostgreSQL
/// when reading from the start, a streamed query otherwise.
async fn scan(db: &Db, municipalities: &[i64], after: i64, each: &mut Each<'_>) -> Result<()> {
    match db.bulk() {
        Some(pg) if after == 0 && !municipalities.is_empty() => {
            copy_rows(pg, municipalities, each).await
        }
        _ => scan_rows(db, municipalities, after, each).await,
    }
}

/// Streams the rows through the `Any` driver (SQLite, and small increments).
async fn scan_rows(db: &Db, municipalities: &[i64], after: i64, each: &mut Each<'_>) -> Result<()> {
    if municipalities.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT id, {COLUMNS} FROM case_events WHERE id > $1 AND municipality_id IN ({}) ORDER BY id",
        in_list(2, municipalities.len())
    );
    let mut q = sqlx::query(&sql).bind(after);
    for m in municipalities {
        q = q.bind(*m);
    }
    let mut rows = q.fetch(db.reader());
    while let Some(r) = rows.try_next().await? {
        each(r.try_get("id")?, event_row(&r)?)?;
    }
    Ok(())
}

/// `COPY … TO STDOUT (FORMAT binary)`, decoded as it streams in: no rows as
/// objects of the `Any` driver, no pages.
async fn copy_rows(pg: &PgPool, municipalities: &[i64], each: &mut Each<'_>) -> Result<()> {
    // COPY takes no parameters; the ids are integers, never text from a request.
    let ids: Vec<String> = municipalities.iter().map(i64::to_string).collect();
    let sql = format!(
        "COPY (SELECT id, {COLUMNS} FROM case_events WHERE municipality_id IN ({}) ORDER BY id) \
         TO STDOUT (FORMAT binary)",
        ids.join(", ")
    );
    let mut stream = pg.copy_out_raw(&sql).await?;
    let mut rows = pg_copy::BinaryRows::new(PER_ROW + 1);
    let mut failed = None;
    while let Some(chunk) = stream.try_next().await? {
        // After a bad row, read on to the end so the connection leaves COPY mode.
        if failed.is_none() {
            let read = rows.feed(&chunk, &mut |f| {
                let (id, row) = copied_row(f)?;
                each(id, row)
            });
            failed = read.err();
        }
    }
    match failed {
        Some(e) => Err(e),
        None => rows.finish(),
    }
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

/// Appends the case event of a maatwerk step on a path, with its
/// municipality, wijk and household, at noon of the step's day (the law
/// counts days; noon keeps the day in Dutch time).
pub(crate) async fn path_event(
    conn: &mut AnyConnection,
    path_id: i64,
    day: chrono::NaiveDate,
    kind: EventKind,
) -> Result<()> {
    const PLACE: &str = "SELECT p.municipality_id, h.area_code, p.household_id \
        FROM maatwerk_paths p JOIN households h ON h.id = p.household_id WHERE p.id = $1";
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    event_at(conn, sqlx::query(PLACE).bind(path_id), None, noon, kind).await
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
