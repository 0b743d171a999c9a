//! The machine-readable results of `ferry test --format json`, and their
//! JSON Schema (`docs/schemas/test-results.schema.json`, generated from
//! these types; a test keeps the file current).

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{Difference, DifferenceKind, Failure, MappingReport, Origin, PointKind};
use crate::RunError;

/// Everything `ferry test --format json` prints.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TestRun {
    /// One entry per mapping file, in the order they were found.
    pub mappings: Vec<MappingResults>,
    /// Tests that passed, over all mappings.
    pub passed: usize,
    /// Tests that failed, plus one per mapping that does not compile.
    pub failed: usize,
}

/// The results of one mapping file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MappingResults {
    /// The `.map` file, as found.
    pub file: String,
    /// The compile errors, when the mapping does not compile (then no test
    /// ran). Absent when it compiles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_errors: Option<Vec<CompileError>>,
    /// Every test: test blocks in file order, then golden cases.
    pub tests: Vec<TestOutcome>,
    /// With `--coverage`: what the tests exercised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageResults>,
}

/// A compile error of a mapping.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CompileError {
    /// The stable code (`E0201`…).
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// The file it is in (a `use`d file, possibly).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// One test's result.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TestOutcome {
    /// The test's name; for a golden case, its file name before `.in.json`.
    pub name: String,
    /// Where the test is written.
    pub origin: TestOrigin,
    /// True when the test passed.
    pub passed: bool,
    /// Why it failed; absent when it passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<TestFailure>,
}

/// Where a test is written.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TestOrigin {
    /// A `test` block in the mapping file.
    Block {
        /// The `.map` file.
        file: String,
        /// 1-based line of the block.
        line: usize,
    },
    /// A golden case beside the mapping.
    Case {
        /// The `<case>.in.json` file.
        input: String,
        /// The `<case>.out.json` or `<case>.err.txt` file.
        #[serde(skip_serializing_if = "Option::is_none")]
        expected: Option<String>,
    },
}

/// Why a test failed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TestFailure {
    /// The output differs from the expected one.
    Differs {
        /// The differences, by JSON Pointer, in document order.
        differences: Vec<OutputDifference>,
        /// The whole actual output.
        actual: Value,
    },
    /// An output was expected; the record failed.
    UnexpectedError {
        /// The error.
        error: ErrorInfo,
    },
    /// An error was expected; the mapping produced an output.
    UnexpectedOutput {
        /// The expected error code.
        expected_code: String,
        /// The output.
        output: Value,
    },
    /// The record failed with another code than expected.
    WrongCode {
        /// The expected error code.
        expected_code: String,
        /// The actual error.
        error: ErrorInfo,
    },
    /// The right code, but the error lacks text the `.err.txt` asks for.
    MissingText {
        /// The actual error.
        error: ErrorInfo,
        /// The expected lines not found in the rendered error.
        lines: Vec<String>,
    },
    /// The test's data could not be read.
    Data {
        /// What went wrong.
        message: String,
    },
}

/// One difference between expected and actual output.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OutputDifference {
    /// JSON Pointer (RFC 6901) of the place; `""` is the whole output.
    pub pointer: String,
    /// `missing` (expected, absent), `extra` (present, not expected) or
    /// `changed`.
    pub change: Change,
    /// The expected value (absent for `extra`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    /// The actual value (absent for `missing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    /// True for a changed number equal in value, written with other digits
    /// (`1.5` vs `1.50`; golden files compare digits).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same_value: bool,
}

/// How a place differs.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Expected but absent.
    Missing,
    /// Present but not expected.
    Extra,
    /// Present in both, different.
    Changed,
}

/// A run-time error of a mapping.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorInfo {
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: String,
    /// JSON Pointer of the input value involved, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// When the value at fault was computed and has no pointer of its own:
    /// the input values it came from, as JSON Pointers (`/lines/2/date`),
    /// or patterns with `*` for any element (`/lines/*/date`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    /// 1-based line in the mapping, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the mapping, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// Coverage of one mapping by its tests.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CoverageResults {
    /// Points (fields, arms, branches) exercised.
    pub covered: usize,
    /// All points.
    pub total: usize,
    /// `covered / total` in percent (100 when there are no points).
    pub percent: f64,
    /// The points no test exercised, in source order.
    pub missed: Vec<MissedPoint>,
}

/// A place no test exercised.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MissedPoint {
    /// `field`, `match_arm`, `then` or `else`.
    pub kind: PointKindName,
    /// 1-based line in the mapping file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// A short description.
    pub description: String,
}

/// The kinds of coverage points.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointKindName {
    /// An object field.
    Field,
    /// A `match` arm.
    MatchArm,
    /// The `then` branch of an `if`.
    Then,
    /// The `else` branch of an `if`.
    Else,
}

