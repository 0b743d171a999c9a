//! [`Outbox`]: the shared, async face of the store.
//!
//! A durable commit waits for `fsync`, which can take milliseconds on a
//! busy disk; done on a reactor thread it would stall every connection that
//! thread serves. So each operation runs on tokio's blocking pool
//! ([`tokio::task::spawn_blocking`]) and the async methods await it. They
//! therefore need a tokio runtime; [`Outbox::open`] does not.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Notify;

use super::error::OutboxError;
use super::lease::{LeaseBatch, Outcome};
use super::model::{
    Delivery, Enqueued, EntryId, EntrySummary, OutboxStats, Selection, StateFilter,
};
use super::store::Store;

/// The durable outbox of webhook deliveries.
///
/// Cheap to clone: clones share one open file. Every method that changes
/// the outbox returns only once the change is committed to disk.
///
/// ```no_run
/// # async fn demo() -> Result<(), ferry_serve::outbox::OutboxError> {
/// use ferry_serve::outbox::{Delivery, Enqueued, Outbox};
/// use std::time::{Duration, SystemTime};
///
/// let outbox = Outbox::open("ferry-outbox.redb")?;
/// let delivery = Delivery {
///     route: "orders".into(),
///     target: "http://127.0.0.1:9000/hook".into(),
///     body: br#"{"id":1}"#.to_vec(),
///     content_type: "application/json".into(),
///     headers: vec![],
///     event_id: Some("evt_1".into()),
/// };
/// let window = Duration::from_secs(24 * 3600);
/// match outbox.enqueue_once(delivery, window, SystemTime::now()).await? {
///     Enqueued::New(id) => println!("queued as {id}: answer 202"),
///     Enqueued::Duplicate => println!("a retry of an event already queued: answer 202"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Outbox {
    shared: Arc<Shared>,
}

struct Shared {
    store: Store,
    /// Woken on enqueue and replay, so the worker starts at once instead of
    /// at its next poll.
    work: Notify,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox").finish_non_exhaustive()
    }
}

impl Outbox {
    /// Opens the outbox file at `path`, creating it if it does not exist.
    ///
    /// Blocking (it may recover the file after a crash): call it at
    /// start-up. One process at a time may have the file open; a second
    /// gets [`OutboxError::AlreadyOpen`].
    pub fn open(path: impl AsRef<Path>) -> Result<Outbox, OutboxError> {
        let store = Store::open(path.as_ref())?;
        Ok(Outbox {
            shared: Arc::new(Shared {
                store,
                work: Notify::new(),
            }),
        })
    }

    /// Stores a delivery as pending, due now. When this returns `Ok` the
    /// entry is on disk: the caller may acknowledge the event.
    pub async fn enqueue(&self, delivery: Delivery) -> Result<EntryId, OutboxError> {
        delivery.validate()?;
        let id = self
            .blocking(move |store| store.enqueue(&delivery, SystemTime::now()))
            .await?;
        self.shared.work.notify_one();
        Ok(id)
    }

    /// [`enqueue`](Self::enqueue) unless `delivery.event_id` was seen on
    /// this route within `window` before `now`, in one transaction: the
    /// event is either remembered and stored, or neither. A delivery
    /// without an event id is always enqueued.
    ///
    /// Prefer this to [`first_seen`](Self::first_seen) followed by
    /// `enqueue`: should the work between the two fail, the sender's retry
    /// would be refused as a duplicate and the event lost.
    pub async fn enqueue_once(
        &self,
        delivery: Delivery,
        window: Duration,
        now: SystemTime,
    ) -> Result<Enqueued, OutboxError> {
        delivery.validate()?;
        let enqueued = self
            .blocking(move |store| store.enqueue_once(&delivery, window, now))
            .await?;
        if let Enqueued::New(_) = enqueued {
            self.shared.work.notify_one();
        }
        Ok(enqueued)
    }

    /// Records `event_id` as seen on `route` at `now` and returns true,
    /// unless it was already seen within `window` (false: a repeat). The
    /// window runs from the first sighting; a repeat does not extend it.
    /// Expired ids are pruned as new ones are recorded.
    pub async fn first_seen(
        &self,
        route: &str,
        event_id: &str,
        window: Duration,
        now: SystemTime,
    ) -> Result<bool, OutboxError> {
        let (route, event_id) = (route.to_owned(), event_id.to_owned());
        self.blocking(move |store| store.first_seen(&route, &event_id, window, now))
            .await
    }

    /// Up to `limit` entries in `filter`'s state, oldest first.
    pub async fn list(
        &self,
        filter: StateFilter,
        limit: usize,
    ) -> Result<Vec<EntrySummary>, OutboxError> {
        self.blocking(move |store| store.list(filter, limit)).await
    }

    /// Makes dead entries pending again, due now, with their attempts reset
    /// and their last error cleared. Selected entries that are not dead are
    /// left alone. Returns how many were replayed.
    pub async fn replay(&self, selection: Selection) -> Result<u64, OutboxError> {
        let count = self
            .blocking(move |store| store.replay(&selection, SystemTime::now()))
            .await?;
        if count > 0 {
            self.shared.work.notify_one();
        }
        Ok(count)
    }

    /// Deletes entries for good: all dead ones, or the given ids whatever
    /// their state. Returns how many were deleted. An attempt already in
    /// flight for a purged entry still completes, and its outcome is
    /// dropped.
    pub async fn purge(&self, selection: Selection) -> Result<u64, OutboxError> {
        self.blocking(move |store| store.purge(&selection)).await
    }

    /// Counts of pending and dead entries and the oldest pending entry's
    /// age.
    pub async fn stats(&self) -> Result<OutboxStats, OutboxError> {
        self.blocking(|store| store.stats(SystemTime::now())).await
    }

    /// The `idempotency-key` the worker sends for entry `id` (also its
    /// `webhook-id` unless the delivery set one): unique to this outbox
    /// file, so a partner's logs can be searched for it.
    pub fn delivery_key(&self, id: EntryId) -> String {
        self.shared.store.delivery_key(id)
    }

    pub(super) async fn lease<P: Send + 'static>(
        &self,
        now: SystemTime,
        lease_until: SystemTime,
        limit: usize,
        scan_limit: usize,
        accept: impl FnMut(&str) -> Option<P> + Send + 'static,
    ) -> Result<LeaseBatch<P>, OutboxError> {
        self.blocking(move |store| store.lease(now, lease_until, limit, scan_limit, accept))
            .await
    }

    pub(super) async fn record(&self, id: EntryId, outcome: Outcome) -> Result<bool, OutboxError> {
        self.blocking(move |store| store.record(id, &outcome)).await
    }

    pub(super) async fn release(&self, leases: Vec<(EntryId, u64)>) -> Result<u64, OutboxError> {
        self.blocking(move |store| store.release(&leases, SystemTime::now()))
            .await
    }

    /// Resolves when work may have arrived (an enqueue or a replay since
    /// the last call).
    pub(super) async fn work_arrived(&self) {
        self.shared.work.notified().await;
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, OutboxError> + Send + 'static,
    ) -> Result<T, OutboxError> {
        let shared = Arc::clone(&self.shared);
        tokio::task::spawn_blocking(move || work(&shared.store))
            .await
            .map_err(|error| OutboxError::Task(error.to_string()))?
    }
}
