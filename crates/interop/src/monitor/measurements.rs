//! Measurements as CSV: `periode;gebied;indicator;waarde;bron;voorlopig;opmerking`
//! (English names work too). All or nothing: an unknown area, indicator or
//! period refuses the file with row and reason; a value outside the
//! indicator's plausible range is stored only when confirmed.

use super::{cell, write_csv, ImportReport, RowError, Table};
use kompas_domain::monitor::{
    AreaCode, Indicator, Measurement, MeasurementDraft, MeasurementInput,
};
use std::collections::{HashMap, HashSet};

pub const HEADERS: [&str; 7] = [
    "periode",
    "gebied",
    "indicator",
    "waarde",
    "bron",
    "voorlopig",
    "opmerking",
];

/// Reads the rows of a measurement CSV.
pub fn parse(text: &str) -> Result<Vec<(usize, MeasurementInput)>, Vec<RowError>> {
    let table = Table::parse(text).map_err(|e| vec![e])?;
    let cols = table.require(&[
        ("periode", &["period", "perioden"]),
        ("gebied", &["gebiedscode", "area", "area_code", "regiocode"]),
        ("indicator", &["indicator_code", "code"]),
        ("waarde", &["value"]),
    ])?;
    let source = table.column(&["bron", "source"]);
    let provisional = table.column(&["voorlopig", "provisional"]);
    let note = table.column(&["opmerking", "toelichting", "note"]);
    Ok(table
        .rows
        .iter()
        .map(|(row, cells)| {
            (
                *row,
                MeasurementInput {
                    period: cell(cells, cols[0]),
                    area: cell(cells, cols[1]),
                    indicator: cell(cells, cols[2]),
                    value: cell(cells, cols[3]),
                    source: cell(cells, source),
                    provisional: cell(cells, provisional),
                    note: cell(cells, note),
                },
            )
        })
        .collect())
}

/// A checked row ready to store.
pub struct Checked {
    pub indicator_id: i64,
    pub municipality_id: i64,
    pub draft: MeasurementDraft,
}

/// Checks rows against the tree of `scope`. Returns what may be stored, the
/// errors and the rows that need a confirmation.
pub fn check(
    rows: &[(usize, MeasurementInput)],
    indicators: &[Indicator],
    areas: &HashMap<String, i64>,
) -> (Vec<Checked>, Vec<RowError>, Vec<RowError>) {
    let by_code: HashMap<&str, &Indicator> = indicators
        .iter()
        .map(|i| (i.draft.code.as_str(), i))
        .collect();
    let (mut ok, mut errors, mut confirm) = (Vec::new(), Vec::new(), Vec::new());
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (row, input) in rows {
        let ind = by_code
            .get(input.indicator.trim().to_lowercase().as_str())
            .copied();
        if let Some(i) = ind.filter(|i| i.draft.computed.is_some()) {
            errors.push(RowError {
                row: *row,
                column: "indicator".into(),
                reason: format!(
                    "{} wordt berekend uit de registratie; daar horen geen ingevoerde metingen bij",
                    i.draft.code
                ),
            });
            continue;
        }
        match input.validate(ind.map(|i| &i.draft), |a: &AreaCode| {
            areas.contains_key(a.as_str())
        }) {
            Err(fields) => errors.extend(fields.into_iter().map(|f| RowError {
                row: *row,
                column: f.field.to_string(),
                reason: f.reason,
            })),
            Ok((draft, warning)) => {
                let key = (
                    draft.indicator.to_string(),
                    draft.period.code(),
                    draft.area.to_string(),
                );
                if let Some(first) = seen.insert(key, *row) {
                    errors.push(RowError {
                        row: *row,
                        column: "indicator".into(),
                        reason: format!(
                            "dezelfde indicator, periode en gebied staan ook op regel {first}"
                        ),
                    });
                    continue;
                }
                if let Some(w) = warning {
                    confirm.push(RowError {
                        row: *row,
                        column: "waarde".into(),
                        reason: w,
                    });
                }
                if let (Some(i), Some(m)) = (ind, areas.get(draft.area.as_str())) {
                    ok.push(Checked {
                        indicator_id: i.id,
                        municipality_id: *m,
                        draft,
                    });
                }
            }
        }
    }
    (ok, errors, confirm)
}

