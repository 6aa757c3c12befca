//! Maatwerk: the legal path of each request (melding, report, application,
//! suspensions, extension, notice of default, decision), its decisions
//! (drafts, then final once sent) and objections against them. Every function takes the caller's scope and finds
//! rows through it in SQL. The rules of each step are the domain's
//! (`maatwerk::path`, `maatwerk::terms`): a path is replayed from its row into
//! the domain type, the step is tried there, and only then written, with the
//! row's version so two people cannot overwrite each other's step.

use crate::case_events::path_event;
use crate::{time, Db, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::decision::DecisionKind;
use kompas_domain::maatwerk::path::LegalPath;
use kompas_domain::maatwerk::terms::{self, DecisionClock};
use kompas_domain::maatwerk::Law;
use kompas_domain::monitor::{DecisionId, EventKind, OnPath, PathId};
use kompas_domain::MunicipalityScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

mod allocations;
mod catalogue;
mod costs;
mod decisions;
mod exchange;
mod letters;
mod messages;
mod objections;
pub use allocations::*;
pub use catalogue::*;
pub use costs::*;
pub use decisions::*;
pub use exchange::*;
pub use letters::*;
pub use messages::*;
pub use objections::*;

/// A stored path with its ids and the domain's view of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRow {
    pub id: i64,
    pub municipality_id: i64,
    pub household_id: i64,
    pub member_id: Option<i64>,
    pub path: LegalPath,
    /// Awb 4:17: when the resident's notice of default was received.
    pub default_notice_on: Option<NaiveDate>,
    pub version: i64,
}

/// One step on a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The investigation's written report was sent.
    Report(NaiveDate),
    /// The resident's application arrived.
    Application(NaiveDate),
    /// The decision term stood still from..to (both included), and why.
    Suspend {
        from: NaiveDate,
        to: NaiveDate,
        reason: String,
    },
    /// The extension of the term was announced on `notified_on`.
    Extend {
        notified_on: NaiveDate,
        to: NaiveDate,
    },
    /// The resident's notice of default was received.
    DefaultNotice(NaiveDate),
    /// The decision was sent.
    Decide(NaiveDate),
}

const COLUMNS: &str = "p.id, p.municipality_id, p.household_id, p.member_id, p.law, p.melding_on, \
    p.report_sent_on, p.application_on, p.extension_notice_on, p.extended_to, \
    p.default_notice_on, p.decided_on, p.version";

fn opt_day(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(col)?
        .as_deref()
        .map(time::date)
        .transpose()
}

/// Replays a row (and its suspensions) into the domain's path.
fn replay(r: &AnyRow, suspensions: &[(NaiveDate, NaiveDate)]) -> Result<PathRow> {
    let law = crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?;
    let invalid =
        |e: &dyn std::fmt::Display| StoreError::Invalid(format!("traject in de database: {e}"));
    let mut path = match (opt_day(r, "melding_on")?, opt_day(r, "application_on")?) {
        (Some(melding), application) => {
            let mut p = LegalPath::melding(melding);
            p.law = law;
            if let Some(on) = opt_day(r, "report_sent_on")? {
                p.send_report(on).map_err(|e| invalid(&e))?;
            }
            if let Some(on) = application {
                p.receive_application(on).map_err(|e| invalid(&e))?;
            }
            p
        }
        (None, Some(on)) => LegalPath::application(law, on).map_err(|e| invalid(&e))?,
        (None, None) => return Err(invalid(&"zonder melding en zonder aanvraag")),
    };
    if let Some(clock) = path.clock.as_mut() {
        for (from, to) in suspensions {
            clock.suspend(*from, *to).map_err(|e| invalid(&e))?;
        }
        if let (Some(notified), Some(to)) = (
            opt_day(r, "extension_notice_on")?,
            opt_day(r, "extended_to")?,
        ) {
            clock.extend(notified, to).map_err(|e| invalid(&e))?;
        }
    }
    if let Some(on) = opt_day(r, "decided_on")? {
        path.decide(on).map_err(|e| invalid(&e))?;
    }
    Ok(PathRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        household_id: r.try_get("household_id")?,
        member_id: r.try_get("member_id")?,
        path,
        default_notice_on: opt_day(r, "default_notice_on")?,
        version: r.try_get("version")?,
    })
}

async fn suspensions_of(
    conn: &mut AnyConnection,
    path_id: i64,
) -> Result<Vec<(NaiveDate, NaiveDate)>> {
    let rows = sqlx::query(
        "SELECT from_day, to_day FROM maatwerk_suspensions WHERE path_id = $1 ORDER BY from_day",
    )
    .bind(path_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                time::date(&r.try_get::<String, _>("from_day")?)?,
                time::date(&r.try_get::<String, _>("to_day")?)?,
            ))
        })
        .collect()
}

