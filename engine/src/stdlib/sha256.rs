//! `sha256(text)`: the SHA-256 digest of a text's UTF-8 bytes, in hex.
//!
//! Errors: `E0401` when `text` is not a string.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "sha256",
    family: "encodings",
    params: &[param("text", "string")],
    variadic: false,
    returns: "string",
    summary: "The SHA-256 digest of the text's UTF-8 bytes, as 64 lower-case hex digits.",
    details: "For pseudonymous keys and change detection; hash `to_json(x)` to digest a \
              structure.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"sha256("abc")"#,
            r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#,
        ),
        failing("sha256(1)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let digest = Sha256::digest(args.str(0)?.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(Val::string(hex))
}
