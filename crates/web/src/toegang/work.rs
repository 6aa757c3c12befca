//! The professionals' side of toegang: the triage queue, one question with
//! its actions (assign, first contact, link a household, close with an
//! outcome), registering a walk-in or phone question.

use super::{audit, calendar, commit_audited, deadline_for, deadline_text, today, worker};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::worker_in_scope;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::directory::LifeDomain;
use kompas_domain::toegang::household::HouseNumber;
use kompas_domain::toegang::question::{AgeGroup, Channel, OutcomeKind, QuestionText};
use kompas_domain::{AuditAction, Bsn, Postcode};
use kompas_store::toegang::{self as tg, Address, Closing, NewQuestion, Question, QueueFilter};
use serde::Deserialize;

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    kanaal: String,
    #[serde(default)]
    spoed: String,
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    leeftijd: String,
    #[serde(default)]
    wie: String,
    #[serde(default)]
    pagina: Option<i64>,
}

pub struct Row {
    pub id: i64,
    pub channel: &'static str,
    pub urgent: bool,
    pub domains: String,
    pub area: String,
    pub age: &'static str,
    pub received: String,
    pub due: String,
    pub due_text: String,
    pub late: bool,
    pub assigned: String,
    pub mine: bool,
    /// The name the asker gave and the question's first words.
    pub name: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "toegang/queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    q: QueueQuery,
    channels: Vec<(&'static str, &'static str)>,
    areas: Vec<(String, String)>,
    ages: Vec<(&'static str, &'static str)>,
    query_string: String,
}

pub async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let (user, scope) = worker_in_scope(&viewer)?;
    let filter = QueueFilter {
        municipalities: scope.clone(),
        channel: Channel::parse(&q.kanaal).ok(),
        urgent: match q.spoed.as_str() {
            "ja" => Some(true),
            "nee" => Some(false),
            _ => None,
        },
        area_code: Some(q.wijk.clone()).filter(|w| !w.is_empty()),
        age_group: AgeGroup::parse(&q.leeftijd).ok(),
        assigned_to: match q.wie.as_str() {
            "ik" => Some(user.id),
            "niemand" => Some(0),
            _ => None,
        },
        due_by: None,
    };
    let page = q.pagina.unwrap_or(1).max(1);
    let (items, total) = tg::queue(&state.db, &filter, (page - 1) * PAGE, PAGE).await?;
    let areas = kompas_store::directory::areas(&state.db, user.municipality_id).await?;
    let area_name = |code: &Option<String>| {
        code.as_ref()
            .and_then(|c| areas.iter().find(|a| &a.cbs_code == c))
            .map_or_else(|| "onbekend".to_string(), |a| a.name.clone())
    };
    let now = today(&state);
    let cal = calendar(&state);
    let rows = items
        .iter()
        .map(|i| {
            let (due_text, late) = deadline_text(&cal, i.due_date, now);
            Row {
                id: i.id,
                channel: i.channel.label_nl(),
                urgent: i.urgent,
                domains: kompas_domain::directory::LifeDomain::list_nl(&i.life_domains),
                area: area_name(&i.area_code),
                age: i.age_group.label_nl(),
                received: kompas_store::time::from_db(&i.received_at)
                    .map(kompas_domain::dutch_time::short_date_time)
                    .unwrap_or_else(|_| i.received_at.clone()),
                due: i.due_date.format("%d-%m-%Y").to_string(),
                due_text,
                late,
                assigned: i.assigned_name.clone().unwrap_or_else(|| "niemand".into()),
                mine: i.assigned_to == Some(user.id),
                name: i.contact_name.clone().unwrap_or_default(),
                summary: i.summary.clone(),
            }
        })
        .collect();
    // Names and the questions' words on the page: a read per question, logged.
    let shown: Vec<_> = items
        .iter()
        .map(|i| ("vraag", i.id, i.household_id))
        .collect();
    let reads = super::audit_rows(
        &state,
        Some(user),
        AuditAction::Read,
        "wachtrij: vragen verdelen",
        &shown,
    );
    let mut tx = state.db.begin().await?;
    kompas_store::audit::append_many(&mut tx, &reads).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;
    let mut qs = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("kanaal", &q.kanaal),
        ("spoed", &q.spoed),
        ("wijk", &q.wijk),
        ("leeftijd", &q.leeftijd),
        ("wie", &q.wie),
    ] {
        if !v.is_empty() {
            qs.append_pair(k, v);
        }
    }
    Ok(html(render(&QueuePage {
        chrome: Chrome::new(&state, &viewer, "Wachtrij"),
        rows,
        total,
        page,
        pages: (total + PAGE - 1) / PAGE,
        q,
        channels: Channel::ALL
            .iter()
            .map(|c| (c.code(), c.label_nl()))
            .collect(),
        areas: areas
            .iter()
            .map(|a| (a.cbs_code.clone(), a.name.clone()))
            .collect(),
        ages: AgeGroup::ALL
            .iter()
            .map(|a| (a.code(), a.label_nl()))
            .collect(),
        query_string: qs.finish(),
    })?))
}

