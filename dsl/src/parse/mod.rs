//! Text to AST. pest pairs stop here: everything public is `ast` types.
//!
//! STUB: the grammar and the AST builder are being written.

use crate::ast::{Expr, Module};
use crate::error::Diagnostics;

/// Limits that keep hostile input from exhausting the parser.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of brackets, calls and operators accepted.
    pub max_depth: usize,
    /// Largest source accepted, in bytes.
    pub max_len: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 128,
            max_len: 16 * 1024 * 1024,
        }
    }
}

/// Parses a whole `.map` file.
pub fn parse(text: &str) -> Result<Module, Diagnostics> {
    let _ = text;
    unimplemented!("parser stub")
}

/// Parses a single expression (for `ferry run -e`).
pub fn parse_expr(text: &str) -> Result<Expr, Diagnostics> {
    let _ = text;
    unimplemented!("parser stub")
}

/// Parses a strict RFC 9535 JSONPath query (no Ferry extensions): the
/// result is `Root` or a `Path` over `Root`.
pub fn parse_query(text: &str) -> Result<Expr, Diagnostics> {
    let _ = text;
    unimplemented!("parser stub")
}
