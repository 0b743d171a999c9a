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
    details: "The text must be a JSON number, strictly, except that a leading `+` and \
              surrounding white space are allowed: `\"1.50\"` gives `1.50` (exact, scale kept), \
              `\"1e3\"` gives `1000`, `\"2.5e-1\"` gives `0.25`. Leading zeros (`\"050\"`, \
              often a code, not a quantity), a bare point (`\".5\"`, `\"5.\"`), thousands \
              separators, `NaN` and `Infinity` are `E0404`, as CSV inference leaves such cells \
              text. Booleans are `E0401`: write `if b then 1 else 0`. See docs/numbers.md.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"number("1.50")"#, "1.50"),
        example(r#"number(" -42 ")"#, "-42"),
        example(r#"number(7)"#, "7"),
        failing(r#"number("abc")"#, "E0404"),
        example(r#"number("+2.5e-1")"#, "0.25"),
        failing(r#"number("1,5")"#, "E0404"),
        failing(r#"number("050")"#, "E0404"),
        failing(r#"number(".5")"#, "E0404"),
        failing(r#"number("5.")"#, "E0404"),
        failing("number(true)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    match value {
        Val::Num(_) | Val::RawNum(_) => Ok(value.clone()),
        Val::Str(s) => match Num::parse_json(s) {
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
