//! The household page: members, address and wijk, informal network,
//! organisations involved, questions, the case, and the broad look over life
//! domains with its history. Opening it asks for a reason, and only works
//! for workers who reach the household through the queue or its case team.

use super::{audit, charts, commit_audited, today, worker};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, url_encode, Chrome, FormFields};
use crate::state::AppState;
use crate::toegang::worker_in_scope;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kompas_domain::directory::LifeDomain;
use kompas_domain::toegang::assessment::{
    compare, DomainAssessment, DomainScore, HealthDimension, HealthScores, ScoredDomain,
};
use kompas_domain::toegang::household::{age_on, parse_birth_date, MemberRole, NetworkRelation};
use kompas_domain::toegang::question::PersonName;
use kompas_domain::{AuditAction, Bsn};
use kompas_store::toegang::{self as tg, AssessmentRow, Household};
use kompas_store::users::User;
use serde::Deserialize;

/// The household, if this worker may open it (same municipality and a link
/// through the queue or a case team).
pub(crate) async fn reachable(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<Household> {
    let (user, scope) = worker_in_scope(viewer)?;
    let h = tg::household_by_id(&state.db, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match tg::household_link(&state.db, user.id, h.municipality_id, id).await? {
        Some(_) => Ok(h),
        None => Err(AppError::Forbidden),
    }
}

#[derive(Deserialize, Default)]
pub struct Reason {
    #[serde(default)]
    reden: String,
    #[serde(default)]
    melding: String,
}

#[derive(Template)]
#[template(path = "toegang/household_reason.html")]
struct ReasonPage {
    chrome: Chrome,
    id: i64,
}

pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
    pub age: String,
    pub has_bsn: bool,
}

/// The latest Positieve Gezondheid: date, (dimension, value), the SVG.
type HealthView = (String, Vec<(&'static str, u8)>, String);

pub struct ChangeView {
    pub domain: &'static str,
    pub before: String,
    pub after: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "toegang/household.html")]
struct HouseholdPage {
    chrome: Chrome,
    h: Household,
    area: String,
    reason: String,
    message: Option<String>,
    members: Vec<MemberView>,
    network: Vec<tg::NetworkContact>,
    questions: Vec<tg::Question>,
    case: Option<tg::Case>,
    roles: Vec<(&'static str, &'static str)>,
    relations: Vec<(&'static str, &'static str)>,
    domains: Vec<(&'static str, &'static str)>,
    dimensions: Vec<(&'static str, &'static str)>,
    /// Dates of the life-domain assessments, and per domain its scores.
    dates: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
    history_svg: String,
    changes: Vec<ChangeView>,
    health: Option<HealthView>,
}

fn relation_label(code: &str) -> &'static str {
    NetworkRelation::parse(code).map_or("Anders", |r| r.label_nl())
}

fn as_assessment(a: &AssessmentRow) -> Option<DomainAssessment> {
    let scores = a
        .scores
        .iter()
        .filter_map(|(d, s, note)| {
            Some(ScoredDomain {
                domain: LifeDomain::parse(d).ok()?,
                score: DomainScore::new(*s).ok()?,
                note: note.clone(),
            })
        })
        .collect();
    DomainAssessment::new(scores).ok()
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(r): Query<Reason>,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let h = reachable(&state, &viewer, id).await?;
    let Some(reason) = super::access_reason(&state, &viewer, id, &r.reden).await? else {
        return Ok(html(render(&ReasonPage {
            chrome: Chrome::new(&state, &viewer, "Reden van inzage"),
            id,
        })?));
    };
    audit(
        &state,
        Some(user),
        AuditAction::Read,
        ("huishouden", id),
        Some(id),
        &reason,
    )
    .await?;
    let now = today(&state);
    let members = tg::members(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MemberView {
            id: m.id,
            name: m.name,
            role: MemberRole::parse(&m.role).map_or("Anders", |r| r.label_nl()),
            age: m
                .birth_date
                .map(|b| format!("{} jaar", age_on(b, now)))
                .unwrap_or_else(|| "onbekend".into()),
            has_bsn: m.bsn.is_some(),
        })
        .collect();
    let all = tg::assessments(&state.db, id).await?;
    let domain_rows: Vec<&AssessmentRow> =
        all.iter().filter(|a| a.kind == "leefgebieden").collect();
    let dates: Vec<String> = domain_rows
        .iter()
        .map(|a| a.assessed_on.to_string())
        .collect();
    let scored: Vec<LifeDomain> = LifeDomain::ALL
        .iter()
        .copied()
        .filter(|d| {
            domain_rows
                .iter()
                .any(|a| a.scores.iter().any(|s| s.0 == d.code()))
        })
        .collect();
    let value = |a: &AssessmentRow, d: LifeDomain| {
        a.scores.iter().find(|s| s.0 == d.code()).map(|s| s.1 as u8)
    };
    let rows = scored
        .iter()
        .map(|d| {
            (
                d.label_nl().to_string(),
                domain_rows
                    .iter()
                    .map(|a| value(a, *d).map_or("–".to_string(), |v| v.to_string()))
                    .collect(),
            )
        })
        .collect();
    let series: Vec<(String, Vec<Option<u8>>)> = scored
        .iter()
        .map(|d| {
            (
                d.label_nl().to_string(),
                domain_rows.iter().map(|a| value(a, *d)).collect(),
            )
        })
        .collect();
    let changes = match (
        domain_rows.len() >= 2,
        domain_rows.first(),
        domain_rows.last(),
    ) {
        (true, Some(first), Some(last)) => match (as_assessment(first), as_assessment(last)) {
            (Some(a), Some(b)) => compare(&a, &b)
                .into_iter()
                .map(|c| ChangeView {
                    domain: c.domain.label_nl(),
                    before: c.before.map_or("–".into(), |s| s.value().to_string()),
                    after: c.after.map_or("–".into(), |s| s.value().to_string()),
                    change: c.label_nl(),
                })
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let health = all
        .iter()
        .rev()
        .find(|a| a.kind == "positieve-gezondheid")
        .map(|a| {
            let pairs: Vec<(&'static str, u8)> = HealthDimension::ALL
                .iter()
                .map(|d| {
                    let v = a
                        .scores
                        .iter()
                        .find(|s| s.0 == d.code())
                        .map_or(0, |s| s.1 as u8);
                    (d.label_nl(), v)
                })
                .collect();
            let svg = charts::spider(&pairs);
            (a.assessed_on.to_string(), pairs, svg)
        });
    let areas = kompas_store::directory::areas(&state.db, user.municipality_id).await?;
    let area = h
        .area_code
        .as_ref()
        .and_then(|c| areas.iter().find(|a| &a.cbs_code == c))
        .map_or_else(|| "onbekend".to_string(), |a| a.name.clone());
    let page = HouseholdPage {
        chrome: Chrome::new(&state, &viewer, "Huishouden"),
        area,
        reason,
        message: Some(r.melding).filter(|m| !m.is_empty()),
        members,
        network: tg::network(&state.db, id)
            .await?
            .into_iter()
            .map(|mut c| {
                c.relation = relation_label(&c.relation).to_string();
                c
            })
            .collect(),
        questions: tg::questions_of_household(&state.db, id).await?,
        case: tg::open_case_of(&state.db, id).await?,
        roles: MemberRole::ALL
            .iter()
            .map(|r| (r.code(), r.label_nl()))
            .collect(),
        relations: NetworkRelation::ALL
            .iter()
            .map(|r| (r.code(), r.label_nl()))
            .collect(),
        domains: LifeDomain::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl()))
            .collect(),
        dimensions: HealthDimension::ALL
            .iter()
            .map(|d| (d.code(), d.label_nl()))
            .collect(),
        history_svg: if dates.is_empty() {
            String::new()
        } else {
            charts::history(&dates, &series)
        },
        dates,
        rows,
        changes,
        health,
        h,
    };
    Ok(html(render(&page)?))
}

fn back(id: i64, reason: &str, message: &str) -> Response {
    Redirect::to(&format!(
        "/werk/huishoudens/{id}?reden={}&melding={}",
        url_encode(reason),
        url_encode(message)
    ))
    .into_response()
}

/// A change to a household: the worker, the household they may reach, the
/// form and the reason the page was opened with.
pub(crate) struct Change {
    pub user: User,
    pub household: Household,
    pub form: FormFields,
    pub reason: String,
}

impl Change {
    /// Back to the household page with a message (the change was refused).
    pub(crate) fn back(&self, message: &str) -> Response {
        back(self.household.id, &self.reason, message)
    }

    /// Writes the audit row into the change's transaction, commits both and
    /// goes back to the household page with `message`.
    async fn saved(
        &self,
        tx: kompas_store::Tx,
        state: &AppState,
        action: AuditAction,
        object: (&str, i64),
        message: &str,
    ) -> AppResult<Response> {
        let id = self.household.id;
        commit_audited(
            tx,
            state,
            &self.user,
            action,
            object,
            Some(id),
            &self.reason,
        )
        .await?;
        Ok(self.back(message))
    }
}

/// Shared start of every change: only for a household this worker may reach.
pub(crate) async fn change_start(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    body: &[u8],
) -> AppResult<Change> {
    let user = worker(viewer)?.clone();
    let household = reachable(state, viewer, id).await?;
    let form = FormFields::parse(body);
    let reason = form.get("reden");
    Ok(Change {
        user,
        household,
        form,
        reason,
    })
}

pub async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let name = match PersonName::parse(&c.form.get("naam")) {
        Ok(n) => n,
        Err(e) => return Ok(c.back(&e)),
    };
    let birth = match c.form.get("geboortedatum").trim() {
        "" => None,
        raw => match parse_birth_date(raw, today(&state)) {
            Ok(d) => Some(d),
            Err(e) => return Ok(c.back(&e)),
        },
    };
    let role = MemberRole::parse(&c.form.get("rol")).unwrap_or(MemberRole::Other);
    // A BSN is stored only when one is given, and only when it passes the elfproef.
    let bsn = match c.form.get("bsn").trim() {
        "" => None,
        raw => match Bsn::parse(raw) {
            Ok(b) => Some(b),
            Err(e) => {
                return Ok(c.back(&format!(
                    "BSN niet opgeslagen: {e}. Het gezinslid is niet toegevoegd."
                )))
            }
        },
    };
    let mut tx = state.db.begin().await?;
    let m = tg::add_member(
        &mut tx,
        id,
        name.as_str(),
        birth,
        role.code(),
        bsn.as_ref().map(|b| b.as_str()),
        state.clock.now(),
    )
    .await?;
    c.saved(
        tx,
        &state,
        AuditAction::Create,
        ("gezinslid", m),
        "Het gezinslid is toegevoegd.",
    )
    .await
}

pub async fn add_contact(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let name = match PersonName::parse(&c.form.get("naam")) {
        Ok(n) => n,
        Err(e) => return Ok(c.back(&e)),
    };
    let relation = NetworkRelation::parse(&c.form.get("relatie")).unwrap_or(NetworkRelation::Other);
    let helps: String = c.form.get("helpt_met").trim().chars().take(300).collect();
    let mut tx = state.db.begin().await?;
    let contact = tg::add_network_contact(
        &mut tx,
        id,
        name.as_str(),
        relation.code(),
        &helps,
        state.clock.now(),
    )
    .await?;
    c.saved(
        tx,
        &state,
        AuditAction::Create,
        ("netwerkcontact", contact),
        "Het netwerk is bijgewerkt.",
    )
    .await
}

pub async fn set_involved(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let h = c.household.clone();
    let involved: String = c.form.get("betrokken").trim().chars().take(2000).collect();
    let address = tg::Address {
        postcode: h.postcode,
        house_number: h.house_number,
        house_number_addition: h.house_number_addition,
        street: h.street,
        city: h.city,
        area_code: h.area_code,
    };
    let mut tx = state.db.begin().await?;
    tg::update_household(&mut tx, id, &address, &involved, state.clock.now()).await?;
    c.saved(
        tx,
        &state,
        AuditAction::Update,
        ("huishouden", id),
        "De betrokken organisaties zijn opgeslagen.",
    )
    .await
}

/// A broad look: scores only for the domains filled in.
pub async fn add_domain_assessment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let mut scores = Vec::new();
    for d in LifeDomain::ALL {
        let raw = c.form.get(&format!("score-{}", d.code()));
        if raw.is_empty() {
            continue;
        }
        let score = match raw
            .parse::<i64>()
            .map_err(|_| raw.clone())
            .and_then(DomainScore::new)
        {
            Ok(s) => s,
            Err(e) => return Ok(c.back(&format!("{}: {e}", d.label_nl()))),
        };
        scores.push(ScoredDomain {
            domain: *d,
            score,
            note: c
                .form
                .get(&format!("notitie-{}", d.code()))
                .trim()
                .to_string(),
        });
    }
    let assessment = match DomainAssessment::new(scores) {
        Ok(a) => a,
        Err(e) => return Ok(c.back(&e)),
    };
    let rows: Vec<(String, i64, String)> = assessment
        .scores()
        .iter()
        .map(|s| {
            (
                s.domain.code().to_string(),
                i64::from(s.score.value()),
                s.note.clone(),
            )
        })
        .collect();
    let mut tx = state.db.begin().await?;
    let a = tg::add_assessment(
        &mut tx,
        &tg::NewAssessment {
            household_id: id,
            kind: "leefgebieden",
            member_id: None,
            assessed_on: today(&state),
            assessed_by: Some(c.user.id),
            source: "",
            scores: &rows,
        },
        state.clock.now(),
    )
    .await?;
    c.saved(
        tx,
        &state,
        AuditAction::Create,
        ("weging", a),
        "De scores zijn opgeslagen.",
    )
    .await
}

