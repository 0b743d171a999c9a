//! Merging `allOf` branches into their parent, so that `{"$ref": …,
//! "description": …}` (inlined as an `allOf`), `allOf: [Base, {properties:
//! …}]` and a plain schema with the same meaning compare equal.
//!
//! A branch merges only when the merged schema admits exactly what the
//! `allOf` did: keywords the other side lacks, equal keywords, and
//! `properties`, `required`, `type`, `enum`, `allOf` and the count bounds,
//! which combine. Keywords that look at their siblings
//! (`additionalProperties` beside `properties`, `items` beside
//! `prefixItems`, `unevaluated*`, a leftover `$ref`) keep their branch.

use serde_json::{Map, Value};

use super::node::{is_annotation, is_informative};
use super::values::{Types, number, order, same};

/// `map` with the `allOf` branches that can be merged merged into it, or
/// `None` when it has no `allOf`.
pub(super) fn flatten(map: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Array(branches)) = map.get("allOf") else {
        return None;
    };
    let mut base: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| *k != "allOf")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut kept = Vec::new();
    for branch in branches {
        match branch {
            Value::Bool(true) => {}
            Value::Object(b) => {
                let b = flatten(b).unwrap_or_else(|| b.clone());
                if !b.is_empty() && !merge_into(&mut base, &b) {
                    kept.push(Value::Object(b));
                }
            }
            other => kept.push(other.clone()),
        }
    }
    if !kept.is_empty() {
        match base.get_mut("allOf") {
            Some(Value::Array(existing)) => existing.extend(kept),
            _ => {
                base.insert("allOf".into(), Value::Array(kept));
            }
        }
    }
    Some(base)
}

/// Merges `extra` into `base` when the result means `base ∧ extra`;
/// leaves `base` alone and returns false otherwise.
fn merge_into(base: &mut Map<String, Value>, extra: &Map<String, Value>) -> bool {
    if interacts(base, extra) || interacts(extra, base) {
        return false;
    }
    let mut merged = base.clone();
    for (key, value) in extra {
        let Some(existing) = merged.get(key) else {
            merged.insert(key.clone(), value.clone());
            continue;
        };
        if same(existing, value) || is_annotation(key) || is_informative(key) {
            continue;
        }
        let combined = match key.as_str() {
            "properties" => properties(existing, value),
            "required" => required(existing, value),
            "type" => type_intersection(existing, value),
            "enum" => enum_intersection(existing, value),
            "allOf" => concat(existing, value),
            "minLength" | "minItems" | "minProperties" => tighter(existing, value, true),
            "maxLength" | "maxItems" | "maxProperties" => tighter(existing, value, false),
            _ => None,
        };
        match combined {
            Some(v) => {
                merged.insert(key.clone(), v);
            }
            None => return false,
        }
    }
    *base = merged;
    true
}

/// True when a keyword of `a` reads keywords that `b` would bring in.
fn interacts(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let has = |m: &Map<String, Value>, keys: &[&str]| keys.iter().any(|k| m.contains_key(*k));
    let tuple = |m: &Map<String, Value>| {
        m.contains_key("prefixItems")
            || m.contains_key("additionalItems")
            || matches!(m.get("items"), Some(Value::Array(_)))
    };
    let boolean_bound = |m: &Map<String, Value>| {
        matches!(m.get("exclusiveMinimum"), Some(Value::Bool(_)))
            || matches!(m.get("exclusiveMaximum"), Some(Value::Bool(_)))
    };
    has(
        a,
        &[
            "unevaluatedProperties",
            "unevaluatedItems",
            "$ref",
            "$dynamicRef",
            "$recursiveRef",
        ],
    ) || (a.contains_key("additionalProperties")
        && has(b, &["properties", "patternProperties", "additionalProperties"]))
        || (tuple(a) && has(b, &["items", "prefixItems", "additionalItems"]))
        // Draft 4's `exclusiveMinimum: true` qualifies the sibling `minimum`.
        || (boolean_bound(a) && has(b, &["minimum", "maximum"]))
}

