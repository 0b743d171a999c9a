//! A whole input as one record: a JSON document (or any format whose
//! document is the record).

use std::io::{self, Read};

use super::codec::Chunks;
use crate::batch::OwnedChunk;

/// Reads everything, then hands it out as one record (none when blank).
pub(crate) struct WholeInput<R> {
    reader: Option<R>,
    max_record: u64,
}

impl<R> WholeInput<R> {
    pub(crate) fn new(reader: R) -> WholeInput<R> {
        WholeInput {
            reader: Some(reader),
            max_record: u64::MAX,
        }
    }
}

impl<R: Read + Send> Chunks for WholeInput<R> {
    fn limit_record(&mut self, bytes: usize) {
        self.max_record = bytes as u64;
    }

    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        let Some(reader) = self.reader.take() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        // One byte past the limit tells a document over it.
        reader
            .take(self.max_record.saturating_add(1))
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > self.max_record {
            return Err(crate::batch::record_too_large(self.max_record as usize));
        }
        let start = bytes.len() - super::strip_bom(&bytes).len();
        let lines = if super::is_blank(&bytes[start..]) {
            Vec::new()
        } else {
            vec![(1, start..bytes.len())]
        };
        Ok(Some(OwnedChunk { bytes, lines }))
    }
}
