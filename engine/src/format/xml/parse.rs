//! One record's bytes (a whole document, or one record element cut out by
//! the splitter) into a [`Node`] in the worker's arena, following the
//! convention of the [module](super): strings are borrowed from the
//! record where no reference or line end needs decoding.
//!
//! Two readers share one tree builder ([`Parser`]). The fast one
//! ([`fast`]) scans the record's bytes (validated as UTF-8 once) with
//! `memchr` and accepts only a plain subset of XML: ASCII names, quoted
//! attributes, text with character references and the predefined
//! entities, CDATA, comments. On anything else (a processing
//! instruction, a DOCTYPE, a carriage return, an odd name, any error at
//! all) it gives up, and the record is read again from its start with
//! `quick-xml` ([`slow`]), whose reading is the reference: it decides
//! every error and its message. The fast reader never accepts what the
//! slow one rejects, and builds the same tree.

use std::borrow::Cow;

use bumpalo::Bump;
use bumpalo::collections::String as BumpString;
use bumpalo::collections::Vec as BumpVec;
use memchr::{memchr, memchr2, memmem};
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::names::{Names, Scope, declared_prefix, is_blank, is_xml_char, split_qname};
use super::syntax::{
    MAX_DEPTH, check_declaration, check_doctype, configure, describe, resolve_reference,
};
use crate::doc::Node;
use crate::error::RunError;
use crate::format::codec::{Position, malformed};

/// What a record is read with: the namespace bindings in scope where the
/// record element sits in its document (none for a whole document).
pub(super) type Bindings = [(String, String)];

/// Reads `raw` (record `number`, starting on line `number`) into a node:
/// with `wrap_root`, the document as `{root: value}`, otherwise the
/// element's own value.
pub(super) fn read<'a>(
    raw: &'a [u8],
    number: u64,
    names: &Names,
    bindings: &Bindings,
    arena: &'a Bump,
    wrap_root: bool,
) -> Result<Node<'a>, RunError> {
    let fail = |offset: usize, message: String| {
        malformed(number, Position::of_offset(raw, offset, number), message)
    };
    let text =
        std::str::from_utf8(raw).map_err(|e| fail(e.valid_up_to(), "invalid UTF-8".into()))?;
    let (body, shift) = match text.strip_prefix('\u{FEFF}') {
        Some(body) => (body, 3),
        None => (text, 0),
    };
    let root = match fast(Parser::new(body, arena, names, bindings)) {
        Some(root) => Some(root),
        None => slow(
            Parser::new(body, arena, names, bindings),
            &|offset, message| fail(shift + offset, message),
        )?,
    };
    let Some((key, value)) = root else {
        return Err(fail(raw.len(), "no element: the document is empty".into()));
    };
    if !wrap_root {
        return Ok(value);
    }
    let value = if names.is_array(key) {
        Node::Arr(arena.alloc_slice_copy(&[value]))
    } else {
        value
    };
    Ok(Node::Obj(arena.alloc_slice_copy(&[(key, value)])))
}

