//! The JSON API under `/api/v1`, following the Dutch API Design Rules:
//! plural nouns, kebab-case paths, `application/problem+json` errors.
//! Each endpoint is described with `#[utoipa::path]`; the document is served
//! at `/api/v1/openapi.json`.

pub mod maatwerk;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kompas_store::tenancy;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kompas API",
        description = "De JSON-API van Kompas, software voor het sociaal domein van gemeenten.",
        license(name = "EUPL-1.2")
    ),
    components(schemas(ProblemDetails))
)]
pub struct ApiDoc;

impl ApiDoc {
    pub fn openapi_base() -> utoipa::openapi::OpenApi {
        <ApiDoc as OpenApi>::openapi()
    }
}

/// An error, as RFC 9457 problem details.
#[derive(Serialize, ToSchema)]
pub struct ProblemDetails {
    #[schema(example = "about:blank")]
    pub r#type: String,
    #[schema(example = "Geen toegang")]
    pub title: String,
    #[schema(example = 403)]
    pub status: u16,
    pub detail: String,
    pub instance: String,
    pub request_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    #[schema(example = "ok")]
    pub database: String,
}

/// Is the service up and its database reachable?
#[utoipa::path(get, path = "/health", tag = "beheer",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => Json(Health {
            status: "ok".into(),
            database: "ok".into(),
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "fout".into(),
                    database: "onbereikbaar".into(),
                }),
            )
                .into_response()
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[schema(example = "coordinator")]
    pub role: String,
    #[schema(example = "GM9901")]
    pub municipality: String,
    pub organization_id: Option<i64>,
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub async fn me(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Me>> {
    let u = viewer.user().ok_or(AppError::Unauthorized)?;
    let m = tenancy::municipality_by_id(&state.db, u.municipality_id).await?;
    Ok(Json(Me {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.as_str().into(),
        municipality: m.cbs_code,
        organization_id: u.organization_id,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MunicipalityOut {
    pub id: i64,
    #[schema(example = "GM9901")]
    pub cbs_code: String,
    pub name: String,
    pub region_id: Option<i64>,
}

/// The municipalities the signed-in user acts for: their own and those granted to them.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "gemeenten",
    responses((status = 200, body = [MunicipalityOut]), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub async fn municipalities(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<MunicipalityOut>>> {
    let (_, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    Ok(Json(
        tenancy::municipalities_of(&state.db, scope)
            .await?
            .into_iter()
            .map(|m| MunicipalityOut {
                id: m.id,
                cbs_code: m.cbs_code,
                name: m.name,
                region_id: m.region_id,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipality_id: i64,
    pub organization_id: Option<i64>,
    pub disabled: bool,
    pub second_factor: bool,
}

/// Users of the municipalities the administrator manages.
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    responses((status = 200, body = [UserOut]), (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
pub async fn users(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<UserOut>>> {
    let (_, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    Ok(Json(
        kompas_store::users::list(&state.db, scope)
            .await?
            .into_iter()
            .map(|u| UserOut {
                id: u.id,
                second_factor: u.totp_secret.is_some(),
                username: u.username,
                display_name: u.display_name,
                role: u.role.as_str().into(),
                municipality_id: u.municipality_id,
                organization_id: u.organization_id,
                disabled: u.disabled,
            })
            .collect(),
    ))
}
