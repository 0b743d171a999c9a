//! Cutting a YAML stream into documents, by lines, without parsing.
//!
//! YAML 1.2 forbids a line that starts with `---` or `...` followed by a
//! space, a tab or the line's end (`c-forbidden`, spec 9.1.3) anywhere in
//! a document's content: in a block scalar, even a top-level one whose
//! lines sit at column 0, and in a quoted or plain scalar running over
//! several lines. Such a line always ends the document, so cutting at
//! those lines is exact. Directives (`%YAML`, `%TAG`) may only come at the
//! start of the stream or after a `...` line, and belong to the document
//! that follows them; inside a document a `%` line is content (the first
//! line of a `--- |` block, say).
//!
//! A record starts at its first directive line, else at its `---` line,
//! else at its first content line (comment lines before a bare document
//! are not part of it), and runs to the line before the next `---`, or to
//! its `...` line inclusive, line breaks included: trailing empty lines
//! can be content (of a `|+` block at the document's end). A document with
//! no content (`---` followed by comments or nothing) is not a record;
//! `--- ~` is one, whose value is null.

use std::io::{self, Read};

use crate::batch::read_buffer::ReadBuffer;
use crate::format::codec::{Chunks, OwnedChunk, RecordRanges};

/// Reads a YAML stream in chunks of whole documents.
pub(super) struct DocumentChunks<R> {
    input: ReadBuffer<R>,
    chunk_bytes: usize,
    scanner: Scanner,
    /// A record list given back with `recycle`.
    spare_records: Option<RecordRanges>,
}

/// Where the record being read begins.
#[derive(Debug, Clone, Copy)]
struct Start {
    offset: usize,
    line: u64,
}

/// The splitter's state between lines; offsets are into `buf`.
#[derive(Debug)]
struct Scanner {
    /// Start of the next line not looked at yet.
    pos: usize,
    /// Its 1-based line number.
    line: u64,
    /// The pending record's start: its first directive, `---` or content
    /// line.
    start: Option<Start>,
    /// Inside a document (after its `---` or first content line).
    in_document: bool,
    /// The open document has content, so it is a record.
    content: bool,
    /// Whole records found and not handed out yet.
    records: RecordRanges,
}

impl<R: Read> DocumentChunks<R> {
    /// Chunks of about `chunk_bytes` (a longer document makes a bigger one).
    pub(super) fn new(reader: R, chunk_bytes: usize) -> DocumentChunks<R> {
        DocumentChunks {
            input: ReadBuffer::new(reader, chunk_bytes.saturating_add(4096).min(64 << 20)),
            chunk_bytes: chunk_bytes.max(1),
            scanner: Scanner {
                pos: 0,
                line: 1,
                start: None,
                in_document: false,
                content: false,
                records: Vec::new(),
            },
            spare_records: None,
        }
    }
}

impl<R: Read + Send> Chunks for DocumentChunks<R> {
    fn limit_record(&mut self, bytes: usize) {
        self.input.limit_record(bytes);
    }

    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        let mut target = self.chunk_bytes;
        loop {
            let input = &mut self.input;
            if !input.eof && input.buf.len() < target {
                input.fill(target)?;
                continue;
            }
            self.scanner.scan(&input.buf, input.eof);
            if input.eof {
                self.scanner.close(input.buf.len());
            }
            if self.scanner.records.is_empty() {
                if input.eof {
                    return Ok(None);
                }
                // One document longer than the buffer: read on until it ends.
                target = input.buf.len().max(target).saturating_mul(2);
                continue;
            }
            return Ok(Some(self.cut()));
        }
    }

    fn recycle(&mut self, chunk: OwnedChunk) {
        self.input.recycle(chunk.bytes);
        self.spare_records = Some(chunk.lines);
    }
}

impl<R> DocumentChunks<R> {
    /// Hands out everything before the pending record (or all that was
    /// scanned), keeping the rest for the next chunk.
    fn cut(&mut self) -> OwnedChunk {
        let scanner = &mut self.scanner;
        let cut = scanner.start.map_or(scanner.pos, |s| s.offset);
        let bytes = self.input.split_off_front(cut);
        scanner.pos -= cut;
        if let Some(start) = &mut scanner.start {
            start.offset -= cut;
        }
        let mut records = self.spare_records.take().unwrap_or_default();
        records.clear();
        std::mem::swap(&mut records, &mut scanner.records);
        OwnedChunk {
            bytes,
            lines: records,
        }
    }
}

/// What a line is to the splitter.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// `---`, with or without content after it.
    DocumentStart { content: bool },
    /// `...`
    DocumentEnd,
    /// `%YAML 1.2`, `%TAG ! tag:…` (only outside a document).
    Directive,
    /// Nothing but white space or a comment.
    Blank,
    /// Anything else.
    Content,
}

fn classify(line: &[u8]) -> Line {
    let marker = |m: &[u8]| {
        line.starts_with(m) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
    };
    if marker(b"---") {
        return Line::DocumentStart {
            content: !is_blank(&line[3..]),
        };
    }
    if marker(b"...") {
        return Line::DocumentEnd;
    }
    if line.first() == Some(&b'%') {
        return Line::Directive;
    }
    if is_blank(line) {
        Line::Blank
    } else {
        Line::Content
    }
}

/// White space only, or a comment. Only meaningful where no block scalar
/// can be open (before a document's first content).
fn is_blank(text: &[u8]) -> bool {
    match text
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        None => true,
        Some(&b) => b == b'#',
    }
}

