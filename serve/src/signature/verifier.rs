//! The verifier a webhook route holds, and the sender's side, [`sign`]:
//! shared by every scheme, the scheme modules doing the parsing and MACs.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;

use super::{Scheme, Secret, SecretError, SignatureError, github, mac, standard, stripe};

/// What a verified request's signature vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The sender's event id: `webhook-id` (signed) for Standard Webhooks,
    /// `X-GitHub-Delivery` (not signed) for GitHub when present, `None` for
    /// Stripe, whose event id is in the body.
    pub event_id: Option<String>,
    /// The signed timestamp in Unix seconds; `None` for GitHub.
    pub timestamp: Option<i64>,
}

/// Checks requests against one route's scheme, secrets and tolerance.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use axum::http::{HeaderMap, HeaderName, HeaderValue};
/// use ferry_serve::signature::{sign, Scheme, Secret, Verifier, DEFAULT_TOLERANCE};
///
/// let secret = Secret::from_config_text("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
/// let verifier = Verifier::new(Scheme::StandardWebhooks, vec![secret.clone()], DEFAULT_TOLERANCE)?;
///
/// let body = br#"{"type":"order.paid"}"#;
/// let mut headers = HeaderMap::new();
/// for (name, value) in sign(Scheme::StandardWebhooks, &secret, "msg_1", 1_700_000_000, body)? {
///     headers.insert(HeaderName::try_from(name)?, HeaderValue::try_from(value)?);
/// }
///
/// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_060);
/// let verified = verifier.verify(&headers, body, now)?;
/// assert_eq!(verified.event_id.as_deref(), Some("msg_1"));
/// assert!(verifier.verify(&headers, b"{}", now).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Verifier {
    scheme: Scheme,
    keys: Vec<mac::Key>,
    tolerance: Duration,
}

