//! The municipalities a caller acts for.
//!
//! The region model (see ARCHITECTURE.md, "Municipalities and regions"): a user
//! belongs to one home municipality and acts for it and for every municipality
//! explicitly granted to them (one access team can work the queues of three
//! municipalities). Being in the same region grants nothing by itself: a region
//! shares only the monitor's comparison and its regional offers, never accounts,
//! personal data, the audit log, consents or synonyms.
//!
//! Every store function on municipal data takes a `MunicipalityScope` and
//! filters in SQL, so an id from a URL is never enough on its own.

use std::fmt;

/// A non-empty, sorted set of municipality ids.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MunicipalityScope {
    ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("een bereik bevat minstens één gemeente")]
pub struct EmptyScope;

impl MunicipalityScope {
    /// The scope of exactly one municipality.
    pub fn single(id: i64) -> Self {
        MunicipalityScope { ids: vec![id] }
    }

    /// A scope of the given municipalities (duplicates are merged).
    pub fn new(ids: impl IntoIterator<Item = i64>) -> Result<Self, EmptyScope> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            Err(EmptyScope)
        } else {
            Ok(MunicipalityScope { ids })
        }
    }

    /// A home municipality and its explicit grants.
    pub fn with_grants(home: i64, grants: impl IntoIterator<Item = i64>) -> Self {
        let mut ids: Vec<i64> = std::iter::once(home).chain(grants).collect();
        ids.sort_unstable();
        ids.dedup();
        MunicipalityScope { ids }
    }

    pub fn contains(&self, municipality_id: i64) -> bool {
        self.ids.binary_search(&municipality_id).is_ok()
    }

    /// The ids, ascending; never empty.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// True when every municipality of `other` is also in this scope.
    pub fn covers(&self, other: &MunicipalityScope) -> bool {
        other.ids.iter().all(|id| self.contains(*id))
    }

    /// The part of this scope that is also in `other`, if any.
    pub fn intersect(&self, other: &MunicipalityScope) -> Option<MunicipalityScope> {
        MunicipalityScope::new(self.ids.iter().copied().filter(|id| other.contains(*id))).ok()
    }
}

impl fmt::Debug for MunicipalityScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MunicipalityScope{:?}", self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_sorted_without_duplicates_and_never_empty() {
        let s =
            MunicipalityScope::new([3, 1, 3, 2]).unwrap_or_else(|_| MunicipalityScope::single(0));
        assert_eq!(s.ids(), &[1, 2, 3]);
        assert!(s.contains(2));
        assert!(!s.contains(4));
        assert_eq!(MunicipalityScope::new([]), Err(EmptyScope));
    }

    #[test]
    fn grants_add_to_the_home_municipality() {
        let s = MunicipalityScope::with_grants(7, [9, 7]);
        assert_eq!(s.ids(), &[7, 9]);
        assert!(s.covers(&MunicipalityScope::single(9)));
        assert!(!MunicipalityScope::single(7).covers(&s));
    }

    #[test]
    fn intersection_keeps_only_shared_municipalities() {
        let a = MunicipalityScope::with_grants(1, [2, 3]);
        let b = MunicipalityScope::with_grants(3, [4]);
        assert_eq!(a.intersect(&b), Some(MunicipalityScope::single(3)));
        assert_eq!(a.intersect(&MunicipalityScope::single(5)), None);
    }
}
