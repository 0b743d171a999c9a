//! `abs(x)`: the absolute value of a number.
//!
//! Errors: `E0401` when `x` is not a number.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "abs",
    family: "numbers",
    params: &[param("x", "number")],
    variadic: false,
    returns: "number",
    summary: "The number without its sign.",
    details: "Decimals keep their scale (`abs(-1.50)` is `1.50`); a number that is not negative is returned as written.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("abs(-3)", "3"),
        example("abs(-1.50)", "1.50"),
        example("abs(2)", "2"),
        failing(r#"abs("-3")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let n = args.num(0)?;
    if !n.is_negative() {
        return Ok(args.get(0).clone());
    }
    n.neg()
        .map(Val::Num)
        .map_err(|e| Raise::from_num(e).at_arg(0))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn the_smallest_integer_still_has_an_absolute_value() {
        ok(&DEF, "[-9223372036854775808]", "9223372036854775808");
    }
}
