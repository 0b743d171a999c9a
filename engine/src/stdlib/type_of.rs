//! `type_of(value)`: the name of a value's type. Never fails on its
//! argument; the failure example shows arity is still checked.
//!
//! Errors: none at run time.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "type_of",
    family: "types",
    params: &[param("value", "any")],
    variadic: false,
    returns: "string",
    summary: "The value's type: `\"null\"`, `\"boolean\"`, `\"number\"`, `\"string\"`, `\"array\"` or `\"object\"`.",
    details: "Null is accepted: `type_of(null)` is `\"null\"`, as is a missing field. Integers \
              and decimals are both `\"number\"`.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example("type_of(null)", r#""null""#),
        example("type_of(1.5)", r#""number""#),
        example(r#"type_of({"a": [1]})"#, r#""object""#),
        failing("type_of(1, 2)", "E0203"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    Ok(Val::Str(Str::Borrowed(args.get(0).type_name())))
}
