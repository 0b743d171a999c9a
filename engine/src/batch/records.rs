//! Batch mapping for services that already hold parsed records.

use rayon::prelude::*;

use crate::Mapping;
use crate::error::RunError;

/// Maps records from any iterator in parallel, yielding the results in
/// input order: the batch entry point for services that already hold
/// parsed records. Records are taken `CHUNK_RECORDS` at a time, so memory
/// stays bounded however long the iterator is; the n-th result (an output
/// or the record's error, numbered from 1) belongs to the n-th record.
///
/// ```
/// use ferry_engine::{batch, Mapping};
/// use serde_json::json;
///
/// let mapping = Mapping::compile_str("$.n * 2").unwrap();
/// let records = (1..=3).map(|n| json!({"n": n})).chain([json!({"n": "x"})]);
/// let results: Vec<_> = batch::map_records(&mapping, records).collect();
/// assert_eq!(results[2].as_ref().unwrap(), &json!(6));
/// assert_eq!(results[3].as_ref().unwrap_err().info().record, Some(4));
/// ```
pub fn map_records<'m, I>(mapping: &'m Mapping, records: I) -> MapRecords<'m, I::IntoIter>
where
    I: IntoIterator<Item = serde_json::Value>,
{
    MapRecords {
        mapping,
        records: records.into_iter(),
        done: std::collections::VecDeque::new(),
        next_number: 1,
    }
}

/// Records per parallel step of [`map_records`].
const CHUNK_RECORDS: usize = 4096;

/// The iterator [`map_records`] returns.
pub struct MapRecords<'m, I> {
    mapping: &'m Mapping,
    records: I,
    done: std::collections::VecDeque<Result<serde_json::Value, RunError>>,
    next_number: u64,
}

impl<I: Iterator<Item = serde_json::Value>> Iterator for MapRecords<'_, I> {
    type Item = Result<serde_json::Value, RunError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done.is_empty() {
            let chunk: Vec<serde_json::Value> = self.records.by_ref().take(CHUNK_RECORDS).collect();
            let first = self.next_number;
            self.next_number += chunk.len() as u64;
            let mapping = self.mapping;
            let results: Vec<_> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, record)| {
                    mapping
                        .apply(record)
                        .map_err(|e| e.with_record(first + i as u64))
                })
                .collect();
            self.done.extend(results);
        }
        self.done.pop_front()
    }
}
