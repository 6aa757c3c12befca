//! What the monitor keeps between requests, held by the application state.

use kompas_domain::monitor::suppression::Published;
use kompas_store::case_events::LoadedColumns;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Per set of municipalities: their case events in columns and what was
/// published from them. Each request loads only the events added since the
/// previous one, and computes again only when there were any.
#[derive(Default)]
pub struct Cache(pub(super) Mutex<HashMap<Vec<i64>, Arc<tokio::sync::Mutex<Cached>>>>);

#[derive(Default)]
pub(super) struct Cached {
    /// `None` before the first load, or after a computation failed.
    pub(super) events: Option<LoadedColumns>,
    pub(super) published: Option<Arc<Published>>,
}
