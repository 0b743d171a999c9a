//! `to_json(value)`: the compact JSON text of any value.
//!
//! Errors: `E0504` when the text would exceed 16 MiB.

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Val, write_json};

pub(super) const DEF: FnDef = FnDef {
    name: "to_json",
    family: "types",
    params: &[param("value", "any")],
    variadic: false,
    returns: "string",
    summary: "The value's compact JSON text (no spaces), as Ferry writes its output.",
    details: "Null is accepted: `to_json(null)` is `\"null\"`. Numbers keep their exact text \
              and object members their order.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(
            r#"to_json({"a": [1, 1.50, "x"]})"#,
            r#""{\"a\":[1,1.50,\"x\"]}""#,
        ),
        example("to_json(null)", r#""null""#),
        failing("to_json()", "E0203"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let mut out = Vec::new();
    write_json(&mut out, args.get(0));
    check_string_size(out.len())?;
    // `write_json` writes UTF-8 only; a failure here would be a bug, reported
    // as an invalid value rather than a panic.
    String::from_utf8(out)
        .map(Val::string)
        .map_err(|_| Raise::invalid("the value has no JSON text", args.get(0)))
}
