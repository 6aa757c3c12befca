//! The goal tree as CSV: one row per indicator with its main goal and course
//! (rows without an indicator code describe a goal without indicators yet).
//! Export and import are a round trip; importing merges by code: goals and
//! indicators with a known code are updated, new ones added, none removed.

use super::{cell, write_csv, ImportReport, RowError, Table};
use kompas_domain::monitor::{
    Goal, GoalInput, GoalKind, Indicator, IndicatorDraft, IndicatorInput,
};
use std::collections::HashMap;

pub const HEADERS: [&str; 25] = [
    "hoofddoel_nummer",
    "hoofddoel",
    "hoofddoel_omschrijving",
    "koers_nummer",
    "koers",
    "koers_omschrijving",
    "code",
    "naam",
    "definitie",
    "eenheid",
    "richting",
    "bron",
    "gebiedsniveau",
    "frequentie",
    "nulmeting",
    "nulmeting_periode",
    "streefwaarde",
    "streefwaarde_periode",
    "band_laag",
    "band_hoog",
    "plausibel_min",
    "plausibel_max",
    "berekend",
    // Optional: present in exports so a file says where it came from.
    "volgorde",
    "bijgewerkt",
];

/// A goal read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSpec {
    pub kind: GoalKind,
    pub parent_code: Option<String>,
    pub input: GoalInput,
}

/// A goal tree read from a file: goals (main goals before their courses) and
/// indicators with the code of their course.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TreeFile {
    pub goals: Vec<GoalSpec>,
    pub indicators: Vec<(Option<String>, IndicatorDraft)>,
}

