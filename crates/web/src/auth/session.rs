//! Session cookies. The cookie holds a random token; the database holds its
//! SHA-256. Anonymous visitors get a separate random CSRF cookie for the forms
//! they fill before logging in (double submit).

use super::{SignedIn, Viewer};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use kompas_store::Conn as AnyConnection;
use kompas_store::{sessions, users};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "kompas_sessie";
pub const CSRF_COOKIE: &str = "kompas_csrf";

/// How stale `last_seen_at` may get before a request slides the expiry.
const TOUCH_AFTER_MINUTES: i64 = 5;

pub fn new_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let s = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    );
    HeaderValue::from_str(&s).unwrap_or(HeaderValue::from_static(""))
}

/// Starts a session for `user` inside the caller's transaction. The caller
/// removes any earlier session first, so the id is new at every login.
pub async fn start(
    state: &AppState,
    conn: &mut AnyConnection,
    user_id: i64,
    second_factor_done: bool,
) -> kompas_store::Result<String> {
    let token = new_token();
    let now = state.clock.now();
    let s = sessions::Session {
        id_hash: hash_token(&token),
        user_id,
        csrf_token: new_token(),
        second_factor_done,
        last_seen_at: now,
        expires_at: now + Duration::minutes(state.config.session_idle_minutes),
    };
    sessions::create(conn, &s, now).await?;
    Ok(token)
}

pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    cookie(
        SESSION_COOKIE,
        token,
        state.config.session_idle_minutes * 60,
        state.config.secure_cookies,
    )
}

pub fn clear_session_cookie(state: &AppState) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .unwrap_or(HeaderValue::from_static(""))
}

async fn viewer_from_session(
    state: &AppState,
    token: &str,
) -> kompas_store::Result<Option<Viewer>> {
    let now = state.clock.now();
    let hash = hash_token(token);
    let Some(s) = sessions::get(&state.db, &hash, now).await? else {
        return Ok(None);
    };
    let Some(user) = users::by_id(&state.db, s.user_id).await? else {
        return Ok(None);
    };
    if user.disabled {
        return Ok(None);
    }
    if now - s.last_seen_at > Duration::minutes(TOUCH_AFTER_MINUTES) {
        sessions::touch(
            &state.db,
            &hash,
            now,
            Duration::minutes(state.config.session_idle_minutes),
        )
        .await?;
    }
    let scope = users::scope_of(&state.db, &user).await?;
    let signed_in = Arc::new(SignedIn {
        user,
        scope,
        session_hash: hash,
        csrf: s.csrf_token,
    });
    Ok(Some(if s.second_factor_done {
        Viewer::SignedIn(signed_in)
    } else {
        Viewer::Pending(signed_in)
    }))
}

/// Middleware: works out the viewer and puts it in the request extensions.
pub async fn load_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let from_session = match read_cookie(headers, SESSION_COOKIE) {
        Some(token) => match viewer_from_session(&state, token).await {
            Ok(v) => v,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return crate::error::AppError::Internal(anyhow::anyhow!("session lookup failed"))
                    .into_response();
            }
        },
        None => None,
    };
    let mut new_csrf_cookie = None;
    let viewer = match from_session {
        Some(v) => v,
        None => {
            let csrf = match read_cookie(headers, CSRF_COOKIE) {
                Some(c) => c.to_string(),
                None => {
                    let c = new_token();
                    new_csrf_cookie = Some(c.clone());
                    c
                }
            };
            Viewer::Anonymous { csrf }
        }
    };
    req.extensions_mut().insert(viewer);
    let mut res = next.run(req).await;
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    // Only pages carry forms; machine endpoints get no cookie.
    if let (Some(c), true) = (new_csrf_cookie, is_page) {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie(CSRF_COOKIE, &c, 60 * 60 * 24, state.config.secure_cookies),
        );
    }
    res
}
