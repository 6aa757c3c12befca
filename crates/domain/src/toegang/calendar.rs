//! Working days in the Netherlands: weekends and the *algemeen erkende
//! feestdagen*, and the deadlines of the triage queue counted in them.
//!
//! Two holidays differ between municipalities and are settings
//! ([`HolidayRules`]): Goede Vrijdag (most municipalities work) and
//! Bevrijdingsdag (a day off every year, only in lustrum years, or never).
//! All dates are local dates in the Netherlands; the caller converts a UTC
//! moment with `dutch_time::local` first.

use crate::directory::offer::code_enum;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm of
/// Meeus, Jones and Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always a date in March or April; only years outside chrono's range fail.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// Koningsdag: 27 April, or Saturday 26 April when the 27th is a Sunday
/// (the rule since 2014).
fn kings_day(year: i32) -> Option<NaiveDate> {
    let d = NaiveDate::from_ymd_opt(year, 4, 27)?;
    if d.weekday() == Weekday::Sun {
        NaiveDate::from_ymd_opt(year, 4, 26)
    } else {
        Some(d)
    }
}

/// When Bevrijdingsdag (5 May) is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LiberationDay {
    /// Every year.
    EveryYear,
    /// Only in lustrum years (2025, 2030, …), as in most collective agreements.
    #[default]
    EveryFifthYear,
    /// Never.
    Never,
}

impl LiberationDay {
    pub fn is_day_off(self, year: i32) -> bool {
        match self {
            LiberationDay::EveryYear => true,
            LiberationDay::EveryFifthYear => year.rem_euclid(5) == 0,
            LiberationDay::Never => false,
        }
    }
}

/// The holidays that differ between municipalities. The default: Goede
/// Vrijdag is a working day, Bevrijdingsdag is a day off once every five years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HolidayRules {
    pub good_friday_off: bool,
    pub liberation_day: LiberationDay,
}

/// Which days are working days: Monday to Friday, except public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkingCalendar {
    rules: HolidayRules,
}

impl WorkingCalendar {
    pub fn new(rules: HolidayRules) -> WorkingCalendar {
        WorkingCalendar { rules }
    }

    pub fn rules(&self) -> HolidayRules {
        self.rules
    }

    /// The Dutch name of the public holiday on `d` that is a day off under
    /// these rules, if any. Holidays on a weekend are named too.
    pub fn holiday(&self, d: NaiveDate) -> Option<&'static str> {
        let year = d.year();
        match (d.month(), d.day()) {
            (1, 1) => return Some("Nieuwjaarsdag"),
            (12, 25) => return Some("Eerste Kerstdag"),
            (12, 26) => return Some("Tweede Kerstdag"),
            (5, 5) if self.rules.liberation_day.is_day_off(year) => return Some("Bevrijdingsdag"),
            _ => {}
        }
        if kings_day(year) == Some(d) {
            return Some("Koningsdag");
        }
        match (d - easter_sunday(year)).num_days() {
            -2 if self.rules.good_friday_off => Some("Goede Vrijdag"),
            0 => Some("Eerste Paasdag"),
            1 => Some("Tweede Paasdag"),
            39 => Some("Hemelvaartsdag"),
            49 => Some("Eerste Pinksterdag"),
            50 => Some("Tweede Pinksterdag"),
            _ => None,
        }
    }

    /// Every holiday of `year` under these rules, in date order.
    pub fn holidays_in(&self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return Vec::new();
        };
        first
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter_map(|d| self.holiday(d).map(|name| (d, name)))
            .collect()
    }

    /// Monday to Friday and not a holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && self.holiday(d).is_none()
    }

    /// The `n`-th working day after `from`; `from` itself never counts. With
    /// `n = 0`: `from` when it is a working day, otherwise the next one.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            while !self.is_working_day(d) {
                let Some(next) = d.succ_opt() else { break };
                d = next;
            }
            return d;
        }
        let mut left = n;
        while left > 0 {
            let Some(next) = d.succ_opt() else { break };
            d = next;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The working days after `a` up to and including `b`; negative (the same
    /// count with a minus sign) when `b` is before `a`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * count as i64
    }
}

