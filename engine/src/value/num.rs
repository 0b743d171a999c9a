//! Numbers at run time: integers stay integers, decimals are exact.
//!
//! A number read from the input keeps its text (see `Val::RawNum`) until a
//! mapping computes with it; only then is it parsed into a [`Num`]:
//! an `i64` when the text is an integer that fits, an exact
//! [`Decimal`] (28 significant digits) when it has a fraction or is a
//! larger integer, and an `f64` only when neither can hold it (exponents
//! beyond the decimal range).

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::prelude::*;

/// A computed number.
#[derive(Debug, Clone, Copy)]
pub enum Num {
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// An exact decimal.
    Dec(Decimal),
    /// A binary float: only for magnitudes a decimal cannot hold.
    Float(f64),
}

/// Why arithmetic failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// The result does not fit any representation.
    Overflow,
    /// Division or remainder by zero.
    DivisionByZero,
}

// The arithmetic methods share the std operator names on purpose but
// return `Result`: overflow and division by zero are values, not panics.
#[allow(clippy::should_implement_trait)]
impl Num {
    /// Parses JSON number text (or a decimal literal of the language).
    /// Returns `None` for text that is not a number.
    pub fn parse(text: &str) -> Option<Num> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let bytes = text.as_bytes();
        let body = bytes
            .strip_prefix(b"-")
            .or_else(|| bytes.strip_prefix(b"+"))
            .unwrap_or(bytes);
        if body.is_empty()
            || !body
                .iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        let has_exponent = body.iter().any(|b| matches!(b, b'e' | b'E'));
        let has_point = body.contains(&b'.');
        if !has_exponent
            && !has_point
            && let Ok(i) = text.parse::<i64>()
        {
            return Some(Num::Int(i));
        }
        if !has_exponent {
            if let Ok(d) = Decimal::from_str_exact(text) {
                return Some(Num::Dec(d));
            }
        } else if let Ok(d) = Decimal::from_scientific(text) {
            return Some(Num::Dec(d).normalize_int());
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Some(Num::Float(f)),
            _ => None,
        }
    }

    /// Parses text as `number()` reads it: JSON number syntax exactly
    /// (no `050`, `.5` or `5.`), with surrounding white space and a
    /// leading `+` allowed. `None` for anything else.
    pub fn parse_json(text: &str) -> Option<Num> {
        let text = text.trim();
        let (plus, unsigned) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if plus && unsigned.starts_with('-') || !super::is_json_number(unsigned.as_bytes()) {
            return None;
        }
        Num::parse(unsigned)
    }

    /// An integer-valued decimal with scale 0 becomes an `Int` (used after
    /// parsing exponent forms such as `1e3`).
    fn normalize_int(self) -> Num {
        match self {
            Num::Dec(d) if d.scale() == 0 => d.to_i64().map_or(self, Num::Int),
            other => other,
        }
    }

    /// True when the value is a whole number (`3`, `3.0`).
    pub fn is_integral(self) -> bool {
        match self {
            Num::Int(_) => true,
            Num::Dec(d) => d.fract().is_zero(),
            Num::Float(f) => f.fract() == 0.0,
        }
    }

    /// The number of decimals the value is written with: 0 for integers
    /// and floats, a decimal's scale (`1.50` has 2).
    pub fn scale(self) -> u32 {
        match self {
            Num::Dec(d) => d.scale(),
            Num::Int(_) | Num::Float(_) => 0,
        }
    }

    /// The value as an `i64` when it is a whole number in range.
    pub fn to_i64(self) -> Option<i64> {
        match self {
            Num::Int(i) => Some(i),
            Num::Dec(d) if d.fract().is_zero() => d.to_i64(),
            Num::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
            _ => None,
        }
    }

    /// The value as an `f64` (may round).
    pub fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Dec(d) => d.to_f64().unwrap_or(f64::NAN),
            Num::Float(f) => f,
        }
    }

    /// The value as a decimal, when it fits.
    pub fn to_decimal(self) -> Option<Decimal> {
        match self {
            Num::Int(i) => Some(Decimal::from(i)),
            Num::Dec(d) => Some(d),
            Num::Float(f) => Decimal::from_f64_retain(f),
        }
    }

    /// True for zero of any representation.
    pub fn is_zero(self) -> bool {
        match self {
            Num::Int(i) => i == 0,
            Num::Dec(d) => d.is_zero(),
            Num::Float(f) => f == 0.0,
        }
    }

    /// True when negative (not for zero).
    pub fn is_negative(self) -> bool {
        match self {
            Num::Int(i) => i < 0,
            Num::Dec(d) => d.is_sign_negative() && !d.is_zero(),
            Num::Float(f) => f < 0.0,
        }
    }

    /// `self + other`.
    pub fn add(self, other: Num) -> Result<Num, NumError> {
        self.arith(other, i64::checked_add, Decimal::checked_add, |a, b| a + b)
    }

    /// `self - other`.
    pub fn sub(self, other: Num) -> Result<Num, NumError> {
        self.arith(other, i64::checked_sub, Decimal::checked_sub, |a, b| a - b)
    }

    /// `self * other`.
    pub fn mul(self, other: Num) -> Result<Num, NumError> {
        let product = self.arith(other, i64::checked_mul, Decimal::checked_mul, |a, b| a * b)?;
        Ok(match (product, self, other) {
            // A zero product has the scale of any other product.
            (Num::Dec(d), a, b) if d.is_zero() => {
                let scale = |n: Num| if let Num::Dec(x) = n { x.scale() } else { 0 };
                Num::Dec(Decimal::try_new(0, (scale(a) + scale(b)).min(28)).unwrap_or(d))
            }
            (p, _, _) => p,
        })
    }

    /// `self / other`: the exact quotient with the larger of the operands'
    /// scales, more decimals when the quotient needs them (`19.90 / 2` is
    /// `9.95`, `6.0 / 3` is `2.0`, `7 / 2` is `3.5`); a whole quotient of
    /// two integers is an integer (`6 / 3` is `2`). A quotient with more
    /// than 28 significant digits rounds at the 28th (`1 / 3`).
    pub fn div(self, other: Num) -> Result<Num, NumError> {
        if other.is_zero() {
            return Err(NumError::DivisionByZero);
        }
        if let (Num::Int(a), Num::Int(b)) = (self, other)
            && let Some(0) = a.checked_rem(b)
            && let Some(q) = a.checked_div(b)
        {
            return Ok(Num::Int(q));
        }
        let quotient = self.arith(other, |_, _| None, Decimal::checked_div, |a, b| a / b)?;
        Ok(match quotient {
            // rust_decimal's quotient scale reflects its algorithm, not
            // the operands: `1990 / 100` comes back as `19.90…0` or
            // `19.9` depending on the digits. Normalize it, then give it
            // the operands' scale, so that the scale never depends on
            // whether the quotient happened to be whole.
            Num::Dec(d) => Num::Dec(with_scale_at_least(
                d.normalize(),
                self.scale().max(other.scale()),
            )),
            other => other,
        })
    }

    /// `self % other`, with the sign of `self` (truncated division).
    pub fn rem(self, other: Num) -> Result<Num, NumError> {
        if other.is_zero() {
            return Err(NumError::DivisionByZero);
        }
        self.arith(other, i64::checked_rem, Decimal::checked_rem, |a, b| a % b)
    }

    /// `-self`.
    pub fn neg(self) -> Result<Num, NumError> {
        Ok(match self {
            Num::Int(i) => i
                .checked_neg()
                .map_or_else(|| Num::Dec(-Decimal::from(i)), Num::Int),
            Num::Dec(d) if d.is_zero() => Num::Dec(d.abs()),
            Num::Dec(d) => Num::Dec(-d),
            Num::Float(f) => Num::Float(-f),
        })
    }

    /// Applies an operation in the narrowest representation that holds
    /// both operands: `i64`, else `Decimal`, else `f64`. An `i64` overflow
    /// retries in decimal; a decimal overflow falls back to `f64`.
    fn arith(
        self,
        other: Num,
        int: fn(i64, i64) -> Option<i64>,
        dec: fn(Decimal, Decimal) -> Option<Decimal>,
        float: fn(f64, f64) -> f64,
    ) -> Result<Num, NumError> {
        if let (Num::Int(a), Num::Int(b)) = (self, other)
            && let Some(r) = int(a, b)
        {
            return Ok(Num::Int(r));
        }
        let both_exact = !matches!(self, Num::Float(_)) && !matches!(other, Num::Float(_));
        if both_exact
            && let (Some(a), Some(b)) = (self.to_decimal(), other.to_decimal())
            && let Some(r) = dec(a, b)
        {
            return Ok(Num::Dec(keep_zero_scale(r, a, b)));
        }
        let r = float(self.to_f64(), other.to_f64());
        if r.is_finite() {
            Ok(Num::Float(r))
        } else {
            Err(NumError::Overflow)
        }
    }

    /// The shortest text of the value, the same for all numbers that are
    /// equal under `==`: no trailing zeros, no point for a whole number
    /// (`1.50` → `1.5`, `2.0` → `2`). Used where a number names something
    /// (an object key computed by `group_by`).
    pub fn canonical_text(self) -> String {
        match self {
            Num::Dec(d) => {
                let d = d.normalize();
                if d.is_zero() {
                    "0".to_owned()
                } else {
                    d.to_string()
                }
            }
            other => other.to_string(),
        }
    }

    /// Numeric order (`1 == 1.0`).
    pub fn compare(self, other: Num) -> Ordering {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a.cmp(&b),
            (Num::Float(_), _) | (_, Num::Float(_)) => self
                .to_f64()
                .partial_cmp(&other.to_f64())
                .unwrap_or(Ordering::Equal),
            _ => match (self.to_decimal(), other.to_decimal()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => self
                    .to_f64()
                    .partial_cmp(&other.to_f64())
                    .unwrap_or(Ordering::Equal),
            },
        }
    }

    /// Numeric equality (`1 == 1.0`).
    pub fn equals(self, other: Num) -> bool {
        self.compare(other) == Ordering::Equal
    }
}

