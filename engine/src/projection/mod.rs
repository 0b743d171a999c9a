//! Input projection: the parts of a record a mapping can read, and a parser
//! that builds only those.
//!
//! A mapping usually reads a few fields of a large record. [`Projection`]
//! is computed once from the compiled plan (see [`analysis`]); the batch
//! reader then parses each record with [`Projection::parse_record`], which
//! skips every object member the mapping never reads while still checking
//! its syntax, so a record maps to the same output or the same error as
//! with a full parse.

mod analysis;
mod builtins;
mod keep;
mod navigate;
mod need;
mod origin;
mod parse;

pub use keep::Keep;
pub use need::Need;
#[cfg(test)]
pub(crate) use need::Step;

use crate::Mapping;
use crate::error::RunError;
use crate::format;
use crate::plan::Plan;

/// What a mapping reads of its input, computed once per mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    need: Need,
    keep: Keep,
}

impl Projection {
    /// The projection of a compiled mapping.
    ///
    /// ```
    /// use ferry_engine::Mapping;
    /// use ferry_engine::projection::Projection;
    ///
    /// let mapping = Mapping::compile_str("{ id: $.id, n: len($.lines) }").unwrap();
    /// let projection = Projection::of(&mapping);
    /// let record = br#"{"id": 7, "lines": [1, 2], "notes": "long text"}"#;
    /// let value = projection.parse_record(record, 1).unwrap();
    /// assert_eq!(value, serde_json::json!({"id": 7, "lines": [1, 2]}));
    /// ```
    pub fn of(mapping: &Mapping) -> Projection {
        Projection::of_plan(mapping.plan())
    }

    /// The projection of a plan.
    pub fn of_plan(plan: &Plan) -> Projection {
        let need = analysis::need_of(plan);
        Projection {
            keep: Keep::from(&need),
            need,
        }
    }

    /// What is needed of the record.
    pub fn need(&self) -> &Need {
        &self.need
    }

    /// The same, laid out for [`crate::doc::parse`].
    pub fn keep(&self) -> &Keep {
        &self.keep
    }

    /// Parses one record keeping only what the mapping can read. Fails
    /// exactly as [`format::parse_record`] does (the error is built by a
    /// full parse, off the hot path).
    pub fn parse_record(&self, bytes: &[u8], number: u64) -> Result<serde_json::Value, RunError> {
        if self.need.is_all() {
            return format::parse_record(bytes, number);
        }
        parse::parse(bytes, &self.need).or_else(|_| format::parse_record(bytes, number))
    }
}
