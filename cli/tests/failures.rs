//! Failing records in `ferry run`: malformed NDJSON lines and run-time
//! errors, `--on-error fail|skip`, `--errors FILE`, and the accounting
//! (every record is one output or one failure).

mod common;

use common::{ferry, ferry_in, files, read};
use serde_json::{Value, json};

const MAPPING: &[u8] = b"{ id: $.id,\n  name: lower($.n) }\n";

/// Seven records; lines 2 to 6 fail: truncated, trailing garbage, invalid
/// UTF-8, a lone `}`, and a number where `lower` wants a string.
const MIXED: &[u8] = b"{\"id\":1,\"n\":\"A\"}\n{\"id\":2,\"n\":\n{\"id\":3,\"n\":\"C\"} x\n\xff\xfe\n}\n{\"id\":6,\"n\":3}\n{\"id\":7,\"n\":\"G\"}\n";

const MIXED_STDERR: &str = "\
error: record 2: E0406: invalid JSON: EOF while parsing a value at line 1 column 12
error: record 3: E0406: invalid JSON: trailing characters at line 1 column 18
error: record 4: E0406: invalid UTF-8 or JSON: expected value at line 1 column 1
error: record 5: E0406: invalid JSON: expected value at line 1 column 1
error: record 6: E0401 at /n: expected a string, got number 3 (m.map:2:15)
ferry: 7 records read, 2 outputs, 5 failures
";

fn fixture(name: &str) -> std::path::PathBuf {
    files(name, &[("m.map", MAPPING), ("mixed.ndjson", MIXED)])
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("`{l}` is not JSON: {e}")))
        .collect()
}

#[test]
fn skip_outputs_every_good_record_and_reports_each_bad_line() {
    let dir = fixture("skip");
    let (code, out, err) = ferry_in(
        &dir,
        &["run", "m.map", "mixed.ndjson", "--on-error", "skip"],
        "",
    );
    assert_eq!(code, 1, "failures make the exit code 1 even when skipped");
    assert_eq!(
        out,
        "{\"id\":1,\"name\":\"a\"}\n{\"id\":7,\"name\":\"g\"}\n"
    );
    assert_eq!(err, MIXED_STDERR);
}

#[test]
fn malformed_lines_fail_alone_on_stdin_too() {
    let dir = fixture("skip-stdin");
    let (code, out, err) = ferry_in(&dir, &["run", "m.map", "--on-error", "skip"], MIXED);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "{\"id\":1,\"name\":\"a\"}\n{\"id\":7,\"name\":\"g\"}\n",
            MIXED_STDERR
        )
    );
}

#[test]
fn each_kind_of_malformed_line_is_one_e0406_failure_with_its_line_number() {
    let good = "{\"n\":1}";
    for bad in [
        &b"{\"n\":"[..],
        b"{\"n\":1} x",
        b"{\"n\":1}{\"n\":2}",
        b"\xff\xfe",
        b"{\"n\":\"\xff\"}",
        b"}",
        b"]",
        b"nul",
        b"'single'",
    ] {
        let mut input = format!("{good}\n\n{good}\n").into_bytes();
        input.extend_from_slice(bad);
        input.extend_from_slice(format!("\n{good}\n").as_bytes());
        let (code, out, err) = ferry(&["run", "-e", "$.n", "--on-error", "skip"], &input);
        let shown = String::from_utf8_lossy(bad);
        assert_eq!((code, out.as_str()), (1, "1\n1\n1\n"), "line `{shown}`");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines.len(),
            2,
            "one failure and the summary for `{shown}`: {err}"
        );
        assert!(
            lines[0].starts_with("error: record 4: E0406: invalid"),
            "`{shown}`: {err}"
        );
        assert_eq!(lines[1], "ferry: 4 records read, 3 outputs, 1 failure");
    }
}

#[test]
fn fail_stops_at_the_first_failure_after_writing_all_earlier_outputs() {
    let dir = fixture("fail");
    let expected_err = "\
error: record 2: E0406: invalid JSON: EOF while parsing a value at line 1 column 12
ferry: 2 records read, 1 output, 1 failure (stopped at the first failure; --on-error skip goes on)
";
    for args in [
        &["run", "m.map", "mixed.ndjson"][..],
        &["run", "m.map", "mixed.ndjson", "--on-error", "fail"],
    ] {
        let (code, out, err) = ferry_in(&dir, args, "");
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (1, "{\"id\":1,\"name\":\"a\"}\n", expected_err)
        );
    }
}

