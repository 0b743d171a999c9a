//! Running the tests of one mapping file: its test blocks, its record
//! cases (one record through the library path) and its batch cases (a
//! whole input through the batch path, as `ferry run` maps it).

use std::path::{Path, PathBuf};

use ferry_dsl::SourceFile;
use ferry_dsl::ast::{Expectation, TestData};
use serde_json::Value;

use super::golden::{self, Case, CaseExpect};
use super::{Failure, MappingReport, Options, Origin, TestResult, coverage, data, diff};
use crate::batch::{self, BatchOptions, OnError};
use crate::exec::coverage::Hits;
use crate::format::{Format, FormatSpec};
use crate::{Mapping, RunError};

/// What a test expects, loaded.
enum Expected {
    Output(Value),
    Error { code: String, lines: Vec<String> },
}

/// Compiles `file` and runs its test blocks, then its golden cases.
pub fn run_file(file: &Path, options: &Options) -> MappingReport {
    let mut report = MappingReport {
        file: file.to_path_buf(),
        errors: None,
        tests: Vec::new(),
        coverage: None,
    };
    let mapping = match Mapping::compile_file(file) {
        Ok(m) => m,
        Err(errors) => {
            report.errors = Some(errors);
            return report;
        }
    };
    let mut runner = Runner {
        mapping: &mapping,
        hits: options.coverage.then(Hits::default),
    };
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let fixtures = runner.blocks(file, &dir, &mut report.tests);
    if let Some(cases_dir) = golden::cases_dir(file) {
        let (cases, problems) = golden::cases_for(&cases_dir, mapping.formats(), options.bless);
        for (path, problem) in problems {
            // An input read by a test block needs no expectation file.
            if fixtures.contains(&path) {
                continue;
            }
            report.tests.push(TestResult {
                name: file_name(&path),
                origin: Origin::Case {
                    input: path,
                    expected: None,
                },
                failure: Some(Failure::Data { message: problem }),
            });
        }
        for case in &cases {
            report.tests.push(runner.case(case, options.bless));
        }
    }
    if let Some(hits) = &runner.hits {
        report.coverage = Some(coverage::report(&mapping, hits));
    }
    report
}

struct Runner<'m> {
    mapping: &'m Mapping,
    hits: Option<Hits>,
}