/// The root element (its member name and value), read with `quick-xml`;
/// `at` makes an error at an offset of the body.
fn slow<'a: 's, 's>(
    mut parser: Parser<'a, 's>,
    at: &dyn Fn(usize, String) -> RunError,
) -> Result<Option<(&'a str, Node<'a>)>, RunError> {
    let mut reader = Reader::from_str(parser.body);
    configure(&mut reader);
    let mut root: Option<(&'a str, Node<'a>)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| at(reader.error_position() as usize, describe(&e)))?;
        let outside = parser.depth == 0;
        let done = match event {
            Event::Start(e) | Event::Empty(e) if outside && root.is_some() => {
                let name: &str = e.name().0;
                return Err(at(
                    before,
                    format!("a second root element <{name}> (a document has one root element)"),
                ));
            }
            Event::Start(e) => {
                parser.start_event(&e, before).map_err(|m| at(before, m))?;
                None
            }
            Event::Empty(e) => {
                parser.start_event(&e, before).map_err(|m| at(before, m))?;
                parser.finish()
            }
            Event::End(e) => {
                let found: &str = e.name().0;
                let Some(open) = parser.open() else {
                    return Err(at(
                        before,
                        format!("closing tag </{found}> without an opening tag"),
                    ));
                };
                if open.qname != found {
                    let expected = open.qname;
                    return Err(at(
                        before,
                        format!("mismatched closing tag </{found}>, expected </{expected}>"),
                    ));
                }
                parser.finish()
            }
            Event::Text(t) if outside => {
                if !is_blank(&t) {
                    return Err(at(before, "text outside the root element".into()));
                }
                None
            }
            Event::Text(t) => {
                parser.text_cow(t.xml10_content());
                None
            }
            Event::CData(c) if !outside => {
                parser.text_cow(c.xml10_content());
                None
            }
            Event::GeneralRef(r) if !outside => {
                let c = resolve_reference(&r).map_err(|m| at(before, m))?;
                parser.text_copy(c.encode_utf8(&mut [0; 4]));
                None
            }
            Event::CData(_) | Event::GeneralRef(_) => {
                return Err(at(before, "text outside the root element".into()));
            }
            Event::DocType(d) => {
                if !outside || root.is_some() {
                    return Err(at(
                        before,
                        "a DOCTYPE is only allowed before the root element".into(),
                    ));
                }
                check_doctype(&d).map_err(|m| at(before, m))?;
                None
            }
            Event::Decl(d) => {
                check_declaration(&d).map_err(|m| at(before, m))?;
                None
            }
            Event::Comment(_) | Event::PI(_) => None,
            Event::Eof => {
                if let Some(open) = parser.open() {
                    let (name, start) = (open.qname, open.start);
                    return Err(at(start, format!("unclosed element <{name}>")));
                }
                break;
            }
        };
        if let Some(element) = done {
            root = Some(element);
        }
    }
    Ok(root)
}

/// The root element read by scanning bytes, or `None` when the body is
/// anything but plain, well-formed XML (then [`slow`] reads it and says
/// what is wrong).
fn fast<'a: 's, 's>(mut p: Parser<'a, 's>) -> Option<(&'a str, Node<'a>)> {
    let body = p.body;
    let b = body.as_bytes();
    let mut i = 0;
    let mut root = None;
    loop {
        let lt = memchr(b'<', &b[i..]).map(|k| i + k);
        let end = lt.unwrap_or(b.len());
        if end > i {
            let piece = &body[i..end];
            if p.depth == 0 {
                if !is_blank(piece) {
                    return None;
                }
            } else {
                p.text_scan(piece)?;
            }
        }
        let Some(lt) = lt else {
            break;
        };
        i = lt;
        match b.get(i + 1) {
            Some(b'/') => {
                let qname = p.open()?.qname.as_bytes();
                let close = i + 2 + qname.len();
                if !same_bytes(b.get(i + 2..close)?, qname) || b.get(close) != Some(&b'>') {
                    return None;
                }
                i = close + 1;
                if let Some(element) = p.finish() {
                    root = Some(element);
                }
            }
            Some(b'!') => {
                let rest = &b[i..];
                if rest.starts_with(b"<!--") {
                    let from = i + 4;
                    let k = memmem::find(&b[from..], b"--")?;
                    // `--` only to end it; no `-` at either end of it.
                    if k == 0 || b[from] == b'-' || b[from + k - 1] == b'-' {
                        return None;
                    }
                    if b.get(from + k + 2) != Some(&b'>') {
                        return None;
                    }
                    i = from + k + 3;
                } else if rest.starts_with(b"<![CDATA[") {
                    if p.depth == 0 {
                        return None;
                    }
                    let from = i + 9;
                    let k = memmem::find(&b[from..], b"]]>")?;
                    let content = &body[from..from + k];
                    if memchr(b'\r', content.as_bytes()).is_some() {
                        return None;
                    }
                    p.text(content);
                    i = from + k + 3;
                } else {
                    return None;
                }
            }
            Some(b'?') | None => return None,
            Some(_) => {
                if p.depth == 0 && root.is_some() {
                    return None;
                }
                let start = i;
                let mut j = i + 1;
                let n = name_len(&b[j..])?;
                let qname = &body[j..j + n];
                j += n;
                p.attrs.clear();
                let empty = loop {
                    match *b.get(j)? {
                        b'>' => {
                            j += 1;
                            break false;
                        }
                        b'/' => {
                            if b.get(j + 1) != Some(&b'>') {
                                return None;
                            }
                            j += 2;
                            break true;
                        }
                        c if is_space(c) => {
                            j += 1;
                            while is_space(*b.get(j)?) {
                                j += 1;
                            }
                            if matches!(b[j], b'>' | b'/') {
                                continue;
                            }
                            let n = name_len(&b[j..])?;
                            let name = &body[j..j + n];
                            j += n;
                            if b.get(j) != Some(&b'=') {
                                return None;
                            }
                            let quote = *b.get(j + 1)?;
                            if quote != b'"' && quote != b'\'' {
                                return None;
                            }
                            j += 2;
                            let q = j + memchr(quote, &b[j..])?;
                            let raw = &body[j..q];
                            j = q + 1;
                            let value = if raw
                                .bytes()
                                .any(|c| matches!(c, b'&' | b'<' | b'\t' | b'\n' | b'\r'))
                            {
                                if raw.contains('<') {
                                    return None;
                                }
                                let attribute = Attribute {
                                    key: QName(name),
                                    value: Cow::Borrowed(raw),
                                };
                                match attribute.normalized_value(XmlVersion::Implicit1_0).ok()? {
                                    Cow::Borrowed(s) => s,
                                    Cow::Owned(s) => &*p.arena.alloc_str(&s),
                                }
                            } else {
                                raw
                            };
                            if declared_prefix(name).is_some()
                                && p.attrs.iter().any(|(n, _)| *n == name)
                            {
                                return None;
                            }
                            p.attrs.push((name, value));
                        }
                        _ => return None,
                    }
                };
                p.start(qname, start).ok()?;
                i = j;
                if empty && let Some(element) = p.finish() {
                    root = Some(element);
                }
            }
        }
    }
    if p.depth != 0 {
        return None;
    }
    root
}

