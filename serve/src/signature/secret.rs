//! Signing secrets as configured, and the HMAC key each scheme derives
//! from them.
//!
//! One configured text can mean two keys: Standard Webhooks writes its
//! secrets as `whsec_<base64>` and keys the HMAC with the decoded bytes,
//! while Stripe also writes `whsec_…` but keys the HMAC with the whole text.
//! So a [`Secret`] keeps what was configured, and the key is derived when the
//! scheme is known.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;

use super::{Scheme, SecretError, standard};

/// The prefix of Standard Webhooks' serialized secrets.
const WHSEC: &str = "whsec_";

/// A shared signing secret. Its `Debug` prints `<secret>`, never the bytes.
#[derive(Clone)]
pub struct Secret {
    form: Form,
}

#[derive(Clone)]
enum Form {
    /// As written in the configuration, trimmed.
    Text(String),
    /// Key bytes, used as they are by every scheme.
    Bytes(Vec<u8>),
}

impl Secret {
    /// A secret as written in the configuration.
    ///
    /// Surrounding whitespace (a secret file's trailing newline) is not part
    /// of it; use [`from_bytes`](Self::from_bytes) for a secret that has
    /// some. For [`Scheme::StandardWebhooks`], `whsec_<base64>` is the key
    /// base64-encoded, as the spec serializes it, and any other text is used
    /// as its UTF-8 bytes (unlike the reference libraries, which decode
    /// unprefixed secrets as base64 too: write the prefix to match them).
    /// For [`Scheme::Stripe`] and [`Scheme::GitHub`], the whole text is the
    /// key, `whsec_` included, as Stripe's own libraries use it.
    pub fn from_config_text(text: impl AsRef<str>) -> Self {
        Self {
            form: Form::Text(text.as_ref().trim().to_owned()),
        }
    }

    /// A secret of raw key bytes, used as they are by every scheme.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            form: Form::Bytes(bytes.into()),
        }
    }

    /// The HMAC key this secret means under `scheme`; `index` is only for
    /// the error.
    pub(super) fn key(&self, scheme: Scheme, index: usize) -> Result<Cow<'_, [u8]>, SecretError> {
        let key = match (&self.form, scheme) {
            (Form::Bytes(bytes), _) => Cow::Borrowed(bytes.as_slice()),
            (Form::Text(text), Scheme::StandardWebhooks) => match text.strip_prefix(WHSEC) {
                Some(encoded) => Cow::Owned(
                    standard::BASE64
                        .decode(encoded)
                        .map_err(|_| SecretError::NotBase64 { index })?,
                ),
                None => Cow::Borrowed(text.as_bytes()),
            },
            (Form::Text(text), Scheme::Stripe | Scheme::GitHub) => Cow::Borrowed(text.as_bytes()),
        };
        if key.is_empty() {
            return Err(SecretError::Empty { index });
        }
        Ok(key)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        assert_eq!(
            format!("{:?}", Secret::from_config_text("hunter2")),
            "<secret>"
        );
        assert_eq!(format!("{:?}", Secret::from_bytes(*b"hunter2")), "<secret>");
    }

    #[test]
    fn whsec_text_is_base64_to_standard_webhooks_only() {
        let secret = Secret::from_config_text("whsec_aGVsbG8=");
        assert_eq!(&*secret.key(Scheme::StandardWebhooks, 0).unwrap(), b"hello");
        assert_eq!(&*secret.key(Scheme::Stripe, 0).unwrap(), b"whsec_aGVsbG8=");
        assert_eq!(&*secret.key(Scheme::GitHub, 0).unwrap(), b"whsec_aGVsbG8=");
    }

    #[test]
    fn whsec_padding_is_optional() {
        let secret = Secret::from_config_text("whsec_aGVsbG8");
        assert_eq!(&*secret.key(Scheme::StandardWebhooks, 0).unwrap(), b"hello");
    }

    #[test]
    fn text_without_prefix_is_its_bytes() {
        let secret = Secret::from_config_text("aGVsbG8=");
        assert_eq!(
            &*secret.key(Scheme::StandardWebhooks, 0).unwrap(),
            b"aGVsbG8="
        );
    }

    #[test]
    fn whsec_with_bad_base64_is_refused_by_standard_webhooks_only() {
        let secret = Secret::from_config_text("whsec_not*base64");
        assert_eq!(
            secret.key(Scheme::StandardWebhooks, 3).unwrap_err(),
            SecretError::NotBase64 { index: 3 }
        );
        assert!(secret.key(Scheme::Stripe, 3).is_ok());
    }

    #[test]
    fn surrounding_whitespace_is_trimmed_from_text_but_kept_in_bytes() {
        let text = Secret::from_config_text("  It's a Secret\n");
        assert_eq!(&*text.key(Scheme::GitHub, 0).unwrap(), b"It's a Secret");
        let bytes = Secret::from_bytes(*b" s\n");
        assert_eq!(&*bytes.key(Scheme::GitHub, 0).unwrap(), b" s\n");
    }

    #[test]
    fn empty_secrets_are_refused() {
        for secret in [
            Secret::from_config_text(" \n"),
            Secret::from_config_text("whsec_"),
            Secret::from_bytes(Vec::new()),
        ] {
            assert_eq!(
                secret.key(Scheme::StandardWebhooks, 1).unwrap_err(),
                SecretError::Empty { index: 1 }
            );
        }
    }
}
