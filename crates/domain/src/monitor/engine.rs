//! The indicators computed from case events, and the engine that computes
//! them all in one pass over the events held in compact columns.
//!
//! Every definition lives in [`MEASURES`]: its code, its Dutch name and
//! one-line explanation (the dashboard shows these), its unit, its direction,
//! and how it is counted. [`compute`] turns [`EventColumns`] into a [`Cube`]
//! of cells per measure × category × period (month, quarter, year) × area
//! slot (municipality, or wijk within a municipality).

use super::event::{
    code_index, CaseEvent, Channel, DeclineReason, EventKind, GoalOutcome, QuestionOutcome,
    KIND_CODES,
};
use super::{Direction, Granularity, Period};
use crate::directory::LifeDomain;
use crate::maatwerk::decision::{DecisionKind, Outcome as ProductOutcome};
use crate::maatwerk::objection::ObjectionOutcome;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

// ------------------------------------------------------------------ definitions

/// How a measure's cells are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stat {
    /// A number of events.
    Count,
    /// `num` of `den` events, shown as a percentage.
    Share,
    /// Days between two steps: the median and the 90th percentile.
    Days,
    /// The mean of a change in score.
    MeanChange,
}

/// The categories a measure is split into (besides its total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Breakdown {
    None,
    Channel,
    ClosedOutcome,
    ReferralAnswer,
    ReferralEnd,
    UpPair,
    DownPair,
    GoalOutcome,
    LifeDomain,
    DecisionKind,
    ObjectionOutcome,
    SupportLayer,
}

const CHANNEL_CATS: &[(&str, &str)] = &[
    ("bewoner", "Bewoner zelf"),
    ("professional", "Via een professional"),
    ("partner", "Signaal van een partner"),
    ("vroegsignalering", "Signaal betalingsachterstand"),
];
const CLOSED_CATS: &[(&str, &str)] = &[
    ("informatie", "Informatie of advies"),
    ("verwijzing-licht", "Verwezen naar laag 1 tot en met 3"),
    ("verwijzing-zwaar", "Verwezen naar laag 4 of 5"),
    ("traject", "Traject gestart"),
];
const ANSWER_CATS: &[(&str, &str)] = &[
    ("geaccepteerd", "Geaccepteerd"),
    ("geen-capaciteit", "Afgewezen: geen plek of capaciteit"),
    ("past-niet", "Afgewezen: past niet bij het aanbod"),
    ("anders", "Afgewezen: andere reden"),
];
const END_CATS: &[(&str, &str)] = &[
    ("bereikt", "Afgerond, doelen bereikt"),
    ("deels", "Afgerond, doelen deels bereikt"),
    ("niet-bereikt", "Afgerond, doelen niet bereikt"),
    ("geannuleerd", "Gestopt voor de start of halverwege"),
];
const OUTCOME_CATS: &[(&str, &str)] = &[
    ("bereikt", "Doelen bereikt"),
    ("deels", "Doelen deels bereikt"),
    ("niet-bereikt", "Doelen niet bereikt"),
];
/// Support added to plans: the network apart from the rest of layer 1.
const SUPPORT_CATS: &[(&str, &str)] = &[
    ("netwerk", "Laag 1: steun uit het eigen netwerk"),
    ("1", "Laag 1: eigen kracht (aanbod)"),
    ("2", "Laag 2: sociale basis"),
    ("3", "Laag 3: laagdrempelige ondersteuning"),
    ("4", "Laag 4: gerichte hulp"),
    ("5", "Laag 5: intensieve hulp"),
];
/// Layer pairs upwards (from < to), in this order.
const UP_CATS: &[(&str, &str)] = &[
    ("1-2", "Van laag 1 naar 2"),
    ("1-3", "Van laag 1 naar 3"),
    ("1-4", "Van laag 1 naar 4"),
    ("1-5", "Van laag 1 naar 5"),
    ("2-3", "Van laag 2 naar 3"),
    ("2-4", "Van laag 2 naar 4"),
    ("2-5", "Van laag 2 naar 5"),
    ("3-4", "Van laag 3 naar 4"),
    ("3-5", "Van laag 3 naar 5"),
    ("4-5", "Van laag 4 naar 5"),
];
const DOWN_CATS: &[(&str, &str)] = &[
    ("2-1", "Van laag 2 naar 1"),
    ("3-1", "Van laag 3 naar 1"),
    ("3-2", "Van laag 3 naar 2"),
    ("4-1", "Van laag 4 naar 1"),
    ("4-2", "Van laag 4 naar 2"),
    ("4-3", "Van laag 4 naar 3"),
    ("5-1", "Van laag 5 naar 1"),
    ("5-2", "Van laag 5 naar 2"),
    ("5-3", "Van laag 5 naar 3"),
    ("5-4", "Van laag 5 naar 4"),
];

