//! Accounts. Passwords arrive here already hashed (argon2id, in the web crate).

use crate::directory::{all, one};
use crate::{conflict_on_unique, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::lockout::{Attempts, LockoutPolicy};
use kompas_domain::secret_key::Sealed;
use kompas_domain::{MunicipalityScope, Role, Username};
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

/// Users whose home municipality is in the caller's scope.
pub async fn list(db: &Db, scope: &MunicipalityScope) -> Result<Vec<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE {} ORDER BY username",
        crate::in_scope("municipality_id", scope)
    );
    all(db, sqlx::query(&sql), from_row).await
}

/// Users who act for `municipality_id`: its own and those granted it (the
/// colleagues a case or question can be handed to).
pub async fn acting_for(db: &Db, municipality_id: i64) -> Result<Vec<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE municipality_id = $1 OR id IN \
         (SELECT user_id FROM user_municipalities WHERE municipality_id = $1) ORDER BY username"
    );
    all(db, sqlx::query(&sql).bind(municipality_id), from_row).await
}

/// One user who acts for `municipality_id` (a colleague to assign work to).
pub async fn colleague(db: &Db, municipality_id: i64, id: i64) -> Result<Option<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE id = $2 AND (municipality_id = $1 OR id IN \
         (SELECT user_id FROM user_municipalities WHERE municipality_id = $1))"
    );
    one(
        db,
        sqlx::query(&sql).bind(municipality_id).bind(id),
        from_row,
    )
    .await
}

/// One user, if their home municipality is in the caller's scope.
pub async fn by_id_in(db: &Db, scope: &MunicipalityScope, id: i64) -> Result<Option<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE id = $1 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    one(db, sqlx::query(&sql).bind(id), from_row).await
}

/// The municipalities a user acts for: the home municipality and the grants.
pub async fn scope_of(db: &Db, user: &User) -> Result<MunicipalityScope> {
    let grants = sqlx::query(
        "SELECT municipality_id FROM user_municipalities WHERE user_id = $1 ORDER BY municipality_id",
    )
    .bind(user.id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| r.try_get::<i64, _>("municipality_id"))
    .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(MunicipalityScope::with_grants(user.municipality_id, grants))
}