impl Verifier {
    /// A verifier accepting a signature by any of `secrets` (oldest or
    /// newest: list both while rotating), with a signed timestamp at most
    /// `tolerance` from the receiver's clock either way (whole seconds;
    /// [`DEFAULT_TOLERANCE`](super::DEFAULT_TOLERANCE) unless configured).
    /// GitHub signs no timestamp, so it ignores the tolerance.
    ///
    /// Fails when no secret is given, or one is empty or, for Standard
    /// Webhooks, `whsec_` followed by something other than base64.
    pub fn new(
        scheme: Scheme,
        secrets: Vec<Secret>,
        tolerance: Duration,
    ) -> Result<Self, SecretError> {
        if secrets.is_empty() {
            return Err(SecretError::NoSecrets);
        }
        let keys = secrets
            .iter()
            .enumerate()
            .map(|(index, secret)| Ok(mac::key(&secret.key(scheme, index)?)))
            .collect::<Result<_, SecretError>>()?;
        Ok(Self {
            scheme,
            keys,
            tolerance,
        })
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Checks the request's signature on the raw `body`, then its signed
    /// timestamp against `now`.
    ///
    /// Header names are matched case-insensitively; a header the scheme
    /// reads may appear only once. The signature is checked before the
    /// timestamp, so a [`TooOld`](SignatureError::TooOld) or
    /// [`InTheFuture`](SignatureError::InTheFuture) in the log is about an
    /// authentic message: a replay or a clock that is off, not a forgery.
    pub fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Verified, SignatureError> {
        let verified = match self.scheme {
            Scheme::StandardWebhooks => standard::verify(&self.keys, headers, body)?,
            Scheme::Stripe => stripe::verify(&self.keys, headers, body)?,
            Scheme::GitHub => github::verify(&self.keys, headers, body)?,
        };
        if let Some(timestamp) = verified.timestamp {
            check_window(timestamp, now, self.tolerance)?;
        }
        Ok(verified)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme)
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// The headers a sender sets to sign `body` under `scheme`, as lower-case
/// `(name, value)` pairs.
///
/// `id` is the event id (`webhook-id`, `X-GitHub-Delivery`; Stripe sends
/// none), which should not be empty: receivers refuse an empty header.
/// `timestamp` is the signing time in Unix seconds (GitHub signs none).
/// Fails as [`Verifier::new`] would on the secret.
pub fn sign(
    scheme: Scheme,
    secret: &Secret,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<Vec<(String, String)>, SecretError> {
    let key = mac::key(&secret.key(scheme, 0)?);
    Ok(match scheme {
        Scheme::StandardWebhooks => standard::sign(&key, id, timestamp, body),
        Scheme::Stripe => stripe::sign(&key, timestamp, body),
        Scheme::GitHub => github::sign(&key, id, body),
    })
}

/// Whether `timestamp` is within `tolerance` of `now`, either way.
fn check_window(
    timestamp: i64,
    now: SystemTime,
    tolerance: Duration,
) -> Result<(), SignatureError> {
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(since) => i128::from(since.as_secs()),
        Err(before) => -i128::from(before.duration().as_secs()),
    };
    let age = now - i128::from(timestamp);
    let tolerance = i128::from(tolerance.as_secs());
    let secs = |n: i128| u64::try_from(n).unwrap_or(u64::MAX);
    if age > tolerance {
        Err(SignatureError::TooOld {
            age_secs: secs(age),
        })
    } else if -age > tolerance {
        Err(SignatureError::InTheFuture { secs: secs(-age) })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::signature::{DEFAULT_TOLERANCE, header_map};

    const SCHEMES: [Scheme; 3] = [Scheme::StandardWebhooks, Scheme::Stripe, Scheme::GitHub];
    const T: i64 = 1_700_000_000;

    fn at(secs: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs as u64)
    }

    fn signed(scheme: Scheme, secret: &Secret, timestamp: i64, body: &[u8]) -> HeaderMap {
        header_map(sign(scheme, secret, "evt_1", timestamp, body).unwrap())
    }

    fn verifier(scheme: Scheme, secrets: &[&Secret]) -> Verifier {
        Verifier::new(
            scheme,
            secrets.iter().map(|s| (*s).clone()).collect(),
            DEFAULT_TOLERANCE,
        )
        .unwrap()
    }

    #[test]
    fn a_signature_by_any_configured_secret_is_accepted() {
        let (old, new, other) = (
            Secret::from_config_text("whsec_b2xkIHNlY3JldA=="),
            Secret::from_config_text("new secret"),
            Secret::from_config_text("someone else's"),
        );
        for scheme in SCHEMES {
            let verifier = verifier(scheme, &[&old, &new]);
            assert!(
                verifier
                    .verify(&signed(scheme, &old, T, b"{}"), b"{}", at(T))
                    .is_ok()
            );
            assert!(
                verifier
                    .verify(&signed(scheme, &new, T, b"{}"), b"{}", at(T))
                    .is_ok()
            );
            assert_eq!(
                verifier.verify(&signed(scheme, &other, T, b"{}"), b"{}", at(T)),
                Err(SignatureError::Mismatch),
                "{scheme:?}"
            );
        }
    }

    #[test]
    fn old_and_new_signatures_in_one_header_pass_a_verifier_with_only_the_new_secret() {
        let (old, new) = (Secret::from_bytes(*b"old"), Secret::from_bytes(*b"new"));
        let by = |secret| {
            signed(Scheme::StandardWebhooks, secret, T, b"{}")["webhook-signature"].clone()
        };
        let mut headers = signed(Scheme::StandardWebhooks, &old, T, b"{}");
        let both = format!(
            "{} {}",
            by(&old).to_str().unwrap(),
            by(&new).to_str().unwrap()
        );
        headers.insert("webhook-signature", both.parse().unwrap());
        assert!(
            verifier(Scheme::StandardWebhooks, &[&new])
                .verify(&headers, b"{}", at(T))
                .is_ok()
        );
    }

    #[test]
    fn a_timestamp_outside_the_tolerance_is_refused_either_way() {
        let secret = Secret::from_bytes(*b"key");
        for scheme in [Scheme::StandardWebhooks, Scheme::Stripe] {
            let verifier = verifier(scheme, &[&secret]);
            let headers = signed(scheme, &secret, T, b"{}");
            assert!(verifier.verify(&headers, b"{}", at(T + 300)).is_ok());
            assert!(verifier.verify(&headers, b"{}", at(T - 300)).is_ok());
            assert_eq!(
                verifier.verify(&headers, b"{}", at(T + 301)),
                Err(SignatureError::TooOld { age_secs: 301 })
            );
            assert_eq!(
                verifier.verify(&headers, b"{}", at(T - 301)),
                Err(SignatureError::InTheFuture { secs: 301 })
            );
        }
    }

    #[test]
    fn the_tolerance_is_configurable() {
        let secret = Secret::from_bytes(*b"key");
        let verifier = Verifier::new(
            Scheme::Stripe,
            vec![secret.clone()],
            Duration::from_secs(10),
        )
        .unwrap();
        let headers = signed(Scheme::Stripe, &secret, T, b"{}");
        assert!(verifier.verify(&headers, b"{}", at(T + 10)).is_ok());
        assert_eq!(
            verifier
                .verify(&headers, b"{}", at(T + 11))
                .unwrap_err()
                .code(),
            "timestamp_too_old"
        );
    }

    #[test]
    fn the_signature_is_checked_before_the_timestamp() {
        let secret = Secret::from_bytes(*b"key");
        let verifier = verifier(Scheme::StandardWebhooks, &[&secret]);
        let headers = signed(Scheme::StandardWebhooks, &secret, T, b"{}");
        assert_eq!(
            verifier.verify(&headers, b"{ }", at(T + 3600)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn github_has_no_replay_window() {
        let secret = Secret::from_bytes(*b"key");
        let headers = signed(Scheme::GitHub, &secret, 0, b"{}");
        let verified = verifier(Scheme::GitHub, &[&secret])
            .verify(&headers, b"{}", at(T))
            .unwrap();
        assert_eq!(verified.timestamp, None);
        assert_eq!(verified.event_id.as_deref(), Some("evt_1"));
    }

    #[test]
    fn a_clock_before_1970_is_not_a_panic() {
        let secret = Secret::from_bytes(*b"key");
        let verifier = verifier(Scheme::Stripe, &[&secret]);
        let headers = signed(Scheme::Stripe, &secret, 5, b"{}");
        let now = UNIX_EPOCH - Duration::from_secs(400);
        assert_eq!(
            verifier.verify(&headers, b"{}", now),
            Err(SignatureError::InTheFuture { secs: 405 })
        );
    }

    #[test]
    fn another_schemes_headers_are_missing_the_signature() {
        let secret = Secret::from_bytes(*b"key");
        let stripe = signed(Scheme::Stripe, &secret, T, b"{}");
        let err = verifier(Scheme::GitHub, &[&secret])
            .verify(&stripe, b"{}", at(T))
            .unwrap_err();
        assert_eq!(err.code(), "missing_signature");
    }

    #[test]
    fn verifiers_need_usable_secrets() {
        assert_eq!(
            Verifier::new(Scheme::GitHub, Vec::new(), DEFAULT_TOLERANCE).unwrap_err(),
            SecretError::NoSecrets
        );
        let secrets = vec![
            Secret::from_bytes(*b"ok"),
            Secret::from_config_text("whsec_!!"),
        ];
        assert_eq!(
            Verifier::new(Scheme::StandardWebhooks, secrets.clone(), DEFAULT_TOLERANCE)
                .unwrap_err(),
            SecretError::NotBase64 { index: 1 }
        );
        assert!(Verifier::new(Scheme::Stripe, secrets, DEFAULT_TOLERANCE).is_ok());
        let empty = Secret::from_config_text("");
        assert_eq!(
            sign(Scheme::GitHub, &empty, "", 0, b"").unwrap_err(),
            SecretError::Empty { index: 0 }
        );
    }

    #[test]
    fn error_codes_are_stable() {
        let errors = [
            (SignatureError::Missing("webhook-id"), "missing_signature"),
            (
                SignatureError::Malformed {
                    header: "webhook-id",
                    problem: "is empty",
                },
                "malformed_signature",
            ),
            (SignatureError::Mismatch, "signature_mismatch"),
            (SignatureError::TooOld { age_secs: 1 }, "timestamp_too_old"),
            (
                SignatureError::InTheFuture { secs: 1 },
                "timestamp_in_future",
            ),
        ];
        for (error, code) in &errors {
            assert_eq!(error.code(), *code);
        }
    }

    #[test]
    fn nothing_secret_is_printed() {
        let secret = Secret::from_config_text("hunter2");
        let verifier = verifier(Scheme::GitHub, &[&secret]);
        let debug = format!("{verifier:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("secrets: 1"), "{debug}");

        // A mismatch names neither the secret nor the signature it expected.
        let good = signed(Scheme::GitHub, &secret, 0, b"{}");
        let expected = good["x-hub-signature-256"].to_str().unwrap().to_owned();
        let forged = header_map([("x-hub-signature-256", format!("sha256={}", "0".repeat(64)))]);
        let error = verifier.verify(&forged, b"{}", at(T)).unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(
                !text.contains("hunter2") && !text.contains(&expected[7..]),
                "{text}"
            );
        }
    }

    fn any_scheme() -> impl Strategy<Value = Scheme> {
        prop::sample::select(SCHEMES.to_vec())
    }

    proptest! {
        #[test]
        fn signed_messages_verify(
            scheme in any_scheme(),
            key in prop::collection::vec(any::<u8>(), 1..80),
            id in "[A-Za-z0-9_.-]{1,40}",
            timestamp in 0..4_102_444_800_i64,
            skew in -300..=300_i64,
            body in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let secret = Secret::from_bytes(key);
            let headers = header_map(sign(scheme, &secret, &id, timestamp, &body).unwrap());
            let verifier = Verifier::new(scheme, vec![secret], DEFAULT_TOLERANCE).unwrap();
            let now = at((timestamp + skew).max(0));
            let verified = verifier.verify(&headers, &body, now).unwrap();
            let expected_id = (scheme != Scheme::Stripe).then_some(id);
            prop_assert_eq!(verified.event_id, expected_id);
            prop_assert_eq!(verified.timestamp, (scheme != Scheme::GitHub).then_some(timestamp));
        }

        #[test]
        fn flipping_any_body_byte_breaks_the_signature(
            scheme in any_scheme(),
            key in prop::collection::vec(any::<u8>(), 1..80),
            body in prop::collection::vec(any::<u8>(), 1..300),
            position in any::<prop::sample::Index>(),
            flip in 1..=255_u8,
        ) {
            let secret = Secret::from_bytes(key);
            let headers = header_map(sign(scheme, &secret, "evt_1", T, &body).unwrap());
            let verifier = Verifier::new(scheme, vec![secret], DEFAULT_TOLERANCE).unwrap();
            let mut tampered = body;
            let at_byte = position.index(tampered.len());
            tampered[at_byte] ^= flip;
            prop_assert_eq!(verifier.verify(&headers, &tampered, at(T)), Err(SignatureError::Mismatch));
        }

        #[test]
        fn whsec_secrets_round_trip(
            key in prop::collection::vec(any::<u8>(), 1..64),
            body in prop::collection::vec(any::<u8>(), 0..100),
        ) {
            use base64::Engine as _;
            let text = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(&key));
            let headers = header_map(sign(Scheme::StandardWebhooks, &Secret::from_bytes(key), "m", T, &body).unwrap());
            let verifier = Verifier::new(
                Scheme::StandardWebhooks,
                vec![Secret::from_config_text(text)],
                DEFAULT_TOLERANCE,
            ).unwrap();
            prop_assert!(verifier.verify(&headers, &body, at(T)).is_ok());
        }
    }
}
