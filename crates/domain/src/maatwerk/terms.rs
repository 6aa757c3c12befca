//! The statutory clocks of a maatwerk path, counted as the law counts them.
//!
//! - A term of weeks or days starts the day after the event (a melding, an
//!   application, the sending of a decision) and ends on the same weekday so
//!   many weeks later.
//! - A term that would end on a Saturday, Sunday or a general holiday of the
//!   *Algemene termijnenwet* (art. 1 and 3: New Year's Day, Easter Monday,
//!   Ascension Day, Whit Monday, both Christmas days, King's Day and 5 May
//!   every year) ends on the next day that is none of these.
//! - Wmo 2015: the investigation after a melding takes at most six weeks
//!   (art. 2.3.2), the resident may hand in their own plan within seven days,
//!   the decision on an application follows within two weeks (art. 2.3.5).
//!   Jeugdwet and other decisions: the Awb's eight weeks (art. 4:13), which
//!   can be extended by a notice before they end (4:14) and are suspended
//!   while the applicant completes the application (4:15).
//! - A decision given late costs a penalty once the applicant has sent a
//!   notice of default (*ingebrekestelling*, art. 4:17): from two weeks after
//!   the notice, €23 a day for 14 days, €35 a day for 14 more, €45 a day for
//!   the last 14 (at most 42 days, €1 442).
//! - An objection can be made within six weeks of the day after the decision
//!   was sent (art. 6:7, 6:8) and is decided within six weeks after that term
//!   (twelve with an advisory committee), extendable by six weeks (art. 7:10).

use super::Law;
use crate::toegang::calendar::{HolidayRules, LiberationDay, WorkingCalendar};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

/// The general holidays of the Algemene termijnenwet: the ones of the working
/// calendar with 5 May every year and Good Friday never.
fn atw_calendar() -> WorkingCalendar {
    WorkingCalendar::new(HolidayRules {
        good_friday_off: false,
        liberation_day: LiberationDay::EveryYear,
    })
}

/// The end of a statutory term that would end on `d`: `d`, or the next day
/// that is no Saturday, Sunday or general holiday (Atw art. 1).
pub fn atw_end(d: NaiveDate) -> NaiveDate {
    let cal = atw_calendar();
    let mut end = d;
    while matches!(end.weekday(), Weekday::Sat | Weekday::Sun) || cal.holiday(end).is_some() {
        match end.succ_opt() {
            Some(next) => end = next,
            None => break,
        }
    }
    end
}

/// The last day of a term of `weeks` weeks after the event on `event`.
pub fn weeks_after(event: NaiveDate, weeks: u32) -> NaiveDate {
    atw_end(event + Duration::weeks(i64::from(weeks)))
}

/// The last day of a term of `days` days after the event on `event`.
pub fn days_after(event: NaiveDate, days: u32) -> NaiveDate {
    atw_end(event + Duration::days(i64::from(days)))
}

/// A term: what it is for, its legal basis and its last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// Plain Dutch: what must happen by the last day.
    pub what: &'static str,
    /// The article it comes from, e.g. "art. 2.3.2 Wmo 2015".
    pub basis: &'static str,
    pub last_day: NaiveDate,
}

/// Wmo 2015 art. 2.3.2: the investigation after a melding.
pub fn investigation(melding: NaiveDate) -> Term {
    Term {
        what: "onderzoek afronden en verslag sturen",
        basis: "art. 2.3.2 Wmo 2015",
        last_day: weeks_after(melding, 6),
    }
}

/// Wmo 2015 art. 2.3.2 lid 2: the resident's own plan.
pub fn own_plan(melding: NaiveDate) -> Term {
    Term {
        what: "persoonlijk plan van de inwoner",
        basis: "art. 2.3.2 Wmo 2015",
        last_day: days_after(melding, 7),
    }
}

