//! What the monitor keeps between requests, held by the application state.

use kompas_domain::monitor::suppression::Published;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Published computed indicators per set of municipalities, kept while the
/// events do not change (their count and highest id).
#[derive(Default)]
pub struct Cache(pub(super) Mutex<HashMap<Vec<i64>, Cached>>);

/// The events' fingerprint and what was published from them.
pub(super) type Cached = ((i64, i64), Arc<Published>);
