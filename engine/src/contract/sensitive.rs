//! Sensitive values: what a schema marks `writeOnly: true`,
//! `format: password` or `x-sensitive: true` is never echoed — not in a
//! validation error, not in the engine's own type errors, not in a
//! warning or a statistic. Only the dead-letter file keeps the raw record.
//!
//! The schema is walked once into instance-path patterns (`/card/number`,
//! `/users/*/password`); an error whose instance is, contains or lies
//! inside a sensitive value is worded with `***` in its place.

use std::collections::HashSet;

use serde_json::Value;

use super::document::Documents;
use super::references::{self, Ids, Location};

/// How deep the walk follows nested schemas and `$ref`s.
const MAX_DEPTH: usize = 48;

/// One step of an instance path pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    /// An object member by name.
    Key(String),
    /// Any member or element.
    Any,
}

/// The sensitive places of a schema's instances.
#[derive(Debug, Clone, Default)]
pub struct Sensitive {
    patterns: Vec<Vec<Step>>,
}

impl Sensitive {
    /// Walks the schema at `at` for sensitive markers.
    pub(crate) fn of(documents: &Documents, ids: &Ids, at: &Location) -> Sensitive {
        let mut walk = Walk {
            documents,
            ids,
            found: Vec::new(),
            seen: HashSet::new(),
        };
        if let Some(Ok(doc)) = documents.by_uri(&at.uri)
            && let Some(schema) = doc.value.pointer(&at.pointer)
        {
            walk.schema(schema, &doc.uri, &mut Vec::new(), 0);
        }
        let mut patterns = walk.found;
        patterns.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        patterns.dedup();
        Sensitive { patterns }
    }

    /// True when the schema marks nothing sensitive.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// True when the value at `pointer` is sensitive, lies inside a
    /// sensitive value, or contains one.
    pub fn covers(&self, pointer: &str) -> bool {
        let tokens = tokens(pointer);
        self.patterns.iter().any(|pattern| {
            pattern.iter().zip(&tokens).all(|(step, token)| match step {
                Step::Any => true,
                Step::Key(k) => k == token,
            })
        })
    }

    /// True when the value at `pointer` is sensitive or lies inside a
    /// sensitive value; not when it merely contains one, unlike
    /// [`covers`](Sensitive::covers). For where a computed value came
    /// from (`/lines/*/card`: `*` is any element), which names whole
    /// objects when it cannot be precise. Something that is not a pointer
    /// (a path with filters) may be anything: true.
    pub fn holds(&self, pointer: &str) -> bool {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return !self.is_empty();
        }
        let tokens = tokens(pointer);
        self.patterns.iter().any(|pattern| {
            pattern.len() <= tokens.len()
                && pattern.iter().zip(&tokens).all(|(step, token)| match step {
                    Step::Any => true,
                    Step::Key(k) => k == token || token == "*",
                })
        })
    }

    /// `message` with every sensitive value of `instance` replaced by `***`.
    pub fn redact(&self, instance: &Value, message: &str) -> String {
        let mut secrets = Vec::new();
        for pattern in &self.patterns {
            collect(instance, pattern, &mut secrets);
        }
        let mut out = message.to_owned();
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            out = out.replace(secret.as_str(), "***");
        }
        out
    }
}

/// The texts under which a sensitive value can appear in a message: its
/// JSON form and, for a string, its raw characters.
fn collect(value: &Value, pattern: &[Step], out: &mut Vec<String>) {
    let Some((step, rest)) = pattern.split_first() else {
        push_texts(value, out);
        return;
    };
    match (step, value) {
        (Step::Key(k), Value::Object(map)) => {
            if let Some(v) = map.get(k) {
                collect(v, rest, out);
            }
        }
        (Step::Any, Value::Object(map)) => map.values().for_each(|v| collect(v, rest, out)),
        (Step::Any, Value::Array(items)) => items.iter().for_each(|v| collect(v, rest, out)),
        _ => {}
    }
}

fn push_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            out.push(s.clone());
            out.push(format!("{s:?}"));
            out.push(Value::String(s.clone()).to_string());
        }
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| push_texts(v, out)),
        Value::Object(map) => map.values().for_each(|v| push_texts(v, out)),
        // `true`/`null` would mask every such word of a message; they say
        // little about a secret.
        Value::Bool(_) | Value::Null => {}
    }
}

fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

struct Walk<'a> {
    documents: &'a Documents,
    ids: &'a Ids,
    found: Vec<Vec<Step>>,
    seen: HashSet<(usize, Vec<Step>)>,
}

