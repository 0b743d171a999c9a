//! Contracts end to end: schemas loaded from files (JSON, YAML, OpenAPI
//! components, `$ref`s across files), validation on the library path and
//! the batch path with the same verdicts, sensitive values, the limits on
//! what an error lists, overrides, and the inferred schemas.

use std::path::{Path, PathBuf};

use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::compile::SchemaOverrides;
use ferry_engine::contract::{Schema, Validate};
use ferry_engine::format::InputFormat;
use ferry_engine::{Mapping, RunError};
use serde_json::{Value, json};

/// A fresh directory holding `files`.
fn dir_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-contracts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn compile(dir: &Path, text: &str) -> Result<Mapping, ferry_engine::Diagnostics> {
    std::fs::write(dir.join("m.map"), text).unwrap();
    Mapping::compile_file(dir.join("m.map"))
}

/// Runs NDJSON through the batch path; the failures.
fn batch_failures(mapping: &Mapping, input: &str) -> (String, Vec<RunError>) {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    batch::run(
        mapping,
        input.as_bytes(),
        InputFormat::Ndjson,
        BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        },
        &mut out,
        &mut |e: &RunError, _: &[u8]| failures.push(e.clone()),
    )
    .unwrap();
    (String::from_utf8(out).unwrap(), failures)
}

const OPENAPI: &str = r##"
openapi: 3.1.0
info: { title: Orders, version: "1" }
paths: {}
components:
  schemas:
    Order:
      type: object
      required: [id, lines]
      additionalProperties: false
      properties:
        id: { type: string, pattern: "^O-[0-9]+$" }
        email: { type: string, format: email }
        status: { enum: [paid, open] }
        lines:
          type: array
          items: { $ref: "#/components/schemas/Line" }
        card: { $ref: "common.json#/$defs/Card" }
    Line:
      type: object
      required: [qty]
      properties:
        qty: { type: integer, minimum: 0 }
        price: { $ref: "common.json#/$defs/Money" }
"##;

const COMMON: &str = r#"{
  "$defs": {
    "Money": { "type": "number", "minimum": 0, "multipleOf": 0.01 },
    "Card": { "type": "string", "x-sensitive": true, "pattern": "^[0-9]{16}$" }
  }
}"#;

fn orders_dir(name: &str) -> PathBuf {
    dir_with(name, &[("api.yaml", OPENAPI), ("common.json", COMMON)])
}

#[test]
fn an_openapi_component_with_refs_across_files_validates_records() {
    let dir = orders_dir("openapi");
    let schema = Schema::load("api.yaml#/components/schemas/Order", &dir).unwrap();
    let good = json!({"id": "O-1", "lines": [{"qty": 2, "price": 19.99}], "status": "paid"});
    assert!(schema.is_valid(&good), "{:?}", schema.violations(&good));
    let bad =
        json!({"id": "X", "email": "nope", "lines": [{"qty": -1, "price": 1.001}], "extra": 1});
    let found = schema.violations(&bad);
    let mut keywords: Vec<&str> = found.list.iter().map(|v| v.keyword.as_str()).collect();
    keywords.sort();
    assert_eq!(
        keywords,
        [
            "additionalProperties",
            "format",
            "minimum",
            "multipleOf",
            "pattern"
        ]
    );
    let minimum = found.list.iter().find(|v| v.keyword == "minimum").unwrap();
    assert_eq!(minimum.pointer, "/lines/0/qty");
    assert!(minimum.schema_file.ends_with("api.yaml"), "{minimum:?}");
    assert_eq!(
        minimum.schema_location,
        "/components/schemas/Line/properties/qty/minimum"
    );
    let money = found
        .list
        .iter()
        .find(|v| v.keyword == "multipleOf")
        .unwrap();
    assert!(money.schema_file.ends_with("common.json"), "{money:?}");
    assert_eq!(money.schema_location, "/$defs/Money/multipleOf");
}