/// Grants `user_id` (whose home is in `scope`) the municipality
/// `municipality_id` (also in `scope`): an admin can only pass on what they hold.
/// `granted_by` is the admin, or `None` for the operator's command line.
pub async fn grant_municipality(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    user_id: i64,
    municipality_id: i64,
    granted_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    if !scope.contains(municipality_id) {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    }
    let sql = format!(
        "INSERT INTO user_municipalities (user_id, municipality_id, granted_by, granted_at) \
         SELECT id, $2, $3, $4 FROM users WHERE id = $1 AND {} AND municipality_id <> $2 \
         ON CONFLICT (user_id, municipality_id) DO NOTHING",
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(user_id)
        .bind(municipality_id)
        .bind(granted_by)
        .bind(crate::time::to_db(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes a granted municipality away again (the home municipality stays).
pub async fn revoke_municipality(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    user_id: i64,
    municipality_id: i64,
) -> Result<()> {
    let sql = format!(
        "DELETE FROM user_municipalities WHERE user_id = $1 AND municipality_id = $2 \
         AND {} AND user_id IN (SELECT id FROM users WHERE {})",
        crate::in_scope("municipality_id", scope),
        crate::in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(user_id)
        .bind(municipality_id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!(
            "toegang tot gemeente {municipality_id}"
        )));
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The municipalities granted to a user on top of their home municipality.
pub async fn grants(db: &Db, scope: &MunicipalityScope, user_id: i64) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT g.municipality_id FROM user_municipalities g JOIN users u ON u.id = g.user_id \
         WHERE g.user_id = $1 AND {} ORDER BY g.municipality_id",
        crate::in_scope("u.municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(user_id)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>("municipality_id")?))
        .collect()
}

fn one_row(affected: u64, who: impl std::fmt::Display) -> Result<()> {
    if affected == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("gebruiker '{who}'")))
    }
}

/// Blocks or unblocks an account of the caller's scope. Blocking ends its
/// sessions; unblocking also clears the failed-login count.
pub async fn set_disabled(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = format!(
        "UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(i64::from(disabled))
        .bind(crate::time::to_db(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    one_row(r.rows_affected(), id)?;
    if disabled {
        end_sessions(conn, id).await?;
    } else {
        sqlx::query(
            "DELETE FROM login_attempts WHERE username = (SELECT username FROM users WHERE id = $1)",
        )
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Gives an account of the caller's scope another role; its sessions end so
/// the new role applies (and a second factor is asked where the role needs one).
pub async fn set_role(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    role: Role,
    now: DateTime<Utc>,
) -> Result<()> {
    if role == Role::Partner {
        let sql = format!(
            "SELECT organization_id FROM users WHERE id = $1 AND {}",
            crate::in_scope("municipality_id", scope)
        );
        let org: Option<Option<i64>> = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get("organization_id"))
            .transpose()?;
        if matches!(org, Some(None)) {
            return Err(StoreError::Invalid(
                "een ketenpartner hoort bij een organisatie; dit account heeft er geen".into(),
            ));
        }
    }
    let sql = format!(
        "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(role.as_str())
        .bind(crate::time::to_db(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    one_row(r.rows_affected(), id)?;
    end_sessions(conn, id).await
}

/// Clears the second factor of an account of the caller's scope: at the next
/// login the user sets up a new one. Its sessions end.
pub async fn reset_second_factor(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = format!(
        "UPDATE users SET totp_secret = NULL, totp_last_step = NULL, updated_at = $1 \
         WHERE id = $2 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(crate::time::to_db(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    one_row(r.rows_affected(), id)?;
    end_sessions(conn, id).await
}

async fn end_sessions(conn: &mut AnyConnection, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
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

/// Counts one failed login for `username` in a single statement, so parallel
/// failures never overwrite each other, and returns the new state. The rule is
/// `LockoutPolicy::after_failure`: at `max_failures` the name is locked until
/// `lock_until`, and every further failure starts a new lock.
pub async fn record_login_failure(
    conn: &mut AnyConnection,
    username: &str,
    policy: &LockoutPolicy,
    now: DateTime<Utc>,
) -> Result<Attempts> {
    let until = crate::time::to_db(policy.lock_until(now));
    let r = sqlx::query(
        "INSERT INTO login_attempts (username, failures, locked_until) \
         VALUES ($1, 1, CASE WHEN 1 >= $2 THEN $3 ELSE NULL END) \
         ON CONFLICT (username) DO UPDATE SET failures = login_attempts.failures + 1, \
         locked_until = CASE WHEN login_attempts.failures + 1 >= $2 THEN $3 \
         ELSE login_attempts.locked_until END \
         RETURNING failures, locked_until",
    )
    .bind(username)
    .bind(i64::from(policy.max_failures))
    .bind(&until)
    .fetch_one(conn)
    .await?;
    let locked: Option<String> = r.try_get("locked_until")?;
    Ok(Attempts {
        failures: u32::try_from(r.try_get::<i64, _>("failures")?).unwrap_or(u32::MAX),
        locked_until: locked.as_deref().map(crate::time::from_db).transpose()?,
    })
}

pub async fn clear_login_attempts(conn: &mut AnyConnection, username: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE username = $1")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(())
}

/// A worker's work phone and e-mail (shown to partners on a referral).
pub async fn work_contact(db: &Db, user_id: i64) -> Result<(Option<String>, Option<String>)> {
    let r = sqlx::query("SELECT work_phone, work_email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db.reader())
        .await?;
    Ok((r.try_get("work_phone")?, r.try_get("work_email")?))
}

/// Sets the worker's own work phone and e-mail (`None` clears one).
pub async fn set_work_contact(
    conn: &mut AnyConnection,
    user_id: i64,
    phone: Option<&str>,
    email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE users SET work_phone = $2, work_email = $3, updated_at = $4 WHERE id = $1")
        .bind(user_id)
        .bind(phone)
        .bind(email)
        .bind(crate::time::to_db(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets (or replaces) the hash of the user's agenda-feed token.
pub async fn set_calendar_token(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE users SET calendar_token_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(token_hash)
        .bind(crate::time::to_db(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The active user whose agenda feed has this token hash.
pub async fn by_calendar_token(db: &Db, token_hash: &str) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT id FROM users WHERE calendar_token_hash = $1 AND disabled = 0")
        .bind(token_hash)
        .fetch_optional(db.reader())
        .await?;
    Ok(r.map(|r| r.try_get("id")).transpose()?)
}
