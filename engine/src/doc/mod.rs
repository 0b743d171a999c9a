//! Records parsed straight into Ferry's own values: the batch path's input.
//!
//! A `serde_json::Value` owns every string, every number's text and a hash
//! map per object; a batch record is parsed, read once and dropped, so
//! that work is wasted. A [`Node`] instead borrows its strings and numbers
//! from the record's bytes (only strings with escapes are decoded, into the
//! arena) and keeps arrays and objects as slices in a per-worker
//! [`bumpalo::Bump`] that is reset between records: parsing a record
//! allocates nothing from the global allocator once the arena is warm.
//!
//! [`parse`] follows a [`Keep`](crate::projection::Keep): members the
//! mapping never reads are checked and skipped, never stored. It accepts
//! exactly the records `serde_json` accepts and gives the same values
//! (`tests` below and a differential property test check both), so the
//! caller falls back to a `serde_json` parse only to word the error of a
//! malformed record. Two differences: a number keeps the record's own
//! text (`serde_json` writes `1E3` as `1e+3`), and the nesting limit is
//! the caller's (128 levels by default, where `serde_json` stops at 127).

mod parse;
mod pointer;

pub use parse::{
    DEFAULT_MAX_DEPTH, MAX_DEPTH_LIMIT, Malformed, Refused, nesting_depth, parse, parse_with_limit,
};
pub(crate) use pointer::pointer_to;

/// A JSON value of a parsed record. `Copy`: it is a tag and a reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number's text exactly as the record writes it (`1E3` included).
    Num(&'a str),
    /// A string, unescaped.
    Str(&'a str),
    /// An array's elements.
    Arr(&'a [Node<'a>]),
    /// An object's members in input order, keys unique (a repeated key
    /// keeps its first position and its last value, as `serde_json` does).
    Obj(&'a [Member<'a>]),
}

/// An object member: its key and value.
pub type Member<'a> = (&'a str, Node<'a>);

impl<'a> Node<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Obj(members) => members
                .iter()
                .find(|(k, _)| crate::value::same_key(k, key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A `serde_json::Value` copy (tests and the library's edges).
    pub fn to_json(&self) -> serde_json::Value {
        crate::value::Val::from_doc(self).to_json()
    }
}
