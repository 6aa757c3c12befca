//! Partner signals: a school, GP practice, housing corporation or police team
//! raises a worry with a reason and urgency. They see only the status of
//! their own signals, never the household or what was done.

use super::{commit_audited, deadline_for};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kompas_domain::toegang::question::{
    AgeGroup, Channel, PersonName, PhoneNumber, QuestionText, SignalReason,
};
use kompas_domain::AuditAction;
use kompas_store::toegang::{self as tg, NewQuestion, SignalStatus};

#[derive(Default, Clone)]
pub struct SignalForm {
    pub reden: String,
    pub spoed: String,
    pub zorg: String,
    pub naam: String,
    pub telefoon: String,
    pub leeftijd: String,
    pub postcode: String,
}

#[derive(Template)]
#[template(path = "toegang/partner_signals.html")]
struct SignalsPage {
    chrome: Chrome,
    form: SignalForm,
    errors: Vec<String>,
    sent: bool,
    reasons: Vec<(&'static str, &'static str)>,
    ages: Vec<(&'static str, &'static str)>,
    signals: Vec<SignalStatus>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    form: SignalForm,
    errors: Vec<String>,
    sent: bool,
) -> AppResult<String> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?;
    let org = user.organization_id.ok_or(AppError::Forbidden)?;
    render(&SignalsPage {
        chrome: Chrome::new(state, viewer, "Signalen"),
        form,
        errors,
        sent,
        reasons: SignalReason::ALL
            .iter()
            .map(|r| (r.code(), r.label_nl()))
            .collect(),
        ages: AgeGroup::ALL
            .iter()
            .map(|a| (a.code(), a.label_nl()))
            .collect(),
        signals: tg::signals_of_organization(&state.db, org).await?,
    })
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    Ok(html(
        page(&state, &viewer, SignalForm::default(), Vec::new(), false).await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?.clone();
    let org = user.organization_id.ok_or(AppError::Forbidden)?;
    let f = FormFields::parse(&body);
    let form = SignalForm {
        reden: f.get("reden"),
        spoed: f.get("spoed"),
        zorg: f.get("zorg"),
        naam: f.get("naam"),
        telefoon: f.get("telefoon"),
        leeftijd: f.get("leeftijd"),
        postcode: f.get("postcode"),
    };
    let mut errors = Vec::new();
    let reason = SignalReason::parse(&form.reden)
        .map_err(|_| errors.push("Kies waar uw zorg over gaat.".to_string()))
        .ok();
    let text = QuestionText::parse(&form.zorg)
        .map_err(|_| errors.push("Beschrijf kort wat u ziet of hoort.".to_string()))
        .ok();
    let name = (!form.naam.trim().is_empty())
        .then(|| {
            PersonName::parse(&form.naam)
                .map_err(|m| errors.push(m))
                .ok()
        })
        .flatten();
    let phone = (!form.telefoon.trim().is_empty())
        .then(|| {
            PhoneNumber::parse(&form.telefoon)
                .map_err(|m| errors.push(m))
                .ok()
        })
        .flatten();
    let age = AgeGroup::parse(&form.leeftijd).unwrap_or(AgeGroup::Unknown);
    let (Some(reason), Some(text), true) = (reason, text, errors.is_empty()) else {
        let body = page(&state, &viewer, form, errors, false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response());
    };
    let urgent = form.spoed == "ja";
    let postcode = kompas_domain::Postcode::parse(&form.postcode)
        .ok()
        .map(|p| p.to_string());
    let q = NewQuestion {
        municipality_id: user.municipality_id,
        channel: Channel::PartnerSignal,
        urgent,
        body: text.as_str().to_string(),
        life_domains: Vec::new(),
        contact_name: name.map(|n| n.as_str().to_string()),
        contact_phone: phone.map(|p| p.as_str().to_string()),
        contact_email: None,
        contact_way: None,
        age_group: age,
        area_code: super::area_of(&state, postcode.as_deref()).await?,
        postcode: None,
        household_id: None,
        submitted_by: Some(user.id),
        submitter_organization: Some(org),
        reason: Some(reason),
        received_at: state.clock.now(),
        due_date: deadline_for(&state, urgent),
    };
    let mut tx = state.db.begin().await?;
    let id = tg::create_question(&mut tx, &q, Some(user.role)).await?;
    commit_audited(
        tx,
        &state,
        &user,
        AuditAction::Create,
        ("signaal", id),
        None,
        "signaal van een ketenpartner",
    )
    .await?;
    Ok(html(
        page(&state, &viewer, SignalForm::default(), Vec::new(), true).await?,
    ))
}
