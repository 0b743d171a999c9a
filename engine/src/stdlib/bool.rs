//! `bool(value)`: a boolean from a boolean, a yes/no text, or 1/0.
//!
//! Errors: `E0401` for arrays and objects; `E0404` for text or numbers
//! that do not spell a boolean.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "bool",
    family: "types",
    params: &[param("value", "boolean, string or number")],
    variadic: false,
    returns: "boolean",
    summary: "The boolean a value spells: booleans as they are, `\"true\"`/`\"yes\"`/`\"1\"` and \
              `\"false\"`/`\"no\"`/`\"0\"`, the numbers 1 and 0.",
    details: "Text is compared ignoring case and surrounding white space (`\" Yes \"` is true). \
              Any other text or number is `E0404`, including `\"\"`: emptiness is not falsity. \
              Null gives null.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"bool("YES")"#, "true"),
        example(r#"bool("0")"#, "false"),
        example("bool(1)", "true"),
        example("bool(false)", "false"),
        failing(r#"bool("maybe")"#, "E0404"),
        failing("bool(2)", "E0404"),
        failing("bool([])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    let b = match value {
        Val::Bool(_) => return Ok(value.clone()),
        Val::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        Val::Num(_) | Val::RawNum(_) => match value.as_num() {
            Some(n) if n.equals(Num::Int(1)) => Some(true),
            Some(n) if n.is_zero() => Some(false),
            _ => None,
        },
        other => {
            return Err(Raise::type_mismatch("a boolean, string or number", other).at_arg(0));
        }
    };
    b.map(Val::Bool).ok_or_else(|| {
        Raise::invalid(
            format!(
                "{} is not a boolean (true/false, yes/no, 1/0)",
                crate::error::describe(value)
            ),
            value,
        )
        .at_arg(0)
    })
}
