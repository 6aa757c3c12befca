//! Maatwerk: the legal path of each request (melding, report, application,
//! suspensions, extension, notice of default, decision), its decisions
//! (drafts, then final once sent) and objections against them. Every function takes the caller's scope and finds
//! rows through it in SQL. The rules of each step are the domain's
//! (`maatwerk::path`, `maatwerk::terms`): a path is replayed from its row into
//! the domain type, the step is tried there, and only then written, with the
//! row's version so two people cannot overwrite each other's step.

use crate::{time, Db, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::codes::{self, Frequency, ProductCode, Unit};
use kompas_domain::maatwerk::decision::{
    Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome,
};
use kompas_domain::maatwerk::objection::{Objection, ObjectionOutcome};
use kompas_domain::maatwerk::path::LegalPath;
use kompas_domain::maatwerk::terms::DecisionClock;
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

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
    match row {
        Some(r) => Ok(r.try_get("id")?),
        None => Err(StoreError::NotFound(format!("huishouden {household_id}"))),
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
/// transaction: a refused step may have written part of itself.
pub async fn record_step(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    version: i64,
    step: &Step,
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
    changed(n)
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
    let sql = format!(
        "SELECT {COLUMNS} FROM maatwerk_paths p WHERE p.decided_on IS NULL AND {} \
         AND (CAST($1 AS BIGINT) IS NULL \
           OR EXISTS (SELECT 1 FROM case_team t JOIN cases c ON c.id = t.case_id \
                      WHERE t.user_id = $1 AND c.household_id = p.household_id) \
           OR EXISTS (SELECT 1 FROM questions q WHERE q.household_id = p.household_id \
                      AND q.municipality_id = p.municipality_id AND q.status <> 'afgerond')) \
         ORDER BY p.id",
        crate::in_scope("p.municipality_id", scope)
    );
    let rows = sqlx::query(&sql)
        .bind(worker)
        .fetch_all(db.reader())
        .await?;
    let suspended = format!(
        "SELECT s.path_id, s.from_day, s.to_day FROM maatwerk_suspensions s \
         JOIN maatwerk_paths p ON p.id = s.path_id \
         WHERE p.decided_on IS NULL AND {} ORDER BY s.path_id, s.from_day",
        crate::in_scope("p.municipality_id", scope)
    );
    let mut by_path: std::collections::HashMap<i64, Vec<(NaiveDate, NaiveDate)>> =
        std::collections::HashMap::new();
    for r in sqlx::query(&suspended).fetch_all(db.reader()).await? {
        by_path.entry(r.try_get("path_id")?).or_default().push((
            time::date(&r.try_get::<String, _>("from_day")?)?,
            time::date(&r.try_get::<String, _>("to_day")?)?,
        ));
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            replay(r, by_path.get(&id).map(Vec::as_slice).unwrap_or_default())
        })
        .collect()
}

/// A stored decision: its draft, and the day it was sent (then it is final).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub id: i64,
    pub path_id: i64,
    pub household_id: i64,
    pub draft: DecisionDraft,
    pub sent_on: Option<NaiveDate>,
}

