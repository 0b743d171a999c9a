//! Proving an output valid before any record flows: when every value the
//! inferred shape admits meets the output schema, validating each output
//! at run time can only say yes, and the executor skips it.
//!
//! Only keywords the shape can settle count: `type`, `required`,
//! `properties`, `additionalProperties`, `items`, `enum`/`const`, and a
//! value passed through unchanged from an input validated against the very
//! same schema. Any other assertion (`pattern`, `format`, `minimum`…) on a
//! computed value leaves the output unproven, and it is validated.

use serde_json::Value;

use super::shape::{Kinds, Presence, Shape, schema_kinds};

/// Keywords that assert nothing.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "$comment"
            | "examples"
            | "example"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$schema"
            | "$id"
            | "$anchor"
            | "discriminator"
            | "xml"
            | "externalDocs"
            | "contentMediaType"
            | "contentEncoding"
    ) || key.starts_with("x-")
}

/// True when every value `shape` admits is valid against `schema`.
/// `input_validated`: values passed through from the input were validated
/// against the input schema the shape carries.
pub(crate) fn proves(shape: &Shape, schema: &Value, input_validated: bool) -> bool {
    if shape.kinds.is_empty() {
        return true;
    }
    if input_validated
        && let Some((from, _)) = &shape.schema
        && from == schema
        && shape.kinds == schema_kinds(from)
    {
        return true;
    }
    let map = match schema {
        Value::Bool(b) => return *b,
        Value::Object(map) => map,
        _ => return false,
    };
    map.iter()
        .all(|(key, value)| keyword_proven(shape, map, key, value, input_validated))
}

/// True when keyword `key` (with `value`) of the object schema `map` holds
/// for every value `shape` admits.
fn keyword_proven(
    shape: &Shape,
    map: &serde_json::Map<String, Value>,
    key: &str,
    value: &Value,
    input_validated: bool,
) -> bool {
    let fields = shape.fields.as_ref();
    match key {
        k if is_annotation(k) => true,
        "type" => {
            let allowed = schema_kinds(&serde_json::json!({ "type": value }));
            let integer_only = match value {
                Value::String(t) => t == "integer",
                Value::Array(ts) => {
                    ts.iter().any(|t| t == "integer") && !ts.iter().any(|t| t == "number")
                }
                _ => false,
            };
            allowed.contains(shape.kinds)
                && (!integer_only
                    || !shape.kinds.intersects(Kinds::NUMBER)
                    || shape.integer
                    || values_all(shape, |v| v.as_i64().is_some() || v.as_u64().is_some()))
        }
        "enum" | "const" => {
            let allowed: Vec<&Value> = match (key, value) {
                ("enum", Value::Array(e)) => e.iter().collect(),
                ("const", c) => vec![c],
                _ => return false,
            };
            values_all(shape, |v| allowed.contains(&v))
        }
        "required" => match (value, fields) {
            (Value::Array(names), Some(fields)) => names.iter().all(|n| {
                n.as_str()
                    .and_then(|n| fields.get(n))
                    .is_some_and(|f| f.presence == Presence::Always)
            }),
            _ => !shape.kinds.intersects(Kinds::OBJECT),
        },
        // An open object (a spread) may hold any value under a declared name.
        "properties" => match (value, fields) {
            (Value::Object(props), Some(fields)) if !shape.open => {
                fields.iter().all(|(name, field)| {
                    props
                        .get(name)
                        .is_none_or(|sub| proves(&field.shape, sub, input_validated))
                })
            }
            _ => !shape.kinds.intersects(Kinds::OBJECT),
        },
        "additionalProperties" => match fields {
            Some(fields) if !shape.open && map.get("patternProperties").is_none() => {
                let declared = map.get("properties").and_then(Value::as_object);
                fields
                    .iter()
                    .filter(|(name, _)| declared.is_none_or(|d| !d.contains_key(*name)))
                    .all(|(_, field)| proves(&field.shape, value, input_validated))
            }
            _ => !shape.kinds.intersects(Kinds::OBJECT),
        },
        "items" if value.is_object() || value.is_boolean() => match &shape.items {
            Some(items) => proves(items, value, input_validated),
            None => !shape.kinds.intersects(Kinds::ARRAY),
        },
        _ => false,
    }
}

/// True when the shape's values are known and all pass `test`.
fn values_all(shape: &Shape, test: impl Fn(&Value) -> bool) -> bool {
    shape
        .values
        .as_ref()
        .is_some_and(|values| values.iter().all(|(v, _)| test(v)))
}

