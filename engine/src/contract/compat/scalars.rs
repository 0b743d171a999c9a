//! The keywords about a value itself: `type` (with `integer` inside
//! `number` and `null` reported as nullability), `enum` and `const`,
//! `format` and `pattern`.

use serde_json::{Map, Value};

use super::change::Kind;
use super::node;
use super::values::{Types, same, show};
use super::walk::{At, Walker};

/// Compares the types each version admits (their `type`, narrowed by
/// `enum`/`const`) and returns them. When both versions enumerate their
/// values, the values are compared instead ([`values`]).
pub(super) fn types(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
) -> (Types, Types) {
    let (old, new) = (node::types(o), node::types(n));
    let enumerated = node::values(o).is_some() && node::values(n).is_some();
    if old == new || enumerated {
        return (old, new);
    }
    let at = at.keyword(o, n, "type");
    // Against "any type", null is one type among others; between two
    // declared type lists it is the nullability OpenAPI talks about.
    let explicit = old != Types::ALL && new != Types::ALL;
    let (mut added, mut removed) = (new.without(old), old.without(new));
    if explicit {
        if added.intersects(Types::NULL) {
            w.report(Kind::NullableAdded, &at, "null is now allowed");
        }
        if removed.intersects(Types::NULL) {
            w.report(Kind::NullableRemoved, &at, "null is no longer allowed");
        }
        added = added.without(Types::NULL);
        removed = removed.without(Types::NULL);
    }
    let (was, is) = (old.describe(), new.describe());
    match (added.is_empty(), removed.is_empty()) {
        (false, false) => w.report(
            Kind::TypeChanged,
            &at,
            format!("type changed from {was} to {is}"),
        ),
        (false, true) => w.report(
            Kind::TypeWidened,
            &at,
            format!(
                "type widened from {was} to {is}: {} now allowed",
                added.describe()
            ),
        ),
        (true, false) => w.report(
            Kind::TypeNarrowed,
            &at,
            format!(
                "type narrowed from {was} to {is}: {} no longer allowed",
                removed.describe()
            ),
        ),
        (true, true) => {}
    }
    (old, new)
}

/// Compares `enum` and `const`: the values each version allows.
pub(super) fn values(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let is_const = |m: &Map<String, Value>| m.contains_key("const") && !m.contains_key("enum");
    let key = |m: &Map<String, Value>| if is_const(m) { "const" } else { "enum" };
    let at = at.keywords(o, n, key(o), key(n));
    match (node::values(o), node::values(n)) {
        (None, None) => {}
        (None, Some(new)) if is_const(n) => w.report(
            Kind::ConstAdded,
            &at,
            format!("const {} added: no other value is allowed", list(&new)),
        ),
        (None, Some(new)) => w.report(
            Kind::EnumAdded,
            &at,
            format!("enum added: only {} allowed", list(&new)),
        ),
        (Some(old), None) if is_const(o) => w.report(
            Kind::ConstRemoved,
            &at,
            format!("const {} removed: other values are allowed", list(&old)),
        ),
        (Some(old), None) => w.report(
            Kind::EnumRemoved,
            &at,
            format!("enum {} removed: other values are allowed", list(&old)),
        ),
        (Some(old), Some(new)) => {
            if let ([a], [b], true, true) =
                (old.as_slice(), new.as_slice(), is_const(o), is_const(n))
            {
                if !same(a, b) {
                    w.report(
                        Kind::ConstChanged,
                        &at,
                        format!("const changed from {} to {}", show(a), show(b)),
                    );
                }
                return;
            }
            for v in new.iter().filter(|v| !old.iter().any(|o| same(o, v))) {
                if v.is_null() {
                    w.report(Kind::NullableAdded, &at, "null is now allowed");
                } else {
                    w.report(
                        Kind::EnumValueAdded,
                        &at,
                        format!("value {} now allowed", show(v)),
                    );
                }
            }
            for v in old.iter().filter(|v| !new.iter().any(|n| same(n, v))) {
                if v.is_null() {
                    w.report(Kind::NullableRemoved, &at, "null is no longer allowed");
                } else {
                    w.report(
                        Kind::EnumValueRemoved,
                        &at,
                        format!("value {} no longer allowed", show(v)),
                    );
                }
            }
        }
    }
}

/// Compares `format`.
pub(super) fn format(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let at = at.keyword(o, n, "format");
    let get = |m: &Map<String, Value>| m.get("format").and_then(Value::as_str).map(str::to_owned);
    match (get(o).as_deref(), get(n).as_deref()) {
        (None, Some(f)) => w.report(
            Kind::FormatAdded,
            &at,
            format!("format `{f}` added: values that are not `{f}` are refused"),
        ),
        (Some(f), None) => w.report(
            Kind::FormatRemoved,
            &at,
            format!("format `{f}` removed: values need not be `{f}` any more"),
        ),
        (Some(a), Some(b)) if a != b => w.report(
            Kind::FormatChanged,
            &at,
            format!("format changed from `{a}` to `{b}`: assumed to break both sides"),
        ),
        _ => {}
    }
}

/// Compares `pattern`.
pub(super) fn pattern(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let at = at.keyword(o, n, "pattern");
    let get = |m: &Map<String, Value>| m.get("pattern").and_then(Value::as_str).map(str::to_owned);
    match (get(o).as_deref(), get(n).as_deref()) {
        (None, Some(p)) => w.report(
            Kind::PatternAdded,
            &at,
            format!("pattern `{p}` added: strings that do not match are refused"),
        ),
        (Some(p), None) => w.report(
            Kind::PatternRemoved,
            &at,
            format!("pattern `{p}` removed: strings need not match it any more"),
        ),
        (Some(a), Some(b)) if a != b => w.report(
            Kind::PatternChanged,
            &at,
            format!("pattern changed from `{a}` to `{b}`: Ferry cannot compare regular expressions, so it assumes this breaks both sides"),
        ),
        _ => {}
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn list(values: &[&Value]) -> String {
    let shown: Vec<String> = values.iter().take(8).map(|v| show(v)).collect();
    let more = values.len().saturating_sub(8);
    match shown.as_slice() {
        [] => "no value".into(),
        [one] => one.clone(),
        [init @ .., last] if more == 0 => format!("{} or {last}", init.join(", ")),
        all => format!("{} or {more} more", all.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn value_lists_read_as_text() {
        let a = json!("a");
        let b = json!(1);
        assert_eq!(list(&[&a]), "\"a\"");
        assert_eq!(list(&[&a, &b, &a]), "\"a\", 1 or \"a\"");
        let many: Vec<Value> = (0..10).map(|i| json!(i)).collect();
        let refs: Vec<&Value> = many.iter().collect();
        assert!(list(&refs).ends_with("or 2 more"));
    }
}
