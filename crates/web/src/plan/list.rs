//! "Mijn trajecten": the cases a worker coordinates or is on the team of,
//! with what needs attention first.

use super::{date_or, ANSWER_DAYS};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::pager::{offset, page_number, Pager};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{audit_rows, calendar, today, worker};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use kompas_domain::plan::{awaiting_answer, reminder_state, ReferralStatus};
use kompas_domain::toegang::calendar::WorkingCalendar;
use kompas_domain::{AuditAction, Role};
use kompas_store::plan_list::{self as pl, CaseSort, Whose};
use serde::Deserialize;

pub struct CaseLine {
    pub id: i64,
    pub household_id: i64,
    /// "Amrani, F. (4 personen)": the first member's name and the size.
    pub household: String,
    pub status: &'static str,
    pub coordinator: String,
    pub mine: bool,
    pub reentry: bool,
    /// "Evaluatie: dinsdag 3 maart 2026", or "geen".
    pub next: String,
    /// "Over 3 dagen", "2 dagen te laat"; empty without a next moment.
    pub next_state: String,
    pub next_late: bool,
    pub waiting: i64,
}

#[derive(Template)]
#[template(path = "plan/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<CaseLine>,
    answer_days: u32,
    pager: Pager,
    /// The team lead's view of every case of the team.
    team: bool,
    team_lead: bool,
    sort: &'static str,
    /// (code, label, link) of each way to sort.
    sorts: Vec<(&'static str, &'static str, String)>,
    caption: String,
}

/// Cases per page.
const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pagina: Option<i64>,
    /// `moment` (default), `huishouden` or `status`.
    #[serde(default)]
    sorteer: String,
    /// For a team lead: `ik` shows only their own cases.
    #[serde(default)]
    wie: String,
}

/// The latest sending date for which a referral without an answer is late
/// today (lateness only grows with age, so every earlier date is late too).
/// How a list names a household: its first member and how many people it has.
fn household_label(first_member: Option<&str>, members: i64) -> String {
    match (first_member, members) {
        (Some(name), 1) => name.to_string(),
        (Some(name), n) => format!("{name} (+{})", n - 1),
        (None, _) => "nog niemand ingeschreven".to_string(),
    }
}

pub(crate) fn late_if_sent_by(today: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
    let mut d = today;
    for _ in 0..120 {
        if awaiting_answer(ReferralStatus::Sent, d, today, ANSWER_DAYS, cal) {
            break;
        }
        d = d.pred_opt().unwrap_or(d);
    }
    d
}

pub async fn mine(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let scope = viewer
        .scoped()
        .map(|(_, s)| s)
        .ok_or(AppError::Unauthorized)?;
    let now = today(&state);
    let cal = calendar(&state);
    let page = page_number(q.pagina);
    let sort = CaseSort::parse(&q.sorteer).unwrap_or_default();
    let team_lead = user.role == Role::TeamLead;
    let team = team_lead && q.wie != "ik";
    let whose = if team {
        Whose::Team
    } else {
        Whose::Mine(user.id)
    };
    let (rows, total) = pl::case_lines(
        &state.db,
        scope,
        whose,
        sort,
        late_if_sent_by(now, &cal),
        offset(page, PAGE),
        PAGE,
    )
    .await?;
    let wie = if team_lead && !team { "wie=ik&" } else { "" };
    let pager = Pager::new(
        &format!("/werk/trajecten?{wie}sorteer={}&", sort.code()),
        page,
        PAGE,
        total,
    );
    // The names on the page are a read of each household, logged per line.
    let purpose = if team {
        "overzicht trajecten van het team"
    } else {
        "overzicht eigen trajecten"
    };
    let shown: Vec<_> = rows
        .iter()
        .map(|c| ("huishouden", c.household_id, Some(c.household_id)))
        .collect();
    let reads = audit_rows(&state, Some(user), AuditAction::Read, purpose, &shown);
    let mut tx = state.db.begin().await?;
    kompas_store::audit::append_many(&mut tx, &reads).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    let lines = rows
        .into_iter()
        .map(|c| {
            let (next, next_state, next_late) = match (c.next_due, &c.next_kind) {
                (Some(due), Some(kind)) => {
                    let st = reminder_state(due, false, now);
                    (
                        format!("{}: {}", super::moment_label(kind), date_or(Some(due), "")),
                        st.label_nl(),
                        st.is_overdue(),
                    )
                }
                _ => ("geen".to_string(), String::new(), false),
            };
            CaseLine {
                id: c.id,
                household_id: c.household_id,
                household: household_label(c.first_member.as_deref(), c.members),
                status: c.status.label_nl(),
                coordinator: c.coordinator_name.unwrap_or_else(|| "niemand".into()),
                mine: c.coordinator_id == Some(user.id),
                reentry: c.reentry,
                next,
                next_state,
                next_late,
                waiting: c.waiting,
            }
        })
        .collect();
    let title = if team {
        "Trajecten van het team"
    } else {
        "Mijn trajecten"
    };
    Ok(html(render(&ListPage {
        chrome: Chrome::new(&state, &viewer, title),
        lines,
        answer_days: ANSWER_DAYS,
        caption: format!(
            "{title}, gesorteerd op {}: {}",
            sort.label_nl(),
            pager.summary
        ),
        pager,
        team,
        team_lead,
        sort: sort.code(),
        sorts: CaseSort::ALL
            .iter()
            .map(|s| {
                (
                    s.code(),
                    s.label_nl(),
                    format!("/werk/trajecten?{wie}sorteer={}", s.code()),
                )
            })
            .collect(),
    })?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referral_is_late_after_five_working_days_not_counting_the_weekend() {
        let cal = WorkingCalendar::default();
        // Thursday 19 November 2026: five working days back is Thursday 12 November.
        let today = NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
        let cutoff = late_if_sent_by(today, &cal);
        assert!(awaiting_answer(
            ReferralStatus::Sent,
            cutoff,
            today,
            ANSWER_DAYS,
            &cal
        ));
        let next = cutoff.succ_opt().unwrap();
        assert!(!awaiting_answer(
            ReferralStatus::Sent,
            next,
            today,
            ANSWER_DAYS,
            &cal
        ));
    }
}