/// Starts a path for a household of the caller's municipalities: a melding
/// under the Wmo, otherwise an application. `member_id`, when given, must be
/// a member of that household.
#[allow(clippy::too_many_arguments)]
pub async fn start_path(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    household_id: i64,
    member_id: Option<i64>,
    law: Law,
    on: NaiveDate,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    // The domain decides how the path starts (a Wmo path with a melding).
    let (melding, application) = match law {
        Law::Wmo => (Some(on), None),
        _ => {
            LegalPath::application(law, on).map_err(|e| StoreError::Invalid(e.to_string()))?;
            (None, Some(on))
        }
    };
    let sql = format!(
        "INSERT INTO maatwerk_paths (municipality_id, household_id, member_id, law, melding_on, \
         application_on, created_at, created_by) \
         SELECT h.municipality_id, h.id, CAST($2 AS BIGINT), $3, $4, $5, $6, CAST($7 AS BIGINT) FROM households h \
         WHERE h.id = $1 AND {} \
         AND (CAST($2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM household_members m WHERE m.id = $2 AND m.household_id = h.id)) \
         RETURNING id",
        crate::in_scope("h.municipality_id", scope)
    );
    let row = sqlx::query(&sql)
        .bind(household_id)
        .bind(member_id)
        .bind(law.code())
        .bind(melding.map(time::day))
        .bind(application.map(time::day))
        .bind(time::to_db(now))
        .bind(by)
        .fetch_optional(&mut *conn)
        .await?;
    let id: i64 = match row {
        Some(r) => r.try_get("id")?,
        None => return Err(StoreError::NotFound(format!("huishouden {household_id}"))),
    };
    let kind = EventKind::MaatwerkRequested {
        on: on_path(id, law),
        melding: melding.is_some(),
    };
    path_event(conn, id, on, kind).await?;
    Ok(id)
}

/// What a maatwerk case event is about.
pub(crate) fn on_path(id: i64, law: Law) -> OnPath {
    OnPath {
        path: PathId(id),
        law,
    }
}

/// The row `select` (ending in `WHERE … = $1`) finds for `id`, if it lies in
/// the caller's municipalities (`column` holds the row's municipality).
async fn scoped_row(
    conn: &mut AnyConnection,
    select: &str,
    column: &str,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<AnyRow>> {
    let sql = format!("{select} AND {}", crate::in_scope(column, scope));
    Ok(sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A path of the caller's municipalities.
pub async fn path_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<PathRow>> {
    let select = format!("SELECT {COLUMNS} FROM maatwerk_paths p WHERE p.id = $1");
    let Some(r) = scoped_row(conn, &select, "p.municipality_id", scope, id).await? else {
        return Ok(None);
    };
    let suspensions = suspensions_of(conn, id).await?;
    replay(&r, &suspensions).map(Some)
}

/// Takes one step on a path of the caller's municipalities, if the domain
/// allows it and nobody else changed the path since `version`. Run it in a
/// transaction: a refused step may have written part of itself. A step
/// that matters to the monitor appends its case event.
pub async fn record_step(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    version: i64,
    step: &Step,
) -> Result<()> {
    take_step(conn, scope, id, version, step, None).await
}

/// `record_step`, for a decision sent through Kompas (`decision`) or not.
pub(crate) async fn take_step(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    version: i64,
    step: &Step,
    decision: Option<(i64, DecisionKind)>,
) -> Result<()> {
    let current = path_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("traject {id}")))?;
    if current.version != version {
        return Err(StoreError::Conflict(
            "iemand anders heeft dit traject intussen bijgewerkt; laad de pagina opnieuw".into(),
        ));
    }
    let mut path = current.path.clone();
    let refused = |e: &dyn std::fmt::Display| StoreError::Invalid(e.to_string());
    let on = on_path(id, path.law);
    let event = match step {
        Step::Report(day) => path.melding.map(|m| EventKind::MaatwerkReportSent {
            on,
            deadline_met: *day <= terms::investigation(m).last_day,
        }),
        Step::Application(_) if path.melding.is_some() => {
            Some(EventKind::MaatwerkApplication { on })
        }
        Step::Decide(day) => Some(EventKind::DecisionSent {
            on,
            decision: decision.map(|(d, _)| DecisionId(d)),
            kind: decision.map_or(DecisionKind::First, |(_, k)| k),
            deadline_met: path.clock.as_ref().map(|c| c.met_by(*day)),
        }),
        _ => None,
    };
    let (column, day) = match step {
        Step::Report(on) => {
            path.send_report(*on).map_err(|e| refused(&e))?;
            ("report_sent_on", *on)
        }
        Step::Application(on) => {
            path.receive_application(*on).map_err(|e| refused(&e))?;
            ("application_on", *on)
        }
        Step::Decide(on) => {
            path.decide(*on).map_err(|e| refused(&e))?;
            ("decided_on", *on)
        }
        Step::DefaultNotice(on) => {
            if path.decided.is_some() {
                return Err(StoreError::Invalid("Het besluit is al verstuurd.".into()));
            }
            ("default_notice_on", *on)
        }
        Step::Extend { notified_on, to } => {
            clock(&mut path)?
                .extend(*notified_on, *to)
                .map_err(|e| refused(&e))?;
            sqlx::query("UPDATE maatwerk_paths SET extension_notice_on = $1 WHERE id = $2")
                .bind(time::day(*notified_on))
                .bind(id)
                .execute(&mut *conn)
                .await?;
            ("extended_to", *to)
        }
        Step::Suspend { from, to, reason } => {
            clock(&mut path)?
                .suspend(*from, *to)
                .map_err(|e| refused(&e))?;
            sqlx::query(
                "INSERT INTO maatwerk_suspensions (path_id, from_day, to_day, reason) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(time::day(*from))
            .bind(time::day(*to))
            .bind(reason.trim())
            .execute(&mut *conn)
            .await?;
            let n = sqlx::query(
                "UPDATE maatwerk_paths SET version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(version)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            return changed(n);
        }
    };
    let sql = format!(
        "UPDATE maatwerk_paths SET {column} = $1, version = version + 1 WHERE id = $2 AND version = $3"
    );
    let n = sqlx::query(&sql)
        .bind(time::day(day))
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    changed(n)?;
    if let Some(kind) = event {
        path_event(conn, id, day, kind).await?;
    }
    Ok(())
}

/// The decision clock of a path, once there is an application.
fn clock(p: &mut LegalPath) -> Result<&mut DecisionClock> {
    p.clock
        .as_mut()
        .ok_or_else(|| StoreError::Invalid("Eerst moet de aanvraag er zijn.".into()))
}

fn changed(rows: u64) -> Result<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(
            "iemand anders heeft dit traject intussen bijgewerkt; laad de pagina opnieuw".into(),
        ))
    }
}

