//! `keys(object)`: the member names of an object, in order.
//!
//! Errors: `E0401` when `object` is not an object.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "keys",
    family: "objects",
    params: &[param("object", "object")],
    variadic: false,
    returns: "array of strings",
    summary: "The object's member names, in the object's order.",
    details: "Input objects keep the order of the input document.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"keys({"b": 1, "a": 2})"#, r#"["b","a"]"#),
        example("keys({})", "[]"),
        failing(r#"keys(["a"])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    Ok(Val::array(
        object.iter().map(|(k, _)| Val::Str(k)).collect(),
    ))
}
