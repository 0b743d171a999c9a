//! Proptest strategies for the instances of a JSON Schema, for the
//! contract tests: `values(schema, draft)` turns a schema whose `$ref`s are
//! inlined (`Schema::dereferenced`) into a strategy of values it admits.
//!
//! Keywords understood:
//! - `type` (a name or an array of names; without one, the types the other
//!   keywords talk about), `enum`, `const`;
//! - objects: `properties` (optional ones sometimes absent), `required`,
//!   `additionalProperties` (`false`, a schema, or a few unknown members
//!   when absent), `minProperties`/`maxProperties`;
//! - arrays: `items`, `prefixItems` (and draft 4–2019's array `items` with
//!   `additionalItems`), `minItems`/`maxItems`, `uniqueItems`;
//! - strings: `minLength`/`maxLength`, `pattern` (the regex, anchors
//!   stripped, through `proptest::string::string_regex`), `format`
//!   (`date-time`, `date`, `time`, `email`, `idn-email`, `uuid`, `uri`,
//!   `uri-reference`, `ipv4`; OpenAPI's `int32`, `password`… are
//!   annotations);
//! - numbers: `minimum`/`maximum`, `exclusiveMinimum`/`exclusiveMaximum`
//!   (numbers, or draft 4's booleans), `multipleOf`, integers and decimals
//!   (exact, written with their scale: `12.30`);
//! - `allOf` (object schemas merged), `anyOf`/`oneOf` (a branch, merged
//!   with the keywords beside it; for `oneOf`, values of another branch
//!   are rejected), `not` (rejected by filtering).
//!
//! Any other keyword panics, naming it: a schema the generator does not
//! understand must fail loudly, not be tested on values it does not
//! describe. The generator is tested too: callers assert that every value
//! it makes is valid against the schema it came from.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::Arc;

use jsonschema::{Draft, Validator};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value};

/// A strategy of the values `schema` admits, read as `draft`.
pub fn values(schema: &Value, draft: Draft) -> BoxedStrategy<Value> {
    Gen { draft }.schema(schema, 0)
}

/// Keywords that say nothing about which values are valid.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "discriminator",
    "xml",
    "externalDocs",
    "contentEncoding",
    "contentMediaType",
    // OpenAPI 3.0's `nullable` is rewritten into JSON Schema when the
    // document loads; one left beside a `$ref` is ignored, as 3.0 says.
    "nullable",
];

