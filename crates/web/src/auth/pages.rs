//! Login, second factor and logout pages.

use super::session::{self, SESSION_COOKIE};
use super::{account_entry, audit_entry, password, ClientIp, Viewer};
use crate::error::{AppError, AppResult};
use crate::limits::LoginRefusal;
use crate::pages::{render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kompas_domain::lockout::SECOND_FACTOR_TRIES;
use kompas_domain::totp::TotpSecret;
use kompas_domain::{AuditAction, AuditOutcome};
use kompas_store::{audit, secrets, sessions, users};
use secrecy::ExposeSecret;
use serde::Deserialize;

pub const TOO_MANY_CODES: &str =
    "U heeft te vaak een verkeerde code ingevuld. Log opnieuw in met uw gebruikersnaam en wachtwoord.";
pub const WRONG_CREDENTIALS: &str = "Gebruikersnaam of wachtwoord klopt niet.";
pub const LOCKED: &str =
    "Er is te vaak een verkeerd wachtwoord gebruikt. Probeer het over 15 minuten opnieuw.";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    username: String,
    terug: String,
    providers: Vec<(String, String)>,
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    terug: String,
    /// `codes`: the previous login ended after too many wrong codes.
    #[serde(default)]
    fout: String,
}

/// Only local paths are followed after login, never another site.
pub fn safe_return_path(raw: &str) -> String {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control);
    if ok {
        raw.to_string()
    } else {
        "/".to_string()
    }
}

fn login_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
    username: String,
    terug: String,
) -> AppResult<String> {
    render(&LoginPage {
        chrome: Chrome::new(state, viewer, "Inloggen"),
        error,
        username,
        terug,
        providers: state
            .config
            .oidc
            .iter()
            .map(|p| (p.name.clone(), p.label.clone()))
            .collect(),
    })
}

pub async fn login_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    if viewer.user().is_some() {
        return Ok(Redirect::to(&safe_return_path(&q.terug)).into_response());
    }
    let error = (q.fout == "codes").then(|| TOO_MANY_CODES.to_string());
    let html = login_page(
        &state,
        &viewer,
        error,
        String::new(),
        safe_return_path(&q.terug),
    )?;
    Ok(crate::pages::html(html))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    gebruikersnaam: String,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    terug: String,
}

pub async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let terug = safe_return_path(&form.terug);
    let name = form.gebruikersnaam.trim().to_lowercase();
    let again = |status: StatusCode, msg: &str| -> AppResult<Response> {
        let html = login_page(
            &state,
            &viewer,
            Some(msg.to_string()),
            form.gebruikersnaam.clone(),
            terug.clone(),
        )?;
        Ok((status, crate::pages::html(html)).into_response())
    };
    if let Err((which, wait)) = state.limits.login(ip, &name) {
        let msg = match which {
            LoginRefusal::Address => {
                "Te veel pogingen vanaf dit adres. Wacht een minuut en probeer het opnieuw."
            }
            LoginRefusal::Account => {
                "Te veel pogingen voor deze gebruikersnaam. Wacht een minuut en probeer het opnieuw."
            }
        };
        let mut res = again(StatusCode::TOO_MANY_REQUESTS, msg)?;
        let (k, v) = wait.header();
        res.headers_mut().insert(k, v);
        return Ok(res);
    }
    let policy = state.config.lockout;
    let attempts = users::login_attempts(&state.db, &name).await?;
    let user = users::by_username(&state.db, &name).await?;
    let locked = policy.is_locked(&attempts, now);
    let password_ok = password::verify(
        form.wachtwoord.clone(),
        user.as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone()),
    )
    .await;
    let mut tx = state.db.begin().await?;
    let user = match user {
        Some(u) if password_ok && !locked && !u.disabled => u,
        other => {
            let mut e = audit_entry(now, None, AuditAction::FailedLogin, "user", None);
            e.actor_username = Some(name.chars().take(64).collect());
            // The account's municipality, so its administrator sees the attempt.
            e.municipality_id = other.as_ref().map(|u| u.municipality_id);
            e.outcome = if locked {
                AuditOutcome::Denied
            } else {
                AuditOutcome::Failure
            };
            e.detail = Some(
                if locked {
                    "account tijdelijk geblokkeerd"
                } else {
                    "onjuiste inloggegevens"
                }
                .into(),
            );
            if !locked {
                users::record_login_failure(&mut tx, &name, &policy, now).await?;
            }
            audit::append(&mut tx, &e).await?;
            tx.commit().await.map_err(kompas_store::StoreError::from)?;
            return if locked {
                again(StatusCode::TOO_MANY_REQUESTS, LOCKED)
            } else {
                again(StatusCode::UNPROCESSABLE_ENTITY, WRONG_CREDENTIALS)
            };
        }
    };
    users::clear_login_attempts(&mut tx, &name).await?;
    // A new session id at every login; the old one (if any) is dropped.
    if let Some(old) = session::read_cookie(&headers, SESSION_COOKIE) {
        sessions::delete(&mut tx, &session::hash_token(old)).await?;
    }
    let needs_second_factor = user.role.requires_second_factor();
    let token = session::start(&state, &mut tx, user.id, !needs_second_factor).await?;
    let mut e = account_entry(now, &user, AuditAction::Login);
    e.detail = Some(
        if needs_second_factor {
            "wachtwoord juist, tweede stap volgt"
        } else {
            "ingelogd met wachtwoord"
        }
        .into(),
    );
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;

    let target = if needs_second_factor {
        format!(
            "/inloggen/tweede-stap?terug={}",
            crate::pages::url_encode(&terug)
        )
    } else {
        terug
    };
    see_other(&target, session::session_cookie(&state, &token))
}

