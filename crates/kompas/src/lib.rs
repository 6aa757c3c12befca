//! The `kompas` program: the operator commands behind the command line
//! (`main.rs` and `cli/` parse it). Start-up and settings are in
//! `kompas-server` (re-exported here), the demo, generators and benchmarks
//! in `kompas-devtools`.

pub mod berichten_cli;
pub mod commands;
pub mod health;
pub mod hsds_cli;
pub mod monitor_cli;
pub mod privacy_cli;
pub mod signals_cli;

pub use kompas_server::{jobs, open_database, server, settings, shutdown_signal, Application};
