//! OpenID Connect login (authorization code flow with PKCE and nonce).

use crate::error::{AppError, AppResult};
use crate::state::{AppState, OidcProviderConfig};
use axum::extract::{Path, State};
use axum::response::Response;

fn provider<'a>(state: &'a AppState, name: &str) -> AppResult<&'a OidcProviderConfig> {
    state
        .config
        .oidc
        .iter()
        .find(|p| p.name == name)
        .ok_or(AppError::NotFound)
}

pub async fn start(State(state): State<AppState>, Path(name): Path<String>) -> AppResult<Response> {
    let _p = provider(&state, &name)?;
    Err(AppError::NotFound)
}

pub async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> AppResult<Response> {
    let _p = provider(&state, &name)?;
    Err(AppError::NotFound)
}
