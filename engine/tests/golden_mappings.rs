//! Golden tests: every mapping under `mappings/` runs its `test` blocks and
//! the golden cases beside it, through `ferry_engine::testing` (the code
//! behind `ferry test`, so both agree).
//!
//! Layout: `mappings/<name>/<name>.map` beside `cases/`, where each case is
//! one input `<case>.in.<ext>` (`ext` one of `json ndjson jsonl yaml yml
//! csv tsv xml`) and its expectations:
//!
//! - A `<case>.in.json` of a mapping that declares no input or output
//!   format is one record, mapped by the library path, with either
//!   `<case>.out.json` (the exact expected output) or `<case>.err.txt` (the
//!   record must fail: the error code on the first line, then optional
//!   lines that must each appear in the rendered error).
//! - Any other input (another extension, or a mapping that declares a
//!   format) is a batch case: the whole file runs as `ferry run` would map
//!   it, failed records skipped, read as the declared input format when it
//!   is the file's (else as the file's format), written as the declared
//!   output format (else the format of the `.out.*` file, else NDJSON). It
//!   has at most one `<case>.out.<ext>`, the whole expected output, and an
//!   optional `<case>.err.txt`, at least one of them. JSON and NDJSON
//!   outputs compare document by document (a pointer's first segment is
//!   the document's index); other formats compare as exact text but for a
//!   final newline, a failure naming the first differing line. The
//!   `.err.txt` describes the first failed record (as above), and is
//!   required exactly when some record fails; without an `.out.*` the run
//!   must write nothing.
//!
//! Other `.json` files in `cases/` are fixtures read by `file "…"` in test
//! blocks; any other file (an expectation without its input, a second
//! input or `.out.*` of a case, a record case with both expectations or a
//! non-JSON `.out.*`, an `.out.*` whose extension is not the declared
//! output format's) fails the run. A directory without a `<name>.map` uses
//! its only `.map` file when it has `cases/` (`bench/orders.map`); a file
//! without a body is a library of shared code (`common/`) and is skipped.
//!
//! Expected outputs of golden files compare exactly (`arbitrary_precision`
//! keeps digits: `1.10` and `1.1` differ), so an expected file states the
//! digits Ferry must print; outputs in test blocks compare numbers by value.
//!
//! Beyond passing, every example mapping must compile without warnings,
//! have golden cases, and hold at least three `test` blocks, one of them
//! `expect error`.
//!
//! `FERRY_BLESS=1 cargo test -p ferry-engine --test golden_mappings`
//! rewrites each expected output that differs from the actual one (or that
//! is missing): a record case's `.out.json` pretty-printed, a batch case's
//! `.out.<ext>` as the run wrote it (`ext` the output format's: `json` for
//! JSON and NDJSON, one document per line, `yaml`, `csv`, `tsv`, `xml`).
//! An `.err.txt` is never written. Review the diff like code, since a
//! blessed engine bug is a bug hidden.
//!
//! A second test runs `mappings/bench/orders.map` over the peer benchmark's
//! examples (`../shared/peer-bench/examples/`), when both exist; a third
//! runs a batch case (one record maps, one fails) in a temporary directory.

use std::fs;
use std::path::{Path, PathBuf};

use ferry_dsl::ast::Expectation;
use ferry_engine::Mapping;
use ferry_engine::testing::{
    self, DifferenceKind, Failure, Numbers, Options, Origin, TestResult, diff,
};
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

/// A failed test, described for the panic message.
fn describe(t: &TestResult) -> String {
    let place = match &t.origin {
        Origin::Block { file, line } => format!("{}:{line}: test {:?}", file.display(), t.name),
        Origin::Case { input, .. } => format!("{}", input.display()),
    };
    let why = match &t.failure {
        None => "passed".to_owned(),
        Some(Failure::Differs {
            differences,
            actual,
        }) => {
            let mut lines: Vec<String> = differences.iter().take(8).map(difference).collect();
            lines.push(format!("actual output: {actual}"));
            lines.join("\n    ")
        }
        Some(Failure::UnexpectedError { error }) => format!("expected an output, got {error}"),
        Some(Failure::UnexpectedOutput { code, output }) => {
            format!("expected error {code}, got output {output}")
        }
        Some(Failure::WrongCode { code, error }) => format!("expected error {code}, got {error}"),
        Some(Failure::MissingText { error, lines }) => {
            format!("error {error}\n    lacks: {lines:?}")
        }
        Some(Failure::Data { message }) => message.clone(),
    };
    format!("{place}:\n    {why}")
}

fn difference(d: &testing::Difference) -> String {
    let at = if d.pointer.is_empty() {
        "(root)"
    } else {
        &d.pointer
    };
    match &d.kind {
        DifferenceKind::Missing { expected } => format!("{at}: missing (expected {expected})"),
        DifferenceKind::Extra { actual } => format!("{at}: unexpected {actual}"),
        DifferenceKind::Changed { expected, actual } => {
            format!("{at}: expected {expected}, got {actual}")
        }
    }
}

/// Test blocks of a mapping file, and how many of them expect an error.
fn blocks(file: &Path) -> (usize, usize) {
    let text = fs::read_to_string(file).expect("the mapping compiled, so it reads");
    let module = ferry_dsl::parse(&text).expect("the mapping compiled, so it parses");
    let errors = module
        .tests
        .iter()
        .filter(|t| matches!(t.expect, Expectation::Error(_)))
        .count();
    (module.tests.len(), errors)
}

