//! CSV cells that a spreadsheet opens safely (CSV or "formula" injection).
//!
//! Excel and LibreOffice treat a cell that starts with `=`, `+`, `-` or `@`
//! as a formula, and a leading tab or CR can hide one; a formula such as
//! `=HYPERLINK(…)` or a DDE call (`=cmd|' /C calc'!A0`) runs when a worker
//! opens an export. Every CSV Kompas writes passes its cells through
//! [`safe_cell`], which puts a `'` before such a cell (the spreadsheet then
//! shows it as text). Importers undo it with [`restore_cell`], so our own
//! exports read back unchanged.
//!
//! A cell of only digits, spaces and `+ - , . ( ) / %` is left alone: it
//! cannot name a function or a cell, so it cannot do harm, and numbers such
//! as `-3,5` in a measurement export or a phone number `+31 20 123 45 67`
//! must stay what they are.

use std::borrow::Cow;

fn formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Only figures and arithmetic: nothing a formula could call or refer to.
fn plain_figures(cell: &str) -> bool {
    cell.chars()
        .all(|c| c.is_ascii_digit() || " +-,.()/%".contains(c))
}

/// Would a spreadsheet read `cell` as a formula? A cell that already starts
/// with our quote counts too, so that [`restore_cell`] is an exact inverse.
fn dangerous(cell: &str) -> bool {
    match cell.chars().next() {
        Some('+' | '-') => !plain_figures(cell),
        Some('\'') => cell.get(1..).is_some_and(dangerous),
        Some(c) => formula_start(c),
        None => false,
    }
}

/// The cell as it should be written to a CSV file.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    if dangerous(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`safe_cell`]: a `'` is removed only where
/// `safe_cell` would have put it.
pub fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if dangerous(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            (
                "=HYPERLINK(\"http://x\";\"klik\")",
                "'=HYPERLINK(\"http://x\";\"klik\")",
            ),
            ("+A1", "'+A1"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("- een opsomming", "'- een opsomming"),
        ] {
            assert_eq!(safe_cell(cell), written, "{cell:?}");
            assert_eq!(restore_cell(&safe_cell(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn numbers_phone_numbers_and_plain_text_stay_as_they_are() {
        for cell in [
            "-3,5",
            "-0.25",
            "+31 20 123 45 67",
            "-",
            "",
            "12",
            "Buurtteam",
            "a=b",
            "(020) 123 45 67",
        ] {
            assert_eq!(safe_cell(cell), cell, "{cell:?}");
            assert_eq!(restore_cell(&safe_cell(cell)), cell, "{cell:?}");
        }
        // A quote the author typed survives the round trip.
        assert_eq!(safe_cell("'=al tekst"), "''=al tekst");
        assert_eq!(restore_cell("''=al tekst"), "'=al tekst");
        // A quote before something harmless is the author's own and stays.
        assert_eq!(restore_cell("'Buurtteam"), "'Buurtteam");
        assert_eq!(restore_cell("'-3,5"), "'-3,5");
    }
}
