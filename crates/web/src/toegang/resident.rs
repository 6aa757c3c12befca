//! "Stel uw vraag": a resident asks for help without an account. Anonymous or
//! with a name; how to be reached; the question in their own words; a
//! consent text. Bots are kept out by a hidden field and a rate limit.

use super::{area_of, audit_in, deadline_for};
use crate::auth::{ClientIp, Viewer};
use crate::error::AppResult;
use crate::i18n::{text, Locale};
use crate::limits::client::budget_key;
use crate::pages::contact::PublicContact;
use crate::pages::statements::resident_date;
use crate::pages::{html, render, url_encode, Chrome, FormFields};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use kompas_domain::directory::LifeDomain;
use kompas_domain::language::Language;
use kompas_domain::toegang::question::{
    AgeGroup, Channel, ContactWay, EmailAddress, PersonName, PhoneNumber, QuestionText,
};
use kompas_domain::toegang::reference::QuestionReference;
use kompas_domain::{AuditAction, Postcode};
use kompas_store::toegang::{self as tg, NewQuestion};
use serde::Deserialize;
use std::sync::Arc;

/// What the resident typed; kept as typed so a refused form loses nothing.
#[derive(Debug, Default, Clone)]
pub struct QuestionForm {
    pub naam: String,
    pub contact: String,
    pub telefoon: String,
    pub email: String,
    pub vraag: String,
    pub voor_wie: String,
    pub postcode: String,
    /// Life domain codes (one checkbox each).
    pub leefgebied: Vec<String>,
    pub toestemming: String,
    pub aanbod: String,
    /// Hidden from people; bots fill it in.
    pub website: String,
}

impl QuestionForm {
    fn from_body(body: &[u8]) -> QuestionForm {
        let f = FormFields::parse(body);
        QuestionForm {
            naam: f.get("naam"),
            contact: f.get("contact"),
            telefoon: f.get("telefoon"),
            email: f.get("email"),
            vraag: f.get("vraag"),
            voor_wie: f.get("voor_wie"),
            postcode: f.get("postcode"),
            leefgebied: f.all("leefgebied"),
            toestemming: f.get("toestemming"),
            aanbod: f.get("aanbod"),
            website: f.get("website"),
        }
    }
}

