//! Toegang: how help questions and signals arrive, their deadlines, the
//! household they concern and the broad look over its life domains.

pub mod arrears;
pub mod assessment;
pub mod calendar;
pub mod household;
pub mod question;
pub mod reference;
pub mod search;
