//! Golden tests: every example mapping under `mappings/` runs over its cases.
//!
//! Layout: `mappings/<name>/<name>.map` beside `cases/<case>.in.json` and
//! either `<case>.out.json` (the exact expected output) or `<case>.err.txt`
//! (the run must fail: the error code on the first line, then optional lines
//! that must each appear in the rendered error). A directory without a
//! `<name>.map` uses its only `.map` file when it has `cases/`
//! (`bench/orders.map`); without cases it is a library of shared code
//! (`common/`) and is skipped. A `<name>.map` without cases is an error.
//!
//! Expected outputs compare as parsed JSON values, and the workspace's
//! `arbitrary_precision` makes that exact: `1.10` and `1.1` differ, so an
//! expected file states the digits Ferry must print.
//!
//! `FERRY_BLESS=1 cargo test -p ferry-engine --test golden_mappings`
//! rewrites each `.out.json` whose value differs (or that is missing) from
//! the actual output, pretty-printed; review the diff like code, since a
//! blessed engine bug is a bug hidden.
//!
//! A second test runs `mappings/bench/orders.map` over the peer benchmark's
//! examples (`../shared/peer-bench/examples/`), when both exist.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ferry_engine::Mapping;
use rust_decimal::Decimal;
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("engine sits inside the workspace")
        .to_path_buf()
}

fn blessing() -> bool {
    std::env::var_os("FERRY_BLESS").is_some_and(|v| v != "0" && !v.is_empty())
}

/// The sorted entries of a directory.
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    paths.sort();
    paths
}

/// What one case expects.
enum Expect {
    Output(PathBuf),
    Failure(PathBuf),
}

/// One case: its name, input file and expectation.
struct Case {
    name: String,
    input: PathBuf,
    expect: Expect,
}

/// The cases in `cases/`, or a description of what is malformed there.
fn cases_of(dir: &Path, problems: &mut Vec<String>) -> Vec<Case> {
    let cases_dir = dir.join("cases");
    if !cases_dir.is_dir() {
        problems.push(format!(
            "{}: mapping without a cases/ directory",
            dir.display()
        ));
        return Vec::new();
    }
    let mut cases = Vec::new();
    for path in sorted_entries(&cases_dir) {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if let Some(name) = file.strip_suffix(".in.json") {
            let out = cases_dir.join(format!("{name}.out.json"));
            let err = cases_dir.join(format!("{name}.err.txt"));
            let expect = match (out.is_file(), err.is_file()) {
                (true, false) => Expect::Output(out),
                (false, true) => Expect::Failure(err),
                (true, true) => {
                    problems.push(format!("{}: both .out.json and .err.txt", path.display()));
                    continue;
                }
                (false, false) if blessing() => Expect::Output(out),
                (false, false) => {
                    problems.push(format!("{}: no .out.json nor .err.txt", path.display()));
                    continue;
                }
            };
            cases.push(Case {
                name: name.to_owned(),
                input: path,
                expect,
            });
        } else if let Some(name) = file
            .strip_suffix(".out.json")
            .or_else(|| file.strip_suffix(".err.txt"))
        {
            if !cases_dir.join(format!("{name}.in.json")).is_file() {
                problems.push(format!("{}: no matching {name}.in.json", path.display()));
            }
        } else {
            problems.push(format!("{}: not part of a case", path.display()));
        }
    }
    if cases.is_empty() {
        problems.push(format!("{}: no cases", cases_dir.display()));
    }
    cases
}

/// The JSON Pointers where two values differ (at most a few), for the report.
fn differences(expected: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    if out.len() >= 8 {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let here = format!("{at}/{k}");
                match a.get(k) {
                    Some(av) => differences(ev, av, &here, out),
                    None => out.push(format!("{here}: missing (expected {ev})")),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    out.push(format!("{at}/{k}: unexpected {av}"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{at}/{i}"), out);
            }
        }
        _ if expected != actual => {
            let at = if at.is_empty() { "(root)" } else { at };
            out.push(format!("{at}: expected {expected}, got {actual}"));
        }
        _ => {}
    }
}

fn pretty(v: &Value) -> String {
    // Infallible: a Value always serialises.
    let mut text = serde_json::to_string_pretty(v).expect("serialise a Value");
    text.push('\n');
    text
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))
}

/// Runs one case; `Err` describes the failure.
fn run_case(mapping: &Mapping, case: &Case) -> Result<(), String> {
    let input = read_json(&case.input).map_err(|e| format!("input {e}"))?;
    let result = mapping.apply(&input);
    match &case.expect {
        Expect::Output(path) => {
            let actual = match result {
                Ok(v) => v,
                Err(e) => return Err(format!("expected an output, got error: {e}")),
            };
            let expected = read_json(path);
            if expected.as_ref().is_ok_and(|e| *e == actual) {
                return Ok(());
            }
            if blessing() {
                // Only files whose value changed are rewritten, so the diff
                // to review is the behaviour change, not reformatting.
                fs::write(path, pretty(&actual)).map_err(|e| format!("cannot bless: {e}"))?;
                return Ok(());
            }
            let expected = expected.map_err(|e| format!("expected output {e}"))?;
            let mut diffs = Vec::new();
            differences(&expected, &actual, "", &mut diffs);
            let mut report = String::from("output differs:\n");
            for d in diffs {
                let _ = writeln!(report, "      {d}");
            }
            let _ = write!(report, "    actual output:\n{}", indent(&pretty(&actual)));
            Err(report)
        }
        Expect::Failure(path) => {
            let text =
                fs::read_to_string(path).map_err(|e| format!("cannot read .err.txt: {e}"))?;
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let code = lines
                .next()
                .ok_or("empty .err.txt: the first line is the code")?;
            let error = match result {
                Ok(v) => return Err(format!("expected error {code}, got output {v}")),
                Err(e) => e,
            };
            if error.code() != code {
                return Err(format!("expected error {code}, got: {error}"));
            }
            let rendered = error.to_string();
            let missing: Vec<&str> = lines.filter(|l| !rendered.contains(l)).collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!("error {rendered}\n      lacks: {missing:?}"))
            }
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("      {l}\n")).collect()
}

