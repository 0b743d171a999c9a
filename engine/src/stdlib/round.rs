//! `round(x, digits?)`: the number rounded half away from zero.
//!
//! Errors: `E0401` when an argument is not a number; `E0404` when
//! `digits` is not a whole number in -18..=28.

use rust_decimal::prelude::*;

use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "round",
    family: "numbers",
    params: &[param("x", "number"), optional("digits", "number")],
    variadic: false,
    returns: "number",
    summary: "The number rounded to `digits` places after the point (default 0), halves away from zero.",
    details: "Halves round away from zero (commercial rounding): `round(2.5)` is `3`, \
              `round(-2.5)` is `-3`, `round(2.345, 2)` is `2.35`. Exact: decimals are never \
              routed through binary floating point. A decimal result has exactly `digits` \
              places (`round(2.5, 2)` is `2.50`), which suits money; with 0 digits the result \
              is an integer. An integer with `digits` ≥ 0 is returned as it is. Negative \
              `digits` round to tens, hundreds…: `round(1250, -2)` is `1300`. `digits` must \
              be a whole number from -18 to 28.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("round(2.345, 2)", "2.35"),
        example("round(2.5)", "3"),
        example("round(-2.5)", "-3"),
        example("round(2.5, 2)", "2.50"),
        example("round(1250, -2)", "1300"),
        example("round(7, 2)", "7"),
        failing(r#"round("2.5")"#, "E0401"),
        failing("round(2.5, 0.5)", "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let x = args.num(0)?;
    let digits = if args.has(1) { args.int(1)? } else { 0 };
    if !(-18..=28).contains(&digits) {
        return Err(Raise::invalid(
            format!("digits must be from -18 to 28, got {digits}"),
            args.get(1),
        )
        .at_arg(1));
    }
    if matches!(x, Num::Int(_)) && digits >= 0 {
        return Ok(args.get(0).clone());
    }
    round_num(x, digits)
        .map(Val::Num)
        .ok_or_else(|| Raise::from_num(crate::value::NumError::Overflow).at_arg(0))
}

/// Rounds half away from zero to `digits` places (negative: to tens…).
pub(super) fn round_num(x: Num, digits: i64) -> Option<Num> {
    let strategy = RoundingStrategy::MidpointAwayFromZero;
    match x {
        Num::Float(f) => {
            let p = 10f64.powi(i32::try_from(digits).ok()?);
            let r = (f * p).round() / p;
            r.is_finite().then(|| integral(Num::Float(r), digits))
        }
        _ => {
            let d = x.to_decimal()?;
            let rounded = if digits >= 0 {
                let places = u32::try_from(digits).ok()?;
                let mut r = d.round_dp_with_strategy(places, strategy);
                if r.scale() < places {
                    r.rescale(places);
                }
                r
            } else {
                let factor =
                    Decimal::from_i128_with_scale(10i128.pow(u32::try_from(-digits).ok()?), 0);
                (d.checked_div(factor)?)
                    .round_dp_with_strategy(0, strategy)
                    .checked_mul(factor)?
            };
            Some(integral(Num::Dec(rounded), digits))
        }
    }
}

/// With no places kept, a whole result becomes an integer when it fits.
fn integral(n: Num, digits: i64) -> Num {
    if digits > 0 {
        return n;
    }
    match n {
        Num::Dec(d) => d.to_i64().map_or(Num::Dec(d.trunc()), Num::Int),
        Num::Float(f) if f.abs() < 9.2e18 => Num::Int(f as i64),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn negative_halves_round_away_from_zero() {
        ok(&DEF, "[-2.345, 2]", "-2.35");
        ok(&DEF, "[-1250, -2]", "-1300");
        ok(&DEF, "[0.125, 2]", "0.13");
    }

    #[test]
    fn decimals_keep_exactly_the_digits_asked_for() {
        ok(&DEF, "[1.2, 3]", "1.200");
        ok(&DEF, "[1.23456789, 4]", "1.2346");
        ok(&DEF, "[99.5]", "100");
    }

    #[test]
    fn exponent_forms_are_rounded_exactly() {
        ok(&DEF, "[1e-30, 2]", "0.0");
    }
}
