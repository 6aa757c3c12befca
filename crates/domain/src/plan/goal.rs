//! Goals (*doelen*) and actions of a plan, what closing a case asks of them,
//! and where the household's support sits in the pyramid of layers.

use crate::directory::offer::code_enum;
use crate::directory::{Layer, LifeDomain};
use crate::monitor::event::GoalOutcome;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

super::text::bounded_text!(
    /// What the household wants to reach, in its own words: 1 to 500 characters.
    GoalText,
    500,
    "Beschrijf het doel in een paar woorden.",
    "Het doel"
);

super::text::bounded_text!(
    /// What someone of the household's network does as support: 1 to 200 characters.
    NetworkHelp,
    200,
    "Beschrijf wat deze persoon doet, bijvoorbeeld: boodschappen samen doen.",
    "Wat deze persoon doet"
);

super::text::bounded_text!(
    /// How often network support happens, in the household's words: 1 to 100 characters.
    HowOften,
    100,
    "Schrijf op hoe vaak, bijvoorbeeld: elke dinsdag.",
    "Hoe vaak"
);

super::text::bounded_text!(
    /// One step towards a goal: 1 to 300 characters.
    ActionText,
    300,
    "Beschrijf de actie in een paar woorden.",
    "De actie"
);

code_enum!(
    /// Who takes a goal or an action on: the plan looks to the household and
    /// its network first.
    Actor, "onbekende uitvoerder '{}'", {
    Resident => ("inwoner", "De inwoner zelf"),
    Network => ("netwerk", "Iemand uit het netwerk"),
    Professional => ("professional", "Een professional"),
});

code_enum!(
    /// Where a goal stands: still running, or one of the outcomes.
    GoalStatus, "onbekende status van een doel '{}'", {
    Running => ("lopend", "Loopt nog"),
    Reached => ("bereikt", "Bereikt"),
    Partly => ("deels", "Deels bereikt"),
    NotReached => ("niet-bereikt", "Niet bereikt"),
});

impl GoalStatus {
    pub fn from_outcome(o: GoalOutcome) -> GoalStatus {
        match o {
            GoalOutcome::Reached => GoalStatus::Reached,
            GoalOutcome::Partly => GoalStatus::Partly,
            GoalOutcome::NotReached => GoalStatus::NotReached,
        }
    }

    /// The outcome of a finished goal; `None` while it runs.
    pub fn outcome(self) -> Option<GoalOutcome> {
        match self {
            GoalStatus::Running => None,
            GoalStatus::Reached => Some(GoalOutcome::Reached),
            GoalStatus::Partly => Some(GoalOutcome::Partly),
            GoalStatus::NotReached => Some(GoalOutcome::NotReached),
        }
    }
}

/// One goal of a plan, in one life domain, with an optional target date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub domain: LifeDomain,
    pub text: GoalText,
    pub due: Option<NaiveDate>,
    pub actor: Actor,
    pub status: GoalStatus,
}

impl Goal {
    /// Still running and its date has passed (the date itself is not late).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == GoalStatus::Running && self.due.is_some_and(|d| d < today)
    }
}

/// "4", "4 en 7", "4, 7 en 9".
fn id_list(ids: &[i64]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(i64::to_string).collect();
            format!("{} en {last}", init.join(", "))
        }
    }
}

/// The goals of a case at its closing, each with its final outcome.
///
/// Made from the case's goals (id and status) and the outcomes given in the
/// closing form. Every goal that is still `lopend` needs an outcome there. A
/// goal that already has an outcome keeps it, unless the form gives a new one:
/// the closing evaluation has the last word. An outcome for a goal that is not
/// in the list, or two outcomes for one goal, are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingGoals {
    outcomes: Vec<(i64, GoalOutcome)>,
}

impl ClosingGoals {
    pub fn new(
        goals: &[(i64, GoalStatus)],
        outcomes: &[(i64, GoalOutcome)],
    ) -> Result<ClosingGoals, String> {
        for (i, (id, _)) in outcomes.iter().enumerate() {
            if !goals.iter().any(|(g, _)| g == id) {
                return Err(format!("Doel {id} hoort niet bij dit traject."));
            }
            if outcomes[..i].iter().any(|(o, _)| o == id) {
                return Err(format!(
                    "Doel {id} heeft twee resultaten gekregen. Kies er één."
                ));
            }
        }
        let given = |id: i64| outcomes.iter().find(|(o, _)| *o == id).map(|(_, r)| *r);
        let missing: Vec<i64> = goals
            .iter()
            .filter(|(id, status)| status.outcome().is_none() && given(*id).is_none())
            .map(|(id, _)| *id)
            .collect();
        if !missing.is_empty() {
            let head = if missing.len() == 1 {
                format!("Doel {} heeft nog geen resultaat.", id_list(&missing))
            } else {
                format!("De doelen {} hebben nog geen resultaat.", id_list(&missing))
            };
            return Err(format!(
                "{head} Geef bij elk doel aan of het bereikt, deels bereikt of niet bereikt is."
            ));
        }
        let outcomes = goals
            .iter()
            .filter_map(|(id, status)| given(*id).or(status.outcome()).map(|o| (*id, o)))
            .collect();
        Ok(ClosingGoals { outcomes })
    }

