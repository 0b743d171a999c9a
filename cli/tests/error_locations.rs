//! `ferry run` says where a failing value came from: `derived_from` in
//! `--errors` and in the message, for a value computed from the input;
//! `error(code, message, value)` and `required` with their pointers.

mod common;

use common::{ferry_in, files, read};
use serde_json::{Value, json};

const MAPPING: &[u8] = b"[for l in $.lines => {\n  at: parse_datetime(\"${l.date} ${l.time}\", \"%Y-%m-%d %H:%M\"),\n  sku: required(l.sku, \"each line needs a SKU\"),\n}]\n";

const RECORDS: &[u8] = b"{\"lines\":[{\"date\":\"2024-02-01\",\"time\":\"10:00\",\"sku\":\"A\"},{\"date\":\"2024-02-30\",\"time\":\"10:00\",\"sku\":\"B\"}]}\n{\"lines\":[{\"date\":\"2024-02-01\",\"time\":\"10:00\"}]}\n";

#[test]
fn errors_name_the_input_values_a_computed_value_came_from() {
    let dir = files(
        "error-locations",
        &[("m.map", MAPPING), ("in.ndjson", RECORDS)],
    );
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
    assert_eq!(out, "");
    let errors: Vec<Value> = read(&dir, "errors.ndjson")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["record"], 1);
    assert_eq!(errors[0]["code"], "E0404");
    assert_eq!(
        errors[0]["message"],
        "\"2024-02-30 10:00\" is not a valid date (February 2024 has 29 days)"
    );
    assert_eq!(
        errors[0]["derived_from"],
        json!(["/lines/1/date", "/lines/1/time"])
    );
    assert!(errors[0].get("pointer").is_none());
    assert_eq!(errors[1]["code"], "E0411");
    assert_eq!(errors[1]["pointer"], "/lines/0/sku");
    assert!(errors[1].get("derived_from").is_none());

    let (_, _, err) = ferry_in(
        &dir,
        &["run", "m.map", "in.ndjson", "--on-error", "skip"],
        "",
    );
    assert!(
        err.contains(
            "error: record 1: E0404 from /lines/1/date and /lines/1/time: \"2024-02-30 10:00\" is not a valid date (February 2024 has 29 days) (m.map:2:22)"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: record 2: E0411 at /lines/0/sku: each line needs a SKU (m.map:3:17)"),
        "{err}"
    );
}
