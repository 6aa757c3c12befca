//! CSV files of payment-arrears signals (*vroegsignalering*) from creditors.
//!
//! The first line names the columns (any case and order, `;` or `,` as
//! separator, an optional UTF-8 BOM); every further non-empty line is one
//! signal. Every problem is reported with its line, column and a Dutch
//! reason; the caller decides whether anything is imported.

use kompas_domain::toegang::arrears::{ArrearsSignal, RawArrearsSignal, SignalField};
use std::fmt;

/// One column of the file.
struct Column {
    name: &'static str,
    field: SignalField,
    required: bool,
}

const fn required(name: &'static str, field: SignalField) -> Column {
    Column {
        name,
        field,
        required: true,
    }
}

const fn optional(name: &'static str, field: SignalField) -> Column {
    Column {
        name,
        field,
        required: false,
    }
}

/// The columns in the order of the template.
const COLUMNS: &[Column] = &[
    required("soort", SignalField::CreditorKind),
    required("schuldeiser", SignalField::Creditor),
    required("bedrag", SignalField::Amount),
    required("maanden_achterstand", SignalField::MonthsOverdue),
    required("postcode", SignalField::Postcode),
    required("huisnummer", SignalField::HouseNumber),
    optional("toevoeging", SignalField::HouseNumberAddition),
    required("naam", SignalField::PersonName),
    optional("geboortedatum", SignalField::BirthDate),
    optional("bsn", SignalField::Bsn),
    required("datum", SignalField::SignalDate),
];

fn column_name(field: SignalField) -> &'static str {
    COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map_or("", |c| c.name)
}

/// A problem in the file: its line (the header is line 1), the column it is
/// about (empty when it is about the whole line) and the reason in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: usize,
    pub column: String,
    pub reason: String,
}

impl CsvProblem {
    fn new(line: usize, column: &str, reason: impl Into<String>) -> CsvProblem {
        CsvProblem {
            line,
            column: column.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CsvProblem {
    /// "regel 4, kolom bsn: dit BSN klopt niet (de elfproef faalt); controleer het nummer"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "regel {}: {}", self.line, self.reason)
        } else {
            write!(
                f,
                "regel {}, kolom {}: {}",
                self.line, self.column, self.reason
            )
        }
    }
}

/// What a file held: the good signals with their line numbers, and every problem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrearsParse {
    pub signals: Vec<(usize, ArrearsSignal)>,
    pub errors: Vec<CsvProblem>,
}

/// The text of an uploaded file: UTF-8 (with or without byte order mark), or
/// else Windows-1252, which is what Excel writes for "CSV (gescheiden door
/// lijstscheidingsteken)" on Dutch Windows.
pub fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// A header line and one example row (invented data) to start a file from.
pub fn template() -> &'static str {
    "soort;schuldeiser;bedrag;maanden_achterstand;postcode;huisnummer;toevoeging;naam;geboortedatum;bsn;datum\n\
     huur;Woonstichting Voorbeeld;1.234,56;2;1234 AB;12;A;Jan de Voorbeeld;03-07-1985;111222333;23-11-2026\n"
}

/// `;` when the header line has more semicolons than commas outside quotes, else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut quoted, mut semicolons, mut commas) = (false, 0, 0);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Line numbers of records. The csv reader's own line count leaves out the
/// empty lines it skips, so lines are counted here from the byte offset of
/// each record (which points just after the previous record).
struct Lines<'t> {
    text: &'t str,
    counted_to: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line on which the record at `position` starts (offsets only grow).
    fn at(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(byte) = position.and_then(|p| usize::try_from(p.byte()).ok()) else {
            return self.line;
        };
        let rest = self.text.get(byte..).unwrap_or("");
        let start = byte + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        if let Some(between) = self.text.get(self.counted_to..start) {
            self.line += between.bytes().filter(|b| *b == b'\n').count();
            self.counted_to = start;
        }
        self.line
    }
}

