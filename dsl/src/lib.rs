//! The syntax of Ferry's mapping language.
//!
//! This crate turns `.map` text into a typed [`ast::Module`] with a
//! [`Span`] on every node, or into [`Diagnostics`] with stable codes
//! (`E01xx`). It knows nothing about meaning: name resolution, types and
//! execution live in `ferry-engine`.
//!
//! ```
//! let module = ferry_dsl::parse("{ id: $.orderId }").unwrap();
//! assert!(module.body.is_some());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod codes;
pub mod error;
pub mod fmt;
mod parse;
pub mod span;

pub use error::{Diagnostic, Diagnostics, Severity};
pub use fmt::format;
pub use parse::{Limits, parse, parse_expr, parse_query};
pub use span::{SourceFile, Span};
