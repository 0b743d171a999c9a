//! The batch path's parsed records ([`doc::Node`]) as instances the
//! `jsonschema` validator reads in place, so validating a record never
//! converts it to a `serde_json::Value` (only a failing record's error
//! messages do).

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use serde_json::Value;

use crate::doc;

/// `doc::Node` as a `jsonschema` representation.
pub(crate) struct DocJson;

impl Json for DocJson {
    type Node<'a> = doc::Node<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // Members are a slice searched linearly: one pass over them beats a
    // lookup per property once a schema names more than a few.
    const KEYS_PER_LOOKUP: usize = 8;
    // A parsed record is a tree.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(doc::Node<'_>) -> T) -> T {
        f(doc::Node::Str(string))
    }
}

/// A number by its text, as the record wrote it.
pub(crate) struct DocNumber<'a>(&'a str);

impl JsonNumber for DocNumber<'_> {
    fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    fn as_f64(&self) -> Option<f64> {
        self.0.parse().ok()
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.0)
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        // The text came from a valid JSON number, so it parses back; 0 is
        // a placeholder that cannot be reached.
        Cow::Owned(serde_json::from_str(self.0).unwrap_or_else(|_| serde_json::Number::from(0)))
    }

    fn is_integer(&self) -> bool {
        is_integer_text(self.0)
    }
}

/// True when a JSON number's text denotes an integer (`2`, `2.0`, `1.5e1`;
/// draft 6 on): no nonzero digit is left after the point once the exponent
/// moves it.
pub(crate) fn is_integer_text(text: &str) -> bool {
    if !text.contains(['.', 'e', 'E']) {
        return true;
    }
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = whole
        .trim_start_matches('-')
        .chars()
        .chain(fraction.chars())
        .collect();
    let significant = digits.trim_end_matches('0');
    if significant.trim_start_matches('0').is_empty() {
        return true;
    }
    let trailing_zeros = (digits.len() - significant.len()) as i64;
    exponent - fraction.len() as i64 + trailing_zeros >= 0
}

impl<'a> Node<'a, DocJson> for doc::Node<'a> {
    type Object = &'a [doc::Member<'a>];
    type Array = &'a [doc::Node<'a>];
    type Number = DocNumber<'a>;

    fn as_object(&self) -> Option<Self::Object> {
        match *self {
            doc::Node::Obj(members) => Some(members),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Self::Array> {
        match *self {
            doc::Node::Arr(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match *self {
            doc::Node::Str(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<DocNumber<'a>> {
        match *self {
            doc::Node::Num(text) => Some(DocNumber(text)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match *self {
            doc::Node::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, doc::Node::Null)
    }

    fn is_number(&self) -> bool {
        matches!(self, doc::Node::Num(_))
    }

    fn json_type(&self) -> JsonType {
        match self {
            doc::Node::Null => JsonType::Null,
            doc::Node::Bool(_) => JsonType::Boolean,
            doc::Node::Num(_) => JsonType::Number,
            doc::Node::Str(_) => JsonType::String,
            doc::Node::Arr(_) => JsonType::Array,
            doc::Node::Obj(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match (*self, expected) {
            (doc::Node::Null, Value::Null) => true,
            (doc::Node::Bool(a), Value::Bool(b)) => a == *b,
            (doc::Node::Str(a), Value::String(b)) => a == b,
            (doc::Node::Arr(items), Value::Array(expected)) => {
                items.len() == expected.len()
                    && items.iter().zip(expected).all(|(a, b)| a.equals_value(b))
            }
            (doc::Node::Obj(members), Value::Object(expected)) => {
                members.len() == expected.len()
                    && members
                        .iter()
                        .all(|(k, v)| expected.get(*k).is_some_and(|e| v.equals_value(e)))
            }
            // Numbers compare mathematically (`1.0 == 1`): the cold way.
            (doc::Node::Num(_), Value::Number(_)) => {
                jsonschema::json::cmp::equal(&self.to_value(), expected)
            }
            _ => false,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        // Distinct live nodes never share a slice or a string's bytes; the
        // tag keeps an empty array and an empty object apart.
        match *self {
            doc::Node::Arr(items) => Some(NodeIdentity::tagged(items.as_ptr() as usize, 1)),
            doc::Node::Obj(members) => Some(NodeIdentity::tagged(members.as_ptr() as usize, 2)),
            doc::Node::Str(s) | doc::Node::Num(s) => {
                Some(NodeIdentity::tagged(s.as_ptr() as usize, 3))
            }
            doc::Node::Null | doc::Node::Bool(_) => None,
        }
    }
}

/// An object's members, by name.
pub(crate) struct Members<'a>(std::slice::Iter<'a, doc::Member<'a>>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, doc::Node<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|&(k, v)| (k, v))
    }
}

impl<'a> Object<'a, DocJson> for &'a [doc::Member<'a>] {
    type Node = doc::Node<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        <[doc::Member<'a>]>::len(self)
    }

    fn get(&self, key: &String) -> Option<doc::Node<'a>> {
        self.iter()
            .find(|(k, _)| crate::value::same_key(k, key))
            .map(|&(_, v)| v)
    }

    fn members(&self) -> Members<'a> {
        Members(self.iter())
    }
}

impl<'a> Array<'a, DocJson> for &'a [doc::Node<'a>] {
    type Node = doc::Node<'a>;
    type ElementsIter = std::iter::Copied<std::slice::Iter<'a, doc::Node<'a>>>;

    fn len(&self) -> usize {
        <[doc::Node<'a>]>::len(self)
    }

    fn elements(&self) -> Self::ElementsIter {
        self.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_text_follows_the_value_not_the_spelling() {
        for (text, integer) in [
            ("2", true),
            ("-0", true),
            ("2.0", true),
            ("2.50", false),
            ("1.5e1", true),
            ("1.5e0", false),
            ("150e-2", false),
            ("100e-2", true),
            ("0.0e-5", true),
        ] {
            assert_eq!(is_integer_text(text), integer, "{text}");
        }
    }
}
