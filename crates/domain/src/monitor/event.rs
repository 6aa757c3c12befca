//! Case events: the monitor's only input from the registrations.
//!
//! Toegang (questions) and plan (cases, referrals) append one event for every
//! meaningful step, in the transaction of the step itself. An event holds ids
//! and codes only — never a name, an address, a BSN or a note — so the
//! monitor can count without seeing anyone. `docs/case-events.md` lists the
//! catalogue; `EventRow` is the flat form the `case_events` table stores.

use super::AreaCode;
use crate::directory::offer::code_enum;
use crate::directory::{Layer, LifeDomain};
use crate::maatwerk::decision::{DecisionKind, Outcome as ProductOutcome};
use crate::maatwerk::objection::ObjectionOutcome;
use crate::maatwerk::Law;
pub use crate::toegang::assessment::DomainScore;
pub use crate::toegang::question::Channel;
use crate::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub i64);
    };
}

id_type!(
    /// A household (huishouden) of the toegang module.
    HouseholdId
);
id_type!(
    /// A question or signal (hulpvraag, signaal).
    QuestionId
);
id_type!(
    /// A case (traject).
    CaseId
);
id_type!(
    /// A referral (verwijzing) within a case.
    ReferralId
);
id_type!(
    /// A maatwerk path (melding or application to decision).
    PathId
);
id_type!(
    /// A maatwerk decision (beschikking).
    DecisionId
);

/// What a maatwerk event is about: the path and the law it runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnPath {
    pub path: PathId,
    pub law: Law,
}

/// Position of a code in its enum's `ALL` (for compact columns).
pub fn code_index<T: PartialEq + Copy>(all: &[T], v: T) -> usize {
    all.iter().position(|x| *x == v).unwrap_or(0)
}

code_enum!(
    /// Why a partner declined a referral.
    DeclineReason, "onbekende reden '{}'", {
    NoCapacity => ("geen-capaciteit", "Geen plek of capaciteit"),
    NotEligible => ("past-niet", "Past niet bij het aanbod"),
    Other => ("anders", "Andere reden"),
});

code_enum!(
    /// How far the goals of a referral or a case were reached.
    GoalOutcome, "onbekend resultaat '{}'", {
    Reached => ("bereikt", "Doelen bereikt"),
    Partly => ("deels", "Doelen deels bereikt"),
    NotReached => ("niet-bereikt", "Doelen niet bereikt"),
});

/// A move between two different layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LayerChange {
    from: Layer,
    to: Layer,
}

impl LayerChange {
    pub fn new(from: Layer, to: Layer) -> Result<LayerChange, String> {
        if from == to {
            return Err(format!(
                "op- of afschalen van laag {} naar dezelfde laag kan niet",
                from.number()
            ));
        }
        Ok(LayerChange { from, to })
    }
    pub fn from(self) -> Layer {
        self.from
    }
    pub fn to(self) -> Layer {
        self.to
    }
    /// Towards heavier support.
    pub fn is_up(self) -> bool {
        self.to > self.from
    }
}

/// How a question was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionOutcome {
    /// Answered with information or advice.
    Information,
    /// Referred to an offer of the sociale kaart, in its layer.
    Referral { layer: Layer, offer_id: Option<i64> },
    /// A case was opened for the household.
    Case { case: CaseId },
}

