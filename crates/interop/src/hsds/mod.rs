//! Open Referral HSDS 3.0 ↔ the sociale kaart.
//!
//! - [`from_hsds`]: a service object → our offer, organisation and location
//!   (with defaults and warnings for data that does not know our attributes);
//! - [`to_hsds`]: our offer → a service object, handing out the original
//!   object's unmodelled parts unchanged (kept in `offers.hsds_extra`);
//! - [`tabular`]: the CSV data package ↔ nested services;
//! - [`import`] and [`export`]: the commands and what the API reads;
//! - [`vocab`]: our taxonomies as HSDS terms, and stable name-based UUIDs;
//! - [`profile`]: the Dutch profile (JSON Merge Patches).

pub mod compare;
pub mod export;
pub mod from_hsds;
pub mod import;
pub mod profile;
pub mod tabular;
pub mod to_hsds;
pub mod vocab;

pub use export::Entry;
pub use import::{read_source, ImportReport, Problem, Source};
