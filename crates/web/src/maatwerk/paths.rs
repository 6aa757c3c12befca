//! Maatwerk for the consultant: the worklist of open legal paths with their
//! deadlines, a path's page with its terms and steps, and starting a path
//! from the household page. The rules are the domain's.

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields, NoticeQuery};
use crate::state::AppState;
use crate::toegang::household::{change_start, reachable};
use crate::toegang::{audit, calendar, commit_audited, today, worker_in_scope};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use kompas_domain::dutch_time::{long_date, parse_date};
use kompas_domain::maatwerk::letter::reference;
use kompas_domain::maatwerk::terms::{self, ClockState, PENALTY_MAX_EUROS};
use kompas_domain::maatwerk::Law;
use kompas_domain::{AuditAction, MunicipalityScope};
use kompas_store::maatwerk::{self as mw, PathRow, Step};
use kompas_store::users::User;

use super::{commit_logged, fixable, logged_read, posted, PURPOSE};

/// One open path as the worklist and the path page show it.
pub struct PathLine {
    pub id: i64,
    pub household_id: i64,
    pub law: &'static str,
    /// What must happen and by when, or empty when nothing runs.
    pub what: String,
    pub basis: &'static str,
    pub last_day: String,
    /// "nog 7 werkdagen", "nog 2 werkdagen", "3 dagen te laat".
    pub state: String,
    pub warn: bool,
    pub late: bool,
    /// The Awb 4:17 penalty: owed so far, or what it can reach.
    pub exposure: String,
}

fn line(
    p: &PathRow,
    today: NaiveDate,
    cal: &kompas_domain::toegang::calendar::WorkingCalendar,
) -> PathLine {
    let mut l = PathLine {
        id: p.id,
        household_id: p.household_id,
        law: p.path.law.label_nl(),
        what: String::new(),
        basis: "",
        last_day: String::new(),
        state: String::new(),
        warn: false,
        late: false,
        exposure: String::new(),
    };
    let Some(term) = p.path.open_term() else {
        return l;
    };
    l.what = term.what.to_string();
    l.basis = term.basis;
    l.last_day = long_date(term.last_day);
    let is_decision = p.path.clock.is_some();
    let state = match &p.path.clock {
        Some(clock) => clock.state(today, cal),
        None if today > term.last_day => ClockState::Overdue {
            days: (today - term.last_day).num_days(),
        },
        None => ClockState::Running {
            working_days_left: cal.working_days_between(today, term.last_day),
        },
    };
    match state {
        ClockState::Running { working_days_left } => {
            l.state = format!("nog {working_days_left} werkdagen");
        }
        ClockState::Warning { working_days_left } => {
            l.state = match working_days_left {
                0 => "laatste dag".to_string(),
                1 => "nog 1 werkdag".to_string(),
                n => format!("nog {n} werkdagen"),
            };
            l.warn = true;
        }
        ClockState::Overdue { days } => {
            l.state = format!("{days} {} te laat", if days == 1 { "dag" } else { "dagen" });
            l.late = true;
            if is_decision {
                l.exposure = match p
                    .default_notice_on
                    .and_then(|n| terms::penalty(term.last_day, n, today))
                {
                    Some(owed) => format!(
                        "dwangsom: € {} over {} dagen (ten hoogste € {PENALTY_MAX_EUROS})",
                        owed.euros, owed.days
                    ),
                    None => format!(
                        "dwangsom mogelijk na een ingebrekestelling: ten hoogste € {PENALTY_MAX_EUROS}"
                    ),
                };
            }
        }
    }
    l
}

#[derive(Template)]
#[template(path = "maatwerk/worklist.html")]
struct WorklistPage {
    chrome: Chrome,
    lines: Vec<PathLine>,
}

/// The open paths of the households the worker works on, the nearest
/// deadline first.
pub async fn worklist(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let (user, scope) = worker_in_scope(&viewer)?;
    let (now, cal) = (today(&state), calendar(&state));
    // Only households this worker may work on, as on their pages.
    let mut paths = mw::open_paths(&state.db, scope, Some(user.id)).await?;
    paths.sort_by_key(|p| p.path.open_term().map(|t| t.last_day));
    let lines = paths.iter().map(|p| line(p, now, &cal)).collect();
    // The list names households by number only, but is still a read of
    // their files: one audit row for the list.
    audit(
        &state,
        Some(user),
        AuditAction::Read,
        ("maatwerk-werklijst", 0),
        None,
        PURPOSE,
    )
    .await?;
    Ok(html(render(&WorklistPage {
        chrome: Chrome::new(&state, &viewer, "Maatwerk: werklijst"),
        lines,
    })?))
}

/// A path the worker may reach (its household is theirs to work on), or 404.
/// A path the worker may reach, with the worker and their scope.
pub(super) async fn path_for<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    id: i64,
) -> AppResult<(PathRow, &'v User, &'v MunicipalityScope)> {
    let p = reachable_path(state, viewer, id).await?;
    let (user, scope) = worker_in_scope(viewer)?;
    Ok((p, user, scope))
}

