//! The streaming splitter: follows the element path (resolved by
//! namespace URI) and hands out the bytes of each element at the record
//! path, a chunk of whole records at a time.
//!
//! Outside records (the records' ancestors and what sits between the
//! records, a small part of a document) every event is read with
//! `quick-xml`: it gives the path, the namespace bindings in scope, and
//! the errors of a document broken there. Inside a record, a byte scanner
//! ([`scan`]) only finds where the record element ends: `memchr` to the
//! next `<`, then to the end of the tag (skipping quoted attribute
//! values), comment, CDATA section or processing instruction, following
//! the names of the elements open in the record. It decodes nothing (no
//! events, attributes, references, nor UTF-8 checks): the record's parse
//! on a worker does that, once, and reports its errors with their
//! positions. What the scanner cannot judge (the end of the input inside
//! a record, a DOCTYPE or declaration there, a malformed comment, nesting
//! too deep, a record too large) is read again from the record's start
//! with `quick-xml`, as every record used to be.
//!
//! Only the current chunk and the record being read are held: bytes
//! outside records are dropped once scanned. Lines are counted (with
//! `memchr`) only up to each record's start, for its number; columns only
//! when the splitter reports an error. A record's bytes are not a
//! standalone document (its prefixes may be declared by an ancestor), so
//! the namespace bindings in scope at each record travel beside it in
//! [`Shared`], keyed by record number; they change rarely, so only the
//! changes are stored.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, Read};
use std::sync::{Arc, OnceLock, RwLock};

use bumpalo::Bump;
use memchr::memmem::Finder;
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

/// How much input is read at a time.
const BLOCK: usize = 128 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A line and column, moved forward over the bytes as they pass: the byte
/// at offset `col_off` is in column `col` of line `line`, and no line ends
/// between it and `offset`.
#[derive(Clone, Copy)]
struct Cursor {
    offset: u64,
    line: u64,
    col_off: u64,
    col: u64,
}

/// The document as read: a window of its bytes, from offset `base`. Both
/// `quick-xml` (through [`BufRead`]) and the scanner read from it.
struct Feed<'r> {
    input: Box<dyn Read + Send + 'r>,
    kept: Vec<u8>,
    /// The offset of `kept[0]` in the document.
    base: u64,
    /// How far the document is read, in `kept`.
    pos: usize,
    /// The start of the record being read, in `kept`: kept until emitted.
    hold: Option<usize>,
    /// Outside records, the start of the event being read, in `kept`.
    mark: usize,
    cursor: Cursor,
    eof: bool,
}

