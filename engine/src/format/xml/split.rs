//! The streaming splitter: scans the document with `quick-xml`, follows
//! the element path (resolved by namespace URI), and hands out the bytes
//! of each element at the record path, a chunk of whole records at a time.
//!
//! Only the current chunk and the record being read are held: bytes
//! outside records are dropped as soon as they are scanned. A record's
//! bytes are not a standalone document (its prefixes may be declared by an
//! ancestor), so the namespace bindings in scope at each record travel
//! beside it in [`Shared`], keyed by record number; they change rarely, so
//! only the changes are stored.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Read};
use std::sync::{Arc, OnceLock, RwLock};

use bumpalo::Bump;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::names::{Names, Scope, declared_prefix, is_blank, split_qname};
use super::parse::{Bindings, read};
use super::syntax::{MAX_BYTES, MAX_DEPTH, check_declaration, check_doctype, configure, describe};
use crate::error::RunError;
use crate::format::codec::{Chunks, OwnedChunk, Parsed, Position, RecordReader, malformed};
use crate::projection::Keep;

/// What the splitter tells the record parser beside the bytes.
#[derive(Default)]
pub(super) struct Shared {
    /// From which record number on each set of bindings holds, in order.
    contexts: RwLock<Vec<(u64, Arc<Bindings>)>>,
    /// The last record, when the document broke beyond splitting.
    broken: OnceLock<Broken>,
}

/// The failing last record of a broken document: the splitter's message
/// is the one that counts (the bytes alone may not show the problem).
struct Broken {
    number: u64,
    len: usize,
    hash: u64,
    at: Position,
    message: String,
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

impl Shared {
    fn bindings(&self, number: u64) -> Option<Arc<Bindings>> {
        // A poisoned lock only means a splitter panicked mid-push; the
        // list is still a valid prefix.
        let contexts = self.contexts.read().unwrap_or_else(|e| e.into_inner());
        let i = contexts.partition_point(|(from, _)| *from <= number);
        i.checked_sub(1).map(|i| contexts[i].1.clone())
    }

    fn broken(&self, raw: &[u8], number: u64) -> Option<RunError> {
        let broken = self.broken.get()?;
        (broken.number == number && broken.len == raw.len() && broken.hash == hash_of(raw))
            .then(|| malformed(number, broken.at, &broken.message))
    }
}

/// The record parser: one document, or one record element with the
/// bindings in scope where it was cut out.
pub(super) struct XmlRecords {
    pub(super) names: Arc<Names>,
    pub(super) shared: Arc<Shared>,
    /// True for a whole document (the record is `{root: value}`).
    pub(super) whole: bool,
}

impl RecordReader for XmlRecords {
    fn parse<'a>(
        &self,
        raw: &'a [u8],
        number: u64,
        _keep: &Keep,
        arena: &'a Bump,
    ) -> Result<Parsed<'a>, RunError> {
        if let Some(error) = self.shared.broken(raw, number) {
            return Err(error);
        }
        let bindings = if self.whole {
            None
        } else {
            self.shared.bindings(number)
        };
        let bindings: &Bindings = bindings.as_deref().unwrap_or(&[]);
        read(raw, number, &self.names, bindings, arena, self.whole).map(Parsed::Node)
    }
}

/// The input, keeping a copy of every byte `quick-xml` consumes: the
/// bytes of the records come from there.
struct Tee<'r> {
    inner: BufReader<Box<dyn Read + Send + 'r>>,
    kept: Vec<u8>,
}

impl Read for Tee<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.kept.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

impl BufRead for Tee<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.kept.extend_from_slice(&self.inner.buffer()[..n]);
        self.inner.consume(n);
    }
}

/// A line and column, moved forward over the bytes as they pass.
#[derive(Clone, Copy)]
struct Cursor {
    offset: u64,
    line: u64,
    column: u64,
}

/// The record element being read.
#[derive(Clone, Copy)]
struct Open {
    /// Where its bytes start (its start tag, or the indentation before it).
    start: u64,
    number: u64,
    /// Its depth (the root is 1).
    depth: usize,
}

