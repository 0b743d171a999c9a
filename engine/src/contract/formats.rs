//! Faster checks for the formats records hit most, with the validator's
//! own verdicts: a fast path accepts only strings the built-in check
//! certainly accepts, and hands every other string to the built-in check.
//! (`email` was the largest single cost of validating the peer benchmark's
//! orders: the built-in parser looks for a display name first.)

use jsonschema::Validator;
use serde_json::{Value, json};

/// The `email` format: plain `local@host.tld` addresses at once, anything
/// else through the validator's own check.
pub(crate) fn email() -> impl Fn(&str) -> bool + Send + Sync + 'static {
    let builtin = builtin("email");
    move |s: &str| {
        plain_email(s)
            || builtin
                .as_ref()
                .is_some_and(|v| v.is_valid(&Value::String(s.to_owned())))
    }
}

/// A validator of nothing but the built-in `format` `name`.
fn builtin(name: &str) -> Option<Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&json!({ "format": name }))
        .ok()
}

/// An address of the most common shape, well inside what RFC 5321 and the
/// built-in check accept: a dot-atom local part of letters, digits and
/// `._+-`, and a host name of at least two letter-digit-hyphen labels
/// ending in an alphabetic top-level label. Anything unusual (quotes,
/// comments, IP literals, `xn--` labels, long parts) answers false and is
/// decided by the built-in check.
pub(crate) fn plain_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok || !(3..=253).contains(&domain.len()) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
            && !l.contains("--")
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agrees(s: &str) {
        let builtin = builtin("email").unwrap();
        let expected = builtin.is_valid(&Value::String(s.to_owned()));
        assert_eq!(email()(s), expected, "{s:?}");
        if plain_email(s) {
            assert!(
                expected,
                "the fast path accepted {s:?}, the built-in check does not"
            );
        }
    }

    #[test]
    fn known_addresses_get_the_built_in_verdict() {
        for s in [
            "ada@example.org",
            "a.b+c-d_e@mail.example.co.uk",
            "x@y.io",
            "nope",
            "a@b",
            "a..b@example.org",
            ".a@example.org",
            "a@-example.org",
            "a@example.c",
            "a@example.123",
            "\"quoted local\"@example.org",
            "a@[127.0.0.1]",
            "a@xn--bcher-kva.example",
            "Ada Lovelace <ada@example.org>",
            "a@exa_mple.org",
            "",
            "@example.org",
        ] {
            agrees(s);
        }
    }

    proptest! {
        #[test]
        fn the_fast_path_never_accepts_what_the_built_in_check_rejects(
            s in "[a-zA-Z0-9._+\\-]{0,12}@[a-zA-Z0-9.\\-]{0,14}"
        ) {
            agrees(&s);
        }
    }
}
