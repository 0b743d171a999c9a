//! What every format provides to the batch path: a streaming splitter
//! that cuts the input into whole records ([`Chunks`]), a parser that
//! turns one record's bytes into a value on a worker thread
//! ([`RecordReader`]), and an encoder that writes one output in the
//! format ([`Encoder`]).
//!
//! Splitting is sequential and cheap (it finds where records end);
//! parsing and encoding run in parallel, a record at a time, so every
//! format streams in bounded memory and keeps NDJSON's guarantees: output
//! in input order, and every record is one output or one failure.

use std::io;
use std::ops::Range;

use bumpalo::Bump;

use crate::doc;
use crate::error::RunError;
use crate::projection::Keep;

pub use crate::batch::OwnedChunk;

/// Cuts an input stream into chunks of whole records.
///
/// Each record of a chunk is its number and its byte range in
/// `OwnedChunk::bytes`. The number is the 1-based **line** the record
/// starts on (as for NDJSON), so that errors point into the file. A
/// record's bytes are what the dead-letter file gets, unchanged.
pub trait Chunks: Send {
    /// The next chunk (about a few MiB of records), or `None` at the end.
    ///
    /// Input that cannot be split any further (an XML document broken
    /// beyond repair) is not an `io::Error`: the splitter hands out what
    /// remains as one last record, which then fails to parse with a
    /// positioned message, and ends.
    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>>;

    /// Gives a chunk's buffers back for reuse.
    fn recycle(&mut self, _chunk: OwnedChunk) {}

    /// Stops the run with `E0508` once one record grows past `bytes`
    /// without an end in sight, rather than buffering it whole. A splitter
    /// that cannot tell leaves it to the per-record check.
    fn limit_record(&mut self, _bytes: usize) {}
}

/// An opened input: the splitter of its records and the parser of one.
pub type Opened<'r> = (Box<dyn Chunks + 'r>, std::sync::Arc<dyn RecordReader>);

/// A record parsed on a worker thread.
pub enum Parsed<'a> {
    /// In the worker's arena (strings borrowed from the record's bytes
    /// where no unescaping is needed).
    Node(doc::Node<'a>),
    /// As an owned value, for formats whose parser builds one.
    Value(serde_json::Value),
}

/// Parses one record's bytes (from [`Chunks`]) into a value.
pub trait RecordReader: Send + Sync {
    /// `raw` is the record's bytes, `number` its record number (its first
    /// line). `keep` says which object members the mapping reads: a parser
    /// may skip the others (it need not). A malformed record is a
    /// [`RunError`] with code [`crate::codes::MALFORMED_RECORD`], its
    /// record number, and a message in the format's own terms that starts
    /// with its position in the file: `line 14, column 9: mismatched
    /// closing tag </Order>, expected </Line>`.
    fn parse<'a>(
        &self,
        raw: &'a [u8],
        number: u64,
        keep: &Keep,
        arena: &'a Bump,
    ) -> Result<Parsed<'a>, RunError>;
}

/// Writes outputs in a format.
///
/// `begin` and `end` run once, on the writing thread, around everything;
/// `record` runs on worker threads, once per output, and appends that
/// output's text. An output the format cannot hold (a nested value in a
/// CSV cell, a key that is not an XML name) is an error with code
/// [`crate::codes::UNWRITABLE_OUTPUT`] naming the field as a JSON Pointer
/// (`/customer/address: a CSV cell cannot hold an object; flatten it or
/// map it to text`), and nothing of that output is written.
pub trait Encoder: Send + Sync {
    /// What comes before the first output (a CSV header, an XML prolog and
    /// root start tag).
    fn begin(&self, _out: &mut Vec<u8>) {}

    /// Appends one output. On error `out` must be left as it was.
    fn record(&self, value: &serde_json::Value, out: &mut Vec<u8>) -> Result<(), RunError>;

    /// What comes after the last output (an XML root end tag).
    fn end(&self, _out: &mut Vec<u8>) {}
}

/// A position in a text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, counted in characters.
    pub column: u64,
}

impl Position {
    /// The position of byte `offset` of `text`, whose first byte is on
    /// line `first_line`, column 1.
    pub fn of_offset(text: &[u8], offset: usize, first_line: u64) -> Position {
        let before = &text[..offset.min(text.len())];
        let newlines = memchr::memchr_iter(b'\n', before).count() as u64;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count() as u64
            + 1;
        Position {
            line: first_line + newlines,
            column,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A malformed record: code E0406, its record number, and `message`
/// prefixed with its position.
pub fn malformed(number: u64, at: Position, message: impl std::fmt::Display) -> RunError {
    RunError::new(crate::codes::MALFORMED_RECORD, format!("{at}: {message}")).with_record(number)
}

/// An output the format cannot hold: code E0410, naming the field by
/// its JSON Pointer (`""` for the whole output).
pub fn unwritable(pointer: &str, message: impl std::fmt::Display) -> RunError {
    let shown = if pointer.is_empty() {
        "(the output)"
    } else {
        pointer
    };
    RunError::new(
        crate::codes::UNWRITABLE_OUTPUT,
        format!("{shown}: {message}"),
    )
}

/// Ranges of records in a chunk, for splitters that build one.
pub type RecordRanges = Vec<(u64, Range<usize>)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\nx".as_bytes();
        assert_eq!(
            Position::of_offset(text, 0, 1),
            Position { line: 1, column: 1 }
        );
        // After "ç" (two bytes), "d" is the second character.
        let d = text.iter().position(|&b| b == b'd').unwrap();
        assert_eq!(
            Position::of_offset(text, d, 10),
            Position {
                line: 11,
                column: 2
            }
        );
    }
}