    /// Every goal with its final outcome, in the order of the goals.
    pub fn outcomes(&self) -> &[(i64, GoalOutcome)] {
        &self.outcomes
    }

    /// The outcome of the whole case. With goals it follows from them (see
    /// [`derive_outcome`]); `chosen` may then be left out, and is refused when
    /// it says something else. A case without goals (closed early, for
    /// instance because the household moved) is allowed, and then needs
    /// `chosen`.
    pub fn case_outcome(&self, chosen: Option<GoalOutcome>) -> Result<GoalOutcome, String> {
        let finals: Vec<GoalOutcome> = self.outcomes.iter().map(|(_, o)| *o).collect();
        match (derive_outcome(&finals), chosen) {
            (Some(derived), None) => Ok(derived),
            (Some(derived), Some(c)) if c == derived => Ok(derived),
            (Some(derived), Some(_)) => Err(format!(
                "Volgens de doelen is het resultaat '{}'. U kunt geen ander resultaat kiezen.",
                derived.label_nl()
            )),
            (None, Some(c)) => Ok(c),
            (None, None) => Err(
                "Dit traject heeft geen doelen. Kies zelf of de hulp heeft gewerkt: doelen bereikt, deels bereikt of niet bereikt."
                    .into(),
            ),
        }
    }
}

/// Checks that a case can close: every goal that still runs gets an outcome.
/// The message names the goals (by id) that lack one.
pub fn closing_check(
    goals: &[(i64, GoalStatus)],
    outcomes: &[(i64, GoalOutcome)],
) -> Result<(), String> {
    ClosingGoals::new(goals, outcomes).map(|_| ())
}

/// The outcome of a case from the final outcomes of its goals: every goal
/// reached is `Reached`; every goal not reached at all is `NotReached`;
/// anything in between (including goals that were partly reached) is
/// `Partly`. `None` without goals.
pub fn derive_outcome(goal_outcomes: &[GoalOutcome]) -> Option<GoalOutcome> {
    if goal_outcomes.is_empty() {
        None
    } else if goal_outcomes.iter().all(|o| *o == GoalOutcome::Reached) {
        Some(GoalOutcome::Reached)
    } else if goal_outcomes.iter().all(|o| *o == GoalOutcome::NotReached) {
        Some(GoalOutcome::NotReached)
    } else {
        Some(GoalOutcome::Partly)
    }
}

/// Where a household's support sits in the pyramid: how many support items
/// per layer, light to heavy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Pyramid {
    counts: [usize; 5],
}

impl Pyramid {
    /// Counts the layers of the support items.
    pub fn of(layers: &[Layer]) -> Pyramid {
        let mut counts = [0; 5];
        for l in layers {
            counts[usize::from(l.number() - 1)] += 1;
        }
        Pyramid { counts }
    }

    pub fn count(&self, layer: Layer) -> usize {
        self.counts[usize::from(layer.number() - 1)]
    }

