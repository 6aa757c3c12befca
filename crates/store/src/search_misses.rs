//! Public searches that found nothing or little, counted per municipality and
//! Dutch month as query text only (`kompas_domain::directory::SearchMissQuery`
//! took out anything personal). Editors read them for their own scope and
//! turn a query into a synonym or mark it as not needed.

use crate::{in_scope, time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::directory::SearchMissQuery;
use kompas_domain::MunicipalityScope;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// One query of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchMiss {
    pub id: i64,
    pub municipality_id: i64,
    pub month: String,
    pub query: String,
    pub searches: i64,
    /// The fewest results a search for it found that month.
    pub found: i64,
    pub last_at: String,
    pub handled_at: Option<String>,
}

const COLUMNS: &str =
    "id, municipality_id, month, query, searches, found, last_at, handled_at FROM search_misses";

fn from_row(r: &AnyRow) -> Result<SearchMiss> {
    Ok(SearchMiss {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        month: r.try_get("month")?,
        query: r.try_get("query")?,
        searches: r.try_get("searches")?,
        found: r.try_get("found")?,
        last_at: r.try_get("last_at")?,
        handled_at: r.try_get("handled_at")?,
    })
}

/// Counts one search for `query` in `month` (`YYYY-MM`) that found `found`
/// results. One statement: parallel searches for the same words each count.
pub async fn record(
    db: &Db,
    municipality_id: i64,
    month: &str,
    query: &SearchMissQuery,
    found: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO search_misses (municipality_id, month, query, searches, found, last_at) \
         VALUES ($1, $2, $3, 1, $4, $5) \
         ON CONFLICT (municipality_id, month, query) DO UPDATE SET \
         searches = search_misses.searches + 1, \
         found = CASE WHEN excluded.found < search_misses.found \
                 THEN excluded.found ELSE search_misses.found END, \
         last_at = excluded.last_at",
    )
    .bind(municipality_id)
    .bind(month)
    .bind(query.as_str())
    .bind(found)
    .bind(time::to_db(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The queries of `month` in the caller's scope, most searched first; handled
/// ones only when asked for.
pub async fn list(
    db: &Db,
    scope: &MunicipalityScope,
    month: &str,
    include_handled: bool,
) -> Result<Vec<SearchMiss>> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} AND month = $1 {} \
         ORDER BY searches DESC, found, query",
        in_scope("municipality_id", scope),
        if include_handled {
            ""
        } else {
            "AND handled_at IS NULL"
        }
    );
    let rows = sqlx::query(&sql).bind(month).fetch_all(db.reader()).await?;
    rows.iter().map(from_row).collect()
}

/// The months with any query in the caller's scope, newest first.
pub async fn months(db: &Db, scope: &MunicipalityScope) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT DISTINCT month FROM search_misses WHERE {} ORDER BY month DESC",
        in_scope("municipality_id", scope)
    );
    let rows = sqlx::query(&sql).fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<String, _>("month")?))
        .collect()
}

/// One query, if it belongs to the caller's scope.
pub async fn by_id(db: &Db, scope: &MunicipalityScope, id: i64) -> Result<Option<SearchMiss>> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE id = $1 AND {}",
        in_scope("municipality_id", scope)
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Marks a query of the caller's scope as handled (a synonym made, or none
/// needed). Handling it twice keeps the first time.
pub async fn mark_handled(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = format!(
        "UPDATE search_misses SET handled_at = COALESCE(handled_at, $1), \
         handled_by = COALESCE(handled_by, $2) WHERE id = $3 AND {}",
        in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(time::to_db(now))
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("zoekvraag {id}")));
    }
    Ok(())
}
