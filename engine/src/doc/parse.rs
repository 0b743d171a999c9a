//! The record parser: JSON text to [`Node`]s in an arena, keeping only what
//! a [`Keep`] says.
//!
//! It accepts exactly what `serde_json::from_slice` accepts — UTF-8,
//! RFC 8259 syntax, escapes with paired surrogates — including inside the
//! members it skips, so projecting never turns a malformed record into an
//! output. Nesting is limited: [`DEFAULT_MAX_DEPTH`] levels unless the
//! caller says otherwise ([`parse_with_limit`]). Numbers keep their text
//! exactly as the record writes it (`1E3` stays `1E3`); `serde_json`
//! rewrites exponents (`1e+3`), so a number read through it does not.

use bumpalo::Bump;
use bumpalo::collections::{String as BumpString, Vec as BumpVec};

use super::{Member, Node};
use crate::json_text;
use crate::projection::Keep;

/// The record is not valid JSON. Deliberately without detail: the caller
/// words the error with `serde_json` (off the hot path), so messages stay
/// those of `format::parse_record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Why [`parse_with_limit`] refused a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not valid JSON (worded by `serde_json`, as for [`Malformed`]).
    Malformed,
    /// Valid so far, but arrays and objects nest deeper than the limit.
    TooDeep {
        /// How deep the record nests (at least `limit + 1`).
        depth: usize,
        /// The limit: the most levels a record may nest.
        limit: u32,
    },
}

/// Levels of arrays and objects a record may nest by default: `[[1]]`
/// nests 2. Deep enough for any record, shallow enough that a hostile
/// one cannot exhaust the stack of the recursive code that reads it.
pub const DEFAULT_MAX_DEPTH: u32 = 128;

/// The largest limit [`parse_with_limit`] takes (a larger one is
/// lowered to it): the parser, the executor and the writers recurse once
/// per level. The batch path runs a record whose limit is above the
/// default on a stack grown to fit; other callers of a raised limit need
/// threads with stack enough (some 8 KiB a level).
pub const MAX_DEPTH_LIMIT: u32 = 1024;

/// Parses one record, keeping what `keep` says; arrays, objects and
/// decoded strings go into `bump`.
///
/// ```
/// use ferry_engine::doc::{self, Node};
/// use ferry_engine::projection::Keep;
///
/// let bump = bumpalo::Bump::new();
/// let record = br#"{"id": 7, "name": "caf\u00e9"}"#;
/// let root = doc::parse(record, Keep::all(), &bump).unwrap();
/// assert_eq!(root.get("id"), Some(&Node::Num("7")));
/// assert_eq!(root.get("name"), Some(&Node::Str("café")));
/// assert!(doc::parse(b"{\"id\": 7,}", Keep::all(), &bump).is_err());
/// ```
pub fn parse<'a>(bytes: &'a [u8], keep: &Keep, bump: &'a Bump) -> Result<Node<'a>, Malformed> {
    parse_with_limit(bytes, keep, bump, DEFAULT_MAX_DEPTH).map_err(|_| Malformed)
}

/// [`parse`], nesting at most `max_depth` levels (at most
/// [`MAX_DEPTH_LIMIT`]); a deeper record is [`Refused::TooDeep`].
///
/// ```
/// use ferry_engine::doc::{self, Refused};
/// use ferry_engine::projection::Keep;
///
/// let bump = bumpalo::Bump::new();
/// assert!(doc::parse_with_limit(b"[[[1]]]", Keep::all(), &bump, 3).is_ok());
/// assert_eq!(
///     doc::parse_with_limit(b"[[[1]]]", Keep::all(), &bump, 2),
///     Err(Refused::TooDeep { depth: 3, limit: 2 })
/// );
/// ```
pub fn parse_with_limit<'a>(
    bytes: &'a [u8],
    keep: &Keep,
    bump: &'a Bump,
    max_depth: u32,
) -> Result<Node<'a>, Refused> {
    // Checking UTF-8 once up front lets every string be sliced, not copied.
    let text = std::str::from_utf8(bytes).map_err(|_| Refused::Malformed)?;
    let limit = max_depth.min(MAX_DEPTH_LIMIT);
    let mut parser = Parser {
        text,
        bytes,
        pos: 0,
        depth: 0,
        max_depth: limit,
        too_deep: false,
        bump,
        items: BumpVec::new_in(bump),
        members: BumpVec::new_in(bump),
    };
    parser.skip_whitespace();
    let root = parser.value(keep);
    if parser.too_deep {
        return Err(Refused::TooDeep {
            depth: nesting_depth(bytes).max(limit as usize + 1),
            limit,
        });
    }
    let root = root.map_err(|_| Refused::Malformed)?;
    parser.skip_whitespace();
    if parser.pos == bytes.len() {
        Ok(root)
    } else {
        Err(Refused::Malformed)
    }
}