/// The mapping a directory holds: `<dir>.map`, or else the only `.map`
/// file beside a `cases/` directory (`bench/orders.map`). `None` for a
/// library: `.map` files without cases.
fn mapping_file(dir: &Path, name: &str, problems: &mut Vec<String>) -> Option<PathBuf> {
    let named = dir.join(format!("{name}.map"));
    if named.is_file() {
        return Some(named);
    }
    if !dir.join("cases").is_dir() {
        return None;
    }
    let maps: Vec<PathBuf> = sorted_entries(dir)
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "map"))
        .collect();
    match maps.as_slice() {
        [only] => Some(only.clone()),
        _ => {
            problems.push(format!(
                "{}: cases/ but no {name}.map (and not exactly one other .map file)",
                dir.display()
            ));
            None
        }
    }
}

#[test]
fn every_mapping_gives_its_expected_outputs() {
    let root = workspace().join("mappings");
    let mut problems = Vec::new();
    let mut passed = 0usize;
    let mut mappings = 0usize;
    for dir in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let Some(map_file) = mapping_file(&dir, &name, &mut problems) else {
            // A library of shared code, `use`d by mappings: nothing to run.
            continue;
        };
        mappings += 1;
        let cases = cases_of(&dir, &mut problems);
        let mapping = match Mapping::compile_file(&map_file) {
            Ok(m) => m,
            Err(diagnostics) => {
                problems.push(format!("{name}: does not compile:\n{diagnostics:?}"));
                continue;
            }
        };
        if !mapping.warnings().is_empty() {
            // Example mappings should compile cleanly: a warning is a problem.
            problems.push(format!(
                "{name}: compiles with warnings:\n{:?}",
                mapping.warnings()
            ));
        }
        for case in &cases {
            match run_case(&mapping, case) {
                Ok(()) => passed += 1,
                Err(why) => problems.push(format!("{name}/{}: {why}", case.name)),
            }
        }
    }
    assert!(mappings > 0, "no mappings found under {}", root.display());
    eprintln!("golden mappings: {mappings} mappings, {passed} cases passed");
    if !problems.is_empty() {
        panic!(
            "{} golden problem(s):\n\n{}",
            problems.len(),
            problems.join("\n\n")
        );
    }
}

/// Numbers equal by value (`1.10` = `1.1`, `2` = `2.0`), as the peer
/// benchmark's `compare.py` judges them; everything else exactly.
fn same_numerically(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.to_string(), y.to_string());
            match (decimal(&x), decimal(&y)) {
                (Some(x), Some(y)) => x == y,
                _ => match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
                    _ => false,
                },
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_numerically(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_numerically(v, w)))
        }
        _ => a == b,
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

#[test]
fn bench_orders_mapping_matches_the_peer_reference() {
    let mapping_file = workspace().join("mappings/bench/orders.map");
    let examples = workspace().join("../shared/peer-bench/examples");
    let (input, expected) = (
        examples.join("input.ndjson"),
        examples.join("expected.ndjson"),
    );
    if !mapping_file.is_file() || !input.is_file() || !expected.is_file() {
        eprintln!(
            "SKIPPED: needs {} and {}/{{input,expected}}.ndjson",
            mapping_file.display(),
            examples.display()
        );
        return;
    }
    let mapping = Mapping::compile_file(&mapping_file)
        .unwrap_or_else(|d| panic!("mappings/bench/orders.map does not compile:\n{d:?}"));
    let input = fs::read_to_string(&input).expect("read input.ndjson");
    let expected = fs::read_to_string(&expected).expect("read expected.ndjson");
    let input: Vec<&str> = input.lines().filter(|l| !l.trim().is_empty()).collect();
    let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        input.len(),
        expected.len(),
        "input and expected record counts differ"
    );
    let mut problems = Vec::new();
    for (i, (line, want)) in input.iter().zip(&expected).enumerate() {
        let record: Value = serde_json::from_str(line).expect("input record is JSON");
        let want: Value = serde_json::from_str(want).expect("expected record is JSON");
        match mapping.apply(&record) {
            Ok(got) if same_numerically(&got, &want) => {}
            Ok(got) => {
                let mut diffs = Vec::new();
                differences(&want, &got, "", &mut diffs);
                problems.push(format!("record {}: {}", i + 1, diffs.join("; ")));
            }
            Err(e) => problems.push(format!("record {}: error {e}", i + 1)),
        }
    }
    assert!(
        problems.is_empty(),
        "bench/orders.map differs:\n{}",
        problems.join("\n")
    );
    eprintln!(
        "bench/orders.map: {} records match the peer reference",
        input.len()
    );
}
