//! Allocations (*toewijzingen*): a granted in-kind product of a decision,
//! given to one contracted provider for a period, as the iWmo/iJw 3.2
//! messages carry it (301). Also how much may be claimed on one (IV077,
//! TR321/TR322/TR369) and what it commits in euros.

use super::catalogue::Variant;
use super::codes::{Frequency, ProductCategory, ProductCode, Unit};
use super::decision::Amount;
use super::Law;
use crate::directory::offer::code_enum;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A ToewijzingNummer (`LDT_Nummer`): 0 to 999 999 999, unique within a
/// municipality per law (TR332).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AllocationNumber(u32);

impl AllocationNumber {
    pub const MAX: u32 = 999_999_999;

    pub fn new(n: u32) -> Result<AllocationNumber, String> {
        if n <= Self::MAX {
            Ok(AllocationNumber(n))
        } else {
            Err(format!("toewijzingnummer {n} is groter dan 999999999"))
        }
    }

    pub fn parse(raw: &str) -> Result<AllocationNumber, String> {
        let t = raw.trim();
        let n: u32 = t
            .parse()
            .map_err(|_| format!("toewijzingnummer '{t}' is geen getal"))?;
        AllocationNumber::new(n)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for AllocationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

code_enum!(
    /// WMO002 / JZ002: why an allocation changed (the codes both laws share).
    ChangeReason, "onbekende reden van wijziging '{}'", {
    Died => ("02", "Cliënt overleden"),
    Contract => ("03", "Contractwijziging"),
    Extended => ("04", "Herbeoordeling: verlenging"),
    Shortened => ("05", "Herbeoordeling: verkorting"),
    OtherDomain => ("06", "Uitstroom naar ander domein"),
    Moved => ("07", "Verhuizing naar een andere gemeente"),
    DeliveryForm => ("08", "Wijziging leveringsvorm"),
    OtherProvider => ("09", "Overstap naar andere aanbieder"),
    NewFunding => ("10", "Overgang naar nieuwe bekostiging"),
    Merger => ("11", "Gemeentelijke herindeling"),
    ByProvider => ("12", "Op initiatief van de aanbieder"),
    Removed => ("13", "Verwijderd"),
});

code_enum!(
    /// WMO588 / JZ588: why the provider stopped the care (307).
    StopReason, "onbekende reden van beëindiging '{}'", {
    Died => ("02", "Overlijden"),
    AsPlanned => ("19", "Levering volgens plan beëindigd"),
    Paused => ("20", "Levering tijdelijk beëindigd"),
    ByClient => ("21", "Eenzijdig door cliënt beëindigd"),
    ByProvider => ("22", "Eenzijdig door aanbieder beëindigd"),
    Agreed => ("23", "In overeenstemming voortijdig beëindigd"),
    Moved => ("31", "Verhuizing naar een andere gemeente"),
    Municipality => ("36", "Op initiatief van de gemeente"),
    ChangeRequest => ("37", "In verband met wijzigingsverzoek"),
    OtherProvider => ("38", "Overstap naar andere aanbieder"),
    OtherDomain => ("39", "Uitstroom naar ander domein"),
});

/// What one allocation says: the facts a claim is checked against and a
/// 301 carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    pub number: AllocationNumber,
    pub law: Law,
    pub category: ProductCategory,
    pub product: Option<ProductCode>,
    pub variant: Variant,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub amount: Amount,
    pub change_reason: Option<ChangeReason>,
}

impl Allocation {
    /// Whether the allocation counts as current: an allocation removed or
    /// corrected away (end on its start with reason 13 or 01) does not (OP087).
    pub fn is_current(&self, on: NaiveDate) -> bool {
        if self.change_reason == Some(ChangeReason::Removed) {
            return false;
        }
        self.end.is_none_or(|e| e >= on)
    }

    /// Days the allocation covers within `from..=to` (inclusive).
    pub fn days_within(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let a = self.start.max(from);
        let b = self.end.map_or(to, |e| e.min(to));
        if b < a {
            0
        } else {
            (b - a).num_days() + 1
        }
    }

