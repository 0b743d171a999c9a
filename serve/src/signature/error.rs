//! What can go wrong: a request whose signature is not accepted
//! ([`SignatureError`]), and a configured secret that cannot be used
//! ([`SecretError`]).

use thiserror::Error;

/// Why a request's signature was not accepted.
///
/// The service answers each of these with the same `401`, so a client cannot
/// tell which check failed; the [`code`](Self::code) goes to the log. No
/// message carries a secret, a computed signature or text from the request:
/// header names and problems are fixed strings.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    /// A header the scheme requires is absent.
    #[error("header `{0}` is missing")]
    Missing(&'static str),
    /// A header is present but not in the scheme's form.
    #[error("header `{header}` is malformed: {problem}")]
    Malformed {
        /// The header's name, lower case.
        header: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// No signature in the request matches the body under any configured secret.
    #[error("no signature matches the request under any configured secret")]
    Mismatch,
    /// The signed timestamp is further in the past than the tolerance allows:
    /// a replay, or a delivery held up for too long.
    #[error("the signed timestamp is {age_secs} s old, beyond the tolerance")]
    TooOld {
        /// How old the timestamp is, in seconds.
        age_secs: u64,
    },
    /// The signed timestamp is further in the future than the tolerance
    /// allows: a sender's clock is off, or a message was signed ahead of time.
    #[error("the signed timestamp is {secs} s in the future, beyond the tolerance")]
    InTheFuture {
        /// How far ahead of the receiver's clock the timestamp is, in seconds.
        secs: u64,
    },
}

impl SignatureError {
    /// A stable code for logs and metrics; never shown to the client.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing(_) => "missing_signature",
            Self::Malformed { .. } => "malformed_signature",
            Self::Mismatch => "signature_mismatch",
            Self::TooOld { .. } => "timestamp_too_old",
            Self::InTheFuture { .. } => "timestamp_in_future",
        }
    }
}

/// Why configured secrets cannot make a [`Verifier`](super::Verifier) or
/// [`sign`](super::sign) a message: a configuration error, reported at
/// start-up.
///
/// `index` is the secret's position in the list given to
/// [`Verifier::new`](super::Verifier::new) (always 0 from `sign`). Messages
/// never include the secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SecretError {
    /// The list of secrets is empty, so no request could ever be accepted.
    #[error("no secret is configured")]
    NoSecrets,
    /// A secret has no bytes (after trimming, for configuration text).
    #[error("secret #{index} is empty")]
    Empty {
        /// The secret's position in the list.
        index: usize,
    },
    /// A Standard Webhooks secret starts with `whsec_` but the rest is not
    /// base64.
    #[error("secret #{index} starts with `whsec_` but the rest is not base64")]
    NotBase64 {
        /// The secret's position in the list.
        index: usize,
    },
}
