//! `kompas generate cases`: realistic, deterministic case histories as case
//! events, for the demo, the dashboards and the monitor benchmark. The same
//! seed gives the same events. Households ask one to three questions over the
//! years; most are answered at the front (information, light support), some
//! become a case with assessments, a plan, referrals, scaling up or down and
//! a closing. The front answers a little more each year, so trends show.

use crate::generate::Rng;
use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::maatwerk::decision::{DecisionKind, Outcome as ProductOutcome};
use kompas_domain::maatwerk::objection::ObjectionOutcome;
use kompas_domain::maatwerk::Law;
use kompas_domain::monitor::{
    AreaCode, CaseEvent, CaseId, Channel, DecisionId, DeclineReason, DomainScore, EventKind,
    GoalOutcome, HouseholdId, LayerChange, OnPath, PathId, QuestionId, QuestionOutcome, ReferralId,
};
use kompas_domain::Role;
use kompas_store::{case_events, directory, tenancy, Db};

/// Where the generated households live.
#[derive(Debug, Clone)]
pub struct Place {
    pub municipality_id: i64,
    pub wijken: Vec<AreaCode>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub seed: u64,
    pub places: Vec<Place>,
    /// Questions arrive from `start` until `end`; later steps are left out
    /// (those cases are still open).
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Makes households one by one.
pub struct CaseGenerator {
    plan: Plan,
    rng: Rng,
    household: i64,
    next_id: i64,
}

const CHANNELS: [(Channel, u32); 4] = [
    (Channel::Resident, 45),
    (Channel::Professional, 25),
    (Channel::PartnerSignal, 18),
    (Channel::PaymentArrears, 12),
];

fn weighted<T: Copy>(rng: &mut Rng, xs: &[(T, u32)]) -> Option<T> {
    let total: u32 = xs.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total as usize) as u32;
    for (x, w) in xs {
        if r < *w {
            return Some(*x);
        }
        r -= w;
    }
    None
}

impl CaseGenerator {
    pub fn new(plan: Plan) -> CaseGenerator {
        let base = (plan.seed % 1000 + 1) as i64 * 1_000_000_000;
        CaseGenerator {
            rng: Rng::new(plan.seed),
            plan,
            household: base,
            next_id: base,
        }
    }

    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// The events of the next household.
    pub fn household(&mut self) -> Vec<CaseEvent> {
        self.household += 1;
        let rng = &mut self.rng;
        let place = rng.pick(&self.plan.places).cloned().unwrap_or(Place {
            municipality_id: 0,
            wijken: Vec::new(),
        });
        let wijk = if rng.chance(4) {
            None
        } else {
            rng.pick(&place.wijken).cloned()
        };
        // Wijken differ: the later in the list, the more households with heavy questions.
        let heaviness = place
            .wijken
            .iter()
            .position(|w| Some(w) == wijk.as_ref())
            .map_or(0, |i| (i * 8 / place.wijken.len().max(1)) as u32);
        let questions = match rng.below(100) {
            0..=69 => 1,
            70..=91 => 2,
            _ => 3,
        };
        let span = (self.plan.end - self.plan.start).num_minutes().max(1);
        let mut starts: Vec<i64> = (0..questions)
            .map(|_| rng.below(span as usize) as i64)
            .collect();
        starts.sort_unstable();
        let household = HouseholdId(self.household);
        let mut out = Vec::new();
        let mut busy_until = self.plan.start;
        for offset in starts {
            let at = (self.plan.start + Duration::minutes(offset)).max(busy_until);
            // Progress over the period: 0 at the start, 1 at the end.
            let progress = (at - self.plan.start).num_minutes() as f64 / span as f64;
            let end = self.question(
                place.municipality_id,
                wijk.clone(),
                household,
                at,
                progress,
                heaviness,
                &mut out,
            );
            busy_until = end + Duration::days(1);
        }
        let end = self.plan.end;
        out.retain(|e| e.at <= end);
        out
    }