pub async fn add_health(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = change_start(&state, &viewer, id, &body).await?;
    let mut values = [0_i64; 6];
    for (i, d) in HealthDimension::ALL.iter().enumerate() {
        match c.form.get(d.code()).trim().parse::<i64>() {
            Ok(v) => values[i] = v,
            Err(_) => {
                return Ok(c.back(&format!(
                    "Vul bij {} een cijfer van 0 tot en met 10 in.",
                    d.label_nl()
                )))
            }
        }
    }
    let scores = match HealthScores::new(values) {
        Ok(s) => s,
        Err(e) => return Ok(c.back(&e)),
    };
    let rows: Vec<(String, i64, String)> = scores
        .pairs()
        .into_iter()
        .map(|(d, v)| (d.code().to_string(), i64::from(v), String::new()))
        .collect();
    let source = if c.form.get("bron") == "tablet" {
        "tablet"
    } else {
        "papier"
    };
    let mut tx = state.db.begin().await?;
    let a = tg::add_assessment(
        &mut tx,
        &tg::NewAssessment {
            household_id: id,
            kind: "positieve-gezondheid",
            member_id: None,
            assessed_on: today(&state),
            assessed_by: Some(c.user.id),
            source,
            scores: &rows,
        },
        state.clock.now(),
    )
    .await?;
    c.saved(
        tx,
        &state,
        AuditAction::Create,
        ("weging", a),
        "Positieve Gezondheid is opgeslagen.",
    )
    .await
}
