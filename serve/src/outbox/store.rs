//! The outbox on disk: one redb file, its tables, and the blocking
//! operations on them. [`super::Outbox`] runs these on tokio's blocking
//! pool; the delivery worker's own operations are in `lease.rs`, the
//! de-duplication table in `dedup.rs`.
//!
//! Every write is committed with [`redb::Durability::Immediate`] (the
//! default): when a function here returns `Ok`, its change is on disk
//! (`fsync`ed) and survives a kill, or a power cut if the disk honours
//! `fsync`.
//! A transaction that changed nothing is dropped (aborted), so polling an
//! idle outbox costs no `fsync`.
//!
//! Tables (ids are [`EntryId`]s, times milliseconds since the Unix epoch):
//! - `entries`: id → the entry's record as JSON, body excluded;
//! - `bodies`: id → the body, read only to deliver it;
//! - `pending`: id → (), the pending ids, oldest first (for the age gauge);
//! - `due`: (next attempt, id) → (), the pending entries in the order they
//!   are due, which is what the worker scans;
//! - `dead`: id → (), the dead ids;
//! - `seen`, `seen_expiry`: the de-duplication window (see `dedup.rs`);
//! - `meta`: the layout version, the id counter, the outbox's instance id.
//!
//! Delivered entries are deleted in the transaction that records the
//! delivery: the outbox holds work, not history (logs and metrics do).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redb::{
    Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
    WriteTransaction,
};
use serde::{Deserialize, Serialize};

use super::dedup;
use super::error::OutboxError;
use super::model::{
    Delivery, Enqueued, EntryId, EntryState, EntrySummary, OutboxStats, StateFilter,
};

pub(super) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub(super) const ENTRIES: TableDefinition<u64, &[u8]> = TableDefinition::new("entries");
pub(super) const BODIES: TableDefinition<u64, &[u8]> = TableDefinition::new("bodies");
pub(super) const PENDING: TableDefinition<u64, ()> = TableDefinition::new("pending");
pub(super) const DUE: TableDefinition<(u64, u64), ()> = TableDefinition::new("due");
pub(super) const DEAD: TableDefinition<u64, ()> = TableDefinition::new("dead");

/// The layout this build reads and writes; bumped with a migration when a
/// table or the record changes incompatibly.
const LAYOUT: u64 = 1;

/// An entry as stored in `entries` (the body lives in `bodies`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Record {
    pub route: String,
    pub target: String,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub event_id: Option<String>,
    pub created_ms: u64,
    pub attempts: u32,
    /// Due time while pending; while leased, the end of the lease.
    pub next_attempt_ms: u64,
    pub dead: bool,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
}

impl Record {
    pub(super) fn decode(id: u64, bytes: &[u8]) -> Result<Record, OutboxError> {
        serde_json::from_slice(bytes).map_err(|error| OutboxError::Corrupt {
            id,
            reason: error.to_string(),
        })
    }

    pub(super) fn encode(&self) -> Vec<u8> {
        // Serializing a struct of strings and integers cannot fail.
        serde_json::to_vec(self).expect("an outbox record serializes")
    }

    fn summary(&self, id: u64) -> EntrySummary {
        EntrySummary {
            id: EntryId(id),
            route: self.route.clone(),
            target: self.target.clone(),
            event_id: self.event_id.clone(),
            state: if self.dead {
                EntryState::Dead
            } else {
                EntryState::Pending
            },
            attempts: self.attempts,
            created: from_ms(self.created_ms),
            next_attempt: (!self.dead).then(|| from_ms(self.next_attempt_ms)),
            last_status: self.last_status,
            last_error: self.last_error.clone(),
        }
    }
}

/// Milliseconds since the Unix epoch; a time before it counts as 0.
pub(super) fn to_ms(time: SystemTime) -> u64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// Milliseconds since the Unix epoch, rounded up: for a "not before" time,
/// so that the stored time is never earlier than the one asked for.
pub(super) fn to_ms_ceil(time: SystemTime) -> u64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let ms = to_ms(time);
    if since.subsec_nanos().is_multiple_of(1_000_000) {
        ms
    } else {
        ms.saturating_add(1)
    }
}

