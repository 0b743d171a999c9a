//! The Ferry engine: compiles `.map` mappings into plans and runs them over
//! JSON records.
//!
//! ```
//! let mapping = ferry_engine::Mapping::compile_str("{ id: $.orderId, n: len($.lines) }").unwrap();
//! let out = mapping.apply(&serde_json::json!({"orderId": "A-1", "lines": [1, 2]})).unwrap();
//! assert_eq!(out, serde_json::json!({"id": "A-1", "n": 2}));
//! ```
//!
//! The pipeline: `ferry_dsl::parse` (text → AST) → [`compile`] (AST →
//! [`plan::Plan`]) → `exec` (plan × record → value). Errors are data:
//! compile errors are [`Diagnostics`] with codes and spans, run-time errors
//! are [`RunError`]s with a code, the record's JSON Pointer and the span.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod catalogue;
pub mod codes;
pub mod compile;
pub mod contract;
pub mod doc;
pub mod error;
mod exec;
pub mod format;
pub mod inspect;
mod json_text;
pub mod keys;
mod mapping;
pub mod optimize;
pub mod path;
pub mod plan;
pub mod projection;
pub mod source_map;
pub mod stdlib;
pub mod testing;
pub mod value;
mod walk;

pub use error::RunError;
pub use exec::{Interrupt, Limits};
pub use ferry_dsl::{Diagnostic, Diagnostics, Severity, SourceFile, Span};
pub use keys::Keys;
pub use mapping::Mapping;
pub use path::{Query, query};