#[test]
fn fail_writes_every_output_before_a_late_failure() {
    // The failure sits in the second parallel chunk (4096 records each).
    let mut input: String = (1..5000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    input.push_str("{\"n\":\"x\"}\n{\"n\":1}\n");
    let expected: String = (1..5000).map(|i| format!("{}\n", i * 2)).collect();
    let dir = files("late", &[]);
    let (code, out, err) = ferry_in(&dir, &["run", "-e", "$.n * 2", "-o", "out.ndjson"], input);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        read(&dir, "out.ndjson") == expected,
        "all 4999 earlier outputs are in the file"
    );
    assert_eq!(
        err,
        "error: record 5000: E0401 at /n: cannot apply `*` to string \"x\" and number 2 (<expr>:1:1)\n\
         ferry: 5000 records read, 4999 outputs, 1 failure (stopped at the first failure; --on-error skip goes on)\n"
    );
}

#[test]
fn errors_file_holds_one_json_line_per_failure() {
    let dir = fixture("errors-file");
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "m.map",
            "mixed.ndjson",
            "--on-error",
            "skip",
            "--errors",
            "errors.ndjson",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 2);
    assert_eq!(
        err, "ferry: 7 records read, 2 outputs, 5 failures\n",
        "failures go to the file only"
    );
    let failures = json_lines(&read(&dir, "errors.ndjson"));
    assert_eq!(
        failures,
        [
            json!({"record": 2, "code": "E0406", "message": "invalid JSON: EOF while parsing a value at line 1 column 12"}),
            json!({"record": 3, "code": "E0406", "message": "invalid JSON: trailing characters at line 1 column 18"}),
            json!({"record": 4, "code": "E0406", "message": "invalid UTF-8 or JSON: expected value at line 1 column 1"}),
            json!({"record": 5, "code": "E0406", "message": "invalid JSON: expected value at line 1 column 1"}),
            json!({"record": 6, "code": "E0401", "message": "expected a string, got number 3",
                   "pointer": "/n", "file": "m.map", "line": 2, "column": 15}),
        ]
    );
}

#[test]
fn errors_file_with_fail_holds_the_one_failure() {
    let dir = fixture("errors-fail");
    let (code, out, _) = ferry_in(
        &dir,
        &["run", "m.map", "mixed.ndjson", "--errors", "e.ndjson"],
        "",
    );
    assert_eq!((code, out.lines().count()), (1, 1));
    let failures = json_lines(&read(&dir, "e.ndjson"));
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0]["record"], 2);
    assert_eq!(failures[0]["code"], "E0406");
}

#[test]
fn errors_file_is_empty_when_nothing_fails() {
    let dir = files("errors-none", &[("m.map", MAPPING)]);
    let (code, out, err) = ferry_in(
        &dir,
        &["run", "m.map", "--errors", "e.ndjson"],
        "{\"id\":1,\"n\":\"A\"}\n{\"id\":2,\"n\":\"B\"}\n",
    );
    // A batch always ends with its accounting on stderr, failures or not.
    assert_eq!(
        (code, out.lines().count(), err.as_str()),
        (0, 2, "ferry: 2 records read, 2 outputs, 0 failures\n")
    );
    assert_eq!(read(&dir, "e.ndjson"), "");
}

#[test]
fn with_skip_records_in_equal_outputs_plus_failures() {
    // Every third record is malformed, every fifth has the wrong type.
    let mut input = String::new();
    for i in 1..=300 {
        match (i % 3, i % 5) {
            (0, _) => input.push_str("{\"n\": \n"),
            (_, 0) => input.push_str(&format!("{{\"n\":{i}}}\n")),
            _ => input.push_str(&format!("{{\"n\":\"s{i}\"}}\n")),
        }
        if i % 7 == 0 {
            input.push('\n');
        }
    }
    let dir = files("invariant", &[]);
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "upper($.n)",
            "--on-error",
            "skip",
            "--errors",
            "e.ndjson",
        ],
        input,
    );
    let outputs = out.lines().count();
    let failures = json_lines(&read(&dir, "e.ndjson"));
    assert_eq!(code, 1);
    assert_eq!(outputs + failures.len(), 300);
    assert_eq!(
        failures.len(),
        100 + 60 - 20,
        "multiples of 3, plus those of 5 but not of 15"
    );
    assert_eq!(
        err,
        format!(
            "ferry: 300 records read, {outputs} outputs, {} failures\n",
            failures.len()
        )
    );
    // Failure record numbers are line numbers: they count blank lines too.
    let numbers: Vec<u64> = failures
        .iter()
        .map(|f| f["record"].as_u64().unwrap())
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "failures come in input order"
    );
    assert_eq!(numbers[0], 3);
    assert!(
        *numbers.last().unwrap() > 300,
        "blank lines shift the line numbers"
    );
}