impl Breakdown {
    /// Code and label of each category; category number `i + 1` (0 is the total).
    pub fn categories(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Breakdown::None => Vec::new(),
            Breakdown::Channel => CHANNEL_CATS.to_vec(),
            Breakdown::ClosedOutcome => CLOSED_CATS.to_vec(),
            Breakdown::ReferralAnswer => ANSWER_CATS.to_vec(),
            Breakdown::ReferralEnd => END_CATS.to_vec(),
            Breakdown::UpPair => UP_CATS.to_vec(),
            Breakdown::DownPair => DOWN_CATS.to_vec(),
            Breakdown::GoalOutcome => OUTCOME_CATS.to_vec(),
            Breakdown::LifeDomain => LifeDomain::ALL
                .iter()
                .map(|d| (d.code(), d.label_nl()))
                .collect(),
            Breakdown::DecisionKind => DecisionKind::ALL
                .iter()
                .map(|d| (d.code(), d.label_nl()))
                .collect(),
            Breakdown::ObjectionOutcome => ObjectionOutcome::ALL
                .iter()
                .map(|d| (d.code(), d.label_nl()))
                .collect(),
            Breakdown::SupportLayer => SUPPORT_CATS.to_vec(),
        }
    }
}

/// Category number of a layer pair (1-based) for the up or down list.
fn pair_category(from: u8, to: u8) -> u8 {
    let code = format!("{from}-{to}");
    let list = if to > from { UP_CATS } else { DOWN_CATS };
    list.iter()
        .position(|(c, _)| *c == code)
        .map_or(0, |i| i as u8 + 1)
}

/// The computed indicators. The order is the order of [`MEASURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Measure {
    Questions,
    QuestionsClosed,
    FrontShare,
    WithoutCase,
    DaysToContact,
    DeadlineMet,
    DaysToPlan,
    ReferralAnswers,
    ReferralsAccepted,
    ReferralEnds,
    ReferralsReached,
    ScaleUps,
    ScaleDowns,
    CasesClosed,
    CasesReached,
    ReEntry,
    ScoreChange,
    ThreeDomains,
    Decisions,
    DecisionsInTerm,
    DaysToDecision,
    ObjectionsPer100,
    ObjectionsDecided,
    TemporaryFollowed,
    SupportAdded,
    LightSupport,
}

/// One computed indicator: everything the dashboard says about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureDef {
    pub measure: Measure,
    pub code: &'static str,
    pub name_nl: &'static str,
    /// One plain sentence: what is counted.
    pub explanation_nl: &'static str,
    pub unit_nl: &'static str,
    pub direction: Direction,
    pub stat: Stat,
    pub breakdown: Breakdown,
    /// Months add up to quarters and years (false for counts of distinct households).
    pub time_additive: bool,
}

