//! `required(value, message)`: the value, or the record fails with
//! `message` at the place in the input where the value should have been.
//!
//! Errors: `E0411` when `value` is null (missing); `E0401` when `message`
//! is not a string.

use super::{Args, Example, FnDef, NullPolicy, Outcome, example, failing, param};
use crate::codes;
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "required",
    family: "types",
    params: &[param("value", "any"), param("message", "string")],
    variadic: false,
    returns: "any",
    summary: "The value when it is not null; otherwise the record fails with `E0411` and the message.",
    details: "The error's JSON Pointer is where the value should have been: \
              `required($.customer.email, \"an order needs an email\")` on a record \
              without one fails at `/customer/email`, and `required(l.sku, …)` in a \
              loop over `$.lines` at `/lines/2/sku`. Like `error(…)`, the failure \
              is caught by `try … else`. For a value that is present but wrong, \
              `error(code, message, value)` (see the language reference, \
              \"Errors and recovery\") fails with the author's code at the \
              value's place in the input in the same way.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(r#"required("a@b.c", "an email is needed")"#, r#""a@b.c""#),
        example(r#"required(0, "a count is needed")"#, "0"),
        Example {
            call: r#"required($, "an email is needed")"#,
            input: r#""zoe@example.org""#,
            outcome: Outcome::Value(r#""zoe@example.org""#),
        },
        failing(r#"required(null, "an email is needed")"#, "E0411"),
        failing(r#"required(null, 42)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    if !args.get(0).is_null() {
        return Ok(args.get(0).clone());
    }
    let message = args.str(1)?;
    Err(Raise::new(codes::REQUIRED_MISSING, message.to_owned()).at_arg(0))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn present_values_pass_and_null_fails() {
        ok(&DEF, r#"[false, "m"]"#, "false");
        ok(&DEF, r#"[[], "m"]"#, "[]");
        err(&DEF, r#"[null, "m"]"#, "E0411");
    }
}
