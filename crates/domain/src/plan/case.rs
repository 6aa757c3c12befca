//! A case (*traject*): its status, the steps that move it on, re-entry and the
//! handover from one coordinator (*regisseur*) to another.
//!
//! A case never reopens. When a household needs help again after a case was
//! closed, a new case is opened; [`is_reentry`] tells whether that new case
//! counts as a re-entry.

use super::text::clean;
use crate::directory::offer::code_enum;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// Where a case stands.
    CaseStatus, "onbekende status van een traject '{}'", {
    Open => ("open", "Plan in voorbereiding"),
    Running => ("lopend", "Plan afgesproken"),
    Aftercare => ("nazorg", "Nazorg"),
    Closed => ("afgesloten", "Afgesloten"),
});

/// A step that changes a case's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum CaseAction {
    /// Agree the plan with the household, or agree a changed plan again.
    AgreePlan,
    /// Close the case, with or without a period of aftercare (*nazorg*).
    Close { with_aftercare: bool },
    /// End the aftercare: the case is closed for good.
    EndAftercare,
}

impl CaseAction {
    /// Every action, for tables and tests.
    pub const ALL: [CaseAction; 4] = [
        CaseAction::AgreePlan,
        CaseAction::Close {
            with_aftercare: false,
        },
        CaseAction::Close {
            with_aftercare: true,
        },
        CaseAction::EndAftercare,
    ];

    /// "Plan afspreken", "Traject afsluiten", "Traject afsluiten met nazorg",
    /// "Nazorg beëindigen".
    pub fn label_nl(self) -> &'static str {
        match self {
            CaseAction::AgreePlan => "Plan afspreken",
            CaseAction::Close {
                with_aftercare: false,
            } => "Traject afsluiten",
            CaseAction::Close {
                with_aftercare: true,
            } => "Traject afsluiten met nazorg",
            CaseAction::EndAftercare => "Nazorg beëindigen",
        }
    }
}

impl CaseStatus {
    /// The status after `action`, or a message that says why the step is not
    /// possible now. The legal steps:
    ///
    /// | from | action | to |
    /// |---|---|---|
    /// | open, lopend | plan afspreken | lopend |
    /// | open, lopend | afsluiten zonder nazorg | afgesloten |
    /// | open, lopend | afsluiten met nazorg | nazorg |
    /// | nazorg | nazorg beëindigen | afgesloten |
    ///
    /// Agreeing the plan again while it runs records a changed plan.
    pub fn apply(self, action: CaseAction) -> Result<CaseStatus, String> {
        use CaseAction as A;
        use CaseStatus as S;
        const AGAIN: &str = "Is er weer hulp nodig? Open dan een nieuw traject.";
        match (self, action) {
            (S::Open | S::Running, A::AgreePlan) => Ok(S::Running),
            (
                S::Open | S::Running,
                A::Close {
                    with_aftercare: false,
                },
            ) => Ok(S::Closed),
            (
                S::Open | S::Running,
                A::Close {
                    with_aftercare: true,
                },
            ) => Ok(S::Aftercare),
            (S::Aftercare, A::EndAftercare) => Ok(S::Closed),
            (S::Open, A::EndAftercare) => Err(
                "Het plan van dit traject is nog in voorbereiding; er is geen nazorg om te beëindigen."
                    .into(),
            ),
            (S::Running, A::EndAftercare) => Err(
                "Het plan van dit traject is afgesproken en loopt nog; er is geen nazorg om te beëindigen. Sluit het traject eerst af met nazorg."
                    .into(),
            ),
            (S::Aftercare, A::AgreePlan) => Err(format!(
                "Dit traject is in de nazorg; u kunt het plan niet meer afspreken. {AGAIN}"
            )),
            (S::Aftercare, A::Close { .. }) => Err(
                "Dit traject is al afgesloten en in de nazorg; u kunt het niet nog een keer afsluiten. Beëindig de nazorg als die klaar is."
                    .into(),
            ),
            (S::Closed, A::AgreePlan) => Err(format!(
                "Dit traject is al afgesloten; u kunt het plan niet meer afspreken. {AGAIN}"
            )),
            (S::Closed, A::Close { .. }) => {
                Err("Dit traject is al afgesloten; u kunt het niet nog een keer afsluiten.".into())
            }
            (S::Closed, A::EndAftercare) => {
                Err("Dit traject is al afgesloten; er is geen nazorg meer om te beëindigen.".into())
            }
        }
    }

