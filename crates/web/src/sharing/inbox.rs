//! The partner's inbox of referrals. A partner sees a referral's own facts
//! (offer, layer, status) and how to reach the coordinator; only while a
//! member's consent for this organisation is in force also the warm-handover
//! note, the names and contact details of those who consented, and the goals,
//! actions and notes of the consented life domains — each item only when every
//! member it is about consented (`kompas_domain::plan::partner_may_see`). The
//! partner accepts or declines, and reports the start and the outcome.

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, url_encode, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::{audit, commit_audited, long_date};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::directory::LifeDomain;
use kompas_domain::monitor::{DeclineReason, GoalOutcome};
use kompas_domain::plan::{who_may, Party, ReferralAction, ReferralStatus};
use kompas_domain::AuditAction;
use kompas_store::plan::{self as store, By, ReferralRow};
use kompas_store::users::User;

/// The partner user and its organisation.
fn partner(viewer: &Viewer) -> AppResult<(&User, i64)> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?;
    let org = user.organization_id.ok_or(AppError::Forbidden)?;
    Ok((user, org))
}

/// A referral of this partner that has been sent (concepts stay with the coordinator).
async fn own_referral(state: &AppState, org: i64, id: i64) -> AppResult<ReferralRow> {
    store::referral_for_organization(&state.db, org, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub struct InboxRow {
    pub id: i64,
    pub what: String,
    pub layer: String,
    pub status: &'static str,
    pub sent_on: String,
    pub needs_answer: bool,
}

#[derive(Template)]
#[template(path = "sharing/inbox.html")]
struct InboxPage {
    chrome: Chrome,
    rows: Vec<InboxRow>,
}

fn what(r: &ReferralRow) -> String {
    r.offer_name
        .clone()
        .unwrap_or_else(|| format!("Verwijzing naar {}", r.organization_name))
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let (_, org) = partner(&viewer)?;
    let rows = store::referrals_of_organization(&state.db, org)
        .await?
        .into_iter()
        .map(|r| InboxRow {
            id: r.id,
            what: what(&r),
            layer: format!("{} – {}", r.layer.number(), r.layer.label_nl()),
            status: r.status.label_nl(),
            sent_on: r.sent_on.map(long_date).unwrap_or_default(),
            needs_answer: r.status == ReferralStatus::Sent,
        })
        .collect();
    Ok(html(render(&InboxPage {
        chrome: Chrome::new(&state, &viewer, "Verwijzingen"),
        rows,
    })?))
}

pub struct DomainView {
    pub label: &'static str,
    pub goals: Vec<String>,
    pub notes: Vec<String>,
}

/// Per consenting member: who, for what purpose, until when.
pub struct ConsentLine {
    pub name: String,
    pub purpose: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "sharing/referral.html")]
struct ReferralPage {
    chrome: Chrome,
    r: ReferralRow,
    what: String,
    message: String,
    consented: bool,
    people: Vec<ConsentLine>,
    domains: Vec<DomainView>,
    /// How to reach the coordinator (always) and the household (with consent).
    coordinator: Option<store::Contact>,
    household: Option<store::HouseholdContact>,
    actions: Vec<&'static str>,
    reasons: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<crate::pages::NoticeQuery>,
) -> AppResult<Response> {
    let (user, org) = partner(&viewer)?;
    let r = own_referral(&state, org, id).await?;
    let now = state.clock.now();
    let today = kompas_domain::dutch_time::local(now).date();
    // One read of the consents serves both what may be seen and who gave it.
    let consents = store::consents_of_household(&state.db, r.household_id).await?;
    let grants: Vec<_> = consents.iter().map(|c| c.grant.clone()).collect();
    // Domains some member opened for this organisation; each item below is
    // checked against the consent of every member it is about.
    let visible = kompas_domain::plan::visible_domains(&grants, org, now, today);
    let consented = !visible.is_empty();
    let coordinator = store::coordinator_contact(&state.db, r.case_id).await?;
    let (mut people, mut domains, mut household) = (Vec::new(), Vec::new(), None);
    if consented {
        // Personal data from here on: the read is audited.
        audit(
            &state,
            Some(user),
            AuditAction::Read,
            ("verwijzing", r.id),
            Some(r.household_id),
            "verwijzing oppakken (met toestemming)",
        )
        .await?;
        let mut consenting = Vec::new();
        for c in consents
            .into_iter()
            .filter(|c| c.organization_id == org && c.grant.in_force(now, today))
        {
            consenting.push(c.member_id);
            people.push(ConsentLine {
                name: c.member_name,
                purpose: c.grant.purpose().as_str().to_string(),
                until: c.grant.until().map_or_else(
                    || "tot intrekking".into(),
                    |u| format!("tot en met {}", long_date(u)),
                ),
            });
        }
        household = store::household_contact(&state.db, r.case_id, &consenting).await?;
        let members: Vec<i64> = kompas_store::toegang::members(&state.db, r.household_id)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let sees = |about: &kompas_domain::plan::Concerns, d: LifeDomain| {
            kompas_domain::plan::partner_may_see(&grants, &members, about, org, d, now, today)
        };
        let goals = store::goals(&state.db, r.case_id).await?;
        let actions = store::actions(&state.db, r.case_id).await?;
        let notes = store::domain_notes(&state.db, r.case_id).await?;
        domains = LifeDomain::ALL
            .iter()
            .filter(|d| visible.contains(d))
            .map(|d| DomainView {
                label: d.label_nl(),
                goals: goals
                    .iter()
                    .filter(|g| g.domain == *d && sees(&g.concerns, *d))
                    .map(|g| {
                        let steps: Vec<String> = actions
                            .iter()
                            .filter(|a| a.goal_id == g.id && sees(&a.concerns, *d))
                            .map(|a| a.text.clone())
                            .collect();
                        let mut line = format!("{} ({})", g.text, g.status.label_nl());
                        if !steps.is_empty() {
                            line.push_str(&format!(" – acties: {}", steps.join("; ")));
                        }
                        line
                    })
                    .collect(),
                notes: notes
                    .iter()
                    .filter(|n| n.domain == *d && sees(&n.concerns, *d))
                    .map(|n| n.note.clone())
                    .collect(),
            })
            .collect();
    }
    let actions = [
        ("accepteren", ReferralAction::Accept),
        ("afwijzen", ReferralAction::Decline(DeclineReason::Other)),
        ("starten", ReferralAction::Start),
        ("afronden", ReferralAction::Complete(GoalOutcome::Reached)),
    ]
    .into_iter()
    .filter(|(_, a)| r.status.apply(a).is_ok())
    .map(|(code, _)| code)
    .collect();
    Ok(html(render(&ReferralPage {
        chrome: Chrome::new(&state, &viewer, "Verwijzing"),
        what: what(&r),
        r,
        message: q.melding,
        consented,
        people,
        domains,
        coordinator,
        household,
        actions,
        reasons: DeclineReason::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl()))
            .collect(),
        outcomes: GoalOutcome::ALL
            .iter()
            .map(|o| (o.code(), o.label_nl()))
            .collect(),
    })?))
}

