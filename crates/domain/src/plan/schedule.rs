//! Planned moments of a case: evaluations (*evaluatie*) and aftercare
//! contacts (*nazorg*), and how close each one is.

use crate::directory::offer::code_enum;
use crate::toegang::calendar::WorkingCalendar;
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// How often a moment comes back.
    Frequency, "onbekende frequentie '{}'", {
    Weekly => ("week", "Elke week"),
    Fortnightly => ("twee-weken", "Elke twee weken"),
    Monthly => ("maand", "Elke maand"),
});

impl Frequency {
    /// The `n`-th moment after `start`, counted from `start` itself so a
    /// shortened month does not shift the later ones. `None` beyond the
    /// calendar.
    fn nth_after(self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        match self {
            Frequency::Weekly => start.checked_add_days(Days::new(7 * u64::from(n))),
            Frequency::Fortnightly => start.checked_add_days(Days::new(14 * u64::from(n))),
            Frequency::Monthly => start.checked_add_months(Months::new(n)),
        }
    }
}

/// How many moments to plan: 1 to 24.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct FollowUpCount(u32);

impl FollowUpCount {
    pub const MAX: u32 = 24;

    pub fn new(n: i64) -> Result<FollowUpCount, String> {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(FollowUpCount)
            .ok_or_else(|| format!("Kies 1 tot en met {} momenten, niet {n}.", Self::MAX))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for FollowUpCount {
    type Error = String;
    fn try_from(n: i64) -> Result<Self, String> {
        FollowUpCount::new(n)
    }
}

impl From<FollowUpCount> for u32 {
    fn from(c: FollowUpCount) -> u32 {
        c.0
    }
}

/// `count` moments after `start` (which is not one of them), one step of
/// `freq` apart. Monthly steps keep the day of the month, or take the last day
/// of a shorter month (31 January: 28 February, 31 March). Each date that is
/// not a working day moves to the next working day. For instance monthly
/// aftercare contacts for three months after the closing.
pub fn follow_ups(
    start: NaiveDate,
    freq: Frequency,
    count: FollowUpCount,
    cal: &WorkingCalendar,
) -> Vec<NaiveDate> {
    (1..=count.get())
        .filter_map(|n| freq.nth_after(start, n))
        .map(|d| cal.add_working_days(d, 0))
        .collect()
}

/// How close a planned moment is, in calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum ReminderState {
    Done,
    /// Still to come: the days from today until it, at least 1.
    Upcoming {
        days: i64,
    },
    DueToday,
    /// Not done and its day has passed: the days since, at least 1.
    Overdue {
        days: i64,
    },
}

impl ReminderState {
    pub fn is_overdue(self) -> bool {
        matches!(self, ReminderState::Overdue { .. })
    }

    /// "Gedaan", "Morgen", "Over 3 dagen", "Vandaag", "1 dag te laat",
    /// "4 dagen te laat".
    pub fn label_nl(self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 dag".to_string()
            } else {
                format!("{n} dagen")
            }
        };
        match self {
            ReminderState::Done => "Gedaan".into(),
            ReminderState::Upcoming { days: 1 } => "Morgen".into(),
            ReminderState::Upcoming { days: n } => format!("Over {}", days(n)),
            ReminderState::DueToday => "Vandaag".into(),
            ReminderState::Overdue { days: n } => format!("{} te laat", days(n)),
        }
    }
}

