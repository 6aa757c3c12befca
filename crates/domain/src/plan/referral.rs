//! A referral (*verwijzing*) with a warm handover: a closed loop from the
//! coordinator's concept to the partner's answer, start and completion.

use super::text::bounded_text;
use crate::directory::offer::code_enum;
use crate::monitor::event::{DeclineReason, GoalOutcome};
use crate::toegang::calendar::WorkingCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// Where a referral stands.
    ReferralStatus, "onbekende status van een verwijzing '{}'", {
    Draft => ("concept", "Concept"),
    Sent => ("verstuurd", "Verstuurd"),
    Accepted => ("geaccepteerd", "Geaccepteerd"),
    Declined => ("afgewezen", "Afgewezen"),
    Started => ("gestart", "Gestart"),
    Completed => ("afgerond", "Afgerond"),
    Cancelled => ("geannuleerd", "Geannuleerd"),
});

/// A step on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action", content = "value")]
pub enum ReferralAction {
    Send,
    Accept,
    Decline(DeclineReason),
    Start,
    Complete(GoalOutcome),
    Cancel,
}

impl ReferralAction {
    /// "versturen", "accepteren", …: the verb for messages.
    fn verb_nl(self) -> &'static str {
        match self {
            ReferralAction::Send => "versturen",
            ReferralAction::Accept => "accepteren",
            ReferralAction::Decline(_) => "afwijzen",
            ReferralAction::Start => "starten",
            ReferralAction::Complete(_) => "afronden",
            ReferralAction::Cancel => "annuleren",
        }
    }

    /// "Versturen", "Accepteren", …: the label of the button.
    pub fn label_nl(self) -> &'static str {
        match self {
            ReferralAction::Send => "Versturen",
            ReferralAction::Accept => "Accepteren",
            ReferralAction::Decline(_) => "Afwijzen",
            ReferralAction::Start => "Starten",
            ReferralAction::Complete(_) => "Afronden",
            ReferralAction::Cancel => "Annuleren",
        }
    }
}

impl ReferralStatus {
    /// Afgewezen, afgerond and geannuleerd: nothing changes any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReferralStatus::Declined | ReferralStatus::Completed | ReferralStatus::Cancelled
        )
    }

    /// "is nog een concept", "is verstuurd", …: for messages.
    fn phrase_nl(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "is nog een concept",
            ReferralStatus::Sent => "is verstuurd en wacht op antwoord",
            ReferralStatus::Accepted => "is geaccepteerd",
            ReferralStatus::Declined => "is afgewezen",
            ReferralStatus::Started => "is gestart",
            ReferralStatus::Completed => "is afgerond",
            ReferralStatus::Cancelled => "is geannuleerd",
        }
    }

    /// The status after `action`, or a message why it is not possible now.
    /// Legal: concept → verstuurd → geaccepteerd or afgewezen; geaccepteerd →
    /// gestart → afgerond; annuleren from concept, verstuurd, geaccepteerd and
    /// gestart. Afgewezen, afgerond and geannuleerd are final.
    pub fn apply(self, action: &ReferralAction) -> Result<ReferralStatus, String> {
        use ReferralAction as A;
        use ReferralStatus as S;
        match (self, action) {
            (S::Draft, A::Send) => Ok(S::Sent),
            (S::Sent, A::Accept) => Ok(S::Accepted),
            (S::Sent, A::Decline(_)) => Ok(S::Declined),
            (S::Accepted, A::Start) => Ok(S::Started),
            (S::Started, A::Complete(_)) => Ok(S::Completed),
            (S::Draft | S::Sent | S::Accepted | S::Started, A::Cancel) => Ok(S::Cancelled),
            (s, a) if s.is_final() => Err(format!(
                "Deze verwijzing {}; u kunt de verwijzing niet meer {}. Is er weer hulp nodig? Maak dan een nieuwe verwijzing.",
                s.phrase_nl(),
                a.verb_nl()
            )),
            (s, a) => Err(format!(
                "Deze verwijzing {}; u kunt de verwijzing nu niet {}.",
                s.phrase_nl(),
                a.verb_nl()
            )),
        }
    }
}

