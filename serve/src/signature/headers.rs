//! Reading the headers the schemes sign: once each, as text, strictly.

use axum::http::HeaderMap;

use super::SignatureError;

/// The value of a header that must appear exactly once, as text.
pub(super) fn single_header<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<&'a str, SignatureError> {
    optional_header(headers, name)?.ok_or(SignatureError::Missing(name))
}

/// The value of a header that may appear at most once, as text.
pub(super) fn optional_header<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<Option<&'a str>, SignatureError> {
    let malformed = |problem| SignatureError::Malformed {
        header: name,
        problem,
    };
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    // Two values leave it ambiguous which one was signed and which one the
    // route would act on; no sender repeats these headers.
    if values.next().is_some() {
        return Err(malformed("appears more than once"));
    }
    let text = value
        .to_str()
        .map_err(|_| malformed("is not visible ASCII"))?
        .trim();
    if text.is_empty() {
        return Err(malformed("is empty"));
    }
    Ok(Some(text))
}

/// Unix seconds written as plain decimal digits (no sign, no fraction).
pub(super) fn parse_unix_seconds(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