/// `d` written with at least `scale` decimals (`2` → `2.00`), when the
/// 96-bit mantissa can hold them; a zero is never negative.
pub(crate) fn with_scale_at_least(d: Decimal, scale: u32) -> Decimal {
    let scale = scale.min(28);
    if d.is_zero() {
        return Decimal::try_new(0, scale.max(d.scale())).unwrap_or(Decimal::ZERO);
    }
    if d.scale() >= scale {
        return d;
    }
    let mut widened = d;
    widened.rescale(scale);
    // `rescale` gives up (rounding) when the digits do not fit: keep `d`.
    if widened == d { widened } else { d }
}

/// A zero result keeps the scale the operation implies (`0 * 89.00` is
/// `0.00`, as the non-zero cases are) and is never negative: rust_decimal
/// returns a bare or signed zero, which would print `0` or `-0.00`.
fn keep_zero_scale(r: Decimal, a: Decimal, b: Decimal) -> Decimal {
    if !r.is_zero() {
        return r;
    }
    let scale = r.scale().max(a.scale().max(b.scale())).min(28);
    Decimal::try_new(0, scale).unwrap_or(Decimal::ZERO)
}

impl fmt::Display for Num {
    /// JSON number text: integers as integers, decimals in plain notation
    /// with their scale (`0.30`), floats with their shortest round-trip
    /// digits, in exponent form outside 1e-7 ≤ |x| < 1e21 (as JavaScript).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Dec(d) => write!(f, "{d}"),
            Num::Float(x) => f.write_str(&super::number_text::javascript(&format!("{x:e}"))),
        }
    }
}

