//! Who may call a route. Each route declares one `Access` rule when it is
//! registered; `enforce` applies it before the handler runs.

use crate::auth::Viewer;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kompas_domain::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Everyone, without logging in.
    Public,
    /// Someone who passed the password but still owes the second factor.
    SecondFactorPending,
    /// Any session, complete or still owing the second factor (logging out).
    AnySession,
    /// Any fully signed-in user.
    SignedIn,
    /// Fully signed-in users with one of these roles.
    Roles(&'static [Role]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not (fully) logged in: send to the login page (pages) or 401 (API).
    NeedLogin,
    Forbidden,
}

impl Access {
    pub fn decide(self, viewer: &Viewer) -> Decision {
        match (self, viewer) {
            (Access::Public, _) => Decision::Allow,
            (Access::SecondFactorPending, Viewer::Pending(_)) => Decision::Allow,
            (Access::SecondFactorPending, Viewer::SignedIn(_)) => Decision::Forbidden,
            (Access::AnySession, Viewer::Pending(_) | Viewer::SignedIn(_)) => Decision::Allow,
            (Access::SignedIn, Viewer::SignedIn(_)) => Decision::Allow,
            (Access::Roles(roles), Viewer::SignedIn(s)) => {
                if roles.contains(&s.user.role) {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
            (_, Viewer::Anonymous { .. } | Viewer::Pending(_)) => Decision::NeedLogin,
        }
    }

    /// A short description for the route table and documentation.
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::SecondFactorPending => "second-factor-pending".into(),
            Access::AnySession => "any-session".into(),
            Access::SignedIn => "signed-in".into(),
            Access::Roles(r) => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("|"),
        }
    }
}

/// Route-level middleware: applies the route's rule to the request's viewer.
pub async fn enforce(State(access): State<Access>, req: Request, next: Next) -> Response {
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    match access.decide(&viewer) {
        Decision::Allow => next.run(req).await,
        Decision::Forbidden => AppError::Forbidden.into_response(),
        Decision::NeedLogin => {
            let path = req.uri().path();
            if path.starts_with("/api/") || req.method() != axum::http::Method::GET {
                return AppError::Unauthorized.into_response();
            }
            let target = match &viewer {
                Viewer::Pending(_) => "/inloggen/tweede-stap".to_string(),
                _ => format!(
                    "/inloggen?terug={}",
                    crate::pages::url_encode(
                        req.uri().path_and_query().map_or(path, |pq| pq.as_str()),
                    )
                ),
            };
            (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response()
        }
    }
}