impl Runner<'_> {
    /// Runs the test blocks; returns the fixture files they read.
    fn blocks(&mut self, file: &Path, dir: &Path, out: &mut Vec<TestResult>) -> Vec<PathBuf> {
        let mut fixtures = Vec::new();
        // The mapping compiled, so the file reads and parses.
        let Ok(text) = std::fs::read_to_string(file) else {
            return fixtures;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Ok(module) = ferry_dsl::parse(text) else {
            return fixtures;
        };
        let source = SourceFile::new(file.display().to_string(), text);
        for block in &module.tests {
            let (line, _) = source.line_col(block.span.start);
            let origin = Origin::Block {
                file: file.to_path_buf(),
                line,
            };
            for d in [
                Some(&block.given),
                match &block.expect {
                    Expectation::Output(d) => Some(d),
                    Expectation::Error(_) => None,
                },
            ]
            .into_iter()
            .flatten()
            {
                if let TestData::File(path) = d {
                    fixtures.push(dir.join(&path.value));
                }
            }
            let loaded = data::load(&block.given, dir).and_then(|input| {
                let expected = match &block.expect {
                    Expectation::Output(d) => Expected::Output(data::load(d, dir)?),
                    Expectation::Error(code) => Expected::Error {
                        code: code.value.clone(),
                        lines: Vec::new(),
                    },
                };
                Ok((input, expected))
            });
            let failure = match loaded {
                Ok((input, expected)) => self.check(&input, &expected, diff::Numbers::ByValue),
                Err(e) => {
                    let (line, column) = source.line_col(e.span.start);
                    Some(Failure::Data {
                        message: format!("{} ({}:{line}:{column})", e.message, source.name),
                    })
                }
            };
            out.push(TestResult {
                name: block.name.value.clone(),
                origin,
                failure,
            });
        }
        fixtures
    }

    /// Runs a golden case; with `bless`, a differing output is rewritten.
    fn case(&mut self, case: &Case, bless: bool) -> TestResult {
        if let CaseExpect::Batch { output, failure } = &case.expect {
            return self.batch(case, output, failure.as_deref(), bless);
        }
        let origin = Origin::Case {
            input: case.input.clone(),
            expected: Some(case.expect.path().to_path_buf()),
        };
        let result = |failure| TestResult {
            name: case.name.clone(),
            origin: origin.clone(),
            failure,
        };
        let input = match data::read_json(&case.input) {
            Ok(v) => v,
            Err(e) => return result(Some(data_failure(&case.input, &e))),
        };
        let expected = match &case.expect {
            CaseExpect::Output(path) => match data::read_json(path) {
                Ok(v) => Expected::Output(v),
                Err(_) if bless => Expected::Output(Value::Null),
                Err(e) => return result(Some(data_failure(path, &e))),
            },
            CaseExpect::Failure(path) => match read_expected_error(path) {
                Ok((code, lines)) => Expected::Error { code, lines },
                Err(failure) => return result(Some(failure)),
            },
            CaseExpect::Batch { .. } => unreachable!("batch cases run in `batch`"),
        };
        let failure = self.check(&input, &expected, diff::Numbers::Exact);
        if let (Some(Failure::Differs { actual, .. }), CaseExpect::Output(path), true) =
            (&failure, &case.expect, bless)
        {
            // Only files whose value changed are rewritten, so the diff to
            // review is the behaviour change, not reformatting.
            return match std::fs::write(path, pretty(actual)) {
                Ok(()) => result(None),
                Err(e) => result(Some(data_failure(path, &format!("cannot bless: {e}")))),
            };
        }
        result(failure)
    }

    /// Applies the mapping to `input`; `None` when it did what `expected`
    /// says.
    fn check(
        &mut self,
        input: &Value,
        expected: &Expected,
        numbers: diff::Numbers,
    ) -> Option<Failure> {
        let result = match &mut self.hits {
            Some(hits) => self.mapping.apply_recording(input, hits),
            None => self.mapping.apply(input),
        };
        match (expected, result) {
            (Expected::Output(want), Ok(actual)) => {
                let differences = diff::differences(want, &actual, numbers);
                (!differences.is_empty()).then_some(Failure::Differs {
                    differences,
                    actual,
                })
            }
            (Expected::Output(_), Err(error)) => Some(Failure::UnexpectedError { error }),
            (Expected::Error { code, .. }, Ok(output)) => Some(Failure::UnexpectedOutput {
                code: code.clone(),
                output,
            }),
            (Expected::Error { code, lines }, Err(error)) => error_differs(code, lines, error),
        }
    }

    /// Runs a batch case: the whole input through [`batch::run_formats`],
    /// failed records skipped; then its failures against the `.err.txt`
    /// and its output text against the `.out.*` file. With `bless`, an
    /// output file that is missing or differs is (re)written.
    fn batch(
        &mut self,
        case: &Case,
        output: &Path,
        failure: Option<&Path>,
        bless: bool,
    ) -> TestResult {
        let result = |failure| TestResult {
            name: case.name.clone(),
            origin: Origin::Case {
                input: case.input.clone(),
                expected: Some(case.expect.path().to_path_buf()),
            },
            failure,
        };
        let declared = self.mapping.formats();
        let Some(format) = Format::from_path(&case.input) else {
            return result(Some(data_failure(&case.input, "not a format's extension")));
        };
        let input_spec = match &declared.input {
            Some(spec) if spec.format == format => spec.clone(),
            _ => FormatSpec::new(format),
        };
        let output_spec = declared
            .output
            .clone()
            .or_else(|| Format::from_path(output).map(FormatSpec::new))
            .unwrap_or_else(|| FormatSpec::new(Format::Ndjson));
        let expected_error = match failure.map(read_expected_error).transpose() {
            Ok(e) => e,
            Err(failure) => return result(Some(failure)),
        };
        let reader = match std::fs::File::open(&case.input) {
            Ok(f) => std::io::BufReader::new(f),
            Err(e) => {
                return result(Some(data_failure(
                    &case.input,
                    &format!("cannot read: {e}"),
                )));
            }
        };
        // The first failure is the one an `.err.txt` describes.
        let mut first: Option<RunError> = None;
        let mut written = Vec::new();
        let run = batch::run_formats(
            self.mapping,
            Box::new(reader),
            &input_spec,
            &output_spec,
            BatchOptions {
                on_error: OnError::Skip,
                pretty: false,
            },
            &mut written,
            &mut |e: &RunError, _: &[u8]| {
                if first.is_none() {
                    first = Some(e.clone());
                }
            },
        );
        if let Err(e) = run {
            return result(Some(data_failure(&case.input, &format!("cannot run: {e}"))));
        }
        let actual = String::from_utf8_lossy(&written).into_owned();
        let json = matches!(output_spec.format, Format::Json | Format::Ndjson);

        let mut output_failure = compare_output(output, &actual, json, failure.is_some());
        if output_failure.is_some() && bless {
            // Rewritten only when the output changed (by value, for JSON),
            // so the diff to review is the behaviour change.
            output_failure = std::fs::write(output, &actual)
                .err()
                .map(|e| data_failure(output, &format!("cannot bless: {e}")));
        }
        let error_failure = match (expected_error, first) {
            (None, None) => None,
            (None, Some(error)) => Some(Failure::UnexpectedError { error }),
            (Some((code, _)), None) => Some(Failure::UnexpectedOutput {
                code,
                output: output_value(&actual, json),
            }),
            (Some((code, lines)), Some(error)) => error_differs(&code, &lines, error),
        };
        // A failing record also leaves a gap in the output: name it first.
        result(error_failure.or(output_failure))
    }
}

