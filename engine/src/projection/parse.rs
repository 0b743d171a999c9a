//! The projecting parse: a `DeserializeSeed` that builds a
//! `serde_json::Value` holding only what a [`Need`] keeps.
//!
//! A skipped member is still read through `deserialize_any` (never
//! `IgnoredAny`), so serde_json checks it exactly as a full parse would:
//! UTF-8, escapes and nesting depth (its `ignore_value` checks neither
//! UTF-8 nor depth) — but nothing of it is allocated.
//!
//! The workspace enables serde_json's `arbitrary_precision`: a number
//! reaches a visitor as a one-entry map under a private key, with its text
//! as the value. Values needed whole go through `Value::deserialize`,
//! which knows that; the visitor here recognises the key only for numbers
//! found where an object or array was expected.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::need::Need;

/// The key under which serde_json hands over a number's text.
const NUMBER_KEY: &str = "$serde_json::private::Number";

/// Parses one JSON document keeping what `need` says.
pub(super) fn parse(bytes: &[u8], need: &Need) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = Projected(need).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Builds the part of a value that `.0` keeps.
struct Projected<'n>(&'n Need);

impl<'de> DeserializeSeed<'de> for Projected<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        match self.0 {
            Need::All => Value::deserialize(deserializer),
            need => deserializer.deserialize_any(ProjectedVisitor(need)),
        }
    }
}

struct ProjectedVisitor<'n>(&'n Need);

impl<'de> Visitor<'de> for ProjectedVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let element = self.0.element();
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(value) = seq.next_element_seed(Projected(element))? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut values = Map::new();
        let mut first = true;
        while let Some(key) = map.next_key_seed(KeySeed {
            need: self.0,
            first,
        })? {
            match key {
                Key::Number => {
                    let text: String = map.next_value()?;
                    return text
                        .parse::<Number>()
                        .map(Value::Number)
                        .map_err(de::Error::custom);
                }
                Key::Keep(name, need) => {
                    let value = map.next_value_seed(Projected(need))?;
                    // As `Value` does: a repeated key keeps its first place
                    // and its last value.
                    values.insert(name, value);
                }
                Key::Skip => map.next_value_seed(Skip)?,
            }
            first = false;
        }
        Ok(Value::Object(values))
    }
}

/// An object key, classified without allocating the skipped ones.
enum Key<'n> {
    /// serde_json's number marker (only as the first key).
    Number,
    /// A member to keep, with what is needed of its value.
    Keep(String, &'n Need),
    /// A member the mapping never reads.
    Skip,
}

struct KeySeed<'n> {
    need: &'n Need,
    first: bool,
}

impl<'de, 'n> DeserializeSeed<'de> for KeySeed<'n> {
    type Value = Key<'n>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'n>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'n> Visitor<'de> for KeySeed<'n> {
    type Value = Key<'n>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, name: &str) -> Result<Key<'n>, E> {
        if self.first && name == NUMBER_KEY {
            return Ok(Key::Number);
        }
        Ok(match self.need.member(name) {
            Some(need) => Key::Keep(name.to_owned(), need),
            None => Key::Skip,
        })
    }

    fn visit_string<E>(self, name: String) -> Result<Key<'n>, E> {
        if self.first && name == NUMBER_KEY {
            return Ok(Key::Number);
        }
        Ok(match self.need.member(&name) {
            Some(need) => Key::Keep(name, need),
            None => Key::Skip,
        })
    }
}

/// Reads a value and drops it.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mapping;
    use crate::projection::analysis::need_of;

    fn need(src: &str) -> Need {
        need_of(Mapping::compile_str(src).unwrap().plan())
    }

    #[test]
    fn unread_members_are_dropped_and_read_ones_kept_exactly() {
        let need = need("{ a: $.a, b: $.o.b, n: [for x in $.xs => x.v] }");
        let text = r#"{"z": {"deep": [1, "x\n\u00e9"]}, "a": [1.10, 123456789012345678901234567890, 1e400, "q\"\\\u0041"], "o": {"b": -0.0, "c": 2}, "xs": [{"v": 1, "w": 2}, 3, [4], null]}"#;
        let got = parse(text.as_bytes(), &need).unwrap();
        assert_eq!(
            got.to_string(),
            r#"{"a":[1.10,123456789012345678901234567890,1e+400,"q\"\\A"],"o":{"b":-0.0},"xs":[{"v":1},3,[4],null]}"#
        );
    }

    #[test]
    fn numbers_where_objects_were_expected_survive_exactly() {
        let need = need("[$.a.b, $.c.d, $.e[0].f]");
        let text = r#"{"a": 1.10, "c": 123456789012345678901234567890, "e": [1e400, "s"]}"#;
        let full: Value = serde_json::from_str(text).unwrap();
        assert_eq!(parse(text.as_bytes(), &need).unwrap(), full);
        assert_eq!(
            parse(text.as_bytes(), &need).unwrap().to_string(),
            full.to_string()
        );
    }

    #[test]
    fn repeated_keys_keep_the_last_value_in_the_first_place() {
        let need = need("[$.a, $.b.x]");
        let text = r#"{"a": 1, "b": {"x": 1}, "a": 2, "b": 3}"#;
        let full: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            parse(text.as_bytes(), &need).unwrap().to_string(),
            full.to_string()
        );
    }

    #[test]
    fn errors_in_skipped_parts_are_still_errors() {
        let need = need("$.a");
        let deep = format!(r#"{{"a": 1, "z": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        let bad: [&[u8]; 6] = [
            b"{\"a\": 1, \"z\": \"\xff\"}",
            b"{\"a\": 1, \"z\": \"\\ud800\"}",
            b"{\"a\": 1, \"z\": [1,]}",
            b"{\"a\": 1, \"z\": tru}",
            b"{\"a\": 1, \"\xff\": 1}",
            deep.as_bytes(),
        ];
        for bytes in bad {
            assert!(serde_json::from_slice::<Value>(bytes).is_err());
            assert!(
                parse(bytes, &need).is_err(),
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
        let projection = crate::projection::Projection {
            keep: crate::projection::Keep::from(&need),
            need,
        };
        let err = projection.parse_record(bad[0], 7).unwrap_err();
        let full = crate::format::parse_record(bad[0], 7).unwrap_err();
        assert_eq!(err.to_string(), full.to_string());
    }
}
