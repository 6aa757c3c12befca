//! The one integration-test binary (each extra binary costs a link on 2 cores).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code may fail loudly

mod support;
mod tenancy;

mod accounts;
mod agenda;
mod architecture;
mod audit_log;
mod audit_reads;
mod authorization;
mod berichten;
mod berichten_bench;
mod berichten_demo;
mod case_list;
mod costs;
mod directory;
mod generate;
mod household_find;
mod hsds;
mod input;
mod instances;
mod limits;
mod maatwerk;
mod maatwerk_api;
mod maatwerk_bench;
mod maatwerk_catalogue;
mod monitor;
mod offer_address;
mod offer_translations;
mod oidc;
/// The in-process OpenID provider of `oidc` and `resident_digid`.
mod oidc_provider;
mod plan;
mod plan_members;
mod privacy;
mod process;
mod relevance;
mod resident;
mod resident_digid;
mod residents_directory;
mod search_misses;
mod search_page;
mod secrets;
mod sharing;
mod signals;
mod standalone;
mod storage;
mod toegang;
mod way_forward;