#[test]
fn the_library_and_the_batch_path_report_the_same_violations() {
    let dir = orders_dir("paths");
    let mapping = compile(
        &dir,
        "input schema \"api.yaml#/components/schemas/Order\"\n{ id: $.id, n: len($.lines) }",
    )
    .unwrap();
    let records = [
        json!({"id": "O-1", "lines": []}),
        json!({"id": "O-2", "lines": [{"qty": 1.5}], "status": "void"}),
        json!({"lines": "x"}),
        serde_json::from_str(r#"{"id": "O-3", "lines": [{"qty": 1e400}]}"#).unwrap(),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    let (out, failures) = batch_failures(&mapping, &input);
    assert_eq!(out, "{\"id\":\"O-1\",\"n\":0}\n");
    assert_eq!(failures.len(), 3);
    for failure in &failures {
        let record = failure.info().record.unwrap() as usize;
        let library = mapping.apply(&records[record - 1]).unwrap_err();
        assert_eq!(library.code(), "E0408");
        assert_eq!(failure.info().violations, library.info().violations);
        assert_eq!(failure.message(), library.message());
    }
}

/// The batch path parses a validated record only as far as the mapping
/// and the schema read it; a violation that quotes a value still quotes
/// all of it, as the library path does.
#[test]
fn violations_quote_whole_values_though_records_are_parsed_in_part() {
    let dir = dir_with(
        "quoted",
        &[(
            "in.json",
            r#"{"properties": {"meta": {"type": "string"}, "tags": {"type": "array", "maxItems": 1}}}"#,
        )],
    );
    let mapping = compile(&dir, "input schema \"in.json\"\n{ id: $.id }").unwrap();
    let record = json!({"id": 1, "meta": {"deep": {"kept": [1, 2]}}, "tags": [{"a": 1}, {"b": 2}]});
    let (out, failures) = batch_failures(&mapping, &format!("{record}\n"));
    assert_eq!(out, "");
    let library = mapping.apply(&record).unwrap_err();
    assert_eq!(failures[0].info().violations, library.info().violations);
    assert!(
        failures[0].message().contains(r#"{"deep":{"kept":[1,2]}}"#),
        "{}",
        failures[0].message()
    );
}

#[test]
fn every_violation_is_counted_and_twenty_are_listed() {
    let dir = dir_with(
        "cap",
        &[(
            "s.json",
            r#"{"type": "array", "items": {"type": "integer"}}"#,
        )],
    );
    let schema = Schema::load("s.json", &dir).unwrap();
    let many: Vec<Value> = (0..50).map(|i| json!(format!("x{i}"))).collect();
    let found = schema.violations(&Value::Array(many));
    assert_eq!(found.total, 50);
    assert_eq!(found.list.len(), ferry_engine::contract::MAX_VIOLATIONS);
    let mapping = compile(&dir, "input schema \"s.json\"\n$").unwrap();
    let error = mapping.apply(&json!(["a", "b", 1, "c"])).unwrap_err();
    assert!(
        error.message().ends_with(", and 2 more violations"),
        "{error}"
    );
    let json = error.to_json();
    assert_eq!(json["violations_total"], 3);
    assert_eq!(json["violations"][0]["pointer"], "/0");
}

#[test]
fn sensitive_values_never_appear_in_errors() {
    let dir = orders_dir("secret");
    let mapping = compile(
        &dir,
        "input schema \"api.yaml#/components/schemas/Order\"\n{ id: $.id, kind: match $.card { \"0\" => 1 } }",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let secret = "4111111111111111";
    // Valid input: the engine's own type error must not echo the card.
    let engine = mapping
        .apply(&json!({"id": "O-1", "lines": [], "card": secret}))
        .unwrap_err();
    assert_eq!(engine.code(), "E0405");
    assert!(!engine.to_string().contains(secret), "{engine}");
    assert!(engine.message().contains("***"), "{engine}");
    // Invalid input: neither may the validation messages.
    let invalid = json!({"id": "bad", "lines": [], "card": "4111-1111"});
    let error = mapping.apply(&invalid).unwrap_err();
    assert_eq!(error.code(), "E0408");
    let text = format!("{error} {}", error.to_json());
    assert!(!text.contains("4111-1111"), "{text}");
    assert!(text.contains("/card: *** does not match"), "{text}");
    // The batch path masks the same way.
    let (_, failures) = batch_failures(&mapping, &format!("{invalid}\n"));
    assert!(!failures[0].to_json().to_string().contains("4111-1111"));
}

#[test]
fn validation_can_be_chosen_per_side() {
    let dir = dir_with(
        "sides",
        &[
            ("in.json", r#"{"required": ["id"]}"#),
            (
                "out.json",
                r#"{"properties": {"id": {"type": ["string", "null"]}}}"#,
            ),
        ],
    );
    let mapping = compile(
        &dir,
        "input schema \"in.json\"\noutput schema \"out.json\"\n{ id: $.id }",
    )
    .unwrap();
    let missing = json!({});
    let number = json!({"id": 7});
    assert_eq!(mapping.apply(&missing).unwrap_err().code(), "E0408");
    assert_eq!(mapping.apply(&number).unwrap_err().code(), "E0409");
    let output_only = mapping.with_validation(Validate::Output);
    assert_eq!(output_only.apply(&missing).unwrap(), json!({"id": null}));
    assert_eq!(output_only.apply(&number).unwrap_err().code(), "E0409");
    let none = output_only.with_validation(Validate::None);
    assert_eq!(none.apply(&number).unwrap(), json!({"id": 7}));
}

#[test]
fn an_output_violation_writes_nothing_on_the_batch_path() {
    let dir = dir_with(
        "out",
        &[("out.json", r#"{"properties": {"n": {"maximum": 10}}}"#)],
    );
    let mapping = compile(&dir, "output schema \"out.json\"\n{ n: $.n }").unwrap();
    let (out, failures) = batch_failures(&mapping, "{\"n\":1}\n{\"n\":11}\n{\"n\":2}\n");
    assert_eq!(out, "{\"n\":1}\n{\"n\":2}\n");
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].code(), "E0409");
    assert_eq!(failures[0].info().record, Some(2));
    assert_eq!(failures[0].info().pointer.as_deref(), Some("/n"));
}

#[test]
fn broken_schemas_are_compile_errors_naming_file_and_pointer() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "meta",
            r#"{"properties": {"a": {"type": "strang"}}}"#,
            "E0303",
            "/properties/a/type",
        ),
        ("json", "{not json", "E0303", "not valid JSON"),
        (
            "missing_ref",
            r#"{"$ref": "nowhere.json"}"#,
            "E0303",
            "does not exist",
        ),
        (
            "bad_pointer",
            r##"{"$ref": "#/$defs/none"}"##,
            "E0303",
            "$defs/none",
        ),
        (
            "remote",
            r#"{"items": {"$ref": "https://example.com/x.json"}}"#,
            "E0304",
            "s.json#/items/$ref",
        ),
        (
            "schema_uri",
            r#"{"$schema": "https://example.com/mine"}"#,
            "E0303",
            "unknown `$schema`",
        ),
    ];
    for (name, schema, code, needle) in cases {
        let dir = dir_with(name, &[("s.json", schema)]);
        let diags = compile(&dir, "input schema \"s.json\"\n$").unwrap_err();
        let d = diags.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(d.code, *code, "{name}: {}", d.message);
        assert!(d.message.contains(needle), "{name}: {}", d.message);
    }
    let dir = orders_dir("component");
    let diags = compile(&dir, "input schema \"api.yaml\"\n$").unwrap_err();
    let message = &diags.iter().next().unwrap().message;
    assert!(
        message.contains("api.yaml#/components/schemas/Order"),
        "{message}"
    );
}

#[test]
fn openapi_30_nullable_admits_null() {
    let dir = dir_with(
        "oas30",
        &[(
            "api.json",
            r#"{"openapi": "3.0.3", "components": {"schemas": {"A": {"type": "object", "properties": {"n": {"type": "integer", "nullable": true, "exclusiveMinimum": true, "minimum": 0}}}}}}"#,
        )],
    );
    let schema = Schema::load("api.json#/components/schemas/A", &dir).unwrap();
    assert!(schema.is_valid(&json!({"n": null})));
    assert!(schema.is_valid(&json!({"n": 1})));
    // Draft 4's boolean `exclusiveMinimum`.
    assert!(!schema.is_valid(&json!({"n": 0})));
}

#[test]
fn a_new_schema_version_is_checked_without_editing_the_mapping() {
    let dir = dir_with(
        "override",
        &[
            (
                "v1.json",
                r#"{"type": "object", "properties": {"qty": {"type": "number"}}}"#,
            ),
            (
                "v2.json",
                r#"{"type": "object", "properties": {"qty": {"type": "string"}}}"#,
            ),
        ],
    );
    std::fs::write(
        dir.join("m.map"),
        "input schema \"v1.json\"\n{ twice: $.qty * 2 }",
    )
    .unwrap();
    assert!(Mapping::compile_file(dir.join("m.map")).is_ok());
    let overrides = SchemaOverrides {
        input: Some(dir.join("v2.json").display().to_string()),
        output: None,
    };
    let diags = Mapping::compile_file_with(dir.join("m.map"), &overrides).unwrap_err();
    assert!(diags.iter().any(|d| d.code == "E0306"), "{diags:?}");
}

#[test]
fn the_inferred_schemas_describe_output_and_input_needs() {
    let dir = dir_with(
        "infer",
        &[(
            "in.json",
            r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}}"#,
        )],
    );
    let mapping = compile(
        &dir,
        "input schema \"in.json\"\n{ id: $.id, kind: if $.x then \"a\" else \"b\", n: $.qty * 2, tags: [for t in $.tags ?? [] => upper(t)], note?: $.note }",
    )
    .unwrap();
    let out = mapping.output_schema();
    assert_eq!(
        out["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(out["required"], json!(["id", "kind", "n", "tags"]));
    assert_eq!(out["additionalProperties"], false);
    assert_eq!(out["properties"]["id"], json!({"type": "string"}));
    assert_eq!(out["properties"]["kind"], json!({"enum": ["a", "b"]}));
    assert_eq!(out["properties"]["n"]["type"], "number");
    let needs = mapping.input_needs();
    assert_eq!(needs["required"], json!(["qty"]));
    assert_eq!(needs["properties"]["qty"]["type"], "number");
    assert!(needs["properties"]["tags"].is_object());
    // Stable: the same mapping gives the same documents.
    assert_eq!(mapping.output_schema(), out);
    assert_eq!(mapping.input_needs(), needs);
}

#[test]
fn outputs_proven_valid_at_compile_time_are_not_validated_again() {
    let dir = dir_with(
        "proof",
        &[
            (
                "in.json",
                r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "pattern": "^O-"}}}"#,
            ),
            (
                "out.json",
                r#"{"type": "object", "required": ["id", "kind"], "additionalProperties": false, "properties": {"id": {"type": "string", "pattern": "^O-"}, "kind": {"enum": ["order", "refund"]}, "n": {"type": "integer"}}}"#,
            ),
            (
                "loose.json",
                r#"{"type": "object", "properties": {"id": {"type": "string", "pattern": "^O-"}}}"#,
            ),
        ],
    );
    let proven = compile(
        &dir,
        "input schema \"in.json\"\noutput schema \"out.json\"\n{ id: $.id, kind: if $.r then \"refund\" else \"order\", n?: 2 * 3 }",
    )
    .unwrap();
    assert!(proven.output_proven());
    // The passed-through `id` is only known valid when the input is validated.
    assert!(!proven.with_validation(Validate::Output).output_proven());
    // A computed string against a `pattern` cannot be proven.
    let computed = compile(
        &dir,
        "input schema \"in.json\"\noutput schema \"loose.json\"\n{ id: lower($.id) }",
    )
    .unwrap();
    assert!(!computed.output_proven());
    assert_eq!(
        computed.apply(&json!({"id": "O-1"})).unwrap_err().code(),
        "E0409"
    );
}

