//! Secret keys: named in a mapping, never written in it.
//!
//! A mapping names a key, `hmac_sha256("partner", $.id)`; the secret is
//! resolved once, when the mapping is compiled, like a constant regex is
//! compiled then. By default it comes from the environment variable
//! `FERRY_KEY_PARTNER`; a service that embeds the engine passes its own
//! [`Keys`] instead ([`Mapping::compile_file_with_keys`]). A missing key is
//! a compile error (`E0213`), so a misconfigured service fails at start-up,
//! not on the first record. The plan holds the key already prepared for
//! HMAC-SHA-256 ([`PreparedKey`]); no type here prints a secret, so neither
//! the plan's debug output, `ferry plan`, nor any message can show one.
//!
//! [`Mapping::compile_file_with_keys`]: crate::Mapping::compile_file_with_keys
//!
//! ```
//! use ferry_engine::{Keys, Mapping};
//!
//! let keys = Keys::new().with("partner", "Jefe");
//! let mapping = Mapping::compile_named_with_keys(
//!     "<inline>",
//!     r#"{ sig: hmac_sha256("partner", $.msg) }"#,
//!     ".",
//!     &keys,
//! )
//! .unwrap();
//! let out = mapping.apply(&serde_json::json!({"msg": "what do ya want for nothing?"})).unwrap();
//! // RFC 4231, test case 2.
//! assert_eq!(out["sig"], "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
//! assert_eq!(format!("{keys:?}"), "Keys { PARTNER: <secret> }");
//! ```

use std::collections::BTreeMap;
use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of the environment variables keys are read from.
pub const ENV_PREFIX: &str = "FERRY_KEY_";

/// Named secret keys for the mapping functions that take one
/// (`hmac_sha256`).
///
/// Names are matched in a canonical form: upper case, with every character
/// other than an ASCII letter or digit turned into `_`, so the key a
/// mapping calls `"partner-a"` is `PARTNER_A`, read from the variable
/// `FERRY_KEY_PARTNER_A`. An empty secret counts as missing: it is almost
/// always a variable set from one that is not. The `Debug` output lists
/// the names only.
#[derive(Clone, Default)]
pub struct Keys {
    secrets: BTreeMap<String, Secret>,
}

impl Keys {
    /// No keys.
    pub fn new() -> Keys {
        Keys::default()
    }

    /// Every `FERRY_KEY_<NAME>` variable of the environment: what a
    /// mapping compiled without keys of its own uses. Each secret is the
    /// variable's value, as bytes.
    pub fn from_env() -> Keys {
        let mut keys = Keys::new();
        for (var, value) in std::env::vars_os() {
            let Some(name) = var.to_str().and_then(|v| v.strip_prefix(ENV_PREFIX)) else {
                continue;
            };
            if let Some(secret) = os_bytes(value) {
                keys.insert(name, secret);
            }
        }
        keys
    }

    /// Adds (or replaces) the key `name`.
    pub fn insert(&mut self, name: &str, secret: impl AsRef<[u8]>) {
        self.secrets
            .insert(canonical(name), Secret(secret.as_ref().into()));
    }

    /// These keys and the key `name`.
    pub fn with(mut self, name: &str, secret: impl AsRef<[u8]>) -> Keys {
        self.insert(name, secret);
        self
    }

    /// True when a usable (non-empty) key `name` is here.
    pub fn contains(&self, name: &str) -> bool {
        self.secret(name).is_some()
    }

    /// The keys' names, in canonical form and sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.secrets.keys().map(String::as_str)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.secrets.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// The environment variable the key `name` is read from by default:
    /// `FERRY_KEY_PARTNER_A` for `"partner-a"`.
    pub fn env_var(name: &str) -> String {
        format!("{ENV_PREFIX}{}", canonical(name))
    }

    /// The key `name` prepared for use, when it is here and not empty.
    pub(crate) fn prepare(&self, name: &str) -> Option<PreparedKey> {
        self.secret(name).map(|s| PreparedKey::new(&s.0))
    }

