//! Sent decisions for exchange with a municipality's case systems (the ZGW
//! Besluiten API shape lives in `interop`): one by id, or those sent since a
//! day, a page at a time. Drafts never leave: every query asks for a sent
//! decision, of the caller's municipalities, in SQL.

use super::{decision_by_id, opt_day, scoped_row, DecisionRow};
use crate::{Result, StoreError};
use chrono::NaiveDate;
use kompas_domain::maatwerk::decision::DecisionKind;
use kompas_domain::MunicipalityScope;
use sqlx::{AnyConnection, Row};

/// A sent decision with what an exchange needs beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentDecisionRow {
    pub decision: DecisionRow,
    pub sent_on: NaiveDate,
    /// The municipality's CBS code.
    pub municipality_code: String,
    /// The first sent revocation or ending of this decision: its kind and
    /// the day support stopped (its earliest product end, else its sending).
    pub ended_by: Option<(DecisionKind, NaiveDate)>,
}

/// A sent decision of the caller's municipalities; `None` for a draft, an
/// unknown id or another municipality's decision.
pub async fn sent_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<SentDecisionRow>> {
    let select = "SELECT m.cbs_code, d.sent_on FROM maatwerk_decisions d \
         JOIN municipalities m ON m.id = d.municipality_id \
         WHERE d.sent_on IS NOT NULL AND d.id = $1";
    let Some(r) = scoped_row(conn, select, "d.municipality_id", scope, id).await? else {
        return Ok(None);
    };
    let municipality_code: String = r.try_get("cbs_code")?;
    let sent_on = opt_day(&r, "sent_on")?
        .ok_or_else(|| StoreError::Invalid(format!("besluit {id} zonder verzenddatum")))?;
    let Some(decision) = decision_by_id(conn, scope, id).await? else {
        return Ok(None);
    };
    let ended = sqlx::query(
        "SELECT r.kind, r.sent_on, MIN(l.end_on) AS stops FROM maatwerk_decisions r \
         LEFT JOIN maatwerk_decision_lines l ON l.decision_id = r.id \
         WHERE r.replaces_id = $1 AND r.sent_on IS NOT NULL AND r.kind IN ('intrekking', 'beeindiging') \
         GROUP BY r.id, r.kind, r.sent_on ORDER BY r.sent_on, r.id LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let ended_by = match ended {
        Some(e) => {
            let kind = crate::parsed(DecisionKind::parse(&e.try_get::<String, _>("kind")?))?;
            let stops = opt_day(&e, "stops")?.or(opt_day(&e, "sent_on")?);
            stops.map(|on| (kind, on))
        }
        None => None,
    };
    Ok(Some(SentDecisionRow {
        decision,
        sent_on,
        municipality_code,
        ended_by,
    }))
}

/// The sent decisions of the caller's municipalities sent on or after
/// `since`, by id, the first `limit` after id `after` (0 for the first page):
/// keyset pages that hold still while new decisions are sent.
pub async fn sent_decisions(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    since: NaiveDate,
    after: i64,
    limit: i64,
) -> Result<Vec<SentDecisionRow>> {
    let sql = format!(
        "SELECT d.id FROM maatwerk_decisions d \
         WHERE d.sent_on IS NOT NULL AND d.sent_on >= $1 AND d.id > $2 AND {} \
         ORDER BY d.id LIMIT $3",
        crate::in_scope("d.municipality_id", scope)
    );
    let ids: Vec<i64> = sqlx::query(&sql)
        .bind(crate::time::day(since))
        .bind(after)
        .bind(limit.clamp(1, 1_000))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(d) = sent_decision(conn, scope, id).await? {
            out.push(d);
        }
    }
    Ok(out)
}
