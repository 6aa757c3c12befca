//! Every measure on small hand-made event sets with answers worked out by hand.

use super::*;
use crate::directory::Layer;
use crate::monitor::event::*;
use crate::monitor::AreaCode;
use chrono::TimeZone;

const GM: i64 = 1;

/// Builds events one by one: day numbers count from 1 January 2025, 10:00 UTC.
struct Script {
    cols: EventColumns,
}

fn at(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).unwrap() + chrono::Duration::days(day)
}

impl Script {
    fn new() -> Script {
        Script {
            cols: EventColumns::new(),
        }
    }
    fn ev(&mut self, day: i64, household: i64, wijk: &str, kind: EventKind) -> &mut Self {
        let e = CaseEvent::new(
            at(day),
            GM,
            (!wijk.is_empty()).then(|| AreaCode::parse(wijk).unwrap()),
            (household > 0).then_some(HouseholdId(household)),
            None,
            kind,
        )
        .unwrap();
        self.cols.push(&e);
        self
    }
    fn cube(&self) -> Cube {
        compute(&self.cols, 100)
    }
}

fn month(m: u32) -> Period {
    Period::month(2025, m).unwrap()
}
fn q1() -> Period {
    Period::quarter(2025, 1).unwrap()
}
fn year() -> Period {
    Period::year(2025).unwrap()
}

fn gm(cube: &Cube) -> u32 {
    cube.slot_of(&Slot::Municipality(GM)).unwrap()
}
fn wk(cube: &Cube, code: &str) -> u32 {
    cube.slot_of(&Slot::Wijk {
        municipality: GM,
        code: (!code.is_empty()).then(|| code.to_string()),
    })
    .unwrap()
}

/// (num, den) of a cell at municipal level.
fn nd(cube: &Cube, m: Measure, cat: u8, p: Period) -> (i64, i64) {
    cube.get(m, cat, p, gm(cube))
        .map_or((0, 0), |c| (c.num, c.den))
}

fn question(q: i64, channel: Channel) -> EventKind {
    EventKind::QuestionReceived {
        question: QuestionId(q),
        channel,
    }
}
fn closed(q: i64, outcome: QuestionOutcome) -> EventKind {
    EventKind::QuestionClosed {
        question: QuestionId(q),
        outcome,
    }
}
fn referral(layer: Layer) -> QuestionOutcome {
    QuestionOutcome::Referral {
        layer,
        offer_id: None,
    }
}
fn opened(c: i64, q: Option<i64>) -> EventKind {
    EventKind::CaseOpened {
        case: CaseId(c),
        question: q.map(QuestionId),
    }
}
fn case_closed(c: i64, outcome: GoalOutcome) -> EventKind {
    EventKind::CaseClosed {
        case: CaseId(c),
        outcome,
    }
}
fn assessed(c: i64, domain: LifeDomain, score: i64) -> EventKind {
    EventKind::DomainAssessed {
        case: CaseId(c),
        domain,
        score: DomainScore::new(score).unwrap(),
    }
}
fn cat(b: Breakdown, code: &str) -> u8 {
    b.categories().iter().position(|(c, _)| *c == code).unwrap() as u8 + 1
}

#[test]
fn questions_per_channel_per_area_and_period() {
    let mut s = Script::new();
    s.ev(0, 1, "WK990101", question(1, Channel::Resident))
        .ev(3, 2, "WK990102", question(2, Channel::Resident))
        .ev(5, 3, "WK990101", question(3, Channel::PartnerSignal))
        .ev(40, 4, "", question(4, Channel::PaymentArrears)); // February, wijk unknown
    let c = s.cube();
    let resident = cat(Breakdown::Channel, "bewoner");
    assert_eq!(nd(&c, Measure::Questions, 0, month(1)), (3, 3));
    assert_eq!(nd(&c, Measure::Questions, resident, month(1)), (2, 2));
    assert_eq!(nd(&c, Measure::Questions, 0, month(2)), (1, 1));
    assert_eq!(nd(&c, Measure::Questions, 0, q1()), (4, 4));
    assert_eq!(nd(&c, Measure::Questions, 0, year()), (4, 4));
    let w1 = c
        .get(Measure::Questions, 0, month(1), wk(&c, "WK990101"))
        .unwrap();
    assert_eq!((w1.num, w1.households), (2, 2));
    let unknown = c.get(Measure::Questions, 0, month(2), wk(&c, "")).unwrap();
    assert_eq!(
        unknown.num, 1,
        "events without a wijk count in 'wijk onbekend'"
    );
    let arrears = cat(Breakdown::Channel, "vroegsignalering");
    assert_eq!(nd(&c, Measure::Questions, arrears, year()), (1, 1));
}

