//! A whole input as one record: a JSON document (or any format whose
//! document is the record).

use std::io::{self, Read};

use super::codec::Chunks;
use crate::batch::OwnedChunk;

/// Reads everything, then hands it out as one record (none when blank).
pub(crate) struct WholeInput<R> {
    reader: Option<R>,
}

impl<R> WholeInput<R> {
    pub(crate) fn new(reader: R) -> WholeInput<R> {
        WholeInput {
            reader: Some(reader),
        }
    }
}

impl<R: Read + Send> Chunks for WholeInput<R> {
    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        let Some(mut reader) = self.reader.take() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let start = bytes.len() - super::strip_bom(&bytes).len();
        let lines = if super::is_blank(&bytes[start..]) {
            Vec::new()
        } else {
            vec![(1, start..bytes.len())]
        };
        Ok(Some(OwnedChunk { bytes, lines }))
    }
}
