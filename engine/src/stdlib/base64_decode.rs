//! `base64_decode(text)`: the text whose UTF-8 bytes the Base64 spells.
//!
//! Errors: `E0401` when `text` is not a string; `E0404` when it is not
//! valid Base64 or the bytes are not UTF-8.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "base64_decode",
    family: "encodings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The text that the Base64 (standard alphabet) encodes; the bytes must be UTF-8.",
    details: "Padding with `=` is optional, but white space and the URL-safe alphabet \
              (`-`, `_`) are not accepted. Decoded bytes that are not valid UTF-8 (binary \
              data) are `E0404`, as Ferry values hold text, not bytes.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"base64_decode("Wm/Dqw==")"#, r#""Zoë""#),
        example(r#"base64_decode("aGk")"#, r#""hi""#),
        failing(r#"base64_decode("not base64!")"#, "E0404"),
        failing(r#"base64_decode("/w==")"#, "E0404"),
    ],
    run,
};

const LENIENT_PADDING: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let bytes = LENIENT_PADDING
        .decode(text)
        .map_err(|e| Raise::invalid(format!("invalid Base64: {e}"), args.get(0)).at_arg(0))?;
    let decoded = String::from_utf8(bytes).map_err(|_| {
        Raise::invalid("the decoded bytes are not UTF-8 text", args.get(0)).at_arg(0)
    })?;
    Ok(Val::string(decoded))
}
