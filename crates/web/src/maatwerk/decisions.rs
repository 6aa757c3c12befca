//! Decisions for the consultant: compose a decision on a path (grant or
//! refuse products), read it as the resident will, send it (final from then
//! on: the letter is stored as a document and granted products join the
//! plan), print it, and register objections against it. Changes, extensions,
//! revocations and expiries are new decisions that name the one they replace.

use super::paths::{path_for, reachable_path};
pub(crate) use super::reach::{reachable_decision, to_decision};
use super::{commit_logged, fixable, logged_read, posted};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome, FormFields, NoticeQuery};
use crate::state::AppState;
use crate::toegang::{today, worker_in_scope};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use kompas_domain::dutch_time::{long_date, parse_date};
use kompas_domain::maatwerk::catalogue::euros;
use kompas_domain::maatwerk::codes::{self, Frequency, ProductCode, Unit};
use kompas_domain::maatwerk::decision::{
    Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome, Problem,
};
use kompas_domain::maatwerk::letter::{reference, Letter};
use kompas_domain::maatwerk::objection::ObjectionOutcome;
use kompas_domain::maatwerk::terms::objection_until;
use kompas_domain::toegang::arrears::Cents;
use kompas_domain::{AuditAction, MunicipalityScope};
use kompas_store::maatwerk::{self as mw, PathRow};
use kompas_store::users::User;
use kompas_store::StoreError;
use serde::Deserialize;

/// Product rows on the form; a decision with more products is rare and can
/// be split over two decisions.
const LINES: usize = 4;

/// One product row of the form, as typed.
#[derive(Default, Clone)]
pub struct LineForm {
    pub n: usize,
    pub category: String,
    pub product: String,
    pub outcome: String,
    pub quantity: String,
    pub unit: String,
    pub frequency: String,
    pub budget: String,
    pub delivery: String,
    pub start: String,
    pub end: String,
    pub reasoning: String,
}

impl LineForm {
    fn read(f: &FormFields, n: usize) -> LineForm {
        let g = |k: &str| f.get(&format!("p{n}_{k}")).trim().to_string();
        LineForm {
            n,
            category: g("categorie"),
            product: g("product"),
            outcome: g("uitkomst"),
            quantity: g("omvang"),
            unit: g("eenheid"),
            frequency: g("frequentie"),
            budget: g("budget"),
            delivery: g("levering"),
            start: g("start"),
            end: g("eind"),
            reasoning: f
                .get(&format!("p{n}_motivering"))
                .chars()
                .take(2_000)
                .collect(),
        }
    }

    fn of(n: usize, l: &Line) -> LineForm {
        let (quantity, unit, frequency, budget) = Amount::parts(l.amount);
        let text = |v: Option<String>| v.unwrap_or_default();
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        LineForm {
            n,
            category: l.category.code.to_string(),
            product: l
                .product
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            outcome: l.outcome.code().to_string(),
            quantity: text(quantity.map(|q| q.to_string())),
            unit: text(unit.map(|u| u.code().to_string())),
            frequency: text(frequency.map(|f| f.code().to_string())),
            budget: text(budget.map(euros)),
            delivery: l.delivery.code().to_string(),
            start: day(l.start),
            end: day(l.end),
            reasoning: l.reasoning.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        self.category.is_empty()
    }

    /// The line, or the problems of its fields.
    fn parse(&self, law: kompas_domain::maatwerk::Law) -> Result<Line, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut bad = |field: &'static str, reason: String| {
            problems.push(Problem {
                line: Some(self.n),
                field,
                reason,
            })
        };
        let category = codes::category(law, &self.category)
            .map_err(|e| bad("categorie", e))
            .ok();
        let product = match self.product.as_str() {
            "" => None,
            p => ProductCode::parse(p)
                .map_err(|e| bad("productcode", e))
                .ok(),
        };
        let outcome = Outcome::parse(&self.outcome)
            .map_err(|e| bad("besluit", e))
            .ok();
        let delivery = Delivery::parse(if self.delivery.is_empty() {
            "natura"
        } else {
            &self.delivery
        })
        .map_err(|e| bad("levering", e))
        .ok();
        let mut day = |v: &str, field: &'static str| match parse_date(v) {
            Ok(d) => d,
            Err(()) => {
                bad(field, "schrijf de datum als 31-12-2026".into());
                None
            }
        };
        let (start, end) = (
            day(&self.start, "ingangsdatum"),
            day(&self.end, "einddatum"),
        );
        let amount = if !self.budget.is_empty() {
            match Cents::parse(&self.budget) {
                Ok(cents) => Some(Amount::Budget {
                    cents: cents.cents(),
                }),
                Err(e) => {
                    bad("budget", e.to_string());
                    None
                }
            }
        } else if !self.quantity.is_empty() {
            let quantity = self
                .quantity
                .parse::<u32>()
                .map_err(|_| bad("omvang", "vul een heel getal in".into()))
                .ok();
            let unit = Unit::parse(&self.unit).map_err(|e| bad("eenheid", e)).ok();
            let frequency = Frequency::parse(&self.frequency)
                .map_err(|e| bad("frequentie", e))
                .ok();
            match (quantity, unit, frequency) {
                (Some(quantity), Some(unit), Some(frequency)) => Some(Amount::Volume {
                    quantity,
                    unit,
                    frequency,
                }),
                _ => None,
            }
        } else {
            None
        };
        match (category, outcome, delivery) {
            (Some(category), Some(outcome), Some(delivery)) if problems.is_empty() => Ok(Line {
                category,
                product,
                outcome,
                amount,
                delivery,
                start,
                end,
                reasoning: self.reasoning.trim().to_string(),
            }),
            _ => Err(problems),
        }
    }
}

