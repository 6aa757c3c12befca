//! The limits as middleware: finding the client's address, and the HSDS
//! API's and search's budgets and caps. Kept apart from the budgets
//! themselves, which the application state holds.

use super::client::{self, budget_key};
use super::{ClientAddress, RetryAfter};
use crate::error::AppError;
use crate::state::AppState;
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tokio::sync::OwnedSemaphorePermit;

/// Finds the client's address (see [`client::client_address`]) and keeps it
/// in the request for the budgets and handlers.
pub async fn resolve_client(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let cfg = &state.limits.config;
    let ip = if cfg.trusted_proxies.contains(peer) {
        let values: Vec<&str> = req
            .headers()
            .get_all(cfg.forwarded_header.name())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        client::client_address(peer, &values, cfg.forwarded_header, &cfg.trusted_proxies)
    } else {
        peer.to_canonical()
    };
    req.extensions_mut().insert(ClientAddress(ip));
    next.run(req).await
}

/// The public endpoints with their own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Api,
    Search,
}

impl Kind {
    fn of(method: &Method, path: &str) -> Option<Kind> {
        if method == Method::OPTIONS {
            return None;
        }
        if path == "/api/hsds" || path.starts_with("/api/hsds/") {
            Some(Kind::Api)
        } else if path == "/zoeken" || path.starts_with("/zoeken/") {
            Some(Kind::Search)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Api => "hsds",
            Kind::Search => "search",
        }
    }
}

/// The budget per client and the cap in flight of the HSDS API and search.
/// Over budget: 429; every place taken: 503; both with `Retry-After`, rendered
/// by the error layer (problem+json for the API, a Dutch page otherwise).
pub async fn public_budgets(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(kind) = Kind::of(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let ip = req
        .extensions()
        .get::<ClientAddress>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0);
    let limits = &state.limits;
    let (budget, in_flight) = match kind {
        Kind::Api => (&limits.api, &limits.api_in_flight),
        Kind::Search => (&limits.search, &limits.search_in_flight),
    };
    if let Err(wait) = budget.check(&budget_key(ip)) {
        metrics::counter!("kompas_limited_total", "kind" => kind.name(), "status" => "429")
            .increment(1);
        return refused(kind, AppError::TooManyRequests { retry_after: wait });
    }
    let Some(permit) = in_flight.enter() else {
        metrics::counter!("kompas_limited_total", "kind" => kind.name(), "status" => "503")
            .increment(1);
        return refused(
            kind,
            AppError::Busy {
                retry_after: RetryAfter(1),
            },
        );
    };
    let res = next.run(req).await;
    match permit {
        Some(p) => hold_while_streaming(res, p),
        None => res,
    }
}

fn refused(kind: Kind, e: AppError) -> Response {
    let mut res = e.into_response();
    if kind == Kind::Api {
        // The HSDS API has open CORS; a browser may read why it was refused.
        res.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    res
}

/// Keeps the place until a streamed body (`format=ndjson`) has been sent; a
/// body of known length is finished already.
fn hold_while_streaming(res: Response, permit: OwnedSemaphorePermit) -> Response {
    if res.body().size_hint().exact().is_some() {
        return res;
    }
    res.map(|body| {
        use futures_util::StreamExt as _;
        Body::from_stream(body.into_data_stream().map(move |chunk| {
            let _place = &permit;
            chunk
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_api_and_search_have_their_own_budget() {
        assert_eq!(
            Kind::of(&Method::GET, "/api/hsds/services"),
            Some(Kind::Api)
        );
        assert_eq!(Kind::of(&Method::GET, "/zoeken"), Some(Kind::Search));
        assert_eq!(
            Kind::of(&Method::GET, "/zoeken/afdrukken"),
            Some(Kind::Search)
        );
        assert_eq!(Kind::of(&Method::OPTIONS, "/api/hsds/services"), None);
        assert_eq!(Kind::of(&Method::GET, "/zoekenx"), None);
        assert_eq!(Kind::of(&Method::GET, "/aanbod/1"), None);
    }
}