/// The inverse of [`to_ms`].
pub(super) fn from_ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// A duration in whole milliseconds, saturating.
pub(super) fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The open outbox file. Blocking: every method does file I/O.
pub(super) struct Store {
    pub(super) db: Database,
    instance: u64,
}

impl Store {
    /// Opens the outbox at `path`, creating it and its tables if needed.
    /// After a crash redb recovers the last committed state here.
    pub(super) fn open(path: &Path) -> Result<Store, OutboxError> {
        let db = Database::create(path).map_err(|error| match error {
            redb::DatabaseError::DatabaseAlreadyOpen => OutboxError::AlreadyOpen {
                path: path.to_owned(),
            },
            other => other.into(),
        })?;
        let instance = initialise(&db, path)?;
        Ok(Store { db, instance })
    }

    /// The value of `idempotency-key` (and, by default, `webhook-id`) for
    /// an entry: the outbox's random instance id with the entry id, so two
    /// outbox files never hand a partner the same key.
    pub(super) fn delivery_key(&self, id: EntryId) -> String {
        format!("{:016x}-{}", self.instance, id.0)
    }

    pub(super) fn enqueue(
        &self,
        delivery: &Delivery,
        now: SystemTime,
    ) -> Result<EntryId, OutboxError> {
        let txn = self.db.begin_write()?;
        let id = insert_entry(&txn, delivery, to_ms(now))?;
        txn.commit()?;
        Ok(id)
    }

    pub(super) fn enqueue_once(
        &self,
        delivery: &Delivery,
        window: Duration,
        now: SystemTime,
    ) -> Result<Enqueued, OutboxError> {
        let now_ms = to_ms(now);
        let txn = self.db.begin_write()?;
        if let Some(event_id) = &delivery.event_id {
            let seen = dedup::remember(&txn, &delivery.route, event_id, window, now_ms)?;
            if !seen.first {
                if seen.pruned > 0 {
                    txn.commit()?;
                }
                return Ok(Enqueued::Duplicate);
            }
        }
        let id = insert_entry(&txn, delivery, now_ms)?;
        txn.commit()?;
        Ok(Enqueued::New(id))
    }

    pub(super) fn first_seen(
        &self,
        route: &str,
        event_id: &str,
        window: Duration,
        now: SystemTime,
    ) -> Result<bool, OutboxError> {
        let txn = self.db.begin_write()?;
        let seen = dedup::remember(&txn, route, event_id, window, to_ms(now))?;
        if seen.first || seen.pruned > 0 {
            txn.commit()?;
        }
        Ok(seen.first)
    }

    pub(super) fn list(
        &self,
        filter: StateFilter,
        limit: usize,
    ) -> Result<Vec<EntrySummary>, OutboxError> {
        let txn = self.db.begin_read()?;
        let entries = txn.open_table(ENTRIES)?;
        let ids: Vec<u64> = match filter {
            StateFilter::Pending => first_keys(&txn.open_table(PENDING)?, limit)?,
            StateFilter::Dead => first_keys(&txn.open_table(DEAD)?, limit)?,
            StateFilter::All => first_keys(&entries, limit)?,
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(bytes) = entries.get(id)? {
                out.push(Record::decode(id, bytes.value())?.summary(id));
            }
        }
        Ok(out)
    }

    pub(super) fn stats(&self, now: SystemTime) -> Result<OutboxStats, OutboxError> {
        let txn = self.db.begin_read()?;
        let pending = txn.open_table(PENDING)?;
        let oldest_pending_age = match pending.first()? {
            Some((id, _)) => {
                let id = id.value();
                match txn.open_table(ENTRIES)?.get(id)? {
                    Some(bytes) => {
                        let created = from_ms(Record::decode(id, bytes.value())?.created_ms);
                        Some(now.duration_since(created).unwrap_or_default())
                    }
                    None => None,
                }
            }
            None => None,
        };
        Ok(OutboxStats {
            pending: pending.len()?,
            dead: txn.open_table(DEAD)?.len()?,
            oldest_pending_age,
            remembered_event_ids: dedup::remembered(&txn)?,
        })
    }
}

