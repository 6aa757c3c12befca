//! Stored secrets, sealed with the installation's key (`KOMPAS_SECRET_KEY`, see
//! `kompas_domain::secret_key`). Today that is `users.totp_secret`; the
//! database and its backups hold only envelopes.
//!
//! - `seal_plaintext` runs at every start of the server: values an older
//!   version stored in plain text are sealed under the current key.
//! - `rotate` (`kompas secrets rotate`) re-seals every stored secret under the
//!   current key, opening those of old keys with the keyring's old keys, in one
//!   transaction: either every secret moves to the new key or none does.

use crate::{audit, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::secret_key::{Keyring, OpenError, Purpose, Sealed};
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome};
use secrecy::SecretString;
use sqlx::Row;

/// Seals a TOTP secret (base32) for the account `user_id`.
pub fn seal_totp(keyring: &Keyring, user_id: i64, base32: &str) -> Result<Sealed> {
    keyring
        .seal(
            Purpose::TotpSecret,
            &user_id.to_string(),
            base32.as_bytes(),
            &mut rand::rngs::OsRng,
        )
        .ok_or_else(|| StoreError::Invalid("versleutelen van het geheim mislukte".into()))
}

/// Opens the TOTP secret (base32) of the account `user_id`.
pub fn open_totp(
    keyring: &Keyring,
    user_id: i64,
    sealed: &Sealed,
) -> std::result::Result<SecretString, OpenError> {
    keyring.open_text(Purpose::TotpSecret, &user_id.to_string(), sealed)
}

/// What a pass over the stored secrets did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    /// Plain text (from before encryption), now sealed.
    pub plaintext: usize,
    /// Sealed under an old key, now under the current one.
    pub old_key: usize,
    /// Already under the current key; left as they were.
    pub current: usize,
    /// Changed by someone else during the pass (e.g. a new enrolment); left alone.
    pub changed_meanwhile: usize,
}

impl Resealed {
    pub fn changed(&self) -> usize {
        self.plaintext + self.old_key
    }
}

/// How many stored secrets each key id sealed (`None`: still plain text).
pub async fn census(db: &Db) -> Result<std::collections::BTreeMap<Option<String>, usize>> {
    let rows = sqlx::query("SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL")
        .fetch_all(db.reader())
        .await?;
    let mut out = std::collections::BTreeMap::new();
    for r in rows {
        let sealed = Sealed::from_stored(r.try_get("totp_secret")?);
        *out.entry(sealed.key_id().map(str::to_string)).or_insert(0) += 1;
    }
    Ok(out)
}

/// Seals the secrets still stored in plain text. Cheap when there are none.
pub async fn seal_plaintext(db: &Db, keyring: &Keyring) -> Result<Resealed> {
    reseal(db, keyring, false, None).await
}

/// Re-seals every stored secret under the current key in one transaction,
/// with an audit row. Fails, changing nothing, when a secret was sealed with a
/// key the keyring does not hold.
pub async fn rotate(db: &Db, keyring: &Keyring, now: DateTime<Utc>) -> Result<Resealed> {
    reseal(db, keyring, true, Some(now)).await
}

async fn reseal(
    db: &Db,
    keyring: &Keyring,
    rotate: bool,
    audit_at: Option<DateTime<Utc>>,
) -> Result<Resealed> {
    let mut tx = db.begin().await?;
    let sql = if rotate {
        "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL ORDER BY id"
    } else {
        "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL \
         AND totp_secret NOT LIKE 'v1.%' ORDER BY id"
    };
    let rows = sqlx::query(sql).fetch_all(&mut *tx).await?;
    let mut report = Resealed::default();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let stored = Sealed::from_stored(r.try_get("totp_secret")?);
        let fresh = if stored.is_plaintext() {
            report.plaintext += 1;
            seal_totp(keyring, id, stored.as_stored())?
        } else if keyring.needs_reseal(&stored) {
            let plain = open_totp(keyring, id, &stored).map_err(|e| {
                StoreError::Invalid(format!("tweede-stapgeheim van gebruiker {id}: {e}"))
            })?;
            report.old_key += 1;
            seal_totp(keyring, id, secrecy::ExposeSecret::expose_secret(&plain))?
        } else {
            report.current += 1;
            continue;
        };
        // Only when nobody changed it meanwhile (a server enrolling an account).
        let done =
            sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
                .bind(fresh.as_stored())
                .bind(id)
                .bind(stored.as_stored())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            report.changed_meanwhile += 1;
            if stored.is_plaintext() {
                report.plaintext -= 1;
            } else {
                report.old_key -= 1;
            }
        }
    }
    if let Some(now) = audit_at {
        audit::append(
            &mut tx,
            &AuditEntry {
                at: crate::time::to_db(now),
                actor_user_id: None,
                actor_username: Some("kompas secrets rotate".into()),
                actor_role: None,
                actor_organization_id: None,
                municipality_id: None,
                action: AuditAction::Update,
                object_type: "geheimen".into(),
                object_id: None,
                subject: None,
                purpose: Some("sleutelwissel".into()),
                legal_ground: None,
                outcome: AuditOutcome::Success,
                detail: Some(format!(
                    "{} geheimen opnieuw versleuteld met sleutel {} ({} waren onversleuteld)",
                    report.changed(),
                    keyring.current_id(),
                    report.plaintext
                )),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(report)
}
