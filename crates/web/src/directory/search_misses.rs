//! The editors' loop for searches that found nothing or little: the public
//! search counts them (query text only, see `SearchMissQuery`), editors see
//! them per month at `/redactie/zoekvragen` and turn a query into a synonym in
//! one step, or mark it as not needed.

use super::editorial::{add_synonym_pairs, SynonymForm};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kompas_domain::directory::search_miss::{is_miss, month_label, search_month};
use kompas_domain::directory::SearchMissQuery;
use kompas_domain::MunicipalityScope;
use kompas_store::search_misses::{self as sm, SearchMiss};
use kompas_store::users::User;
use kompas_store::StoreError;
use serde::Deserialize;

/// Counts a public search that found nothing or little, without making the
/// visitor wait: the write runs on its own, and a failed write is logged only.
pub fn note(state: &AppState, text: &str, page: usize, total: usize) {
    let Some(municipality) = state.home_municipality else {
        return;
    };
    if !is_miss(text, page, total) {
        return;
    }
    let Some(query) = SearchMissQuery::new(text) else {
        return;
    };
    let now = state.clock.now();
    let db = state.db.clone();
    let found = i64::try_from(total).unwrap_or(i64::MAX);
    tokio::spawn(async move {
        if let Err(e) = sm::record(&db, municipality, &search_month(now), &query, found, now).await
        {
            tracing::warn!(error = %e, "counting a search that found little failed");
        }
    });
}

/// Editors keep the directory of their home municipality.
fn editor(viewer: &Viewer) -> AppResult<(&User, MunicipalityScope)> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?;
    Ok((user, MunicipalityScope::single(user.municipality_id)))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    maand: String,
    /// `ja` shows the handled queries too.
    #[serde(default)]
    afgehandeld: String,
    #[serde(default)]
    melding: String,
}

/// A month to choose: its value, its name and whether it is shown now.
pub struct MonthLink {
    pub value: String,
    pub label: String,
    pub current: bool,
}

/// One query as the page shows it.
pub struct Row {
    pub id: i64,
    pub query: String,
    pub searches: i64,
    pub found: i64,
    /// The Dutch day it was handled, e.g. "7-12-2026".
    pub handled_on: Option<String>,
}

impl From<SearchMiss> for Row {
    fn from(m: SearchMiss) -> Row {
        let handled_on = m.handled_at.as_deref().and_then(|at| {
            let t = kompas_store::time::from_db(at).ok()?;
            Some(
                kompas_domain::dutch_time::local(t)
                    .format("%-d-%-m-%Y")
                    .to_string(),
            )
        });
        Row {
            id: m.id,
            query: m.query,
            searches: m.searches,
            found: m.found,
            handled_on,
        }
    }
}

#[derive(Template)]
#[template(path = "directory/editor_search_misses.html")]
struct MissesPage {
    chrome: Chrome,
    month: String,
    month_name: String,
    months: Vec<MonthLink>,
    rows: Vec<Row>,
    show_handled: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn notice(code: &str) -> Option<&'static str> {
    match code {
        "synoniem" => {
            Some("Het synoniem is gemaakt. Wie dit zoekt, vindt nu ook wat het betekent.")
        }
        "afgehandeld" => Some("Gemarkeerd als niet nodig."),
        _ => None,
    }
}

async fn misses_page(
    state: &AppState,
    viewer: &Viewer,
    q: &ListQuery,
    error: Option<String>,
) -> AppResult<String> {
    let (_, scope) = editor(viewer)?;
    let month = if month_label(&q.maand).is_some() {
        q.maand.clone()
    } else {
        search_month(state.clock.now())
    };
    let mut with_data = sm::months(&state.db, &scope).await?;
    if !with_data.contains(&month) {
        with_data.push(month.clone());
        with_data.sort_by(|a, b| b.cmp(a));
    }
    let months = with_data
        .into_iter()
        .map(|m| MonthLink {
            label: month_label(&m).unwrap_or_else(|| m.clone()),
            current: m == month,
            value: m,
        })
        .collect();
    let show_handled = q.afgehandeld == "ja";
    render(&MissesPage {
        chrome: Chrome::new(state, viewer, "Zoekvragen zonder resultaat"),
        month_name: month_label(&month).unwrap_or_default(),
        rows: sm::list(&state.db, &scope, &month, show_handled)
            .await?
            .into_iter()
            .map(Row::from)
            .collect(),
        month,
        months,
        show_handled,
        notice: notice(&q.melding),
        error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    Ok(html(misses_page(&state, &viewer, &q, None).await?))
}

/// "Maak synoniem": the query (as the editor left it in the form) becomes a
/// synonym of what it should find, through the synonyms page's own steps, and
/// the query is handled, in one transaction.
pub async fn make_synonym(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<SynonymForm>,
) -> AppResult<Response> {
    handle(&state, &viewer, id, Some((f.woord, f.betekent))).await
}

/// "Niet nodig": handled without a synonym.
pub async fn not_needed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    handle(&state, &viewer, id, None).await
}

/// Marks a query of the editor's municipality handled, after adding the
/// synonym `pair` when there is one (all or nothing).
async fn handle(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    pair: Option<(String, String)>,
) -> AppResult<Response> {
    let (user, scope) = editor(viewer)?;
    let miss = sm::by_id(&state.db, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if let Some(pair) = &pair {
        let pairs = std::slice::from_ref(pair);
        if let Err(e) = add_synonym_pairs(state, &mut tx, user.municipality_id, pairs).await? {
            drop(tx);
            let q = ListQuery {
                maand: miss.month,
                ..ListQuery::default()
            };
            let page = misses_page(state, viewer, &q, Some(e)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
        }
    }
    sm::mark_handled(&mut tx, &scope, id, user.id, state.clock.now()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    if pair.is_none() {
        return Ok(back_to(&miss.month, "afgehandeld"));
    }
    super::reload_synonyms(state).await?;
    Ok(back_to(&miss.month, "synoniem"))
}

fn back_to(month: &str, melding: &str) -> Response {
    Redirect::to(&format!(
        "/redactie/zoekvragen?maand={month}&melding={melding}"
    ))
    .into_response()
}