fn properties(a: &Value, b: &Value) -> Option<Value> {
    let (Value::Object(a), Value::Object(b)) = (a, b) else {
        return None;
    };
    let mut out = a.clone();
    for (name, schema) in b {
        let merged = match out.get(name) {
            Some(existing) if same(existing, schema) => continue,
            Some(existing) => serde_json::json!({"allOf": [existing, schema]}),
            None => schema.clone(),
        };
        out.insert(name.clone(), merged);
    }
    Some(Value::Object(out))
}

fn required(a: &Value, b: &Value) -> Option<Value> {
    let (Value::Array(a), Value::Array(b)) = (a, b) else {
        return None;
    };
    let mut out = a.clone();
    for name in b {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    Some(Value::Array(out))
}

fn type_intersection(a: &Value, b: &Value) -> Option<Value> {
    let both = Types::of_keyword(Some(a)).and(Types::of_keyword(Some(b)));
    match both.names()?.as_slice() {
        [] => None,
        [one] => Some(Value::from(*one)),
        many => Some(Value::Array(many.iter().map(|n| Value::from(*n)).collect())),
    }
}

fn enum_intersection(a: &Value, b: &Value) -> Option<Value> {
    let (Value::Array(a), Value::Array(b)) = (a, b) else {
        return None;
    };
    Some(Value::Array(
        a.iter()
            .filter(|v| b.iter().any(|w| same(v, w)))
            .cloned()
            .collect(),
    ))
}

fn concat(a: &Value, b: &Value) -> Option<Value> {
    let (Value::Array(a), Value::Array(b)) = (a, b) else {
        return None;
    };
    Some(Value::Array(a.iter().chain(b).cloned().collect()))
}

/// The larger of two lower bounds, or the smaller of two upper ones.
fn tighter(a: &Value, b: &Value, lower: bool) -> Option<Value> {
    let ordering = order(number(a)?, number(b)?);
    let a_wins = if lower {
        ordering.is_ge()
    } else {
        ordering.is_le()
    };
    Some(if a_wins { a.clone() } else { b.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flat(v: Value) -> Value {
        Value::Object(flatten(v.as_object().expect("an object")).expect("an allOf"))
    }

    #[test]
    fn a_ref_with_siblings_merges_back() {
        let inlined = json!({"allOf": [{"type": "string", "maxLength": 5}, {"description": "d"}]});
        assert_eq!(
            flat(inlined),
            json!({"type": "string", "maxLength": 5, "description": "d"})
        );
    }

    #[test]
    fn properties_required_types_and_bounds_combine() {
        let v = json!({"allOf": [
            {"type": ["object", "null"], "properties": {"a": {"type": "string"}}, "required": ["a"], "maxProperties": 5},
            {"type": "object", "properties": {"b": {}}, "required": ["b"], "maxProperties": 3}
        ]});
        assert_eq!(
            flat(v),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {}},
                   "required": ["a", "b"], "maxProperties": 3})
        );
    }

    #[test]
    fn siblings_that_read_each_other_keep_their_branch() {
        let v = json!({"allOf": [
            {"properties": {"a": {}}, "additionalProperties": false},
            {"properties": {"b": {}}}
        ]});
        assert_eq!(
            flat(v),
            json!({"properties": {"a": {}}, "additionalProperties": false,
                   "allOf": [{"properties": {"b": {}}}]})
        );
        let v = json!({"allOf": [{"minimum": 0, "exclusiveMinimum": true}, {"minimum": 3}]});
        assert_eq!(
            flat(v),
            json!({"minimum": 0, "exclusiveMinimum": true, "allOf": [{"minimum": 3}]})
        );
    }

    #[test]
    fn conflicting_keywords_keep_their_branch() {
        let v = json!({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]});
        assert_eq!(
            flat(v),
            json!({"pattern": "^a", "allOf": [{"pattern": "b$"}]})
        );
    }
}