    /// The most that may be claimed in one product period (TR321 as IV077
    /// explains it), in the allocation's unit (or eurocents for a budget).
    /// `None` when the allocation is a budget, whose limit is its total only.
    pub fn max_in_period(&self, from: NaiveDate, to: NaiveDate) -> Option<u64> {
        let Amount::Volume {
            quantity,
            frequency,
            ..
        } = self.amount
        else {
            return None;
        };
        let from = self.start.max(from);
        let to = self.end.map_or(to, |e| e.min(to));
        if to < from {
            return Some(0);
        }
        let q = u64::from(quantity);
        Some(match frequency {
            Frequency::PerDay => q * ((to - from).num_days() as u64 + 1),
            Frequency::PerWeek => match self.variant {
                // Household help: always six weeks' volume per period.
                _ if self.law == Law::Wmo && self.category.code == "01" => 6 * q,
                Variant::Output => {
                    let mut weeks = sundays(from, to);
                    if let Some(end) = self.end {
                        let last_sunday_in_period = (from..=to)
                            .contains(&last_sunday_on_or_before(end))
                            || last_sunday_on_or_before(end) < from && end <= to;
                        if end <= to && end.weekday() != Weekday::Sun && last_sunday_in_period {
                            weeks += 1;
                        }
                    }
                    weeks * q
                }
                _ => calendar_weeks(from, to) * q,
            },
            Frequency::PerMonth => months(from, to) * q,
            Frequency::Total => q,
        })
    }

    /// The most that may be claimed over the whole allocation (TR322, TR369),
    /// or `None` for an open-ended allocation counted per period.
    pub fn max_total(&self) -> Option<u64> {
        match self.amount {
            Amount::Budget { cents } => Some(cents.max(0) as u64),
            Amount::Volume {
                quantity,
                frequency,
                ..
            } => {
                let q = u64::from(quantity);
                if frequency == Frequency::Total {
                    return Some(q);
                }
                let end = self.end?;
                Some(match frequency {
                    Frequency::PerDay => q * ((end - self.start).num_days().max(-1) + 1) as u64,
                    Frequency::PerWeek => calendar_weeks(self.start, end) * q,
                    Frequency::PerMonth => months(self.start, end) * q,
                    Frequency::Total => q,
                })
            }
        }
    }

    /// What the allocation commits in eurocents within `from..=to`: a budget
    /// spread evenly over its days; a volume at the contract tariff per unit,
    /// per day pro rata (a week as 7 days, a month as 365/12 days); a total
    /// volume spread over the allocation's days (a year when open-ended).
    pub fn committed_cents(
        &self,
        tariff_cents: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> i64 {
        let days = self.days_within(from, to);
        if days == 0 {
            return 0;
        }
        let span =
            |end: Option<NaiveDate>| end.map_or(365, |e| (e - self.start).num_days() + 1).max(1);
        match self.amount {
            Amount::Budget { cents } => {
                (i128::from(cents) * i128::from(days) / i128::from(span(self.end))) as i64
            }
            Amount::Volume {
                quantity,
                unit,
                frequency,
            } => {
                // A volume in euros is its own price.
                let tariff = if unit == Unit::Euros {
                    100
                } else {
                    match tariff_cents {
                        Some(t) => t,
                        None => return 0,
                    }
                };
                let per_unit = i128::from(quantity) * i128::from(tariff);
                let total = match frequency {
                    Frequency::PerDay => per_unit * i128::from(days),
                    Frequency::PerWeek => per_unit * i128::from(days) / 7,
                    Frequency::PerMonth => per_unit * i128::from(days) * 12 / 365,
                    Frequency::Total => per_unit * i128::from(days) / i128::from(span(self.end)),
                };
                total as i64
            }
        }
    }
}

fn sundays(from: NaiveDate, to: NaiveDate) -> u64 {
    let mut d = from;
    let mut n = 0;
    while d <= to {
        if d.weekday() == Weekday::Sun {
            n += 1;
            d += Duration::days(7);
        } else {
            d += Duration::days(1);
        }
    }
    n
}

fn last_sunday_on_or_before(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_sunday()))
}

