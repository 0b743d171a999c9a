//! The JSONPath Compliance Test Suite (RFC 9535) against `path::query`.
//!
//! The suite is not copied into the project: it is read from
//! `$FERRY_JSONPATH_CTS`, or from `shared/jsonpath-cts/cts.json` beside the
//! repository. When neither exists the test says SKIPPED and passes.
//!
//! Every case must pass except those in [`KNOWN_FAILURES`], each with its
//! reason; a known failure that starts passing fails the test too, so the
//! list only shrinks.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use serde_json::Value;

/// Cases expected to fail: (case name, reason).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn suite_path() -> PathBuf {
    match std::env::var_os("FERRY_JSONPATH_CTS") {
        Some(path) => PathBuf::from(path),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/jsonpath-cts/cts.json")
        }
    }
}

/// JSON equality with numbers compared by value: the workspace keeps
/// number text (`arbitrary_precision`), so `1.0` and `1` differ as Values.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.as_str() == y.as_str()
                || matches!((x.as_f64(), y.as_f64()), (Some(p), Some(q)) if p == q)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

fn same_list(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| same(p, q))
}

/// Runs one case; `Err` says why it failed.
fn run_case(case: &Value) -> Result<(), String> {
    let selector = case["selector"].as_str().ok_or("case without a selector")?;
    let empty = Value::Null;
    let document = case.get("document").unwrap_or(&empty);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        ferry_engine::path::query(selector, document)
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("panicked: {message}")
    })?;
    if case["invalid_selector"] == Value::Bool(true) {
        return match outcome {
            Err(_) => Ok(()),
            Ok(nodes) => Err(format!("accepted an invalid selector, selected {nodes:?}")),
        };
    }
    let nodes = outcome.map_err(|d| format!("rejected a valid selector: {d}"))?;
    let allowed: Vec<&Vec<Value>> = match (case.get("result"), case.get("results")) {
        (Some(Value::Array(one)), _) => vec![one],
        (_, Some(Value::Array(several))) => several.iter().filter_map(Value::as_array).collect(),
        _ => return Err("case without an expected result".into()),
    };
    if allowed.iter().any(|expected| same_list(&nodes, expected)) {
        Ok(())
    } else {
        Err(format!(
            "selected {}, expected {}",
            Value::Array(nodes),
            serde_json::to_string(&allowed).unwrap_or_default()
        ))
    }
}

#[test]
fn compliance_test_suite() {
    let path = suite_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "SKIPPED: JSONPath CTS not found at {} (set FERRY_JSONPATH_CTS)",
            path.display()
        );
        return;
    };
    let suite: Value = serde_json::from_str(&text).expect("cts.json is valid JSON");
    let cases = suite["tests"].as_array().expect("cts.json has `tests`");

    // Parser stubs and bugs panic; keep the output to the failure list.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut passed = [0usize; 2];
    let mut total = [0usize; 2];
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let kind = usize::from(case["invalid_selector"] == Value::Bool(true));
        total[kind] += 1;
        let known = KNOWN_FAILURES.iter().any(|(n, _)| *n == name);
        match run_case(case) {
            Ok(()) => {
                passed[kind] += 1;
                if known {
                    fixed.push(name.to_string());
                }
            }
            Err(why) if !known => unexpected.push(format!(
                "{name} ({}): {why}",
                case["selector"].as_str().unwrap_or("?")
            )),
            Err(_) => {}
        }
    }
    std::panic::set_hook(hook);

    println!(
        "JSONPath CTS: {}/{} passed (valid {}/{}, invalid {}/{}), {} known failures",
        passed[0] + passed[1],
        total[0] + total[1],
        passed[0],
        total[0],
        passed[1],
        total[1],
        KNOWN_FAILURES.len()
    );
    for line in &unexpected {
        println!("FAIL {line}");
    }
    for name in &fixed {
        println!("FIXED (remove from KNOWN_FAILURES) {name}");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} unexpected failures, {} known failures now pass",
        unexpected.len(),
        fixed.len()
    );
}

#[test]
fn numbers_compare_by_value() {
    let a: Value = serde_json::from_str("[1, 1.0, {\"x\": 2e0}]").unwrap();
    let b: Value = serde_json::from_str("[1.0, 1, {\"x\": 2}]").unwrap();
    assert!(same(&a, &b));
    let c: Value = serde_json::from_str("[1, 1.5, {\"x\": 2}]").unwrap();
    assert!(!same(&a, &c));
}
