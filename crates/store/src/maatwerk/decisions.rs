//! Decisions (beschikkingen) on a path: drafts, then final once sent.

use super::{changed, on_path, opt_day, path_by_id, scoped_row, take_step, Step};
use crate::case_events::path_event;
use crate::{time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::codes::{self, Frequency, ProductCode, Unit};
use kompas_domain::maatwerk::decision::{
    Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome,
};
use kompas_domain::maatwerk::Law;
use kompas_domain::monitor::{DecisionId, EventKind};
use kompas_domain::MunicipalityScope;
use sqlx::{AnyConnection, Row};

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
    check_products(conn, scope, path.municipality_id, draft).await?;
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
        let (quantity, unit, frequency, budget) = Amount::parts(l.amount);
        let (quantity, unit, frequency) = (
            quantity.map(i64::from),
            unit.map(|u| u.code()),
            frequency.map(|f| f.code()),
        );
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

/// When the municipality keeps a catalogue for the law, a product code on a
/// decision must be one of its products, in the same category.
async fn check_products(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    draft: &DecisionDraft,
) -> Result<()> {
    let catalogue: Vec<_> = super::products(conn, scope, Some(draft.law), None)
        .await?
        .into_iter()
        .filter(|p| p.municipality_id == municipality_id)
        .collect();
    if catalogue.is_empty() {
        return Ok(());
    }
    for (n, l) in (1..).zip(&draft.lines) {
        let Some(code) = &l.product else { continue };
        if !catalogue
            .iter()
            .any(|p| &p.code == code && p.category.code == l.category.code)
        {
            return Err(StoreError::Invalid(format!(
                "product {n}, productcode: {} staat niet in de productenlijst van de gemeente onder categorie {} ({})",
                code.as_str(),
                l.category.code,
                l.category.name
            )));
        }
    }
    Ok(())
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
/// regular decision on a path that has no decision day yet also closes its term.
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
    let kind = d.draft.kind;
    // A temporary provision (Wmo 2.3.3) comes before the assessment: the
    // path's own term keeps running until the regular decision.
    if path.path.decided.is_none() && path.path.clock.is_some() && kind != DecisionKind::Temporary {
        let step = Step::Decide(on);
        take_step(conn, scope, path.id, path.version, &step, Some((id, kind))).await?;
    } else {
        let sent = EventKind::DecisionSent {
            on: on_path(path.id, d.draft.law),
            decision: Some(DecisionId(id)),
            kind,
            deadline_met: None,
        };
        path_event(conn, path.id, on, sent).await?;
    }
    if !kind.only_ends() {
        for l in &d.draft.lines {
            let product = EventKind::ProductDecided {
                on: on_path(path.id, d.draft.law),
                decision: DecisionId(id),
                outcome: l.outcome,
                layer: l.category.layer(),
            };
            path_event(conn, path.id, on, product).await?;
        }
    }
    Ok(())
}
