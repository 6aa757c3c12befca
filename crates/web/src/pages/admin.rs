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
use kompas_domain::{AuditAction, MunicipalityScope, Role, Username};
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

fn admin(viewer: &Viewer) -> AppResult<(&User, &MunicipalityScope)> {
    viewer.scoped().ok_or(AppError::Unauthorized)
}

async fn users_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
    notice: Option<String>,
    form: UserForm,
) -> AppResult<String> {
    let (_, scope) = admin(viewer)?;
    let in_scope = tenancy::municipalities_of(&state.db, scope).await?;
    let name_of = |id: i64| {
        in_scope
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let rows = users::list(&state.db, scope)
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
async fn parse_new_user(
    state: &AppState,
    scope: &MunicipalityScope,
    f: &UserForm,
) -> Result<NewUser, String> {
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
    if !scope.contains(m.id) {
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
    let (me, scope) = admin(&viewer)?;
    let mut new = match parse_new_user(&state, scope, &form).await {
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
        Some(me),
        AuditAction::Create,
        "user",
        Some(id.to_string()),
    );
    e.detail = Some(format!("gebruiker {} met rol {}", new.username, new.role));
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}

/// One account of the administrator's municipalities, with what can be done.
#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserRow,
    role_code: String,
    roles: Vec<(String, String)>,
    /// Granted municipalities (code, name) on top of the home municipality.
    granted: Vec<(String, String)>,
    /// Municipalities of the administrator that could still be granted.
    grantable: Vec<(String, String)>,
    locked: bool,
}

async fn user_in_scope(state: &AppState, scope: &MunicipalityScope, id: i64) -> AppResult<User> {
    users::by_id_in(&state.db, scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (_, scope) = admin(&viewer)?;
    let u = user_in_scope(&state, scope, id).await?;
    let mine = tenancy::municipalities_of(&state.db, scope).await?;
    let grants = users::grants(&state.db, scope, id).await?;
    let code_name = |m: &tenancy::Municipality| (m.cbs_code.clone(), m.name.clone());
    let granted = mine
        .iter()
        .filter(|m| grants.contains(&m.id))
        .map(code_name)
        .collect();
    let grantable = mine
        .iter()
        .filter(|m| !grants.contains(&m.id) && m.id != u.municipality_id)
        .map(code_name)
        .collect();
    let locked = state.config.lockout.is_locked(
        &users::login_attempts(&state.db, &u.username).await?,
        state.clock.now(),
    );
    Ok(html(render(&UserPage {
        chrome: Chrome::new(&state, &viewer, &format!("Gebruiker {}", u.username)),
        role_code: u.role.as_str().to_string(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label_nl().to_string()))
            .collect(),
        granted,
        grantable,
        locked,
        user: UserRow {
            id: u.id,
            municipality: mine
                .iter()
                .find(|m| m.id == u.municipality_id)
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            role: u.role.label_nl().to_string(),
            second_factor: u.totp_secret.is_some(),
            disabled: u.disabled,
            username: u.username,
            display_name: u.display_name,
        },
    })?))
}

/// What an administrator does to an account. Each is one audited change.
enum AccountChange {
    Block,
    Unblock,
    Role(Role),
    ResetSecondFactor,
    Grant(tenancy::Municipality),
    Revoke(tenancy::Municipality),
}

impl AccountChange {
    fn describe(&self, username: &str) -> String {
        match self {
            AccountChange::Block => format!("gebruiker {username} geblokkeerd"),
            AccountChange::Unblock => format!("gebruiker {username} gedeblokkeerd"),
            AccountChange::Role(r) => format!("gebruiker {username} heeft nu rol {r}"),
            AccountChange::ResetSecondFactor => {
                format!("tweede stap van {username} gewist; stelt opnieuw in bij inloggen")
            }
            AccountChange::Grant(m) => {
                format!(
                    "gebruiker {username} werkt nu ook voor {} ({})",
                    m.name, m.cbs_code
                )
            }
            AccountChange::Revoke(m) => {
                format!(
                    "gebruiker {username} werkt niet meer voor {} ({})",
                    m.name, m.cbs_code
                )
            }
        }
    }
}

/// Applies one change to an account of the administrator's municipalities,
/// with its audit row in the same transaction.
async fn change_account(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    change: AccountChange,
) -> AppResult<Response> {
    let (me, scope) = admin(viewer)?;
    let target = user_in_scope(state, scope, id).await?;
    if target.id == me.id && !matches!(change, AccountChange::ResetSecondFactor) {
        return Err(AppError::Unprocessable(
            "U kunt uw eigen account hier niet blokkeren, een andere rol geven of gemeenten geven; vraag een andere beheerder.".into(),
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    match &change {
        AccountChange::Block => users::set_disabled(&mut tx, scope, id, true, now).await?,
        AccountChange::Unblock => users::set_disabled(&mut tx, scope, id, false, now).await?,
        AccountChange::Role(r) => users::set_role(&mut tx, scope, id, *r, now).await?,
        AccountChange::ResetSecondFactor => {
            users::reset_second_factor(&mut tx, scope, id, now).await?
        }
        AccountChange::Grant(m) => {
            users::grant_municipality(&mut tx, scope, id, m.id, Some(me.id), now).await?
        }
        AccountChange::Revoke(m) => users::revoke_municipality(&mut tx, scope, id, m.id).await?,
    }
    let mut e = audit_entry(
        now,
        Some(me),
        AuditAction::Update,
        "user",
        Some(id.to_string()),
    );
    e.detail = Some(change.describe(&target.username));
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to(&format!("/beheer/gebruikers/{id}")).into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    change_account(&state, &viewer, id, AccountChange::Block).await
}

pub async fn enable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    change_account(&state, &viewer, id, AccountChange::Unblock).await
}

pub async fn reset_second_factor(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    change_account(&state, &viewer, id, AccountChange::ResetSecondFactor).await
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    rol: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    // Another municipality's account does not exist, whatever the form says.
    user_in_scope(&state, admin(&viewer)?.1, id).await?;
    let role: Role = f
        .rol
        .parse()
        .map_err(|_| AppError::Unprocessable("Rol: kies een rol uit de lijst.".into()))?;
    change_account(&state, &viewer, id, AccountChange::Role(role)).await
}

#[derive(Debug, Deserialize)]
pub struct MunicipalityForm {
    #[serde(default)]
    gemeente: String,
}

/// A municipality of the administrator's own scope, from a form.
async fn own_municipality(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
) -> AppResult<tenancy::Municipality> {
    let (_, scope) = admin(viewer)?;
    tenancy::municipalities_of(&state.db, scope)
        .await?
        .into_iter()
        .find(|m| m.cbs_code.eq_ignore_ascii_case(code.trim()))
        .ok_or_else(|| AppError::Unprocessable("Gemeente: kies een gemeente die u beheert.".into()))
}

pub async fn grant_municipality(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<MunicipalityForm>,
) -> AppResult<Response> {
    change_municipality(&state, &viewer, id, &f, AccountChange::Grant).await
}

pub async fn revoke_municipality(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<MunicipalityForm>,
) -> AppResult<Response> {
    change_municipality(&state, &viewer, id, &f, AccountChange::Revoke).await
}

async fn change_municipality(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    f: &MunicipalityForm,
    change: fn(tenancy::Municipality) -> AccountChange,
) -> AppResult<Response> {
    // Another municipality's account does not exist, whatever the form says.
    user_in_scope(state, admin(viewer)?.1, id).await?;
    let m = own_municipality(state, viewer, &f.gemeente).await?;
    change_account(state, viewer, id, change(m)).await
}
