//! `url_encode(text)`: the text percent-encoded for use in a URL component.
//!
//! Errors: `E0401` when `text` is not a string; `E0504` over 16 MiB.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "url_encode",
    family: "encodings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text percent-encoded as a URL component (query value, path segment).",
    details: "Every byte of the UTF-8 text is encoded as `%XX` (upper-case hex) except the \
              unreserved characters of RFC 3986: letters, digits, `-`, `.`, `_` and `~`. A \
              space becomes `%20` (not `+`), and `/`, `?`, `&`, `=` are encoded too.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"url_encode("a b&c=d/é")"#, r#""a%20b%26c%3Dd%2F%C3%A9""#),
        example(r#"url_encode("A-z_0.9~")"#, r#""A-z_0.9~""#),
        failing("url_encode(true)", "E0401"),
    ],
    run,
};

/// Everything but RFC 3986's unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    check_string_size(text.len().saturating_mul(3))?;
    let encoded = utf8_percent_encode(text, COMPONENT).to_string();
    if encoded.len() == text.len() {
        return Ok(args.get(0).clone());
    }
    Ok(Val::string(encoded))
}