/// The length of the plain name (ASCII, at most one colon between two
/// parts) at the start of `b`, if one is there.
fn name_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut colon = false;
    loop {
        match b.get(i) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => i += 1,
            _ => return None,
        }
        while let Some(c) = b.get(i)
            && (c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        {
            i += 1;
        }
        if !colon && b.get(i) == Some(&b':') {
            colon = true;
            i += 1;
            continue;
        }
        return Some(i);
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Byte equality without a call for short names.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Key equality: interned keys are usually the same slice.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || same_bytes(a.as_bytes(), b.as_bytes()))
}

/// The character of a reference's name (between `&` and `;`) when it is a
/// plain one (decimal or `x` hexadecimal digits, or a predefined entity).
fn plain_reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        if dec.is_empty() || dec.len() > 7 || !dec.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        dec.parse().ok()?
    } else {
        return match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        };
    };
    char::from_u32(code).filter(|c| is_xml_char(*c))
}

/// An element being read.
#[derive(Default)]
struct Frame<'a> {
    /// Its member name.
    key: &'a str,
    /// True when its member is always an array.
    array: bool,
    /// Its name as written, for the end tag.
    qname: &'a str,
    /// Where its start tag begins.
    start: usize,
    /// The scope's length before its namespace declarations.
    scope_len: usize,
    /// Attributes, then child elements by name in order of first
    /// occurrence.
    members: Vec<(&'a str, Slot<'a>)>,
    /// Runs of text (between child elements), each with the number of
    /// members before it.
    runs: Vec<(usize, Run<'a>)>,
    /// True while the last content read was text (a reference or CDATA
    /// continues the run).
    in_run: bool,
    /// True once a child element was read.
    children: bool,
}

/// A member's value: one element, or all elements of the same name.
enum Slot<'a> {
    One(Node<'a>),
    Many(BumpVec<'a, Node<'a>>),
}

/// A run of text: a slice of the body, or pieces joined in the arena.
enum Run<'a> {
    Slice(&'a str),
    Joined(BumpString<'a>),
}

impl<'a> Run<'a> {
    fn as_str(&self) -> &str {
        match self {
            Run::Slice(s) => s,
            Run::Joined(s) => s,
        }
    }

    fn push(&mut self, piece: &str, arena: &'a Bump) {
        match self {
            Run::Slice(first) => {
                let mut joined =
                    BumpString::with_capacity_in(first.len() + piece.len() + 16, arena);
                joined.push_str(first);
                joined.push_str(piece);
                *self = Run::Joined(joined);
            }
            Run::Joined(joined) => joined.push_str(piece),
        }
    }

    fn into_str(self) -> &'a str {
        match self {
            Run::Slice(s) => s,
            Run::Joined(s) => s.into_bump_str(),
        }
    }
}

