//! `max(values…)`: the largest of some numbers or strings.
//!
//! Errors: `E0401` when the values are not all numbers or all strings.

use std::cmp::Ordering;

use super::support::extreme;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "max",
    family: "numbers",
    params: &[param("values", "array, or numbers or strings")],
    variadic: true,
    returns: "number or string or null",
    summary: "The largest value: of an array's elements, or of the arguments.",
    details: "One array argument means its elements; several arguments are compared themselves. All must be numbers (compared numerically, `1` equals `1.0`) or all strings (compared by code point); anything else, nulls included, is `E0401`. An empty array gives null. Of equal values the first is returned, as written (`1.50` stays `1.50`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("max([3, 1.5, 2])", "3"),
        example("max(4, 2, 8)", "8"),
        example(r#"max(["b", "a", "c"])"#, r#""c""#),
        example("max([])", "null"),
        failing(r#"max([1, "2"])"#, "E0401"),
        failing("max([1, null])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    extreme(args, Ordering::Greater)
}