/// How deep the arrays and objects of JSON text `bytes` nest (`[[1]]`
/// nests 2), counting brackets outside strings: exact for valid JSON, a
/// reasonable reading of malformed text. For error messages, off the hot
/// path.
pub fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    max_depth: u32,
    /// Set when the depth limit, not the syntax, stopped the parse.
    too_deep: bool,
    bump: &'a Bump,
    /// Elements of the arrays being parsed, innermost last: each array
    /// copies its own off the top into one slice when it closes.
    items: BumpVec<'a, Node<'a>>,
    /// The same for objects' members.
    members: BumpVec<'a, Member<'a>>,
}

type Parsed<T> = Result<T, Malformed>;

impl<'a> Parser<'a> {
    fn peek(&self) -> u8 {
        // 0 is never valid where a token is expected, so it stands for the end.
        self.bytes.get(self.pos).copied().unwrap_or(0)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), b' ' | b'\n' | b'\t' | b'\r') {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Parsed<()> {
        if self.peek() == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    fn value(&mut self, keep: &Keep) -> Parsed<Node<'a>> {
        match self.peek() {
            b'{' => self.object(keep),
            b'[' => self.array(keep),
            b'"' => self.string().map(Node::Str),
            b'-' | b'0'..=b'9' => self.number().map(Node::Num),
            b't' => self.literal(b"true", Node::Bool(true)),
            b'f' => self.literal(b"false", Node::Bool(false)),
            b'n' => self.literal(b"null", Node::Null),
            _ => Err(Malformed),
        }
    }

    fn literal<const N: usize>(&mut self, word: &[u8; N], node: Node<'a>) -> Parsed<Node<'a>> {
        // A fixed-size comparison: a few instructions, not a `memcmp` call.
        if self.bytes[self.pos..].first_chunk::<N>() == Some(word) {
            self.pos += N;
            Ok(node)
        } else {
            Err(Malformed)
        }
    }

    /// The inside of an array or object, at its opening byte: `each` reads
    /// one element (for an object, one member) at a time, up to `close`.
    /// Nesting counts towards the depth limit.
    fn contents(&mut self, close: u8, mut each: impl FnMut(&mut Self) -> Parsed<()>) -> Parsed<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            self.too_deep = true;
            return Err(Malformed);
        }
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() != close {
            loop {
                each(self)?;
                if !self.next_in(close)? {
                    break;
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    fn array(&mut self, keep: &Keep) -> Parsed<Node<'a>> {
        let keep = keep.element();
        let mark = self.items.len();
        self.contents(b']', |parser| {
            let item = parser.value(keep)?;
            parser.items.push(item);
            Ok(())
        })?;
        let items = match &self.items[mark..] {
            // An empty slice would have no address of its own, and errors
            // find an input value's JSON Pointer by address: give it one.
            [] => &self.bump.alloc_slice_copy(&[Node::Null])[..0],
            items => self.bump.alloc_slice_copy(items),
        };
        self.items.truncate(mark);
        Ok(Node::Arr(items))
    }

    /// After a container's element: true when another follows (`,`),
    /// false at `close` (left for the caller to consume).
    fn next_in(&mut self, close: u8) -> Parsed<bool> {
        self.skip_whitespace();
        match self.peek() {
            b',' => {
                self.pos += 1;
                self.skip_whitespace();
                Ok(true)
            }
            b if b == close => Ok(false),
            _ => Err(Malformed),
        }
    }

    fn object(&mut self, keep: &Keep) -> Parsed<Node<'a>> {
        let mark = self.members.len();
        self.contents(b'}', |parser| {
            let key = parser.key()?;
            match keep.member(key) {
                Some(keep) => {
                    let value = parser.value(keep)?;
                    parser.members.push((key, value));
                    Ok(())
                }
                None => parser.skip(),
            }
        })?;
        let members = unique_keys(&self.members[mark..], self.bump);
        self.members.truncate(mark);
        Ok(Node::Obj(members))
    }

    /// A member's key and the `:` after it.
    fn key(&mut self) -> Parsed<&'a str> {
        if self.peek() != b'"' {
            return Err(Malformed);
        }
        let key = self.string()?;
        self.skip_whitespace();
        self.expect(b':')?;
        self.skip_whitespace();
        Ok(key)
    }

    /// A string at `"`: borrowed when it has no escape, decoded otherwise.
    fn string(&mut self) -> Parsed<&'a str> {
        let start = self.pos + 1;
        let end = self.plain_run(start);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                Ok(&self.text[start..end])
            }
            Some(b'\\') => self.escaped_string(start, end),
            _ => Err(Malformed),
        }
    }

    /// The end of the run of bytes from `from` that need no attention: up
    /// to a quote, a backslash, a control character or the end.
    fn plain_run(&self, from: usize) -> usize {
        let rest = self.bytes.get(from..).unwrap_or_default();
        from + json_text::plain_prefix(rest)
    }

    fn escaped_string(&mut self, start: usize, first_escape: usize) -> Parsed<&'a str> {
        let mut out = BumpString::with_capacity_in(first_escape - start + 16, self.bump);
        out.push_str(&self.text[start..first_escape]);
        self.pos = first_escape;
        loop {
            match self.peek() {
                b'"' => {
                    self.pos += 1;
                    return Ok(out.into_bump_str());
                }
                b'\\' => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                _ => {
                    let end = self.plain_run(self.pos);
                    if end == self.pos {
                        // A control character, or the end of the record.
                        return Err(Malformed);
                    }
                    out.push_str(&self.text[self.pos..end]);
                    self.pos = end;
                }
            }
        }
    }

    /// The character an escape stands for, after its backslash.
    fn escape(&mut self) -> Parsed<char> {
        let byte = self.peek();
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(Malformed),
        })
    }

    /// `\uXXXX`, a high surrogate needing a `\uXXXX` low one after it.
    fn unicode_escape(&mut self) -> Parsed<char> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(Malformed),
            0xD800..=0xDBFF => {
                self.expect(b'\\')?;
                self.expect(b'u')?;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Malformed);
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            code => code,
        };
        char::from_u32(code).ok_or(Malformed)
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(Malformed)?;
        let mut code = 0;
        for &d in digits {
            code = code * 16 + (d as char).to_digit(16).ok_or(Malformed)?;
        }
        self.pos += 4;
        Ok(code)
    }

    /// A number's text, as the record writes it: a slice, never a copy.
    fn number(&mut self) -> Parsed<&'a str> {
        let start = self.pos;
        if self.peek() == b'-' {
            self.pos += 1;
        }
        match self.peek() {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return Err(Malformed),
        }
        if self.peek() == b'.' {
            self.pos += 1;
            self.at_least_one_digit()?;
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.pos += 1;
            }
            self.at_least_one_digit()?;
        }
        Ok(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
    }

    fn at_least_one_digit(&mut self) -> Parsed<()> {
        if !self.peek().is_ascii_digit() {
            return Err(Malformed);
        }
        self.digits();
        Ok(())
    }

    /// Checks and passes over a value nothing reads, storing nothing.
    fn skip(&mut self) -> Parsed<()> {
        match self.peek() {
            // A key is read as for a kept member: a key without escapes
            // is only sliced, which costs what checking it does.
            b'{' => self.contents(b'}', |parser| {
                parser.key()?;
                parser.skip()
            }),
            b'[' => self.contents(b']', Self::skip),
            b'"' => self.skip_string(),
            _ => self.value(Keep::all()).map(drop),
        }
    }

    /// Checks a string at `"` without decoding it.
    fn skip_string(&mut self) -> Parsed<()> {
        self.pos += 1;
        loop {
            self.pos = self.plain_run(self.pos);
            match self.peek() {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape()?;
                }
                _ => return Err(Malformed),
            }
        }
    }
}