/// Calendar weeks (ISO week numbers) touched by `from..=to`.
fn calendar_weeks(from: NaiveDate, to: NaiveDate) -> u64 {
    let mut weeks = BTreeSet::new();
    let mut d = from;
    while d <= to {
        let w = d.iso_week();
        weeks.insert((w.year(), w.week()));
        d += Duration::days(1);
    }
    weeks.len() as u64
}

/// Calendar months touched by `from..=to`.
fn months(from: NaiveDate, to: NaiveDate) -> u64 {
    if to < from {
        return 0;
    }
    let m = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    (m(to) - m(from) + 1) as u64
}

/// One line of a claim (323 *Prestatie*), as the checks need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimLine {
    pub allocation: AllocationNumber,
    pub category: String,
    pub product: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub volume: u64,
    pub unit: String,
    pub tariff_cents: i64,
    pub amount_cents: i64,
    pub credit: bool,
}

/// A rule of the standard that a message broke, with its return code
/// (WJ001) and what it means in plain Dutch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl Violation {
    pub fn new(rule: &'static str, code: &'static str, message: impl Into<String>) -> Violation {
        Violation {
            rule,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
}

/// What was claimed and approved on an allocation before this line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Claimed {
    /// Volume of the approved debit lines not credited since.
    pub volume: u64,
    /// Their amount in eurocents.
    pub cents: i64,
}

/// Checks one debit claim line against its allocation and what was approved
/// on it before (TR307, TR308, TR339, TR340, TR341, TR321, TR322, TR369,
/// TR384, TR418). Every broken rule is listed; an empty list approves.
pub fn check_claim_line(
    alloc: &Allocation,
    contract_tariff: Option<i64>,
    line: &ClaimLine,
    before: Claimed,
) -> Vec<Violation> {
    let mut v = Vec::new();
    if alloc.change_reason == Some(ChangeReason::Removed) {
        v.push(Violation::new(
            "TR384",
            "9384",
            format!(
                "toewijzing {} is verwijderd; daarop kan niet gedeclareerd worden",
                alloc.number
            ),
        ));
    }
    if line.category != alloc.category.code {
        v.push(Violation::new(
            "TR339",
            "9339",
            format!(
                "productcategorie {} hoort niet bij toewijzing {} (categorie {})",
                line.category, alloc.number, alloc.category.code
            ),
        ));
    }
    if let Some(p) = &alloc.product {
        if line.product.as_deref() != Some(p.as_str()) {
            v.push(Violation::new(
                "TR340",
                "9340",
                format!(
                    "productcode {} hoort niet bij toewijzing {} (code {})",
                    line.product.as_deref().unwrap_or("(leeg)"),
                    alloc.number,
                    p.as_str()
                ),
            ));
        }
    }
    let alloc_unit = match alloc.amount {
        Amount::Volume { unit, .. } => unit,
        Amount::Budget { .. } => Unit::Euros,
    };
    if line.unit != alloc_unit.code() {
        v.push(Violation::new(
            "TR341",
            "9341",
            format!(
                "eenheid {} past niet bij toewijzing {} ({})",
                line.unit,
                alloc.number,
                alloc_unit.label_nl()
            ),
        ));
    }
    if line.from < alloc.start {
        v.push(Violation::new(
            "TR307",
            "9307",
            format!(
                "de periode begint op {} maar toewijzing {} gaat pas in op {}",
                line.from, alloc.number, alloc.start
            ),
        ));
    }
    if let Some(end) = alloc.end {
        if line.to > end {
            v.push(Violation::new(
                "TR308",
                "9308",
                format!(
                    "de periode eindigt op {} maar toewijzing {} eindigt op {}",
                    line.to, alloc.number, end
                ),
            ));
        }
    }
    if let Some(t) = contract_tariff {
        if line.tariff_cents != t && alloc_unit != Unit::Euros {
            v.push(Violation::new(
                "TR418",
                "0611",
                format!(
                    "tarief {} wijkt af van het contracttarief {}",
                    euros(line.tariff_cents),
                    euros(t)
                ),
            ));
        }
    }
    match alloc.amount {
        Amount::Volume { unit, .. } => {
            if let Some(max) = alloc.max_in_period(line.from, line.to) {
                if line.volume > max {
                    v.push(Violation::new(
                        "TR321",
                        "9321",
                        format!(
                            "geleverd {} {} in deze periode, toegewezen is hoogstens {} {}",
                            line.volume,
                            unit.label_nl(),
                            max,
                            unit.label_nl()
                        ),
                    ));
                }
            }
            if let Some(total) = alloc.max_total() {
                if before.volume + line.volume > total {
                    v.push(Violation::new(
                        "TR322",
                        "9322",
                        format!(
                            "samen met eerdere declaraties {} {}, toegewezen is in totaal {} {}",
                            before.volume + line.volume,
                            unit.label_nl(),
                            total,
                            unit.label_nl()
                        ),
                    ));
                }
            }
        }
        Amount::Budget { cents } => {
            if before.cents + line.amount_cents > cents {
                v.push(Violation::new(
                    "TR369",
                    "9369",
                    format!(
                        "samen met eerdere declaraties {}, het budget is {}",
                        euros(before.cents + line.amount_cents),
                        euros(cents)
                    ),
                ));
            }
        }
    }
    v
}

