//! The JSONPath Compliance Test Suite, syntax half: `parse_query` accepts
//! every valid selector and rejects every invalid one. (Evaluation results
//! are checked by the engine's tests.)

use std::path::PathBuf;

/// Known failures: (selector, reason). Goal: empty.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn cts_path() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FERRY_JSONPATH_CTS") {
        return Some(PathBuf::from(p));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        "../../shared/jsonpath-cts/cts.json",
        "../shared/jsonpath-cts/cts.json",
        "../../../shared/jsonpath-cts/cts.json",
    ]
    .iter()
    .map(|rel| manifest.join(rel))
    .find(|p| p.exists())
}

#[test]
fn cts_selectors_are_accepted_or_rejected() {
    let Some(path) = cts_path() else {
        eprintln!(
            "SKIPPED: CTS not found at $FERRY_JSONPATH_CTS or ../../shared/jsonpath-cts/cts.json"
        );
        return;
    };
    let text = std::fs::read_to_string(&path).expect("CTS file is readable");
    let cts: serde_json::Value = serde_json::from_str(&text).expect("CTS file is JSON");
    let tests = cts["tests"].as_array().expect("CTS has a `tests` array");
    let (mut accepted, mut rejected, mut valid, mut invalid) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in tests {
        let name = case["name"].as_str().unwrap_or("?");
        let selector = case["selector"].as_str().unwrap_or("");
        let should_fail = case["invalid_selector"].as_bool().unwrap_or(false);
        let result = ferry_dsl::parse_query(selector);
        if should_fail {
            invalid += 1;
            match result {
                Err(_) => rejected += 1,
                Ok(_) => failures.push(format!("{name}: {selector:?} should be rejected")),
            }
        } else {
            valid += 1;
            match result {
                Ok(_) => accepted += 1,
                Err(e) => failures.push(format!("{name}: {selector:?} should be accepted: {e}")),
            }
        }
    }
    eprintln!(
        "CTS syntax: accepted {accepted}/{valid} valid, rejected {rejected}/{invalid} invalid"
    );
    failures.retain(|f| {
        !KNOWN_FAILURES
            .iter()
            .any(|(sel, _)| f.contains(&format!("{sel:?}")))
    });
    assert!(
        failures.is_empty(),
        "{} CTS failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
