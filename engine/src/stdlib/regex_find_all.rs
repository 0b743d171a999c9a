//! `regex_find_all(text, regex)`: every match of the regex, in order.
//!
//! Errors: `E0401` on wrong types; `E0404` for an invalid run-time regex;
//! `E0504` beyond 1,000,000 matches.

use super::support::check_items;
use super::{Args, FnDef, NullPolicy, example, failing, param, regex};
use crate::error::Raise;
use crate::value::{Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "regex_find_all",
    family: "strings",
    params: &[param("text", "string"), regex("regex")],
    variadic: false,
    returns: "array of strings",
    summary: "The texts of all non-overlapping matches of the regex, left to right.",
    details: "Whole matches only; use `capture` for groups. No match gives `[]`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"regex_find_all("a1 b22 c333", "[0-9]+")"#,
            r#"["1","22","333"]"#,
        ),
        example(r#"regex_find_all("abc", "[0-9]+")"#, "[]"),
        failing(r#"regex_find_all(12, "[0-9]")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let handle = args.string(0)?;
    let re = args.regex(1)?;
    let text = handle.as_str();
    let mut out = Vec::new();
    for m in re.find_iter(text) {
        out.push(Val::Str(match handle.as_borrowed() {
            Some(b) => Str::Borrowed(&b[m.range()]),
            None => Str::from(m.as_str().to_owned()),
        }));
        check_items(out.len())?;
    }
    Ok(Val::array(out))
}
