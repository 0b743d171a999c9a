//! Stripe: `Stripe-Signature: t=<Unix seconds>,v1=<hex>[,v1=<hex>…]`, each
//! `v1` the HMAC-SHA-256 of `{t}.{body}`. Stripe adds `v1` entries while it
//! rotates an endpoint's secret, and `v0` in test mode; only `v1` counts.

use axum::http::HeaderMap;

use super::headers::{parse_unix_seconds, single_header};
use super::mac::{self, Key};
use super::{SignatureError, Verified};

const SIGNATURE: &str = "stripe-signature";

pub(super) fn verify(
    keys: &[Key],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Verified, SignatureError> {
    let malformed = |problem| SignatureError::Malformed {
        header: SIGNATURE,
        problem,
    };
    let value = single_header(headers, SIGNATURE)?;
    let mut timestamp_text = None;
    let mut candidates = Vec::new();
    for item in value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let (scheme, text) = item
            .split_once('=')
            .ok_or(malformed("has an item without `=`"))?;
        match scheme.trim() {
            "t" if timestamp_text.is_some() => return Err(malformed("has more than one `t=`")),
            "t" => timestamp_text = Some(text.trim()),
            "v1" => candidates
                .extend(mac::from_hex(text.trim()).filter(|tag| tag.len() == mac::TAG_LEN)),
            // `v0` (test mode) and schemes Stripe may add are not ours to check.
            _ => {}
        }
    }
    let timestamp_text = timestamp_text.ok_or(malformed("has no `t=` timestamp"))?;
    let timestamp = parse_unix_seconds(timestamp_text)
        .ok_or(malformed("has a `t=` that is not Unix seconds"))?;
    if candidates.is_empty() {
        return Err(malformed("has no `v1=<hex>` signature"));
    }
    if !mac::any_matches(keys, &[timestamp_text.as_bytes(), b".", body], &candidates) {
        return Err(SignatureError::Mismatch);
    }
    Ok(Verified {
        event_id: None,
        timestamp: Some(timestamp),
    })
}

pub(super) fn sign(key: &Key, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
    let timestamp = timestamp.to_string();
    let tag = mac::tag(key, &[timestamp.as_bytes(), b".", body]);
    vec![(
        SIGNATURE.to_owned(),
        format!("t={timestamp},v1={}", mac::to_hex(&tag)),
    )]
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::signature::{DEFAULT_TOLERANCE, Scheme, Secret, Verifier, header_map, sign};

    // Computed independently (Python's hmac module) over
    // `1700000000.{"id":"evt_1","object":"event"}` with the whole text
    // `whsec_ferry_test_secret` as the key, as Stripe's libraries use it.
    const SECRET: &str = "whsec_ferry_test_secret";
    const T: i64 = 1700000000;
    const BODY: &[u8] = br#"{"id":"evt_1","object":"event"}"#;
    const V1: &str = "2a88d0dd452bf1c9860941f79fd8e39e19366eedb73baa480600681bb5969d03";

    fn verify(header: &str) -> Result<Verified, SignatureError> {
        let verifier = Verifier::new(
            Scheme::Stripe,
            vec![Secret::from_config_text(SECRET)],
            DEFAULT_TOLERANCE,
        )
        .unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(T as u64 + 10);
        verifier.verify(&header_map([("Stripe-Signature", header)]), BODY, now)
    }

    fn malformed(problem: &'static str) -> Result<Verified, SignatureError> {
        Err(SignatureError::Malformed {
            header: SIGNATURE,
            problem,
        })
    }

    #[test]
    fn the_hand_computed_vector_verifies() {
        let verified = verify(&format!("t={T},v1={V1}")).unwrap();
        assert_eq!(
            verified,
            Verified {
                event_id: None,
                timestamp: Some(T)
            }
        );
    }

    #[test]
    fn signing_gives_the_hand_computed_vector() {
        let headers = sign(
            Scheme::Stripe,
            &Secret::from_config_text(SECRET),
            "ignored",
            T,
            BODY,
        )
        .unwrap();
        assert_eq!(headers, [(SIGNATURE.to_owned(), format!("t={T},v1={V1}"))]);
    }

    #[test]
    fn a_sign_round_trip_verifies() {
        let secret = Secret::from_bytes(*b"\x00\xffbinary key");
        let verifier =
            Verifier::new(Scheme::Stripe, vec![secret.clone()], DEFAULT_TOLERANCE).unwrap();
        let headers = header_map(sign(Scheme::Stripe, &secret, "", 42, b"payload").unwrap());
        let now = UNIX_EPOCH + Duration::from_secs(42);
        assert_eq!(
            verifier
                .verify(&headers, b"payload", now)
                .unwrap()
                .timestamp,
            Some(42)
        );
        assert_eq!(
            verifier.verify(&headers, b"payloae", now),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn any_v1_may_match_and_other_schemes_are_ignored() {
        let other = "5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd";
        assert!(verify(&format!("t={T},v1={other},v1={V1}")).is_ok());
        assert!(verify(&format!("t={T},v0={other},v1={V1},v9=whatever,x=")).is_ok());
        assert!(verify(&format!("v1={V1},t={T}")).is_ok());
    }

    #[test]
    fn a_signature_given_only_as_v0_does_not_count() {
        assert_eq!(
            verify(&format!("t={T},v0={V1}")),
            malformed("has no `v1=<hex>` signature")
        );
    }

    #[test]
    fn upper_case_hex_is_accepted() {
        assert!(verify(&format!("t={T},v1={}", V1.to_uppercase())).is_ok());
    }

    #[test]
    fn odd_whitespace_is_tolerated() {
        assert!(verify(&format!(" t = {T} ,  v1={V1} ,")).is_ok());
        assert!(verify(&format!("t={T},,v1={V1}")).is_ok());
    }

    #[test]
    fn a_tampered_body_or_timestamp_is_a_mismatch() {
        assert_eq!(
            verify(&format!("t={},v1={V1}", T + 1)),
            Err(SignatureError::Mismatch)
        );
        let other = "0".repeat(64);
        assert_eq!(
            verify(&format!("t={T},v1={other}")),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_malformed_header_is_refused() {
        assert_eq!(
            verify(&format!("v1={V1}")),
            malformed("has no `t=` timestamp")
        );
        assert_eq!(
            verify(&format!("t={T},t={T},v1={V1}")),
            malformed("has more than one `t=`")
        );
        assert_eq!(
            verify(&format!("t={T},{V1}")),
            malformed("has an item without `=`")
        );
        assert_eq!(
            verify(&format!("t=-{T},v1={V1}")),
            malformed("has a `t=` that is not Unix seconds")
        );
        for v1 in ["xyz", &V1[..62], "", &format!("{V1}00")] {
            assert_eq!(
                verify(&format!("t={T},v1={v1}")),
                malformed("has no `v1=<hex>` signature"),
                "{v1:?}"
            );
        }
    }

    #[test]
    fn the_header_is_required() {
        let verifier = Verifier::new(
            Scheme::Stripe,
            vec![Secret::from_config_text(SECRET)],
            DEFAULT_TOLERANCE,
        )
        .unwrap();
        let headers = header_map([("x-hub-signature-256", format!("sha256={V1}"))]);
        assert_eq!(
            verifier.verify(&headers, BODY, UNIX_EPOCH),
            Err(SignatureError::Missing(SIGNATURE))
        );
    }
}