/// Saves a decision draft on a path of the caller's municipalities, with its
/// products, after the domain found nothing to fix. A decision that replaces
/// another must name a sent decision of the same household.
pub async fn save_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    path_id: i64,
    draft: &DecisionDraft,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    if let Some(p) = draft.problems().first() {
        let which = p.line.map(|n| format!("product {n}, ")).unwrap_or_default();
        return Err(StoreError::Invalid(format!(
            "{which}{}: {}",
            p.field, p.reason
        )));
    }
    let path = path_by_id(conn, scope, path_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("traject {path_id}")))?;
    if path.path.law != draft.law {
        return Err(StoreError::Invalid(format!(
            "Dit traject loopt onder de {}.",
            path.path.law.label_nl()
        )));
    }
    if let Some(old) = draft.replaces {
        match decision_by_id(conn, scope, old).await? {
            Some(d) if d.household_id == path.household_id && d.sent_on.is_some() => {}
            _ => {
                return Err(StoreError::Invalid(
                    "Het besluit dat wordt vervangen hoort niet bij dit huishouden of is nog niet verstuurd."
                        .into(),
                ))
            }
        }
    }
    let id: i64 = sqlx::query(
        "INSERT INTO maatwerk_decisions (municipality_id, path_id, law, kind, replaces_id, created_at, created_by) \
         VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), $6, CAST($7 AS BIGINT)) RETURNING id",
    )
    .bind(path.municipality_id)
    .bind(path_id)
    .bind(draft.law.code())
    .bind(draft.kind.code())
    .bind(draft.replaces)
    .bind(time::to_db(now))
    .bind(by)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    for (position, l) in (1_i64..).zip(&draft.lines) {
        let (quantity, unit, frequency, budget) = match l.amount {
            Some(Amount::Volume {
                quantity,
                unit,
                frequency,
            }) => (
                Some(i64::from(quantity)),
                Some(unit.code()),
                Some(frequency.code()),
                None,
            ),
            Some(Amount::Budget { cents }) => (None, None, None, Some(cents)),
            None => (None, None, None, None),
        };
        sqlx::query(
            "INSERT INTO maatwerk_decision_lines (decision_id, position, category, product_code, outcome, \
             quantity, unit, frequency, budget_cents, delivery, start_on, end_on, reasoning) \
             VALUES ($1, $2, $3, $4, $5, CAST($6 AS BIGINT), $7, $8, CAST($9 AS BIGINT), $10, $11, $12, $13)",
        )
        .bind(id)
        .bind(position)
        .bind(l.category.code)
        .bind(l.product.as_ref().map(|p| p.as_str().to_string()))
        .bind(l.outcome.code())
        .bind(quantity)
        .bind(unit)
        .bind(frequency)
        .bind(budget)
        .bind(l.delivery.code())
        .bind(l.start.map(time::day))
        .bind(l.end.map(time::day))
        .bind(l.reasoning.trim())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// A decision of the caller's municipalities, with its products.
pub async fn decision_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<DecisionRow>> {
    let select = "SELECT d.id, d.path_id, p.household_id, d.law, d.kind, d.replaces_id, d.sent_on \
         FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id WHERE d.id = $1";
    let Some(r) = scoped_row(conn, select, "d.municipality_id", scope, id).await? else {
        return Ok(None);
    };
    let law = crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?;
    let rows = sqlx::query(
        "SELECT category, product_code, outcome, quantity, unit, frequency, budget_cents, delivery, \
         start_on, end_on, reasoning FROM maatwerk_decision_lines WHERE decision_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = Vec::new();
    for l in &rows {
        let text = |c: &str| -> Result<String> { Ok(l.try_get::<String, _>(c)?) };
        let amount = match (
            l.try_get::<Option<i64>, _>("quantity")?,
            l.try_get::<Option<String>, _>("unit")?,
            l.try_get::<Option<String>, _>("frequency")?,
            l.try_get::<Option<i64>, _>("budget_cents")?,
        ) {
            (Some(q), Some(u), Some(f), _) => Some(Amount::Volume {
                quantity: u32::try_from(q)
                    .map_err(|_| StoreError::Invalid(format!("omvang {q}")))?,
                unit: crate::parsed(Unit::parse(&u))?,
                frequency: crate::parsed(Frequency::parse(&f))?,
            }),
            (_, _, _, Some(cents)) => Some(Amount::Budget { cents }),
            _ => None,
        };
        lines.push(Line {
            category: crate::parsed(codes::category(law, &text("category")?))?,
            product: l
                .try_get::<Option<String>, _>("product_code")?
                .map(|c| crate::parsed(ProductCode::parse(&c)))
                .transpose()?,
            outcome: crate::parsed(Outcome::parse(&text("outcome")?))?,
            amount,
            delivery: crate::parsed(Delivery::parse(&text("delivery")?))?,
            start: opt_day(l, "start_on")?,
            end: opt_day(l, "end_on")?,
            reasoning: text("reasoning")?,
        });
    }
    Ok(Some(DecisionRow {
        id,
        path_id: r.try_get("path_id")?,
        household_id: r.try_get("household_id")?,
        draft: DecisionDraft {
            law,
            kind: crate::parsed(DecisionKind::parse(&r.try_get::<String, _>("kind")?))?,
            replaces: r.try_get("replaces_id")?,
            lines,
        },
        sent_on: opt_day(&r, "sent_on")?,
    }))
}

/// Sends a draft decision on `on`: from then on it is final. The first
/// decision on a path that has no decision day yet also closes its term.
pub async fn send_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
) -> Result<()> {
    let d = decision_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {id}")))?;
    if d.sent_on.is_some() {
        return Err(StoreError::Invalid(
            "Dit besluit is al verstuurd en kan niet meer veranderen; maak een nieuw besluit."
                .into(),
        ));
    }
    let n =
        sqlx::query("UPDATE maatwerk_decisions SET sent_on = $1 WHERE id = $2 AND sent_on IS NULL")
            .bind(time::day(on))
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    changed(n)?;
    let path = path_by_id(conn, scope, d.path_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("traject {}", d.path_id)))?;
    if path.path.decided.is_none() && path.path.clock.is_some() {
        record_step(conn, scope, path.id, path.version, &Step::Decide(on)).await?;
    }
    Ok(())
}

