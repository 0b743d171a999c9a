//! `format_number(x, picture, options?)`: the number as text shaped by a
//! picture such as `"#,##0.00"`, the same in every locale.
//!
//! Errors: `E0401` on wrong types; `E0404` for a picture or option that
//! is not valid (the message says what is wrong); `E0504` beyond 16 MiB.

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "format_number",
    family: "numbers",
    params: &[
        param("x", "number"),
        param("picture", "string"),
        optional("options", "object"),
    ],
    variadic: false,
    returns: "string",
    summary: "The number as text laid out by a picture (`\"#,##0.00\"`, `\"0.0%\"`, `\"000\"`), with `.` and `,` unless the options say otherwise.",
    details: "In the picture, `0` is a digit always shown, `#` a digit shown only when needed, \
              `.` the decimal point and `,` the grouping separator, as in Excel, DataWeave and \
              Java: the digits between the last `,` and the point give the group size \
              (`#,##0` groups by three). The fraction shows at least one digit per `0` \
              and at most one per `0` or `#` (`0.0#` shows 1 or 2). Text before and \
              after the digits is copied (`\"$#,##0\"`, `\"0.00 EUR\"`); a `%` in it multiplies by \
              100, a `‰` by 1000. A second picture after `;` is used for negative numbers, \
              without a minus sign added (`\"0.00;(0.00)\"`); otherwise negatives get a leading \
              `-`. Rounding is half away from zero, as `round` does (`format_number(2.345, \
              \"0.00\")` is `\"2.35\"`), and exact: decimals are never routed through binary \
              floating point. A value that rounds to zero has no minus sign. The picture \
              always uses `.` and `,`; the output uses the options `decimal` (default `.`) and \
              `grouping` (default `,`, `\"\"` for none): `{decimal: \",\", grouping: \".\"}` \
              writes `1.234.567,50`. A picture that cannot be read (no `0` or `#`, two points, \
              `#` after `0` in the integer part, `0` after `#` in the fraction, a `,` in the \
              fraction, digits split by text, more than one `;`) is `E0404` with the reason.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r##"format_number(1234567.5, "#,##0.00")"##,
            r#""1,234,567.50""#,
        ),
        example(r#"format_number(0.4173, "0.0%")"#, r#""41.7%""#),
        example(r#"format_number(5, "000")"#, r#""005""#),
        example(r#"format_number(-3.14159, "0.00")"#, r#""-3.14""#),
        example(
            r##"format_number(1234567.5, "#,##0.00", {"decimal": ",", "grouping": "."})"##,
            r#""1.234.567,50""#,
        ),
        example(
            r##"format_number(-42, "#,##0.00;(#,##0.00)")"##,
            r#""(42.00)""#,
        ),
        example(r#"format_number(2.5, "0.##")"#, r#""2.5""#),
        failing(r##"format_number(1, "0.0.0")"##, "E0404"),
        failing(r##"format_number("12", "0")"##, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let x = args.num(0)?;
    let text = args.str(1)?;
    let bad =
        |why: String| Raise::invalid(format!("bad picture {text:?}: {why}"), args.get(1)).at_arg(1);
    let (positive, negative) = match text.split_once(';') {
        None => (Picture::parse(text).map_err(bad)?, None),
        Some((p, n)) => {
            if n.contains(';') {
                return Err(bad("more than one `;`".into()));
            }
            (
                Picture::parse(p).map_err(bad)?,
                Some(Picture::parse(n).map_err(|why| bad(format!("after `;`: {why}")))?),
            )
        }
    };
    let symbols = Symbols::from_options(args)?;
    let magnitude = Digits::of(x);
    let signed = match (&negative, magnitude.negative) {
        (Some(picture), true) => match picture.render(&magnitude, &symbols) {
            (body, false) => Some(format!("{}{body}{}", picture.prefix, picture.suffix)),
            // Rounded to zero: not negative any more.
            (_, true) => None,
        },
        _ => None,
    };
    let out = match signed {
        Some(out) => out,
        None => {
            let (body, zero) = positive.render(&magnitude, &symbols);
            let minus = if magnitude.negative && !zero { "-" } else { "" };
            format!("{minus}{}{body}{}", positive.prefix, positive.suffix)
        }
    };
    check_string_size(out.len())?;
    Ok(Val::string(out))
}

/// The output's decimal point and grouping separator.
struct Symbols {
    decimal: String,
    grouping: String,
}

impl Symbols {
    fn from_options(args: &Args<'_, '_>) -> Result<Symbols, Raise> {
        let mut symbols = Symbols {
            decimal: ".".into(),
            grouping: ",".into(),
        };
        let options = match args.get(2) {
            Val::Null => return Ok(symbols),
            _ => args.object(2)?,
        };
        for (k, v) in options.iter() {
            let slot = match k.as_str() {
                "decimal" => &mut symbols.decimal,
                "grouping" => &mut symbols.grouping,
                other => {
                    return Err(Raise::invalid(
                        format!("unknown option {other:?}: the options are decimal and grouping"),
                        args.get(2),
                    )
                    .at_arg(2));
                }
            };
            match &v {
                Val::Str(s) => *slot = s.as_str().to_owned(),
                other => {
                    return Err(Raise::type_mismatch(
                        &format!("a string for the option {:?}", k.as_str()),
                        other,
                    )
                    .at_arg(2));
                }
            }
        }
        if symbols.decimal.is_empty() {
            return Err(Raise::invalid("the decimal option is empty", args.get(2)).at_arg(2));
        }
        if symbols.decimal == symbols.grouping {
            return Err(Raise::invalid(
                "the decimal and grouping options are the same",
                args.get(2),
            )
            .at_arg(2));
        }
        Ok(symbols)
    }
}

/// A number as its exact decimal digits.
struct Digits {
    negative: bool,
    /// Digits before the point, without leading zeros.
    int: Vec<u8>,
    /// Digits after the point.
    frac: Vec<u8>,
}

impl Digits {
    /// The exact digits: from the integer or decimal itself, and for a
    /// float from its shortest round-trip text (which Rust writes without
    /// an exponent).
    fn of(x: Num) -> Digits {
        let text = match x {
            Num::Int(i) => i.to_string(),
            Num::Dec(d) => d.to_string(),
            Num::Float(f) => format!("{f}"),
        };
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| {
            s.bytes()
                .filter(u8::is_ascii_digit)
                .map(|b| b - b'0')
                .collect()
        };
        let mut int: Vec<u8> = digits(int);
        let lead = int.iter().take_while(|&&d| d == 0).count();
        int.drain(..lead);
        Digits {
            negative,
            int,
            frac: digits(frac),
        }
    }
}

/// A parsed picture (one side of `;`).
struct Picture {
    prefix: String,
    suffix: String,
    /// Integer digits always shown.
    min_int: usize,
    /// Group size, when the picture groups.
    group: Option<usize>,
    min_frac: usize,
    max_frac: usize,
    /// Power of ten the number is multiplied by (`%` 2, `‰` 3).
    shift: usize,
}

impl Picture {
    fn parse(text: &str) -> Result<Picture, String> {
        let is_pattern = |c: char| matches!(c, '0' | '#' | '.' | ',');
        let start = text
            .find(['0', '#'])
            .ok_or("it has no digit placeholder (`0` or `#`)")?;
        // The pattern may open with `.` or `,` just before the first digit.
        let start = text[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c == '.' || c == ',')
            .last()
            .map_or(start, |(i, _)| i);
        let len = text[start..]
            .find(|c: char| !is_pattern(c))
            .unwrap_or(text.len() - start);
        let (prefix, pattern, suffix) = (
            &text[..start],
            &text[start..start + len],
            &text[start + len..],
        );
        if suffix.contains(['0', '#']) {
            return Err("the digits are split by other text".into());
        }
        let mut shift = 0;
        for c in prefix.chars().chain(suffix.chars()) {
            let s = match c {
                '%' => 2,
                '‰' => 3,
                _ => continue,
            };
            if shift != 0 {
                return Err("more than one `%` or `‰`".into());
            }
            shift = s;
        }
        let (int, frac) = match pattern.split_once('.') {
            Some((_, f)) if f.contains('.') => return Err("more than one decimal point".into()),
            Some((i, f)) => (i, f),
            None => (pattern, ""),
        };
        if int.contains("0#") || int.replace(',', "").contains("0#") {
            return Err("`#` after `0` in the integer part: write `#,##0`, not `0,##`".into());
        }
        if frac.contains(',') {
            return Err("a grouping separator `,` in the fraction".into());
        }
        if frac.contains("#0") {
            return Err("`0` after `#` in the fraction: write `0.0#`, not `0.#0`".into());
        }
        let group = match int.rfind(',') {
            None => None,
            Some(i) if i + 1 == int.len() => {
                return Err("a grouping separator `,` right before the point or the end".into());
            }
            Some(i) => Some(int.len() - i - 1),
        };
        if int.contains(",,") {
            return Err("two grouping separators `,,` in a row".into());
        }
        Ok(Picture {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            min_int: int.matches('0').count(),
            group,
            min_frac: frac.matches('0').count(),
            max_frac: frac.len(),
            shift,
        })
    }

    /// The digits of `x`'s magnitude as the picture lays them out, and
    /// whether every shown digit is zero.
    fn render(&self, x: &Digits, symbols: &Symbols) -> (String, bool) {
        let mut int = x.int.clone();
        let mut frac = x.frac.clone();
        // Multiply by 10^shift: move digits across the point.
        for _ in 0..self.shift {
            int.push(if frac.is_empty() { 0 } else { frac.remove(0) });
        }
        let lead = int.iter().take_while(|&&d| d == 0).count();
        int.drain(..lead);
        // Round half away from zero at `max_frac` places: the dropped
        // digits are exact, so a first dropped digit ≥ 5 means at least a half.
        if frac.len() > self.max_frac {
            let up = frac[self.max_frac] >= 5;
            frac.truncate(self.max_frac);
            if up && !increment(&mut frac) && !increment(&mut int) {
                int.insert(0, 1);
            }
        }
        while frac.len() > self.min_frac && frac.last() == Some(&0) {
            frac.pop();
        }
        frac.resize(frac.len().max(self.min_frac), 0);
        let lead = int.iter().take_while(|&&d| d == 0).count();
        int.drain(..lead);
        let zero = int.is_empty() && frac.iter().all(|&d| d == 0);
        if int.len() < self.min_int {
            let pad = self.min_int - int.len();
            int.splice(0..0, std::iter::repeat_n(0, pad));
        }
        if int.is_empty() && frac.is_empty() {
            int.push(0);
        }
        let mut out = String::with_capacity(int.len() * 2 + frac.len() + 1);
        for (i, d) in int.iter().enumerate() {
            if let Some(size) = self.group
                && i > 0
                && (int.len() - i).is_multiple_of(size)
            {
                out.push_str(&symbols.grouping);
            }
            out.push(char::from(b'0' + d));
        }
        if !frac.is_empty() {
            out.push_str(&symbols.decimal);
            out.extend(frac.iter().map(|d| char::from(b'0' + d)));
        }
        (out, zero)
    }
}

/// Adds one to the last digit, carrying; false when it carries out of
/// the first (all nines, now zeros).
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn rounding_is_half_away_from_zero_and_exact() {
        ok(&DEF, r#"[2.345, "0.00"]"#, r#""2.35""#);
        ok(&DEF, r#"[-2.345, "0.00"]"#, r#""-2.35""#);
        ok(&DEF, r#"[1.005, "0.00"]"#, r#""1.01""#);
        ok(&DEF, r#"[9.995, "0.00"]"#, r#""10.00""#);
        ok(&DEF, r##"[999.5, "#,##0"]"##, r#""1,000""#);
        ok(&DEF, r#"[0.5, "0"]"#, r#""1""#);
        ok(&DEF, r#"[-0.001, "0.00"]"#, r#""0.00""#);
        ok(&DEF, r#"[0.125, "0.0#"]"#, r#""0.13""#);
    }

    #[test]
    fn optional_digits() {
        ok(&DEF, r##"[0.5, "#.##"]"##, r#"".5""#);
        ok(&DEF, r##"[0, "#.##"]"##, r#""0""#);
        ok(&DEF, r##"[12, "0.0#"]"##, r#""12.0""#);
        ok(&DEF, r##"[12.345, "#"]"##, r#""12""#);
        ok(&DEF, r##"[1234, "#,###"]"##, r#""1,234""#);
        ok(&DEF, r##"[123, "#,##0.00"]"##, r#""123.00""#);
        ok(&DEF, r##"[1234567, "#,####"]"##, r#""123,4567""#);
    }

    #[test]
    fn prefixes_suffixes_and_percent() {
        ok(&DEF, r##"[-1234.5, "$#,##0.00"]"##, r#""-$1,234.50""#);
        ok(&DEF, r##"[0.05, "0 %"]"##, r#""5 %""#);
        ok(&DEF, r##"[0.0042, "0.0‰"]"##, r#""4.2‰""#);
        ok(&DEF, r##"[3, "0.00 EUR"]"##, r#""3.00 EUR""#);
        ok(&DEF, r##"[3, "0;(0)"]"##, r#""3""#);
        ok(&DEF, r##"[-0.001, "0.00;(0.00)"]"##, r#""0.00""#);
    }

    #[test]
    fn big_and_tiny_numbers() {
        ok(
            &DEF,
            r##"[123456789012345678901234567.8, "#,##0"]"##,
            r#""123,456,789,012,345,678,901,234,568""#,
        );
        ok(
            &DEF,
            r##"[1e300, "0"]"##,
            &format!("\"1{}\"", "0".repeat(300)),
        );
        ok(&DEF, r##"[1e-30, "0.00"]"##, r#""0.00""#);
        ok(
            &DEF,
            r##"[9223372036854775807, "#,##0"]"##,
            r#""9,223,372,036,854,775,807""#,
        );
        ok(
            &DEF,
            r##"[-9223372036854775808, "0"]"##,
            r#""-9223372036854775808""#,
        );
    }

    #[test]
    fn options() {
        ok(
            &DEF,
            r##"[1234.5, "#,##0.00", {"grouping": "\u00a0", "decimal": ","}]"##,
            "\"1\u{a0}234,50\"",
        );
        ok(
            &DEF,
            r##"[1234.5, "#,##0.0", {"grouping": ""}]"##,
            r#""1234.5""#,
        );
        ok(&DEF, r##"[1234.5, "#,##0.0", null]"##, r#""1,234.5""#);
        err(&DEF, r##"[1, "0", {"decimals": ","}]"##, "E0404");
        err(
            &DEF,
            r##"[1, "0", {"decimal": ",", "grouping": ","}]"##,
            "E0404",
        );
        err(&DEF, r##"[1, "0", {"decimal": 1}]"##, "E0401");
        err(&DEF, r##"[1, "0", "de"]"##, "E0401");
    }

    #[test]
    fn bad_pictures() {
        for picture in [
            "", "abc", "0.0.0", "0#", "0,##", "0.#0", "0.0,0", "#,", "#,##0,", "0 0", "0;0;0",
            "0;", "0%%", "#,,##0",
        ] {
            err(&DEF, &format!("[1, {picture:?}]"), "E0404");
        }
    }
}
