//! A small cache of finished public API answers (the HSDS search), keyed by
//! the request and valid only for the generation it was made from: the
//! directory's change-feed number the search index has applied
//! (`directory::generation`). An edited offer, organisation,
//! location or synonym on any instance makes every older answer unusable
//! once this instance has applied the change (within the index poll). Other
//! changes (a taxonomy, say) show after at most `ttl`.
//!
//! Only anonymous, identical-for-everyone answers belong here.

use axum::body::Bytes;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct ResponseCache {
    enabled: AtomicBool,
    capacity: usize,
    ttl: Duration,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Cached>,
    /// Keys in insertion order: the oldest goes first when full.
    order: VecDeque<String>,
}

struct Cached {
    generation: u64,
    made: Instant,
    body: Bytes,
}

/// Answers larger than this are not kept.
const MAX_BODY: usize = 512 * 1024;

impl ResponseCache {
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        ResponseCache {
            enabled: AtomicBool::new(capacity > 0),
            capacity,
            ttl,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// Switches the cache off (and on) at run time, for measuring.
    pub fn set_enabled(&self, on: bool) {
        self.enabled
            .store(on && self.capacity > 0, Ordering::SeqCst);
        if let Ok(mut e) = self.inner.lock() {
            *e = Entries::default();
        }
    }

    /// The kept answer for `key`, if it was made from `generation` within the ttl.
    pub fn get(&self, key: &str, generation: u64) -> Option<Bytes> {
        if !self.enabled.load(Ordering::Relaxed) {
            return None;
        }
        let e = self.inner.lock().ok()?;
        let c = e.map.get(key)?;
        (c.generation == generation && c.made.elapsed() < self.ttl).then(|| c.body.clone())
    }

    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if !self.enabled.load(Ordering::Relaxed) || body.len() > MAX_BODY {
            return;
        }
        let Ok(mut e) = self.inner.lock() else {
            return;
        };
        let fresh = Cached {
            generation,
            made: Instant::now(),
            body,
        };
        if e.map.insert(key.clone(), fresh).is_none() {
            e.order.push_back(key);
        }
        while e.map.len() > self.capacity {
            match e.order.pop_front() {
                Some(old) => {
                    e.map.remove(&old);
                }
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_for_its_generation_only() {
        let c = ResponseCache::new(10, Duration::from_secs(60));
        c.put("q=a".into(), 1, Bytes::from_static(b"A"));
        assert_eq!(c.get("q=a", 1).as_deref(), Some(&b"A"[..]));
        assert_eq!(c.get("q=a", 2), None, "a newer index makes it unusable");
        assert_eq!(c.get("q=b", 1), None);
    }

    #[test]
    fn the_oldest_answer_goes_when_full() {
        let c = ResponseCache::new(2, Duration::from_secs(60));
        for k in ["a", "b", "c"] {
            c.put(k.into(), 1, Bytes::from(k.to_string()));
        }
        assert_eq!(c.get("a", 1), None);
        assert!(c.get("b", 1).is_some() && c.get("c", 1).is_some());
    }

    #[test]
    fn answers_expire_and_a_switched_off_cache_keeps_nothing() {
        let c = ResponseCache::new(2, Duration::from_millis(0));
        c.put("a".into(), 1, Bytes::from_static(b"A"));
        assert_eq!(c.get("a", 1), None, "older than the ttl");
        let off = ResponseCache::new(0, Duration::from_secs(60));
        off.put("a".into(), 1, Bytes::from_static(b"A"));
        assert_eq!(off.get("a", 1), None);
    }
}
