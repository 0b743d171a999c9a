//! `ferry schema`: what the checker infers, written as JSON Schema 2020-12 —
//! the output a mapping produces, and what it needs of its input. Both are
//! stable (keys sorted, no spans), so a diff between two versions of a
//! mapping shows what changed for its consumers and its partners.

use serde_json::{Map, Value, json};

use super::infer::Read;
use super::shape::{InputPath, Kinds, Presence, Seg, Shape};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of the values `shape` describes.
pub(crate) fn output_schema(shape: &Shape) -> Value {
    let mut map = Map::new();
    map.insert("$schema".into(), DIALECT.into());
    match schema_of(shape) {
        Value::Object(inner) => map.extend(inner),
        Value::Bool(false) => {
            map.insert("not".into(), json!({}));
        }
        _ => {}
    }
    Value::Object(map)
}

fn schema_of(shape: &Shape) -> Value {
    if shape.kinds == Kinds::ALL && shape.fields.is_none() && shape.values.is_none() {
        // A value passed through from the input: what the input schema said.
        return match &shape.schema {
            Some((schema, _)) if schema != &Value::Bool(true) => schema.clone(),
            _ => json!({}),
        };
    }
    if shape.kinds.is_empty() {
        return Value::Bool(false);
    }
    let mut map = Map::new();
    // Containers are described by their members, scalars by their values.
    if let Some(values) = shape
        .values
        .as_ref()
        .filter(|_| !shape.kinds.intersects(Kinds::OBJECT.union(Kinds::ARRAY)))
    {
        let mut distinct: Vec<Value> = Vec::new();
        for (v, _) in values {
            if !distinct.contains(v) {
                distinct.push(v.clone());
            }
        }
        if distinct.len() == 1 {
            map.insert("const".into(), distinct.remove(0));
        } else {
            map.insert("enum".into(), Value::Array(distinct));
        }
        return Value::Object(map);
    }
    if shape.kinds != Kinds::ALL {
        let types = type_names(shape.kinds, shape.integer);
        map.insert(
            "type".into(),
            if types.len() == 1 {
                types[0].clone()
            } else {
                Value::Array(types)
            },
        );
    }
    if let Some(format) = shape.format {
        map.insert("format".into(), format.into());
    }
    if let Some(fields) = &shape.fields {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, field) in fields {
            properties.insert(name.clone(), schema_of(&field.shape));
            if field.presence == Presence::Always {
                required.push(Value::String(name.clone()));
            }
        }
        map.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            map.insert("required".into(), Value::Array(required));
        }
        if !shape.open {
            map.insert("additionalProperties".into(), false.into());
        }
    }
    if let Some(items) = &shape.items
        && shape.kinds.intersects(Kinds::ARRAY)
    {
        map.insert("items".into(), schema_of(items));
    }
    Value::Object(map)
}

fn type_names(kinds: Kinds, integer: bool) -> Vec<Value> {
    [
        (Kinds::NULL, "null"),
        (Kinds::BOOL, "boolean"),
        (Kinds::NUMBER, if integer { "integer" } else { "number" }),
        (Kinds::STRING, "string"),
        (Kinds::ARRAY, "array"),
        (Kinds::OBJECT, "object"),
    ]
    .iter()
    .filter(|(k, _)| kinds.contains(*k))
    .map(|(_, n)| Value::String((*n).into()))
    .collect()
}

/// What the mapping needs of its input: every path it reads as a property,
/// with the types its uses accept, and `required` where a use fails when
/// the value is absent.
pub(crate) fn input_schema(reads: &std::collections::BTreeMap<InputPath, Read>) -> Value {
    let mut root = json!({ "$schema": DIALECT });
    for (path, read) in reads {
        let mut node = &mut root;
        for (i, seg) in path.0.iter().enumerate() {
            let last = i + 1 == path.0.len();
            let obj = as_object(node);
            match seg {
                Seg::Name(name) => {
                    obj.entry("type").or_insert_with(|| "object".into());
                    if read.null_fails {
                        let required = obj
                            .entry("required")
                            .or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(r) = required
                            && !r.iter().any(|n| n == name)
                        {
                            r.push(Value::String(name.clone()));
                            r.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                        }
                    }
                    let properties = obj
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    node = as_object(properties)
                        .entry(name.clone())
                        .or_insert_with(|| json!({}));
                }
                Seg::Each => {
                    obj.entry("type").or_insert_with(|| "array".into());
                    node = obj.entry("items").or_insert_with(|| json!({}));
                }
            }
            if last && read.expects != Kinds::ALL {
                let types = type_names(read.expects, false);
                as_object(node).insert(
                    "type".into(),
                    if types.len() == 1 {
                        types[0].clone()
                    } else {
                        Value::Array(types)
                    },
                );
            }
        }
    }
    root
}

fn as_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        // Made an object just above.
        _ => unreachable!("an object"),
    }
}
