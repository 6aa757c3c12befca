//! HTTP for Kompas: server-rendered Dutch pages, the JSON API under `/api/v1`,
//! accounts and sessions. Every route is registered through [`routes::Routes`]
//! together with its access rule, so no route exists without one.

pub mod access;
pub mod api;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod directory;
pub mod error;
pub mod hsds_api;
pub mod i18n;
pub mod input;
pub mod limits;
pub mod maatwerk;
pub mod middleware;
pub mod monitor;
pub mod pages;
pub mod plan;
pub mod resident;
pub mod response_cache;
pub mod routes;
pub mod sharing;
pub mod state;
pub mod telemetry;
pub mod toegang;

pub use routes::RouteInfo;
pub use state::{AppState, DigidConfig, OidcProviderConfig, Site, WebConfig};

use axum::Router;

/// The whole application: every route with its access rule and the shared layers.
pub fn app(state: AppState) -> Router {
    let (router, _table) = routes::build(state.clone());
    middleware::wrap(router, state)
}

/// Every registered route with its method and access rule (for tests and docs).
pub fn route_table(state: AppState) -> Vec<RouteInfo> {
    routes::build(state).1
}