/// Weeks for a decision on an application: two under the Wmo 2015 (art.
/// 2.3.5), otherwise the Awb's eight (art. 4:13).
fn decision_weeks(law: Law) -> (u32, &'static str) {
    match law {
        Law::Wmo => (2, "art. 2.3.5 Wmo 2015"),
        Law::Jeugdwet | Law::Participatiewet => (8, "art. 4:13 Awb"),
    }
}

/// The term for the decision on an application received on `application`.
pub fn decision(law: Law, application: NaiveDate) -> Term {
    let (weeks, basis) = decision_weeks(law);
    Term {
        what: "beschikking geven",
        basis,
        last_day: weeks_after(application, weeks),
    }
}

/// Why a decision clock cannot take a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockError {
    /// An extension must be announced before the term has passed (Awb 4:14).
    ExtensionTooLate { last_day: NaiveDate },
    /// The new last day must come after the current one.
    ExtensionNotLater { last_day: NaiveDate },
    /// A suspension runs from a day to a later or the same day.
    SuspensionBackwards,
    /// Suspensions do not overlap.
    SuspensionOverlaps,
}

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let day = |d: &NaiveDate| crate::dutch_time::long_date(*d);
        match self {
            ClockError::ExtensionTooLate { last_day } => write!(
                f,
                "Verdagen kan alleen vóór het einde van de termijn ({}).",
                day(last_day)
            ),
            ClockError::ExtensionNotLater { last_day } => {
                write!(f, "De nieuwe termijn moet na {} eindigen.", day(last_day))
            }
            ClockError::SuspensionBackwards => {
                write!(f, "Een opschorting eindigt niet vóór haar begin.")
            }
            ClockError::SuspensionOverlaps => {
                write!(f, "Deze opschorting valt samen met een andere.")
            }
        }
    }
}

/// The clock of one decision: the statutory term, the days it was suspended
/// (Awb 4:15, both days included) and an announced extension (4:14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionClock {
    pub law: Law,
    pub application: NaiveDate,
    suspensions: Vec<(NaiveDate, NaiveDate)>,
    extended_to: Option<NaiveDate>,
}

/// How a clock stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ClockState {
    /// More than the warning period left.
    Running { working_days_left: i64 },
    /// The last day is near: warn the consultant.
    Warning { working_days_left: i64 },
    /// The last day has passed by this many calendar days.
    Overdue { days: i64 },
}

/// Warn this many working days before a last day.
pub const WARN_WORKING_DAYS: i64 = 5;

impl DecisionClock {
    pub fn new(law: Law, application: NaiveDate) -> DecisionClock {
        DecisionClock {
            law,
            application,
            suspensions: Vec::new(),
            extended_to: None,
        }
    }

    /// The term as the law sets it, before suspensions and extensions.
    pub fn statutory(&self) -> Term {
        decision(self.law, self.application)
    }

    /// Days suspended so far (both ends included).
    pub fn suspended_days(&self) -> i64 {
        self.suspensions
            .iter()
            .map(|(from, to)| (*to - *from).num_days() + 1)
            .sum()
    }

    /// The last day for the decision now: the extension's day, or the
    /// statutory term moved on by the days suspended.
    pub fn last_day(&self) -> NaiveDate {
        match self.extended_to {
            Some(d) => d,
            None => {
                let weeks = decision_weeks(self.law).0;
                let raw = self.application
                    + Duration::weeks(i64::from(weeks))
                    + Duration::days(self.suspended_days());
                atw_end(raw)
            }
        }
    }

    /// Suspends the term from `from` to `to` (both included), e.g. while the
    /// applicant completes the application (Awb 4:15 lid 1 a).
    pub fn suspend(&mut self, from: NaiveDate, to: NaiveDate) -> Result<(), ClockError> {
        if to < from {
            return Err(ClockError::SuspensionBackwards);
        }
        if self.suspensions.iter().any(|(a, b)| from <= *b && *a <= to) {
            return Err(ClockError::SuspensionOverlaps);
        }
        self.suspensions.push((from, to));
        self.suspensions.sort();
        Ok(())
    }