/// What happened. Every variant carries the ids that link it to its question,
/// case or referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    QuestionReceived {
        question: QuestionId,
        channel: Channel,
    },
    FirstContact {
        question: QuestionId,
        /// Was the response deadline of the question met?
        deadline_met: bool,
    },
    QuestionClosed {
        question: QuestionId,
        outcome: QuestionOutcome,
    },
    /// A case opened, from a question when there was one. A re-entry (a new
    /// case within 12 months of the household's last closed case) is derived
    /// from the household's events, not stored.
    CaseOpened {
        case: CaseId,
        question: Option<QuestionId>,
    },
    PlanAgreed {
        case: CaseId,
    },
    CoordinatorChanged {
        case: CaseId,
    },
    ReferralSent {
        case: CaseId,
        referral: ReferralId,
        layer: Layer,
        offer_id: Option<i64>,
    },
    ReferralAccepted {
        case: CaseId,
        referral: ReferralId,
    },
    ReferralDeclined {
        case: CaseId,
        referral: ReferralId,
        reason: DeclineReason,
    },
    ReferralStarted {
        case: CaseId,
        referral: ReferralId,
    },
    ReferralCompleted {
        case: CaseId,
        referral: ReferralId,
        outcome: GoalOutcome,
    },
    ReferralCancelled {
        case: CaseId,
        referral: ReferralId,
    },
    /// Support moved to a heavier (scaled up) or lighter (scaled down) layer.
    Scaled {
        case: CaseId,
        change: LayerChange,
    },
    DomainAssessed {
        case: CaseId,
        domain: LifeDomain,
        score: DomainScore,
    },
    CaseClosed {
        case: CaseId,
        outcome: GoalOutcome,
    },
    /// A maatwerk path started: a Wmo melding, or an application.
    MaatwerkRequested {
        on: OnPath,
        melding: bool,
    },
    /// The investigation's report was sent; was it within six weeks?
    MaatwerkReportSent {
        on: OnPath,
        deadline_met: bool,
    },
    /// The application arrived on a path that started with a melding.
    MaatwerkApplication {
        on: OnPath,
    },
    /// A decision was sent (`decision` is `None` when it was made outside
    /// Kompas and only its day recorded). `deadline_met` when it closed the
    /// path's term.
    DecisionSent {
        on: OnPath,
        decision: Option<DecisionId>,
        kind: DecisionKind,
        deadline_met: Option<bool>,
    },
    /// One product of a sent decision, granted or refused, in its layer.
    ProductDecided {
        on: OnPath,
        decision: DecisionId,
        outcome: ProductOutcome,
        layer: Layer,
    },
    /// An objection arrived; within the six weeks or not.
    ObjectionReceived {
        on: OnPath,
        decision: DecisionId,
        in_time: bool,
    },
    /// An objection was decided; within its term or not.
    ObjectionDecided {
        on: OnPath,
        decision: DecisionId,
        outcome: ObjectionOutcome,
        deadline_met: bool,
    },
    /// Support was added to a case's plan, in its layer; `network` when
    /// someone of the household's network gives it (always layer 1).
    SupportAdded {
        case: CaseId,
        layer: Layer,
        network: bool,
    },
}

/// The stored kind codes, in a fixed order (the engine's compact kind number
/// is the position here).
pub const KIND_CODES: [&str; 24] = [
    "question_received",
    "first_contact",
    "question_closed",
    "case_opened",
    "plan_agreed",
    "coordinator_changed",
    "referral_sent",
    "referral_accepted",
    "referral_declined",
    "referral_started",
    "referral_completed",
    "referral_cancelled",
    "scaled_up",
    "scaled_down",
    "domain_assessed",
    "case_closed",
    "maatwerk_requested",
    "maatwerk_report_sent",
    "maatwerk_application",
    "decision_sent",
    "product_decided",
    "objection_received",
    "objection_decided",
    "support_added",
];

impl EventKind {
    /// Position in `KIND_CODES`.
    pub fn number(&self) -> u8 {
        match self {
            EventKind::QuestionReceived { .. } => 0,
            EventKind::FirstContact { .. } => 1,
            EventKind::QuestionClosed { .. } => 2,
            EventKind::CaseOpened { .. } => 3,
            EventKind::PlanAgreed { .. } => 4,
            EventKind::CoordinatorChanged { .. } => 5,
            EventKind::ReferralSent { .. } => 6,
            EventKind::ReferralAccepted { .. } => 7,
            EventKind::ReferralDeclined { .. } => 8,
            EventKind::ReferralStarted { .. } => 9,
            EventKind::ReferralCompleted { .. } => 10,
            EventKind::ReferralCancelled { .. } => 11,
            EventKind::Scaled { change, .. } => {
                if change.is_up() {
                    12
                } else {
                    13
                }
            }
            EventKind::DomainAssessed { .. } => 14,
            EventKind::CaseClosed { .. } => 15,
            EventKind::MaatwerkRequested { .. } => 16,
            EventKind::MaatwerkReportSent { .. } => 17,
            EventKind::MaatwerkApplication { .. } => 18,
            EventKind::DecisionSent { .. } => 19,
            EventKind::ProductDecided { .. } => 20,
            EventKind::ObjectionReceived { .. } => 21,
            EventKind::ObjectionDecided { .. } => 22,
            EventKind::SupportAdded { .. } => 23,
        }
    }

