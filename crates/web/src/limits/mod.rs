//! Abuse limits. Budgets per client address (and per account for logins)
//! use governor's GCRA ("N a minute", a burst of N, refilled evenly); the
//! public HSDS API and search also have a cap on requests in flight, so a
//! scraper gets a quick 429 or 503 with `Retry-After` instead of slowing the
//! pages residents and workers use.
//!
//! The client address comes from [`client::client_address`]: the proxy's
//! header only when the connection comes from a trusted proxy.

pub mod client;
pub mod layers;

use axum::http::{header, HeaderValue};
use client::{budget_key, ForwardedHeader, TrustedProxies};
use governor::clock::Clock as _;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits an installation runs with (settings `trusted_proxies`,
/// `forwarded_header` and `[limits]`). A budget or cap of 0 is off.
#[derive(Debug, Clone)]
pub struct LimitsConfig {
    pub trusted_proxies: TrustedProxies,
    pub forwarded_header: ForwardedHeader,
    /// Login attempts per client address per minute.
    pub login_per_address: u32,
    /// Login attempts per user name per minute, from all addresses together.
    pub login_per_account: u32,
    /// Requests to `/api/hsds/…` per client per minute.
    pub api_per_client: u32,
    /// `/api/hsds/…` requests being answered at once, from all clients.
    pub api_in_flight: u32,
    /// Requests to `/zoeken…` per client per minute.
    pub search_per_client: u32,
    /// `/zoeken…` requests being answered at once, from all clients.
    pub search_in_flight: u32,
    /// Resident questions (`/vraag-stellen`) per client per minute.
    pub questions_per_client: u32,
    /// "Meld een fout" reports per client per minute.
    pub reports_per_client: u32,
    /// A request that takes longer (body included) is answered with 503.
    pub request_timeout: Duration,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            trusted_proxies: TrustedProxies::default(),
            forwarded_header: ForwardedHeader::default(),
            login_per_address: 30,
            login_per_account: 10,
            api_per_client: 120,
            api_in_flight: 4,
            search_per_client: 120,
            search_in_flight: 32,
            questions_per_client: 5,
            reports_per_client: 10,
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// How long to wait before trying again, in whole seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl RetryAfter {
    fn from_wait(wait: Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        RetryAfter(secs.max(1))
    }

    pub fn header(self) -> (header::HeaderName, HeaderValue) {
        (header::RETRY_AFTER, HeaderValue::from(self.0))
    }
}

/// Keys above this many make a budget forget the ones that are full again.
const MAX_KEYS: usize = 100_000;

/// "N a minute per key". Governor keeps one small state per key in a
/// concurrent map; keys whose budget is full again are forgotten now and
/// then, so a flood of new keys cannot grow it without end.
pub struct Budget<K: Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
    checks: AtomicU64,
}

impl<K: Hash + Eq + Clone> Budget<K> {
    /// `per_minute` requests a minute with a burst of as many; 0 is no budget.
    pub fn per_minute(per_minute: u32) -> Self {
        Budget {
            limiter: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            checks: AtomicU64::new(0),
        }
    }

