//! `base64_encode(text)`: the Base64 form of a text's UTF-8 bytes.
//!
//! Errors: `E0401` when `text` is not a string; `E0504` over 16 MiB.

use base64::Engine;

use super::support::check_string_size;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "base64_encode",
    family: "encodings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The Base64 encoding (standard alphabet, with `=` padding) of the text's UTF-8 bytes.",
    details: "RFC 4648 section 4: `+` and `/`, padded, no line breaks.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"base64_encode("Zoë")"#, r#""Wm/Dqw==""#),
        example(r#"base64_encode("")"#, r#""""#),
        failing("base64_encode(12)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    check_string_size(text.len().div_ceil(3).saturating_mul(4))?;
    Ok(Val::string(
        base64::engine::general_purpose::STANDARD.encode(text),
    ))
}
