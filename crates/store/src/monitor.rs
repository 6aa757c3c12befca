//! The monitor in the database: goal trees per municipality or region,
//! indicators, measurements and the municipality's explanations. The case
//! events live in `case_events`.

use crate::directory::{all, one};
use crate::{conflict_on_unique, time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::monitor::engine::ComputedRef;
use kompas_domain::monitor::{
    AreaCode, AreaLevel, Band, Direction, GoalKind, Granularity, IndicatorCode, IndicatorDraft,
    MeasurementDraft, Period, PlausibleRange, Reference, Target,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub use kompas_domain::monitor::record::{Goal, GoalInput, Indicator, Measurement, Scope};

/// The stored columns of a tree: (municipality_id, region_id).
fn scope_columns(scope: Scope) -> (Option<i64>, Option<i64>) {
    match scope {
        Scope::Municipality(id) => (Some(id), None),
        Scope::Region(id) => (None, Some(id)),
    }
}

// ---------------------------------------------------------------- goals

fn goal(r: &AnyRow) -> Result<Goal> {
    let kind: String = r.try_get("kind")?;
    Ok(Goal {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        kind: GoalKind::parse(&kind).map_err(StoreError::Invalid)?,
        code: r.try_get("code")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
    })
}

/// Creates the goal, or updates the goal with the same code in this tree.
pub async fn save_goal(
    conn: &mut AnyConnection,
    scope: Scope,
    kind: GoalKind,
    parent_id: Option<i64>,
    g: &GoalInput,
    now: DateTime<Utc>,
) -> Result<i64> {
    g.check().map_err(StoreError::Invalid)?;
    if (kind == GoalKind::Course) != parent_id.is_some() {
        return Err(StoreError::Invalid(
            "een koers hoort onder een hoofddoel; een hoofddoel staat bovenaan".into(),
        ));
    }
    let existing = sqlx::query("SELECT id FROM monitor_goals WHERE scope = $1 AND code = $2")
        .bind(scope.key())
        .bind(g.code.trim())
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(r) = existing {
        let id: i64 = r.try_get("id")?;
        sqlx::query(
            "UPDATE monitor_goals SET kind = $1, parent_id = $2, title = $3, description = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(kind.code())
        .bind(parent_id)
        .bind(g.title.trim())
        .bind(g.description.trim())
        .bind(time::to_db(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
        return Ok(id);
    }
    let (m, r) = scope_columns(scope);
    let row = sqlx::query(
        "INSERT INTO monitor_goals (scope, municipality_id, region_id, parent_id, kind, code, title, description, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(scope.key())
    .bind(m)
    .bind(r)
    .bind(parent_id)
    .bind(kind.code())
    .bind(g.code.trim())
    .bind(g.title.trim())
    .bind(g.description.trim())
    .bind(time::to_db(now))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| conflict_on_unique(e, &format!("doel {}", g.code.trim())))?;
    Ok(row.try_get("id")?)
}

/// The goals of a tree, main goals and courses, ordered by their code.
pub async fn goals(db: &Db, scope: Scope) -> Result<Vec<Goal>> {
    let mut list = all(
        db,
        sqlx::query(
            "SELECT id, parent_id, kind, code, title, description FROM monitor_goals WHERE scope = $1",
        )
        .bind(scope.key()),
        goal,
    )
    .await?;
    list.sort_by_key(|g| natural(&g.code));
    Ok(list)
}

/// `1.10` after `1.9`: codes compare as numbers per part.
pub fn natural(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
        .collect()
}

/// Deletes a goal without courses or indicators under it.
pub async fn delete_goal(conn: &mut AnyConnection, scope: Scope, id: i64) -> Result<()> {
    let busy: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM monitor_goals WHERE parent_id = $1) + \
                (SELECT COUNT(*) FROM monitor_indicators WHERE goal_id = $1) AS n",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    if busy > 0 {
        return Err(StoreError::Invalid(
            "dit doel heeft nog koersen of indicatoren; verplaats of verwijder die eerst".into(),
        ));
    }
    let done = sqlx::query("DELETE FROM monitor_goals WHERE id = $1 AND scope = $2")
        .bind(id)
        .bind(scope.key())
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("doel {id}")));
    }
    Ok(())
}

