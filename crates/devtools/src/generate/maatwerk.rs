//! A year of maatwerk for one municipality: legal paths under the Wmo 2015
//! and the Jeugdwet, their start (melding or application) spread over the
//! last 365 days, each step a realistic number of days after the previous
//! one. A path whose next step would fall after today stops there, so the
//! paths started in the last weeks are still open (in investigation,
//! awaiting the application, suspended, extended or late) and the older ones
//! are decided, each with the decision that was sent. A few old paths stay
//! stuck and are late. Every path is built through the domain's own steps
//! (`LegalPath`, `DecisionClock`), so the store can replay what is written,
//! and every decision passes `DecisionDraft::problems`. Deterministic with
//! the seed; households are indices into the caller's list.

use super::Rng;
use chrono::{Duration, NaiveDate};
use kompas_domain::maatwerk::codes::{self, Frequency, Unit};
use kompas_domain::maatwerk::decision::{
    Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome,
};
use kompas_domain::maatwerk::path::LegalPath;
use kompas_domain::maatwerk::Law;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub seed: u64,
    pub wmo: usize,
    pub youth: usize,
    /// Households to spread the paths over (indices `0..households`).
    pub households: usize,
    pub today: NaiveDate,
}

/// One generated path: its household (an index), the domain's path as
/// replayed from its steps, and what the store keeps beside it.
#[derive(Debug, Clone)]
pub struct GenPath {
    pub household: usize,
    pub path: LegalPath,
    /// Days the decision term stood still, both included, and why.
    pub suspensions: Vec<(NaiveDate, NaiveDate, &'static str)>,
    /// The extension: announced on, new last day.
    pub extension: Option<(NaiveDate, NaiveDate)>,
    /// Awb 4:17: the resident's notice of default.
    pub default_notice: Option<NaiveDate>,
    /// The decision sent on `path.decided`.
    pub decision: Option<DecisionDraft>,
}

/// Where an open path stands today, as the worklist groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// The Wmo investigation runs (no report yet).
    Investigation,
    /// The report was sent; the application has not come.
    AwaitingApplication,
    /// The decision term stands still today.
    Suspended,
    /// The decision term was extended.
    Extended,
    /// The open term has passed.
    Late,
    /// The decision term runs.
    Deciding,
}

impl GenPath {
    /// Where the path stands on `today`; `None` once decided.
    pub fn standing(&self, today: NaiveDate) -> Option<Standing> {
        if self.path.decided.is_some() {
            return None;
        }
        // Awaiting the application, no term runs.
        let late = self.path.open_term().is_some_and(|t| t.last_day < today);
        Some(if late {
            Standing::Late
        } else if self
            .suspensions
            .iter()
            .any(|(from, to, _)| *from <= today && today <= *to)
        {
            Standing::Suspended
        } else if self.extension.is_some() {
            Standing::Extended
        } else if self.path.application.is_some() {
            Standing::Deciding
        } else if self.path.report_sent.is_some() {
            Standing::AwaitingApplication
        } else {
            Standing::Investigation
        })
    }
}

const SUSPENSION_REASONS: &[&str] = &[
    "Wachten op het medisch advies",
    "Aanvraag aangevuld: gegevens over het inkomen ontbreken",
    "Wachten op het verslag van de huisarts",
    "Inwoner vroeg om uitstel vanwege een opname",
];

const REASONS: &[&str] = &[
    "Schoonmaken lukt niet meer door de beperkingen; het netwerk kan het niet overnemen.",
    "Zonder begeleiding raakt de dagstructuur kwijt; mantelzorg is overbelast.",
    "De woning is zonder aanpassing niet meer veilig te gebruiken.",
    "Een voorliggende voorziening is voldoende en dichtbij beschikbaar.",
    "Het gezin heeft hulp nodig om de opvoeding weer zelf aan te kunnen.",
    "De huisarts en de school zien dat de hulp nu nodig is; samen afgesproken.",
];

/// Categories per law by weight: household help, support and day care
/// under the Wmo; ambulant youth care most under the Jeugdwet.
const WMO_CATEGORIES: &[(usize, &str)] = &[
    (40, "01"),
    (22, "02"),
    (8, "03"),
    (10, "07"),
    (6, "11"),
    (6, "13"),
    (5, "14"),
    (3, "15"),
];
const YOUTH_CATEGORIES: &[(usize, &str)] = &[
    (55, "45"),
    (12, "41"),
    (8, "43"),
    (10, "54"),
    (6, "52"),
    (5, "40"),
    (4, "50"),
];

