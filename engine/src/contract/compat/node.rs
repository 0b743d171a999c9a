//! One schema as the comparison reads it: `true` and `{}` admit anything,
//! `false` and `{"not": {}}` nothing; an `allOf` is merged into its parent
//! where that keeps the meaning ([`super::merge`]); the keywords are sorted
//! into those that decide validity, those that only inform, and those the
//! comparison does not model.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::merge;
use super::values::{Types, same};

/// A schema, prepared.
pub(super) enum Node<'a> {
    /// Admits no value.
    Nothing,
    /// Admits what its keywords allow.
    Schema(Cow<'a, Map<String, Value>>),
}

/// Prepares `value` (a schema) for comparison.
pub(super) fn node(value: &Value) -> Node<'_> {
    match value {
        Value::Bool(false) => Node::Nothing,
        Value::Object(map) => {
            if map.len() == 1 && map.get("not").is_some_and(admits_anything) {
                return Node::Nothing;
            }
            match merge::flatten(map) {
                Some(flat) => Node::Schema(Cow::Owned(flat)),
                None => Node::Schema(Cow::Borrowed(map)),
            }
        }
        // `true`; anything else failed the meta-schema check already.
        _ => Node::Schema(Cow::Owned(Map::new())),
    }
}

/// True for `true` and for schemas with no assertion (`{}`,
/// `{"description": …}`).
pub(super) fn admits_anything(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Object(map) => map.keys().all(|k| is_annotation(k) || is_informative(k)),
        _ => true,
    }
}

/// Keywords that never change what validates, and that the comparison
/// does not report either.
pub(super) fn is_annotation(key: &str) -> bool {
    key.starts_with("x-")
        || matches!(
            key,
            "title"
                | "description"
                | "examples"
                | "example"
                | "$comment"
                | "$schema"
                | "$id"
                | "id"
                | "$anchor"
                | "$dynamicAnchor"
                | "$recursiveAnchor"
                | "$vocabulary"
                | "$defs"
                | "definitions"
                | "discriminator"
                | "xml"
                | "externalDocs"
                | "contentEncoding"
                | "contentMediaType"
                | "contentSchema"
                // Rewritten into `type`/`anyOf` on load; left only where
                // OpenAPI 3.0 ignores it (beside `$ref`).
                | "nullable"
                | "x-nullable"
        )
}

/// Keywords reported as informative changes: they change no validity.
pub(super) fn is_informative(key: &str) -> bool {
    matches!(key, "readOnly" | "writeOnly" | "deprecated" | "default")
}

/// Assertion keywords whose changes the comparison does not analyse: any
/// difference in them is reported as undecided.
pub(super) fn is_unmodelled(key: &str) -> bool {
    matches!(
        key,
        "if" | "then"
            | "else"
            | "dependentRequired"
            | "dependentSchemas"
            | "dependencies"
            | "contains"
            | "minContains"
            | "maxContains"
            | "unevaluatedItems"
            | "unevaluatedProperties"
    )
}

/// The types a schema admits: its `type`, narrowed by its `enum`/`const`.
pub(super) fn types(map: &Map<String, Value>) -> Types {
    let declared = Types::of_keyword(map.get("type"));
    match values(map) {
        Some(values) => values
            .iter()
            .fold(Types::NONE, |all, v| all.union(Types::of_value(v)))
            .and(declared),
        None => declared,
    }
}

/// The values a schema's `enum` and `const` allow (those of its `type`),
/// or `None` when neither restricts them.
pub(super) fn values(map: &Map<String, Value>) -> Option<Vec<&Value>> {
    let declared = Types::of_keyword(map.get("type"));
    let enumerated: Option<Vec<&Value>> = match (map.get("enum"), map.get("const")) {
        (Some(Value::Array(list)), Some(c)) => {
            Some(list.iter().filter(|v| same(v, c)).take(1).collect())
        }
        (Some(Value::Array(list)), None) => Some(list.iter().collect()),
        (_, Some(c)) => Some(vec![c]),
        _ => None,
    };
    enumerated.map(|list| {
        let mut kept: Vec<&Value> = Vec::new();
        for v in list {
            if declared.intersects(Types::of_value(v)) && !kept.iter().any(|k| same(k, v)) {
                kept.push(v);
            }
        }
        kept
    })
}

/// The schema's only assertion is `keyword` (`anyOf`, `oneOf`): it is a
/// union of its branches, comparable branch by branch with a plain schema.
pub(super) fn is_union(map: &Map<String, Value>, keyword: &str) -> bool {
    matches!(map.get(keyword), Some(Value::Array(_)))
        && map
            .keys()
            .all(|k| k == keyword || is_annotation(k) || is_informative(k))
}

/// The same schema, ignoring annotations: for telling renames.
pub(super) fn same_schema(a: &Value, b: &Value) -> bool {
    same(&strip(a), &strip(b))
}

fn strip(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !is_annotation(k))
                .map(|(k, v)| {
                    let v = if crate::contract::dialect::is_data_keyword(k) {
                        v.clone()
                    } else {
                        strip(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        Value::Bool(true) => Value::Object(Map::new()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn false_and_not_anything_admit_nothing() {
        assert!(matches!(node(&json!(false)), Node::Nothing));
        assert!(matches!(node(&json!({"not": {}})), Node::Nothing));
        assert!(matches!(node(&json!(true)), Node::Schema(m) if m.is_empty()));
    }

    #[test]
    fn enum_values_narrow_the_types() {
        let m = map(json!({"enum": ["a", 1, null]}));
        assert_eq!(
            types(&m),
            Types::STRING.union(Types::INTEGER).union(Types::NULL)
        );
        let m = map(json!({"type": "string", "enum": ["a", 1]}));
        assert_eq!(values(&m), Some(vec![&json!("a")]));
        let m = map(json!({"enum": ["a", "b"], "const": "b"}));
        assert_eq!(values(&m), Some(vec![&json!("b")]));
    }

    #[test]
    fn a_union_has_no_other_assertion() {
        assert!(is_union(
            &map(json!({"anyOf": [{}], "description": "d"})),
            "anyOf"
        ));
        assert!(!is_union(
            &map(json!({"anyOf": [{}], "type": "object"})),
            "anyOf"
        ));
    }

    #[test]
    fn renames_ignore_annotations() {
        assert!(same_schema(
            &json!({"type": "string", "description": "a"}),
            &json!({"type": "string", "title": "b"})
        ));
        assert!(!same_schema(
            &json!({"type": "string"}),
            &json!({"type": "integer"})
        ));
    }
}
