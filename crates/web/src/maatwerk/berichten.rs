//! The iWmo/iJw messages in the browser. For the contract manager (and
//! admin): every message in and out, found per provider, client (BSN) or
//! allocation; the outbox to collect; files to upload as the hub delivers
//! them. For a provider's partner accounts: its allocations, their status
//! and the messages exchanged, for providers without software of their own.
//! Reading a message that names a client is audited with the household.

use super::allocations::AllocationView;
use super::{logged_read, reader, setting_read, PURPOSE};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use crate::toegang::{commit_audited, today};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kompas_domain::{AuditAction, MunicipalityScope, Role};
use kompas_store::maatwerk::{self as mw, AllocationFilter, Direction, MessageFilter, MessageRow};
use kompas_store::users::User;
use serde::Deserialize;

/// The user and scope of someone who handles the exchange.
fn keeper(viewer: &Viewer) -> AppResult<(&User, &MunicipalityScope)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if matches!(u.role, Role::Admin | Role::ContractManager) {
        Ok((u, scope))
    } else {
        Err(AppError::Forbidden)
    }
}

/// What a message is, in words.
pub fn kind_nl(kind: &str) -> &'static str {
    match kind {
        "301" => "Toewijzing",
        "302" => "Retour toewijzing",
        "305" => "Start zorg",
        "306" => "Retour start zorg",
        "307" => "Stop zorg",
        "308" => "Retour stop zorg",
        "315" => "Verzoek om toewijzing",
        "316" => "Retour verzoek om toewijzing",
        "317" => "Verzoek om wijziging",
        "318" => "Retour verzoek om wijziging",
        "319" => "Antwoord op verzoek",
        "320" => "Retour antwoord",
        "323" => "Declaratie",
        "325" => "Declaratie-antwoord",
        _ => "Bericht",
    }
}

/// A message as the lists show it.
pub struct MessageView {
    pub id: i64,
    pub kind: String,
    pub what: &'static str,
    pub incoming: bool,
    pub dated: String,
    pub provider: String,
    pub summary: String,
    pub status: String,
    pub due: String,
    pub pending: bool,
}

impl MessageView {
    fn of(m: &MessageRow) -> MessageView {
        MessageView {
            id: m.id,
            kind: m.kind.clone(),
            what: kind_nl(&m.kind),
            incoming: m.direction == Direction::In,
            dated: m.dated_on.format("%d-%m-%Y").to_string(),
            provider: m
                .provider_name
                .clone()
                .unwrap_or_else(|| m.agb_code.clone()),
            summary: m.summary.clone(),
            status: m.status.clone(),
            due: m
                .answer_due_on
                .map(|d| d.format("%d-%m-%Y").to_string())
                .unwrap_or_default(),
            pending: m.direction == Direction::Out && m.exported_at.is_none(),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    aanbieder: String,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    toewijzing: String,
    #[serde(default)]
    richting: String,
}

/// One uploaded file and what became of it.
pub struct FileResult {
    pub name: String,
    pub ok: bool,
    pub summary: String,
    pub problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "maatwerk/berichten.html")]
struct MessagesPage {
    chrome: Chrome,
    providers: Vec<(i64, String, bool)>,
    bsn: String,
    allocation: String,
    direction: String,
    not_found: String,
    messages: Vec<MessageView>,
    outbox: Vec<MessageView>,
    results: Vec<FileResult>,
}

async fn messages_page(
    state: &AppState,
    viewer: &Viewer,
    scope: &MunicipalityScope,
    s: &Search,
    results: Vec<FileResult>,
) -> AppResult<MessagesPage> {
    let mut conn = reader(state).await?;
    let provider: Option<i64> = s.aanbieder.trim().parse().ok();
    let mut filter = MessageFilter {
        provider_id: provider,
        limit: Some(200),
        direction: match s.richting.as_str() {
            "in" => Some(Direction::In),
            "uit" => Some(Direction::Out),
            _ => None,
        },
        ..Default::default()
    };
    let mut not_found = String::new();
    let bsn = s.bsn.trim();
    if !bsn.is_empty() {
        match mw::member_with_bsn(&mut conn, scope, bsn).await? {
            Some((_, h)) => filter.household_id = Some(h),
            None => not_found = format!("Geen cliënt met BSN {bsn} in deze gemeente."),
        }
    }
    let number = s.toewijzing.trim();
    if !number.is_empty() {
        let found = match kompas_domain::maatwerk::allocation::AllocationNumber::parse(number) {
            Ok(n) => {
                let mut hit = None;
                for law in [
                    kompas_domain::maatwerk::Law::Wmo,
                    kompas_domain::maatwerk::Law::Jeugdwet,
                ] {
                    for m in scope.ids() {
                        if hit.is_none() {
                            hit = mw::allocation_by_number(&mut conn, scope, *m, law, n).await?;
                        }
                    }
                }
                hit
            }
            Err(_) => None,
        };
        match found {
            Some(a) => filter.allocation_id = Some(a.id),
            None => not_found = format!("Geen toewijzing met nummer {number}."),
        }
    }
    let messages = if not_found.is_empty() {
        mw::messages(&mut conn, scope, &filter).await?
    } else {
        Vec::new()
    };
    let outbox = mw::messages(
        &mut conn,
        scope,
        &MessageFilter {
            pending: true,
            ..Default::default()
        },
    )
    .await?;
    let providers = mw::providers(&mut conn, scope)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                format!("{} ({})", p.name, p.agb.as_str()),
                Some(p.id) == provider,
            )
        })
        .collect();
    Ok(MessagesPage {
        chrome: Chrome::new(state, viewer, "Berichten met aanbieders"),
        providers,
        bsn: bsn.to_string(),
        allocation: number.to_string(),
        direction: s.richting.clone(),
        not_found,
        messages: messages.iter().map(MessageView::of).collect(),
        outbox: outbox.iter().map(MessageView::of).collect(),
        results,
    })
}