/// One problem with a field, shown next to it and in a summary at the top.
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "toegang/ask.html")]
struct AskPage {
    chrome: Chrome,
    form: QuestionForm,
    problems: Vec<Problem>,
    /// Life domain code, the resident's words for it, checked.
    domains: Vec<(&'static str, String, bool)>,
    /// Value, the resident's words.
    who: Vec<(&'static str, String)>,
    ways: Vec<(&'static str, String)>,
    days: i64,
}

impl AskPage {
    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }
}

/// "About whom": the value sent and its text key.
const WHO: &[(&str, &str)] = &[
    ("", "question-form-who-none"),
    ("mijzelf", "question-form-who-self"),
    ("kind", "question-form-who-child"),
    ("ouder", "question-form-who-parent"),
    ("ander", "question-form-who-other"),
];

/// How to be reached: the value sent and its text key.
const WAYS: &[(&str, &str)] = &[
    ("telefoon", "question-form-way-phone"),
    ("email", "question-form-way-email"),
    ("bezoek", "question-form-way-visit"),
];

fn page(
    state: &AppState,
    viewer: &Viewer,
    locale: &Locale,
    form: QuestionForm,
    problems: Vec<Problem>,
) -> AskPage {
    let lang = locale.lang;
    // Residents' words for the life domains (the professional term stays on
    // the worker's side).
    let domains = LifeDomain::ALL
        .iter()
        .map(|d| {
            (
                d.code(),
                text(lang, &format!("question-form-domain-{}", d.code())),
                form.leefgebied.iter().any(|c| c == d.code()),
            )
        })
        .collect();
    let words = |list: &[(&'static str, &str)]| {
        list.iter()
            .map(|(code, key)| (*code, text(lang, key)))
            .collect()
    };
    AskPage {
        chrome: Chrome::public(state, viewer, locale, &text(lang, "question-form-title")),
        form,
        problems,
        domains,
        who: words(WHO),
        ways: words(WAYS),
        days: super::first_contact_days(state).get().into(),
    }
}

#[derive(Deserialize)]
pub struct AskQuery {
    #[serde(default)]
    aanbod: String,
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Query(q): Query<AskQuery>,
) -> AppResult<Response> {
    let form = QuestionForm {
        aanbod: q
            .aanbod
            .chars()
            .filter(char::is_ascii_digit)
            .take(12)
            .collect(),
        ..QuestionForm::default()
    };
    Ok(html(render(&page(
        &state,
        &viewer,
        &locale,
        form,
        Vec::new(),
    ))?))
}

/// The parsed form, or every problem in it (in the resident's language).
fn parse(form: &QuestionForm, lang: Language) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut fail = |field: &'static str, key: &str| {
        problems.push(Problem {
            field,
            message: text(lang, key),
        })
    };
    let body = QuestionText::parse(&form.vraag)
        .map_err(|_| {
            fail(
                "vraag",
                if form.vraag.trim().is_empty() {
                    "question-form-error-question-empty"
                } else {
                    "question-form-error-question-long"
                },
            )
        })
        .ok();
    let name = if form.naam.trim().is_empty() {
        None
    } else {
        PersonName::parse(&form.naam)
            .map_err(|_| fail("naam", "question-form-error-name"))
            .ok()
    };
    let way = if form.contact.is_empty() {
        None
    } else {
        ContactWay::parse(&form.contact)
            .map_err(|_| fail("contact", "question-form-error-way"))
            .ok()
    };
    let phone = match (form.telefoon.trim().is_empty(), way) {
        (true, Some(ContactWay::Phone)) => {
            fail("telefoon", "question-form-error-phone-missing");
            None
        }
        (true, _) => None,
        (false, _) => PhoneNumber::parse(&form.telefoon)
            .map_err(|_| fail("telefoon", "question-form-error-phone"))
            .ok(),
    };
    let email = match (form.email.trim().is_empty(), way) {
        (true, Some(ContactWay::Email)) => {
            fail("email", "question-form-error-email-missing");
            None
        }
        (true, _) => None,
        (false, _) => EmailAddress::parse(&form.email)
            .map_err(|_| fail("email", "question-form-error-email"))
            .ok(),
    };
    if way == Some(ContactWay::Visit) && phone.is_none() && email.is_none() {
        fail("telefoon", "question-form-error-visit");
    }
    let postcode = if form.postcode.trim().is_empty() {
        None
    } else {
        Postcode::parse(&form.postcode)
            .map_err(|_| fail("postcode", "question-form-error-postcode"))
            .ok()
    };
    let domains: Vec<LifeDomain> = form
        .leefgebied
        .iter()
        .filter_map(|c| LifeDomain::parse(c).ok())
        .collect();
    if form.toestemming != "ja" {
        fail("toestemming", "question-form-error-consent");
    }
    match body {
        Some(body) if problems.is_empty() => Ok(Parsed {
            body,
            name,
            way,
            phone,
            email,
            postcode,
            domains,
        }),
        _ => Err(problems),
    }
}

struct Parsed {
    body: QuestionText,
    name: Option<PersonName>,
    way: Option<ContactWay>,
    phone: Option<PhoneNumber>,
    email: Option<EmailAddress>,
    postcode: Option<Postcode>,
    domains: Vec<LifeDomain>,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> AppResult<Response> {
    let form = QuestionForm::from_body(&body);
    let now = state.clock.now();
    if let Err(wait) = state.limits.questions.check(&budget_key(ip)) {
        let problems = vec![Problem {
            field: "vraag",
            message: text(locale.lang, "question-form-error-busy"),
        }];
        let body = render(&page(&state, &viewer, &locale, form, problems))?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, [wait.header()], html(body)).into_response());
    }
    let parsed = match parse(&form, locale.lang) {
        Ok(p) => p,
        Err(problems) => {
            let body = render(&page(&state, &viewer, &locale, form, problems))?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response());
        }
    };
    let mut reference = None;
    let due = deadline_for(&state, false);
    // A filled-in hidden field: a bot. It sees the same confirmation, and
    // nothing is stored.
    if form.website.is_empty() {
        let Some(municipality) = state.home_municipality else {
            return Err(crate::error::AppError::NotFound);
        };
        let postcode = parsed.postcode.as_ref().map(|p| p.to_string());
        let mut body = parsed.body.as_str().to_string();
        if let Ok(offer) = form.aanbod.parse::<i64>() {
            if let Some(o) = kompas_store::directory::offer_by_id(&state.db, offer).await? {
                body = format!("{body}\n\n(Gesteld vanaf het aanbod: {})", o.draft.name);
            }
        }
        let q = NewQuestion {
            municipality_id: municipality,
            channel: Channel::Resident,
            urgent: false,
            body,
            life_domains: parsed.domains,
            contact_name: parsed.name.map(|n| n.as_str().to_string()),
            contact_phone: parsed.phone.map(|p| p.as_str().to_string()),
            contact_email: parsed.email.map(|e| e.as_str().to_string()),
            contact_way: parsed.way,
            age_group: match form.voor_wie.as_str() {
                "kind" => AgeGroup::Youth,
                "ouder" => AgeGroup::Senior,
                _ => AgeGroup::Unknown,
            },
            area_code: area_of(&state, postcode.as_deref()).await?,
            postcode: postcode.as_ref().map(|p| p.to_string()),
            household_id: None,
            submitted_by: None,
            submitter_organization: None,
            reason: None,
            received_at: now,
            due_date: due,
        };
        let mut tx = state.db.begin().await?;
        let id = tg::create_question(&mut tx, &q, None).await?;
        audit_in(
            &mut tx,
            &state,
            None,
            AuditAction::Create,
            ("vraag", id),
            None,
            "hulpvraag van een bewoner",
        )
        .await?;
        tx.commit().await.map_err(kompas_store::StoreError::from)?;
        reference = Some(QuestionReference::new(super::today(&state).year(), id));
    }
    let mut to = format!("/vraag-stellen/verstuurd?uiterlijk={due}");
    if let Some(r) = reference {
        to.push_str(&format!("&kenmerk={}", url_encode(&r.to_string())));
    }
    Ok(Redirect::to(&to).into_response())
}

