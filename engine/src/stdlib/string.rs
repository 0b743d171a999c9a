//! `string(value)`: a number, boolean or string as text.
//!
//! Errors: `E0401` for arrays and objects (use `to_json`).

use super::support::number_text;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "string",
    family: "types",
    params: &[param("value", "string, number or boolean")],
    variadic: false,
    returns: "string",
    summary: "The value as text: a number's exact digits, `\"true\"`/`\"false\"`, a string unchanged.",
    details: "Numbers keep their exact text (`1.50` gives `\"1.50\"`, a 20-digit id all its \
              digits). Null gives null, as for most functions (write `to_json(x)` for the text \
              `\"null\"`, or `string(x) ?? \"\"`). Arrays and objects are `E0401`: `to_json` \
              gives their JSON text.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("string(1.50)", r#""1.50""#),
        example("string(12345678901234567890)", r#""12345678901234567890""#),
        example("string(true)", r#""true""#),
        example(r#"string("a")"#, r#""a""#),
        failing("string([1, 2])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    match value {
        Val::Str(_) => Ok(value.clone()),
        Val::Num(_) | Val::RawNum(_) => Ok(Val::string(number_text(value).unwrap_or_default())),
        Val::Bool(b) => Ok(Val::Str(Str::Borrowed(if *b { "true" } else { "false" }))),
        other => Err(Raise::type_mismatch("a string, number or boolean", other)
            .with_help("`to_json(x)` gives the JSON text of an array or object")
            .at_arg(0)),
    }
}
