//! `regex_replace(text, regex, replacement)`: every match replaced.
//!
//! Errors: `E0401` on wrong types; `E0404` for an invalid run-time regex;
//! `E0504` when the result would exceed 16 MiB.

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, param, regex};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "regex_replace",
    family: "strings",
    params: &[
        param("text", "string"),
        regex("regex"),
        param("replacement", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The text with every match of the regex replaced.",
    details: "In the replacement, `$1` or `$name` insert a capture group (`$0` the whole match) \
              and `$$` a literal dollar; a group that did not take part inserts nothing. Braces \
              (`${name}`) are needed when letters or digits follow the group; in a Ferry \
              string literal escape that `$`, as `${` starts interpolation there. Matches do not overlap.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"regex_replace("2024-05-17", "([0-9]+)-([0-9]+)-([0-9]+)", "$3.$2.$1")"#,
            r#""17.05.2024""#,
        ),
        example(r#"regex_replace("a  b   c", " +", " ")"#, r#""a b c""#),
        example(r#"regex_replace("abc", "x", "y")"#, r#""abc""#),
        failing(r#"regex_replace("abc", "b", 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let replacement = args.str(2)?;
    let re = args.regex(1)?;
    let replaced = re.replace_all(text, replacement);
    match replaced {
        std::borrow::Cow::Borrowed(_) => Ok(args.get(0).clone()),
        std::borrow::Cow::Owned(s) => {
            check_string_size(s.len())?;
            Ok(Val::string(s))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn named_groups_and_literal_dollars() {
        ok(
            &DEF,
            r#"["EUR 12", "(?P<cur>[A-Z]+) (?P<n>[0-9]+)", "${n} $$${cur}"]"#,
            r#""12 $EUR""#,
        );
    }
}