    /// Every layer with its count, light to heavy (also the empty ones).
    pub fn rows(&self) -> [(Layer, usize); 5] {
        Layer::ALL.map(|l| (l, self.count(l)))
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The heaviest layer with any support; `None` without support.
    pub fn heaviest(&self) -> Option<Layer> {
        Layer::ALL.into_iter().rev().find(|l| self.count(*l) > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GoalOutcome as O;
    use GoalStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn goal_and_action_texts_have_their_limits() {
        assert_eq!(
            GoalText::parse("  Schulden op een rij ").unwrap().as_str(),
            "Schulden op een rij"
        );
        assert!(GoalText::parse("").unwrap_err().contains("doel"));
        assert!(GoalText::parse(&"x".repeat(500)).is_ok());
        assert!(GoalText::parse(&"x".repeat(501))
            .unwrap_err()
            .contains("500"));
        assert!(ActionText::parse(&"x".repeat(300)).is_ok());
        assert!(ActionText::parse(&"x".repeat(301))
            .unwrap_err()
            .contains("300"));
        assert!(ActionText::parse(" ").unwrap_err().contains("actie"));
    }

    #[test]
    fn status_and_outcome_map_both_ways() {
        for o in GoalOutcome::ALL {
            assert_eq!(S::from_outcome(*o).outcome(), Some(*o));
            assert_eq!(S::from_outcome(*o).code(), o.code(), "same codes");
        }
        assert_eq!(S::Running.outcome(), None);
        assert_eq!(S::parse("niet-bereikt"), Ok(S::NotReached));
        assert_eq!(Actor::parse("netwerk"), Ok(Actor::Network));
        assert_eq!(Actor::Resident.label_nl(), "De inwoner zelf");
    }

    #[test]
    fn a_goal_is_overdue_only_after_its_date_and_while_it_runs() {
        let mut g = Goal {
            domain: LifeDomain::Finances,
            text: GoalText::parse("Vaste lasten betalen").unwrap(),
            due: Some(d(2026, 3, 31)),
            actor: Actor::Resident,
            status: S::Running,
        };
        assert!(!g.is_overdue(d(2026, 3, 30)));
        assert!(!g.is_overdue(d(2026, 3, 31)));
        assert!(g.is_overdue(d(2026, 4, 1)));
        g.status = S::Partly;
        assert!(!g.is_overdue(d(2026, 4, 1)));
        g.status = S::Running;
        g.due = None;
        assert!(!g.is_overdue(d(2030, 1, 1)));
    }

    #[test]
    fn closing_needs_an_outcome_for_every_running_goal() {
        let goals = [(4, S::Running), (7, S::Reached), (9, S::Running)];
        assert_eq!(
            closing_check(&goals, &[(4, O::Reached)]),
            Err("Doel 9 heeft nog geen resultaat. Geef bij elk doel aan of het bereikt, deels bereikt of niet bereikt is.".into())
        );
        assert!(closing_check(&goals, &[])
            .unwrap_err()
            .starts_with("De doelen 4 en 9 hebben"));
        let three = [(1, S::Running), (2, S::Running), (3, S::Running)];
        assert!(closing_check(&three, &[])
            .unwrap_err()
            .starts_with("De doelen 1, 2 en 3 hebben"));
        assert_eq!(
            closing_check(&goals, &[(4, O::Reached), (9, O::Partly)]),
            Ok(())
        );
        assert_eq!(closing_check(&[], &[]), Ok(()));
    }

    #[test]
    fn closing_refuses_strange_outcomes() {
        let goals = [(4, S::Running)];
        assert!(closing_check(&goals, &[(4, O::Reached), (5, O::Reached)])
            .unwrap_err()
            .contains("Doel 5 hoort niet"));
        assert!(closing_check(&goals, &[(4, O::Reached), (4, O::Partly)])
            .unwrap_err()
            .contains("twee resultaten"));
    }

    #[test]
    fn final_outcomes_keep_earlier_ones_unless_overruled() {
        let goals = [(4, S::Running), (7, S::Reached), (8, S::NotReached)];
        let c = ClosingGoals::new(&goals, &[(4, O::Partly), (8, O::Reached)]).unwrap();
        assert_eq!(
            c.outcomes(),
            &[(4, O::Partly), (7, O::Reached), (8, O::Reached)]
        );
        assert_eq!(c.case_outcome(None), Ok(O::Partly));
    }

    #[test]
    fn the_case_outcome_follows_from_the_goals() {
        assert_eq!(derive_outcome(&[]), None);
        assert_eq!(derive_outcome(&[O::Reached, O::Reached]), Some(O::Reached));
        assert_eq!(
            derive_outcome(&[O::NotReached, O::NotReached]),
            Some(O::NotReached)
        );
        assert_eq!(
            derive_outcome(&[O::Reached, O::NotReached]),
            Some(O::Partly)
        );
        assert_eq!(derive_outcome(&[O::Partly, O::NotReached]), Some(O::Partly));
        assert_eq!(derive_outcome(&[O::Partly]), Some(O::Partly));
    }

    #[test]
    fn a_chosen_case_outcome_only_without_goals_or_when_it_agrees() {
        let reached = ClosingGoals::new(&[(1, S::Reached)], &[]).unwrap();
        assert_eq!(reached.case_outcome(Some(O::Reached)), Ok(O::Reached));
        assert!(reached
            .case_outcome(Some(O::NotReached))
            .unwrap_err()
            .contains("'Doelen bereikt'"));
        let none = ClosingGoals::new(&[], &[]).unwrap();
        assert_eq!(none.case_outcome(Some(O::NotReached)), Ok(O::NotReached));
        assert!(none.case_outcome(None).unwrap_err().contains("geen doelen"));
    }

    #[test]
    fn the_pyramid_counts_per_layer_and_finds_the_heaviest() {
        let p = Pyramid::of(&[
            Layer::SocialBase,
            Layer::Targeted,
            Layer::SocialBase,
            Layer::OwnStrength,
        ]);
        assert_eq!(p.count(Layer::SocialBase), 2);
        assert_eq!(p.count(Layer::Intensive), 0);
        assert_eq!(p.total(), 4);
        assert_eq!(p.heaviest(), Some(Layer::Targeted));
        assert_eq!(p.rows().map(|(_, n)| n), [1, 2, 0, 1, 0], "light to heavy");
        assert_eq!(Pyramid::of(&[]).heaviest(), None);
        assert_eq!(
            Pyramid::of(&[Layer::Intensive]).heaviest(),
            Some(Layer::Intensive)
        );
    }
}
