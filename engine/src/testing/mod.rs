//! Testing mappings: the `test` blocks of a `.map` file and the golden
//! cases beside it, run and compared; what `ferry test` prints and what
//! `cargo test` checks over `mappings/`.
//!
//! A test block gives an input and expects an output or an error code:
//!
//! ```text
//! test "doubles the amount" { given { n: 2 } expect { total: 4 } }
//! test "text is refused"    { given { n: "x" } expect error "E0401" }
//! ```
//!
//! Tests never change what a mapping does: the compiler ignores them. Here
//! each runs through [`Mapping::apply`]'s path, and a failure carries what
//! differs. Outputs of test blocks compare numbers by value (`1.5` equals
//! `1.50`); golden `.out.json` files compare exactly, digits included (see
//! [`diff`]).
//!
//! ```
//! use ferry_engine::testing::{Options, run_file};
//!
//! let dir = std::env::temp_dir().join("ferry-testing-doc");
//! std::fs::create_dir_all(&dir).unwrap();
//! let file = dir.join("double.map");
//! std::fs::write(&file, r#"
//!     { total: $.n * 2 }
//!     test "doubles" { given { n: 1.25 } expect { total: 2.5 } }
//!     test "refuses text" { given { n: "x" } expect error "E0401" }
//! "#).unwrap();
//! let report = run_file(&file, &Options::default());
//! assert_eq!(report.passed(), 2);
//! assert!(report.errors.is_none() && report.failed() == 0);
//! ```

pub mod coverage;
pub mod data;
pub mod diff;
pub mod discover;
pub mod golden;
pub mod json;
mod run;

pub use coverage::{Coverage, CoveragePoint, PointKind};
pub use diff::{Difference, DifferenceKind, Numbers};
pub use discover::find_mappings;
pub use run::run_file;

use std::path::PathBuf;

use ferry_dsl::Diagnostics;
use serde_json::Value;

use crate::RunError;

/// How to run tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Record which fields, arms and branches the tests exercise.
    pub coverage: bool,
    /// Rewrite each golden `.out.json` whose value differs from the actual
    /// output (`FERRY_BLESS=1` in the golden harness).
    pub bless: bool,
}

/// The tests of one mapping file and how they went.
#[derive(Debug, Clone)]
pub struct MappingReport {
    /// The `.map` file.
    pub file: PathBuf,
    /// The compile errors when the mapping does not compile (then no test
    /// ran, and the mapping counts as one failure).
    pub errors: Option<Diagnostics>,
    /// Every test, test blocks first (in file order), then golden cases.
    pub tests: Vec<TestResult>,
    /// Coverage, when asked for and the mapping compiled.
    pub coverage: Option<Coverage>,
}

impl MappingReport {
    /// Tests that passed.
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| t.passed()).count()
    }

    /// Tests that failed, plus one for a mapping that does not compile.
    pub fn failed(&self) -> usize {
        self.tests.iter().filter(|t| !t.passed()).count() + usize::from(self.errors.is_some())
    }
}

/// One test's result.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// The test's name (a golden case: its file name before `.in.json`).
    pub name: String,
    /// Where the test is written.
    pub origin: Origin,
    /// `None` when it passed; else why not.
    pub failure: Option<Failure>,
}

impl TestResult {
    /// True when the test passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Where a test is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `test` block of the mapping file.
    Block {
        /// The `.map` file.
        file: PathBuf,
        /// 1-based line of `test`.
        line: usize,
    },
    /// A golden case in `cases/`.
    Case {
        /// The `.in.json` file.
        input: PathBuf,
        /// The `.out.json` or `.err.txt` file (none for a malformed case).
        expected: Option<PathBuf>,
    },
}

/// Why a test failed.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The output differs from the expected one.
    Differs {
        /// What differs, by JSON Pointer.
        differences: Vec<Difference>,
        /// The whole actual output.
        actual: Value,
    },
    /// An output was expected; the record failed.
    UnexpectedError {
        /// The error.
        error: RunError,
    },
    /// An error was expected; the mapping produced an output.
    UnexpectedOutput {
        /// The expected error code.
        code: String,
        /// The output.
        output: Value,
    },
    /// The record failed with another code.
    WrongCode {
        /// The expected code.
        code: String,
        /// The actual error.
        error: RunError,
    },
    /// The code is right, but the rendered error lacks lines the `.err.txt`
    /// asks for.
    MissingText {
        /// The actual error.
        error: RunError,
        /// The lines not found in it.
        lines: Vec<String>,
    },
    /// The test's data could not be read (a missing or malformed fixture,
    /// an incomplete golden case).
    Data {
        /// What went wrong.
        message: String,
    },
}
