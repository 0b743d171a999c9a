//! How many attempts may be in flight: at most so many per target origin
//! (scheme, host, port), so a partner is never hammered however many of
//! its entries are due, and at most so many in all.
//!
//! Permits are taken without waiting, while the worker scans due entries:
//! an entry whose origin is full is skipped for now, so one slow partner
//! does not hold up entries for the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::Url;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The permits an attempt holds until its outcome is recorded.
#[derive(Debug)]
pub(super) struct Permits {
    _global: OwnedSemaphorePermit,
    _origin: OwnedSemaphorePermit,
}

pub(super) struct Limits {
    global: Arc<Semaphore>,
    per_origin_default: usize,
    /// Limits configured for particular origins.
    configured: HashMap<String, usize>,
    /// A semaphore per origin seen so far. Bounded by the targets in the
    /// configuration, since targets come from it, not from events.
    origins: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// The origin of a target URL, the key of its concurrency limit; `None`
/// for a URL that does not parse (refused at enqueue, so not expected).
pub(super) fn origin_of(target: &str) -> Option<String> {
    Url::parse(target)
        .ok()
        .map(|url| url.origin().ascii_serialization())
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("available", &self.available())
            .finish_non_exhaustive()
    }
}

impl Limits {
    pub(super) fn new(
        global: usize,
        per_origin_default: usize,
        configured: HashMap<String, usize>,
    ) -> Limits {
        Limits {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_origin_default: per_origin_default.max(1),
            configured,
            origins: Mutex::new(HashMap::new()),
        }
    }

    /// Permits still free in all.
    pub(super) fn available(&self) -> usize {
        self.global.available_permits()
    }

    /// Takes a permit for an attempt on `target` if its origin and the
    /// worker both have room.
    pub(super) fn try_take(&self, target: &str) -> Option<Permits> {
        // An unparsable target still gets a (shared) limit.
        let origin = origin_of(target).unwrap_or_default();
        let semaphore = {
            // A poisoned lock only means another thread panicked while
            // inserting; the map itself is still consistent.
            let mut origins = self.origins.lock().unwrap_or_else(|e| e.into_inner());
            let limit = self
                .configured
                .get(&origin)
                .copied()
                .unwrap_or(self.per_origin_default)
                .max(1);
            Arc::clone(
                origins
                    .entry(origin)
                    .or_insert_with(|| Arc::new(Semaphore::new(limit))),
            )
        };
        let origin = semaphore.try_acquire_owned().ok()?;
        let global = Arc::clone(&self.global).try_acquire_owned().ok()?;
        Some(Permits {
            _global: global,
            _origin: origin,
        })
    }
}