#[test]
fn how_questions_were_closed_and_the_move_to_the_front() {
    let mut s = Script::new();
    s.ev(1, 1, "", closed(1, QuestionOutcome::Information))
        .ev(2, 2, "", closed(2, referral(Layer::SocialBase)))
        .ev(3, 3, "", closed(3, referral(Layer::Targeted)))
        .ev(
            4,
            4,
            "",
            closed(4, QuestionOutcome::Case { case: CaseId(9) }),
        );
    let c = s.cube();
    let b = Breakdown::ClosedOutcome;
    assert_eq!(nd(&c, Measure::QuestionsClosed, 0, month(1)), (4, 4));
    for code in [
        "informatie",
        "verwijzing-licht",
        "verwijzing-zwaar",
        "traject",
    ] {
        assert_eq!(
            nd(&c, Measure::QuestionsClosed, cat(b, code), month(1)),
            (1, 1),
            "{code}"
        );
    }
    // Information and the layer-2 referral: 2 of 4 at the front.
    assert_eq!(nd(&c, Measure::FrontShare, 0, month(1)), (2, 4));
    // Everything except the case: 3 of 4 without a case.
    assert_eq!(nd(&c, Measure::WithoutCase, 0, month(1)), (3, 4));
}

#[test]
fn days_to_first_contact_median_p90_and_deadlines() {
    let mut s = Script::new();
    let contact = |q: i64, met: bool| EventKind::FirstContact {
        question: QuestionId(q),
        deadline_met: met,
    };
    s.ev(0, 1, "", question(1, Channel::Resident))
        .ev(1, 2, "", question(2, Channel::Professional))
        .ev(2, 3, "", question(3, Channel::PartnerSignal))
        .ev(2, 2, "", contact(2, true)) // 1 day
        .ev(3, 1, "", contact(1, true)) // 3 days
        .ev(12, 3, "", contact(3, false)) // 10 days
        .ev(13, 1, "", contact(1, true)); // a second contact does not count
    let c = s.cube();
    let cell = c.get(Measure::DaysToContact, 0, month(1), gm(&c)).unwrap();
    assert_eq!(cell.num, 3);
    assert_eq!(cell.median, Some(3.0));
    assert_eq!(cell.p90, Some(10.0));
    assert_eq!(nd(&c, Measure::DeadlineMet, 0, month(1)), (2, 3));
}

#[test]
fn days_to_an_agreed_plan_start_at_the_question() {
    let mut s = Script::new();
    let plan = |c: i64| EventKind::PlanAgreed { case: CaseId(c) };
    s.ev(0, 1, "", question(1, Channel::Resident))
        .ev(5, 1, "", opened(1, Some(1)))
        .ev(10, 2, "", opened(2, None))
        .ev(14, 2, "", plan(2)) // 4 days after the case opened
        .ev(20, 1, "", plan(1)) // 20 days after the question
        .ev(25, 1, "", plan(1)); // a new version of the plan does not count
    let c = s.cube();
    let cell = c.get(Measure::DaysToPlan, 0, month(1), gm(&c)).unwrap();
    assert_eq!(cell.num, 2);
    assert_eq!(cell.median, Some(4.0), "percentile_disc: the lower middle");
    assert_eq!(cell.p90, Some(20.0));
}

