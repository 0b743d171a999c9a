//! `replace(text, find, with)`: every occurrence of `find` replaced.
//!
//! Errors: `E0401` when an argument is not a string; `E0404` when `find`
//! is empty; `E0504` when the result would exceed 16 MiB.

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "replace",
    family: "strings",
    params: &[
        param("text", "string"),
        param("find", "string"),
        param("with", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The text with every occurrence of `find` replaced by `with` (literal text, not a regex).",
    details: "Occurrences are found left to right without overlapping. An empty `find` is `E0404`. \
              For patterns, use `regex_replace`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"replace("a-b-c", "-", "/")"#, r#""a/b/c""#),
        example(r#"replace("aaa", "aa", "b")"#, r#""ba""#),
        example(r#"replace("a.b", ".", "")"#, r#""ab""#),
        failing(r#"replace("abc", "", "x")"#, "E0404"),
        failing(r#"replace("abc", "a", 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let find = args.str(1)?;
    let with = args.str(2)?;
    if find.is_empty() {
        return Err(Raise::invalid("the text to find is empty", args.get(1)).at_arg(1));
    }
    let count = text.matches(find).count();
    if count == 0 {
        return Ok(args.get(0).clone());
    }
    let size = (text.len() - count * find.len()).saturating_add(count.saturating_mul(with.len()));
    check_string_size(size)?;
    Ok(Val::string(text.replace(find, with)))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn growth_beyond_the_limit_is_refused() {
        let text = "a".repeat(100_000);
        let with = "b".repeat(200);
        err(&DEF, &format!(r#"["{text}", "a", "{with}"]"#), "E0504");
    }

    #[test]
    fn unicode_is_replaced_whole() {
        ok(&DEF, r#"["čaj čaj", "č", "c"]"#, r#""caj caj""#);
    }
}