    pub fn code(&self) -> &'static str {
        KIND_CODES[usize::from(self.number())]
    }
}

/// One step in a question's or case's life, as the monitor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub municipality_id: i64,
    /// The household's wijk (a `WK` code) when known.
    pub wijk: Option<AreaCode>,
    pub household: Option<HouseholdId>,
    /// The role of whoever recorded the step (none for the resident's own form).
    pub actor_role: Option<Role>,
    pub kind: EventKind,
}

impl CaseEvent {
    /// Checks what the types cannot: the wijk is a wijk.
    pub fn new(
        at: DateTime<Utc>,
        municipality_id: i64,
        wijk: Option<AreaCode>,
        household: Option<HouseholdId>,
        actor_role: Option<Role>,
        kind: EventKind,
    ) -> Result<CaseEvent, String> {
        if let Some(w) = &wijk {
            if w.level() != super::AreaLevel::Wijk {
                return Err(format!("{w} is geen wijkcode (WK…)"));
            }
        }
        Ok(CaseEvent {
            at,
            municipality_id,
            wijk,
            household,
            actor_role,
            kind,
        })
    }

    /// The flat form of the `case_events` table.
    pub fn to_row(&self) -> EventRow {
        let mut r = EventRow {
            kind: self.kind.code().to_string(),
            at: self.at,
            municipality_id: self.municipality_id,
            wijk: self.wijk.as_ref().map(|w| w.as_str().to_string()),
            household_id: self.household.map(|h| h.0),
            actor_role: self.actor_role.map(|r| r.as_str().to_string()),
            ..EventRow::default()
        };
        match self.kind {
            EventKind::QuestionReceived { question, channel } => {
                r.question_id = Some(question.0);
                r.channel = Some(channel.code().into());
            }
            EventKind::FirstContact {
                question,
                deadline_met,
            } => {
                r.question_id = Some(question.0);
                r.deadline_met = Some(deadline_met);
            }
            EventKind::QuestionClosed { question, outcome } => {
                r.question_id = Some(question.0);
                match outcome {
                    QuestionOutcome::Information => r.outcome = Some("informatie".into()),
                    QuestionOutcome::Referral { layer, offer_id } => {
                        r.outcome = Some("verwijzing".into());
                        r.layer = Some(layer.number());
                        r.offer_id = offer_id;
                    }
                    QuestionOutcome::Case { case } => {
                        r.outcome = Some("traject".into());
                        r.case_id = Some(case.0);
                    }
                }
            }
            EventKind::CaseOpened { case, question } => {
                r.case_id = Some(case.0);
                r.question_id = question.map(|q| q.0);
            }
            EventKind::PlanAgreed { case } | EventKind::CoordinatorChanged { case } => {
                r.case_id = Some(case.0)
            }
            EventKind::ReferralSent {
                case,
                referral,
                layer,
                offer_id,
            } => {
                r.case_id = Some(case.0);
                r.referral_id = Some(referral.0);
                r.layer = Some(layer.number());
                r.offer_id = offer_id;
            }
            EventKind::ReferralAccepted { case, referral }
            | EventKind::ReferralStarted { case, referral }
            | EventKind::ReferralCancelled { case, referral } => {
                r.case_id = Some(case.0);
                r.referral_id = Some(referral.0);
            }
            EventKind::ReferralDeclined {
                case,
                referral,
                reason,
            } => {
                r.case_id = Some(case.0);
                r.referral_id = Some(referral.0);
                r.outcome = Some(reason.code().into());
            }
            EventKind::ReferralCompleted {
                case,
                referral,
                outcome,
            } => {
                r.case_id = Some(case.0);
                r.referral_id = Some(referral.0);
                r.outcome = Some(outcome.code().into());
            }
            EventKind::Scaled { case, change } => {
                r.case_id = Some(case.0);
                r.from_layer = Some(change.from().number());
                r.layer = Some(change.to().number());
            }
            EventKind::SupportAdded {
                case,
                layer,
                network,
            } => {
                r.case_id = Some(case.0);
                r.layer = Some(layer.number());
                r.outcome = Some(if network { "netwerk" } else { "aanbod" }.into());
            }
            EventKind::DomainAssessed {
                case,
                domain,
                score,
            } => {
                r.case_id = Some(case.0);
                r.life_domain = Some(domain.code().into());
                r.score = Some(score.value());
            }
            EventKind::CaseClosed { case, outcome } => {
                r.case_id = Some(case.0);
                r.outcome = Some(outcome.code().into());
            }
            EventKind::MaatwerkRequested { on, melding } => {
                r.on_path(on);
                r.outcome = Some(if melding { "melding" } else { "aanvraag" }.into());
            }
            EventKind::MaatwerkReportSent { on, deadline_met } => {
                r.on_path(on);
                r.deadline_met = Some(deadline_met);
            }
            EventKind::MaatwerkApplication { on } => r.on_path(on),
            EventKind::DecisionSent {
                on,
                decision,
                kind,
                deadline_met,
            } => {
                r.on_path(on);
                r.decision_id = decision.map(|d| d.0);
                r.outcome = Some(kind.code().into());
                r.deadline_met = deadline_met;
            }
            EventKind::ProductDecided {
                on,
                decision,
                outcome,
                layer,
            } => {
                r.on_path(on);
                r.decision_id = Some(decision.0);
                r.outcome = Some(outcome.code().into());
                r.layer = Some(layer.number());
            }
            EventKind::ObjectionReceived {
                on,
                decision,
                in_time,
            } => {
                r.on_path(on);
                r.decision_id = Some(decision.0);
                r.deadline_met = Some(in_time);
            }
            EventKind::ObjectionDecided {
                on,
                decision,
                outcome,
                deadline_met,
            } => {
                r.on_path(on);
                r.decision_id = Some(decision.0);
                r.outcome = Some(outcome.code().into());
                r.deadline_met = Some(deadline_met);
            }
        }
        r
    }
}

