//! Server-side sessions. The cookie carries a random token; we store its SHA-256
//! so a copy of the database does not hand out live sessions.

use crate::{Db, Result};
use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub second_factor_done: bool,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("second_factor_done", &self.second_factor_done)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

pub async fn create(conn: &mut AnyConnection, s: &Session, now: DateTime<Utc>) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, second_factor_done, created_at, \
         last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(&s.id_hash)
    .bind(s.user_id)
    .bind(&s.csrf_token)
    .bind(i64::from(s.second_factor_done))
    .bind(crate::time::to_db(now))
    .bind(crate::time::to_db(s.expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// A live session, or `None` when unknown or expired.
pub async fn get(db: &Db, id_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
    let row = sqlx::query(
        "SELECT id_hash, user_id, csrf_token, second_factor_done, last_seen_at, expires_at \
         FROM sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(crate::time::to_db(now))
    .fetch_optional(db.reader())
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Session {
        id_hash: r.try_get("id_hash")?,
        user_id: r.try_get("user_id")?,
        csrf_token: r.try_get("csrf_token")?,
        second_factor_done: r.try_get::<i64, _>("second_factor_done")? != 0,
        last_seen_at: crate::time::from_db(&r.try_get::<String, _>("last_seen_at")?)?,
        expires_at: crate::time::from_db(&r.try_get::<String, _>("expires_at")?)?,
    }))
}

/// Slides the idle expiry forward. Callers do this at most every few minutes,
/// so reading pages does not turn into a write per request.
pub async fn touch(db: &Db, id_hash: &str, now: DateTime<Utc>, idle: Duration) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3")
        .bind(crate::time::to_db(now))
        .bind(crate::time::to_db(now + idle))
        .bind(id_hash)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Counts one wrong second-factor code on a pending session, in one statement
/// (parallel guesses cannot overwrite each other), and returns the new count;
/// 0 when the session is gone or was already complete.
pub async fn second_factor_failed(conn: &mut AnyConnection, id_hash: &str) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE sessions SET second_factor_failures = second_factor_failures + 1 \
         WHERE id_hash = $1 AND second_factor_done = 0 RETURNING second_factor_failures",
    )
    .bind(id_hash)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(r) => r.try_get("second_factor_failures")?,
        None => 0,
    })
}

/// Ends a pending session whose second factor was just given, and says
/// whether it was still there: a parallel fifth wrong code may have ended it,
/// and then the right code must not log in.
pub async fn take_pending(conn: &mut AnyConnection, id_hash: &str) -> Result<bool> {
    let r = sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND second_factor_done = 0")
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(conn: &mut AnyConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(crate::time::to_db(now))
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected())
}

/// Remembers why this session looks at a household (replacing an earlier reason).
pub async fn remember_reason(
    db: &Db,
    session_hash: &str,
    household_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM session_reasons WHERE session_hash = $1 AND household_id = $2")
        .bind(session_hash)
        .bind(household_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO session_reasons (session_hash, household_id, reason, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(session_hash)
    .bind(household_id)
    .bind(reason)
    .bind(crate::time::to_db(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The reason this session gave earlier for a household, if any.
pub async fn reason_for(db: &Db, session_hash: &str, household_id: i64) -> Result<Option<String>> {
    let r = sqlx::query(
        "SELECT reason FROM session_reasons WHERE session_hash = $1 AND household_id = $2",
    )
    .bind(session_hash)
    .bind(household_id)
    .fetch_optional(db.reader())
    .await?;
    Ok(r.map(|r| r.try_get("reason")).transpose()?)
}