/// Reads a goal-tree CSV; every problem names its row and column.
pub fn parse(text: &str) -> Result<TreeFile, Vec<RowError>> {
    let table = Table::parse(text).map_err(|e| vec![e])?;
    let cols = table.require(&[("hoofddoel_nummer", &[]), ("hoofddoel", &[]), ("code", &[])])?;
    let col = |name: &str| table.column(&[name]);
    let mut tree = TreeFile::default();
    let mut errors = Vec::new();
    let mut goal_rows: HashMap<String, (usize, GoalSpec)> = HashMap::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &table.rows {
        let get = |name: &str| cell(cells, col(name));
        let err = |column: &str, reason: String| RowError {
            row: *row,
            column: column.to_string(),
            reason,
        };
        let main_code = cell(cells, cols[0]);
        let course_code = get("koers_nummer");
        let mut goal = |kind: GoalKind,
                        code: String,
                        title: String,
                        description: String,
                        parent: Option<String>,
                        column: &str| {
            if code.is_empty() {
                return;
            }
            let spec = GoalSpec {
                kind,
                parent_code: parent,
                input: GoalInput {
                    code: code.clone(),
                    title,
                    description,
                },
            };
            if let Err(e) = spec.input.check() {
                errors.push(err(column, e.to_string()));
                return;
            }
            match goal_rows.get(&code) {
                Some((first, known))
                    if known.kind != spec.kind
                        || known.input.title != spec.input.title
                        || known.parent_code != spec.parent_code =>
                {
                    errors.push(err(
                        column,
                        format!(
                            "nummer {code} staat op regel {first} met een andere titel of plaats"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    goal_rows.insert(code, (*row, spec.clone()));
                    tree.goals.push(spec);
                }
            }
        };
        if !main_code.is_empty() {
            goal(
                GoalKind::MainGoal,
                main_code.clone(),
                cell(cells, cols[1]),
                get("hoofddoel_omschrijving"),
                None,
                "hoofddoel_nummer",
            );
        }
        if !course_code.is_empty() {
            if main_code.is_empty() {
                errors.push(err(
                    "koers_nummer",
                    "een koers hoort onder een hoofddoel; vul hoofddoel_nummer in".into(),
                ));
            } else {
                goal(
                    GoalKind::Course,
                    course_code.clone(),
                    get("koers"),
                    get("koers_omschrijving"),
                    Some(main_code.clone()),
                    "koers_nummer",
                );
            }
        }
        let code = cell(cells, cols[2]);
        if code.is_empty() {
            if main_code.is_empty() {
                errors.push(err(
                    "code",
                    "deze regel heeft geen hoofddoel en geen indicator".into(),
                ));
            }
            continue;
        }
        if !main_code.is_empty() && course_code.is_empty() {
            errors.push(err(
                "koers_nummer",
                "een indicator hoort onder een koers; vul koers_nummer in".into(),
            ));
            continue;
        }
        let input = IndicatorInput {
            code: code.clone(),
            name: get("naam"),
            definition: get("definitie"),
            unit: get("eenheid"),
            direction: get("richting"),
            source: get("bron"),
            area_level: get("gebiedsniveau"),
            frequency: get("frequentie"),
            baseline_value: get("nulmeting"),
            baseline_period: get("nulmeting_periode"),
            target_value: get("streefwaarde"),
            target_period: get("streefwaarde_periode"),
            band_low: get("band_laag"),
            band_high: get("band_hoog"),
            plausible_min: get("plausibel_min"),
            plausible_max: get("plausibel_max"),
            computed: get("berekend"),
        };
        match input.validate() {
            Ok(d) => {
                if let Some(first) = codes.insert(d.code.to_string(), *row) {
                    errors.push(err(
                        "code",
                        format!("code {} staat ook op regel {first}", d.code),
                    ));
                }
                tree.indicators
                    .push(((!course_code.is_empty()).then_some(course_code), d));
            }
            Err(fields) => errors.extend(fields.into_iter().map(|f| err(f.field, f.reason))),
        }
    }
    if errors.is_empty() {
        Ok(tree)
    } else {
        Err(errors)
    }
}

/// Parses a goal-tree CSV into a report (rows, errors, a note of what is in
/// it) and, when it has no errors, the tree to store.
pub fn check(text: &str) -> (ImportReport, Option<TreeFile>) {
    let mut report = ImportReport {
        rows: Table::parse(text).map(|t| t.rows.len()).unwrap_or(0),
        ..ImportReport::default()
    };
    match parse(text) {
        Err(errors) => {
            report.errors = errors;
            (report, None)
        }
        Ok(tree) => {
            report.notes.push(format!(
                "{} doelen en {} indicatoren in het bestand",
                tree.goals.len(),
                tree.indicators.len()
            ));
            (report, Some(tree))
        }
    }
}

/// A tree as CSV, in the order of the dashboard.
pub fn write(goals: &[Goal], indicators: &[Indicator]) -> String {
    let by_id: HashMap<i64, &Goal> = goals.iter().map(|g| (g.id, g)).collect();
    let mut rows = Vec::new();
    let goal_cells = |course: Option<&Goal>, main: Option<&Goal>| -> Vec<String> {
        let g = |x: Option<&Goal>, f: fn(&Goal) -> &String| x.map(f).cloned().unwrap_or_default();
        vec![
            g(main, |x| &x.code),
            g(main, |x| &x.title),
            g(main, |x| &x.description),
            g(course, |x| &x.code),
            g(course, |x| &x.title),
            g(course, |x| &x.description),
        ]
    };
    for main in goals.iter().filter(|g| g.kind == GoalKind::MainGoal) {
        let courses: Vec<&Goal> = goals
            .iter()
            .filter(|c| c.parent_id == Some(main.id))
            .collect();
        if courses.is_empty() {
            let mut r = goal_cells(None, Some(main));
            r.resize(HEADERS.len(), String::new());
            rows.push(r);
        }
        for course in courses {
            let mine: Vec<&Indicator> = indicators
                .iter()
                .filter(|i| i.goal_id == Some(course.id))
                .collect();
            if mine.is_empty() {
                let mut r = goal_cells(Some(course), Some(main));
                r.resize(HEADERS.len(), String::new());
                rows.push(r);
            }
            for i in mine {
                rows.push(indicator_row(goal_cells(Some(course), Some(main)), i));
            }
        }
    }
    for i in indicators
        .iter()
        .filter(|i| i.goal_id.is_none_or(|g| !by_id.contains_key(&g)))
    {
        rows.push(indicator_row(goal_cells(None, None), i));
    }
    write_csv(&HEADERS, &rows)
}

fn indicator_row(mut r: Vec<String>, i: &Indicator) -> Vec<String> {
    let x = i.draft.to_input();
    r.extend([
        x.code,
        x.name,
        x.definition,
        x.unit,
        x.direction,
        x.source,
        x.area_level,
        x.frequency,
        x.baseline_value,
        x.baseline_period,
        x.target_value,
        x.target_period,
        x.band_low,
        x.band_high,
        x.plausible_min,
        x.plausible_max,
        x.computed,
        i.position.to_string(),
        i.updated_at.clone(),
    ]);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "hoofddoel_nummer;hoofddoel;koers_nummer;koers;code;naam;definitie;eenheid;richting;bron;gebiedsniveau;frequentie;nulmeting;nulmeting_periode;streefwaarde;streefwaarde_periode;plausibel_min;plausibel_max;berekend\n\
1;Iedereen doet mee;1.1;Meer mensen aan het werk;bijstand;Bijstand;Huishoudens met bijstand;%;lager;CBS;wijk;jaar;2,6;2022;2,2;2026;0;100;\n\
1;Iedereen doet mee;1.1;Meer mensen aan het werk;voorkant;Voorkant;Vragen aan de voorkant;%;hoger;Registratie;wijk;kwartaal;;;;;0;100;voorkant\n\
2;Hulp op tijd;;;;;;;;;;;;;;;;;\n";

    #[test]
    fn a_tree_file_reads_into_goals_and_indicators() {
        let t = parse(FILE).unwrap();
        let codes: Vec<&str> = t.goals.iter().map(|g| g.input.code.as_str()).collect();
        assert_eq!(codes, vec!["1", "1.1", "2"]);
        assert_eq!(t.goals[1].parent_code.as_deref(), Some("1"));
        assert_eq!(t.indicators.len(), 2);
        assert_eq!(t.indicators[0].1.baseline.unwrap().value, 2.6);
        assert!(t.indicators[1].1.computed.is_some());
    }

    #[test]
    fn bad_rows_are_named_and_nothing_is_returned() {
        let bad = FILE
            .replace("lager;CBS", "omlaag;CBS")
            .replace("2;Hulp op tijd;;;;", "2;Hulp op tijd;;;voorkant;");
        let errors = parse(&bad).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("regel 2, kolom richting")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("regel 4, kolom koers_nummer")),
            "{text:?}"
        );
        let dup = FILE.replace(";voorkant;Voorkant", ";bijstand;Voorkant");
        assert!(parse(&dup)
            .unwrap_err()
            .iter()
            .any(|e| e.reason.contains("staat ook op regel 2")));
        assert!(parse("naam;eenheid\nx;y\n").unwrap_err()[0]
            .reason
            .contains("ontbreekt"));
    }
}
