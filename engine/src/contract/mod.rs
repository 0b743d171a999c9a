//! Contracts: the JSON Schemas a mapping's input and output must meet.
//!
//! A mapping declares them in its header (`input schema "order.json"`,
//! `output schema "api.yaml#/components/schemas/Order"`). The compiler
//! loads each [`Schema`] once — JSON or YAML, a JSON Schema file or an
//! OpenAPI component, with every local file its `$ref`s reach, checked
//! against its meta-schema — and [`crate::Mapping`] validates records
//! against them at run time ([`Validate`] chooses which sides). A
//! violation is a failure like any other, with its own code, the
//! instance's JSON Pointer, the failing keyword and its location in the
//! schema; values the schema marks sensitive are never echoed
//! ([`Sensitive`]).

pub(crate) mod check;
pub mod compat;
mod dialect;
mod doc_json;
mod document;
mod formats;
mod multiple_of;
mod references;
pub(crate) mod schema;
mod sensitive;

use std::path::PathBuf;
use std::sync::Arc;

pub use schema::{MAX_VIOLATIONS, Schema};
pub use sensitive::Sensitive;

/// The contracts a mapping declares.
#[derive(Debug, Clone, Default)]
pub struct Contracts {
    /// What the input records must meet.
    pub input: Option<Arc<Schema>>,
    /// What the outputs must meet.
    pub output: Option<Arc<Schema>>,
}

/// Which contracts to check at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validate {
    /// Every contract the mapping declares (the default).
    #[default]
    Declared,
    /// Only the input contract.
    Input,
    /// Only the output contract.
    Output,
    /// Both contracts.
    Both,
    /// Neither.
    None,
}

impl Validate {
    /// True when the input is to be validated (and the mapping declares an
    /// input schema).
    pub fn input(self) -> bool {
        matches!(self, Validate::Declared | Validate::Input | Validate::Both)
    }

    /// True when the output is to be validated.
    pub fn output(self) -> bool {
        matches!(self, Validate::Declared | Validate::Output | Validate::Both)
    }
}

impl std::str::FromStr for Validate {
    type Err = String;

    fn from_str(s: &str) -> Result<Validate, String> {
        Ok(match s {
            "input" => Validate::Input,
            "output" => Validate::Output,
            "both" => Validate::Both,
            "none" => Validate::None,
            "declared" => Validate::Declared,
            other => {
                return Err(format!(
                    "`{other}`: expected input, output, both, none or declared"
                ));
            }
        })
    }
}

/// One way a value breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer of the offending value in the instance.
    pub pointer: String,
    /// The schema keyword that failed (`minimum`, `required`, …).
    pub keyword: String,
    /// The file holding the keyword.
    pub schema_file: String,
    /// JSON Pointer of the keyword in that file
    /// (`/properties/lines/items/properties/qty/minimum`).
    pub schema_location: String,
    /// For a person: `/lines/2/qty: -1 is less than the minimum of 0`.
    pub message: String,
}

impl Violation {
    /// `{"pointer", "keyword", "schema", "schema_location", "message"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "pointer": self.pointer,
            "keyword": self.keyword,
            "schema": self.schema_file,
            "schema_location": self.schema_location,
            "message": self.message,
        })
    }
}

/// The violations of one value: the first [`MAX_VIOLATIONS`], and how
/// many there were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations {
    /// The violations kept.
    pub list: Vec<Violation>,
    /// How many were found (at least `list.len()`).
    pub total: usize,
    /// True when counting stopped before the end (`total` is a floor).
    pub capped: bool,
}

impl Violations {
    /// True when the value is valid.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A schema that cannot be used: unreadable, malformed, against its
/// meta-schema, or reaching for the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Stable code (`E0303` broken schema, `E0304` remote reference).
    pub code: &'static str,
    /// The schema file at fault.
    pub file: PathBuf,
    /// JSON Pointer inside it, when the fault has a place.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a usual way.
    pub help: Option<String>,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(p) = &self.pointer {
            write!(f, "#{p}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SchemaError {}