/// The question if it belongs to the worker's municipality.
async fn question_for(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<Question> {
    let (_, scope) = worker_in_scope(viewer)?;
    tg::question_by_id(&state.db, scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "toegang/question.html")]
struct QuestionPage {
    chrome: Chrome,
    q: Question,
    due_long: String,
    due_text: String,
    late: bool,
    domains: String,
    area: String,
    /// Date, kind of creditor, creditor, amount in euros, months overdue.
    arrears: Vec<(String, String, String, String, i64)>,
    colleagues: Vec<(i64, String)>,
    message: Option<String>,
    offers: Vec<(i64, String, u8)>,
    offer_query: String,
    outcomes: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct QuestionQuery {
    #[serde(default)]
    aanbod_zoeken: String,
    #[serde(default)]
    melding: String,
}

pub async fn question(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(qq): Query<QuestionQuery>,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let q = question_for(&state, &viewer, id).await?;
    audit(
        &state,
        Some(user),
        AuditAction::Read,
        ("vraag", q.id),
        q.household_id,
        "triage van een hulpvraag",
    )
    .await?;
    let (due_text, late) = deadline_text(&calendar(&state), q.due_date, today(&state));
    let areas = kompas_store::directory::areas(&state.db, user.municipality_id).await?;
    let area = q
        .area_code
        .as_ref()
        .and_then(|c| areas.iter().find(|a| &a.cbs_code == c))
        .map_or_else(|| "onbekend".to_string(), |a| a.name.clone());
    let colleagues = kompas_store::users::acting_for(&state.db, q.municipality_id)
        .await?
        .into_iter()
        .filter(|u| u.role.works_on_households() && !u.disabled)
        .map(|u| (u.id, u.display_name))
        .collect();
    // Offers to refer to: the editor's own search, lightest layer first.
    let mut offers = Vec::new();
    if !qq.aanbod_zoeken.trim().is_empty() {
        let query = kompas_search::SearchQuery {
            text: qq.aanbod_zoeken.clone(),
            // The question's own municipality's directory and synonyms.
            municipality_id: Some(q.municipality_id as u64),
            limit: 10,
            ..kompas_search::SearchQuery::default()
        };
        let day = crate::directory::day_number(today(&state));
        let hits = crate::directory::search_index(&state, query, day).await?;
        let ids: Vec<i64> = hits.hits.iter().map(|h| h.id as i64).collect();
        offers = kompas_store::directory::offers_by_ids(&state.db, &ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o.draft.name.clone(), o.draft.layer.number()))
            .collect();
    }
    let page = QuestionPage {
        chrome: Chrome::new(&state, &viewer, &format!("Vraag {}", q.id)),
        due_long: super::long_date(q.due_date),
        due_text,
        late,
        domains: kompas_domain::directory::LifeDomain::list_nl(&q.life_domains),
        area,
        arrears: tg::arrears_of_question(&state.db, q.id)
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.signal_date.format("%d-%m-%Y").to_string(),
                    kompas_domain::toegang::arrears::CreditorKind::parse(&a.creditor_kind)
                        .map_or(a.creditor_kind, |k| k.label_nl().to_string()),
                    a.creditor,
                    kompas_domain::money::euros(a.amount_cents),
                    a.months_overdue,
                )
            })
            .collect(),
        colleagues,
        message: Some(qq.melding).filter(|m| !m.is_empty()),
        offers,
        offer_query: qq.aanbod_zoeken,
        outcomes: OutcomeKind::ALL
            .iter()
            .map(|o| (o.code(), o.label_nl()))
            .collect(),
        q,
    };
    Ok(html(render(&page)?))
}

fn back(id: i64, message: &str) -> Response {
    let m: String = url::form_urlencoded::byte_serialize(message.as_bytes()).collect();
    Redirect::to(&format!("/werk/vragen/{id}?melding={m}")).into_response()
}

fn version(f: &FormFields) -> AppResult<i64> {
    f.get("versie").parse().map_err(|_| {
        AppError::BadRequest("Het formulier mist zijn versie; laad de pagina opnieuw.".into())
    })
}