/// The messages, the outbox and the upload form.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(s): Query<Search>,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let page = messages_page(&state, &viewer, scope, &s, Vec::new()).await?;
    setting_read(&state, user, ("berichten", 0)).await?;
    Ok(html(render(&page)?))
}

/// Uploaded message files: each read, checked and applied on its own, all
/// or nothing per file; the return messages go to the outbox.
pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    mut form: Multipart,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let bad = |_| AppError::BadRequest("Het formulier kon niet worden gelezen.".into());
    let mut files = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.name() == Some("bestand") {
            let name = field.file_name().unwrap_or("bestand").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                files.push((name, bytes));
            }
        }
    }
    let mut results = Vec::new();
    let home = user.municipality_id;
    for (name, bytes) in files {
        let mut tx = state.db.begin().await?;
        let done = kompas_app::berichten::import(
            &mut tx,
            scope,
            home,
            Some(&name),
            &bytes,
            state.clock.now(),
        )
        .await;
        match super::fixable(done)? {
            Ok(done) => {
                let household = mw::message_by_id(&mut tx, scope, done.message_id)
                    .await?
                    .and_then(|(m, _)| m.household_id);
                commit_audited(
                    tx,
                    &state,
                    user,
                    AuditAction::Create,
                    ("bericht", done.message_id),
                    household,
                    PURPOSE,
                )
                .await?;
                results.push(FileResult {
                    name,
                    ok: true,
                    summary: done.summary,
                    problems: done.problems,
                });
            }
            Err(m) => {
                drop(tx);
                results.push(FileResult {
                    name,
                    ok: false,
                    summary: format!("Geweigerd, er is niets opgeslagen: {m}"),
                    problems: Vec::new(),
                });
            }
        }
    }
    if results.is_empty() {
        results.push(FileResult {
            name: String::new(),
            ok: false,
            summary: "Kies een of meer berichtbestanden (XML).".into(),
            problems: Vec::new(),
        });
    }
    let page = messages_page(&state, &viewer, scope, &Search::default(), results).await?;
    Ok(html(render(&page)?))
}

