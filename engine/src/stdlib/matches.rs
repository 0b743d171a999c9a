//! `matches(text, regex)`: whether the regex finds a match in the text.
//!
//! Errors: `E0401` when `text` or `regex` is not a string; `E0404` when a
//! regex computed at run time is invalid (a constant one fails at compile
//! time, `E0301`).

use super::{Args, FnDef, NullPolicy, example, failing, param, regex};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "matches",
    family: "strings",
    params: &[param("text", "string"), regex("regex")],
    variadic: false,
    returns: "boolean",
    summary: "True when the regular expression matches anywhere in the text.",
    details: "The search is unanchored: use `^…$` to match the whole text. Syntax is that of \
              Rust's `regex` crate (Perl-like, no look-around or backreferences; matching takes \
              linear time). Flags go inline: `(?i)` for case-insensitive.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"matches("order-123", "[0-9]+")"#, "true"),
        example(r#"matches("order-123", "^[0-9]+$")"#, "false"),
        example(r#"matches("ABC", "(?i)^abc$")"#, "true"),
        failing(r#"matches(123, "[0-9]+")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    Ok(Val::Bool(args.regex(1)?.is_match(text)))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::err;

    #[test]
    fn invalid_regex_at_run_time_is_invalid_value() {
        err(&DEF, r#"["abc", "(unclosed"]"#, "E0404");
    }
}
