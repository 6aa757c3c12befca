//! The monitor (DESIGN.md §3): the goal tree with baselines and targets,
//! measurements per period and area, the case events from the registrations,
//! the indicators computed from them and the protection of small numbers.

pub mod area;
pub mod engine;
pub mod event;
pub mod goal_tree;
pub mod measurement;
pub mod period;
pub mod record;
pub mod suppression;

pub use area::{AreaCode, AreaLevel};
pub use event::{
    CaseEvent, CaseId, Channel, DecisionId, DeclineReason, DomainScore, EventKind, EventRow,
    GoalOutcome, HouseholdId, LayerChange, OnPath, PathId, QuestionId, QuestionOutcome, ReferralId,
};
pub use goal_tree::{
    Band, Direction, GoalKind, IndicatorCode, IndicatorDraft, IndicatorInput, PlausibleRange,
    Reference, Status, Target,
};
pub use measurement::{MeasurementDraft, MeasurementInput};
pub use period::{Granularity, Period};
pub use record::{Goal, GoalInput, Indicator, Measurement, Scope};
pub use suppression::SuppressionPolicy;

/// Reads a number as Dutch and machine files write it: `4,7`, `4.7`, `-12`,
/// `1.234,5` (a dot before a comma groups thousands).
pub fn parse_decimal(s: &str) -> Result<f64, String> {
    let t = s.trim().replace([' ', '\u{a0}'], "");
    let normal = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t.clone()
    };
    let ok = !normal.is_empty()
        && normal
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')))
        && normal.matches('.').count() <= 1;
    match normal.parse::<f64>() {
        Ok(v) if ok && v.is_finite() => Ok(v),
        _ => Err(format!("'{}' is geen getal", s.trim())),
    }
}

/// A number the Dutch way, with at most `decimals` decimals and no trailing
/// zeros: `4,2`, `1.234`, `-0,5`.
pub fn format_decimal(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if grouped.chars().all(|c| c == '0' || c == '.') && frac.is_empty() {
        ""
    } else {
        sign
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A number for files: a decimal comma, no thousands grouping, at most six
/// decimals (`1234,5`), read back by [`parse_decimal`].
pub fn format_plain(v: f64) -> String {
    format_decimal(v, 6).replace('.', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_machine_numbers_both_parse() {
        assert_eq!(parse_decimal("4,7"), Ok(4.7));
        assert_eq!(parse_decimal("4.7"), Ok(4.7));
        assert_eq!(parse_decimal(" -12 "), Ok(-12.0));
        assert_eq!(parse_decimal("1.234,5"), Ok(1234.5));
        for bad in ["", "vier", "1,2,3", "4.7.1", "1e5", "NaN", "inf", "4-"] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_are_written_the_dutch_way() {
        assert_eq!(format_decimal(4.2, 1), "4,2");
        assert_eq!(format_decimal(4.0, 1), "4");
        assert_eq!(format_decimal(1234.56, 1), "1.234,6");
        assert_eq!(format_decimal(-0.04, 1), "0");
        assert_eq!(format_decimal(-12.5, 1), "-12,5");
        assert_eq!(format_decimal(1_000_000.0, 0), "1.000.000");
        assert_eq!(format_plain(1234.5), "1234,5");
        assert_eq!(parse_decimal(&format_plain(-0.125)), Ok(-0.125));
    }
}