#[derive(Template)]
#[template(path = "toegang/asked.html")]
struct AskedPage {
    chrome: Chrome,
    /// The deadline for first contact, as the resident reads it.
    by: Option<String>,
    reference: Option<String>,
    days: i64,
    contact: Option<Arc<PublicContact>>,
}

#[derive(Deserialize)]
pub struct AskedQuery {
    #[serde(default)]
    uiterlijk: String,
    #[serde(default)]
    kenmerk: String,
}

/// The confirmation: the reference number, what happens next, by when, and
/// the municipality's phone number. Only a well-formed reference and date
/// from the address are shown (a link cannot put text on the page).
pub async fn confirmation(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
    Query(q): Query<AskedQuery>,
) -> AppResult<Response> {
    let by = chrono::NaiveDate::parse_from_str(&q.uiterlijk, "%Y-%m-%d")
        .ok()
        .map(|d| resident_date(locale.lang, d));
    let chrome = Chrome::public(
        &state,
        &viewer,
        &locale,
        &text(locale.lang, "question-sent-title"),
    );
    Ok(html(render(&AskedPage {
        contact: chrome.contact.clone(),
        chrome,
        by,
        reference: QuestionReference::parse(&q.kenmerk)
            .ok()
            .map(|r| r.to_string()),
        days: super::first_contact_days(&state).get().into(),
    })?))
}