/// A `case_events` row. Which columns a kind fills is documented in
/// `docs/case-events.md`; `parse` refuses a row that misses one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventRow {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub municipality_id: i64,
    pub wijk: Option<String>,
    pub household_id: Option<i64>,
    pub question_id: Option<i64>,
    pub case_id: Option<i64>,
    pub referral_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub layer: Option<u8>,
    pub from_layer: Option<u8>,
    pub life_domain: Option<String>,
    pub score: Option<u8>,
    pub channel: Option<String>,
    pub outcome: Option<String>,
    pub deadline_met: Option<bool>,
    pub actor_role: Option<String>,
    pub path_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub law: Option<String>,
}

impl EventRow {
    fn on_path(&mut self, on: OnPath) {
        self.path_id = Some(on.path.0);
        self.law = Some(on.law.code().into());
    }

    pub fn parse(&self) -> Result<CaseEvent, String> {
        let need = |v: Option<i64>, what: &str| {
            v.ok_or_else(|| format!("{}: {what} ontbreekt", self.kind))
        };
        let layer = |v: Option<u8>, what: &str| -> Result<Layer, String> {
            let n = v.ok_or_else(|| format!("{}: {what} ontbreekt", self.kind))?;
            Layer::try_from(n)
        };
        let text = |v: &Option<String>, what: &str| -> Result<String, String> {
            v.clone()
                .ok_or_else(|| format!("{}: {what} ontbreekt", self.kind))
        };
        let question = || need(self.question_id, "question_id").map(QuestionId);
        let case = || need(self.case_id, "case_id").map(CaseId);
        let referral = || need(self.referral_id, "referral_id").map(ReferralId);
        let on = || -> Result<OnPath, String> {
            Ok(OnPath {
                path: PathId(need(self.path_id, "path_id")?),
                law: Law::parse(&text(&self.law, "law")?)?,
            })
        };
        let decision = || need(self.decision_id, "decision_id").map(DecisionId);
        let met = || {
            self.deadline_met
                .ok_or_else(|| format!("{}: deadline_met ontbreekt", self.kind))
        };
        let kind = match self.kind.as_str() {
            "question_received" => EventKind::QuestionReceived {
                question: question()?,
                channel: Channel::parse(&text(&self.channel, "channel")?)?,
            },
            "first_contact" => EventKind::FirstContact {
                question: question()?,
                deadline_met: self
                    .deadline_met
                    .ok_or_else(|| "first_contact: deadline_met ontbreekt".to_string())?,
            },
            "question_closed" => EventKind::QuestionClosed {
                question: question()?,
                outcome: match text(&self.outcome, "outcome")?.as_str() {
                    "informatie" => QuestionOutcome::Information,
                    "verwijzing" => QuestionOutcome::Referral {
                        layer: layer(self.layer, "layer")?,
                        offer_id: self.offer_id,
                    },
                    "traject" => QuestionOutcome::Case { case: case()? },
                    other => return Err(format!("question_closed: onbekende uitkomst '{other}'")),
                },
            },
            "case_opened" => EventKind::CaseOpened {
                case: case()?,
                question: self.question_id.map(QuestionId),
            },
            "plan_agreed" => EventKind::PlanAgreed { case: case()? },
            "coordinator_changed" => EventKind::CoordinatorChanged { case: case()? },
            "referral_sent" => EventKind::ReferralSent {
                case: case()?,
                referral: referral()?,
                layer: layer(self.layer, "layer")?,
                offer_id: self.offer_id,
            },
            "referral_accepted" => EventKind::ReferralAccepted {
                case: case()?,
                referral: referral()?,
            },
            "referral_declined" => EventKind::ReferralDeclined {
                case: case()?,
                referral: referral()?,
                reason: DeclineReason::parse(&text(&self.outcome, "outcome")?)?,
            },
            "referral_started" => EventKind::ReferralStarted {
                case: case()?,
                referral: referral()?,
            },
            "referral_completed" => EventKind::ReferralCompleted {
                case: case()?,
                referral: referral()?,
                outcome: GoalOutcome::parse(&text(&self.outcome, "outcome")?)?,
            },
            "referral_cancelled" => EventKind::ReferralCancelled {
                case: case()?,
                referral: referral()?,
            },
            "scaled_up" | "scaled_down" => {
                let change = LayerChange::new(
                    layer(self.from_layer, "from_layer")?,
                    layer(self.layer, "layer")?,
                )?;
                if change.is_up() != (self.kind == "scaled_up") {
                    return Err(format!(
                        "{}: van laag {} naar laag {} past niet bij deze soort",
                        self.kind,
                        change.from().number(),
                        change.to().number()
                    ));
                }
                EventKind::Scaled {
                    case: case()?,
                    change,
                }
            }
            "domain_assessed" => EventKind::DomainAssessed {
                case: case()?,
                domain: LifeDomain::parse(&text(&self.life_domain, "life_domain")?)?,
                score: DomainScore::new(i64::from(
                    self.score
                        .ok_or_else(|| "domain_assessed: score ontbreekt".to_string())?,
                ))?,
            },
            "case_closed" => EventKind::CaseClosed {
                case: case()?,
                outcome: GoalOutcome::parse(&text(&self.outcome, "outcome")?)?,
            },
            "maatwerk_requested" => EventKind::MaatwerkRequested {
                on: on()?,
                melding: match text(&self.outcome, "outcome")?.as_str() {
                    "melding" => true,
                    "aanvraag" => false,
                    other => return Err(format!("maatwerk_requested: onbekend begin '{other}'")),
                },
            },
            "maatwerk_report_sent" => EventKind::MaatwerkReportSent {
                on: on()?,
                deadline_met: met()?,
            },
            "maatwerk_application" => EventKind::MaatwerkApplication { on: on()? },
            "decision_sent" => EventKind::DecisionSent {
                on: on()?,
                decision: self.decision_id.map(DecisionId),
                kind: DecisionKind::parse(&text(&self.outcome, "outcome")?)?,
                deadline_met: self.deadline_met,
            },
            "product_decided" => EventKind::ProductDecided {
                on: on()?,
                decision: decision()?,
                outcome: ProductOutcome::parse(&text(&self.outcome, "outcome")?)?,
                layer: layer(self.layer, "layer")?,
            },
            "objection_received" => EventKind::ObjectionReceived {
                on: on()?,
                decision: decision()?,
                in_time: met()?,
            },
            "objection_decided" => EventKind::ObjectionDecided {
                on: on()?,
                decision: decision()?,
                outcome: ObjectionOutcome::parse(&text(&self.outcome, "outcome")?)?,
                deadline_met: met()?,
            },
            "support_added" => {
                let layer = layer(self.layer, "layer")?;
                let network = match text(&self.outcome, "outcome")?.as_str() {
                    "netwerk" => true,
                    "aanbod" => false,
                    other => return Err(format!("support_added: onbekende bron '{other}'")),
                };
                if network && layer != Layer::OwnStrength {
                    return Err("support_added: steun uit het netwerk is altijd laag 1".into());
                }
                EventKind::SupportAdded {
                    case: case()?,
                    layer,
                    network,
                }
            }
            other => return Err(format!("onbekende soort gebeurtenis '{other}'")),
        };
        let wijk = self.wijk.as_deref().map(AreaCode::parse).transpose()?;
        let actor_role = self
            .actor_role
            .as_deref()
            .map(|r| r.parse::<Role>().map_err(|e| e.to_string()))
            .transpose()?;
        CaseEvent::new(
            self.at,
            self.municipality_id,
            wijk,
            self.household_id.map(HouseholdId),
            actor_role,
            kind,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 4, 10, 0, 0).unwrap()
    }