/// Creates the tables, checks the layout, and returns the instance id
/// (made once, when the file is new).
fn initialise(db: &Database, path: &Path) -> Result<u64, OutboxError> {
    let txn = db.begin_write()?;
    let instance = {
        let mut meta = txn.open_table(META)?;
        let layout = meta.get("layout")?.map(|v| v.value());
        match layout {
            None => {
                meta.insert("layout", LAYOUT)?;
            }
            Some(LAYOUT) => {}
            Some(found) => {
                return Err(OutboxError::UnknownLayout {
                    path: PathBuf::from(path),
                    found,
                    expected: LAYOUT,
                });
            }
        }
        if meta.get("next_id")?.is_none() {
            meta.insert("next_id", 1)?;
        }
        let existing = meta.get("instance")?.map(|v| v.value());
        match existing {
            Some(instance) => instance,
            None => {
                let instance = new_instance_id();
                meta.insert("instance", instance)?;
                instance
            }
        }
    };
    for table in [ENTRIES, BODIES] {
        txn.open_table(table)?;
    }
    for table in [PENDING, DEAD] {
        txn.open_table(table)?;
    }
    txn.open_table(DUE)?;
    dedup::create_tables(&txn)?;
    txn.commit()?;
    Ok(instance)
}

/// A random id for a new outbox file. Uniqueness is all it needs, not
/// unpredictability; the clock is mixed in against a poorly seeded
/// generator.
fn new_instance_id() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    fastrand::u64(..) ^ (nanos as u64)
}

fn insert_entry(
    txn: &WriteTransaction,
    delivery: &Delivery,
    now_ms: u64,
) -> Result<EntryId, OutboxError> {
    let id = {
        let mut meta = txn.open_table(META)?;
        let id = meta.get("next_id")?.map_or(1, |v| v.value());
        meta.insert("next_id", id + 1)?;
        id
    };
    let record = Record {
        route: delivery.route.clone(),
        target: delivery.target.clone(),
        content_type: delivery.content_type.clone(),
        headers: delivery.headers.clone(),
        event_id: delivery.event_id.clone(),
        created_ms: now_ms,
        attempts: 0,
        next_attempt_ms: now_ms,
        dead: false,
        last_status: None,
        last_error: None,
    };
    txn.open_table(ENTRIES)?
        .insert(id, record.encode().as_slice())?;
    txn.open_table(BODIES)?
        .insert(id, delivery.body.as_slice())?;
    txn.open_table(PENDING)?.insert(id, ())?;
    txn.open_table(DUE)?.insert((now_ms, id), ())?;
    Ok(EntryId(id))
}

/// Removes an entry from every table it is in.
pub(super) fn remove_entry(
    txn: &WriteTransaction,
    id: u64,
    record: &Record,
) -> Result<(), OutboxError> {
    txn.open_table(ENTRIES)?.remove(id)?;
    txn.open_table(BODIES)?.remove(id)?;
    if record.dead {
        txn.open_table(DEAD)?.remove(id)?;
    } else {
        txn.open_table(PENDING)?.remove(id)?;
        txn.open_table(DUE)?.remove((record.next_attempt_ms, id))?;
    }
    Ok(())
}

pub(super) fn read_record(
    entries: &impl ReadableTable<u64, &'static [u8]>,
    id: u64,
) -> Result<Option<Record>, OutboxError> {
    match entries.get(id)? {
        Some(bytes) => Ok(Some(Record::decode(id, bytes.value())?)),
        None => Ok(None),
    }
}

pub(super) fn first_keys<V: redb::Value + 'static>(
    table: &impl ReadableTable<u64, V>,
    limit: usize,
) -> Result<Vec<u64>, OutboxError> {
    let mut ids = Vec::new();
    for row in table.iter()?.take(limit) {
        ids.push(row?.0.value());
    }
    Ok(ids)
}
