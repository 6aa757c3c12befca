//! How residents reach the municipality: an admin keeps its phone number,
//! addresses, opening hours and website (and the statements' settings) at
//! `/beheer/gemeente/{id}`; the footer of every page shows the home
//! municipality's from a cache, so no page pays a query for it.

use super::contact::PublicContact;
use crate::auth::{audit_entry, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields, NoticeQuery};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::contact::{AccessibilityStatus, MunicipalContact};
use kompas_domain::{AuditAction, MunicipalityScope, Role};
use kompas_store::municipality_contact::{self as mc, ContactOf};
use kompas_store::users::User;

/// Reads the home municipality's contact into the cache (at start, after a
/// save, and periodically for changes made by another instance).
pub async fn refresh_contact(state: &AppState) -> AppResult<()> {
    let Some(home) = state.home_municipality else {
        return Ok(());
    };
    let mut conn = state.db.read_conn().await?;
    let contact = mc::public_contact(&mut conn, home).await?;
    state.contact.set(contact.map(PublicContact::of));
    Ok(())
}

fn admin(viewer: &Viewer) -> AppResult<(&User, &MunicipalityScope)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if u.role == Role::Admin {
        Ok((u, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Template)]
#[template(path = "municipality/list.html")]
struct ListPage {
    chrome: Chrome,
    municipalities: Vec<ContactOf>,
}

/// The admin's municipalities, each with a link to its contact details.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let (_, scope) = admin(&viewer)?;
    let mut conn = state.db.read_conn().await?;
    let municipalities = mc::contacts_in(&mut conn, scope).await?;
    drop(conn);
    if let [only] = municipalities.as_slice() {
        return Ok(
            Redirect::to(&format!("/beheer/gemeente/{}", only.municipality_id)).into_response(),
        );
    }
    Ok(html(render(&ListPage {
        chrome: Chrome::new(&state, &viewer, "Contactgegevens van de gemeente"),
        municipalities,
    })?))
}

/// The form as typed (so a refused form loses nothing).
#[derive(Debug, Clone, Default)]
struct ContactForm {
    telefoon: String,
    bezoekadres: String,
    postadres: String,
    email: String,
    openingstijden: String,
    website: String,
    privacy: String,
    status: String,
    getest_op: String,
}

impl ContactForm {
    fn of(c: &MunicipalContact) -> ContactForm {
        ContactForm {
            telefoon: c.phone.clone(),
            bezoekadres: c.visiting_address.clone(),
            postadres: c.postal_address.clone(),
            email: c.email.clone(),
            openingstijden: c.opening_hours.clone(),
            website: c.website.clone(),
            privacy: c.privacy_email.clone(),
            status: c.accessibility.code().to_string(),
            getest_op: c
                .accessibility_checked_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        }
    }

    fn parse(body: &[u8]) -> ContactForm {
        let f = FormFields::parse(body);
        ContactForm {
            telefoon: f.get("telefoon"),
            bezoekadres: f.get("bezoekadres"),
            postadres: f.get("postadres"),
            email: f.get("email"),
            openingstijden: f.get("openingstijden"),
            website: f.get("website"),
            privacy: f.get("privacy"),
            status: f.get("status"),
            getest_op: f.get("getest_op"),
        }
    }

    /// The contact, or the problems per field.
    fn contact(&self) -> Result<MunicipalContact, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let accessibility = AccessibilityStatus::parse(&self.status).unwrap_or_else(|_| {
            problems.push((
                "status",
                "Kies of de website volledig of gedeeltelijk voldoet.".into(),
            ));
            AccessibilityStatus::default()
        });
        let checked = kompas_domain::dutch_time::parse_date(&self.getest_op).unwrap_or_else(|()| {
            problems.push((
                "getest_op",
                "Vul een datum in zoals 15-11-2026.".to_string(),
            ));
            None
        });
        let contact = MunicipalContact {
            phone: self.telefoon.clone(),
            visiting_address: self.bezoekadres.clone(),
            postal_address: self.postadres.clone(),
            email: self.email.clone(),
            opening_hours: self.openingstijden.clone(),
            website: self.website.clone(),
            privacy_email: self.privacy.clone(),
            accessibility,
            accessibility_checked_on: checked,
        };
        problems.extend(contact.problems());
        if problems.is_empty() {
            Ok(contact)
        } else {
            Err(problems)
        }
    }
}

#[derive(Template)]
#[template(path = "municipality/contact.html")]
struct ContactPage {
    chrome: Chrome,
    id: i64,
    name: String,
    form: ContactForm,
    problems: Vec<(&'static str, String)>,
    notice: String,
    statuses: Vec<(&'static str, &'static str)>,
}

impl ContactPage {
    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn contact_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    typed: Option<ContactForm>,
    problems: Vec<(&'static str, String)>,
    notice: String,
) -> AppResult<String> {
    let (_, scope) = admin(viewer)?;
    let mut conn = state.db.read_conn().await?;
    let found = mc::contact_in(&mut conn, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    render(&ContactPage {
        chrome: Chrome::new(state, viewer, "Contactgegevens van de gemeente"),
        id,
        form: typed.unwrap_or_else(|| ContactForm::of(&found.contact)),
        name: found.name,
        problems,
        notice,
        statuses: AccessibilityStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_nl()))
            .collect(),
    })
}

/// The form with the municipality's contact details.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = if q.melding == "opgeslagen" {
        "De contactgegevens zijn opgeslagen. Inwoners zien ze nu onderaan elke pagina.".into()
    } else {
        String::new()
    };
    Ok(html(
        contact_page(&state, &viewer, id, None, Vec::new(), notice).await?,
    ))
}

/// Saves the contact details (audited), or shows the form again with what is
/// wrong and everything as typed.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let (user, scope) = admin(&viewer)?;
    // Out of scope is "not found", before anything is checked.
    if !scope.contains(id) {
        return Err(AppError::NotFound);
    }
    let form = ContactForm::parse(&body);
    let contact = match form.contact() {
        Ok(c) => c,
        Err(problems) => {
            let page =
                contact_page(&state, &viewer, id, Some(form), problems, String::new()).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
        }
    };
    let mut tx = state.db.begin().await?;
    mc::save_contact(&mut tx, scope, id, &contact).await?;
    let mut e = audit_entry(
        state.clock.now(),
        Some(user),
        AuditAction::Update,
        "gemeente-contact",
        Some(id.to_string()),
    );
    // The municipality changed, so its own admins see the row.
    e.municipality_id = Some(id);
    e.purpose = Some("contactgegevens van de gemeente voor inwoners".into());
    e.legal_ground = Some("taak gemeente: inwoners informeren".into());
    kompas_store::audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    if state.home_municipality == Some(id) {
        refresh_contact(&state).await?;
    }
    Ok(Redirect::to(&format!("/beheer/gemeente/{id}?melding=opgeslagen")).into_response())
}
