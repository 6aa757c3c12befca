//! Allocations (toewijzingen) to contracted providers: made from a granted
//! in-kind product of a sent decision, numbered per municipality and law
//! (TR332), never stacked (OP259), stretched by an extension (OP380) and
//! ended when a later decision replaces the one they came from.

use super::{decision_by_id, opt_day, scoped_row};
use crate::{time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::allocation::{Allocation, AllocationNumber, ChangeReason, StopReason};
use kompas_domain::maatwerk::catalogue::Variant;
use kompas_domain::maatwerk::codes::{self, Frequency, ProductCode, Unit};
use kompas_domain::maatwerk::decision::{Amount, DecisionKind, Delivery, Outcome};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A stored allocation: the domain's facts with the ids around them.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationRow {
    pub id: i64,
    pub municipality_id: i64,
    pub household_id: i64,
    pub member_id: Option<i64>,
    pub provider_id: i64,
    pub provider_name: String,
    pub agb_code: String,
    pub decision_id: i64,
    pub line_position: i64,
    pub allocation: Allocation,
    pub allocated_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
    pub care_started_on: Option<NaiveDate>,
    pub care_stopped_on: Option<NaiveDate>,
    pub stop_reason: Option<StopReason>,
}

impl AllocationRow {
    /// Where the care stands, in a word for lists.
    pub fn status_nl(&self, today: NaiveDate) -> &'static str {
        if self.allocation.change_reason == Some(ChangeReason::Removed) {
            "verwijderd"
        } else if self.care_stopped_on.is_some() {
            "gestopt"
        } else if self.allocation.end.is_some_and(|e| e < today) {
            "afgelopen"
        } else if self.care_started_on.is_some() {
            "zorg loopt"
        } else {
            "wacht op start"
        }
    }
}

const SELECT: &str = "SELECT a.id, a.municipality_id, a.law, a.number, a.decision_id, a.line_position, \
     a.household_id, a.member_id, a.provider_id, p.name AS provider_name, p.agb_code, a.category, \
     a.product_code, a.variant, a.quantity, a.unit, a.frequency, a.budget_cents, a.start_on, a.end_on, \
     a.change_reason, a.allocated_at, a.changed_at, a.care_started_on, a.care_stopped_on, a.stop_reason \
     FROM maatwerk_allocations a JOIN maatwerk_providers p ON p.id = a.provider_id";

/// The domain's allocation from a row with the allocation's columns (law,
/// number, category, product_code, variant, quantity, unit, frequency,
/// budget_cents, start_on, end_on, change_reason).
pub(super) fn allocation_of(r: &AnyRow) -> Result<Allocation> {
    let law = crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?;
    let amount = match (
        r.try_get::<Option<i64>, _>("quantity")?,
        r.try_get::<Option<String>, _>("unit")?,
        r.try_get::<Option<String>, _>("frequency")?,
        r.try_get::<Option<i64>, _>("budget_cents")?,
    ) {
        (Some(q), Some(u), Some(f), _) => Amount::Volume {
            quantity: u32::try_from(q).map_err(|_| StoreError::Invalid(format!("omvang {q}")))?,
            unit: crate::parsed(Unit::parse(&u))?,
            frequency: crate::parsed(Frequency::parse(&f))?,
        },
        (_, _, _, Some(cents)) => Amount::Budget { cents },
        _ => {
            return Err(StoreError::Invalid(
                "toewijzing zonder omvang of budget".into(),
            ))
        }
    };
    let number = u32::try_from(r.try_get::<i64, _>("number")?)
        .map_err(|_| StoreError::Invalid("toewijzingnummer".into()))?;
    Ok(Allocation {
        number: crate::parsed(AllocationNumber::new(number))?,
        law,
        category: crate::parsed(codes::category(law, &r.try_get::<String, _>("category")?))?,
        product: r
            .try_get::<Option<String>, _>("product_code")?
            .map(|c| crate::parsed(ProductCode::parse(&c)))
            .transpose()?,
        variant: crate::parsed(Variant::parse(&r.try_get::<String, _>("variant")?))?,
        start: time::date(&r.try_get::<String, _>("start_on")?)?,
        end: opt_day(r, "end_on")?,
        amount,
        change_reason: r
            .try_get::<Option<String>, _>("change_reason")?
            .map(|c| crate::parsed(ChangeReason::parse(&c)))
            .transpose()?,
    })
}

