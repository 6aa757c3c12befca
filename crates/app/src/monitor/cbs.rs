//! CBS Kerncijfers files (`kompas_interop::monitor::cbs`) into the database.

use chrono::{DateTime, Utc};
use kompas_interop::monitor::cbs::{self, Target, COLUMNS};
use kompas_interop::monitor::ImportReport;
use kompas_store::monitor::{self as store, Scope};
use kompas_store::{directory, tenancy, Db, StoreError};
use std::collections::HashMap;

/// Imports a KWB file into the municipality `municipality` (CBS code; when
/// `None`, the one municipality the file holds). Creates the CBS indicators
/// (outside the tree, to be placed under a course by the editor) and the
/// wijken and buurten it does not know yet. All or nothing.
pub async fn import(
    db: &Db,
    text: &str,
    municipality: Option<&str>,
    dry_run: bool,
    now: DateTime<Utc>,
) -> kompas_store::Result<ImportReport> {
    let (file, code) = match cbs::open(text, municipality) {
        Ok(opened) => opened,
        Err(report) => return Ok(report),
    };
    let m = match tenancy::municipality_by_code(db, &code).await {
        Ok(m) => m,
        Err(StoreError::NotFound(_)) => return Ok(cbs::unknown_municipality(&file, &code)),
        Err(e) => return Err(e),
    };
    let scope = Scope::Municipality(m.id);
    let known_areas = store::area_owners(db).await?;
    let existing: HashMap<String, i64> = store::indicators(db, scope)
        .await?
        .into_iter()
        .map(|i| (i.draft.code.to_string(), i.id))
        .collect();
    let target = Target {
        id: m.id,
        name: &m.name,
        cbs_code: &m.cbs_code,
    };
    let (mut report, plan) =
        cbs::plan(&file, &target, &known_areas, &existing).map_err(StoreError::Invalid)?;
    if !report.ok() || dry_run {
        return Ok(report);
    }
    let mut tx = db.begin().await?;
    let mut ids: HashMap<usize, i64> = HashMap::new();
    for (i, stored) in &plan.indicators {
        let id = match stored {
            Some(id) => *id,
            None => {
                let draft = COLUMNS[*i].indicator().map_err(StoreError::Invalid)?;
                store::save_indicator(&mut tx, scope, None, &draft, now).await?
            }
        };
        ids.insert(*i, id);
    }
    for (code, name, kind) in &plan.areas {
        directory::create_area(&mut tx, m.id, code.as_str(), name, kind).await?;
    }
    let list: Vec<store::NewMeasurement> = plan
        .measurements
        .iter()
        .map(|(i, d)| (ids.get(i).copied().unwrap_or_default(), m.id, d))
        .collect();
    store::save_measurements(&mut tx, &list, "CBS-import", now).await?;
    tx.commit().await?;
    report.stored = true;
    Ok(report)
}
