//! `trim_start(text)`: the text without white space at the start.
//!
//! Errors: `E0401` when `text` is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "trim_start",
    family: "strings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text without white space at the start.",
    details: "White space is Unicode's `White_Space` property (spaces, tabs, line breaks, no-break spaces).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"trim_start("  a b  ")"#, r#""a b  ""#),
        failing("trim_start(12)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let handle = args.string(0)?;
    let text = handle.as_str();
    let trimmed = text.trim_start();
    if trimmed.len() == text.len() {
        return Ok(args.get(0).clone());
    }
    // A borrowed input string stays borrowed: trimming only narrows it.
    Ok(Val::Str(match handle.as_borrowed() {
        Some(b) => {
            let start = trimmed.as_ptr() as usize - text.as_ptr() as usize;
            Str::Borrowed(&b[start..start + trimmed.len()])
        }
        None => Str::from(trimmed.to_owned()),
    }))
}
