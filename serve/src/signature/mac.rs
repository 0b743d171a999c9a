//! HMAC-SHA-256 under each configured key, compared in constant time, and
//! the hex form Stripe and GitHub write signatures in.

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

/// An HMAC-SHA-256 state keyed once, at configuration time; each message
/// clones it, so the key is not re-hashed per request.
pub(super) type Key = Hmac<Sha256>;

/// The keyed state for `bytes`.
pub(super) fn key(bytes: &[u8]) -> Key {
    // HMAC takes keys of any length (long ones are hashed), so this never fails.
    Key::new_from_slice(bytes).expect("HMAC accepts a key of any length")
}

/// The length of an HMAC-SHA-256 tag in bytes.
pub(super) const TAG_LEN: usize = 32;

/// The MAC of the concatenation of `parts`.
pub(super) fn tag(key: &Key, parts: &[&[u8]]) -> [u8; TAG_LEN] {
    let mut mac = key.clone();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Whether any candidate equals the MAC of `parts` under any key.
///
/// The MAC is computed once per key (lazily: the first match ends the
/// search); each comparison takes the same time however many leading bytes
/// agree, so a forger learns nothing from timing. Candidates of the wrong
/// length never match.
pub(super) fn any_matches(keys: &[Key], parts: &[&[u8]], candidates: &[Vec<u8>]) -> bool {
    keys.iter().any(|key| {
        let tag = tag(key, parts);
        candidates
            .iter()
            .any(|candidate| bool::from(tag.as_slice().ct_eq(candidate)))
    })
}

/// Lower-case hex.
pub(super) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

/// The bytes of hex text in either case; `None` unless every character is
/// a hex digit and they pair up.
pub(super) fn from_hex(text: &str) -> Option<Vec<u8>> {
    fn digit(c: u8) -> Option<u8> {
        char::from(c).to_digit(16).map(|d| d as u8)
    }
    let text = text.as_bytes();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_accepts_upper_case() {
        let bytes = [0x00, 0x7f, 0x80, 0xff, 0x3c];
        assert_eq!(to_hex(&bytes), "007f80ff3c");
        assert_eq!(from_hex("007f80ff3c").unwrap(), bytes);
        assert_eq!(from_hex("007F80FF3C").unwrap(), bytes);
        assert_eq!(from_hex("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn bad_hex_is_refused() {
        for text in ["0", "0g", "+1", " 00", "é0"] {
            assert_eq!(from_hex(text), None, "{text:?}");
        }
    }

    #[test]
    fn candidates_match_under_any_key() {
        let keys = [key(b"old"), key(b"new")];
        let good = tag(&keys[1], &[b"a", b"b"]).to_vec();
        assert!(any_matches(&keys, &[b"ab"], &[vec![0; 32], good.clone()]));
        assert!(!any_matches(
            &keys[..1],
            &[b"ab"],
            std::slice::from_ref(&good)
        ));
        assert!(!any_matches(&keys, &[b"ab"], &[good[..31].to_vec()]));
        assert!(!any_matches(&keys, &[b"ab"], &[]));
    }
}