/// A select's options: code, label and whether it is chosen.
pub type Options = Vec<(String, String, bool)>;

fn options<'a>(all: impl Iterator<Item = (&'a str, String)>, chosen: &str) -> Options {
    all.map(|(c, l)| (c.to_string(), l, c == chosen)).collect()
}

pub struct LineView {
    pub f: LineForm,
    pub categories: Options,
    pub units: Options,
    pub frequencies: Options,
    pub outcomes: Options,
    pub deliveries: Options,
}

/// The options of a code list.
fn coded<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Options {
    options(all.iter().map(|&v| (code(v), label(v).to_string())), chosen)
}

fn line_view(law: kompas_domain::maatwerk::Law, f: LineForm) -> LineView {
    LineView {
        categories: options(
            codes::categories(law).map(|c| (c.code, format!("{} {}", c.code, c.name))),
            &f.category,
        ),
        units: coded(Unit::ALL, Unit::code, Unit::label_nl, &f.unit),
        frequencies: coded(
            Frequency::ALL,
            Frequency::code,
            Frequency::label_nl,
            &f.frequency,
        ),
        outcomes: coded(Outcome::ALL, Outcome::code, Outcome::label_nl, &f.outcome),
        deliveries: coded(
            Delivery::ALL,
            Delivery::code,
            Delivery::label_nl,
            &f.delivery,
        ),
        f,
    }
}

#[derive(Template)]
#[template(path = "maatwerk/decision_form.html")]
struct FormPage {
    chrome: Chrome,
    path_id: i64,
    law: &'static str,
    kinds: Options,
    replaces: Option<i64>,
    replaces_ref: String,
    lines: Vec<LineView>,
    /// The municipality's products under this law: code and description.
    catalogue: Vec<(String, String)>,
    errors: Vec<ProblemView>,
}

pub struct ProblemView {
    pub field: String,
    pub reason: String,
}

fn problem_views(problems: &[Problem]) -> Vec<ProblemView> {
    problems
        .iter()
        .map(|p| ProblemView {
            field: match p.line {
                Some(n) => format!("Product {n}, {}", p.field),
                None => p.field.to_string(),
            },
            reason: p.reason.clone(),
        })
        .collect()
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    p: &PathRow,
    kind: DecisionKind,
    replaces: Option<i64>,
    lines: Vec<LineForm>,
    errors: Vec<ProblemView>,
) -> AppResult<Response> {
    let law = p.path.law;
    let (_, scope) = worker_in_scope(viewer)?;
    let mut conn = super::reader(state).await?;
    let today = today(state);
    let catalogue = mw::products(&mut conn, scope, Some(law), Some(today))
        .await?
        .into_iter()
        .filter(|c| c.municipality_id == p.municipality_id)
        .map(|c| {
            let what = format!("{} ({} {})", c.name, c.category.code, c.category.name);
            (c.code.as_str().to_string(), what)
        })
        .collect();
    drop(conn);
    let mut lines = lines;
    while lines.len() < LINES {
        lines.push(LineForm {
            n: lines.len() + 1,
            ..LineForm::default()
        });
    }
    Ok(html(render(&FormPage {
        chrome: Chrome::new(state, viewer, "Besluit opstellen"),
        path_id: p.id,
        law: law.label_nl(),
        kinds: options(
            DecisionKind::ALL
                .iter()
                .filter(|k| k.replaces_earlier() == replaces.is_some())
                .map(|k| (k.code(), k.label_nl().to_string())),
            kind.code(),
        ),
        replaces,
        replaces_ref: replaces.map(|r| reference(law, r)).unwrap_or_default(),
        lines: lines.into_iter().map(|f| line_view(law, f)).collect(),
        catalogue,
        errors,
    })?))
}