/// The generator: `paths()` gives every path of the plan.
pub struct MaatwerkGenerator {
    rng: Rng,
    plan: Plan,
}

impl MaatwerkGenerator {
    pub fn new(plan: Plan) -> MaatwerkGenerator {
        MaatwerkGenerator {
            rng: Rng::new(plan.seed.wrapping_add(12)),
            plan,
        }
    }

    /// The Wmo paths, then the Jeugdwet paths.
    pub fn paths(&mut self) -> Vec<GenPath> {
        let (wmo, youth) = (self.plan.wmo, self.plan.youth);
        let mut out = Vec::with_capacity(wmo + youth);
        for law in
            std::iter::repeat_n(Law::Wmo, wmo).chain(std::iter::repeat_n(Law::Jeugdwet, youth))
        {
            out.push(self.path(law));
        }
        out
    }

    fn days(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::days(self.rng.between(lo, hi))
    }

    fn path(&mut self, law: Law) -> GenPath {
        let today = self.plan.today;
        let start = today - self.days(0, 364);
        let mut g = GenPath {
            household: self.rng.below(self.plan.households.max(1)),
            path: LegalPath::melding(start),
            suspensions: Vec::new(),
            extension: None,
            default_notice: None,
            decision: None,
        };
        // About one in seventy paths gets stuck at its first step: late.
        let stuck = self.rng.chance(2) && start < today - Duration::days(90);
        if law == Law::Wmo {
            if stuck {
                return g;
            }
            // The report within the six weeks, now and then after them.
            let report = if self.rng.chance(90) {
                start + self.days(5, 30)
            } else {
                start + self.days(43, 60)
            };
            if report > today || g.path.send_report(report).is_err() {
                return g;
            }
            let application = report + self.days(1, 10);
            if application > today || g.path.receive_application(application).is_err() {
                return g;
            }
        } else {
            match LegalPath::application(law, start) {
                Ok(p) => g.path = p,
                Err(_) => return g,
            }
            if stuck {
                self.default_notice(&mut g);
                return g;
            }
        }
        self.clock_steps(&mut g, law);
        self.decide(&mut g, law);
        if g.path.decided.is_none() {
            self.default_notice(&mut g);
        }
        g
    }

    /// Suspensions and an extension, announced before today only.
    fn clock_steps(&mut self, g: &mut GenPath, law: Law) {
        let today = self.plan.today;
        let Some(application) = g.path.application else {
            return;
        };
        let (suspend, extend) = match law {
            Law::Wmo => (15, 5),
            _ => (25, 12),
        };
        if self.rng.chance(suspend) {
            let from = application + self.days(1, 7);
            let to = from + self.days(6, 27);
            let reason = self.rng.pick(SUSPENSION_REASONS).copied().unwrap_or("");
            if from <= today {
                if let Some(clock) = g.path.clock.as_mut() {
                    if clock.suspend(from, to).is_ok() {
                        g.suspensions.push((from, to, reason));
                    }
                }
            }
        }
        if self.rng.chance(extend) {
            let before = self.days(1, 5);
            let later = self.days(14, 42);
            if let Some(clock) = g.path.clock.as_mut() {
                let last = clock.last_day();
                let notified = (last - before).max(application);
                if notified <= today && clock.extend(notified, last + later).is_ok() {
                    g.extension = Some((notified, clock.last_day()));
                }
            }
        }
    }

    /// The decision: mostly within the term, one in ten late; not when it
    /// would be sent after today.
    fn decide(&mut self, g: &mut GenPath, law: Law) {
        let today = self.plan.today;
        let (Some(application), Some(last)) = (
            g.path.application,
            g.path.clock.as_ref().map(|c| c.last_day()),
        ) else {
            return;
        };
        let mut on = if self.rng.chance(90) {
            // Most decisions go out well before the last day.
            let span = ((last - application).num_days() * 2 / 3).max(1);
            application + self.days(1, span)
        } else {
            last + self.days(1, 30)
        };
        if let Some((_, to, _)) = g.suspensions.last() {
            on = on.max(*to + Duration::days(1));
        }
        if on > today || g.path.decide(on).is_err() {
            return;
        }
        g.decision = Some(self.draft(law, on));
    }

