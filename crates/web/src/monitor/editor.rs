//! The goal-tree editor, the measurement import and manual entry, and the
//! municipality's explanations (policy staff and administrators).

use super::{ctx, Ctx};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kompas_app::monitor::{goal_tree, measurements};
use kompas_domain::directory::FieldError;
use kompas_domain::monitor::engine::Measure;
use kompas_domain::monitor::{GoalKind, IndicatorInput, MeasurementInput};
use kompas_interop::monitor::{measurements::check as check_measurements, ImportReport, RowError};
use kompas_store::monitor::{self as store, Goal, Indicator, Scope};
use kompas_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

type Params = HashMap<String, String>;

fn tree_value(scope: Scope) -> &'static str {
    match scope {
        Scope::Region(_) => "regio",
        Scope::Municipality(_) => "gemeente",
    }
}

fn back_to_editor(scope: Scope, note: &str) -> Response {
    let tree = match scope {
        Scope::Region(_) => "boom=regio&",
        Scope::Municipality(_) => "",
    };
    Redirect::to(&format!("/monitor/doelenboom?{tree}melding={note}")).into_response()
}

fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "doel-opgeslagen" => "Het doel is opgeslagen.",
        "doel-verwijderd" => "Het doel is verwijderd.",
        "indicator-opgeslagen" => "De indicator is opgeslagen.",
        "indicator-verwijderd" => "De indicator en haar metingen zijn verwijderd.",
        "csv-geladen" => "De doelenboom uit het bestand is opgeslagen.",
        "meting-opgeslagen" => "De meting is opgeslagen.",
        "metingen-geladen" => "De metingen zijn opgeslagen.",
        _ => return None,
    })
}

// ------------------------------------------------------------------ the editor

pub struct CourseEdit {
    pub goal: Goal,
    pub indicators: Vec<(i64, String, String)>,
}

pub struct MainEdit {
    pub goal: Goal,
    pub courses: Vec<CourseEdit>,
}

#[derive(Template)]
#[template(path = "monitor/editor.html")]
struct EditorPage {
    chrome: Chrome,
    place: String,
    tree: &'static str,
    notice: Option<&'static str>,
    errors: Vec<String>,
    mains: Vec<MainEdit>,
    loose: Vec<(i64, String, String)>,
    csv: String,
    region: Option<String>,
}

