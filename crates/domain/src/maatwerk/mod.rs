//! Maatwerk: support that needs a legal decision (*beschikking*) under a law,
//! for products of contracted providers. `terms` holds the statutory clocks,
//! `path` the steps from melding or application to decision, `decision` what
//! a decision grants or refuses, `codes` the iWmo/iJw code lists it uses.

pub mod allocation;
pub mod catalogue;
pub mod codes;
pub mod costs;
pub mod decision;
pub mod letter;
pub mod objection;
pub mod path;
pub mod terms;

use crate::directory::offer::code_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// The laws a municipality decides under in the sociaal domein.
    Law, "onbekende wet '{}'; kies wmo, jeugdwet of participatiewet", {
    Wmo => ("wmo", "Wmo 2015"),
    Jeugdwet => ("jeugdwet", "Jeugdwet"),
    Participatiewet => ("participatiewet", "Participatiewet"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laws_parse_from_their_codes_only() {
        for law in Law::ALL {
            assert_eq!(Law::parse(law.code()), Ok(*law));
        }
        assert_eq!(Law::Wmo.to_string(), "Wmo 2015");
        assert!(Law::parse("WMO 2015").unwrap_err().contains("kies wmo"));
    }
}