    fn all_kinds() -> Vec<EventKind> {
        let case = CaseId(7);
        let referral = ReferralId(3);
        vec![
            EventKind::QuestionReceived {
                question: QuestionId(1),
                channel: Channel::PaymentArrears,
            },
            EventKind::FirstContact {
                question: QuestionId(1),
                deadline_met: false,
            },
            EventKind::QuestionClosed {
                question: QuestionId(1),
                outcome: QuestionOutcome::Information,
            },
            EventKind::QuestionClosed {
                question: QuestionId(1),
                outcome: QuestionOutcome::Referral {
                    layer: Layer::OpenAccess,
                    offer_id: Some(12),
                },
            },
            EventKind::QuestionClosed {
                question: QuestionId(1),
                outcome: QuestionOutcome::Case { case },
            },
            EventKind::CaseOpened {
                case,
                question: Some(QuestionId(1)),
            },
            EventKind::CaseOpened {
                case,
                question: None,
            },
            EventKind::PlanAgreed { case },
            EventKind::CoordinatorChanged { case },
            EventKind::ReferralSent {
                case,
                referral,
                layer: Layer::Targeted,
                offer_id: None,
            },
            EventKind::ReferralAccepted { case, referral },
            EventKind::ReferralDeclined {
                case,
                referral,
                reason: DeclineReason::NoCapacity,
            },
            EventKind::ReferralStarted { case, referral },
            EventKind::ReferralCompleted {
                case,
                referral,
                outcome: GoalOutcome::Partly,
            },
            EventKind::ReferralCancelled { case, referral },
            EventKind::Scaled {
                case,
                change: LayerChange::new(Layer::OpenAccess, Layer::Intensive).unwrap(),
            },
            EventKind::Scaled {
                case,
                change: LayerChange::new(Layer::Targeted, Layer::SocialBase).unwrap(),
            },
            EventKind::DomainAssessed {
                case,
                domain: LifeDomain::Finances,
                score: DomainScore::new(2).unwrap(),
            },
            EventKind::CaseClosed {
                case,
                outcome: GoalOutcome::Reached,
            },
            EventKind::SupportAdded {
                case,
                layer: Layer::OwnStrength,
                network: true,
            },
            EventKind::SupportAdded {
                case,
                layer: Layer::Targeted,
                network: false,
            },
        ]
        .into_iter()
        .chain(maatwerk_kinds())
        .collect()
    }