    /// Extends the term to `new_last_day`, announced on `notified_on`
    /// (Awb 4:14: before the term has passed, to a later day).
    pub fn extend(
        &mut self,
        notified_on: NaiveDate,
        new_last_day: NaiveDate,
    ) -> Result<(), ClockError> {
        let last_day = self.last_day();
        if notified_on > last_day {
            return Err(ClockError::ExtensionTooLate { last_day });
        }
        if new_last_day <= last_day {
            return Err(ClockError::ExtensionNotLater { last_day });
        }
        self.extended_to = Some(atw_end(new_last_day));
        Ok(())
    }

    pub fn extended(&self) -> bool {
        self.extended_to.is_some()
    }

    /// How the clock stands on `today`, working days counted with `cal`
    /// (the municipality's own calendar).
    pub fn state(&self, today: NaiveDate, cal: &WorkingCalendar) -> ClockState {
        let last = self.last_day();
        if today > last {
            return ClockState::Overdue {
                days: (today - last).num_days(),
            };
        }
        let left = cal.working_days_between(today, last);
        if left <= WARN_WORKING_DAYS {
            ClockState::Warning {
                working_days_left: left,
            }
        } else {
            ClockState::Running {
                working_days_left: left,
            }
        }
    }

    /// Whether a decision sent on `sent_on` met the term.
    pub fn met_by(&self, sent_on: NaiveDate) -> bool {
        sent_on <= self.last_day()
    }
}

/// The penalty for a late decision (Awb 4:17), in whole euros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Penalty {
    /// The first day a penalty is owed: the day two weeks have passed since
    /// the notice of default was received.
    pub from: NaiveDate,
    /// Days owed so far (at most 42).
    pub days: u32,
    /// Euros owed so far.
    pub euros: u32,
}

/// The most the penalty can reach: 14 × 23 + 14 × 35 + 14 × 45 euros.
pub const PENALTY_MAX_EUROS: u32 = 14 * 23 + 14 * 35 + 14 * 45;

/// Euros owed for `days` days of penalty.
pub fn penalty_euros(days: u32) -> u32 {
    let days = days.min(42);
    let first = days.min(14);
    let second = days.saturating_sub(14).min(14);
    let third = days.saturating_sub(28);
    first * 23 + second * 35 + third * 45
}

/// The penalty owed on `today` when the decision due on `last_day` is still
/// not given (or was given on `today`) and the applicant's notice of default
/// was received on `notice_received`. `None` while nothing is owed: the term
/// has not passed, the notice came before it passed (it then has no effect),
/// or the two weeks after the notice have not yet run out.
pub fn penalty(
    last_day: NaiveDate,
    notice_received: NaiveDate,
    today: NaiveDate,
) -> Option<Penalty> {
    if notice_received <= last_day {
        return None;
    }
    // Received on 1 March: owed from 15 March (the day two weeks have passed).
    let from = notice_received + Duration::weeks(2);
    if today < from {
        return None;
    }
    let days = u32::try_from((today - from).num_days() + 1)
        .unwrap_or(u32::MAX)
        .min(42);
    Some(Penalty {
        from,
        days,
        euros: penalty_euros(days),
    })
}

/// The last day to object to a decision sent on `sent_on` (Awb 6:7, 6:8).
pub fn objection_until(sent_on: NaiveDate) -> NaiveDate {
    weeks_after(sent_on, 6)
}

