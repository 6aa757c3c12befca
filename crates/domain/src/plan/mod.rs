//! The plan module: one household, one case, one coordinator.
//!
//! The words, Dutch in the interface and English in the code (DESIGN.md §4):
//!
//! - **traject** (`Case`): the work with one household, from the first plan
//!   to the closing; a household has at most one current case. A closed case
//!   never reopens: a new case is opened, which may count as a re-entry.
//! - **regisseur** (`Coordinator`): the one professional who keeps the
//!   overview of a case; a handover to another coordinator has a note.
//! - **plan**: what the household and the coordinator agree; agreeing it again
//!   records a changed plan.
//! - **doelen en acties** (`Goal`, `Action`): goals per life domain with an
//!   optional date and who takes them on; at the closing each has an outcome.
//!   Goals, actions, support and notes can be about some members of the
//!   household (`Concerns`); consent then applies per member.
//! - **verwijzing, warme overdracht** (`Referral`): a closed loop from the
//!   coordinator's concept to the partner's answer, start and completion.
//! - **contactmomenten** (`Contact`): the case's log of conversations, calls,
//!   letters and home visits; a report can be shared with the household.
//! - **toestemming** (`Consent`): which life domains a member lets one
//!   organisation see, for which purpose and period; it can be withdrawn.
//! - **op- en afschalen** (`Scaling`): support moving to a heavier or lighter
//!   layer, always with a reason; a case table when the usual way gets stuck.
//! - **evaluatie en nazorg** (`Evaluation`, `Aftercare`): planned moments to
//!   look back, and contacts after a closing with aftercare.
//! - **bewaartermijn**: how long the records are kept after the last change.
//!
//! Everything here is pure: handlers and repositories parse into these types
//! and ask them for decisions.

pub mod agenda;
pub mod case;
pub mod consent;
pub mod contact;
pub mod goal;
pub mod members;
pub mod referral;
pub mod retention;
pub mod scaling;
pub mod schedule;
pub(crate) mod text;

pub use agenda::{AgendaItem, AgendaKind};
pub use case::{is_reentry, CaseAction, CaseStatus, Handover};
pub use consent::{may_see, visible_domains, ConsentGrant, Purpose};
pub use contact::{Contact, ContactKind, ContactReport};
pub use goal::{
    closing_check, derive_outcome, ActionText, Actor, ClosingGoals, Goal, GoalStatus, GoalText,
    HowOften, NetworkHelp, Pyramid,
};
pub use members::{is_minor, member_may_see, partner_may_see, Concerns, Reader};
pub use referral::{awaiting_answer, who_may, HandoverNote, Party, ReferralAction, ReferralStatus};
pub use retention::{class_for, RetentionClass};
pub use scaling::{CaseTable, CaseTableReferral, ScaleReason, Scaling, TableNote, TableReason};
pub use schedule::{follow_ups, reminder_state, FollowUpCount, Frequency, ReminderState};
