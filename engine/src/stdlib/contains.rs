//! `contains(haystack, needle)`: whether a text contains a part, or an
//! array an element.
//!
//! Errors: `E0401` when `haystack` is neither a string nor an array, or
//! when it is a string and `needle` is not.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "contains",
    family: "strings",
    params: &[param("haystack", "string or array"), param("needle", "any")],
    variadic: false,
    returns: "boolean",
    summary: "True when the text contains the part, or the array contains an element equal to the value.",
    details: "For a text the part must be a string (case-sensitive; every text contains `\"\"`). \
              For an array, elements are compared structurally: numbers numerically (`1` equals `1.0`), \
              objects regardless of member order; `null` may be looked for.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"contains("hello world", "o w")"#, "true"),
        example(r#"contains(["gift", "priority"], "priority")"#, "true"),
        example(r#"contains([1, 2.50], 2.5)"#, "true"),
        example(r#"contains([1, 2], "1")"#, "false"),
        failing(r#"contains("abc", 1)"#, "E0401"),
        failing(r#"contains({"a": 1}, "a")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    match args.get(0) {
        Val::Str(text) => Ok(Val::Bool(text.contains(args.str(1)?))),
        Val::Arr(items) => {
            let needle = args.get(1);
            Ok(Val::Bool(items.iter().any(|x| x.equals(needle))))
        }
        other => Err(Raise::type_mismatch("a string or an array", other).at_arg(0)),
    }
}
