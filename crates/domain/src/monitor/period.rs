//! Periods of the monitor: a month, a quarter or a year, in Dutch local time.
//!
//! A period is stored and exchanged as `2024` (year), `2024-K2` (quarter) or
//! `2024-03` (month). Parsing also accepts what CBS and spreadsheets write:
//! `2024JJ00`, `2024KW02`, `2024MM03`, `2024-Q2`, `2024K2`, `1-1-2024` (a
//! reference date, read as its year).

use serde::{Deserialize, Serialize};
use std::fmt;

/// How fine a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Month,
    Quarter,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Granularity::Month, Granularity::Quarter, Granularity::Year];

    pub fn code(self) -> &'static str {
        match self {
            Granularity::Month => "maand",
            Granularity::Quarter => "kwartaal",
            Granularity::Year => "jaar",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Granularity::Month => "per maand",
            Granularity::Quarter => "per kwartaal",
            Granularity::Year => "per jaar",
        }
    }

    pub fn parse(s: &str) -> Result<Granularity, String> {
        match s.trim().to_lowercase().as_str() {
            "maand" | "month" | "m" => Ok(Granularity::Month),
            "kwartaal" | "quarter" | "k" | "q" => Ok(Granularity::Quarter),
            "jaar" | "year" | "j" | "y" => Ok(Granularity::Year),
            other => Err(format!(
                "onbekende frequentie '{other}'; kies maand, kwartaal of jaar"
            )),
        }
    }

    /// Months in one period of this granularity.
    pub fn months(self) -> u32 {
        match self {
            Granularity::Month => 1,
            Granularity::Quarter => 3,
            Granularity::Year => 12,
        }
    }
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

/// A month, quarter or year. Cannot hold a month 13 or a quarter 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    granularity: Granularity,
    /// Months since January 1900 of the first month of the period.
    first_month: u32,
}

/// Months since January 1900 for a year and month (1–12).
pub fn month_index(year: i32, month: u32) -> u32 {
    ((year - MIN_YEAR) as u32) * 12 + (month - 1)
}

use crate::dutch_time::{MONTHS as MONTHS_NL, MONTHS_SHORT};

