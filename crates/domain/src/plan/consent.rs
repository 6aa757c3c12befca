//! Consent (*toestemming*): a household member allows one organisation to see
//! the plan's information on some life domains, for a purpose, for a period.
//!
//! A partner organisation sees a life domain of a member only while a consent
//! of that member for that organisation and that domain is in force: access
//! follows from consent alone, never from a role or a referral.

use super::text::bounded_text;
use crate::directory::LifeDomain;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

bounded_text!(
    /// Why the organisation may see the information: 1 to 300 characters.
    Purpose,
    300,
    "Schrijf op waarvoor de organisatie de gegevens nodig heeft.",
    "Het doel van de toestemming"
);

/// One consent of one member for one organisation. Made with [`ConsentGrant::new`];
/// a stored withdrawal is replayed with [`ConsentGrant::withdraw`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentGrant {
    member_id: i64,
    organization_id: i64,
    domains: BTreeSet<LifeDomain>,
    purpose: Purpose,
    from: NaiveDate,
    until: Option<NaiveDate>,
    withdrawn_at: Option<DateTime<Utc>>,
}

impl ConsentGrant {
    /// At least one life domain; `until` (the last day, included) not before
    /// `from` (the first day). Dates are local dates in the Netherlands.
    pub fn new(
        member_id: i64,
        organization_id: i64,
        domains: BTreeSet<LifeDomain>,
        purpose: Purpose,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<ConsentGrant, String> {
        if domains.is_empty() {
            return Err("Kies minstens één leefgebied waarvoor de toestemming geldt.".into());
        }
        if let Some(u) = until {
            if u < from {
                return Err(format!(
                    "De einddatum ({}) ligt voor de begindatum ({}).",
                    u.format("%d-%m-%Y"),
                    from.format("%d-%m-%Y")
                ));
            }
        }
        Ok(ConsentGrant {
            member_id,
            organization_id,
            domains,
            purpose,
            from,
            until,
            withdrawn_at: None,
        })
    }

    /// Withdraws the consent from moment `at` on. A consent is withdrawn once.
    pub fn withdraw(&mut self, at: DateTime<Utc>) -> Result<(), String> {
        if self.withdrawn_at.is_some() {
            return Err("Deze toestemming is al ingetrokken.".into());
        }
        self.withdrawn_at = Some(at);
        Ok(())
    }

    /// In force at moment `at`, which is local date `today_local`: not
    /// withdrawn at or before `at`, and `today_local` within `from..=until`.
    /// A withdrawal takes effect at once, not at the end of the day.
    pub fn in_force(&self, at: DateTime<Utc>, today_local: NaiveDate) -> bool {
        self.withdrawn_at.is_none_or(|w| w > at)
            && self.from <= today_local
            && self.until.is_none_or(|u| today_local <= u)
    }

    pub fn member_id(&self) -> i64 {
        self.member_id
    }

    pub fn organization_id(&self) -> i64 {
        self.organization_id
    }

    pub fn domains(&self) -> &BTreeSet<LifeDomain> {
        &self.domains
    }

    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn until(&self) -> Option<NaiveDate> {
        self.until
    }

    pub fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.withdrawn_at
    }
}