/// Keywords this generator acts on.
const UNDERSTOOD: &[&str] = &[
    "type",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Formats that are annotations (OpenAPI's), not assertions.
const ANNOTATION_FORMATS: &[&str] = &[
    "int32", "int64", "float", "double", "byte", "binary", "password",
];

/// How many members or elements a container gets beyond its minimum when
/// the schema sets no maximum.
const SPREAD: usize = 4;

/// The range numbers take when the schema bounds them on neither side.
const UNBOUNDED: i64 = 10_000;

struct Gen {
    draft: Draft,
}

impl Gen {
    fn schema(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        match schema {
            Value::Bool(true) => any_value(depth),
            Value::Bool(false) => panic!("no value meets the schema `false`"),
            Value::Object(map) => self.object_schema(map, depth),
            other => panic!("not a schema: {other}"),
        }
    }

    fn object_schema(&self, map: &Map<String, Value>, depth: usize) -> BoxedStrategy<Value> {
        for key in map.keys() {
            let known = ANNOTATIONS.contains(&key.as_str())
                || UNDERSTOOD.contains(&key.as_str())
                || key.starts_with("x-");
            assert!(
                known,
                "the schema generator does not support `{key}` (in {})",
                Value::Object(map.clone())
            );
        }
        if let Some(Value::Array(parts)) = map.get("allOf") {
            let mut merged = without(map, "allOf");
            for part in parts {
                merged = merge(&merged, object_of(part));
            }
            return self.object_schema(&merged, depth);
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = map.get(keyword) {
                return self.branches(map, keyword, branches, depth);
            }
        }
        if let Some(not) = map.get("not") {
            let rejected = self.validator(not);
            return self
                .object_schema(&without(map, "not"), depth)
                .prop_filter("matches `not`", move |v| !rejected.is_valid(v))
                .boxed();
        }
        if let Some(value) = map.get("const") {
            return Just(value.clone()).boxed();
        }
        if let Some(Value::Array(options)) = map.get("enum") {
            // Only the options the rest of the schema admits.
            let node = self.validator(&Value::Object(map.clone()));
            let options: Vec<Value> = options
                .iter()
                .filter(|v| node.is_valid(v))
                .cloned()
                .collect();
            assert!(!options.is_empty(), "no `enum` value meets its schema");
            return select(options).boxed();
        }
        let types = types_of(map);
        let strategies: Vec<BoxedStrategy<Value>> =
            types.iter().map(|t| self.typed(t, map, depth)).collect();
        Union::new(strategies).boxed()
    }

    /// A value of one branch of `anyOf`/`oneOf`, meeting the keywords
    /// beside it; for `oneOf`, of that branch only.
    fn branches(
        &self,
        map: &Map<String, Value>,
        keyword: &str,
        branches: &[Value],
        depth: usize,
    ) -> BoxedStrategy<Value> {
        let rest = without(map, keyword);
        let others: Vec<Arc<Validator>> = branches.iter().map(|b| self.validator(b)).collect();
        let strategies: Vec<BoxedStrategy<Value>> = branches
            .iter()
            .enumerate()
            .map(|(i, branch)| {
                let strategy = self.object_schema(&merge(&rest, object_of(branch)), depth);
                if keyword == "anyOf" {
                    return strategy;
                }
                let others = others.clone();
                strategy
                    .prop_filter("matches another `oneOf` branch", move |v| {
                        others
                            .iter()
                            .enumerate()
                            .all(|(j, other)| j == i || !other.is_valid(v))
                    })
                    .boxed()
            })
            .collect();
        Union::new(strategies).boxed()
    }

    fn typed(&self, name: &str, map: &Map<String, Value>, depth: usize) -> BoxedStrategy<Value> {
        match name {
            "null" => Just(Value::Null).boxed(),
            "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
            "integer" => self.number(map, true),
            "number" => self.number(map, false),
            "string" => self.string(map),
            "array" => self.array(map, depth),
            "object" => self.object(map, depth),
            other => panic!("unknown type `{other}`"),
        }
    }

    fn number(&self, map: &Map<String, Value>, integer: bool) -> BoxedStrategy<Value> {
        let (mut low, mut low_open) = (decimal(map.get("minimum")), false);
        let (mut high, mut high_open) = (decimal(map.get("maximum")), false);
        // Draft 4 makes `minimum` exclusive with a boolean; later drafts
        // give the exclusive bound itself, the tighter of the two applying.
        match map.get("exclusiveMinimum") {
            Some(Value::Bool(b)) => low_open = *b,
            Some(n) => {
                let n = decimal(Some(n));
                if low.is_none() || n >= low {
                    (low, low_open) = (n, true);
                }
            }
            None => {}
        }
        match map.get("exclusiveMaximum") {
            Some(Value::Bool(b)) => high_open = *b,
            Some(n) => {
                let n = decimal(Some(n));
                if high.is_none() || n <= high {
                    (high, high_open) = (n, true);
                }
            }
            None => {}
        }
        let steps: Vec<Decimal> = match decimal(map.get("multipleOf")) {
            Some(m) if integer && !m.fract().is_zero() => {
                panic!("`multipleOf: {m}` on an integer is not supported")
            }
            Some(m) => vec![m],
            None if integer => vec![Decimal::ONE],
            // Decimals of every usual scale, and whole numbers.
            None => ["1", "0.1", "0.01", "0.001"]
                .iter()
                .map(|s| Decimal::from_str(s).expect("a decimal literal"))
                .collect(),
        };
        let strategies: Vec<BoxedStrategy<Value>> = steps
            .into_iter()
            .filter_map(|step| {
                let (from, to) = multiples(low, low_open, high, high_open, step);
                // (0, 1) holds no whole number, but decimals.
                (from <= to).then_some((step, from, to))
            })
            .map(|(step, from, to)| {
                let zero = 0.clamp(from, to);
                prop_oneof![
                    6 => from..=to,
                    1 => Just(from),
                    1 => Just(to),
                    1 => Just(zero),
                ]
                .prop_map(move |k| number_value(Decimal::from(k) * step, integer))
                .boxed()
            })
            .collect();
        assert!(!strategies.is_empty(), "no number meets {map:?}");
        Union::new(strategies).boxed()
    }

    fn string(&self, map: &Map<String, Value>) -> BoxedStrategy<Value> {
        let min = count(map.get("minLength")).unwrap_or(0);
        let max = count(map.get("maxLength"));
        let pattern = map.get("pattern").and_then(Value::as_str);
        let format = map
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| !ANNOTATION_FORMATS.contains(f));
        let base: BoxedStrategy<String> = match (format, pattern) {
            (Some(format), _) => format_strategy(format),
            (None, Some(pattern)) => pattern_strategy(pattern),
            (None, None) => {
                let typical = max.unwrap_or(min + 16).min(min + 16);
                let lengths = match max {
                    Some(max) if max > typical => {
                        prop_oneof![8 => min..=typical, 1 => Just(max)].boxed()
                    }
                    _ => (min..=typical).boxed(),
                };
                lengths
                    .prop_flat_map(|n| proptest::collection::vec(text_char(), n))
                    .prop_map(|chars| chars.into_iter().collect())
                    .boxed()
            }
        };
        if format.is_none() && pattern.is_none() {
            return base.prop_map(Value::String).boxed();
        }
        // A format or a pattern decides the text; the other string keywords
        // filter it, exactly as the validator reads them.
        let mut leaf = Map::new();
        for key in ["minLength", "maxLength", "pattern", "format"] {
            if let Some(v) = map.get(key) {
                leaf.insert(key.into(), v.clone());
            }
        }
        let leaf = self.validator(&Value::Object(leaf));
        base.prop_map(Value::String)
            .prop_filter("the string keywords", move |v| leaf.is_valid(v))
            .boxed()
    }

    fn array(&self, map: &Map<String, Value>, depth: usize) -> BoxedStrategy<Value> {
        let (prefix, rest): (Vec<Value>, Option<Value>) = if self.draft == Draft::Draft202012 {
            let prefix = match map.get("prefixItems") {
                Some(Value::Array(p)) => p.clone(),
                _ => Vec::new(),
            };
            (prefix, map.get("items").cloned())
        } else {
            match map.get("items") {
                Some(Value::Array(p)) => (p.clone(), map.get("additionalItems").cloned()),
                other => (Vec::new(), other.cloned()),
            }
        };
        let rest = rest.unwrap_or(Value::Bool(true));
        let min = count(map.get("minItems")).unwrap_or(0);
        let mut max = count(map.get("maxItems")).unwrap_or(min + SPREAD);
        if rest == Value::Bool(false) {
            max = max.min(prefix.len());
        }
        assert!(min <= max, "no array length meets {map:?}");
        // Containers inside containers stay small.
        let max = max.min(min + SPREAD.saturating_sub(depth));
        let prefix: Vec<BoxedStrategy<Value>> =
            prefix.iter().map(|s| self.schema(s, depth + 1)).collect();
        let rest = (rest != Value::Bool(false)).then(|| self.schema(&rest, depth + 1));
        let unique = map.get("uniqueItems") == Some(&Value::Bool(true));
        (min..=max)
            .prop_flat_map(move |n| {
                (0..n)
                    .map(|i| match (prefix.get(i), &rest) {
                        (Some(p), _) => p.clone(),
                        (None, Some(r)) => r.clone(),
                        (None, None) => unreachable!("the length is capped by the prefix"),
                    })
                    .collect::<Vec<_>>()
            })
            .prop_filter("uniqueItems", move |items| {
                !unique
                    || items
                        .iter()
                        .enumerate()
                        .all(|(i, a)| items[..i].iter().all(|b| !same(a, b)))
            })
            .prop_map(Value::Array)
            .boxed()
    }

    fn object(&self, map: &Map<String, Value>, depth: usize) -> BoxedStrategy<Value> {
        let empty = Map::new();
        let properties = match map.get("properties") {
            Some(Value::Object(p)) => p,
            _ => &empty,
        };
        let required: BTreeSet<String> = match map.get("required") {
            Some(Value::Array(r)) => r
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            _ => BTreeSet::new(),
        };
        let additional = map.get("additionalProperties").cloned();
        let mut members: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for (name, schema) in properties {
            if schema == &Value::Bool(false) {
                assert!(
                    !required.contains(name),
                    "`{name}` is required and forbidden"
                );
                continue;
            }
            let name = name.clone();
            let value = self.schema(schema, depth + 1);
            members.push(if required.contains(&name) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::weighted(0.6, value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            });
        }
        let extra_schema = match &additional {
            Some(Value::Bool(false)) => None,
            Some(schema) => Some(schema.clone()),
            None => Some(Value::Bool(true)),
        };
        for name in required.iter().filter(|n| !properties.contains_key(*n)) {
            let schema = extra_schema
                .clone()
                .unwrap_or_else(|| panic!("`{name}` is required but not allowed"));
            let name = name.clone();
            members.push(
                self.schema(&schema, depth + 1)
                    .prop_map(move |v| Some((name.clone(), v)))
                    .boxed(),
            );
        }
        // Unknown members where the schema allows them: the mapping must
        // cope with what it does not read.
        let extras: BoxedStrategy<Vec<(String, Value)>> = match extra_schema {
            Some(schema) if depth < 3 => {
                let taken: BTreeSet<String> = properties.keys().cloned().collect();
                let key = "[a-z][a-z_]{0,7}"
                    .prop_filter("a declared property", move |k: &String| !taken.contains(k));
                proptest::collection::vec((key, self.schema(&schema, depth + 1)), 0..=2).boxed()
            }
            _ => Just(Vec::new()).boxed(),
        };
        let min = count(map.get("minProperties")).unwrap_or(0);
        let max = count(map.get("maxProperties")).unwrap_or(usize::MAX);
        (members, extras)
            .prop_map(|(members, extras)| {
                let mut object = Map::new();
                for (k, v) in members.into_iter().flatten() {
                    object.insert(k, v);
                }
                for (k, v) in extras {
                    object.entry(k).or_insert(v);
                }
                object
            })
            .prop_filter("minProperties/maxProperties", move |o| {
                (min..=max).contains(&o.len())
            })
            .prop_map(Value::Object)
            .boxed()
    }

    /// A validator of one sub-schema (inlined, so it needs no resolving).
    fn validator(&self, schema: &Value) -> Arc<Validator> {
        let validator = jsonschema::options()
            .with_draft(self.draft)
            .should_validate_formats(true)
            .should_ignore_unknown_formats(true)
            .build(schema)
            .unwrap_or_else(|e| panic!("cannot compile {schema}: {e}"));
        Arc::new(validator)
    }
}

/// The types a schema admits: its `type`, or the types its other keywords
/// constrain, or all of them.
fn types_of(map: &Map<String, Value>) -> Vec<String> {
    match map.get("type") {
        Some(Value::String(t)) => return vec![t.clone()],
        Some(Value::Array(ts)) => {
            return ts
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect();
        }
        _ => {}
    }
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    let mut types = Vec::new();
    if has(&[
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "maxProperties",
    ]) {
        types.push("object".to_owned());
    }
    if has(&[
        "items",
        "prefixItems",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
    ]) {
        types.push("array".to_owned());
    }
    if has(&["minLength", "maxLength", "pattern", "format"]) {
        types.push("string".to_owned());
    }
    if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        types.push("number".to_owned());
    }
    if types.is_empty() {
        for t in [
            "null", "boolean", "integer", "number", "string", "array", "object",
        ] {
            types.push(t.to_owned());
        }
    }
    types
}