code_enum!(
    /// How quickly a question needs a first contact.
    Urgency, "onbekende urgentie '{}'; kies spoed of normaal", {
    Urgent => ("spoed", "Spoed"),
    Normal => ("normaal", "Normaal"),
});

/// Within how many working days a question that is not urgent gets a first
/// contact: 1 to 30, by default 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct FirstContactDays(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("het aantal werkdagen voor het eerste contact is een heel getal van 1 tot en met 30")]
pub struct FirstContactDaysError;

impl FirstContactDays {
    pub const MAX: u32 = 30;

    pub fn new(n: i64) -> Result<FirstContactDays, FirstContactDaysError> {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(FirstContactDays)
            .ok_or(FirstContactDaysError)
    }

    pub fn parse(raw: &str) -> Result<FirstContactDays, FirstContactDaysError> {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| FirstContactDaysError)
            .and_then(FirstContactDays::new)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for FirstContactDays {
    fn default() -> FirstContactDays {
        FirstContactDays(5)
    }
}

impl TryFrom<i64> for FirstContactDays {
    type Error = FirstContactDaysError;
    fn try_from(n: i64) -> Result<Self, Self::Error> {
        FirstContactDays::new(n)
    }
}

impl From<FirstContactDays> for u32 {
    fn from(d: FirstContactDays) -> u32 {
        d.0
    }
}

/// The last day for the first contact on a question received (local date) on
/// `received_local`: one working day when urgent, otherwise `days` working
/// days. The day of receipt does not count.
pub fn due_date(
    received_local: NaiveDate,
    urgency: Urgency,
    days: FirstContactDays,
    cal: &WorkingCalendar,
) -> NaiveDate {
    let n = match urgency {
        Urgency::Urgent => 1,
        Urgency::Normal => days.get(),
    };
    cal.add_working_days(received_local, n)
}

/// Where a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum DeadlineState {
    /// Before the due date: the working days after today up to and including it.
    OnTime {
        working_days_left: i64,
    },
    DueToday,
    /// After the due date: the working days after it up to and including
    /// today, at least 1 (also on the weekend right after the due date).
    Overdue {
        working_days_late: i64,
    },
}

/// The state of a deadline `due` on `today` (both local dates).
pub fn state(due: NaiveDate, today: NaiveDate, cal: &WorkingCalendar) -> DeadlineState {
    if today == due {
        DeadlineState::DueToday
    } else if today < due {
        DeadlineState::OnTime {
            working_days_left: cal.working_days_between(today, due),
        }
    } else {
        DeadlineState::Overdue {
            working_days_late: cal.working_days_between(due, today).max(1),
        }
    }
}

impl DeadlineState {
    pub fn is_overdue(self) -> bool {
        matches!(self, DeadlineState::Overdue { .. })
    }