/// A name resolved in the current scope.
#[derive(Clone, Copy)]
struct Interned<'a> {
    qname: &'a str,
    attribute: bool,
    epoch: u32,
    key: &'a str,
    array: bool,
}

const CACHE: usize = 64;

/// Names resolved by the records a thread read before, in the scope
/// records start in: most records repeat the same few names, resolved
/// once per thread instead of once per record.
struct Memo {
    names: u64,
    bindings: Vec<(String, String)>,
    entries: Vec<Option<MemoEntry>>,
}

struct MemoEntry {
    qname: Box<str>,
    attribute: bool,
    key: MemoKey,
    array: bool,
}

/// A resolved name: the qualified name from an offset on (`p:x` or its
/// local part `x`), or another string.
enum MemoKey {
    Tail(usize),
    Owned(Box<str>),
}

thread_local! {
    static MEMO: std::cell::Cell<Option<Box<Memo>>> = const { std::cell::Cell::new(None) };
}

impl Memo {
    /// This thread's memo, valid for `names` and `bindings`.
    fn take(names: &Names, bindings: &Bindings) -> Box<Memo> {
        let memo = MEMO.with(|memo| memo.take());
        match memo {
            Some(memo) if memo.names == names.id && memo.bindings.as_slice() == bindings => memo,
            Some(mut memo) => {
                memo.names = names.id;
                memo.bindings = bindings.to_vec();
                memo.entries.iter_mut().for_each(|entry| *entry = None);
                memo
            }
            None => Box::new(Memo {
                names: names.id,
                bindings: bindings.to_vec(),
                entries: (0..CACHE).map(|_| None).collect(),
            }),
        }
    }
}

impl Drop for Parser<'_, '_> {
    fn drop(&mut self) {
        if let Some(memo) = self.memo.take() {
            MEMO.with(|slot| slot.set(Some(memo)));
        }
    }
}

fn slot_of(name: &[u8], attribute: bool) -> usize {
    let mut h = (name.len() as u32) ^ (u32::from(attribute) << 8);
    for &c in name {
        h = h.wrapping_mul(31).wrapping_add(u32::from(c));
    }
    ((h ^ (h >> 7)) as usize) & (CACHE - 1)
}

struct Parser<'a, 's> {
    body: &'a str,
    arena: &'a Bump,
    names: &'s Names,
    scope: Scope<'s>,
    /// Bumped whenever the scope changes: older cache entries are stale.
    epoch: u32,
    /// Names resolved so far, by qualified name (direct-mapped).
    cache: [Option<Interned<'a>>; CACHE],
    /// Names resolved by earlier records of this thread.
    memo: Option<Box<Memo>>,
    /// The start tag's attributes (namespace declarations included), by
    /// name as written, values decoded.
    attrs: Vec<(&'a str, &'a str)>,
    /// Open elements are `frames[..depth]`; the rest are kept for reuse.
    frames: Vec<Frame<'a>>,
    depth: usize,
}

impl<'a, 's> Parser<'a, 's>
where
    'a: 's,
{
    fn new(
        body: &'a str,
        arena: &'a Bump,
        names: &'s Names,
        bindings: &'s Bindings,
    ) -> Parser<'a, 's> {
        let mut parser = Parser {
            body,
            arena,
            names,
            scope: Scope::default(),
            epoch: 0,
            cache: [None; CACHE],
            memo: Some(Memo::take(names, bindings)),
            attrs: Vec::new(),
            frames: Vec::new(),
            depth: 0,
        };
        for (prefix, uri) in bindings {
            parser.scope.bind(Cow::Borrowed(prefix), Cow::Borrowed(uri));
        }
        parser
    }

    fn open(&self) -> Option<&Frame<'a>> {
        self.depth.checked_sub(1).map(|i| &self.frames[i])
    }

