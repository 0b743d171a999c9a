//! `contract::compat`: every kind of change, each a one-line case — the old
//! schema, the new one, and the kinds expected with their impact: `C`
//! breaks consumers, `P` producers, `B` both, `N` neither, `U` both because
//! the comparison cannot decide. Each case is written to files and loaded
//! like a contract, so its schemas pass the meta-schema check. Then an
//! OpenAPI 3.1 document with `$ref`s across files, OpenAPI 3.0's
//! `nullable`, and draft 4 against 2020-12.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ferry_engine::contract::Schema;
use ferry_engine::contract::compat::{self, Change, Kind, Report, Side};
use serde_json::{Value, json};

/// A fresh directory under the system temp dir, unique to this process
/// and call.
fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "ferry-compat-test-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the temp dir is writable");
    dir
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the temp dir is writable");
    }
    std::fs::write(path, text).expect("the temp file is writable");
}

fn load(reference: &str, dir: &Path) -> Schema {
    Schema::load(reference, dir).unwrap_or_else(|e| panic!("{reference}: {e}"))
}

/// Writes both schemas as files, loads and compares them.
fn compare_files(name: &str, old: &Value, new: &Value) -> Report {
    let dir = scratch(name);
    write(&dir, "old.json", &old.to_string());
    write(&dir, "new.json", &new.to_string());
    compat::compare(&load("old.json", &dir), &load("new.json", &dir))
}

/// `kind:C` and the like: a change as the table writes it.
fn brief(c: &Change) -> String {
    let impact = match (
        c.undecided,
        c.consumer.is_breaking(),
        c.producer.is_breaking(),
    ) {
        (true, _, _) => "U",
        (_, true, true) => "B",
        (_, true, false) => "C",
        (_, false, true) => "P",
        (_, false, false) => "N",
    };
    format!("{}:{impact}", c.kind)
}

struct Case {
    name: &'static str,
    old: Value,
    new: Value,
    expected: Vec<String>,
}

macro_rules! cases {
    ($($name:ident: $old:tt => $new:tt => [$($kind:ident $impact:ident),* $(,)?];)*) => {
        fn cases() -> Vec<Case> {
            vec![$(Case {
                name: stringify!($name),
                old: json!($old),
                new: json!($new),
                expected: vec![$(format!("{}:{}", stringify!($kind), stringify!($impact))),*],
            }),*]
        }
    };
}