fn back(id: i64, message: &str) -> Response {
    Redirect::to(&format!(
        "/partner/verwijzingen/{id}?melding={}",
        url_encode(message)
    ))
    .into_response()
}

/// The step the form asks for, or why it cannot be read.
fn action_from(f: &FormFields) -> Result<ReferralAction, String> {
    match f.get("actie").as_str() {
        "accepteren" => Ok(ReferralAction::Accept),
        "afwijzen" => DeclineReason::parse(&f.get("reden"))
            .map(ReferralAction::Decline)
            .map_err(|_| "Kies waarom u de verwijzing afwijst.".into()),
        "starten" => Ok(ReferralAction::Start),
        "afronden" => GoalOutcome::parse(&f.get("resultaat"))
            .map(ReferralAction::Complete)
            .map_err(|_| "Kies hoe de hulp is afgelopen.".into()),
        _ => Err("Kies wat u met de verwijzing doet.".into()),
    }
}

pub async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let (user, org) = partner(&viewer)?;
    let user = user.clone();
    let r = own_referral(&state, org, id).await?;
    let f = FormFields::parse(&body);
    let action = match action_from(&f) {
        Ok(a) => a,
        Err(e) => return Ok(back(id, &e)),
    };
    if who_may(&action) != Party::ReceivingPartner {
        return Err(AppError::Forbidden);
    }
    let version: i64 = f.get("versie").parse().unwrap_or(r.version);
    let note: String = f.get("toelichting").trim().chars().take(2_000).collect();
    let by = By::user(&user, state.clock.now());
    let mut tx = state.db.begin().await?;
    let to = match store::referral_step(&mut tx, id, version, &action, &note, by).await {
        Ok(to) => to,
        Err(kompas_store::StoreError::Invalid(m) | kompas_store::StoreError::Conflict(m)) => {
            return Ok(back(id, &format!("Niet gelukt: {m}")))
        }
        Err(e) => return Err(e.into()),
    };
    commit_audited(
        tx,
        &state,
        &user,
        AuditAction::Update,
        ("verwijzing", id),
        Some(r.household_id),
        "verwijzing beantwoorden",
    )
    .await?;
    Ok(back(
        id,
        &format!(
            "Opgeslagen: de verwijzing is nu {}.",
            to.label_nl().to_lowercase()
        ),
    ))
}