use crate::money::euros;

/// An Iv3 *taakveld* of the municipal budget (BBV) that care is booked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Taakveld(&'static str);

/// The taakvelden of the sociaal domein that maatwerk is booked on, with
/// their names (Iv3, BBV 2024).
pub const TAAKVELDEN: &[(&str, &str)] = &[
    ("6.71a", "Huishoudelijke hulp (Wmo)"),
    ("6.71b", "Begeleiding (Wmo)"),
    ("6.71c", "Dagbesteding (Wmo)"),
    ("6.71d", "Overige maatwerkarrangementen (Wmo)"),
    ("6.72a", "Jeugdhulp begeleiding"),
    ("6.72b", "Jeugdhulp behandeling"),
    ("6.72c", "Jeugdhulp dagbesteding"),
    ("6.72d", "Jeugdhulp zonder verblijf overig"),
    ("6.73a", "Pleegzorg"),
    ("6.73b", "Gezinsgericht"),
    ("6.73c", "Jeugdhulp met verblijf overig"),
    ("6.74a", "Jeugdbescherming"),
    ("6.74b", "Jeugdreclassering"),
    ("6.74c", "Gecertificeerde instellingen overig"),
    ("6.81a", "Beschermd wonen (Wmo)"),
    ("6.81b", "Maatschappelijke en vrouwenopvang (Wmo)"),
    ("6.82a", "Jeugdhulp crisis/LTA/GGZ-verblijf"),
    ("6.82b", "Gesloten plaatsing"),
];

impl Taakveld {
    pub fn parse(raw: &str) -> Result<Taakveld, String> {
        let t = raw.trim().to_ascii_lowercase();
        TAAKVELDEN
            .iter()
            .find(|(code, _)| *code == t)
            .map(|(code, _)| Taakveld(code))
            .ok_or_else(|| format!("onbekend taakveld '{}'", raw.trim()))
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn name(self) -> &'static str {
        TAAKVELDEN
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or("", |(_, n)| n)
    }

