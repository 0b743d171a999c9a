//! Cutting a CSV stream into chunks of whole rows, as
//! [`LineChunks`](crate::batch::LineChunks) does for NDJSON lines, but
//! aware of quotes: a line feed inside a quoted field does not end its row.
//!
//! The scan state survives between reads, so a row longer than a chunk is
//! scanned once, not again at every refill; the buffer then grows until
//! the row ends (memory is about one chunk plus the longest row).

use std::io::{self, Read};

use super::dialect::{Action, Dialect, State};
use crate::batch::read_buffer::ReadBuffer;
use crate::format::codec::{Chunks, OwnedChunk, RecordRanges};

/// Reads rows in chunks of about `chunk_bytes`.
pub(super) struct RowChunks<'r> {
    input: ReadBuffer<Box<dyn Read + Send + 'r>>,
    chunk_bytes: usize,
    scanner: Scanner,
    /// Complete rows found in the buffer and not yet handed out.
    rows: RecordRanges,
    spare_rows: Option<RecordRanges>,
}

/// Where the scan of `buf` stands.
struct Scanner {
    dialect: Dialect,
    /// Next byte of `buf` to scan.
    pos: usize,
    /// Where the current, unfinished row starts (after the last row end).
    row_start: usize,
    /// The line the current row starts on.
    row_line: u64,
    /// The line of byte `pos`.
    line: u64,
    state: State,
}

impl Scanner {
    /// Scans `buf` from `pos` to its end, pushing every row that ends.
    fn scan(&mut self, buf: &[u8], rows: &mut RecordRanges) {
        let mut i = self.pos;
        while i < buf.len() {
            // Plain text inside a field cannot change the state: jump over
            // it to the next byte that can.
            let d = &self.dialect;
            if self.state == State::Quoted {
                let rest = &buf[i..];
                let skip = match d.escape {
                    Some(e) => memchr::memchr3(d.quote, e, b'\n', rest),
                    None => memchr::memchr2(d.quote, b'\n', rest),
                };
                match skip {
                    Some(n) => i += n,
                    None => break,
                }
            } else if d.distinct && matches!(self.state, State::FieldStart | State::Unquoted) {
                // Outside quotes only a row end matters, or a quote that
                // opens a field: jump to the next LF or quote. The bytes
                // jumped over are text and delimiters, so the state before
                // the byte found follows from the byte before it.
                let Some(n) = memchr::memchr2(d.quote, b'\n', &buf[i..]) else {
                    if let Some(&last) = buf[i..].last() {
                        self.state = after(d, last);
                    }
                    break;
                };
                if n > 0 {
                    self.state = after(d, buf[i + n - 1]);
                    i += n;
                }
            } else if self.state == State::Unquoted {
                match memchr::memchr2(d.delimiter, b'\n', &buf[i..]) {
                    Some(n) => i += n,
                    None => break,
                }
            }
            let b = buf[i];
            let (next, action) = self.dialect.step(self.state, b);
            if b == b'\n' {
                self.line += 1;
            }
            if action == Action::EndRow {
                let mut end = i;
                if end > self.row_start && buf[end - 1] == b'\r' {
                    end -= 1;
                }
                self.push(buf, end, rows);
                self.row_start = i + 1;
                self.row_line = self.line;
            }
            self.state = next;
            i += 1;
        }
        // Skipped text holds no line feed (memchr looked for them).
        self.pos = buf.len();
    }

    /// At the end of the input: the unfinished row, if any, is a record
    /// too (one whose quote never closed fails to parse).
    fn finish(&mut self, buf: &[u8], rows: &mut RecordRanges) {
        let mut end = buf.len();
        if end > self.row_start
            && buf[end - 1] == b'\r'
            && !matches!(self.state, State::Quoted | State::Escaped)
        {
            end -= 1;
        }
        self.push(buf, end, rows);
        self.row_start = buf.len();
    }

    fn push(&self, buf: &[u8], end: usize, rows: &mut RecordRanges) {
        let row = &buf[self.row_start..end];
        if !is_blank(row, self.dialect.delimiter) {
            rows.push((self.row_line, self.row_start..end));
        }
    }

