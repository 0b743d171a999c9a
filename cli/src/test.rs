//! `ferry test`: run the `test` blocks of mappings and the golden cases
//! beside them, print one line per test and a summary; `--coverage` adds
//! what no test exercised, `--format json` the machine-readable results.
//! The work is `ferry_engine::testing`; this file only prints.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use ferry_engine::testing::json::TestRun;
use ferry_engine::testing::{
    self, Difference, DifferenceKind, Failure, MappingReport, Options, Origin, TestResult,
};
use serde_json::Value;

use crate::report_format::ReportFormat;
use crate::{Outcome, render};

/// Run the tests of mappings: their `test` blocks and golden cases.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  ferry test                               every mapping under the current directory
  ferry test mappings/invoice              one folder
  ferry test mappings/invoice/invoice.map  one file
  ferry test --coverage mappings           what no test exercised
  ferry test --format json > results.json  machine-readable results

A mapping's tests are its `test \"name\" { given … expect … }` blocks and the
cases in cases/ beside it (<case>.in.json with <case>.out.json or
<case>.err.txt). Exit status: 0 all passed, 1 a test failed or a mapping does
not compile, 2 a path does not exist.")]
pub struct TestArgs {
    /// `.map` files or folders to search recursively for mappings (files
    /// with a body); default the current directory.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Report the output fields, `match` arms and `if` branches no test
    /// exercised.
    #[arg(long)]
    coverage: bool,
    /// Output format: `text` for people, `json` for tools (schema in
    /// docs/schemas/test-results.schema.json).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

pub fn test(args: TestArgs) -> Outcome {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let files = match testing::find_mappings(&paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    if files.is_empty() {
        eprintln!("error: no mappings (.map files with a body) found");
        return Outcome::Usage;
    }
    let options = Options {
        coverage: args.coverage,
        bless: false,
    };
    let colors = Colors::new(args.format == ReportFormat::Text);
    let mut reports = Vec::with_capacity(files.len());
    for file in files {
        let report = testing::run_file(&tidy(&file), &options);
        if args.format == ReportFormat::Text {
            print!("{}", text(&report, colors));
        }
        reports.push(report);
    }
    let run = TestRun::new(&reports);
    match args.format {
        ReportFormat::Json => match serde_json::to_string_pretty(&run) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the results: {e}");
                return Outcome::Failed;
            }
        },
        ReportFormat::Text => {
            if args.coverage {
                print!("{}", coverage_summary(&reports));
            }
            println!("{} passed, {} failed", run.passed, run.failed);
        }
    }
    if run.failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

/// `./mappings/x.map` as `mappings/x.map`.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// ANSI colours for `ok` and `FAIL` when stdout is a terminal.
#[derive(Clone, Copy)]
struct Colors {
    on: bool,
}

impl Colors {
    fn new(text: bool) -> Colors {
        Colors {
            on: text && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(self, text: &str, code: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The lines of one mapping: a line per test, a diff under each failure,
/// the rendered compile errors of a mapping that does not compile, and
/// with `--coverage` the points no test exercised.
fn text(report: &MappingReport, colors: Colors) -> String {
    let mut out = String::new();
    let file = report.file.display();
    let fail = colors.paint("FAIL", "31");
    if let Some(errors) = &report.errors {
        let _ = writeln!(out, "{fail} {file}: does not compile");
        out.push_str(&render::diagnostics(errors, colors.on));
        return out;
    }
    if report.tests.is_empty() {
        let _ = writeln!(out, "--   {file}: no tests");
    }
    for t in &report.tests {
        let status = if t.passed() {
            colors.paint("ok  ", "32")
        } else {
            fail.clone()
        };
        let _ = writeln!(out, "{status} {file}: {}", label(t));
        if let Some(failure) = &t.failure {
            out.push_str(&explain(t, failure));
        }
    }
    if let Some(coverage) = &report.coverage {
        for p in coverage.missed() {
            let _ = writeln!(
                out,
                "  not covered: {file}:{}:{}  {}",
                p.line, p.column, p.description
            );
        }
    }
    out
}

/// `test "name"` or `case basic`.
fn label(t: &TestResult) -> String {
    match &t.origin {
        Origin::Block { .. } => format!("test {:?}", t.name),
        Origin::Case { .. } => format!("case {}", t.name),
    }
}

const INDENT: &str = "       ";
/// Differences listed per failure; the rest are counted.
const MAX_DIFFERENCES: usize = 20;

/// What went wrong, indented under the test's line.
fn explain(t: &TestResult, failure: &Failure) -> String {
    let mut out = String::new();
    match &t.origin {
        Origin::Block { file, line } => {
            let _ = writeln!(out, "{INDENT}at {}:{line}", file.display());
        }
        Origin::Case {
            input,
            expected: Some(expected),
        } => {
            let _ = writeln!(
                out,
                "{INDENT}input {}, expected {}",
                input.display(),
                expected.display()
            );
        }
        Origin::Case { .. } => {}
    }
    match failure {
        Failure::Differs { differences, .. } => {
            for d in differences.iter().take(MAX_DIFFERENCES) {
                let _ = writeln!(out, "{INDENT}{}", difference(d));
            }
            if differences.len() > MAX_DIFFERENCES {
                let _ = writeln!(
                    out,
                    "{INDENT}… and {} more differences",
                    differences.len() - MAX_DIFFERENCES
                );
            }
        }
        Failure::UnexpectedError { error } => {
            let _ = writeln!(out, "{INDENT}expected an output, got error {error}");
        }
        Failure::UnexpectedOutput { code, output } => {
            let _ = writeln!(
                out,
                "{INDENT}expected error {code}, got output {}",
                short(output)
            );
        }
        Failure::WrongCode { code, error } => {
            let _ = writeln!(out, "{INDENT}expected error {code}, got {error}");
        }
        Failure::MissingText { error, lines } => {
            let _ = writeln!(out, "{INDENT}error {error}");
            for l in lines {
                let _ = writeln!(out, "{INDENT}lacks the text {l:?}");
            }
        }
        Failure::Data { message } => {
            let _ = writeln!(out, "{INDENT}{message}");
        }
    }
    out
}

/// `/lines/0/net: expected 760.00, got 760.01`, by JSON Pointer.
fn difference(d: &Difference) -> String {
    let at = if d.pointer.is_empty() {
        "(the whole output)"
    } else {
        &d.pointer
    };
    match &d.kind {
        DifferenceKind::Missing { expected } => {
            format!("{at}: missing (expected {})", short(expected))
        }
        DifferenceKind::Extra { actual } => format!("{at}: extra {}", short(actual)),
        DifferenceKind::Changed { expected, actual } => {
            let note = if d.same_value() {
                " (same value, other digits)"
            } else {
                ""
            };
            format!(
                "{at}: expected {}, got {}{note}",
                short(expected),
                short(actual)
            )
        }
    }
}

/// Compact JSON, cut at 100 characters.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= 100 {
        text
    } else {
        let cut: String = text.chars().take(99).collect();
        format!("{cut}…")
    }
}

/// `coverage: mappings/x.map 85.0% (17 of 20)` per mapping.
fn coverage_summary(reports: &[MappingReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(c) = &r.coverage {
            let _ = writeln!(
                out,
                "coverage {:5.1}% ({} of {}) {}",
                c.percent(),
                c.covered(),
                c.points.len(),
                r.file.display()
            );
        }
    }
    out
}
