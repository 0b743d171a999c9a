//! `length(text)`: the number of characters in a text.
//!
//! Errors: `E0401` when `text` is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "length",
    family: "strings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "number",
    summary: "The number of characters (Unicode code points) in the text.",
    details: "Code points, not bytes nor grapheme clusters: `\"é\"` written precomposed is 1. \
              For arrays and objects use `len`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"length("Zoë")"#, "3"),
        example(r#"length("")"#, "0"),
        failing(r#"length(["a"])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let count = args.str(0)?.chars().count();
    Ok(Val::int(i64::try_from(count).unwrap_or(i64::MAX)))
}
