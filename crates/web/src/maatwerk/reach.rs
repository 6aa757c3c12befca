//! Finding a decision the worker may reach, and going back to its page: used
//! by the decision pages and the allocations made from them.

use super::paths::reachable_path;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::toegang::worker_in_scope;
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk::{self as mw, DecisionRow, PathRow};
use kompas_store::users::User;

/// A decision the worker may reach (its path's household is theirs), or 404.
pub(crate) async fn reachable_decision<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    id: i64,
) -> AppResult<(DecisionRow, PathRow, &'v User, &'v MunicipalityScope)> {
    let (user, scope) = worker_in_scope(viewer)?;
    let mut conn = super::reader(state).await?;
    let d = mw::decision_by_id(&mut conn, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let p = reachable_path(state, viewer, d.path_id).await?;
    Ok((d, p, user, scope))
}

/// Back to the decision page with a message.
pub(crate) fn to_decision(id: i64, message: &str) -> Response {
    Redirect::to(&format!(
        "/werk/maatwerk/besluiten/{id}?melding={}",
        crate::pages::url_encode(message)
    ))
    .into_response()
}