#[derive(Deserialize, Default)]
pub struct ComposeQuery {
    #[serde(default)]
    soort: String,
    #[serde(default)]
    vervangt: Option<i64>,
}

/// The form for a new decision on a path; with `vervangt`, a decision that
/// changes or ends an earlier one, its products filled in.
pub async fn compose(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    Query(q): Query<ComposeQuery>,
) -> AppResult<Response> {
    let (p, user, scope) = path_for(&state, &viewer, id).await?;
    let mut lines = Vec::new();
    let kind = DecisionKind::parse(&q.soort).unwrap_or(if q.vervangt.is_some() {
        DecisionKind::Change
    } else {
        DecisionKind::First
    });
    if let Some(old) = q.vervangt {
        let mut conn = super::reader(&state).await?;
        let d = mw::decision_by_id(&mut conn, scope, old)
            .await?
            .filter(|d| d.household_id == p.household_id)
            .ok_or(AppError::NotFound)?;
        lines = (1..)
            .zip(
                d.draft
                    .lines
                    .iter()
                    .filter(|l| l.outcome == Outcome::Granted),
            )
            .map(|(n, l)| LineForm::of(n, l))
            .collect();
    }
    logged_read(&state, user, ("maatwerktraject", id), p.household_id).await?;
    form_page(&state, &viewer, &p, kind, q.vervangt, lines, Vec::new()).await
}

/// Saves the composed decision as a draft, or shows the form again with
/// every problem.
pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let p = reachable_path(&state, &viewer, id).await?;
    let (user, scope, f) = posted(&viewer, &body)?;
    let replaces = f.get("vervangt").parse::<i64>().ok();
    let forms: Vec<LineForm> = (1..=LINES)
        .map(|n| LineForm::read(&f, n))
        .filter(|l| !l.is_empty())
        .collect();
    let mut problems = Vec::new();
    let kind = DecisionKind::parse(&f.get("soort")).map_err(|e| {
        problems.push(Problem {
            line: None,
            field: "soort besluit",
            reason: e,
        })
    });
    let lines: Vec<Line> = forms
        .iter()
        .filter_map(|l| l.parse(p.path.law).map_err(|e| problems.extend(e)).ok())
        .collect();
    let kind = kind.unwrap_or(DecisionKind::First);
    let draft = DecisionDraft {
        law: p.path.law,
        kind,
        replaces,
        lines,
    };
    if problems.is_empty() {
        problems = draft.problems();
    }
    // Saved, or why not: the form's problems, or the store's refusal.
    let saved = if problems.is_empty() {
        let mut tx = state.db.begin().await?;
        let now = state.clock.now();
        let save = mw::save_decision(&mut tx, scope, id, &draft, Some(user.id), now);
        fixable(save.await)?.map(|d| (tx, d)).map_err(Some)
    } else {
        Err(None)
    };
    let (tx, decision) = match saved {
        Ok(v) => v,
        Err(refused) => {
            problems.extend(refused.map(|reason| Problem {
                line: None,
                field: "besluit",
                reason,
            }));
            let errors = problem_views(&problems);
            let page = form_page(&state, &viewer, &p, kind, replaces, renumber(forms), errors);
            return page.await;
        }
    };
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Create,
        ("maatwerkbesluit", decision),
        p.household_id,
    )
    .await?;
    Ok(to_decision(
        decision,
        "Het concept is opgeslagen. Lees het na en verstuur het.",
    ))
}

/// The typed rows again, numbered 1.. in the order shown.
fn renumber(forms: Vec<LineForm>) -> Vec<LineForm> {
    forms
        .into_iter()
        .enumerate()
        .map(|(i, f)| LineForm { n: i + 1, ..f })
        .collect()
}