/// `a` and `b` as one schema that admits what both admit (for `allOf`
/// and for a branch of `anyOf`/`oneOf` with the keywords beside it).
fn merge(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (key, right) in b {
        let Some(left) = out.get(key).cloned() else {
            out.insert(key.clone(), right.clone());
            continue;
        };
        if &left == right {
            continue;
        }
        let merged = match key.as_str() {
            "properties" => {
                let (Value::Object(l), Value::Object(r)) = (&left, right) else {
                    panic!("`properties` must be objects");
                };
                let mut props = l.clone();
                for (name, schema) in r {
                    let both = match props.get(name) {
                        Some(existing) => serde_json::json!({ "allOf": [existing, schema] }),
                        None => schema.clone(),
                    };
                    props.insert(name.clone(), both);
                }
                Value::Object(props)
            }
            "required" => {
                let mut names: Vec<Value> = left.as_array().cloned().unwrap_or_default();
                for name in right.as_array().into_iter().flatten() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
                Value::Array(names)
            }
            "type" => {
                let names = |v: &Value| -> Vec<String> {
                    match v {
                        Value::String(s) => vec![s.clone()],
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect(),
                        _ => Vec::new(),
                    }
                };
                let (l, r) = (names(&left), names(right));
                let both: Vec<Value> = l
                    .iter()
                    .filter_map(|t| {
                        let numeric = |a: &str, b: &str| a == "number" && b == "integer";
                        if r.contains(t) {
                            Some(t.clone())
                        } else if r.iter().any(|x| numeric(t, x) || numeric(x, t)) {
                            // Integers are the numbers both admit.
                            Some("integer".to_owned())
                        } else {
                            None
                        }
                    })
                    .map(Value::String)
                    .collect();
                assert!(
                    !both.is_empty(),
                    "`allOf` of disjoint types {left} and {right}"
                );
                Value::Array(both)
            }
            "allOf" => {
                let mut parts = left.as_array().cloned().unwrap_or_default();
                parts.extend(right.as_array().cloned().unwrap_or_default());
                Value::Array(parts)
            }
            "minimum" | "minLength" | "minItems" | "minProperties" => max_number(&left, right),
            "maximum" | "maxLength" | "maxItems" | "maxProperties" => min_number(&left, right),
            "additionalProperties"
                if left == Value::Bool(false) || right == &Value::Bool(false) =>
            {
                Value::Bool(false)
            }
            _ if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") => left,
            _ => panic!("cannot merge `{key}`: {left} and {right}"),
        };
        out.insert(key.clone(), merged);
    }
    // `additionalProperties: false` on one side forbids what only the
    // other side declares.
    for side in [a, b] {
        if side.get("additionalProperties") == Some(&Value::Bool(false)) {
            let allowed: BTreeSet<&String> = side
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().collect())
                .unwrap_or_default();
            if let Some(Value::Object(props)) = out.get_mut("properties") {
                props.retain(|name, _| allowed.contains(name));
            }
        }
    }
    out
}