#[test]
fn no_piece_of_a_sensitive_value_leaks_through_an_error_detail() {
    let dir = dir_with(
        "pieces",
        &[(
            "in.json",
            r#"{"type": "object", "properties": {"birth": {"type": "string", "x-sensitive": true}}}"#,
        )],
    );
    let mapping = compile(
        &dir,
        "input schema \"in.json\"\n{ d: parse_date($.birth, \"%d.%m.%Y\") }",
    )
    .unwrap();
    let error = mapping.apply(&json!({"birth": "31.02.1990"})).unwrap_err();
    // The message only: the file path in the full text holds the process id.
    let text = error.message().to_owned();
    for piece in ["31.02.1990", "1990", "02"] {
        assert!(!text.contains(piece), "{piece} in {text}");
    }
    assert!(text.contains("details withheld"), "{text}");
}

#[test]
fn draft_7_ignores_what_sits_beside_a_ref_and_so_does_the_checker() {
    let dir = dir_with(
        "siblings",
        &[(
            "in.json",
            r##"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"n": {"type": "integer"}}, "type": "object", "properties": {"a": {"$ref": "#/definitions/n", "maximum": 5}}}"##,
        )],
    );
    let schema = Schema::load("in.json", &dir).unwrap();
    assert!(schema.is_valid(&json!({"a": 10})));
    assert_eq!(
        schema.dereferenced()["properties"]["a"],
        json!({"type": "integer"})
    );
}

