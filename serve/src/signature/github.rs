//! GitHub: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA-256 of the body
//! alone, and the delivery's id in `X-GitHub-Delivery`. Nothing time-bound
//! is signed; see [`Scheme::GitHub`](super::Scheme::GitHub) for what that
//! means for replays. The legacy SHA-1 `X-Hub-Signature` is never accepted.

use axum::http::HeaderMap;

use super::headers::{optional_header, single_header};
use super::mac::{self, Key};
use super::{SignatureError, Verified};

const SIGNATURE: &str = "x-hub-signature-256";
const DELIVERY: &str = "x-github-delivery";

pub(super) fn verify(
    keys: &[Key],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Verified, SignatureError> {
    let value = single_header(headers, SIGNATURE)?;
    let candidate = value
        .split_once('=')
        .filter(|(algorithm, _)| algorithm.eq_ignore_ascii_case("sha256"))
        .and_then(|(_, hex)| mac::from_hex(hex))
        .filter(|tag| tag.len() == mac::TAG_LEN)
        .ok_or(SignatureError::Malformed {
            header: SIGNATURE,
            problem: "is not `sha256=<hex>`",
        })?;
    if !mac::any_matches(keys, &[body], &[candidate]) {
        return Err(SignatureError::Mismatch);
    }
    Ok(Verified {
        event_id: optional_header(headers, DELIVERY)?.map(str::to_owned),
        timestamp: None,
    })
}

pub(super) fn sign(key: &Key, id: &str, body: &[u8]) -> Vec<(String, String)> {
    let signature = format!("sha256={}", mac::to_hex(&mac::tag(key, &[body])));
    vec![
        (SIGNATURE.to_owned(), signature),
        (DELIVERY.to_owned(), id.to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::signature::{DEFAULT_TOLERANCE, Scheme, Secret, Verifier, header_map, sign};

    // The example in GitHub's documentation on validating webhook deliveries.
    const SECRET: &str = "It's a Secret to Everybody";
    const BODY: &[u8] = b"Hello, World!";
    const EXPECTED: &str =
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    const DELIVERY_ID: &str = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    fn verify<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Verified, SignatureError> {
        let verifier = Verifier::new(
            Scheme::GitHub,
            vec![Secret::from_config_text(SECRET)],
            DEFAULT_TOLERANCE,
        )
        .unwrap();
        verifier.verify(&header_map(pairs), BODY, UNIX_EPOCH)
    }

    #[test]
    fn the_documented_example_verifies() {
        let verified = verify([
            ("X-Hub-Signature-256", EXPECTED),
            ("X-GitHub-Delivery", DELIVERY_ID),
        ])
        .unwrap();
        assert_eq!(
            verified,
            Verified {
                event_id: Some(DELIVERY_ID.to_owned()),
                timestamp: None
            }
        );
    }

    #[test]
    fn signing_gives_the_documented_signature() {
        let headers = sign(
            Scheme::GitHub,
            &Secret::from_config_text(SECRET),
            DELIVERY_ID,
            0,
            BODY,
        )
        .unwrap();
        assert_eq!(
            headers,
            [
                (SIGNATURE.to_owned(), EXPECTED.to_owned()),
                (DELIVERY.to_owned(), DELIVERY_ID.to_owned())
            ]
        );
    }

    #[test]
    fn the_delivery_id_is_optional() {
        assert_eq!(verify([(SIGNATURE, EXPECTED)]).unwrap().event_id, None);
    }

    #[test]
    fn a_tampered_body_is_a_mismatch() {
        let verifier = Verifier::new(
            Scheme::GitHub,
            vec![Secret::from_config_text(SECRET)],
            DEFAULT_TOLERANCE,
        )
        .unwrap();
        let headers = header_map([(SIGNATURE, EXPECTED)]);
        assert_eq!(
            verifier.verify(&headers, b"Hello, World?", UNIX_EPOCH),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn only_sha256_hex_is_accepted() {
        let hex = &EXPECTED["sha256=".len()..];
        assert!(verify([(SIGNATURE, format!("SHA256={}", hex.to_uppercase()).as_str())]).is_ok());
        for value in [
            hex,
            &format!("sha1={hex}"),
            &format!("sha256={}", &hex[2..]),
            &format!("sha256= {hex}"),
            "sha256=",
        ] {
            assert_eq!(
                verify([(SIGNATURE, value)]),
                Err(SignatureError::Malformed {
                    header: SIGNATURE,
                    problem: "is not `sha256=<hex>`"
                }),
                "{value:?}"
            );
        }
    }

    #[test]
    fn the_legacy_sha1_header_alone_is_missing_the_signature() {
        let sha1 = "sha1=d03207e4b030cf234e3447bac4d93add4c6643d8";
        assert_eq!(
            verify([("X-Hub-Signature", sha1)]),
            Err(SignatureError::Missing(SIGNATURE))
        );
    }
}
