//! Dashboards for policy staff and team leads: the goal tree with a status
//! per indicator, an indicator's trend and comparisons, the indicators
//! computed from the registrations, CSV downloads and the council report.

use super::chart::{self, Bar, LineChart, Point, Reference};
use super::{
    comparison_summary, ctx, fmt_value, granularity, measure_from, published, region_rows,
    trend_summary, wijk_rows, CompareRow, Ctx, IndicatorView, SeriesPoint,
};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kompas_domain::monitor::engine::{ComputedRef, Measure, Slot, Stat, MEASURES};
use kompas_domain::monitor::suppression::{Published, Shown};
use kompas_domain::monitor::{AreaCode, GoalKind, Granularity, Period, Status};
use kompas_store::monitor::{self as store, Explanation, Scope};
use kompas_store::{case_events, directory};
use std::collections::HashMap;

/// A chart with its one-sentence summary and data table.
pub struct ChartBlock {
    pub id: String,
    pub heading: String,
    pub summary: String,
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

fn small_numbers_note(state: &AppState) -> String {
    format!(
        "Cijfers over minder dan {} huishoudens zijn verborgen, en soms een cijfer ernaast, zodat niemand herkenbaar is. Aantallen in wijken zijn afgerond op {}-tallen.",
        state.config.suppression.min_households(),
        state.config.suppression.rounding()
    )
}

fn trend_block(
    id: &str,
    heading: String,
    view_unit: &str,
    ind: &kompas_domain::monitor::IndicatorDraft,
    points: &[SeriesPoint],
    summary: String,
    note: String,
) -> ChartBlock {
    let svg = chart::line_chart(&LineChart {
        id: id.to_string(),
        title: heading.clone(),
        description: summary.clone(),
        points: points
            .iter()
            .map(|p| Point {
                label: p.period.short_label(),
                value: p.value,
                break_before: p.series_break,
            })
            .collect(),
        baseline: ind.baseline.map(|b| Reference {
            value: b.value,
            label: "nulmeting".into(),
        }),
        target: ind.target.map(|t| Reference {
            value: t.value,
            label: "streefwaarde".into(),
        }),
        band: ind.target.and_then(|t| t.band).map(|b| (b.low(), b.high())),
        format: super::axis_format(view_unit),
    });
    let mut columns = vec![
        "Periode".to_string(),
        "Waarde".to_string(),
        "Toelichting".to_string(),
    ];
    if ind.computed.is_some() {
        columns[2] = "Onderbouwing".into();
    }
    let rows = points
        .iter()
        .map(|p| {
            let mut notes = Vec::new();
            if p.provisional {
                notes.push("voorlopig".to_string());
            }
            if p.series_break {
                notes.push("nieuwe reeks: indeling gewijzigd".to_string());
            }
            if !p.detail.is_empty() {
                notes.push(p.detail.clone());
            }
            vec![p.period.label_nl(), p.shown.clone(), notes.join("; ")]
        })
        .collect();
    ChartBlock {
        id: id.to_string(),
        heading,
        summary,
        svg,
        columns,
        rows,
        note,
    }
}

fn compare_block(
    id: &str,
    heading: String,
    unit: &str,
    rows: &[CompareRow],
    what: &str,
    period: Period,
    note: String,
) -> ChartBlock {
    let summary = comparison_summary(rows, unit, what, period);
    let svg = chart::bar_chart(
        id,
        &heading,
        &summary,
        &rows
            .iter()
            .map(|r| Bar {
                label: r.name.clone(),
                value: r.value,
                highlight: r.highlight,
            })
            .collect::<Vec<_>>(),
        super::axis_format(unit),
    );
    ChartBlock {
        id: id.to_string(),
        heading,
        summary,
        svg,
        columns: vec!["Gebied".into(), "Waarde".into(), "Toelichting".into()],
        rows: rows
            .iter()
            .map(|r| vec![r.name.clone(), r.shown.clone(), r.detail.clone()])
            .collect(),
        note,
    }
}

// ------------------------------------------------------------------ the goal tree

pub struct Row {
    pub id: i64,
    pub name: String,
    pub latest: String,
    pub target: String,
    pub status: Status,
    pub source: String,
}

pub struct CourseGroup {
    pub code: String,
    pub title: String,
    pub rows: Vec<Row>,
}

pub struct GoalGroup {
    pub code: String,
    pub title: String,
    pub description: String,
    pub courses: Vec<CourseGroup>,
}

pub struct Fresh {
    pub source: String,
    pub newest: String,
    pub updated: String,
}

fn row(v: &IndicatorView) -> Row {
    Row {
        id: v.indicator.id,
        name: v.indicator.draft.name.clone(),
        latest: v.latest_text(),
        target: v.target_text(),
        status: v.status,
        source: v.indicator.draft.source.clone(),
    }
}

/// Main goals → courses → indicator rows, plus the indicators outside the tree.
pub async fn tree(
    state: &AppState,
    scope: Scope,
    views: &[IndicatorView],
) -> AppResult<(Vec<GoalGroup>, Vec<Row>)> {
    let goals = store::goals(&state.db, scope).await?;
    let mut placed = Vec::new();
    let mut groups = Vec::new();
    for main in goals.iter().filter(|g| g.kind == GoalKind::MainGoal) {
        let mut courses = Vec::new();
        for c in goals.iter().filter(|c| c.parent_id == Some(main.id)) {
            let rows: Vec<Row> = views
                .iter()
                .filter(|v| v.indicator.goal_id == Some(c.id))
                .map(row)
                .collect();
            placed.extend(rows.iter().map(|r| r.id));
            courses.push(CourseGroup {
                code: c.code.clone(),
                title: c.title.clone(),
                rows,
            });
        }
        groups.push(GoalGroup {
            code: main.code.clone(),
            title: main.title.clone(),
            description: main.description.clone(),
            courses,
        });
    }
    let loose = views
        .iter()
        .filter(|v| !placed.contains(&v.indicator.id))
        .map(row)
        .collect();
    Ok((groups, loose))
}

fn date_nl(at: &str) -> String {
    kompas_store::time::from_db(at)
        .map(|t| {
            kompas_domain::dutch_time::local(t)
                .format("%-d-%-m-%Y")
                .to_string()
        })
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "monitor/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    place: String,
    region: Option<String>,
    region_tree: bool,
    groups: Vec<GoalGroup>,
    loose: Vec<Row>,
    counts: Vec<(&'static str, &'static str, usize)>,
    fresh: Vec<Fresh>,
    can_edit: bool,
    tree_param: &'static str,
}

fn tree_param(scope: Scope) -> &'static str {
    match scope {
        Scope::Region(_) => "?boom=regio",
        Scope::Municipality(_) => "",
    }
}

pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(q.get("boom").map(String::as_str));
    let (views, _) = super::views(&state, &ctx, scope).await?;
    let (groups, loose) = tree(&state, scope, &views).await?;
    let counts = [
        Status::Reached,
        Status::OnTrack,
        Status::Behind,
        Status::NoTarget,
        Status::NoData,
    ]
    .into_iter()
    .map(|s| {
        (
            s.label_nl(),
            s.code(),
            views.iter().filter(|v| v.status == s).count(),
        )
    })
    .filter(|(_, _, n)| *n > 0)
    .collect();
    let mut fresh: Vec<Fresh> = store::freshness(&state.db, scope)
        .await?
        .into_iter()
        .map(|f| Fresh {
            source: f.source,
            newest: f
                .newest_period
                .map(|p| p.label_nl())
                .unwrap_or_else(|| "nog geen cijfers".into()),
            updated: f.updated_at.as_deref().map(date_nl).unwrap_or_default(),
        })
        .collect();
    let newest = case_events::newest(&state.db, ctx.home.id).await?;
    fresh.push(Fresh {
        source: "Registratie Kompas (vragen en trajecten)".into(),
        newest: newest
            .as_deref()
            .map(date_nl)
            .unwrap_or_else(|| "nog geen gebeurtenissen".into()),
        updated: "doorlopend".into(),
    });
    let place = ctx.scope_name(scope);
    Ok(html(render(&DashboardPage {
        chrome: Chrome::new(&state, &viewer, &format!("Monitor sociaal domein {place}")),
        region: ctx.region.as_ref().map(|(_, n)| n.clone()),
        region_tree: matches!(scope, Scope::Region(_)),
        place,
        groups,
        loose,
        counts,
        fresh,
        can_edit: ctx.can_edit(),
        tree_param: tree_param(scope),
    })?))
}

