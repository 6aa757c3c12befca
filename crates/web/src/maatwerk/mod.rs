//! Maatwerk pages: the consultant's legal paths and decisions, and the
//! catalogue of what a municipality can grant. Every read and step is audited
//! with the purpose "maatwerk".

pub mod catalogue;
pub mod paths;

pub(crate) const PURPOSE: &str = "maatwerk";
