//! `string(value)`: a number, boolean or string as text.
//!
//! Errors: `E0401` for arrays and objects (use `to_json`).

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
    details: "Numbers keep their exact digits in plain decimal notation (`1.50` gives \
              `\"1.50\"`, a 20-digit id all its digits, `round(17, 1)` gives `\"17.0\"`). A \
              number written with an exponent is written out whenever an exact decimal holds it \
              (`1e3` gives `\"1000\"`, `2.5E-3` `\"0.0025\"`); beyond the decimal range \
              (about 7.9e28) JavaScript's rule applies: `1e400` gives `\"1e+400\"`. \
              Interpolation writes numbers the same way. See docs/numbers.md. Null gives null, as for most functions (write `to_json(x)` for the text \
              `\"null\"`, or `string(x) ?? \"\"`). Arrays and objects are `E0401`: `to_json` \
              gives their JSON text.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("string(1.50)", r#""1.50""#),
        example("string(12345678901234567890)", r#""12345678901234567890""#),
        example("string(1e3)", r#""1000""#),
        example("string(2.5E-3)", r#""0.0025""#),
        example("string(1e21)", r#""1000000000000000000000""#),
        example("string(1e300)", r#""1e+300""#),
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
        Val::Num(_) | Val::RawNum(_) => Ok(Val::string(value.number_text().unwrap_or_default())),
        Val::Bool(b) => Ok(Val::Str(Str::Borrowed(if *b { "true" } else { "false" }))),
        other => Err(Raise::type_mismatch("a string, number or boolean", other)
            .with_help("`to_json(x)` gives the JSON text of an array or object")
            .at_arg(0)),
    }
}
