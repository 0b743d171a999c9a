//! `upper(text)`: the text in upper case (Unicode).
//!
//! Errors: `E0401` when `text` is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "upper",
    family: "strings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text in upper case (full Unicode case mapping).",
    details: "Some characters grow: `upper(\"ß\")` is `\"SS\"`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"upper("Zoë hopper")"#, r#""ZOË HOPPER""#),
        example(r#"upper("straße")"#, r#""STRASSE""#),
        failing("upper(true)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    if !text.chars().any(char::is_lowercase) {
        return Ok(args.get(0).clone());
    }
    Ok(Val::string(text.to_uppercase()))
}
