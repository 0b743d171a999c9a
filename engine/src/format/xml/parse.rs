//! One record's bytes (a whole document, or one record element cut out by
//! the splitter) into a [`Node`] in the worker's arena, following the
//! convention of the [module](super): strings are borrowed from the
//! record where no reference or line end needs decoding.

use std::borrow::Cow;

use bumpalo::Bump;
use bumpalo::collections::Vec as BumpVec;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use super::names::{Names, Scope, declared_prefix, is_blank, split_qname};
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
    let mut parser = Parser {
        body,
        arena,
        names,
        scope: Scope::default(),
        frames: Vec::new(),
        depth: 0,
    };
    for (prefix, uri) in bindings {
        parser.scope.bind(Cow::Borrowed(prefix), Cow::Borrowed(uri));
    }
    let mut reader = Reader::from_str(body);
    configure(&mut reader);
    let mut root: Option<(&'a str, Node<'a>)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let at = |offset: usize, message: String| fail(shift + offset, message);
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
                parser.start(&e, before).map_err(|m| at(before, m))?;
                None
            }
            Event::Empty(e) => {
                parser.start(&e, before).map_err(|m| at(before, m))?;
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
                parser.text(t.xml10_content());
                None
            }
            Event::CData(c) if !outside => {
                parser.text(c.xml10_content());
                None
            }
            Event::GeneralRef(r) if !outside => {
                let c = resolve_reference(&r).map_err(|m| at(before, m))?;
                parser.text(Cow::Owned(c.to_string()));
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

/// An element being read.
#[derive(Default)]
struct Frame<'a> {
    /// Its member name.
    key: &'a str,
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
    runs: Vec<(usize, Cow<'a, str>)>,
    /// True while the last content read was text (a reference or CDATA
    /// continues the run).
    in_run: bool,
    /// True once a child element was read.
    children: bool,
}

/// A member's value: one element, or all elements of the same name.
enum Slot<'a> {
    One(Node<'a>),
    Many(Vec<Node<'a>>),
}

struct Parser<'a, 's> {
    body: &'a str,
    arena: &'a Bump,
    names: &'s Names,
    scope: Scope<'s>,
    /// Open elements are `frames[..depth]`; the rest are kept for reuse.
    frames: Vec<Frame<'a>>,
    depth: usize,
}

impl<'a, 's> Parser<'a, 's>
where
    'a: 's,
{
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

    fn in_arena(&self, key: Cow<'_, str>) -> &'a str {
        self.reborrow_cow(key)
    }

    /// Opens an element: its namespace declarations, name and attributes.
    fn start(&mut self, e: &BytesStart<'_>, start: usize) -> Result<(), String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!("elements nested deeper than {MAX_DEPTH} levels"));
        }
        let qname = self.reborrow(e.name().0);
        let scope_len = self.scope.len();
        let mut attributes = Vec::new();
        for attribute in e.attributes() {
            let attribute =
                attribute.map_err(|e| format!("invalid attribute in <{qname}>: {e}"))?;
            let value = attribute_value(&attribute, qname)?;
            let name = self.reborrow(attribute.key.0);
            let value = self.reborrow_cow(value);
            match declared_prefix(name) {
                Some(prefix) => {
                    if !prefix.is_empty() && value.is_empty() {
                        return Err(format!(
                            "the namespace prefix `{prefix}` cannot be undeclared"
                        ));
                    }
                    self.scope.bind(Cow::Borrowed(prefix), Cow::Borrowed(value));
                }
                None => attributes.push((name, value)),
            }
        }
        let (prefix, local) = split_qname(qname);
        let uri = self
            .scope
            .resolve(prefix)
            .map_err(|()| undeclared(prefix, qname))?;
        let key = self.in_arena(self.names.key(uri, local, qname));
        if self.depth == self.frames.len() {
            self.frames.push(Frame::default());
        }
        let mut members = std::mem::take(&mut self.frames[self.depth].members);
        members.clear();
        for (name, value) in attributes {
            let (prefix, local) = split_qname(name);
            // An attribute without a prefix is in no namespace.
            let uri = match prefix {
                None => None,
                Some(_) => self
                    .scope
                    .resolve(prefix)
                    .map_err(|()| undeclared(prefix, qname))?,
            };
            let key = self.names.key(uri, local, name);
            let key = bumpalo::format!(in self.arena, "@{}", key).into_bump_str();
            if members.iter().any(|(k, _)| *k == key) {
                return Err(format!("duplicate attribute `{name}` in <{qname}>"));
            }
            members.push((key, Slot::One(Node::Str(value))));
        }
        let frame = &mut self.frames[self.depth];
        frame.key = key;
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

    fn text(&mut self, piece: Cow<'a, str>) {
        if piece.is_empty() {
            return;
        }
        let frame = &mut self.frames[self.depth - 1];
        match frame.runs.last_mut() {
            Some((_, run)) if frame.in_run => run.to_mut().push_str(&piece),
            _ => frame.runs.push((frame.members.len(), piece)),
        }
        frame.in_run = true;
    }

    /// Closes the open element: its value joins its parent, or is the
    /// root (returned).
    fn finish(&mut self) -> Option<(&'a str, Node<'a>)> {
        self.depth -= 1;
        let frame = &mut self.frames[self.depth];
        let key = frame.key;
        self.scope.truncate(frame.scope_len);
        let value = value_of(frame, self.arena);
        let Some(parent) = self.depth.checked_sub(1).map(|i| &mut self.frames[i]) else {
            return Some((key, value));
        };
        parent.children = true;
        parent.in_run = false;
        let always_array = self.names.is_array(key);
        match parent.members.iter_mut().rev().find(|(k, _)| *k == key) {
            Some((_, slot)) => match slot {
                Slot::One(first) => *slot = Slot::Many(vec![*first, value]),
                Slot::Many(all) => all.push(value),
            },
            None if always_array => parent.members.push((key, Slot::Many(vec![value]))),
            None => parent.members.push((key, Slot::One(value))),
        }
        None
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
                all.to_mut().push_str(&run);
                all
            }),
        };
        return Node::Str(cow_in(text, arena));
    }
    // Whitespace between child elements is layout, not content.
    let drop_blank = frame.children;
    let mut text: Option<(usize, Cow<'a, str>)> = None;
    for (at, run) in frame.runs.drain(..) {
        if drop_blank && is_blank(&run) {
            continue;
        }
        match &mut text {
            None => text = Some((at, run)),
            Some((_, all)) => all.to_mut().push_str(&run),
        }
    }
    let count = frame.members.len() + usize::from(text.is_some());
    let mut members = BumpVec::with_capacity_in(count, arena);
    let mut text = text.map(|(at, run)| (at, Node::Str(cow_in(run, arena))));
    for (i, (key, slot)) in frame.members.drain(..).enumerate() {
        if let Some((at, node)) = text
            && at == i
        {
            members.push(("#text", node));
            text = None;
        }
        members.push((key, slot.into_node(arena)));
    }
    if let Some((_, node)) = text {
        members.push(("#text", node));
    }
    Node::Obj(members.into_bump_slice())
}

fn cow_in<'a>(text: Cow<'a, str>, arena: &'a Bump) -> &'a str {
    match text {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => arena.alloc_str(&s),
    }
}

impl<'a> Slot<'a> {
    fn into_node(self, arena: &'a Bump) -> Node<'a> {
        match self {
            Slot::One(node) => node,
            Slot::Many(all) => Node::Arr(arena.alloc_slice_copy(&all)),
        }
    }
}
