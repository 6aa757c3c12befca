//! The resident's own view (issue 5 §8, issue 15): a household member sees
//! the plan, its goals, support and decisions, their questions, how to reach
//! their coordinator, and who looked at the household's file.
//!
//! Entry is a one-time link that a worker makes for a member, or DigiD
//! through the municipality's OpenID Connect broker (`digid`); both open the
//! same short session (cookie `kompas_inwoner`), apart from staff sessions.
//! Every page here speaks the resident's language; what workers wrote stays
//! as written, marked Dutch.

pub mod digid;
mod view;

pub use view::{home, looks};

use crate::auth::session::{cookie, hash_token, new_token, read_cookie};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::i18n::{text, Locale};
use crate::pages::{html, render, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::household::{change_start, Change};
use crate::toegang::{commit_audited, deadline_for};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::toegang::question::{AgeGroup, Channel, QuestionText};
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome};
use kompas_store::resident::{self, ResidentSession};
use kompas_store::toegang::{self as tg, NewQuestion};

pub use crate::i18n::RESIDENT_COOKIE;

/// Who acts in a resident's audit row: the member, or the parent acting for
/// them (DigiD Machtigen) — every row of such a session says both.
fn resident_actor(s: &ResidentSession) -> String {
    match s.acting_member_id {
        Some(a) => format!("inwoner:gezinslid-{a} namens gezinslid-{}", s.member_id),
        None => format!("inwoner:gezinslid-{}", s.member_id),
    }
}

/// An audit row written on behalf of the resident (no staff account).
fn resident_entry(
    state: &AppState,
    s: &ResidentSession,
    action: AuditAction,
    object: &str,
) -> AuditEntry {
    AuditEntry {
        at: kompas_store::time::to_db(state.clock.now()),
        actor_user_id: None,
        actor_username: Some(resident_actor(s)),
        actor_role: Some("inwoner".into()),
        actor_organization_id: None,
        municipality_id: Some(s.municipality_id),
        action,
        object_type: object.into(),
        object_id: Some(s.member_id.to_string()),
        subject: Some(format!("huishouden:{}", s.household_id)),
        purpose: Some("eigen gegevens inzien".into()),
        legal_ground: Some("recht op inzage (AVG art. 15)".into()),
        outcome: AuditOutcome::Success,
        detail: s.acting_member_id.map(|a| {
            format!(
                "gezinslid-{a} handelt namens gezinslid-{} (DigiD Machtigen)",
                s.member_id
            )
        }),
    }
}

/// Starts a resident session in `tx` (after dropping the browser's old
/// one), writes the login row and commits: the answer that sets the cookie
/// and goes to `/mijn`.
async fn open_session(
    state: &AppState,
    mut tx: kompas_store::Tx,
    headers: &HeaderMap,
    who: &ResidentSession,
    detail: String,
    extra_cookie: Option<HeaderValue>,
) -> AppResult<Response> {
    if let Some(old) = read_cookie(headers, RESIDENT_COOKIE) {
        resident::end_session(&mut tx, &hash_token(old)).await?;
    }
    let session = new_token();
    resident::start_session(
        &mut tx,
        &hash_token(&session),
        who.member_id,
        who.acting_member_id,
        state.clock.now(),
    )
    .await?;
    let mut e = resident_entry(state, who, AuditAction::Login, "inwoner");
    e.detail = Some(match e.detail {
        Some(acting) => format!("{detail}; {acting}"),
        None => detail,
    });
    kompas_store::audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_static("/mijn"));
    h.append(
        header::SET_COOKIE,
        cookie(
            RESIDENT_COOKIE,
            &session,
            resident::SESSION_MINUTES * 60,
            state.config.secure_cookies,
        ),
    );
    if let Some(c) = extra_cookie {
        h.append(header::SET_COOKIE, c);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
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

fn link_gone(state: &AppState, viewer: &Viewer, locale: &Locale) -> AppResult<Response> {
    let page = render(&LinkGonePage {
        chrome: Chrome::public(
            state,
            viewer,
            locale,
            &text(locale.lang, "mijn-link-gone-title"),
        ),
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
    locale: Locale,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let usable = plausible_token(&token)
        && resident::link_usable(&state.db, &hash_token(&token), state.clock.now()).await?;
    if !usable {
        return link_gone(&state, &viewer, &locale);
    }
    // The language choice links to this same address (a GET, which does not
    // use the link up); the access log hides the token either way.
    let chrome = Chrome::public(
        &state,
        &viewer,
        &locale,
        &text(locale.lang, "mijn-link-enter-title"),
    );
    let page = html(render(&LinkEnterPage { chrome, token })?);
    // The address holds the token: never pass it on, not even to our own pages.
    Ok((
        [(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        )],
        page,
    )
        .into_response())
}

pub async fn enter(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !plausible_token(&token) {
        return link_gone(&state, &viewer, &locale);
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(member_id) = resident::use_link(&mut tx, &hash_token(&token), now).await? else {
        drop(tx);
        return link_gone(&state, &viewer, &locale);
    };
    let household_id: i64 = tg::household_of_member(&mut tx, member_id).await?;
    let municipality_id = tg::household_of_resident_session(&state.db, household_id)
        .await?
        .ok_or(AppError::NotFound)?
        .municipality_id;
    let who = ResidentSession {
        member_id,
        household_id,
        municipality_id,
        acting_member_id: None,
    };
    open_session(
        &state,
        tx,
        &headers,
        &who,
        "met een eenmalige link".into(),
        None,
    )
    .await
}

/// The live resident session of this browser, if any.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> AppResult<Option<ResidentSession>> {
    let Some(token) = read_cookie(headers, RESIDENT_COOKIE) else {
        return Ok(None);
    };
    Ok(resident::session(&state.db, &hash_token(token), state.clock.now()).await?)
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
    viewer: Viewer,
    locale: Locale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let Some(who) = signed_in(&state, &headers).await? else {
        return Ok(Redirect::to("/mijn").into_response());
    };
    let household = who.household_id;
    let f = FormFields::parse(&body);
    let typed = f.get("correctie");
    let text = match QuestionText::parse(&typed) {
        Ok(t) => t,
        Err(_) => {
            // Shown in the resident's language, with what they typed kept.
            let message = crate::i18n::text_with(
                locale.lang,
                "mijn-correction-invalid",
                &[(
                    "max",
                    fluent_templates::fluent_bundle::FluentValue::from(QuestionText::MAX as i64),
                )],
            );
            return view::render_home(&state, &viewer, &locale, &who, message, typed).await;
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
    let question = tg::create_question(&mut tx, &q, None).await?;
    resident::mark_asked_by(&mut tx, question, who.member_id).await?;
    kompas_store::audit::append(
        &mut tx,
        &resident_entry(&state, &who, AuditAction::Create, "correctieverzoek"),
    )
    .await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    Ok(Redirect::to("/mijn?melding=ontvangen").into_response())
}

/// One of the household's sent decisions as a letter, for the signed-in
/// resident; any other decision is not found.
pub async fn decision(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let Some(who) = signed_in(&state, &headers).await? else {
        return Err(AppError::NotFound);
    };
    let household = who.household_id;
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
        &resident_entry(&state, &who, AuditAction::Read, "mijn-besluit"),
    )
    .await?;
    Ok(html(render(&crate::maatwerk::decisions::LetterPage {
        site_name: state.site_name.clone(),
        back: "/mijn".into(),
        letter,
    })?))
}
