//! `last(array)`: the last element of an array, or null when it is empty.
//!
//! Errors: `E0401` when `array` is not an array.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "last",
    family: "arrays",
    params: &[param("array", "array")],
    variadic: false,
    returns: "any",
    summary: "The last element of the array, or null when it is empty.",
    details: "",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("last([3, 1, 2])", "2"),
        example("last([])", "null"),
        failing(r#"last("abc")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    Ok(args.array(0)?.get_signed(-1).unwrap_or(Val::Null))
}
