//! The de-duplication window: which (route, event id) pairs were seen, and
//! until when they count as seen. Senders retry a webhook they think was
//! lost; a repeat inside the window is refused.
//!
//! Two tables kept in step: `seen` maps (route, event id) to the pair's
//! expiry, `seen_expiry` orders the same pairs by expiry so that expired
//! ones are found without a scan. Each call prunes a bounded number of
//! expired pairs, at least as many as it adds, so the tables hold about one
//! window's worth of ids. A repeat does not extend its pair's window: the
//! window runs from the first sighting.

use std::time::Duration;

use redb::{
    ReadTransaction, ReadableTable, ReadableTableMetadata, TableDefinition, WriteTransaction,
};

use super::error::OutboxError;
use super::store::duration_ms;

const SEEN: TableDefinition<(&str, &str), u64> = TableDefinition::new("seen");
const SEEN_EXPIRY: TableDefinition<(u64, &str, &str), ()> = TableDefinition::new("seen_expiry");

/// Expired pairs removed per call at most: keeps a transaction small when
/// a long idle period left many to prune.
const PRUNE_BATCH: usize = 64;

/// The result of [`remember`].
pub(super) struct Seen {
    /// The pair was not seen within its window (it is now).
    pub first: bool,
    /// Expired pairs removed in passing.
    pub pruned: usize,
}

pub(super) fn create_tables(txn: &WriteTransaction) -> Result<(), OutboxError> {
    txn.open_table(SEEN)?;
    txn.open_table(SEEN_EXPIRY)?;
    Ok(())
}

/// How many pairs are remembered (expired ones not yet pruned included).
pub(super) fn remembered(txn: &ReadTransaction) -> Result<u64, OutboxError> {
    Ok(txn.open_table(SEEN)?.len()?)
}

/// Records (route, event id) as seen at `now_ms` for `window`, unless it
/// already is; prunes expired pairs. The caller commits.
pub(super) fn remember(
    txn: &WriteTransaction,
    route: &str,
    event_id: &str,
    window: Duration,
    now_ms: u64,
) -> Result<Seen, OutboxError> {
    let pruned = prune(txn, now_ms)?;
    let mut seen = txn.open_table(SEEN)?;
    let mut expiry = txn.open_table(SEEN_EXPIRY)?;
    let previous = seen.get((route, event_id))?.map(|v| v.value());
    if let Some(expires) = previous {
        if expires > now_ms {
            return Ok(Seen {
                first: false,
                pruned,
            });
        }
        expiry.remove((expires, route, event_id))?;
    }
    let expires = now_ms.saturating_add(duration_ms(window));
    seen.insert((route, event_id), expires)?;
    expiry.insert((expires, route, event_id), ())?;
    Ok(Seen {
        first: true,
        pruned,
    })
}

/// Removes up to [`PRUNE_BATCH`] pairs whose window ended by `now_ms`.
fn prune(txn: &WriteTransaction, now_ms: u64) -> Result<usize, OutboxError> {
    let mut expiry = txn.open_table(SEEN_EXPIRY)?;
    let mut expired: Vec<(u64, String, String)> = Vec::new();
    // Everything sorting before (now + 1, "", "") expires at or before now.
    for row in expiry
        .range(..(now_ms.saturating_add(1), "", ""))?
        .take(PRUNE_BATCH)
    {
        let (key, _) = row?;
        let (expires, route, event_id) = key.value();
        expired.push((expires, route.to_owned(), event_id.to_owned()));
    }
    if expired.is_empty() {
        return Ok(0);
    }
    let mut seen = txn.open_table(SEEN)?;
    for (expires, route, event_id) in &expired {
        expiry.remove((*expires, route.as_str(), event_id.as_str()))?;
        seen.remove((route.as_str(), event_id.as_str()))?;
    }
    Ok(expired.len())
}