fn read(r: &AnyRow) -> Result<AllocationRow> {
    Ok(AllocationRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        household_id: r.try_get("household_id")?,
        member_id: r.try_get("member_id")?,
        provider_id: r.try_get("provider_id")?,
        provider_name: r.try_get("provider_name")?,
        agb_code: r.try_get("agb_code")?,
        decision_id: r.try_get("decision_id")?,
        line_position: r.try_get("line_position")?,
        allocation: allocation_of(r)?,
        allocated_at: time::from_db(&r.try_get::<String, _>("allocated_at")?)?,
        changed_at: time::from_db(&r.try_get::<String, _>("changed_at")?)?,
        care_started_on: opt_day(r, "care_started_on")?,
        care_stopped_on: opt_day(r, "care_stopped_on")?,
        // A code the domain does not name stays unnamed rather than unreadable.
        stop_reason: r
            .try_get::<Option<String>, _>("stop_reason")?
            .and_then(|c| StopReason::parse(&c).ok()),
    })
}

/// An allocation of the caller's municipalities.
pub async fn allocation_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<AllocationRow>> {
    let sql = format!("{SELECT} WHERE a.id = $1");
    scoped_row(conn, &sql, "a.municipality_id", scope, id)
        .await?
        .as_ref()
        .map(read)
        .transpose()
}

/// An allocation by its number, within one municipality of the scope.
pub async fn allocation_by_number(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    law: Law,
    number: AllocationNumber,
) -> Result<Option<AllocationRow>> {
    if !scope.ids().contains(&municipality_id) {
        return Ok(None);
    }
    let sql = format!("{SELECT} WHERE a.municipality_id = $1 AND a.law = $2 AND a.number = $3");
    sqlx::query(&sql)
        .bind(municipality_id)
        .bind(law.code())
        .bind(i64::from(number.get()))
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(read)
        .transpose()
}

/// Which allocations to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AllocationFilter {
    pub provider_id: Option<i64>,
    pub household_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub law: Option<Law>,
}

/// Allocations of the caller's municipalities, newest first.
pub async fn allocations(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    filter: AllocationFilter,
) -> Result<Vec<AllocationRow>> {
    let mut sql = format!(
        "{SELECT} WHERE {}",
        crate::in_scope("a.municipality_id", scope)
    );
    if let Some(p) = filter.provider_id {
        sql.push_str(&format!(" AND a.provider_id = {p}"));
    }
    if let Some(h) = filter.household_id {
        sql.push_str(&format!(" AND a.household_id = {h}"));
    }
    if let Some(d) = filter.decision_id {
        sql.push_str(&format!(" AND a.decision_id = {d}"));
    }
    if let Some(l) = filter.law {
        sql.push_str(&format!(" AND a.law = '{}'", l.code()));
    }
    sql.push_str(" ORDER BY a.id DESC");
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(read)
        .collect()
}

