//! The application layer: what both the web handlers and the commands do
//! with the database and the exchange formats. `kompas-interop` parses,
//! checks and writes formats into domain types; the functions here read what
//! a check needs from the store and write its result in one transaction.

pub mod berichten;
pub mod directory;
pub mod maatwerk;
pub mod monitor;