    /// Awb 4:17: some residents send a notice of default once a decision is late.
    fn default_notice(&mut self, g: &mut GenPath) {
        let today = self.plan.today;
        if let (Some(clock), true) = (&g.path.clock, self.rng.chance(30)) {
            let on = clock.last_day() + self.days(1, 14);
            if on <= today {
                g.default_notice = Some(on);
            }
        }
    }

    fn draft(&mut self, law: Law, sent: NaiveDate) -> DecisionDraft {
        let temporary = self.rng.chance(4);
        let lines = (0..1 + usize::from(self.rng.chance(25)))
            .map(|_| self.line(law, sent, temporary))
            .collect();
        DecisionDraft {
            law,
            kind: if temporary {
                DecisionKind::Temporary
            } else {
                DecisionKind::First
            },
            replaces: None,
            lines,
        }
    }

    fn line(&mut self, law: Law, sent: NaiveDate, temporary: bool) -> Line {
        let weights = if law == Law::Wmo {
            WMO_CATEGORIES
        } else {
            YOUTH_CATEGORIES
        };
        let code = self.rng.weighted(weights).unwrap_or("01");
        let category = codes::category(law, code).unwrap_or(codes::ProductCategory {
            law,
            code: "01",
            name: "",
        });
        let reasoning = self.rng.pick(REASONS).copied().unwrap_or_default().into();
        if !temporary && self.rng.chance(12) {
            return Line::refused(category, reasoning);
        }
        let start = sent + self.days(0, 14);
        let end = if temporary {
            Some(start + self.days(28, 90))
        } else if self.rng.chance(70) {
            Some(start + self.days(180, 730))
        } else {
            None
        };
        let (delivery, amount) = if self.rng.chance(10) {
            (
                Delivery::PersonalBudget,
                Amount::Budget {
                    cents: self.rng.between(50_000, 2_500_000),
                },
            )
        } else {
            let quantity = u32::try_from(self.rng.between(1, 8)).unwrap_or(1);
            (
                Delivery::InKind,
                Amount::Volume {
                    quantity,
                    unit: Unit::Hour,
                    frequency: Frequency::PerWeek,
                },
            )
        };
        Line {
            category,
            product: None,
            outcome: Outcome::Granted,
            amount: Some(amount),
            delivery,
            start: Some(start),
            end,
            reasoning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn plan(seed: u64) -> Plan {
        Plan {
            seed,
            wmo: 7_000,
            youth: 2_500,
            households: 8_000,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        }
    }

    #[test]
    fn a_year_of_paths_mostly_decided_with_every_open_standing() {
        let p = plan(1);
        let paths = MaatwerkGenerator::new(p).paths();
        assert_eq!(paths.len(), 9_500);
        let again = MaatwerkGenerator::new(p).paths();
        assert!(paths.iter().zip(&again).all(|(a, b)| a.path == b.path));
        let other = MaatwerkGenerator::new(plan(2)).paths();
        assert!(paths.iter().zip(&other).any(|(a, b)| a.path != b.path));
        let wmo = paths.iter().filter(|g| g.path.law == Law::Wmo).count();
        assert_eq!(wmo, 7_000);
        let mut standings: HashMap<Standing, usize> = HashMap::new();
        for g in &paths {
            assert!(g.household < p.households);
            match (g.path.decided, &g.decision) {
                (Some(_), Some(d)) => {
                    assert_eq!(d.problems(), vec![], "{d:?}");
                    assert_eq!(d.law, g.path.law);
                }
                (None, None) => *standings.entry(g.standing(p.today).unwrap()).or_default() += 1,
                other => panic!("a decided path has its decision: {other:?}"),
            }
            let start = g.path.melding.or(g.path.application).unwrap();
            assert!(start <= p.today && start > p.today - Duration::days(366));
            assert!(g.path.decided.is_none_or(|d| d <= p.today));
        }
        let open: usize = standings.values().sum();
        let share = open as f64 / paths.len() as f64;
        assert!(
            (0.08..=0.12).contains(&share),
            "{open} open: {share} {standings:?}"
        );
        for s in [
            Standing::Investigation,
            Standing::AwaitingApplication,
            Standing::Suspended,
            Standing::Extended,
            Standing::Late,
            Standing::Deciding,
        ] {
            assert!(
                standings.get(&s).copied().unwrap_or(0) > 5,
                "{s:?}: {standings:?}"
            );
        }
        assert!(paths.iter().any(|g| g.default_notice.is_some()));
    }
}
