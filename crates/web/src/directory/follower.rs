//! How this instance's index follows the database's change feed (see
//! `kompas_store::feed`), kept by the application state. Its own file so the
//! state does not depend on the directory pages, which depend on the state.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// One catch-up at a time; whether synonyms are loaded; how often the whole
/// index was rebuilt; when the feed was last checked.
#[derive(Default)]
pub struct Follower {
    pub(super) running: tokio::sync::Mutex<()>,
    pub(super) synonyms_loaded: AtomicBool,
    pub(super) rebuilds: AtomicU64,
    pub(super) last_check: std::sync::Mutex<Option<std::time::Instant>>,
}

impl Follower {
    /// How often this instance rebuilt its whole index (following the feed
    /// should make that rare).
    pub fn rebuilds(&self) -> u64 {
        self.rebuilds.load(Ordering::SeqCst)
    }
}