cases! {
    // Objects.
    property_added_to_closed: {"properties": {"a": {}}, "additionalProperties": false} => {"properties": {"a": {}, "b": {"type": "string"}}, "additionalProperties": false} => [property_added C];
    property_added_to_open: {"properties": {"a": {}}} => {"properties": {"a": {}, "b": {"type": "string"}}} => [property_added P];
    property_added_admitting_anything: {"properties": {}} => {"properties": {"b": {"description": "free"}}} => [property_added N];
    property_added_required: {"type": "object"} => {"type": "object", "properties": {"id": {}}, "required": ["id"]} => [property_added P];
    property_added_under_additional_schema: {"additionalProperties": {"type": "string"}} => {"properties": {"a": {"type": "string", "maxLength": 3}}, "additionalProperties": {"type": "string"}} => [property_added P];
    property_removed_from_open: {"properties": {"a": {"type": "string"}}} => {"properties": {}} => [property_removed C];
    property_removed_from_closed: {"properties": {"a": {"type": "string"}, "b": {}}, "additionalProperties": false} => {"properties": {"b": {}}, "additionalProperties": false} => [property_removed P];
    required_property_removed_from_closed: {"properties": {"a": {}, "b": {}}, "required": ["a"], "additionalProperties": false} => {"properties": {"b": {}}, "additionalProperties": false} => [property_removed B];
    property_renamed: {"properties": {"qty": {"type": "integer"}}} => {"properties": {"quantity": {"type": "integer", "description": "how many"}}} => [property_renamed B];
    two_alike_properties_are_no_rename: {"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": false} => {"properties": {"c": {"type": "string"}}, "additionalProperties": false} => [property_removed P, property_removed P, property_added C];
    property_became_required: {"properties": {"a": {}}} => {"properties": {"a": {}}, "required": ["a"]} => [property_became_required P];
    undeclared_property_became_required: {"type": "object"} => {"type": "object", "required": ["a"]} => [property_became_required P];
    property_no_longer_required: {"properties": {"a": {}}, "required": ["a"]} => {"properties": {"a": {}}} => [property_no_longer_required C];
    nested_property_type_changed: {"properties": {"customer": {"properties": {"name": {"type": "string"}}}}} => {"properties": {"customer": {"properties": {"name": {"type": "integer"}}}}} => [type_changed B];
    additional_properties_allowed: {"additionalProperties": false} => {"additionalProperties": true} => [additional_properties_allowed C];
    additional_properties_forbidden: {"type": "object"} => {"type": "object", "additionalProperties": false} => [additional_properties_forbidden P];
    additional_properties_schema_widened: {"additionalProperties": {"type": "string"}} => {"additionalProperties": {"type": ["string", "null"]}} => [nullable_added C];
    additional_properties_schema_imposed: {"additionalProperties": true} => {"additionalProperties": {"type": "string"}} => [type_narrowed P];
    pattern_property_added: {"type": "object"} => {"type": "object", "patternProperties": {"^x-": {"type": "string"}}} => [pattern_property_added P];
    pattern_property_added_to_closed: {"additionalProperties": false} => {"patternProperties": {"^x-": {}}, "additionalProperties": false} => [pattern_property_added C];
    pattern_property_removed: {"type": "object", "patternProperties": {"^x-": {"type": "string"}}} => {"type": "object"} => [pattern_property_removed C];
    pattern_property_changed: {"patternProperties": {"^x-": {"type": "string"}}} => {"patternProperties": {"^x-": {"type": "integer"}}} => [type_changed B];
    property_names_narrowed: {"propertyNames": {"maxLength": 5}} => {"propertyNames": {"maxLength": 3}} => [property_names_changed P];
    min_properties_tightened: {"minProperties": 1} => {"minProperties": 2} => [min_properties_tightened P];
    min_properties_loosened: {"minProperties": 1} => {} => [min_properties_loosened C];
    max_properties_tightened: {} => {"maxProperties": 9} => [max_properties_tightened P];
    max_properties_loosened: {"maxProperties": 3} => {"maxProperties": 9} => [max_properties_loosened C];
    // Types.
    type_narrowed: {"type": ["string", "integer"]} => {"type": "string"} => [type_narrowed P];
    type_restricted_from_any: {} => {"type": "string"} => [type_narrowed P];
    number_to_integer: {"type": "number"} => {"type": "integer"} => [type_narrowed P];
    type_widened: {"type": "integer"} => {"type": "number"} => [type_widened C];
    type_no_longer_restricted: {"type": "string"} => {} => [type_widened C];
    type_changed: {"type": "string"} => {"type": "integer"} => [type_changed B];
    nullable_added: {"type": "string"} => {"type": ["string", "null"]} => [nullable_added C];
    nullable_removed: {"type": ["object", "null"]} => {"type": "object"} => [nullable_removed P];
    nullable_as_a_branch: {"type": "string"} => {"anyOf": [{"type": "string"}, {"type": "null"}]} => [nullable_added C];
    same_nullability_spelled_twice: {"type": ["string", "null"]} => {"anyOf": [{"type": "null"}, {"type": "string"}]} => [];
    type_list_equals_any_of_its_types: {"anyOf": [{"type": "string"}, {"type": "integer"}]} => {"type": ["string", "integer"]} => [];
    type_list_equals_one_of_its_types: {"type": ["string", "integer"], "maxLength": 3} => {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]} => [];
    // Values.
    enum_added: {"type": "string"} => {"type": "string", "enum": ["a", "b"]} => [enum_added P];
    enum_removed: {"enum": ["a", "b"]} => {"type": "string"} => [enum_removed C];
    enum_value_added: {"enum": ["paid", "open"]} => {"enum": ["paid", "open", "void"]} => [enum_value_added C];
    enum_value_removed: {"enum": ["paid", "open"]} => {"enum": ["paid"]} => [enum_value_removed P];
    enum_null_added: {"enum": ["a"]} => {"enum": ["a", null]} => [nullable_added C];
    enum_numbers_by_value: {"enum": [1, 2.5]} => {"enum": [1.0, 2.50]} => [];
    const_added: {"type": "string"} => {"type": "string", "const": "v1"} => [const_added P];
    const_removed: {"const": "v1"} => {"type": "string"} => [const_removed C];
    const_changed: {"const": "v1"} => {"const": "v2"} => [const_changed B];
    const_to_enum: {"const": "a"} => {"enum": ["a", "b"]} => [enum_value_added C];
    // Strings.
    format_added: {"type": "string"} => {"type": "string", "format": "date"} => [format_added P];
    format_removed: {"type": "string", "format": "email"} => {"type": "string"} => [format_removed C];
    format_changed: {"type": "string", "format": "date"} => {"type": "string", "format": "date-time"} => [format_changed U];
    pattern_added: {"type": "string"} => {"type": "string", "pattern": "^[A-Z]+$"} => [pattern_added P];
    pattern_removed: {"pattern": "^[A-Z]+$"} => {} => [pattern_removed C];
    pattern_changed: {"pattern": "^[A-Z]+$"} => {"pattern": "^[A-Z0-9]+$"} => [pattern_changed U];
    min_length_tightened: {"minLength": 1} => {"minLength": 2} => [min_length_tightened P];
    min_length_zero_is_no_bound: {"minLength": 0} => {} => [];
    min_length_loosened: {"minLength": 2} => {"minLength": 1} => [min_length_loosened C];
    max_length_tightened: {"maxLength": 10} => {"maxLength": 5} => [max_length_tightened P];
    max_length_loosened: {"maxLength": 10} => {} => [max_length_loosened C];
    string_keywords_of_a_type_gone: {"type": ["string", "integer"], "maxLength": 3} => {"type": "integer"} => [type_narrowed P];
    // Numbers.
    minimum_tightened: {"minimum": 0} => {"minimum": 1} => [minimum_tightened P];
    minimum_made_exclusive: {"minimum": 0} => {"exclusiveMinimum": 0} => [minimum_tightened P];
    minimum_loosened: {"minimum": 1} => {} => [minimum_loosened C];
    maximum_tightened: {"maximum": 100} => {"exclusiveMaximum": 100} => [maximum_tightened P];
    maximum_loosened: {"exclusiveMaximum": 100} => {"maximum": 100} => [maximum_loosened C];
    integer_bounds_spelled_two_ways: {"type": "integer", "exclusiveMinimum": 0} => {"type": "integer", "minimum": 1} => [];
    multiple_of_tightened: {"multipleOf": 2} => {"multipleOf": 4} => [multiple_of_tightened P];
    multiple_of_loosened: {"multipleOf": 0.1} => {"multipleOf": 0.01} => [multiple_of_loosened C];
    multiple_of_changed: {"multipleOf": 2} => {"multipleOf": 3} => [multiple_of_changed B];
    draft4_exclusive_equals_2020_exclusive: {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 0, "exclusiveMinimum": true} => {"type": "number", "exclusiveMinimum": 0} => [];
    draft4_exclusive_dropped: {"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 0, "exclusiveMinimum": true} => {"minimum": 0} => [minimum_loosened C];
    // Arrays.
    items_recursed: {"items": {"type": "integer"}} => {"items": {"type": "number"}} => [type_widened C];
    items_of_items: {"items": {"items": {"enum": [1]}}} => {"items": {"items": {"enum": [1, 2]}}} => [enum_value_added C];
    min_items_tightened: {"minItems": 1} => {"minItems": 2} => [min_items_tightened P];
    min_items_loosened: {"minItems": 1} => {} => [min_items_loosened C];
    max_items_tightened: {"maxItems": 5} => {"maxItems": 4} => [max_items_tightened P];
    max_items_loosened: {"maxItems": 5} => {"maxItems": 6} => [max_items_loosened C];
    unique_items_added: {"type": "array"} => {"type": "array", "uniqueItems": true} => [unique_items_added P];
    unique_items_removed: {"uniqueItems": true} => {"uniqueItems": false} => [unique_items_removed C];
    tuple_extended: {"prefixItems": [{"type": "string"}], "items": false} => {"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false} => [now_allowed C];
    items_forbidden: {"items": {"type": "string"}} => {"items": false} => [no_longer_allowed P];
    prefix_item_changed: {"prefixItems": [{"type": "string"}, {"type": "integer"}]} => {"prefixItems": [{"type": "string"}, {"type": "integer", "minimum": 0}]} => [minimum_tightened P];
    draft4_tuple_equals_2020_tuple: {"$schema": "http://json-schema.org/draft-04/schema#", "items": [{"type": "string"}], "additionalItems": false} => {"prefixItems": [{"type": "string"}], "items": false} => [];
    // Combinators.
    any_of_branch_added: {"anyOf": [{"type": "string"}, {"type": "boolean"}]} => {"anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "integer"}]} => [any_of_branch_added C];
    any_of_branch_removed: {"anyOf": [{"type": "string"}, {"type": "boolean"}]} => {"anyOf": [{"type": "string"}]} => [any_of_branch_removed P];
    any_of_branch_changed: {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"a": {}}}]} => {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"a": {}}, "required": ["a"]}]} => [property_became_required P];
    plain_to_union: {"type": "string"} => {"anyOf": [{"type": "string"}, {"type": "integer"}]} => [any_of_branch_added C];
    any_of_added: {"type": "object"} => {"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]} => [any_of_added P];
    any_of_removed: {"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]} => {"type": "object"} => [any_of_removed C];
    one_of_branch_added_apart: {"oneOf": [{"type": "string"}, {"type": "boolean"}]} => {"oneOf": [{"type": "string"}, {"type": "boolean"}, {"type": "integer"}]} => [one_of_branch_added C];
    one_of_branch_added_overlapping: {"oneOf": [{"type": "number"}, {"type": "string"}]} => {"oneOf": [{"type": "number"}, {"type": "string"}, {"type": "integer"}]} => [one_of_branch_added B];
    one_of_branch_removed_apart: {"oneOf": [{"type": "string"}, {"type": "integer"}]} => {"oneOf": [{"type": "string"}]} => [one_of_branch_removed P];
    one_of_branch_removed_overlapping: {"oneOf": [{"type": "number"}, {"type": "integer"}]} => {"oneOf": [{"type": "number"}]} => [one_of_branch_removed B];
    discriminated_branch_added: {"oneOf": [{"type": "object", "required": ["kind"], "properties": {"kind": {"const": "cat"}}}]} => {"oneOf": [{"type": "object", "required": ["kind"], "properties": {"kind": {"const": "cat"}}}, {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dog"}}}]} => [one_of_branch_added C];
    one_of_added: {"type": "object"} => {"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]} => [one_of_added P];
    one_of_removed: {"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]} => {"type": "object"} => [one_of_removed C];
    one_of_changed: {"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object", "properties": {"b": {}}}]} => {"oneOf": [{"type": "object", "properties": {"a": {"type": "integer"}}}, {"type": "object", "properties": {"b": {}}}]} => [type_changed B, one_of_changed U];
    one_of_became_any_of: {"oneOf": [{"type": "number"}, {"type": "integer"}]} => {"anyOf": [{"type": "number"}, {"type": "integer"}]} => [one_of_became_any_of C];
    one_of_became_any_of_apart: {"oneOf": [{"type": "string"}, {"type": "integer"}]} => {"anyOf": [{"type": "string"}, {"type": "integer"}]} => [one_of_became_any_of N];
    any_of_became_one_of: {"anyOf": [{"type": "number"}, {"type": "integer"}]} => {"oneOf": [{"type": "number"}, {"type": "integer"}]} => [any_of_became_one_of P];
    all_of_branch_added: {"allOf": [{"pattern": "^a"}]} => {"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]} => [all_of_branch_added P];
    all_of_branch_removed: {"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]} => {"allOf": [{"pattern": "^a"}]} => [all_of_branch_removed C];
    all_of_merged_like_a_plain_schema: {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a", "b"]} => {"allOf": [{"type": "object", "properties": {"a": {}}, "required": ["a"]}, {"properties": {"b": {}}, "required": ["b"]}]} => [];
    not_added: {"type": "string"} => {"type": "string", "not": {"const": ""}} => [not_added P];
    not_removed: {"type": "string", "not": {"const": ""}} => {"type": "string"} => [not_removed C];
    not_changed: {"not": {"enum": ["a"]}} => {"not": {"enum": ["a", "b"]}} => [not_changed P];
    false_to_schema: {"properties": {"legacy": false}} => {"properties": {"legacy": {"type": "string"}}} => [now_allowed C];
    // Unmodelled keywords.
    keyword_changed: {"contains": {"type": "string"}} => {"contains": {"type": "integer"}} => [keyword_changed U];
    if_added: {} => {"if": {"required": ["a"]}, "then": {"required": ["b"]}} => [keyword_changed U, keyword_changed U];
    unreadable_pattern_property: {"patternProperties": {"(?<=a)b": {}}} => {"properties": {"ab": {"type": "string"}}, "patternProperties": {"(?<=a)b": {}}} => [property_added U];
    // Informative.
    read_only_added: {"type": "string"} => {"type": "string", "readOnly": true} => [read_only_added N];
    read_only_removed: {"readOnly": true} => {} => [read_only_removed N];
    write_only_added: {} => {"writeOnly": true} => [write_only_added N];
    write_only_removed: {"writeOnly": true} => {"writeOnly": false} => [write_only_removed N];
    deprecated_added: {"properties": {"a": {}}} => {"properties": {"a": {"deprecated": true}}} => [deprecated_added N];
    deprecated_removed: {"deprecated": true} => {} => [deprecated_removed N];
    default_changed: {"default": 1} => {"default": 2} => [default_changed N];
    default_added: {} => {"default": "x"} => [default_changed N];
    annotations_are_not_changes: {"title": "A", "description": "a", "examples": [1]} => {"title": "B", "x-note": 1} => [];
}

/// Kinds whose case needs more than one line (below).
const COVERED_ELSEWHERE: &[Kind] = &[Kind::RefChanged, Kind::Undecided];

#[test]
fn every_case_reports_its_kinds_and_impacts() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = compare_files(case.name, &case.old, &case.new);
        let mut found: Vec<String> = report.changes.iter().map(brief).collect();
        let mut expected = case.expected.clone();
        found.sort();
        expected.sort();
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {found:?}\n{}",
                case.name,
                report.render()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_has_a_case() {
    let covered: Vec<String> = cases()
        .iter()
        .flat_map(|c| c.expected.clone())
        .map(|e| e.split(':').next().unwrap_or_default().to_owned())
        .collect();
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| !COVERED_ELSEWHERE.contains(k))
        .map(|k| k.name())
        .filter(|name| !covered.iter().any(|c| c == name))
        .collect();
    assert!(missing.is_empty(), "no case for {missing:?}");
}

#[test]
fn fixed_rules_match_the_reported_impacts() {
    for case in cases() {
        let report = compat::compare_values(&case.old, &case.new);
        for change in &report.changes {
            if let compat::Rule::Fixed {
                consumer,
                producer,
                undecided,
            } = change.kind.rule()
            {
                assert_eq!(
                    (change.consumer, change.producer, change.undecided),
                    (consumer, producer, undecided),
                    "{}: {}",
                    case.name,
                    change.kind
                );
            }
        }
    }
}

#[test]
fn a_changed_recursive_ref_is_undecided() {
    let tree = |name: &str| {
        json!({
            "$defs": {name: {"type": "object", "properties": {"next": {"$ref": format!("#/$defs/{name}")}}}},
            "$ref": format!("#/$defs/{name}")
        })
    };
    let report = compare_files("recursive", &tree("node"), &tree("item"));
    let found: Vec<String> = report.changes.iter().map(brief).collect();
    assert_eq!(found, ["ref_changed:U"], "{}", report.render());
    assert_eq!(report.changes[0].pointer, "/next");
    let same = compare_files("recursive-same", &tree("node"), &tree("node"));
    assert!(same.changes.is_empty());
}

#[test]
fn a_schema_too_deep_to_compare_is_undecided() {
    let nest = |leaf: Value| (0..210).fold(leaf, |inner, _| json!({ "items": inner }));
    let report = compat::compare_values(
        &nest(json!({"type": "string"})),
        &nest(json!({"type": "integer"})),
    );
    let found: Vec<String> = report.changes.iter().map(brief).collect();
    assert_eq!(found, ["undecided:U"]);
    assert!(report.changes[0].pointer.starts_with("/*/*/*"));
}

/// Version 1 and 2 of an API: `Order` references `Line` in the same
/// document and `Customer` in another file.
fn openapi_fixture() -> (PathBuf, PathBuf) {
    let dir = scratch("openapi");
    let api = |line_qty: &str, order_extra: &str, status: &str| {
        format!(
            r##"openapi: 3.1.0
info: {{title: Shop, version: "1"}}
paths: {{}}
components:
  schemas:
    Order:
      type: object
      required: [id{order_extra}]
      properties:
        id: {{type: string, format: uuid}}
        status: {{type: string, enum: [{status}]}}
        lines:
          type: array
          items: {{$ref: "#/components/schemas/Line"}}
        customer:
          $ref: "common.yaml#/$defs/Customer"
          description: who ordered
        currency: {{type: string, pattern: "^[A-Z]{{3}}$"}}
    Line:
      type: object
      properties:
        sku: {{type: string}}
        qty: {line_qty}
"##
        )
    };
    write(
        &dir,
        "v1/api.yaml",
        &api("{type: integer, minimum: 1}", "", "open, paid"),
    );
    write(
        &dir,
        "v2/api.yaml",
        &api(
            "{type: number, exclusiveMinimum: 0}",
            ", currency",
            "open, paid, void",
        ),
    );
    let common = |email: &str| {
        format!(
            "$defs:\n  Customer:\n    type: object\n    properties:\n      name: {{type: string}}\n      email: {email}\n"
        )
    };
    write(
        &dir,
        "v1/common.yaml",
        &common("{type: string, format: email}"),
    );
    write(&dir, "v2/common.yaml", &common("{type: string}"));
    (dir.join("v1"), dir.join("v2"))
}

#[test]
fn openapi_31_components_compare_through_refs_across_files() {
    let (v1, v2) = openapi_fixture();
    let order = "api.yaml#/components/schemas/Order";
    let report = compat::compare(&load(order, &v1), &load(order, &v2));
    let found: Vec<(String, &str)> = report
        .changes
        .iter()
        .map(|c| (brief(c), c.pointer.as_str()))
        .collect();
    let expected = [
        ("property_became_required:P".to_owned(), "/currency"),
        ("enum_value_added:C".to_owned(), "/status"),
        ("type_widened:C".to_owned(), "/lines/*/qty"),
        ("minimum_loosened:C".to_owned(), "/lines/*/qty"),
        ("format_removed:C".to_owned(), "/customer/email"),
    ];
    for e in &expected {
        assert!(found.contains(e), "{e:?} not in {found:?}");
    }
    assert_eq!(found.len(), expected.len(), "{}", report.render());
    let qty = report
        .changes
        .iter()
        .find(|c| c.kind == Kind::TypeWidened)
        .expect("qty widened");
    assert!(qty.old.file.ends_with("api.yaml"), "{}", qty.old.file);
    assert_eq!(
        qty.old.pointer,
        "/components/schemas/Order/properties/lines/items/properties/qty/type"
    );
    assert!(report.is_breaking_for(Side::Consumer) && report.is_breaking_for(Side::Producer));

    // The `Line` component on its own.
    let line = "api.yaml#/components/schemas/Line";
    let report = compat::compare(&load(line, &v1), &load(line, &v2));
    let found: Vec<String> = report.changes.iter().map(brief).collect();
    assert_eq!(found, ["type_widened:C", "minimum_loosened:C"]);
    assert_eq!(report.changes[0].pointer, "/qty");
    // Unchanged versions have no changes.
    let same = compat::compare(&load(order, &v1), &load(order, &v1));
    assert_eq!(same, Report::default());
}

#[test]
fn openapi_30_nullable_is_nullability() {
    let dir = scratch("openapi30");
    let api = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        note: {{type: string{extra}}}\n        ref: {{$ref: '#/components/schemas/B'}}\n    B: {{type: integer}}\n"
        )
    };
    write(&dir, "old.yaml", &api(""));
    write(&dir, "new.yaml", &api(", nullable: true"));
    let report = compat::compare(
        &load("old.yaml#/components/schemas/A", &dir),
        &load("new.yaml#/components/schemas/A", &dir),
    );
    let found: Vec<(String, &str)> = report
        .changes
        .iter()
        .map(|c| (brief(c), c.pointer.as_str()))
        .collect();
    assert_eq!(found, [("nullable_added:C".to_owned(), "/note")]);
}

#[test]
fn draft4_and_2020_12_files_compare_by_meaning() {
    let dir = scratch("drafts");
    write(
        &dir,
        "d4.json",
        r#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
            "properties": {"price": {"type": "number", "minimum": 0, "exclusiveMinimum": true,
                                     "maximum": 100, "exclusiveMaximum": false},
                           "pair": {"type": "array", "items": [{"type": "string"}], "additionalItems": false}}}"#,
    );
    write(
        &dir,
        "d2020.json",
        r#"{"type": "object",
            "properties": {"price": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                           "pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": false}}}"#,
    );
    write(
        &dir,
        "d2020-tighter.json",
        r#"{"type": "object",
            "properties": {"price": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
                           "pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": false}}}"#,
    );
    let d4 = load("d4.json", &dir);
    assert_eq!(d4.draft(), jsonschema::Draft::Draft4);
    let report = compat::compare(&d4, &load("d2020.json", &dir));
    assert!(report.changes.is_empty(), "{}", report.render());
    let report = compat::compare(&d4, &load("d2020-tighter.json", &dir));
    let found: Vec<String> = report.changes.iter().map(brief).collect();
    assert_eq!(found, ["maximum_tightened:P"]);
    assert_eq!(
        report.changes[0].message,
        "maximum tightened from <= 100 to < 100"
    );
    assert_eq!(report.changes[0].old.pointer, "/properties/price/maximum");
    assert_eq!(
        report.changes[0].new.pointer,
        "/properties/price/exclusiveMaximum"
    );
}

