//! `has(object, key)`: whether an object has a member of that name.
//!
//! Errors: `E0401` when `object` is not an object or `key` not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "has",
    family: "objects",
    params: &[param("object", "object"), param("key", "string")],
    variadic: false,
    returns: "boolean",
    summary: "True when the object has a member of that name, even one whose value is null.",
    details: "Tells a member set to null from a missing one, which `$.x != null` cannot.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"has({"a": null}, "a")"#, "true"),
        example(r#"has({"a": 1}, "b")"#, "false"),
        failing(r#"has({"a": 1}, 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    Ok(Val::Bool(object.contains_key(args.str(1)?)))
}