/// The life domains `organization_id` may see at `at` (local date `today`),
/// from the grants in force for it. Pass the grants of the member whose
/// information is asked for: the grants of one member never open up another.
pub fn visible_domains(
    grants: &[ConsentGrant],
    organization_id: i64,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> BTreeSet<LifeDomain> {
    grants
        .iter()
        .filter(|g| g.organization_id == organization_id && g.in_force(at, today))
        .flat_map(|g| g.domains.iter().copied())
        .collect()
}

/// May `organization_id` see `domain` at `at` (local date `today`)?
pub fn may_see(
    grants: &[ConsentGrant],
    organization_id: i64,
    domain: LifeDomain,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> bool {
    grants.iter().any(|g| {
        g.organization_id == organization_id && g.domains.contains(&domain) && g.in_force(at, today)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use LifeDomain::{Finances, Housing, MentalHealth};

    const PARTNER: i64 = 20;
    const OTHER: i64 = 21;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, 0, 0).unwrap()
    }

    fn grant(
        org: i64,
        domains: &[LifeDomain],
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> ConsentGrant {
        ConsentGrant::new(
            7,
            org,
            domains.iter().copied().collect(),
            Purpose::parse("Schuldhulp afstemmen").unwrap(),
            from,
            until,
        )
        .unwrap()
    }

    #[test]
    fn bad_grants_cannot_be_made() {
        let p = Purpose::parse("Afstemmen").unwrap();
        assert!(
            ConsentGrant::new(7, PARTNER, BTreeSet::new(), p.clone(), d(2026, 1, 1), None)
                .unwrap_err()
                .contains("leefgebied")
        );
        let one: BTreeSet<_> = [Finances].into();
        assert_eq!(
            ConsentGrant::new(
                7,
                PARTNER,
                one.clone(),
                p.clone(),
                d(2026, 2, 1),
                Some(d(2026, 1, 31))
            ),
            Err("De einddatum (31-01-2026) ligt voor de begindatum (01-02-2026).".into())
        );
        let same_day =
            ConsentGrant::new(7, PARTNER, one, p, d(2026, 2, 1), Some(d(2026, 2, 1))).unwrap();
        assert!(same_day.in_force(at(2026, 2, 1, 12), d(2026, 2, 1)));
        assert!(Purpose::parse("").is_err());
        assert!(Purpose::parse(&"x".repeat(301))
            .unwrap_err()
            .contains("300"));
        assert!(Purpose::parse(&"x".repeat(300)).is_ok());
    }

    #[test]
    fn no_consent_shows_nothing() {
        let now = at(2026, 3, 1, 9);
        assert!(visible_domains(&[], PARTNER, now, d(2026, 3, 1)).is_empty());
        assert!(!may_see(&[], PARTNER, Finances, now, d(2026, 3, 1)));
    }

    #[test]
    fn consent_shows_only_its_domains_and_only_to_its_organisation() {
        let grants = [
            grant(PARTNER, &[Finances], d(2026, 1, 1), None),
            grant(PARTNER, &[Housing, Finances], d(2026, 1, 1), None),
            grant(OTHER, &[MentalHealth], d(2026, 1, 1), None),
        ];
        let (now, today) = (at(2026, 3, 1, 9), d(2026, 3, 1));
        assert_eq!(
            visible_domains(&grants, PARTNER, now, today),
            [Finances, Housing].into()
        );
        assert!(may_see(&grants, PARTNER, Housing, now, today));
        assert!(!may_see(&grants, PARTNER, MentalHealth, now, today));
        assert_eq!(
            visible_domains(&grants, OTHER, now, today),
            [MentalHealth].into()
        );
        assert!(visible_domains(&grants, 99, now, today).is_empty());
    }

    #[test]
    fn a_withdrawal_works_at_once() {
        let mut g = grant(PARTNER, &[Finances], d(2026, 1, 1), None);
        let when = at(2026, 3, 1, 10);
        g.withdraw(when).unwrap();
        let today = d(2026, 3, 1);
        let grants = [g.clone()];
        assert!(may_see(
            &grants,
            PARTNER,
            Finances,
            when - Duration::seconds(1),
            today
        ));
        assert!(!may_see(&grants, PARTNER, Finances, when, today));
        assert!(visible_domains(&grants, PARTNER, when, today).is_empty());
        assert!(visible_domains(&grants, PARTNER, when + Duration::seconds(1), today).is_empty());
        assert_eq!(
            g.withdraw(when + Duration::hours(1)),
            Err("Deze toestemming is al ingetrokken.".into())
        );
        assert_eq!(g.withdrawn_at(), Some(when), "the first withdrawal stays");
    }

    #[test]
    fn consent_counts_only_from_its_first_to_its_last_day() {
        let g = [grant(
            PARTNER,
            &[Finances],
            d(2026, 3, 2),
            Some(d(2026, 6, 30)),
        )];
        let seen = |day: NaiveDate| {
            let noon = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
            may_see(&g, PARTNER, Finances, noon, day)
        };
        assert!(!seen(d(2026, 3, 1)), "not yet started");
        assert!(seen(d(2026, 3, 2)));
        assert!(seen(d(2026, 6, 30)), "the last day is included");
        assert!(!seen(d(2026, 7, 1)), "expired");
    }
}