    fn maatwerk_kinds() -> Vec<EventKind> {
        let on = OnPath {
            path: PathId(5),
            law: Law::Jeugdwet,
        };
        let decision = DecisionId(9);
        vec![
            EventKind::MaatwerkRequested { on, melding: true },
            EventKind::MaatwerkRequested { on, melding: false },
            EventKind::MaatwerkReportSent {
                on,
                deadline_met: false,
            },
            EventKind::MaatwerkApplication { on },
            EventKind::DecisionSent {
                on,
                decision: None,
                kind: DecisionKind::Temporary,
                deadline_met: None,
            },
            EventKind::DecisionSent {
                on,
                decision: Some(decision),
                kind: DecisionKind::First,
                deadline_met: Some(true),
            },
            EventKind::ProductDecided {
                on,
                decision,
                outcome: ProductOutcome::Refused,
                layer: Layer::Intensive,
            },
            EventKind::ObjectionReceived {
                on,
                decision,
                in_time: true,
            },
            EventKind::ObjectionDecided {
                on,
                decision,
                outcome: ObjectionOutcome::Rejected,
                deadline_met: false,
            },
        ]
    }

    #[test]
    fn network_support_outside_layer_one_is_refused() {
        let e = CaseEvent::new(
            at(),
            1,
            None,
            None,
            None,
            EventKind::SupportAdded {
                case: CaseId(1),
                layer: Layer::OwnStrength,
                network: true,
            },
        )
        .unwrap();
        let mut row = e.to_row();
        row.layer = Some(2);
        assert!(row.parse().unwrap_err().contains("altijd laag 1"));
    }