async fn editor_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: Scope,
    notice: Option<&'static str>,
    errors: Vec<String>,
    csv: String,
) -> AppResult<String> {
    let goals = store::goals(&state.db, scope).await?;
    let indicators = store::indicators(&state.db, scope).await?;
    let item = |i: &Indicator| (i.id, i.draft.name.clone(), i.draft.code.to_string());
    let mains = goals
        .iter()
        .filter(|g| g.kind == GoalKind::MainGoal)
        .map(|m| MainEdit {
            goal: m.clone(),
            courses: goals
                .iter()
                .filter(|c| c.parent_id == Some(m.id))
                .map(|c| CourseEdit {
                    goal: c.clone(),
                    indicators: indicators
                        .iter()
                        .filter(|i| i.goal_id == Some(c.id))
                        .map(item)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let placed: Vec<i64> = goals.iter().map(|g| g.id).collect();
    let loose = indicators
        .iter()
        .filter(|i| i.goal_id.is_none_or(|g| !placed.contains(&g)))
        .map(item)
        .collect();
    let place = ctx.scope_name(scope);
    render(&EditorPage {
        chrome: Chrome::new(state, viewer, &format!("Doelenboom beheren: {place}")),
        place,
        tree: tree_value(scope),
        notice,
        errors,
        mains,
        loose,
        csv,
        region: ctx.region.as_ref().map(|(_, n)| n.clone()),
    })
}

pub async fn editor(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(q.get("boom").map(String::as_str));
    let note = notice(q.get("melding").map(String::as_str));
    Ok(html(
        editor_page(
            &state,
            &viewer,
            &ctx,
            scope,
            note,
            Vec::new(),
            String::new(),
        )
        .await?,
    ))
}

async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: Scope,
    errors: Vec<String>,
    csv: String,
) -> AppResult<Response> {
    let page = editor_page(state, viewer, ctx, scope, None, errors, csv).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
}

/// Commits a change, or shows the editor again with what went wrong.
#[allow(clippy::too_many_arguments)]
async fn commit_or_refuse<T>(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: Scope,
    tx: kompas_store::Tx,
    result: Result<T, StoreError>,
    note: &str,
    failed: String,
) -> AppResult<Response> {
    match result {
        Ok(_) => {
            tx.commit().await.map_err(StoreError::from)?;
            Ok(back_to_editor(scope, note))
        }
        Err(StoreError::Invalid(e)) => {
            drop(tx);
            refuse(
                state,
                viewer,
                ctx,
                scope,
                vec![format!("{failed}: {e}.")],
                String::new(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    boom: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    hoofddoel: String,
    #[serde(default)]
    nummer: String,
    #[serde(default)]
    titel: String,
    #[serde(default)]
    omschrijving: String,
}

pub async fn create_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<GoalForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(Some(&f.boom));
    let kind = GoalKind::parse(&f.soort);
    let parent = f.hoofddoel.parse::<i64>().ok();
    let input = store::GoalInput {
        code: f.nummer.clone(),
        title: f.titel.clone(),
        description: f.omschrijving.clone(),
    };
    let goals = store::goals(&state.db, scope).await?;
    let mut tx = state.db.begin().await?;
    let result = match kind {
        Err(e) => Err(StoreError::Invalid(e)),
        Ok(_)
            if parent.is_some_and(|p| {
                !goals
                    .iter()
                    .any(|g| g.id == p && g.kind == GoalKind::MainGoal)
            }) =>
        {
            Err(StoreError::Invalid(
                "kies een hoofddoel van deze doelenboom".into(),
            ))
        }
        Ok(_) if goals.iter().any(|g| g.code == f.nummer.trim()) => Err(StoreError::Invalid(
            format!("nummer {} bestaat al in deze doelenboom", f.nummer.trim()),
        )),
        Ok(kind) => store::save_goal(&mut tx, scope, kind, parent, &input, state.clock.now()).await,
    };
    commit_or_refuse(
        &state,
        &viewer,
        &ctx,
        scope,
        tx,
        result,
        "doel-opgeslagen",
        "Niet opgeslagen".into(),
    )
    .await
}

/// A goal of a tree the viewer owns, or 404.
async fn own_goal(state: &AppState, ctx: &Ctx, boom: &str, id: i64) -> AppResult<(Scope, Goal)> {
    let scope = ctx.scope(Some(boom));
    let goal = store::goals(&state.db, scope)
        .await?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((scope, goal))
}

pub async fn update_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<GoalForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let (scope, goal) = own_goal(&state, &ctx, &f.boom, id).await?;
    let input = store::GoalInput {
        code: goal.code.clone(),
        title: f.titel.clone(),
        description: f.omschrijving.clone(),
    };
    let mut tx = state.db.begin().await?;
    let result = store::save_goal(
        &mut tx,
        scope,
        goal.kind,
        goal.parent_id,
        &input,
        state.clock.now(),
    )
    .await;
    let failed = format!("Doel {} niet opgeslagen", goal.code);
    commit_or_refuse(
        &state,
        &viewer,
        &ctx,
        scope,
        tx,
        result,
        "doel-opgeslagen",
        failed,
    )
    .await
}

pub async fn delete_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<GoalForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let (scope, goal) = own_goal(&state, &ctx, &f.boom, id).await?;
    let mut tx = state.db.begin().await?;
    let result = store::delete_goal(&mut tx, scope, goal.id).await;
    let failed = format!("Doel {} niet verwijderd", goal.code);
    commit_or_refuse(
        &state,
        &viewer,
        &ctx,
        scope,
        tx,
        result,
        "doel-verwijderd",
        failed,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct CsvForm {
    #[serde(default)]
    boom: String,
    #[serde(default)]
    csv: String,
    #[serde(default)]
    proef: Option<String>,
}

fn row_errors(errors: &[RowError]) -> Vec<String> {
    errors.iter().map(|e| e.to_string()).collect()
}

pub async fn import_tree(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<CsvForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(Some(&f.boom));
    let report = goal_tree::import(
        &state.db,
        scope,
        &f.csv,
        f.proef.is_some(),
        state.clock.now(),
    )
    .await?;
    if !report.ok() {
        let mut errors =
            vec!["Niets opgeslagen. Herstel deze fouten en probeer het opnieuw:".to_string()];
        errors.extend(row_errors(&report.errors));
        return refuse(&state, &viewer, &ctx, scope, errors, f.csv).await;
    }
    if !report.stored {
        let page = editor_page(
            &state,
            &viewer,
            &ctx,
            scope,
            Some("Het bestand is in orde; er is nog niets opgeslagen."),
            report.notes.clone(),
            f.csv,
        )
        .await?;
        return Ok(html(page));
    }
    Ok(back_to_editor(scope, "csv-geladen"))
}

pub async fn export_tree(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(q.get("boom").map(String::as_str));
    let body = goal_tree::export(&state.db, scope).await?;
    Ok(super::dashboard::csv_response("doelenboom", body))
}

// ------------------------------------------------------------------ indicators

#[derive(Template)]
#[template(path = "monitor/indicator_form.html")]
struct IndicatorForm {
    chrome: Chrome,
    heading: String,
    action: String,
    tree: &'static str,
    input: IndicatorInput,
    courses: Vec<(i64, String, bool)>,
    code_fixed: bool,
    errors: Vec<FieldError>,
    computed: Vec<(&'static str, &'static str)>,
    delete: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn indicator_form(
    state: &AppState,
    viewer: &Viewer,
    scope: Scope,
    heading: String,
    action: String,
    input: IndicatorInput,
    course: Option<i64>,
    code_fixed: bool,
    errors: Vec<FieldError>,
    delete: Option<String>,
) -> AppResult<String> {
    let goals = store::goals(&state.db, scope).await?;
    let courses = goals
        .iter()
        .filter(|g| g.kind == GoalKind::Course)
        .map(|g| {
            (
                g.id,
                format!("{} {}", g.code, g.title),
                course == Some(g.id),
            )
        })
        .collect();
    render(&IndicatorForm {
        chrome: Chrome::new(state, viewer, &heading),
        heading,
        action,
        tree: tree_value(scope),
        input,
        courses,
        code_fixed,
        errors,
        computed: kompas_domain::monitor::engine::MEASURES
            .iter()
            .map(|d| (d.code, d.name_nl))
            .collect(),
        delete,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct IndicatorFields {
    #[serde(default)]
    boom: String,
    #[serde(default)]
    koers: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    definitie: String,
    #[serde(default)]
    eenheid: String,
    #[serde(default)]
    richting: String,
    #[serde(default)]
    bron: String,
    #[serde(default)]
    gebiedsniveau: String,
    #[serde(default)]
    frequentie: String,
    #[serde(default)]
    nulmeting: String,
    #[serde(default)]
    nulmeting_periode: String,
    #[serde(default)]
    streefwaarde: String,
    #[serde(default)]
    streefwaarde_periode: String,
    #[serde(default)]
    band_laag: String,
    #[serde(default)]
    band_hoog: String,
    #[serde(default)]
    plausibel_min: String,
    #[serde(default)]
    plausibel_max: String,
    #[serde(default)]
    berekend: String,
}

impl IndicatorFields {
    fn input(&self, code: Option<&str>) -> IndicatorInput {
        IndicatorInput {
            code: code.unwrap_or(&self.code).to_string(),
            name: self.naam.clone(),
            definition: self.definitie.clone(),
            unit: self.eenheid.clone(),
            direction: self.richting.clone(),
            source: self.bron.clone(),
            area_level: self.gebiedsniveau.clone(),
            frequency: self.frequentie.clone(),
            baseline_value: self.nulmeting.clone(),
            baseline_period: self.nulmeting_periode.clone(),
            target_value: self.streefwaarde.clone(),
            target_period: self.streefwaarde_periode.clone(),
            band_low: self.band_laag.clone(),
            band_high: self.band_hoog.clone(),
            plausible_min: self.plausibel_min.clone(),
            plausible_max: self.plausibel_max.clone(),
            computed: self.berekend.clone(),
        }
    }
}

pub async fn new_indicator_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(q.get("boom").map(String::as_str));
    let input = IndicatorInput {
        direction: "hoger".into(),
        area_level: "gemeente".into(),
        frequency: "jaar".into(),
        ..IndicatorInput::default()
    };
    Ok(html(
        indicator_form(
            &state,
            &viewer,
            scope,
            "Nieuwe indicator".into(),
            "/monitor/doelenboom/indicatoren/nieuw".into(),
            input,
            None,
            false,
            Vec::new(),
            None,
        )
        .await?,
    ))
}

/// Validates and stores; on problems shows the form again with every field kept.
async fn save_indicator_form(
    state: &AppState,
    viewer: &Viewer,
    scope: Scope,
    f: &IndicatorFields,
    existing: Option<&Indicator>,
) -> AppResult<Response> {
    let input = f.input(existing.map(|i| i.draft.code.as_str()));
    let courses = store::goals(&state.db, scope).await?;
    let course = f.koers.parse::<i64>().ok().filter(|id| {
        courses
            .iter()
            .any(|g| g.id == *id && g.kind == GoalKind::Course)
    });
    let (heading, action, delete) = match existing {
        Some(i) => (
            format!("Indicator bewerken: {}", i.draft.name),
            format!("/monitor/doelenboom/indicatoren/{}", i.id),
            Some(format!(
                "/monitor/doelenboom/indicatoren/{}/verwijderen",
                i.id
            )),
        ),
        None => (
            "Nieuwe indicator".into(),
            "/monitor/doelenboom/indicatoren/nieuw".into(),
            None,
        ),
    };
    let mut errors = match input.validate() {
        Ok(d) => {
            let taken = existing.is_none()
                && store::indicators(&state.db, scope)
                    .await?
                    .iter()
                    .any(|i| i.draft.code == d.code);
            if !taken {
                let mut tx = state.db.begin().await?;
                store::save_indicator(&mut tx, scope, course, &d, state.clock.now()).await?;
                tx.commit().await.map_err(StoreError::from)?;
                return Ok(back_to_editor(scope, "indicator-opgeslagen"));
            }
            vec![FieldError {
                field: "code",
                reason: format!("code {} bestaat al in deze doelenboom", d.code),
            }]
        }
        Err(e) => e,
    };
    errors.dedup();
    let page = indicator_form(
        state,
        viewer,
        scope,
        heading,
        action,
        input,
        course,
        existing.is_some(),
        errors,
        delete,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
}

pub async fn create_indicator(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<IndicatorFields>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(Some(&f.boom));
    save_indicator_form(&state, &viewer, scope, &f, None).await
}

pub async fn edit_indicator_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (_, ind) = super::viewer_indicator(&state, &viewer, id).await?;
    Ok(html(
        indicator_form(
            &state,
            &viewer,
            ind.scope,
            format!("Indicator bewerken: {}", ind.draft.name),
            format!("/monitor/doelenboom/indicatoren/{id}"),
            ind.draft.to_input(),
            ind.goal_id,
            true,
            Vec::new(),
            Some(format!("/monitor/doelenboom/indicatoren/{id}/verwijderen")),
        )
        .await?,
    ))
}

pub async fn update_indicator(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<IndicatorFields>,
) -> AppResult<Response> {
    let (_, ind) = super::viewer_indicator(&state, &viewer, id).await?;
    save_indicator_form(&state, &viewer, ind.scope, &f, Some(&ind)).await
}

pub async fn delete_indicator(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (_, ind) = super::viewer_indicator(&state, &viewer, id).await?;
    let mut tx = state.db.begin().await?;
    store::delete_indicator(&mut tx, ind.scope, ind.id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(back_to_editor(ind.scope, "indicator-verwijderd"))
}

// ------------------------------------------------------------------ measurements

#[derive(Template)]
#[template(path = "monitor/measurements.html")]
struct MeasurementsPage {
    chrome: Chrome,
    place: String,
    tree: &'static str,
    notice: Option<&'static str>,
    report: Option<ImportReport>,
    csv: String,
    indicators: Vec<(String, String)>,
    areas: Vec<(String, String)>,
    manual: MeasurementInput,
    manual_errors: Vec<FieldError>,
    manual_confirm: Option<String>,
}

struct ManualState {
    input: MeasurementInput,
    errors: Vec<FieldError>,
    confirm: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn measurements_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &Ctx,
    scope: Scope,
    notice: Option<&'static str>,
    report: Option<ImportReport>,
    csv: String,
    manual: ManualState,
) -> AppResult<String> {
    let indicators = store::indicators(&state.db, scope)
        .await?
        .into_iter()
        .filter(|i| i.draft.computed.is_none())
        .map(|i| {
            (
                i.draft.code.to_string(),
                format!("{} ({})", i.draft.name, i.draft.frequency.label_nl()),
            )
        })
        .collect();
    let mut areas: Vec<(String, String)> = measurements::known_areas(&state.db, scope)
        .await?
        .into_keys()
        .map(|code| (code.clone(), code))
        .collect();
    let names: HashMap<String, String> = kompas_store::directory::areas(&state.db, ctx.home.id)
        .await?
        .into_iter()
        .map(|a| (a.cbs_code, a.name))
        .chain(
            ctx.members
                .iter()
                .map(|m| (m.cbs_code.clone(), m.name.clone())),
        )
        .collect();
    for (code, label) in &mut areas {
        if let Some(n) = names.get(code) {
            *label = format!("{n} ({code})");
        }
    }
    areas.sort_by(|a, b| (!a.0.starts_with("GM"), &a.0).cmp(&(!b.0.starts_with("GM"), &b.0)));
    let place = ctx.scope_name(scope);
    render(&MeasurementsPage {
        chrome: Chrome::new(state, viewer, &format!("Metingen invoeren: {place}")),
        place,
        tree: tree_value(scope),
        notice,
        report,
        csv,
        indicators,
        areas,
        manual: manual.input,
        manual_errors: manual.errors,
        manual_confirm: manual.confirm,
    })
}

fn empty_manual() -> ManualState {
    ManualState {
        input: MeasurementInput::default(),
        errors: Vec::new(),
        confirm: None,
    }
}

pub async fn measurements_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Params>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(q.get("boom").map(String::as_str));
    let note = notice(q.get("melding").map(String::as_str));
    Ok(html(
        measurements_page(
            &state,
            &viewer,
            &ctx,
            scope,
            note,
            None,
            String::new(),
            empty_manual(),
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    boom: String,
    #[serde(default)]
    csv: String,
    #[serde(default)]
    bevestig: Option<String>,
    #[serde(default)]
    proef: Option<String>,
}

fn back_to_measurements(scope: Scope, note: &str) -> Response {
    let tree = match scope {
        Scope::Region(_) => "boom=regio&",
        Scope::Municipality(_) => "",
    };
    Redirect::to(&format!("/monitor/metingen?{tree}melding={note}")).into_response()
}

pub async fn import_measurements(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<ImportForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(Some(&f.boom));
    let by = ctx.user.display_name.clone();
    let report = measurements::import(
        &state.db,
        scope,
        &f.csv,
        f.bevestig.is_some(),
        f.proef.is_some(),
        &by,
        state.clock.now(),
    )
    .await?;
    if report.stored {
        return Ok(back_to_measurements(scope, "metingen-geladen"));
    }
    let status = if report.ok() && report.to_confirm.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = measurements_page(
        &state,
        &viewer,
        &ctx,
        scope,
        None,
        Some(report),
        f.csv,
        empty_manual(),
    )
    .await?;
    Ok((status, html(page)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ManualForm {
    #[serde(default)]
    boom: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    periode: String,
    #[serde(default)]
    gebied: String,
    #[serde(default)]
    waarde: String,
    #[serde(default)]
    voorlopig: Option<String>,
    #[serde(default)]
    opmerking: String,
    #[serde(default)]
    bevestig: Option<String>,
}

pub async fn add_measurement(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<ManualForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    let scope = ctx.scope(Some(&f.boom));
    let input = MeasurementInput {
        period: f.periode.clone(),
        area: f.gebied.clone(),
        indicator: f.indicator.clone(),
        value: f.waarde.clone(),
        source: String::new(),
        provisional: if f.voorlopig.is_some() {
            "ja".into()
        } else {
            "nee".into()
        },
        note: f.opmerking.clone(),
    };
    let indicators = store::indicators(&state.db, scope).await?;
    let areas = measurements::known_areas(&state.db, scope).await?;
    let (ok, errors, confirm) = check_measurements(&[(2, input.clone())], &indicators, &areas);
    let needs_confirm = !confirm.is_empty() && f.bevestig.is_none();
    if errors.is_empty() && !needs_confirm {
        measurements::store_checked(&state.db, &ok, &ctx.user.display_name, state.clock.now())
            .await?;
        return Ok(back_to_measurements(scope, "meting-opgeslagen"));
    }
    let manual = ManualState {
        input,
        errors: errors
            .into_iter()
            .map(|e| FieldError {
                field: match e.column.as_str() {
                    "periode" => "periode",
                    "gebied" => "gebied",
                    "waarde" => "waarde",
                    "opmerking" => "opmerking",
                    _ => "indicator",
                },
                reason: e.reason,
            })
            .collect(),
        confirm: confirm.into_iter().next().map(|c| c.reason),
    };
    let page = measurements_page(
        &state,
        &viewer,
        &ctx,
        scope,
        None,
        None,
        String::new(),
        manual,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)).into_response())
}

// ------------------------------------------------------------------ explanations

#[derive(Debug, Deserialize)]
pub struct ExplanationForm {
    #[serde(default)]
    onderwerp: String,
    #[serde(default)]
    periode: String,
    #[serde(default)]
    tekst: String,
    #[serde(default)]
    terug: String,
}

pub async fn explain(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<ExplanationForm>,
) -> AppResult<Response> {
    let ctx = ctx(&state, &viewer).await?;
    // Only about an indicator of the viewer's trees, or a computed measure.
    let valid = match f.onderwerp.split_once(':') {
        Some(("indicator", id)) => match id.parse::<i64>() {
            Ok(id) => store::indicator_in(&state.db, &ctx.trees(), id)
                .await?
                .is_some(),
            Err(_) => false,
        },
        Some(("berekend", code)) => Measure::by_code(code).is_some(),
        _ => false,
    };
    if !valid {
        return Err(AppError::NotFound);
    }
    if !f.periode.trim().is_empty() {
        kompas_domain::monitor::Period::parse(&f.periode)
            .map_err(|e| AppError::Unprocessable(format!("{e}.")))?;
    }
    let mut tx = state.db.begin().await?;
    store::set_explanation(
        &mut tx,
        ctx.home.id,
        &f.onderwerp,
        f.periode.trim(),
        &f.tekst,
        &ctx.user.display_name,
        state.clock.now(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    let back = if f.terug.starts_with("/monitor/") && !f.terug.starts_with("//") {
        f.terug.clone()
    } else {
        "/monitor".into()
    };
    Ok(Redirect::to(&back).into_response())
}