/// Keywords whose meaning depends on what their siblings evaluated: a
/// schema holding one is kept whole.
const ENTANGLED: &[&str] = &[
    "unevaluatedProperties",
    "unevaluatedItems",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "$anchor",
    "$dynamicAnchor",
    "$id",
];

/// What is left of `schema` to check at run time once every keyword the
/// shape proves is dropped: `None` when nothing is (the output is proven),
/// else a schema that every value of the shape meets exactly when it meets
/// `schema` (keywords are a conjunction, and a dropped one holds for every
/// such value).
pub(crate) fn residual(shape: &Shape, schema: &Value, input_validated: bool) -> Option<Value> {
    if proves(shape, schema, input_validated) {
        return None;
    }
    let Value::Object(map) = schema else {
        return Some(schema.clone());
    };
    if ENTANGLED.iter().any(|k| map.contains_key(*k)) {
        return Some(schema.clone());
    }
    let mut out = serde_json::Map::new();
    // `additionalProperties` and `patternProperties` look at which names
    // `properties` declares: while they stay, every name stays declared.
    let names_matter = map.contains_key("patternProperties")
        || map.get("additionalProperties").is_some_and(|a| {
            !keyword_proven(shape, map, "additionalProperties", a, input_validated)
        });
    for (key, value) in map {
        match (key.as_str(), value) {
            ("properties", Value::Object(props)) if shape.fields.is_some() && !shape.open => {
                let fields = shape
                    .fields
                    .as_ref()
                    .map_or_else(Default::default, Clone::clone);
                let mut kept = serde_json::Map::new();
                for (name, sub) in props {
                    let rest = match fields.get(name) {
                        Some(field) => residual(&field.shape, sub, input_validated),
                        // Never written: the subschema never applies.
                        None => None,
                    };
                    match rest {
                        Some(rest) => {
                            kept.insert(name.clone(), rest);
                        }
                        None if names_matter => {
                            kept.insert(name.clone(), Value::Bool(true));
                        }
                        None => {}
                    }
                }
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Object(kept));
                }
            }
            ("items", items) if items.is_object() && shape.items.is_some() => {
                let element = shape.items.as_deref().map_or_else(Shape::any, Clone::clone);
                if let Some(rest) = residual(&element, items, input_validated) {
                    out.insert(key.clone(), rest);
                }
            }
            _ if keyword_proven(shape, map, key, value, input_validated) => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::check::shape::{Field, Kinds};
    use ferry_dsl::Span;
    use serde_json::json;

    fn object(fields: &[(&str, Shape)]) -> Shape {
        let mut s = Shape::of(Kinds::OBJECT);
        s.fields = Some(
            fields
                .iter()
                .map(|(n, sh)| {
                    let field = Field {
                        shape: sh.clone(),
                        presence: Presence::Always,
                        span: Span::default(),
                    };
                    ((*n).to_owned(), field)
                })
                .collect(),
        );
        s
    }

    #[test]
    fn proven_keywords_are_dropped_and_the_rest_kept() {
        let shape = object(&[
            ("id", Shape::of(Kinds::STRING)),
            ("kind", Shape::constant(&json!("a"), Span::default())),
            ("email", Shape::of(Kinds::STRING)),
        ]);
        let schema = json!({
            "type": "object",
            "required": ["id", "kind", "email"],
            "additionalProperties": false,
            "properties": {
                "id": {"type": "string"},
                "kind": {"enum": ["a", "b"]},
                "email": {"type": "string", "format": "email"},
                "other": {"type": "number"}
            }
        });
        assert_eq!(
            residual(&shape, &schema, false),
            Some(json!({"properties": {"email": {"format": "email"}}}))
        );
        let loose = json!({"properties": {"id": {"type": "string"}}, "additionalProperties": {"type": "string"}});
        // `additionalProperties` is proven here too (every extra is a string).
        assert_eq!(residual(&shape, &loose, false), None);
    }

    #[test]
    fn names_stay_declared_while_additional_properties_is_checked() {
        let mut shape = object(&[("id", Shape::of(Kinds::STRING)), ("n", Shape::any())]);
        shape.open = false;
        let schema = json!({
            "properties": {"id": {"type": "string"}},
            "additionalProperties": {"type": "integer"}
        });
        assert_eq!(
            residual(&shape, &schema, false),
            Some(json!({"properties": {"id": true}, "additionalProperties": {"type": "integer"}}))
        );
    }
}