/// The members with unique keys, in the arena: a repeated key keeps its
/// first position and takes its last value, as `serde_json`'s map does.
fn unique_keys<'a>(members: &[Member<'a>], bump: &'a Bump) -> &'a [Member<'a>] {
    if members.is_empty() {
        // Given an address of its own, as for empty arrays.
        return &bump.alloc_slice_copy(&[("", Node::Null)])[..0];
    }
    if !has_repeated_key(members) {
        return bump.alloc_slice_copy(members);
    }
    let mut unique: BumpVec<'a, Member<'a>> = BumpVec::with_capacity_in(members.len(), bump);
    for &(key, value) in members {
        match unique.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => unique.push((key, value)),
        }
    }
    unique.into_bump_slice()
}

fn has_repeated_key(members: &[Member<'_>]) -> bool {
    // Records' objects are small: comparing pairs beats hashing up to here.
    const PAIRWISE_UP_TO: usize = 16;
    if members.len() <= PAIRWISE_UP_TO {
        members
            .iter()
            .enumerate()
            .any(|(i, (key, _))| members[..i].iter().any(|(k, _)| k == key))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(members.len());
        members.iter().any(|(key, _)| !seen.insert(*key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::Need;
    use serde_json::json;

    fn parse_all(text: &str) -> Result<serde_json::Value, Malformed> {
        let bump = Bump::new();
        parse(text.as_bytes(), Keep::all(), &bump).map(|n| n.to_json())
    }

    fn number_text(text: &str) -> String {
        let bump = Bump::new();
        match parse(text.as_bytes(), Keep::all(), &bump) {
            Ok(Node::Num(t)) => t.to_owned(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_every_kind_of_value() {
        let text =
            r#" {"a": [1, -2.5e+3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}} "#;
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(parse_all(text).unwrap(), expected);
        assert_eq!(expected["b"]["c"], json!("d\né😀"));
    }

    #[test]
    fn numbers_keep_the_records_text() {
        assert_eq!(number_text("1.50"), "1.50");
        assert_eq!(number_text("-0"), "-0");
        assert_eq!(number_text("1E+2"), "1E+2");
        assert_eq!(number_text("1e3"), "1e3");
        assert_eq!(number_text("1e400"), "1e400");
        assert_eq!(number_text("1e05"), "1e05");
        assert_eq!(number_text("0.1E-2"), "0.1E-2");
        assert_eq!(
            number_text("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for bad in [
            "",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "1e+",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "1 2",
            "tru",
            "nul",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"a\u{1}b\"",
            "\"abc",
            "[1",
            "{\"a\":1",
            "\"\\u12g4\"",
        ] {
            assert!(parse_all(bad).is_err(), "{bad:?} was accepted");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad:?}"
            );
        }
    }

    fn nested(depth: usize) -> String {
        "[".repeat(depth) + &"]".repeat(depth)
    }

    #[test]
    fn records_may_nest_128_levels_by_default() {
        assert!(parse_all(&nested(128)).is_ok());
        let bump = Bump::new();
        assert_eq!(
            parse_with_limit(
                nested(129).as_bytes(),
                Keep::all(),
                &bump,
                DEFAULT_MAX_DEPTH
            ),
            Err(Refused::TooDeep {
                depth: 129,
                limit: 128
            })
        );
        let skipped = format!("{{\"x\": {}, \"y\": 1}}", nested(128));
        let keep = Keep::from(&Need::nothing());
        assert_eq!(
            parse_with_limit(skipped.as_bytes(), &keep, &bump, DEFAULT_MAX_DEPTH),
            Err(Refused::TooDeep {
                depth: 129,
                limit: 128
            }),
            "depth counts when skipping"
        );
    }

    #[test]
    fn the_depth_limit_is_the_callers() {
        let bump = Bump::new();
        let deep = nested(300);
        assert!(parse_with_limit(deep.as_bytes(), Keep::all(), &bump, 300).is_ok());
        assert_eq!(
            parse_with_limit(deep.as_bytes(), Keep::all(), &bump, 10),
            Err(Refused::TooDeep {
                depth: 300,
                limit: 10
            })
        );
        assert!(parse_with_limit(b"[1]", Keep::all(), &bump, 0).is_err());
        assert!(parse_with_limit(b"1", Keep::all(), &bump, 0).is_ok());
        assert_eq!(
            parse_with_limit(b"[1,]", Keep::all(), &bump, 5),
            Err(Refused::Malformed)
        );
    }

    #[test]
    fn nesting_depth_ignores_brackets_in_strings() {
        assert_eq!(nesting_depth(br#"{"a": ["[[\"]]", {"b": []}]}"#), 4);
        assert_eq!(nesting_depth(b"1"), 0);
    }

    #[test]
    fn repeated_keys_keep_first_position_and_last_value() {
        assert_eq!(
            parse_all(r#"{"a": 1, "b": 2, "a": 3}"#)
                .unwrap()
                .to_string(),
            r#"{"a":3,"b":2}"#
        );
    }

    #[test]
    fn skipped_members_are_checked_but_not_kept() {
        let mut need = Need::nothing();
        need.add(&[crate::projection::Step::Field("keep".into())], Need::All);
        let need = Keep::from(&need);
        let bump = Bump::new();
        let root = parse(
            br#"{"skip": {"x": ["\u00e9", 1e5]}, "keep": [1]}"#,
            &need,
            &bump,
        )
        .unwrap();
        assert_eq!(root.to_json(), json!({"keep": [1]}));
        assert!(parse(br#"{"skip": "\q", "keep": 1}"#, &need, &bump).is_err());
        assert!(parse(br#"{"skip": [01], "keep": 1}"#, &need, &bump).is_err());
    }

    #[test]
    fn invalid_utf8_is_malformed() {
        let bump = Bump::new();
        assert!(parse(b"\"\xff\"", Keep::all(), &bump).is_err());
    }
}