    /// `part` (a slice of an event borrowed from the body) with the body's
    /// lifetime; copied into the arena when it is not a slice of it.
    fn reborrow(&self, part: &str) -> &'a str {
        let start = (part.as_ptr() as usize).wrapping_sub(self.body.as_ptr() as usize);
        match start
            .checked_add(part.len())
            .and_then(|end| self.body.get(start..end))
        {
            Some(same) if same.as_ptr() == part.as_ptr() => same,
            _ => self.arena.alloc_str(part),
        }
    }

    fn reborrow_cow(&self, value: Cow<'_, str>) -> &'a str {
        match value {
            Cow::Borrowed(s) => self.reborrow(s),
            Cow::Owned(s) => self.arena.alloc_str(&s),
        }
    }

    /// Opens an element read by `quick-xml`: its attributes into `attrs`,
    /// failing at the first bad one as [`Parser::start`] would.
    fn start_event(&mut self, e: &BytesStart<'_>, start: usize) -> Result<(), String> {
        check_depth(self.depth)?;
        let qname = self.reborrow(e.name().0);
        self.attrs.clear();
        for attribute in e.attributes() {
            let attribute =
                attribute.map_err(|e| format!("invalid attribute in <{qname}>: {e}"))?;
            let value = attribute_value(&attribute, qname)?;
            let name = self.reborrow(attribute.key.0);
            let value = self.reborrow_cow(value);
            check_declaration_value(name, value)?;
            self.attrs.push((name, value));
        }
        self.start(qname, start)
    }

    /// Opens element `qname` with the attributes in `attrs`: its namespace
    /// declarations, name and attributes.
    fn start(&mut self, qname: &'a str, start: usize) -> Result<(), String> {
        check_depth(self.depth)?;
        let scope_len = self.scope.len();
        let attrs = std::mem::take(&mut self.attrs);
        let mut declares = false;
        for &(name, value) in &attrs {
            if let Some(prefix) = declared_prefix(name) {
                check_declaration_value(name, value)?;
                self.scope.bind(Cow::Borrowed(prefix), Cow::Borrowed(value));
                declares = true;
            }
        }
        if declares {
            self.epoch += 1;
        }
        let result = self.open_with(qname, start, scope_len, &attrs);
        self.attrs = attrs;
        result
    }

    fn open_with(
        &mut self,
        qname: &'a str,
        start: usize,
        scope_len: usize,
        attrs: &[(&'a str, &'a str)],
    ) -> Result<(), String> {
        let element = self.intern(qname, false, qname)?;
        if self.depth == self.frames.len() {
            self.frames.push(Frame::default());
        }
        let mut members = std::mem::take(&mut self.frames[self.depth].members);
        members.clear();
        for &(name, value) in attrs {
            if declared_prefix(name).is_some() {
                continue;
            }
            let key = match self.intern(name, true, qname) {
                Ok(interned) => interned.key,
                Err(e) => {
                    self.frames[self.depth].members = members;
                    return Err(e);
                }
            };
            if members.iter().any(|(k, _)| same_key(k, key)) {
                self.frames[self.depth].members = members;
                return Err(format!("duplicate attribute `{name}` in <{qname}>"));
            }
            members.push((key, Slot::One(Node::Str(value))));
        }
        let frame = &mut self.frames[self.depth];
        frame.key = element.key;
        frame.array = element.array;
        frame.qname = qname;
        frame.start = start;
        frame.scope_len = scope_len;
        frame.members = members;
        frame.runs.clear();
        frame.in_run = false;
        frame.children = false;
        self.depth += 1;
        Ok(())
    }

    /// The member name of element (or attribute) `name` in the current
    /// scope, resolved once per distinct name and scope.
    fn intern(
        &mut self,
        name: &'a str,
        attribute: bool,
        element: &str,
    ) -> Result<Interned<'a>, String> {
        let slot = slot_of(name.as_bytes(), attribute);
        if let Some(hit) = self.cache[slot]
            && hit.epoch == self.epoch
            && hit.attribute == attribute
            && same_key(hit.qname, name)
        {
            return Ok(hit);
        }
        if self.epoch == 0
            && let Some(hit) = self.remembered(slot, name, attribute)
        {
            self.cache[slot] = Some(hit);
            return Ok(hit);
        }
        let (prefix, local) = split_qname(name);
        // An attribute without a prefix is in no namespace.
        let uri = if attribute && prefix.is_none() {
            None
        } else {
            self.scope
                .resolve(prefix)
                .map_err(|()| undeclared(prefix, element))?
        };
        let key = self.names.key(uri, local, name);
        let key: &'a str = if attribute {
            let mut at = BumpString::with_capacity_in(key.len() + 1, self.arena);
            at.push('@');
            at.push_str(&key);
            at.into_bump_str()
        } else {
            match key {
                Cow::Borrowed(s) => s,
                Cow::Owned(s) => self.arena.alloc_str(&s),
            }
        };
        let interned = Interned {
            qname: name,
            attribute,
            epoch: self.epoch,
            key,
            array: !attribute && self.names.is_array(key),
        };
        self.cache[slot] = Some(interned);
        if self.epoch == 0
            && let Some(memo) = &mut self.memo
        {
            let offset = (key.as_ptr() as usize).wrapping_sub(name.as_ptr() as usize);
            let key = if offset <= name.len() && name.get(offset..) == Some(key) {
                MemoKey::Tail(offset)
            } else {
                MemoKey::Owned(key.into())
            };
            memo.entries[slot] = Some(MemoEntry {
                qname: name.into(),
                attribute,
                key,
                array: interned.array,
            });
        }
        Ok(interned)
    }

    /// A name the thread resolved in an earlier record read in the same
    /// scope.
    fn remembered(&self, slot: usize, name: &'a str, attribute: bool) -> Option<Interned<'a>> {
        let entry = self.memo.as_ref()?.entries[slot].as_ref()?;
        if entry.attribute != attribute || !same_bytes(entry.qname.as_bytes(), name.as_bytes()) {
            return None;
        }
        let key = match &entry.key {
            MemoKey::Tail(offset) => name.get(*offset..)?,
            MemoKey::Owned(key) => self.arena.alloc_str(key),
        };
        Some(Interned {
            qname: name,
            attribute,
            epoch: 0,
            key,
            array: entry.array,
        })
    }

    /// Text of the body, scanned for references (a carriage return, or a
    /// reference that is not plain, gives up: `None`).
    fn text_scan(&mut self, piece: &'a str) -> Option<()> {
        let bytes = piece.as_bytes();
        let mut from = 0;
        while let Some(k) = memchr2(b'&', b'\r', &bytes[from..]) {
            let amp = from + k;
            if bytes[amp] == b'\r' {
                return None;
            }
            let semi = amp + 1 + memchr2(b';', b'&', &bytes[amp + 1..])?;
            if bytes[semi] != b';' {
                return None;
            }
            let c = plain_reference(&piece[amp + 1..semi])?;
            self.text(&piece[from..amp]);
            self.text_copy(c.encode_utf8(&mut [0; 4]));
            from = semi + 1;
        }
        self.text(&piece[from..]);
        Some(())
    }

    fn text_cow(&mut self, piece: Cow<'a, str>) {
        match piece {
            Cow::Borrowed(s) => self.text(s),
            Cow::Owned(s) => self.text_copy(&s),
        }
    }

    /// A piece of text borrowed from the body.
    fn text(&mut self, piece: &'a str) {
        if piece.is_empty() {
            return;
        }
        let arena = self.arena;
        let frame = &mut self.frames[self.depth - 1];
        match frame.runs.last_mut() {
            Some((_, run)) if frame.in_run => run.push(piece, arena),
            _ => frame.runs.push((frame.members.len(), Run::Slice(piece))),
        }
        frame.in_run = true;
    }

    /// A piece of text decoded (copied into the arena).
    fn text_copy(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        let arena = self.arena;
        let frame = &mut self.frames[self.depth - 1];
        match frame.runs.last_mut() {
            Some((_, run)) if frame.in_run => run.push(piece, arena),
            _ => {
                let run = Run::Joined(BumpString::from_str_in(piece, arena));
                frame.runs.push((frame.members.len(), run));
            }
        }
        frame.in_run = true;
    }

    /// Closes the open element: its value joins its parent, or is the
    /// root (returned).
    fn finish(&mut self) -> Option<(&'a str, Node<'a>)> {
        self.depth -= 1;
        let frame = &mut self.frames[self.depth];
        let (key, always_array) = (frame.key, frame.array);
        if self.scope.len() != frame.scope_len {
            self.scope.truncate(frame.scope_len);
            self.epoch += 1;
        }
        let value = value_of(frame, self.arena);
        let Some(parent) = self.depth.checked_sub(1).map(|i| &mut self.frames[i]) else {
            return Some((key, value));
        };
        parent.children = true;
        parent.in_run = false;
        match parent
            .members
            .iter_mut()
            .rev()
            .find(|(k, _)| same_key(k, key))
        {
            Some((_, slot)) => match slot {
                Slot::One(first) => {
                    let mut all = BumpVec::with_capacity_in(4, self.arena);
                    all.push(*first);
                    all.push(value);
                    *slot = Slot::Many(all);
                }
                Slot::Many(all) => all.push(value),
            },
            None if always_array => {
                let mut all = BumpVec::with_capacity_in(1, self.arena);
                all.push(value);
                parent.members.push((key, Slot::Many(all)));
            }
            None => parent.members.push((key, Slot::One(value))),
        }
        None
    }
}