#[derive(Template)]
#[template(path = "maatwerk/bericht.html")]
struct MessagePage {
    chrome: Chrome,
    m: MessageView,
    back: &'static str,
    base: &'static str,
    problems: Vec<String>,
    replies_to: Option<i64>,
    answers: Vec<MessageView>,
    xml: String,
    file_name: String,
    /// A provider's request the municipality may answer (319).
    can_answer: bool,
    choices: &'static [(&'static str, &'static str)],
    refusals: &'static [(&'static str, &'static str)],
    notice: String,
}

/// Reads one message of the scope and logs the read against its household.
async fn read_message(
    state: &AppState,
    user: &User,
    scope: &MunicipalityScope,
    id: i64,
    may_see: impl Fn(&MessageRow) -> bool,
) -> AppResult<(MessageRow, String, Vec<MessageView>)> {
    let mut conn = reader(state).await?;
    let (m, xml) = mw::message_by_id(&mut conn, scope, id)
        .await?
        .filter(|(m, _)| may_see(m))
        .ok_or(AppError::NotFound)?;
    let answers = mw::messages(
        &mut conn,
        scope,
        &MessageFilter {
            provider_id: m.provider_id,
            household_id: m.household_id,
            limit: Some(500),
            ..Default::default()
        },
    )
    .await?
    .iter()
    .filter(|x| x.replies_to == Some(id))
    .map(MessageView::of)
    .collect();
    drop(conn);
    match m.household_id {
        Some(h) => logged_read(state, user, ("bericht", id), h).await?,
        None => setting_read(state, user, ("bericht", id)).await?,
    }
    Ok((m, xml, answers))
}

fn message_page(
    state: &AppState,
    viewer: &Viewer,
    (m, xml, answers): (MessageRow, String, Vec<MessageView>),
    for_provider: bool,
) -> MessagePage {
    let view = MessageView::of(&m);
    let can_answer = !for_provider
        && m.direction == Direction::In
        && matches!(m.kind.as_str(), "315" | "317")
        && m.status != "beantwoord";
    MessagePage {
        can_answer,
        choices: kompas_app::berichten::ANSWERS,
        refusals: kompas_app::berichten::REFUSALS,
        notice: String::new(),
        chrome: Chrome::new(
            state,
            viewer,
            &format!("{} {} ({})", view.what, m.message_ref, m.kind),
        ),
        back: if for_provider {
            "/partner/toewijzingen"
        } else {
            "/beheer/berichten"
        },
        base: if for_provider {
            "/partner/berichten"
        } else {
            "/beheer/berichten"
        },
        problems: m
            .problems
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
        replies_to: m.replies_to,
        answers,
        file_name: file_name(&m),
        m: view,
        xml,
    }
}

fn file_name(m: &MessageRow) -> String {
    let prefix = match m.law {
        kompas_domain::maatwerk::Law::Jeugdwet => "JW",
        _ => "WMO",
    };
    format!("{prefix}{}_{}_{}.xml", m.kind, m.agb_code, m.message_ref)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect()
}

fn xml_download(name: &str, xml: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        xml,
    )
        .into_response()
}

/// One message with its problems, its answers and its XML.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let read = read_message(&state, user, scope, id, |_| true).await?;
    Ok(html(render(&message_page(&state, &viewer, read, false))?))
}

/// Answers a provider's request (315/317) with a 319 in the outbox.
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let form = crate::pages::FormFields::parse(&body);
    let mut tx = state.db.begin().await?;
    let done = kompas_app::berichten::answer_request(
        &mut tx,
        scope,
        id,
        form.get("antwoord").trim(),
        Some(form.get("reden").as_str()),
        state.clock.now(),
    )
    .await;
    let household = mw::message_by_id(&mut tx, scope, id)
        .await?
        .and_then(|(m, _)| m.household_id);
    match super::fixable(done)? {
        Ok(_) => {
            commit_audited(
                tx,
                &state,
                user,
                AuditAction::Create,
                ("bericht", id),
                household,
                PURPOSE,
            )
            .await?;
            let read = read_message(&state, user, scope, id, |_| true).await?;
            let mut page = message_page(&state, &viewer, read, false);
            page.notice = "Het antwoord (319) staat klaar om te versturen.".into();
            Ok(html(render(&page)?))
        }
        Err(m) => {
            drop(tx);
            let read = read_message(&state, user, scope, id, |_| true).await?;
            let mut page = message_page(&state, &viewer, read, false);
            page.notice = m;
            Ok(html(render(&page)?))
        }
    }
}

