//! Maatwerk pages: the consultant's legal paths and decisions, and the
//! catalogue of what a municipality can grant. Every read and step is audited
//! with the purpose "maatwerk".

pub mod allocations;
pub mod berichten;
pub mod catalogue;
pub mod decisions;
pub mod letters;
pub mod paths;
mod reach;

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::FormFields;
use crate::state::AppState;
use crate::toegang::{audit, commit_audited, worker_in_scope};
use kompas_domain::{AuditAction, MunicipalityScope};
use kompas_store::users::User;
use kompas_store::{ReadConn, StoreError, Tx};

pub(crate) const PURPOSE: &str = "maatwerk";

/// A reader connection for a page's reads: on SQLite the single writer stays
/// free for those who write.
pub(crate) async fn reader(state: &AppState) -> AppResult<ReadConn> {
    Ok(state.db.read_conn().await?)
}

/// Logs that `user` read `object` of `household` for maatwerk.
pub(crate) async fn logged_read(
    state: &AppState,
    user: &User,
    object: (&str, i64),
    household: i64,
) -> AppResult<()> {
    audit(
        state,
        Some(user),
        AuditAction::Read,
        object,
        Some(household),
        PURPOSE,
    )
    .await
}

/// Commits a maatwerk change together with its audit row.
pub(crate) async fn commit_logged(
    tx: Tx,
    state: &AppState,
    user: &User,
    action: AuditAction,
    object: (&str, i64),
    household: i64,
) -> AppResult<()> {
    commit_audited(tx, state, user, action, object, Some(household), PURPOSE).await
}

/// Logs that `user` read a municipality's maatwerk setting (no household).
pub(crate) async fn setting_read(
    state: &AppState,
    user: &User,
    object: (&str, i64),
) -> AppResult<()> {
    audit(state, Some(user), AuditAction::Read, object, None, PURPOSE).await
}

/// Commits a change to the municipality's maatwerk settings with its audit row.
pub(crate) async fn commit_logged_admin(
    tx: Tx,
    state: &AppState,
    user: &User,
    object: (&str, i64),
) -> AppResult<()> {
    commit_audited(tx, state, user, AuditAction::Update, object, None, PURPOSE).await
}

/// A store result whose mistakes the user can fix (`Invalid`, `Conflict`)
/// become a message for the page; other errors stay errors.
pub(crate) fn fixable<T>(r: kompas_store::Result<T>) -> AppResult<Result<T, String>> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::Invalid(m) | StoreError::Conflict(m)) => Ok(Err(m)),
        Err(e) => Err(e.into()),
    }
}

/// A posted maatwerk form: who posts it, for which municipalities, its fields.
pub(crate) fn posted<'v>(
    viewer: &'v Viewer,
    body: &[u8],
) -> AppResult<(&'v User, &'v MunicipalityScope, FormFields)> {
    let (user, scope) = worker_in_scope(viewer)?;
    Ok((user, scope, FormFields::parse(body)))
}