pub(super) async fn reachable_path(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> AppResult<PathRow> {
    let (_, scope) = worker_in_scope(viewer)?;
    // A read: a reader connection, not the (single, on SQLite) writer.
    let mut conn = super::reader(state).await?;
    let p = mw::path_by_id(&mut conn, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    reachable(state, viewer, p.household_id).await?;
    Ok(p)
}

pub struct TermView {
    pub what: &'static str,
    pub basis: &'static str,
    pub last_day: String,
    pub done: String,
    pub met: Option<bool>,
}

#[derive(Template)]
#[template(path = "maatwerk/path.html")]
struct PathPage {
    chrome: Chrome,
    p: PathLine,
    version: i64,
    terms: Vec<TermView>,
    melding: Option<String>,
    decisions: Vec<DecisionLine>,
    notice: String,
}

/// A decision as the path page lists it.
pub struct DecisionLine {
    pub id: i64,
    pub reference: String,
    pub kind: &'static str,
    pub status: String,
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let (p, user, scope) = path_for(&state, &viewer, id).await?;
    let decisions = {
        let mut conn = super::reader(&state).await?;
        mw::decisions_of_path(&mut conn, scope, id).await?
    };
    logged_read(&state, user, ("maatwerktraject", id), p.household_id).await?;
    let terms = p
        .path
        .terms()
        .into_iter()
        .map(|t| TermView {
            what: t.term.what,
            basis: t.term.basis,
            last_day: long_date(t.term.last_day),
            done: t.done.map(long_date).unwrap_or_default(),
            met: t.met(),
        })
        .collect();
    Ok(html(render(&PathPage {
        chrome: Chrome::new(&state, &viewer, &format!("Maatwerktraject {id}")),
        p: line(&p, today(&state), &calendar(&state)),
        version: p.version,
        terms,
        melding: p.path.melding.map(long_date),
        decisions: decisions
            .iter()
            .map(|d| DecisionLine {
                id: d.id,
                reference: reference(d.draft.law, d.id),
                kind: d.draft.kind.label_nl(),
                status: match d.sent_on {
                    Some(on) => format!("verstuurd op {}", long_date(on)),
                    None => "concept".to_string(),
                },
            })
            .collect(),
        notice: q.melding.chars().take(300).collect(),
    })?))
}

fn back_to(id: i64, message: &str) -> Response {
    Redirect::to(&format!(
        "/werk/maatwerk/{id}?melding={}",
        crate::pages::url_encode(message)
    ))
    .into_response()
}

/// The step the form describes, or what is wrong with it.
fn step_from(f: &FormFields) -> Result<Step, String> {
    let day = |name: &str, label: &str| -> Result<NaiveDate, String> {
        parse_date(&f.get(name))
            .ok()
            .flatten()
            .ok_or_else(|| format!("{label}: schrijf de datum als 31-12-2026."))
    };
    match f.get("stap").as_str() {
        "verslag" => Ok(Step::Report(day("datum", "Datum")?)),
        "aanvraag" => Ok(Step::Application(day("datum", "Datum")?)),
        "besluit" => Ok(Step::Decide(day("datum", "Datum")?)),
        "ingebrekestelling" => Ok(Step::DefaultNotice(day("datum", "Datum")?)),
        "verdagen" => Ok(Step::Extend {
            notified_on: day("datum", "Datum van de mededeling")?,
            to: day("tot", "Nieuwe laatste dag")?,
        }),
        "opschorten" => {
            let reason: String = f.get("reden").trim().chars().take(300).collect();
            if reason.is_empty() {
                return Err("Geef de reden van de opschorting.".into());
            }
            Ok(Step::Suspend {
                from: day("datum", "Eerste dag")?,
                to: day("tot", "Laatste dag")?,
                reason,
            })
        }
        _ => Err("Kies een stap.".into()),
    }
}

pub async fn step(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let p = reachable_path(&state, &viewer, id).await?;
    let (user, scope, f) = posted(&viewer, &body)?;
    let step = match step_from(&f) {
        Ok(s) => s,
        Err(m) => return Ok(back_to(id, &m)),
    };
    let version: i64 = f.get("versie").parse().unwrap_or(p.version);
    let mut tx = state.db.begin().await?;
    if let Err(m) = fixable(mw::record_step(&mut tx, scope, id, version, &step).await)? {
        return Ok(back_to(id, &m));
    }
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("maatwerktraject", id),
        p.household_id,
    )
    .await?;
    Ok(back_to(id, "Opgeslagen."))
}

/// The law, the day (default `today`) and the member of the start form.
fn start_from(f: &FormFields, today: NaiveDate) -> Result<(Law, NaiveDate, Option<i64>), String> {
    let law = Law::parse(&f.get("wet"))?;
    let on = parse_date(&f.get("datum"))
        .map_err(|()| "Datum: schrijf de datum als 31-12-2026.".to_string())?
        .unwrap_or(today);
    Ok((law, on, f.get("lid").parse::<i64>().ok()))
}

/// Starts a path from the household page: a Wmo melding or an application
/// under another law, on a date (default today), optionally for one member.
pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let (_, scope) = worker_in_scope(&viewer)?;
    let (law, on, member) = match start_from(&c.form, today(&state)) {
        Ok(v) => v,
        Err(m) => return Ok(c.back(&m)),
    };
    let mut tx = state.db.begin().await?;
    let path = match fixable(
        mw::start_path(
            &mut tx,
            scope,
            id,
            member,
            law,
            on,
            Some(c.user.id),
            state.clock.now(),
        )
        .await,
    )? {
        Ok(p) => p,
        Err(m) => return Ok(c.back(&m)),
    };
    commit_audited(
        tx,
        &state,
        &c.user,
        AuditAction::Create,
        ("maatwerktraject", path),
        Some(id),
        &c.reason,
    )
    .await?;
    Ok(back_to(path, "Het traject is gestart. De termijn loopt."))
}