/// A redirect that also sets (or clears) the session cookie.
fn see_other(target: &str, cookie: axum::http::HeaderValue) -> AppResult<Response> {
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                header::LOCATION,
                axum::http::HeaderValue::from_str(target).map_err(anyhow::Error::from)?,
            ),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    chrome: Chrome,
    error: Option<String>,
    terug: String,
    /// Set while enrolling: the new secret, grouped for typing, and its QR code.
    enrol_secret: Option<String>,
    enrol_qr_svg: Option<String>,
}

/// A secret being enrolled lives in the session's CSRF-bound form only until
/// confirmed; we keep it on the user row once a valid code proves the app has it.
fn new_secret() -> TotpSecret {
    let mut bytes = [0_u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    TotpSecret::from_bytes(bytes)
}

fn grouped(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn qr_svg(data: &str) -> Option<String> {
    let code = qrcode::QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
    )
}

fn second_factor_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
    terug: String,
    enrol: Option<&TotpSecret>,
) -> AppResult<String> {
    let account = viewer
        .session()
        .map(|s| s.user.username.clone())
        .unwrap_or_default();
    render(&SecondFactorPage {
        chrome: Chrome::new(state, viewer, "Tweede stap van inloggen"),
        error,
        terug,
        enrol_secret: enrol.map(|s| grouped(&s.to_base32())),
        enrol_qr_svg: enrol
            .and_then(|s| qr_svg(&s.otpauth_uri(&format!("Kompas {}", state.site_name), &account))),
    })
}

pub async fn second_factor_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    let session = viewer.session().ok_or(AppError::Unauthorized)?;
    let enrol = if session.user.totp_secret.is_none() {
        Some(new_secret())
    } else {
        None
    };
    let html = second_factor_page(
        &state,
        &viewer,
        None,
        safe_return_path(&q.terug),
        enrol.as_ref(),
    )?;
    Ok(crate::pages::html(html))
}

#[derive(Debug, Deserialize)]
pub struct SecondFactorForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    terug: String,
    /// Only while enrolling: the secret shown on the form.
    #[serde(default)]
    geheim: Option<String>,
}

