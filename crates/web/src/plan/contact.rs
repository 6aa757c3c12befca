//! "Mijn gegevens": a worker's work phone and e-mail, so that a partner who
//! receives a referral can reach the coordinator (issue 16).

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use kompas_domain::toegang::question::{EmailAddress, PhoneNumber};

#[derive(Template)]
#[template(path = "plan/contact.html")]
struct ContactPage {
    chrome: Chrome,
    phone: String,
    email: String,
    errors: Vec<String>,
    saved: bool,
}

pub async fn show(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?;
    let (phone, email) = kompas_store::users::work_contact(&state.db, user.id).await?;
    Ok(html(render(&ContactPage {
        chrome: Chrome::new(&state, &viewer, "Mijn gegevens"),
        phone: phone.unwrap_or_default(),
        email: email.unwrap_or_default(),
        errors: Vec::new(),
        saved: false,
    })?))
}

/// An empty field clears it; otherwise it must read as a phone number or an
/// e-mail address.
fn optional<T>(raw: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?.clone();
    let f = FormFields::parse(&body);
    let (phone_raw, email_raw) = (f.get("telefoon"), f.get("email"));
    let phone = optional(&phone_raw, PhoneNumber::parse);
    let email = optional(&email_raw, EmailAddress::parse);
    let errors: Vec<String> = [phone.as_ref().err(), email.as_ref().err()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let saved = errors.is_empty();
    if let (Ok(phone), Ok(email)) = (phone, email) {
        let mut tx = state.db.begin().await?;
        kompas_store::users::set_work_contact(
            &mut tx,
            user.id,
            phone.as_ref().map(PhoneNumber::as_str),
            email.as_ref().map(EmailAddress::as_str),
            state.clock.now(),
        )
        .await?;
        super::commit_own_change(
            tx,
            &state,
            &user,
            "gebruiker",
            "eigen werkgegevens (telefoon, e-mail)",
        )
        .await?;
    }
    Ok(html(render(&ContactPage {
        chrome: Chrome::new(&state, &viewer, "Mijn gegevens"),
        phone: phone_raw,
        email: email_raw,
        errors,
        saved,
    })?))
}