impl Period {
    pub fn year(year: i32) -> Result<Period, String> {
        Self::checked(Granularity::Year, year, 1)
    }
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, String> {
        if !(1..=4).contains(&quarter) {
            return Err(format!(
                "kwartaal {quarter} bestaat niet; kies 1 tot en met 4"
            ));
        }
        Self::checked(Granularity::Quarter, year, (quarter - 1) * 3 + 1)
    }
    pub fn month(year: i32, month: u32) -> Result<Period, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("maand {month} bestaat niet; kies 1 tot en met 12"));
        }
        Self::checked(Granularity::Month, year, month)
    }

    fn checked(granularity: Granularity, year: i32, month: u32) -> Result<Period, String> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(format!(
                "jaar {year} ligt buiten {MIN_YEAR} tot en met {MAX_YEAR}"
            ));
        }
        Ok(Period {
            granularity,
            first_month: month_index(year, month),
        })
    }

    /// The period of this granularity that contains the month `month_index`.
    pub fn containing(granularity: Granularity, month_index: u32) -> Period {
        let start = month_index - month_index % granularity.months();
        Period {
            granularity,
            first_month: start,
        }
    }

    pub fn granularity(self) -> Granularity {
        self.granularity
    }
    pub fn first_month(self) -> u32 {
        self.first_month
    }
    pub fn last_month(self) -> u32 {
        self.first_month + self.granularity.months() - 1
    }
    pub fn contains_month(self, month_index: u32) -> bool {
        (self.first_month..=self.last_month()).contains(&month_index)
    }
    pub fn year_number(self) -> i32 {
        MIN_YEAR + (self.first_month / 12) as i32
    }
    /// Month of the year (1–12) of the first month.
    fn month_number(self) -> u32 {
        self.first_month % 12 + 1
    }
    /// The next period of the same granularity.
    pub fn next(self) -> Period {
        Period {
            granularity: self.granularity,
            first_month: self.first_month + self.granularity.months(),
        }
    }
    /// The middle of the period in months since 1900 (for drawing and for
    /// interpolating between a baseline and a target).
    pub fn midpoint(self) -> f64 {
        f64::from(self.first_month) + f64::from(self.granularity.months()) / 2.0
    }

    /// Parses the forms listed in the module documentation.
    pub fn parse(s: &str) -> Result<Period, String> {
        let raw = s.trim();
        let t = raw.to_uppercase();
        let bad = || {
            format!(
                "periode '{raw}' is niet te lezen; schrijf bijvoorbeeld 2024, 2024-K2 of 2024-03"
            )
        };
        let num = |x: &str| -> Result<u32, String> {
            if x.is_empty() || !x.chars().all(|c| c.is_ascii_digit()) || x.len() > 4 {
                Err(bad())
            } else {
                x.parse::<u32>().map_err(|_| bad())
            }
        };
        // A reference date d-m-yyyy (CBS "Peildatum") stands for its year.
        if t.matches('-').count() == 2 {
            let parts: Vec<&str> = t.split('-').collect();
            if parts.len() == 3 && parts[2].len() == 4 {
                num(parts[0])?;
                num(parts[1])?;
                return Period::year(num(parts[2])? as i32);
            }
        }
        if t.len() < 4 || !t[..4].chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year = num(&t[..4])? as i32;
        let rest = t[4..].trim_start_matches(['-', ' ', '/']);
        if rest.is_empty() || rest == "JJ00" {
            return Period::year(year);
        }
        for prefix in ["KW", "K", "Q"] {
            if let Some(q) = rest.strip_prefix(prefix) {
                return Period::quarter(year, num(q)?);
            }
        }
        let m = rest.strip_prefix("MM").unwrap_or(rest);
        Period::month(year, num(m)?)
    }

    /// The stored form: `2024`, `2024-K2`, `2024-03`.
    pub fn code(self) -> String {
        let y = self.year_number();
        match self.granularity {
            Granularity::Year => format!("{y}"),
            Granularity::Quarter => format!("{y}-K{}", (self.month_number() - 1) / 3 + 1),
            Granularity::Month => format!("{y}-{:02}", self.month_number()),
        }
    }

    /// How people say it: "2024", "2e kwartaal 2024", "maart 2024".
    pub fn label_nl(self) -> String {
        let y = self.year_number();
        match self.granularity {
            Granularity::Year => format!("{y}"),
            Granularity::Quarter => format!("{}e kwartaal {y}", (self.month_number() - 1) / 3 + 1),
            Granularity::Month => format!("{} {y}", MONTHS_NL[(self.month_number() - 1) as usize]),
        }
    }

    /// A short label for chart axes: "2024", "K2 2024", "mrt 2024".
    pub fn short_label(self) -> String {
        let y = self.year_number();
        match self.granularity {
            Granularity::Year => format!("{y}"),
            Granularity::Quarter => format!("K{} {y}", (self.month_number() - 1) / 3 + 1),
            Granularity::Month => {
                format!("{} {y}", MONTHS_SHORT[(self.month_number() - 1) as usize])
            }
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Ordered by start, then finer before coarser.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_month, self.granularity).cmp(&(other.first_month, other.granularity))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Period::parse(&s)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_parses_to_the_same_period() {
        let q2 = Period::quarter(2024, 2).unwrap();
        for s in ["2024-K2", "2024K2", "2024-Q2", "2024KW02", "2024 k2"] {
            assert_eq!(Period::parse(s), Ok(q2), "{s}");
        }
        let mar = Period::month(2024, 3).unwrap();
        for s in ["2024-03", "2024-3", "2024MM03", "2024/03"] {
            assert_eq!(Period::parse(s), Ok(mar), "{s}");
        }
        let y = Period::year(2023).unwrap();
        for s in ["2023", "2023JJ00", "1-1-2023", " 2023 "] {
            assert_eq!(Period::parse(s), Ok(y), "{s}");
        }
    }

    #[test]
    fn impossible_periods_are_refused_in_dutch() {
        for s in [
            "2024-13",
            "2024-K5",
            "2024-00",
            "24",
            "vorig jaar",
            "",
            "2024-Kx",
            "1850",
        ] {
            let e = Period::parse(s).unwrap_err();
            assert!(
                e.contains("periode") || e.contains("bestaat niet") || e.contains("buiten"),
                "{s}: {e}"
            );
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for p in [
            Period::year(2024).unwrap(),
            Period::quarter(2024, 4).unwrap(),
            Period::month(2025, 1).unwrap(),
        ] {
            assert_eq!(Period::parse(&p.code()), Ok(p));
        }
        assert_eq!(
            Period::quarter(2024, 2).unwrap().label_nl(),
            "2e kwartaal 2024"
        );
        assert_eq!(Period::month(2024, 3).unwrap().label_nl(), "maart 2024");
        assert_eq!(Period::month(2024, 3).unwrap().short_label(), "mrt 2024");
    }

    #[test]
    fn containment_and_order() {
        let m = month_index(2024, 5);
        assert_eq!(
            Period::containing(Granularity::Quarter, m),
            Period::quarter(2024, 2).unwrap()
        );
        assert_eq!(
            Period::containing(Granularity::Year, m),
            Period::year(2024).unwrap()
        );
        assert!(Period::year(2024)
            .unwrap()
            .contains_month(month_index(2024, 12)));
        assert!(!Period::quarter(2024, 1)
            .unwrap()
            .contains_month(month_index(2024, 4)));
        assert_eq!(
            Period::quarter(2024, 4).unwrap().next(),
            Period::quarter(2025, 1).unwrap()
        );
        assert!(Period::month(2024, 1).unwrap() < Period::quarter(2024, 1).unwrap());
        assert!(Period::quarter(2024, 1).unwrap() < Period::month(2024, 2).unwrap());
    }
}
