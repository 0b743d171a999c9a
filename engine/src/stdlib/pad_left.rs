//! `pad_left(text, width, fill?)`: the text padded at the start to `width` characters.
//!
//! Errors: `E0401` on wrong types; `E0404` when `width` is not a whole
//! number or `fill` is empty; `E0504` when `width` exceeds 1,000,000.

use super::support::pad;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "pad_left",
    family: "strings",
    params: &[
        param("text", "string"),
        param("width", "number"),
        optional("fill", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The text padded at the start with `fill` (default a space) to `width` characters.",
    details: "Widths count characters (code points). A text already as wide or wider is returned unchanged (never cut). A fill of several characters is repeated and cut to fit. A width above 1,000,000 is `E0504`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"pad_left("42", 5, "0")"#, r#""00042""#),
        example(r#"pad_left("7", 3)"#, r#""  7""#),
        example(r#"pad_left("abcdef", 3, "0")"#, r#""abcdef""#),
        failing(r#"pad_left("a", 1000000000)"#, "E0504"),
        failing(r#"pad_left("a", 3, "")"#, "E0404"),
        failing(r#"pad_left(42, 5, "0")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    pad(args, true)
}