#[test]
fn members_beside_applicators_keep_their_required_and_types() {
    let dir = dir_with(
        "applicators",
        &[
            (
                "in.json",
                r#"{"type": "object", "required": ["created"], "properties": {"created": {"type": "integer"}}, "allOf": [{"required": ["kind"]}], "anyOf": [{"properties": {"extra": {"type": "string"}}}, {}]}"#,
            ),
            (
                "out.json",
                r#"{"type": "object", "properties": {"at": {"type": "string"}, "k": {"type": "number"}}}"#,
            ),
        ],
    );
    let mapping = compile(
        &dir,
        "input schema \"in.json\"\noutput schema \"out.json\"\n{ at: from_epoch($.created), k: $.created * 2, e: $.extra }",
    )
    .unwrap();
    assert!(mapping.warnings().is_empty(), "{:?}", mapping.warnings());
}

#[test]
fn only_what_the_proof_leaves_is_checked_and_a_failure_is_worded_by_the_whole_schema() {
    let dir = dir_with(
        "rest",
        &[
            (
                "in.json",
                r#"{"type": "object", "required": ["id", "code"], "properties": {"id": {"type": "string"}, "code": {"type": "string"}}}"#,
            ),
            (
                "out.json",
                r#"{"type": "object", "required": ["id", "code", "kind"], "additionalProperties": false, "properties": {"id": {"type": "string"}, "code": {"type": "string", "pattern": "^[A-Z]+$"}, "kind": {"enum": ["a", "b"]}}}"#,
            ),
        ],
    );
    let mapping = compile(
        &dir,
        "input schema \"in.json\"\noutput schema \"out.json\"\n{ id: $.id, code: upper($.code), kind: \"a\" }",
    )
    .unwrap();
    assert!(!mapping.output_proven());
    let input = "{\"id\":\"1\",\"code\":\"ab\"}\n{\"id\":\"2\",\"code\":\"a-b\"}\n";
    let (out, failures) = batch_failures(&mapping, input);
    assert_eq!(out, "{\"id\":\"1\",\"code\":\"AB\",\"kind\":\"a\"}\n");
    assert_eq!(failures.len(), 1);
    let v = &failures[0].info().violations[0];
    assert_eq!(
        (v.keyword.as_str(), v.schema_location.as_str()),
        ("pattern", "/properties/code/pattern")
    );
    let library = mapping
        .apply(&json!({"id": "2", "code": "a-b"}))
        .unwrap_err();
    assert_eq!(library.info().violations, failures[0].info().violations);
    assert_eq!(
        mapping.apply(&json!({"id": "1", "code": "ab"})).unwrap()["code"],
        "AB"
    );
}

#[test]
fn date_functions_give_their_formats_to_the_inferred_schema() {
    let mapping = Mapping::compile_str(
        "{ d: parse_date($.x, \"%d.%m.%Y\"), t: from_epoch($.s), f: format_date($.t, \"%Y-%m-%d\"), other: format_date($.t, \"%d/%m\") }",
    )
    .unwrap();
    let schema = mapping.output_schema();
    assert_eq!(schema["properties"]["d"]["format"], "date");
    assert_eq!(schema["properties"]["t"]["format"], "date-time");
    assert_eq!(schema["properties"]["f"]["format"], "date");
    assert!(schema["properties"]["other"].get("format").is_none());
}
