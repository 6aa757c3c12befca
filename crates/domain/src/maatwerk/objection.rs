//! An objection (*bezwaar*) against a sent decision: whether it came within
//! the six weeks (Awb 6:7), when it must be decided (Awb 7:10) and how it
//! ended.

use super::terms;
use crate::directory::offer::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// How an objection ended.
    ObjectionOutcome, "onbekende uitkomst van het bezwaar '{}'", {
    Upheld => ("gegrond", "Gegrond"),
    PartlyUpheld => ("deels-gegrond", "Deels gegrond"),
    Rejected => ("ongegrond", "Ongegrond"),
    Inadmissible => ("niet-ontvankelijk", "Niet-ontvankelijk"),
    Withdrawn => ("ingetrokken", "Ingetrokken"),
});

/// An objection as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Objection {
    /// The day the decision objected to was sent.
    pub decision_sent_on: NaiveDate,
    pub received_on: NaiveDate,
    /// An advisory committee hears it (twelve weeks instead of six).
    pub committee: bool,
    /// The decision on it was postponed by six weeks.
    pub postponed: bool,
}

impl Objection {
    /// Whether it came within the objection term.
    pub fn in_time(&self) -> bool {
        self.received_on <= terms::objection_until(self.decision_sent_on)
    }

    /// The last day to decide it. A late objection is still decided (often
    /// as inadmissible), counted from its arrival instead of the term's end.
    pub fn decide_by(&self) -> NaiveDate {
        let from = if self.in_time() {
            self.decision_sent_on
        } else {
            // The term of 7:10 then runs from the day after arrival: treat
            // the arrival as the end of a six-week objection term.
            self.received_on - chrono::Duration::weeks(6)
        };
        terms::objection_decision(from, self.committee, self.postponed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn an_objection_in_time_is_decided_six_or_twelve_weeks_after_the_term() {
        let o = Objection {
            decision_sent_on: d(3, 6),
            received_on: d(4, 17),
            committee: false,
            postponed: false,
        };
        assert!(o.in_time());
        assert_eq!(o.decide_by(), d(5, 29));
        let heard = Objection {
            committee: true,
            ..o
        };
        assert_eq!(heard.decide_by(), d(7, 10));
        assert_eq!(
            Objection {
                postponed: true,
                ..heard
            }
            .decide_by(),
            d(8, 21)
        );
    }

    #[test]
    fn a_late_objection_is_marked_and_counted_from_its_arrival() {
        let late = Objection {
            decision_sent_on: d(3, 6),
            received_on: d(4, 20),
            committee: false,
            postponed: false,
        };
        assert!(!late.in_time());
        // Six weeks after Monday 20 April: Monday 1 June.
        assert_eq!(late.decide_by(), d(6, 1));
        assert_eq!(
            ObjectionOutcome::parse("ongegrond"),
            Ok(ObjectionOutcome::Rejected)
        );
    }
}