impl From<i64> for Num {
    fn from(i: i64) -> Num {
        Num::Int(i)
    }
}

impl From<Decimal> for Num {
    fn from(d: Decimal) -> Num {
        Num::Dec(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Num {
        Num::parse(text).unwrap()
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(n("0.1").add(n("0.2")).unwrap().to_string(), "0.3");
        assert!(n("0.1").add(n("0.2")).unwrap().equals(n("0.3")));
    }

    #[test]
    fn integers_stay_integers() {
        assert!(matches!(n("2").mul(n("21")).unwrap(), Num::Int(42)));
        assert!(matches!(n("84").div(n("2")).unwrap(), Num::Int(42)));
        assert_eq!(n("1").div(n("4")).unwrap().to_string(), "0.25");
    }

    #[test]
    fn integer_overflow_moves_to_decimal() {
        let big = Num::Int(i64::MAX).add(Num::Int(1)).unwrap();
        assert_eq!(big.to_string(), "9223372036854775808");
    }

    #[test]
    fn whole_quotients_of_integers_are_integers() {
        assert!(matches!(n("333").div(n("9")).unwrap(), Num::Int(37)));
        assert_eq!(n("7").div(n("2")).unwrap().to_string(), "3.5");
    }

    #[test]
    fn quotients_keep_the_larger_scale_of_their_operands() {
        let q = |a: &str, b: &str| n(a).div(n(b)).unwrap().to_string();
        assert_eq!(q("333.0", "9"), "37.0");
        assert_eq!(q("1990", "100"), "19.9");
        assert_eq!(q("1990.00", "100"), "19.90");
        assert_eq!(q("19.90", "2"), "9.95");
        assert_eq!(q("1", "0.50"), "2.00");
        assert_eq!(q("0", "2.5"), "0.0");
        assert_eq!(q("-0.00", "3"), "0.00");
        assert_eq!(q("1.00", "3"), "0.3333333333333333333333333333");
    }

    #[test]
    fn floats_print_like_javascript() {
        let f = |x: f64| Num::Float(x).to_string();
        assert_eq!(f(1e300), "1e+300");
        assert_eq!(f(-2.5e-300), "-2.5e-300");
        assert_eq!(f(10.0), "10");
        assert_eq!(f(0.5), "0.5");
        assert_eq!(f(0.0), "0");
    }

    #[test]
    fn zero_results_keep_their_scale_and_sign() {
        assert_eq!(n("0").mul(n("89.00")).unwrap().to_string(), "0.00");
        assert_eq!(n("0.50").mul(n("0.00")).unwrap().to_string(), "0.0000");
        assert_eq!(n("0.00").add(n("0")).unwrap().to_string(), "0.00");
        assert_eq!(n("0.00").neg().unwrap().to_string(), "0.00");
        assert_eq!(n("1.5").sub(n("1.50")).unwrap().to_string(), "0.00");
    }

    #[test]
    fn division_by_zero_is_an_error() {
        assert_eq!(n("1").div(n("0")).unwrap_err(), NumError::DivisionByZero);
        assert_eq!(
            n("1.5").rem(n("0.0")).unwrap_err(),
            NumError::DivisionByZero
        );
    }

    #[test]
    fn parse_rejects_non_numbers() {
        for text in ["", "abc", "1.2.3x", "--1", "nan", "inf"] {
            assert!(Num::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn huge_exponents_fall_back_to_float() {
        assert!(matches!(n("1e300"), Num::Float(_)));
        assert!(matches!(n("1e3"), Num::Int(1000)));
    }

    #[test]
    fn comparison_is_numeric_across_representations() {
        assert!(n("1").equals(n("1.00")));
        assert_eq!(n("2").compare(n("10.5")), Ordering::Less);
        assert_eq!(n("1e300").compare(n("5")), Ordering::Greater);
    }
}