// ---------------------------------------------------------------- indicators

const INDICATOR_COLUMNS: &str =
    "id, scope, goal_id, code, name, definition, unit, direction, source, \
    area_level, frequency, baseline_value, baseline_period, target_value, target_period, band_low, \
    band_high, plausible_min, plausible_max, computed, position, updated_at";

fn invalid(e: String) -> StoreError {
    StoreError::Invalid(format!("indicator in de database: {e}"))
}

fn period_col(r: &AnyRow, col: &str) -> Result<Option<Period>> {
    r.try_get::<Option<String>, _>(col)?
        .filter(|s| !s.is_empty())
        .map(|s| Period::parse(&s).map_err(invalid))
        .transpose()
}

fn indicator(r: &AnyRow) -> Result<Indicator> {
    let text = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
    let num = |c: &str| -> Result<Option<f64>> { Ok(r.try_get::<Option<f64>, _>(c)?) };
    let baseline = match (num("baseline_value")?, period_col(r, "baseline_period")?) {
        (Some(value), Some(period)) => Some(Reference { value, period }),
        _ => None,
    };
    let band = match (num("band_low")?, num("band_high")?) {
        (Some(l), Some(h)) => Some(Band::new(l, h).map_err(invalid)?),
        _ => None,
    };
    let target = match (num("target_value")?, period_col(r, "target_period")?) {
        (Some(value), Some(period)) => Some(Target {
            value,
            period,
            band,
        }),
        _ => None,
    };
    let computed = r
        .try_get::<Option<String>, _>("computed")?
        .filter(|s| !s.is_empty())
        .map(|s| ComputedRef::parse(&s).map_err(invalid))
        .transpose()?;
    Ok(Indicator {
        id: r.try_get("id")?,
        scope: Scope::parse(&text("scope")?).map_err(StoreError::Invalid)?,
        goal_id: r.try_get("goal_id")?,
        draft: IndicatorDraft {
            code: IndicatorCode::parse(&text("code")?).map_err(invalid)?,
            name: text("name")?,
            definition: text("definition")?,
            unit: text("unit")?,
            direction: Direction::parse(&text("direction")?).map_err(invalid)?,
            source: text("source")?,
            area_level: AreaLevel::parse(&text("area_level")?).map_err(invalid)?,
            frequency: Granularity::parse(&text("frequency")?).map_err(invalid)?,
            baseline,
            target,
            plausible: PlausibleRange::new(num("plausible_min")?, num("plausible_max")?)
                .map_err(invalid)?,
            computed,
        },
        position: r.try_get("position")?,
        updated_at: text("updated_at")?,
    })
}

/// Reals go in as text and are cast, so both databases store a double.
fn real(v: Option<f64>) -> Option<String> {
    v.map(|x| x.to_string())
}