pub async fn second_factor(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<SecondFactorForm>,
) -> AppResult<Response> {
    let session = viewer.session().ok_or(AppError::Unauthorized)?;
    let user = &session.user;
    let now = state.clock.now();
    let terug = safe_return_path(&form.terug);
    let (secret, enrolling) = match (&user.totp_secret, &form.geheim) {
        (Some(s), _) => {
            let opened = secrets::open_totp(&state.secrets, user.id, s).map_err(|e| {
                AppError::Internal(anyhow::anyhow!("second factor of user {}: {e}", user.id))
            })?;
            (TotpSecret::from_base32(opened.expose_secret()), false)
        }
        (None, Some(g)) => (TotpSecret::from_base32(g), true),
        (None, None) => (None, true),
    };
    let Some(secret) = secret else {
        return Err(AppError::BadRequest(
            "De sleutel voor de tweede stap ontbreekt. Begin opnieuw met inloggen.".into(),
        ));
    };
    let mut tx = state.db.begin().await?;
    let step = secret.matching_step(&form.code, now.timestamp());
    let accepted = match step {
        Some(step) => {
            if enrolling {
                let sealed = secrets::seal_totp(
                    &state.secrets,
                    user.id,
                    &zeroize::Zeroizing::new(secret.to_base32()),
                )?;
                users::set_totp_secret(&mut tx, user.id, Some(&sealed), now).await?;
            }
            users::accept_totp_step(&mut tx, user.id, step).await?
        }
        None => false,
    };
    if !accepted {
        let failures = sessions::second_factor_failed(&mut tx, &session.session_hash).await?;
        if failures >= SECOND_FACTOR_TRIES {
            return too_many_codes(&state, tx, user, &session.session_hash, now).await;
        }
        let mut e = account_entry(now, user, AuditAction::FailedLogin);
        e.outcome = AuditOutcome::Failure;
        e.detail = Some("onjuiste of al gebruikte code (tweede stap)".into());
        audit::append(&mut tx, &e).await?;
        tx.commit().await.map_err(kompas_store::StoreError::from)?;
        let enrol = if enrolling { Some(&secret) } else { None };
        let left = SECOND_FACTOR_TRIES - failures;
        let html = second_factor_page(
            &state,
            &viewer,
            Some(format!(
                "Deze code klopt niet of is al gebruikt. Wacht op de volgende code en probeer het opnieuw. U kunt het nog {left} keer proberen."
            )),
            terug,
            enrol,
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, crate::pages::html(html)).into_response());
    }
    // A new session id once the second factor is done: an id seen before the
    // login was complete (on a shared computer, in a proxy log) is worth nothing.
    if !sessions::take_pending(&mut tx, &session.session_hash).await? {
        return Err(AppError::Unauthorized);
    }
    let token = session::start(&state, &mut tx, user.id, true).await?;
    let mut e = account_entry(now, user, AuditAction::Login);
    e.detail = Some(
        if enrolling {
            "tweede stap ingesteld en ingelogd"
        } else {
            "ingelogd met tweede stap"
        }
        .into(),
    );
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    see_other(&terug, session::session_cookie(&state, &token))
}

/// The fifth wrong code: the pending login ends and counts as a failed login
/// for the account (so guessing also runs into the account lock).
async fn too_many_codes(
    state: &AppState,
    mut tx: kompas_store::Tx,
    user: &kompas_store::users::User,
    session_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Response> {
    sessions::delete(&mut tx, session_hash).await?;
    users::record_login_failure(&mut tx, &user.username, &state.config.lockout, now).await?;
    let mut e = account_entry(now, user, AuditAction::FailedLogin);
    e.outcome = AuditOutcome::Denied;
    e.detail = Some(format!(
        "{SECOND_FACTOR_TRIES} onjuiste codes (tweede stap); inloggen afgebroken"
    ));
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    see_other("/inloggen?fout=codes", session::clear_session_cookie(state))
}

pub async fn logout(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let session = viewer.session().ok_or(AppError::Unauthorized)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sessions::delete(&mut tx, &session.session_hash).await?;
    let e = account_entry(now, &session.user, AuditAction::Logout);
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    see_other("/", session::clear_session_cookie(&state))
}