/// The message as a file, unchanged (does not count as collected).
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let (m, xml, _) = read_message(&state, user, scope, id, |_| true).await?;
    Ok(xml_download(&file_name(&m), xml))
}

/// Collects one message from the outbox: the file, and it no longer waits.
pub async fn collect(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (user, scope) = keeper(&viewer)?;
    let mut tx = state.db.begin().await?;
    let files = kompas_app::berichten::export(&mut tx, scope, Some(id), state.clock.now()).await?;
    let Some(f) = files.into_iter().next() else {
        return Err(AppError::NotFound);
    };
    let household = mw::message_by_id(&mut tx, scope, id)
        .await?
        .and_then(|(m, _)| m.household_id);
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Export,
        ("bericht", id),
        household,
        PURPOSE,
    )
    .await?;
    Ok(xml_download(&f.file_name, f.xml))
}

// ------------------------------------------------------------------ providers

/// A partner account acting for providers: the providers (id, name, AGB).
async fn acting_for(
    state: &AppState,
    viewer: &Viewer,
) -> AppResult<(User, MunicipalityScope, Vec<(i64, String, String)>)> {
    let (u, scope) = viewer.scoped().ok_or(AppError::Unauthorized)?;
    if u.role != Role::Partner {
        return Err(AppError::Forbidden);
    }
    let Some(org) = u.organization_id else {
        return Ok((u.clone(), scope.clone(), Vec::new()));
    };
    let mut conn = reader(state).await?;
    let providers = mw::providers_of_organization(&mut conn, scope, org).await?;
    Ok((u.clone(), scope.clone(), providers))
}

pub struct ProviderSection {
    pub name: String,
    pub agb: String,
    pub allocations: Vec<(AllocationView, String)>,
    pub messages: Vec<MessageView>,
}

#[derive(Template)]
#[template(path = "maatwerk/aanbieder.html")]
struct ProviderPage {
    chrome: Chrome,
    sections: Vec<ProviderSection>,
}

/// What a provider was allocated, where the care stands, and the messages.
pub async fn provider_overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (user, scope, providers) = acting_for(&state, &viewer).await?;
    let day = today(&state);
    let mut conn = reader(&state).await?;
    let mut sections = Vec::new();
    let mut households = std::collections::BTreeSet::new();
    for (id, name, agb) in &providers {
        let filter = AllocationFilter {
            provider_id: Some(*id),
            ..Default::default()
        };
        let mut allocations = Vec::new();
        for a in mw::allocations(&mut conn, &scope, filter).await? {
            let client = mw::client_of(&mut conn, &scope, a.household_id, a.member_id)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            households.insert(a.household_id);
            allocations.push((AllocationView::of(&a, day), client));
        }
        let messages = mw::messages(
            &mut conn,
            &scope,
            &MessageFilter {
                provider_id: Some(*id),
                limit: Some(100),
                ..Default::default()
            },
        )
        .await?;
        sections.push(ProviderSection {
            name: name.clone(),
            agb: agb.clone(),
            allocations,
            messages: messages.iter().map(MessageView::of).collect(),
        });
    }
    drop(conn);
    // The clients' names are shown: one read row per household.
    for h in households {
        logged_read(&state, &user, ("toewijzingen-aanbieder", h), h).await?;
    }
    Ok(html(render(&ProviderPage {
        chrome: Chrome::new(&state, &viewer, "Toewijzingen en berichten"),
        sections,
    })?))
}

/// One message of one of the partner's providers.
pub async fn provider_message(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (user, scope, providers) = acting_for(&state, &viewer).await?;
    let ours = |m: &MessageRow| providers.iter().any(|(p, _, _)| Some(*p) == m.provider_id);
    let read = read_message(&state, &user, &scope, id, ours).await?;
    Ok(html(render(&message_page(&state, &viewer, read, true))?))
}