#[test]
fn referral_answers_reasons_and_outcomes() {
    let mut s = Script::new();
    let r = |n: i64| (CaseId(1), ReferralId(n));
    let (c1, r1) = r(1);
    let (_, r2) = r(2);
    let (_, r3) = r(3);
    let (_, r4) = r(4);
    s.ev(
        1,
        1,
        "",
        EventKind::ReferralAccepted {
            case: c1,
            referral: r1,
        },
    )
    .ev(
        1,
        1,
        "",
        EventKind::ReferralAccepted {
            case: c1,
            referral: r2,
        },
    )
    .ev(
        2,
        1,
        "",
        EventKind::ReferralDeclined {
            case: c1,
            referral: r3,
            reason: DeclineReason::NoCapacity,
        },
    )
    .ev(
        2,
        1,
        "",
        EventKind::ReferralDeclined {
            case: c1,
            referral: r4,
            reason: DeclineReason::Other,
        },
    )
    .ev(
        30,
        1,
        "",
        EventKind::ReferralCompleted {
            case: c1,
            referral: r1,
            outcome: GoalOutcome::Reached,
        },
    )
    .ev(
        31,
        1,
        "",
        EventKind::ReferralCompleted {
            case: c1,
            referral: r2,
            outcome: GoalOutcome::Partly,
        },
    )
    .ev(
        32,
        1,
        "",
        EventKind::ReferralCancelled {
            case: c1,
            referral: r3,
        },
    );
    let c = s.cube();
    let a = Breakdown::ReferralAnswer;
    assert_eq!(nd(&c, Measure::ReferralAnswers, 0, month(1)), (4, 4));
    assert_eq!(
        nd(
            &c,
            Measure::ReferralAnswers,
            cat(a, "geaccepteerd"),
            month(1)
        ),
        (2, 2)
    );
    assert_eq!(
        nd(
            &c,
            Measure::ReferralAnswers,
            cat(a, "geen-capaciteit"),
            month(1)
        ),
        (1, 1)
    );
    assert_eq!(
        nd(&c, Measure::ReferralAnswers, cat(a, "past-niet"), month(1)),
        (0, 0)
    );
    assert_eq!(
        nd(&c, Measure::ReferralAnswers, cat(a, "anders"), month(1)),
        (1, 1)
    );
    assert_eq!(nd(&c, Measure::ReferralsAccepted, 0, month(1)), (2, 4));
    let e = Breakdown::ReferralEnd;
    assert_eq!(nd(&c, Measure::ReferralEnds, 0, q1()), (3, 3));
    assert_eq!(
        nd(&c, Measure::ReferralEnds, cat(e, "bereikt"), q1()),
        (1, 1)
    );
    assert_eq!(
        nd(&c, Measure::ReferralEnds, cat(e, "geannuleerd"), q1()),
        (1, 1)
    );
    // Cancelled referrals do not count in the share reached: 1 of 2.
    assert_eq!(nd(&c, Measure::ReferralsReached, 0, q1()), (1, 2));
}

#[test]
fn scaling_up_and_down_by_pair_of_layers() {
    let mut s = Script::new();
    let scaled = |from: Layer, to: Layer| EventKind::Scaled {
        case: CaseId(1),
        change: LayerChange::new(from, to).unwrap(),
    };
    s.ev(1, 1, "", scaled(Layer::OpenAccess, Layer::Targeted))
        .ev(2, 2, "", scaled(Layer::OpenAccess, Layer::Targeted))
        .ev(3, 1, "", scaled(Layer::Targeted, Layer::SocialBase));
    let c = s.cube();
    assert_eq!(
        nd(
            &c,
            Measure::ScaleUps,
            cat(Breakdown::UpPair, "3-4"),
            month(1)
        ),
        (2, 2)
    );
    assert_eq!(nd(&c, Measure::ScaleUps, 0, month(1)), (2, 2));
    assert_eq!(
        nd(
            &c,
            Measure::ScaleDowns,
            cat(Breakdown::DownPair, "4-2"),
            month(1)
        ),
        (1, 1)
    );
    assert_eq!(
        nd(
            &c,
            Measure::ScaleDowns,
            cat(Breakdown::DownPair, "4-3"),
            month(1)
        ),
        (0, 0)
    );
}

#[test]
fn cases_closed_with_goals_reached() {
    let mut s = Script::new();
    s.ev(1, 1, "", case_closed(1, GoalOutcome::Reached))
        .ev(2, 2, "", case_closed(2, GoalOutcome::NotReached))
        .ev(3, 3, "", case_closed(3, GoalOutcome::Reached));
    let c = s.cube();
    assert_eq!(nd(&c, Measure::CasesClosed, 0, month(1)), (3, 3));
    assert_eq!(
        nd(
            &c,
            Measure::CasesClosed,
            cat(Breakdown::GoalOutcome, "bereikt"),
            month(1)
        ),
        (2, 2)
    );
    assert_eq!(nd(&c, Measure::CasesReached, 0, month(1)), (2, 3));
}