#[test]
fn a_type_error_reports_code_pointer_and_mapping_location() {
    let dir = files("type-error", &[("m.map", MAPPING)]);
    let (code, out, err) = ferry_in(&dir, &["run", "m.map"], "{\"id\":1,\"n\":42}");
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: record 1: E0401 at /n: expected a string, got number 42 (m.map:2:15)\n\
         ferry: 1 record read, 0 outputs, 1 failure (stopped at the first failure; --on-error skip goes on)\n"
    );
}

#[test]
fn pointers_escape_keys_and_index_arrays() {
    let (code, _, err) = ferry(
        &["run", "-e", "[for x in $[\"a/b\"] => lower(x.c)]"],
        r#"{"a/b": [{"c": "X"}, {"c": 5}]}"#,
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "error: record 1: E0401 at /a~1b/1/c: expected a string, got number 5 (<expr>:1:29)\n"
        ),
        "{err}"
    );
}

#[test]
fn an_error_about_the_whole_record_says_so() {
    let (code, _, err) = ferry(&["run", "-e", "lower($)"], "7");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: record 1: E0401 at the record: expected a string"),
        "{err}"
    );
}

#[test]
fn inline_mapping_errors_name_expr_as_the_file() {
    let dir = files("inline-errors", &[]);
    let (code, _, _) = ferry_in(
        &dir,
        &["run", "-e", "{\n  a: 1 / $.z }", "--errors", "e.ndjson"],
        "{\"z\":0}",
    );
    assert_eq!(code, 1);
    let failure = &json_lines(&read(&dir, "e.ndjson"))[0];
    assert_eq!(failure["code"], "E0402");
    assert_eq!(
        (failure["file"].as_str(), failure["line"].as_u64()),
        (Some("<expr>"), Some(2))
    );
}

#[test]
fn a_single_document_that_is_not_json_is_record_1() {
    let dir = files(
        "bad-doc",
        &[("m.map", MAPPING), ("bad.json", b"{\n  \"id\": 1,\n")],
    );
    let (code, out, err) = ferry_in(
        &dir,
        &["run", "m.map", "bad.json", "--errors", "e.ndjson"],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "ferry: 1 record read, 0 outputs, 1 failure (stopped at the first failure; --on-error skip goes on)\n"
    );
    let failure = &json_lines(&read(&dir, "e.ndjson"))[0];
    assert_eq!(
        (failure["record"].as_u64(), failure["code"].as_str()),
        (Some(1), Some("E0406"))
    );
}

#[test]
fn a_boolean_culprit_has_a_pointer_too() {
    let (code, _, err) = ferry(&["run", "-e", "lower($.a[0].c)"], r#"{"a": [{"c": true}]}"#);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: record 1: E0401 at /a/0/c: "),
        "{err}"
    );
}

#[test]
fn records_nested_deeper_than_max_depth_fail_naming_both_numbers() {
    let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
    let input = format!("{}\n{}\n", nested(128), nested(129));
    let dir = files(
        "max_depth",
        &[("m.map", b"len($)\n"), ("deep.ndjson", input.as_bytes())],
    );
    let args = ["run", "m.map", "deep.ndjson", "--on-error", "skip"];
    let (_, out, err) = ferry_in(&dir, &args, "");
    assert_eq!(out, "1\n");
    assert!(
        err.contains("record 2: E0406: invalid JSON: nesting depth 129 exceeds the limit of 128"),
        "{err}"
    );
    let (code, out, _) = ferry_in(&dir, &[&args[..], &["--max-depth", "129"]].concat(), "");
    assert_eq!((code, out.as_str()), (0, "1\n1\n"));
    let (_, _, err) = ferry_in(&dir, &[&args[..], &["--max-depth", "100"]].concat(), "");
    assert!(
        err.contains("record 1: E0406: invalid JSON: nesting depth 128 exceeds the limit of 100"),
        "{err}"
    );
}