pub struct ObjectionView {
    pub id: i64,
    pub received_on: String,
    pub in_time: bool,
    pub decide_by: String,
    pub committee: bool,
    pub postponed: bool,
    pub decided: String,
}

#[derive(Template)]
#[template(path = "maatwerk/decision.html")]
struct DecisionPage {
    chrome: Chrome,
    id: i64,
    path_id: i64,
    letter: Letter,
    sent: bool,
    has_document: bool,
    objection_until: String,
    objections: Vec<ObjectionView>,
    outcomes: Options,
    /// Kinds of decision that can follow this one (code, label).
    follow_ups: Vec<(&'static str, &'static str)>,
    today: String,
    notice: String,
    allocations: Vec<super::allocations::AllocationView>,
    to_allocate: Vec<super::allocations::ToAllocate>,
}

/// A decision as the resident will read it, with what can be done next.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let (d, p, user, scope) = reachable_decision(&state, &viewer, id).await?;
    let mut conn = super::reader(&state).await?;
    let letter = mw::letter_of(&mut conn, scope, &d).await?;
    let has_document = mw::document(&mut conn, scope, id).await?.is_some();
    let (allocations, to_allocate) =
        super::allocations::of_decision(&mut conn, scope, &d, today(&state)).await?;
    let mut objections = Vec::new();
    for o in mw::objections_of_decision(&mut conn, scope, id).await? {
        objections.push(ObjectionView {
            id: o.id,
            received_on: long_date(o.objection.received_on),
            in_time: o.objection.in_time(),
            decide_by: long_date(o.objection.decide_by()),
            committee: o.objection.committee,
            postponed: o.objection.postponed,
            decided: match (o.decided_on, o.outcome) {
                (Some(on), Some(out)) => format!("{} op {}", out.label_nl(), long_date(on)),
                _ => String::new(),
            },
        });
    }
    drop(conn);
    logged_read(&state, user, ("maatwerkbesluit", id), p.household_id).await?;
    let follow_ups = if d.sent_on.is_some() && !d.draft.kind.only_ends() {
        DecisionKind::ALL
            .iter()
            .filter(|k| k.replaces_earlier())
            .map(|k| (k.code(), k.label_nl()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(html(render(&DecisionPage {
        chrome: Chrome::new(&state, &viewer, &format!("Besluit {}", letter.reference)),
        id,
        path_id: d.path_id,
        sent: d.sent_on.is_some(),
        has_document,
        objection_until: d
            .sent_on
            .map(|s| long_date(objection_until(s)))
            .unwrap_or_default(),
        objections,
        outcomes: coded(
            ObjectionOutcome::ALL,
            ObjectionOutcome::code,
            ObjectionOutcome::label_nl,
            "",
        ),
        follow_ups,
        today: today(&state).to_string(),
        notice: q.melding.chars().take(300).collect(),
        letter,
        allocations,
        to_allocate,
    })?))
}

/// The letter alone, for printing or saving by the browser.
pub async fn print(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (d, p, user, scope) = reachable_decision(&state, &viewer, id).await?;
    let mut conn = super::reader(&state).await?;
    let letter = mw::letter_of(&mut conn, scope, &d).await?;
    drop(conn);
    logged_read(&state, user, ("maatwerkbesluit", id), p.household_id).await?;
    Ok(html(render(&LetterPage {
        site_name: state.site_name.clone(),
        back: format!("/werk/maatwerk/besluiten/{id}"),
        letter,
    })?))
}

#[derive(Template)]
#[template(path = "maatwerk/letter.html")]
pub(crate) struct LetterPage {
    pub site_name: String,
    /// Where the "back" link goes.
    pub back: String,
    pub letter: Letter,
}

/// The stored document of a sent decision, exactly as it was sent.
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
) -> AppResult<Response> {
    let (_, p, user, scope) = reachable_decision(&state, &viewer, id).await?;
    let mut conn = super::reader(&state).await?;
    let (media_type, bytes) = mw::document(&mut conn, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    logged_read(&state, user, ("maatwerkbesluit", id), p.household_id).await?;
    Ok(document_response(&media_type, bytes, id))
}

pub(crate) fn document_response(media_type: &str, bytes: Vec<u8>, id: i64) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"besluit-{id}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn day_field(f: &FormFields, name: &str, label: &str) -> Result<NaiveDate, String> {
    parse_date(&f.get(name))
        .ok()
        .flatten()
        .ok_or_else(|| format!("{label}: schrijf de datum als 31-12-2026."))
}

/// A POST on decision `id` naming a day in `datum`: the decision's path, the
/// worker and their scope, the form and the day.
struct DatedPost<'v> {
    p: PathRow,
    user: &'v User,
    scope: &'v MunicipalityScope,
    form: FormFields,
    on: NaiveDate,
}