    fn secret(&self, name: &str) -> Option<&Secret> {
        self.secrets
            .get(&canonical(name))
            .filter(|s| !s.0.is_empty())
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Keys");
        for (name, secret) in &self.secrets {
            d.field(name, secret);
        }
        d.finish()
    }
}

/// The canonical form of a key name: see [`Keys`].
fn canonical(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The bytes of an environment variable's value.
#[cfg(unix)]
fn os_bytes(value: std::ffi::OsString) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    Some(value.into_vec())
}

/// The bytes of an environment variable's value (UTF-8 values only).
#[cfg(not(unix))]
fn os_bytes(value: std::ffi::OsString) -> Option<Vec<u8>> {
    value.into_string().ok().map(String::into_bytes)
}

/// A secret's bytes; prints as `<secret>`.
#[derive(Clone)]
struct Secret(Box<[u8]>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

/// A key as a plan holds it: prepared once, at compile time, for
/// HMAC-SHA-256 (the key is already absorbed into the inner and outer hash
/// states, so a call hashes only its message). Prints as `<secret>`.
#[derive(Clone)]
pub struct PreparedKey {
    hmac_sha256: Hmac<Sha256>,
}

impl PreparedKey {
    fn new(secret: &[u8]) -> PreparedKey {
        PreparedKey {
            // HMAC takes a key of any length (a long one is hashed first).
            hmac_sha256: Hmac::new_from_slice(secret)
                .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length")),
        }
    }

    /// The HMAC-SHA-256 of `message` under this key.
    pub fn hmac_sha256(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.hmac_sha256.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for PreparedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 4231, section 4: key, data, HMAC-SHA-256 (in hex). Test case 5
    /// gives only the first 128 bits: its digest is checked by its prefix.
    fn rfc_4231() -> Vec<(Vec<u8>, Vec<u8>, &'static str)> {
        let long_key = vec![0xaa; 131];
        vec![
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                (1..=25).collect(),
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation".to_vec(),
                "a3b6167473100ee06e0c796c2955552b",
            ),
            (
                long_key.clone(),
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                long_key,
                b"This is a test using a larger than block-size key and a larger than block-size \
                  data. The key needs to be hashed before being used by the HMAC algorithm."
                    .to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ]
    }

    #[test]
    fn rfc_4231_test_vectors() {
        for (i, (key, data, mac)) in rfc_4231().into_iter().enumerate() {
            let prepared = Keys::new().with("k", &key).prepare("k").unwrap();
            let digest = hex(&prepared.hmac_sha256(&data));
            assert!(digest.starts_with(mac), "test case {}: {digest}", i + 1);
            // The prepared state is copied per message, not consumed.
            assert_eq!(hex(&prepared.hmac_sha256(&data)), digest);
        }
    }

    #[test]
    fn names_match_in_canonical_form() {
        let keys = Keys::new().with("partner-a", "s");
        assert!(keys.contains("PARTNER_A"));
        assert!(keys.contains("partner.a"));
        assert!(!keys.contains("partnera"));
        assert_eq!(Keys::env_var("partner-a"), "FERRY_KEY_PARTNER_A");
        assert_eq!(Keys::env_var("clé"), "FERRY_KEY_CL_");
        assert_eq!(keys.names().collect::<Vec<_>>(), ["PARTNER_A"]);
    }

    #[test]
    fn an_empty_secret_is_missing() {
        let keys = Keys::new().with("a", "");
        assert!(!keys.contains("a"));
        assert!(keys.prepare("a").is_none());
    }

    #[test]
    fn nothing_prints_a_secret() {
        let keys = Keys::new().with("partner", "hunter2-secret");
        let shown = format!("{keys:?} {:?} {:#?}", keys.prepare("partner"), keys);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("PARTNER: <secret>"), "{shown}");
    }
}
