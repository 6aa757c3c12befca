//! When a login name is temporarily locked after failed passwords.
//!
//! Rule: after `max_failures` failures in a row, the account is locked for
//! `lock_minutes`; each further failure while counting starts a new lock.
//! A successful login resets the count. The rule is applied per login name
//! whether or not that account exists, so a lock does not reveal existence.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub lock_minutes: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_minutes: 15,
        }
    }
}

/// Wrong second-factor codes allowed on one pending login. A six-digit code
/// guessed five times has a 1 in 200 000 chance (three codes are valid at a
/// time); at the limit the pending login ends and counts as a failed login.
pub const SECOND_FACTOR_TRIES: i64 = 5;

/// The stored state for one login name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutPolicy {
    pub fn is_locked(&self, a: &Attempts, now: DateTime<Utc>) -> bool {
        a.locked_until.is_some_and(|until| now < until)
    }

    /// When a lock that starts now ends.
    pub fn lock_until(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::minutes(self.lock_minutes)
    }

    /// The state after one more failed attempt.
    pub fn after_failure(&self, a: &Attempts, now: DateTime<Utc>) -> Attempts {
        let failures = a.failures.saturating_add(1);
        let locked_until = if failures >= self.max_failures {
            Some(self.lock_until(now))
        } else {
            a.locked_until
        };
        Attempts {
            failures,
            locked_until,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn locks_after_the_fifth_failure_and_opens_after_the_wait() {
        let p = LockoutPolicy::default();
        let mut a = Attempts::default();
        for _ in 0..4 {
            a = p.after_failure(&a, t0());
            assert!(!p.is_locked(&a, t0()));
        }
        a = p.after_failure(&a, t0());
        assert!(p.is_locked(&a, t0()));
        assert!(p.is_locked(&a, t0() + Duration::minutes(14)));
        assert!(!p.is_locked(&a, t0() + Duration::minutes(15)));
    }
}