// ------------------------------------------------------------------ one indicator

#[derive(Template)]
#[template(path = "monitor/indicator.html")]
struct IndicatorPage {
    chrome: Chrome,
    name: String,
    status: Status,
    summary: String,
    facts: Vec<(&'static str, String)>,
    explanation_text: String,
    charts: Vec<ChartBlock>,
    explanation: Option<Explanation>,
    subject: String,
    back_here: String,
    can_edit: bool,
    back: String,
    csv: String,
    areas: Vec<(String, String, bool)>,
    id: i64,
}

fn facts(ind: &kompas_domain::monitor::IndicatorDraft) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("Definitie", ind.definition.clone()),
        ("Eenheid", ind.unit.clone()),
        ("Richting", ind.direction.label_nl().to_string()),
        ("Bron", ind.source.clone()),
        (
            "Gemeten",
            format!(
                "{}, op niveau {}",
                ind.frequency.label_nl(),
                ind.area_level.label_nl()
            ),
        ),
    ];
    if let Some(b) = ind.baseline {
        f.push((
            "Nulmeting",
            format!(
                "{} in {}",
                fmt_value(b.value, &ind.unit),
                b.period.label_nl()
            ),
        ));
    }
    if let Some(t) = ind.target {
        let band = t
            .band
            .map(|b| {
                format!(
                    " (bandbreedte {} tot {})",
                    fmt_value(b.low(), &ind.unit),
                    fmt_value(b.high(), &ind.unit)
                )
            })
            .unwrap_or_default();
        f.push((
            "Streefwaarde",
            format!(
                "{} in {}{band}",
                fmt_value(t.value, &ind.unit),
                t.period.label_nl()
            ),
        ));
    }
    if let Some(r) = ind.computed {
        f.push((
            "Berekend uit",
            format!("de registratie in Kompas ({})", r.code()),
        ));
    }
    f
}

/// The chart blocks of an indicator: trend, wijken, municipalities.
pub async fn indicator_blocks(
    state: &AppState,
    ctx: &Ctx,
    ind: &store::Indicator,
    published: &Published,
    area: &AreaCode,
    prefix: &str,
) -> AppResult<(Vec<ChartBlock>, String, Status)> {
    let d = &ind.draft;
    let measurements = store::measurements(&state.db, ind.id).await?;
    let month = super::now_month(state);
    let points = super::series(d, &measurements, published, ctx, area, month);
    let latest = super::latest(&points);
    let status = d.status(latest);
    let area_name = if area.as_str() == ctx.home.cbs_code {
        ctx.home.name.clone()
    } else {
        directory::areas(&state.db, ctx.home.id)
            .await?
            .into_iter()
            .find(|a| a.cbs_code == area.as_str())
            .map_or(area.to_string(), |a| a.name)
    };
    let summary = trend_summary(d, &points, status, &area_name);
    let note = if d.computed.is_some() {
        small_numbers_note(state)
    } else {
        String::new()
    };
    let mut blocks = vec![trend_block(
        &format!("{prefix}trend"),
        format!("{}: verloop in {}", d.name, area_name),
        &d.unit,
        d,
        &points,
        summary.clone(),
        note.clone(),
    )];
    if let Some((period, _)) = latest {
        if d.area_level >= kompas_domain::monitor::AreaLevel::Wijk {
            let rows = wijk_rows(state, ctx, d, &measurements, published, period).await?;
            if !rows.is_empty() {
                blocks.push(compare_block(
                    &format!("{prefix}wijken"),
                    format!(
                        "{}: wijken van {} in {}",
                        d.name,
                        ctx.home.name,
                        period.label_nl()
                    ),
                    &d.unit,
                    &rows,
                    "wijken",
                    period,
                    note.clone(),
                ));
            }
        }
        if ctx.members.len() > 1 {
            let rows = region_rows(state, ctx, ind, published, period).await?;
            let region = ctx
                .region
                .as_ref()
                .map_or(String::new(), |(_, n)| n.clone());
            blocks.push(compare_block(
                &format!("{prefix}regio"),
                format!(
                    "{}: gemeenten van {region} in {}",
                    d.name,
                    period.label_nl()
                ),
                &d.unit,
                &rows,
                "gemeenten",
                period,
                note,
            ));
        }
    }
    Ok((blocks, summary, status))
}

