//! The goal tree (doelenboom): main goals → courses (koersen) → indicators,
//! each indicator with a baseline (nulmeting) and a target (streefwaarde),
//! and the status an indicator has given its newest figure.

use super::engine::ComputedRef;
use super::{parse_decimal, AreaLevel, Granularity, Period};
use crate::directory::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A node above the indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// Hoofddoel: what the municipality wants for its residents.
    MainGoal,
    /// Koers or strategic goal under a main goal.
    Course,
}

impl GoalKind {
    pub fn code(self) -> &'static str {
        match self {
            GoalKind::MainGoal => "hoofddoel",
            GoalKind::Course => "koers",
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            GoalKind::MainGoal => "Hoofddoel",
            GoalKind::Course => "Koers",
        }
    }
    pub fn parse(s: &str) -> Result<GoalKind, String> {
        match s.trim() {
            "hoofddoel" => Ok(GoalKind::MainGoal),
            "koers" => Ok(GoalKind::Course),
            other => Err(format!(
                "onbekende soort doel '{other}'; kies hoofddoel of koers"
            )),
        }
    }
}

/// Whether a higher or a lower figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// A context figure (inhabitants, households): no better or worse.
    Neutral,
}

impl Direction {
    pub const ALL: [Direction; 3] = [
        Direction::HigherIsBetter,
        Direction::LowerIsBetter,
        Direction::Neutral,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "hoger",
            Direction::LowerIsBetter => "lager",
            Direction::Neutral => "geen",
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "hoger is beter",
            Direction::LowerIsBetter => "lager is beter",
            Direction::Neutral => "geen richting (achtergrondcijfer)",
        }
    }
    pub fn parse(s: &str) -> Result<Direction, String> {
        match s.trim().to_lowercase().as_str() {
            "hoger" | "hoger is beter" | "higher" => Ok(Direction::HigherIsBetter),
            "lager" | "lager is beter" | "lower" => Ok(Direction::LowerIsBetter),
            "geen" | "" | "neutral" => Ok(Direction::Neutral),
            other => Err(format!(
                "onbekende richting '{other}'; kies hoger, lager of geen"
            )),
        }
    }
}

/// A short, stable code for an indicator: lower-case letters, digits and
/// hyphens, 2 to 60 characters (`wmo-clienten-per-1000`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndicatorCode(String);

impl IndicatorCode {
    pub fn parse(s: &str) -> Result<IndicatorCode, String> {
        let c = s.trim().to_lowercase();
        let ok = (2..=60).contains(&c.len())
            && c.chars()
                .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == '-')
            && !c.starts_with('-')
            && !c.ends_with('-');
        if ok {
            Ok(IndicatorCode(c))
        } else {
            Err(format!(
                "code '{}' is ongeldig; gebruik 2 tot 60 kleine letters, cijfers en streepjes",
                s.trim()
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IndicatorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IndicatorCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        IndicatorCode::parse(&s)
    }
}

impl From<IndicatorCode> for String {
    fn from(c: IndicatorCode) -> String {
        c.0
    }
}

/// A value in a period: the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub value: f64,
    pub period: Period,
}

/// A range of acceptable values around a target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    low: f64,
    high: f64,
}

impl Band {
    pub fn new(low: f64, high: f64) -> Result<Band, String> {
        if low > high {
            return Err("de ondergrens van de bandbreedte is hoger dan de bovengrens".into());
        }
        Ok(Band { low, high })
    }
    pub fn low(self) -> f64 {
        self.low
    }
    pub fn high(self) -> f64 {
        self.high
    }
    pub fn contains(self, v: f64) -> bool {
        (self.low..=self.high).contains(&v)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub value: f64,
    pub period: Period,
    pub band: Option<Band>,
}

/// Values outside this range need a confirmation when they are entered.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PlausibleRange {
    min: Option<f64>,
    max: Option<f64>,
}

impl PlausibleRange {
    pub fn new(min: Option<f64>, max: Option<f64>) -> Result<PlausibleRange, String> {
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err(format!(
                    "het minimum ({}) is hoger dan het maximum ({})",
                    super::format_decimal(a, 4),
                    super::format_decimal(b, 4)
                ));
            }
        }
        Ok(PlausibleRange { min, max })
    }
    pub fn min(self) -> Option<f64> {
        self.min
    }
    pub fn max(self) -> Option<f64> {
        self.max
    }
    pub fn contains(self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
    /// "tussen 0 en 100", "vanaf 0", "tot en met 10", or "" when open.
    pub fn label_nl(self) -> String {
        let f = |v: f64| super::format_decimal(v, 4);
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("tussen {} en {}", f(a), f(b)),
            (Some(a), None) => format!("vanaf {}", f(a)),
            (None, Some(b)) => format!("tot en met {}", f(b)),
            (None, None) => String::new(),
        }
    }
}

