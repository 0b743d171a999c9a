//! `range(start, end, step?)`: the integers from `start` up to (not
//! including) `end`.
//!
//! Errors: `E0401` when an argument is not a number; `E0404` when one is
//! not a whole number or `step` is 0; `E0504` beyond 1,000,000 elements.

use super::support::check_items;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "range",
    family: "arrays",
    params: &[
        param("start", "integer"),
        param("end", "integer"),
        optional("step", "integer"),
    ],
    variadic: false,
    returns: "array of integers",
    summary: "The integers from `start` to `end`, `end` excluded, `step` apart (default 1).",
    details: "Half-open like Python's `range`: `range(0, 3)` is `[0, 1, 2]`. A negative `step` \
              counts down (`range(3, 0, -1)` is `[3, 2, 1]`); a range that runs the wrong way \
              is empty. All three must be whole numbers and `step` must not be 0. At most \
              1,000,000 elements (`E0504`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("range(0, 5)", "[0,1,2,3,4]"),
        example("range(1, 10, 3)", "[1,4,7]"),
        example("range(3, 0, -1)", "[3,2,1]"),
        example("range(5, 0)", "[]"),
        failing("range(0, 5, 0)", "E0404"),
        failing("range(0, 1.5)", "E0404"),
        failing("range(0, 10000000)", "E0504"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let start = i128::from(args.int(0)?);
    let end = i128::from(args.int(1)?);
    let step = if args.has(2) { args.int(2)? } else { 1 };
    if step == 0 {
        return Err(Raise::invalid("the step must not be 0", args.get(2)).at_arg(2));
    }
    let step = i128::from(step);
    let span = if step > 0 { end - start } else { start - end };
    let count = if span <= 0 {
        0
    } else {
        // Ceiling division: `range(0, 5, 2)` is `[0, 2, 4]`.
        (span + step.abs() - 1) / step.abs()
    };
    check_items(usize::try_from(count).unwrap_or(usize::MAX))?;
    // Every element lies between `start` and `end`, both i64: the
    // conversion back cannot fail.
    Ok(Val::array(
        (0..count)
            .map(|i| Val::int(i64::try_from(start + i * step).unwrap_or_default()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{call, err, ok};

    #[test]
    fn steps_that_do_not_divide_the_span() {
        ok(&DEF, "[0, 5, 2]", "[0,2,4]");
        ok(&DEF, "[0, 6, 2]", "[0,2,4]");
        ok(&DEF, "[5, -1, -2]", "[5,3,1]");
        ok(&DEF, "[0, 0]", "[]");
        ok(&DEF, "[0, 5, -1]", "[]");
    }

    #[test]
    fn extreme_bounds_do_not_overflow() {
        ok(
            &DEF,
            "[9223372036854775806, 9223372036854775807]",
            "[9223372036854775806]",
        );
        ok(
            &DEF,
            "[-9223372036854775808, 9223372036854775807, 9223372036854775807]",
            "[-9223372036854775808,-1,9223372036854775806]",
        );
        err(&DEF, "[-9223372036854775808, 9223372036854775807]", "E0504");
        err(&DEF, "[0, 1000001]", "E0504");
        // Exactly at the limit.
        assert!(call(&DEF, "[0, 2000000, 2]").is_ok());
    }
}