#[allow(clippy::too_many_arguments)]
const fn def(
    measure: Measure,
    code: &'static str,
    name_nl: &'static str,
    explanation_nl: &'static str,
    unit_nl: &'static str,
    direction: Direction,
    stat: Stat,
    breakdown: Breakdown,
) -> MeasureDef {
    MeasureDef {
        measure,
        code,
        name_nl,
        explanation_nl,
        unit_nl,
        direction,
        stat,
        breakdown,
        time_additive: true,
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};

/// Every computed indicator, defined once.
pub const MEASURES: [MeasureDef; 26] = [
    def(Measure::Questions, "vragen", "Binnengekomen vragen en signalen",
        "Het aantal hulpvragen en signalen dat in de periode binnenkwam, per kanaal.",
        "aantal", Neutral, Stat::Count, Breakdown::Channel),
    def(Measure::QuestionsClosed, "vragen-afgehandeld", "Afgehandelde vragen",
        "Het aantal vragen dat in de periode is afgesloten, naar hoe ze zijn afgehandeld.",
        "aantal", Neutral, Stat::Count, Breakdown::ClosedOutcome),
    def(Measure::FrontShare, "voorkant", "Beantwoord aan de voorkant",
        "Het deel van de afgesloten vragen dat is beantwoord met informatie of met hulp in laag 1 tot en met 3, zonder traject.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::WithoutCase, "zonder-traject", "Afgehandeld zonder traject",
        "Het deel van de afgesloten vragen waarvoor geen traject nodig was.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::DaysToContact, "dagen-tot-eerste-contact", "Dagen tot het eerste contact",
        "Hoeveel dagen het duurde van binnenkomst van een vraag tot het eerste contact: de helft was sneller dan de mediaan, 9 op de 10 sneller dan het 90e percentiel.",
        "dagen", Lower, Stat::Days, Breakdown::None),
    def(Measure::DeadlineMet, "termijn-gehaald", "Eerste contact op tijd",
        "Het deel van de vragen waarbij het eerste contact binnen de afgesproken termijn was.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::DaysToPlan, "dagen-tot-plan", "Dagen tot een afgesproken plan",
        "Hoeveel dagen het duurde van binnenkomst van een vraag (of de start van het traject) tot een plan dat met het huishouden is afgesproken.",
        "dagen", Lower, Stat::Days, Breakdown::None),
    def(Measure::ReferralAnswers, "verwijzingen-antwoord", "Antwoorden op verwijzingen",
        "Het aantal verwijzingen dat een partner in de periode accepteerde of afwees, met de reden van afwijzen.",
        "aantal", Neutral, Stat::Count, Breakdown::ReferralAnswer),
    def(Measure::ReferralsAccepted, "verwijzingen-geaccepteerd", "Verwijzingen geaccepteerd",
        "Het deel van de beantwoorde verwijzingen dat de partner accepteerde.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::ReferralEnds, "verwijzingen-afgerond", "Afgeronde verwijzingen",
        "Het aantal verwijzingen dat in de periode is afgerond, met het resultaat, of is gestopt.",
        "aantal", Neutral, Stat::Count, Breakdown::ReferralEnd),
    def(Measure::ReferralsReached, "verwijzingen-doel-bereikt", "Verwijzingen met doel bereikt",
        "Het deel van de afgeronde verwijzingen waarbij het doel volgens de partner is bereikt.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::ScaleUps, "opschalingen", "Opgeschaald",
        "Het aantal keer dat hulp naar een zwaardere laag ging, per paar van lagen.",
        "aantal", Neutral, Stat::Count, Breakdown::UpPair),
    def(Measure::ScaleDowns, "afschalingen", "Afgeschaald",
        "Het aantal keer dat hulp naar een lichtere laag ging, per paar van lagen.",
        "aantal", Neutral, Stat::Count, Breakdown::DownPair),
    def(Measure::CasesClosed, "trajecten-afgesloten", "Afgesloten trajecten",
        "Het aantal trajecten dat in de periode is afgesloten, naar resultaat.",
        "aantal", Neutral, Stat::Count, Breakdown::GoalOutcome),
    def(Measure::CasesReached, "trajecten-doelen-bereikt", "Trajecten met doelen bereikt",
        "Het deel van de afgesloten trajecten waarin de doelen zijn bereikt.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::ReEntry, "herhaalde-aanmelding", "Opnieuw een traject binnen 12 maanden",
        "Het deel van de nieuwe trajecten voor een huishouden dat in de 12 maanden (365 dagen) daarvoor een traject afsloot.",
        "%", Lower, Stat::Share, Breakdown::None),
    def(Measure::ScoreChange, "verandering-zelfredzaamheid", "Verandering in zelfredzaamheid",
        "De gemiddelde verandering van de score (1 tot en met 5) tussen de eerste en de laatste meting per leefgebied, bij trajecten die in de periode zijn afgesloten.",
        "punten", Higher, Stat::MeanChange, Breakdown::LifeDomain),
    MeasureDef {
        time_additive: false,
        ..def(Measure::ThreeDomains, "drie-leefgebieden-zorgelijk", "Zorgen op drie of meer leefgebieden",
            "Het deel van de huishoudens met een meting in de periode dat op drie of meer leefgebieden een 1 of 2 scoort (crisis of ernstige zorgen).",
            "%", Lower, Stat::Share, Breakdown::None)
    },
    def(Measure::Decisions, "besluiten", "Verstuurde besluiten maatwerk",
        "Het aantal besluiten (beschikkingen) over maatwerk dat in de periode is verstuurd, naar soort besluit.",
        "aantal", Neutral, Stat::Count, Breakdown::DecisionKind),
    def(Measure::DecisionsInTerm, "besluiten-op-tijd", "Besluiten binnen de wettelijke termijn",
        "Het deel van de besluiten op een melding of aanvraag dat binnen de wettelijke termijn is verstuurd (met opschorting en verdaging meegerekend).",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::DaysToDecision, "dagen-tot-besluit", "Dagen van melding tot besluit",
        "Hoeveel dagen het duurde van de melding (of de aanvraag) tot het besluit, zonder tijdelijke voorzieningen: de helft was sneller dan de mediaan.",
        "dagen", Lower, Stat::Days, Breakdown::None),
    def(Measure::ObjectionsPer100, "bezwaren-per-100-besluiten", "Bezwaren per 100 besluiten",
        "Het aantal bezwaren dat in de periode binnenkwam, per 100 besluiten die in de periode zijn verstuurd.",
        "per 100 besluiten", Lower, Stat::Share, Breakdown::None),
    def(Measure::ObjectionsDecided, "bezwaren-afgehandeld", "Afgehandelde bezwaren",
        "Het aantal bezwaren waarop in de periode is beslist, naar uitkomst.",
        "aantal", Neutral, Stat::Count, Breakdown::ObjectionOutcome),
    def(Measure::TemporaryFollowed, "tijdelijk-gevolgd", "Spoedhulp gevolgd door een gewoon besluit",
        "Het deel van de tijdelijke voorzieningen (spoed) waarna op hetzelfde traject een gewoon besluit is verstuurd.",
        "%", Higher, Stat::Share, Breakdown::None),
    def(Measure::SupportAdded, "hulp-in-plannen", "Hulp in de plannen, per laag",
        "Het aantal keer dat in de periode hulp in een plan is gezet, per laag; steun van familie, buren of vrienden telt als laag 1.",
        "aantal", Neutral, Stat::Count, Breakdown::SupportLayer),
    def(Measure::LightSupport, "hulp-licht", "Hulp uit het netwerk en de sociale basis",
        "Het deel van de hulp die in de periode in een plan is gezet dat uit laag 1 (eigen kracht en netwerk) of laag 2 (sociale basis) komt.",
        "%", Higher, Stat::Share, Breakdown::None),
];

impl Measure {
    pub fn def(self) -> &'static MeasureDef {
        &MEASURES[self as usize]
    }
    pub fn by_code(code: &str) -> Option<Measure> {
        MEASURES.iter().find(|d| d.code == code).map(|d| d.measure)
    }
}

/// A goal-tree indicator that is computed: `voorkant` (the total),
/// `vragen:partner` (a category) or `dagen-tot-plan:p90` (the 90th percentile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComputedRef {
    pub measure: Measure,
    pub category: u8,
    pub p90: bool,
}

