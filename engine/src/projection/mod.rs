//! Input projection: the parts of a record a mapping can read.
//!
//! A mapping usually reads a few fields of a large record. [`Projection`]
//! is computed once from the compiled plan (see [`analysis`]); the batch
//! reader hands its [`Keep`] to the record parser ([`crate::doc::parse`]),
//! which skips every object member the mapping never reads while still
//! checking its syntax, so a record maps to the same output or the same
//! error as with a full parse. A validated input also keeps what its
//! schema reads ([`schema`]).

mod analysis;
mod builtins;
mod keep;
mod navigate;
mod need;
mod origin;
mod schema;

pub use keep::Keep;
pub use need::Need;
#[cfg(test)]
pub(crate) use need::Step;

use crate::Mapping;
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
    /// let arena = bumpalo::Bump::new();
    /// let value = ferry_engine::doc::parse(record, projection.keep(), &arena).unwrap();
    /// assert_eq!(value.to_json(), serde_json::json!({"id": 7, "lines": [1, 2]}));
    /// ```
    ///
    /// A mapping that validates its input also keeps what the schema
    /// reads: members the mapping never reads may still be constrained.
    pub fn of(mapping: &Mapping) -> Projection {
        let mut need = analysis::need_of(mapping.plan());
        if let Some(schema) = mapping.validated_input() {
            need.merge(schema::need_of_schema(&schema.dereferenced()));
            need.normalize();
        }
        Projection {
            keep: Keep::from(&need),
            need,
        }
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
}
