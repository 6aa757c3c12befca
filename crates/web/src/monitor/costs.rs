//! Costs of maatwerk against the budget: `/monitor/kosten` for policy staff
//! and team leads (per taakveld and law, the spending trend with the budget
//! line, top product categories, cost per client), and
//! `/monitor/kosten/begroting` for policy staff and administrators (the
//! budget per taakveld and year, and where each product category is booked).
//! The sums are the domain's (`maatwerk::costs`), the facts the store's.
//! Every change is written with its audit row in one transaction.

use super::chart::{self, LineChart, Point, Reference};
use super::{ctx, Ctx};
use crate::auth::{audit_entry, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Datelike;
use kompas_domain::maatwerk::allocation::{Taakveld, TAAKVELDEN};
use kompas_domain::maatwerk::codes;
use kompas_domain::maatwerk::costs::{self, euros, BudgetLine, CostReport, Count};
use kompas_domain::maatwerk::Law;
use kompas_domain::{AuditAction, MunicipalityScope};
use kompas_store::maatwerk as mw;
use kompas_store::StoreError;
use std::collections::HashMap;

type Params = HashMap<String, String>;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

fn this_year(state: &AppState) -> i32 {
    kompas_domain::dutch_time::local(state.clock.now())
        .date()
        .year()
}

/// The year asked for (`jaar`), or this one.
fn year_param(state: &AppState, q: &Params) -> AppResult<i32> {
    match q.get("jaar").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(this_year(state)),
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| {
                AppError::Unprocessable(format!(
                    "'{s}' is geen jaar. Kies een jaar tussen 2000 en 2100."
                ))
            }),
    }
}

fn scope_of(viewer: &Viewer) -> AppResult<MunicipalityScope> {
    viewer
        .scoped()
        .map(|(_, s)| s.clone())
        .ok_or(AppError::Unauthorized)
}

