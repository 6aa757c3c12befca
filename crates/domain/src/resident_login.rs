//! A resident's DigiD login (issue 15): how sure the login is (the assurance
//! level a broker reports) and who may act for whom (*machtigen*).
//!
//! Kompas records no legal representation (guardianship, curatele) of its
//! own, so the rule is what the household data can show: a parent or carer of
//! 18 or older may act for a minor child in the same household. Anything
//! else — another household, an adult "child", a minor parent, a member of
//! unknown age — is refused; such a person can still get a one-time link
//! from their coordinator.

use crate::toegang::household::MemberRole;
use chrono::NaiveDate;

/// DigiD's assurance levels, lowest first (the order is meaningful).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum AssuranceLevel {
    Basis,
    Midden,
    Substantieel,
    Hoog,
}

impl AssuranceLevel {
    pub const ALL: [AssuranceLevel; 4] = [
        AssuranceLevel::Basis,
        AssuranceLevel::Midden,
        AssuranceLevel::Substantieel,
        AssuranceLevel::Hoog,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AssuranceLevel::Basis => "basis",
            AssuranceLevel::Midden => "midden",
            AssuranceLevel::Substantieel => "substantieel",
            AssuranceLevel::Hoog => "hoog",
        }
    }

    /// Reads the level as brokers write it: DigiD's names, Logius' numbers
    /// (10, 20, 25, 30), the eIDAS levels (`low` … `high`, also as
    /// `http://eidas.europa.eu/LoA/…`) and the SAML authentication context
    /// classes DigiD uses. Anything else is not a level.
    pub fn parse(raw: &str) -> Option<AssuranceLevel> {
        let v = raw.trim().to_ascii_lowercase();
        let tail = v.rsplit([':', '/']).next().unwrap_or(&v);
        Some(match tail {
            "basis" | "10" | "passwordprotectedtransport" | "low" => AssuranceLevel::Basis,
            "midden" | "20" | "mobiletwofactorcontract" => AssuranceLevel::Midden,
            "substantieel" | "25" | "smartcard" | "substantial" => AssuranceLevel::Substantieel,
            "hoog" | "30" | "smartcardpki" | "high" => AssuranceLevel::Hoog,
            _ => return None,
        })
    }

    /// Is this login sure enough for a service that needs `minimum`?
    pub fn suffices_for(self, minimum: AssuranceLevel) -> bool {
        self >= minimum
    }
}

impl TryFrom<String> for AssuranceLevel {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        AssuranceLevel::parse(&raw).ok_or_else(|| {
            format!("onbekend betrouwbaarheidsniveau '{raw}' (basis, midden, substantieel of hoog)")
        })
    }
}

/// A household member as the representation rule needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberFacts {
    pub id: i64,
    pub household_id: i64,
    pub role: MemberRole,
    pub birth_date: Option<NaiveDate>,
}

/// Why someone may not act for another member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepresentationRefused {
    /// Acting for oneself is no representation.
    SamePerson,
    OtherHousehold,
    /// The acting member is not recorded as a parent or carer.
    NotAParent,
    /// The acting member is under 18 (or of unknown age: refused too, since
    /// no adult is known).
    ActorNotAdult,
    /// The member acted for is not a child under 18 with a known birth date.
    NotAMinorChild,
}

impl RepresentationRefused {
    /// For the audit log (Dutch, no personal data).
    pub fn reason_nl(self) -> &'static str {
        match self {
            RepresentationRefused::SamePerson => "machtiging voor zichzelf",
            RepresentationRefused::OtherHousehold => "niet in hetzelfde huishouden",
            RepresentationRefused::NotAParent => "gemachtigde is geen ouder of verzorger",
            RepresentationRefused::ActorNotAdult => "gemachtigde is niet meerderjarig",
            RepresentationRefused::NotAMinorChild => "vertegenwoordigde is geen minderjarig kind",
        }
    }
}

fn age(birth: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(birth).unwrap_or(0)
}