    /// One question and, when it comes to that, its case. Returns when it ended.
    #[allow(clippy::too_many_arguments)]
    fn question(
        &mut self,
        municipality_id: i64,
        wijk: Option<AreaCode>,
        household: HouseholdId,
        at: DateTime<Utc>,
        progress: f64,
        heaviness: u32,
        out: &mut Vec<CaseEvent>,
    ) -> DateTime<Utc> {
        let q = QuestionId(self.id());
        let rng = &mut self.rng;
        let channel = weighted(rng, &CHANNELS).unwrap_or(Channel::Resident);
        let mut push = |at: DateTime<Utc>, role: Option<Role>, kind: EventKind| {
            if let Ok(e) = CaseEvent::new(
                at,
                municipality_id,
                wijk.clone(),
                Some(household),
                role,
                kind,
            ) {
                out.push(e);
            }
        };
        let actor = if channel == Channel::Resident {
            None
        } else {
            Some(Role::Professional)
        };
        push(
            at,
            actor,
            EventKind::QuestionReceived {
                question: q,
                channel,
            },
        );
        // First contact: faster for signals, faster over the years.
        let slow = (12.0 - 5.0 * progress) as i64;
        let days = if channel == Channel::PartnerSignal {
            rng.between(0, 4)
        } else {
            rng.between(0, slow.max(2))
        };
        let contact = at + Duration::days(days) + Duration::minutes(rng.between(30, 480));
        push(
            contact,
            Some(Role::Professional),
            EventKind::FirstContact {
                question: q,
                deadline_met: days <= 5,
            },
        );
        // How it ends: the front answers more each year; heavy wijken need more cases.
        let front = 55 + (13.0 * progress) as u32;
        let case_share = 22
            + heaviness * 2
            + if channel == Channel::PaymentArrears {
                8
            } else {
                0
            };
        let roll = rng.below(100) as u32;
        let closed_at = contact + Duration::days(rng.between(0, 20)) + Duration::hours(2);
        if roll < front.saturating_sub(case_share / 3) {
            let outcome = if rng.chance(45) {
                QuestionOutcome::Information
            } else {
                let layer = *rng
                    .pick(&[
                        Layer::OwnStrength,
                        Layer::SocialBase,
                        Layer::SocialBase,
                        Layer::OpenAccess,
                        Layer::OpenAccess,
                    ])
                    .unwrap_or(&Layer::OpenAccess);
                QuestionOutcome::Referral {
                    layer,
                    offer_id: None,
                }
            };
            push(
                closed_at,
                Some(Role::Professional),
                EventKind::QuestionClosed {
                    question: q,
                    outcome,
                },
            );
            return closed_at;
        }
        if roll < 100 - case_share {
            let layer = if rng.chance(70) {
                Layer::Targeted
            } else {
                Layer::Intensive
            };
            push(
                closed_at,
                Some(Role::Professional),
                EventKind::QuestionClosed {
                    question: q,
                    outcome: QuestionOutcome::Referral {
                        layer,
                        offer_id: None,
                    },
                },
            );
            return closed_at;
        }
        let case = CaseId(self.id());
        push(
            closed_at,
            Some(Role::Professional),
            EventKind::QuestionClosed {
                question: q,
                outcome: QuestionOutcome::Case { case },
            },
        );
        let opened = closed_at + Duration::minutes(5);
        push(
            opened,
            Some(Role::Coordinator),
            EventKind::CaseOpened {
                case,
                question: Some(q),
            },
        );
        self.case(
            case,
            municipality_id,
            wijk,
            household,
            opened,
            progress,
            heaviness,
            channel,
            out,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn case(
        &mut self,
        case: CaseId,
        municipality_id: i64,
        wijk: Option<AreaCode>,
        household: HouseholdId,
        opened: DateTime<Utc>,
        progress: f64,
        heaviness: u32,
        channel: Channel,
        out: &mut Vec<CaseEvent>,
    ) -> DateTime<Utc> {
        let referrals: Vec<i64> = (0..3).map(|_| self.id()).collect();
        let (path, decisions) = (PathId(self.id()), [self.id(), self.id()]);
        let rng = &mut self.rng;
        let mut push = |at: DateTime<Utc>, kind: EventKind| {
            if let Ok(e) = CaseEvent::new(
                at,
                municipality_id,
                wijk.clone(),
                Some(household),
                Some(Role::Coordinator),
                kind,
            ) {
                out.push(e);
            }
        };
        // Intake: the domains that matter for this question, worse for signals.
        let n = rng.between(2, 6) as usize;
        let mut domains: Vec<LifeDomain> = Vec::new();
        if channel == Channel::PaymentArrears {
            domains.push(LifeDomain::Finances);
        }
        while domains.len() < n {
            if let Some(d) = rng.pick(LifeDomain::ALL) {
                if !domains.contains(d) {
                    domains.push(*d);
                }
            }
        }
        let worse = u32::from(channel != Channel::Resident) * 10 + heaviness * 3;
        let scores: Vec<i64> = domains
            .iter()
            .map(|_| match rng.below(100) as u32 {
                r if r < 12 + worse / 2 => 1,
                r if r < 40 + worse => 2,
                r if r < 75 + worse / 2 => 3,
                _ => 4,
            })
            .collect();
        let intake = opened + Duration::days(rng.between(1, 14));
        for (d, s) in domains.iter().zip(&scores) {
            if let Ok(score) = DomainScore::new(*s) {
                push(
                    intake,
                    EventKind::DomainAssessed {
                        case,
                        domain: *d,
                        score,
                    },
                );
            }
        }
        let plan_days = rng.between(5, (60.0 - 25.0 * progress) as i64);
        let plan = opened + Duration::days(plan_days);
        push(plan, EventKind::PlanAgreed { case });
        // Support in the plan: often someone of the network, then offers
        // from the pyramid's lighter layers.
        if rng.chance(40) {
            push(
                plan,
                EventKind::SupportAdded {
                    case,
                    layer: Layer::OwnStrength,
                    network: true,
                },
            );
        }
        for _ in 0..rng.below(3) {
            let layer = *rng
                .pick(&[
                    Layer::SocialBase,
                    Layer::SocialBase,
                    Layer::OpenAccess,
                    Layer::Targeted,
                ])
                .unwrap_or(&Layer::SocialBase);
            push(
                plan,
                EventKind::SupportAdded {
                    case,
                    layer,
                    network: false,
                },
            );
        }
        let mut t = plan;
        if rng.chance(15) {
            push(
                t + Duration::days(rng.between(10, 90)),
                EventKind::CoordinatorChanged { case },
            );
        }
        let mut layer = if rng.chance(75) {
            Layer::Targeted
        } else {
            Layer::OpenAccess
        };
        let count = rng.below(4);
        for r in referrals.into_iter().take(count) {
            let referral = ReferralId(r);
            let to = *rng
                .pick(&[
                    Layer::SocialBase,
                    Layer::OpenAccess,
                    Layer::OpenAccess,
                    Layer::Targeted,
                    Layer::Targeted,
                    Layer::Intensive,
                ])
                .unwrap_or(&Layer::OpenAccess);
            t += Duration::days(rng.between(1, 20));
            push(
                t,
                EventKind::ReferralSent {
                    case,
                    referral,
                    layer: to,
                    offer_id: None,
                },
            );
            let answer = t + Duration::days(rng.between(1, 10));
            if rng.chance(82) {
                push(answer, EventKind::ReferralAccepted { case, referral });
                let started = answer + Duration::days(rng.between(1, 21));
                push(started, EventKind::ReferralStarted { case, referral });
                let ended = started + Duration::days(rng.between(20, 200));
                if rng.chance(85) {
                    let outcome = rng
                        .weighted(&[
                            (55, GoalOutcome::Reached),
                            (30, GoalOutcome::Partly),
                            (15, GoalOutcome::NotReached),
                        ])
                        .unwrap_or(GoalOutcome::Reached);
                    push(
                        ended,
                        EventKind::ReferralCompleted {
                            case,
                            referral,
                            outcome,
                        },
                    );
                } else {
                    push(ended, EventKind::ReferralCancelled { case, referral });
                }
            } else {
                let reason = rng
                    .weighted(&[
                        (5, DeclineReason::NoCapacity),
                        (3, DeclineReason::NotEligible),
                        (2, DeclineReason::Other),
                    ])
                    .unwrap_or(DeclineReason::Other);
                push(
                    answer,
                    EventKind::ReferralDeclined {
                        case,
                        referral,
                        reason,
                    },
                );
            }
        }
        // Scaling: up when it gets unsafe, down once things are stable.
        if rng.chance(18 + heaviness) && layer < Layer::Intensive {
            t += Duration::days(rng.between(5, 60));
            let to = if layer == Layer::OpenAccess {
                Layer::Targeted
            } else {
                Layer::Intensive
            };
            if let Ok(change) = LayerChange::new(layer, to) {
                push(t, EventKind::Scaled { case, change });
                layer = to;
                // Heavier help needs a decision: the legal path to it.
                maatwerk(rng, &mut push, t, path, decisions, to);
            }
        }
        if rng.chance(30) && layer > Layer::SocialBase {
            t += Duration::days(rng.between(20, 120));
            let to = match layer {
                Layer::Intensive => Layer::Targeted,
                Layer::Targeted if rng.chance(50) => Layer::SocialBase,
                _ => Layer::OpenAccess,
            };
            if let Ok(change) = LayerChange::new(layer, to) {
                push(t, EventKind::Scaled { case, change });
            }
        }
        // Evaluation: most domains improve a little, some do not.
        t += Duration::days(rng.between(30, 150));
        let mut reached = 0;
        for (d, s) in domains.iter().zip(&scores) {
            let step = match rng.below(100) {
                0..=9 => -1,
                10..=34 => 0,
                35..=79 => 1,
                _ => 2,
            };
            let new = (*s + step).clamp(1, 5);
            reached += i32::from(new >= 3);
            if let Ok(score) = DomainScore::new(new) {
                push(
                    t,
                    EventKind::DomainAssessed {
                        case,
                        domain: *d,
                        score,
                    },
                );
            }
        }
        let closed = t + Duration::days(rng.between(5, 60));
        let share = reached as f64 / domains.len().max(1) as f64;
        let outcome = if share >= 0.8 {
            GoalOutcome::Reached
        } else if share >= 0.4 {
            GoalOutcome::Partly
        } else {
            GoalOutcome::NotReached
        };
        push(closed, EventKind::CaseClosed { case, outcome });
        closed
    }

    /// At least `n` events (whole households), oldest first.
    pub fn events(&mut self, n: usize) -> Vec<CaseEvent> {
        self.until(|events, _| events >= n)
    }

    /// The events of `households` households, oldest first.
    pub fn households(&mut self, households: usize) -> Vec<CaseEvent> {
        self.until(|_, made| made >= households)
    }

    /// Households until `done(events, households)`, then sorted by time.
    fn until(&mut self, done: impl Fn(usize, usize) -> bool) -> Vec<CaseEvent> {
        let mut out = Vec::new();
        let mut made = 0;
        while !done(out.len(), made) {
            out.extend(self.household());
            made += 1;
        }
        out.sort_by_key(|e| e.at);
        out
    }
}

/// A place from the database: the municipality and its wijken.
pub async fn place(db: &Db, municipality_code: &str) -> anyhow::Result<Place> {
    let m = tenancy::municipality_by_code(db, municipality_code)
        .await
        .with_context(|| format!("gemeente {municipality_code} bestaat niet"))?;
    let wijken = directory::areas(db, m.id)
        .await?
        .into_iter()
        .filter(|a| a.cbs_code.starts_with("WK"))
        .filter_map(|a| AreaCode::parse(&a.cbs_code).ok())
        .collect();
    Ok(Place {
        municipality_id: m.id,
        wijken,
    })
}

/// Writes events in transactions of 10 000.
pub async fn write(db: &Db, events: &[CaseEvent]) -> anyhow::Result<u64> {
    let mut n = 0;
    for chunk in events.chunks(10_000) {
        let mut tx = db.begin().await?;
        n += case_events::append_case_events(&mut tx, chunk).await?;
        tx.commit().await?;
    }
    Ok(n)
}

/// A maatwerk path from `t`: a Wmo melding with its report and application
/// or a youth-care application, sometimes urgent help first, a decision (in
/// term most of the time) with its product, and now and then an objection.
fn maatwerk(
    rng: &mut Rng,
    push: &mut impl FnMut(DateTime<Utc>, EventKind),
    mut t: DateTime<Utc>,
    path: PathId,
    [temporary, regular]: [i64; 2],
    layer: Layer,
) {
    let law = if rng.chance(70) {
        Law::Wmo
    } else {
        Law::Jeugdwet
    };
    let on = OnPath { path, law };
    let melding = law == Law::Wmo;
    push(t, EventKind::MaatwerkRequested { on, melding });
    if rng.chance(10) {
        let urgent = t + Duration::days(rng.between(0, 3));
        push(
            urgent,
            EventKind::DecisionSent {
                on,
                decision: Some(DecisionId(temporary)),
                kind: DecisionKind::Temporary,
                deadline_met: None,
            },
        );
    }
    if melding {
        let days = rng.between(15, 50);
        t += Duration::days(days);
        push(
            t,
            EventKind::MaatwerkReportSent {
                on,
                deadline_met: days <= 42,
            },
        );
        t += Duration::days(rng.between(1, 10));
        push(t, EventKind::MaatwerkApplication { on });
    }
    // Wmo: two weeks after the application; otherwise eight.
    let term = if melding { 14 } else { 56 };
    let days = rng.between(3, term + 25);
    t += Duration::days(days);
    let decision = DecisionId(regular);
    push(
        t,
        EventKind::DecisionSent {
            on,
            decision: Some(decision),
            kind: DecisionKind::First,
            deadline_met: Some(days <= term),
        },
    );
    let outcome = if rng.chance(85) {
        ProductOutcome::Granted
    } else {
        ProductOutcome::Refused
    };
    push(
        t,
        EventKind::ProductDecided {
            on,
            decision,
            outcome,
            layer,
        },
    );
    if rng.chance(8) {
        let received = t + Duration::days(rng.between(5, 42));
        push(
            received,
            EventKind::ObjectionReceived {
                on,
                decision,
                in_time: true,
            },
        );
        let decided = rng.between(20, 60);
        let outcome = ObjectionOutcome::ALL[rng.below(ObjectionOutcome::ALL.len())];
        push(
            received + Duration::days(decided),
            EventKind::ObjectionDecided {
                on,
                decision,
                outcome,
                deadline_met: decided <= 42,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn plan(seed: u64) -> Plan {
        Plan {
            seed,
            places: vec![Place {
                municipality_id: 1,
                wijken: ["WK990101", "WK990102"]
                    .iter()
                    .map(|c| AreaCode::parse(c).unwrap())
                    .collect(),
            }],
            start: Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2025, 12, 31, 0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_events_and_every_kind_occurs() {
        // Enough households for the rarer kinds (objections) to occur.
        let a = CaseGenerator::new(plan(7)).households(1_000);
        let b = CaseGenerator::new(plan(7)).households(1_000);
        assert_eq!(a, b);
        assert_ne!(a, CaseGenerator::new(plan(8)).households(300));
        let kinds: std::collections::BTreeSet<&str> = a.iter().map(|e| e.kind.code()).collect();
        assert_eq!(
            kinds.len(),
            kompas_domain::monitor::event::KIND_CODES.len(),
            "{kinds:?}"
        );
        assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
        // Rows round-trip: what we generate is what the table can hold.
        for e in a.iter().take(500) {
            assert_eq!(e.to_row().parse().as_ref(), Ok(e));
        }
    }

    #[test]
    fn events_ask_for_at_least_n() {
        let e = CaseGenerator::new(plan(1)).events(5_000);
        assert!(e.len() >= 5_000 && e.len() < 5_100);
    }
}
