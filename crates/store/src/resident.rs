//! The resident's own view: one-time links and the short sessions they open.
//! Only SHA-256 hashes of tokens are stored, as for staff sessions.

use crate::{time, Db, Result};
use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

/// How long an unused link works.
pub const LINK_DAYS: i64 = 7;
/// How long a resident session lasts.
pub const SESSION_MINUTES: i64 = 30;

/// Stores a link for a member (its token's hash); returns the link's id.
pub async fn create_link(
    conn: &mut AnyConnection,
    member_id: i64,
    token_hash: &str,
    created_by: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO resident_links (member_id, token_hash, created_at, expires_at, created_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(member_id)
    .bind(token_hash)
    .bind(time::to_db(now))
    .bind(time::to_db(now + Duration::days(LINK_DAYS)))
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get("id")?)
}

/// Would `use_link` accept this link now? Changes nothing.
pub async fn link_usable(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<bool> {
    let r = sqlx::query(
        "SELECT id FROM resident_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(time::to_db(now))
    .fetch_optional(db.reader())
    .await?;
    Ok(r.is_some())
}

/// Uses a link once: the member it was for, when it is unused and not expired.
pub async fn use_link(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let t = time::to_db(now);
    let r = sqlx::query(
        "UPDATE resident_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
         RETURNING member_id",
    )
    .bind(token_hash)
    .bind(&t)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(r.map(|r| r.try_get("member_id")).transpose()?)
}

pub async fn start_session(
    conn: &mut AnyConnection,
    id_hash: &str,
    member_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO resident_sessions (id_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash)
    .bind(member_id)
    .bind(time::to_db(now))
    .bind(time::to_db(now + Duration::minutes(SESSION_MINUTES)))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The member and household of a live session.
pub async fn session(db: &Db, id_hash: &str, now: DateTime<Utc>) -> Result<Option<(i64, i64)>> {
    let r = sqlx::query(
        "SELECT s.member_id, m.household_id FROM resident_sessions s \
         JOIN household_members m ON m.id = s.member_id WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(time::to_db(now))
    .fetch_optional(db.reader())
    .await?;
    r.map(|r| Ok((r.try_get("member_id")?, r.try_get("household_id")?)))
        .transpose()
}

pub async fn end_session(conn: &mut AnyConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM resident_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
