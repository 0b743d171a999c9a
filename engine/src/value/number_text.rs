//! A number as text: the notation `string()`, interpolation and computed
//! floats use, and the JSON number grammar `number()` accepts.
//!
//! A number written without an exponent is written as it is: all its
//! digits, its scale (`1.50`, a 30-digit id). A number written with an
//! exponent is written in plain decimal notation whenever an exact
//! decimal holds it (|x| < 7.9e28, at most 28 places): `1e3` → `1000`,
//! `2.5E-3` → `0.0025`, `1.50e1` → `15.0` (the places the mantissa has
//! beyond the exponent are kept), which is also how the same value prints
//! once computed with. Beyond that range (and for binary floats) the rule
//! is JavaScript's: plain when 1e-7 ≤ |x| < 1e21, else exponent form with
//! one digit before the point and a signed exponent (`1e400` → `1e+400`).
//! Nothing is rounded: the digits are the text's.

use std::borrow::Cow;

/// Beyond the decimal range, numbers from 10^-7 up to, not including,
/// 10^21 are written plainly (JavaScript's range).
const PLAIN_FROM: i64 = -7;
const PLAIN_BELOW: i64 = 21;

/// The text of JSON number `text` in the notation described above.
///
/// ```
/// use ferry_engine::value::number_text;
///
/// assert_eq!(number_text("1.50"), "1.50");
/// assert_eq!(number_text("1e3"), "1000");
/// assert_eq!(number_text("-2.5E-3"), "-0.0025");
/// assert_eq!(number_text("1e21"), "1000000000000000000000");
/// assert_eq!(number_text("1e400"), "1e+400");
/// ```
pub fn plain(text: &str) -> Cow<'_, str> {
    if !text.contains(['e', 'E']) {
        return Cow::Borrowed(text);
    }
    match super::Num::parse(text) {
        Some(n @ (super::Num::Int(_) | super::Num::Dec(_))) => Cow::Owned(n.to_string()),
        _ => javascript(text),
    }
}

/// Exponent-form `text` by JavaScript's rule (`Number.prototype.toString`):
/// plain from 1e-7 up to 1e21, exponent form beyond; the digits kept.
pub(crate) fn javascript(text: &str) -> Cow<'_, str> {
    let Some(marker) = text.find(['e', 'E']) else {
        return Cow::Borrowed(text);
    };
    let (mantissa, exponent) = (&text[..marker], &text[marker + 1..]);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let Some(exponent) = parse_exponent(exponent) else {
        return Cow::Borrowed(text);
    };
    let all: String = [whole, fraction].concat();
    let digits = all.trim_start_matches('0');
    // Where the point falls among `digits`: after `point` of them.
    let stripped = i64::try_from(all.len() - digits.len()).unwrap_or(0);
    let point = i64::try_from(whole.len())
        .unwrap_or(0)
        .saturating_add(exponent)
        .saturating_sub(stripped);
    let mut out = String::with_capacity(text.len() + 8);
    if digits.is_empty() {
        // A zero keeps the scale its text implies (`0.00e1` is `0.0`).
        let scale = i64::try_from(fraction.len()).unwrap_or(0) - exponent;
        out.push('0');
        if scale > 0 {
            out.push('.');
            push_zeros(&mut out, scale.min(28));
        }
        return Cow::Owned(out);
    }
    if negative {
        out.push('-');
    }
    let leading = point - 1;
    if (PLAIN_FROM..PLAIN_BELOW).contains(&leading) {
        let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
        if point <= 0 {
            out.push_str("0.");
            push_zeros(&mut out, -point);
            out.push_str(digits);
        } else if point >= n {
            out.push_str(digits);
            push_zeros(&mut out, point - n);
        } else {
            // 0 < point < n, so the index is in range.
            let split = usize::try_from(point).unwrap_or(0);
            out.push_str(&digits[..split]);
            out.push('.');
            out.push_str(&digits[split..]);
        }
    } else {
        let significant = digits.trim_end_matches('0');
        out.push_str(&significant[..1]);
        if significant.len() > 1 {
            out.push('.');
            out.push_str(&significant[1..]);
        }
        out.push_str(if leading < 0 { "e-" } else { "e+" });
        out.push_str(&leading.unsigned_abs().to_string());
    }
    Cow::Owned(out)
}

/// An exponent's value, saturating far beyond any meaningful magnitude
/// (`1e99999999999999999999` is still written, in exponent form).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits
        .bytes()
        .fold(0i64, |acc, d| {
            acc.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        })
        .min(i64::MAX / 4);
    Some(if negative { -value } else { value })
}

fn push_zeros(out: &mut String, count: i64) {
    for _ in 0..count {
        out.push('0');
    }
}

/// True when `text` is a JSON number (RFC 8259): an optional `-`, no
/// leading zeros, digits on both sides of a point, an optional exponent.
pub(crate) fn is_json_number(text: &[u8]) -> bool {
    let mut i = usize::from(text.first() == Some(&b'-'));
    let digits_from = |i: usize| {
        let n = text[i.min(text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (n > 0).then_some(i + n)
    };
    i = match text.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => match digits_from(i) {
            Some(end) => end,
            None => return false,
        },
        _ => return false,
    };
    if text.get(i) == Some(&b'.') {
        match digits_from(i + 1) {
            Some(end) => i = end,
            None => return false,
        }
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        match digits_from(i) {
            Some(end) => i = end,
            None => return false,
        }
    }
    i == text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_an_exponent_is_kept() {
        for text in [
            "0",
            "-0",
            "1.50",
            "123456789012345678901234567890",
            "0.0001",
        ] {
            assert_eq!(plain(text), text);
        }
    }

    #[test]
    fn exponents_near_one_become_plain_decimals() {
        assert_eq!(plain("1e3"), "1000");
        assert_eq!(plain("1E+3"), "1000");
        assert_eq!(plain("1.5e3"), "1500");
        assert_eq!(plain("1.50e1"), "15.0");
        assert_eq!(plain("2.5E-3"), "0.0025");
        assert_eq!(plain("-12.5e-1"), "-1.25");
        assert_eq!(plain("0.012e2"), "1.2");
        assert_eq!(plain("1e-7"), "0.0000001");
        assert_eq!(plain("12e-9"), "0.000000012");
        assert_eq!(plain("1e21"), "1000000000000000000000");
        assert_eq!(plain("0e5"), "0");
        assert_eq!(plain("0.00e1"), "0.0");
    }

    #[test]
    fn beyond_the_decimal_range_javascript_decides() {
        assert_eq!(plain("1e400"), "1e+400");
        assert_eq!(plain("-1.50e30"), "-1.5e+30");
        assert_eq!(plain("1e-30"), "1e-30");
        assert_eq!(plain("1e99999999999999999999999"), "1e+2305843009213693951");
        assert_eq!(javascript("1e21"), "1e+21");
        assert_eq!(javascript("9.99e20"), "999000000000000000000");
        assert_eq!(javascript("0.15e-7"), "1.5e-8");
        assert_eq!(javascript("1e-7"), "0.0000001");
    }

    #[test]
    fn the_json_grammar_is_strict() {
        for good in ["0", "-0", "12", "1.50", "1e3", "1E+3", "-2.5e-3", "0.5"] {
            assert!(is_json_number(good.as_bytes()), "{good}");
        }
        for bad in [
            "", "-", "050", ".5", "5.", "+1", "1e", "1e+", "1.e3", "0x1", "1 ",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }
}
