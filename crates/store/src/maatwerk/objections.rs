//! Objections (bezwaar) against sent decisions (Awb 6:7, 7:10).

use super::decisions::decision_by_id;
use super::{changed, on_path, opt_day, scoped_row};
use crate::case_events::path_event;
use crate::{time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::objection::{Objection, ObjectionOutcome};
use kompas_domain::monitor::{DecisionId, EventKind};
use kompas_domain::MunicipalityScope;
use sqlx::{AnyConnection, Row};

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
    let o = open_objection(conn, scope, id).await?;
    let received = EventKind::ObjectionReceived {
        on: on_path(d.path_id, d.draft.law),
        decision: DecisionId(decision_id),
        in_time: o.objection.in_time(),
    };
    path_event(conn, d.path_id, received_on, received).await?;
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

/// The objections against a decision of the scope, oldest first.
pub async fn objections_of_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
) -> Result<Vec<ObjectionRow>> {
    let ids = sqlx::query(&format!(
        "SELECT id FROM maatwerk_objections WHERE decision_id = $1 AND {} ORDER BY id",
        crate::in_scope("municipality_id", scope)
    ))
    .bind(decision_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for r in ids {
        if let Some(o) = objection_by_id(conn, scope, r.try_get("id")?).await? {
            out.push(o);
        }
    }
    Ok(out)
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
    changed(n)?;
    let d = decision_by_id(conn, scope, o.decision_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {}", o.decision_id)))?;
    let decided = EventKind::ObjectionDecided {
        on: on_path(d.path_id, d.draft.law),
        decision: DecisionId(d.id),
        outcome,
        deadline_met: on <= o.objection.decide_by(),
    };
    path_event(conn, d.path_id, on, decided).await
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
