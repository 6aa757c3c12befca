//! The resident's own view (issue 5 §8): a household member sees the plan,
//! its goals, support and referrals, and who looked at the household's file
//! (from the audit log: when, which role and organisation, why).
//!
//! Entry is a one-time link that a worker makes for a member; it opens a
//! short session of its own (cookie `kompas_inwoner`), apart from staff
//! sessions. A DigiD-style OpenID Connect login can start the same session
//! once it maps the BSN in its token to a member.

use crate::auth::session::{cookie, hash_token, new_token, read_cookie};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, url_encode, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::household::{change_start, Change};
use crate::toegang::{commit_audited, deadline_for, long_date};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::plan::CaseStatus;
use kompas_domain::toegang::question::{AgeGroup, Channel, QuestionText};
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome, Role};
use kompas_store::plan as store;
use kompas_store::resident;
use kompas_store::toegang::{self as tg, NewQuestion};

pub const RESIDENT_COOKIE: &str = "kompas_inwoner";

/// An audit row written on behalf of the resident (no staff account).
fn resident_entry(
    state: &AppState,
    member_id: i64,
    household_id: i64,
    action: AuditAction,
    object: &str,
) -> AuditEntry {
    AuditEntry {
        at: kompas_store::time::to_db(state.clock.now()),
        actor_user_id: None,
        actor_username: Some(format!("inwoner:gezinslid-{member_id}")),
        actor_role: Some("inwoner".into()),
        actor_organization_id: None,
        municipality_id: state.home_municipality,
        action,
        object_type: object.into(),
        object_id: Some(member_id.to_string()),
        subject: Some(format!("huishouden:{household_id}")),
        purpose: Some("eigen gegevens inzien".into()),
        legal_ground: Some("recht op inzage (AVG art. 15)".into()),
        outcome: AuditOutcome::Success,
        detail: None,
    }
}

// ---------------------------------------------------------------- the worker makes a link

#[derive(Template)]
#[template(path = "resident/link_made.html")]
struct LinkMadePage {
    chrome: Chrome,
    household: i64,
    reason: String,
    member: String,
    link: String,
    days: i64,
}

pub async fn make_link(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, member_id)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let Change { user, reason, .. } = change_start(&state, &viewer, id, &body).await?;
    let member = tg::members(&state.db, id)
        .await?
        .into_iter()
        .find(|m| m.id == member_id)
        .ok_or(AppError::NotFound)?;
    let token = new_token();
    let mut tx = state.db.begin().await?;
    let link_id = resident::create_link(
        &mut tx,
        member_id,
        &hash_token(&token),
        user.id,
        state.clock.now(),
    )
    .await?;
    commit_audited(
        tx,
        &state,
        &user,
        AuditAction::Create,
        ("inloglink", link_id),
        Some(id),
        &reason,
    )
    .await?;
    Ok(html(render(&LinkMadePage {
        chrome: Chrome::new(&state, &viewer, "Inloglink"),
        household: id,
        reason,
        member: member.name,
        link: format!(
            "{}/mijn/inloggen/{token}",
            state.config.public_url.trim_end_matches('/')
        ),
        days: resident::LINK_DAYS,
    })?))
}

// ---------------------------------------------------------------- the resident

#[derive(Template)]
#[template(path = "resident/link_gone.html")]
struct LinkGonePage {
    chrome: Chrome,
}

#[derive(Template)]
#[template(path = "resident/link_enter.html")]
struct LinkEnterPage {
    chrome: Chrome,
    token: String,
}

fn link_gone(state: &AppState, viewer: &Viewer) -> AppResult<Response> {
    let page = render(&LinkGonePage {
        chrome: Chrome::new(state, viewer, "Deze link werkt niet meer"),
    })?;
    Ok((StatusCode::GONE, html(page)).into_response())
}

