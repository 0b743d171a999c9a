//! Coverage recording for `ferry test --coverage`: which `if` branches,
//! `match` arms and object fields the records took.
//!
//! Off unless a caller asks for it: the executor then pays one predictable
//! branch (`cx.hits` is `None`) at each of those places, and nothing else.

use std::collections::HashSet;

use ferry_dsl::Span;

/// One place a record can go: a construct (by the global span of its plan
/// node) and which of its ways (`then` 0 / `else` 1, an arm's index, a
/// field's index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point {
    /// Span of the `if`, `match` or object node.
    pub at: Span,
    /// Which branch, arm or field.
    pub way: u32,
}

/// `then` of an `if`.
pub const THEN: u32 = 0;
/// `else` of an `if`.
pub const ELSE: u32 = 1;

/// The points taken so far, over any number of records.
#[derive(Debug, Default, Clone)]
pub struct Hits(HashSet<Point>);

impl Hits {
    /// Records a point.
    pub(crate) fn hit(&mut self, at: Span, way: u32) {
        self.0.insert(Point { at, way });
    }

    /// True when a record took this point.
    pub fn contains(&self, point: Point) -> bool {
        self.0.contains(&point)
    }
}