/// Who may take a step on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The case's coordinator (*regisseur*).
    Coordinator,
    /// The organisation the referral is sent to.
    ReceivingPartner,
}

impl Party {
    pub fn label_nl(self) -> &'static str {
        match self {
            Party::Coordinator => "De regisseur",
            Party::ReceivingPartner => "De organisatie die de verwijzing krijgt",
        }
    }
}

/// Who may take `action`: the coordinator sends and cancels, the receiving
/// partner answers, starts and completes.
pub fn who_may(action: &ReferralAction) -> Party {
    match action {
        ReferralAction::Send | ReferralAction::Cancel => Party::Coordinator,
        ReferralAction::Accept
        | ReferralAction::Decline(_)
        | ReferralAction::Start
        | ReferralAction::Complete(_) => Party::ReceivingPartner,
    }
}

bounded_text!(
    /// The warm handover: what the partner needs to know to start well, 1 to
    /// 2 000 characters.
    HandoverNote,
    2_000,
    "Schrijf voor de organisatie kort op wat zij moet weten om goed te beginnen.",
    "De overdracht"
);

/// Is a referral still waiting for the partner's answer longer than agreed?
/// True when the status is `verstuurd` and more than `days` working days have
/// passed since `sent_on`: the working days after `sent_on` up to and
/// including `today` (the day of sending never counts) number more than
/// `days`. So with `days = 5`, a referral sent on a Monday without holidays is
/// waiting too long from the Tuesday of the next week on.
pub fn awaiting_answer(
    status: ReferralStatus,
    sent_on: NaiveDate,
    today: NaiveDate,
    days: u32,
    cal: &WorkingCalendar,
) -> bool {
    status == ReferralStatus::Sent && cal.working_days_between(sent_on, today) > i64::from(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toegang::calendar::HolidayRules;
    use ReferralAction as A;
    use ReferralStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn actions() -> [ReferralAction; 6] {
        [
            A::Send,
            A::Accept,
            A::Decline(DeclineReason::NoCapacity),
            A::Start,
            A::Complete(GoalOutcome::Reached),
            A::Cancel,
        ]
    }

    /// Rows: statuses in `ReferralStatus::ALL` order; columns: `actions()`.
    /// `None` is refused.
    #[rustfmt::skip]
    fn table() -> [[Option<ReferralStatus>; 6]; 7] {
        let n = None;
        let (sent, accepted, declined) = (Some(S::Sent), Some(S::Accepted), Some(S::Declined));
        let (started, completed, cancelled) = (Some(S::Started), Some(S::Completed), Some(S::Cancelled));
        [
            // Send  Accept    Decline   Start    Complete   Cancel
            [sent,   n,        n,        n,       n,         cancelled], // concept
            [n,      accepted, declined, n,       n,         cancelled], // verstuurd
            [n,      n,        n,        started, n,         cancelled], // geaccepteerd
            [n,      n,        n,        n,       n,         n        ], // afgewezen
            [n,      n,        n,        n,       completed, cancelled], // gestart
            [n,      n,        n,        n,       n,         n        ], // afgerond
            [n,      n,        n,        n,       n,         n        ], // geannuleerd
        ]
    }

    #[test]
    fn every_status_and_action_follows_the_table() {
        assert_eq!(S::ALL.len(), 7);
        let t = table();
        for (row, s) in S::ALL.iter().enumerate() {
            for (col, a) in actions().iter().enumerate() {
                assert_eq!(s.apply(a).ok(), t[row][col], "{s:?} + {a:?}");
            }
        }
    }

    #[test]
    fn the_reason_or_outcome_does_not_change_the_rule() {
        for r in DeclineReason::ALL {
            assert_eq!(S::Sent.apply(&A::Decline(*r)), Ok(S::Declined));
            assert!(S::Accepted.apply(&A::Decline(*r)).is_err());
        }
        for o in GoalOutcome::ALL {
            assert_eq!(S::Started.apply(&A::Complete(*o)), Ok(S::Completed));
            assert!(S::Accepted.apply(&A::Complete(*o)).is_err());
        }
    }

    #[test]
    fn final_statuses_are_exactly_the_rows_without_a_way_out() {
        let t = table();
        for (row, s) in S::ALL.iter().enumerate() {
            assert_eq!(s.is_final(), t[row].iter().all(Option::is_none), "{s:?}");
        }
    }

    #[test]
    fn refusals_say_where_the_referral_stands_and_what_was_tried() {
        assert_eq!(
            S::Declined.apply(&A::Accept),
            Err("Deze verwijzing is afgewezen; u kunt de verwijzing niet meer accepteren. Is er weer hulp nodig? Maak dan een nieuwe verwijzing.".into())
        );
        assert_eq!(
            S::Draft.apply(&A::Start),
            Err("Deze verwijzing is nog een concept; u kunt de verwijzing nu niet starten.".into())
        );
        for s in S::ALL {
            for a in actions() {
                if let Err(msg) = s.apply(&a) {
                    assert!(msg.contains(a.verb_nl()), "{msg}");
                    assert!(msg.contains(s.phrase_nl()), "{msg}");
                }
            }
        }
    }

    #[test]
    fn who_may_take_each_step() {
        assert_eq!(who_may(&A::Send), Party::Coordinator);
        assert_eq!(who_may(&A::Cancel), Party::Coordinator);
        for a in [
            A::Accept,
            A::Decline(DeclineReason::Other),
            A::Start,
            A::Complete(GoalOutcome::Partly),
        ] {
            assert_eq!(who_may(&a), Party::ReceivingPartner, "{a:?}");
        }
    }

    #[test]
    fn handover_note_limits() {
        assert!(HandoverNote::parse(&"x".repeat(2_000)).is_ok());
        assert!(HandoverNote::parse(&"x".repeat(2_001))
            .unwrap_err()
            .contains("2000"));
        assert!(HandoverNote::parse("").unwrap_err().contains("organisatie"));
    }

    #[test]
    fn awaiting_an_answer_across_a_weekend() {
        let cal = WorkingCalendar::new(HolidayRules::default());
        // Sent on Friday 20 November 2026, two working days to answer:
        // Mon 23 (1), Tue 24 (2), Wed 25 (3).
        let sent = d(2026, 11, 20);
        for (today, late) in [
            (d(2026, 11, 20), false),
            (d(2026, 11, 22), false),
            (d(2026, 11, 24), false),
            (d(2026, 11, 25), true),
        ] {
            assert_eq!(
                awaiting_answer(S::Sent, sent, today, 2, &cal),
                late,
                "{today}"
            );
        }
        // Any other status is not waiting for an answer.
        for s in S::ALL.iter().filter(|s| **s != S::Sent) {
            assert!(!awaiting_answer(*s, sent, d(2027, 1, 1), 2, &cal), "{s:?}");
        }
    }

    #[test]
    fn awaiting_an_answer_across_christmas() {
        let cal = WorkingCalendar::new(HolidayRules::default());
        // Sent on Thursday 17 December 2026, five working days: Fri 18, Mon 21,
        // Tue 22, Wed 23, Thu 24 (5); Fri 25 and Sat 26 are Christmas, Sun 27;
        // Mon 28 is the sixth.
        let sent = d(2026, 12, 17);
        for (today, late) in [
            (d(2026, 12, 24), false),
            (d(2026, 12, 25), false),
            (d(2026, 12, 26), false),
            (d(2026, 12, 27), false),
            (d(2026, 12, 28), true),
        ] {
            assert_eq!(
                awaiting_answer(S::Sent, sent, today, 5, &cal),
                late,
                "{today}"
            );
        }
        // Zero days: late from the first working day after sending.
        assert!(!awaiting_answer(
            S::Sent,
            d(2026, 12, 24),
            d(2026, 12, 27),
            0,
            &cal
        ));
        assert!(awaiting_answer(
            S::Sent,
            d(2026, 12, 24),
            d(2026, 12, 28),
            0,
            &cal
        ));
    }
}