/// Assign to oneself or a colleague (`aan` = user id, empty = nobody).
pub async fn assign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let q = question_for(&state, &viewer, id).await?;
    let f = FormFields::parse(&body);
    let to = match f.get("aan").as_str() {
        "" => None,
        "ik" => Some(user.id),
        other => {
            let uid: i64 = other
                .parse()
                .map_err(|_| AppError::BadRequest("Kies een collega.".into()))?;
            let colleague = kompas_store::users::colleague(&state.db, q.municipality_id, uid)
                .await?
                .filter(|u| u.role.works_on_households())
                .ok_or_else(|| {
                    AppError::BadRequest("Deze collega werkt niet in deze gemeente.".into())
                })?;
            Some(colleague.id)
        }
    };
    let mut tx = state.db.begin().await?;
    tg::assign_question(&mut tx, q.id, version(&f)?, to).await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("vraag", q.id),
        q.household_id,
        "toewijzen",
    )
    .await?;
    if f.get("terug") == "wachtrij" {
        return Ok(Redirect::to("/werk/wachtrij").into_response());
    }
    Ok(back(id, "De vraag is toegewezen."))
}

pub async fn first_contact(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let q = question_for(&state, &viewer, id).await?;
    let f = FormFields::parse(&body);
    let mut tx = state.db.begin().await?;
    tg::record_first_contact(
        &mut tx,
        q.id,
        version(&f)?,
        state.clock.now(),
        Some(user.role),
    )
    .await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("vraag", q.id),
        q.household_id,
        "eerste contact vastgelegd",
    )
    .await?;
    Ok(back(id, "Het eerste contact is vastgelegd."))
}

/// Links the question to a household found by BSN or address, or to a new
/// one at that address. Looking up asks for a reason and is audited.
pub async fn link_household(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let q = question_for(&state, &viewer, id).await?;
    let f = FormFields::parse(&body);
    let reason = f.get("reden");
    if reason.trim().len() < 3 {
        return Ok(back(
            id,
            "Geef een reden op voor het opzoeken van een huishouden.",
        ));
    }
    let now = state.clock.now();
    let bsn_raw = f.get("bsn");
    let found = if !bsn_raw.trim().is_empty() {
        let bsn = match Bsn::parse(&bsn_raw) {
            Ok(b) => b,
            Err(e) => return Ok(back(id, &format!("BSN: {e}."))),
        };
        tg::household_with_bsn(&state.db, user.municipality_id, bsn.as_str()).await?
    } else {
        None
    };
    let household = match found {
        Some(h) => h,
        None => {
            let postcode = match Postcode::parse(&f.get("postcode")) {
                Ok(p) => p,
                Err(e) => return Ok(back(id, &format!("Postcode: {e}."))),
            };
            let number = match HouseNumber::parse(&f.get("huisnummer"), &f.get("toevoeging")) {
                Ok(n) => n,
                Err(e) => return Ok(back(id, &e)),
            };
            let at = tg::households_at(
                &state.db,
                user.municipality_id,
                &postcode.to_string(),
                i64::from(number.number),
                number.addition.as_deref(),
            )
            .await?;
            match at.first() {
                Some(h) => h.id,
                None => {
                    let address = Address {
                        postcode: Some(postcode.to_string()),
                        house_number: Some(i64::from(number.number)),
                        house_number_addition: number.addition.clone(),
                        area_code: super::area_of(&state, Some(&postcode.to_string())).await?,
                        ..Address::default()
                    };
                    let mut tx = state.db.begin().await?;
                    let h =
                        tg::create_household(&mut tx, user.municipality_id, &address, now).await?;
                    commit_audited(
                        tx,
                        &state,
                        user,
                        AuditAction::Create,
                        ("huishouden", h),
                        Some(h),
                        &reason,
                    )
                    .await?;
                    h
                }
            }
        }
    };
    let mut tx = state.db.begin().await?;
    tg::link_household(&mut tx, q.id, version(&f)?, household).await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Read,
        ("huishouden", household),
        Some(household),
        &format!("opzoeken: {reason}"),
    )
    .await?;
    Ok(back(id, "De vraag is gekoppeld aan een huishouden."))
}

