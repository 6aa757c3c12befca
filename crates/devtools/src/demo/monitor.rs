//! The demo monitor: the goal tree of `demo/doelenboom.csv` (written by us in
//! the style of the seeds; baselines from their figures) for both demo
//! municipalities, yearly measurements that move towards or away from their
//! targets, an explanation, and generated case events so the computed
//! indicators show something true-looking.

use crate::generate::cases::{CaseGenerator, Place, Plan};
use crate::generate::Rng;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use kompas_app::monitor::goal_tree as stored_tree;
use kompas_domain::monitor::{AreaCode, AreaLevel, MeasurementDraft, Period};
use kompas_interop::monitor::goal_tree;
use kompas_store::monitor::{self as store, Scope};
use kompas_store::{directory, tenancy, Db};

pub const GOAL_TREE_CSV: &str = include_str!("../../data/demo/doelenboom.csv");

/// Households with generated histories per municipality.
const HOUSEHOLDS: [(&str, usize); 2] = [("GM9901", 900), ("GM9902", 300)];

pub async fn load(db: &Db, now: DateTime<Utc>) -> anyhow::Result<()> {
    let tree = goal_tree::parse(GOAL_TREE_CSV).map_err(|e| {
        anyhow::anyhow!(
            "demo/doelenboom.csv: {}",
            e.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let mut places = Vec::new();
    for (i, (code, households)) in HOUSEHOLDS.iter().enumerate() {
        let m = tenancy::municipality_by_code(db, code).await?;
        let scope = Scope::Municipality(m.id);
        stored_tree::store(db, scope, &tree, now).await?;
        let wijken: Vec<AreaCode> = directory::areas(db, m.id)
            .await?
            .into_iter()
            .filter_map(|a| AreaCode::parse(&a.cbs_code).ok())
            .filter(|a| a.level() == AreaLevel::Wijk)
            .collect();
        measurements(db, scope, &m.cbs_code, &wijken, i as u64, now).await?;
        places.push((
            Place {
                municipality_id: m.id,
                wijken,
            },
            *households,
        ));
    }
    let mut events = Vec::new();
    for (i, (place, households)) in places.into_iter().enumerate() {
        let mut g = CaseGenerator::new(Plan {
            seed: 2026 + i as u64,
            places: vec![place],
            start: Utc
                .with_ymd_and_hms(now.year() - 3, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or(now - Duration::days(3 * 365)),
            end: now,
        });
        events.extend(g.households(households));
    }
    events.sort_by_key(|e| e.at);
    crate::generate::cases::write(db, &events).await?;
    let wilgendaal = tenancy::municipality_by_code(db, "GM9901").await?;
    if let Some(i) = store::indicators(db, Scope::Municipality(wilgendaal.id))
        .await?
        .into_iter()
        .find(|i| i.draft.code.as_str() == "wmo-per-1000")
    {
        let mut tx = db.begin().await?;
        store::set_explanation(
            &mut tx,
            wilgendaal.id,
            &format!("indicator:{}", i.id),
            "",
            "Sinds 2024 kunnen inwoners in elke wijk zonder indicatie terecht bij de huishoudelijke hulp van het buurtteam. Daardoor vragen minder mensen een maatwerkvoorziening aan.",
            "Bas Beleid",
            now,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Yearly figures from the baseline year until last year, for the
/// municipality and (where the indicator goes that deep) its wijken.
async fn measurements(
    db: &Db,
    scope: Scope,
    municipality_code: &str,
    wijken: &[AreaCode],
    salt: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Scope::Municipality(municipality_id) = scope else {
        return Ok(());
    };
    let last_year = now.year() - 1;
    let mut rng = Rng::new(99 + salt);
    let mut rows: Vec<(i64, MeasurementDraft)> = Vec::new();
    for ind in store::indicators(db, scope).await? {
        let d = &ind.draft;
        let (Some(base), Some(target), None) = (d.baseline, d.target, d.computed) else {
            continue;
        };
        // How fast this indicator moves towards its target: some lag, some run ahead.
        let pace = 0.3 + rng.below(120) as f64 / 100.0;
        let span = f64::from(target.period.year_number() - base.period.year_number()).max(1.0);
        let mut areas = vec![(
            AreaCode::parse(municipality_code).map_err(anyhow::Error::msg)?,
            0.0,
        )];
        if d.area_level >= AreaLevel::Wijk {
            for w in wijken {
                areas.push((w.clone(), (rng.below(50) as f64 - 25.0) / 100.0));
            }
        }
        for year in base.period.year_number()..=last_year {
            let progress = f64::from(year - base.period.year_number()) / span;
            let noise = (rng.below(20) as f64 - 10.0) / 100.0 * (target.value - base.value).abs();
            let value = base.value + (target.value - base.value) * progress * pace + noise;
            for (area, offset) in &areas {
                let v = d
                    .plausible
                    .min()
                    .map_or(value * (1.0 + offset), |m| (value * (1.0 + offset)).max(m));
                let v = (v * 10.0).round() / 10.0;
                let m = MeasurementDraft {
                    indicator: d.code.clone(),
                    period: Period::year(year).map_err(anyhow::Error::msg)?,
                    area: area.clone(),
                    value: v,
                    source: d.source.clone(),
                    provisional: year == last_year && d.source.starts_with("CBS"),
                    note: String::new(),
                    series_break: false,
                };
                rows.push((ind.id, m));
            }
        }
    }
    let list: Vec<store::NewMeasurement> = rows
        .iter()
        .map(|(id, m)| (*id, municipality_id, m))
        .collect();
    let mut tx = db.begin().await?;
    store::save_measurements(&mut tx, &list, "demo", now).await?;
    tx.commit().await?;
    Ok(())
}
