//! The legal path of one request for maatwerk, per law: under the Wmo 2015 a
//! melding, the investigation with its written report, then the application
//! and the decision; under the Jeugdwet (and other Awb decisions) the
//! application and the decision. The path knows which term is open and
//! whether each was met; the clocks themselves are in `terms`.

use super::terms::{self, DecisionClock, Term};
use super::Law;
use chrono::NaiveDate;
use serde::Serialize;

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// A Wmo path starts with a melding, not with an application.
    WmoStartsWithMelding,
    /// The step was already taken.
    AlreadyDone(&'static str),
    /// An earlier step is missing.
    NotYet(&'static str),
    /// A date before the step it follows.
    BeforePrevious { previous: NaiveDate },
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathError::WmoStartsWithMelding => write!(
                f,
                "Onder de Wmo begint het met een melding en een onderzoek; registreer eerst de melding."
            ),
            PathError::AlreadyDone(what) => write!(f, "Dit is al gedaan: {what}."),
            PathError::NotYet(what) => write!(f, "Eerst moet dit gebeuren: {what}."),
            PathError::BeforePrevious { previous } => write!(
                f,
                "Deze datum ligt vóór de vorige stap ({}).",
                crate::dutch_time::long_date(*previous)
            ),
        }
    }
}

/// One request's way to a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalPath {
    pub law: Law,
    pub melding: Option<NaiveDate>,
    pub report_sent: Option<NaiveDate>,
    pub application: Option<NaiveDate>,
    pub clock: Option<DecisionClock>,
    pub decided: Option<NaiveDate>,
}

/// A term of the path and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermStatus {
    pub term: Term,
    /// The day the step was done, if it was.
    pub done: Option<NaiveDate>,
}

impl TermStatus {
    pub fn met(&self) -> Option<bool> {
        self.done.map(|d| d <= self.term.last_day)
    }
}

impl LegalPath {
    /// A Wmo melding: the investigation starts.
    pub fn melding(on: NaiveDate) -> LegalPath {
        LegalPath {
            law: Law::Wmo,
            melding: Some(on),
            report_sent: None,
            application: None,
            clock: None,
            decided: None,
        }
    }

    /// An application without a melding first (Jeugdwet, Participatiewet).
    pub fn application(law: Law, on: NaiveDate) -> Result<LegalPath, PathError> {
        if law == Law::Wmo {
            return Err(PathError::WmoStartsWithMelding);
        }
        Ok(LegalPath {
            law,
            melding: None,
            report_sent: None,
            application: Some(on),
            clock: Some(DecisionClock::new(law, on)),
            decided: None,
        })
    }

    fn last_step(&self) -> Option<NaiveDate> {
        [
            self.melding,
            self.report_sent,
            self.application,
            self.decided,
        ]
        .into_iter()
        .flatten()
        .max()
    }

    fn not_before_last(&self, on: NaiveDate) -> Result<(), PathError> {
        match self.last_step() {
            Some(previous) if on < previous => Err(PathError::BeforePrevious { previous }),
            _ => Ok(()),
        }
    }

    /// The written report of the investigation was sent to the resident.
    pub fn send_report(&mut self, on: NaiveDate) -> Result<(), PathError> {
        if self.melding.is_none() {
            return Err(PathError::NotYet("de melding"));
        }
        if self.report_sent.is_some() {
            return Err(PathError::AlreadyDone("het verslag is verstuurd"));
        }
        if self.application.is_some() {
            return Err(PathError::AlreadyDone("de aanvraag is er al"));
        }
        self.not_before_last(on)?;
        self.report_sent = Some(on);
        Ok(())
    }

    /// The resident's application arrived. Under the Wmo this follows the
    /// report, or the investigation term having passed without one.
    pub fn receive_application(&mut self, on: NaiveDate) -> Result<(), PathError> {
        if self.application.is_some() {
            return Err(PathError::AlreadyDone("de aanvraag is er al"));
        }
        let Some(melding) = self.melding else {
            return Err(PathError::NotYet("de melding"));
        };
        if self.report_sent.is_none() && on <= terms::investigation(melding).last_day {
            return Err(PathError::NotYet(
                "het verslag van het onderzoek (of het einde van de zes weken)",
            ));
        }
        self.not_before_last(on)?;
        self.application = Some(on);
        self.clock = Some(DecisionClock::new(self.law, on));
        Ok(())
    }