/// May `actor` open the resident's view of `represented` on `today`?
pub fn may_act_for(
    actor: MemberFacts,
    represented: MemberFacts,
    today: NaiveDate,
) -> Result<(), RepresentationRefused> {
    if actor.id == represented.id {
        return Err(RepresentationRefused::SamePerson);
    }
    if actor.household_id != represented.household_id {
        return Err(RepresentationRefused::OtherHousehold);
    }
    if actor.role != MemberRole::Parent {
        return Err(RepresentationRefused::NotAParent);
    }
    if actor.birth_date.is_none_or(|b| age(b, today) < 18) {
        return Err(RepresentationRefused::ActorNotAdult);
    }
    let minor_child = represented.role == MemberRole::Child
        && represented.birth_date.is_some_and(|b| age(b, today) < 18);
    if !minor_child {
        return Err(RepresentationRefused::NotAMinorChild);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member(
        id: i64,
        household_id: i64,
        role: MemberRole,
        birth: Option<NaiveDate>,
    ) -> MemberFacts {
        MemberFacts {
            id,
            household_id,
            role,
            birth_date: birth,
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 7);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn levels_are_read_in_every_broker_spelling() {
        use AssuranceLevel::*;
        for (raw, want) in [
            ("substantieel", Substantieel),
            ("Substantieel", Substantieel),
            ("25", Substantieel),
            ("http://eidas.europa.eu/LoA/substantial", Substantieel),
            (
                "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
                Substantieel,
            ),
            ("urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", Hoog),
            (
                "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
                Midden,
            ),
            (
                "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                Basis,
            ),
            ("10", Basis),
            ("hoog", Hoog),
            ("http://eidas.europa.eu/LoA/low", Basis),
        ] {
            assert_eq!(AssuranceLevel::parse(raw), Some(want), "{raw}");
        }
        assert_eq!(AssuranceLevel::parse(""), None);
        assert_eq!(AssuranceLevel::parse("15"), None);
        assert_eq!(AssuranceLevel::parse("heel hoog"), None);
    }

    #[test]
    fn a_level_suffices_for_itself_and_lower_minimums_only() {
        use AssuranceLevel::*;
        assert!(Substantieel.suffices_for(Substantieel));
        assert!(Hoog.suffices_for(Substantieel));
        assert!(!Midden.suffices_for(Substantieel));
        assert!(!Basis.suffices_for(Midden));
        for l in AssuranceLevel::ALL {
            assert_eq!(AssuranceLevel::parse(l.code()), Some(l));
        }
    }

    #[test]
    fn an_adult_parent_may_act_for_a_minor_child_in_the_same_household() {
        let mum = member(1, 10, MemberRole::Parent, Some(d(1985, 3, 1)));
        let kid = member(2, 10, MemberRole::Child, Some(d(2014, 6, 1)));
        assert_eq!(may_act_for(mum, kid, today()), Ok(()));
    }

    #[test]
    fn representation_is_refused_outside_the_rule() {
        use RepresentationRefused::*;
        let mum = member(1, 10, MemberRole::Parent, Some(d(1985, 3, 1)));
        let kid = member(2, 10, MemberRole::Child, Some(d(2014, 6, 1)));
        // Not for oneself.
        assert_eq!(may_act_for(mum, mum, today()), Err(SamePerson));
        // The same child in another household.
        let elsewhere = MemberFacts {
            household_id: 11,
            ..kid
        };
        assert_eq!(may_act_for(mum, elsewhere, today()), Err(OtherHousehold));
        // A partner or another adult is not a parent.
        let partner = member(3, 10, MemberRole::Partner, Some(d(1984, 1, 1)));
        assert_eq!(may_act_for(partner, kid, today()), Err(NotAParent));
        // A child cannot act for a parent, nor a sibling for a sibling.
        assert_eq!(may_act_for(kid, mum, today()), Err(NotAParent));
        // A parent of 17, or of unknown age.
        let young = member(4, 10, MemberRole::Parent, Some(d(2009, 12, 8)));
        assert_eq!(may_act_for(young, kid, today()), Err(ActorNotAdult));
        let unknown = member(5, 10, MemberRole::Parent, None);
        assert_eq!(may_act_for(unknown, kid, today()), Err(ActorNotAdult));
        // A child who turned 18 today is an adult; one day earlier not.
        let eighteen = member(6, 10, MemberRole::Child, Some(d(2008, 12, 7)));
        assert_eq!(may_act_for(mum, eighteen, today()), Err(NotAMinorChild));
        let seventeen = member(7, 10, MemberRole::Child, Some(d(2008, 12, 8)));
        assert_eq!(may_act_for(mum, seventeen, today()), Ok(()));
        // A child of unknown age, or a minor partner, is not acted for.
        let no_birth = member(8, 10, MemberRole::Child, None);
        assert_eq!(may_act_for(mum, no_birth, today()), Err(NotAMinorChild));
        let minor_other = member(9, 10, MemberRole::Other, Some(d(2015, 1, 1)));
        assert_eq!(may_act_for(mum, minor_other, today()), Err(NotAMinorChild));
    }
}
