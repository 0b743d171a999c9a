//! `capture(text, regex)`: the capture groups of the first match, as an
//! object, or null when the regex does not match.
//!
//! Errors: `E0401` on wrong types; `E0404` for an invalid run-time regex.

use super::{Args, FnDef, NullPolicy, example, failing, param, regex};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "capture",
    family: "strings",
    params: &[param("text", "string"), regex("regex")],
    variadic: false,
    returns: "object or null",
    summary: "The groups of the regex's first match as an object, or null when it does not match.",
    details: "The object has `\"0\"` for the whole match, then each group in order: a named \
              group (`(?P<year>…)` or `(?<year>…)`) under its name, an unnamed one under its \
              number (`\"1\"`, `\"2\"`…). A group that did not take part is null.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"capture("INV-2024-0042", "(?P<year>[0-9]{4})-([0-9]+)")"#,
            r#"{"0":"2024-0042","year":"2024","2":"0042"}"#,
        ),
        example(r#"capture("no digits", "[0-9]+")"#, "null"),
        example(r#"capture("ab", "a(x)?b")"#, r#"{"0":"ab","1":null}"#),
        failing(r#"capture(["x"], "x")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let handle = args.string(0)?;
    let re = args.regex(1)?;
    let text = handle.as_str();
    let Some(caps) = re.captures(text) else {
        return Ok(Val::Null);
    };
    let mut map = ObjMap::with_capacity(caps.len());
    for (i, name) in re.capture_names().enumerate() {
        let key = match name {
            Some(n) => n.to_owned(),
            None => i.to_string(),
        };
        let value = match caps.get(i) {
            Some(m) => Val::Str(match handle.as_borrowed() {
                Some(b) => Str::Borrowed(&b[m.range()]),
                None => Str::from(m.as_str().to_owned()),
            }),
            None => Val::Null,
        };
        map.insert(Str::from(key), value);
    }
    Ok(Val::object(map))
}
