//! `reverse(value)`: an array's elements or a string's characters in
//! reverse order.
//!
//! Errors: `E0401` when `value` is neither an array nor a string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "reverse",
    family: "arrays",
    params: &[param("value", "array or string")],
    variadic: false,
    returns: "array or string",
    summary: "The array's elements, or the string's characters, in reverse order.",
    details: "Strings reverse by code point (combining marks are not kept with their letter).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("reverse([1, 2, 3])", "[3,2,1]"),
        example(r#"reverse("abc")"#, r#""cba""#),
        failing("reverse(12)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    match args.get(0) {
        Val::Arr(a) => Ok(Val::array(a.iter().rev().collect())),
        Val::Str(s) => Ok(Val::string(s.chars().rev().collect::<String>())),
        other => Err(Raise::type_mismatch("an array or a string", other).at_arg(0)),
    }
}