/// An indicator as an editor or a CSV file writes it: text per field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorInput {
    pub code: String,
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub direction: String,
    pub source: String,
    pub area_level: String,
    pub frequency: String,
    pub baseline_value: String,
    pub baseline_period: String,
    pub target_value: String,
    pub target_period: String,
    pub band_low: String,
    pub band_high: String,
    pub plausible_min: String,
    pub plausible_max: String,
    pub computed: String,
}

/// A checked indicator definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDraft {
    pub code: IndicatorCode,
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub direction: Direction,
    pub source: String,
    pub area_level: AreaLevel,
    pub frequency: Granularity,
    pub baseline: Option<Reference>,
    pub target: Option<Target>,
    pub plausible: PlausibleRange,
    /// Computed from the case events instead of imported.
    pub computed: Option<ComputedRef>,
}

fn optional_number(s: &str) -> Result<Option<f64>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_decimal(s).map(Some)
    }
}

fn optional_period(s: &str) -> Result<Option<Period>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        Period::parse(s).map(Some)
    }
}

impl IndicatorInput {
    /// Checks every field and the fields together; every problem is reported
    /// with its field (the Dutch name of the form field and CSV column).
    pub fn validate(&self) -> Result<IndicatorDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &'static str, r: Result<(), String>| {
            if let Err(reason) = r {
                errors.push(FieldError { field, reason });
            }
        };
        let code = IndicatorCode::parse(&self.code);
        check("code", code.as_ref().map(|_| ()).map_err(Clone::clone));
        let required = |v: &str, what: &str| {
            if v.trim().is_empty() {
                Err(format!("vul {what} in"))
            } else if v.trim().chars().count() > 500 {
                Err(format!("{what} is te lang (hooguit 500 tekens)"))
            } else {
                Ok(())
            }
        };
        check("naam", required(&self.name, "een naam"));
        check(
            "eenheid",
            required(&self.unit, "een eenheid (bijvoorbeeld %, aantal of dagen)"),
        );
        check("bron", required(&self.source, "een bron"));
        check("definitie", required(&self.definition, "een definitie"));
        let direction = Direction::parse(&self.direction);
        check(
            "richting",
            direction.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let area_level = AreaLevel::parse(if self.area_level.trim().is_empty() {
            "gemeente"
        } else {
            &self.area_level
        });
        check(
            "gebiedsniveau",
            area_level.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let frequency = Granularity::parse(if self.frequency.trim().is_empty() {
            "jaar"
        } else {
            &self.frequency
        });
        check(
            "frequentie",
            frequency.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let pair = |v: &str, p: &str, what: &str| -> Result<Option<(f64, Period)>, String> {
            match (optional_number(v)?, optional_period(p)?) {
                (None, None) => Ok(None),
                (Some(v), Some(p)) => Ok(Some((v, p))),
                (Some(_), None) => Err(format!("geef ook de periode van de {what}")),
                (None, Some(_)) => Err(format!("geef ook de waarde van de {what}")),
            }
        };
        let baseline = pair(&self.baseline_value, &self.baseline_period, "nulmeting");
        check(
            "nulmeting",
            baseline.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let target = pair(&self.target_value, &self.target_period, "streefwaarde");
        check(
            "streefwaarde",
            target.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let band = match (
            optional_number(&self.band_low),
            optional_number(&self.band_high),
        ) {
            (Ok(None), Ok(None)) => Ok(None),
            (Ok(Some(l)), Ok(Some(h))) => Band::new(l, h).map(Some),
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => Err(
                "geef de bandbreedte met een onder- en een bovengrens, of laat beide leeg".into(),
            ),
        };
        check(
            "bandbreedte",
            band.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let plausible = match (
            optional_number(&self.plausible_min),
            optional_number(&self.plausible_max),
        ) {
            (Ok(a), Ok(b)) => PlausibleRange::new(a, b),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        check(
            "plausibel",
            plausible.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let computed = if self.computed.trim().is_empty() {
            Ok(None)
        } else {
            ComputedRef::parse(&self.computed).map(Some)
        };
        check(
            "berekend",
            computed.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let (
            Ok(code),
            Ok(direction),
            Ok(area_level),
            Ok(frequency),
            Ok(baseline),
            Ok(target),
            Ok(band),
            Ok(plausible),
            Ok(computed),
        ) = (
            code, direction, area_level, frequency, baseline, target, band, plausible, computed,
        )
        else {
            return Err(errors);
        };
        // Fields together.
        if let (Some(b), Some((tv, _))) = (band, target) {
            if !b.contains(tv) {
                errors.push(FieldError {
                    field: "bandbreedte",
                    reason: "de streefwaarde ligt niet binnen de bandbreedte".into(),
                });
            }
        }
        if band.is_some() && target.is_none() {
            errors.push(FieldError {
                field: "bandbreedte",
                reason: "een bandbreedte hoort bij een streefwaarde; vul die ook in".into(),
            });
        }
        if let (Some((_, bp)), Some((_, tp))) = (baseline, target) {
            if tp <= bp {
                errors.push(FieldError {
                    field: "streefwaarde",
                    reason: format!(
                        "de periode van de streefwaarde ({}) moet na die van de nulmeting ({}) liggen",
                        tp.label_nl(),
                        bp.label_nl()
                    ),
                });
            }
        }
        for (field, v) in [("nulmeting", baseline), ("streefwaarde", target)] {
            if let Some((v, _)) = v {
                if !plausible.contains(v) {
                    errors.push(FieldError {
                        field,
                        reason: format!(
                            "de waarde ligt buiten het plausibele bereik ({})",
                            plausible.label_nl()
                        ),
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(IndicatorDraft {
            code,
            name: self.name.trim().to_string(),
            definition: self.definition.trim().to_string(),
            unit: self.unit.trim().to_string(),
            direction,
            source: self.source.trim().to_string(),
            area_level,
            frequency,
            baseline: baseline.map(|(value, period)| Reference { value, period }),
            target: target.map(|(value, period)| Target {
                value,
                period,
                band,
            }),
            plausible,
            computed,
        })
    }
}

impl IndicatorDraft {
    /// The text form again (for the editor and the CSV export).
    pub fn to_input(&self) -> IndicatorInput {
        let num = |v: Option<f64>| v.map(super::format_plain).unwrap_or_default();
        IndicatorInput {
            code: self.code.to_string(),
            name: self.name.clone(),
            definition: self.definition.clone(),
            unit: self.unit.clone(),
            direction: self.direction.code().into(),
            source: self.source.clone(),
            area_level: self.area_level.code().into(),
            frequency: self.frequency.code().into(),
            baseline_value: num(self.baseline.map(|b| b.value)),
            baseline_period: self.baseline.map(|b| b.period.code()).unwrap_or_default(),
            target_value: num(self.target.map(|t| t.value)),
            target_period: self.target.map(|t| t.period.code()).unwrap_or_default(),
            band_low: num(self.target.and_then(|t| t.band).map(|b| b.low)),
            band_high: num(self.target.and_then(|t| t.band).map(|b| b.high)),
            plausible_min: num(self.plausible.min),
            plausible_max: num(self.plausible.max),
            computed: self.computed.map(|c| c.code()).unwrap_or_default(),
        }
    }

    /// Is `v` at least as good as `than`, in this indicator's direction?
    fn at_least_as_good(&self, v: f64, than: f64) -> bool {
        match self.direction {
            Direction::HigherIsBetter => v >= than,
            Direction::LowerIsBetter => v <= than,
            Direction::Neutral => (v - than).abs() < f64::EPSILON,
        }
    }

    /// The status of this indicator given its newest figure.
    ///
    /// Reached: inside the band, or at least as good as the target. On track:
    /// at least as good as the straight line from the baseline to the target
    /// at the figure's period. Behind: otherwise (also when the target's
    /// period has passed, or there is no baseline to draw the line from).
    pub fn status(&self, latest: Option<(Period, f64)>) -> Status {
        let Some((period, v)) = latest else {
            return Status::NoData;
        };
        let Some(target) = self.target else {
            return Status::NoTarget;
        };
        let reached = match target.band {
            Some(b) => b.contains(v),
            None if self.direction == Direction::Neutral => return Status::NoTarget,
            None => self.at_least_as_good(v, target.value),
        };
        if reached {
            return Status::Reached;
        }
        let Some(base) = self.baseline else {
            return Status::Behind;
        };
        if period >= target.period || self.direction == Direction::Neutral {
            return Status::Behind;
        }
        let (x0, x1, x) = (
            base.period.midpoint(),
            target.period.midpoint(),
            period.midpoint(),
        );
        let share = ((x - x0) / (x1 - x0)).clamp(0.0, 1.0);
        let expected = base.value + (target.value - base.value) * share;
        if self.at_least_as_good(v, expected) {
            Status::OnTrack
        } else {
            Status::Behind
        }
    }
}

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Reached,
    OnTrack,
    Behind,
    NoTarget,
    NoData,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Reached => "gehaald",
            Status::OnTrack => "op-koers",
            Status::Behind => "achter",
            Status::NoTarget => "geen-streefwaarde",
            Status::NoData => "geen-meting",
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            Status::Reached => "Streefwaarde gehaald",
            Status::OnTrack => "Op koers",
            Status::Behind => "Achter op schema",
            Status::NoTarget => "Geen streefwaarde",
            Status::NoData => "Nog geen meting",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> IndicatorInput {
        IndicatorInput {
            code: "voorkant".into(),
            name: "Vragen beantwoord aan de voorkant".into(),
            definition: "Deel van de afgesloten vragen zonder traject, in laag 1 tot en met 3"
                .into(),
            unit: "%".into(),
            direction: "hoger".into(),
            source: "Registratie Kompas".into(),
            area_level: "wijk".into(),
            frequency: "kwartaal".into(),
            baseline_value: "60".into(),
            baseline_period: "2024-K1".into(),
            target_value: "70".into(),
            target_period: "2026-K1".into(),
            plausible_min: "0".into(),
            plausible_max: "100".into(),
            ..IndicatorInput::default()
        }
    }

    fn q(y: i32, k: u32) -> Period {
        Period::quarter(y, k).unwrap()
    }

    #[test]
    fn a_complete_indicator_validates_and_round_trips() {
        let d = input().validate().unwrap();
        assert_eq!(d.frequency, Granularity::Quarter);
        assert_eq!(d.area_level, AreaLevel::Wijk);
        assert_eq!(d.to_input().validate().unwrap(), d);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = IndicatorInput {
            code: "Met Spaties".into(),
            name: "".into(),
            direction: "omhoog".into(),
            baseline_value: "zestig".into(),
            target_value: "70".into(),
            target_period: "".into(),
            plausible_min: "10".into(),
            plausible_max: "5".into(),
            computed: "bestaat-niet".into(),
            ..input()
        };
        let fields: Vec<&str> = bad
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        for f in [
            "code",
            "naam",
            "richting",
            "nulmeting",
            "streefwaarde",
            "plausibel",
            "berekend",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn fields_are_checked_together() {
        let outside = IndicatorInput {
            target_value: "120".into(),
            ..input()
        };
        assert!(outside.validate().unwrap_err()[0]
            .reason
            .contains("plausibele"));
        let backwards = IndicatorInput {
            target_period: "2023-K1".into(),
            ..input()
        };
        assert!(backwards.validate().unwrap_err()[0]
            .reason
            .contains("na die van de nulmeting"));
        let band = IndicatorInput {
            band_low: "72".into(),
            band_high: "80".into(),
            ..input()
        };
        assert!(band.validate().unwrap_err()[0]
            .reason
            .contains("binnen de bandbreedte"));
    }

    #[test]
    fn status_follows_the_line_from_baseline_to_target() {
        let d = input().validate().unwrap();
        // Halfway in time (2025-K1) the line is at 65.
        assert_eq!(d.status(Some((q(2025, 1), 66.0))), Status::OnTrack);
        assert_eq!(d.status(Some((q(2025, 1), 64.0))), Status::Behind);
        assert_eq!(d.status(Some((q(2025, 1), 71.0))), Status::Reached);
        assert_eq!(
            d.status(Some((q(2026, 2), 69.0))),
            Status::Behind,
            "deadline passed"
        );
        assert_eq!(d.status(None), Status::NoData);
        let lower = IndicatorInput {
            direction: "lager".into(),
            baseline_value: "20".into(),
            target_value: "10".into(),
            ..input()
        }
        .validate()
        .unwrap();
        assert_eq!(lower.status(Some((q(2025, 1), 14.0))), Status::OnTrack);
        assert_eq!(lower.status(Some((q(2025, 1), 16.0))), Status::Behind);
        assert_eq!(lower.status(Some((q(2025, 1), 9.0))), Status::Reached);
        let banded = IndicatorInput {
            band_low: "68".into(),
            band_high: "75".into(),
            ..input()
        }
        .validate()
        .unwrap();
        assert_eq!(banded.status(Some((q(2025, 3), 74.0))), Status::Reached);
        assert_eq!(
            banded.status(Some((q(2025, 3), 80.0))),
            Status::OnTrack,
            "above the band is still better than the line"
        );
        let no_target = IndicatorInput {
            target_value: "".into(),
            target_period: "".into(),
            ..input()
        }
        .validate()
        .unwrap();
        assert_eq!(no_target.status(Some((q(2025, 1), 1.0))), Status::NoTarget);
    }
}
