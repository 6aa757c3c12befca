//! The monitor on the web: dashboards for policy staff and team leads
//! (aggregates only), the goal-tree editor and the measurement import.
//! Handlers stay thin; this module gathers the figures a page shows.

pub mod cache;
pub mod chart;
pub mod costs;
pub mod dashboard;
pub mod editor;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kompas_domain::monitor::engine::{ComputedRef, Measure, Slot, Stat};
use kompas_domain::monitor::suppression::{publish, Published, Shown};
use kompas_domain::monitor::{
    format_decimal, AreaCode, AreaLevel, Granularity, IndicatorDraft, Period, Status,
};
use kompas_domain::Role;
use kompas_store::case_events::{LoadedColumns, Refresh};
use kompas_store::directory;
use kompas_store::monitor::{self as store, Indicator, Measurement, Scope};
use kompas_store::tenancy::{self, Municipality};
use kompas_store::users::User;
use std::sync::{Arc, PoisonError};

/// Who is looking and at which municipalities.
pub struct Ctx {
    pub user: User,
    pub home: Municipality,
    /// The municipalities of the home's region (the home first), or just the home.
    pub members: Vec<Municipality>,
    pub region: Option<(i64, String)>,
}

impl Ctx {
    pub fn can_edit(&self) -> bool {
        matches!(self.user.role, Role::Policy | Role::Admin)
    }

    /// The tree chosen with `?boom=regio`, else the municipality's.
    pub fn scope(&self, tree: Option<&str>) -> Scope {
        match (tree, &self.region) {
            (Some("regio"), Some((id, _))) => Scope::Region(*id),
            _ => Scope::Municipality(self.home.id),
        }
    }

    pub fn scope_name(&self, scope: Scope) -> String {
        match (scope, &self.region) {
            (Scope::Region(_), Some((_, name))) => name.clone(),
            _ => self.home.name.clone(),
        }
    }

    /// The trees the viewer may see: the municipality's and the region's.
    pub fn trees(&self) -> Vec<Scope> {
        let mut trees = vec![Scope::Municipality(self.home.id)];
        if let Some((id, _)) = &self.region {
            trees.push(Scope::Region(*id));
        }
        trees
    }

    /// Is this tree one the viewer may see?
    pub fn owns(&self, scope: Scope) -> bool {
        match scope {
            Scope::Municipality(m) => m == self.home.id,
            Scope::Region(r) => self.region.as_ref().is_some_and(|(id, _)| *id == r),
        }
    }

    pub fn member_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.members.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids
    }

    pub fn municipality_of(&self, area: &AreaCode) -> Option<&Municipality> {
        let gm = area.municipality();
        self.members.iter().find(|m| m.cbs_code == gm.as_str())
    }
}

pub async fn ctx(state: &AppState, viewer: &Viewer) -> AppResult<Ctx> {
    let user = viewer.user().ok_or(AppError::Unauthorized)?.clone();
    let home = tenancy::municipality_by_id(&state.db, user.municipality_id).await?;
    let mut members = vec![home.clone()];
    let mut region = None;
    if let Some(r) = home.region_id {
        for m in tenancy::municipalities(&state.db).await? {
            if m.region_id == Some(r) && m.id != home.id {
                members.push(m);
            }
        }
        region = Some((r, store::region_name(&state.db, r).await?));
    }
    Ok(Ctx {
        user,
        home,
        members,
        region,
    })
}

