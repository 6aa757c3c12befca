//! "Mijn agenda": the worker's evaluations, aftercare contacts and question
//! deadlines across cases, and the same as an iCalendar feed for a calendar
//! app. The feed holds numbers and links only, no personal data; its link
//! carries a secret token that the worker can replace at any time.

use crate::auth::session::{hash_token, new_token};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{long_date, today, worker};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Days;

/// How far ahead the agenda and the feed look.
const AHEAD_DAYS: u64 = 90;

pub struct Line {
    pub title: String,
    pub due: String,
    pub overdue: bool,
    pub path: String,
}

#[derive(Template)]
#[template(path = "plan/agenda.html")]
struct AgendaPage {
    chrome: Chrome,
    lines: Vec<Line>,
    ahead: u64,
    /// The feed's link, shown once after it was made.
    feed: Option<String>,
}

async fn page(state: &AppState, viewer: &Viewer, feed: Option<String>) -> AppResult<Response> {
    let user = worker(viewer)?;
    let now = today(state);
    let until = now + Days::new(AHEAD_DAYS);
    let lines = kompas_store::plan::agenda(&state.db, user.id, until)
        .await?
        .into_iter()
        .map(|i| Line {
            title: i.title_nl(),
            due: long_date(i.due),
            overdue: i.overdue(now),
            path: i.path(),
        })
        .collect();
    Ok(html(render(&AgendaPage {
        chrome: Chrome::new(state, viewer, "Mijn agenda"),
        lines,
        ahead: AHEAD_DAYS,
        feed,
    })?))
}

pub async fn show(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    page(&state, &viewer, None).await
}

/// Makes a new feed link (the old one stops working) and shows it once.
pub async fn new_link(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let user = worker(&viewer)?.clone();
    let token = new_token();
    let mut tx = state.db.begin().await?;
    kompas_store::users::set_calendar_token(
        &mut tx,
        user.id,
        &hash_token(&token),
        state.clock.now(),
    )
    .await?;
    super::commit_own_change(
        tx,
        &state,
        &user,
        "agendalink",
        "nieuwe link voor de agenda in een agenda-app",
    )
    .await?;
    let link = format!(
        "{}/agenda/{token}",
        state.config.public_url.trim_end_matches('/')
    );
    page(&state, &viewer, Some(link)).await
}

/// The feed itself: `text/calendar`, found by its token alone.
pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let token = token.trim_end_matches(".ics");
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let user = kompas_store::users::by_calendar_token(&state.db, &hash_token(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let until = today(&state) + Days::new(AHEAD_DAYS);
    let items = kompas_store::plan::agenda(&state.db, user, until).await?;
    let body =
        kompas_interop::agenda_ics::write(&items, state.config.public_url.trim_end_matches('/'));
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
