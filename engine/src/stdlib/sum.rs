//! `sum(array)`: the exact sum of an array of numbers.
//!
//! Errors: `E0401` when `array` is not an array of numbers; `E0403` when
//! the sum is out of range.

use super::support::number;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "sum",
    family: "numbers",
    params: &[param("array", "array of numbers")],
    variadic: false,
    returns: "number",
    summary: "The sum of the array's numbers, exact.",
    details: "Integers sum to an integer; with decimals the sum is an exact decimal whose scale \
              is the largest of the terms (`sum([0.10, 0.2])` is `0.30`, `sum([1, 2.00])` is \
              `3.00`), whatever the values. An empty array gives `0`. Null elements are `E0401` (filter them out, or map them to 0 with `??`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("sum([1, 2, 3])", "6"),
        example("sum([0.10, 0.2])", "0.30"),
        example("sum([])", "0"),
        failing("sum([1, null])", "E0401"),
        failing(r#"sum(["1"])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let (total, _) = total(args)?;
    Ok(Val::Num(total))
}

/// The sum and count of argument 0's numbers.
pub(super) fn total(args: &Args<'_, '_>) -> Result<(Num, usize), Raise> {
    let array = args.array(0)?;
    let mut sum = Num::Int(0);
    for item in array.iter() {
        let n = number(&item, 0).map_err(|e| e.with_culprit(&item))?;
        sum = sum.add(n).map_err(|e| Raise::from_num(e).at_arg(0))?;
    }
    Ok((sum, array.len()))
}