/// `None` when `error` has `code` and contains every one of `lines`.
fn error_differs(code: &str, lines: &[String], error: RunError) -> Option<Failure> {
    if error.code() != code {
        return Some(Failure::WrongCode {
            code: code.to_owned(),
            error,
        });
    }
    let rendered = error.to_string();
    let missing: Vec<String> = lines
        .iter()
        .filter(|l| !rendered.contains(l.as_str()))
        .cloned()
        .collect();
    (!missing.is_empty()).then_some(Failure::MissingText {
        error,
        lines: missing,
    })
}

/// The code and lines of an `.err.txt`.
fn read_expected_error(path: &Path) -> Result<(String, Vec<String>), Failure> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    golden::expected_error(&text)
        .ok_or_else(|| data_failure(path, "empty: the first line is the expected error code"))
}

/// `None` when a batch run's `actual` output text is what `expected` holds
/// (JSON outputs document by document, digits exact; other outputs as
/// text but for a final newline). Without the file, the run must write
/// nothing (an `.err.txt` says why: every record failed).
fn compare_output(expected: &Path, actual: &str, json: bool, has_err: bool) -> Option<Failure> {
    if !expected.is_file() {
        if actual.trim().is_empty() && has_err {
            return None;
        }
        return Some(Failure::Data {
            message: format!(
                "{}: missing; the run wrote {} (FERRY_BLESS=1 writes it)",
                expected.display(),
                if actual.trim().is_empty() {
                    "nothing".to_owned()
                } else {
                    format!("{} line(s)", actual.lines().count())
                }
            ),
        });
    }
    let text = match std::fs::read_to_string(expected) {
        Ok(t) => t,
        Err(e) => return Some(data_failure(expected, &format!("cannot read: {e}"))),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if json {
        let want = match documents(text) {
            Ok(v) => v,
            Err(e) => return Some(data_failure(expected, &e)),
        };
        let got = match documents(actual) {
            Ok(v) => v,
            Err(e) => return Some(data_failure(expected, &format!("the actual output is {e}"))),
        };
        let (want, got) = (Value::Array(want), Value::Array(got));
        let differences = diff::differences(&want, &got, diff::Numbers::Exact);
        return (!differences.is_empty()).then_some(Failure::Differs {
            differences,
            actual: got,
        });
    }
    let (line, want, got) = first_differing_line(text, actual)?;
    let show = |l: Option<&str>| match l {
        Some(l) => format!("{l:?}"),
        None => "the end of the text".to_owned(),
    };
    Some(Failure::Data {
        message: format!(
            "{}: the output differs at line {line}: expected {}, got {}",
            expected.display(),
            show(want),
            show(got)
        ),
    })
}

/// The JSON documents of a text, one after another (one per line, or
/// pretty-printed).
fn documents(text: &str) -> Result<Vec<Value>, String> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("not JSON documents: {e}"))
}