pub async fn indicator(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (ctx, ind) = super::viewer_indicator(&state, &viewer, id).await?;
    let published = published(&state, &ctx.member_ids()).await?;
    let home = super::home_area(&ctx)?;
    let area = q
        .get("gebied")
        .and_then(|a| AreaCode::parse(a).ok())
        .filter(|a| ctx.municipality_of(a).is_some_and(|m| m.id == ctx.home.id))
        .unwrap_or(home.clone());
    let (charts, summary, status) =
        indicator_blocks(&state, &ctx, &ind, &published, &area, "i-").await?;
    let subject = format!("indicator:{}", ind.id);
    let explanation = store::explanations(&state.db, ctx.home.id, &subject)
        .await?
        .into_iter()
        .next();
    let mut areas = vec![(
        home.to_string(),
        format!("Heel {}", ctx.home.name),
        area == home,
    )];
    if ind.draft.area_level >= kompas_domain::monitor::AreaLevel::Wijk {
        for a in directory::areas(&state.db, ctx.home.id).await? {
            if a.cbs_code.starts_with("WK") {
                let chosen = a.cbs_code == area.as_str();
                areas.push((a.cbs_code, a.name, chosen));
            }
        }
    }
    let explanation_text = ind
        .draft
        .computed
        .map(|r| r.measure.def().explanation_nl.to_string())
        .unwrap_or_default();
    Ok(html(render(&IndicatorPage {
        chrome: Chrome::new(&state, &viewer, &ind.draft.name),
        name: ind.draft.name.clone(),
        status,
        summary,
        facts: facts(&ind.draft),
        explanation_text,
        charts,
        explanation,
        subject,
        back_here: format!("/monitor/indicatoren/{}", ind.id),
        can_edit: ctx.can_edit(),
        back: format!("/monitor{}", tree_param(ind.scope)),
        csv: format!("/monitor/indicatoren/{}/csv", ind.id),
        areas,
        id: ind.id,
    })?))
}

/// A CSV download named `name.csv`.
pub fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// An indicator's figures as CSV: measurements, or the published computed cells.
pub async fn indicator_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (ctx, ind) = super::viewer_indicator(&state, &viewer, id).await?;
    let body = match ind.draft.computed {
        None => kompas_interop::monitor::measurements::to_csv(
            ind.draft.code.as_str(),
            &store::measurements(&state.db, ind.id).await?,
        ),
        Some(r) => {
            let published = published(&state, &ctx.member_ids()).await?;
            measure_csv(
                &published,
                &ctx,
                r.measure,
                ind.draft.frequency,
                Some(r),
                &state,
            )
            .await?
        }
    };
    Ok(csv_response(ind.draft.code.as_str(), body))
}

// ------------------------------------------------------------------ registrations

pub struct MeasureRow {
    pub code: &'static str,
    pub name: &'static str,
    pub explanation: &'static str,
    pub latest: String,
}

#[derive(Template)]
#[template(path = "monitor/registration.html")]
struct RegistrationPage {
    chrome: Chrome,
    place: String,
    per: Granularity,
    pers: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<MeasureRow>,
    note: String,
}

fn pers(per: Granularity) -> Vec<(&'static str, &'static str, bool)> {
    Granularity::ALL
        .iter()
        .map(|g| (g.code(), g.label_nl(), *g == per))
        .collect()
}

