//! Single sign-on (OpenID Connect) bookkeeping: the pending logins (state,
//! nonce and PKCE verifier, kept on the server between the redirect to the
//! provider and its answer) and the link between an account and a provider
//! identity.

use crate::{conflict_on_unique, Db, Result};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// A login that went to the provider and has not come back yet.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub state: String,
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("provider", &self.provider)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

pub async fn save_pending(conn: &mut AnyConnection, p: &PendingLogin) -> Result<()> {
    sqlx::query(
        "INSERT INTO oidc_logins (state, provider, nonce, pkce_verifier, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&p.state)
    .bind(&p.provider)
    .bind(&p.nonce)
    .bind(&p.pkce_verifier)
    .bind(crate::time::to_db(p.created_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes and returns the pending login for `state`: a state can be used once,
/// even when two answers arrive at the same time.
pub async fn take_pending(conn: &mut AnyConnection, state: &str) -> Result<Option<PendingLogin>> {
    let row = sqlx::query(
        "DELETE FROM oidc_logins WHERE state = $1 \
         RETURNING state, provider, nonce, pkce_verifier, created_at",
    )
    .bind(state)
    .fetch_optional(conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let created: String = r.try_get("created_at")?;
    Ok(Some(PendingLogin {
        state: r.try_get("state")?,
        provider: r.try_get("provider")?,
        nonce: r.try_get("nonce")?,
        pkce_verifier: r.try_get("pkce_verifier")?,
        created_at: crate::time::from_db(&created)?,
    }))
}

/// Drops pending logins started before `before` (abandoned at the provider).
pub async fn purge_pending(conn: &mut AnyConnection, before: DateTime<Utc>) -> Result<u64> {
    let r = sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
        .bind(crate::time::to_db(before))
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// The provider identity (issuer, subject) linked to an account, if any.
pub async fn identity_of(db: &Db, user_id: i64) -> Result<Option<(String, String)>> {
    let row = sqlx::query("SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db.reader())
        .await?;
    let Some(r) = row else { return Ok(None) };
    let issuer: Option<String> = r.try_get("oidc_issuer")?;
    let subject: Option<String> = r.try_get("oidc_subject")?;
    Ok(issuer.zip(subject))
}

/// Links an identity to an account that is enabled and not linked yet. False
/// when the account changed in the meantime (blocked, or linked elsewhere);
/// `Conflict` when the identity already belongs to another account.
pub async fn link_if_unlinked(
    conn: &mut AnyConnection,
    user_id: i64,
    issuer: &str,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE users SET oidc_issuer = $1, oidc_subject = $2, updated_at = $3 \
         WHERE id = $4 AND disabled = 0 AND oidc_issuer IS NULL AND oidc_subject IS NULL",
    )
    .bind(issuer)
    .bind(subject)
    .bind(crate::time::to_db(now))
    .bind(user_id)
    .execute(conn)
    .await
    .map_err(|e| conflict_on_unique(e, "deze SSO-identiteit is al gekoppeld"))?;
    Ok(r.rows_affected() == 1)
}