/// Reads and checks a measurement CSV against the tree's `indicators` and
/// the `areas` it may hold figures for. The rows come back only when they
/// may be stored: no errors, and values outside the plausible range
/// `confirmed`.
pub fn review(
    text: &str,
    indicators: &[Indicator],
    areas: &HashMap<String, i64>,
    confirmed: bool,
) -> (ImportReport, Option<Vec<Checked>>) {
    let mut report = ImportReport::default();
    let rows = match parse(text) {
        Ok(r) => r,
        Err(e) => {
            report.errors = e;
            return (report, None);
        }
    };
    report.rows = rows.len();
    let (ok, errors, confirm) = check(&rows, indicators, areas);
    report.errors = errors;
    report.to_confirm = confirm;
    if !report.errors.is_empty() || (!report.to_confirm.is_empty() && !confirmed) {
        return (report, None);
    }
    let indicators_touched: HashSet<i64> = ok.iter().map(|c| c.indicator_id).collect();
    report.notes.push(format!(
        "{} metingen voor {} indicatoren",
        ok.len(),
        indicators_touched.len()
    ));
    (report, Some(ok))
}

/// The measurements of an indicator as CSV (the same columns as the import).
pub fn to_csv(code: &str, list: &[Measurement]) -> String {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|m| {
            vec![
                m.period.code(),
                m.area.to_string(),
                code.to_string(),
                kompas_domain::monitor::format_plain(m.value),
                m.source.clone(),
                if m.provisional { "ja" } else { "nee" }.to_string(),
                m.note.clone(),
            ]
        })
        .collect();
    write_csv(&HEADERS, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::monitor::{IndicatorInput, Scope};

    fn indicator(id: i64, code: &str, computed: &str) -> Indicator {
        Indicator {
            id,
            scope: Scope::Municipality(1),
            goal_id: None,
            draft: IndicatorInput {
                code: code.into(),
                name: "x".into(),
                definition: "x".into(),
                unit: "%".into(),
                direction: "lager".into(),
                source: "CBS".into(),
                area_level: "wijk".into(),
                frequency: "jaar".into(),
                plausible_min: "0".into(),
                plausible_max: "100".into(),
                computed: computed.into(),
                ..IndicatorInput::default()
            }
            .validate()
            .unwrap(),
            position: 1,
            updated_at: String::new(),
        }
    }

    #[test]
    fn rows_are_checked_all_together() {
        let text = "periode;gebied;indicator;waarde;voorlopig\n\
                    2024;GM9901;bijstand;2,6;nee\n\
                    2024;WK990199;bijstand;3;nee\n\
                    2024-13;WK990101;bijstand;3;nee\n\
                    2024;WK990101;onbekend;3;nee\n\
                    2024;WK990101;bijstand;300;ja\n\
                    2024;GM9901;bijstand;2,7;nee\n\
                    2024;GM9901;voorkant;50;nee\n";
        let rows = parse(text).unwrap();
        let areas = HashMap::from([("GM9901".to_string(), 1), ("WK990101".to_string(), 1)]);
        let (ok, errors, confirm) = check(
            &rows,
            &[
                indicator(1, "bijstand", ""),
                indicator(2, "voorkant", "voorkant"),
            ],
            &areas,
        );
        let e: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            e.iter()
                .any(|t| t.starts_with("regel 3, kolom gebied") && t.contains("onbekend")),
            "{e:?}"
        );
        assert!(
            e.iter().any(|t| t.starts_with("regel 4, kolom periode")),
            "{e:?}"
        );
        assert!(
            e.iter().any(|t| t.starts_with("regel 5, kolom indicator")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|t| t.starts_with("regel 7") && t.contains("ook op regel 2")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|t| t.starts_with("regel 8") && t.contains("berekend")),
            "{e:?}"
        );
        assert_eq!(confirm.len(), 1);
        assert_eq!(confirm[0].row, 6);
        assert_eq!(ok.len(), 2, "row 2 and the implausible row 6");
    }

    #[test]
    fn exported_measurements_import_again() {
        let m = Measurement {
            id: 1,
            indicator_id: 1,
            municipality_id: 1,
            period: kompas_domain::monitor::Period::parse("2024").unwrap(),
            area: AreaCode::parse("GM9901").unwrap(),
            value: 1234.5,
            source: "CBS".into(),
            provisional: true,
            series_break: false,
            note: "eerste; schatting".into(),
            entered_by: "x".into(),
            entered_at: String::new(),
        };
        let rows = parse(&to_csv("bijstand", &[m])).unwrap();
        assert_eq!(rows[0].1.value, "1234,5");
        assert_eq!(rows[0].1.note, "eerste; schatting");
        assert_eq!(rows[0].1.provisional, "ja");
    }
}