fn max_number(a: &Value, b: &Value) -> Value {
    if decimal(Some(a)) >= decimal(Some(b)) {
        a.clone()
    } else {
        b.clone()
    }
}

fn min_number(a: &Value, b: &Value) -> Value {
    if decimal(Some(a)) <= decimal(Some(b)) {
        a.clone()
    } else {
        b.clone()
    }
}

fn without(map: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut out = map.clone();
    out.remove(key);
    out
}

fn object_of(schema: &Value) -> &Map<String, Value> {
    match schema {
        Value::Object(m) => m,
        other => panic!("only object schemas combine; got {other}"),
    }
}

fn decimal(value: Option<&Value>) -> Option<Decimal> {
    let text = value?.as_number()?.to_string();
    Some(
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .unwrap_or_else(|e| panic!("bound {text} is not a decimal: {e}")),
    )
}

fn count(value: Option<&Value>) -> Option<usize> {
    value.and_then(Value::as_u64).map(|n| n as usize)
}

/// The range of `k` with `k × step` within the bounds.
fn multiples(
    low: Option<Decimal>,
    low_open: bool,
    high: Option<Decimal>,
    high_open: bool,
    step: Decimal,
) -> (i64, i64) {
    let default = Decimal::from(UNBOUNDED);
    let (low, high) = match (low, high) {
        (Some(l), Some(h)) => (l, h),
        (Some(l), None) => (l, l.max(Decimal::ZERO) + default),
        (None, Some(h)) => (h.min(Decimal::ZERO) - default, h),
        (None, None) => (-default, default),
    };
    let mut from = (low / step).ceil();
    if low_open && from * step == low {
        from += Decimal::ONE;
    }
    let mut to = (high / step).floor();
    if high_open && to * step == high {
        to -= Decimal::ONE;
    }
    let as_i64 = |d: Decimal| d.to_i64().expect("bounds within i64 steps");
    (as_i64(from), as_i64(to))
}