/// The first line (1-based) where `expected` and `actual` differ, with
/// each one's line there (`None` past its end); `None` when the texts are
/// equal but for a final newline.
pub(crate) fn first_differing_line<'t>(
    expected: &'t str,
    actual: &'t str,
) -> Option<(usize, Option<&'t str>, Option<&'t str>)> {
    let lines = |text: &'t str| -> Vec<&'t str> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.is_empty() {
            Vec::new()
        } else {
            text.split('\n').collect()
        }
    };
    let (want, got) = (lines(expected), lines(actual));
    (0..want.len().max(got.len()))
        .find(|&i| want.get(i) != got.get(i))
        .map(|i| (i + 1, want.get(i).copied(), got.get(i).copied()))
}

/// A batch output as a value, for a failure: its documents, or its text.
fn output_value(actual: &str, json: bool) -> Value {
    match documents(actual) {
        Ok(docs) if json => Value::Array(docs),
        _ => Value::String(actual.to_owned()),
    }
}

fn data_failure(path: &Path, message: &str) -> Failure {
    Failure::Data {
        message: format!("{}: {message}", path.display()),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_outputs_differ_at_their_first_differing_line() {
        assert_eq!(first_differing_line("a,b\n1,2\n", "a,b\n1,2"), None);
        assert_eq!(first_differing_line("", ""), None);
        assert_eq!(
            first_differing_line("a,b\n1,2\n3,4\n", "a,b\n1,5\n3,4\n"),
            Some((2, Some("1,2"), Some("1,5")))
        );
        assert_eq!(
            first_differing_line("a,b\n", "a,b\n1,2\n"),
            Some((2, None, Some("1,2")))
        );
        assert_eq!(first_differing_line("x\n", ""), Some((1, Some("x"), None)));
        // Only a final newline is forgiven.
        assert_eq!(
            first_differing_line("a\n\n", "a\n"),
            Some((2, Some(""), None))
        );
        assert_eq!(
            first_differing_line("a\r\n", "a\n"),
            Some((1, Some("a\r"), Some("a")))
        );
    }

    /// A mapping `<dir>/m/m.map` with these case files.
    fn mapping_with(test: &str, map: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("ferry-run-{}-{test}", std::process::id()))
            .join("m");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("cases")).unwrap();
        std::fs::write(dir.join("m.map"), map).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join("cases").join(name), text).unwrap();
        }
        dir.join("m.map")
    }

    fn only_case(file: &Path, bless: bool) -> TestResult {
        let report = run_file(
            file,
            &Options {
                coverage: false,
                bless,
            },
        );
        assert!(report.errors.is_none(), "{:?}", report.errors);
        assert_eq!(report.tests.len(), 1, "{:?}", report.tests);
        report.tests.into_iter().next().unwrap()
    }

    const INPUT: &str = "{\"n\": 1.50}\n{\"n\": \"x\"}\n";

    #[test]
    fn a_batch_case_checks_its_outputs_and_its_first_failure() {
        let file = mapping_with(
            "batch-pass",
            "{ total: $.n * 2 }",
            &[
                ("mixed.in.ndjson", INPUT),
                ("mixed.out.json", "{\"total\": 3.00}\n"),
                ("mixed.err.txt", "E0401\nrecord 2\n"),
            ],
        );
        let t = only_case(&file, false);
        assert!(t.passed(), "{:?}", t.failure);
        assert_eq!(t.name, "mixed");
    }

    #[test]
    fn a_batch_case_fails_on_unexpected_failures_outputs_and_digits() {
        // A failure without an `.err.txt`.
        let file = mapping_with(
            "batch-no-err",
            "{ total: $.n * 2 }",
            &[
                ("mixed.in.ndjson", INPUT),
                ("mixed.out.json", "{\"total\": 3.00}\n"),
            ],
        );
        let t = only_case(&file, false);
        let Some(Failure::UnexpectedError { error }) = &t.failure else {
            panic!("{:?}", t.failure);
        };
        assert_eq!((error.code(), error.info().record), ("E0401", Some(2)));

        // An `.err.txt`, and every record maps.
        let file = mapping_with(
            "batch-no-failure",
            "{ total: $.n }",
            &[
                ("mixed.in.ndjson", INPUT),
                ("mixed.out.json", "{\"total\": 1.50}\n{\"total\": \"x\"}\n"),
                ("mixed.err.txt", "E0401\n"),
            ],
        );
        let t = only_case(&file, false);
        assert!(
            matches!(&t.failure, Some(Failure::UnexpectedOutput { code, .. }) if code == "E0401"),
            "{:?}",
            t.failure
        );

        // Digits compare exactly, by document.
        let file = mapping_with(
            "batch-digits",
            "{ total: $.n * 2 }",
            &[
                ("mixed.in.ndjson", INPUT),
                ("mixed.out.json", "{\"total\": 3.0}\n"),
                ("mixed.err.txt", "E0401\n"),
            ],
        );
        let t = only_case(&file, false);
        let Some(Failure::Differs { differences, .. }) = &t.failure else {
            panic!("{:?}", t.failure);
        };
        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].pointer, "/0/total");
        assert!(differences[0].same_value());
    }

    #[test]
    fn blessing_writes_a_batch_output_one_document_per_line() {
        let file = mapping_with(
            "batch-bless",
            "{ total: $.n * 2 }",
            &[("mixed.in.ndjson", INPUT), ("mixed.err.txt", "E0401\n")],
        );
        let t = only_case(&file, true);
        assert!(t.passed(), "{:?}", t.failure);
        let out = file.with_file_name("cases").join("mixed.out.json");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"total\":3.00}\n");
        // Pretty or compact, the same documents pass and are not rewritten.
        std::fs::write(&out, "{\n  \"total\": 3.00\n}\n").unwrap();
        assert!(only_case(&file, true).passed());
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "{\n  \"total\": 3.00\n}\n"
        );
    }

    #[test]
    fn a_mapping_declaring_a_format_runs_its_json_cases_as_batches() {
        let file = mapping_with(
            "batch-declared",
            "output format ndjson\n{ total: $.n * 2 }",
            &[
                ("bad.in.json", "{\"n\": \"x\"}"),
                // As a record case, both files would be a problem.
                ("bad.out.json", ""),
                ("bad.err.txt", "E0401\n"),
                ("one.in.json", "{\"n\": 2}"),
                ("one.out.json", "{\"total\": 4}\n"),
            ],
        );
        let report = run_file(&file, &Options::default());
        assert!(report.errors.is_none(), "{:?}", report.errors);
        let names: Vec<&str> = report.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["bad", "one"]);
        for t in &report.tests {
            assert!(t.passed(), "{}: {:?}", t.name, t.failure);
        }
    }
}
