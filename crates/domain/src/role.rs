//! The roles of DESIGN.md §5. A role says what kind of work a user does; access to a
//! specific household also needs team membership (checked where households live).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Editor,
    Partner,
    Professional,
    Coordinator,
    TeamLead,
    Policy,
    /// Keeps the maatwerk catalogue: providers, products, contracts.
    ContractManager,
    Admin,
}

impl Role {
    /// Roles that triage questions and work with households (never partners,
    /// policy staff, editors or admins).
    pub fn works_on_households(self) -> bool {
        matches!(
            self,
            Role::Professional | Role::Coordinator | Role::TeamLead
        )
    }

    pub const ALL: [Role; 8] = [
        Role::Editor,
        Role::Partner,
        Role::Professional,
        Role::Coordinator,
        Role::TeamLead,
        Role::Policy,
        Role::ContractManager,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Partner => "partner",
            Role::Professional => "professional",
            Role::Coordinator => "coordinator",
            Role::TeamLead => "team_lead",
            Role::Policy => "policy",
            Role::ContractManager => "contract_manager",
            Role::Admin => "admin",
        }
    }

    /// The Dutch name shown in the interface.
    pub fn label_nl(self) -> &'static str {
        match self {
            Role::Editor => "Redacteur sociale kaart",
            Role::Partner => "Ketenpartner",
            Role::Professional => "Consulent",
            Role::Coordinator => "Regisseur",
            Role::TeamLead => "Teamleider",
            Role::Policy => "Beleidsmedewerker",
            Role::ContractManager => "Contractmanager",
            Role::Admin => "Beheerder",
        }
    }

    /// Roles that may see personal data of households must log in with a second
    /// factor (issue 2). Team leads see case lists of their team, so they count too.
    pub fn requires_second_factor(self) -> bool {
        matches!(
            self,
            Role::Professional | Role::Coordinator | Role::TeamLead | Role::Admin
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekende rol '{0}'; kies uit: editor, partner, professional, coordinator, team_lead, policy, contract_manager, admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn roles_with_personal_data_need_a_second_factor() {
        assert!(Role::Professional.requires_second_factor());
        assert!(Role::Coordinator.requires_second_factor());
        assert!(!Role::Editor.requires_second_factor());
        assert!(!Role::Policy.requires_second_factor());
        // Contracts and tariffs are business data, not personal data.
        assert!(!Role::ContractManager.requires_second_factor());
    }
}
