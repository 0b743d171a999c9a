//! `min(values…)`: the smallest of some numbers or strings.
//!
//! Errors: `E0401` when the values are not all numbers or all strings.

use std::cmp::Ordering;

use super::support::extreme;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "min",
    family: "numbers",
    params: &[param("values", "array, or numbers or strings")],
    variadic: true,
    returns: "number or string or null",
    summary: "The smallest value: of an array's elements, or of the arguments.",
    details: "One array argument means its elements; several arguments are compared themselves. All must be numbers (compared numerically, `1` equals `1.0`) or all strings (compared by code point); anything else, nulls included, is `E0401`. An empty array gives null. Of equal values the first is returned, as written (`1.50` stays `1.50`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("min([3, 1.5, 2])", "1.5"),
        example("min(4, 2, 8)", "2"),
        example(r#"min(["b", "a", "c"])"#, r#""a""#),
        example("min([])", "null"),
        failing(r#"min([1, "2"])"#, "E0401"),
        failing("min([1, null])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    extreme(args, Ordering::Less)
}
