//! CBS *Kerncijfers wijken en buurten* (KWB) files as measurements.
//!
//! What these files do that a plain CSV does not:
//! - codes are padded to ten characters (`'GM0034    '`);
//! - a column's name carries a suffix that changes per edition
//!   (`WmoClienten_89` in 2019–2022, `_98` in 2023, `_93` in 2024), and files
//!   that stack editions hold several columns of one name stem, each filled in
//!   its own years: we map on the stem and take the filled one;
//! - the area division changes between years (`IndelingswijzigingWijkenEnBuurten`:
//!   1 unchanged, 2 code changed, 3 boundaries changed): such a figure is
//!   stored with a series break, so a trend does not connect it to earlier years;
//! - "." or an empty cell is a figure CBS did not publish (too small).
//!
//! Some copies lost the decimal separator of percentage columns (`114` for
//! 11.4). Such a value is read as `n` or `n / 10`, whichever lies closest to
//! the percentage computed from the counts in the same row.

use super::{ImportReport, RowError, Table};
use kompas_domain::monitor::{
    parse_decimal, AreaCode, AreaLevel, IndicatorDraft, IndicatorInput, MeasurementDraft, Period,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const SOURCE: &str = "CBS Kerncijfers wijken en buurten";

/// A KWB column we import: its name stem and the indicator it feeds.
pub struct CbsColumn {
    pub stem: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
    pub unit: &'static str,
    pub direction: &'static str,
    pub max: &'static str,
    /// A percentage whose decimal separator may be lost in the file.
    pub percentage: bool,
}

pub const COLUMNS: [CbsColumn; 7] = [
    CbsColumn {
        stem: "aantalinwoners",
        code: "cbs-inwoners",
        name: "Inwoners",
        definition: "Aantal inwoners op 1 januari",
        unit: "aantal",
        direction: "geen",
        max: "5000000",
        percentage: false,
    },
    CbsColumn {
        stem: "huishoudenstotaal",
        code: "cbs-huishoudens",
        name: "Huishoudens",
        definition: "Aantal particuliere huishoudens op 1 januari",
        unit: "aantal",
        direction: "geen",
        max: "3000000",
        percentage: false,
    },
    CbsColumn {
        stem: "wmoclienten",
        code: "cbs-wmo-clienten",
        name: "Wmo-cliënten",
        definition: "Inwoners met een maatwerkvoorziening uit de Wmo",
        unit: "aantal",
        direction: "geen",
        max: "1000000",
        percentage: false,
    },
    CbsColumn {
        stem: "wmoclientenrelatief",
        code: "cbs-wmo-clienten-per-1000",
        name: "Wmo-cliënten per 1.000 inwoners",
        definition: "Inwoners met een maatwerkvoorziening uit de Wmo per 1.000 inwoners",
        unit: "per 1.000 inwoners",
        direction: "lager",
        max: "1000",
        percentage: false,
    },
    CbsColumn {
        stem: "jongerenmetjeugdzorginnatura",
        code: "cbs-jongeren-jeugdzorg",
        name: "Jongeren met jeugdzorg",
        definition: "Jongeren tot 23 jaar met jeugdzorg in natura",
        unit: "aantal",
        direction: "geen",
        max: "1000000",
        percentage: false,
    },
    CbsColumn {
        stem: "percentagejongerenmetjeugdzorg",
        code: "cbs-jongeren-jeugdzorg-pct",
        name: "Jongeren met jeugdzorg (%)",
        definition:
            "Jongeren tot 23 jaar met jeugdzorg in natura, als deel van alle jongeren tot 23 jaar",
        unit: "%",
        direction: "lager",
        max: "100",
        percentage: true,
    },
    CbsColumn {
        stem: "personenpersoortuitkeringbijstand",
        code: "cbs-bijstand",
        name: "Personen met bijstand",
        definition: "Personen met een bijstandsuitkering",
        unit: "aantal",
        direction: "geen",
        max: "1000000",
        percentage: false,
    },
];

impl CbsColumn {
    pub fn indicator(&self) -> Result<IndicatorDraft, String> {
        IndicatorInput {
            code: self.code.into(),
            name: self.name.into(),
            definition: self.definition.into(),
            unit: self.unit.into(),
            direction: self.direction.into(),
            source: SOURCE.into(),
            area_level: "buurt".into(),
            frequency: "jaar".into(),
            plausible_min: "0".into(),
            plausible_max: self.max.into(),
            ..IndicatorInput::default()
        }
        .validate()
        .map_err(|e| format!("CBS-indicator {}: {}", self.code, e[0].reason))
    }
}

/// One area in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CbsRow {
    pub row: usize,
    pub period: Period,
    pub area: AreaCode,
    /// 1 unchanged, 2 code changed, 3 boundaries changed.
    pub change: Option<u8>,
    /// (index in COLUMNS, value)
    pub values: Vec<(usize, f64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CbsFile {
    pub rows: Vec<CbsRow>,
    /// Rows for the whole country or other non-area codes.
    pub skipped: usize,
    /// Percentages read as n / 10 because the separator was lost.
    pub repaired: usize,
    /// Which file columns fed each stem.
    pub columns: BTreeMap<&'static str, Vec<String>>,
}

fn stem_of(header: &str) -> &str {
    match header.rsplit_once('_') {
        Some((s, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => s,
        _ => header,
    }
}

fn value(cells: &[String], cols: &[usize]) -> Result<Option<f64>, String> {
    for c in cols {
        let raw = cells.get(*c).map(|s| s.trim()).unwrap_or_default();
        if raw.is_empty() || raw == "." {
            continue;
        }
        return parse_decimal(raw).map(Some);
    }
    Ok(None)
}

/// Reads a KWB file.
pub fn read(text: &str) -> Result<CbsFile, Vec<RowError>> {
    let table = Table::parse(text).map_err(|e| vec![e])?;
    let by_stem = |stem: &str| -> Vec<usize> {
        table
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| stem_of(h) == stem)
            .map(|(i, _)| i)
            .collect()
    };
    let missing = |what: &str| RowError {
        row: 1,
        column: what.into(),
        reason: format!(
            "dit lijkt geen CBS-bestand Kerncijfers wijken en buurten: de kolom {what} ontbreekt"
        ),
    };
    let period_col = table
        .column(&["peildatum", "perioden"])
        .ok_or_else(|| vec![missing("Peildatum")])?;
    let area_col = table
        .column(&["wijkenenbuurten", "regioaanduiding"])
        .or_else(|| by_stem("codering").first().copied())
        .ok_or_else(|| vec![missing("WijkenEnBuurten")])?;
    let change_cols: Vec<usize> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("indelingswijziging"))
        .map(|(i, _)| i)
        .collect();
    let stem_cols: Vec<Vec<usize>> = COLUMNS.iter().map(|c| by_stem(c.stem)).collect();
    let (young, young_adult) = (by_stem("k_0tot15jaar"), by_stem("k_15tot25jaar"));
    let mut file = CbsFile::default();
    for (c, cols) in COLUMNS.iter().zip(&stem_cols) {
        file.columns.insert(
            c.stem,
            cols.iter().map(|i| table.headers[*i].clone()).collect(),
        );
    }
    if stem_cols.iter().all(Vec::is_empty) {
        return Err(vec![RowError {
            row: 1,
            column: String::new(),
            reason: format!(
                "geen bekende kolommen gevonden; verwacht onder meer {}",
                COLUMNS
                    .iter()
                    .map(|c| c.stem)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }]);
    }
    let mut errors = Vec::new();
    for (row, cells) in &table.rows {
        let err = |column: &str, reason: String| RowError {
            row: *row,
            column: column.into(),
            reason,
        };
        let Ok(area) = AreaCode::parse(&super::cell(cells, Some(area_col))) else {
            file.skipped += 1;
            continue;
        };
        let period = match Period::parse(&super::cell(cells, Some(period_col))) {
            Ok(p) => Period::year(p.year_number()).unwrap_or(p),
            Err(e) => {
                errors.push(err("Peildatum", e));
                continue;
            }
        };
        let change = value(cells, &change_cols).ok().flatten().map(|v| v as u8);
        let mut values = Vec::new();
        for (i, cols) in stem_cols.iter().enumerate() {
            match value(cells, cols) {
                Ok(Some(v)) => values.push((i, v)),
                Ok(None) => {}
                Err(e) => errors.push(err(COLUMNS[i].stem, e)),
            }
        }
        // Percentages that lost their separator: pick n or n/10 by the counts.
        for (i, cols) in stem_cols.iter().enumerate() {
            if !COLUMNS[i].percentage {
                continue;
            }
            let raw_has_separator = cols.iter().any(|c| {
                cells
                    .get(*c)
                    .is_some_and(|s| s.contains([',', '.']) && s.trim() != ".")
            });
            let count = values
                .iter()
                .find(|(j, _)| COLUMNS[*j].stem == "jongerenmetjeugdzorginnatura")
                .map(|(_, v)| *v);
            let base = match (value(cells, &young), value(cells, &young_adult)) {
                (Ok(Some(a)), Ok(Some(b))) => Some(a + 0.8 * b),
                _ => None,
            };
            if let (Some(slot), Some(count), Some(base), false) = (
                values.iter_mut().find(|(j, _)| *j == i),
                count,
                base,
                raw_has_separator,
            ) {
                if base > 0.0 && slot.1 > 0.0 {
                    let expected = 100.0 * count / base;
                    let off = |v: f64| (v / expected).ln().abs();
                    if off(slot.1 / 10.0) < off(slot.1) {
                        slot.1 /= 10.0;
                        file.repaired += 1;
                    }
                }
            }
        }
        file.rows.push(CbsRow {
            row: *row,
            period,
            area,
            change,
            values,
        });
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(errors)
    }
}

fn area_name(a: &AreaCode) -> String {
    let d = &a.as_str()[6..];
    match a.level() {
        AreaLevel::Wijk => format!("Wijk {d}"),
        AreaLevel::Buurt => format!("Buurt {d}"),
        AreaLevel::Municipality => a.to_string(),
    }
}

fn change_note(change: Option<u8>) -> (&'static str, bool) {
    match change {
        Some(2) => ("Gebiedscode gewijzigd ten opzichte van het jaar ervoor.", true),
        Some(3) => (
            "Grenzen gewijzigd ten opzichte van het jaar ervoor: niet te vergelijken met eerdere jaren.",
            true,
        ),
        _ => ("", false),
    }
}

/// A KWB file read, with the CBS code of the municipality to import into:
/// `municipality` when given, else the one municipality the file holds.
/// Otherwise the report that refuses the file.
pub fn open(text: &str, municipality: Option<&str>) -> Result<(CbsFile, String), ImportReport> {
    let mut report = ImportReport::default();
    let file = match read(text) {
        Ok(f) => f,
        Err(e) => {
            report.errors = e;
            return Err(report);
        }
    };
    let in_file: BTreeSet<String> = file
        .rows
        .iter()
        .map(|r| r.area.municipality().to_string())
        .collect();
    let code = match municipality {
        Some(c) => c.trim().to_uppercase(),
        None if in_file.len() == 1 => in_file.iter().next().cloned().unwrap_or_default(),
        None => {
            report.rows = file.rows.len() + file.skipped;
            report.errors.push(RowError {
                row: 0,
                column: String::new(),
                reason: format!(
                    "het bestand bevat {} gemeenten ({}); kies er een met --gemeente",
                    in_file.len(),
                    in_file.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
            return Err(report);
        }
    };
    Ok((file, code))
}

/// The report for a municipality that Kompas does not know.
pub fn unknown_municipality(file: &CbsFile, code: &str) -> ImportReport {
    ImportReport {
        rows: file.rows.len() + file.skipped,
        errors: vec![RowError {
            row: 0,
            column: String::new(),
            reason: format!("gemeente {code} bestaat niet in Kompas; voeg haar eerst toe met 'kompas municipality'"),
        }],
        ..ImportReport::default()
    }
}

/// The municipality a file is imported into.
pub struct Target<'a> {
    pub id: i64,
    pub name: &'a str,
    pub cbs_code: &'a str,
}

/// A new wijk or buurt: code, name and kind (`wijk` or `buurt`).
pub type NewArea = (AreaCode, String, &'static str);

/// What an import writes: indicators (index in `COLUMNS` with the stored id,
/// if any), new areas, and per value the index in `COLUMNS` and the draft.
#[derive(Debug, Default)]
pub struct CbsPlan {
    pub indicators: Vec<(usize, Option<i64>)>,
    pub areas: Vec<NewArea>,
    pub measurements: Vec<(usize, MeasurementDraft)>,
}

/// Plans the import of `file` into `m`, given the owners of the areas Kompas
/// knows (code → municipality id) and the tree's indicators (code → id).
/// The plan is only for writing when the report has no errors.
pub fn plan(
    file: &CbsFile,
    m: &Target<'_>,
    known_areas: &HashMap<String, i64>,
    existing: &HashMap<String, i64>,
) -> Result<(ImportReport, CbsPlan), String> {
    let mut report = ImportReport {
        rows: file.rows.len() + file.skipped,
        ..ImportReport::default()
    };
    let rows: Vec<&CbsRow> = file
        .rows
        .iter()
        .filter(|r| r.area.municipality().as_str() == m.cbs_code)
        .collect();
    for r in &rows {
        if let Some(owner) = known_areas.get(r.area.as_str()) {
            if *owner != m.id {
                report.errors.push(RowError {
                    row: r.row,
                    column: "WijkenEnBuurten".into(),
                    reason: format!("gebied {} hoort in Kompas bij een andere gemeente", r.area),
                });
            }
        }
    }
    if !report.errors.is_empty() {
        return Ok((report, CbsPlan::default()));
    }
    let used: BTreeSet<usize> = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|(i, _)| *i))
        .collect();
    let new_areas: BTreeSet<&AreaCode> = rows
        .iter()
        .map(|r| &r.area)
        .filter(|a| a.level() != AreaLevel::Municipality && !known_areas.contains_key(a.as_str()))
        .collect();
    report.notes = notes(file, m, &rows, &used, &new_areas, existing);
    let mut plan = CbsPlan {
        indicators: used
            .iter()
            .map(|i| (*i, existing.get(COLUMNS[*i].code).copied()))
            .collect(),
        ..CbsPlan::default()
    };
    for a in new_areas {
        let kind = if a.level() == AreaLevel::Wijk {
            "wijk"
        } else {
            "buurt"
        };
        plan.areas.push((a.clone(), area_name(a), kind));
    }
    for r in &rows {
        let (note, series_break) = change_note(r.change);
        for (i, v) in &r.values {
            let draft = MeasurementDraft {
                indicator: COLUMNS[*i].indicator()?.code,
                period: r.period,
                area: r.area.clone(),
                value: *v,
                source: SOURCE.into(),
                provisional: false,
                note: note.into(),
                series_break: series_break && r.area.level() != AreaLevel::Municipality,
            };
            plan.measurements.push((*i, draft));
        }
    }
    Ok((report, plan))
}

/// What the import of `rows` does, in plain Dutch.
fn notes(
    file: &CbsFile,
    m: &Target<'_>,
    rows: &[&CbsRow],
    used: &BTreeSet<usize>,
    new_areas: &BTreeSet<&AreaCode>,
    existing: &HashMap<String, i64>,
) -> Vec<String> {
    let mut notes = Vec::new();
    let other = file.rows.len() - rows.len();
    let years: BTreeSet<i32> = rows.iter().map(|r| r.period.year_number()).collect();
    let breaks: Vec<String> = rows
        .iter()
        .filter(|r| change_note(r.change).1 && r.area.level() == AreaLevel::Wijk)
        .map(|r| format!("{} ({})", r.area, r.period))
        .collect();
    let count: usize = rows.iter().map(|r| r.values.len()).sum();
    notes.push(format!(
        "{} regels van {} ({}), jaren {}, {count} waarden",
        rows.len(),
        m.name,
        m.cbs_code,
        years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if other > 0 {
        notes.push(format!("{other} regels van andere gemeenten overgeslagen"));
    }
    if file.skipped > 0 {
        notes.push(format!(
            "{} regels zonder gemeente-, wijk- of buurtcode overgeslagen (bijvoorbeeld Nederland)",
            file.skipped
        ));
    }
    for (stem, cols) in &file.columns {
        if !cols.is_empty() {
            notes.push(format!("{stem}: kolommen {}", cols.join(", ")));
        }
    }
    let created: Vec<&str> = used
        .iter()
        .map(|i| COLUMNS[*i].code)
        .filter(|c| !existing.contains_key(*c))
        .collect();
    if !created.is_empty() {
        notes.push(format!(
            "nieuwe indicatoren (nog niet in de doelenboom): {}",
            created.join(", ")
        ));
    }
    if !new_areas.is_empty() {
        notes.push(format!("{} nieuwe wijken en buurten", new_areas.len()));
    }
    if !breaks.is_empty() {
        notes.push(format!(
            "indeling {} keer gewijzigd bij een wijk, bijvoorbeeld {}: daar begint een nieuwe reeks",
            breaks.len(),
            breaks
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if file.repaired > 0 {
        notes.push(format!(
            "{} percentages zonder decimaalteken gelezen als tienden (bijvoorbeeld 114 als 11,4)",
            file.repaired
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_makes_a_valid_indicator() {
        for c in &COLUMNS {
            assert_eq!(c.indicator().unwrap().code.as_str(), c.code);
        }
    }

    #[test]
    fn stems_padded_codes_missing_figures_and_lost_separators() {
        let text = "ID;Peildatum;WijkenEnBuurten;IndelingswijzigingWijkenEnBuurten_4;k_0Tot15Jaar_8;k_15Tot25Jaar_9;WmoClienten_89;WmoClienten_98;JongerenMetJeugdzorgInNatura_87;PercentageJongerenMetJeugdzorg_88\n\
                    1;1-1-2022;GM0034    ;.;40000;27000;11940;;6680;108\n\
                    2;1-1-2023;WK003401  ;3;300;200;;195;35;7\n\
                    3;1-1-2023;NL01      ;;;;;;;\n\
                    4;1-1-2023;BU00340101;1;10;10;.;;;\n";
        let f = read(text).unwrap();
        assert_eq!(f.skipped, 1);
        assert_eq!(f.rows.len(), 3);
        let gm = &f.rows[0];
        assert_eq!(gm.area.as_str(), "GM0034");
        assert_eq!(gm.period, Period::year(2022).unwrap());
        let wmo = |r: &CbsRow| {
            r.values
                .iter()
                .find(|(i, _)| COLUMNS[*i].stem == "wmoclienten")
                .map(|(_, v)| *v)
        };
        let pct = |r: &CbsRow| {
            r.values
                .iter()
                .find(|(i, _)| COLUMNS[*i].percentage)
                .map(|(_, v)| *v)
        };
        assert_eq!(wmo(gm), Some(11940.0));
        assert_eq!(
            wmo(&f.rows[1]),
            Some(195.0),
            "the 2023 column of the same stem"
        );
        assert_eq!(wmo(&f.rows[2]), None, "'.' is not published");
        assert_eq!(pct(gm), Some(10.8), "6680 of about 61600: 10.8, not 108");
        assert_eq!(pct(&f.rows[1]), Some(7.0), "35 of about 460: 7, not 0.7");
        assert_eq!(f.rows[1].change, Some(3));
        assert_eq!(
            f.columns["wmoclienten"],
            vec!["wmoclienten_89", "wmoclienten_98"]
        );
    }

    #[test]
    fn a_file_that_is_not_kwb_is_refused() {
        assert!(read("a;b\n1;2\n").unwrap_err()[0]
            .reason
            .contains("Peildatum"));
        assert!(
            read("Peildatum;WijkenEnBuurten;X_1\n2020;GM0034;3\n").unwrap_err()[0]
                .reason
                .contains("geen bekende kolommen")
        );
    }
}