    /// Where a product category is booked when the municipality has not
    /// said otherwise. Municipalities override this per category in data.
    pub fn default_for(law: Law, category: &str) -> Option<Taakveld> {
        let code = match (law, category) {
            (Law::Wmo, "01") => "6.71a",
            (Law::Wmo, "02" | "03" | "04" | "06") => "6.71b",
            (Law::Wmo, "07" | "09") => "6.71c",
            (Law::Wmo, "05" | "08" | "10" | "11" | "12" | "13" | "14") => "6.71d",
            (Law::Wmo, "15" | "18") => "6.81a",
            (Law::Wmo, "16" | "17") => "6.81b",
            (Law::Jeugdwet, "40") => "6.72a",
            (Law::Jeugdwet, "41" | "45" | "51" | "52" | "53" | "54") => "6.72b",
            (Law::Jeugdwet, "42" | "50") => "6.72d",
            (Law::Jeugdwet, "43" | "44") => "6.73c",
            (Law::Jeugdwet, "46" | "55") => "6.82a",
            (Law::Jeugdwet, "47") => "6.74b",
            (Law::Jeugdwet, "48") => "6.74a",
            (Law::Jeugdwet, "49") => "6.74c",
            _ => return None,
        };
        Taakveld::parse(code).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maatwerk::codes::category;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weekly(law: Law, cat: &str, variant: Variant, q: u32, start: &str, end: &str) -> Allocation {
        Allocation {
            number: AllocationNumber::new(1).unwrap(),
            law,
            category: category(law, cat).unwrap(),
            product: None,
            variant,
            start: d(start),
            end: Some(d(end)),
            amount: Amount::Volume {
                quantity: q,
                unit: Unit::Hour,
                frequency: Frequency::PerWeek,
            },
            change_reason: None,
        }
    }

    #[test]
    fn numbers_fit_the_standard() {
        assert_eq!(AllocationNumber::parse(" 42 ").unwrap().get(), 42);
        assert!(AllocationNumber::parse("1000000000").is_err());
        assert!(AllocationNumber::parse("A1").is_err());
    }

    #[test]
    fn effort_per_week_counts_calendar_weeks_as_iv077_shows() {
        // IV077's worked example: 3 hours a week, 7 Oct – 30 Dec 2025.
        let a = weekly(
            Law::Wmo,
            "02",
            Variant::Effort,
            3,
            "2025-10-07",
            "2025-12-30",
        );
        assert_eq!(a.max_in_period(d("2025-10-01"), d("2025-10-31")), Some(12));
        assert_eq!(a.max_in_period(d("2025-11-01"), d("2025-11-30")), Some(15));
        assert_eq!(a.max_in_period(d("2025-12-01"), d("2025-12-31")), Some(15));
        assert_eq!(a.max_total(), Some(39));
    }

    #[test]
    fn household_help_per_week_allows_six_weeks_per_period() {
        let a = weekly(
            Law::Wmo,
            "01",
            Variant::Effort,
            3,
            "2025-10-07",
            "2025-12-30",
        );
        assert_eq!(a.max_in_period(d("2025-10-01"), d("2025-10-31")), Some(18));
        // The total still holds it in.
        assert_eq!(a.max_total(), Some(39));
    }

    #[test]
    fn output_per_week_counts_sundays_plus_the_last_broken_week() {
        // IV077's output example: 1 Oct – 31 Dec 2025 (Dec ends on a Wednesday).
        let mut a = weekly(
            Law::Wmo,
            "02",
            Variant::Output,
            300,
            "2025-10-01",
            "2025-12-31",
        );
        a.amount = Amount::Volume {
            quantity: 300,
            unit: Unit::Euros,
            frequency: Frequency::PerWeek,
        };
        assert_eq!(
            a.max_in_period(d("2025-11-01"), d("2025-11-30")),
            Some(1500)
        );
        assert_eq!(
            a.max_in_period(d("2025-12-01"), d("2025-12-31")),
            Some(1500)
        );
    }

    #[test]
    fn a_claim_line_over_the_allocation_breaks_tr321_and_names_it() {
        let a = weekly(
            Law::Jeugdwet,
            "45",
            Variant::Effort,
            2,
            "2026-01-01",
            "2026-06-30",
        );
        let line = ClaimLine {
            allocation: a.number,
            category: "45".into(),
            product: None,
            from: d("2026-03-01"),
            to: d("2026-03-31"),
            volume: 14,
            unit: "04".into(),
            tariff_cents: 8000,
            amount_cents: 14 * 8000,
            credit: false,
        };
        let v = check_claim_line(&a, Some(8000), &line, Claimed::default());
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].rule, "TR321");
        assert_eq!(v[0].code, "9321");
        assert!(
            v[0].message.contains("hoogstens 12 uur"),
            "{}",
            v[0].message
        );
        // Within: nothing to report.
        let ok = ClaimLine {
            volume: 10,
            amount_cents: 80000,
            ..line.clone()
        };
        assert!(check_claim_line(&a, Some(8000), &ok, Claimed::default()).is_empty());
        // Within the month, but over the total with what came before (27 weeks × 2 = 54).
        let v = check_claim_line(
            &a,
            Some(8000),
            &ok,
            Claimed {
                volume: 50,
                cents: 0,
            },
        );
        assert_eq!(v.iter().map(|x| x.rule).collect::<Vec<_>>(), ["TR322"]);
        // Wrong period, category, tariff.
        let bad = ClaimLine {
            category: "41".into(),
            from: d("2025-12-01"),
            to: d("2026-07-31"),
            tariff_cents: 9000,
            volume: 1,
            ..line
        };
        let rules: Vec<_> = check_claim_line(&a, Some(8000), &bad, Claimed::default())
            .iter()
            .map(|x| x.rule)
            .collect();
        assert_eq!(rules, ["TR339", "TR307", "TR308", "TR418"]);
    }

    #[test]
    fn budgets_are_checked_in_euros() {
        let mut a = weekly(Law::Wmo, "02", Variant::Task, 1, "2026-01-01", "2026-12-31");
        a.amount = Amount::Budget { cents: 100_000 };
        let line = ClaimLine {
            allocation: a.number,
            category: "02".into(),
            product: None,
            from: d("2026-02-01"),
            to: d("2026-02-28"),
            volume: 60_000,
            unit: "83".into(),
            tariff_cents: 1,
            amount_cents: 60_000,
            credit: false,
        };
        assert!(check_claim_line(&a, None, &line, Claimed::default()).is_empty());
        let v = check_claim_line(
            &a,
            None,
            &line,
            Claimed {
                volume: 0,
                cents: 50_000,
            },
        );
        assert_eq!(v[0].rule, "TR369");
    }

    #[test]
    fn committed_cost_follows_tariff_and_days() {
        let a = weekly(
            Law::Wmo,
            "02",
            Variant::Effort,
            2,
            "2026-01-01",
            "2026-12-31",
        );
        // 2 hours a week at €70: 52 weeks and a day.
        let year = a.committed_cents(Some(7000), d("2026-01-01"), d("2026-12-31"));
        assert_eq!(year, 2 * 7000 * 365 / 7);
        let jan = a.committed_cents(Some(7000), d("2026-01-01"), d("2026-01-31"));
        assert_eq!(jan, 2 * 7000 * 31 / 7);
        // Outside the allocation: nothing; no tariff: nothing to count.
        assert_eq!(
            a.committed_cents(Some(7000), d("2027-01-01"), d("2027-01-31")),
            0
        );
        assert_eq!(a.committed_cents(None, d("2026-01-01"), d("2026-01-31")), 0);
        let mut b = a.clone();
        b.amount = Amount::Budget { cents: 365_000 };
        assert_eq!(
            b.committed_cents(None, d("2026-01-01"), d("2026-01-31")),
            31_000
        );
    }

    #[test]
    fn every_category_has_a_default_taakveld() {
        for law in [Law::Wmo, Law::Jeugdwet] {
            for c in crate::maatwerk::codes::categories(law) {
                assert!(
                    Taakveld::default_for(law, c.code).is_some(),
                    "{law:?} {}",
                    c.code
                );
            }
        }
        assert_eq!(
            Taakveld::parse("6.71A").unwrap().name(),
            "Huishoudelijke hulp (Wmo)"
        );
        assert!(Taakveld::parse("6.99").is_err());
    }

    #[test]
    fn removed_allocations_are_not_current() {
        let mut a = weekly(
            Law::Wmo,
            "02",
            Variant::Effort,
            2,
            "2026-01-01",
            "2026-12-31",
        );
        assert!(a.is_current(d("2026-06-01")));
        assert!(!a.is_current(d("2027-01-01")));
        a.change_reason = Some(ChangeReason::Removed);
        assert!(!a.is_current(d("2026-06-01")));
    }
}