/// The trend chart with its summary and data table, as `monitor/_chart.html`
/// shows it (the fields of the dashboard's chart block; its own type so this
/// file and the dashboard, which includes the costs in the council report, do
/// not depend on each other).
pub struct ChartBlock {
    pub id: String,
    pub heading: String,
    pub summary: String,
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

/// One line of the budget table, as text.
pub struct MoneyRow {
    pub code: String,
    pub name: String,
    pub budget: String,
    pub committed: String,
    pub realised: String,
    pub forecast: String,
    pub difference: String,
    pub over: bool,
}

fn money_row(code: &str, name: &str, l: &BudgetLine) -> MoneyRow {
    MoneyRow {
        code: code.to_string(),
        name: name.to_string(),
        budget: if l.budget == 0 {
            "geen".into()
        } else {
            euros(l.budget)
        },
        committed: euros(l.year.committed),
        realised: euros(l.year.realised),
        forecast: l.forecast.map_or("nog niet".into(), euros),
        difference: euros(l.difference),
        over: l.difference < 0,
    }
}

pub struct LawTable {
    pub id: String,
    pub law: String,
    pub rows: Vec<MoneyRow>,
    pub total: MoneyRow,
}

pub struct TopRow {
    pub name: String,
    pub law: String,
    pub layer: String,
    pub taakveld: String,
    pub committed: String,
    pub realised: String,
    pub clients: String,
    pub per_client: String,
}

/// What the cost page and the council report show for one year.
pub struct CostsView {
    /// Unique on the page: the prefix of the section's ids.
    pub id: String,
    pub year: i32,
    pub tables: Vec<LawTable>,
    pub total: MoneyRow,
    /// The spending trend (one chart; a list so the template can loop).
    pub charts: Vec<ChartBlock>,
    pub top: Vec<TopRow>,
    pub layers: Vec<(String, String, String)>,
    pub clients: String,
    pub per_client_realised: String,
    pub per_client_committed: String,
    pub forecast_note: String,
    pub note: String,
    pub empty: bool,
}

fn count_text(c: Count) -> String {
    match c {
        Count::Hidden => "verborgen".into(),
        Count::Shown(n) => n.to_string(),
    }
}

fn axis_euros(v: f64) -> String {
    euros((v * 100.0).round() as i64)
}

fn trend(r: &CostReport, id: &str) -> ChartBlock {
    let cumulative = r.cumulative_realised();
    let committed = r.cumulative_committed();
    let heading = format!("Uitgaven maatwerk {} opgeteld per maand", r.year);
    let summary = match (r.total.budget, r.total.forecast) {
        (0, _) => format!(
            "Tot en met de laatste volle maand is {} uitgegeven. Er is nog geen begroting ingevoerd.",
            euros(r.total.realised_to_date)
        ),
        (b, Some(f)) => format!(
            "Tot en met de laatste volle maand is {} uitgegeven van de begroting van {}. In dit tempo wordt het {} aan het eind van het jaar.",
            euros(r.total.realised_to_date),
            euros(b),
            euros(f)
        ),
        (b, None) => format!(
            "Er is nog geen volle maand voorbij. De begroting is {}.",
            euros(b)
        ),
    };
    let svg = chart::line_chart(&LineChart {
        id: id.to_string(),
        title: heading.clone(),
        description: summary.clone(),
        points: (0..12)
            .map(|i| Point {
                label: MONTHS[i].to_string(),
                value: ((i as u32) < r.elapsed_months).then(|| cumulative[i] as f64 / 100.0),
                break_before: false,
            })
            .collect(),
        baseline: None,
        target: (r.total.budget > 0).then(|| Reference {
            value: r.total.budget as f64 / 100.0,
            label: "begroting".into(),
        }),
        band: None,
        format: axis_euros,
    });
    ChartBlock {
        id: id.to_string(),
        heading,
        summary,
        svg,
        columns: vec![
            "Maand".into(),
            "Uitgegeven in de maand".into(),
            "Uitgegeven opgeteld".into(),
            "Toegewezen in de maand".into(),
            "Toegewezen opgeteld".into(),
        ],
        rows: (0..12)
            .map(|i| {
                vec![
                    format!("{} {}", MONTHS[i], r.year),
                    euros(r.months[i].realised),
                    euros(cumulative[i]),
                    euros(r.months[i].committed),
                    euros(committed[i]),
                ]
            })
            .collect(),
        note: "Uitgegeven: goedgekeurde declaraties, geboekt in de maand waarin de periode begint. Toegewezen: wat de toewijzingen vastleggen (budget, of omvang maal het contracttarief).".into(),
    }
}

/// The figures of one year for the home municipality of the viewer.
pub async fn view(
    state: &AppState,
    ctx: &Ctx,
    scope: &MunicipalityScope,
    year: i32,
    id: &str,
) -> AppResult<CostsView> {
    let mut conn = state.db.read_conn().await?;
    let facts = mw::cost_facts(&mut conn, scope, ctx.home.id, year).await?;
    drop(conn);
    let today = kompas_domain::dutch_time::local(state.clock.now()).date();
    let r = costs::compute(
        year,
        today,
        &facts.allocations,
        &facts.lines,
        &facts.map,
        &mw::budget_map(&facts.budgets),
        state.config.suppression,
    );
    let tables = r
        .laws
        .iter()
        .filter_map(|l| l.law)
        .map(|law| LawTable {
            id: format!("{id}-{}", law.code()),
            law: law.label_nl().to_string(),
            rows: r
                .taakvelden
                .iter()
                .filter(|t| t.law == Some(law))
                .map(|t| {
                    let tv = t.taakveld.map_or(("", ""), |t| (t.code(), t.name()));
                    money_row(tv.0, tv.1, t)
                })
                .collect(),
            total: money_row(
                "",
                &format!("Totaal {}", law.label_nl()),
                r.laws
                    .iter()
                    .find(|x| x.law == Some(law))
                    .unwrap_or(&r.total),
            ),
        })
        .chain(
            r.taakvelden
                .iter()
                .filter(|t| t.taakveld.is_none())
                .map(|t| LawTable {
                    id: format!("{id}-geen"),
                    law: "Zonder taakveld".into(),
                    rows: Vec::new(),
                    total: money_row("", "Niet ingedeeld", t),
                }),
        )
        .collect();
    let top = r
        .top_categories(5)
        .into_iter()
        .map(|c| TopRow {
            name: format!("{} {}", c.code, c.name),
            law: c.law.label_nl().to_string(),
            layer: c.layer.label_nl().to_string(),
            taakveld: c
                .taakveld
                .map_or("geen".into(), |t| format!("{} {}", t.code(), t.name())),
            committed: euros(c.year.committed),
            realised: euros(c.year.realised),
            clients: count_text(c.clients),
            per_client: c.per_client.map_or("verborgen of geen".into(), euros),
        })
        .collect();
    let layers = r
        .layers
        .iter()
        .map(|(l, m)| {
            (
                l.label_nl().to_string(),
                euros(m.committed),
                euros(m.realised),
            )
        })
        .collect();
    let (pc_r, pc_c) = match r.per_client {
        Some(m) => (euros(m.realised), euros(m.committed)),
        None => ("verborgen of geen".into(), "verborgen of geen".into()),
    };
    Ok(CostsView {
        id: id.to_string(),
        year,
        charts: vec![trend(&r, &format!("{id}-trend"))],
        total: money_row("", "Totaal", &r.total),
        tables,
        top,
        layers,
        clients: count_text(r.clients),
        per_client_realised: pc_r,
        per_client_committed: pc_c,
        forecast_note: match r.elapsed_months {
            0 => "Er is nog geen volle maand van dit jaar voorbij, dus nog geen verwachting.".into(),
            12 => "Het jaar is voorbij: de verwachting is wat er is uitgegeven.".into(),
            m => format!(
                "Verwachting: wat in de {m} volle {} van dit jaar is uitgegeven, gedeeld door {m} en keer 12. De lopende maand telt nog niet mee, omdat declaraties pas na afloop komen.",
                if m == 1 { "maand" } else { "maanden" }
            ),
        },
        note: format!(
            "Bedragen gaan over de hele gemeente en zijn afgerond op hele euro's. Aantallen cliënten (huishoudens) onder de {} zijn verborgen, en soms een aantal ernaast, zodat niemand herkenbaar is. Dan is ook het bedrag per cliënt verborgen.",
            state.config.suppression.min_households()
        ),
        empty: r.categories.is_empty() && r.total.budget == 0,
    })
}

#[derive(Template)]
#[template(path = "monitor/costs.html")]
struct CostsPage {
    chrome: Chrome,
    place: String,
    years: Vec<(i32, bool)>,
    costs: CostsView,
    can_edit: bool,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = scope_of(&viewer)?;
    let year = year_param(&state, &q)?;
    let costs = view(&state, &ctx, &scope, year, "kosten").await?;
    let now = this_year(&state);
    Ok(html(render(&CostsPage {
        chrome: Chrome::new(
            &state,
            &viewer,
            &format!("Kosten van maatwerk {}: {year}", ctx.home.name),
        ),
        place: ctx.home.name.clone(),
        years: (now - 3..=now + 1).map(|y| (y, y == year)).collect(),
        costs,
        can_edit: ctx.can_edit(),
    })?))
}

// ------------------------------------------------------------------ the budget

pub struct BudgetField {
    pub code: &'static str,
    pub name: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub changed: String,
}

pub struct MappingField {
    pub key: String,
    pub law: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub chosen: String,
    pub default_code: &'static str,
    pub own: bool,
}

#[derive(Template)]
#[template(path = "monitor/costs_budget.html")]
struct BudgetPage {
    chrome: Chrome,
    place: String,
    year: i32,
    years: Vec<(i32, bool)>,
    notice: Option<&'static str>,
    errors: Vec<String>,
    budgets: Vec<BudgetField>,
    mapping: Vec<MappingField>,
    taakvelden: Vec<(&'static str, &'static str)>,
}

fn amount_text(cents: i64) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{},{:02}", cents / 100, cents % 100)
    }
}

