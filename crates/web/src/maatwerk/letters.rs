//! The municipality's own wording of decision letters, per law: the legal
//! basis, the objection clause and where objections go. The standard texts
//! apply until an administrator saves the municipality's own; every letter
//! sent after that uses them (letters already sent keep what they said).

use super::{commit_logged_admin, reader, setting_read};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, url_encode, Chrome, FormFields, NoticeQuery};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::maatwerk::letter::LetterTexts;
use kompas_domain::maatwerk::Law;
use kompas_domain::Role;
use kompas_store::maatwerk as mw;
use kompas_store::users::User;
use kompas_store::StoreError;

/// One law's texts on the page.
pub struct LawTexts {
    pub law: &'static str,
    pub label: &'static str,
    pub texts: LetterTexts,
    pub own: bool,
}

#[derive(Template)]
#[template(path = "maatwerk/letter_texts.html")]
struct TextsPage {
    chrome: Chrome,
    municipality: String,
    laws: Vec<LawTexts>,
    errors: Vec<(String, String)>,
    notice: String,
}

fn admin(viewer: &Viewer) -> AppResult<(&User, &kompas_domain::MunicipalityScope)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if u.role == Role::Admin {
        Ok((u, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    edited: Option<(Law, LetterTexts)>,
    errors: Vec<(String, String)>,
    notice: String,
) -> AppResult<String> {
    let (user, scope) = admin(viewer)?;
    let mut conn = reader(state).await?;
    let mut laws = Vec::new();
    for law in Law::ALL {
        let (texts, own) = mw::letter_texts(&mut conn, scope, user.municipality_id, *law).await?;
        let texts = match &edited {
            Some((l, t)) if l == law => t.clone(),
            _ => texts,
        };
        laws.push(LawTexts {
            law: law.code(),
            label: law.label_nl(),
            texts,
            own,
        });
    }
    let municipality = kompas_store::tenancy::municipality_by_id(&state.db, user.municipality_id)
        .await?
        .name;
    drop(conn);
    setting_read(state, user, ("maatwerk-briefteksten", user.municipality_id)).await?;
    render(&TextsPage {
        chrome: Chrome::new(state, viewer, "Maatwerk: teksten van besluiten"),
        municipality,
        laws,
        errors,
        notice,
    })
}

/// The texts per law, with the form to change them.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    Ok(html(
        page(&state, &viewer, None, Vec::new(), q.melding).await?,
    ))
}

/// Saves one law's texts, or shows the page again with what is wrong.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = admin(&viewer)?;
    let f = FormFields::parse(&body);
    let law = Law::parse(&f.get("wet")).map_err(|_| AppError::NotFound)?;
    let texts = LetterTexts {
        legal_basis: f.get("grondslag"),
        objection: f.get("bezwaar"),
        address: f.get("adres"),
    };
    let problems: Vec<(String, String)> = texts
        .problems()
        .into_iter()
        .map(|(field, reason)| (format!("{}, {field}", law.label_nl()), reason))
        .collect();
    if !problems.is_empty() {
        let body = page(&state, &viewer, Some((law, texts)), problems, String::new()).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response());
    }
    let mut tx = state.db.begin().await?;
    let saved = mw::save_letter_texts(
        &mut tx,
        scope,
        user.municipality_id,
        law,
        &texts,
        Some(user.id),
        state.clock.now(),
    )
    .await;
    match saved {
        Ok(()) => {}
        Err(StoreError::Invalid(m)) => {
            let errors = vec![(law.label_nl().to_string(), m)];
            let body = page(&state, &viewer, Some((law, texts)), errors, String::new()).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    }
    commit_logged_admin(
        tx,
        &state,
        user,
        ("maatwerk-briefteksten", user.municipality_id),
    )
    .await?;
    let message = format!(
        "De teksten voor de {} zijn opgeslagen. Besluiten die u vanaf nu verstuurt, gebruiken ze.",
        law.label_nl()
    );
    Ok(Redirect::to(&format!(
        "/beheer/maatwerk/brieven?melding={}",
        url_encode(&message)
    ))
    .into_response())
}