/// The paths of the caller's municipalities without a decision yet, oldest
/// first: the worklist. With `worker`, only the paths of households that
/// worker may work on (on the team of one of its cases, or with a question
/// of it open in the queue), as `toegang::household_link` decides for one.
pub async fn open_paths(
    db: &Db,
    scope: &MunicipalityScope,
    worker: Option<i64>,
) -> Result<Vec<PathRow>> {
    // Start from the worker's households (a join the planner can use on both
    // databases), not from every open path with two lookups each. A
    // household's questions are in its own municipality, so the queue part
    // may filter questions by the scope.
    let sql = format!(
        "SELECT {COLUMNS} FROM maatwerk_paths p WHERE p.decided_on IS NULL AND {} \
         AND (CAST($1 AS BIGINT) IS NULL OR p.household_id IN ( \
           SELECT c.household_id FROM case_team t JOIN cases c ON c.id = t.case_id \
            WHERE t.user_id = $1 \
           UNION SELECT q.household_id FROM questions q \
            WHERE q.household_id IS NOT NULL AND q.status <> 'afgerond' AND {})) \
         ORDER BY p.id",
        crate::in_scope("p.municipality_id", scope),
        crate::in_scope("q.municipality_id", scope)
    );
    let rows = sqlx::query(&sql)
        .bind(worker)
        .fetch_all(db.reader())
        .await?;
    // Suspensions of the listed paths only (ids from the rows just read).
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    let mut by_path: std::collections::HashMap<i64, Vec<(NaiveDate, NaiveDate)>> =
        std::collections::HashMap::new();
    for chunk in ids.chunks(1_000) {
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        let suspended = format!(
            "SELECT path_id, from_day, to_day FROM maatwerk_suspensions \
             WHERE path_id IN ({}) ORDER BY path_id, from_day",
            list.join(", ")
        );
        for r in sqlx::query(&suspended).fetch_all(db.reader()).await? {
            by_path.entry(r.try_get("path_id")?).or_default().push((
                time::date(&r.try_get::<String, _>("from_day")?)?,
                time::date(&r.try_get::<String, _>("to_day")?)?,
            ));
        }
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            replay(r, by_path.get(&id).map(Vec::as_slice).unwrap_or_default())
        })
        .collect()
}