fn headline(measure: Measure, shown: Option<&Shown>) -> String {
    let d = measure.def();
    let r = ComputedRef {
        measure,
        category: 0,
        p90: false,
    };
    match super::computed_value(&r, shown) {
        Some(v) => fmt_value(v, d.unit_nl),
        None if matches!(shown, Some(Shown::Hidden)) => "verborgen".into(),
        None => "geen cijfer".into(),
    }
}

pub async fn registration(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let per = granularity(q.get("per").map(String::as_str));
    let published = published(&state, &ctx.member_ids()).await?;
    let slot = published.slot_of(&Slot::Municipality(ctx.home.id));
    let periods = super::complete(published.periods(per), super::now_month(&state));
    let last = periods.last().copied();
    let rows = MEASURES
        .iter()
        .map(|d| MeasureRow {
            code: d.code,
            name: d.name_nl,
            explanation: d.explanation_nl,
            latest: match (last, slot) {
                (Some(p), Some(s)) => format!(
                    "{} ({})",
                    headline(d.measure, published.get(d.measure, 0, p, s)),
                    p.label_nl()
                ),
                _ => "geen cijfer".into(),
            },
        })
        .collect();
    Ok(html(render(&RegistrationPage {
        chrome: Chrome::new(&state, &viewer, "Cijfers uit de registratie"),
        place: ctx.home.name.clone(),
        per,
        pers: pers(per),
        rows,
        note: small_numbers_note(&state),
    })?))
}

#[derive(Template)]
#[template(path = "monitor/measure.html")]
struct MeasurePage {
    chrome: Chrome,
    code: &'static str,
    name: &'static str,
    meaning: &'static str,
    per: Granularity,
    pers: Vec<(&'static str, &'static str, bool)>,
    charts: Vec<ChartBlock>,
    explanation: Option<Explanation>,
    subject: String,
    back_here: String,
    can_edit: bool,
    note: String,
}

fn computed_points(
    published: &Published,
    r: &ComputedRef,
    slot: Option<u32>,
    periods: &[Period],
    unit: &str,
) -> Vec<SeriesPoint> {
    periods
        .iter()
        .map(|p| {
            let shown = slot.and_then(|s| published.get(r.measure, r.category, *p, s));
            let value = slot.and(super::computed_value(r, shown));
            SeriesPoint {
                period: *p,
                value,
                shown: match (value, shown) {
                    (Some(v), _) => fmt_value(v, unit),
                    (None, Some(Shown::Hidden)) => "verborgen".into(),
                    _ => "geen cijfer".into(),
                },
                detail: super::computed_detail(r.measure, shown),
                provisional: false,
                series_break: false,
            }
        })
        .collect()
}

/// A computed measure as an indicator without baseline or target.
fn as_indicator(
    measure: Measure,
    per: Granularity,
) -> AppResult<kompas_domain::monitor::IndicatorDraft> {
    let d = measure.def();
    kompas_domain::monitor::IndicatorInput {
        code: d.code.into(),
        name: d.name_nl.into(),
        definition: d.explanation_nl.into(),
        unit: d.unit_nl.into(),
        direction: d.direction.code().into(),
        source: "Registratie Kompas".into(),
        area_level: "wijk".into(),
        frequency: per.code().into(),
        computed: d.code.into(),
        ..Default::default()
    }
    .validate()
    .map_err(|_| AppError::Internal(anyhow::anyhow!("measure {} is no valid indicator", d.code)))
}

