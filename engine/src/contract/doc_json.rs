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
        // As `serde_json::Number::as_f64`: a number past `f64` has none.
        self.0.parse().ok().filter(|f: &f64| f.is_finite())
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
        // Plain integers are the common case; anything else is decided the
        // way the validator decides for `serde_json` numbers, so the batch
        // path and the library path always agree.
        if self.as_i64().is_some() || self.as_u64().is_some() {
            return true;
        }
        let number = self.to_number();
        JsonNumber::is_integer(&&*number)
    }
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
    use crate::contract::Schema;
    use crate::projection::Keep;

    /// The batch path (records as `doc::Node`) and the library path
    /// (`serde_json::Value`) must give every number the same verdict.
    #[test]
    fn numbers_get_the_same_verdict_on_both_paths() {
        let dir = std::env::temp_dir().join(format!("ferry-doc-json-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let schemas = [
            r#"{"type": "integer"}"#,
            r#"{"type": "integer", "maximum": 10}"#,
            r#"{"minimum": 0.5, "exclusiveMaximum": 100}"#,
            r#"{"multipleOf": 0.01}"#,
            r#"{"enum": [1, 2.5, "x"]}"#,
        ];
        let numbers = [
            "1",
            "-0",
            "2.0",
            "2.50",
            "1.5e1",
            "1.5e0",
            "150e-2",
            "1e2",
            "1e+400",
            "-1e+400",
            "18446744073709551616",
            "12345678901234567890123",
            "19.99",
            "0.1",
            "2.5",
            "1.0",
        ];
        let bump = bumpalo::Bump::new();
        for (i, text) in schemas.iter().enumerate() {
            let file = format!("s{i}.json");
            std::fs::write(dir.join(&file), text).unwrap();
            let schema = Schema::load(&file, &dir).unwrap();
            for number in numbers {
                let node = crate::doc::parse(number.as_bytes(), Keep::all(), &bump).unwrap();
                // The node's own value: `serde_json` would spell `1.5e0` as
                // `1.5e+0`, and messages quote the number as the record has it.
                let value = node.to_json();
                assert_eq!(
                    schema.is_valid(&value),
                    schema.is_valid_doc(node),
                    "{number} against {text}"
                );
                assert_eq!(
                    schema.violations(&value),
                    schema.violations_doc(node),
                    "{number} against {text}"
                );
            }
        }
    }
}
