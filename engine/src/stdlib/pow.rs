//! `pow(x, y)`: `x` raised to the power `y`.
//!
//! Errors: `E0401` when an argument is not a number; `E0402` for 0 to a
//! negative power; `E0403` when the result is beyond every number's
//! range; `E0404` for a negative number to a fractional power.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, NumError, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "pow",
    family: "numbers",
    params: &[param("x", "number"), param("y", "number")],
    variadic: false,
    returns: "number",
    summary: "`x` to the power `y`: exact for whole exponents, negative ones included.",
    details: "With a whole `y` the result is what repeated `*` (and, for a negative `y`, a \
              final `/`) gives: integers stay integers (`pow(2, 10)` is `1024`), decimals are \
              exact to 28 significant digits and keep the scale multiplication gives \
              (`pow(1.5, 2)` is `2.25`, `pow(1.10, 2)` is `1.2100`), `pow(2, -2)` is `0.25`. \
              `pow(x, 0)` is `1`, `pow(0, 0)` included. A fractional `y` computes in binary \
              floating point, so the result is a float, approximate like any (`pow(2, 0.5)` \
              is `1.4142135623730951`). As with `*`, magnitudes \
              beyond the decimal range become floats; beyond the float range the result is \
              `E0403`. `pow(0, -1)` is division by zero (`E0402`); a negative `x` with a \
              fractional `y` has no real result (`E0404`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("pow(2, 10)", "1024"),
        example("pow(1.5, 2)", "2.25"),
        example("pow(2, -2)", "0.25"),
        example("pow(2, 0.5)", "1.4142135623730951"),
        failing("pow(0, -1)", "E0402"),
        failing("pow(10, 400)", "E0403"),
        failing("pow(-8, 0.5)", "E0404"),
        failing(r#"pow("2", 2)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let x = args.num(0)?;
    let y = args.num(1)?;
    if x.is_zero() && y.is_negative() {
        return Err(Raise::from_num(NumError::DivisionByZero).at_arg(1));
    }
    let result = match (x, y.to_i64()) {
        (Num::Int(_) | Num::Dec(_), Some(e)) => exact(x, e),
        _ => float(x, y),
    };
    result.map(Val::Num).map_err(|e| match e {
        Fail::Num(e) => Raise::from_num(e).at_arg(0),
        Fail::NotReal => Raise::invalid(
            format!("{x} to the power {y} is not a real number"),
            args.get(0),
        )
        .at_arg(0),
    })
}

enum Fail {
    Num(NumError),
    NotReal,
}

impl From<NumError> for Fail {
    fn from(e: NumError) -> Fail {
        Fail::Num(e)
    }
}

/// `x` to a whole power by repeated squaring, with the language's `*`
/// and `/`: exact while the digits fit.
fn exact(x: Num, e: i64) -> Result<Num, Fail> {
    let mut result = Num::Int(1);
    let mut base = x;
    let mut n = e.unsigned_abs();
    while n > 0 {
        if n & 1 == 1 {
            result = result.mul(base)?;
        }
        n >>= 1;
        if n > 0 {
            base = base.mul(base)?;
        }
    }
    // A decimal holds at most 28 places: a power of a small number may
    // round to zero there. For a negative power, `(1 / x)^-e` then has the
    // digits (`pow(0.1, -30)`); for a positive one a float still tells the
    // result apart from zero.
    let underflow = result.is_zero() && !x.is_zero();
    match (underflow, e < 0) {
        (false, false) => Ok(result),
        (false, true) => Ok(Num::Int(1).div(result)?),
        (true, true) => exact(Num::Int(1).div(x)?, e.checked_neg().unwrap_or(i64::MAX)),
        (true, false) => float(x, Num::Int(e)),
    }
}

fn float(x: Num, y: Num) -> Result<Num, Fail> {
    let r = match y.to_i64().and_then(|e| i32::try_from(e).ok()) {
        Some(e) => x.to_f64().powi(e),
        None => x.to_f64().powf(y.to_f64()),
    };
    if r.is_nan() {
        Err(Fail::NotReal)
    } else if r.is_infinite() {
        Err(Fail::Num(NumError::Overflow))
    } else {
        Ok(Num::Float(r))
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{call, err, ok};

    #[test]
    fn whole_powers_are_exact() {
        ok(&DEF, "[10, 18]", "1000000000000000000");
        ok(&DEF, "[10, 19]", "10000000000000000000");
        ok(&DEF, "[-2, 3]", "-8");
        ok(&DEF, "[0.1, 3]", "0.001");
        ok(&DEF, "[3, -1]", "0.3333333333333333333333333333");
        ok(&DEF, "[1, -5]", "1");
        ok(&DEF, "[0, 0]", "1");
        ok(&DEF, "[-1, 9223372036854775807]", "-1");
        ok(&DEF, "[2.5, 2.0]", "6.25");
    }

    /// Floats compared by value: how they are written is not `pow`'s business.
    #[track_caller]
    fn float(args: &str, expected: f64) {
        let got = call(&DEF, args).unwrap_or_else(|e| panic!("pow({args}): {e}"));
        let got: f64 = got
            .parse()
            .unwrap_or_else(|_| panic!("pow({args}) gave {got}"));
        assert!(
            (got - expected).abs() <= expected.abs() * 1e-15,
            "pow({args}) gave {got}, expected {expected}"
        );
    }

    #[test]
    fn beyond_the_decimal_range_is_a_float_then_an_error() {
        float("[10, 30]", 1e30);
        float("[0.1, -30]", 1e30);
        err(&DEF, "[2, 9223372036854775807]", "E0403");
        err(&DEF, "[0.0, -2]", "E0402");
        err(&DEF, "[0, -0.5]", "E0402");
    }

    #[test]
    fn tiny_results_do_not_collapse_to_zero() {
        float("[0.5, 100]", 7.888609052210118e-31);
    }

    #[test]
    fn fractional_powers_are_floats() {
        float("[4, 0.5]", 2.0);
        float("[8, -0.5]", 0.3535533905932738);
        err(&DEF, "[-8, 0.5]", "E0404");
    }
}
