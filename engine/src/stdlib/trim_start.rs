//! `trim_start(text)`: the text without white space at the start.
//!
//! Errors: `E0401` when `text` is not a string.

use super::support::trimmed;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

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
    trimmed(args, str::trim_start)
}