/// The viewer's context and an indicator of a tree they may see, or 404.
pub async fn viewer_indicator(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> AppResult<(Ctx, Indicator)> {
    let ctx = ctx(state, viewer).await?;
    let ind = store::indicator_in(&state.db, &ctx.trees(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((ctx, ind))
}

/// The computed indicators of these municipalities, after the small-number rules.
pub async fn published(state: &AppState, municipalities: &[i64]) -> AppResult<Arc<Published>> {
    let entry = state
        .monitor
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(municipalities.to_vec())
        .or_default()
        .clone();
    // One request per set of municipalities loads and computes; the others wait for it.
    let mut entry = entry.lock().await;
    let events = match entry.events.take() {
        Some(mut events) => {
            let refresh = events.refresh(&state.db, municipalities).await?;
            if let (Refresh::Unchanged, Some(published)) = (refresh, &entry.published) {
                let published = published.clone();
                entry.events = Some(events);
                return Ok(published);
            }
            events
        }
        None => LoadedColumns::load(&state.db, municipalities).await?,
    };
    let policy = state.config.suppression;
    let (events, result) = tokio::task::spawn_blocking(move || {
        let cube =
            kompas_domain::monitor::engine::compute(events.columns(), policy.min_households());
        let published = Arc::new(publish(&cube, policy));
        (events, published)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    entry.events = Some(events);
    entry.published = Some(result.clone());
    Ok(result)
}

// ------------------------------------------------------------------ numbers

/// A value with its unit, the Dutch way: `58,3%`, `4 dagen`, `1.234`.
pub fn fmt_value(v: f64, unit: &str) -> String {
    let u = unit.trim();
    match u {
        "%" => format!("{}%", format_decimal(v, 1)),
        "aantal" => format_decimal(v, 0),
        "dagen" => format!("{} dagen", format_decimal(v, 1)),
        "punten" => format!("{} punten", format_decimal(v, 2)),
        "cijfer" => format_decimal(v, 1),
        "" => format_decimal(v, 2),
        other => format!("{} {other}", format_decimal(v, 1)),
    }
}

fn axis_plain(v: f64) -> String {
    format_decimal(v, 2)
}
fn axis_pct(v: f64) -> String {
    format!("{}%", format_decimal(v, 1))
}

/// How a chart labels its axis for this unit.
pub fn axis_format(unit: &str) -> fn(f64) -> String {
    if unit.trim() == "%" {
        axis_pct
    } else {
        axis_plain
    }
}

/// The value a computed reference reads from a published cell.
pub fn computed_value(r: &ComputedRef, shown: Option<&Shown>) -> Option<f64> {
    match shown {
        Some(Shown::Figure(f)) => {
            if r.p90 {
                f.p90
            } else {
                Some(f.value)
            }
        }
        Some(Shown::Hidden) => None,
        // Nothing happened: a count is zero, other figures do not exist.
        None => (r.measure.def().stat == Stat::Count).then_some(0.0),
    }
}

/// The "12 van 40" next to a share, the "n = 35" next to days or a mean.
pub fn computed_detail(measure: Measure, shown: Option<&Shown>) -> String {
    match (measure.def().stat, shown) {
        (_, Some(Shown::Hidden)) => "verborgen (minder dan de drempel aan huishoudens)".into(),
        (Stat::Share, Some(Shown::Figure(f))) => format!(
            "{} van {}",
            format_decimal(f.num as f64, 0),
            format_decimal(f.den as f64, 0)
        ),
        (Stat::Days, Some(Shown::Figure(f))) => format!(
            "{} vragen of trajecten; 90e percentiel {}",
            format_decimal(f.num as f64, 0),
            f.p90
                .map(|p| format!("{} dagen", format_decimal(p, 0)))
                .unwrap_or_default()
        ),
        (Stat::MeanChange, Some(Shown::Figure(f))) => {
            format!("{} metingen", format_decimal(f.num as f64, 0))
        }
        _ => String::new(),
    }
}

/// Periods that have ended by now (the current one is still filling).
pub fn complete(periods: Vec<Period>, now_month: u32) -> Vec<Period> {
    periods
        .into_iter()
        .filter(|p| p.last_month() < now_month)
        .collect()
}

pub fn now_month(state: &AppState) -> u32 {
    let (_, m) = kompas_domain::monitor::engine::local_day_and_month(state.clock.now());
    m
}

// ------------------------------------------------------------------ series

/// One period of an indicator in one area.
#[derive(Debug, Clone)]
pub struct SeriesPoint {
    pub period: Period,
    pub value: Option<f64>,
    pub shown: String,
    pub detail: String,
    pub provisional: bool,
    pub series_break: bool,
}

/// The slot of an area in the published cube.
pub fn slot_for(published: &Published, ctx: &Ctx, area: &AreaCode) -> Option<u32> {
    let m = ctx.municipality_of(area)?;
    match area.level() {
        AreaLevel::Municipality => published.slot_of(&Slot::Municipality(m.id)),
        _ => published.slot_of(&Slot::Wijk {
            municipality: m.id,
            code: Some(area.to_string()),
        }),
    }
}

/// An indicator's figures in one area, oldest first.
pub fn series(
    ind: &IndicatorDraft,
    measurements: &[Measurement],
    published: &Published,
    ctx: &Ctx,
    area: &AreaCode,
    now_month: u32,
) -> Vec<SeriesPoint> {
    match ind.computed {
        Some(r) => {
            let slot = slot_for(published, ctx, area);
            complete(published.periods(ind.frequency), now_month)
                .into_iter()
                .map(|period| {
                    let shown = slot.and_then(|s| published.get(r.measure, r.category, period, s));
                    let value = if slot.is_some() {
                        computed_value(&r, shown)
                    } else {
                        None
                    };
                    SeriesPoint {
                        period,
                        value,
                        shown: match (value, shown) {
                            (Some(v), _) => fmt_value(v, &ind.unit),
                            (None, Some(Shown::Hidden)) => "verborgen".into(),
                            _ => "geen cijfer".into(),
                        },
                        detail: computed_detail(r.measure, shown),
                        provisional: false,
                        series_break: false,
                    }
                })
                .collect()
        }
        None => {
            let mut periods: Vec<Period> = measurements.iter().map(|m| m.period).collect();
            periods.sort();
            periods.dedup();
            periods
                .into_iter()
                .map(|period| {
                    let m = measurements
                        .iter()
                        .find(|m| m.period == period && &m.area == area);
                    SeriesPoint {
                        period,
                        value: m.map(|m| m.value),
                        shown: m.map_or("geen cijfer".into(), |m| fmt_value(m.value, &ind.unit)),
                        detail: m.map(|m| m.note.clone()).unwrap_or_default(),
                        provisional: m.is_some_and(|m| m.provisional),
                        series_break: m.is_some_and(|m| m.series_break),
                    }
                })
                .collect()
        }
    }
}

pub fn latest(points: &[SeriesPoint]) -> Option<(Period, f64)> {
    points
        .iter()
        .rev()
        .find_map(|p| p.value.map(|v| (p.period, v)))
}

/// Everything the dashboard shows of one goal-tree indicator.
pub struct IndicatorView {
    pub indicator: Indicator,
    pub points: Vec<SeriesPoint>,
    pub status: Status,
    pub latest: Option<(Period, f64)>,
}

impl IndicatorView {
    pub fn latest_text(&self) -> String {
        match self.latest {
            Some((p, v)) => format!(
                "{} ({})",
                fmt_value(v, &self.indicator.draft.unit),
                p.label_nl()
            ),
            None => "nog geen cijfer".into(),
        }
    }
    pub fn target_text(&self) -> String {
        match self.indicator.draft.target {
            Some(t) => format!(
                "{} in {}",
                fmt_value(t.value, &self.indicator.draft.unit),
                t.period.label_nl()
            ),
            None => "geen".into(),
        }
    }
}

/// The area a tree reports on: the municipality, or the region's first member.
pub fn home_area(ctx: &Ctx) -> AppResult<AreaCode> {
    AreaCode::parse(&ctx.home.cbs_code).map_err(AppError::Unprocessable)
}

/// Views of every indicator of a tree, for the home municipality.
pub async fn views(
    state: &AppState,
    ctx: &Ctx,
    scope: Scope,
) -> AppResult<(Vec<IndicatorView>, Arc<Published>)> {
    let published = published(state, &ctx.member_ids()).await?;
    let all = store::measurements_of_scope(&state.db, scope).await?;
    let area = home_area(ctx)?;
    let month = now_month(state);
    let mut out = Vec::new();
    for ind in store::indicators(&state.db, scope).await? {
        let mine: Vec<Measurement> = all
            .iter()
            .filter(|m| m.indicator_id == ind.id)
            .cloned()
            .collect();
        let points = series(&ind.draft, &mine, &published, ctx, &area, month);
        let latest = latest(&points);
        out.push(IndicatorView {
            status: ind.draft.status(latest),
            latest,
            points,
            indicator: ind,
        });
    }
    Ok((out, published))
}

// ------------------------------------------------------------------ comparisons

/// One area in a comparison.
#[derive(Debug, Clone)]
pub struct CompareRow {
    pub name: String,
    pub code: String,
    pub value: Option<f64>,
    pub shown: String,
    pub detail: String,
    pub highlight: bool,
}

/// The wijken of the home municipality in `period`.
pub async fn wijk_rows(
    state: &AppState,
    ctx: &Ctx,
    ind: &IndicatorDraft,
    measurements: &[Measurement],
    published: &Published,
    period: Period,
) -> AppResult<Vec<CompareRow>> {
    let mut rows = Vec::new();
    let wijken: Vec<(String, String)> = directory::areas(&state.db, ctx.home.id)
        .await?
        .into_iter()
        .filter(|a| a.cbs_code.starts_with("WK"))
        .map(|a| (a.cbs_code, a.name))
        .collect();
    for (code, name) in &wijken {
        let Ok(area) = AreaCode::parse(code) else {
            continue;
        };
        rows.push(area_row(
            ctx,
            ind,
            measurements,
            published,
            &area,
            name,
            period,
            false,
        ));
    }
    if let (Some(r), Some(slot)) = (
        ind.computed,
        published.slot_of(&Slot::Wijk {
            municipality: ctx.home.id,
            code: None,
        }),
    ) {
        let shown = published.get(r.measure, r.category, period, slot);
        if shown.is_some() {
            let value = computed_value(&r, shown);
            rows.push(CompareRow {
                name: "Wijk onbekend".into(),
                code: String::new(),
                value,
                shown: value.map_or("verborgen".into(), |v| fmt_value(v, &ind.unit)),
                detail: computed_detail(r.measure, shown),
                highlight: false,
            });
        }
    }
    Ok(rows)
}

/// The municipalities of the region in `period`: the same indicator code in
/// each municipality's own tree (or this region tree), or the computed figure.
pub async fn region_rows(
    state: &AppState,
    ctx: &Ctx,
    ind: &Indicator,
    published: &Published,
    period: Period,
) -> AppResult<Vec<CompareRow>> {
    let same_code = store::indicators_with_code(&state.db, ind.draft.code.as_str()).await?;
    let mut rows = Vec::new();
    for m in &ctx.members {
        let Ok(area) = AreaCode::parse(&m.cbs_code) else {
            continue;
        };
        let measurements = if ind.draft.computed.is_some() {
            Vec::new()
        } else {
            let source = same_code
                .iter()
                .find(|i| i.scope == Scope::Municipality(m.id))
                .or_else(|| same_code.iter().find(|i| i.id == ind.id));
            match source {
                Some(i) => store::measurements(&state.db, i.id).await?,
                None => Vec::new(),
            }
        };
        rows.push(area_row(
            ctx,
            &ind.draft,
            &measurements,
            published,
            &area,
            &m.name,
            period,
            m.id == ctx.home.id,
        ));
    }
    Ok(rows)
}

#[allow(clippy::too_many_arguments)]
fn area_row(
    ctx: &Ctx,
    ind: &IndicatorDraft,
    measurements: &[Measurement],
    published: &Published,
    area: &AreaCode,
    name: &str,
    period: Period,
    highlight: bool,
) -> CompareRow {
    let (value, shown, detail) = match ind.computed {
        Some(r) => {
            let s = slot_for(published, ctx, area)
                .and_then(|slot| published.get(r.measure, r.category, period, slot));
            let value = computed_value(&r, s);
            let shown = match (value, s) {
                (Some(v), _) => fmt_value(v, &ind.unit),
                (None, Some(Shown::Hidden)) => "verborgen".into(),
                _ => "geen cijfer".into(),
            };
            (value, shown, computed_detail(r.measure, s))
        }
        None => match measurements
            .iter()
            .find(|m| m.period == period && &m.area == area)
        {
            Some(m) => (
                Some(m.value),
                fmt_value(m.value, &ind.unit),
                if m.provisional {
                    "voorlopig".into()
                } else {
                    String::new()
                },
            ),
            None => (None, "geen cijfer".into(), String::new()),
        },
    };
    CompareRow {
        name: name.to_string(),
        code: area.to_string(),
        value,
        shown,
        detail,
        highlight,
    }
}

// ------------------------------------------------------------------ sentences

/// One sentence about a trend, for next to its chart.
pub fn trend_summary(
    ind: &IndicatorDraft,
    points: &[SeriesPoint],
    status: Status,
    place: &str,
) -> String {
    let Some((period, v)) = latest(points) else {
        return format!(
            "Voor {} is er nog geen cijfer over {}.",
            place,
            ind.name.to_lowercase()
        );
    };
    let first = points.iter().find_map(|p| p.value.map(|v| (p.period, v)));
    let mut s = format!(
        "In {} was het cijfer voor {} {}",
        period.label_nl(),
        place,
        fmt_value(v, &ind.unit)
    );
    if let Some((p0, v0)) = first.filter(|(p0, _)| *p0 != period) {
        let change = if (v - v0).abs() < 1e-9 {
            "gelijk aan".to_string()
        } else if v > v0 {
            "hoger dan".to_string()
        } else {
            "lager dan".to_string()
        };
        s.push_str(&format!(
            ", {change} in {} ({})",
            p0.label_nl(),
            fmt_value(v0, &ind.unit)
        ));
    }
    if let Some(t) = ind.target {
        s.push_str(&format!(
            "; de streefwaarde is {} in {}: {}",
            fmt_value(t.value, &ind.unit),
            t.period.label_nl(),
            status.label_nl().to_lowercase()
        ));
    }
    s.push('.');
    s
}

/// One sentence about a comparison: highest, lowest and how many are hidden.
pub fn comparison_summary(rows: &[CompareRow], unit: &str, what: &str, period: Period) -> String {
    let shown: Vec<&CompareRow> = rows.iter().filter(|r| r.value.is_some()).collect();
    let hidden = rows.len() - shown.len();
    let hi = shown.iter().copied().max_by(|a, b| {
        a.value
            .partial_cmp(&b.value)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let lo = shown.iter().copied().min_by(|a, b| {
        a.value
            .partial_cmp(&b.value)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut s = match (hi, lo) {
        (Some(h), Some(l)) if shown.len() > 1 => format!(
            "In {} had {} het hoogste cijfer ({}) en {} het laagste ({})",
            period.label_nl(),
            h.name,
            fmt_value(h.value.unwrap_or_default(), unit),
            l.name,
            fmt_value(l.value.unwrap_or_default(), unit)
        ),
        (Some(h), _) => format!(
            "In {} is alleen van {} een cijfer bekend ({})",
            period.label_nl(),
            h.name,
            fmt_value(h.value.unwrap_or_default(), unit)
        ),
        _ => format!(
            "In {} is van geen van de {what} een cijfer te tonen",
            period.label_nl()
        ),
    };
    if hidden > 0 && !shown.is_empty() {
        s.push_str(&format!("; van {hidden} {what} is geen cijfer te tonen"));
    }
    s.push('.');
    s
}

/// The measure code in a registration page path, or 404.
pub fn measure_from(code: &str) -> AppResult<Measure> {
    Measure::by_code(code).ok_or(AppError::NotFound)
}

/// The chosen granularity of `?per=`; quarters by default.
pub fn granularity(per: Option<&str>) -> Granularity {
    per.and_then(|p| Granularity::parse(p).ok())
        .unwrap_or(Granularity::Quarter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::monitor::IndicatorInput;

    fn point(p: &str, v: Option<f64>) -> SeriesPoint {
        SeriesPoint {
            period: Period::parse(p).unwrap(),
            value: v,
            shown: String::new(),
            detail: String::new(),
            provisional: false,
            series_break: false,
        }
    }

    #[test]
    fn values_are_written_with_their_unit() {
        assert_eq!(fmt_value(58.33, "%"), "58,3%");
        assert_eq!(fmt_value(1234.0, "aantal"), "1.234");
        assert_eq!(fmt_value(4.0, "dagen"), "4 dagen");
        assert_eq!(
            fmt_value(47.0, "per 1.000 inwoners"),
            "47 per 1.000 inwoners"
        );
        assert_eq!(fmt_value(7.26, "cijfer"), "7,3");
    }

    #[test]
    fn summaries_say_what_the_chart_shows() {
        let ind = IndicatorInput {
            code: "wmo".into(),
            name: "Wmo-maatwerk".into(),
            definition: "d".into(),
            unit: "per 1.000 inwoners".into(),
            direction: "lager".into(),
            source: "CBS".into(),
            frequency: "jaar".into(),
            baseline_value: "47".into(),
            baseline_period: "2022".into(),
            target_value: "42".into(),
            target_period: "2027".into(),
            ..IndicatorInput::default()
        }
        .validate()
        .unwrap();
        let pts = vec![
            point("2022", Some(47.0)),
            point("2023", None),
            point("2024", Some(44.0)),
        ];
        let s = trend_summary(&ind, &pts, Status::OnTrack, "Wilgendaal");
        assert_eq!(
            s,
            "In 2024 was het cijfer voor Wilgendaal 44 per 1.000 inwoners, lager dan in 2022 (47 per 1.000 inwoners); de streefwaarde is 42 per 1.000 inwoners in 2027: op koers."
        );
        assert!(trend_summary(&ind, &[], Status::NoData, "Wilgendaal").contains("nog geen cijfer"));
        let rows = vec![
            CompareRow {
                name: "Centrum".into(),
                code: String::new(),
                value: Some(12.0),
                shown: String::new(),
                detail: String::new(),
                highlight: false,
            },
            CompareRow {
                name: "De Hoven".into(),
                code: String::new(),
                value: None,
                shown: String::new(),
                detail: String::new(),
                highlight: false,
            },
            CompareRow {
                name: "Rietveld".into(),
                code: String::new(),
                value: Some(20.0),
                shown: String::new(),
                detail: String::new(),
                highlight: false,
            },
        ];
        assert_eq!(
            comparison_summary(&rows, "%", "wijken", Period::parse("2024").unwrap()),
            "In 2024 had Rietveld het hoogste cijfer (20%) en Centrum het laagste (12%); van 1 wijken is geen cijfer te tonen."
        );
    }
}