impl Walk<'_> {
    fn schema(&mut self, schema: &Value, base: &str, path: &mut Vec<Step>, depth: usize) {
        let Value::Object(map) = schema else { return };
        if depth > MAX_DEPTH
            || !self
                .seen
                .insert((schema as *const Value as usize, path.clone()))
        {
            return;
        }
        let base = references::base_of(base, schema);
        let marked = map.get("writeOnly") == Some(&Value::Bool(true))
            || map.get("x-sensitive") == Some(&Value::Bool(true))
            || map.get("format").and_then(Value::as_str) == Some("password");
        if marked {
            self.found.push(path.clone());
            return;
        }
        if let Some(Value::String(reference)) = map.get("$ref")
            && let Some((doc, pointer)) =
                references::target(self.documents, self.ids, &base, reference)
            && let Some(target) = doc.value.pointer(&pointer)
        {
            self.schema(target, &doc.uri, path, depth + 1);
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, sub) in properties {
                path.push(Step::Key(name.clone()));
                self.schema(sub, &base, path, depth + 1);
                path.pop();
            }
        }
        let each = [
            "additionalProperties",
            "items",
            "additionalItems",
            "contains",
            "unevaluatedItems",
            "unevaluatedProperties",
        ];
        for key in each {
            match map.get(key) {
                Some(Value::Array(subs)) => self.each(subs, &base, path, depth),
                Some(sub) => {
                    path.push(Step::Any);
                    self.schema(sub, &base, path, depth + 1);
                    path.pop();
                }
                None => {}
            }
        }
        for key in ["patternProperties", "prefixItems"] {
            match map.get(key) {
                Some(Value::Object(subs)) => {
                    let subs: Vec<Value> = subs.values().cloned().collect();
                    self.each(&subs, &base, path, depth);
                }
                Some(Value::Array(subs)) => self.each(subs, &base, path, depth),
                _ => {}
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(subs)) = map.get(key) {
                for sub in subs {
                    self.schema(sub, &base, path, depth + 1);
                }
            }
        }
        for key in ["if", "then", "else", "not"] {
            if let Some(sub) = map.get(key) {
                self.schema(sub, &base, path, depth + 1);
            }
        }
        if let Some(Value::Object(subs)) = map.get("dependentSchemas") {
            for sub in subs.values() {
                self.schema(sub, &base, path, depth + 1);
            }
        }
    }

    /// Subschemas that apply to some member or element (`*`).
    fn each(&mut self, subs: &[Value], base: &str, path: &mut Vec<Step>, depth: usize) {
        path.push(Step::Any);
        for sub in subs {
            self.schema(sub, base, path, depth + 1);
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sensitive(patterns: &[&[&str]]) -> Sensitive {
        Sensitive {
            patterns: patterns
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|s| {
                            if *s == "*" {
                                Step::Any
                            } else {
                                Step::Key((*s).into())
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn a_pointer_is_covered_inside_around_and_at_a_secret() {
        let s = sensitive(&[&["card", "number"], &["users", "*", "password"]]);
        assert!(s.covers("/card/number"));
        assert!(s.covers("/card"));
        assert!(s.covers(""));
        assert!(s.covers("/users/3/password"));
        assert!(!s.covers("/card/expiry"));
        assert!(!s.covers("/users/3/name"));
    }

    #[test]
    fn a_value_is_held_at_or_inside_a_sensitive_place_only() {
        let s = sensitive(&[&["card", "number"], &["users", "*", "password"]]);
        assert!(s.holds("/card/number"));
        assert!(s.holds("/card/number/0"));
        assert!(s.holds("/users/7/password"));
        assert!(s.holds("/users/*/password"));
        // Containing a secret is not holding one.
        assert!(!s.holds("/card"));
        assert!(!s.holds(""));
        assert!(!s.holds("/users/7/name"));
        // Not a pointer: anything.
        assert!(s.holds("$..password"));
    }

    #[test]
    fn secrets_are_masked_wherever_a_message_quotes_them() {
        let s = sensitive(&[&["card", "number"]]);
        let record = serde_json::json!({"card": {"number": "4111111111111111"}, "id": 7});
        assert_eq!(
            s.redact(
                &record,
                r#"{"number":"4111111111111111"} is not valid under any of the schemas"#
            ),
            "{\"number\":***} is not valid under any of the schemas"
        );
    }
}