/// Splits a document into the elements at a record path.
pub(super) struct Splitter<'r> {
    reader: Reader<Tee<'r>>,
    buf: Vec<u8>,
    /// The offset of `kept[0]` in the document.
    base: u64,
    cursor: Cursor,
    names: Arc<Names>,
    /// The record path, as member names.
    steps: Vec<String>,
    /// Open element names, concatenated, and where each ends.
    open_names: String,
    ends: Vec<usize>,
    /// Bindings of the open elements outside records (and of the record
    /// element), and the scope length before each.
    scope: Scope<'static>,
    scope_lens: Vec<usize>,
    /// How many open elements, from the root, follow the record path.
    matched: usize,
    record: Option<Open>,
    root_seen: bool,
    done: bool,
    chunk_bytes: usize,
    shared: Arc<Shared>,
    last_bindings: Option<Arc<Bindings>>,
    spare: Option<OwnedChunk>,
}

impl<'r> Splitter<'r> {
    pub(super) fn new(
        input: Box<dyn Read + Send + 'r>,
        names: Arc<Names>,
        steps: Vec<String>,
        chunk_bytes: usize,
        shared: Arc<Shared>,
    ) -> Splitter<'r> {
        let mut inner = BufReader::with_capacity(64 * 1024, input);
        // A byte-order mark is not part of any record (and `quick-xml`
        // would skip it without counting it).
        if inner
            .fill_buf()
            .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
        {
            inner.consume(3);
        }
        let mut reader = Reader::from_reader(Tee {
            inner,
            kept: Vec::new(),
        });
        configure(&mut reader);
        Splitter {
            reader,
            buf: Vec::new(),
            base: 0,
            cursor: Cursor {
                offset: 0,
                line: 1,
                column: 1,
            },
            names,
            steps,
            open_names: String::new(),
            ends: Vec::new(),
            scope: Scope::default(),
            scope_lens: Vec::new(),
            matched: 0,
            record: None,
            root_seen: false,
            done: false,
            chunk_bytes: chunk_bytes.max(1),
            shared,
            last_bindings: None,
            spare: None,
        }
    }

    fn kept(&self) -> &[u8] {
        &self.reader.get_ref().kept
    }

    /// The line and column of document offset `at` (not before the last
    /// position asked for).
    fn position(&mut self, at: u64) -> Position {
        if at > self.cursor.offset {
            let kept = &self.reader.get_ref().kept;
            let from = (self.cursor.offset - self.base) as usize;
            let to = ((at - self.base) as usize).min(kept.len());
            for &b in &kept[from..to] {
                if b == b'\n' {
                    self.cursor.line += 1;
                    self.cursor.column = 1;
                } else if b & 0xC0 != 0x80 {
                    self.cursor.column += 1;
                }
            }
            self.cursor.offset = self.base + to as u64;
        }
        Position {
            line: self.cursor.line,
            column: self.cursor.column,
        }
    }

    /// Drops the bytes already scanned outside records, keeping the start
    /// of the current line (for the indentation of the next record).
    fn trim(&mut self) {
        let pos = self.reader.buffer_position();
        let rel = (pos - self.base) as usize;
        if rel < 64 * 1024 {
            return;
        }
        let cut = match memchr::memrchr(b'\n', &self.kept()[..rel]) {
            Some(i) if rel - i <= 256 => i,
            _ => rel,
        };
        self.position(self.base + cut as u64);
        self.reader.get_mut().kept.drain(..cut);
        self.base += cut as u64;
    }

    fn top(&self) -> &str {
        self.name_at(self.ends.len() - 1)
    }

    fn name_at(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.open_names[start..self.ends[i]]
    }

    fn truncate_names(&mut self, depth: usize) {
        self.ends.truncate(depth);
        self.open_names
            .truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// Closes the innermost element outside a record (or the record
    /// element itself).
    fn close_element(&mut self) {
        self.truncate_names(self.ends.len() - 1);
        if let Some(len) = self.scope_lens.pop() {
            self.scope.truncate(len);
        }
        self.matched = self.matched.min(self.ends.len());
    }

    /// The document cannot be split any further: what remains (from the
    /// record being read, or from `at`) is the last record; it fails with
    /// `message`.
    fn broken(&mut self, chunk: &mut OwnedChunk, at: u64, message: impl Into<String>) {
        let (start, number) = match self.record {
            Some(open) => (open.start, open.number),
            None => (at.max(self.cursor.offset), self.position(at).line),
        };
        let pos = self.position(at);
        let tee = self.reader.get_mut();
        let room = MAX_BYTES.saturating_sub(tee.kept.len() as u64);
        // Already failing: a read error here only shortens the record.
        let _ = (&mut tee.inner).take(room).read_to_end(&mut tee.kept);
        let raw = &self.kept()[(start - self.base) as usize..];
        let from = chunk.bytes.len();
        chunk.bytes.extend_from_slice(raw);
        chunk.lines.push((number, from..chunk.bytes.len()));
        let _ = self.shared.broken.set(Broken {
            number,
            len: raw.len(),
            hash: hash_of(raw),
            at: pos,
            message: message.into(),
        });
        self.record = None;
        self.done = true;
    }

    /// The record being read ends at `end`: its bytes join the chunk.
    fn emit(&mut self, chunk: &mut OwnedChunk, end: u64) {
        let Some(open) = self.record.take() else {
            return;
        };
        let kept = &self.reader.get_ref().kept;
        let range = (open.start - self.base) as usize..(end - self.base) as usize;
        let from = chunk.bytes.len();
        chunk.bytes.extend_from_slice(&kept[range]);
        chunk.lines.push((open.number, from..chunk.bytes.len()));
    }

    /// Where a record starting at `at` begins: at the start of its line
    /// when only blanks precede it there, so that columns in its errors
    /// are the file's.
    fn line_start(&self, at: u64) -> u64 {
        let kept = self.kept();
        let rel = (at - self.base) as usize;
        let start = match memchr::memrchr(b'\n', &kept[..rel]) {
            Some(i) => i + 1,
            None if self.base == 0 => 0,
            None => return at,
        };
        if kept[start..rel].iter().all(|b| matches!(b, b' ' | b'\t')) {
            self.base + start as u64
        } else {
            at
        }
    }

    fn share_bindings(&mut self, number: u64, scope_len: usize) {
        let bindings = self.scope.in_effect(scope_len);
        if self.last_bindings.as_deref() == Some(&bindings[..]) {
            return;
        }
        let bindings: Arc<Bindings> = bindings.into();
        let mut contexts = self
            .shared
            .contexts
            .write()
            .unwrap_or_else(|e| e.into_inner());
        contexts.push((number, bindings.clone()));
        self.last_bindings = Some(bindings);
    }

    fn start(&mut self, e: &BytesStart<'_>, before: u64, empty: bool, chunk: &mut OwnedChunk) {
        let qname: &str = e.name().0;
        let depth = self.ends.len();
        if depth >= MAX_DEPTH {
            let message = format!("elements nested deeper than {MAX_DEPTH} levels");
            return self.broken(chunk, before, message);
        }
        if self.record.is_some() {
            if !empty {
                self.open_names.push_str(qname);
                self.ends.push(self.open_names.len());
            }
            return;
        }
        if depth == 0 && self.root_seen {
            let message =
                format!("a second root element <{qname}> (a document has one root element)");
            return self.broken(chunk, before, message);
        }
        self.root_seen = true;
        let scope_len = self.scope.len();
        for attribute in e.attributes() {
            let attribute = match attribute {
                Ok(attribute) => attribute,
                Err(err) => {
                    let message = format!("invalid attribute in <{qname}>: {err}");
                    return self.broken(chunk, before, message);
                }
            };
            let Some(prefix) = declared_prefix(attribute.key.0) else {
                continue;
            };
            match attribute.normalized_value(XmlVersion::Implicit1_0) {
                Ok(uri) => self
                    .scope
                    .bind(Cow::Owned(prefix.to_owned()), Cow::Owned(uri.into_owned())),
                Err(err) => return self.broken(chunk, before, describe(&err)),
            }
        }
        let on_path = self.matched == depth && depth < self.steps.len() && {
            let (prefix, local) = split_qname(qname);
            match self.scope.resolve(prefix) {
                Ok(uri) => self.names.key(uri, local, qname) == self.steps[depth],
                Err(()) => {
                    let message = format!(
                        "undeclared namespace prefix `{}` in <{qname}>",
                        prefix.unwrap_or_default()
                    );
                    return self.broken(chunk, before, message);
                }
            }
        };
        self.open_names.push_str(qname);
        self.ends.push(self.open_names.len());
        self.scope_lens.push(scope_len);
        if on_path {
            self.matched = depth + 1;
        }
        if on_path && depth + 1 == self.steps.len() {
            let number = self.position(before).line;
            self.share_bindings(number, scope_len);
            self.record = Some(Open {
                start: self.line_start(before),
                number,
                depth: depth + 1,
            });
            if empty {
                self.emit(chunk, self.reader.buffer_position());
            }
        }
        if empty {
            self.close_element();
        }
    }

    fn end(&mut self, found: &str, before: u64, chunk: &mut OwnedChunk) {
        if self.ends.is_empty() {
            let message = format!("closing tag </{found}> without an opening tag");
            return self.broken(chunk, before, message);
        }
        if let Some(open) = self.record {
            // Inside a record, a wrong end tag is the record's own error
            // (its parse reports it); the record still ends at the end tag
            // of its element, so the next records are read.
            if found == self.top() && self.ends.len() > open.depth {
                self.truncate_names(self.ends.len() - 1);
            } else if found == self.name_at(open.depth - 1) {
                self.truncate_names(open.depth);
                self.emit(chunk, self.reader.buffer_position());
                self.close_element();
            }
            return;
        }
        if found != self.top() {
            let message = format!(
                "mismatched closing tag </{found}>, expected </{}>",
                self.top()
            );
            return self.broken(chunk, before, message);
        }
        self.close_element();
    }

    fn event(&mut self, event: Event<'_>, before: u64, chunk: &mut OwnedChunk) {
        let outside = self.ends.is_empty();
        match event {
            Event::Start(e) => self.start(&e, before, false, chunk),
            Event::Empty(e) => self.start(&e, before, true, chunk),
            Event::End(e) => self.end(e.name().0, before, chunk),
            Event::Text(t) if outside && !is_blank(&t) => {
                self.broken(chunk, before, "text outside the root element")
            }
            Event::CData(_) | Event::GeneralRef(_) if outside => {
                self.broken(chunk, before, "text outside the root element")
            }
            Event::DocType(d) => {
                if self.root_seen {
                    let message = "a DOCTYPE is only allowed before the root element";
                    return self.broken(chunk, before, message);
                }
                if let Err(message) = check_doctype(&d) {
                    self.broken(chunk, before, message);
                }
            }
            Event::Decl(d) => {
                if let Err(message) = check_declaration(&d) {
                    self.broken(chunk, before, message);
                }
            }
            Event::Eof => {
                if self.ends.is_empty() {
                    self.done = true;
                } else {
                    let message = format!("unclosed element <{}>", self.top());
                    self.broken(chunk, before, message);
                }
            }
            _ => {}
        }
    }
}

