//! Accounts. Passwords arrive here already hashed (argon2id, in the web crate).

use crate::{conflict_on_unique, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::lockout::Attempts;
use kompas_domain::secret_key::Sealed;
use kompas_domain::{Role, Username};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality_id: i64,
    pub organization_id: Option<i64>,
    pub password_hash: Option<String>,
    /// Sealed with the installation's key (see `crate::secrets`); open it with
    /// `secrets::open_totp`.
    pub totp_secret: Option<Sealed>,
    pub disabled: bool,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("municipality_id", &self.municipality_id)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    pub municipality_id: i64,
    pub organization_id: Option<i64>,
    pub password_hash: Option<String>,
}

const COLUMNS: &str = "id, username, display_name, role, municipality_id, organization_id, \
    password_hash, totp_secret, disabled";

fn from_row(r: &AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: role
            .parse()
            .map_err(|e: kompas_domain::role::UnknownRole| StoreError::Invalid(e.to_string()))?,
        municipality_id: r.try_get("municipality_id")?,
        organization_id: r.try_get("organization_id")?,
        password_hash: r.try_get("password_hash")?,
        totp_secret: r
            .try_get::<Option<String>, _>("totp_secret")?
            .map(Sealed::from_stored),
        disabled: r.try_get::<i64, _>("disabled")? != 0,
    })
}

pub async fn create(conn: &mut AnyConnection, u: &NewUser, now: DateTime<Utc>) -> Result<i64> {
    if u.role == Role::Partner && u.organization_id.is_none() {
        return Err(StoreError::Invalid(
            "een ketenpartner hoort bij een organisatie: geef --organisation op".into(),
        ));
    }
    let t = crate::time::to_db(now);
    let r = sqlx::query(
        "INSERT INTO users (username, display_name, role, municipality_id, organization_id, \
         password_hash, disabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) RETURNING id",
    )
    .bind(u.username.as_str())
    .bind(&u.display_name)
    .bind(u.role.as_str())
    .bind(u.municipality_id)
    .bind(u.organization_id)
    .bind(&u.password_hash)
    .bind(&t)
    .fetch_one(conn)
    .await
    .map_err(|e| conflict_on_unique(e, &format!("gebruiker '{}'", u.username)))?;
    Ok(r.try_get("id")?)
}

pub async fn by_username(db: &Db, username: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    sqlx::query(&sql)
        .bind(username)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_oidc(db: &Db, issuer: &str, subject: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2");
    sqlx::query(&sql)
        .bind(issuer)
        .bind(subject)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Users of the given municipalities (the caller's tenancy scope).
pub async fn list(db: &Db, municipalities: &[i64]) -> Result<Vec<User>> {
    let mut out = Vec::new();
    for m in municipalities {
        let sql =
            format!("SELECT {COLUMNS} FROM users WHERE municipality_id = $1 ORDER BY username");
        for r in sqlx::query(&sql).bind(*m).fetch_all(db.reader()).await? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}

fn one_row(affected: u64, username: &str) -> Result<()> {
    if affected == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("gebruiker '{username}'")))
    }
}

pub async fn set_disabled(
    conn: &mut AnyConnection,
    username: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let r = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE username = $3")
        .bind(i64::from(disabled))
        .bind(crate::time::to_db(now))
        .bind(username)
        .execute(&mut *conn)
        .await?;
    one_row(r.rows_affected(), username)?;
    if disabled {
        sqlx::query(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)",
        )
        .bind(username)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sets a new password hash and ends every session of the user.
pub async fn set_password_hash(
    conn: &mut AnyConnection,
    username: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let r = sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3")
        .bind(hash)
        .bind(crate::time::to_db(now))
        .bind(username)
        .execute(&mut *conn)
        .await?;
    one_row(r.rows_affected(), username)?;
    sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)")
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets (or with `None` clears) the TOTP secret, sealed for this user with
/// `secrets::seal_totp`; clearing forces a new enrolment.
pub async fn set_totp_secret(
    conn: &mut AnyConnection,
    user_id: i64,
    secret: Option<&Sealed>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_last_step = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(secret.map(Sealed::as_stored))
    .bind(crate::time::to_db(now))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Accepts TOTP time step `step` once: false when this step (or a later one)
/// was already used, which blocks replaying a code.
pub async fn accept_totp_step(conn: &mut AnyConnection, user_id: i64, step: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn link_oidc(
    conn: &mut AnyConnection,
    user_id: i64,
    issuer: &str,
    subject: &str,
) -> Result<()> {
    sqlx::query("UPDATE users SET oidc_issuer = $1, oidc_subject = $2 WHERE id = $3")
        .bind(issuer)
        .bind(subject)
        .bind(user_id)
        .execute(conn)
        .await
        .map_err(|e| conflict_on_unique(e, "deze SSO-identiteit is al gekoppeld"))?;
    Ok(())
}

// Failed-login bookkeeping, per login name.

pub async fn login_attempts(db: &Db, username: &str) -> Result<Attempts> {
    let row = sqlx::query("SELECT failures, locked_until FROM login_attempts WHERE username = $1")
        .bind(username)
        .fetch_optional(db.reader())
        .await?;
    match row {
        None => Ok(Attempts::default()),
        Some(r) => {
            let locked: Option<String> = r.try_get("locked_until")?;
            Ok(Attempts {
                failures: u32::try_from(r.try_get::<i64, _>("failures")?).unwrap_or(u32::MAX),
                locked_until: locked.as_deref().map(crate::time::from_db).transpose()?,
            })
        }
    }
}

pub async fn save_login_attempts(
    conn: &mut AnyConnection,
    username: &str,
    a: &Attempts,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (username, failures, locked_until) VALUES ($1, $2, $3) \
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
    )
    .bind(username)
    .bind(i64::from(a.failures))
    .bind(a.locked_until.map(crate::time::to_db))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_login_attempts(conn: &mut AnyConnection, username: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE username = $1")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(())
}