impl Scanner {
    /// Looks at every whole line of `buf` from `pos` (at the end of the
    /// input, the unterminated last line too).
    fn scan(&mut self, buf: &[u8], eof: bool) {
        while self.pos < buf.len() {
            let end = match memchr::memchr(b'\n', &buf[self.pos..]) {
                Some(i) => self.pos + i + 1,
                None if eof => buf.len(),
                None => return,
            };
            let here = Start {
                offset: self.pos,
                line: self.line,
            };
            match classify(&buf[self.pos..end]) {
                Line::DocumentStart { content } => {
                    if self.in_document {
                        self.close(here.offset);
                    }
                    self.start.get_or_insert(here);
                    self.in_document = true;
                    self.content = content;
                }
                Line::DocumentEnd => {
                    if self.start.is_some() {
                        self.close(end);
                    }
                }
                Line::Directive if !self.in_document => {
                    self.start.get_or_insert(here);
                }
                Line::Blank if !self.content => {}
                Line::Directive | Line::Blank | Line::Content => {
                    self.start.get_or_insert(here);
                    self.in_document = true;
                    self.content = true;
                }
            }
            self.pos = end;
            self.line += 1;
        }
    }

    /// Ends the pending record at `end`: a record if its document has
    /// content, or if it is directives without a document (which the
    /// parser then rejects).
    fn close(&mut self, end: usize) {
        if let Some(start) = self.start.take()
            && (self.content || !self.in_document)
        {
            self.records.push((start.line, start.offset..end));
        }
        self.in_document = false;
        self.content = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as (number, text), read with chunks of `size` bytes.
    pub(crate) fn split(input: &str, size: usize) -> Vec<(u64, String)> {
        let mut chunks = DocumentChunks::new(input.as_bytes(), size);
        let mut out = Vec::new();
        while let Some(chunk) = chunks.next_owned().unwrap() {
            for (number, range) in &chunk.lines {
                out.push((
                    *number,
                    String::from_utf8(chunk.bytes[range.clone()].to_vec()).unwrap(),
                ));
            }
            chunks.recycle(chunk);
        }
        out
    }

    fn owned(records: &[(u64, &str)]) -> Vec<(u64, String)> {
        records.iter().map(|(n, t)| (*n, t.to_string())).collect()
    }

    #[test]
    fn documents_split_at_markers_and_number_by_their_first_line() {
        let input = "# leading comment\na: 1\n---\nb: 2\n...\n# between\n%YAML 1.2\n---\nc: 3\n";
        assert_eq!(
            split(input, 1 << 20),
            owned(&[
                (2, "a: 1\n"),
                (3, "---\nb: 2\n...\n"),
                (7, "%YAML 1.2\n---\nc: 3\n")
            ])
        );
    }

    #[test]
    fn empty_documents_are_not_records_but_an_explicit_null_is() {
        let input = "---\n# nothing\n---\n--- ~\n---   # comment\n...\n---\n";
        assert_eq!(split(input, 1 << 20), owned(&[(4, "--- ~\n")]));
        assert!(split("", 16).is_empty());
        assert!(split("# only a comment\n\n", 16).is_empty());
    }

    #[test]
    fn markers_need_white_space_or_the_line_end_after_them() {
        let input = "a: |\n  ---\n  ...\nb: ---x\n----\n...x\n";
        assert_eq!(split(input, 1 << 20).len(), 1);
    }

    #[test]
    fn an_indented_marker_in_a_block_scalar_does_not_split() {
        let input = "---\nscript: |\n  echo start\n  ---\n  ...\n  echo end\n---\nnext: 1\n";
        assert_eq!(
            split(input, 1 << 20),
            owned(&[
                (
                    1,
                    "---\nscript: |\n  echo start\n  ---\n  ...\n  echo end\n"
                ),
                (7, "---\nnext: 1\n")
            ])
        );
    }

    #[test]
    fn a_percent_line_inside_a_document_is_content() {
        let input = "--- |\n%!PS-Adobe-2.0\n...\n%YAML 1.2\n---\na: 1\n";
        assert_eq!(
            split(input, 1 << 20),
            owned(&[
                (1, "--- |\n%!PS-Adobe-2.0\n...\n"),
                (4, "%YAML 1.2\n---\na: 1\n")
            ])
        );
    }

    #[test]
    fn chunk_sizes_do_not_change_the_records() {
        let mut input = String::from("\u{feff}");
        for i in 0..50 {
            input.push_str(&format!(
                "---\nid: {i}\ntext: |\n  line one\n  line two {i}\nlist:\n  - a\n  - b\n"
            ));
            if i % 7 == 0 {
                input.push_str("...\n# after\n");
            }
        }
        input.push_str("---\nlast: true"); // no final line break
        let whole = split(&input, 1 << 20);
        assert_eq!(whole.len(), 51);
        for size in [1, 2, 7, 64, 100, 1000] {
            assert_eq!(split(&input, size), whole, "chunks of {size} bytes");
        }
    }

    #[test]
    fn crlf_line_ends_are_markers_too() {
        let input = "a: 1\r\n---\r\nb: 2\r\n";
        assert_eq!(
            split(input, 4),
            owned(&[(1, "a: 1\r\n"), (2, "---\r\nb: 2\r\n")])
        );
    }
}