    /// Uses one unit of `key`'s budget, or says how long to wait.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 && limiter.len() > MAX_KEYS {
            limiter.retain_recent();
        }
        limiter.check_key(key).map_err(|not_until| {
            RetryAfter::from_wait(not_until.wait_time_from(limiter.clock().now()))
        })
    }

    /// Forgets keys whose budget is full again (memory only; no effect on answers).
    pub fn forget_idle(&self) {
        if let Some(l) = &self.limiter {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// At most N requests of a kind being answered at once; 0 is no cap.
pub struct InFlight(Option<Arc<Semaphore>>);

impl InFlight {
    pub fn new(max: u32) -> Self {
        InFlight((max > 0).then(|| Arc::new(Semaphore::new(max as usize))))
    }

    /// A place, or `None` when every place is taken (answer fast, don't queue).
    fn enter(&self) -> Option<Option<OwnedSemaphorePermit>> {
        match &self.0 {
            None => Some(None),
            Some(s) => s.clone().try_acquire_owned().ok().map(Some),
        }
    }
}

/// Every budget and cap of one application.
pub struct Limits {
    pub config: LimitsConfig,
    pub login_address: Budget<IpAddr>,
    pub login_account: Budget<String>,
    pub questions: Budget<IpAddr>,
    pub reports: Budget<IpAddr>,
    api: Budget<IpAddr>,
    api_in_flight: InFlight,
    search: Budget<IpAddr>,
    search_in_flight: InFlight,
}

impl Limits {
    pub fn new(config: LimitsConfig) -> Self {
        Limits {
            login_address: Budget::per_minute(config.login_per_address),
            login_account: Budget::per_minute(config.login_per_account),
            questions: Budget::per_minute(config.questions_per_client),
            reports: Budget::per_minute(config.reports_per_client),
            api: Budget::per_minute(config.api_per_client),
            api_in_flight: InFlight::new(config.api_in_flight),
            search: Budget::per_minute(config.search_per_client),
            search_in_flight: InFlight::new(config.search_in_flight),
            config,
        }
    }

    /// A login attempt from `ip` for `username`: the address's budget first,
    /// then the account's (an address over its budget does not use up the
    /// account's).
    pub fn login(&self, ip: IpAddr, username: &str) -> Result<(), (LoginRefusal, RetryAfter)> {
        self.login_address
            .check(&budget_key(ip))
            .map_err(|r| (LoginRefusal::Address, r))?;
        let account: String = username.chars().take(64).collect();
        self.login_account
            .check(&account)
            .map_err(|r| (LoginRefusal::Account, r))
    }

    /// Takes one place of the API's cap until the permit is dropped, as a
    /// request being answered does (tests fill the cap with it); `None` when
    /// there is no cap or no free place.
    pub fn take_api_place(&self) -> Option<OwnedSemaphorePermit> {
        self.api_in_flight.enter().flatten()
    }

    /// Forgets idle keys of every budget (call now and then).
    pub fn forget_idle(&self) {
        self.login_address.forget_idle();
        self.login_account.forget_idle();
        self.questions.forget_idle();
        self.reports.forget_idle();
        self.api.forget_idle();
        self.search.forget_idle();
    }
}

/// Which budget refused a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    Address,
    Account,
}

/// The client's address as the limits see it, found once per request by
/// [`layers::resolve_client`].
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_budget_refuses_after_its_burst_and_says_how_long_to_wait() {
        let b = Budget::per_minute(3);
        let k = "a".to_string();
        for _ in 0..3 {
            assert!(b.check(&k).is_ok());
        }
        let wait = b.check(&k).unwrap_err();
        // One unit comes back every 20 seconds.
        assert!((1..=20).contains(&wait.0), "{wait:?}");
        assert!(b.check(&"b".to_string()).is_ok());
        let off = Budget::per_minute(0);
        for _ in 0..1000 {
            assert!(off.check(&k).is_ok());
        }
    }

    #[test]
    fn login_budgets_per_address_and_per_account_are_separate() {
        let l = Limits::new(LimitsConfig {
            login_per_address: 3,
            login_per_account: 2,
            ..LimitsConfig::default()
        });
        let a: IpAddr = "198.51.100.1".parse().unwrap();
        let b: IpAddr = "198.51.100.2".parse().unwrap();
        assert!(l.login(a, "x").is_ok());
        assert!(l.login(b, "x").is_ok());
        assert_eq!(l.login(b, "x").unwrap_err().0, LoginRefusal::Account);
        assert!(l.login(a, "y").is_ok());
        assert!(l.login(a, "z").is_ok());
        assert_eq!(l.login(a, "w").unwrap_err().0, LoginRefusal::Address);
        // The refused address did not use up w's budget.
        assert!(l.login(b, "w").is_ok());
    }

    #[test]
    fn places_in_flight_are_given_back() {
        let f = InFlight::new(1);
        let first = f.enter().unwrap();
        assert!(f.enter().is_none());
        drop(first);
        assert!(f.enter().is_some());
        assert!(InFlight::new(0).enter().is_some());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RetryAfter::from_wait(Duration::from_millis(1)).0, 1);
        assert_eq!(RetryAfter::from_wait(Duration::from_millis(2500)).0, 3);
        assert_eq!(RetryAfter::from_wait(Duration::ZERO).0, 1);
    }
}