impl Chunks for Splitter<'_> {
    fn next_owned(&mut self) -> io::Result<Option<OwnedChunk>> {
        if self.done {
            return Ok(None);
        }
        let mut chunk = self.spare.take().unwrap_or(OwnedChunk {
            bytes: Vec::new(),
            lines: Vec::new(),
        });
        chunk.bytes.clear();
        chunk.lines.clear();
        let mut buf = std::mem::take(&mut self.buf);
        while !self.done && chunk.bytes.len() < self.chunk_bytes {
            buf.clear();
            let before = self.reader.buffer_position();
            match self.reader.read_event_into(&mut buf) {
                Ok(event) => self.event(event, before, &mut chunk),
                Err(quick_xml::Error::Io(e)) => {
                    self.buf = buf;
                    return Err(io::Error::new(e.kind(), e.to_string()));
                }
                Err(e) => {
                    let at = self.reader.error_position();
                    self.broken(&mut chunk, at, describe(&e));
                }
            }
            match self.record {
                None => self.trim(),
                Some(open) if self.reader.buffer_position() - open.start > MAX_BYTES => {
                    let at = self.reader.buffer_position();
                    self.broken(&mut chunk, at, "a record element larger than 1 GiB");
                }
                Some(_) => {}
            }
        }
        self.buf = buf;
        if chunk.lines.is_empty() {
            return Ok(None);
        }
        Ok(Some(chunk))
    }

    fn recycle(&mut self, chunk: OwnedChunk) {
        self.spare = Some(chunk);
    }
}
