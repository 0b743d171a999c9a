//! `len(value)`: the number of elements, members or characters.
//!
//! Errors: `E0401` when `value` is not an array, object or string.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "len",
    family: "arrays",
    params: &[param("value", "array, object or string")],
    variadic: false,
    returns: "number",
    summary: "The number of elements of an array, members of an object, or characters of a string.",
    details: "Characters are Unicode code points, as for `length`. A null value gives null, \
              so `len($.items) ?? 0` counts a missing list as empty.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("len([1, 2, 3])", "3"),
        example(r#"len({"a": 1, "b": 2})"#, "2"),
        example(r#"len("Zoë")"#, "3"),
        failing("len(42)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let n = match args.get(0) {
        Val::Arr(a) => a.len(),
        Val::Obj(o) => o.len(),
        Val::Str(s) => s.chars().count(),
        other => {
            return Err(Raise::type_mismatch("an array, object or string", other).at_arg(0));
        }
    };
    Ok(Val::int(i64::try_from(n).unwrap_or(i64::MAX)))
}
