//! `avg(array)`: the exact mean of an array of numbers.
//!
//! Errors: `E0401` when `array` is not an array of numbers; `E0403` when
//! the sum is out of range.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "avg",
    family: "numbers",
    params: &[param("array", "array of numbers")],
    variadic: false,
    returns: "number or null",
    summary: "The mean of the array's numbers, by exact decimal division; null when empty.",
    details: "The exact sum divided by the count, by the rules of `/`: the sum's scale, more \
              decimals when the mean needs them, rounded at the 28th significant digit \
              (`avg([1, 2])` is `1.5`, `avg([1.00, 2.00])` is `1.50`, `avg([1, 1, 2])` is \
              `1.333…3`); the mean of integers that divides evenly is an integer. Null elements \
              are `E0401`. See docs/numbers.md.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("avg([1, 2, 3])", "2"),
        example("avg([1, 2])", "1.5"),
        example("avg([0.10, 0.20])", "0.15"),
        example("avg([1.00, 2.00])", "1.50"),
        example("avg([2.0, 4.0])", "3.0"),
        example("avg([])", "null"),
        failing("avg([1, null])", "E0401"),
        failing("avg(3)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let (sum, count) = super::sum::total(args)?;
    if count == 0 {
        return Ok(Val::Null);
    }
    let count = Num::Int(i64::try_from(count).unwrap_or(i64::MAX));
    sum.div(count)
        .map(Val::Num)
        .map_err(|e| Raise::from_num(e).at_arg(0))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn thirds_round_at_the_28th_digit() {
        ok(&DEF, "[[1, 1, 2]]", "1.3333333333333333333333333333");
    }
}
