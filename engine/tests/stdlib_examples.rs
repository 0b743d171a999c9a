//! Every example in the stdlib's descriptors, run end to end through the
//! parser, compiler and executor; and `docs/stdlib.md` is the reference
//! generated from those descriptors (`FERRY_BLESS=1` rewrites it).

use ferry_engine::stdlib::{self, Outcome};
use ferry_engine::{Keys, Mapping};

#[test]
fn every_stdlib_example_runs_as_documented() {
    let mut failures = Vec::new();
    let mut count = 0;
    // The keys the examples are documented to run with (`hmac_sha256`).
    let keys = Keys::new().with("jefe", "Jefe");
    for def in stdlib::all() {
        for example in def.examples {
            count += 1;
            let input: serde_json::Value =
                serde_json::from_str(example.input).expect("example input is JSON");
            let actual = Mapping::compile_named_with_keys("<inline>", example.call, ".", &keys)
                .map_err(|d| {
                    d.iter()
                        .map(|d| d.code.to_owned())
                        .next()
                        .unwrap_or_default()
                })
                .and_then(|m| m.apply(&input).map_err(|e| e.code().to_owned()));
            let ok = match (&example.outcome, &actual) {
                (Outcome::Value(expected), Ok(value)) => {
                    let expected: serde_json::Value =
                        serde_json::from_str(expected).expect("expected value is JSON");
                    expected == *value
                }
                (Outcome::Error(code), Err(actual)) => code == actual,
                _ => false,
            };
            if !ok {
                let expected = match &example.outcome {
                    Outcome::Value(v) => format!("value {v}"),
                    Outcome::Error(c) => format!("error {c}"),
                };
                let actual = match &actual {
                    Ok(v) => format!("value {v}"),
                    Err(c) => format!("error {c}"),
                };
                failures.push(format!(
                    "{}: `{}` expected {expected}, got {actual}",
                    def.name, example.call
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count > 150, "only {count} examples");
}

#[test]
fn stdlib_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/stdlib.md");
    let generated = stdlib::reference_markdown();
    if std::env::var_os("FERRY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/stdlib.md is out of date: run `FERRY_BLESS=1 cargo test -p ferry-engine --test stdlib_examples`"
    );
}
