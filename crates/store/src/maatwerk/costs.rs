//! What the costs of maatwerk are computed from (`kompas_domain::maatwerk::costs`):
//! allocations with their contract tariffs, approved claim lines, where the
//! municipality books each product category (taakveld) and its budget per
//! taakveld and year. One query per table, added up in Rust: fast enough for
//! tens of thousands of allocations. Every function takes the caller's scope
//! and one municipality of it, and filters on both in SQL.

use crate::{time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::allocation::Taakveld;
use kompas_domain::maatwerk::codes;
use kompas_domain::maatwerk::costs::{AllocationFact, ApprovedLine, TaakveldMap, Tariff};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// `municipality_id = $1 AND` the scope, or `None` when the municipality is
/// not in the caller's scope (then there is nothing to see).
fn within(column: &str, scope: &MunicipalityScope, municipality_id: i64) -> Option<String> {
    scope
        .ids()
        .contains(&municipality_id)
        .then(|| format!("{column} = $1 AND {}", crate::in_scope(column, scope)))
}

/// The allocations of a municipality that run within `from..=to`, each with
/// the tariffs of its provider's contracts for its product.
pub async fn cost_allocations(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AllocationFact>> {
    let Some(filter) = within("a.municipality_id", scope, municipality_id) else {
        return Ok(Vec::new());
    };
    // Every contract of the municipality's products, by (provider, product).
    let Some(contract_filter) = within("r.municipality_id", scope, municipality_id) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT c.provider_id, c.product_id, c.tariff_cents, c.valid_from, c.valid_until \
         FROM maatwerk_contracts c JOIN maatwerk_products r ON r.id = c.product_id \
         WHERE {contract_filter} ORDER BY c.valid_from"
    );
    let mut tariffs: HashMap<(i64, i64), Vec<Tariff>> = HashMap::new();
    for r in sqlx::query(&sql)
        .bind(municipality_id)
        .fetch_all(&mut *conn)
        .await?
    {
        tariffs
            .entry((r.try_get("provider_id")?, r.try_get("product_id")?))
            .or_default()
            .push(Tariff {
                from: time::date(&r.try_get::<String, _>("valid_from")?)?,
                until: super::opt_day(&r, "valid_until")?,
                cents: r.try_get("tariff_cents")?,
            });
    }
    let sql = format!(
        "SELECT a.law, a.number, a.household_id, a.provider_id, a.category, a.product_code, a.variant, \
         a.quantity, a.unit, a.frequency, a.budget_cents, a.start_on, a.end_on, a.change_reason, \
         a.care_stopped_on, r.id AS product_id \
         FROM maatwerk_allocations a LEFT JOIN maatwerk_products r ON r.municipality_id = a.municipality_id \
         AND r.law = a.law AND r.category = a.category AND r.product_code = a.product_code \
         WHERE {filter} AND a.start_on <= $2 AND (a.end_on IS NULL OR a.end_on >= $3)"
    );
    let rows = sqlx::query(&sql)
        .bind(municipality_id)
        .bind(time::day(to))
        .bind(time::day(from))
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let product_id: Option<i64> = r.try_get("product_id")?;
        let provider_id: i64 = r.try_get("provider_id")?;
        out.push(AllocationFact {
            allocation: super::allocations::allocation_of(r)?,
            household_id: r.try_get("household_id")?,
            care_stopped_on: super::opt_day(r, "care_stopped_on")?,
            tariffs: product_id
                .and_then(|p| tariffs.get(&(provider_id, p)))
                .cloned()
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The approved claim lines (and credits) of a municipality whose period
/// starts within `from..=to`. Rejected lines (approved 0) are left out.
pub async fn approved_lines(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ApprovedLine>> {
    let Some(filter) = within("municipality_id", scope, municipality_id) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT law, category, household_id, period_from, approved_cents FROM maatwerk_claim_lines \
         WHERE {filter} AND period_from >= $2 AND period_from <= $3 AND approved_cents <> 0"
    );
    sqlx::query(&sql)
        .bind(municipality_id)
        .bind(time::day(from))
        .bind(time::day(to))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ApprovedLine {
                law: crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?,
                category: r.try_get("category")?,
                household_id: r.try_get("household_id")?,
                period_from: time::date(&r.try_get::<String, _>("period_from")?)?,
                approved_cents: r.try_get("approved_cents")?,
            })
        })
        .collect()
}

/// Where the municipality books its product categories: its own choices over
/// the defaults.
pub async fn taakveld_map(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
) -> Result<TaakveldMap> {
    let Some(filter) = within("municipality_id", scope, municipality_id) else {
        return Ok(TaakveldMap::default());
    };
    let sql = format!("SELECT law, category, taakveld FROM maatwerk_taakvelden WHERE {filter}");
    let mut overrides = Vec::new();
    for r in sqlx::query(&sql)
        .bind(municipality_id)
        .fetch_all(&mut *conn)
        .await?
    {
        overrides.push((
            crate::parsed(Law::parse(&r.try_get::<String, _>("law")?))?,
            r.try_get::<String, _>("category")?,
            crate::parsed(Taakveld::parse(&r.try_get::<String, _>("taakveld")?))?,
        ));
    }
    Ok(TaakveldMap::new(overrides))
}

/// Books a product category on a taakveld; the default one (or `None`)
/// removes the municipality's own choice.
pub async fn set_taakveld(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    law: Law,
    category: &str,
    taakveld: Option<Taakveld>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(filter) = within("municipality_id", scope, municipality_id) else {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    };
    let cat = crate::parsed(codes::category(law, category))?;
    sqlx::query(&format!(
        "DELETE FROM maatwerk_taakvelden WHERE {filter} AND law = $2 AND category = $3"
    ))
    .bind(municipality_id)
    .bind(law.code())
    .bind(cat.code)
    .execute(&mut *conn)
    .await?;
    let Some(t) = taakveld.filter(|t| Some(*t) != Taakveld::default_for(law, cat.code)) else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO maatwerk_taakvelden (municipality_id, law, category, taakveld, changed_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(municipality_id)
    .bind(law.code())
    .bind(cat.code)
    .bind(t.code())
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A budget as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub taakveld: Taakveld,
    pub cents: i64,
    pub changed_at: DateTime<Utc>,
    /// Who entered it (their display name), if still known.
    pub changed_by: Option<String>,
}

/// The budgets of a municipality for a year, in Iv3 order.
pub async fn budgets(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    year: i32,
) -> Result<Vec<BudgetRow>> {
    let Some(filter) = within("b.municipality_id", scope, municipality_id) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT b.taakveld, b.budget_cents, b.changed_at, u.display_name FROM maatwerk_budgets b \
         LEFT JOIN users u ON u.id = b.changed_by WHERE {filter} AND b.year = $2 ORDER BY b.taakveld"
    );
    sqlx::query(&sql)
        .bind(municipality_id)
        .bind(i64::from(year))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(BudgetRow {
                taakveld: crate::parsed(Taakveld::parse(&r.try_get::<String, _>("taakveld")?))?,
                cents: r.try_get("budget_cents")?,
                changed_at: time::from_db(&r.try_get::<String, _>("changed_at")?)?,
                changed_by: r.try_get("display_name")?,
            })
        })
        .collect()
}

