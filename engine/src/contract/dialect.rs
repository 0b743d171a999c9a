//! Which JSON Schema a document speaks: a schema file's `$schema` (2020-12
//! when absent), or the dialect an OpenAPI document implies — 3.1 is
//! JSON Schema 2020-12, 3.0 (and Swagger 2.0) a draft 4 variant whose
//! `nullable: true` is rewritten here into the JSON Schema it means.

use jsonschema::Draft;
use serde_json::{Map, Value};

/// How a document's schemas are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// A JSON Schema document.
    Schema,
    /// OpenAPI 3.1: components are JSON Schema 2020-12.
    OpenApi31,
    /// OpenAPI 3.0: draft 4 with `nullable`.
    OpenApi30,
    /// Swagger 2.0: draft 4 with `x-nullable`.
    Swagger2,
}

/// The `$schema` of OpenAPI 3.1's own dialect: JSON Schema 2020-12 with
/// annotations (`discriminator`, `xml`, `example`) that validation ignores.
const OAS31_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

impl Dialect {
    /// The dialect of a whole document.
    pub fn of_document(value: &Value) -> Dialect {
        let version = |key| value.get(key).and_then(Value::as_str);
        match (version("openapi"), version("swagger")) {
            (Some(v), _) if v.starts_with("3.0") => Dialect::OpenApi30,
            (Some(_), _) => Dialect::OpenApi31,
            (None, Some(_)) => Dialect::Swagger2,
            (None, None) => Dialect::Schema,
        }
    }

    /// True for OpenAPI and Swagger documents, which hold schemas as
    /// components rather than being one.
    pub fn is_openapi(self) -> bool {
        self != Dialect::Schema
    }

    /// The draft of a schema of this dialect: its `$schema` when it names
    /// one, else the dialect's.
    pub fn draft_of(self, schema: &Value) -> Result<Draft, String> {
        match schema.get("$schema") {
            Some(Value::String(uri)) => draft_named(uri).ok_or_else(|| {
                format!(
                    "unknown `$schema` `{uri}`: Ferry knows drafts 4, 6, 7, 2019-09 and 2020-12"
                )
            }),
            Some(_) => Err("`$schema` must be a string".into()),
            None => Ok(match self {
                Dialect::Schema | Dialect::OpenApi31 => Draft::Draft202012,
                Dialect::OpenApi30 | Dialect::Swagger2 => Draft::Draft4,
            }),
        }
    }
}

/// The draft a `$schema` URI names.
fn draft_named(uri: &str) -> Option<Draft> {
    let uri = uri.trim_end_matches('#');
    Some(match uri {
        u if u.contains("draft-04") => Draft::Draft4,
        u if u.contains("draft-06") => Draft::Draft6,
        u if u.contains("draft-07") => Draft::Draft7,
        u if u.contains("2019-09") => Draft::Draft201909,
        u if u.contains("2020-12") || u == OAS31_DIALECT => Draft::Draft202012,
        _ => return None,
    })
}

/// Rewrites what a dialect means into plain JSON Schema, in place: OpenAPI
/// 3.0's `nullable: true` (Swagger's `x-nullable`) admits null, and 3.1's
/// own `$schema` URI becomes 2020-12's, which the validator knows.
pub(crate) fn normalize(value: &mut Value, dialect: Dialect) {
    match dialect {
        Dialect::Schema => {}
        Dialect::OpenApi31 => walk_schemas(value, &mut |schema| {
            if schema.get("$schema").and_then(Value::as_str) == Some(OAS31_DIALECT) {
                schema.insert("$schema".into(), DRAFT_2020_12.into());
            }
        }),
        Dialect::OpenApi30 => walk_schemas(value, &mut |s| admit_null(s, "nullable")),
        Dialect::Swagger2 => walk_schemas(value, &mut |s| admit_null(s, "x-nullable")),
    }
}

/// `{type: T, nullable: true}` → `{type: [T, "null"]}`; an `enum` gains
/// `null`; a schema without `type` (`allOf`, …) becomes `anyOf: [null,
/// itself]`. A `$ref` schema is left alone: OpenAPI 3.0 ignores the
/// siblings of `$ref`.
fn admit_null(schema: &mut Map<String, Value>, keyword: &str) {
    if schema.get(keyword) != Some(&Value::Bool(true)) || schema.contains_key("$ref") {
        return;
    }
    schema.remove(keyword);
    if let Some(Value::Array(options)) = schema.get_mut("enum")
        && !options.contains(&Value::Null)
    {
        options.push(Value::Null);
    }
    match schema.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            schema.insert("type".into(), Value::Array(vec![t.into(), "null".into()]));
        }
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push("null".into());
            }
        }
        _ => {
            let rest = std::mem::take(schema);
            let mut null = Map::new();
            null.insert("type".into(), "null".into());
            schema.insert(
                "anyOf".into(),
                Value::Array(vec![Value::Object(null), Value::Object(rest)]),
            );
        }
    }
}

/// Calls `f` on every object of a document that can be a schema: every
/// object except those inside data (`enum`, `const`, `default`,
/// `example(s)`) and extensions (`x-…`).
fn walk_schemas(value: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if !is_data_keyword(key) {
                    walk_schemas(child, f);
                }
            }
            f(map);
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk_schemas(item, f)),
        _ => {}
    }
}

/// Keywords whose values are instances, not schemas.
pub(crate) fn is_data_keyword(key: &str) -> bool {
    matches!(key, "enum" | "const" | "default" | "example" | "examples") || key.starts_with("x-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openapi_30_nullable_becomes_json_schema() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {
                "A": {"type": "string", "nullable": true, "enum": ["x"]},
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
                "C": {"$ref": "#/components/schemas/A", "nullable": true},
                "D": {"type": "object", "example": {"nullable": true}},
            }}
        });
        let dialect = Dialect::of_document(&doc);
        normalize(&mut doc, dialect);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["A"],
            json!({"type": ["string", "null"], "enum": ["x", null]})
        );
        assert_eq!(
            s["B"],
            json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/components/schemas/A"}]}]})
        );
        assert_eq!(s["C"]["nullable"], true);
        assert_eq!(s["D"]["example"], json!({"nullable": true}));
    }

    #[test]
    fn drafts_come_from_schema_or_the_dialect() {
        let d = |v: Value, dialect: Dialect| dialect.draft_of(&v);
        assert_eq!(d(json!({}), Dialect::Schema), Ok(Draft::Draft202012));
        assert_eq!(
            d(
                json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
                Dialect::Schema
            ),
            Ok(Draft::Draft7)
        );
        assert_eq!(d(json!({}), Dialect::OpenApi30), Ok(Draft::Draft4));
        assert!(
            d(
                json!({"$schema": "https://example.com/mine"}),
                Dialect::Schema
            )
            .is_err()
        );
    }
}
