//! Exchange formats of Kompas: Open Referral HSDS 3.0 for the sociale kaart
//! (import, export and the mapping the HSDS API uses), with the Dutch profile
//! described in `docs/hsds-profiel.md`; the iWmo / iJw 3.2 messages
//! (`istandaard`).

pub mod agenda_ics;
pub mod arrears_csv;
pub mod catalogue_csv;
pub mod hsds;
pub mod istandaard;
pub mod letter_pdf;
pub mod monitor;
pub mod zgw_besluit;
