//! Exchange formats of the monitor: the goal tree as CSV (export and
//! import, a round trip), measurements as CSV, and CBS *Kerncijfers wijken
//! en buurten* files. Imports are all or nothing: every problem is reported
//! with its row and column, in Dutch, and then nothing is stored.

pub mod cbs;
pub mod goal_tree;
pub mod measurements;

use kompas_domain::input::{refused_char, PASTE};
use kompas_domain::spreadsheet::{restore_cell, safe_cell};
use std::fmt;

/// One problem in an import: the row (1 is the header), the column and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "regel {}: {}", self.row, self.reason)
        } else {
            write!(
                f,
                "regel {}, kolom {}: {}",
                self.row, self.column, self.reason
            )
        }
    }
}

/// What an import did or would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: usize,
    /// Problems: when there is one, nothing was stored.
    pub errors: Vec<RowError>,
    /// Values outside the plausible range: stored only with a confirmation.
    pub to_confirm: Vec<RowError>,
    /// Whether anything was stored.
    pub stored: bool,
    /// What was stored or created, in plain Dutch.
    pub notes: Vec<String>,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} regels gelezen", self.rows)?;
        for n in &self.notes {
            writeln!(f, "  {n}")?;
        }
        for e in &self.errors {
            writeln!(f, "  fout: {e}")?;
        }
        for e in &self.to_confirm {
            writeln!(f, "  controleren: {e}")?;
        }
        if self.stored {
            writeln!(f, "opgeslagen")
        } else if !self.errors.is_empty() {
            writeln!(
                f,
                "niets opgeslagen: herstel de fouten en probeer het opnieuw"
            )
        } else if !self.to_confirm.is_empty() {
            writeln!(
                f,
                "niets opgeslagen: bevestig dat de waarden buiten het plausibele bereik kloppen"
            )
        } else {
            writeln!(f, "niets opgeslagen (proefrun)")
        }
    }
}

/// A CSV text as header and rows, with `;` or `,` as separator (whichever
/// the header uses) and an optional byte-order mark.
pub struct Table {
    pub headers: Vec<String>,
    /// (row number counting the header as 1, cells)
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub fn parse(text: &str) -> Result<Table, RowError> {
        let text = text.trim_start_matches('\u{feff}');
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.matches(';').count() >= first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = r.records();
        let headers: Vec<String> = match records.next() {
            Some(Ok(h)) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
            Some(Err(e)) => return Err(csv_error(1, e)),
            None => {
                return Err(RowError {
                    row: 1,
                    column: String::new(),
                    reason: "het bestand is leeg".into(),
                })
            }
        };
        let mut rows = Vec::new();
        for (i, rec) in records.enumerate() {
            let rec = rec.map_err(|e| csv_error(i + 2, e))?;
            // Undo what `write_csv` did against formulas, so an export reads back as it was.
            let cells: Vec<String> = rec.iter().map(|c| restore_cell(c).to_string()).collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if let Some(col) = cells
                .iter()
                .position(|c| c.chars().any(|ch| refused_char(ch, PASTE)))
            {
                return Err(RowError {
                    row: i + 2,
                    column: headers.get(col).cloned().unwrap_or_default(),
                    reason: "bevat een onzichtbaar stuurteken (zoals NUL); haal het weg".into(),
                });
            }
            rows.push((i + 2, cells));
        }
        Ok(Table { headers, rows })
    }

    /// The column of the first of `names` that is present.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.headers.iter().position(|h| h == n))
    }

    /// Refuses a file that lacks one of the required columns.
    pub fn require(
        &self,
        columns: &[(&str, &[&str])],
    ) -> Result<Vec<Option<usize>>, Vec<RowError>> {
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for (name, aliases) in columns {
            let mut names = vec![*name];
            names.extend_from_slice(aliases);
            out.push(self.column(&names));
            if out.last().is_some_and(Option::is_none) {
                missing.push(RowError {
                    row: 1,
                    column: name.to_string(),
                    reason: format!("de kolom '{name}' ontbreekt"),
                });
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(missing)
        }
    }
}

fn csv_error(row: usize, e: csv::Error) -> RowError {
    RowError {
        row,
        column: String::new(),
        reason: format!("dit is geen leesbare CSV: {e}"),
    }
}

/// The cell of `row` in column `i` (empty when the column or the cell is missing).
pub fn cell(cells: &[String], i: Option<usize>) -> String {
    i.and_then(|i| cells.get(i))
        .map(|c| c.trim().to_string())
        .unwrap_or_default()
}

/// Writes rows as CSV with `;` (what Dutch spreadsheets expect). Every cell
/// goes through `safe_cell`: text that a spreadsheet would run as a formula
/// gets a leading `'`; figures such as `-3,5` stay numbers.
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record(headers);
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| safe_cell(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_separator_and_a_byte_order_mark_are_understood() {
        let t = Table::parse("\u{feff}Periode;Gebied\n2024;GM9901\n\n").unwrap();
        assert_eq!(t.headers, vec!["periode", "gebied"]);
        assert_eq!(
            t.rows,
            vec![(2, vec!["2024".to_string(), "GM9901".to_string()])]
        );
        let t = Table::parse("a,b\n\"1,5\",2\n").unwrap();
        assert_eq!(t.rows[0].1[0], "1,5");
        assert!(Table::parse("").is_err());
        let missing = t.require(&[("a", &[]), ("c", &["cc"])]).unwrap_err();
        assert_eq!(
            missing[0].to_string(),
            "regel 1, kolom c: de kolom 'c' ontbreekt"
        );
    }

    #[test]
    fn written_csv_reads_back() {
        let text = write_csv(&["x", "y"], &[vec!["a;b".into(), "4,5".into()]]);
        let t = Table::parse(&text).unwrap();
        assert_eq!(t.rows[0].1, vec!["a;b".to_string(), "4,5".to_string()]);
    }

    #[test]
    fn formulas_are_written_as_text_and_read_back_as_they_were() {
        let row = vec![
            "=2+5+cmd|' /C calc'!A0".to_string(),
            "-3,5".to_string(),
            "@SUM(A1)".to_string(),
        ];
        let text = write_csv(&["a", "b", "c"], std::slice::from_ref(&row));
        assert_eq!(
            text.lines().nth(1),
            Some("'=2+5+cmd|' /C calc'!A0;-3,5;'@SUM(A1)")
        );
        assert_eq!(Table::parse(&text).unwrap().rows[0].1, row);
    }

    #[test]
    fn control_characters_in_a_cell_refuse_the_file() {
        let e = Table::parse("a;b\n1;x\u{0}y\n").err().unwrap();
        assert_eq!((e.row, e.column.as_str()), (2, "b"));
    }
}
