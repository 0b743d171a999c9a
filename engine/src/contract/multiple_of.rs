//! `multipleOf`, decided exactly from the numbers' decimal digits.
//!
//! The validator's own keyword divides in `f64` and prints the quotient
//! back to decimal for every number: the largest single cost of validating
//! money amounts, and inexact where money is. Here `19.99` against `0.01`
//! is `1999 × 10⁻²` against `1 × 10⁻²`: integer arithmetic on the digits.
//! Only numbers beyond 38 significant digits go through `f64`.

use jsonschema::json::{Json, JsonNumber, Node};
use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

/// The compiled keyword: the divisor as digits and a power of ten.
struct MultipleOf {
    divisor: Option<(i128, i32)>,
    divisor_f64: f64,
    text: String,
}

/// The factory `with_keyword("multipleOf", …)` takes.
pub(crate) fn factory<'a, F: Json>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _location: Location,
) -> Result<Box<dyn for<'i> Keyword<'i, F>>, ValidationError<'a>> {
    let Value::Number(n) = value else {
        return Err(ValidationError::schema("`multipleOf` must be a number"));
    };
    let text = n.to_string();
    let divisor_f64 = text.parse::<f64>().unwrap_or(f64::NAN);
    // NaN (an unparsable text) is not greater than 0 either.
    if divisor_f64.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Err(ValidationError::schema(
            "`multipleOf` must be greater than 0",
        ));
    }
    Ok(Box::new(MultipleOf {
        divisor: decimal(&text),
        divisor_f64,
        text,
    }))
}

impl MultipleOf {
    fn holds(&self, number: &str) -> bool {
        if let (Some((m1, e1)), Some((m2, e2))) = (decimal(number), self.divisor) {
            if m1 == 0 {
                return true;
            }
            // value = m1·10^e1, divisor = m2·10^e2 (m2 > 0).
            let exact = if e1 >= e2 {
                10i128
                    .checked_pow((e1 - e2) as u32)
                    .and_then(|p| m1.checked_mul(p))
                    .map(|v| v % m2 == 0)
            } else {
                10i128
                    .checked_pow((e2 - e1) as u32)
                    .and_then(|p| m2.checked_mul(p))
                    .map(|d| m1 % d == 0)
            };
            if let Some(exact) = exact {
                return exact;
            }
        }
        // Past 38 digits: the quotient in `f64`.
        match number.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                let q = v / self.divisor_f64;
                q.is_finite() && q.fract() == 0.0
            }
            _ => false,
        }
    }
}

impl<'i, F: Json> Keyword<'i, F> for MultipleOf {
    fn validate(&self, instance: F::Node<'i>) -> Result<(), ValidationError<'i>> {
        if Keyword::<F>::is_valid(self, instance.clone()) {
            return Ok(());
        }
        let shown = instance
            .as_number()
            .map(|n| n.as_str().into_owned())
            .unwrap_or_default();
        Err(ValidationError::custom(format!(
            "{shown} is not a multiple of {}",
            self.text
        )))
    }

    fn is_valid(&self, instance: F::Node<'i>) -> bool {
        match instance.as_number() {
            Some(n) => self.holds(&n.as_str()),
            None => true,
        }
    }
}

/// A JSON number's text as `(digits, power of ten)`, trailing zeros of the
/// digits folded into the power; `None` past 38 significant digits. No
/// allocation: it runs for every number a `multipleOf` sees.
fn decimal(text: &str) -> Option<(i128, i32)> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches('-');
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut m: i128 = 0;
    let mut significant = 0usize;
    // Zeros seen since the last nonzero digit: folded into the power when
    // no nonzero digit follows.
    let mut pending_zeros = 0i32;
    for b in whole.bytes().chain(fraction.bytes()) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        if d == 0 {
            if significant > 0 {
                pending_zeros += 1;
            }
            continue;
        }
        for _ in 0..pending_zeros {
            m = m.checked_mul(10)?;
        }
        significant += pending_zeros as usize + 1;
        pending_zeros = 0;
        if significant > 38 {
            return None;
        }
        m = m.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    if m == 0 {
        return Some((0, 0));
    }
    let e = exponent
        .checked_sub(i32::try_from(fraction.len()).ok()?)?
        .checked_add(pending_zeros)?;
    Some((if negative { -m } else { m }, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword(divisor: &str) -> MultipleOf {
        let text = divisor.to_owned();
        MultipleOf {
            divisor: decimal(divisor),
            divisor_f64: divisor.parse().unwrap(),
            text,
        }
    }

    #[test]
    fn money_is_decided_exactly() {
        let cents = keyword("0.01");
        for (n, ok) in [
            ("19.99", true),
            ("0.07", true),
            ("1e-2", true),
            ("100", true),
            ("-3.10", true),
            ("1.001", false),
            ("0.005", false),
            ("0", true),
            ("123456789012345678901234567890.01", true),
        ] {
            assert_eq!(cents.holds(n), ok, "{n}");
        }
        let three = keyword("3");
        assert!(three.holds("9e3") && three.holds("1.2e1") && !three.holds("10"));
        let tenth = keyword("0.1");
        // 0.3 / 0.1 is 2.9999999999999996 in f64: exact here.
        assert!(tenth.holds("0.3"));
        let half = keyword("1.5e2");
        assert!(half.holds("300") && !half.holds("225"));
    }

    #[test]
    fn digits_and_powers_of_ten() {
        assert_eq!(decimal("19.99"), Some((1999, -2)));
        assert_eq!(decimal("1500"), Some((15, 2)));
        assert_eq!(decimal("-0.0"), Some((0, 0)));
        assert_eq!(decimal("2.50e3"), Some((25, 2)));
        assert_eq!(decimal(&"9".repeat(40)), None);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_exact_decimal_arithmetic(
            units in -10_000_000i64..10_000_000,
            scale in 0u32..7,
            divisor in proptest::sample::select(vec!["0.01", "0.5", "3", "0.0001", "2.5e-1", "1e1", "0.03"]),
        ) {
            use std::str::FromStr;
            let value = rust_decimal::Decimal::new(units, scale);
            let text = value.to_string();
            let d = rust_decimal::Decimal::from_scientific(divisor)
                .or_else(|_| rust_decimal::Decimal::from_str(divisor))
                .unwrap();
            let exact = (value % d).is_zero();
            proptest::prop_assert_eq!(keyword(divisor).holds(&text), exact, "{} / {}", text, divisor);
        }
    }
}