/// Creates the indicator, or updates the one with the same code in this tree
/// (its measurements stay). `goal_id` is its course.
pub async fn save_indicator(
    conn: &mut AnyConnection,
    scope: Scope,
    goal_id: Option<i64>,
    d: &IndicatorDraft,
    now: DateTime<Utc>,
) -> Result<i64> {
    let existing = sqlx::query("SELECT id FROM monitor_indicators WHERE scope = $1 AND code = $2")
        .bind(scope.key())
        .bind(d.code.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let band = d.target.and_then(|t| t.band);
    let (m, r) = scope_columns(scope);
    let values = "name = $1, definition = $2, unit = $3, direction = $4, source = $5, area_level = $6, \
        frequency = $7, baseline_value = CAST($8 AS DOUBLE PRECISION), baseline_period = $9, \
        target_value = CAST($10 AS DOUBLE PRECISION), target_period = $11, \
        band_low = CAST($12 AS DOUBLE PRECISION), band_high = CAST($13 AS DOUBLE PRECISION), \
        plausible_min = CAST($14 AS DOUBLE PRECISION), plausible_max = CAST($15 AS DOUBLE PRECISION), \
        computed = $16, goal_id = $17, updated_at = $18";
    let sql = match &existing {
        Some(_) => format!("UPDATE monitor_indicators SET {values} WHERE id = $19 RETURNING id"),
        None => "INSERT INTO monitor_indicators (name, definition, unit, direction, source, area_level, frequency, \
             baseline_value, baseline_period, target_value, target_period, band_low, band_high, plausible_min, \
             plausible_max, computed, goal_id, updated_at, scope, municipality_id, region_id, code, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS DOUBLE PRECISION), $9, CAST($10 AS DOUBLE PRECISION), $11, \
             CAST($12 AS DOUBLE PRECISION), CAST($13 AS DOUBLE PRECISION), CAST($14 AS DOUBLE PRECISION), \
             CAST($15 AS DOUBLE PRECISION), $16, $17, $18, $19, $20, $21, $22, \
             (SELECT COALESCE(MAX(position), 0) + 1 FROM monitor_indicators WHERE scope = $19)) RETURNING id"
            .to_string(),
    };
    let q = sqlx::query(&sql)
        .bind(d.name.clone())
        .bind(d.definition.clone())
        .bind(d.unit.clone())
        .bind(d.direction.code())
        .bind(d.source.clone())
        .bind(d.area_level.code())
        .bind(d.frequency.code())
        .bind(real(d.baseline.map(|b| b.value)))
        .bind(d.baseline.map(|b| b.period.code()))
        .bind(real(d.target.map(|t| t.value)))
        .bind(d.target.map(|t| t.period.code()))
        .bind(real(band.map(|b| b.low())))
        .bind(real(band.map(|b| b.high())))
        .bind(real(d.plausible.min()))
        .bind(real(d.plausible.max()))
        .bind(d.computed.map(|c| c.code()))
        .bind(goal_id)
        .bind(time::to_db(now));
    let q = match &existing {
        Some(row) => q.bind(row.try_get::<i64, _>("id")?),
        None => q
            .bind(scope.key())
            .bind(m)
            .bind(r)
            .bind(d.code.as_str().to_string()),
    };
    let row = q
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| conflict_on_unique(e, &format!("indicator {}", d.code)))?;
    Ok(row.try_get("id")?)
}

pub async fn indicators(db: &Db, scope: Scope) -> Result<Vec<Indicator>> {
    let sql = format!(
        "SELECT {INDICATOR_COLUMNS} FROM monitor_indicators WHERE scope = $1 ORDER BY position, id"
    );
    all(db, sqlx::query(&sql).bind(scope.key()), indicator).await
}

/// An indicator of one of the trees the caller may see (their municipality's,
/// their region's).
pub async fn indicator_in(db: &Db, trees: &[Scope], id: i64) -> Result<Option<Indicator>> {
    if trees.is_empty() {
        return Ok(None);
    }
    let slots: Vec<String> = (0..trees.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT {INDICATOR_COLUMNS} FROM monitor_indicators WHERE id = $1 AND scope IN ({})",
        slots.join(", ")
    );
    let q = trees
        .iter()
        .fold(sqlx::query(&sql).bind(id), |q, t| q.bind(t.key()));
    one(db, q, indicator).await
}

/// Indicators with this code in any tree (to compare municipalities).
pub async fn indicators_with_code(db: &Db, code: &str) -> Result<Vec<Indicator>> {
    let sql =
        format!("SELECT {INDICATOR_COLUMNS} FROM monitor_indicators WHERE code = $1 ORDER BY id");
    all(db, sqlx::query(&sql).bind(code), indicator).await
}

pub async fn delete_indicator(conn: &mut AnyConnection, scope: Scope, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM monitor_measurements WHERE indicator_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM monitor_indicators WHERE id = $1 AND scope = $2")
        .bind(id)
        .bind(scope.key())
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("indicator {id}")));
    }
    Ok(())
}