/// Links carry 32 random bytes in hex; anything else is not one of ours.
fn plausible_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Opening the link (GET) only shows a button: mail scanners and link
/// previews fetch it too, and must not use it up. The button's POST does.
pub async fn enter_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let usable = plausible_token(&token)
        && resident::link_usable(&state.db, &hash_token(&token), state.clock.now()).await?;
    if !usable {
        return link_gone(&state, &viewer);
    }
    let page = html(render(&LinkEnterPage {
        chrome: Chrome::new(&state, &viewer, "Uw plan bekijken"),
        token,
    })?);
    // The address holds the token: never pass it on, not even to our own pages.
    Ok((
        [(
            header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("no-referrer"),
        )],
        page,
    )
        .into_response())
}

pub async fn enter(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !plausible_token(&token) {
        return link_gone(&state, &viewer);
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(member_id) = resident::use_link(&mut tx, &hash_token(&token), now).await? else {
        drop(tx);
        return link_gone(&state, &viewer);
    };
    let household: i64 = tg::household_of_member(&mut tx, member_id).await?;
    let session = new_token();
    resident::start_session(&mut tx, &hash_token(&session), member_id, now).await?;
    kompas_store::audit::append(
        &mut tx,
        &resident_entry(&state, member_id, household, AuditAction::Login, "inwoner"),
    )
    .await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok((
        [
            (
                header::SET_COOKIE,
                cookie(
                    RESIDENT_COOKIE,
                    &session,
                    resident::SESSION_MINUTES * 60,
                    state.config.secure_cookies,
                ),
            ),
            (
                header::LOCATION,
                axum::http::HeaderValue::from_static("/mijn"),
            ),
        ],
        StatusCode::SEE_OTHER,
    )
        .into_response())
}

async fn signed_in(state: &AppState, headers: &HeaderMap) -> AppResult<Option<(i64, i64)>> {
    let Some(token) = read_cookie(headers, RESIDENT_COOKIE) else {
        return Ok(None);
    };
    Ok(resident::session(&state.db, &hash_token(token), state.clock.now()).await?)
}

pub struct GoalView {
    pub domain: &'static str,
    pub text: String,
    pub due: String,
    pub who: &'static str,
    pub status: &'static str,
    pub actions: Vec<(String, bool)>,
}

pub struct LookView {
    pub when: String,
    pub who: String,
    pub what: &'static str,
    pub why: String,
}

#[derive(Template)]
#[template(path = "resident/home.html")]
struct HomePage {
    chrome: Chrome,
    signed_in: bool,
    message: String,
    name: String,
    status: Option<&'static str>,
    agreed: Option<String>,
    coordinator: Option<String>,
    goals: Vec<GoalView>,
    support: Vec<(String, String)>,
    referrals: Vec<(String, &'static str)>,
    /// Contact reports shared with the household: "Huisbezoek, 3 mei 2026" and the report.
    reports: Vec<(String, String)>,
    /// Sent decisions: id, reference, kind, sent on.
    decisions: Vec<(i64, String, &'static str, String)>,
    looks: Vec<LookView>,
}

/// Who looked: the role and organisation, never a staff member's name.
fn who_looked(e: &AuditEntry, orgs: &[(i64, String)]) -> String {
    let role = match e.actor_role.as_deref() {
        Some("inwoner") => return "Uzelf of iemand uit uw huishouden".into(),
        Some(code) => code.parse::<Role>().map_or("Medewerker", |r| r.label_nl()),
        None => "Medewerker",
    };
    let org = e
        .actor_organization_id
        .and_then(|o| orgs.iter().find(|(id, _)| *id == o))
        .map_or("de gemeente".to_string(), |(_, n)| n.clone());
    format!("{role} van {org}")
}

pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Query(q): Query<crate::pages::NoticeQuery>,
) -> AppResult<Response> {
    let mut page = HomePage {
        chrome: Chrome::new(&state, &viewer, "Mijn plan"),
        signed_in: false,
        message: q.melding,
        name: String::new(),
        status: None,
        agreed: None,
        coordinator: None,
        goals: Vec::new(),
        support: Vec::new(),
        referrals: Vec::new(),
        reports: Vec::new(),
        decisions: Vec::new(),
        looks: Vec::new(),
    };
    let Some((member_id, household)) = signed_in(&state, &headers).await? else {
        return Ok(html(render(&page)?));
    };
    // The resident's own read is in the log too (and shows in the list below).
    kompas_store::audit::record(
        &state.db,
        &resident_entry(&state, member_id, household, AuditAction::Read, "mijn-plan"),
    )
    .await?;
    page.signed_in = true;
    // Each member sees what is about them or the whole household; a parent
    // also what is about the household's minor children.
    let today = kompas_domain::dutch_time::local(state.clock.now()).date();
    let members = tg::members(&state.db, household).await?;
    let minors: Vec<i64> = members
        .iter()
        .filter(|m| kompas_domain::plan::is_minor(m.birth_date, today))
        .map(|m| m.id)
        .collect();
    let me = members.iter().find(|m| m.id == member_id);
    let reader = kompas_domain::plan::Reader::new(
        member_id,
        me.and_then(|m| kompas_domain::toegang::household::MemberRole::parse(&m.role).ok())
            .unwrap_or(kompas_domain::toegang::household::MemberRole::Other),
        me.and_then(|m| m.birth_date),
        today,
    );
    let sees = |about: &kompas_domain::plan::Concerns| {
        kompas_domain::plan::member_may_see(reader, about, &minors)
    };
    page.name = me.map(|m| m.name.clone()).unwrap_or_default();
    if let Some(case) = store::cases_of_household(&state.db, household)
        .await?
        .into_iter()
        .next()
    {
        page.status = Some(match case.status {
            CaseStatus::Open => "We maken samen een plan",
            CaseStatus::Running => "Het plan loopt",
            CaseStatus::Aftercare => "Afgesloten, met nazorg",
            CaseStatus::Closed => "Afgesloten",
        });
        page.agreed = case.plan_agreed_on.map(long_date);
        page.coordinator = case.coordinator_name.clone();
        let actions = store::actions(&state.db, case.id).await?;
        page.goals = store::goals(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|g| sees(&g.concerns))
            .map(|g| GoalView {
                domain: g.domain.label_nl(),
                due: g.due.map(long_date).unwrap_or_default(),
                who: g.actor.label_nl(),
                status: g.status.label_nl(),
                actions: actions
                    .iter()
                    .filter(|a| a.goal_id == g.id && sees(&a.concerns))
                    .map(|a| (a.text.clone(), a.done_on.is_some()))
                    .collect(),
                text: g.text,
            })
            .collect();
        page.support = store::support_items(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|s| s.ended_on.is_none() && sees(&s.concerns))
            .map(|s| (s.title, s.layer.label_nl().to_string()))
            .collect();
        page.reports = store::contacts(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|k| k.shared && sees(&k.concerns))
            .map(|k| {
                (
                    format!("{}, {}", k.kind.label_nl(), long_date(k.held_on)),
                    k.report,
                )
            })
            .collect();
        page.referrals = store::referrals_of_case(&state.db, case.id)
            .await?
            .into_iter()
            .filter(|r| r.status != kompas_domain::plan::ReferralStatus::Draft)
            .map(|r| {
                (
                    r.offer_name.unwrap_or(r.organization_name),
                    r.status.label_nl(),
                )
            })
            .collect();
    }
    let orgs: Vec<(i64, String)> = match state.home_municipality {
        Some(m) => kompas_store::tenancy::organizations(&state.db, m)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
        None => Vec::new(),
    };
    let mut conn = state.db.read_conn().await?;
    page.decisions = kompas_store::maatwerk::sent_decisions_of_household(&mut conn, household)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.id,
                kompas_domain::maatwerk::letter::reference(d.draft.law, d.id),
                d.draft.kind.label_nl(),
                d.sent_on
                    .map(kompas_domain::dutch_time::long_date)
                    .unwrap_or_default(),
            )
        })
        .collect();
    drop(conn);
    page.looks = kompas_store::audit::for_subject(&state.db, &format!("huishouden:{household}"))
        .await?
        .into_iter()
        .rev()
        .take(200)
        .map(|s| LookView {
            when: kompas_store::time::from_db(&s.entry.at)
                .map(|t| {
                    kompas_domain::dutch_time::local(t)
                        .format("%d-%m-%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
            who: who_looked(&s.entry, &orgs),
            what: s.entry.action.label_nl(),
            why: s.entry.purpose.clone().unwrap_or_default(),
        })
        .collect();
    Ok(html(render(&page)?))
}

pub async fn leave(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = read_cookie(&headers, RESIDENT_COOKIE) {
        let mut tx = state.db.begin().await?;
        resident::end_session(&mut tx, &hash_token(token)).await?;
        tx.commit().await.map_err(kompas_store::StoreError::from)?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            cookie(RESIDENT_COOKIE, "", 0, state.config.secure_cookies),
        )],
        Redirect::to("/"),
    )
        .into_response())
}

