//! The team lead's caseload view (issue 16): per worker the current cases,
//! overdue moments, referrals waiting too long for an answer and open
//! questions, and the questions nobody has taken yet — to balance the work.
//! Counts only; the names are the workers'.

use super::list::late_if_sent_by;
use super::ANSWER_DAYS;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{calendar, today, worker_in_scope};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kompas_domain::Role;
use kompas_store::plan::WorkerLoad;

#[derive(Template)]
#[template(path = "plan/team.html")]
struct TeamPage {
    chrome: Chrome,
    loads: Vec<WorkerLoad>,
    unassigned: i64,
    answer_days: u32,
}

pub async fn caseload(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let (user, scope) = worker_in_scope(&viewer)?;
    if user.role != Role::TeamLead {
        return Err(AppError::Forbidden);
    }
    let now = today(&state);
    let late = late_if_sent_by(now, &calendar(&state));
    let (loads, unassigned) = kompas_store::plan::caseload(&state.db, scope, now, late).await?;
    Ok(html(render(&TeamPage {
        chrome: Chrome::new(&state, &viewer, "Werkverdeling van het team"),
        loads,
        unassigned,
        answer_days: ANSWER_DAYS,
    })?))
}