#[test]
fn re_entry_within_twelve_months_is_derived_from_the_household() {
    let mut s = Script::new();
    s.ev(0, 1, "", opened(1, None))
        .ev(10, 1, "", case_closed(1, GoalOutcome::Reached))
        .ev(300, 1, "", opened(2, None)) // 290 days later: a re-entry
        .ev(0, 2, "", opened(3, None))
        .ev(1, 2, "", case_closed(3, GoalOutcome::Partly))
        .ev(367, 2, "", opened(4, None)) // 366 days later: not a re-entry (next year)
        .ev(100, 0, "", opened(5, None)); // no household: never a re-entry
    let c = s.cube();
    // 2025: cases 1, 3, 5 (new) and 2 (re-entry): 1 of 4.
    assert_eq!(nd(&c, Measure::ReEntry, 0, year()), (1, 4));
    assert_eq!(
        nd(&c, Measure::ReEntry, 0, Period::year(2026).unwrap()),
        (0, 1)
    );
}

#[test]
fn change_in_life_domain_scores_between_first_and_last_assessment() {
    let mut s = Script::new();
    s.ev(0, 1, "", assessed(1, LifeDomain::Finances, 2))
        .ev(0, 1, "", assessed(1, LifeDomain::Housing, 3))
        .ev(0, 1, "", assessed(1, LifeDomain::SocialNetwork, 1)) // only once: not counted
        .ev(20, 1, "", assessed(1, LifeDomain::Finances, 3))
        .ev(40, 1, "", assessed(1, LifeDomain::Finances, 4))
        .ev(40, 1, "", assessed(1, LifeDomain::Housing, 3))
        .ev(50, 1, "", case_closed(1, GoalOutcome::Reached))
        .ev(0, 2, "", assessed(2, LifeDomain::Finances, 1))
        .ev(30, 2, "", assessed(2, LifeDomain::Finances, 2))
        .ev(55, 2, "", case_closed(2, GoalOutcome::Partly));
    let c = s.cube();
    let fin = c
        .get(
            Measure::ScoreChange,
            cat(Breakdown::LifeDomain, "financien"),
            month(2),
            gm(&c),
        )
        .unwrap();
    assert_eq!((fin.num, fin.mean), (2, Some(1.5))); // +2 and +1
    let housing = c
        .get(
            Measure::ScoreChange,
            cat(Breakdown::LifeDomain, "huisvesting"),
            month(2),
            gm(&c),
        )
        .unwrap();
    assert_eq!(housing.mean, Some(0.0));
    let total = c.get(Measure::ScoreChange, 0, month(2), gm(&c)).unwrap();
    assert_eq!((total.num, total.mean), (3, Some(1.0))); // (2 + 0 + 1) / 3
    assert!(c
        .get(
            Measure::ScoreChange,
            cat(Breakdown::LifeDomain, "sociaal-netwerk"),
            month(2),
            gm(&c)
        )
        .is_none());
}

#[test]
fn three_or_more_worrying_domains_use_the_newest_score_in_each_period() {
    let mut s = Script::new();
    // Household 1: three domains at 1–2 in January, all at 4 in February.
    s.ev(5, 1, "WK990101", assessed(1, LifeDomain::Finances, 1))
        .ev(5, 1, "WK990101", assessed(1, LifeDomain::Housing, 2))
        .ev(5, 1, "WK990101", assessed(1, LifeDomain::MentalHealth, 2))
        .ev(40, 1, "WK990101", assessed(1, LifeDomain::Finances, 4))
        .ev(40, 1, "WK990101", assessed(1, LifeDomain::Housing, 4))
        .ev(40, 1, "WK990101", assessed(1, LifeDomain::MentalHealth, 4))
        // Household 2: two worrying domains only.
        .ev(6, 2, "WK990101", assessed(2, LifeDomain::Finances, 1))
        .ev(6, 2, "WK990101", assessed(2, LifeDomain::Housing, 2))
        .ev(6, 2, "WK990101", assessed(2, LifeDomain::MentalHealth, 4));
    let c = s.cube();
    assert_eq!(nd(&c, Measure::ThreeDomains, 0, month(1)), (1, 2));
    assert_eq!(nd(&c, Measure::ThreeDomains, 0, month(2)), (0, 1));
    // Over the quarter household 1's newest scores are all 4: 0 of 2, not 1 of 3.
    assert_eq!(nd(&c, Measure::ThreeDomains, 0, q1()), (0, 2));
    let w = c
        .get(Measure::ThreeDomains, 0, q1(), wk(&c, "WK990101"))
        .unwrap();
    assert_eq!((w.num, w.den, w.households), (0, 2, 2));
}