/// Gives the granted in-kind product at `position` of a sent decision to a
/// provider contracted for it. An extension of a decision whose product
/// went to the same provider stretches that allocation (OP380) instead of
/// adding one. Returns the allocation's id.
pub async fn allocate(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    position: i64,
    provider_id: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let d = decision_by_id(conn, scope, decision_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {decision_id}")))?;
    if d.sent_on.is_none() {
        return Err(StoreError::Invalid(
            "Wijs pas toe als het besluit verstuurd is.".into(),
        ));
    }
    let line = usize::try_from(position - 1)
        .ok()
        .and_then(|i| d.draft.lines.get(i))
        .ok_or_else(|| {
            StoreError::NotFound(format!("product {position} van besluit {decision_id}"))
        })?;
    if line.outcome != Outcome::Granted || line.delivery != Delivery::InKind {
        return Err(StoreError::Invalid(
            "Alleen een toegekend product in natura gaat naar een aanbieder.".into(),
        ));
    }
    let (Some(amount), Some(start)) = (line.amount, line.start) else {
        return Err(StoreError::Invalid(
            "Dit product heeft geen omvang of ingangsdatum.".into(),
        ));
    };
    let provider = super::provider_by_id(conn, scope, provider_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("aanbieder {provider_id}")))?;
    let municipality_id: i64 =
        sqlx::query("SELECT municipality_id FROM maatwerk_decisions WHERE id = $1")
            .bind(decision_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("municipality_id")?;
    if provider.municipality_id != municipality_id {
        return Err(StoreError::NotFound(format!("aanbieder {provider_id}")));
    }
    let member_id: Option<i64> = sqlx::query("SELECT member_id FROM maatwerk_paths WHERE id = $1")
        .bind(d.path_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("member_id")?;
    // The catalogue's product gives the variant, and its contract must hold.
    let mut variant = match amount {
        Amount::Budget { .. } => Variant::Task,
        Amount::Volume { unit, .. } if Variant::Output.units().contains(&unit) => Variant::Output,
        Amount::Volume { .. } => Variant::Effort,
    };
    if let Some(code) = &line.product {
        let product = super::products(conn, scope, Some(d.draft.law), None)
            .await?
            .into_iter()
            .find(|p| {
                p.municipality_id == municipality_id
                    && &p.code == code
                    && p.category.code == line.category.code
            });
        if let Some(product) = product {
            variant = product.variant;
            if super::contract_tariff(conn, scope, provider_id, product.id, start)
                .await?
                .is_none()
            {
                return Err(StoreError::Invalid(format!(
                    "{} heeft op {} geen contract voor {} ({}).",
                    provider.name,
                    start.format("%d-%m-%Y"),
                    product.name,
                    code.as_str()
                )));
            }
        }
    }
    let already: Option<i64> = sqlx::query(
        "SELECT id FROM maatwerk_allocations WHERE decision_id = $1 AND line_position = $2",
    )
    .bind(decision_id)
    .bind(position)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    if already.is_some() {
        return Err(StoreError::Conflict(
            "Dit product is al aan een aanbieder toegewezen.".into(),
        ));
    }
    let same_product = |a: &AllocationRow| {
        a.member_id == member_id
            && a.allocation.category.code == line.category.code
            && a.allocation.product == line.product
            && a.allocation.change_reason != Some(ChangeReason::Removed)
    };
    let household = AllocationFilter {
        household_id: Some(d.household_id),
        law: Some(d.draft.law),
        ..Default::default()
    };
    let existing: Vec<AllocationRow> = allocations(conn, scope, household)
        .await?
        .into_iter()
        .filter(same_product)
        .collect();
    // OP380: an extension stretches the allocation of the decision it extends.
    if d.draft.kind == DecisionKind::Extension {
        if let Some(old) = existing
            .iter()
            .find(|a| Some(a.decision_id) == d.draft.replaces && a.provider_id == provider_id)
        {
            let n = sqlx::query(
                "UPDATE maatwerk_allocations SET end_on = $1, change_reason = $2, changed_at = $3, \
                 decision_id = $4, line_position = $5 WHERE id = $6",
            )
            .bind(line.end.map(time::day))
            .bind(ChangeReason::Extended.code())
            .bind(time::to_db(now))
            .bind(decision_id)
            .bind(position)
            .bind(old.id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            super::changed(n)?;
            return Ok(old.id);
        }
    }
    // OP259: one allocation per product and period.
    let end = line.end;
    if let Some(clash) = existing.iter().find(|a| {
        let a_end = a.allocation.end;
        a.allocation.start <= end.unwrap_or(NaiveDate::MAX) && a_end.is_none_or(|e| e >= start)
    }) {
        return Err(StoreError::Invalid(format!(
            "Voor dit product loopt al toewijzing {} ({} tot {}); een toewijzing mag een andere niet overlappen.",
            clash.allocation.number,
            clash.allocation.start.format("%d-%m-%Y"),
            clash.allocation.end.map_or("onbepaalde tijd".to_string(), |e| e.format("%d-%m-%Y").to_string())
        )));
    }
    let number: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 AS next FROM maatwerk_allocations \
         WHERE municipality_id = $1 AND law = $2",
    )
    .bind(municipality_id)
    .bind(d.draft.law.code())
    .fetch_one(&mut *conn)
    .await?
    .try_get("next")?;
    let (quantity, unit, frequency, budget) = Amount::parts(Some(amount));
    let stamp = time::to_db(now);
    let id: i64 = sqlx::query(
        "INSERT INTO maatwerk_allocations (municipality_id, law, number, decision_id, line_position, \
         household_id, member_id, provider_id, category, product_code, variant, quantity, unit, frequency, \
         budget_cents, start_on, end_on, allocated_at, changed_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT), $8, $9, $10, $11, CAST($12 AS BIGINT), $13, $14, \
         CAST($15 AS BIGINT), $16, $17, $18, $18, $18) RETURNING id",
    )
    .bind(municipality_id)
    .bind(d.draft.law.code())
    .bind(number)
    .bind(decision_id)
    .bind(position)
    .bind(d.household_id)
    .bind(member_id)
    .bind(provider_id)
    .bind(line.category.code)
    .bind(line.product.as_ref().map(|p| p.as_str().to_string()))
    .bind(variant.code())
    .bind(quantity.map(i64::from))
    .bind(unit.map(|u| u.code()))
    .bind(frequency.map(|f| f.code()))
    .bind(budget)
    .bind(time::day(start))
    .bind(end.map(time::day))
    .bind(stamp)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| crate::conflict_on_unique(e, "toewijzingnummer al in gebruik; probeer het opnieuw"))?
    .try_get("id")?;
    Ok(id)
}

/// Ends the allocations that came from `decision_id` on `last_day` (or
/// removes those that had not started by then), with the reason. Used when
/// a later decision changes, revokes or ends that decision. Returns the
/// allocations touched.
pub async fn end_allocations_of_decision(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    last_day: NaiveDate,
    reason: ChangeReason,
    now: DateTime<Utc>,
) -> Result<Vec<AllocationRow>> {
    let filter = AllocationFilter {
        decision_id: Some(decision_id),
        ..Default::default()
    };
    let mut touched = Vec::new();
    for a in allocations(conn, scope, filter).await? {
        if a.allocation.end.is_some_and(|e| e <= last_day)
            || a.allocation.change_reason == Some(ChangeReason::Removed)
        {
            continue;
        }
        // Not yet begun: the allocation ends on its start as removed (OP087).
        let (end, why) = if last_day < a.allocation.start {
            (a.allocation.start, ChangeReason::Removed)
        } else {
            (last_day, reason)
        };
        sqlx::query(
            "UPDATE maatwerk_allocations SET end_on = $1, change_reason = $2, changed_at = $3 WHERE id = $4",
        )
        .bind(time::day(end))
        .bind(why.code())
        .bind(time::to_db(now))
        .bind(a.id)
        .execute(&mut *conn)
        .await?;
        touched.extend(allocation_by_id(conn, scope, a.id).await?);
    }
    Ok(touched)
}

/// The provider reported the start of care (305).
pub async fn record_care_start(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
) -> Result<()> {
    let sql = format!(
        "UPDATE maatwerk_allocations SET care_started_on = $1, care_stopped_on = NULL, stop_reason = NULL \
         WHERE id = $2 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    let n = sqlx::query(&sql)
        .bind(time::day(on))
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    super::changed(n)
}

/// The provider reported the end of care (307).
pub async fn record_care_stop(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    on: NaiveDate,
    reason_code: &str,
) -> Result<()> {
    let sql = format!(
        "UPDATE maatwerk_allocations SET care_stopped_on = $1, stop_reason = $2 WHERE id = $3 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    let n = sqlx::query(&sql)
        .bind(time::day(on))
        .bind(reason_code)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    super::changed(n)
}

/// Who an allocation is for, as the messages name the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFacts {
    pub member_id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub bsn: Option<String>,
    pub postcode: Option<String>,
    pub house_number: Option<i64>,
    pub house_number_addition: Option<String>,
    pub street: String,
    pub city: String,
}

/// The client of an allocation: the path's member, or the first member of
/// the household with a BSN. Within the caller's municipalities only.
pub async fn client_of(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    household_id: i64,
    member_id: Option<i64>,
) -> Result<Option<ClientFacts>> {
    let sql = format!(
        "SELECT m.id, m.name, m.birth_date, m.bsn, h.postcode, h.house_number, h.house_number_addition, \
         h.street, h.city FROM household_members m JOIN households h ON h.id = m.household_id \
         WHERE h.id = $1 AND (m.id = CAST($2 AS BIGINT) OR (CAST($2 AS BIGINT) IS NULL AND m.bsn IS NOT NULL)) \
         AND {} ORDER BY m.id LIMIT 1",
        crate::in_scope("h.municipality_id", scope)
    );
    let Some(r) = sqlx::query(&sql)
        .bind(household_id)
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(ClientFacts {
        member_id: r.try_get("id")?,
        name: r.try_get("name")?,
        birth_date: opt_day(&r, "birth_date")?,
        bsn: r.try_get("bsn")?,
        postcode: r.try_get("postcode")?,
        house_number: r.try_get("house_number")?,
        house_number_addition: r.try_get("house_number_addition")?,
        street: r.try_get("street")?,
        city: r.try_get("city")?,
    }))
}

/// The member of a household with this BSN, within the caller's municipalities.
pub async fn member_with_bsn(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    bsn: &str,
) -> Result<Option<(i64, i64)>> {
    let sql = format!(
        "SELECT m.id, m.household_id FROM household_members m JOIN households h ON h.id = m.household_id \
         WHERE m.bsn = $1 AND {} ORDER BY m.id LIMIT 1",
        crate::in_scope("h.municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(bsn)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Ok((r.try_get("id")?, r.try_get("household_id")?)))
        .transpose()
}

/// The providers a partner organisation acts for (its accounts see their
/// allocations and messages).
pub async fn providers_of_organization(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    organization_id: i64,
) -> Result<Vec<(i64, String, String)>> {
    let sql = format!(
        "SELECT id, name, agb_code FROM maatwerk_providers WHERE organization_id = $1 AND {} ORDER BY name",
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(organization_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("agb_code")?)))
        .collect()
}

/// Lets a partner organisation act for a provider (or no organisation).
pub async fn link_provider_to_organization(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
    organization_id: Option<i64>,
) -> Result<()> {
    // Only an organisation of the provider's own municipality.
    let sql = format!(
        "UPDATE maatwerk_providers SET organization_id = CAST($1 AS BIGINT) WHERE id = $2 AND {} \
         AND (CAST($1 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM organizations o \
         WHERE o.id = CAST($1 AS BIGINT) AND o.municipality_id = maatwerk_providers.municipality_id))",
        crate::in_scope("municipality_id", scope)
    );
    let n = sqlx::query(&sql)
        .bind(organization_id)
        .bind(provider_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("aanbieder {provider_id}")))
    }
}

/// A provider of the scope by its AGB code, within one municipality.
pub async fn provider_with_agb(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    agb: &str,
) -> Result<Option<(i64, String)>> {
    if !scope.ids().contains(&municipality_id) {
        return Ok(None);
    }
    sqlx::query(
        "SELECT id, name FROM maatwerk_providers WHERE municipality_id = $1 AND agb_code = $2",
    )
    .bind(municipality_id)
    .bind(agb)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .transpose()
}

/// The organisation a provider's partner accounts belong to, if linked.
pub async fn provider_organization(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
) -> Result<Option<i64>> {
    let sql = format!(
        "SELECT organization_id FROM maatwerk_providers WHERE id = $1 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    Ok(sqlx::query(&sql)
        .bind(provider_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get::<Option<i64>, _>("organization_id"))
        .transpose()?
        .flatten())
}
