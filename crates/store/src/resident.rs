//! The resident's own view: one-time links and DigiD logins, the short
//! sessions they open, and what `/mijn` shows beyond the plan (the member's
//! questions, who looked at the file). Only SHA-256 hashes of tokens are
//! stored, as for staff sessions.

use crate::{time, Db, Result};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::resident_login::MemberFacts;
use kompas_domain::toegang::household::MemberRole;
use kompas_domain::AuditAction;
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

/// Starts a session for `member_id`; `acting_member_id` is the parent who
/// acts for them (DigiD Machtigen), if any.
pub async fn start_session(
    conn: &mut AnyConnection,
    id_hash: &str,
    member_id: i64,
    acting_member_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO resident_sessions (id_hash, member_id, acting_member_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(member_id)
    .bind(acting_member_id)
    .bind(time::to_db(now))
    .bind(time::to_db(now + Duration::minutes(SESSION_MINUTES)))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A live resident session: whose view it is and who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResidentSession {
    pub member_id: i64,
    pub household_id: i64,
    pub municipality_id: i64,
    /// The parent acting for `member_id`, when not the member themselves.
    pub acting_member_id: Option<i64>,
}

/// The live session with this id.
pub async fn session(
    db: &Db,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<ResidentSession>> {
    let r = sqlx::query(
        "SELECT s.member_id, s.acting_member_id, m.household_id, h.municipality_id FROM resident_sessions s \
         JOIN household_members m ON m.id = s.member_id JOIN households h ON h.id = m.household_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(time::to_db(now))
    .fetch_optional(db.reader())
    .await?;
    r.map(|r| {
        Ok(ResidentSession {
            member_id: r.try_get("member_id")?,
            household_id: r.try_get("household_id")?,
            municipality_id: r.try_get("municipality_id")?,
            acting_member_id: r.try_get("acting_member_id")?,
        })
    })
    .transpose()
}

/// The members of the municipality's households with this BSN (a person
/// may be in more than one household, e.g. after a move), newest first.
pub async fn members_with_bsn(
    db: &Db,
    municipality_id: i64,
    bsn: &kompas_domain::Bsn,
) -> Result<Vec<MemberFacts>> {
    let rows = sqlx::query(
        "SELECT m.id, m.household_id, m.role, m.birth_date FROM household_members m \
         JOIN households h ON h.id = m.household_id \
         WHERE h.municipality_id = $1 AND m.bsn = $2 ORDER BY m.id DESC LIMIT 20",
    )
    .bind(municipality_id)
    .bind(bsn.as_str())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let birth: Option<String> = r.try_get("birth_date")?;
            Ok(MemberFacts {
                id: r.try_get("id")?,
                household_id: r.try_get("household_id")?,
                role: MemberRole::parse(&r.try_get::<String, _>("role")?)
                    .unwrap_or(MemberRole::Other),
                birth_date: birth.and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok()),
            })
        })
        .collect()
}

/// Records that a member asked this question from their own view.
pub async fn mark_asked_by(
    conn: &mut AnyConnection,
    question_id: i64,
    member_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE questions SET asked_by_member = $2 WHERE id = $1")
        .bind(question_id)
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A question as its asker sees it on `/mijn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedQuestion {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    /// `ontvangen`, `opgepakt` or `afgerond`.
    pub status: String,
    pub body: String,
}

/// The household's questions `member_id` asked; with `carer`, also the
/// residents' questions of the household whose asker is not known (asked
/// through the public form before the household was found). Newest first.
pub async fn questions_of_member(
    db: &Db,
    household_id: i64,
    member_id: i64,
    carer: bool,
) -> Result<Vec<AskedQuestion>> {
    let rows = sqlx::query(
        "SELECT id, received_at, status, body FROM questions WHERE household_id = $1 \
         AND (asked_by_member = $2 OR ($3 = 1 AND asked_by_member IS NULL AND channel = 'bewoner')) \
         ORDER BY received_at DESC, id DESC LIMIT 50",
    )
    .bind(household_id)
    .bind(member_id)
    .bind(i64::from(carer))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AskedQuestion {
                id: r.try_get("id")?,
                received_at: time::from_db(&r.try_get::<String, _>("received_at")?)?,
                status: r.try_get("status")?,
                body: r.try_get("body")?,
            })
        })
        .collect()
}

/// One audit row about a household, as the household may see it: no staff
/// names, only role and organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub at: DateTime<Utc>,
    pub actor_role: Option<String>,
    pub actor_organization_id: Option<i64>,
    pub action: AuditAction,
    pub purpose: Option<String>,
}

fn look(r: &sqlx::any::AnyRow) -> Result<Look> {
    Ok(Look {
        at: time::from_db(&r.try_get::<String, _>("at")?)?,
        actor_role: r.try_get("actor_role")?,
        actor_organization_id: r.try_get("actor_organization_id")?,
        action: r
            .try_get::<String, _>("action")?
            .parse()
            .unwrap_or(AuditAction::Read),
        purpose: r.try_get("purpose")?,
    })
}

const LOOK_COLUMNS: &str = "at, actor_role, actor_organization_id, action, purpose";

/// The household's audit rows since `since`, newest first (at most 5 000: a
/// summary, not a list).
pub async fn looks_since(db: &Db, household_id: i64, since: DateTime<Utc>) -> Result<Vec<Look>> {
    let sql = format!(
        "SELECT {LOOK_COLUMNS} FROM audit_log WHERE subject = $1 AND at >= $2 ORDER BY seq DESC LIMIT 5000"
    );
    sqlx::query(&sql)
        .bind(format!("huishouden:{household_id}"))
        .bind(time::to_db(since))
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(look)
        .collect()
}

/// One page of the household's audit rows up to row `upto` (all when
/// `None`), newest first; how many there are up to there, and the newest row
/// number, so the next pages stay the same while new rows arrive.
pub async fn looks_page(
    db: &Db,
    household_id: i64,
    upto: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Look>, i64, i64)> {
    let subject = format!("huishouden:{household_id}");
    let r = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS newest FROM audit_log \
         WHERE subject = $1 AND seq <= $2",
    )
    .bind(&subject)
    .bind(upto.unwrap_or(i64::MAX))
    .fetch_one(db.reader())
    .await?;
    let (total, newest): (i64, i64) = (r.try_get("n")?, r.try_get("newest")?);
    let sql = format!(
        "SELECT {LOOK_COLUMNS} FROM audit_log WHERE subject = $1 AND seq <= $2 \
         ORDER BY seq DESC LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query(&sql)
        .bind(&subject)
        .bind(newest)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(look)
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, total, newest))
}

pub async fn end_session(conn: &mut AnyConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM resident_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
