//! Scheduled jobs of a running server. With several instances on one
//! database each job runs once per due time: an instance runs a job only
//! after taking its lease (`kompas_store::leases`).

use kompas_web::AppState;
use std::time::Duration;

/// A job and how often it is due.
struct Job {
    name: &'static str,
    every: chrono::Duration,
}

/// Removes sessions past their end.
pub const PURGE_SESSIONS: &str = "sessions.purge_expired";
/// Forgets old entries of the directory's change feed.
pub const PRUNE_FEED: &str = "directory_changes.prune";

const JOBS: &[Job] = &[
    Job {
        name: PURGE_SESSIONS,
        every: chrono::Duration::minutes(10),
    },
    Job {
        name: PRUNE_FEED,
        every: chrono::Duration::hours(1),
    },
];

/// How often an instance looks for due jobs (jobs are due far less often).
pub const CHECK_EVERY: Duration = Duration::from_secs(30);

/// Changes the feed keeps: an index further behind than this rebuilds.
const FEED_KEEP: i64 = 100_000;

/// Runs the jobs due at `now` that this instance (`holder`) could take;
/// returns the names of those it ran. A failed job is logged and due again
/// at its next time.
pub async fn run_due(
    state: &AppState,
    holder: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Vec<&'static str>> {
    let mut ran = Vec::new();
    for job in JOBS {
        if !kompas_store::leases::take(&state.db, job.name, holder, now, now + job.every).await? {
            continue;
        }
        let result = match job.name {
            PURGE_SESSIONS => kompas_store::sessions::purge_expired(&state.db, now).await,
            _ => kompas_store::feed::prune(&state.db, FEED_KEEP).await,
        };
        match result {
            Ok(n) if n > 0 => tracing::info!(job = job.name, removed = n, "scheduled job ran"),
            Ok(_) => {}
            Err(e) => tracing::warn!(job = job.name, error = %e, "scheduled job failed"),
        }
        ran.push(job.name);
    }
    Ok(ran)
}
