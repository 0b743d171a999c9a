//! The hostile input corpus through the library: `batch::run` over NDJSON
//! bytes (the path `ferry run` and services share) and `Mapping::apply`
//! over `serde_json` values. For each item: the error code or the
//! documented behaviour (docs/faults.md, "Hostile input"), no panic, and
//! the accounting (records = outputs + failures). Each case runs on its
//! own thread and fails the test when it is not done in 60 s. The CLI
//! side, with the other formats, is `cli/tests/hostile.rs`.

use std::sync::mpsc;
use std::time::Duration;

use ferry_engine::Mapping;
use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::format::InputFormat;
use serde_json::{Value, json};

/// How long one case may take.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `work` on its own thread; fails the test when it panics or is not
/// done within [`TIME_LIMIT`] (the thread is left behind, the test fails).
fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(TIME_LIMIT) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("still running after {TIME_LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the case panicked"),
    }
}

/// What a batch run made of an input: the output text, each failure as
/// `record N: CODE…` (its display), and the accounting.
struct Batch {
    out: Vec<u8>,
    failures: Vec<String>,
    counts: (u64, u64, u64),
}

/// `mapping` over the NDJSON `input`, failures skipped.
fn batch(mapping: &str, input: Vec<u8>) -> Batch {
    let mapping = Mapping::compile_str(mapping).expect("the mapping compiles");
    bounded(move || {
        let mut out = Vec::new();
        let mut failures = Vec::new();
        let options = BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        };
        let report = batch::run(
            &mapping,
            &input,
            InputFormat::Ndjson,
            options,
            &mut out,
            &mut |e, _| failures.push(e.to_string()),
        )
        .expect("writing to memory does not fail");
        assert_eq!(report.records, report.outputs + report.failures);
        assert_eq!(report.failures as usize, failures.len());
        Batch {
            out,
            failures,
            counts: (report.records, report.outputs, report.failures),
        }
    })
}

/// One corpus item, one line: the mapping and the NDJSON input, then the
/// accounting (records, outputs, failures), and the output text (`out`)
/// or the start of each failure's display (`fail`).
macro_rules! hostile {
    ($name:ident: $mapping:expr, $input:expr => $counts:expr, out $out:expr) => {
        #[test]
        fn $name() {
            let run = batch($mapping, $input.to_vec());
            assert_eq!(run.counts, $counts, "{:?}", run.failures);
            assert_eq!(String::from_utf8_lossy(&run.out), $out);
        }
    };
    ($name:ident: $mapping:expr, $input:expr => $counts:expr, fail $($failure:expr),+) => {
        #[test]
        fn $name() {
            let run = batch($mapping, $input.to_vec());
            assert_eq!(run.counts, $counts, "{:?}", run.failures);
            let expected: &[&str] = &[$($failure),+];
            assert_eq!(run.failures.len(), expected.len(), "{:?}", run.failures);
            for (found, start) in run.failures.iter().zip(expected) {
                assert!(found.starts_with(start), "`{found}` does not start with `{start}`");
            }
        }
    };
}

/// Good records around `bad`: `{"n":1}`, `bad`, `{"n":3}`.
fn between(bad: &[u8]) -> Vec<u8> {
    [&b"{\"n\":1}\n"[..], bad, b"\n{\"n\":3}\n"].concat()
}

fn deep(n: usize) -> Vec<u8> {
    format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()
}

hostile!(nesting_100_000_deep_is_e0406: "$.n", between(&deep(100_000)) => (3, 2, 1),
    fail "record 2: E0406: invalid JSON: nesting depth 100000 exceeds the limit of 128");
hostile!(nesting_over_the_default_limit_says_how_to_raise_it: "$", deep(2000) => (1, 0, 1),
    fail "record 1: E0406: invalid JSON: nesting depth 2000 exceeds the limit of 128 (raise it with --max-depth");
hostile!(numbers_pass_through_as_written: "$",
    *b"{\"a\":1e400,\"b\":-0,\"c\":1E-7,\"d\":123456789012345678901234567890}\n" => (1, 1, 0),
    out "{\"a\":1e400,\"b\":-0,\"c\":1E-7,\"d\":123456789012345678901234567890}\n");
hostile!(arithmetic_on_1e400_is_e0403: "$.a * 1", *b"{\"a\":1e400}\n" => (1, 0, 1),
    fail "record 1: E0403 at /a: number 1e400 is out of range");
hostile!(invalid_utf8_is_e0406: "$.n", between(b"{\"s\":\"\xff\"}") => (3, 2, 1),
    fail "record 2: E0406: invalid UTF-8 or JSON");