#[test]
fn households_are_counted_distinctly_up_to_the_cap() {
    let mut s = Script::new();
    for q in 0..30 {
        s.ev(q % 5, 1 + q % 12, "", question(q, Channel::Resident));
    }
    let cube = compute(&s.cols, 10);
    let cell = cube
        .get(Measure::Questions, 0, month(1), gm(&cube))
        .unwrap();
    assert_eq!(
        (cell.num, cell.households),
        (30, 10),
        "12 households, counted up to 10"
    );
    let few = compute(&s.cols, 100);
    assert_eq!(
        few.get(Measure::Questions, 0, year(), gm(&few))
            .unwrap()
            .households,
        12
    );
}

#[test]
fn periods_follow_dutch_local_time_and_events_may_arrive_out_of_order() {
    let mut cols = EventColumns::new();
    // 31 December 23:30 UTC is already 1 January in the Netherlands.
    let new_year = Utc.with_ymd_and_hms(2024, 12, 31, 23, 30, 0).unwrap();
    let later = Utc.with_ymd_and_hms(2025, 1, 3, 9, 0, 0).unwrap();
    let mk = |at, kind| CaseEvent::new(at, GM, None, Some(HouseholdId(1)), None, kind).unwrap();
    cols.push(&mk(
        later,
        EventKind::FirstContact {
            question: QuestionId(1),
            deadline_met: true,
        },
    ));
    cols.push(&mk(new_year, question(1, Channel::Resident)));
    let c = compute(&cols, 10);
    assert_eq!(nd(&c, Measure::Questions, 0, month(1)), (1, 1));
    let days = c.get(Measure::DaysToContact, 0, month(1), gm(&c)).unwrap();
    assert_eq!(days.median, Some(2.0), "sorted by time before computing");
}

#[test]
fn computed_references_name_a_measure_a_category_or_the_p90() {
    let r = ComputedRef::parse("vragen:partner").unwrap();
    assert_eq!((r.measure, r.category), (Measure::Questions, 3));
    assert_eq!(r.code(), "vragen:partner");
    assert!(ComputedRef::parse("dagen-tot-plan:p90").unwrap().p90);
    assert!(ComputedRef::parse("voorkant:p90").is_err());
    assert!(ComputedRef::parse("vragen:post")
        .unwrap_err()
        .contains("bewoner"));
    assert!(ComputedRef::parse("geluk")
        .unwrap_err()
        .contains("voorkant"));
    for d in MEASURES.iter() {
        assert_eq!(
            d.measure.def().code,
            d.code,
            "MEASURES is in the order of Measure"
        );
        assert!(d.explanation_nl.ends_with('.'), "{}", d.code);
    }
}

fn on(path: i64) -> OnPath {
    OnPath {
        path: PathId(path),
        law: crate::maatwerk::Law::Wmo,
    }
}
fn sent(path: i64, decision: i64, kind: DecisionKind, met: Option<bool>) -> EventKind {
    EventKind::DecisionSent {
        on: on(path),
        decision: Some(DecisionId(decision)),
        kind,
        deadline_met: met,
    }
}