impl<'r> Feed<'r> {
    fn new(input: Box<dyn Read + Send + 'r>) -> Feed<'r> {
        Feed {
            input,
            kept: Vec::with_capacity(2 * BLOCK),
            base: 0,
            pos: 0,
            hold: None,
            mark: 0,
            cursor: Cursor {
                offset: 0,
                line: 1,
                col_off: 0,
                col: 1,
            },
            eof: false,
        }
    }

    /// Where the document is read to.
    fn at(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn end(&self) -> u64 {
        self.base + self.kept.len() as u64
    }

    fn rel(&self, at: u64) -> usize {
        (at - self.base) as usize
    }

    /// Reads more input after `kept` (first dropping what is no longer
    /// needed); false at the end of the input.
    fn more(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.compact();
        let len = self.kept.len();
        self.kept.resize(len + BLOCK, 0);
        loop {
            match self.input.read(&mut self.kept[len..]) {
                Ok(n) => {
                    self.kept.truncate(len + n);
                    self.eof = n == 0;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.kept.truncate(len);
                    return Err(e);
                }
            }
        }
    }

    /// True when `kept` holds `n` bytes from `at` (reading more if needed).
    fn ensure(&mut self, at: u64, n: usize) -> io::Result<bool> {
        while self.end() < at + n as u64 {
            if !self.more()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Drops the bytes before the record being read, or outside records
    /// before the event being read (keeping the start of its line, for
    /// the indentation of a record), once they are most of `kept`.
    fn compact(&mut self) {
        let keep = match self.hold {
            Some(start) => start,
            None => {
                let from = self.mark.saturating_sub(257);
                match memchr::memrchr(b'\n', &self.kept[from..self.mark]) {
                    Some(i) if self.mark - (from + i) <= 256 => from + i,
                    _ => self.mark,
                }
            }
        };
        if keep < 64 * 1024 || keep * 2 < self.kept.len() {
            return;
        }
        let cut = self.base + keep as u64;
        self.advance(cut);
        if self.cursor.col_off < cut {
            let from = self.rel(self.cursor.col_off);
            self.cursor.col += chars(&self.kept[from..keep]);
            self.cursor.col_off = cut;
        }
        self.kept.drain(..keep);
        self.base = cut;
        self.pos -= keep;
        self.mark -= keep.min(self.mark);
        if let Some(start) = &mut self.hold {
            *start -= keep;
        }
    }

    /// Moves the cursor to `to` (not back), counting line ends.
    fn advance(&mut self, to: u64) {
        let to = to.min(self.end());
        let c = &mut self.cursor;
        if to <= c.offset {
            return;
        }
        let bytes = &self.kept[(c.offset - self.base) as usize..(to - self.base) as usize];
        let lines = memchr::memchr_iter(b'\n', bytes).count();
        if lines > 0 {
            let last = memchr::memrchr(b'\n', bytes).unwrap_or(0);
            c.line += lines as u64;
            c.col_off = c.offset + last as u64 + 1;
            c.col = 1;
        }
        c.offset = to;
    }

    /// The line of document offset `at` (not before the last position
    /// asked for).
    fn line(&mut self, at: u64) -> u64 {
        self.advance(at);
        self.cursor.line
    }

    /// The line and column of document offset `at` (not before the last
    /// position asked for).
    fn position(&mut self, at: u64) -> Position {
        let at = at.clamp(self.cursor.offset, self.end());
        self.advance(at);
        let c = self.cursor;
        let from = self.rel(c.col_off);
        Position {
            line: c.line,
            column: c.col + chars(&self.kept[from..self.rel(at)]),
        }
    }

    /// Reads the rest of the input (at most `room` bytes) into `kept`.
    fn read_rest(&mut self, room: u64) -> io::Result<usize> {
        self.eof = true;
        (&mut self.input).take(room).read_to_end(&mut self.kept)
    }
}

/// Characters in UTF-8 `bytes` (the bytes that do not continue one).
fn chars(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

impl Read for Feed<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Feed<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.kept.len() {
            self.more()?;
        }
        Ok(&self.kept[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

/// The sequences the scanner looks for, built once.
struct Needles {
    comment_end: Finder<'static>,
    cdata_end: Finder<'static>,
    pi_end: Finder<'static>,
    dashes: Finder<'static>,
}

impl Needles {
    fn new() -> Needles {
        Needles {
            comment_end: Finder::new(b"-->"),
            cdata_end: Finder::new(b"]]>"),
            pi_end: Finder::new(b"?>"),
            dashes: Finder::new(b"--"),
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first occurrence at or after `from` found by `find` (a search in a
/// slice), reading more input as needed; `overlap` is the length of the
/// sought sequence minus one. `None` at the end of the input, or past
/// the size limit of a record starting at `start`.
fn find(
    feed: &mut Feed<'_>,
    mut from: u64,
    start: u64,
    overlap: usize,
    find: impl Fn(&[u8]) -> Option<usize>,
) -> io::Result<Option<u64>> {
    loop {
        if let Some(i) = find(&feed.kept[feed.rel(from).min(feed.kept.len())..]) {
            return Ok(Some(from + i as u64));
        }
        from = from.max(feed.end().saturating_sub(overlap as u64));
        if feed.end() - start > MAX_BYTES || !feed.more()? {
            return Ok(None);
        }
    }
}

/// The `>` ending the tag starting at `lt`, outside quoted values, as
/// `quick-xml` finds it.
fn tag_end(feed: &mut Feed<'_>, lt: u64, start: u64) -> io::Result<Option<u64>> {
    let mut from = lt + 1;
    let mut quote = 0u8;
    loop {
        let hay = &feed.kept[feed.rel(from)..];
        let mut i = 0;
        loop {
            if quote == 0 {
                match memchr::memchr3(b'>', b'"', b'\'', &hay[i..]) {
                    Some(j) if hay[i + j] == b'>' => return Ok(Some(from + (i + j) as u64)),
                    Some(j) => {
                        quote = hay[i + j];
                        i += j + 1;
                    }
                    None => break,
                }
            } else {
                match memchr::memchr(quote, &hay[i..]) {
                    Some(j) => {
                        quote = 0;
                        i += j + 1;
                    }
                    None => break,
                }
            }
        }
        from = feed.end();
        if from - start > MAX_BYTES || !feed.more()? {
            return Ok(None);
        }
    }
}

/// Where the record element whose content starts at `from` ends (the
/// offset after its end tag), following the elements open in it (in
/// `open`, as offsets and lengths of their names) as the splitter always
/// did: an end tag closes the innermost element when it names it, ends
/// the record when it names the record element (`name`), and is
/// otherwise the record's own error, found by its parse. The record
/// starts at `start`, its element at `depth`.
///
/// `None` when only `quick-xml` can tell: the input ends, a DOCTYPE, an
/// XML declaration, a comment with `--`, markup `<!` that is neither a
/// comment nor CDATA, nesting beyond the limit, a record beyond the size
/// limit.
#[allow(clippy::too_many_arguments)]
fn scan(
    feed: &mut Feed<'_>,
    needles: &Needles,
    from: u64,
    start: u64,
    name: &[u8],
    depth: usize,
    open: &mut Vec<(u64, usize)>,
) -> io::Result<Option<u64>> {
    open.clear();
    let mut at = from;
    loop {
        let Some(lt) = find(feed, at, start, 0, |hay| memchr::memchr(b'<', hay))? else {
            return Ok(None);
        };
        if !feed.ensure(lt, 2)? {
            return Ok(None);
        }
        match feed.kept[feed.rel(lt) + 1] {
            b'/' => {
                let Some(gt) = tag_end(feed, lt, start)? else {
                    return Ok(None);
                };
                let base = feed.base;
                let kept = &feed.kept;
                let content = &kept[(lt - base) as usize + 2..(gt - base) as usize];
                let found = match content.iter().rposition(|&b| !is_space(b)) {
                    Some(last) => &content[..=last],
                    None => content,
                };
                match open.last() {
                    Some(&(s, len)) if found == &kept[(s - base) as usize..][..len] => {
                        open.pop();
                    }
                    _ if found == name => return Ok(Some(gt + 1)),
                    _ => {}
                }
                at = gt + 1;
            }
            b'!' => {
                if !feed.ensure(lt, 9)? {
                    return Ok(None);
                }
                let head = &feed.kept[feed.rel(lt)..][..9];
                at = if head.starts_with(b"<!--") {
                    let Some(end) = find(feed, lt + 4, start, 2, |h| needles.comment_end.find(h))?
                    else {
                        return Ok(None);
                    };
                    // `--` inside (or `-` before the closing `-->`) is an
                    // error `quick-xml` reports.
                    let body = &feed.kept[feed.rel(lt + 4)..feed.rel(end) + 1];
                    if needles.dashes.find(body).is_some() {
                        return Ok(None);
                    }
                    end + 3
                } else if head == b"<![CDATA[" {
                    let Some(end) = find(feed, lt + 9, start, 2, |h| needles.cdata_end.find(h))?
                    else {
                        return Ok(None);
                    };
                    end + 3
                } else {
                    return Ok(None);
                };
            }
            b'?' => {
                let Some(end) = find(feed, lt + 1, start, 1, |h| needles.pi_end.find(h))? else {
                    return Ok(None);
                };
                // `<?>`, or an XML declaration.
                let content = &feed.kept[feed.rel(lt) + 2..feed.rel(end).max(feed.rel(lt) + 2)];
                let decl =
                    content.starts_with(b"xml") && content.get(3).is_none_or(|&b| is_space(b));
                if end == lt + 1 || decl {
                    return Ok(None);
                }
                at = end + 2;
            }
            _ => {
                if depth + open.len() >= MAX_DEPTH {
                    return Ok(None);
                }
                let Some(gt) = tag_end(feed, lt, start)? else {
                    return Ok(None);
                };
                let content = &feed.kept[feed.rel(lt) + 1..feed.rel(gt)];
                if content.last() != Some(&b'/') {
                    let len = content
                        .iter()
                        .position(|&b| is_space(b))
                        .unwrap_or(content.len());
                    open.push((lt + 1, len));
                }
                at = gt + 1;
            }
        }
    }
}

/// The record element being read.
#[derive(Clone, Copy)]
struct Open {
    /// Where its bytes start (its start tag, or the indentation before it).
    start: u64,
    /// Where its content starts (after its start tag).
    content: u64,
    number: u64,
    /// Its depth (the root is 1).
    depth: usize,
    /// True when read by `quick-xml` (the scanner could not tell).
    slow: bool,
}

/// Splits a document into the elements at a record path.
pub(super) struct Splitter<'r> {
    reader: Reader<Feed<'r>>,
    /// The document offset of the reader's offset 0.
    reader_base: u64,
    /// True when the reader must start again where the feed is (the
    /// feed moved behind it).
    restart: bool,
    buf: Vec<u8>,
    needles: Needles,
    /// The elements open in the record, for the scanner.
    nested: Vec<(u64, usize)>,
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
    /// The ancestors' bindings of the last record, as bound, and in
    /// effect.
    last_scope: Vec<(String, String)>,
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
        let mut feed = Feed::new(input);
        // A byte-order mark is not part of any record (and `quick-xml`
        // would skip it without counting it). A read error shows again on
        // the next read.
        while feed.kept.len() < BOM.len() && feed.more().unwrap_or(false) {}
        if feed.kept.starts_with(BOM) {
            feed.kept.drain(..BOM.len());
        }
        // (A second one is skipped by `quick-xml`, uncounted.)
        let reader_base = if feed.kept.starts_with(BOM) { 3 } else { 0 };
        let mut reader = Reader::from_reader(feed);
        configure(&mut reader);
        Splitter {
            reader,
            reader_base,
            restart: false,
            buf: Vec::new(),
            needles: Needles::new(),
            nested: Vec::new(),
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
            last_scope: Vec::new(),
            last_bindings: None,
            spare: None,
        }
    }

    fn feed(&mut self) -> &mut Feed<'r> {
        self.reader.get_mut()
    }

    /// Where the document is read to.
    fn at(&self) -> u64 {
        self.reader.get_ref().at()
    }

    /// A new reader where the feed is: `quick-xml` keeps the names of the
    /// elements it saw open, and must not see a record the scanner read.
    fn restart_reader(&mut self, chunk: &mut OwnedChunk) -> io::Result<()> {
        self.restart = false;
        let feed = self.feed();
        if feed.pos == feed.kept.len() {
            feed.more()?;
        }
        // A new reader skips a byte-order mark without counting it: that
        // character is text, an error outside the root element.
        let bom = feed.kept[feed.pos..].starts_with(BOM);
        let at = feed.at();
        let empty = Feed::new(Box::new(io::empty()));
        let feed = std::mem::replace(feed, empty);
        self.reader = Reader::from_reader(feed);
        configure(&mut self.reader);
        self.reader_base = at + if bom { BOM.len() as u64 } else { 0 };
        if bom && self.ends.is_empty() {
            self.broken(chunk, at, "text outside the root element");
        }
        Ok(())
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
        let record = self.record;
        let feed = self.reader.get_mut();
        let (start, number) = match record {
            Some(open) => (open.start, open.number),
            None => (at.max(feed.cursor.offset), feed.line(at)),
        };
        let pos = feed.position(at);
        let room = MAX_BYTES.saturating_sub(feed.kept.len() as u64);
        // Already failing: a read error here only shortens the record.
        let _ = feed.read_rest(room);
        let raw = &feed.kept[feed.rel(start).min(feed.kept.len())..];
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
        let feed = self.reader.get_mut();
        let range = feed.rel(open.start)..feed.rel(end);
        let from = chunk.bytes.len();
        chunk.bytes.extend_from_slice(&feed.kept[range]);
        chunk.lines.push((open.number, from..chunk.bytes.len()));
        feed.hold = None;
        feed.mark = feed.pos;
    }

    /// Where a record starting at `at` begins: at the start of its line
    /// when only blanks precede it there, so that columns in its errors
    /// are the file's.
    fn line_start(&self, at: u64) -> u64 {
        let feed = self.reader.get_ref();
        let kept = &feed.kept;
        let rel = feed.rel(at);
        let start = match memchr::memrchr(b'\n', &kept[..rel]) {
            Some(i) => i + 1,
            None if feed.base == 0 => 0,
            None => return at,
        };
        if kept[start..rel].iter().all(|b| matches!(b, b' ' | b'\t')) {
            feed.base + start as u64
        } else {
            at
        }
    }

    fn share_bindings(&mut self, number: u64, scope_len: usize) {
        let raw = self.scope.first(scope_len);
        let same = raw.len() == self.last_scope.len()
            && raw
                .iter()
                .zip(&self.last_scope)
                .all(|((p, u), (q, v))| p == q && u == v);
        if same {
            return;
        }
        self.last_scope = raw
            .iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect();
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
            let number = self.feed().line(before);
            self.share_bindings(number, scope_len);
            let start = self.line_start(before);
            let content = self.at();
            self.record = Some(Open {
                start,
                content,
                number,
                depth: depth + 1,
                slow: false,
            });
            let feed = self.feed();
            feed.hold = Some(feed.rel(start));
            if empty {
                self.emit(chunk, content);
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
                self.emit(chunk, self.at());
                self.close_element();
                self.restart = true;
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
            // Inside a record, a DOCTYPE or an XML declaration is the
            // record's own error (its parse reports it), as a wrong end
            // tag is: the record still ends at its end tag.
            Event::DocType(_) | Event::Decl(_) if self.record.is_some() => {}
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

    /// Reads the record `open` with the scanner: emits it, or leaves it to
    /// `quick-xml` from its content on.
    fn scan_record(&mut self, open: Open, chunk: &mut OwnedChunk) -> io::Result<()> {
        let i = open.depth - 1;
        let name_start = if i == 0 { 0 } else { self.ends[i - 1] };
        let name = &self.open_names.as_bytes()[name_start..self.ends[i]];
        let feed = self.reader.get_mut();
        let end = scan(
            feed,
            &self.needles,
            open.content,
            open.start,
            name,
            open.depth,
            &mut self.nested,
        )?;
        match end {
            Some(end) => {
                feed.pos = feed.rel(end);
                self.emit(chunk, end);
                self.close_element();
            }
            None => {
                feed.pos = feed.rel(open.content);
                self.record = Some(Open { slow: true, ..open });
            }
        }
        self.restart = true;
        Ok(())
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
            if self.restart {
                self.restart_reader(&mut chunk)?;
                continue;
            }
            if let Some(open) = self.record
                && !open.slow
            {
                self.scan_record(open, &mut chunk)?;
                continue;
            }
            buf.clear();
            let feed = self.feed();
            feed.mark = feed.pos;
            let before = feed.at();
            match self.reader.read_event_into(&mut buf) {
                Ok(event) => self.event(event, before, &mut chunk),
                Err(quick_xml::Error::Io(e)) => {
                    self.buf = buf;
                    return Err(io::Error::new(e.kind(), e.to_string()));
                }
                Err(e) => {
                    let at = match e {
                        // `quick-xml` does not tell where: at the first
                        // byte that is not UTF-8 in what it read.
                        quick_xml::Error::Encoding(_) => {
                            let feed = self.reader.get_ref();
                            let read = &feed.kept[feed.rel(before)..feed.pos];
                            let valid = match std::str::from_utf8(read) {
                                Ok(_) => read.len(),
                                Err(e) => e.valid_up_to(),
                            };
                            before + valid as u64
                        }
                        _ => self.reader_base + self.reader.error_position(),
                    };
                    self.broken(&mut chunk, at, describe(&e));
                }
            }
            if let Some(open) = self.record
                && self.at() - open.start > MAX_BYTES
            {
                let at = self.at();
                self.broken(&mut chunk, at, "a record element larger than 1 GiB");
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
