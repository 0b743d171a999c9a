//! Secret keys on the command line: `hmac_sha256` reads its key from
//! `FERRY_KEY_<NAME>` when the mapping compiles; without it the mapping
//! does not compile (`E0213`, exit status 1), and the secret is never
//! printed, whatever the command.

mod common;

use common::{ferry_in_env, files};

const MAPPING: &[u8] = b"{ id: $.id, sig: hmac_sha256(\"partner\", $.msg) }\n";

/// The key of RFC 4231's test case 2, as distinctive as a secret needs to be
/// here: "Jefe" appears in no output of ferry's own.
const SECRET: &str = "Jefe";

/// HMAC-SHA-256 of "what do ya want for nothing?" under "Jefe".
const DIGEST: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

const INPUT: &str = "{\"id\":1,\"msg\":\"what do ya want for nothing?\"}\n";

fn assert_no_secret(what: &str, out: &str, err: &str) {
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "{what} shows the secret:\n{out}\n{err}"
    );
}

#[test]
fn the_key_comes_from_the_environment() {
    let dir = files("secrets-set", &[("m.map", MAPPING)]);
    let key = [("FERRY_KEY_PARTNER", SECRET)];
    let (code, out, err) = ferry_in_env(&dir, &["run", "m.map"], &key, INPUT);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(out, format!("{{\"id\":1,\"sig\":\"{DIGEST}\"}}\n"));
    assert_no_secret("`ferry run`", &out, &err);

    for args in [&["plan", "m.map"][..], &["check", "m.map"]] {
        let (code, out, err) = ferry_in_env(&dir, args, &key, "");
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_no_secret(&format!("`ferry {}`", args[0]), &out, &err);
    }
}

#[test]
fn without_the_key_the_mapping_does_not_compile() {
    let dir = files("secrets-unset", &[("m.map", MAPPING)]);
    let (code, out, err) = ferry_in_env(&dir, &["run", "m.map"], &[], INPUT);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.starts_with("E0213\n"), "{err}");
    assert!(err.contains("FERRY_KEY_PARTNER"), "{err}");

    // Another key set: named as a near miss, its secret not shown.
    let other = [("FERRY_KEY_PARTNR", SECRET)];
    let (code, out, err) = ferry_in_env(&dir, &["run", "m.map"], &other, INPUT);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("`FERRY_KEY_PARTNR` is set"), "{err}");
    assert_no_secret("the E0213 diagnostic", &out, &err);

    // An empty variable counts as missing.
    let empty = [("FERRY_KEY_PARTNER", "")];
    let (code, _, err) = ferry_in_env(&dir, &["check", "m.map"], &empty, "");
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("E0213\n"), "{err}");
}