/// A stored objection with the domain's view of its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRow {
    pub id: i64,
    pub decision_id: i64,
    pub objection: Objection,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<ObjectionOutcome>,
}

/// Registers an objection received on `received_on` against a sent decision
/// of the caller's municipalities.
pub async fn register_objection(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    received_on: NaiveDate,
    committee: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    let d = decision_by_id(conn, scope, decision_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {decision_id}")))?;
    let Some(sent) = d.sent_on else {
        return Err(StoreError::Invalid(
            "Tegen een besluit dat nog niet verstuurd is, kan geen bezwaar worden gemaakt.".into(),
        ));
    };
    if received_on < sent {
        return Err(StoreError::Invalid(
            "Het bezwaar kan niet vóór het besluit zijn ontvangen.".into(),
        ));
    }
    let id = sqlx::query(
        "INSERT INTO maatwerk_objections (municipality_id, decision_id, received_on, committee, created_at) \
         SELECT municipality_id, id, $2, $3, $4 FROM maatwerk_decisions WHERE id = $1 RETURNING id",
    )
    .bind(decision_id)
    .bind(time::day(received_on))
    .bind(i64::from(committee))
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// An objection of the caller's municipalities.
pub async fn objection_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<ObjectionRow>> {
    let select = "SELECT o.id, o.decision_id, d.sent_on, o.received_on, o.committee, o.postponed, \
         o.decided_on, o.outcome FROM maatwerk_objections o \
         JOIN maatwerk_decisions d ON d.id = o.decision_id WHERE o.id = $1";
    let Some(r) = scoped_row(conn, select, "o.municipality_id", scope, id).await? else {
        return Ok(None);
    };
    let day = |c: &str| -> Result<NaiveDate> { time::date(&r.try_get::<String, _>(c)?) };
    Ok(Some(ObjectionRow {
        id,
        decision_id: r.try_get("decision_id")?,
        objection: Objection {
            decision_sent_on: day("sent_on")?,
            received_on: day("received_on")?,
            committee: r.try_get::<i64, _>("committee")? != 0,
            postponed: r.try_get::<i64, _>("postponed")? != 0,
        },
        decided_on: opt_day(&r, "decided_on")?,
        outcome: r
            .try_get::<Option<String>, _>("outcome")?
            .map(|o| crate::parsed(ObjectionOutcome::parse(&o)))
            .transpose()?,
    }))
}

/// Postpones the decision on an open objection by six weeks (Awb 7:10 lid 3), once.
pub async fn postpone_objection(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<()> {
    let o = open_objection(conn, scope, id).await?;
    if o.objection.postponed {
        return Err(StoreError::Invalid("Dit bezwaar is al verdaagd.".into()));
    }
    sqlx::query(
        "UPDATE maatwerk_objections SET postponed = 1 WHERE id = $1 AND decided_on IS NULL",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records how an open objection ended, on `on`.
pub async fn decide_objection(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
    outcome: ObjectionOutcome,
) -> Result<()> {
    let o = open_objection(conn, scope, id).await?;
    if on < o.objection.received_on {
        return Err(StoreError::Invalid(
            "De beslissing kan niet vóór het bezwaar vallen.".into(),
        ));
    }
    let n = sqlx::query(
        "UPDATE maatwerk_objections SET decided_on = $1, outcome = $2 WHERE id = $3 AND decided_on IS NULL",
    )
    .bind(time::day(on))
    .bind(outcome.code())
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    changed(n)
}

async fn open_objection(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<ObjectionRow> {
    let o = objection_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("bezwaar {id}")))?;
    if o.decided_on.is_some() {
        return Err(StoreError::Invalid("Op dit bezwaar is al beslist.".into()));
    }
    Ok(o)
}
