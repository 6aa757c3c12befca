//! The monitor's records as the database keeps them: whose tree, goals,
//! indicators and measurements with their ids. Plain data, so exchange
//! formats and pages can use them without knowing the database.

use super::{AreaCode, GoalKind, IndicatorDraft, Period};
use serde::Serialize;

/// Whose goal tree: a municipality's or a region's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    Municipality(i64),
    Region(i64),
}

impl Scope {
    /// The stored form: `m:<id>` or `r:<id>`.
    pub fn key(self) -> String {
        match self {
            Scope::Municipality(id) => format!("m:{id}"),
            Scope::Region(id) => format!("r:{id}"),
        }
    }

    pub fn parse(key: &str) -> Result<Scope, String> {
        let bad = || format!("onbekende doelenboom '{key}'");
        let (kind, id) = key.split_once(':').ok_or_else(bad)?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        match kind {
            "m" => Ok(Scope::Municipality(id)),
            "r" => Ok(Scope::Region(id)),
            _ => Err(bad()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: GoalKind,
    pub code: String,
    pub title: String,
    pub description: String,
}

/// A main goal or course as an editor or an import gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoalInput {
    pub code: String,
    pub title: String,
    pub description: String,
}

impl GoalInput {
    /// The reason in Dutch when the code or title is unusable.
    pub fn check(&self) -> Result<(), String> {
        let code = self.code.trim();
        if code.is_empty()
            || code.len() > 20
            || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            return Err(format!(
                "nummer '{code}' is ongeldig; gebruik cijfers en punten, bijvoorbeeld 1 of 1.2"
            ));
        }
        if self.title.trim().is_empty() {
            return Err("vul een titel in".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: i64,
    pub scope: Scope,
    pub goal_id: Option<i64>,
    pub draft: IndicatorDraft,
    pub position: i64,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub id: i64,
    pub indicator_id: i64,
    pub municipality_id: i64,
    pub period: Period,
    pub area: AreaCode,
    pub value: f64,
    pub source: String,
    pub provisional: bool,
    pub series_break: bool,
    pub note: String,
    pub entered_by: String,
    pub entered_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_key_round_trips_and_nonsense_is_refused() {
        for s in [Scope::Municipality(7), Scope::Region(3)] {
            assert_eq!(Scope::parse(&s.key()), Ok(s));
        }
        for bad in ["", "m", "x:1", "m:een"] {
            assert!(Scope::parse(bad).is_err(), "{bad}");
        }
    }
}