impl ComputedRef {
    pub fn parse(s: &str) -> Result<ComputedRef, String> {
        let t = s.trim().to_lowercase();
        let (code, sel) = match t.split_once(':') {
            Some((c, s)) => (c.to_string(), Some(s.to_string())),
            None => (t.clone(), None),
        };
        let measure = Measure::by_code(&code).ok_or_else(|| {
            format!(
                "'{code}' is geen berekende indicator; kies uit: {}",
                MEASURES
                    .iter()
                    .map(|d| d.code)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        let d = measure.def();
        match sel.as_deref() {
            None => Ok(ComputedRef {
                measure,
                category: 0,
                p90: false,
            }),
            Some("p90") if d.stat == Stat::Days => Ok(ComputedRef {
                measure,
                category: 0,
                p90: true,
            }),
            Some(c) => {
                let cats = d.breakdown.categories();
                let i = cats
                    .iter()
                    .position(|(code, _)| *code == c)
                    .ok_or_else(|| {
                        format!(
                            "'{c}' is geen onderdeel van {}; kies uit: {}",
                            d.code,
                            cats.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
                        )
                    })?;
                Ok(ComputedRef {
                    measure,
                    category: i as u8 + 1,
                    p90: false,
                })
            }
        }
    }

    pub fn code(self) -> String {
        let d = self.measure.def();
        if self.p90 {
            format!("{}:p90", d.code)
        } else if self.category == 0 {
            d.code.to_string()
        } else {
            let cats = d.breakdown.categories();
            format!(
                "{}:{}",
                d.code,
                cats.get(usize::from(self.category) - 1).map_or("", |c| c.0)
            )
        }
    }
}

// ------------------------------------------------------------------ columns

const NONE: u32 = u32::MAX;

/// What a cell is about: a municipality as a whole, or a wijk of one (the
/// events without a wijk form the municipality's "wijk onbekend").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Slot {
    Municipality(i64),
    Wijk {
        municipality: i64,
        code: Option<String>,
    },
}

impl Slot {
    pub fn municipality(&self) -> i64 {
        match self {
            Slot::Municipality(m)
            | Slot::Wijk {
                municipality: m, ..
            } => *m,
        }
    }
}

/// Case events as columns: one vector per field, ids replaced by dense
/// numbers. This is what the engine reads; it holds no personal data either.
#[derive(Debug, Default)]
pub struct EventColumns {
    at: Vec<i64>,
    kind: Vec<u8>,
    day: Vec<i32>,
    month: Vec<u32>,
    mun_slot: Vec<u32>,
    wijk_slot: Vec<u32>,
    /// The household, or a stand-in unit for a question or case without one.
    unit: Vec<u32>,
    question: Vec<u32>,
    case: Vec<u32>,
    /// The maatwerk path, for maatwerk events.
    path: Vec<u32>,
    /// A yes/no of the event where it has one: 0 none, 1 no, 2 yes.
    flag: Vec<u8>,
    layer: Vec<u8>,
    from_layer: Vec<u8>,
    /// Channel, outcome, reason or life domain, by kind.
    code: Vec<u8>,
    score: Vec<u8>,
    slots: Vec<Slot>,
    slot_index: HashMap<Slot, u32>,
    units: HashMap<(u8, i64), u32>,
    questions: HashMap<i64, u32>,
    cases: HashMap<i64, u32>,
    paths: HashMap<i64, u32>,
    sorted: bool,
}

fn dense(map: &mut HashMap<i64, u32>, id: i64) -> u32 {
    let n = map.len() as u32;
    *map.entry(id).or_insert(n)
}

/// Days since 1970-01-01 and months since 1900 of a time, in Dutch local time.
pub fn local_day_and_month(at: DateTime<Utc>) -> (i32, u32) {
    let d = crate::dutch_time::local(at).date();
    (
        d.num_days_from_ce() - 719_163,
        super::period::month_index(d.year(), d.month()),
    )
}

impl EventColumns {
    pub fn new() -> EventColumns {
        EventColumns {
            sorted: true,
            ..EventColumns::default()
        }
    }

    pub fn len(&self) -> usize {
        self.kind.len()
    }
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    fn slot(&mut self, s: Slot) -> u32 {
        let n = self.slots.len() as u32;
        if let Some(i) = self.slot_index.get(&s) {
            return *i;
        }
        self.slots.push(s.clone());
        self.slot_index.insert(s, n);
        n
    }

    fn unit(&mut self, space: u8, id: i64) -> u32 {
        let n = self.units.len() as u32;
        *self.units.entry((space, id)).or_insert(n)
    }

    /// Adds one event. Events may come in any order; `compute` sorts by time
    /// (stable, so events with the same time keep the order they came in).
    pub fn push(&mut self, e: &CaseEvent) {
        let at = e.at.timestamp_micros();
        if self.at.last().is_some_and(|last| *last > at) {
            self.sorted = false;
        }
        let (day, month) = local_day_and_month(e.at);
        let m = e.municipality_id;
        let mun_slot = self.slot(Slot::Municipality(m));
        let wijk_slot = self.slot(Slot::Wijk {
            municipality: m,
            code: e.wijk.as_ref().map(|w| w.as_str().to_string()),
        });
        let (mut question, mut case, mut layer, mut from_layer, mut code, mut score) =
            (NONE, NONE, 0_u8, 0_u8, 0_u8, 0_u8);
        let (mut path, mut flag) = (NONE, 0_u8);
        let yes_no = |b: bool| if b { 2 } else { 1 };
        match e.kind {
            EventKind::QuestionReceived {
                question: q,
                channel,
            } => {
                question = dense(&mut self.questions, q.0);
                code = code_index(Channel::ALL, channel) as u8;
            }
            EventKind::FirstContact {
                question: q,
                deadline_met,
            } => {
                question = dense(&mut self.questions, q.0);
                code = u8::from(deadline_met);
            }
            EventKind::QuestionClosed {
                question: q,
                outcome,
            } => {
                question = dense(&mut self.questions, q.0);
                match outcome {
                    QuestionOutcome::Information => code = 0,
                    QuestionOutcome::Referral { layer: l, .. } => {
                        code = 1;
                        layer = l.number();
                    }
                    QuestionOutcome::Case { case: c } => {
                        code = 2;
                        case = dense(&mut self.cases, c.0);
                    }
                }
            }
            EventKind::CaseOpened {
                case: c,
                question: q,
            } => {
                case = dense(&mut self.cases, c.0);
                question = q.map_or(NONE, |q| dense(&mut self.questions, q.0));
            }
            EventKind::PlanAgreed { case: c }
            | EventKind::CoordinatorChanged { case: c }
            | EventKind::ReferralAccepted { case: c, .. }
            | EventKind::ReferralStarted { case: c, .. }
            | EventKind::ReferralCancelled { case: c, .. } => {
                case = dense(&mut self.cases, c.0);
            }
            EventKind::ReferralSent {
                case: c, layer: l, ..
            } => {
                case = dense(&mut self.cases, c.0);
                layer = l.number();
            }
            EventKind::ReferralDeclined {
                case: c, reason, ..
            } => {
                case = dense(&mut self.cases, c.0);
                code = code_index(DeclineReason::ALL, reason) as u8;
            }
            EventKind::ReferralCompleted {
                case: c, outcome, ..
            }
            | EventKind::CaseClosed { case: c, outcome } => {
                case = dense(&mut self.cases, c.0);
                code = code_index(GoalOutcome::ALL, outcome) as u8;
            }
            EventKind::Scaled { case: c, change } => {
                case = dense(&mut self.cases, c.0);
                from_layer = change.from().number();
                layer = change.to().number();
            }
            EventKind::SupportAdded {
                case: c,
                layer: l,
                network,
            } => {
                case = dense(&mut self.cases, c.0);
                layer = l.number();
                code = u8::from(network);
            }
            EventKind::DomainAssessed {
                case: c,
                domain,
                score: s,
            } => {
                case = dense(&mut self.cases, c.0);
                code = LifeDomain::ALL
                    .iter()
                    .position(|d| *d == domain)
                    .unwrap_or(0) as u8;
                score = s.value();
            }
            EventKind::MaatwerkRequested { on, melding } => {
                path = dense(&mut self.paths, on.path.0);
                code = u8::from(melding);
            }
            EventKind::MaatwerkReportSent { on, deadline_met } => {
                path = dense(&mut self.paths, on.path.0);
                flag = yes_no(deadline_met);
            }
            EventKind::MaatwerkApplication { on } => {
                path = dense(&mut self.paths, on.path.0);
            }
            EventKind::DecisionSent {
                on,
                kind,
                deadline_met,
                ..
            } => {
                path = dense(&mut self.paths, on.path.0);
                code = code_index(DecisionKind::ALL, kind) as u8;
                flag = deadline_met.map_or(0, yes_no);
            }
            EventKind::ProductDecided {
                on,
                outcome,
                layer: l,
                ..
            } => {
                path = dense(&mut self.paths, on.path.0);
                code = code_index(ProductOutcome::ALL, outcome) as u8;
                layer = l.number();
            }
            EventKind::ObjectionReceived { on, in_time, .. } => {
                path = dense(&mut self.paths, on.path.0);
                flag = yes_no(in_time);
            }
            EventKind::ObjectionDecided {
                on,
                outcome,
                deadline_met,
                ..
            } => {
                path = dense(&mut self.paths, on.path.0);
                code = code_index(ObjectionOutcome::ALL, outcome) as u8;
                flag = yes_no(deadline_met);
            }
        }
        // The unit small numbers are counted in: the household, else the
        // question or case standing in for it.
        let unit = match (e.household, question, case) {
            (Some(h), _, _) => self.unit(0, h.0),
            (None, q, _) if q != NONE => self.unit(1, i64::from(q)),
            (None, _, c) if c != NONE => self.unit(2, i64::from(c)),
            _ => self.unit(3, self.kind.len() as i64),
        };
        self.at.push(at);
        self.kind.push(e.kind.number());
        self.day.push(day);
        self.month.push(month);
        self.mun_slot.push(mun_slot);
        self.wijk_slot.push(wijk_slot);
        self.unit.push(unit);
        self.question.push(question);
        self.case.push(case);
        self.path.push(path);
        self.flag.push(flag);
        self.layer.push(layer);
        self.from_layer.push(from_layer);
        self.code.push(code);
        self.score.push(score);
    }

    /// Indices in time order.
    fn order(&self) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..self.len() as u32).collect();
        if !self.sorted {
            idx.sort_by_key(|&i| self.at[i as usize]);
        }
        idx
    }

