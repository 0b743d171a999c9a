//! Webhook signatures: is this request from the sender we share a secret
//! with, and recent enough?
//!
//! A webhook route checks the signature on the raw body before anything
//! else (before parsing, before the mapping), with a [`Verifier`] built once
//! from the route's configuration. The check is pure and synchronous: the
//! headers, the body and the time in, [`Verified`] or a [`SignatureError`]
//! out. The service answers every error with the same `401` and logs its
//! [`code`](SignatureError::code). [`sign`] is the sender's side, for tests
//! and for the delivery worker's outgoing requests.
//!
//! Three schemes, each in its own module:
//! - [`Scheme::StandardWebhooks`] (the Standard Webhooks spec, used by Svix
//!   and others): `webhook-id`, `webhook-timestamp`, `webhook-signature`.
//! - [`Scheme::Stripe`]: `Stripe-Signature: t=…,v1=…`.
//! - [`Scheme::GitHub`]: `X-Hub-Signature-256: sha256=…`. GitHub signs no
//!   timestamp, so there is no replay window: de-duplicating deliveries is
//!   the only replay defence there, see [`Scheme::GitHub`].
//!
//! Every scheme is HMAC-SHA-256 under a shared secret. A verifier holds
//! several secrets so they can be rotated: a signature by any of them is
//! accepted. The MAC is computed once per secret and compared with each
//! signature the request carries in constant time.

mod error;
mod github;
mod headers;
mod mac;
mod secret;
mod standard;
mod stripe;
mod verifier;

use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use error::{SecretError, SignatureError};
pub use secret::Secret;
pub use verifier::{Verified, Verifier, sign};

/// How far a signed timestamp may be from the receiver's clock, either way,
/// unless configured otherwise: five minutes, as Standard Webhooks and
/// Stripe recommend.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// A signature scheme, named in the configuration as `standard_webhooks`,
/// `stripe` or `github`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// [Standard Webhooks](https://www.standardwebhooks.com/): headers
    /// `webhook-id`, `webhook-timestamp` (Unix seconds) and
    /// `webhook-signature`, one or more space-separated `v1,<base64>`
    /// entries, each the HMAC-SHA-256 of `{id}.{timestamp}.{body}`. The
    /// event id is signed, so de-duplicating by it is sound.
    StandardWebhooks,
    /// Stripe: header `Stripe-Signature: t=<Unix seconds>,v1=<hex>`, more
    /// `v1=` entries while Stripe rotates its secret, each the HMAC-SHA-256
    /// of `{t}.{body}`; `v0=` (test mode) and other schemes are ignored.
    /// The event id is in the body, so [`Verified::event_id`] is `None`.
    Stripe,
    /// GitHub: header `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA-256
    /// of the body alone; the event id is `X-GitHub-Delivery`.
    ///
    /// GitHub signs no timestamp, so a captured request stays valid for as
    /// long as the secret does and the tolerance does not apply. The replay
    /// defence is de-duplication: remember what was accepted and drop
    /// repeats. The delivery id is not signed, so a replayer can change it;
    /// de-duplicate by a digest of the body as well to catch that (GitHub's
    /// own redeliveries repeat both).
    #[serde(rename = "github")]
    GitHub,
}

/// A header map of `pairs`, for the tests of every scheme.
#[cfg(test)]
fn header_map<N: AsRef<str>, V: AsRef<str>>(
    pairs: impl IntoIterator<Item = (N, V)>,
) -> axum::http::HeaderMap {
    use axum::http::{HeaderMap, HeaderName, HeaderValue};
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.append(
            HeaderName::from_bytes(name.as_ref().as_bytes()).expect("test header names are valid"),
            HeaderValue::from_str(value.as_ref()).expect("test header values are valid"),
        );
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_have_their_configuration_names() {
        for (name, scheme) in [
            ("standard_webhooks", Scheme::StandardWebhooks),
            ("stripe", Scheme::Stripe),
            ("github", Scheme::GitHub),
        ] {
            assert_eq!(
                serde_json::from_str::<Scheme>(&format!("\"{name}\"")).unwrap(),
                scheme
            );
        }
        assert!(serde_json::from_str::<Scheme>("\"git_hub\"").is_err());
        let schema = serde_json::to_string(&schemars::schema_for!(Scheme)).unwrap();
        for name in ["standard_webhooks", "stripe", "github"] {
            assert!(schema.contains(&format!("\"{name}\"")), "{schema}");
        }
    }
}