    /// "Nog 3 werkdagen", "Vandaag", "1 werkdag te laat".
    pub fn label_nl(self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 werkdag".to_string()
            } else {
                format!("{n} werkdagen")
            }
        };
        match self {
            DeadlineState::OnTime { working_days_left } => {
                format!("Nog {}", days(working_days_left))
            }
            DeadlineState::DueToday => "Vandaag".into(),
            DeadlineState::Overdue { working_days_late } => {
                format!("{} te laat", days(working_days_late))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn standard() -> WorkingCalendar {
        WorkingCalendar::new(HolidayRules::default())
    }

    fn with_good_friday() -> WorkingCalendar {
        WorkingCalendar::new(HolidayRules {
            good_friday_off: true,
            ..HolidayRules::default()
        })
    }

    fn days(n: i64) -> FirstContactDays {
        FirstContactDays::new(n).unwrap()
    }

    #[test]
    fn easter_sunday_of_known_years() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
        // The earliest and latest possible dates.
        assert_eq!(easter_sunday(2285), d(2285, 3, 22));
        assert_eq!(easter_sunday(1943), d(1943, 4, 25));
    }

    #[test]
    fn every_holiday_of_2026_is_named() {
        let all = with_good_friday().holidays_in(2026);
        assert_eq!(
            all,
            vec![
                (d(2026, 1, 1), "Nieuwjaarsdag"),
                (d(2026, 4, 3), "Goede Vrijdag"),
                (d(2026, 4, 5), "Eerste Paasdag"),
                (d(2026, 4, 6), "Tweede Paasdag"),
                (d(2026, 4, 27), "Koningsdag"),
                (d(2026, 5, 14), "Hemelvaartsdag"),
                (d(2026, 5, 24), "Eerste Pinksterdag"),
                (d(2026, 5, 25), "Tweede Pinksterdag"),
                (d(2026, 12, 25), "Eerste Kerstdag"),
                (d(2026, 12, 26), "Tweede Kerstdag"),
            ]
        );
        // The default rules: Goede Vrijdag is a working day, 2026 is no lustrum.
        let cal = standard();
        assert_eq!(cal.holiday(d(2026, 4, 3)), None);
        assert!(cal.is_working_day(d(2026, 4, 3)));
        assert_eq!(cal.holiday(d(2026, 5, 5)), None);
        assert_eq!(cal.holidays_in(2026).len(), 9);
        for (day, _) in cal.holidays_in(2026) {
            assert!(!cal.is_working_day(day), "{day}");
        }
    }

    #[test]
    fn every_holiday_of_2027_is_named() {
        let cal = WorkingCalendar::new(HolidayRules {
            good_friday_off: true,
            liberation_day: LiberationDay::EveryYear,
        });
        assert_eq!(
            cal.holidays_in(2027),
            vec![
                (d(2027, 1, 1), "Nieuwjaarsdag"),
                (d(2027, 3, 26), "Goede Vrijdag"),
                (d(2027, 3, 28), "Eerste Paasdag"),
                (d(2027, 3, 29), "Tweede Paasdag"),
                (d(2027, 4, 27), "Koningsdag"),
                (d(2027, 5, 5), "Bevrijdingsdag"),
                (d(2027, 5, 6), "Hemelvaartsdag"),
                (d(2027, 5, 16), "Eerste Pinksterdag"),
                (d(2027, 5, 17), "Tweede Pinksterdag"),
                (d(2027, 12, 25), "Eerste Kerstdag"),
                (d(2027, 12, 26), "Tweede Kerstdag"),
            ]
        );
    }

    #[test]
    fn kings_day_moves_to_saturday_when_the_27th_is_a_sunday() {
        let cal = standard();
        assert_eq!(cal.holiday(d(2025, 4, 26)), Some("Koningsdag"));
        assert_eq!(cal.holiday(d(2025, 4, 27)), None);
        assert_eq!(cal.holiday(d(2026, 4, 27)), Some("Koningsdag"));
        assert_eq!(cal.holiday(d(2026, 4, 26)), None);
        assert!(!cal.is_working_day(d(2026, 4, 27)));
    }

    #[test]
    fn liberation_day_follows_the_setting() {
        let with = |liberation_day| {
            WorkingCalendar::new(HolidayRules {
                liberation_day,
                ..HolidayRules::default()
            })
        };
        let lustrum = d(2025, 5, 5);
        let ordinary = d(2026, 5, 5);
        assert_eq!(
            HolidayRules::default().liberation_day,
            LiberationDay::EveryFifthYear
        );
        assert_eq!(standard().holiday(lustrum), Some("Bevrijdingsdag"));
        assert_eq!(standard().holiday(ordinary), None);
        assert!(standard().is_working_day(ordinary));
        assert!(!standard().is_working_day(lustrum));
        assert!(standard().is_working_day(d(2030, 5, 3)));
        assert_eq!(standard().holiday(d(2030, 5, 5)), Some("Bevrijdingsdag"));
        let every = with(LiberationDay::EveryYear);
        assert_eq!(every.holiday(ordinary), Some("Bevrijdingsdag"));
        assert!(!every.is_working_day(ordinary));
        let never = with(LiberationDay::Never);
        assert_eq!(never.holiday(lustrum), None);
        assert!(never.is_working_day(lustrum));
    }

    #[test]
    fn holiday_rules_read_from_settings() {
        let r: HolidayRules =
            serde_json::from_str(r#"{"good_friday_off":true,"liberation_day":"every-year"}"#)
                .unwrap();
        assert!(r.good_friday_off);
        assert_eq!(r.liberation_day, LiberationDay::EveryYear);
        let r: HolidayRules = serde_json::from_str("{}").unwrap();
        assert_eq!(r, HolidayRules::default());
    }

    #[test]
    fn a_deadline_skips_the_weekend() {
        let cal = standard();
        // Thursday 19 November 2026, five working days: Thursday the 26th.
        let due = due_date(d(2026, 11, 19), Urgency::Normal, days(5), &cal);
        assert_eq!(due, d(2026, 11, 26));
        // Friday the 20th: Friday the 27th.
        let due = due_date(d(2026, 11, 20), Urgency::Normal, days(5), &cal);
        assert_eq!(due, d(2026, 11, 27));
    }

    #[test]
    fn a_deadline_across_easter_depends_on_good_friday() {
        // Thursday 2 April 2026, the day before Goede Vrijdag.
        let received = d(2026, 4, 2);
        // Goede Vrijdag worked: Fri 3, Tue 7, Wed 8, Thu 9, Fri 10.
        let due = due_date(received, Urgency::Normal, days(5), &standard());
        assert_eq!(due, d(2026, 4, 10));
        assert_eq!(
            due_date(received, Urgency::Urgent, days(5), &standard()),
            d(2026, 4, 3)
        );
        // Goede Vrijdag off: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13.
        let due = due_date(received, Urgency::Normal, days(5), &with_good_friday());
        assert_eq!(due, d(2026, 4, 13));
        assert_eq!(
            due_date(received, Urgency::Urgent, days(5), &with_good_friday()),
            d(2026, 4, 7)
        );
    }

    #[test]
    fn a_deadline_across_kings_day_and_liberation_day() {
        let cal = standard();
        // Friday 24 April 2026; Monday 27 April is Koningsdag:
        // Tue 28, Wed 29, Thu 30, Fri 1 May, Mon 4 May.
        let due = due_date(d(2026, 4, 24), Urgency::Normal, days(5), &cal);
        assert_eq!(due, d(2026, 5, 4));
        assert_eq!(
            due_date(d(2026, 4, 24), Urgency::Urgent, days(5), &cal),
            d(2026, 4, 28)
        );
        // 2025: Koningsdag on Saturday 26 April, Bevrijdingsdag (a lustrum) on
        // Monday 5 May. Urgent on Friday 2 May: Tuesday 6 May.
        let due = due_date(d(2025, 5, 2), Urgency::Urgent, days(5), &cal);
        assert_eq!(due, d(2025, 5, 6));
        let never = WorkingCalendar::new(HolidayRules {
            liberation_day: LiberationDay::Never,
            ..HolidayRules::default()
        });
        assert_eq!(
            due_date(d(2025, 5, 2), Urgency::Urgent, days(5), &never),
            d(2025, 5, 5)
        );
    }

    #[test]
    fn a_deadline_across_ascension_day() {
        let cal = standard();
        // Hemelvaartsdag is Thursday 14 May 2026: the Friday after counts.
        assert_eq!(
            due_date(d(2026, 5, 13), Urgency::Urgent, days(5), &cal),
            d(2026, 5, 15)
        );
        // Received on Hemelvaartsdag itself.
        assert_eq!(
            due_date(d(2026, 5, 14), Urgency::Urgent, days(5), &cal),
            d(2026, 5, 15)
        );
        // Wed 13 May, 5 days: Fri 15, Mon 18, Tue 19, Wed 20, Thu 21.
        assert_eq!(
            due_date(d(2026, 5, 13), Urgency::Normal, days(5), &cal),
            d(2026, 5, 21)
        );
    }

    #[test]
    fn a_deadline_across_whitsun() {
        let cal = standard();
        // Tweede Pinksterdag is Monday 25 May 2026.
        assert_eq!(
            due_date(d(2026, 5, 22), Urgency::Urgent, days(5), &cal),
            d(2026, 5, 26)
        );
        // Fri 22 May, 5 days: Tue 26, Wed 27, Thu 28, Fri 29, Mon 1 June.
        assert_eq!(
            due_date(d(2026, 5, 22), Urgency::Normal, days(5), &cal),
            d(2026, 6, 1)
        );
    }

    #[test]
    fn a_deadline_across_christmas_and_new_year() {
        let cal = standard();
        // Thursday 24 December 2026. Fri 25 (Kerst), Sat 26, Sun 27; Mon 28,
        // Tue 29, Wed 30, Thu 31; Fri 1 January (Nieuwjaarsdag); Mon 4 January.
        let due = due_date(d(2026, 12, 24), Urgency::Normal, days(5), &cal);
        assert_eq!(due, d(2027, 1, 4));
        assert_eq!(
            due_date(d(2026, 12, 24), Urgency::Urgent, days(5), &cal),
            d(2026, 12, 28)
        );
    }

    #[test]
    fn urgent_on_a_friday_is_due_on_monday() {
        let cal = standard();
        assert_eq!(
            due_date(d(2026, 11, 20), Urgency::Urgent, days(5), &cal),
            d(2026, 11, 23)
        );
    }

    #[test]
    fn received_on_a_saturday() {
        let cal = standard();
        let saturday = d(2026, 11, 21);
        assert_eq!(
            due_date(saturday, Urgency::Urgent, days(5), &cal),
            d(2026, 11, 23)
        );
        assert_eq!(
            due_date(saturday, Urgency::Normal, days(5), &cal),
            d(2026, 11, 27)
        );
        assert_eq!(
            due_date(saturday, Urgency::Normal, days(1), &cal),
            d(2026, 11, 23)
        );
    }

    #[test]
    fn zero_working_days_is_today_or_the_next_working_day() {
        let cal = standard();
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 0), d(2026, 11, 23));
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 0), d(2026, 11, 23));
        assert_eq!(cal.add_working_days(d(2026, 12, 25), 0), d(2026, 12, 28));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 1), d(2026, 11, 24));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 10), d(2026, 12, 7));
    }

    #[test]
    fn working_days_between_counts_after_a_up_to_b() {
        let cal = standard();
        let (fri, sat, sun, mon) = (
            d(2026, 11, 20),
            d(2026, 11, 21),
            d(2026, 11, 22),
            d(2026, 11, 23),
        );
        assert_eq!(cal.working_days_between(fri, mon), 1);
        assert_eq!(cal.working_days_between(mon, fri), -1);
        assert_eq!(cal.working_days_between(fri, fri), 0);
        assert_eq!(cal.working_days_between(sat, sun), 0);
        assert_eq!(cal.working_days_between(sun, sat), 0);
        assert_eq!(cal.working_days_between(fri, sun), 0);
        assert_eq!(cal.working_days_between(d(2026, 11, 16), mon), 5);
        assert_eq!(cal.working_days_between(mon, d(2026, 11, 16)), -5);
        // Christmas week and New Year: Mon 28 to Thu 31 December 2026, Mon 4 January.
        let (a, b) = (d(2026, 12, 24), d(2027, 1, 4));
        assert_eq!(cal.working_days_between(a, b), 5);
        assert_eq!(cal.working_days_between(b, a), -5);
        // It is the inverse of add_working_days from a working day.
        for n in 0..40 {
            let to = cal.add_working_days(mon, n);
            assert_eq!(cal.working_days_between(mon, to), i64::from(n));
        }
    }

    #[test]
    fn deadline_state_on_time_due_today_and_overdue() {
        let cal = standard();
        let due = d(2026, 11, 25); // Wednesday
        assert_eq!(
            state(due, d(2026, 11, 23), &cal),
            DeadlineState::OnTime {
                working_days_left: 2
            }
        );
        assert_eq!(state(due, due, &cal), DeadlineState::DueToday);
        assert_eq!(
            state(due, d(2026, 11, 27), &cal),
            DeadlineState::Overdue {
                working_days_late: 2
            }
        );
        assert!(state(due, d(2026, 11, 27), &cal).is_overdue());
        assert!(!state(due, due, &cal).is_overdue());
    }

    #[test]
    fn deadline_state_across_a_weekend() {
        let cal = standard();
        let (fri, sat, mon) = (d(2026, 11, 20), d(2026, 11, 21), d(2026, 11, 23));
        // Due Friday, today Monday: one working day late.
        assert_eq!(
            state(fri, mon, &cal),
            DeadlineState::Overdue {
                working_days_late: 1
            }
        );
        // On the Saturday after, it is already late.
        assert_eq!(
            state(fri, sat, &cal),
            DeadlineState::Overdue {
                working_days_late: 1
            }
        );
        // Due Monday, seen on Friday or on Saturday: one working day left.
        assert_eq!(
            state(mon, fri, &cal),
            DeadlineState::OnTime {
                working_days_left: 1
            }
        );
        assert_eq!(
            state(mon, sat, &cal),
            DeadlineState::OnTime {
                working_days_left: 1
            }
        );
    }

    #[test]
    fn deadline_labels_in_dutch() {
        assert_eq!(
            DeadlineState::OnTime {
                working_days_left: 3
            }
            .label_nl(),
            "Nog 3 werkdagen"
        );
        assert_eq!(DeadlineState::DueToday.label_nl(), "Vandaag");
        assert_eq!(
            DeadlineState::Overdue {
                working_days_late: 1
            }
            .label_nl(),
            "1 werkdag te laat"
        );
    }

    #[test]
    fn urgency_codes_and_labels() {
        assert_eq!(Urgency::parse("spoed"), Ok(Urgency::Urgent));
        assert_eq!(Urgency::parse("normaal"), Ok(Urgency::Normal));
        assert_eq!(Urgency::Urgent.code(), "spoed");
        assert_eq!(Urgency::Normal.label_nl(), "Normaal");
        assert_eq!(Urgency::Urgent.to_string(), "Spoed");
        assert!(Urgency::parse("heel snel")
            .unwrap_err()
            .contains("heel snel"));
    }

    #[test]
    fn first_contact_days_are_one_to_thirty() {
        assert_eq!(FirstContactDays::default().get(), 5);
        assert_eq!(FirstContactDays::parse(" 10 ").map(|d| d.get()), Ok(10));
        assert_eq!(FirstContactDays::new(30).map(|d| d.get()), Ok(30));
        assert_eq!(FirstContactDays::new(0), Err(FirstContactDaysError));
        assert_eq!(FirstContactDays::new(31), Err(FirstContactDaysError));
        assert_eq!(FirstContactDays::parse("vijf"), Err(FirstContactDaysError));
        assert!(FirstContactDaysError
            .to_string()
            .contains("1 tot en met 30"));
        let from_settings: FirstContactDays = serde_json::from_str("7").unwrap();
        assert_eq!(from_settings.get(), 7);
        assert!(serde_json::from_str::<FirstContactDays>("0").is_err());
    }
}
