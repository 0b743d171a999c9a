//! `ferry compat OLD NEW`: the report on stdout, exit 1 when a change
//! breaks the `--side` chosen (either side by default), 0 otherwise, 2 when
//! a schema cannot be loaded or the arguments are wrong; `--format json`
//! output is valid against `docs/schemas/compat.schema.json`.

mod common;

use common::{ferry_in, files};
use ferry_engine::contract::compat::Kind;
use serde_json::Value;

const V1: &[u8] = br#"{"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string"},
    "status": {"enum": ["open", "paid"]},
    "lines": {"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer"}}}}
}}"#;
/// A new enum value and a deprecation: breaks consumers only.
const V2_CONSUMER: &[u8] = br#"{"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string", "deprecated": true},
    "status": {"enum": ["open", "paid", "void"]},
    "lines": {"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer"}}}}
}}"#;
/// `qty` gains a minimum: breaks producers only.
const V2_PRODUCER: &[u8] = br#"{"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string"},
    "status": {"enum": ["open", "paid"]},
    "lines": {"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer", "minimum": 1}}}}
}}"#;
const V2_INFO: &[u8] = br#"{"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string", "readOnly": true, "description": "the order"},
    "status": {"enum": ["open", "paid"], "default": "open"},
    "lines": {"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer"}}}}
}}"#;

