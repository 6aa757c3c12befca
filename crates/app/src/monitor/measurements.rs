//! Measurements between CSV (`kompas_interop::monitor::measurements`) and
//! the database.

use chrono::{DateTime, Utc};
use kompas_interop::monitor::measurements::{self, Checked};
use kompas_interop::monitor::ImportReport;
use kompas_store::monitor::{self as store, Scope};
use kompas_store::{directory, tenancy, Db};
use std::collections::HashMap;

/// The areas a tree may hold figures for, with the municipality each lies in.
pub async fn known_areas(db: &Db, scope: Scope) -> kompas_store::Result<HashMap<String, i64>> {
    let members: Vec<i64> = match scope {
        Scope::Municipality(m) => vec![m],
        Scope::Region(r) => tenancy::municipalities(db)
            .await?
            .into_iter()
            .filter(|m| m.region_id == Some(r))
            .map(|m| m.id)
            .collect(),
    };
    let mut out = HashMap::new();
    for m in members {
        out.insert(tenancy::municipality_by_id(db, m).await?.cbs_code, m);
        for a in directory::areas(db, m).await? {
            out.insert(a.cbs_code, m);
        }
    }
    Ok(out)
}

/// Stores checked rows in one transaction.
pub async fn store_checked(
    db: &Db,
    rows: &[Checked],
    entered_by: &str,
    now: DateTime<Utc>,
) -> kompas_store::Result<()> {
    let mut tx = db.begin().await?;
    for c in rows {
        store::save_measurement(
            &mut tx,
            c.indicator_id,
            c.municipality_id,
            &c.draft,
            entered_by,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Imports a measurement CSV into the tree of `scope`.
pub async fn import(
    db: &Db,
    scope: Scope,
    text: &str,
    confirmed: bool,
    dry_run: bool,
    entered_by: &str,
    now: DateTime<Utc>,
) -> kompas_store::Result<ImportReport> {
    let indicators = store::indicators(db, scope).await?;
    let areas = known_areas(db, scope).await?;
    let (mut report, rows) = measurements::review(text, &indicators, &areas, confirmed);
    if let Some(rows) = rows.filter(|_| !dry_run) {
        store_checked(db, &rows, entered_by, now).await?;
        report.stored = true;
    }
    Ok(report)
}