/// The last day to decide an objection against a decision sent on `sent_on`
/// (Awb 7:10): six weeks after the objection term, twelve with an advisory
/// committee, six more when the decision is postponed.
pub fn objection_decision(sent_on: NaiveDate, committee: bool, postponed: bool) -> NaiveDate {
    let term_end = sent_on + Duration::weeks(6);
    let weeks = if committee { 12 } else { 6 } + if postponed { 6 } else { 0 };
    atw_end(term_end + Duration::weeks(weeks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_term_ending_on_a_weekend_or_general_holiday_moves_to_the_next_day() {
        // A weekday stays.
        assert_eq!(atw_end(d(2026, 3, 4)), d(2026, 3, 4));
        // Saturday → Monday.
        assert_eq!(atw_end(d(2026, 3, 7)), d(2026, 3, 9));
        // Christmas 2026 is a Friday: Friday, Saturday, Sunday, Boxing Day
        // Saturday… → Monday 28 December.
        assert_eq!(atw_end(d(2026, 12, 25)), d(2026, 12, 28));
        // Easter Monday 2026 (6 April) → Tuesday.
        assert_eq!(atw_end(d(2026, 4, 6)), d(2026, 4, 7));
        // 5 May counts every year under the Atw, not only in lustrum years.
        assert_eq!(atw_end(d(2026, 5, 5)), d(2026, 5, 6));
        // Good Friday is no general holiday (3 April 2026).
        assert_eq!(atw_end(d(2026, 4, 3)), d(2026, 4, 3));
        // Ascension Day 2026 is Thursday 14 May.
        assert_eq!(atw_end(d(2026, 5, 14)), d(2026, 5, 15));
        // King's Day on a Sunday moves to Saturday 26 April (2025): Saturday,
        // then Sunday 27 → Monday 28.
        assert_eq!(atw_end(d(2025, 4, 26)), d(2025, 4, 28));
    }

    #[test]
    fn wmo_terms_count_from_the_day_after_the_melding() {
        // A melding on Monday 2 March 2026: investigation ends Monday 13 April.
        let m = d(2026, 3, 2);
        assert_eq!(investigation(m).last_day, d(2026, 4, 13));
        assert_eq!(own_plan(m).last_day, d(2026, 3, 9));
        // A melding on Monday 23 March: six weeks is Monday 4 May, a normal day.
        assert_eq!(investigation(d(2026, 3, 23)).last_day, d(2026, 5, 4));
        // A melding on Tuesday 24 March ends on 5 May → Wednesday 6 May.
        assert_eq!(investigation(d(2026, 3, 24)).last_day, d(2026, 5, 6));
    }

    #[test]
    fn month_ends_and_leap_years_are_plain_calendar_weeks() {
        // Application on 31 January 2028 (a leap year): two weeks → 14 February.
        assert_eq!(decision(Law::Wmo, d(2028, 1, 31)).last_day, d(2028, 2, 14));
        // Eight weeks from 31 December 2025 → 25 February 2026.
        assert_eq!(
            decision(Law::Jeugdwet, d(2025, 12, 31)).last_day,
            d(2026, 2, 25)
        );
        // Two weeks from 11 December 2026 ends on Christmas Day (Friday) →
        // Monday 28 December.
        assert_eq!(
            decision(Law::Wmo, d(2026, 12, 11)).last_day,
            d(2026, 12, 28)
        );
    }

    #[test]
    fn a_suspension_moves_the_last_day_by_its_days() {
        let mut c = DecisionClock::new(Law::Jeugdwet, d(2026, 3, 2));
        // Eight weeks end on Monday 27 April, King's Day → Tuesday 28 April.
        assert_eq!(c.last_day(), d(2026, 4, 28));
        // Ten days waiting for missing papers (both ends count).
        c.suspend(d(2026, 3, 10), d(2026, 3, 19)).unwrap();
        assert_eq!(c.suspended_days(), 10);
        // 27 April + 10 days = Thursday 7 May.
        assert_eq!(c.last_day(), d(2026, 5, 7));
        assert_eq!(
            c.suspend(d(2026, 3, 15), d(2026, 3, 25)),
            Err(ClockError::SuspensionOverlaps)
        );
        assert_eq!(
            c.suspend(d(2026, 3, 25), d(2026, 3, 24)),
            Err(ClockError::SuspensionBackwards)
        );
        // A second one of two days: 9 May is a Saturday → Monday 11 May.
        c.suspend(d(2026, 4, 1), d(2026, 4, 2)).unwrap();
        assert_eq!(c.last_day(), d(2026, 5, 11));
    }

    #[test]
    fn an_extension_must_be_announced_in_time_and_to_a_later_day() {
        let mut c = DecisionClock::new(Law::Jeugdwet, d(2026, 3, 2));
        let last = c.last_day();
        assert_eq!(
            c.extend(last + Duration::days(1), d(2026, 6, 1)),
            Err(ClockError::ExtensionTooLate { last_day: last })
        );
        assert_eq!(
            c.extend(last, last),
            Err(ClockError::ExtensionNotLater { last_day: last })
        );
        c.extend(last, d(2026, 5, 25)).unwrap();
        // Whit Monday 2026 is 25 May → Tuesday 26 May.
        assert_eq!(c.last_day(), d(2026, 5, 26));
        assert!(c.extended());
        assert!(c.met_by(d(2026, 5, 26)));
        assert!(!c.met_by(d(2026, 5, 27)));
    }

    #[test]
    fn the_clock_warns_in_working_days_and_counts_overdue_days() {
        let cal = WorkingCalendar::default();
        let c = DecisionClock::new(Law::Wmo, d(2026, 3, 2)); // last day Monday 16 March
        use ClockState::*;
        for (day, want) in [
            (
                2,
                Running {
                    working_days_left: 10,
                },
            ),
            (
                9,
                Warning {
                    working_days_left: 5,
                },
            ),
            (
                16,
                Warning {
                    working_days_left: 0,
                },
            ),
            (19, Overdue { days: 3 }),
        ] {
            assert_eq!(c.state(d(2026, 3, day), &cal), want, "{day} March");
        }
    }

    #[test]
    fn the_penalty_starts_two_weeks_after_the_notice_and_stops_at_42_days() {
        let last = d(2026, 3, 16);
        // A notice before the term passed has no effect.
        assert_eq!(penalty(last, d(2026, 3, 16), d(2026, 6, 1)), None);
        // Notice received 20 March: owed from 3 April.
        assert_eq!(penalty(last, d(2026, 3, 20), d(2026, 4, 2)), None);
        let p = penalty(last, d(2026, 3, 20), d(2026, 4, 3)).unwrap();
        assert_eq!((p.from, p.days, p.euros), (d(2026, 4, 3), 1, 23));
        let p = penalty(last, d(2026, 3, 20), d(2026, 4, 16)).unwrap();
        assert_eq!((p.days, p.euros), (14, 14 * 23));
        let p = penalty(last, d(2026, 3, 20), d(2026, 4, 17)).unwrap();
        assert_eq!((p.days, p.euros), (15, 14 * 23 + 35));
        let p = penalty(last, d(2026, 3, 20), d(2026, 5, 1)).unwrap();
        assert_eq!((p.days, p.euros), (29, 14 * 23 + 14 * 35 + 45));
        let p = penalty(last, d(2026, 3, 20), d(2027, 1, 1)).unwrap();
        assert_eq!((p.days, p.euros), (42, PENALTY_MAX_EUROS));
        assert_eq!(PENALTY_MAX_EUROS, 1_442);
    }

    #[test]
    fn objection_terms_count_from_the_day_the_decision_was_sent() {
        // Sent Friday 6 March 2026: objections until Friday 17 April.
        assert_eq!(objection_until(d(2026, 3, 6)), d(2026, 4, 17));
        // Decided six weeks after that: Friday 29 May; twelve with a committee:
        // Friday 10 July; postponed by six: Friday 10 July / 21 August.
        assert_eq!(
            objection_decision(d(2026, 3, 6), false, false),
            d(2026, 5, 29)
        );
        assert_eq!(
            objection_decision(d(2026, 3, 6), true, false),
            d(2026, 7, 10)
        );
        assert_eq!(
            objection_decision(d(2026, 3, 6), false, true),
            d(2026, 7, 10)
        );
        assert_eq!(
            objection_decision(d(2026, 3, 6), true, true),
            d(2026, 8, 21)
        );
    }
}
