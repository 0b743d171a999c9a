//! What validating a record against a JSON Schema reads of it.
//!
//! A mapping that validates its input used to parse every record whole,
//! though most contracts constrain a fraction of what partners send
//! (`properties` name a few members, and the rest pass unchecked). The
//! schema is walked once, like the plan: each keyword records what of the
//! instance location it applies to it looks at, and subschemas are followed
//! to the locations they apply to (`properties` to a member, `items` to each
//! element, `allOf` and the other applicators to the same place). Validating
//! the record kept by this [`Need`] gives the same verdict and the same
//! violations as validating it whole, since every member a keyword could
//! look at is kept, with everything inside it that the keyword's
//! subschemas could look at.
//!
//! The walk is sound first: a keyword it does not know keeps the whole
//! value where it applies, and so does a reference left in the schema (a
//! recursive one, which [`crate::contract::Schema::dereferenced`] leaves).

use serde_json::Value;

use super::need::Need;

/// What validating against `schema` (dereferenced) reads of an instance.
pub(crate) fn need_of_schema(schema: &Value) -> Need {
    let mut need = Need::nothing();
    at(schema, &mut need);
    need.normalize();
    need
}

/// Widens `need`, the need of one instance location, by what `schema`
/// reads there.
fn at(schema: &Value, need: &mut Need) {
    let Value::Object(map) = schema else {
        // `true` reads nothing; `false` fails whatever it is given. Either
        // way the verdict does not depend on what is inside the value.
        return;
    };
    for (key, value) in map {
        keyword(key, value, need);
        if need.is_all() {
            return;
        }
    }
}

/// Widens `need` by what keyword `key` with `value` reads.
fn keyword(key: &str, value: &Value, need: &mut Need) {
    match key {
        // Annotations, and assertions on the value's type or on a scalar:
        // the parser keeps both exactly, and an array's every element.
        "$schema" | "$id" | "$anchor" | "$dynamicAnchor" | "$recursiveAnchor" | "$comment"
        | "$vocabulary" | "$defs" | "definitions" | "title" | "description" | "default"
        | "examples" | "example" | "deprecated" | "readOnly" | "writeOnly" | "type" | "format"
        | "pattern" | "minLength" | "maxLength" | "minimum" | "maximum" | "exclusiveMinimum"
        | "exclusiveMaximum" | "multipleOf" | "minItems" | "maxItems" | "contentMediaType"
        | "contentEncoding" | "contentSchema" | "discriminator" | "xml" | "externalDocs"
        | "nullable" => {}
        k if k.starts_with("x-") => {}
        // Equality with a scalar needs only the scalar; with a container,
        // the whole value.
        "enum" | "const" => {
            let values = match value {
                Value::Array(values) if key == "enum" => values.as_slice(),
                other => std::slice::from_ref(other),
            };
            if values.iter().any(|v| v.is_array() || v.is_object()) {
                *need = Need::All;
            }
        }
        "uniqueItems" => {
            if value.as_bool() != Some(false) {
                each(need, |e| *e = Need::All);
            }
        }
        "properties" => match value.as_object() {
            Some(props) => {
                for (name, sub) in props {
                    member(need, name, |m| at(sub, m));
                }
            }
            None => *need = Need::All,
        },
        "required" => names(value, need),
        "dependentRequired" => match value.as_object() {
            Some(deps) => {
                for (name, required) in deps {
                    member(need, name, |_| {});
                    names(required, need);
                }
            }
            None => *need = Need::All,
        },
        "dependentSchemas" => match value.as_object() {
            Some(deps) => {
                for (name, sub) in deps {
                    member(need, name, |_| {});
                    at(sub, need);
                }
            }
            None => *need = Need::All,
        },
        // Drafts 4 to 7: a list of names or a schema per member name.
        "dependencies" => match value.as_object() {
            Some(deps) => {
                for (name, dep) in deps {
                    member(need, name, |_| {});
                    if dep.is_array() {
                        names(dep, need);
                    } else {
                        at(dep, need);
                    }
                }
            }
            None => *need = Need::All,
        },
        // Every member by name or count: keep them all.
        "additionalProperties" | "unevaluatedProperties" => each(need, |e| at(value, e)),
        "patternProperties" => match value.as_object() {
            Some(patterns) => each(need, |e| patterns.values().for_each(|sub| at(sub, e))),
            None => *need = Need::All,
        },
        "propertyNames" | "minProperties" | "maxProperties" => each(need, |_| {}),
        // Elements: tuples and the rest alike, as one need for all.
        "items" | "prefixItems" | "additionalItems" | "contains" | "unevaluatedItems" => {
            match value {
                Value::Array(subs) => each(need, |e| subs.iter().for_each(|sub| at(sub, e))),
                sub => each(need, |e| at(sub, e)),
            }
        }
        "minContains" | "maxContains" => each(need, |_| {}),
        // In-place applicators: their subschemas apply here.
        "allOf" | "anyOf" | "oneOf" => match value.as_array() {
            Some(subs) => subs.iter().for_each(|sub| at(sub, need)),
            None => *need = Need::All,
        },
        "not" | "if" | "then" | "else" => at(value, need),
        // A reference the dereferencing left (a recursive one), and any
        // keyword not known here: keep everything.
        _ => *need = Need::All,
    }
}

