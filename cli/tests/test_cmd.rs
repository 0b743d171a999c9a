//! `ferry test`: a line per test, structural diffs by JSON Pointer under a
//! failure, a summary, exit 1 on any failure; golden cases beside a
//! mapping; `--coverage`; `--format json`.

mod common;

use common::{ferry_in, files, scratch};

const DOUBLE: &str = r#"{ total: $.n * 2, kind: if $.n > 10 then "big" else "small" }

test "doubles" { given { n: 1.25 } expect { total: 2.50, kind: "small" } }
test "refuses text" { given { n: "x" } expect error "E0401" }
"#;

/// Runs `ferry test ARGS` in `dir`; returns (exit code, stdout, stderr).
fn ferry_test(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    ferry_in(dir, &all, "")
}

#[test]
fn passing_tests_print_a_line_each_and_a_summary() {
    let dir = files("pass", &[("double.map", DOUBLE.as_bytes())]);
    assert_eq!(
        ferry_test(&dir, &["double.map"]),
        (
            0,
            "ok   double.map: test \"doubles\"\n\
             ok   double.map: test \"refuses text\"\n\
             2 passed, 0 failed\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn a_failure_shows_the_differences_by_json_pointer() {
    let map = r#"{ id: $.id, lines: [for l in $.lines => l * 2], extra: 1 }
test "lines" {
  given { id: "A", lines: [1, 2] }
  expect { id: "B", lines: [2, 4, 6], missing: null }
}
test "should fail" { given { id: "A" } expect error "E0401" }
test "wrong code" { given { id: "A", lines: ["x"] } expect error "E0404" }
"#;
    let dir = files("fail", &[("m.map", map.as_bytes())]);
    let (code, out, err) = ferry_test(&dir, &[]);
    assert_eq!((code, err.as_str()), (1, ""));
    let expected = "\
FAIL m.map: test \"lines\"
       at m.map:2
       /id: expected \"B\", got \"A\"
       /lines/2: missing (expected 6)
       /missing: missing (expected null)
       /extra: extra 1
FAIL m.map: test \"should fail\"
       at m.map:6
       expected error E0401, got output {\"id\":\"A\",\"lines\":[],\"extra\":1}
FAIL m.map: test \"wrong code\"
       at m.map:7
       expected error E0404, got E0401 at /lines/0: ";
    assert!(out.starts_with(expected), "{out}");
    assert!(out.ends_with("0 passed, 3 failed\n"), "{out}");
}

#[test]
fn numbers_compare_by_value_in_blocks_and_by_digits_in_golden_files() {
    let dir = files(
        "numbers",
        &[(
            "m.map",
            b"{ v: $.v * 1.0 }\ntest \"scale\" { given { v: 2 } expect { v: 2 } }\n",
        )],
    );
    std::fs::create_dir(dir.join("cases")).unwrap();
    std::fs::write(dir.join("cases/a.in.json"), r#"{"v": 2}"#).unwrap();
    std::fs::write(dir.join("cases/a.out.json"), r#"{"v": 2}"#).unwrap();
    // The directory is not named after the mapping, but it is the only one.
    let (code, out, _) = ferry_test(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("ok   m.map: test \"scale\""), "{out}");
    assert!(
        out.contains(
            "FAIL m.map: case a\n       input cases/a.in.json, expected cases/a.out.json\n       \
             /v: expected 2, got 2.0 (same value, other digits)\n"
        ),
        "{out}"
    );
}

#[test]
fn golden_cases_and_fixture_files_run_beside_the_mapping() {
    let dir = scratch("golden");
    let sub = dir.join("orders");
    std::fs::create_dir_all(sub.join("cases")).unwrap();
    std::fs::write(
        sub.join("orders.map"),
        "{ id: upper($.id) }\n\
         test \"from files\" { given file \"cases/x.in.json\" expect file \"fixtures/x.json\" }\n",
    )
    .unwrap();
    std::fs::create_dir_all(sub.join("fixtures")).unwrap();
    std::fs::write(sub.join("fixtures/x.json"), r#"{"id": "X"}"#).unwrap();
    std::fs::write(sub.join("cases/x.in.json"), r#"{"id": "x"}"#).unwrap();
    std::fs::write(sub.join("cases/ok.in.json"), r#"{"id": "a"}"#).unwrap();
    std::fs::write(sub.join("cases/ok.out.json"), r#"{"id": "A"}"#).unwrap();
    std::fs::write(sub.join("cases/bad.in.json"), r#"{"id": 1}"#).unwrap();
    std::fs::write(sub.join("cases/bad.err.txt"), "E0401\n").unwrap();
    // A library (no body) is not a mapping to test.
    std::fs::write(dir.join("lib.map"), "fn f(x) = x\n").unwrap();
    let (code, out, err) = ferry_test(&dir, &[]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ok   orders/orders.map: test \"from files\"\n\
             ok   orders/orders.map: case bad\n\
             ok   orders/orders.map: case ok\n\
             3 passed, 0 failed\n",
            ""
        )
    );
}

#[test]
fn a_mapping_that_does_not_compile_is_rendered_and_counted_as_failed() {
    let dir = files(
        "broken",
        &[
            ("bad.map", b"{ a: totl }\n" as &[u8]),
            ("good.map", DOUBLE.as_bytes()),
        ],
    );
    let (code, out, _) = ferry_test(&dir, &["."]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("FAIL bad.map: does not compile\nE0201\n"),
        "{out}"
    );
    assert!(out.contains("unknown variable `totl`"), "{out}");
    assert!(out.ends_with("2 passed, 1 failed\n"), "{out}");
}

#[test]
fn coverage_lists_what_no_test_exercised() {
    let map = r#"{
  size: match $.n { 0 => "none", 1..10 => "some", _ => "many" },
  note?: if $.n < 0 then "negative" else null,
}
test "some" { given { n: 3 } expect { size: "some" } }
"#;
    let dir = files("coverage", &[("c.map", map.as_bytes())]);
    let (code, out, _) = ferry_test(&dir, &["--coverage", "c.map"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "ok   c.map: test \"some\"\n  \
         not covered: c.map:2:26  match arm `0`\n  \
         not covered: c.map:2:56  match arm `_`\n  \
         not covered: c.map:3:10  optional field `note`\n  \
         not covered: c.map:3:26  `then` branch of `if $.n < 0`\n\
         coverage  42.9% (3 of 7) c.map\n\
         1 passed, 0 failed\n"
    );
}

#[test]
fn json_results_follow_the_schema_types() {
    let map = r#"{ v: $.v }
test "ok" { given { v: 1 } expect { v: 1 } }
test "bad" { given { v: 1 } expect { v: 2 } }
"#;
    let dir = files("json", &[("j.map", map.as_bytes())]);
    let (code, out, _) = ferry_test(&dir, &["--format", "json", "--coverage", "j.map"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let m = &v["mappings"][0];
    assert_eq!(m["file"], "j.map");
    assert_eq!(m["tests"][0]["origin"]["kind"], "block");
    assert_eq!(m["tests"][0]["origin"]["line"], 2);
    assert_eq!(m["tests"][1]["passed"], false);
    assert_eq!(
        m["tests"][1]["failure"],
        serde_json::json!({
            "kind": "differs",
            "differences": [{ "pointer": "/v", "change": "changed", "expected": 2, "actual": 1 }],
            "actual": { "v": 1 },
        })
    );
    assert_eq!(m["coverage"]["percent"], 100.0);
    let schema = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/schemas/test-results.schema.json"),
    )
    .expect("the schema is in docs/schemas");
    for name in [
        "TestOutcome",
        "TestFailure",
        "OutputDifference",
        "CoverageResults",
    ] {
        assert!(schema.contains(&format!("\"{name}\"")), "{name}");
    }
}

#[test]
fn a_missing_path_is_a_usage_error_and_help_has_examples() {
    let dir = scratch("usage");
    let (code, _, err) = ferry_test(&dir, &["nope"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "error: nope: no such file or directory\n")
    );
    let (code, _, err) = ferry_test(&dir, &[]);
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = ferry_test(&dir, &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Examples:\n  ferry test"), "{out}");
}

#[test]
fn the_example_mappings_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (code, out, err) = ferry_test(&root, &["mappings"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("ok   mappings/invoice/invoice.map: test \""),
        "{out}"
    );
    assert!(out.ends_with(" 0 failed\n"), "{out}");
}