impl TestRun {
    /// The results of these reports.
    pub fn new(reports: &[MappingReport]) -> TestRun {
        TestRun {
            mappings: reports.iter().map(MappingResults::from).collect(),
            passed: reports.iter().map(MappingReport::passed).sum(),
            failed: reports.iter().map(MappingReport::failed).sum(),
        }
    }

    /// The JSON Schema of [`TestRun`].
    pub fn schema() -> Value {
        serde_json::to_value(schemars::schema_for!(TestRun)).unwrap_or_default()
    }
}

impl From<&MappingReport> for MappingResults {
    fn from(r: &MappingReport) -> MappingResults {
        MappingResults {
            file: r.file.display().to_string(),
            compile_errors: r.errors.as_ref().map(|ds| {
                ds.iter()
                    .filter(|d| d.is_error())
                    .map(|d| {
                        let location = d.location();
                        CompileError {
                            code: d.code.to_owned(),
                            message: d.message.clone(),
                            file: location.as_ref().map(|l| l.0.clone()),
                            line: location.as_ref().map(|l| l.1),
                            column: location.as_ref().map(|l| l.2),
                        }
                    })
                    .collect()
            }),
            tests: r
                .tests
                .iter()
                .map(|t| TestOutcome {
                    name: t.name.clone(),
                    origin: match &t.origin {
                        Origin::Block { file, line } => TestOrigin::Block {
                            file: file.display().to_string(),
                            line: *line,
                        },
                        Origin::Case { input, expected } => TestOrigin::Case {
                            input: input.display().to_string(),
                            expected: expected.as_ref().map(|p| p.display().to_string()),
                        },
                    },
                    passed: t.passed(),
                    failure: t.failure.as_ref().map(TestFailure::from),
                })
                .collect(),
            coverage: r.coverage.as_ref().map(|c| CoverageResults {
                covered: c.covered(),
                total: c.points.len(),
                percent: (c.percent() * 10.0).round() / 10.0,
                missed: c
                    .missed()
                    .map(|p| MissedPoint {
                        kind: match p.kind {
                            PointKind::Field => PointKindName::Field,
                            PointKind::MatchArm => PointKindName::MatchArm,
                            PointKind::Then => PointKindName::Then,
                            PointKind::Else => PointKindName::Else,
                        },
                        line: p.line,
                        column: p.column,
                        description: p.description.clone(),
                    })
                    .collect(),
            }),
        }
    }
}

impl From<&Failure> for TestFailure {
    fn from(f: &Failure) -> TestFailure {
        match f {
            Failure::Differs {
                differences,
                actual,
            } => TestFailure::Differs {
                differences: differences.iter().map(OutputDifference::from).collect(),
                actual: actual.clone(),
            },
            Failure::UnexpectedError { error } => TestFailure::UnexpectedError {
                error: error.into(),
            },
            Failure::UnexpectedOutput { code, output } => TestFailure::UnexpectedOutput {
                expected_code: code.clone(),
                output: output.clone(),
            },
            Failure::WrongCode { code, error } => TestFailure::WrongCode {
                expected_code: code.clone(),
                error: error.into(),
            },
            Failure::MissingText { error, lines } => TestFailure::MissingText {
                error: error.into(),
                lines: lines.clone(),
            },
            Failure::Data { message } => TestFailure::Data {
                message: message.clone(),
            },
        }
    }
}

impl From<&Difference> for OutputDifference {
    fn from(d: &Difference) -> OutputDifference {
        let (change, expected, actual) = match &d.kind {
            DifferenceKind::Missing { expected } => (Change::Missing, Some(expected.clone()), None),
            DifferenceKind::Extra { actual } => (Change::Extra, None, Some(actual.clone())),
            DifferenceKind::Changed { expected, actual } => (
                Change::Changed,
                Some(expected.clone()),
                Some(actual.clone()),
            ),
        };
        OutputDifference {
            pointer: d.pointer.clone(),
            change,
            expected,
            actual,
            same_value: d.same_value(),
        }
    }
}

impl From<&RunError> for ErrorInfo {
    fn from(e: &RunError) -> ErrorInfo {
        let location = e.location();
        ErrorInfo {
            code: e.code().to_owned(),
            message: e.message().to_owned(),
            pointer: e.info().pointer.clone(),
            derived_from: e.info().derived_from.clone(),
            line: location.as_ref().map(|l| l.1),
            column: location.as_ref().map(|l| l.2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_in_docs_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/schemas/test-results.schema.json");
        let generated = serde_json::to_string_pretty(&TestRun::schema()).unwrap_or_default() + "\n";
        if std::env::var_os("FERRY_BLESS").is_some_and(|v| v != "0" && !v.is_empty()) {
            std::fs::write(&path, &generated).expect("write the schema");
            return;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == generated,
            "docs/schemas/test-results.schema.json is out of date: rerun with FERRY_BLESS=1 \
             cargo test -p ferry-engine --lib testing::json"
        );
    }
}
