//! The delivery worker's side of the store: taking due entries (a lease),
//! recording how an attempt ended, and giving back leases at shutdown.
//!
//! Taking an entry counts the attempt and moves its due time to the end of
//! a lease, in one committed transaction for the whole batch. So an entry
//! in flight is not taken twice, and if the process dies mid-attempt the
//! entry comes due again when its lease ends, with the attempt counted:
//! an event that crashes the worker runs out of attempts instead of
//! crashing it forever. Delivery is therefore at least once; the
//! `idempotency-key` header lets the target drop a repeat.

use std::time::SystemTime;

use redb::ReadableTable;

use super::error::OutboxError;
use super::model::EntryId;
use super::store::{
    BODIES, DEAD, DUE, ENTRIES, PENDING, Store, from_ms, read_record, remove_entry, to_ms,
    to_ms_ceil,
};

/// An entry taken for one attempt.
#[derive(Debug, Clone)]
pub(crate) struct Leased {
    pub id: EntryId,
    pub route: String,
    pub target: String,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Attempts including this one.
    pub attempt: u32,
    /// The entry's due time while it is leased, in ms; identifies the
    /// lease when it is given back.
    pub lease_until_ms: u64,
}

/// A batch of leased entries, each with what `accept` gave for it.
pub(crate) struct LeaseBatch<P> {
    pub leased: Vec<(Leased, P)>,
    /// When the earliest entry not taken is due: in the past if due
    /// entries were left because their target (or the worker) was full.
    pub next_due: Option<SystemTime>,
}

/// How an attempt ended, as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 2xx: the entry is deleted.
    Delivered,
    /// Try again at `at`.
    Retry {
        at: SystemTime,
        status: Option<u16>,
        error: String,
    },
    /// Give up: the entry is kept as dead with its last error.
    Dead { status: Option<u16>, error: String },
}

impl Store {
    /// Leases up to `limit` entries due at `now`, scanning at most
    /// `scan_limit` due entries. `accept` sees each candidate's target and
    /// returns a token (a concurrency permit) to take it, or `None` to
    /// leave it for later.
    pub(super) fn lease<P>(
        &self,
        now: SystemTime,
        lease_until: SystemTime,
        limit: usize,
        scan_limit: usize,
        mut accept: impl FnMut(&str) -> Option<P>,
    ) -> Result<LeaseBatch<P>, OutboxError> {
        let now_ms = to_ms(now);
        let lease_until_ms = to_ms(lease_until);
        let txn = self.db.begin_write()?;
        let mut leased = Vec::new();
        let next_due = {
            let mut due = txn.open_table(DUE)?;
            let mut entries = txn.open_table(ENTRIES)?;
            let bodies = txn.open_table(BODIES)?;
            let mut candidates = Vec::new();
            for row in due.range(..=(now_ms, u64::MAX))?.take(scan_limit) {
                candidates.push(row?.0.value());
            }
            for (at, id) in candidates {
                if leased.len() == limit {
                    break;
                }
                let mut record = match read_record(&entries, id) {
                    Ok(Some(record)) => record,
                    // An index row without its entry cannot be delivered.
                    Ok(None) => continue,
                    // Nor can an entry that does not decode; it must not
                    // stop the others.
                    Err(error @ OutboxError::Corrupt { .. }) => {
                        tracing::error!(entry = id, %error, "skipping an unreadable outbox entry");
                        continue;
                    }
                    Err(error) => return Err(error),
                };
                let Some(token) = accept(&record.target) else {
                    continue;
                };
                record.attempts += 1;
                record.next_attempt_ms = lease_until_ms;
                due.remove((at, id))?;
                due.insert((lease_until_ms, id), ())?;
                entries.insert(id, record.encode().as_slice())?;
                let body = bodies
                    .get(id)?
                    .map(|b| b.value().to_vec())
                    .unwrap_or_default();
                leased.push((
                    Leased {
                        id: EntryId(id),
                        route: record.route,
                        target: record.target,
                        content_type: record.content_type,
                        headers: record.headers,
                        body,
                        attempt: record.attempts,
                        lease_until_ms,
                    },
                    token,
                ));
            }
            // The earliest entry not taken now (a just-leased one sorts at
            // its lease end, later than anything left due).
            let first = due.first()?.map(|(key, _)| key.value().0);
            first.map(from_ms)
        };
        if leased.is_empty() {
            txn.abort()?;
        } else {
            txn.commit()?;
        }
        Ok(LeaseBatch { leased, next_due })
    }

    /// Records how an attempt on `id` ended. Returns false when the entry
    /// is no longer pending (purged meanwhile), in which case nothing
    /// changes.
    pub(super) fn record(&self, id: EntryId, outcome: &Outcome) -> Result<bool, OutboxError> {
        let id = id.0;
        let txn = self.db.begin_write()?;
        let Some(mut record) = read_record(&txn.open_table(ENTRIES)?, id)? else {
            return Ok(false);
        };
        if record.dead {
            return Ok(false);
        }
        match outcome {
            Outcome::Delivered => remove_entry(&txn, id, &record)?,
            Outcome::Retry { at, status, error } => {
                let mut due = txn.open_table(DUE)?;
                due.remove((record.next_attempt_ms, id))?;
                record.next_attempt_ms = to_ms_ceil(*at);
                due.insert((record.next_attempt_ms, id), ())?;
                record.last_status = *status;
                record.last_error = Some(error.clone());
                txn.open_table(ENTRIES)?
                    .insert(id, record.encode().as_slice())?;
            }
            Outcome::Dead { status, error } => {
                txn.open_table(DUE)?.remove((record.next_attempt_ms, id))?;
                txn.open_table(PENDING)?.remove(id)?;
                txn.open_table(DEAD)?.insert(id, ())?;
                record.dead = true;
                record.last_status = *status;
                record.last_error = Some(error.clone());
                txn.open_table(ENTRIES)?
                    .insert(id, record.encode().as_slice())?;
            }
        }
        txn.commit()?;
        Ok(true)
    }

    /// Makes leased entries due at `now` again, for attempts abandoned at
    /// shutdown. A lease is given back only if it is still the entry's
    /// current one (its outcome may have been recorded meanwhile).
    pub(super) fn release(
        &self,
        leases: &[(EntryId, u64)],
        now: SystemTime,
    ) -> Result<u64, OutboxError> {
        let now_ms = to_ms(now);
        let txn = self.db.begin_write()?;
        let mut released = 0;
        {
            let mut entries = txn.open_table(ENTRIES)?;
            let mut due = txn.open_table(DUE)?;
            for &(EntryId(id), lease_until_ms) in leases {
                let Some(mut record) = read_record(&entries, id)? else {
                    continue;
                };
                if record.dead || record.next_attempt_ms != lease_until_ms {
                    continue;
                }
                due.remove((lease_until_ms, id))?;
                due.insert((now_ms, id), ())?;
                record.next_attempt_ms = now_ms;
                entries.insert(id, record.encode().as_slice())?;
                released += 1;
            }
        }
        txn.commit()?;
        Ok(released)
    }
}