    /// The decision was sent; whether it met its term.
    pub fn decide(&mut self, on: NaiveDate) -> Result<bool, PathError> {
        if self.decided.is_some() {
            return Err(PathError::AlreadyDone("het besluit is verstuurd"));
        }
        let Some(clock) = &self.clock else {
            return Err(PathError::NotYet("de aanvraag"));
        };
        let met = clock.met_by(on);
        self.not_before_last(on)?;
        self.decided = Some(on);
        Ok(met)
    }

    /// Every term of the path so far, with the day its step was done.
    pub fn terms(&self) -> Vec<TermStatus> {
        let mut out = Vec::new();
        if let Some(m) = self.melding {
            out.push(TermStatus {
                term: terms::investigation(m),
                done: self.report_sent.or(self.application),
            });
        }
        if let Some(clock) = &self.clock {
            out.push(TermStatus {
                term: Term {
                    last_day: clock.last_day(),
                    ..clock.statutory()
                },
                done: self.decided,
            });
        }
        out
    }

    /// The term that is running now, if any: what the worklist shows.
    pub fn open_term(&self) -> Option<Term> {
        self.terms()
            .into_iter()
            .find(|t| t.done.is_none())
            .map(|t| t.term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_wmo_path_goes_from_melding_to_decision_within_term() {
        let mut p = LegalPath::melding(d(3, 2));
        assert_eq!(p.open_term().unwrap().last_day, d(4, 13));
        assert!(matches!(
            p.receive_application(d(3, 20)),
            Err(PathError::NotYet(_))
        ));
        p.send_report(d(3, 27)).unwrap();
        p.receive_application(d(4, 1)).unwrap();
        // Two weeks after 1 April: 15 April.
        assert_eq!(p.open_term().unwrap().last_day, d(4, 15));
        assert_eq!(p.decide(d(4, 14)), Ok(true));
        assert_eq!(p.open_term(), None);
        let t = p.terms();
        assert_eq!(t.len(), 2);
        assert!(t.iter().all(|t| t.met() == Some(true)));
        assert!(matches!(p.decide(d(4, 15)), Err(PathError::AlreadyDone(_))));
    }

    #[test]
    fn without_a_report_the_resident_may_apply_once_six_weeks_have_passed() {
        let mut p = LegalPath::melding(d(3, 2));
        assert!(p.receive_application(d(4, 13)).is_err());
        p.receive_application(d(4, 14)).unwrap();
        let t = p.terms();
        assert_eq!(t[0].met(), Some(false), "the investigation took too long");
        assert!(matches!(
            p.send_report(d(4, 15)),
            Err(PathError::AlreadyDone(_))
        ));
    }

    #[test]
    fn a_youth_care_application_has_eight_weeks_and_a_late_decision_shows() {
        assert_eq!(
            LegalPath::application(Law::Wmo, d(3, 2)),
            Err(PathError::WmoStartsWithMelding)
        );
        let mut p = LegalPath::application(Law::Jeugdwet, d(3, 2)).unwrap();
        // King's Day moves the end to 28 April.
        assert_eq!(p.open_term().unwrap().last_day, d(4, 28));
        p.clock
            .as_mut()
            .unwrap()
            .extend(d(4, 20), d(5, 26))
            .unwrap();
        assert_eq!(p.open_term().unwrap().last_day, d(5, 26));
        assert_eq!(p.decide(d(5, 27)), Ok(false));
        assert_eq!(p.terms()[0].met(), Some(false));
    }

    #[test]
    fn steps_cannot_go_back_in_time() {
        let mut p = LegalPath::melding(d(3, 2));
        assert_eq!(
            p.send_report(d(3, 1)),
            Err(PathError::BeforePrevious { previous: d(3, 2) })
        );
    }
}
