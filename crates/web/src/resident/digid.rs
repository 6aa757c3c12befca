//! Residents log in with DigiD through their municipality's OpenID Connect
//! broker (settings `[[digid]]`). The flow is the staff single sign-on's
//! (`crate::auth::oidc`: discovery, PKCE, state, nonce, ID-token checks);
//! what differs is what happens with the identity:
//!
//! - the assurance level must reach the municipality's minimum;
//! - the BSN (elfproef) is matched to household members of that
//!   municipality, in SQL;
//! - with DigiD Machtigen the session is for the member acted for, when the
//!   rule in `kompas_domain::resident_login` allows it;
//! - the same resident session as the one-time link opens.
//!
//! Every login and every refusal is audited, never with a BSN in it.

use super::open_session;
use crate::auth::oidc::{self, Failure, Flow, Identity};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::i18n::{text, text_with, Locale};
use crate::pages::{html, render, Chrome};
use crate::state::{AppState, DigidConfig, OidcProviderConfig};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use kompas_domain::resident_login::{may_act_for, AssuranceLevel, MemberFacts};
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome, Bsn};
use kompas_store::resident::{self, ResidentSession};
use std::collections::HashMap;

/// Binds a pending DigiD login to the browser that started it.
const FLOW_COOKIE: &str = "kompas_digid";

fn broker<'a>(state: &'a AppState, code: &str) -> Option<&'a DigidConfig> {
    state
        .config
        .digid
        .iter()
        .find(|d| d.municipality.eq_ignore_ascii_case(code))
}

/// The broker as an OpenID provider. Its name keeps its pending logins apart
/// from the staff providers'.
fn provider(d: &DigidConfig) -> OidcProviderConfig {
    OidcProviderConfig {
        name: format!("digid-{}", d.municipality.to_ascii_uppercase()),
        label: "DigiD".into(),
        issuer: d.issuer.clone(),
        client_id: d.client_id.clone(),
        client_secret: d.client_secret.clone(),
        municipality: d.municipality.clone(),
    }
}

fn flow<'a>(state: &AppState, p: &'a OidcProviderConfig) -> Flow<'a> {
    let code = crate::pages::url_encode(&p.municipality.to_ascii_uppercase());
    Flow {
        provider: p,
        redirect_uri: format!(
            "{}/mijn/digid/{code}/terug",
            state.config.public_url.trim_end_matches('/'),
        ),
        cookie: FLOW_COOKIE,
        cookie_path: "/mijn/digid".into(),
        scope: "openid",
    }
}

/// Why a resident's DigiD login did not open `/mijn`: each has its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The BSN (or the one acted for) is no member of a household here.
    NoMatch,
    /// The login's assurance level is below the municipality's minimum.
    LevelTooLow,
    /// Acting for someone the rule does not allow.
    NotAllowed,
    /// The attempt expired, was used, or came from another browser.
    Expired,
    /// The broker or DigiD did not confirm the login.
    NotConfirmed,
    /// The answer could not be trusted (token, BSN or level unreadable).
    Invalid,
    /// The broker cannot be reached or is not set up.
    Unavailable,
}

impl Refusal {
    /// The Fluent key prefix of its page (`…-title`, `…-text`).
    fn key(self) -> &'static str {
        match self {
            Refusal::NoMatch => "mijn-digid-nomatch",
            Refusal::LevelTooLow => "mijn-digid-level",
            Refusal::NotAllowed => "mijn-digid-notallowed",
            Refusal::Expired => "mijn-digid-expired",
            Refusal::NotConfirmed => "mijn-digid-notconfirmed",
            Refusal::Invalid => "mijn-digid-invalid",
            Refusal::Unavailable => "mijn-digid-unavailable",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::NoMatch => StatusCode::NOT_FOUND,
            Refusal::LevelTooLow | Refusal::NotAllowed => StatusCode::FORBIDDEN,
            Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Expired | Refusal::NotConfirmed | Refusal::Invalid => StatusCode::BAD_REQUEST,
        }
    }

    fn outcome(self) -> AuditOutcome {
        match self {
            Refusal::NoMatch | Refusal::LevelTooLow | Refusal::NotAllowed => AuditOutcome::Denied,
            _ => AuditOutcome::Failure,
        }
    }
}