#[test]
fn maatwerk_decisions_in_term_days_objections_and_urgent_help_followed() {
    use crate::maatwerk::decision::DecisionKind::*;
    use crate::maatwerk::objection::ObjectionOutcome;
    let mut s = Script::new();
    // Path 1: melding day 0, urgent help day 2, regular decision day 40 (late).
    // Path 2: application day 3, decision day 17 in term, one objection.
    // Path 3: melding day 5, urgent help day 6, never a regular decision.
    s.ev(
        0,
        1,
        "",
        EventKind::MaatwerkRequested {
            on: on(1),
            melding: true,
        },
    )
    .ev(2, 1, "", sent(1, 10, Temporary, None))
    .ev(
        3,
        2,
        "",
        EventKind::MaatwerkRequested {
            on: on(2),
            melding: false,
        },
    )
    .ev(
        5,
        3,
        "",
        EventKind::MaatwerkRequested {
            on: on(3),
            melding: true,
        },
    )
    .ev(6, 3, "", sent(3, 30, Temporary, None))
    .ev(17, 2, "", sent(2, 20, First, Some(true)))
    .ev(
        20,
        2,
        "",
        EventKind::ObjectionReceived {
            on: on(2),
            decision: DecisionId(20),
            in_time: true,
        },
    )
    .ev(40, 1, "", sent(1, 11, First, Some(false)))
    // A later change is a decision too, but not a second "days to decision".
    .ev(50, 2, "", sent(2, 21, Change, None))
    .ev(
        55,
        2,
        "",
        EventKind::ObjectionDecided {
            on: on(2),
            decision: DecisionId(20),
            outcome: ObjectionOutcome::Rejected,
            deadline_met: true,
        },
    );
    let c = s.cube();
    let y = year();
    assert_eq!(nd(&c, Measure::Decisions, 0, y), (5, 5));
    assert_eq!(
        nd(
            &c,
            Measure::Decisions,
            cat(Breakdown::DecisionKind, "tijdelijk"),
            y
        ),
        (2, 2)
    );
    // Two decisions closed a term: one in time, one late.
    assert_eq!(nd(&c, Measure::DecisionsInTerm, 0, y), (1, 2));
    // One objection per five decisions: 20 per 100.
    assert_eq!(nd(&c, Measure::ObjectionsPer100, 0, y), (1, 5));
    assert_eq!(
        nd(
            &c,
            Measure::ObjectionsDecided,
            cat(Breakdown::ObjectionOutcome, "ongegrond"),
            y
        ),
        (1, 1)
    );
    // Of two urgent provisions one was followed by a regular decision.
    assert_eq!(nd(&c, Measure::TemporaryFollowed, 0, y), (1, 2));
    // Days from request to the first regular decision: 14 and 40.
    let days = c.get(Measure::DaysToDecision, 0, y, gm(&c)).unwrap();
    assert_eq!(days.num, 2);
    assert_eq!(days.median, Some(14.0));
    assert_eq!(days.p90, Some(40.0));
}

#[test]
fn support_in_plans_per_layer_with_the_network_in_layer_one() {
    let support = |c: i64, layer: Layer, network: bool| EventKind::SupportAdded {
        case: CaseId(c),
        layer,
        network,
    };
    let mut s = Script::new();
    s.ev(3, 1, "", support(1, Layer::OwnStrength, true))
        .ev(3, 1, "", support(1, Layer::SocialBase, false))
        .ev(4, 2, "", support(2, Layer::OwnStrength, true))
        .ev(5, 2, "", support(2, Layer::Targeted, false))
        .ev(40, 3, "", support(3, Layer::Intensive, false));
    let c = s.cube();
    let b = Breakdown::SupportLayer;
    assert_eq!(
        nd(&c, Measure::SupportAdded, cat(b, "netwerk"), month(1)).0,
        2
    );
    assert_eq!(nd(&c, Measure::SupportAdded, cat(b, "2"), month(1)).0, 1);
    assert_eq!(nd(&c, Measure::SupportAdded, cat(b, "4"), month(1)).0, 1);
    assert_eq!(nd(&c, Measure::SupportAdded, cat(b, "1"), month(1)).0, 0);
    assert_eq!(nd(&c, Measure::SupportAdded, 0, month(1)).0, 4);
    // Light: layers 1 and 2, the network included — 3 of 4 in January, 3 of 5 in the quarter.
    assert_eq!(nd(&c, Measure::LightSupport, 0, month(1)), (3, 4));
    assert_eq!(nd(&c, Measure::LightSupport, 0, q1()), (3, 5));
}
