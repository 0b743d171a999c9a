//! `substring(text, start, end?)`: the characters from `start` up to `end`.
//!
//! Errors: `E0401` when `text` is not a string or a bound is not a number;
//! `E0404` when a bound is not a whole number.

use super::support::clamp_range;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::{Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "substring",
    family: "strings",
    params: &[
        param("text", "string"),
        param("start", "number"),
        optional("end", "number"),
    ],
    variadic: false,
    returns: "string",
    summary: "The characters from index `start` (counted from 0) up to, not including, `end` (default: the end).",
    details: "Indexes count characters (code points), not bytes. A negative index counts from \
              the end (`-1` is the last character). Indexes beyond either end are clamped, and \
              an `end` before `start` gives `\"\"`; only a bound that is not a whole number is an error.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"substring("Zoë Hopper", 0, 3)"#, r#""Zoë""#),
        example(r#"substring("Zoë Hopper", 4)"#, r#""Hopper""#),
        example(r#"substring("invoice.pdf", -3)"#, r#""pdf""#),
        example(r#"substring("abc", 1, 99)"#, r#""bc""#),
        example(r#"substring("abc", 2, 1)"#, r#""""#),
        failing(r#"substring("abc", 1.5)"#, "E0404"),
        failing(r#"substring("abc", "1")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let handle = args.string(0)?;
    let start = args.int(1)?;
    let end = if args.has(2) && !args.get(2).is_null() {
        Some(args.int(2)?)
    } else {
        None
    };
    let text = handle.as_str();
    let (from, to) = if text.is_ascii() {
        clamp_range(text.len(), start, end)
    } else {
        let count = text.chars().count();
        let (from, to) = clamp_range(count, start, end);
        let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
        (byte(from), byte(to))
    };
    if from == 0 && to == text.len() {
        return Ok(args.get(0).clone());
    }
    Ok(Val::Str(match handle.as_borrowed() {
        Some(b) => Str::Borrowed(&b[from..to]),
        None => Str::from(text[from..to].to_owned()),
    }))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn negative_end_counts_from_the_end() {
        ok(&DEF, r#"["résumé", 1, -1]"#, r#""ésum""#);
        ok(&DEF, r#"["abc", -10, 2]"#, r#""ab""#);
    }

    #[test]
    fn null_end_means_to_the_end() {
        ok(&DEF, r#"["abc", 1, null]"#, r#""bc""#);
    }
}
