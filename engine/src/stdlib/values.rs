//! `values(object)`: the member values of an object, in order.
//!
//! Errors: `E0401` when `object` is not an object.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "values",
    family: "objects",
    params: &[param("object", "object")],
    variadic: false,
    returns: "array",
    summary: "The object's member values, in the object's order.",
    details: "",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"values({"b": 1, "a": [2]})"#, "[1,[2]]"),
        failing(r#"values("ab")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    Ok(Val::array(object.iter().map(|(_, v)| v).collect()))
}