#[test]
fn every_mapping_passes_its_tests() {
    let root = workspace().join("mappings");
    let files = testing::find_mappings(std::slice::from_ref(&root)).expect("mappings/ exists");
    assert!(
        !files.is_empty(),
        "no mappings found under {}",
        root.display()
    );
    let options = Options {
        coverage: false,
        bless: blessing(),
    };
    let mut problems = Vec::new();
    let (mut passed, mut blocks_total) = (0usize, 0usize);
    for file in &files {
        let report = testing::run_file(file, &options);
        if let Some(errors) = &report.errors {
            problems.push(format!("{}: does not compile:\n{errors:?}", file.display()));
            continue;
        }
        passed += report.passed();
        problems.extend(report.tests.iter().filter(|t| !t.passed()).map(describe));

        if let Ok(mapping) = Mapping::compile_file(file)
            && !mapping.warnings().is_empty()
        {
            // Example mappings should compile cleanly: a warning is a problem.
            let warnings: Vec<String> = mapping
                .warnings()
                .iter()
                .map(|w| match w.location() {
                    Some((f, line, column)) => {
                        format!("{} {} ({f}:{line}:{column})", w.code, w.message)
                    }
                    None => format!("{} {}", w.code, w.message),
                })
                .collect();
            problems.push(format!(
                "{}: compiles with warnings:\n    {}",
                file.display(),
                warnings.join("\n    ")
            ));
        }
        if testing::golden::cases_dir(file).is_none() {
            problems.push(format!(
                "{}: mapping without a cases/ directory",
                file.display()
            ));
        }
        let (count, errors) = blocks(file);
        blocks_total += count;
        if count < 3 || errors == 0 {
            problems.push(format!(
                "{}: {count} test blocks, {errors} expecting an error; an example mapping \
                 needs at least three, one of them `expect error`",
                file.display()
            ));
        }
    }
    eprintln!(
        "golden mappings: {} mappings, {passed} tests passed ({blocks_total} test blocks)",
        files.len()
    );
    if !problems.is_empty() {
        panic!(
            "{} golden problem(s):\n\n{}",
            problems.len(),
            problems.join("\n\n")
        );
    }
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
            // Numbers equal by value (`1.10` = `1.1`), as the peer
            // benchmark's `compare.py` judges them.
            Ok(got) if diff::equal(&want, &got, Numbers::ByValue) => {}
            Ok(got) => {
                let diffs: Vec<String> = diff::differences(&want, &got, Numbers::ByValue)
                    .iter()
                    .take(8)
                    .map(difference)
                    .collect();
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

/// A batch case, in a temporary directory: an NDJSON input with one record
/// that maps and one that fails, against `.out.json` and `.err.txt`.
#[test]
fn a_batch_case_checks_outputs_and_failures() {
    let dir = std::env::temp_dir()
        .join(format!("ferry-golden-batch-{}", std::process::id()))
        .join("double");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("cases")).expect("create the temporary mapping");
    let file = dir.join("double.map");
    let cases = dir.join("cases");
    let write = |path: PathBuf, text: &str| fs::write(path, text).expect("write a case file");
    write(file.clone(), "{ id: $.id, total: $.n * 2 }\n");
    write(
        cases.join("mixed.in.ndjson"),
        "{\"id\": 1, \"n\": 1.25}\n{\"id\": 2, \"n\": \"x\"}\n",
    );
    write(
        cases.join("mixed.out.json"),
        "{\"id\": 1, \"total\": 2.50}\n",
    );
    write(cases.join("mixed.err.txt"), "E0401\nrecord 2\n");
    let options = Options::default();

    let report = testing::run_file(&file, &options);
    assert!(report.errors.is_none(), "{:?}", report.errors);
    let failed: Vec<String> = report
        .tests
        .iter()
        .filter(|t| !t.passed())
        .map(describe)
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert_eq!(report.passed(), 1);
    assert!(matches!(
        &report.tests[0].origin,
        Origin::Case { input, expected: Some(expected) }
            if input.ends_with("mixed.in.ndjson") && expected.ends_with("mixed.out.json")
    ));

    // Without the `.err.txt`, the failed record fails the case.
    fs::remove_file(cases.join("mixed.err.txt")).expect("remove the .err.txt");
    let report = testing::run_file(&file, &options);
    let [t] = report.tests.as_slice() else {
        panic!("one case: {:?}", report.tests);
    };
    let message = describe(t);
    assert!(
        matches!(&t.failure, Some(Failure::UnexpectedError { error }) if error.code() == "E0401"),
        "{message}"
    );
    assert!(message.contains("record 2"), "{message}");

    // A changed digit is a difference in the first document.
    write(cases.join("mixed.err.txt"), "E0401\n");
    write(
        cases.join("mixed.out.json"),
        "{\"id\": 1, \"total\": 2.5}\n",
    );
    let report = testing::run_file(&file, &options);
    let Some(Failure::Differs { differences, .. }) = &report.tests[0].failure else {
        panic!("{:?}", report.tests[0].failure);
    };
    assert_eq!(differences[0].pointer, "/0/total");
    let _ = fs::remove_dir_all(&dir);
}
