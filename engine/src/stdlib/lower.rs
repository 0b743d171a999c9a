//! `lower(text)`: the text in lower case (Unicode).
//!
//! Errors: `E0401` when `text` is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "lower",
    family: "strings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text in lower case (full Unicode case mapping).",
    details: "",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"lower("ZOë Hopper")"#, r#""zoë hopper""#),
        example(r#"lower("ŻÓŁW")"#, r#""żółw""#),
        failing("lower(3)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    // Most keys and codes are already lower case: skip the allocation.
    if !text.chars().any(char::is_uppercase) {
        return Ok(args.get(0).clone());
    }
    Ok(Val::string(text.to_lowercase()))
}
