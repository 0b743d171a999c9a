//! `mask(text, keep?, char?)`: the text for display, every character but
//! the last `keep` replaced by `char`.
//!
//! Errors: `E0401` on wrong types; `E0404` when `keep` is negative or not a
//! whole number, or `char` is not one character; `E0504` when the result
//! would exceed 16 MiB.

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "mask",
    family: "strings",
    params: &[
        param("text", "string"),
        optional("keep", "number"),
        optional("char", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The text with every character but the last `keep` (default 4) replaced by `char` (default `*`), for display.",
    details: "Characters are counted as code points, not bytes, and the result has as many \
              characters as the text. A text of `keep` characters or fewer is masked whole, \
              so a short value never shows through: `mask(\"1234\")` is `\"****\"`. A `keep` \
              of 0 masks everything; a negative `keep` is `E0404`, and so is a `char` that \
              is not exactly one character. The empty text stays empty. For values that \
              must not be shown at all, use `redact`, or `sha256` for a stable pseudonym.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"mask("4111111111111111")"#, r#""************1111""#),
        example(
            r#"mask("DE89370400440532013000", 2, "•")"#,
            r#""••••••••••••••••••••00""#,
        ),
        example(r#"mask("Grüße", 2)"#, r#""***ße""#),
        example(r#"mask("1234")"#, r#""****""#),
        example(r#"mask("secret", 0)"#, r#""******""#),
        failing(r#"mask("secret", -1)"#, "E0404"),
        failing(r#"mask("secret", 2, "xy")"#, "E0404"),
        failing("mask(4111111111111111)", "E0401"),
    ],
    run,
};

/// How many characters are shown when `keep` is not given.
const DEFAULT_KEEP: i64 = 4;

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let keep = if args.has(1) {
        args.int(1)?
    } else {
        DEFAULT_KEEP
    };
    if keep < 0 {
        return Err(Raise::invalid("`keep` must not be negative", args.get(1)).at_arg(1));
    }
    let fill = if args.has(2) { args.str(2)? } else { "*" };
    let mut chars = fill.chars();
    let (Some(fill), None) = (chars.next(), chars.next()) else {
        return Err(
            Raise::invalid("the mask must be exactly one character", args.get(2)).at_arg(2),
        );
    };
    let count = text.chars().count();
    let keep = usize::try_from(keep).unwrap_or(usize::MAX);
    // A text no longer than what would be kept is masked whole.
    let hidden = if count > keep { count - keep } else { count };
    let shown_from = text
        .char_indices()
        .nth(hidden)
        .map_or(text.len(), |(i, _)| i);
    let shown = &text[shown_from..];
    let bytes = hidden
        .saturating_mul(fill.len_utf8())
        .saturating_add(shown.len());
    check_string_size(bytes)?;
    let mut out = String::with_capacity(bytes);
    out.extend(std::iter::repeat_n(fill, hidden));
    out.push_str(shown);
    Ok(Val::string(out))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn keep_counts_characters_not_bytes() {
        ok(&DEF, r#"["ÄÖÜäöü", 3]"#, r#""***äöü""#);
        ok(
            &DEF,
            r#"["日本語テキスト", 1, "＊"]"#,
            r#""＊＊＊＊＊＊ト""#,
        );
        ok(&DEF, r#"["a😀b😀", 2]"#, r#""**b😀""#);
    }

    #[test]
    fn short_texts_are_masked_whole() {
        ok(&DEF, r#"["abcd"]"#, r#""****""#);
        ok(&DEF, r#"["abcde"]"#, r#""*bcde""#);
        ok(&DEF, r#"["ab", 9]"#, r#""**""#);
        ok(&DEF, r#"["", 0]"#, r#""""#);
        ok(&DEF, r#"["abc", 1e18]"#, r#""***""#);
    }

    #[test]
    fn bad_arguments() {
        ok(&DEF, "[null, 2]", "null");
        err(&DEF, r#"["abc", 1.5]"#, "E0404");
        err(&DEF, r#"["abc", "2"]"#, "E0401");
        err(&DEF, r#"["abc", 2, ""]"#, "E0404");
        err(&DEF, r#"["abc", 2, 7]"#, "E0401");
        err(&DEF, r#"["abc", null]"#, "E0401");
    }
}
