//! `number(value)`: a number from a number or from its text.
//!
//! Errors: `E0401` when `value` is neither a number nor a string; `E0404`
//! when the text is not a number.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "number",
    family: "numbers",
    params: &[param("value", "number or string")],
    variadic: false,
    returns: "number",
    summary: "The number a text spells (or the number itself), exact.",
    details: "The text is JSON number syntax, also allowing a leading `+` and surrounding white \
              space: `\"1.50\"` gives `1.50` (exact, scale kept), `\"1e3\"` gives `1000`. \
              Thousands separators, `NaN` and `Infinity` are invalid (`E0404`). Booleans are \
              `E0401`: write `if b then 1 else 0`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"number("1.50")"#, "1.50"),
        example(r#"number(" -42 ")"#, "-42"),
        example(r#"number(7)"#, "7"),
        failing(r#"number("abc")"#, "E0404"),
        failing(r#"number("1,5")"#, "E0404"),
        failing("number(true)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    match value {
        Val::Num(_) | Val::RawNum(_) => Ok(value.clone()),
        Val::Str(s) => match Num::parse(s) {
            Some(n) => Ok(Val::Num(n)),
            None => Err(Raise::invalid(
                format!("{} is not a number", crate::error::describe(value)),
                value,
            )
            .at_arg(0)),
        },
        other => Err(Raise::type_mismatch("a number or a string", other).at_arg(0)),
    }
}
