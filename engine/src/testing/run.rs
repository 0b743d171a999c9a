//! Running the tests of one mapping file.

use std::path::{Path, PathBuf};

use ferry_dsl::SourceFile;
use ferry_dsl::ast::{Expectation, TestData};
use serde_json::Value;

use super::golden::{self, Case, CaseExpect};
use super::{Failure, MappingReport, Options, Origin, TestResult, coverage, data, diff};
use crate::Mapping;
use crate::exec::coverage::Hits;

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
        let (cases, problems) = golden::cases(&cases_dir, options.bless);
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
            CaseExpect::Failure(path) => {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                match golden::expected_error(&text) {
                    Some((code, lines)) => Expected::Error { code, lines },
                    None => {
                        return result(Some(data_failure(
                            path,
                            "empty: the first line is the expected error code",
                        )));
                    }
                }
            }
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
            (Expected::Error { code, lines }, Err(error)) => {
                if error.code() != code {
                    return Some(Failure::WrongCode {
                        code: code.clone(),
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
        }
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
