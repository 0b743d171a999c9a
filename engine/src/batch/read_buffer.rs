//! The read buffer of every streaming splitter (NDJSON lines, CSV rows,
//! YAML documents): filled from the reader in large reads, a leading
//! UTF-8 byte-order mark dropped, and its front handed out as an owned
//! chunk without copying it (the unfinished rest moves to a spare buffer).

use std::io::{self, Read};

/// Bytes read per fill, at least: few system calls, whatever the chunk.
const MIN_READ: usize = 64 * 1024;

/// A reader's bytes not handed out yet.
pub(crate) struct ReadBuffer<R> {
    reader: R,
    /// The bytes read and not handed out yet.
    pub(crate) buf: Vec<u8>,
    /// True once the reader is exhausted.
    pub(crate) eof: bool,
    /// True once the start of the input was checked for a byte-order mark.
    started: bool,
    /// A chunk's buffer given back, for the next `split_off_front`.
    spare: Option<Vec<u8>>,
    /// The longest record: the buffer holds at most a chunk of whole
    /// records and the unfinished one, so it never needs to grow past a
    /// chunk and this much.
    max_record: usize,
    chunk_bytes: usize,
}

impl<R: Read> ReadBuffer<R> {
    /// An empty buffer over `reader`, with room for `capacity` bytes.
    pub(crate) fn new(reader: R, capacity: usize) -> ReadBuffer<R> {
        ReadBuffer {
            reader,
            buf: Vec::with_capacity(capacity),
            eof: false,
            started: false,
            spare: None,
            max_record: usize::MAX,
            chunk_bytes: capacity,
        }
    }

    /// Fails the reads once one record is longer than `bytes` (`E0508`).
    pub(crate) fn limit_record(&mut self, bytes: usize) {
        self.max_record = bytes;
    }

    /// Reads until `buf` holds `target` bytes (and at least 64 KiB more
    /// than before) or the input ends. A byte-order mark at the start of
    /// the input is not part of the first record: it is dropped.
    pub(crate) fn fill(&mut self, target: usize) -> io::Result<()> {
        if self.buf.len() > self.max_record.saturating_add(self.chunk_bytes) {
            return Err(record_too_large(self.max_record));
        }
        let want = target.saturating_sub(self.buf.len()).max(MIN_READ);
        // `take(..).read_to_end` reads into spare capacity without zeroing
        // it first, and keeps reading until `want` bytes or the end.
        let n = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.buf)?;
        if n < want {
            self.eof = true;
        }
        if !self.started && (self.buf.len() >= 3 || self.eof) {
            self.started = true;
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
        }
        Ok(())
    }
}

/// `E0508` for a record whose end is not within the limit.
pub(crate) fn record_too_large(limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "E0508: a record is longer than {}, the limit (--max-record-bytes); \
             is the input's format right?",
            crate::exec::budget::bytes_text(limit as u64)
        ),
    )
}

impl<R> ReadBuffer<R> {
    /// The first `cut` bytes as an owned buffer: `buf` itself, truncated,
    /// while the bytes after `cut` move to a spare buffer that becomes
    /// `buf` (only the unfinished rest is copied).
    pub(crate) fn split_off_front(&mut self, cut: usize) -> Vec<u8> {
        let mut rest = self
            .spare
            .take()
            .unwrap_or_else(|| Vec::with_capacity(self.buf.capacity()));
        rest.clear();
        rest.extend_from_slice(&self.buf[cut..]);
        let mut front = std::mem::replace(&mut self.buf, rest);
        front.truncate(cut);
        front
    }

    /// Gives a handed-out buffer back for reuse.
    pub(crate) fn recycle(&mut self, bytes: Vec<u8>) {
        self.spare = Some(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_and_the_front_handed_out() {
        let mut input = ReadBuffer::new(&b"\xEF\xBB\xBFab\ncd"[..], 16);
        input.fill(1).unwrap();
        assert!(input.eof);
        assert_eq!(input.buf, b"ab\ncd");
        assert_eq!(input.split_off_front(3), b"ab\n");
        assert_eq!(input.buf, b"cd");
        // Shorter than a mark: kept as it is.
        let mut short = ReadBuffer::new(&b"\xEF\xBB"[..], 16);
        short.fill(1).unwrap();
        assert_eq!(short.buf, b"\xEF\xBB");
    }
}
