//! The values a plan computes with.
//!
//! [`Val`] is the executor's value type. Input records are owned by the
//! caller, as `serde_json::Value`s (the library API) or as parsed
//! [`doc::Node`]s (the batch path): a `Val` that reads them only borrows
//! (`Arr::Json`/`Arr::Doc`, `Obj::Json`/`Obj::Doc`, `Str::Borrowed`,
//! `Val::RawNum`), so a mapping that passes a subtree through never copies
//! it, and a number it passes through keeps its exact text. Values the mapping builds are
//! reference-counted, so cloning any `Val` is cheap. A `Val` lives for one
//! `apply`; it is not `Send`, the compiled plan is.

mod array;
mod json;
mod num;
mod number_text;
mod object;
mod text;

use std::cmp::Ordering;

use crate::doc;

pub use array::Arr;
pub(crate) use json::{number_from_text, write_json_string};
pub(crate) use json::{to_json_within, write_json_within};
pub use json::{write_json, write_json_pretty};
pub(crate) use num::with_scale_at_least;
pub use num::{Num, NumError};
pub(crate) use number_text::is_json_number;
pub use number_text::plain as number_text;
pub(crate) use object::same_key;
pub use object::{Obj, ObjMap};
pub use text::Str;

/// A run-time value.
#[derive(Clone, Debug)]
pub enum Val<'a> {
    /// JSON null (also what a missing field reads as).
    Null,
    /// A boolean.
    Bool(bool),
    /// A computed number.
    Num(Num),
    /// A number read from the input or a constant: its exact text.
    RawNum(&'a str),
    /// A string.
    Str(Str<'a>),
    /// An array.
    Arr(Arr<'a>),
    /// An object.
    Obj(Obj<'a>),
}

impl<'a> Val<'a> {
    /// Views a JSON value without copying it.
    pub fn from_json(value: &'a serde_json::Value) -> Val<'a> {
        match value {
            serde_json::Value::Null => Val::Null,
            serde_json::Value::Bool(b) => Val::Bool(*b),
            serde_json::Value::Number(n) => Val::RawNum(n.as_str()),
            serde_json::Value::String(s) => Val::Str(Str::Borrowed(s)),
            serde_json::Value::Array(a) => Val::Arr(Arr::Json(a)),
            serde_json::Value::Object(o) => Val::Obj(Obj::Json(o)),
        }
    }

    /// Views a parsed record's node without copying it.
    pub fn from_doc(node: &'a doc::Node<'a>) -> Val<'a> {
        match *node {
            doc::Node::Null => Val::Null,
            doc::Node::Bool(b) => Val::Bool(b),
            doc::Node::Num(text) => Val::RawNum(text),
            doc::Node::Str(s) => Val::Str(Str::Borrowed(s)),
            doc::Node::Arr(items) => Val::Arr(Arr::Doc(items)),
            doc::Node::Obj(members) => Val::Obj(Obj::Doc(members)),
        }
    }

    /// A string value built by the mapping.
    pub fn string(s: impl Into<String>) -> Val<'a> {
        Val::Str(Str::from(s.into()))
    }

    /// An array value built by the mapping.
    pub fn array(items: Vec<Val<'a>>) -> Val<'a> {
        Val::Arr(Arr::from_vec(items))
    }

    /// An object value built by the mapping.
    pub fn object(map: ObjMap<'a>) -> Val<'a> {
        Val::Obj(Obj::from_map(map))
    }

    /// An integer value.
    pub fn int(i: i64) -> Val<'a> {
        Val::Num(Num::Int(i))
    }

    /// Converts to an owned JSON value (copies borrowed parts).
    pub fn to_json(&self) -> serde_json::Value {
        json::to_json(self)
    }

    /// The type's name as the language reports it: `null`, `boolean`,
    /// `number`, `string`, `array`, `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "boolean",
            Val::Num(_) | Val::RawNum(_) => "number",
            Val::Str(_) => "string",
            Val::Arr(_) => "array",
            Val::Obj(_) => "object",
        }
    }

    /// True for null.
    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The number, if this is one. Raw input numbers are parsed here; text
    /// that no representation holds (beyond `f64`) gives `None`.
    pub fn as_num(&self) -> Option<Num> {
        match self {
            Val::Num(n) => Some(*n),
            Val::RawNum(n) => Num::parse(n),
            _ => None,
        }
    }

    /// A number's text as `string()` and interpolation write it: plain
    /// decimal notation, an exponent only far from 1 (see
    /// [`number_text`]); `None` for other values.
    pub fn number_text(&self) -> Option<String> {
        match self {
            Val::RawNum(n) => Some(number_text(n).into_owned()),
            Val::Num(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The text of a number as an object key: [`Num::canonical_text`], the
    /// same for all equal numbers (`1`, `1.0` and `1e0` are all `1`).
    pub fn number_key(&self) -> Option<String> {
        match self {
            Val::RawNum(n) => Some(match Num::parse(n) {
                Some(num) => num.canonical_text(),
                None => number_text(n).into_owned(),
            }),
            Val::Num(n) => Some(n.canonical_text()),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_arr(&self) -> Option<&Arr<'a>> {
        match self {
            Val::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_obj(&self) -> Option<&Obj<'a>> {
        match self {
            Val::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// A member of an object (`None` when absent or not an object).
    pub fn field(&self, name: &str) -> Option<Val<'a>> {
        match self {
            Val::Obj(o) => o.get(name),
            _ => None,
        }
    }

    /// An element of an array; negative indexes count from the end.
    pub fn element(&self, index: i64) -> Option<Val<'a>> {
        match self {
            Val::Arr(a) => a.get_signed(index),
            _ => None,
        }
    }

    /// The address of the input node this value borrows, used to find its
    /// JSON Pointer when an error is reported (never on the success path).
    pub fn input_address(&self) -> Option<usize> {
        match self {
            // A number's text is its own: in the record's bytes, the arena,
            // or a `serde_json::Number`'s string.
            Val::RawNum(n) => Some(n.as_ptr() as usize),
            // Empty strings share one dangling address: they cannot be found.
            Val::Str(Str::Borrowed(s)) if !s.is_empty() => Some(s.as_ptr() as usize),
            Val::Arr(Arr::Json(a)) => Some(*a as *const Vec<serde_json::Value> as usize),
            Val::Obj(Obj::Json(o)) => {
                Some(*o as *const serde_json::Map<String, serde_json::Value> as usize)
            }
            // `doc::parse` gives even empty containers an address of their own.
            Val::Arr(Arr::Doc(items)) => Some(items.as_ptr() as usize),
            Val::Obj(Obj::Doc(members)) => Some(members.as_ptr() as usize),
            _ => None,
        }
    }

    /// Structural equality; numbers compare numerically (`1 == 1.0`),
    /// object member order is ignored.
    pub fn equals(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Null, Val::Null) => true,
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::Str(a), Val::Str(b)) => same_key(a, b),
            (Val::RawNum(a), Val::RawNum(b)) if a == b => true,
            (Val::Num(_) | Val::RawNum(_), Val::Num(_) | Val::RawNum(_)) => {
                match (self.as_num(), other.as_num()) {
                    (Some(a), Some(b)) => a.equals(b),
                    _ => false,
                }
            }
            (Val::Arr(a), Val::Arr(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(&y))
            }
            (Val::Obj(a), Val::Obj(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(&k).is_some_and(|w| v.equals(&w)))
            }
            _ => false,
        }
    }

    /// Order between two numbers or two strings (by code point); `None`
    /// for any other pair, which the caller reports as a type mismatch.
    pub fn compare(&self, other: &Val<'_>) -> Option<Ordering> {
        match (self, other) {
            (Val::Str(a), Val::Str(b)) => Some(a.as_str().cmp(b.as_str())),
            (Val::Num(_) | Val::RawNum(_), Val::Num(_) | Val::RawNum(_)) => {
                Some(self.as_num()?.compare(other.as_num()?))
            }
            _ => None,
        }
    }

    /// A total order over all values for sorting: null < booleans <
    /// numbers < strings < arrays < objects; within a type, the natural
    /// order (arrays lexicographically, objects by size).
    pub fn total_cmp(&self, other: &Val<'_>) -> Ordering {
        fn rank(v: &Val<'_>) -> u8 {
            match v {
                Val::Null => 0,
                Val::Bool(_) => 1,
                Val::Num(_) | Val::RawNum(_) => 2,
                Val::Str(_) => 3,
                Val::Arr(_) => 4,
                Val::Obj(_) => 5,
            }
        }
        match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a.cmp(b),
            (Val::Arr(a), Val::Arr(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    let o = x.total_cmp(&y);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Val::Obj(a), Val::Obj(b)) => a.len().cmp(&b.len()),
            _ => match self.compare(other) {
                Some(o) => o,
                None => rank(self).cmp(&rank(other)),
            },
        }
    }
}

impl<'a> From<Num> for Val<'a> {
    fn from(n: Num) -> Val<'a> {
        Val::Num(n)
    }
}

impl<'a> From<bool> for Val<'a> {
    fn from(b: bool) -> Val<'a> {
        Val::Bool(b)
    }
}

impl<'a> From<String> for Val<'a> {
    fn from(s: String) -> Val<'a> {
        Val::string(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equality_is_numeric_and_ignores_member_order() {
        let a = json!({"x": 1, "y": [1.0, "a"]});
        let b = json!({"y": [1, "a"], "x": 1.00});
        assert!(Val::from_json(&a).equals(&Val::from_json(&b)));
        let c = json!({"x": 1, "y": [1, "b"]});
        assert!(!Val::from_json(&a).equals(&Val::from_json(&c)));
    }

    #[test]
    fn compare_refuses_mixed_types() {
        assert_eq!(Val::int(1).compare(&Val::string("1")), None);
        assert_eq!(
            Val::string("a").compare(&Val::string("b")),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn total_order_ranks_types() {
        let mut v = [
            Val::string("a"),
            Val::Null,
            Val::int(3),
            Val::Bool(true),
            Val::int(-1),
        ];
        v.sort_by(|a, b| a.total_cmp(b));
        let names: Vec<_> = v.iter().map(|x| x.to_json().to_string()).collect();
        assert_eq!(names, ["null", "true", "-1", "3", "\"a\""]);
    }
}
