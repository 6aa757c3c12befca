//! Sent maatwerk decisions for the municipality's case systems, as the
//! `Besluit` of the ZGW Besluiten API (the mapping is `interop::zgw_besluit`).
//! Read-only, for the caller's municipalities; every decision read leaves an
//! audit row about its household.

use crate::api::ProblemDetails;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::toegang::audit_in;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use kompas_domain::AuditAction;
use kompas_interop::zgw_besluit::{to_besluit, Besluit, BesluitPage, SentDecision};
use kompas_store::maatwerk::{self as mw, SentDecisionRow};
use serde::Deserialize;
use utoipa::IntoParams;

const BASE: &str = "/api/v1/maatwerk/besluiten";
/// Decisions per page when the caller does not say.
const PAGE: i64 = 100;
/// At most this many per page.
const MAX_PAGE: i64 = 500;

fn base_url(state: &AppState) -> String {
    format!("{}{BASE}", state.config.public_url.trim_end_matches('/'))
}

fn besluit(state: &AppState, row: &SentDecisionRow) -> Besluit {
    let id = row.decision.id;
    to_besluit(
        &SentDecision {
            id,
            draft: &row.decision.draft,
            sent_on: row.sent_on,
            municipality_code: &row.municipality_code,
            ended_by: row.ended_by,
        },
        format!("{}/{id}", base_url(state)),
    )
}

/// A reader connection: these are reads, not for the (on SQLite single) writer.
async fn reader(
    state: &AppState,
) -> AppResult<impl std::ops::DerefMut<Target = kompas_store::Conn>> {
    Ok(state
        .db
        .reader()
        .acquire()
        .await
        .map_err(kompas_store::StoreError::from)?)
}

/// Writes one read row per decision, about its household, then answers.
async fn audited(state: &AppState, viewer: &Viewer, rows: &[SentDecisionRow]) -> AppResult<()> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?;
    let mut tx = state.db.begin().await?;
    for r in rows {
        audit_in(
            &mut tx,
            state,
            Some(user),
            AuditAction::Read,
            ("maatwerkbesluit", r.decision.id),
            Some(r.decision.household_id),
            crate::maatwerk::PURPOSE,
        )
        .await?;
    }
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(())
}

/// One sent decision of the caller's municipalities, as a ZGW `Besluit`.
#[utoipa::path(get, path = "/api/v1/maatwerk/besluiten/{id}", tag = "maatwerk",
    params(("id" = i64, Path, description = "Het nummer van het besluit")),
    responses((status = 200, body = Besluit),
        (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "Geen verzonden besluit met dit nummer in uw gemeenten", body = ProblemDetails, content_type = "application/problem+json")))]
pub async fn decision(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Besluit>> {
    let (_, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    let mut conn = reader(&state).await?;
    let row = mw::sent_decision(&mut conn, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    audited(&state, &viewer, std::slice::from_ref(&row)).await?;
    Ok(Json(besluit(&state, &row)))
}

/// The filter and page of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only decisions sent on or after this day (JJJJ-MM-DD).
    pub sinds: Option<String>,
    /// The page after this decision number (from `next`).
    pub na: Option<i64>,
    /// Decisions per page (1 to 500, standaard 100).
    pub aantal: Option<i64>,
}

/// The sent decisions of the caller's municipalities, oldest number first,
/// a page at a time.
#[utoipa::path(get, path = "/api/v1/maatwerk/besluiten", tag = "maatwerk", params(ListParams),
    responses((status = 200, body = BesluitPage),
        (status = 400, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
pub async fn decisions(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<ListParams>,
) -> AppResult<Json<BesluitPage>> {
    let (_, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    let since = match p.sinds.as_deref().map(str::trim) {
        None | Some("") => NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::BadRequest(format!("sinds '{s}' is geen datum als 2026-03-31"))
        })?,
    };
    let limit = p.aantal.unwrap_or(PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "aantal ligt tussen 1 en {MAX_PAGE}"
        )));
    }
    let after = p.na.unwrap_or(0);
    let mut conn = reader(&state).await?;
    // One more than asked tells whether there is a next page.
    let mut rows = mw::sent_decisions(&mut conn, scope, since, after, limit + 1).await?;
    drop(conn);
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    audited(&state, &viewer, &rows).await?;
    let next = match (more, rows.last()) {
        (true, Some(last)) => {
            let sinds = match p.sinds.as_deref().map(str::trim) {
                None | Some("") => String::new(),
                Some(_) => format!("sinds={}&", since.format("%Y-%m-%d")),
            };
            Some(format!(
                "{}?{sinds}na={}&aantal={limit}",
                base_url(&state),
                last.decision.id
            ))
        }
        _ => None,
    };
    Ok(Json(BesluitPage {
        next,
        results: rows.iter().map(|r| besluit(&state, r)).collect(),
    }))
}