fn budget_field(code: &str) -> String {
    format!("begroting-{code}")
}

fn mapping_field(law: Law, category: &str) -> String {
    format!("taakveld-{}-{category}", law.code())
}

/// The product categories that can be booked: those of the Wmo and the Jeugdwet.
fn categories() -> impl Iterator<Item = codes::ProductCategory> {
    [Law::Wmo, Law::Jeugdwet]
        .into_iter()
        .flat_map(codes::categories)
}

#[allow(clippy::too_many_arguments)] // the page keeps what was typed
async fn budget_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: &MunicipalityScope,
    year: i32,
    notice: Option<&'static str>,
    typed: Option<&Params>,
    errors: Vec<(String, String)>,
) -> AppResult<String> {
    let mut conn = state.db.read_conn().await?;
    let stored = mw::budgets(&mut conn, scope, ctx.home.id, year).await?;
    let map = mw::taakveld_map(&mut conn, scope, ctx.home.id).await?;
    drop(conn);
    let error_of = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, e)| e.clone())
    };
    let budgets = TAAKVELDEN
        .iter()
        .map(|(code, name)| {
            let field = budget_field(code);
            let row = stored.iter().find(|b| b.taakveld.code() == *code);
            BudgetField {
                code,
                name,
                value: match typed.and_then(|t| t.get(&field)) {
                    Some(v) => v.clone(),
                    None => row.map_or(String::new(), |b| amount_text(b.cents)),
                },
                error: error_of(&field),
                changed: row.map_or(String::new(), |b| {
                    format!(
                        "{}{}",
                        kompas_domain::dutch_time::local(b.changed_at).format("%-d-%-m-%Y"),
                        b.changed_by
                            .as_deref()
                            .map(|n| format!(" door {n}"))
                            .unwrap_or_default()
                    )
                }),
            }
        })
        .collect();
    let mapping = categories()
        .map(|c| {
            let key = mapping_field(c.law, c.code);
            let current = map.of(c.law, c.code).map_or("", |t| t.code());
            MappingField {
                chosen: typed
                    .and_then(|t| t.get(&key))
                    .cloned()
                    .unwrap_or_else(|| current.to_string()),
                key,
                law: c.law.label_nl(),
                code: c.code,
                name: c.name,
                default_code: Taakveld::default_for(c.law, c.code).map_or("", |t| t.code()),
                own: map.is_override(c.law, c.code),
            }
        })
        .collect();
    let now = this_year(state);
    render(&BudgetPage {
        chrome: Chrome::new(
            state,
            viewer,
            &format!("Begroting maatwerk {}: {year}", ctx.home.name),
        ),
        place: ctx.home.name.clone(),
        year,
        years: (now - 3..=now + 1).map(|y| (y, y == year)).collect(),
        notice,
        errors: errors.into_iter().map(|(_, e)| e).collect(),
        budgets,
        mapping,
        taakvelden: TAAKVELDEN.to_vec(),
    })
}

fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "begroting-opgeslagen" => "De begroting is opgeslagen.",
        "taakvelden-opgeslagen" => "De indeling in taakvelden is opgeslagen.",
        "niets-gewijzigd" => "Er was niets gewijzigd.",
        _ => return None,
    })
}

pub async fn budget_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = scope_of(&viewer)?;
    let year = year_param(&state, &q)?;
    let note = notice(q.get("melding").map(String::as_str));
    Ok(html(
        budget_page(&state, &viewer, &ctx, &scope, year, note, None, Vec::new()).await?,
    ))
}

async fn refused(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: &MunicipalityScope,
    year: i32,
    typed: &Params,
    errors: Vec<(String, String)>,
) -> AppResult<Response> {
    let page = budget_page(state, viewer, ctx, scope, year, None, Some(typed), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
}

pub async fn save_budget(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = scope_of(&viewer)?;
    let year = year_param(&state, &f)?;
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (code, name) in TAAKVELDEN {
        let field = budget_field(code);
        let raw = f.get(&field).map(|s| s.trim()).unwrap_or("");
        if raw.is_empty() {
            parsed.push((*code, 0));
            continue;
        }
        match costs::parse_budget(raw) {
            Ok(c) => parsed.push((*code, c)),
            Err(e) => errors.push((field, format!("{code} {name}: {e}"))),
        }
    }
    if !errors.is_empty() {
        return refused(&state, &viewer, &ctx, &scope, year, &f, errors).await;
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut changes = Vec::new();
    for (code, cents) in parsed {
        let t = Taakveld::parse(code).map_err(AppError::Unprocessable)?;
        let before = mw::set_budget(
            &mut tx,
            &scope,
            ctx.home.id,
            year,
            t,
            cents,
            Some(ctx.user.id),
            now,
        )
        .await?;
        if before.unwrap_or(0) != cents {
            changes.push(format!(
                "{code}: {} naar {}",
                euros(before.unwrap_or(0)),
                euros(cents)
            ));
        }
    }
    if changes.is_empty() {
        return Ok(back(year, "niets-gewijzigd"));
    }
    let mut e = audit_entry(
        now,
        Some(&ctx.user),
        AuditAction::Update,
        "begroting_maatwerk",
        Some(year.to_string()),
    );
    e.municipality_id = Some(ctx.home.id);
    e.purpose = Some("monitor".into());
    e.detail = Some(format!("begroting {year}: {}", changes.join("; ")));
    kompas_store::audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(back(year, "begroting-opgeslagen"))
}

fn back(year: i32, note: &str) -> Response {
    Redirect::to(&format!(
        "/monitor/kosten/begroting?jaar={year}&melding={note}"
    ))
    .into_response()
}

pub async fn save_mapping(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = scope_of(&viewer)?;
    let year = year_param(&state, &f)?;
    let mut chosen = Vec::new();
    let mut errors = Vec::new();
    for c in categories() {
        let key = mapping_field(c.law, c.code);
        let Some(raw) = f.get(&key).map(|s| s.trim()).filter(|s| !s.is_empty()) else {
            continue;
        };
        match Taakveld::parse(raw) {
            Ok(t) => chosen.push((c, t)),
            Err(e) => errors.push((
                key,
                format!("{} {} ({}): {e}", c.code, c.name, c.law.label_nl()),
            )),
        }
    }
    if !errors.is_empty() {
        return refused(&state, &viewer, &ctx, &scope, year, &f, errors).await;
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = mw::taakveld_map(&mut tx, &scope, ctx.home.id).await?;
    let mut changes = Vec::new();
    for (c, t) in chosen {
        if before.of(c.law, c.code) == Some(t) {
            continue;
        }
        mw::set_taakveld(&mut tx, &scope, ctx.home.id, c.law, c.code, Some(t), now).await?;
        changes.push(format!("{} {}: {}", c.law.code(), c.code, t.code()));
    }
    if changes.is_empty() {
        return Ok(back(year, "niets-gewijzigd"));
    }
    let mut e = audit_entry(
        now,
        Some(&ctx.user),
        AuditAction::Update,
        "taakvelden_maatwerk",
        Some(ctx.home.id.to_string()),
    );
    e.municipality_id = Some(ctx.home.id);
    e.purpose = Some("monitor".into());
    e.detail = Some(changes.join("; "));
    kompas_store::audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(back(year, "taakvelden-opgeslagen"))
}
