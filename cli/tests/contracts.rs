//! The contract commands: `ferry run --validate`, `ferry validate`,
//! `ferry schema` and `ferry check --input-schema`.

mod common;

use common::{ferry_in, files, read};

const ORDER: &[u8] = br#"{"type": "object", "required": ["id"], "properties": {
  "id": {"type": "string"}, "qty": {"type": "integer", "minimum": 0},
  "email": {"type": "string", "format": "email"}}}"#;
const ORDER_V2: &[u8] =
    br#"{"type": "object", "additionalProperties": false, "properties": {"id": {"type": "string"}}}"#;
const OUT: &[u8] =
    br#"{"type": "object", "properties": {"n": {"type": "integer", "maximum": 10}}}"#;
const MAP: &[u8] =
    b"input schema \"order.json\"\noutput schema \"out.json\"\n{ id: $.id, n: $.qty ?? 0 }\n";
const RECORDS: &[u8] = b"{\"id\":\"a\",\"qty\":1}\n{\"qty\":-1,\"email\":\"x\"}\n{\"id\":\"c\",\"qty\":11}\n{\"id\":\"d\"}\n";

fn fixture(name: &str) -> std::path::PathBuf {
    files(
        name,
        &[
            ("order.json", ORDER),
            ("order_v2.json", ORDER_V2),
            ("out.json", OUT),
            ("m.map", MAP),
            ("in.ndjson", RECORDS),
        ],
    )
}

#[test]
fn run_validates_both_sides_and_accounts_for_every_record() {
    let dir = fixture("contracts-run");
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "m.map",
            "in.ndjson",
            "--on-error",
            "skip",
            "--errors",
            "errors.ndjson",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "{\"id\":\"a\",\"n\":1}\n{\"id\":\"d\",\"n\":0}\n");
    assert!(
        err.contains("4 records read, 2 outputs, 2 failures"),
        "{err}"
    );
    let errors: Vec<serde_json::Value> = read(&dir, "errors.ndjson")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(errors[0]["code"], "E0408");
    assert_eq!(errors[0]["record"], 2);
    assert_eq!(errors[0]["violations_total"], 3);
    assert_eq!(errors[1]["code"], "E0409");
    assert_eq!(errors[1]["violations"][0]["keyword"], "maximum");
    assert_eq!(
        errors[1]["violations"][0]["schema_location"],
        "/properties/n/maximum"
    );

    let (code, out, _) = ferry_in(
        &dir,
        &[
            "run",
            "m.map",
            "in.ndjson",
            "--on-error",
            "skip",
            "--validate",
            "none",
        ],
        "",
    );
    assert_eq!((code, out.lines().count()), (0, 4));
    let (code, _, err) = ferry_in(
        &dir,
        &["run", "m.map", "in.ndjson", "--validate", "sideways"],
        "",
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn validate_checks_records_without_a_mapping() {
    let dir = fixture("contracts-validate");
    let (code, out, err) = ferry_in(
        &dir,
        &["validate", "order.json", "in.ndjson", "-o", "valid.ndjson"],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("record 2: E0408"), "{err}");
    assert!(
        err.contains("4 records read, 3 outputs, 1 failure"),
        "{err}"
    );
    assert_eq!(read(&dir, "valid.ndjson").lines().count(), 3);
    let (code, _, err) = ferry_in(&dir, &["validate", "order.json"], "{\"id\":\"x\"}\n");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = ferry_in(&dir, &["validate", "missing.json", "in.ndjson"], "");
    assert_eq!(code, 2);
    assert!(err.contains("E0303"), "{err}");
}

#[test]
fn schema_prints_the_inferred_output_and_input_needs() {
    let dir = fixture("contracts-schema");
    let (code, out, err) = ferry_in(&dir, &["schema", "m.map"], "");
    assert_eq!(code, 0, "{err}");
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["id", "n"]));
    assert_eq!(schema["properties"]["id"]["type"], "string");
    let (code, out, _) = ferry_in(&dir, &["schema", "--input", "m.map"], "");
    assert_eq!(code, 0);
    let needs: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(needs["properties"]["qty"].is_object(), "{needs}");
}

#[test]
fn check_reports_what_a_new_schema_version_breaks() {
    let dir = fixture("contracts-check");
    let (code, _, err) = ferry_in(&dir, &["check", "m.map"], "");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = ferry_in(
        &dir,
        &["check", "m.map", "--input-schema", "order_v2.json"],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0305") && err.contains("qty"), "{err}");
}