pub async fn measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let measure = measure_from(&code)?;
    let d = measure.def();
    let ctx = ctx(&state, &viewer).await?;
    let per = granularity(q.get("per").map(String::as_str));
    let published = published(&state, &ctx.member_ids()).await?;
    let ind = as_indicator(measure, per)?;
    let indicator = store::Indicator {
        id: 0,
        scope: Scope::Municipality(ctx.home.id),
        goal_id: None,
        draft: ind,
        position: 0,
        updated_at: String::new(),
    };
    let home = super::home_area(&ctx)?;
    let (mut charts, _, _) =
        indicator_blocks(&state, &ctx, &indicator, &published, &home, "m-").await?;
    // The categories in the newest period.
    let cats = d.breakdown.categories();
    let periods = super::complete(published.periods(per), super::now_month(&state));
    if let (false, Some(period), Some(slot)) = (
        cats.is_empty(),
        periods.last(),
        published.slot_of(&Slot::Municipality(ctx.home.id)),
    ) {
        let rows: Vec<CompareRow> = cats
            .iter()
            .enumerate()
            .map(|(i, (_, label))| {
                let r = ComputedRef {
                    measure,
                    category: i as u8 + 1,
                    p90: false,
                };
                let p = computed_points(&published, &r, Some(slot), &[*period], d.unit_nl);
                CompareRow {
                    name: label.to_string(),
                    code: String::new(),
                    value: p[0].value,
                    shown: p[0].shown.clone(),
                    detail: p[0].detail.clone(),
                    highlight: false,
                }
            })
            .collect();
        charts.insert(
            1,
            compare_block(
                "m-delen",
                format!(
                    "{}: onderverdeling in {}, {}",
                    d.name_nl,
                    ctx.home.name,
                    period.label_nl()
                ),
                d.unit_nl,
                &rows,
                "onderdelen",
                *period,
                small_numbers_note(&state),
            ),
        );
    }
    let subject = format!("berekend:{}", d.code);
    Ok(html(render(&MeasurePage {
        chrome: Chrome::new(&state, &viewer, d.name_nl),
        code: d.code,
        name: d.name_nl,
        meaning: d.explanation_nl,
        per,
        pers: pers(per),
        charts,
        back_here: format!("/monitor/registratie/{}", d.code),
        explanation: store::explanations(&state.db, ctx.home.id, &subject)
            .await?
            .into_iter()
            .next(),
        subject,
        can_edit: ctx.can_edit(),
        note: small_numbers_note(&state),
    })?))
}

/// Every published cell of a measure for the region's municipalities and the
/// home's wijken, as CSV. Hidden cells say so; nothing hidden is written.
async fn measure_csv(
    published: &Published,
    ctx: &Ctx,
    measure: Measure,
    per: Granularity,
    only: Option<ComputedRef>,
    state: &AppState,
) -> AppResult<String> {
    let d = measure.def();
    let cats = d.breakdown.categories();
    let names: HashMap<String, String> = directory::areas(&state.db, ctx.home.id)
        .await?
        .into_iter()
        .map(|a| (a.cbs_code, a.name))
        .collect();
    let mut rows = Vec::new();
    let periods = super::complete(published.periods(per), super::now_month(state));
    for (slot_i, slot) in published.slots.iter().enumerate() {
        let (code, name) = match slot {
            Slot::Municipality(m) => match ctx.members.iter().find(|x| x.id == *m) {
                Some(x) => (x.cbs_code.clone(), x.name.clone()),
                None => continue,
            },
            Slot::Wijk { municipality, code } if *municipality == ctx.home.id => match code {
                Some(c) => (c.clone(), names.get(c).cloned().unwrap_or_default()),
                None => (String::new(), "Wijk onbekend".into()),
            },
            Slot::Wijk { .. } => continue,
        };
        for p in &periods {
            for cat in 0..=cats.len() as u8 {
                if only.is_some_and(|o| o.category != cat) {
                    continue;
                }
                let Some(shown) = published.get(measure, cat, *p, slot_i as u32) else {
                    continue;
                };
                let category = if cat == 0 {
                    "totaal".to_string()
                } else {
                    cats[usize::from(cat) - 1].0.to_string()
                };
                let (value, num, den, p90) = match shown {
                    Shown::Hidden => (
                        "verborgen".to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ),
                    Shown::Figure(f) => (
                        kompas_domain::monitor::format_plain((f.value * 1000.0).round() / 1000.0),
                        f.num.to_string(),
                        if d.stat == Stat::Share {
                            f.den.to_string()
                        } else {
                            String::new()
                        },
                        f.p90
                            .map(kompas_domain::monitor::format_plain)
                            .unwrap_or_default(),
                    ),
                };
                rows.push(vec![
                    p.code(),
                    code.clone(),
                    name.clone(),
                    category,
                    value,
                    num,
                    den,
                    p90,
                ]);
            }
        }
    }
    Ok(kompas_interop::monitor::write_csv(
        &[
            "periode",
            "gebied",
            "naam",
            "onderdeel",
            "waarde",
            "aantal",
            "noemer",
            "p90",
        ],
        &rows,
    ))
}

