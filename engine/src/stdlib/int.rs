//! `int(value)`: the whole part of a number or numeric text.
//!
//! Errors: `E0401` when `value` is neither a number nor a string; `E0404`
//! when the text is not a number; `E0403` beyond the 64-bit range.

use rust_decimal::prelude::ToPrimitive;

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::codes;
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "int",
    family: "numbers",
    params: &[param("value", "number or string")],
    variadic: false,
    returns: "number",
    summary: "The whole part of the number (truncated toward zero), from a number or its text.",
    details: "Truncates: `int(2.7)` is `2` and `int(-2.7)` is `-2`; use `round` to round. \
              Text is read as by `number` (`\"12\"`, `\" 3.9 \"`). The result must fit in \
              64 bits (±9223372036854775807), else `E0403`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("int(2.7)", "2"),
        example("int(-2.7)", "-2"),
        example(r#"int("42")"#, "42"),
        example(r#"int("3.99")"#, "3"),
        failing(r#"int("4x")"#, "E0404"),
        failing(r#"int("007")"#, "E0404"),
        failing("int(1e30)", "E0403"),
        failing("int([1])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    let n = match value {
        Val::Num(_) | Val::RawNum(_) => super::support::number(value, 0)?,
        Val::Str(s) => Num::parse_json(s).ok_or_else(|| {
            Raise::invalid(
                format!("{} is not a number", crate::error::describe(value)),
                value,
            )
            .at_arg(0)
        })?,
        other => return Err(Raise::type_mismatch("a number or a string", other).at_arg(0)),
    };
    let whole = match n {
        Num::Int(i) => Some(i),
        Num::Dec(d) => d.trunc().to_i64(),
        Num::Float(f) if f.abs() < 9.2e18 => Some(f.trunc() as i64),
        Num::Float(_) => None,
    };
    whole.map(Val::int).ok_or_else(|| {
        Raise::new(
            codes::NUMERIC_OVERFLOW,
            format!("{n} is beyond the range of whole numbers"),
        )
        .with_culprit(value)
        .at_arg(0)
    })
}