    /// Open, running or in aftercare: the household's one current case, with
    /// a coordinator.
    pub fn is_current(self) -> bool {
        self != CaseStatus::Closed
    }

    /// Closed, with or without aftercare: the plan can no longer change and the
    /// goals have their outcome.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Aftercare | CaseStatus::Closed)
    }
}

/// How long after a closing a new case counts as a re-entry.
pub const REENTRY_MONTHS: u32 = 12;

/// Is a case opened on `opened_on` a re-entry: opened on or after the day the
/// household's last case closed (`last_closed_on`) and strictly within 12
/// calendar months of it, that is `last_closed <= opened_on < last_closed + 12
/// months`? The day exactly 12 months later no longer counts. Adding months
/// keeps the day of the month, or takes the last day of a shorter month: a
/// closing on 29 February 2024 makes 28 February 2025 the first day that is
/// no re-entry. No earlier closing, or a closing after `opened_on`: no re-entry.
pub fn is_reentry(last_closed_on: Option<NaiveDate>, opened_on: NaiveDate) -> bool {
    let Some(closed) = last_closed_on else {
        return false;
    };
    let Some(limit) = closed.checked_add_months(Months::new(REENTRY_MONTHS)) else {
        // A closing near the end of the calendar: everything after it is within.
        return opened_on >= closed;
    };
    closed <= opened_on && opened_on < limit
}

/// A coordinator hands a case over to another coordinator, with a note on
/// where things stand (at most 1 000 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handover {
    from_user: i64,
    to_user: i64,
    note: String,
}

impl Handover {
    pub const NOTE_MAX: usize = 1_000;

    pub fn new(from_user: i64, to_user: i64, note: &str) -> Result<Handover, String> {
        if from_user == to_user {
            return Err(
                "U draagt het traject over aan dezelfde persoon. Kies een andere regisseur.".into(),
            );
        }
        let note = clean(
            note,
            Self::NOTE_MAX,
            "Schrijf voor de nieuwe regisseur kort op hoe het traject ervoor staat.",
            "De overdracht",
        )?;
        Ok(Handover {
            from_user,
            to_user,
            note,
        })
    }

    pub fn from_user(&self) -> i64 {
        self.from_user
    }

    pub fn to_user(&self) -> i64 {
        self.to_user
    }

