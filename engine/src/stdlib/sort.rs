//! `sort(array)`: the elements in ascending order.
//!
//! Errors: `E0401` unless the elements are all numbers or all strings.

use std::cmp::Ordering;

use super::support::check_sortable;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "sort",
    family: "arrays",
    params: &[param("array", "array of numbers or strings")],
    variadic: false,
    returns: "array",
    summary: "The elements in ascending order: numbers numerically, strings by code point.",
    details: "The elements must be all numbers or all strings; mixed types, nulls, booleans, \
              arrays or objects are `E0401` (sort by a key with `sort_by`). The sort is stable: \
              equal elements (`1` and `1.0`) keep their order. String order is by Unicode code \
              point, so `\"B\"` comes before `\"a\"`. For descending order, `reverse(sort(x))`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("sort([3, 1.5, 10, 2])", "[1.5,2,3,10]"),
        example(r#"sort(["b", "B", "a"])"#, r#"["B","a","b"]"#),
        example("sort([])", "[]"),
        failing(r#"sort([1, "a"])"#, "E0401"),
        failing("sort([2, null, 1])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let mut items = args.array(0)?.to_vec();
    check_sortable(&items, 0)?;
    items.sort_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal));
    Ok(Val::array(items))
}
