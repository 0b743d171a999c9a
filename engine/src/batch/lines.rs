//! Reading NDJSON as a stream: fixed-size chunks of whole lines.
//!
//! The reader fills a buffer to about `chunk_bytes`, hands out every
//! complete line in it with its line number, and carries the unfinished
//! last line over to the next fill. Memory stays at about one chunk (plus
//! the longest line) whatever the input's size.

use std::io::{self, Read};
use std::ops::Range;

use super::read_buffer::ReadBuffer;

/// Reads `reader` in chunks of whole lines.
pub struct LineChunks<R> {
    input: ReadBuffer<R>,
    chunk_bytes: usize,
    /// Bytes at the front of the buffer handed out by the last `next_chunk`.
    consumed: usize,
    /// A line list given back with [`LineChunks::recycle`], for the next
    /// [`LineChunks::next_owned`].
    spare_lines: Option<Vec<(u64, Range<usize>)>>,
    /// Line number of the first line still in the buffer.
    next_line: u64,
}

/// A chunk that owns its bytes, so that the next one can be read while it
/// is mapped.
pub struct OwnedChunk {
    /// The chunk's bytes (whole lines only).
    pub bytes: Vec<u8>,
    /// Each non-blank line: its 1-based number and its range in `bytes`.
    pub lines: Vec<(u64, Range<usize>)>,
}

/// One chunk: the bytes and the non-blank lines in it.
pub struct Chunk<'b> {
    /// The chunk's bytes (whole lines only).
    pub bytes: &'b [u8],
    /// Each non-blank line: its 1-based number and its range in `bytes`.
    pub lines: Vec<(u64, Range<usize>)>,
}

impl<R: Read> LineChunks<R> {
    /// Chunks of about `chunk_bytes` (a longer line makes a bigger chunk).
    pub fn new(reader: R, chunk_bytes: usize) -> LineChunks<R> {
        LineChunks {
            input: ReadBuffer::new(reader, chunk_bytes + 4096),
            chunk_bytes: chunk_bytes.max(1),
            consumed: 0,
            spare_lines: None,
            next_line: 1,
        }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk<'_>>> {
        self.input.buf.drain(..self.consumed);
        self.consumed = 0;
        let mut target = self.chunk_bytes;
        loop {
            if !self.input.eof && self.input.buf.len() < target {
                self.input.fill(target)?;
                continue;
            }
            // Everything up to the last newline is whole lines; at the end
            // of the input the unterminated last line is whole too.
            let cut = match memchr::memrchr(b'\n', &self.input.buf) {
                _ if self.input.eof => self.input.buf.len(),
                Some(i) => i + 1,
                None => {
                    // One line longer than a chunk: read on until it ends.
                    target = target.saturating_mul(2);
                    continue;
                }
            };
            if cut == 0 {
                return Ok(None);
            }
            self.consumed = cut;
            let bytes = &self.input.buf[..cut];
            let mut lines = self.spare_lines.take().unwrap_or_default();
            lines.clear();
            let mut start = 0;
            while start < cut {
                let end = memchr::memchr(b'\n', &bytes[start..]).map_or(cut, |i| start + i);
                let line = &bytes[start..end];
                if !line.iter().all(u8::is_ascii_whitespace) {
                    lines.push((self.next_line, start..end));
                }
                self.next_line += 1;
                start = end + 1;
            }
            return Ok(Some(Chunk { bytes, lines }));
        }
    }

    /// The next chunk as owned bytes: the reader's buffer itself, swapped
    /// for a spare one that keeps the partial line after it (no copy of
    /// the chunk).
    pub fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        let Some(Chunk { lines, .. }) = self.next_chunk()? else {
            return Ok(None);
        };
        let cut = std::mem::take(&mut self.consumed);
        let bytes = self.input.split_off_front(cut);
        Ok(Some(OwnedChunk { bytes, lines }))
    }

    /// Gives a chunk's buffers back for reuse.
    pub fn recycle(&mut self, chunk: OwnedChunk) {
        self.input.recycle(chunk.bytes);
        self.spare_lines = Some(chunk.lines);
    }
}

impl<R: Read + Send> crate::format::Chunks for LineChunks<R> {
    fn limit_record(&mut self, bytes: usize) {
        self.input.limit_record(bytes);
    }

    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        LineChunks::next_owned(self)
    }

    fn recycle(&mut self, chunk: OwnedChunk) {
        LineChunks::recycle(self, chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(input: &[u8], chunk: usize) -> Vec<(u64, String)> {
        let mut chunks = LineChunks::new(input, chunk);
        let mut out = Vec::new();
        while let Some(c) = chunks.next_chunk().unwrap() {
            for (n, r) in &c.lines {
                out.push((
                    *n,
                    String::from_utf8_lossy(&c.bytes[r.clone()]).into_owned(),
                ));
            }
        }
        out
    }

    #[test]
    fn owned_chunks_give_the_same_lines() {
        let input = b"a\n\nbb\nccc\n \ndddd";
        for size in [1, 2, 3, 5, 100] {
            let mut chunks = LineChunks::new(&input[..], size);
            let mut owned = Vec::new();
            while let Some(c) = chunks.next_owned().unwrap() {
                for (n, r) in &c.lines {
                    owned.push((
                        *n,
                        String::from_utf8_lossy(&c.bytes[r.clone()]).into_owned(),
                    ));
                }
                chunks.recycle(c);
            }
            assert_eq!(owned, all_lines(input, size), "chunk size {size}");
        }
    }

    #[test]
    fn lines_keep_their_numbers_across_chunks() {
        let input = b"a\n\nbb\nccc\n \ndddd";
        let expected = vec![
            (1, "a".to_owned()),
            (3, "bb".to_owned()),
            (4, "ccc".to_owned()),
            (6, "dddd".to_owned()),
        ];
        for chunk in [1, 2, 3, 5, 100] {
            assert_eq!(all_lines(input, chunk), expected, "chunk {chunk}");
        }
    }

    #[test]
    fn a_bom_and_blank_input_give_no_stray_records() {
        assert_eq!(all_lines(b"\xEF\xBB\xBFx\n", 2), vec![(1, "x".to_owned())]);
        assert!(all_lines(b"", 8).is_empty());
        assert!(all_lines(b"\n\n  \n", 8).is_empty());
    }
}
