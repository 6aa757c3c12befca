//! Administration: users and the audit log. Every change is audited.

use crate::auth::{audit_entry, password, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kompas_domain::audit::StoredAuditEntry;
use kompas_domain::{AuditAction, Role, Username};
use kompas_store::users::{NewUser, User};
use kompas_store::{audit, tenancy, users};
use serde::Deserialize;

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipality: String,
    pub disabled: bool,
    pub second_factor: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    rows: Vec<UserRow>,
    roles: Vec<(String, String)>,
    municipalities: Vec<(String, String)>,
    error: Option<String>,
    notice: Option<String>,
    form: UserForm,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    pub gebruikersnaam: String,
    #[serde(default)]
    pub naam: String,
    #[serde(default)]
    pub rol: String,
    #[serde(default)]
    pub gemeente: String,
    #[serde(default)]
    pub organisatie: String,
    #[serde(default)]
    pub wachtwoord: String,
}

fn admin(viewer: &Viewer) -> AppResult<&User> {
    viewer.user().ok_or(AppError::Unauthorized)
}

async fn users_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
    notice: Option<String>,
    form: UserForm,
) -> AppResult<String> {
    let me = admin(viewer)?;
    let scope =
        tenancy::municipalities_in_scope(&state.db, me.municipality_id, me.role.is_region_wide())
            .await?;
    let all = tenancy::municipalities(&state.db).await?;
    let in_scope: Vec<_> = all.into_iter().filter(|m| scope.contains(&m.id)).collect();
    let name_of = |id: i64| {
        in_scope
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let rows = users::list(&state.db, &scope)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            municipality: name_of(u.municipality_id),
            role: u.role.label_nl().to_string(),
            second_factor: u.totp_secret.is_some(),
            disabled: u.disabled,
            username: u.username,
            display_name: u.display_name,
        })
        .collect();
    render(&UsersPage {
        chrome: Chrome::new(state, viewer, "Gebruikers"),
        rows,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label_nl().to_string()))
            .collect(),
        municipalities: in_scope
            .iter()
            .map(|m| (m.cbs_code.clone(), m.name.clone()))
            .collect(),
        error,
        notice,
        form,
    })
}

pub async fn users(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    Ok(html(
        users_page(&state, &viewer, None, None, UserForm::default()).await?,
    ))
}

/// Validated input for a new account.
async fn parse_new_user(state: &AppState, me: &User, f: &UserForm) -> Result<NewUser, String> {
    let username =
        Username::parse(&f.gebruikersnaam).map_err(|e| format!("Gebruikersnaam: {e}."))?;
    if f.naam.trim().is_empty() {
        return Err("Naam: vul de naam in.".into());
    }
    let role: Role = f
        .rol
        .parse()
        .map_err(|_| "Rol: kies een rol.".to_string())?;
    let m = tenancy::municipality_by_code(&state.db, &f.gemeente)
        .await
        .map_err(|_| "Gemeente: kies een gemeente.".to_string())?;
    let scope =
        tenancy::municipalities_in_scope(&state.db, me.municipality_id, me.role.is_region_wide())
            .await
            .map_err(|e| e.to_string())?;
    if !scope.contains(&m.id) {
        return Err("Gemeente: u beheert deze gemeente niet.".into());
    }
    let organization_id = match f.organisatie.trim() {
        "" => None,
        name => Some(
            tenancy::organization_by_name(&state.db, m.id, name)
                .await
                .map_err(|_| format!("Organisatie: '{name}' is niet bekend in {}.", m.name))?
                .id,
        ),
    };
    password::check_strength(&f.wachtwoord).map_err(|e| format!("Wachtwoord: {e}."))?;
    Ok(NewUser {
        username,
        display_name: f.naam.trim().to_string(),
        role,
        municipality_id: m.id,
        organization_id,
        password_hash: None,
    })
}

pub async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    let me = admin(&viewer)?.clone();
    let mut new = match parse_new_user(&state, &me, &form).await {
        Ok(n) => n,
        Err(msg) => {
            let mut keep = form.clone();
            keep.wachtwoord.clear();
            let page = users_page(&state, &viewer, Some(msg), None, keep).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
        }
    };
    new.password_hash = Some(password::hash(form.wachtwoord.clone()).await?);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = match users::create(&mut tx, &new, now).await {
        Ok(id) => id,
        Err(e) => {
            drop(tx);
            let mut keep = form.clone();
            keep.wachtwoord.clear();
            let page = users_page(
                &state,
                &viewer,
                Some(AppError::from(e).to_string()),
                None,
                keep,
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response());
        }
    };
    let mut e = audit_entry(
        now,
        Some(&me),
        AuditAction::Create,
        "user",
        Some(id.to_string()),
    );
    e.detail = Some(format!("gebruiker {} met rol {}", new.username, new.role));
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let me = admin(&viewer)?.clone();
    let target = users::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope =
        tenancy::municipalities_in_scope(&state.db, me.municipality_id, me.role.is_region_wide())
            .await?;
    if !scope.contains(&target.municipality_id) {
        return Err(AppError::NotFound);
    }
    if target.id == me.id {
        return Err(AppError::Unprocessable(
            "U kunt uw eigen account niet blokkeren.".into(),
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    users::set_disabled(&mut tx, &target.username, true, now).await?;
    let mut e = audit_entry(
        now,
        Some(&me),
        AuditAction::Update,
        "user",
        Some(id.to_string()),
    );
    e.detail = Some(format!("gebruiker {} geblokkeerd", target.username));
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}

pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub action: String,
    pub object: String,
    pub outcome: String,
    pub detail: String,
}

impl From<StoredAuditEntry> for AuditRow {
    fn from(s: StoredAuditEntry) -> Self {
        let e = s.entry;
        let at = kompas_store::time::from_db(&e.at)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%-d-%-m-%Y %H:%M:%S")
                    .to_string()
            })
            .unwrap_or(e.at);
        AuditRow {
            seq: s.seq,
            at,
            who: match (e.actor_username, e.actor_role) {
                (Some(u), Some(r)) => format!("{u} ({r})"),
                (Some(u), None) => u,
                _ => "onbekend".into(),
            },
            action: e.action.label_nl().to_string(),
            object: match e.object_id {
                Some(id) => format!("{} {id}", e.object_type),
                None => e.object_type,
            },
            outcome: match e.outcome {
                kompas_domain::AuditOutcome::Success => "gelukt",
                kompas_domain::AuditOutcome::Denied => "geweigerd",
                kompas_domain::AuditOutcome::Failure => "mislukt",
            }
            .to_string(),
            detail: e.detail.unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<AuditRow>,
}

pub async fn audit(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let rows = audit::recent(&state.db, 200)
        .await?
        .into_iter()
        .map(AuditRow::from)
        .collect();
    Ok(html(render(&AuditPage {
        chrome: Chrome::new(&state, &viewer, "Auditlog"),
        rows,
    })?))
}