/// The budgets of a year by taakveld, as `costs::compute` takes them.
pub fn budget_map(rows: &[BudgetRow]) -> BTreeMap<Taakveld, i64> {
    rows.iter().map(|b| (b.taakveld, b.cents)).collect()
}

/// Enters (or changes) the budget of a taakveld for a year; 0 removes it.
/// Returns the amount it had before, if any.
#[allow(clippy::too_many_arguments)] // who, what, when: each is needed
pub async fn set_budget(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    year: i32,
    taakveld: Taakveld,
    cents: i64,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let Some(filter) = within("municipality_id", scope, municipality_id) else {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    };
    if cents < 0 {
        return Err(StoreError::Invalid(
            "Een begroting kan niet negatief zijn.".into(),
        ));
    }
    let before: Option<i64> = sqlx::query(&format!(
        "SELECT budget_cents FROM maatwerk_budgets WHERE {filter} AND year = $2 AND taakveld = $3"
    ))
    .bind(municipality_id)
    .bind(i64::from(year))
    .bind(taakveld.code())
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("budget_cents"))
    .transpose()?;
    if before == Some(cents) {
        return Ok(before);
    }
    sqlx::query(&format!(
        "DELETE FROM maatwerk_budgets WHERE {filter} AND year = $2 AND taakveld = $3"
    ))
    .bind(municipality_id)
    .bind(i64::from(year))
    .bind(taakveld.code())
    .execute(&mut *conn)
    .await?;
    if cents > 0 {
        sqlx::query(
            "INSERT INTO maatwerk_budgets (municipality_id, year, taakveld, budget_cents, changed_at, changed_by) \
             VALUES ($1, $2, $3, $4, $5, CAST($6 AS BIGINT))",
        )
        .bind(municipality_id)
        .bind(i64::from(year))
        .bind(taakveld.code())
        .bind(cents)
        .bind(time::to_db(now))
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(before)
}

/// Everything `costs::compute` needs for one municipality and year.
#[derive(Debug, Clone)]
pub struct CostFacts {
    pub allocations: Vec<AllocationFact>,
    pub lines: Vec<ApprovedLine>,
    pub map: TaakveldMap,
    pub budgets: Vec<BudgetRow>,
}

/// Reads the facts of `year` (four queries).
pub async fn cost_facts(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    year: i32,
) -> Result<CostFacts> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| StoreError::Invalid(format!("jaar {year}")))?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| StoreError::Invalid(format!("jaar {year}")))?;
    Ok(CostFacts {
        allocations: cost_allocations(conn, scope, municipality_id, from, to).await?,
        lines: approved_lines(conn, scope, municipality_id, from, to).await?,
        map: taakveld_map(conn, scope, municipality_id).await?,
        budgets: budgets(conn, scope, municipality_id, year).await?,
    })
}
