//! `url_decode(text)`: the text with `%XX` escapes decoded.
//!
//! Errors: `E0401` when `text` is not a string; `E0404` for a `%` not
//! followed by two hex digits or bytes that are not UTF-8.

use percent_encoding::percent_decode_str;

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "url_decode",
    family: "encodings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text with its `%XX` escapes decoded (the reverse of `url_encode`).",
    details: "A `+` stays a `+` (form encoding's space is not assumed; `replace(x, \"+\", \" \")` \
              first for form data). A `%` not followed by two hex digits, or escapes that do \
              not form UTF-8, are `E0404`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"url_decode("a%20b%26c%3Dd%2F%C3%A9")"#, r#""a b&c=d/é""#),
        example(r#"url_decode("a+b")"#, r#""a+b""#),
        failing(r#"url_decode("100%")"#, "E0404"),
        failing(r#"url_decode("%FF")"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    if !text.contains('%') {
        return Ok(args.get(0).clone());
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        let hex = bytes.get(i + 1..i + 3);
        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
            return Err(Raise::invalid(
                format!("`%` at byte {i} is not followed by two hex digits"),
                args.get(0),
            )
            .at_arg(0));
        }
    }
    let decoded = percent_decode_str(text).decode_utf8().map_err(|_| {
        Raise::invalid("the decoded bytes are not UTF-8 text", args.get(0)).at_arg(0)
    })?;
    Ok(Val::string(decoded.into_owned()))
}