#[test]
fn json_output_has_a_summary() {
    let report = compat::compare_values(
        &json!({"properties": {"a": {"type": "integer"}}}),
        &json!({"properties": {"a": {"type": "number"}}, "required": ["a"]}),
    );
    let doc = report.to_json();
    assert_eq!(
        doc["summary"],
        json!({"changes": 2, "breaking_for_consumers": 1, "breaking_for_producers": 1,
               "undecided": 0, "compatible": 0})
    );
    assert_eq!(doc["changes"][0]["pointer"], "/a");
}

#[test]
fn the_documentation_lists_every_kind_with_its_rule() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/compat.md");
    let doc = std::fs::read_to_string(path).expect("docs/compat.md exists");
    for kind in Kind::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", kind.name())))
            .unwrap_or_else(|| panic!("docs/compat.md has no row for `{kind}`"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (consumer, producer) = match kind.rule() {
            compat::Rule::Fixed {
                undecided: true, ..
            } => ("breaking (undecided)", "breaking (undecided)"),
            compat::Rule::Fixed {
                consumer, producer, ..
            } => (consumer.name(), producer.name()),
            compat::Rule::Computed => ("computed", "computed"),
        };
        assert!(
            cells.get(2).is_some_and(|c| c.starts_with(consumer))
                && cells.get(3).is_some_and(|c| c.starts_with(producer)),
            "docs/compat.md row for `{kind}` should say {consumer} / {producer}: {row}"
        );
    }
}
