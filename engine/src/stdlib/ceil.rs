//! `ceil(x)`: the number rounded up, toward positive infinity, to a whole number.
//!
//! Errors: `E0401` when `x` is not a number.

use rust_decimal::prelude::ToPrimitive;

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "ceil",
    family: "numbers",
    params: &[param("x", "number")],
    variadic: false,
    returns: "number",
    summary: "The number rounded up, toward positive infinity, as a whole number.",
    details: "The result is always an integer, written without a point, whatever the input's scale: `ceil(2.0)` is `2`, `ceil(2.10)` is `3`. To keep places use `round(x, n)`, which has exactly `n`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("ceil(2.1)", "3"),
        example("ceil(-2.7)", "-2"),
        example("ceil(5)", "5"),
        failing(r#"ceil("2.5")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    Ok(Val::Num(match args.num(0)? {
        // A computed value: written `1000` even when the input said `1e3`.
        Num::Int(i) => Num::Int(i),
        Num::Dec(d) => {
            let r = d.ceil();
            r.to_i64().map_or(Num::Dec(r), Num::Int)
        }
        Num::Float(x) => {
            let r = x.ceil();
            if r.abs() < 9.2e18 {
                Num::Int(r as i64)
            } else {
                Num::Float(r)
            }
        }
    }))
}