pub async fn measure_download(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let measure = measure_from(&code)?;
    let ctx = ctx(&state, &viewer).await?;
    let per = granularity(q.get("per").map(String::as_str));
    let published = published(&state, &ctx.member_ids()).await?;
    let body = measure_csv(&published, &ctx, measure, per, None, &state).await?;
    Ok(csv_response(
        &format!("{}-{}", measure.def().code, per.code()),
        body,
    ))
}

// ------------------------------------------------------------------ the council report

pub struct ReportSection {
    pub id: i64,
    pub name: String,
    pub status: Status,
    pub charts: Vec<ChartBlock>,
    pub explanation: Option<String>,
}

#[derive(Template)]
#[template(path = "monitor/report.html")]
struct ReportPage {
    chrome: Chrome,
    place: String,
    date: String,
    groups: Vec<GoalGroup>,
    loose: Vec<Row>,
    choices: Vec<(i64, String, bool)>,
    sections: Vec<ReportSection>,
    tree_value: &'static str,
    note: String,
    /// Costs of maatwerk this year, for the home municipality.
    costs: Option<super::costs::CostsView>,
}

pub async fn report(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let tree_choice = pairs
        .iter()
        .find(|(k, _)| k == "boom")
        .map(|(_, v)| v.as_str());
    let scope = ctx.scope(tree_choice);
    let chosen: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "indicator")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let (views, published) = super::views(&state, &ctx, scope).await?;
    let (groups, loose) = tree(&state, scope, &views).await?;
    // Without a choice: every indicator with a target.
    let picked: Vec<&IndicatorView> = if chosen.is_empty() {
        views
            .iter()
            .filter(|v| v.indicator.draft.target.is_some())
            .collect()
    } else {
        views
            .iter()
            .filter(|v| chosen.contains(&v.indicator.id))
            .collect()
    };
    let home = super::home_area(&ctx)?;
    let mut sections = Vec::new();
    for v in &picked {
        let prefix = format!("r{}-", v.indicator.id);
        let (mut charts, _, status) =
            indicator_blocks(&state, &ctx, &v.indicator, &published, &home, &prefix).await?;
        charts.truncate(2);
        let explanation = store::explanations(
            &state.db,
            ctx.home.id,
            &format!("indicator:{}", v.indicator.id),
        )
        .await?
        .into_iter()
        .next()
        .map(|e| e.text);
        sections.push(ReportSection {
            id: v.indicator.id,
            name: v.indicator.draft.name.clone(),
            status,
            charts,
            explanation,
        });
    }
    let picked_ids: Vec<i64> = picked.iter().map(|v| v.indicator.id).collect();
    let place = ctx.scope_name(scope);
    let costs = match viewer.scoped() {
        Some((_, s)) => {
            let year = kompas_domain::dutch_time::local(state.clock.now())
                .date()
                .year();
            Some(super::costs::view(&state, &ctx, s, year, "raad-kosten").await?)
        }
        None => None,
    };
    Ok(html(render(&ReportPage {
        chrome: Chrome::new(
            &state,
            &viewer,
            &format!("Raadsrapportage sociaal domein {place}"),
        ),
        date: kompas_domain::dutch_time::local(state.clock.now())
            .format("%-d-%-m-%Y")
            .to_string(),
        place,
        groups,
        loose,
        choices: views
            .iter()
            .map(|v| {
                (
                    v.indicator.id,
                    v.indicator.draft.name.clone(),
                    picked_ids.contains(&v.indicator.id),
                )
            })
            .collect(),
        sections,
        tree_value: if matches!(scope, Scope::Region(_)) {
            "regio"
        } else {
            "gemeente"
        },
        note: small_numbers_note(&state),
        costs,
    })?))
}
