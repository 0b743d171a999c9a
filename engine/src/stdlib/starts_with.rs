//! `starts_with(text, prefix)`: whether the text begins with the prefix.
//!
//! Errors: `E0401` when an argument is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "starts_with",
    family: "strings",
    params: &[param("text", "string"), param("prefix", "string")],
    variadic: false,
    returns: "boolean",
    summary: "True when the text begins with the prefix (case-sensitive).",
    details: "Every text starts with the empty prefix.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"starts_with("INV-001", "INV-")"#, "true"),
        example(r#"starts_with("inv-001", "INV-")"#, "false"),
        failing(r#"starts_with("INV-001", null)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    Ok(Val::Bool(args.str(0)?.starts_with(args.str(1)?)))
}