/// "Klopt er iets niet?": a correction request lands in the triage queue as a
/// question about this household.
pub async fn correction(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let Some((member_id, household)) = signed_in(&state, &headers).await? else {
        return Ok(Redirect::to("/mijn").into_response());
    };
    let f = FormFields::parse(&body);
    let text = match QuestionText::parse(&f.get("correctie")) {
        Ok(t) => t,
        Err(e) => {
            return Ok(Redirect::to(&format!("/mijn?melding={}", url_encode(&e))).into_response())
        }
    };
    let h = tg::household_of_resident_session(&state.db, household)
        .await?
        .ok_or(AppError::NotFound)?;
    let q = NewQuestion {
        municipality_id: h.municipality_id,
        channel: Channel::Resident,
        urgent: false,
        body: format!("Verzoek om gegevens te verbeteren: {}", text.as_str()),
        life_domains: Vec::new(),
        contact_name: None,
        contact_phone: None,
        contact_email: None,
        contact_way: None,
        age_group: AgeGroup::Adult,
        area_code: h.area_code.clone(),
        postcode: None,
        household_id: Some(household),
        submitted_by: None,
        submitter_organization: None,
        reason: None,
        received_at: state.clock.now(),
        due_date: deadline_for(&state, false),
    };
    let mut tx = state.db.begin().await?;
    tg::create_question(&mut tx, &q, None).await?;
    kompas_store::audit::append(
        &mut tx,
        &resident_entry(
            &state,
            member_id,
            household,
            AuditAction::Create,
            "correctieverzoek",
        ),
    )
    .await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to(&format!(
        "/mijn?melding={}",
        url_encode("Uw verzoek is ontvangen. Een medewerker neemt contact met u op.")
    ))
    .into_response())
}

/// One of the household's sent decisions as a letter, for the signed-in
/// resident; any other decision is not found.
pub async fn decision(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let Some((member_id, household)) = signed_in(&state, &headers).await? else {
        return Err(AppError::NotFound);
    };
    // The household's own municipality is the scope; only its sent
    // decisions are found.
    let scope = kompas_domain::MunicipalityScope::single(
        tg::household_of_resident_session(&state.db, household)
            .await?
            .ok_or(AppError::NotFound)?
            .municipality_id,
    );
    let mut conn = state.db.read_conn().await?;
    let d = kompas_store::maatwerk::decision_by_id(&mut conn, &scope, id)
        .await?
        .filter(|d| d.household_id == household && d.sent_on.is_some())
        .ok_or(AppError::NotFound)?;
    let letter = kompas_store::maatwerk::letter_of(&mut conn, &scope, &d).await?;
    drop(conn);
    kompas_store::audit::record(
        &state.db,
        &resident_entry(
            &state,
            member_id,
            household,
            AuditAction::Read,
            "mijn-besluit",
        ),
    )
    .await?;
    Ok(html(render(&crate::maatwerk::decisions::LetterPage {
        site_name: state.site_name.clone(),
        back: "/mijn".into(),
        letter,
    })?))
}