hostile!(lone_surrogates_are_e0406: "$.n", [between(br#"{"s":"\ud800"}"#), between(br#"{"s":"\udfff"}"#)].concat() => (6, 4, 2),
    fail "record 2: E0406: invalid JSON: a lone UTF-16 surrogate", "record 5: E0406: invalid JSON: a lone UTF-16 surrogate");
hostile!(a_leading_bom_is_skipped: "$.n", *b"\xEF\xBB\xBF{\"n\":1}\n" => (1, 1, 0), out "1\n");
hostile!(a_raw_nul_is_e0406: "$.n", [between(b"{\"s\":\"\x00\"}"), between(b"\x00")].concat() => (6, 4, 2),
    fail "record 2: E0406: invalid JSON: control character", "record 5: E0406: invalid JSON: expected value");
hostile!(an_escaped_nul_is_a_character: "len($.s)", *b"{\"s\":\"\\u0000\"}\n" => (1, 1, 0), out "1\n");
hostile!(a_record_cut_short_at_the_end_is_e0406: "$.n", *b"{\"n\":1}\n{\"n\":" => (2, 1, 1),
    fail "record 2: E0406: invalid JSON: EOF while parsing a value");
hostile!(an_empty_input_is_zero_records: "$", *b"" => (0, 0, 0), out "");
hostile!(duplicate_keys_keep_the_last_value: "{ a: $.a, whole: $ }", *b"{\"a\":1,\"b\":0,\"a\":2}\n" => (1, 1, 0),
    out "{\"a\":2,\"whole\":{\"a\":2,\"b\":0}}\n");
hostile!(recursing_forever_is_e0503: "fn f(x) = f(x + 1)\nf(0)", *b"{}\n" => (1, 0, 1),
    fail "record 1: E0503: function calls nested deeper than 200");

#[test]
fn nesting_over_the_highest_limit_says_it_is_the_highest() {
    let mapping = Mapping::compile_str("$")
        .unwrap()
        .with_max_input_depth(1024);
    let found = bounded(move || {
        let mut failures = Vec::new();
        let input = deep(100_000);
        let options = BatchOptions::default();
        let on_failure = &mut |e: &ferry_engine::RunError, _: &[u8]| failures.push(e.to_string());
        batch::run(
            &mapping,
            &input,
            InputFormat::Ndjson,
            options,
            &mut Vec::new(),
            on_failure,
        )
        .unwrap();
        failures
    });
    assert_eq!(
        found,
        [
            "record 1: E0406: invalid JSON: nesting depth 100000 exceeds the limit of 1024 (the highest limit there is)"
        ]
    );
}

#[test]
fn a_100_mb_string_is_over_the_default_string_limit() {
    let mut input = b"{\"s\":\"".to_vec();
    input.extend(b"0123456789".iter().cycle().take(100_000_000));
    input.extend_from_slice(b"\"}\n");
    let run = batch("$", input.clone());
    assert_eq!(run.counts, (1, 0, 1));
    assert_eq!(
        run.failures,
        [
            "record 1: E0509 at /s: a string of 95.4 MiB is over the limit of 64 MiB (--max-string-bytes)"
        ]
    );
}

/// `mapping` applied to `input` through `Mapping::apply`, bounded.
fn apply(mapping: &str, input: Value) -> Result<Value, String> {
    let mapping = Mapping::compile_str(mapping).expect("the mapping compiles");
    bounded(move || {
        mapping
            .apply(&input)
            .map_err(|e| format!("{}: {}", e.code(), e.info().message))
    })
}

#[test]
fn duplicate_keys_parsed_by_serde_json_keep_the_last_value_too() {
    let input: Value = serde_json::from_str(r#"{"a":1,"b":0,"a":2}"#).unwrap();
    assert_eq!(apply("$", input), Ok(json!({"a": 2, "b": 0})));
}

#[test]
fn numbers_from_serde_json_keep_their_digits() {
    let input: Value = serde_json::from_str(r#"{"a":1e400,"b":-0,"c":1E-7}"#).unwrap();
    let out = apply("$", input.clone()).unwrap();
    // Digits and sign as written; the exponent as `serde_json` parsed it
    // (docs/numbers.md): the same text as the input value's.
    assert_eq!(out.to_string(), r#"{"a":1e+400,"b":-0,"c":1e-7}"#);
    assert_eq!(out.to_string(), input.to_string());
}

#[test]
fn a_regex_over_10_mb_runs_in_linear_time() {
    let input = json!({ "s": "ab".repeat(5_000_000) });
    let mapping = r#"{ all: matches($.s, "^(ab)+$"), never: matches($.s, "(a|b)*c"), n: len(regex_replace($.s, "a", "")) }"#;
    assert_eq!(
        apply(mapping, input),
        Ok(json!({"all": true, "never": false, "n": 5_000_000}))
    );
}

#[test]
fn recursing_forever_through_apply_is_e0503() {
    let found = apply("fn f(x) = f(x + 1)\nf(0)", json!({}));
    assert!(
        found.as_ref().is_err_and(|e| e.starts_with("E0503")),
        "{found:?}"
    );
}

#[test]
fn a_quadratic_string_is_stopped_by_a_budget() {
    // A million prepends, each copying the string so far: terabytes of
    // copying in megabytes of memory. (The exponential case is in the CLI
    // test only, where an address-space limit keeps it from taking the
    // machine's memory.)
    let found = apply(
        r#"reduce(range(0, 1000000), "", (acc, i) -> "${i}${acc}")"#,
        json!({}),
    );
    assert!(
        found
            .as_ref()
            .is_err_and(|e| e.starts_with("E0505") || e.starts_with("E0506")),
        "{found:?}"
    );
}

#[test]
fn a_table_file_of_1_gb_is_refused_by_its_size() {
    let dir = std::env::temp_dir().join(format!("ferry-hostile-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Sparse: 1 GB long, no disk used.
    let table = std::fs::File::create(dir.join("codes.csv")).unwrap();
    table.set_len(1 << 30).unwrap();
    let text = "table codes from \"codes.csv\"\n{ code: codes[$.c] }\n";
    let found = bounded(move || {
        Mapping::compile_named("m.map", text, &dir)
            .map(|_| ())
            .map_err(|d| d.iter().map(|d| d.code.to_string()).collect::<Vec<_>>())
    });
    assert_eq!(found, Err(vec!["E0510".to_owned()]));
}