/// Reads a file of creditor signals. Problems in the header (a missing
/// required column, an unknown or repeated column) stop the reading: no row
/// is read then, because the rows cannot be trusted to mean what they seem.
pub fn parse_arrears(text: &str) -> ArrearsParse {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = ArrearsParse::default();
    let mut lines = Lines::new(text);
    let mut records = reader.records();

    let header = loop {
        match records.next() {
            None => {
                out.errors.push(CsvProblem::new(
                    1,
                    "",
                    "het bestand is leeg; de eerste regel moet de namen van de kolommen bevatten",
                ));
                return out;
            }
            Some(Ok(r)) if is_blank(&r) => continue,
            Some(Ok(r)) => break r,
            Some(Err(e)) => {
                out.errors.push(unreadable(lines.at(e.position())));
                return out;
            }
        }
    };
    let header_line = lines.at(header.position());

    // For each position in the row: the column it holds (None: no name).
    let mut layout: Vec<Option<&Column>> = Vec::with_capacity(header.len());
    for raw in header.iter() {
        let name = raw.trim();
        if name.is_empty() {
            layout.push(None);
            continue;
        }
        match COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
            Some(c) if layout.iter().flatten().any(|seen| seen.name == c.name) => {
                out.errors.push(CsvProblem::new(
                    header_line,
                    name,
                    "deze kolom staat meer dan één keer in de kopregel",
                ));
                layout.push(None);
            }
            Some(c) => layout.push(Some(c)),
            None => {
                out.errors.push(CsvProblem::new(
                    header_line,
                    name,
                    format!(
                        "onbekende kolom; gebruik alleen deze kolommen: {}",
                        known_columns()
                    ),
                ));
                layout.push(None);
            }
        }
    }
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !layout.iter().flatten().any(|seen| seen.name == c.name) {
            out.errors.push(CsvProblem::new(
                header_line,
                c.name,
                "deze kolom ontbreekt in de kopregel",
            ));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }

    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(unreadable(lines.at(e.position())));
                continue;
            }
        };
        if is_blank(&record) {
            continue;
        }
        let line = lines.at(record.position());
        read_row(&record, line, &layout, sep, &mut out);
    }
    let repeats = kompas_domain::toegang::arrears::duplicates(&out.signals);
    // A reported line is not a good signal: skipping bad lines skips it too.
    out.signals
        .retain(|(line, _)| !repeats.iter().any(|(l, _, _)| l == line));
    out.errors.extend(
        repeats.into_iter().map(|(line, field, reason)| {
            CsvProblem::new(line, field.map_or("", column_name), reason)
        }),
    );
    out.errors.sort_by_key(|e| e.line);
    out
}

fn read_row(
    record: &csv::StringRecord,
    line: usize,
    layout: &[Option<&Column>],
    sep: u8,
    out: &mut ArrearsParse,
) {
    let extra_filled = record
        .iter()
        .skip(layout.len())
        .any(|v| !v.trim().is_empty());
    if record.len() < layout.len() || extra_filled {
        out.errors.push(CsvProblem::new(
            line,
            "",
            format!(
                "deze regel heeft {} velden en de kopregel {}; controleer de scheidingstekens ({}) en de aanhalingstekens",
                record.len(),
                layout.len(),
                char::from(sep),
            ),
        ));
        return;
    }
    let mut problems = Vec::new();
    let value = |field| cell(record, layout, field);
    let raw = RawArrearsSignal {
        creditor_kind: value(SignalField::CreditorKind),
        creditor: value(SignalField::Creditor),
        amount: value(SignalField::Amount),
        months_overdue: value(SignalField::MonthsOverdue),
        postcode: value(SignalField::Postcode),
        house_number: value(SignalField::HouseNumber),
        house_number_addition: value(SignalField::HouseNumberAddition),
        person_name: value(SignalField::PersonName),
        birth_date: value(SignalField::BirthDate),
        bsn: value(SignalField::Bsn),
        signal_date: value(SignalField::SignalDate),
    };
    for (i, (column, v)) in layout.iter().zip(record.iter()).enumerate() {
        if column.is_none() && !v.trim().is_empty() {
            problems.push(CsvProblem::new(
                line,
                "",
                format!(
                    "in veld {} staat iets, maar die kolom heeft geen naam in de kopregel",
                    i + 1
                ),
            ));
        }
    }
    match ArrearsSignal::parse(&raw) {
        Ok(signal) if problems.is_empty() => out.signals.push((line, signal)),
        Ok(_) => {}
        Err(fields) => problems.extend(
            fields
                .into_iter()
                .map(|(field, e)| CsvProblem::new(line, column_name(field), e.to_string())),
        ),
    }
    out.errors.extend(problems);
}

/// The value of `field` in this row; empty for an optional column that is absent.
fn cell<'r>(
    record: &'r csv::StringRecord,
    layout: &[Option<&Column>],
    field: SignalField,
) -> &'r str {
    layout
        .iter()
        .position(|c| c.is_some_and(|c| c.field == field))
        .and_then(|i| record.get(i))
        .unwrap_or("")
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|v| v.trim().is_empty())
}

