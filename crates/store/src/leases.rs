//! Scheduled jobs with several instances: a job runs once per due time. The
//! instance whose conditional UPDATE moves the job's `next_due` past now runs
//! it; the others find it not due. One statement, so it holds on both
//! databases without advisory locks (PostgreSQL re-checks the condition on
//! the row a concurrent taker committed).

use crate::{time, Db, Result};
use chrono::{DateTime, Utc};

/// Takes the job `name` for `holder` when it is due at `now`, and sets its
/// next due time. True means: run it now; nobody else will until `next_due`.
pub async fn take(
    db: &Db,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    next_due: DateTime<Utc>,
) -> Result<bool> {
    // A new job is due at once (the empty text sorts before every time).
    sqlx::query(
        "INSERT INTO job_leases (name, holder, taken_at, next_due) VALUES ($1, '', '', '') \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .execute(db.writer())
    .await?;
    let now = time::to_db(now);
    let r = sqlx::query(
        "UPDATE job_leases SET holder = $1, taken_at = $2, next_due = $3 WHERE name = $4 AND next_due <= $2",
    )
    .bind(holder)
    .bind(&now)
    .bind(time::to_db(next_due))
    .bind(name)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Who took the job last and when it is due again, if it ever ran.
pub async fn last_taken(db: &Db, name: &str) -> Result<Option<(String, String)>> {
    use sqlx::Row;
    let row =
        sqlx::query("SELECT holder, next_due FROM job_leases WHERE name = $1 AND holder <> ''")
            .bind(name)
            .fetch_optional(db.reader())
            .await?;
    row.map(|r| Ok((r.try_get("holder")?, r.try_get("next_due")?)))
        .transpose()
}
