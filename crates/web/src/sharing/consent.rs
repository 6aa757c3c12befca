//! The household's consents: who may see which life domains, for what and
//! until when. Recording and withdrawing are audited; a withdrawal counts at
//! once for every page a partner opens after it.

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::pages::{html, render, url_encode, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::household::{change_start, reachable, Change};
use crate::toegang::{audit, commit_audited, long_date, today, worker};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use kompas_domain::directory::LifeDomain;
use kompas_domain::plan::{ConsentGrant, Purpose};
use kompas_domain::AuditAction;
use kompas_store::plan::{self as store, By};
use kompas_store::toegang as tg;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    reden: String,
    #[serde(default)]
    melding: String,
}

pub struct ConsentView {
    pub id: i64,
    pub member: String,
    pub organization: String,
    pub domains: String,
    pub purpose: String,
    pub period: String,
    pub in_force: bool,
    pub withdrawn: Option<String>,
}

#[derive(Template)]
#[template(path = "sharing/consent.html")]
struct ConsentPage {
    chrome: Chrome,
    id: i64,
    reason: String,
    reason_q: String,
    message: String,
    consents: Vec<ConsentView>,
    members: Vec<(i64, String)>,
    organizations: Vec<(i64, String)>,
    domains: Vec<(&'static str, &'static str)>,
    from: String,
}

fn back(id: i64, reason: &str, message: &str) -> Response {
    Redirect::to(&format!(
        "/werk/huishoudens/{id}/toestemming?reden={}&melding={}",
        url_encode(reason),
        url_encode(message)
    ))
    .into_response()
}

fn date_nl(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<Shown>,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    reachable(&state, &viewer, id).await?;
    // The consents name members: the same reason gate as the household page.
    let Some(reason) = crate::toegang::access_reason(&state, &viewer, id, &q.reden).await? else {
        return Ok(Redirect::to(&format!("/werk/huishoudens/{id}")).into_response());
    };
    audit(
        &state,
        Some(user),
        AuditAction::Read,
        ("toestemmingen", id),
        Some(id),
        &reason,
    )
    .await?;
    let now = state.clock.now();
    let on = today(&state);
    let consents = store::consents_of_household(&state.db, id)
        .await?
        .into_iter()
        .map(|c| ConsentView {
            id: c.id,
            member: c.member_name,
            organization: c.organization_name,
            domains: kompas_domain::directory::LifeDomain::list_nl(c.grant.domains()),
            purpose: c.grant.purpose().as_str().to_string(),
            period: match c.grant.until() {
                Some(u) => format!("{} tot en met {}", date_nl(c.grant.from()), date_nl(u)),
                None => format!("vanaf {}", date_nl(c.grant.from())),
            },
            in_force: c.grant.in_force(now, on),
            withdrawn: c
                .grant
                .withdrawn_at()
                .map(|w| long_date(kompas_domain::dutch_time::local(w).date())),
        })
        .collect();
    let members = tg::members(&state.db, id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let organizations = kompas_store::tenancy::organizations(&state.db, user.municipality_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(html(render(&ConsentPage {
        chrome: Chrome::new(&state, &viewer, "Toestemming"),
        id,
        reason_q: url_encode(&reason),
        reason,
        message: q.melding,
        consents,
        members,
        organizations,
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl()))
            .collect(),
        from: on.format("%Y-%m-%d").to_string(),
    })?))
}

fn parse_day(raw: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    kompas_domain::dutch_time::parse_date(raw)
        .map_err(|()| format!("{what}: schrijf de datum als 31-12-2026."))
}

/// The grant the form describes, or the first thing wrong with it.
fn grant_from(f: &FormFields, today: NaiveDate) -> Result<ConsentGrant, String> {
    let member: i64 = f
        .get("lid")
        .parse()
        .map_err(|_| "Kies voor wie de toestemming geldt.".to_string())?;
    let organization: i64 = f
        .get("organisatie")
        .parse()
        .map_err(|_| "Kies de organisatie die mag meekijken.".to_string())?;
    let domains = f
        .all("leefgebied")
        .iter()
        .map(|c| LifeDomain::parse(c))
        .collect::<Result<BTreeSet<_>, _>>()?;
    let purpose = Purpose::parse(&f.get("doel"))?;
    let from = parse_day(&f.get("vanaf"), "Vanaf")?.unwrap_or(today);
    let until = parse_day(&f.get("tot"), "Tot en met")?;
    ConsentGrant::new(member, organization, domains, purpose, from, until)
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let Change {
        user,
        form: f,
        reason,
        ..
    } = change_start(&state, &viewer, id, &body).await?;
    let grant = match grant_from(&f, today(&state)) {
        Ok(g) => g,
        Err(e) => return Ok(back(id, &reason, &format!("Niet opgeslagen: {e}"))),
    };
    let by = By::user(&user, state.clock.now());
    let mut tx = state.db.begin().await?;
    let cid = match store::add_consent(&mut tx, id, &grant, by).await {
        Ok(c) => c,
        Err(kompas_store::StoreError::Invalid(m)) => {
            return Ok(back(id, &reason, &format!("Niet opgeslagen: {m}.")))
        }
        Err(e) => return Err(e.into()),
    };
    commit_audited(
        tx,
        &state,
        &user,
        AuditAction::Create,
        ("toestemming", cid),
        Some(id),
        &reason,
    )
    .await?;
    Ok(back(id, &reason, "De toestemming is vastgelegd."))
}

pub async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, cid)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let Change { user, reason, .. } = change_start(&state, &viewer, id, &body).await?;
    let by = By::user(&user, state.clock.now());
    let mut tx = state.db.begin().await?;
    match store::withdraw_consent(&mut tx, id, cid, by).await {
        Ok(()) => {}
        Err(kompas_store::StoreError::Invalid(m)) => return Ok(back(id, &reason, &m)),
        Err(e) => return Err(e.into()),
    }
    commit_audited(
        tx,
        &state,
        &user,
        AuditAction::Update,
        ("toestemming", cid),
        Some(id),
        &reason,
    )
    .await?;
    Ok(back(
        id,
        &reason,
        "De toestemming is ingetrokken. Dat geldt meteen.",
    ))
}