    /// How many events of each kind (for reports).
    pub fn kind_counts(&self) -> Vec<(&'static str, usize)> {
        let mut n = [0_usize; KIND_CODES.len()];
        for k in &self.kind {
            n[usize::from(*k)] += 1;
        }
        KIND_CODES.iter().copied().zip(n).collect()
    }
}

// ------------------------------------------------------------------ the cube

/// A fast hasher for the engine's integer keys (FxHash).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One cell of the cube.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The count (Count), the numerator (Share), the number of values (Days,
    /// MeanChange).
    pub num: i64,
    /// The denominator of a Share; otherwise equal to `num`.
    pub den: i64,
    /// Distinct households in the cell, counted up to the engine's threshold
    /// (a cell at the threshold may hold more).
    pub households: u32,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    pub measure: Measure,
    pub category: u8,
    pub period: Period,
    pub slot: u32,
}

/// Distinct units, counted up to a cap: beyond it only "at least cap" matters.
#[derive(Debug, Clone, Default)]
struct Units {
    ids: Vec<u32>,
    full: bool,
}

impl Units {
    fn insert(&mut self, id: u32, cap: usize) {
        if self.full || self.ids.contains(&id) {
            return;
        }
        self.ids.push(id);
        if self.ids.len() >= cap {
            self.full = true;
            self.ids = Vec::new();
        }
    }
    fn merge(&mut self, other: &Units, cap: usize) {
        if other.full {
            self.full = true;
            self.ids = Vec::new();
        } else {
            for id in &other.ids {
                self.insert(*id, cap);
            }
        }
    }
    fn count(&self, cap: usize) -> u32 {
        if self.full {
            cap as u32
        } else {
            self.ids.len() as u32
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Acc {
    num: i64,
    den: i64,
    sum: f64,
    values: Vec<u32>,
    units: Units,
}

/// Packs measure, category, period and slot into one integer key.
fn pack(measure: Measure, category: u8, period: Period, slot: u32) -> u64 {
    let g = match period.granularity() {
        Granularity::Month => 0_u64,
        Granularity::Quarter => 1,
        Granularity::Year => 2,
    };
    (u64::from(slot) << 32)
        | (u64::from(period.first_month()) << 16)
        | (g << 14)
        | ((measure as u64) << 8)
        | u64::from(category)
}

fn unpack(k: u64) -> CellKey {
    let g = match (k >> 14) & 3 {
        0 => Granularity::Month,
        1 => Granularity::Quarter,
        _ => Granularity::Year,
    };
    CellKey {
        measure: MEASURES[((k >> 8) & 0x3f) as usize].measure,
        category: (k & 0xff) as u8,
        period: Period::containing(g, ((k >> 16) & 0xffff) as u32),
        slot: (k >> 32) as u32,
    }
}

/// Cells per measure × category × period × slot: the computed [`Cube`], or
/// what may be shown of it (`suppression::Published`).
#[derive(Debug, Clone)]
pub struct Grid<V> {
    pub cells: HashMap<CellKey, V>,
    pub slots: Vec<Slot>,
}

impl<V> Default for Grid<V> {
    fn default() -> Self {
        Grid {
            cells: HashMap::new(),
            slots: Vec::new(),
        }
    }
}

/// Every computed indicator for every period and slot.
pub type Cube = Grid<Cell>;

impl<V> Grid<V> {
    /// `None`: nothing happened in that cell.
    pub fn get(&self, measure: Measure, category: u8, period: Period, slot: u32) -> Option<&V> {
        self.cells.get(&CellKey {
            measure,
            category,
            period,
            slot,
        })
    }

    pub fn slot_of(&self, slot: &Slot) -> Option<u32> {
        self.slots.iter().position(|s| s == slot).map(|i| i as u32)
    }

    /// The periods of a granularity that have any cell, oldest first.
    pub fn periods(&self, granularity: Granularity) -> Vec<Period> {
        let mut p: Vec<Period> = self
            .cells
            .keys()
            .filter(|k| k.period.granularity() == granularity)
            .map(|k| k.period)
            .collect();
        p.sort();
        p.dedup();
        p
    }
}

/// Percentile as PostgreSQL's `percentile_disc`: the first value whose
/// cumulative share reaches `p`.
pub fn percentile_disc(sorted: &[u32], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(f64::from(sorted[rank - 1]))
}

struct Builder {
    month_cells: FxMap<u64, Acc>,
    cap: usize,
}

impl Builder {
    /// Counts one contribution in the municipality's and the wijk's cell of
    /// the month, and in the total when `category` is not 0.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        measure: Measure,
        category: u8,
        month: u32,
        slots: [u32; 2],
        unit: u32,
        num: i64,
        den: i64,
        value: Option<u32>,
        sum: f64,
    ) {
        let period = Period::containing(Granularity::Month, month);
        let cats: &[u8] = if category == 0 { &[0] } else { &[category, 0] };
        for &cat in cats {
            for &slot in &slots {
                let acc = self
                    .month_cells
                    .entry(pack(measure, cat, period, slot))
                    .or_default();
                acc.num += num;
                acc.den += den;
                acc.sum += sum;
                if let Some(v) = value {
                    acc.values.push(v);
                }
                acc.units.insert(unit, self.cap);
            }
        }
    }
}

/// Computes every measure of [`MEASURES`] from the events. Households are
/// counted up to `household_cap` (the suppression threshold is enough).
pub fn compute(ev: &EventColumns, household_cap: u32) -> Cube {
    let cap = household_cap.max(1) as usize;
    let mut b = Builder {
        month_cells: FxMap::default(),
        cap,
    };
    let nq = ev.questions.len();
    let nc = ev.cases.len();
    let nu = ev.units.len();
    let mut received_day = vec![i32::MIN; nq];
    let mut contacted = vec![false; nq];
    let mut case_start = vec![i32::MIN; nc];
    let mut planned = vec![false; nc];
    let mut last_closed = vec![i32::MIN; nu];
    // Per case and life domain: first and last score and how many.
    let nd = LifeDomain::ALL.len();
    let mut first_score = vec![0_u8; nc * nd];
    let mut last_score = vec![0_u8; nc * nd];
    let mut score_count = vec![0_u8; nc * nd];
    let mut assessments: Vec<u32> = Vec::new();
    let order = ev.order();
    // Maatwerk, per path: when it was requested, whether its regular
    // decision was counted, and the day of its last regular decision (looked
    // up ahead, for temporary provisions followed by one).
    let np = ev.paths.len();
    let temporary = code_index(DecisionKind::ALL, DecisionKind::Temporary) as u8;
    let mut requested_day = vec![i32::MIN; np];
    let mut decided = vec![false; np];
    let mut last_regular = vec![i32::MIN; np];
    for &i in &order {
        let i = i as usize;
        if ev.kind[i] == 19 && ev.code[i] != temporary {
            last_regular[ev.path[i] as usize] = ev.day[i];
        }
    }
    for &i in &order {
        let i = i as usize;
        let (day, month, unit) = (ev.day[i], ev.month[i], ev.unit[i]);
        let slots = [ev.mun_slot[i], ev.wijk_slot[i]];
        let (q, c, code) = (ev.question[i], ev.case[i], ev.code[i]);
        let count = |b: &mut Builder, m: Measure, cat: u8| {
            b.add(m, cat, month, slots, unit, 1, 1, None, 0.0)
        };
        let share = |b: &mut Builder, m: Measure, hit: bool| {
            b.add(m, 0, month, slots, unit, i64::from(hit), 1, None, 0.0)
        };
        match ev.kind[i] {
            0 => {
                // question_received
                if received_day[q as usize] == i32::MIN {
                    received_day[q as usize] = day;
                }
                count(&mut b, Measure::Questions, code + 1);
            }
            1 if !contacted[q as usize] => {
                // first_contact
                contacted[q as usize] = true;
                let start = received_day[q as usize];
                if start != i32::MIN {
                    let days = (day - start).max(0) as u32;
                    b.add(
                        Measure::DaysToContact,
                        0,
                        month,
                        slots,
                        unit,
                        1,
                        1,
                        Some(days),
                        0.0,
                    );
                }
                share(&mut b, Measure::DeadlineMet, code == 1);
            }
            2 => {
                // question_closed: information, referral (light or heavy), case
                let light = code == 0 || (code == 1 && ev.layer[i] <= 3);
                let cat = match code {
                    0 => 1,
                    1 if ev.layer[i] <= 3 => 2,
                    1 => 3,
                    _ => 4,
                };
                count(&mut b, Measure::QuestionsClosed, cat);
                share(&mut b, Measure::FrontShare, light);
                share(&mut b, Measure::WithoutCase, code != 2);
            }
            3 => {
                // case_opened
                let from_question = if q == NONE {
                    i32::MIN
                } else {
                    received_day[q as usize]
                };
                case_start[c as usize] = if from_question == i32::MIN {
                    day
                } else {
                    from_question
                };
                let prev = last_closed[unit as usize];
                share(
                    &mut b,
                    Measure::ReEntry,
                    prev != i32::MIN && day - prev <= 365,
                );
            }
            4 if !planned[c as usize] => {
                // plan_agreed
                planned[c as usize] = true;
                let start = case_start[c as usize];
                if start != i32::MIN {
                    let days = (day - start).max(0) as u32;
                    b.add(
                        Measure::DaysToPlan,
                        0,
                        month,
                        slots,
                        unit,
                        1,
                        1,
                        Some(days),
                        0.0,
                    );
                }
            }
            7 => {
                // referral_accepted
                count(&mut b, Measure::ReferralAnswers, 1);
                share(&mut b, Measure::ReferralsAccepted, true);
            }
            8 => {
                // referral_declined
                count(&mut b, Measure::ReferralAnswers, code + 2);
                share(&mut b, Measure::ReferralsAccepted, false);
            }
            10 => {
                // referral_completed
                count(&mut b, Measure::ReferralEnds, code + 1);
                share(&mut b, Measure::ReferralsReached, code == 0);
            }
            11 => count(&mut b, Measure::ReferralEnds, 4),
            12 => count(
                &mut b,
                Measure::ScaleUps,
                pair_category(ev.from_layer[i], ev.layer[i]),
            ),
            13 => count(
                &mut b,
                Measure::ScaleDowns,
                pair_category(ev.from_layer[i], ev.layer[i]),
            ),
            23 => {
                // support_added: the network is category 1, layers 1–5 are 2–6
                let cat = if code == 1 { 1 } else { ev.layer[i] + 1 };
                count(&mut b, Measure::SupportAdded, cat);
                share(&mut b, Measure::LightSupport, ev.layer[i] <= 2);
            }
            14 => {
                // domain_assessed
                let k = c as usize * nd + usize::from(code);
                if score_count[k] == 0 {
                    first_score[k] = ev.score[i];
                }
                last_score[k] = ev.score[i];
                score_count[k] = score_count[k].saturating_add(1);
                assessments.push(i as u32);
            }
            15 => {
                // case_closed
                count(&mut b, Measure::CasesClosed, code + 1);
                share(&mut b, Measure::CasesReached, code == 0);
                last_closed[unit as usize] = day;
                for d in 0..nd {
                    let k = c as usize * nd + d;
                    if score_count[k] >= 2 {
                        let change = f64::from(last_score[k]) - f64::from(first_score[k]);
                        b.add(
                            Measure::ScoreChange,
                            d as u8 + 1,
                            month,
                            slots,
                            unit,
                            1,
                            1,
                            None,
                            change,
                        );
                    }
                }
            }
            16 => {
                // maatwerk_requested
                let p = ev.path[i] as usize;
                if requested_day[p] == i32::MIN {
                    requested_day[p] = day;
                }
            }
            19 => {
                // decision_sent
                let p = ev.path[i] as usize;
                count(&mut b, Measure::Decisions, code + 1);
                if ev.flag[i] != 0 {
                    share(&mut b, Measure::DecisionsInTerm, ev.flag[i] == 2);
                }
                // Every decision counts towards "objections per 100".
                b.add(
                    Measure::ObjectionsPer100,
                    0,
                    month,
                    slots,
                    unit,
                    0,
                    1,
                    None,
                    0.0,
                );
                if code == temporary {
                    share(&mut b, Measure::TemporaryFollowed, last_regular[p] >= day);
                } else if !decided[p] {
                    decided[p] = true;
                    if requested_day[p] != i32::MIN {
                        let days = (day - requested_day[p]).max(0) as u32;
                        b.add(
                            Measure::DaysToDecision,
                            0,
                            month,
                            slots,
                            unit,
                            1,
                            1,
                            Some(days),
                            0.0,
                        );
                    }
                }
            }
            21 => {
                // objection_received
                b.add(
                    Measure::ObjectionsPer100,
                    0,
                    month,
                    slots,
                    unit,
                    1,
                    0,
                    None,
                    0.0,
                );
            }
            22 => count(&mut b, Measure::ObjectionsDecided, code + 1),
            _ => {}
        }
    }
    // Months add up to quarters and years.
    let mut all: FxMap<u64, Acc> = FxMap::default();
    all.reserve(b.month_cells.len() * 2);
    for (k, acc) in &b.month_cells {
        let key = unpack(*k);
        for g in [Granularity::Quarter, Granularity::Year] {
            let p = Period::containing(g, key.period.first_month());
            let t = all
                .entry(pack(key.measure, key.category, p, key.slot))
                .or_default();
            t.num += acc.num;
            t.den += acc.den;
            t.sum += acc.sum;
            t.values.extend_from_slice(&acc.values);
            t.units.merge(&acc.units, cap);
        }
    }
    all.extend(b.month_cells);
    three_domains(ev, &assessments, cap, &mut all);
    let cells = all
        .into_iter()
        .map(|(k, mut acc)| {
            let key = unpack(k);
            let stat = key.measure.def().stat;
            let (median, p90) = if stat == Stat::Days {
                acc.values.sort_unstable();
                (
                    percentile_disc(&acc.values, 0.5),
                    percentile_disc(&acc.values, 0.9),
                )
            } else {
                (None, None)
            };
            let mean = (stat == Stat::MeanChange && acc.num > 0).then(|| acc.sum / acc.num as f64);
            (
                key,
                Cell {
                    num: acc.num,
                    den: acc.den,
                    households: acc.units.count(cap),
                    median,
                    p90,
                    mean,
                },
            )
        })
        .collect();
    Cube {
        cells,
        slots: ev.slots.clone(),
    }
}

/// Households with three or more life domains scored 1–2, among the
/// households assessed in a period: per household the newest score of each
/// domain within the period counts. Not additive over time, so computed per
/// granularity.
fn three_domains(ev: &EventColumns, assessments: &[u32], cap: usize, out: &mut FxMap<u64, Acc>) {
    let mut by_unit = assessments.to_vec();
    by_unit.sort_by_key(|&i| ev.unit[i as usize]); // stable: time order within a unit
    let nd = LifeDomain::ALL.len();
    for g in Granularity::ALL {
        let mut scores = vec![0_u8; nd];
        let mut current: Option<(u32, Period)> = None;
        let mut last_event = 0_usize;
        let mut flush = |unit_period: Option<(u32, Period)>, scores: &mut Vec<u8>, last: usize| {
            if let Some((unit, period)) = unit_period {
                let worrying = scores.iter().filter(|s| (1..=2).contains(*s)).count() >= 3;
                for slot in [ev.mun_slot[last], ev.wijk_slot[last]] {
                    let acc = out
                        .entry(pack(Measure::ThreeDomains, 0, period, slot))
                        .or_default();
                    acc.num += i64::from(worrying);
                    acc.den += 1;
                    acc.units.insert(unit, cap);
                }
            }
            scores.iter_mut().for_each(|s| *s = 0);
        };
        for &i in &by_unit {
            let i = i as usize;
            let key = (ev.unit[i], Period::containing(g, ev.month[i]));
            if current != Some(key) {
                flush(current, &mut scores, last_event);
                current = Some(key);
            }
            scores[usize::from(ev.code[i])] = ev.score[i];
            last_event = i;
        }
        flush(current, &mut scores, last_event);
    }
}

#[cfg(test)]
mod tests;
