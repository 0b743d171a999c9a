//! `flatten(array, depth?)`: nested arrays spliced into their parent.
//!
//! Errors: `E0401` on wrong types; `E0404` when `depth` is not a whole
//! number ≥ 0; `E0504` beyond 1,000,000 elements.

use super::support::check_items;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "flatten",
    family: "arrays",
    params: &[param("array", "array"), optional("depth", "number")],
    variadic: false,
    returns: "array",
    summary: "The array with nested arrays spliced in, `depth` levels deep (default 1).",
    details: "Elements that are not arrays are kept as they are. `depth` 0 returns the array \
              unchanged.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("flatten([[1, 2], [3], 4])", "[1,2,3,4]"),
        example("flatten([1, [2, [3, [4]]]])", "[1,2,[3,[4]]]"),
        example("flatten([1, [2, [3, [4]]]], 2)", "[1,2,3,[4]]"),
        failing("flatten([[1]], -1)", "E0404"),
        failing(r#"flatten({"a": [1]})"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let depth = if args.has(1) { args.int(1)? } else { 1 };
    if depth < 0 {
        return Err(Raise::invalid("depth must not be negative", args.get(1)).at_arg(1));
    }
    if depth == 0 {
        return Ok(args.get(0).clone());
    }
    let mut out = Vec::with_capacity(array.len());
    for item in array.iter() {
        splice(item, depth, &mut out)?;
    }
    Ok(Val::array(out))
}

fn splice<'a>(item: Val<'a>, depth: i64, out: &mut Vec<Val<'a>>) -> Result<(), Raise> {
    match item {
        Val::Arr(inner) if depth > 0 => {
            for x in inner.iter() {
                splice(x, depth - 1, out)?;
            }
        }
        other => {
            out.push(other);
            check_items(out.len())?;
        }
    }
    Ok(())
}