/// Closes the question: information, a referral to an offer, no action, or a
/// case for its household.
pub async fn close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let q = question_for(&state, &viewer, id).await?;
    let f = FormFields::parse(&body);
    let Ok(outcome) = OutcomeKind::parse(&f.get("afloop")) else {
        return Ok(back(id, "Kies hoe de vraag is afgehandeld."));
    };
    let note = f
        .get("toelichting")
        .trim()
        .chars()
        .take(2000)
        .collect::<String>();
    let now = state.clock.now();
    let offer_id = match outcome {
        OutcomeKind::Referral => match f.get("aanbod").parse::<i64>() {
            Ok(o)
                if kompas_store::directory::offer_by_id(&state.db, o)
                    .await?
                    .is_some() =>
            {
                Some(o)
            }
            _ => {
                return Ok(back(
                    id,
                    "Kies het aanbod waarnaar u verwijst (zoek het hieronder).",
                ))
            }
        },
        _ => None,
    };
    let mut tx = state.db.begin().await?;
    let case_id = if outcome == OutcomeKind::CaseOpened {
        let Some(h) = q.household_id else {
            return Ok(back(
                id,
                "Koppel de vraag eerst aan een huishouden; een traject hoort bij een huishouden.",
            ));
        };
        match tg::open_case(
            &mut tx,
            user.municipality_id,
            h,
            (user.id, user.role),
            now,
            Some(q.id),
        )
        .await
        {
            Ok(c) => Some(c),
            Err(kompas_store::StoreError::Conflict(m)) => {
                return Ok(back(id, &format!("Dat kan niet: {m}.")))
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    tg::close_question(
        &mut tx,
        q.id,
        version(&f)?,
        &Closing {
            outcome,
            offer_id,
            case_id,
            note,
            at: now,
        },
        Some(user.role),
    )
    .await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("vraag", q.id),
        q.household_id,
        "vraag afgerond",
    )
    .await?;
    if let (Some(_), Some(h)) = (case_id, q.household_id) {
        return Ok(
            Redirect::to(&format!("/werk/huishoudens/{h}?reden=traject+geopend")).into_response(),
        );
    }
    Ok(back(id, "De vraag is afgerond."))
}

#[derive(Template)]
#[template(path = "toegang/new_question.html")]
struct NewPage {
    chrome: Chrome,
    errors: Vec<String>,
    vraag: String,
    kanaal_naam: String,
    telefoon: String,
    spoed: bool,
    domains: Vec<(&'static str, &'static str, bool)>,
    ages: Vec<(&'static str, &'static str)>,
    leeftijd: String,
}

fn new_page(
    state: &AppState,
    viewer: &Viewer,
    f: Option<&FormFields>,
    errors: Vec<String>,
) -> NewPage {
    let get = |k: &str| f.map(|f| f.get(k)).unwrap_or_default();
    let chosen = f.map(|f| f.all("leefgebied")).unwrap_or_default();
    NewPage {
        chrome: Chrome::new(state, viewer, "Vraag registreren"),
        errors,
        vraag: get("vraag"),
        kanaal_naam: get("naam"),
        telefoon: get("telefoon"),
        spoed: get("spoed") == "ja",
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl(), chosen.iter().any(|c| c == d.code())))
            .collect(),
        ages: AgeGroup::ALL
            .iter()
            .map(|a| (a.code(), a.label_nl()))
            .collect(),
        leeftijd: get("leeftijd"),
    }
}

pub async fn new_form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    worker(&viewer)?;
    Ok(html(render(&new_page(&state, &viewer, None, Vec::new()))?))
}

/// A question from a walk-in or a phone call, registered by a professional.
pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let f = FormFields::parse(&body);
    let text = match QuestionText::parse(&f.get("vraag")) {
        Ok(t) => t,
        Err(e) => {
            let page = new_page(&state, &viewer, Some(&f), vec![e]);
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                html(render(&page)?),
            )
                .into_response());
        }
    };
    let urgent = f.get("spoed") == "ja";
    let q = NewQuestion {
        municipality_id: user.municipality_id,
        channel: Channel::Professional,
        urgent,
        body: text.as_str().to_string(),
        life_domains: f
            .all("leefgebied")
            .iter()
            .filter_map(|c| LifeDomain::parse(c).ok())
            .collect(),
        contact_name: Some(f.get("naam")).filter(|n| !n.trim().is_empty()),
        contact_phone: Some(f.get("telefoon")).filter(|n| !n.trim().is_empty()),
        contact_email: None,
        contact_way: None,
        age_group: AgeGroup::parse(&f.get("leeftijd")).unwrap_or(AgeGroup::Unknown),
        area_code: None,
        postcode: None,
        household_id: None,
        submitted_by: Some(user.id),
        submitter_organization: None,
        reason: None,
        received_at: state.clock.now(),
        due_date: deadline_for(&state, urgent),
    };
    let mut tx = state.db.begin().await?;
    let id = tg::create_question(&mut tx, &q, Some(user.role)).await?;
    tg::assign_question(&mut tx, id, 1, Some(user.id)).await?;
    commit_audited(
        tx,
        &state,
        user,
        AuditAction::Create,
        ("vraag", id),
        None,
        "vraag geregistreerd aan balie of telefoon",
    )
    .await?;
    Ok(Redirect::to(&format!("/werk/vragen/{id}")).into_response())
}