/// The dated post, or the way back to the decision with what is wrong.
async fn dated_post<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    id: i64,
    body: &[u8],
    label: &str,
) -> AppResult<Result<DatedPost<'v>, Response>> {
    let (_, p, user, scope) = reachable_decision(state, viewer, id).await?;
    let form = FormFields::parse(body);
    Ok(match day_field(&form, "datum", label) {
        Ok(on) => Ok(DatedPost {
            p,
            user,
            scope,
            form,
            on,
        }),
        Err(m) => Err(to_decision(id, &m)),
    })
}

/// Sends a draft: it becomes final, its letter is stored as a PDF document,
/// its granted products join the household's plan — all or nothing.
pub async fn send(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let DatedPost {
        p, user, scope, on, ..
    } = match dated_post(&state, &viewer, id, &body, "Verzenddatum").await? {
        Ok(post) => post,
        Err(back) => return Ok(back),
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let sent = kompas_app::maatwerk::send_decision(&mut tx, scope, id, on, now).await;
    let in_plan = match fixable(sent)? {
        Ok(case) => case,
        Err(m) => return Ok(to_decision(id, &m)),
    };
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("maatwerkbesluit", id),
        p.household_id,
    )
    .await?;
    let plan = if in_plan.is_some() {
        " Toegekende hulp staat nu in het plan van het huishouden."
    } else {
        " Het huishouden heeft geen open traject: de hulp staat daarom niet in een plan."
    };
    Ok(to_decision(
        id,
        &format!(
            "Het besluit is verstuurd en kan niet meer veranderen. De brief is bewaard.{plan}"
        ),
    ))
}

/// Registers an objection against a sent decision.
pub async fn object(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let DatedPost {
        p,
        user,
        scope,
        form: f,
        on,
    } = match dated_post(&state, &viewer, id, &body, "Ontvangen op").await? {
        Ok(post) => post,
        Err(back) => return Ok(back),
    };
    let mut tx = state.db.begin().await?;
    let objection = match fixable(
        mw::register_objection(
            &mut tx,
            scope,
            id,
            on,
            f.get("commissie") == "ja",
            state.clock.now(),
        )
        .await,
    )? {
        Ok(o) => o,
        Err(m) => return Ok(to_decision(id, &m)),
    };
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Create,
        ("bezwaar", objection),
        p.household_id,
    )
    .await?;
    Ok(to_decision(
        id,
        "Het bezwaar is geregistreerd. De beslistermijn loopt.",
    ))
}

/// Postpones an open objection once, or records how it ended.
pub async fn objection_step(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    viewer: Viewer,
    body: Bytes,
) -> AppResult<Response> {
    let (_, scope) = worker_in_scope(&viewer)?;
    let decision = {
        let mut conn = super::reader(&state).await?;
        mw::objection_by_id(&mut conn, scope, id)
            .await?
            .ok_or(AppError::NotFound)?
            .decision_id
    };
    let (_, p, _, _) = reachable_decision(&state, &viewer, decision).await?;
    let (user, _) = worker_in_scope(&viewer)?;
    let f = FormFields::parse(&body);
    let mut tx = state.db.begin().await?;
    let done = match f.get("actie").as_str() {
        "verdagen" => mw::postpone_objection(&mut tx, scope, id).await,
        _ => {
            let on = day_field(&f, "datum", "Beslist op");
            let outcome = ObjectionOutcome::parse(&f.get("uitkomst"));
            match (on, outcome) {
                (Ok(on), Ok(outcome)) => {
                    mw::decide_objection(&mut tx, scope, id, on, outcome).await
                }
                (Err(m), _) | (_, Err(m)) => Err(StoreError::Invalid(m)),
            }
        }
    };
    if let Err(m) = fixable(done)? {
        return Ok(to_decision(decision, &m));
    }
    commit_logged(
        tx,
        &state,
        user,
        AuditAction::Update,
        ("bezwaar", id),
        p.household_id,
    )
    .await?;
    Ok(to_decision(decision, "Opgeslagen."))
}