    /// The first `n` bytes of the buffer are gone.
    fn shift(&mut self, n: usize) {
        self.pos -= n;
        self.row_start -= n;
    }
}

/// The state after byte `b` of unquoted text (no quote, no LF) in a
/// dialect whose bytes are distinct: a delimiter starts a field.
#[inline]
fn after(dialect: &Dialect, b: u8) -> State {
    if b == dialect.delimiter {
        State::FieldStart
    } else {
        State::Unquoted
    }
}

/// A blank line is not a record: only spaces, tabs and CRs (unless one
/// of them is the delimiter, which makes a row of empty fields).
pub(super) fn is_blank(row: &[u8], delimiter: u8) -> bool {
    row.iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r') && b != delimiter)
}

impl<'r> RowChunks<'r> {
    /// Chunks of about `chunk_bytes` (a longer row makes a bigger chunk).
    pub fn new(
        reader: Box<dyn Read + Send + 'r>,
        dialect: Dialect,
        chunk_bytes: usize,
    ) -> RowChunks<'r> {
        RowChunks {
            input: ReadBuffer::new(reader, chunk_bytes.min(1 << 26) + 4096),
            chunk_bytes: chunk_bytes.max(1),
            scanner: Scanner {
                dialect,
                pos: 0,
                row_start: 0,
                row_line: 1,
                line: 1,
                state: State::FieldStart,
            },
            rows: Vec::new(),
            spare_rows: None,
        }
    }

    /// Takes the first row out of the stream (the header): its line and
    /// bytes, or `None` for an input without rows.
    pub fn first_row(&mut self) -> io::Result<Option<(u64, Vec<u8>)>> {
        while self.rows.is_empty() && !self.input.eof {
            let target = self.input.buf.len() + self.chunk_bytes;
            self.fill(target)?;
        }
        if self.rows.is_empty() {
            self.scanner.finish(&self.input.buf, &mut self.rows);
        }
        if self.rows.is_empty() {
            return Ok(None);
        }
        let (line, range) = self.rows.remove(0);
        let row = self.input.buf[range.clone()].to_vec();
        // Drop the row and its terminator from the buffer.
        let mut cut = range.end;
        if self.input.buf.get(cut) == Some(&b'\r') {
            cut += 1;
        }
        if self.input.buf.get(cut) == Some(&b'\n') {
            cut += 1;
        }
        self.input.buf.drain(..cut);
        self.scanner.shift(cut);
        for (_, r) in &mut self.rows {
            *r = r.start - cut..r.end - cut;
        }
        Ok(Some((line, row)))
    }

    /// Reads at least up to `target` bytes (or to the end) and scans what
    /// came in.
    fn fill(&mut self, target: usize) -> io::Result<()> {
        self.input.fill(target)?;
        self.scanner.scan(&self.input.buf, &mut self.rows);
        Ok(())
    }
}

impl Chunks for RowChunks<'_> {
    fn limit_record(&mut self, bytes: usize) {
        self.input.limit_record(bytes);
    }

    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        let mut target = self.chunk_bytes;
        loop {
            if !self.input.eof && self.input.buf.len() < target {
                self.fill(target)?;
                continue;
            }
            if self.input.eof && self.scanner.row_start < self.input.buf.len() {
                self.scanner.finish(&self.input.buf, &mut self.rows);
            }
            let cut = self.scanner.row_start;
            if self.rows.is_empty() {
                if self.input.eof {
                    return Ok(None);
                }
                if cut == 0 {
                    // One row longer than a chunk: read on until it ends.
                    target = target.saturating_mul(2);
                } else {
                    // Blank lines only: drop them.
                    self.input.buf.drain(..cut);
                    self.scanner.shift(cut);
                }
                continue;
            }
            let bytes = self.input.split_off_front(cut);
            self.scanner.shift(cut);
            let spare_rows = self.spare_rows.take().unwrap_or_default();
            let lines = std::mem::replace(&mut self.rows, spare_rows);
            self.rows.clear();
            return Ok(Some(OwnedChunk { bytes, lines }));
        }
    }

    fn recycle(&mut self, chunk: OwnedChunk) {
        self.input.recycle(chunk.bytes);
        self.spare_rows = Some(chunk.lines);
    }
}
