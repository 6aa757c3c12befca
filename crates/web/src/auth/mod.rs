//! Who is asking: the viewer of a request, sessions, passwords, the second
//! factor and single sign-on.

pub mod oidc;
pub mod pages;
pub mod password;
pub mod session;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome, MunicipalityScope};
use kompas_store::users::User;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// A user with a session.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    /// The municipalities this user acts for: home plus explicit grants.
    pub scope: MunicipalityScope,
    pub session_hash: String,
    pub csrf: String,
}

/// The person behind a request, put in the request extensions by
/// `session::load_viewer`.
#[derive(Debug, Clone)]
pub enum Viewer {
    Anonymous {
        csrf: String,
    },
    /// Password accepted; the second factor is still owed.
    Pending(Arc<SignedIn>),
    SignedIn(Arc<SignedIn>),
}

impl Default for Viewer {
    fn default() -> Self {
        Viewer::Anonymous {
            csrf: String::new(),
        }
    }
}

impl Viewer {
    /// The token every form of this viewer must send back.
    pub fn csrf(&self) -> &str {
        match self {
            Viewer::Anonymous { csrf } => csrf,
            Viewer::Pending(s) | Viewer::SignedIn(s) => &s.csrf,
        }
    }

    /// The fully signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        match self {
            Viewer::SignedIn(s) => Some(&s.user),
            _ => None,
        }
    }

    /// The fully signed-in user with the municipalities they act for.
    pub fn scoped(&self) -> Option<(&User, &MunicipalityScope)> {
        match self {
            Viewer::SignedIn(s) => Some((&s.user, &s.scope)),
            _ => None,
        }
    }

    pub fn session(&self) -> Option<&SignedIn> {
        match self {
            Viewer::Anonymous { .. } => None,
            Viewer::Pending(s) | Viewer::SignedIn(s) => Some(s),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The client's address: as `limits::layers::resolve_client` found it (the proxy's
/// header when the connection comes from a trusted proxy), else the
/// connection's; unspecified in in-process tests.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<crate::limits::ClientAddress>() {
            return Ok(ClientIp(c.0));
        }
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(ip))
    }
}

/// An audit row about a user's own account, by that user (a login, a
/// failed second step, a logout, a linked identity).
pub fn account_entry(
    now: chrono::DateTime<chrono::Utc>,
    user: &User,
    action: AuditAction,
) -> AuditEntry {
    audit_entry(now, Some(user), action, "user", Some(user.id.to_string()))
}

/// An audit entry for something `actor` did, filled with the actor's details.
pub fn audit_entry(
    now: chrono::DateTime<chrono::Utc>,
    actor: Option<&User>,
    action: AuditAction,
    object_type: &str,
    object_id: Option<String>,
) -> AuditEntry {
    AuditEntry {
        at: kompas_store::time::to_db(now),
        actor_user_id: actor.map(|u| u.id),
        actor_username: actor.map(|u| u.username.clone()),
        actor_role: actor.map(|u| u.role.as_str().to_string()),
        actor_organization_id: actor.and_then(|u| u.organization_id),
        municipality_id: actor.map(|u| u.municipality_id),
        action,
        object_type: object_type.to_string(),
        object_id,
        subject: None,
        purpose: None,
        legal_ground: None,
        outcome: AuditOutcome::Success,
        detail: None,
    }
}
