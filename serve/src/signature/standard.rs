//! Standard Webhooks: `webhook-id`, `webhook-timestamp` and
//! `webhook-signature`, one or more space-separated `v1,<base64>` entries,
//! each the HMAC-SHA-256 of `{id}.{timestamp}.{body}`.

use axum::http::HeaderMap;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::headers::{parse_unix_seconds, single_header};
use super::mac::{self, Key};
use super::{SignatureError, Verified};

const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
const SIGNATURE: &str = "webhook-signature";

/// Standard base64; padding written, and optional when read.
pub(super) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(super) fn verify(
    keys: &[Key],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Verified, SignatureError> {
    let id = single_header(headers, ID)?;
    let timestamp_text = single_header(headers, TIMESTAMP)?;
    let signatures = single_header(headers, SIGNATURE)?;
    let timestamp = parse_unix_seconds(timestamp_text).ok_or(SignatureError::Malformed {
        header: TIMESTAMP,
        problem: "is not Unix seconds",
    })?;
    // Entries of other versions (`v1a`, asymmetric) are not ours to check,
    // and one undecodable or short entry must not hide a good one beside it.
    let candidates: Vec<Vec<u8>> = signatures
        .split_ascii_whitespace()
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|encoded| BASE64.decode(encoded).ok())
        .filter(|tag| tag.len() == mac::TAG_LEN)
        .collect();
    if candidates.is_empty() {
        return Err(SignatureError::Malformed {
            header: SIGNATURE,
            problem: "has no `v1,<base64>` entry",
        });
    }
    // The signed text is the timestamp as sent: `parse_unix_seconds` admits
    // only digits, so a `.` inside it cannot shift the id-body boundary.
    let signed: [&[u8]; 5] = [id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body];
    if !mac::any_matches(keys, &signed, &candidates) {
        return Err(SignatureError::Mismatch);
    }
    Ok(Verified {
        event_id: Some(id.to_owned()),
        timestamp: Some(timestamp),
    })
}

