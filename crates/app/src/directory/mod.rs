//! The sociale kaart: exchanging the directory with the database.

pub mod hsds;
