//! `round(x, digits?)`: the number rounded half away from zero.
//!
//! Errors: `E0401` when an argument is not a number; `E0404` when
//! `digits` is not a whole number in -18..=28.

use rust_decimal::prelude::*;

use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::{Num, Val, with_scale_at_least};

pub(super) const DEF: FnDef = FnDef {
    name: "round",
    family: "numbers",
    params: &[param("x", "number"), optional("digits", "number")],
    variadic: false,
    returns: "number",
    summary: "The number rounded to `digits` places after the point (default 0), halves away from zero.",
    details: "Halves round away from zero (commercial rounding): `round(2.5)` is `3`, \
              `round(-2.5)` is `-3`, `round(2.345, 2)` is `2.35`. Exact: decimals are never \
              routed through binary floating point. The result has exactly `digits` places \
              whatever the input (`round(2.5, 2)` is `2.50`, `round(17, 1)` is `17.0`), so the \
              text of a rounded value never depends on whether it happened to be whole; with 0 \
              or negative `digits` it is an integer. Negative `digits` round to tens, \
              hundreds…: `round(1250, -2)` is `1300`. `digits` must be a whole number from -18 \
              to 28; beyond 28 significant digits in all, the places that do not fit are \
              dropped. See docs/numbers.md.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("round(2.345, 2)", "2.35"),
        example("round(2.5)", "3"),
        example("round(-2.5)", "-3"),
        example("round(2.5, 2)", "2.50"),
        example("round(1250, -2)", "1300"),
        example("round(7, 2)", "7.00"),
        example("round(16.999, 2)", "17.00"),
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
    if let Num::Int(i) = x
        && digits == 0
    {
        return Ok(Val::int(i));
    }
    round_num(x, digits)
        .map(Val::Num)
        .ok_or_else(|| Raise::from_num(crate::value::NumError::Overflow).at_arg(0))
}

/// Rounds half away from zero to `digits` places (negative: to tens…).
pub(super) fn round_num(x: Num, digits: i64) -> Option<Num> {
    let strategy = RoundingStrategy::MidpointAwayFromZero;
    let exact = match x {
        // Beyond the decimal range a float has no places to round; a tiny
        // one rounds to a decimal (`round(1e-300, 2)` is `0.00`).
        Num::Float(f) => match Decimal::from_f64_retain(f) {
            Some(d) if digits >= 0 => Some(d),
            _ => None,
        },
        _ => x.to_decimal(),
    };
    match exact {
        None => {
            let Num::Float(f) = x else { return None };
            let p = 10f64.powi(i32::try_from(digits).ok()?);
            let r = (f * p).round() / p;
            r.is_finite().then(|| integral(Num::Float(r), digits))
        }
        Some(d) => {
            let rounded = if digits >= 0 {
                let places = u32::try_from(digits).ok()?;
                with_scale_at_least(d.round_dp_with_strategy(places, strategy), places)
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
        ok(&DEF, "[1e-30, 2]", "0.00");
        ok(&DEF, "[1e-300, 2]", "0.00");
        ok(&DEF, "[1e3, 1]", "1000.0");
    }

    #[test]
    fn the_places_do_not_depend_on_the_input_being_whole() {
        for x in ["17", "17.0", "17.00", "16.999", "17.001", "1.7e1"] {
            ok(&DEF, &format!("[{x}, 2]"), "17.00");
        }
        ok(&DEF, "[17]", "17");
        ok(&DEF, "[17.0]", "17");
        ok(&DEF, "[-0.001, 2]", "0.00");
    }
}