fn unreadable(line: usize) -> CsvProblem {
    CsvProblem::new(
        line,
        "",
        "deze regel kan niet worden gelezen; controleer de aanhalingstekens",
    )
}

fn known_columns() -> String {
    COLUMNS
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use kompas_domain::toegang::arrears::CreditorKind;

    const HEADER: &str =
        "soort;schuldeiser;bedrag;maanden_achterstand;postcode;huisnummer;toevoeging;naam;geboortedatum;bsn;datum";
    const ROW: &str =
        "huur;Woonstichting De Linde;1.234,56;2;2711 AB;12;a;Jan de Vries;03-07-1985;111222333;23-11-2026";

    /// A file of the header and these rows with `;`.
    fn file(rows: &[&str]) -> String {
        let mut s = format!("{HEADER}\n");
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s
    }

    /// ROW with one column replaced.
    fn row_with(column: &str, value: &str) -> String {
        let i = HEADER.split(';').position(|h| h == column).unwrap();
        let mut cells: Vec<&str> = ROW.split(';').collect();
        cells[i] = value;
        cells.join(";")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn excel_files_in_windows_1252_are_read_too() {
        // "Woonstichting Zuidwést;€ 12,50" as Excel on Dutch Windows saves it.
        let bytes = b"Woonstichting Zuidw\xe9st;\x80 12,50";
        assert_eq!(decode_text(bytes), "Woonstichting Zuidwést;€ 12,50");
        assert_eq!(
            decode_text("\u{feff}soort;bedrag".as_bytes()),
            "soort;bedrag"
        );
        assert_eq!(decode_text("één".as_bytes()), "één");
    }

    #[test]
    fn repeated_lines_and_a_bsn_for_two_people_are_reported() {
        let renamed = row_with("naam", "Piet de Vries");
        let p = parse_arrears(&file(&[ROW, ROW, &renamed]));
        let found: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("regel 3: deze regel staat er twee keer in (ook regel 2)"));
        assert!(found[1].starts_with("regel 4, kolom bsn: dit BSN staat ook op regel 2"));
        assert_eq!(p.signals.len(), 1, "only the first line is a good signal");
    }

    #[test]
    fn a_good_file_with_semicolons() {
        let p = parse_arrears(&file(&[
            ROW,
            "energie;Energie Noord;80;1;1234ab;5;;Fatima El Amrani;;;2026-11-20",
        ]));
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals.len(), 2);
        let (line, s) = &p.signals[0];
        assert_eq!(*line, 2);
        assert_eq!(s.creditor_kind, CreditorKind::Huur);
        assert_eq!(s.creditor, "Woonstichting De Linde");
        assert_eq!(s.amount.to_string(), "€ 1.234,56");
        assert_eq!(s.months_overdue.get(), 2);
        assert_eq!(s.postcode.as_str(), "2711 AB");
        assert_eq!(
            (s.house_number, s.house_number_addition.as_deref()),
            (12, Some("A"))
        );
        assert_eq!(s.person_name, "Jan de Vries");
        assert_eq!(s.birth_date, Some(d(1985, 7, 3)));
        assert_eq!(s.bsn.as_ref().map(|b| b.as_str()), Some("111222333"));
        assert_eq!(s.signal_date, d(2026, 11, 23));
        let (line, s) = &p.signals[1];
        assert_eq!(*line, 3);
        assert_eq!(s.creditor_kind, CreditorKind::Energie);
        assert_eq!(s.amount.cents(), 8_000);
        assert_eq!(s.house_number_addition, None);
        assert_eq!((s.birth_date, s.bsn.is_none()), (None, true));
        assert_eq!(s.signal_date, d(2026, 11, 20));
    }

    #[test]
    fn a_good_file_with_commas() {
        let text = "soort,schuldeiser,bedrag,maanden_achterstand,postcode,huisnummer,naam,datum\n\
                    water,Waterbedrijf Oost,1234.56,3,2711AB,7,Piet Jansen,2026-11-23\n\
                    zorgverzekering,Zorgverzekeraar Zuid,\"1.234,56\",4,2711 AB,7,Piet Jansen,23-11-2026\n";
        let p = parse_arrears(text);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals.len(), 2);
        assert_eq!(p.signals[0].1.amount.cents(), 123_456);
        assert_eq!(p.signals[1].1.amount.cents(), 123_456);
        assert_eq!(p.signals[1].1.creditor_kind, CreditorKind::Zorgverzekering);
    }

    #[test]
    fn headers_ignore_case_spaces_and_order() {
        let text =
            " DATUM ;Naam;Huisnummer;Postcode;Maanden_Achterstand;Bedrag;Schuldeiser;SOORT\n\
                    2026-11-23;Jan de Vries;12;2711 AB;2;80;De Linde;HUUR\n";
        let p = parse_arrears(text);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals[0].1.creditor, "De Linde");
        assert_eq!(p.signals[0].1.creditor_kind, CreditorKind::Huur);
    }

    #[test]
    fn a_bom_is_ignored() {
        let p = parse_arrears(&format!("\u{feff}{}", file(&[ROW])));
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals.len(), 1);
    }

    #[test]
    fn quoted_names_with_separators_inside() {
        let semi =
            file(&["huur;\"Wonen; Samen B.V.\";80;1;2711 AB;12;;\"Vries; J. de\";;;23-11-2026"]);
        let p = parse_arrears(&semi);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals[0].1.creditor, "Wonen; Samen B.V.");
        assert_eq!(p.signals[0].1.person_name, "Vries; J. de");
        let comma = "soort,schuldeiser,bedrag,maanden_achterstand,postcode,huisnummer,naam,datum\n\
                     huur,\"Wonen, Samen \"\"Zuid\"\"\",\"80,00\",1,2711 AB,12,\"Vries, J. de\",23-11-2026\n";
        let p = parse_arrears(comma);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals[0].1.creditor, "Wonen, Samen \"Zuid\"");
        assert_eq!(p.signals[0].1.person_name, "Vries, J. de");
        assert_eq!(p.signals[0].1.amount.cents(), 8_000);
    }

    #[test]
    fn every_kind_of_bad_field_is_reported() {
        let cases = [
            ("soort", "gas", "onbekende soort schuldeiser 'gas'; kies huur, energie, water of zorgverzekering"),
            ("bedrag", "12,345", "schrijf een bedrag in euro als 1234,56 of 1.234,56, met hoogstens 2 cijfers na de komma"),
            ("bedrag", "0", "een bedrag moet meer zijn dan € 0"),
            ("bedrag", "2.000.000", "een bedrag is hoogstens € 1.000.000"),
            ("maanden_achterstand", "61", "vul het aantal maanden achterstand in als een heel getal van 1 tot en met 60"),
            ("postcode", "0123 AB", "een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 1234 AB"),
            ("huisnummer", "twaalf", "een huisnummer bestaat uit cijfers (1 tot en met 99999), bijvoorbeeld 12"),
            ("toevoeging", "a/b", "een toevoeging heeft hoogstens 6 letters of cijfers, bijvoorbeeld A of 3"),
            ("datum", "2026-02-30", "schrijf een datum als 23-11-2026 of 2026-11-23"),
            ("geboortedatum", "1985/07/03", "schrijf een datum als 23-11-2026 of 2026-11-23"),
            ("bsn", "123456789", "dit BSN klopt niet (de elfproef faalt); controleer het nummer"),
            ("bsn", "1234", "een BSN heeft 9 cijfers"),
            ("naam", " ", "vul de naam van de persoon in"),
            ("schuldeiser", "", "vul de naam van de schuldeiser in"),
        ];
        for (column, value, reason) in cases {
            let p = parse_arrears(&file(&[ROW, &row_with(column, value)]));
            assert_eq!(p.signals.len(), 1, "{column}");
            assert_eq!(
                p.errors,
                vec![CsvProblem::new(3, column, reason)],
                "{column} = {value}"
            );
        }
    }

    #[test]
    fn the_problem_reads_as_one_dutch_sentence() {
        let next_day = row_with("datum", "24-11-2026");
        let p = parse_arrears(&file(&[ROW, &next_day, &row_with("bsn", "123456789")]));
        assert_eq!(
            p.errors[0].to_string(),
            "regel 4, kolom bsn: dit BSN klopt niet (de elfproef faalt); controleer het nummer"
        );
    }

    #[test]
    fn a_missing_column_is_one_problem_on_line_one() {
        let header = HEADER
            .replace(";bsn", "")
            .replace("maanden_achterstand;", "");
        let p = parse_arrears(&format!(
            "{header}\nhuur;x;80;2711 AB;12;;Jan;;23-11-2026\n"
        ));
        assert_eq!(
            p.errors,
            vec![CsvProblem::new(
                1,
                "maanden_achterstand",
                "deze kolom ontbreekt in de kopregel"
            )]
        );
        assert!(p.signals.is_empty());
        assert_eq!(
            p.errors[0].to_string(),
            "regel 1, kolom maanden_achterstand: deze kolom ontbreekt in de kopregel"
        );
    }

    #[test]
    fn an_unknown_column_is_a_problem() {
        let header = HEADER.replace("toevoeging", "toevoging");
        let p = parse_arrears(&format!("{header}\n{ROW}\n"));
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, 1);
        assert_eq!(p.errors[0].column, "toevoging");
        assert!(p.errors[0]
            .reason
            .starts_with("onbekende kolom; gebruik alleen deze kolommen: soort, schuldeiser"));
        assert!(p.signals.is_empty());
        // A column named twice is refused too.
        let p = parse_arrears(&format!("{HEADER};Bsn\n{ROW};111222333\n"));
        assert_eq!(
            p.errors,
            vec![CsvProblem::new(
                1,
                "Bsn",
                "deze kolom staat meer dan één keer in de kopregel"
            )]
        );
    }

    #[test]
    fn several_problems_in_one_row_are_reported_together() {
        let row = "gas;De Linde;-5;0;1234;12;;Jan;;123456789;23-11-2026";
        let p = parse_arrears(&file(&[row]));
        let columns: Vec<&str> = p.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(
            columns,
            vec!["soort", "bedrag", "maanden_achterstand", "postcode", "bsn"]
        );
        assert!(p.errors.iter().all(|e| e.line == 2));
        assert!(p.signals.is_empty());
    }

    #[test]
    fn line_numbers_count_empty_lines() {
        let text = format!(
            "{HEADER}\n\n{ROW}\n\n   \n;;;;;;;;;;\n{}\r\n\r\n{}\n",
            row_with("postcode", "x"),
            row_with("datum", "24-11-2026")
        );
        let p = parse_arrears(&text);
        assert_eq!(
            p.signals.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            vec![3, 9]
        );
        assert_eq!(p.errors.len(), 1);
        assert_eq!(
            (p.errors[0].line, p.errors[0].column.as_str()),
            (7, "postcode")
        );
        // A quoted name over two lines: the next row still has its own line number.
        let text = file(&[
            &row_with("naam", "\"Jan\nde Vries\""),
            &row_with("bsn", "1"),
        ]);
        let p = parse_arrears(&text);
        let at: Vec<(usize, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(at, vec![(2, "naam"), (4, "bsn")]);
        // Empty lines before the header move it down, and the rows with it.
        let p = parse_arrears(&format!("\n\r\n{}", file(&[&row_with("bsn", "1")])));
        assert_eq!((p.errors[0].line, p.errors[0].column.as_str()), (4, "bsn"));
    }

    #[test]
    fn a_row_with_too_few_or_too_many_fields() {
        let p = parse_arrears(&file(&[
            "huur;De Linde;80;1;2711 AB",
            &format!("{ROW};extra"),
            &format!("{ROW};;"),
        ]));
        assert_eq!(p.errors.len(), 2);
        assert_eq!(
            p.errors[0].to_string(),
            "regel 2: deze regel heeft 5 velden en de kopregel 11; controleer de scheidingstekens (;) en de aanhalingstekens"
        );
        assert_eq!(p.errors[1].line, 3);
        // Empty trailing fields (as spreadsheets write them) are fine.
        assert_eq!(p.signals.len(), 1);
        assert_eq!(p.signals[0].0, 4);
    }

    #[test]
    fn a_column_without_a_name_must_stay_empty() {
        let p = parse_arrears(&format!("{HEADER};\n{ROW};\n{ROW}; x\n"));
        assert_eq!(p.signals.len(), 1);
        assert_eq!(
            p.errors,
            vec![CsvProblem::new(
                3,
                "",
                "in veld 12 staat iets, maar die kolom heeft geen naam in de kopregel"
            )]
        );
    }

    #[test]
    fn an_empty_file_is_a_problem() {
        for text in ["", "\u{feff}", "\n\n"] {
            let p = parse_arrears(text);
            assert_eq!(p.errors.len(), 1, "{text:?}");
            assert_eq!(p.errors[0].line, 1);
        }
        let p = parse_arrears(&file(&[]));
        assert_eq!(p, ArrearsParse::default());
    }

    #[test]
    fn the_template_is_a_valid_file() {
        let p = parse_arrears(template());
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.signals.len(), 1);
        assert!(p.signals[0].1.bsn.is_some());
        assert!(template().starts_with(HEADER));
    }
}
