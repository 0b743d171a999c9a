//! JSONPath (RFC 9535) evaluation: the paths of mappings (`$.customer.email`,
//! `$.lines[?@.qty > 0]`, `$.items[$i]`) and strict queries.
//!
//! The compiler lowers a path's AST segments into a [`PathPlan`] once;
//! per record the executor runs it on any [`Val`], borrowed input or built
//! value, through [`PathPlan::get`] (the allocation-free singular fast
//! path), [`PathPlan::select`] (the nodelist) or [`PathPlan::exists`]. The
//! plan is generic over the executor's node type `N`: Ferry expressions
//! inside a path (dynamic selectors, variables in filters) are compiled by
//! the executor and evaluated back through a [`PathEnv`].
//!
//! [`Query`] and [`query`] run strict RFC queries over plain JSON, for
//! `ferry query` and the Compliance Test Suite.

mod display;
mod filter;
mod function;
mod iregexp;
mod node;
mod plan;
mod query;
mod select;
mod slice;

#[cfg(test)]
mod testing;

pub(crate) use plan::Step;
pub use plan::{Lower, PathPlan};
pub use query::{Query, query};

// The plan's parts, for analyses of what a path reads (input projection).
pub(crate) use filter::{Base, FilterPlan, Operand, QueryPlan};
pub(crate) use function::{Function, Pattern};
pub(crate) use plan::SelectorPlan;

use crate::error::Raise;
use crate::value::Val;

/// What a running path needs from the executor.
pub trait PathEnv<'a, N> {
    /// The document root, `$` inside filters.
    fn root(&self) -> Val<'a>;
    /// Evaluates an expression the executor compiled (a dynamic selector's
    /// key, a variable inside a filter).
    fn eval(&mut self, node: &N) -> Result<Val<'a>, Raise>;
}