fn fixture(name: &str) -> std::path::PathBuf {
    files(
        name,
        &[
            ("v1.json", V1),
            ("v2-consumer.json", V2_CONSUMER),
            ("v2-producer.json", V2_PRODUCER),
            ("v2-info.json", V2_INFO),
            ("broken.json", b"{\"type\": 12}"),
            ("remote.json", br#"{"$ref": "https://example.com/order.json"}"#),
            (
                "api.yaml",
                b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        line: {$ref: 'line.yaml'}\n",
            ),
            ("line.yaml", b"type: object\nproperties:\n  qty: {type: number}\n"),
            (
                "api2.yaml",
                b"openapi: 3.1.0\ninfo: {title: t, version: '2'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        line: {$ref: 'line2.yaml'}\n",
            ),
            (
                "line2.yaml",
                b"type: object\nrequired: [qty]\nproperties:\n  qty: {type: integer}\n",
            ),
        ],
    )
}

/// Runs `ferry compat --format json ARGS` in `dir`: the exit code and the
/// document, which must be the whole of stdout and valid against the
/// published schema.
fn compat_json(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["compat", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = ferry_in(dir, &all, "");
    assert_eq!(err, "", "nothing on stderr in JSON mode");
    assert!(out.ends_with('\n') && out.lines().count() == 1, "{out}");
    let doc: Value = serde_json::from_str(&out).expect("stdout is one JSON document");
    validate(&doc);
    (code, doc)
}

fn published_schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/schemas/compat.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the schema exists"))
        .expect("the schema is JSON")
}

fn validate(doc: &Value) {
    let schema = published_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .expect("the published schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{doc:#}");
}

fn kinds(doc: &Value) -> Vec<&str> {
    doc["changes"]
        .as_array()
        .expect("changes is an array")
        .iter()
        .map(|c| c["kind"].as_str().expect("kind is a string"))
        .collect()
}

#[test]
fn identical_versions_exit_zero_with_no_changes() {
    let dir = fixture("same");
    let (code, out, err) = ferry_in(&dir, &["compat", "v1.json", "v1.json"], "");
    assert_eq!((code, out.as_str(), err.as_str()), (0, "no changes\n", ""));
}

#[test]
fn informative_changes_exit_zero() {
    let dir = fixture("info");
    let (code, out, _) = ferry_in(&dir, &["compat", "v1.json", "v2-info.json"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("compatible  read_only_added  /id\n"), "{out}");
    assert!(out.contains("default_changed  /status"), "{out}");
    assert!(
        out.ends_with("\n2 changes: 0 breaking for consumers, 0 for producers\n"),
        "{out}"
    );
}

#[test]
fn a_break_for_either_side_exits_one_by_default() {
    let dir = fixture("default");
    let (code, out, err) = ferry_in(&dir, &["compat", "v1.json", "v2-consumer.json"], "");
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    assert!(
        out.contains(
            "breaks consumers  enum_value_added  /status\n    value \"void\" now allowed\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("    old: v1.json#/properties/status/enum\n"),
        "{out}"
    );
    let (code, out, _) = ferry_in(&dir, &["compat", "v1.json", "v2-producer.json"], "");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("breaks producers  minimum_tightened  /lines/*/qty\n"),
        "{out}"
    );
}

#[test]
fn side_chooses_whose_breaks_set_the_exit_status() {
    let dir = fixture("side");
    let run =
        |side: &str, new: &str| ferry_in(&dir, &["compat", "--side", side, "v1.json", new], "").0;
    assert_eq!(run("consumer", "v2-consumer.json"), 1);
    assert_eq!(run("producer", "v2-consumer.json"), 0);
    assert_eq!(run("both", "v2-consumer.json"), 1);
    assert_eq!(run("consumer", "v2-producer.json"), 0);
    assert_eq!(run("producer", "v2-producer.json"), 1);
    // Read backwards, a consumer break is a producer break.
    let back = ferry_in(
        &dir,
        &[
            "compat",
            "--side",
            "producer",
            "v2-consumer.json",
            "v1.json",
        ],
        "",
    );
    assert_eq!(back.0, 1, "{}", back.1);
}

#[test]
fn json_output_is_valid_and_says_what_breaks_whom() {
    let dir = fixture("json");
    let (code, doc) = compat_json(&dir, &["--side", "producer", "v1.json", "v2-consumer.json"]);
    assert_eq!(code, 0);
    assert_eq!(doc["side"], "producer");
    assert_eq!(doc["breaking"], false);
    assert_eq!(
        (&doc["old"], &doc["new"]),
        (&"v1.json".into(), &"v2-consumer.json".into())
    );
    assert_eq!(kinds(&doc), ["deprecated_added", "enum_value_added"]);
    let added = &doc["changes"][1];
    assert_eq!(added["pointer"], "/status");
    assert_eq!(
        (&added["consumer"], &added["producer"]),
        (&"breaking".into(), &"compatible".into())
    );
    assert_eq!(added["new"]["pointer"], "/properties/status/enum");
    assert_eq!(doc["summary"]["breaking_for_consumers"], 1);
    assert_eq!(doc["summary"]["compatible"], 1);

    let (code, doc) = compat_json(&dir, &["v1.json", "v2-producer.json"]);
    assert_eq!((code, &doc["breaking"]), (1, &Value::Bool(true)));
    assert_eq!(doc["changes"][0]["pointer"], "/lines/*/qty");
    let (code, doc) = compat_json(&dir, &["v1.json", "v1.json"]);
    assert_eq!((code, &doc["changes"]), (0, &Value::Array(Vec::new())));
}

#[test]
fn openapi_components_and_refs_to_other_files_compare() {
    let dir = fixture("openapi");
    let (v1, v2) = (
        "api.yaml#/components/schemas/Order",
        "api2.yaml#/components/schemas/Order",
    );
    let (code, doc) = compat_json(&dir, &[v1, v2]);
    assert_eq!(code, 1);
    let found: Vec<(&str, &str)> = doc["changes"]
        .as_array()
        .expect("changes is an array")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or(""),
                c["pointer"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("type_narrowed", "/line/qty"),
            ("property_became_required", "/line/qty")
        ]
    );
    assert_eq!(doc["changes"][0]["old"]["file"], "api.yaml");
    assert_eq!(
        doc["changes"][0]["old"]["pointer"],
        "/components/schemas/Order/properties/line/properties/qty/type"
    );
    // Both narrow: nothing breaks consumers.
    let (code, doc) = compat_json(&dir, &["--side", "consumer", v1, v2]);
    assert_eq!((code, &doc["breaking"]), (0, &Value::Bool(false)));
    let (code, doc) = compat_json(&dir, &[v1, v1]);
    assert_eq!((code, kinds(&doc).len()), (0, 0));
}

#[test]
fn unloadable_schemas_exit_two_with_the_schema_error() {
    let dir = fixture("unloadable");
    let (code, out, err) = ferry_in(&dir, &["compat", "v1.json", "missing.json"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error[E0303]: missing.json: cannot read"),
        "{err}"
    );
    let (code, _, err) = ferry_in(&dir, &["compat", "broken.json", "v1.json"], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[E0303]: broken.json#/type: not a valid schema"),
        "{err}"
    );
    let (code, _, err) = ferry_in(
        &dir,
        &["compat", "--format", "json", "v1.json", "remote.json"],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("error[E0304]: remote.json#"), "{err}");
    assert!(err.contains("  help: "), "{err}");
    let (code, _, err) = ferry_in(&dir, &["compat", "api.yaml", "v1.json"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("is an OpenAPI document: name one of its schemas"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = fixture("usage");
    assert_eq!(ferry_in(&dir, &["compat", "v1.json"], "").0, 2);
    assert_eq!(
        ferry_in(
            &dir,
            &["compat", "--side", "reader", "v1.json", "v1.json"],
            ""
        )
        .0,
        2
    );
    assert_eq!(
        ferry_in(
            &dir,
            &["compat", "--format", "xml", "v1.json", "v1.json"],
            ""
        )
        .0,
        2
    );
}

#[test]
fn the_schema_lists_every_kind() {
    let schema = published_schema();
    let listed: Vec<&str> = schema["$defs"]["kind"]["enum"]
        .as_array()
        .expect("kinds are an enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        listed, kinds,
        "docs/schemas/compat.schema.json lists other kinds"
    );
}