/// Where a moment due on `due` stands on `today`; a moment that is done is
/// done, whatever the date.
pub fn reminder_state(due: NaiveDate, done: bool, today: NaiveDate) -> ReminderState {
    let diff = (due - today).num_days();
    if done {
        ReminderState::Done
    } else if diff == 0 {
        ReminderState::DueToday
    } else if diff > 0 {
        ReminderState::Upcoming { days: diff }
    } else {
        ReminderState::Overdue { days: -diff }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toegang::calendar::HolidayRules;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(HolidayRules::default())
    }

    fn count(n: i64) -> FollowUpCount {
        FollowUpCount::new(n).unwrap()
    }

    #[test]
    fn counts_are_one_to_twenty_four() {
        assert!(FollowUpCount::new(0)
            .unwrap_err()
            .contains("1 tot en met 24"));
        assert!(FollowUpCount::new(25).is_err());
        assert!(FollowUpCount::new(-1).is_err());
        assert_eq!(count(24).get(), 24);
        assert!(serde_json::from_str::<FollowUpCount>("0").is_err());
        assert_eq!(serde_json::from_str::<FollowUpCount>("3").unwrap().get(), 3);
    }

    #[test]
    fn monthly_aftercare_for_three_months_after_closing() {
        // Closed on Thursday 15 January 2026: 15 February is a Sunday → Monday
        // 16 February; 15 March is a Sunday → Monday 16 March; 15 April is a
        // Wednesday.
        assert_eq!(
            follow_ups(d(2026, 1, 15), Frequency::Monthly, count(3), &cal()),
            vec![d(2026, 2, 16), d(2026, 3, 16), d(2026, 4, 15)]
        );
    }

    #[test]
    fn months_are_clamped_to_the_month_end_without_drifting() {
        // 31 January 2026: 28 Feb (Sat → Mon 2 Mar), 31 Mar (Tue), 30 Apr (Thu),
        // 31 May (Sun → Mon 1 Jun).
        assert_eq!(
            follow_ups(d(2026, 1, 31), Frequency::Monthly, count(4), &cal()),
            vec![d(2026, 3, 2), d(2026, 3, 31), d(2026, 4, 30), d(2026, 6, 1)]
        );
        // 31 January 2028, a leap year: 29 February (Tue).
        assert_eq!(
            follow_ups(d(2028, 1, 31), Frequency::Monthly, count(1), &cal()),
            vec![d(2028, 2, 29)]
        );
    }

    #[test]
    fn weekly_and_fortnightly_steps_skip_holidays() {
        // Friday 11 December 2026, weekly: 18 Dec, 25 Dec (Kerst → Mon 28),
        // 1 Jan (Nieuwjaarsdag → Mon 4 Jan), 8 Jan.
        assert_eq!(
            follow_ups(d(2026, 12, 11), Frequency::Weekly, count(4), &cal()),
            vec![
                d(2026, 12, 18),
                d(2026, 12, 28),
                d(2027, 1, 4),
                d(2027, 1, 8)
            ]
        );
        // Monday 13 April 2026, every two weeks: Mon 27 April is Koningsdag →
        // Tue 28; Mon 11 May; Mon 25 May is Tweede Pinksterdag → Tue 26.
        assert_eq!(
            follow_ups(d(2026, 4, 13), Frequency::Fortnightly, count(3), &cal()),
            vec![d(2026, 4, 28), d(2026, 5, 11), d(2026, 5, 26)]
        );
    }

    #[test]
    fn reminder_states() {
        let due = d(2026, 3, 10);
        assert_eq!(
            reminder_state(due, true, d(2026, 4, 1)),
            ReminderState::Done
        );
        assert_eq!(
            reminder_state(due, false, d(2026, 3, 7)),
            ReminderState::Upcoming { days: 3 }
        );
        assert_eq!(reminder_state(due, false, due), ReminderState::DueToday);
        assert_eq!(
            reminder_state(due, false, d(2026, 3, 11)),
            ReminderState::Overdue { days: 1 }
        );
        assert!(reminder_state(due, false, d(2026, 3, 11)).is_overdue());
        assert!(!reminder_state(due, true, d(2026, 3, 11)).is_overdue());
    }

    #[test]
    fn reminder_labels_in_dutch() {
        assert_eq!(ReminderState::Done.label_nl(), "Gedaan");
        assert_eq!(ReminderState::Upcoming { days: 1 }.label_nl(), "Morgen");
        assert_eq!(
            ReminderState::Upcoming { days: 3 }.label_nl(),
            "Over 3 dagen"
        );
        assert_eq!(ReminderState::DueToday.label_nl(), "Vandaag");
        assert_eq!(
            ReminderState::Overdue { days: 1 }.label_nl(),
            "1 dag te laat"
        );
        assert_eq!(
            ReminderState::Overdue { days: 4 }.label_nl(),
            "4 dagen te laat"
        );
        assert_eq!(Frequency::parse("twee-weken"), Ok(Frequency::Fortnightly));
        assert_eq!(Frequency::Monthly.label_nl(), "Elke maand");
    }
}