fn check_depth(depth: usize) -> Result<(), String> {
    if depth >= MAX_DEPTH {
        return Err(format!("elements nested deeper than {MAX_DEPTH} levels"));
    }
    Ok(())
}

/// A namespace declaration cannot undeclare a prefix.
fn check_declaration_value(name: &str, value: &str) -> Result<(), String> {
    match declared_prefix(name) {
        Some(prefix) if !prefix.is_empty() && value.is_empty() => Err(format!(
            "the namespace prefix `{prefix}` cannot be undeclared"
        )),
        _ => Ok(()),
    }
}

fn undeclared(prefix: Option<&str>, qname: &str) -> String {
    format!(
        "undeclared namespace prefix `{}` in <{qname}>",
        prefix.unwrap_or_default()
    )
}

fn attribute_value<'v>(attribute: &Attribute<'v>, qname: &str) -> Result<Cow<'v, str>, String> {
    attribute
        .normalized_value(XmlVersion::Implicit1_0)
        .map_err(|e| {
            let name: &str = attribute.key.0;
            format!("in attribute `{name}` of <{qname}>: {}", describe(&e))
        })
}

/// An element's value once it is closed.
fn value_of<'a>(frame: &mut Frame<'a>, arena: &'a Bump) -> Node<'a> {
    if frame.members.is_empty() {
        // Text only (or empty): the bare string, exactly as written.
        let mut runs = frame.runs.drain(..).map(|(_, run)| run);
        let text = match runs.next() {
            None => return Node::Str(""),
            Some(first) => runs.fold(first, |mut all, run| {
                all.push(run.as_str(), arena);
                all
            }),
        };
        return Node::Str(text.into_str());
    }
    // Whitespace between child elements is layout, not content.
    let drop_blank = frame.children;
    let mut text: Option<(usize, Run<'a>)> = None;
    for (at, run) in frame.runs.drain(..) {
        if drop_blank && is_blank(run.as_str()) {
            continue;
        }
        match &mut text {
            None => text = Some((at, run)),
            Some((_, all)) => all.push(run.as_str(), arena),
        }
    }
    let count = frame.members.len() + usize::from(text.is_some());
    let mut members = BumpVec::with_capacity_in(count, arena);
    let mut text = text.map(|(at, run)| (at, Node::Str(run.into_str())));
    for (i, (key, slot)) in frame.members.drain(..).enumerate() {
        if let Some((at, node)) = text
            && at == i
        {
            members.push(("#text", node));
            text = None;
        }
        members.push((key, slot.into_node()));
    }
    if let Some((_, node)) = text {
        members.push(("#text", node));
    }
    Node::Obj(members.into_bump_slice())
}

impl<'a> Slot<'a> {
    fn into_node(self) -> Node<'a> {
        match self {
            Slot::One(node) => node,
            Slot::Many(all) => Node::Arr(all.into_bump_slice()),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::format::XmlOptions;

    fn names() -> Names {
        Names::new(&XmlOptions {
            namespaces: vec![("o".into(), "urn:o".into()), ("".into(), "urn:d".into())],
            arrays: vec!["o:L".into()],
            ..XmlOptions::default()
        })
    }

    /// The fast reader agrees with `quick-xml`'s: whatever it accepts,
    /// the slow one reads the same way.
    fn agree(xml: &str) -> bool {
        let names = names();
        let bindings = [("p".to_string(), "urn:o".to_string())];
        let arena = Bump::new();
        let fast = fast(Parser::new(xml, &arena, &names, &bindings));
        let slow = slow(Parser::new(xml, &arena, &names, &bindings), &|_, m| {
            RunError::new(crate::codes::MALFORMED_RECORD, m)
        });
        let Some((key, value)) = fast else {
            return false;
        };
        match slow {
            Ok(Some((k, v))) => {
                assert_eq!((key, value.to_json()), (k, v.to_json()), "{xml:?}");
            }
            Ok(None) => panic!("{xml:?}: the fast reader read a root, the slow one none"),
            Err(e) => panic!("{xml:?}: the fast reader accepts, the slow one says {e:?}"),
        }
        true
    }

    #[test]
    fn plain_records_are_read_fast_and_the_same() {
        for xml in [
            "<a/>",
            " <a></a> ",
            "<!-- c --><a x='1' y=\"2\">t</a><!-- d -->",
            "<p:a p:x=\"1\" x=\"2\"><p:b>1</p:b><b>2</b><p:b>3</p:b></p:a>",
            "<a xmlns=\"urn:d\" xmlns:q=\"urn:q\"><b q:c=\"&amp;&#233;\">x&lt;y&#x20AC;</b><q:b/></a>",
            "<a>one <![CDATA[<two>]]> three<!-- c --> four</a>",
            "<a>\n  <b>1</b>\n  text\n  <c/>\n</a>",
            "<a x=\"a\tb\nc\">  </a>",
            "<p:L><p:L/></p:L>",
            "<a><b xmlns=\"\"><c/></b><c/></a>",
            "<a><p:c/><b xmlns:p=\"urn:x\"><p:c/></b><p:c/></a>",
        ] {
            assert!(agree(xml), "{xml:?} is read by the slow reader");
        }
    }

    #[test]
    fn names_resolve_again_when_the_scope_changes() {
        let names = names();
        let arena = Bump::new();
        let xml =
            "<a><p:c/><b xmlns:p=\"urn:x\" p:k=\"1\"><p:c p:k=\"2\"/></b><p:c p:k=\"3\"/></a>";
        let (_, value) = fast(Parser::new(
            xml,
            &arena,
            &names,
            &[("p".into(), "urn:o".into())],
        ))
        .unwrap();
        assert_eq!(
            value.to_json(),
            serde_json::json!({
                "o:c": ["", {"@o:k": "3"}],
                "b": {"@{urn:x}k": "1", "{urn:x}c": {"@{urn:x}k": "2"}},
            })
        );
    }

    #[test]
    fn anything_unusual_is_left_to_quick_xml() {
        for xml in [
            "<a>\r\n</a>",
            "<?pi x?><a/>",
            "<a></a >",
            "<a></b>",
            "<a x=\"1\" x=\"2\"/>",
            "<a xmlns:q=\"u\" xmlns:q=\"v\"/>",
            "<a x = \"1\"/>",
            "<a x=\"1\"y=\"2\"/>",
            "<a>&unknown;</a>",
            "<a>& b</a>",
            "<a>&#0;</a>",
            "<a><!-- x -- y --></a>",
            "<a><!---></a>",
            "<a/><b/>",
            "<é/>",
            "<a:b:c/>",
            "<q:a/>",
            "<a",
            "<a>",
            "text",
            "",
        ] {
            assert!(!agree(xml), "{xml:?} is left to quick-xml");
        }
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "<a>",
            "</a>",
            "<b>",
            "</b>",
            "<p:c>",
            "</p:c>",
            "<p:L>",
            "</p:L>",
            "<a/>",
            "<b x=\"1\">",
            "<b x='&amp;' y=\"&#9;\">",
            "<b xmlns=\"urn:d\">",
            "<b xmlns:p=\"urn:x\">",
            "<b xmlns:p=\"\">",
            "<b p:x=\"1\" o:x=\"2\">",
            "<b x=\"1\" x=\"1\">",
            "<b\tx=\"a\nb\"\n/>",
            "t",
            " ",
            "\n",
            "\r",
            "&lt;",
            "&#x41;",
            "&#65;",
            "&bad;",
            "&",
            ";",
            "<![CDATA[c]]>",
            "<!-- c -->",
            "<!---->",
            "<?pi?>",
            ">",
            "'",
            "\"",
            "é",
            "<",
            "/",
            "=",
            "x",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn the_fast_reader_never_disagrees(pieces in prop::collection::vec(piece(), 0..24)) {
            agree(&pieces.concat());
        }

        #[test]
        fn nor_on_balanced_records(pieces in prop::collection::vec(piece(), 0..16)) {
            agree(&format!("<a>{}</a>", pieces.concat()));
            agree(&format!("<b x=\"1\"> {} <p:L/>{}</b>", pieces.concat(), pieces.concat()));
        }
    }
}
