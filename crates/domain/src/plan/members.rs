//! Whom a plan item is about, and who may see it.
//!
//! A goal, an action, a support item or a note can be about one or more
//! members of the household, or about the household as a whole. Consent is
//! given per member, so what a partner organisation may see of an item
//! follows from the consent of *every* member the item is about: Fatima's
//! consent opens Fatima's goal, never Amir's, and a goal about both needs
//! both. An item about the whole household is about every member.
//!
//! The household itself sees its plan: each member sees what is about them
//! or about the whole household; a parent or carer also sees what is about
//! the household's minor children.

use super::consent::ConsentGrant;
use crate::directory::LifeDomain;
use crate::toegang::household::MemberRole;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

/// The members an item is about; empty means the whole household.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Concerns(BTreeSet<i64>);

impl Concerns {
    /// The whole household.
    pub fn household() -> Concerns {
        Concerns(BTreeSet::new())
    }

    pub fn members(ids: impl IntoIterator<Item = i64>) -> Concerns {
        Concerns(ids.into_iter().collect())
    }

    pub fn is_household(&self) -> bool {
        self.0.is_empty()
    }

    /// The member ids named (empty for the whole household).
    pub fn ids(&self) -> &BTreeSet<i64> {
        &self.0
    }

    /// The members it is about, given the household's members.
    pub fn resolve(&self, household: &[i64]) -> BTreeSet<i64> {
        if self.0.is_empty() {
            household.iter().copied().collect()
        } else {
            self.0.clone()
        }
    }

    /// Checks that every member named belongs to the household.
    pub fn check(&self, household: &[i64]) -> Result<(), String> {
        if self.0.iter().all(|m| household.contains(m)) {
            Ok(())
        } else {
            Err("Kies alleen leden van dit huishouden.".into())
        }
    }
}

/// May `organization_id` see an item in `domain` about `concerns` at `at`
/// (local date `today`)? Only when every member the item is about has a
/// consent in force for that organisation and domain. `grants` may hold the
/// grants of all members: each member's own are picked out.
pub fn partner_may_see(
    grants: &[ConsentGrant],
    household: &[i64],
    concerns: &Concerns,
    organization_id: i64,
    domain: LifeDomain,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> bool {
    let members = concerns.resolve(household);
    !members.is_empty()
        && members.iter().all(|m| {
            grants.iter().any(|g| {
                g.member_id() == *m
                    && g.organization_id() == organization_id
                    && g.domains().contains(&domain)
                    && g.in_force(at, today)
            })
        })
}

/// A member as the resident's own view needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub member_id: i64,
    /// A parent or carer (not a child) of 18 or older.
    pub carer: bool,
}

impl Reader {
    pub fn new(
        member_id: i64,
        role: MemberRole,
        birth: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Reader {
        Reader {
            member_id,
            carer: role == MemberRole::Parent && !is_minor(birth, today),
        }
    }
}

/// Under 18 on `today`; an unknown date of birth counts as an adult.
pub fn is_minor(birth: Option<NaiveDate>, today: NaiveDate) -> bool {
    birth.is_some_and(|b| today.years_since(b).unwrap_or(0) < 18)
}

/// May this member of the household see an item about `concerns`? Their
/// own items and the household's; a carer also those only about minors.
pub fn member_may_see(reader: Reader, concerns: &Concerns, minors: &[i64]) -> bool {
    concerns.is_household()
        || concerns.ids().contains(&reader.member_id)
        || (reader.carer && concerns.ids().iter().all(|m| minors.contains(m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Purpose;
    use chrono::TimeZone;
    use LifeDomain::{Finances, WorkAndEducation as Work};

    const FATIMA: i64 = 1;
    const AMIR: i64 = 2;
    const SAMI: i64 = 3;
    const PARTNER: i64 = 20;
    const HOUSEHOLD: [i64; 3] = [FATIMA, AMIR, SAMI];

    fn grant(member: i64, domains: &[LifeDomain]) -> ConsentGrant {
        ConsentGrant::new(
            member,
            PARTNER,
            domains.iter().copied().collect(),
            Purpose::parse("Werk en inkomen afstemmen").unwrap(),
            d(2026, 1, 1),
            None,
        )
        .unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn sees(grants: &[ConsentGrant], concerns: &Concerns, domain: LifeDomain) -> bool {
        let at = Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap();
        partner_may_see(
            grants,
            &HOUSEHOLD,
            concerns,
            PARTNER,
            domain,
            at,
            d(2026, 6, 1),
        )
    }

    #[test]
    fn one_members_consent_never_opens_anothers_items() {
        let grants = [grant(FATIMA, &[Work, Finances])];
        assert!(sees(&grants, &Concerns::members([FATIMA]), Work));
        assert!(!sees(&grants, &Concerns::members([AMIR]), Work));
        // A goal about both needs both.
        assert!(!sees(&grants, &Concerns::members([FATIMA, AMIR]), Work));
        // The whole household is every member.
        assert!(!sees(&grants, &Concerns::household(), Finances));
        let all = [
            grant(FATIMA, &[Work]),
            grant(AMIR, &[Work]),
            grant(SAMI, &[Work]),
        ];
        assert!(sees(&all, &Concerns::household(), Work));
        assert!(!sees(&all, &Concerns::household(), Finances));
    }

    #[test]
    fn consent_for_another_organisation_or_withdrawn_opens_nothing() {
        let mut g = grant(FATIMA, &[Work]);
        let at = Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap();
        let about = Concerns::members([FATIMA]);
        assert!(!partner_may_see(
            &[g.clone()],
            &HOUSEHOLD,
            &about,
            21,
            Work,
            at,
            d(2026, 6, 1)
        ));
        g.withdraw(at - chrono::Duration::hours(1)).unwrap();
        assert!(!sees(&[g], &about, Work));
    }

    #[test]
    fn members_must_belong_to_the_household() {
        assert!(Concerns::members([FATIMA, SAMI]).check(&HOUSEHOLD).is_ok());
        assert!(Concerns::members([FATIMA, 99]).check(&HOUSEHOLD).is_err());
        assert!(Concerns::household().check(&HOUSEHOLD).is_ok());
        assert_eq!(Concerns::household().resolve(&HOUSEHOLD).len(), 3);
    }

    #[test]
    fn the_household_sees_its_own_and_a_parent_its_childrens() {
        let today = d(2026, 6, 1);
        let fatima = Reader::new(FATIMA, MemberRole::Parent, Some(d(1990, 3, 3)), today);
        let amir = Reader::new(AMIR, MemberRole::Partner, Some(d(1988, 3, 3)), today);
        let sami = Reader::new(SAMI, MemberRole::Child, Some(d(2014, 3, 3)), today);
        let minors = [SAMI];
        let of = |m: &[i64]| Concerns::members(m.iter().copied());
        assert!(member_may_see(amir, &Concerns::household(), &minors));
        assert!(member_may_see(amir, &of(&[AMIR]), &minors));
        assert!(!member_may_see(amir, &of(&[FATIMA]), &minors));
        assert!(member_may_see(fatima, &of(&[SAMI]), &minors));
        assert!(!member_may_see(sami, &of(&[FATIMA]), &minors));
        assert!(member_may_see(sami, &of(&[FATIMA, SAMI]), &minors));
        // A child of 18 is no longer a minor; a parent who is a minor is no carer.
        assert!(!is_minor(Some(d(2008, 6, 1)), today));
        assert!(is_minor(Some(d(2008, 6, 2)), today));
        assert!(!Reader::new(9, MemberRole::Parent, Some(d(2010, 1, 1)), today).carer);
    }
}