#[derive(Template)]
#[template(path = "resident/digid_refused.html")]
struct RefusedPage {
    chrome: Chrome,
    /// What happened, in the resident's language.
    body: String,
    /// Offer to try again (not when trying again cannot help).
    retry: Option<String>,
}

/// `GET /mijn/digid/{gemeente}`: off to the broker.
pub async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let Some(d) = broker(&state, &code) else {
        return Err(crate::error::AppError::NotFound);
    };
    let p = provider(d);
    let res = oidc::begin(&state, &flow(&state, &p)).await?;
    if res.status() == StatusCode::SERVICE_UNAVAILABLE {
        return refused_page(&state, &viewer, &locale, d, Refusal::Unavailable);
    }
    Ok(res)
}

/// `GET /mijn/digid/{gemeente}/terug`: the broker's answer.
pub async fn callback(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    let Some(d) = broker(&state, &code) else {
        return Err(crate::error::AppError::NotFound);
    };
    let p = provider(d);
    let flow = flow(&state, &p);
    let params: HashMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let municipality = match kompas_store::tenancy::municipality_by_code(&state.db, &d.municipality)
        .await
    {
        Ok(m) => m.id,
        Err(kompas_store::StoreError::NotFound(_)) => {
            tracing::warn!(municipality = %d.municipality, "DigiD broker for an unknown municipality");
            return refused_page(&state, &viewer, &locale, d, Refusal::Unavailable);
        }
        Err(e) => return Err(e.into()),
    };
    let identity = match oidc::verify_answer(&state, &flow, &params, &headers).await {
        Ok(i) => i,
        Err(Failure::Internal(e)) => return Err(e),
        Err(Failure::Unavailable(reason)) => {
            tracing::warn!(provider = %p.name, error = %reason, "DigiD broker unavailable");
            audit_refusal(&state, municipality, Refusal::Unavailable, &reason).await?;
            return refused_page(&state, &viewer, &locale, d, Refusal::Unavailable);
        }
        Err(Failure::Refused {
            message, reason, ..
        }) => {
            let why = match message {
                oidc::EXPIRED | oidc::OTHER_BROWSER => Refusal::Expired,
                oidc::NOT_CONFIRMED | oidc::INCOMPLETE => Refusal::NotConfirmed,
                _ => Refusal::Invalid,
            };
            audit_refusal(&state, municipality, why, &reason).await?;
            return refused_page(&state, &viewer, &locale, d, why);
        }
    };
    match decide(&state, d, municipality, &identity).await? {
        Ok((who, detail)) => {
            let tx = state.db.begin().await?;
            open_session(
                &state,
                tx,
                &headers,
                &who,
                detail,
                Some(flow.cookie(&state, "", 0)),
            )
            .await
        }
        Err((why, reason)) => {
            audit_refusal(&state, municipality, why, &reason).await?;
            refused_page(&state, &viewer, &locale, d, why)
        }
    }
}

