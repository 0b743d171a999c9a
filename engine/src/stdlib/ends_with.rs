//! `ends_with(text, suffix)`: whether the text ends with the suffix.
//!
//! Errors: `E0401` when an argument is not a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "ends_with",
    family: "strings",
    params: &[param("text", "string"), param("suffix", "string")],
    variadic: false,
    returns: "boolean",
    summary: "True when the text ends with the suffix (case-sensitive).",
    details: "Every text ends with the empty suffix.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"ends_with("report.pdf", ".pdf")"#, "true"),
        example(r#"ends_with("report.PDF", ".pdf")"#, "false"),
        failing(r#"ends_with(["a.pdf"], ".pdf")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    Ok(Val::Bool(args.str(0)?.ends_with(args.str(1)?)))
}
