//! "Mijn trajecten": the cases a worker coordinates or is on the team of,
//! with what needs attention first.

use super::date_or;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{calendar, today, worker};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kompas_domain::plan::{awaiting_answer, reminder_state};
use kompas_store::plan as pl;

/// Working days a partner has to answer a referral before it surfaces.
pub const ANSWER_DAYS: u32 = 5;

pub struct CaseLine {
    pub id: i64,
    pub household_id: i64,
    pub status: &'static str,
    pub coordinator: String,
    pub mine: bool,
    pub reentry: bool,
    /// "Evaluatie: dinsdag 3 maart 2026", or "geen".
    pub next: String,
    /// "Over 3 dagen", "2 dagen te laat"; empty without a next moment.
    pub next_state: String,
    pub next_late: bool,
    pub waiting: usize,
}

#[derive(Template)]
#[template(path = "plan/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<CaseLine>,
    answer_days: u32,
}

pub async fn mine(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let now = today(&state);
    let cal = calendar(&state);
    let mut lines = Vec::new();
    for c in pl::cases_of_user(&state.db, user.id).await? {
        let next = pl::moments(&state.db, c.id)
            .await?
            .into_iter()
            .find(|m| m.done_on.is_none());
        let waiting = pl::referrals_of_case(&state.db, c.id)
            .await?
            .iter()
            .filter(|r| {
                r.sent_on
                    .is_some_and(|s| awaiting_answer(r.status, s, now, ANSWER_DAYS, &cal))
            })
            .count();
        let (next_text, next_state, next_late) = match &next {
            Some(m) => {
                let st = reminder_state(m.due, false, now);
                (
                    format!(
                        "{}: {}",
                        super::case::moment_label(&m.kind),
                        date_or(Some(m.due), "")
                    ),
                    st.label_nl(),
                    st.is_overdue(),
                )
            }
            None => ("geen".to_string(), String::new(), false),
        };
        lines.push(CaseLine {
            id: c.id,
            household_id: c.household_id,
            status: c.status.label_nl(),
            coordinator: c
                .coordinator_name
                .clone()
                .unwrap_or_else(|| "niemand".into()),
            mine: c.coordinator_id == Some(user.id),
            reentry: c.reentry,
            next: next_text,
            next_state,
            next_late,
            waiting,
        });
    }
    Ok(html(render(&ListPage {
        chrome: Chrome::new(&state, &viewer, "Mijn trajecten"),
        lines,
        answer_days: ANSWER_DAYS,
    })?))
}