/// Moves an indicator one place up (`-1`) or down (`1`) in its tree.
pub async fn move_indicator(
    conn: &mut AnyConnection,
    scope: Scope,
    id: i64,
    step: i64,
) -> Result<()> {
    let rows =
        sqlx::query("SELECT id FROM monitor_indicators WHERE scope = $1 ORDER BY position, id")
            .bind(scope.key())
            .fetch_all(&mut *conn)
            .await?;
    let mut ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    let Some(i) = ids.iter().position(|x| *x == id) else {
        return Err(StoreError::NotFound(format!("indicator {id}")));
    };
    let j = i as i64 + step;
    if j < 0 || j >= ids.len() as i64 {
        return Ok(());
    }
    ids.swap(i, j as usize);
    for (pos, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE monitor_indicators SET position = $1 WHERE id = $2")
            .bind(pos as i64 + 1)
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- measurements

fn measurement(r: &AnyRow) -> Result<Measurement> {
    let period: String = r.try_get("period")?;
    let area: String = r.try_get("area_code")?;
    Ok(Measurement {
        id: r.try_get("id")?,
        indicator_id: r.try_get("indicator_id")?,
        municipality_id: r.try_get("municipality_id")?,
        period: Period::parse(&period).map_err(invalid)?,
        area: AreaCode::parse(&area).map_err(invalid)?,
        value: r.try_get("value")?,
        source: r.try_get("source")?,
        provisional: r.try_get::<i64, _>("provisional")? != 0,
        series_break: r.try_get::<i64, _>("series_break")? != 0,
        note: r.try_get("note")?,
        entered_by: r.try_get("entered_by")?,
        entered_at: r.try_get("entered_at")?,
    })
}

const MEASUREMENT_COLUMNS: &str =
    "id, indicator_id, municipality_id, period, area_code, value, source, \
    provisional, series_break, note, entered_by, entered_at";

/// Stores a measurement, replacing the value of the same indicator, period and area.
pub async fn save_measurement(
    conn: &mut AnyConnection,
    indicator_id: i64,
    municipality_id: i64,
    m: &MeasurementDraft,
    entered_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    save_measurements(conn, &[(indicator_id, municipality_id, m)], entered_by, now).await
}

/// One measurement to store: indicator, municipality of the area, values.
pub type NewMeasurement<'a> = (i64, i64, &'a MeasurementDraft);

/// Stores many measurements in multi-row statements, replacing values of the
/// same indicator, period and area.
pub async fn save_measurements(
    conn: &mut AnyConnection,
    rows: &[NewMeasurement<'_>],
    entered_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = time::to_db(now);
    for chunk in rows.chunks(250) {
        let keys: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
            .collect();
        let sql = format!(
            "DELETE FROM monitor_measurements WHERE (indicator_id, period, area_code) IN (VALUES {})",
            keys.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (indicator, _, m) in chunk {
            q = q
                .bind(*indicator)
                .bind(m.period.code())
                .bind(m.area.to_string());
        }
        q.execute(&mut *conn).await?;
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |k: usize| format!("${}", i * 11 + k);
                format!(
                    "({}, {}, {}, {}, CAST({} AS DOUBLE PRECISION), {}, {}, {}, {}, {}, {})",
                    p(1),
                    p(2),
                    p(3),
                    p(4),
                    p(5),
                    p(6),
                    p(7),
                    p(8),
                    p(9),
                    p(10),
                    p(11)
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO monitor_measurements (indicator_id, municipality_id, period, area_code, value, source, \
             provisional, series_break, note, entered_by, entered_at) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (indicator, municipality, m) in chunk {
            q = q
                .bind(*indicator)
                .bind(*municipality)
                .bind(m.period.code())
                .bind(m.area.to_string())
                .bind(m.value.to_string())
                .bind(m.source.clone())
                .bind(i64::from(m.provisional))
                .bind(i64::from(m.series_break))
                .bind(m.note.clone())
                .bind(entered_by.to_string())
                .bind(at.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn measurements(db: &Db, indicator_id: i64) -> Result<Vec<Measurement>> {
    let sql = format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM monitor_measurements WHERE indicator_id = $1 ORDER BY period, area_code"
    );
    let mut list = all(db, sqlx::query(&sql).bind(indicator_id), measurement).await?;
    list.sort_by(|a, b| (a.period, &a.area).cmp(&(b.period, &b.area)));
    Ok(list)
}

/// The measurements of every indicator of a tree.
pub async fn measurements_of_scope(db: &Db, scope: Scope) -> Result<Vec<Measurement>> {
    let sql = format!(
        "SELECT {} FROM monitor_measurements m JOIN monitor_indicators i ON i.id = m.indicator_id WHERE i.scope = $1",
        MEASUREMENT_COLUMNS
            .split(", ")
            .map(|c| format!("m.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut list = all(db, sqlx::query(&sql).bind(scope.key()), measurement).await?;
    list.sort_by(|a, b| {
        (a.indicator_id, a.period, &a.area).cmp(&(b.indicator_id, b.period, &b.area))
    });
    Ok(list)
}

// ---------------------------------------------------------------- explanations

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub subject: String,
    pub period: String,
    pub text: String,
    pub written_by: String,
    pub updated_at: String,
}

/// Sets the municipality's explanation of a figure; empty text removes it.
pub async fn set_explanation(
    conn: &mut AnyConnection,
    municipality_id: i64,
    subject: &str,
    period: &str,
    text: &str,
    written_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if text.chars().count() > 4000 {
        return Err(StoreError::Invalid(
            "de toelichting is te lang (hooguit 4000 tekens)".into(),
        ));
    }
    sqlx::query("DELETE FROM monitor_explanations WHERE municipality_id = $1 AND subject = $2 AND period = $3")
        .bind(municipality_id)
        .bind(subject)
        .bind(period)
        .execute(&mut *conn)
        .await?;
    if text.trim().is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO monitor_explanations (municipality_id, subject, period, text, written_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(municipality_id)
    .bind(subject)
    .bind(period)
    .bind(text.trim())
    .bind(written_by)
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn explanations(
    db: &Db,
    municipality_id: i64,
    subject: &str,
) -> Result<Vec<Explanation>> {
    all(
        db,
        sqlx::query(
            "SELECT subject, period, text, written_by, updated_at FROM monitor_explanations \
             WHERE municipality_id = $1 AND subject = $2 ORDER BY period",
        )
        .bind(municipality_id)
        .bind(subject),
        |r| {
            Ok(Explanation {
                subject: r.try_get("subject")?,
                period: r.try_get("period")?,
                text: r.try_get("text")?,
                written_by: r.try_get("written_by")?,
                updated_at: r.try_get("updated_at")?,
            })
        },
    )
    .await
}

/// The name of a region.
pub async fn region_name(db: &Db, id: i64) -> Result<String> {
    Ok(sqlx::query("SELECT name FROM regions WHERE id = $1")
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("regio {id}")))?
        .try_get("name")?)
}

/// Every known wijk, kern and buurt code with its municipality.
pub async fn area_owners(db: &Db) -> Result<std::collections::HashMap<String, i64>> {
    sqlx::query("SELECT cbs_code, municipality_id FROM areas")
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("cbs_code")?, r.try_get("municipality_id")?)))
        .collect()
}

// ---------------------------------------------------------------- freshness

/// How current the figures of one source are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Freshness {
    pub source: String,
    pub newest_period: Option<Period>,
    pub updated_at: Option<String>,
    pub measurements: i64,
}

/// Per source of a tree's indicators: the newest period measured and when
/// figures were last entered.
pub async fn freshness(db: &Db, scope: Scope) -> Result<Vec<Freshness>> {
    let rows = sqlx::query(
        "SELECT i.source AS source, m.period AS period, MAX(m.entered_at) AS at, COUNT(m.id) AS n \
         FROM monitor_indicators i LEFT JOIN monitor_measurements m ON m.indicator_id = i.id \
         WHERE i.scope = $1 AND i.computed IS NULL GROUP BY i.source, m.period",
    )
    .bind(scope.key())
    .fetch_all(db.reader())
    .await?;
    let mut out: Vec<Freshness> = Vec::new();
    for r in rows {
        let source: String = r.try_get("source")?;
        let period = r
            .try_get::<Option<String>, _>("period")?
            .and_then(|p| Period::parse(&p).ok());
        let at: Option<String> = r.try_get("at")?;
        let n: i64 = r.try_get("n")?;
        let i = match out.iter().position(|f| f.source == source) {
            Some(i) => i,
            None => {
                out.push(Freshness {
                    source,
                    newest_period: None,
                    updated_at: None,
                    measurements: 0,
                });
                out.len() - 1
            }
        };
        let f = &mut out[i];
        f.measurements += n;
        // The newest period: the one that ends last.
        if period.is_some_and(|p| {
            f.newest_period
                .is_none_or(|q| p.last_month() > q.last_month())
        }) {
            f.newest_period = period;
        }
        if at.as_ref() > f.updated_at.as_ref() {
            f.updated_at = at;
        }
    }
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}