/// A claim as text (brokers send levels as strings or numbers).
fn claim(id: &Identity, name: &str) -> Option<String> {
    match id.claims.get(name)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

type Decision = Result<(ResidentSession, String), (Refusal, String)>;

/// From a verified identity to a session, or why not.
async fn decide(
    state: &AppState,
    d: &DigidConfig,
    municipality: i64,
    id: &Identity,
) -> AppResult<Decision> {
    let level = claim(id, &d.level_claim);
    let Some(level) = level.as_deref().and_then(AssuranceLevel::parse) else {
        return Ok(Err((
            Refusal::Invalid,
            format!(
                "geen leesbaar betrouwbaarheidsniveau in claim {}",
                d.level_claim
            ),
        )));
    };
    if !level.suffices_for(d.minimum_level) {
        return Ok(Err((
            Refusal::LevelTooLow,
            format!(
                "betrouwbaarheidsniveau {} is lager dan {}",
                level.code(),
                d.minimum_level.code()
            ),
        )));
    }
    let Some(bsn) = claim(id, &d.bsn_claim).and_then(|b| Bsn::parse(&b).ok()) else {
        return Ok(Err((
            Refusal::Invalid,
            format!("geen geldig BSN in claim {}", d.bsn_claim),
        )));
    };
    let acting_for = match claim(id, &d.acting_for_claim) {
        None => None,
        Some(raw) => match Bsn::parse(&raw) {
            Ok(b) if b != bsn => Some(b),
            // Acting "for" oneself is just logging in.
            Ok(_) => None,
            Err(_) => {
                return Ok(Err((
                    Refusal::Invalid,
                    format!("geen geldig BSN in claim {}", d.acting_for_claim),
                )))
            }
        },
    };
    let me = resident::members_with_bsn(&state.db, municipality, &bsn).await?;
    let how = format!("met DigiD (niveau {})", level.code());
    let session = |m: &MemberFacts, acting: Option<i64>| ResidentSession {
        member_id: m.id,
        household_id: m.household_id,
        municipality_id: municipality,
        acting_member_id: acting,
    };
    let Some(represented_bsn) = acting_for else {
        return Ok(match me.first() {
            Some(m) => Ok((session(m, None), how)),
            None => Err((Refusal::NoMatch, "BSN hoort bij geen gezinslid".into())),
        });
    };
    let them = resident::members_with_bsn(&state.db, municipality, &represented_bsn).await?;
    if them.is_empty() {
        return Ok(Err((
            Refusal::NoMatch,
            "vertegenwoordigde hoort bij geen gezinslid (DigiD Machtigen)".into(),
        )));
    }
    let today = kompas_domain::dutch_time::local(state.clock.now()).date();
    let mut why = "gemachtigde hoort bij geen gezinslid";
    for r in &them {
        for a in &me {
            match may_act_for(*a, *r, today) {
                Ok(()) => {
                    return Ok(Ok((
                        session(r, Some(a.id)),
                        format!("{how}, DigiD Machtigen"),
                    )))
                }
                Err(e) => why = e.reason_nl(),
            }
        }
    }
    Ok(Err((
        Refusal::NotAllowed,
        format!("DigiD Machtigen geweigerd: {why}"),
    )))
}

async fn audit_refusal(
    state: &AppState,
    municipality: i64,
    why: Refusal,
    reason: &str,
) -> AppResult<()> {
    let e = AuditEntry {
        at: kompas_store::time::to_db(state.clock.now()),
        actor_user_id: None,
        actor_username: Some("inwoner:digid".into()),
        actor_role: Some("inwoner".into()),
        actor_organization_id: None,
        municipality_id: Some(municipality),
        action: AuditAction::FailedLogin,
        object_type: "inwoner".into(),
        object_id: None,
        subject: None,
        purpose: Some("eigen gegevens inzien".into()),
        legal_ground: None,
        outcome: why.outcome(),
        detail: Some(oidc::printable(&format!("DigiD: {reason}"), 300)),
    };
    kompas_store::audit::record(&state.db, &e).await?;
    Ok(())
}

fn refused_page(
    state: &AppState,
    viewer: &Viewer,
    locale: &Locale,
    d: &DigidConfig,
    why: Refusal,
) -> AppResult<Response> {
    let key = why.key();
    let lang = locale.lang;
    let retry = matches!(
        why,
        Refusal::Expired | Refusal::NotConfirmed | Refusal::Unavailable | Refusal::LevelTooLow
    )
    .then(|| format!("/mijn/digid/{}", crate::pages::url_encode(&d.municipality)));
    // The language choice leads to /mijn, never back to the broker's answer.
    let locale = Locale {
        here: "/mijn".into(),
        ..locale.clone()
    };
    let page = RefusedPage {
        chrome: Chrome::public(state, viewer, &locale, &text(lang, &format!("{key}-title"))),
        body: text_with(
            lang,
            &format!("{key}-text"),
            &[(
                "level",
                FluentValue::from(text(
                    lang,
                    &format!("mijn-level-{}", d.minimum_level.code()),
                )),
            )],
        ),
        retry,
    };
    Ok((why.status(), html(render(&page)?)).into_response())
}
