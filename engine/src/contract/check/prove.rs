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
    let fields = shape.fields.as_ref();
    for (key, value) in map {
        let ok = match key.as_str() {
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
                let allowed: Vec<&Value> = match (key.as_str(), value) {
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
            "properties" => match (value, fields) {
                (Value::Object(props), Some(fields)) => fields.iter().all(|(name, field)| {
                    props
                        .get(name)
                        .is_none_or(|sub| proves(&field.shape, sub, input_validated))
                }),
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
        };
        if !ok {
            return false;
        }
    }
    true
}

/// True when the shape's values are known and all pass `test`.
fn values_all(shape: &Shape, test: impl Fn(&Value) -> bool) -> bool {
    shape
        .values
        .as_ref()
        .is_some_and(|values| values.iter().all(|(v, _)| test(v)))
}
