//! Who may call a route: API keys or bearer tokens, kept in the
//! configuration only as their SHA-256, compared in constant time.
//!
//! A refused request learns nothing about which part failed: a missing
//! key, an unknown key and a malformed header all get the same `401`.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The SHA-256 of an accepted key.
pub(crate) type KeyHash = [u8; 32];

/// `sha256:<64 hex digits>` to its bytes; the message never repeats the
/// text (it may be a secret pasted by mistake).
pub(crate) fn parse_hash(text: &str) -> Result<KeyHash, String> {
    let hex = text.strip_prefix("sha256:").ok_or(
        "an API key is written as `sha256:<hex>`, the SHA-256 of the key, never the key itself",
    )?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("`sha256:` is followed by 64 hex digits".to_owned());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        // Checked above: two hex digits.
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0);
    }
    Ok(out)
}

/// The key a request presents: `X-API-Key`, or `Authorization: Bearer`.
pub(crate) fn presented(headers: &HeaderMap) -> Option<&[u8]> {
    if let Some(key) = headers.get("x-api-key") {
        return Some(key.as_bytes());
    }
    let value = headers.get(axum::http::header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = value.split_at(value.iter().position(|b| *b == b' ')?);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| token.trim_ascii())
}

/// The hash of a presented key.
pub(crate) fn hash(key: &[u8]) -> KeyHash {
    Sha256::digest(key).into()
}

/// True when `key` hashes to one of `accepted`; every hash is compared,
/// in constant time, whichever matches.
pub(crate) fn accepts(accepted: &[KeyHash], key: &[u8]) -> bool {
    let given = hash(key);
    accepted
        .iter()
        .fold(subtle::Choice::from(0), |found, h| found | h.ct_eq(&given))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(h: &KeyHash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn a_key_is_accepted_by_its_hash_only() {
        let stored = parse_hash(&format!("sha256:{}", hex(&hash(b"s3cret")))).unwrap();
        assert!(accepts(&[stored], b"s3cret"));
        assert!(!accepts(&[stored], b"s3cret "));
        assert!(!accepts(&[], b"s3cret"));
    }

    #[test]
    fn keys_come_from_either_header() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Bearer  tok".parse().unwrap());
        assert_eq!(presented(&h), Some(&b"tok"[..]));
        h.insert("x-api-key", "k".parse().unwrap());
        assert_eq!(presented(&h), Some(&b"k"[..]));
        let mut basic = HeaderMap::new();
        basic.insert("authorization", "Basic abc".parse().unwrap());
        assert_eq!(presented(&basic), None);
    }

    #[test]
    fn malformed_hashes_are_refused_without_echo() {
        assert!(parse_hash("sha256:abc").is_err());
        let e = parse_hash("plain-secret").unwrap_err();
        assert!(!e.contains("plain-secret"));
    }
}