pub(super) fn sign(key: &Key, id: &str, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
    let timestamp = timestamp.to_string();
    let tag = mac::tag(
        key,
        &[id.as_bytes(), b".", timestamp.as_bytes(), b".", body],
    );
    vec![
        (ID.to_owned(), id.to_owned()),
        (TIMESTAMP.to_owned(), timestamp),
        (SIGNATURE.to_owned(), format!("v1,{}", BASE64.encode(tag))),
    ]
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::signature::{DEFAULT_TOLERANCE, Scheme, Secret, Verifier, header_map};

    // The example published with the Standard Webhooks spec.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP_SECS: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const EXPECTED: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn verifier() -> Verifier {
        Verifier::new(
            Scheme::StandardWebhooks,
            vec![Secret::from_config_text(SECRET)],
            DEFAULT_TOLERANCE,
        )
        .unwrap()
    }

    fn verify(signature: &str) -> Result<Verified, SignatureError> {
        let headers = header_map([
            (ID, MSG_ID),
            (TIMESTAMP, "1614265330"),
            (SIGNATURE, signature),
        ]);
        verifier().verify(&headers, BODY, UNIX_EPOCH + Duration::from_secs(1614265330))
    }

    #[test]
    fn the_spec_example_verifies() {
        let verified = verify(EXPECTED).unwrap();
        assert_eq!(verified.event_id.as_deref(), Some(MSG_ID));
        assert_eq!(verified.timestamp, Some(TIMESTAMP_SECS));
    }

    #[test]
    fn signing_the_spec_example_gives_its_signature() {
        let secret = Secret::from_config_text(SECRET);
        let headers = crate::signature::sign(
            Scheme::StandardWebhooks,
            &secret,
            MSG_ID,
            TIMESTAMP_SECS,
            BODY,
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                (ID, MSG_ID),
                (TIMESTAMP, "1614265330"),
                (SIGNATURE, EXPECTED)
            ]
        );
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let headers = header_map([
            ("Webhook-Id", MSG_ID),
            ("WEBHOOK-TIMESTAMP", "1614265330"),
            ("Webhook-Signature", EXPECTED),
        ]);
        let now = UNIX_EPOCH + Duration::from_secs(1614265330);
        assert!(verifier().verify(&headers, BODY, now).is_ok());
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let bogus = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        assert!(verify(&format!("{bogus} {EXPECTED}")).is_ok());
        assert!(verify(&format!("{EXPECTED} {bogus}")).is_ok());
    }

    #[test]
    fn other_versions_and_undecodable_entries_are_skipped() {
        assert!(verify(&format!("v1a,c2lnbmVk v1,*** {EXPECTED}")).is_ok());
        assert!(verify(&format!("v2,{}", &EXPECTED[3..])).is_err());
    }

    #[test]
    fn odd_whitespace_between_entries_is_tolerated() {
        assert!(verify(&format!("  v1,bm9wZQ==  \t {EXPECTED}\t")).is_ok());
    }

    #[test]
    fn unpadded_signatures_are_accepted() {
        assert!(verify(EXPECTED.trim_end_matches('=')).is_ok());
    }

    #[test]
    fn a_header_without_v1_entries_is_malformed() {
        for signature in [
            "v1a,c2lnbmVk",
            "v2,g0hM9SsE",
            "g0hM9SsE+OTPJTGt",
            "v1,***",
            "v1, g0hM",
            "v1,g0hM9SsE",
        ] {
            assert_eq!(
                verify(signature).unwrap_err(),
                SignatureError::Malformed {
                    header: SIGNATURE,
                    problem: "has no `v1,<base64>` entry"
                },
                "{signature:?}"
            );
        }
    }

    #[test]
    fn a_tampered_body_id_or_timestamp_is_a_mismatch() {
        let now = UNIX_EPOCH + Duration::from_secs(1614265330);
        let signed = [
            (ID, MSG_ID),
            (TIMESTAMP, "1614265330"),
            (SIGNATURE, EXPECTED),
        ];
        let mismatch = Err(SignatureError::Mismatch);
        assert_eq!(
            verifier().verify(&header_map(signed), br#"{"test": 2432232315}"#, now),
            mismatch
        );
        let other_id = [(ID, "msg_other"), signed[1], signed[2]];
        assert_eq!(
            verifier().verify(&header_map(other_id), BODY, now),
            mismatch
        );
        let other_time = [signed[0], (TIMESTAMP, "1614265331"), signed[2]];
        assert_eq!(
            verifier().verify(&header_map(other_time), BODY, now),
            mismatch
        );
    }

    #[test]
    fn each_header_is_required() {
        let all = [
            (ID, MSG_ID),
            (TIMESTAMP, "1614265330"),
            (SIGNATURE, EXPECTED),
        ];
        for skipped in [ID, TIMESTAMP, SIGNATURE] {
            let headers = header_map(all.iter().filter(|(name, _)| *name != skipped).copied());
            assert_eq!(
                verifier().verify(&headers, BODY, UNIX_EPOCH),
                Err(SignatureError::Missing(skipped))
            );
        }
    }

    #[test]
    fn a_timestamp_that_is_not_unix_seconds_is_malformed() {
        for timestamp in [
            "abc",
            "-5",
            "+1614265330",
            "1614265330.5",
            "1e9",
            "99999999999999999999",
        ] {
            let headers = header_map([(ID, MSG_ID), (TIMESTAMP, timestamp), (SIGNATURE, EXPECTED)]);
            assert_eq!(
                verifier()
                    .verify(&headers, BODY, UNIX_EPOCH)
                    .unwrap_err()
                    .code(),
                "malformed_signature",
                "{timestamp:?}"
            );
        }
    }

    #[test]
    fn repeated_or_empty_headers_are_malformed() {
        let repeated = header_map([
            (ID, MSG_ID),
            (ID, "msg_other"),
            (TIMESTAMP, "1614265330"),
            (SIGNATURE, EXPECTED),
        ]);
        assert_eq!(
            verifier().verify(&repeated, BODY, UNIX_EPOCH),
            Err(SignatureError::Malformed {
                header: ID,
                problem: "appears more than once"
            })
        );
        let empty = header_map([(ID, MSG_ID), (TIMESTAMP, "1614265330"), (SIGNATURE, "  ")]);
        assert_eq!(
            verifier().verify(&empty, BODY, UNIX_EPOCH),
            Err(SignatureError::Malformed {
                header: SIGNATURE,
                problem: "is empty"
            })
        );
    }
}