/// A JSON number with the exact digits of `d` (an integer without a
/// point).
fn number_value(d: Decimal, integer: bool) -> Value {
    let text = if integer || d.fract().is_zero() && d.scale() == 0 {
        d.trunc().normalize().to_string()
    } else {
        d.to_string()
    };
    serde_json::from_str(&text).expect("a decimal is a JSON number")
}

/// Structural equality with numbers by value, as `uniqueItems` reads it.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => decimal(Some(a)) == decimal(Some(b)) || x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Characters for free text: mostly ASCII, some accents, emoji, spaces
/// and anything at all.
fn text_char() -> BoxedStrategy<char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        1 => select(vec!['é', 'ß', 'Ł', 'ø', 'İ', 'ﬁ', '😀', '☕', '\u{a0}', '\u{3000}', '\t']),
        1 => any::<char>(),
    ]
    .boxed()
}

/// Small values of any type, for `true` schemas and unknown members.
fn any_value(depth: usize) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(Value::from),
        (-100_000i64..100_000).prop_map(|c| number_value(Decimal::new(c, 2), false)),
        proptest::collection::vec(text_char(), 0..8)
            .prop_map(|c| Value::String(c.into_iter().collect())),
    ];
    if depth >= 2 {
        return leaf.boxed();
    }
    prop_oneof![
        4 => leaf.clone(),
        1 => proptest::collection::vec(leaf.clone(), 0..3).prop_map(Value::Array),
        1 => proptest::collection::vec(("[a-z]{1,6}", leaf), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
    .boxed()
}

/// Text matching an ECMA-262 `pattern`. Anchors are stripped (proptest
/// generates no look-arounds); an unanchored side gets a little text of
/// its own, since a pattern only has to match somewhere. Perl classes
/// become their ASCII forms, which ECMA-262 and Rust agree on.
fn pattern_strategy(pattern: &str) -> BoxedStrategy<String> {
    let mut core = pattern;
    let anchored_start = core.starts_with('^');
    if anchored_start {
        core = &core[1..];
    }
    let anchored_end = core.ends_with('$') && !core.ends_with("\\$");
    if anchored_end {
        core = &core[..core.len() - 1];
    }
    let core = ascii_classes(core);
    let regex = format!(
        "{}(?:{core}){}",
        if anchored_start { "" } else { "[ -~]{0,4}" },
        if anchored_end { "" } else { "[ -~]{0,4}" },
    );
    proptest::string::string_regex(&regex)
        .unwrap_or_else(|e| panic!("cannot generate text for pattern {pattern:?}: {e}"))
        .boxed()
}

/// `\d`, `\w`, `\s` and `\S` as ASCII classes, inside brackets or not.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let (inside, outside) = match next {
                    'd' => ("0-9", "[0-9]"),
                    'w' => ("A-Za-z0-9_", "[A-Za-z0-9_]"),
                    's' => (" \\t", "[ \\t]"),
                    'S' if !in_class => ("", "[!-~]"),
                    other => {
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                out.push_str(if in_class { inside } else { outside });
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Valid text of a format the validator asserts.
fn format_strategy(format: &str) -> BoxedStrategy<String> {
    match format {
        "date" => date().boxed(),
        "date-time" => (date(), time_of_day(), fraction(), offset(), any::<u8>())
            .prop_map(|(d, t, f, o, case)| {
                // RFC 3339 allows `t` and `z`; a few values use them.
                if case < 12 {
                    format!("{d}t{t}{f}{}", o.to_lowercase())
                } else {
                    format!("{d}T{t}{f}{o}")
                }
            })
            .boxed(),
        "time" => (time_of_day(), fraction(), offset())
            .prop_map(|(t, f, o)| format!("{t}{f}{o}"))
            .boxed(),
        // Lower case half the time: contracts often ask for it.
        "email" | "idn-email" => prop_oneof![
            "[a-z0-9]{1,8}([._+-][a-z0-9]{1,6})?@[a-z0-9]{1,10}(-[a-z0-9]{1,4})?(\\.[a-z]{2,6}){1,2}",
            "[A-Za-z0-9]{1,8}([._+-][A-Za-z0-9]{1,6})?@[A-Za-z0-9]{1,10}(-[A-Za-z0-9]{1,4})?(\\.[A-Za-z]{2,6}){1,2}",
        ]
        .boxed(),
        "uuid" => "[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-fA-F]{12}".boxed(),
        "uri" | "uri-reference" => {
            "(https?://[a-z0-9]{1,10}(\\.[a-z]{2,5}){1,2}(/[A-Za-z0-9._~-]{1,8}){0,3}(\\?[a-z]{1,4}=[0-9]{1,3})?|urn:[a-z]{1,6}:[a-z0-9]{1,8})"
                .boxed()
        }
        "ipv4" => (0u8..=255, 0u8..=255, 0u8..=255, 0u8..=255)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}"))
            .boxed(),
        other => panic!("the schema generator does not support `format: {other}`"),
    }
}

fn date() -> impl Strategy<Value = String> {
    (1970i32..2100, 1u32..=12)
        .prop_flat_map(|(y, m)| {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (
                Just(y),
                Just(m),
                prop_oneof![3 => 1u32..=days, 1 => Just(days)],
            )
        })
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn time_of_day() -> impl Strategy<Value = String> {
    (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}"))
}

fn fraction() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => (0u32..1000).prop_map(|ms| format!(".{ms:03}")),
    ]
}

fn offset() -> impl Strategy<Value = String> {
    select(vec![
        "Z", "Z", "Z", "+00:00", "+01:00", "+02:00", "-05:00", "+05:30", "-03:30", "+14:00",
        "-12:00", "+09:45",
    ])
    .prop_map(String::from)
}
