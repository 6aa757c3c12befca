//! Goal trees between CSV (`kompas_interop::monitor::goal_tree`) and the
//! database.

use chrono::{DateTime, Utc};
use kompas_interop::monitor::goal_tree::{self, TreeFile};
use kompas_interop::monitor::ImportReport;
use kompas_store::monitor::{self as store, Scope};
use kompas_store::Db;
use std::collections::HashMap;

/// Stores a parsed tree in `scope`, all or nothing.
pub async fn store(
    db: &Db,
    scope: Scope,
    tree: &TreeFile,
    now: DateTime<Utc>,
) -> kompas_store::Result<(usize, usize)> {
    let mut tx = db.begin().await?;
    let mut ids: HashMap<String, i64> = store::goals(db, scope)
        .await?
        .into_iter()
        .map(|g| (g.code, g.id))
        .collect();
    for g in &tree.goals {
        let parent = g.parent_code.as_ref().and_then(|p| ids.get(p).copied());
        let id = store::save_goal(&mut tx, scope, g.kind, parent, &g.input, now).await?;
        ids.insert(g.input.code.clone(), id);
    }
    for (course, d) in &tree.indicators {
        let goal_id = course.as_ref().and_then(|c| ids.get(c).copied());
        store::save_indicator(&mut tx, scope, goal_id, d, now).await?;
    }
    tx.commit().await?;
    Ok((tree.goals.len(), tree.indicators.len()))
}

/// Parses and stores a goal-tree CSV; `dry_run` only checks.
pub async fn import(
    db: &Db,
    scope: Scope,
    text: &str,
    dry_run: bool,
    now: DateTime<Utc>,
) -> kompas_store::Result<ImportReport> {
    let (mut report, tree) = goal_tree::check(text);
    if let Some(tree) = tree.filter(|_| !dry_run) {
        store(db, scope, &tree, now).await?;
        report.stored = true;
    }
    Ok(report)
}

/// The tree of `scope` as CSV, in the order of the dashboard.
pub async fn export(db: &Db, scope: Scope) -> kompas_store::Result<String> {
    let goals = store::goals(db, scope).await?;
    let indicators = store::indicators(db, scope).await?;
    Ok(goal_tree::write(&goals, &indicators))
}
