//! The inferred output against the output schema: a required property
//! never produced, a property the schema forbids, a type that cannot
//! match, a literal outside an `enum`/`const` or against a `pattern`.
//! Only what is certain is an error; `anyOf`, `oneOf`, `not`, `if` and
//! unresolved `$ref`s are skipped (the checker says nothing rather than
//! something false).

use ferry_dsl::Span;
use serde_json::Value;

use super::Finding;
use super::shape::{Kinds, Presence, Shape, schema_kinds};
use crate::codes;

/// Checks `shape`, produced at `span`, against `schema` at output path `at`
/// (a JSON Pointer, `*` for every element).
pub(crate) fn check(shape: &Shape, schema: &Value, at: &str, span: Span, out: &mut Vec<Finding>) {
    let shown = if at.is_empty() { "/" } else { at };
    check_at(shape, schema, at, shown, span, out)
}

fn check_at(
    shape: &Shape,
    schema: &Value,
    at: &str,
    shown: &str,
    span: Span,
    out: &mut Vec<Finding>,
) {
    if shape.kinds.is_empty() {
        return;
    }
    let Value::Object(map) = schema else {
        if schema == &Value::Bool(false) {
            out.push(Finding::error(
                codes::OUTPUT_TYPE_MISMATCH,
                format!("the output schema allows nothing at `{shown}`"),
                span,
                "forbidden by the output schema",
                None,
            ));
        }
        return;
    };
    if let Some(Value::Array(all)) = map.get("allOf") {
        for sub in all {
            check_at(shape, sub, at, shown, span, out);
        }
    }
    let allowed = typed_kinds(schema);
    if !allowed.contains(Kinds::ALL) {
        let produced = shape.kinds;
        if !produced.intersects(allowed) {
            out.push(Finding::error(
                codes::OUTPUT_TYPE_MISMATCH,
                format!(
                    "`{shown}` is {} here, but the output schema needs {}",
                    produced.describe(),
                    allowed.describe()
                ),
                span,
                format!("{} here", produced.describe()),
                None,
            ));
            return;
        }
        if produced.without(allowed) == Kinds::NULL {
            out.push(Finding::warning(
                codes::OUTPUT_MAY_VIOLATE,
                format!(
                    "`{shown}` may be null here, but the output schema needs {}",
                    allowed.describe()
                ),
                span,
                "may be null",
                Some(
                    "give a default with `??`, or write the field as `key?:` to omit it when null"
                        .into(),
                ),
            ));
        }
    }
    check_values(shape, map, shown, out);
    if shape.kinds.intersects(Kinds::OBJECT) {
        check_object(shape, map, at, shown, span, out);
    }
    if shape.kinds.intersects(Kinds::ARRAY)
        && let (Some(items), Some(item_schema)) = (&shape.items, map.get("items"))
        && (item_schema.is_object() || item_schema.is_boolean())
    {
        check(items, item_schema, &format!("{at}/*"), span, out);
    }
}

/// The kinds `type` (and `enum`/`const`) admit; everything when the
/// schema has an applicator the checker does not follow.
fn typed_kinds(schema: &Value) -> Kinds {
    let mut plain = schema.clone();
    if let Value::Object(m) = &mut plain {
        // `allOf` is checked branch by branch above.
        m.remove("allOf");
    }
    schema_kinds(&plain)
}

/// Literals against `enum`, `const` and `pattern`.
fn check_values(
    shape: &Shape,
    map: &serde_json::Map<String, Value>,
    at: &str,
    out: &mut Vec<Finding>,
) {
    let Some(values) = &shape.values else { return };
    let allowed: Option<Vec<&Value>> = match (map.get("enum"), map.get("const")) {
        (Some(Value::Array(e)), _) => Some(e.iter().collect()),
        (_, Some(c)) => Some(vec![c]),
        _ => None,
    };
    let pattern = map
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(|p| regex::Regex::new(p).ok());
    for (value, span) in values {
        if *span == Span::default() {
            continue;
        }
        if let Some(allowed) = &allowed
            && !allowed.iter().any(|a| same(a, value))
        {
            let shown: Vec<String> = allowed.iter().take(8).map(|v| v.to_string()).collect();
            out.push(Finding::error(
                codes::OUTPUT_VALUE_NOT_ALLOWED,
                format!("`{at}` can be {value}, which the output schema does not allow"),
                *span,
                format!("{value} is not one of the allowed values"),
                Some(format!("the output schema allows {}", shown.join(", "))),
            ));
            continue;
        }
        if let (Some(re), Value::String(s)) = (&pattern, value)
            && !re.is_match(s)
        {
            out.push(Finding::error(
                codes::OUTPUT_VALUE_NOT_ALLOWED,
                format!(
                    "`{at}` can be {value}, which does not match the output schema's pattern `{}`",
                    re.as_str()
                ),
                *span,
                "does not match the pattern",
                None,
            ));
        }
    }
}

/// JSON equality with numbers compared by value (`1.0` is `1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        _ => a == b,
    }
}

fn check_object(
    shape: &Shape,
    map: &serde_json::Map<String, Value>,
    at: &str,
    shown: &str,
    span: Span,
    out: &mut Vec<Finding>,
) {
    let Some(fields) = &shape.fields else { return };
    let properties = map.get("properties").and_then(Value::as_object);
    if let Some(Value::Array(required)) = map.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            match fields.get(name) {
                None if !shape.open => out.push(Finding::error(
                    codes::OUTPUT_REQUIRED_MISSING,
                    format!("the output schema requires `{name}` in `{shown}`, and the mapping never writes it"),
                    span,
                    format!("no `{name}` here"),
                    Some(format!("add `{name}: …` to this object")),
                )),
                Some(f) if f.presence == Presence::Maybe => out.push(Finding::warning(
                    codes::OUTPUT_MAY_VIOLATE,
                    format!("the output schema requires `{name}` in `{shown}`, and it may be left out"),
                    f.span,
                    "may be omitted",
                    Some("write it as `key:` with a default (`?? …`) so it is always there".into()),
                )),
                _ => {}
            }
        }
    }
    let closed = map.get("additionalProperties") == Some(&Value::Bool(false))
        && map.get("patternProperties").is_none();
    for (name, field) in fields {
        let child = format!("{at}/{name}");
        match properties.and_then(|p| p.get(name)) {
            Some(sub) => check(&field.shape, sub, &child, field.span, out),
            None if closed => {
                let known: Vec<&str> = properties
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let help = crate::compile::suggest(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "remove it, or add it to the output schema".into());
                let finding = if field.presence == Presence::Always {
                    Finding::error(
                        codes::OUTPUT_PROPERTY_FORBIDDEN,
                        format!(
                            "the output schema does not allow `{name}` in `{shown}` (additionalProperties is false)"
                        ),
                        field.span,
                        "not in the output schema",
                        Some(help),
                    )
                } else {
                    Finding::warning(
                        codes::OUTPUT_MAY_VIOLATE,
                        format!(
                            "the output schema does not allow `{name}` in `{shown}`, written here when not null"
                        ),
                        field.span,
                        "not in the output schema",
                        Some(help),
                    )
                };
                out.push(finding);
            }
            None => {
                if let Some(extra) = map.get("additionalProperties").filter(|a| a.is_object()) {
                    check(&field.shape, extra, &child, field.span, out);
                }
            }
        }
    }
}
