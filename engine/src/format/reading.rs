//! Reading records of any format one at a time, for services that hold a
//! payload (an HTTP body, a message) and want its records as values,
//! without the batch machinery.

use std::io::Read;
use std::sync::Arc;

use bumpalo::Bump;

use super::codec::{Chunks, Parsed, RecordReader};
use super::{FormatSpec, open};
use crate::batch::OwnedChunk;
use crate::codes;
use crate::error::RunError;
use crate::projection::Keep;

/// Bytes of input per chunk when reading records one at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// The records of a stream, in order: each its record number (the line it
/// starts on) and its value, or why it is malformed. A malformed record
/// does not end the stream: the next one follows, as in a batch run.
///
/// ```
/// use ferry_engine::format::{Format, FormatSpec, read_records};
///
/// let mut spec = FormatSpec::new(Format::Csv);
/// spec.set_text("infer", "true").unwrap();
/// let csv = "id,amount\nA-1,12.50\nA-2\nA-3,7\n";
/// let records: Vec<_> = read_records(csv.as_bytes(), &spec).unwrap().collect();
/// assert_eq!(records[0].as_ref().unwrap().1["amount"].to_string(), "12.50");
/// assert_eq!(records[1].as_ref().unwrap_err().info().record, Some(3));
/// assert_eq!(records.len(), 3);
/// ```
pub struct Records<'r> {
    chunks: Box<dyn Chunks + 'r>,
    reader: Arc<dyn RecordReader>,
    chunk: Option<OwnedChunk>,
    next: usize,
    arena: Bump,
    failed: bool,
}

/// Opens `input` for reading its records in `spec`'s format. An input
/// that cannot be opened (a CSV header that does not parse) is an error.
pub fn read_records<'r>(
    input: impl Read + Send + 'r,
    spec: &FormatSpec,
) -> Result<Records<'r>, RunError> {
    let depth = crate::doc::DEFAULT_MAX_DEPTH;
    let (chunks, reader) = open(Box::new(input), spec, CHUNK_BYTES, depth)?;
    Ok(Records {
        chunks,
        reader,
        chunk: None,
        next: 0,
        arena: Bump::new(),
        failed: false,
    })
}

impl Iterator for Records<'_> {
    type Item = Result<(u64, serde_json::Value), RunError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(chunk) = &self.chunk
                && let Some((number, range)) = chunk.lines.get(self.next)
            {
                self.next += 1;
                self.arena.reset();
                let raw = &chunk.bytes[range.clone()];
                let parsed = self.reader.parse(raw, *number, Keep::all(), &self.arena);
                return Some(
                    parsed
                        .map(|p| match p {
                            Parsed::Node(node) => (*number, node.to_json()),
                            Parsed::Value(value) => (*number, value),
                        })
                        .map_err(|e| e.with_record(*number)),
                );
            }
            if let Some(done) = self.chunk.take() {
                self.chunks.recycle(done);
            }
            self.next = 0;
            match self.chunks.next_owned() {
                Ok(Some(chunk)) => self.chunk = Some(chunk),
                Ok(None) => return None,
                Err(e) => {
                    // A failing reader ends the stream, said once.
                    self.failed = true;
                    return Some(Err(RunError::new(
                        codes::MALFORMED_RECORD,
                        format!("cannot read the input: {e}"),
                    )));
                }
            }
        }
    }
}