/// Keeps the presence of each member `value` (an array of names) names.
fn names(value: &Value, need: &mut Need) {
    match value.as_array() {
        Some(list) => {
            for name in list.iter().filter_map(Value::as_str) {
                member(need, name, |_| {});
            }
        }
        None => *need = Need::All,
    }
}

/// Keeps member `name`, widened by `f`.
fn member(need: &mut Need, name: &str, f: impl FnOnce(&mut Need)) {
    if let Need::Fields { fields, .. } = need {
        f(fields.entry(name.into()).or_insert_with(Need::nothing));
    }
}

/// Keeps every element and member, widened by `f`.
fn each(need: &mut Need, f: impl FnOnce(&mut Need)) {
    if let Need::Fields { elements, .. } = need {
        f(elements.get_or_insert_with(|| Box::new(Need::nothing())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn need(schema: Value) -> String {
        need_of_schema(&schema).to_string()
    }

    #[test]
    fn named_members_are_kept_with_what_their_subschemas_read() {
        let schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "pattern": "^A"},
                "lines": {"type": "array", "maxItems": 3, "items": {"required": ["qty"]}},
            },
        });
        assert_eq!(need(schema), "{id: {}, lines: {*: {qty: {}}}}");
    }

    #[test]
    fn keywords_over_all_members_keep_them_all() {
        assert_eq!(
            need(json!({"properties": {"a": {}}, "additionalProperties": false})),
            "{a: {}, *: {}}"
        );
        // A pattern's subschema applies to declared members as well.
        assert_eq!(
            need(
                json!({"properties": {"a": {}}, "patternProperties": {"^a": {"required": ["z"]}}})
            ),
            "{a: {z: {}}, *: {z: {}}}"
        );
    }

    #[test]
    fn applicators_add_up_in_place() {
        let schema = json!({
            "anyOf": [{"properties": {"a": {"required": ["x"]}}}, {"required": ["b"]}],
            "if": {"properties": {"kind": {"const": "c"}}},
            "then": {"required": ["c"]},
        });
        assert_eq!(need(schema), "{a: {x: {}}, b: {}, c: {}, kind: {}}");
    }

    #[test]
    fn what_cannot_be_bounded_keeps_the_whole_value() {
        assert_eq!(need(json!({"enum": [{"a": 1}, 2]})), "all");
        assert_eq!(need(json!({"enum": ["a", 2, null]})), "{}");
        assert_eq!(
            need(json!({"properties": {"tree": {"$ref": "#"}}})),
            "{tree: all}"
        );
        assert_eq!(
            need(json!({"properties": {"a": {"someNewKeyword": 1}}})),
            "{a: all}"
        );
        assert_eq!(need(json!({"uniqueItems": true})), "{*: all}");
    }
}