    pub fn note(&self) -> &str {
        &self.note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const NO: CaseAction = CaseAction::Close {
        with_aftercare: false,
    };
    const WITH: CaseAction = CaseAction::Close {
        with_aftercare: true,
    };

    /// Every (status, action) pair and where it leads; `None` is refused.
    fn table() -> Vec<(CaseStatus, CaseAction, Option<CaseStatus>)> {
        use CaseAction::{AgreePlan, EndAftercare};
        use CaseStatus::*;
        vec![
            (Open, AgreePlan, Some(Running)),
            (Open, NO, Some(Closed)),
            (Open, WITH, Some(Aftercare)),
            (Open, EndAftercare, None),
            (Running, AgreePlan, Some(Running)),
            (Running, NO, Some(Closed)),
            (Running, WITH, Some(Aftercare)),
            (Running, EndAftercare, None),
            (Aftercare, AgreePlan, None),
            (Aftercare, NO, None),
            (Aftercare, WITH, None),
            (Aftercare, EndAftercare, Some(Closed)),
            (Closed, AgreePlan, None),
            (Closed, NO, None),
            (Closed, WITH, None),
            (Closed, EndAftercare, None),
        ]
    }

    #[test]
    fn every_status_and_action_follows_the_table() {
        let t = table();
        assert_eq!(
            t.len(),
            CaseStatus::ALL.len() * CaseAction::ALL.len(),
            "the table covers every pair"
        );
        for s in CaseStatus::ALL {
            for a in CaseAction::ALL {
                let expected = t
                    .iter()
                    .find(|(ts, ta, _)| ts == s && *ta == a)
                    .map(|(_, _, to)| *to)
                    .unwrap();
                assert_eq!(s.apply(a).ok(), expected, "{s:?} + {a:?}");
            }
        }
    }

    #[test]
    fn refusals_name_the_status_and_the_action() {
        let status_word = |s: CaseStatus| match s {
            CaseStatus::Open => "voorbereiding",
            CaseStatus::Running => "afgesproken",
            CaseStatus::Aftercare => "nazorg",
            CaseStatus::Closed => "afgesloten",
        };
        let action_word = |a: CaseAction| match a {
            CaseAction::AgreePlan => "afspreken",
            CaseAction::Close { .. } => "afsluiten",
            CaseAction::EndAftercare => "beëindigen",
        };
        for (s, a, to) in table() {
            if to.is_some() {
                continue;
            }
            let msg = s.apply(a).unwrap_err();
            assert!(msg.contains(status_word(s)), "{msg}");
            assert!(msg.contains(action_word(a)), "{msg}");
            assert!(msg.ends_with('.'), "{msg}");
        }
        assert_eq!(
            CaseStatus::Closed.apply(CaseAction::AgreePlan),
            Err("Dit traject is al afgesloten; u kunt het plan niet meer afspreken. Is er weer hulp nodig? Open dan een nieuw traject.".into())
        );
    }

    #[test]
    fn a_whole_life_with_aftercare() {
        let s = CaseStatus::Open;
        let s = s.apply(CaseAction::AgreePlan).unwrap();
        let s = s.apply(CaseAction::AgreePlan).unwrap();
        assert!(s.is_current() && !s.is_closed());
        let s = s.apply(WITH).unwrap();
        assert_eq!(s, CaseStatus::Aftercare);
        assert!(s.is_current() && s.is_closed());
        let s = s.apply(CaseAction::EndAftercare).unwrap();
        assert_eq!(s, CaseStatus::Closed);
        assert!(!s.is_current() && s.is_closed());
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(CaseStatus::parse("lopend"), Ok(CaseStatus::Running));
        assert_eq!(CaseStatus::Open.label_nl(), "Plan in voorbereiding");
        assert_eq!(CaseStatus::Aftercare.code(), "nazorg");
        assert!(CaseStatus::parse("heropend").is_err());
        assert_eq!(WITH.label_nl(), "Traject afsluiten met nazorg");
    }

    #[test]
    fn reentry_is_strictly_within_twelve_months() {
        let closed = d(2025, 3, 10);
        assert!(!is_reentry(None, d(2025, 4, 1)));
        assert!(is_reentry(Some(closed), closed), "the same day counts");
        assert!(is_reentry(Some(closed), d(2026, 3, 9)));
        assert!(
            !is_reentry(Some(closed), d(2026, 3, 10)),
            "12 months later is out"
        );
        assert!(!is_reentry(Some(closed), d(2027, 1, 1)));
        assert!(
            !is_reentry(Some(closed), d(2025, 3, 9)),
            "opened before that closing"
        );
    }

    #[test]
    fn reentry_after_a_closing_on_29_february_or_a_month_end() {
        let leap = d(2024, 2, 29);
        assert!(is_reentry(Some(leap), d(2025, 2, 27)));
        assert!(!is_reentry(Some(leap), d(2025, 2, 28)));
        assert!(!is_reentry(Some(leap), d(2025, 3, 1)));
        // Closed on 28 February 2023: the limit is 28 February 2024, so the
        // leap day itself is out.
        let before_leap = d(2023, 2, 28);
        assert!(is_reentry(Some(before_leap), d(2024, 2, 27)));
        assert!(!is_reentry(Some(before_leap), d(2024, 2, 28)));
        assert!(!is_reentry(Some(before_leap), d(2024, 2, 29)));
        // 31 December: the last day of the next year is still within.
        assert!(is_reentry(Some(d(2025, 12, 31)), d(2026, 12, 30)));
        assert!(!is_reentry(Some(d(2025, 12, 31)), d(2026, 12, 31)));
    }

    #[test]
    fn a_handover_goes_to_someone_else_with_a_note() {
        let h = Handover::new(3, 8, "  Gesprek met school staat op 4 maart.  ").unwrap();
        assert_eq!((h.from_user(), h.to_user()), (3, 8));
        assert_eq!(h.note(), "Gesprek met school staat op 4 maart.");
        assert!(Handover::new(3, 3, "Notitie")
            .unwrap_err()
            .contains("dezelfde persoon"));
        assert!(Handover::new(3, 8, "   ")
            .unwrap_err()
            .contains("nieuwe regisseur"));
        assert!(Handover::new(3, 8, &"a".repeat(1_000)).is_ok());
        assert!(Handover::new(3, 8, &"a".repeat(1_001))
            .unwrap_err()
            .contains("1000 tekens"));
    }
}
