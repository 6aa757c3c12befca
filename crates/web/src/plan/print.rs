//! "Uw plan": the plan for the household in plain Dutch, to print or to
//! download as one HTML file. Goals per life domain, who does what, the
//! support and where it sits in the pyramid, and when the plan was agreed.
//! No notes and no professional words.

use super::{date_or, read_case, PyramidView};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::{html, render};
use crate::state::AppState;
use crate::toegang::{long_date, today};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::plan::{Actor, GoalStatus};
use kompas_domain::AuditAction;
use kompas_store::plan as pl;
use serde::Deserialize;

/// The household plan for the resident: a page to print, or with
/// `?download=1` the same page as a file (each audited with its purpose).
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<PrintQuery>,
) -> AppResult<Response> {
    let download = q.download == "1";
    let (action, purpose) = if download {
        (AuditAction::Export, "plan voor het huishouden gedownload")
    } else {
        (AuditAction::Read, "plan voor het huishouden afdrukken")
    };
    let (_, c) = read_case(&state, &viewer, id, action, purpose).await?;
    let goals = pl::goals(&state.db, id).await?;
    let actions = pl::actions(&state.db, id).await?;
    let groups = LifeDomain::ALL
        .iter()
        .filter_map(|d| {
            let of: Vec<PlanGoal> = goals
                .iter()
                .filter(|g| g.domain == *d)
                .map(|g| PlanGoal {
                    text: g.text.clone(),
                    who: who(g.actor),
                    when: date_or(g.due, "geen vaste datum"),
                    state: how_far(g.status),
                    steps: actions
                        .iter()
                        .filter(|a| a.goal_id == g.id)
                        .map(|a| PlanStep {
                            text: a.text.clone(),
                            who: who(a.actor),
                            when: date_or(a.due, "geen vaste datum"),
                            done: a.done_on.map(long_date),
                        })
                        .collect(),
                })
                .collect();
            (!of.is_empty()).then_some((d.label_nl(), of))
        })
        .collect();
    let items: Vec<_> = pl::support_items(&state.db, id)
        .await?
        .into_iter()
        .filter(|s| s.ended_on.is_none())
        .collect();
    let layers: Vec<Layer> = items.iter().map(|s| s.layer).collect();
    let page = PlanPage {
        download,
        case_id: c.id,
        site_name: state.site_name.clone(),
        agreed: c.plan_agreed_on.map(|d| {
            format!(
                "{} met {}",
                long_date(d),
                c.plan_agreed_with.clone().unwrap_or_default()
            )
        }),
        contact: c.coordinator_name.clone().unwrap_or_default(),
        groups,
        support: items
            .iter()
            .map(|s| PlanSupport {
                title: s.title.clone(),
                layer: s.layer.number(),
                layer_label: s.layer.label_nl(),
                explanation: s.layer.explanation_nl(),
            })
            .collect(),
        pyramid: PyramidView::of(&layers),
        made_on: long_date(today(&state)),
    };
    let body = render(&page)?;
    if download {
        let name = format!(
            "attachment; filename=\"plan-{}-{}.html\"",
            c.id,
            today(&state)
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, name),
            ],
            body,
        )
            .into_response());
    }
    Ok(html(body))
}

/// Who does it, said to the household.
fn who(a: Actor) -> &'static str {
    match a {
        Actor::Resident => "U zelf",
        Actor::Network => "Iemand uit uw omgeving",
        Actor::Professional => "Een hulpverlener",
    }
}

/// Where a goal stands, said to the household.
fn how_far(s: GoalStatus) -> &'static str {
    match s {
        GoalStatus::Running => "Hier werken we nog aan",
        GoalStatus::Reached => "Gelukt",
        GoalStatus::Partly => "Voor een deel gelukt",
        GoalStatus::NotReached => "Niet gelukt",
    }
}

pub struct PlanStep {
    pub text: String,
    pub who: &'static str,
    pub when: String,
    pub done: Option<String>,
}

pub struct PlanGoal {
    pub text: String,
    pub who: &'static str,
    pub when: String,
    pub state: &'static str,
    pub steps: Vec<PlanStep>,
}

pub struct PlanSupport {
    pub title: String,
    pub layer: u8,
    pub layer_label: &'static str,
    pub explanation: &'static str,
}

#[derive(Template)]
#[template(path = "plan/household_plan.html")]
struct PlanPage {
    download: bool,
    case_id: i64,
    site_name: String,
    agreed: Option<String>,
    contact: String,
    groups: Vec<(&'static str, Vec<PlanGoal>)>,
    support: Vec<PlanSupport>,
    pyramid: PyramidView,
    made_on: String,
}

/// `?download=1` asks for the plan as a file.
#[derive(Debug, Default, Deserialize)]
pub struct PrintQuery {
    #[serde(default)]
    download: String,
}
