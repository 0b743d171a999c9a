//! `hmac_sha256(key_name, text)`: the HMAC-SHA-256 of a text's UTF-8
//! bytes under a secret key, in hex. The key is named, not written: the
//! compiler resolves the name (see [`crate::keys`]) and the plan holds the
//! prepared key.
//!
//! Errors: `E0401` when `text` is not a string; at compile time `E0213`
//! when the key is not provided and `E0301` when the name is not a
//! constant string.

use std::fmt::Write;

use super::{Args, FnDef, NullPolicy, example, failing, key, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "hmac_sha256",
    family: "encodings",
    params: &[key("key_name"), param("text", "string")],
    variadic: false,
    returns: "string or null",
    summary: "The HMAC-SHA-256 (RFC 2104) of the text's UTF-8 bytes under the secret key `key_name` names, as 64 lower-case hex digits.",
    details: "For signatures a partner checks and for pseudonyms that, unlike `sha256`, \
              cannot be recomputed from a guessed value without the key. The key is never \
              written in the mapping: `key_name` is a constant string naming it, and its \
              secret is looked up once, when the mapping is compiled, in the environment \
              variable `FERRY_KEY_<NAME>` (the name upper-cased, every character other \
              than a letter or digit turned into `_`: `\"partner-a\"` reads \
              `FERRY_KEY_PARTNER_A`, whose value's bytes are the secret), or in the `Keys` \
              a service passes to the engine. A key that is missing or empty fails the \
              compilation with `E0213`; a name that is not a constant string is `E0301`. \
              The secret never appears in plans, diagnostics or errors. A null `text` \
              gives null. The examples run with the key `jefe` set to `Jefe`, the key of \
              RFC 4231's test case 2.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(
            r#"hmac_sha256("jefe", "what do ya want for nothing?")"#,
            r#""5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843""#,
        ),
        example(r#"hmac_sha256("jefe", null)"#, "null"),
        failing(r#"hmac_sha256("jefe", 42)"#, "E0401"),
        failing(r#"hmac_sha256("no_such_key", "abc")"#, "E0213"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    // The subject is the text, not the key name (always a constant).
    if args.get(1).is_null() {
        return Ok(Val::Null);
    }
    let text = args.str(1)?;
    let digest = args.key(0)?.hmac_sha256(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(Val::string(hex))
}
