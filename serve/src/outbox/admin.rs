//! The operator's operations on the store, behind `ferry outbox replay`
//! and `ferry outbox purge`.

use std::time::SystemTime;

use redb::WriteTransaction;

use super::error::OutboxError;
use super::model::Selection;
use super::store::{
    DEAD, DUE, ENTRIES, PENDING, Store, first_keys, read_record, remove_entry, to_ms,
};

/// Replaying or purging all dead entries goes in transactions of this many,
/// so one command over a large dead set does not hold the writer for long.
const ADMIN_BATCH: usize = 1000;

impl Store {
    /// Dead entries back to pending, due now, attempts and last error reset.
    pub(super) fn replay(
        &self,
        selection: &Selection,
        now: SystemTime,
    ) -> Result<u64, OutboxError> {
        let now_ms = to_ms(now);
        self.in_batches(selection, |txn, id| {
            let mut entries = txn.open_table(ENTRIES)?;
            let Some(mut record) = read_record(&entries, id)? else {
                return Ok(false);
            };
            if !record.dead {
                return Ok(false);
            }
            record.dead = false;
            record.attempts = 0;
            record.next_attempt_ms = now_ms;
            record.last_status = None;
            record.last_error = None;
            entries.insert(id, record.encode().as_slice())?;
            txn.open_table(DEAD)?.remove(id)?;
            txn.open_table(PENDING)?.insert(id, ())?;
            txn.open_table(DUE)?.insert((now_ms, id), ())?;
            Ok(true)
        })
    }

    /// Deletes entries: every dead one, or the given ids whatever their
    /// state (an operator dropping a pending entry means it).
    pub(super) fn purge(&self, selection: &Selection) -> Result<u64, OutboxError> {
        self.in_batches(selection, |txn, id| {
            let Some(record) = read_record(&txn.open_table(ENTRIES)?, id)? else {
                return Ok(false);
            };
            remove_entry(txn, id, &record)?;
            Ok(true)
        })
    }

    /// Applies `act` to each selected id, a transaction per
    /// [`ADMIN_BATCH`] ids; returns how many it acted on.
    fn in_batches(
        &self,
        selection: &Selection,
        mut act: impl FnMut(&WriteTransaction, u64) -> Result<bool, OutboxError>,
    ) -> Result<u64, OutboxError> {
        let mut count = 0;
        match selection {
            Selection::Ids(ids) => {
                for chunk in ids.chunks(ADMIN_BATCH) {
                    let txn = self.db.begin_write()?;
                    for id in chunk {
                        count += u64::from(act(&txn, id.0)?);
                    }
                    txn.commit()?;
                }
            }
            Selection::AllDead => loop {
                let txn = self.db.begin_write()?;
                let ids = first_keys(&txn.open_table(DEAD)?, ADMIN_BATCH)?;
                if ids.is_empty() {
                    break;
                }
                let before = count;
                for id in ids {
                    count += u64::from(act(&txn, id)?);
                }
                txn.commit()?;
                // Only dead ids `act` cannot touch are left (an index row
                // without its entry): stop rather than loop on them.
                if count == before {
                    break;
                }
            },
        }
        Ok(count)
    }
}
