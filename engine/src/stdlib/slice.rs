//! `slice(array, start, end?)`: the elements from `start` up to `end`.
//!
//! Errors: `E0401` on wrong types; `E0404` when a bound is not a whole
//! number.

use super::support::clamp_range;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "slice",
    family: "arrays",
    params: &[
        param("array", "array"),
        param("start", "number"),
        optional("end", "number"),
    ],
    variadic: false,
    returns: "array",
    summary: "The elements from index `start` (from 0) up to, not including, `end` (default: the end).",
    details: "As `substring` for texts: negative indexes count from the end, bounds beyond the \
              ends are clamped, and an `end` before `start` gives `[]`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("slice([1, 2, 3, 4], 1, 3)", "[2,3]"),
        example("slice([1, 2, 3, 4], -2)", "[3,4]"),
        example("slice([1, 2], 5)", "[]"),
        failing(r#"slice("abc", 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let start = args.int(1)?;
    let end = if args.has(2) && !args.get(2).is_null() {
        Some(args.int(2)?)
    } else {
        None
    };
    let (from, to) = clamp_range(array.len(), start, end);
    if from == 0 && to == array.len() {
        return Ok(args.get(0).clone());
    }
    Ok(Val::array(
        array.iter().skip(from).take(to - from).collect(),
    ))
}