    #[test]
    fn maatwerk_rows_without_their_path_or_law_are_refused() {
        for kind in maatwerk_kinds() {
            let e = CaseEvent::new(at(), 1, None, None, None, kind).unwrap();
            let mut row = e.to_row();
            row.law = None;
            assert!(row.parse().unwrap_err().contains("law"), "{}", row.kind);
            let mut row = e.to_row();
            row.path_id = None;
            assert!(row.parse().unwrap_err().contains("path_id"), "{}", row.kind);
        }
    }

    #[test]
    fn every_kind_round_trips_through_its_row() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in all_kinds() {
            let e = CaseEvent::new(
                at(),
                1,
                Some(AreaCode::parse("WK990101").unwrap()),
                Some(HouseholdId(44)),
                Some(Role::Coordinator),
                kind,
            )
            .unwrap();
            let row = e.to_row();
            assert_eq!(row.parse(), Ok(e), "{}", row.kind);
            seen.insert(row.kind.clone());
        }
        assert_eq!(seen.len(), KIND_CODES.len(), "every kind is covered");
    }

    #[test]
    fn rows_missing_what_their_kind_needs_are_refused() {
        let e = CaseEvent::new(
            at(),
            1,
            None,
            None,
            None,
            EventKind::ReferralDeclined {
                case: CaseId(1),
                referral: ReferralId(2),
                reason: DeclineReason::Other,
            },
        )
        .unwrap();
        let mut row = e.to_row();
        row.outcome = None;
        assert!(row.parse().unwrap_err().contains("outcome"));
        let mut row = e.to_row();
        row.kind = "scaled_up".into();
        row.layer = Some(2);
        row.from_layer = Some(4);
        assert!(row.parse().unwrap_err().contains("past niet"));
        row.kind = "iets".into();
        assert!(row.parse().unwrap_err().contains("onbekende soort"));
    }

    #[test]
    fn values_that_cannot_exist_cannot_be_made() {
        assert!(DomainScore::new(0).is_err() && DomainScore::new(6).is_err());
        assert!(DomainScore::new(2).unwrap().is_worrying());
        assert!(!DomainScore::new(3).unwrap().is_worrying());
        assert!(LayerChange::new(Layer::Targeted, Layer::Targeted).is_err());
        assert!(LayerChange::new(Layer::SocialBase, Layer::Targeted)
            .unwrap()
            .is_up());
        let not_a_wijk = CaseEvent::new(
            at(),
            1,
            Some(AreaCode::parse("GM9901").unwrap()),
            None,
            None,
            EventKind::PlanAgreed { case: CaseId(1) },
        );
        assert!(not_a_wijk.unwrap_err().contains("geen wijkcode"));
        assert_eq!(Channel::parse("partner"), Ok(Channel::PartnerSignal));
        assert!(Channel::parse("post").is_err());
    }
}
