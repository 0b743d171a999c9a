//! One delivery attempt: the POST, and what its answer means.
//!
//! 2xx is delivered. 408, 429, any 5xx, a timeout or a transport error is
//! worth another try (with the target's `Retry-After`, if it sent one).
//! Anything else (other 4xx, a redirect, 1xx) is a permanent refusal: the
//! same request would be refused again, so the entry dies at once with the
//! status and a short excerpt of the answer.

use std::error::Error as _;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Client, Response};

use super::backoff::parse_retry_after;
use super::lease::Leased;

/// Bytes of a refusal's body kept in the entry's `last_error`.
const EXCERPT_BYTES: usize = 200;

/// What an attempt's answer means for the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Delivered,
    Retryable {
        status: Option<u16>,
        error: String,
        retry_after: Option<Duration>,
    },
    Permanent {
        status: Option<u16>,
        error: String,
    },
}

/// POSTs a leased entry. `key` goes in `idempotency-key`, and in
/// `webhook-id` unless the entry carries its own.
pub(super) async fn send(client: &Client, leased: Leased, key: &str) -> Verdict {
    let mut request = client
        .post(&leased.target)
        .header(CONTENT_TYPE, &leased.content_type)
        .header("idempotency-key", key);
    if !leased
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("webhook-id"))
    {
        request = request.header("webhook-id", key);
    }
    for (name, value) in &leased.headers {
        request = request.header(name, value);
    }
    match request.body(leased.body).send().await {
        Ok(response) => judge(response).await,
        // Headers were checked at enqueue; a request that still cannot be
        // built will not build next time either.
        Err(error) if error.is_builder() => Verdict::Permanent {
            status: None,
            error: describe(error),
        },
        Err(error) => Verdict::Retryable {
            status: None,
            error: describe(error),
            retry_after: None,
        },
    }
}

async fn judge(response: Response) -> Verdict {
    let status = response.status();
    if status.is_success() {
        return Verdict::Delivered;
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()));
    let excerpt = excerpt(response).await;
    let error = if excerpt.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {excerpt}")
    };
    let code = status.as_u16();
    if matches!(code, 408 | 429 | 500..=599) {
        Verdict::Retryable {
            status: Some(code),
            error,
            retry_after,
        }
    } else {
        Verdict::Permanent {
            status: Some(code),
            error,
        }
    }
}

/// The start of a response body, on one line, at most [`EXCERPT_BYTES`];
/// reads no more of the body than that.
async fn excerpt(mut response: Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&bytes);
    let line: String = text
        .chars()
        .filter(|c| *c != char::REPLACEMENT_CHARACTER)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_owned()
}

/// A transport error with its causes, without the URL (whose path or
/// query may hold a secret token).
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return "timed out".to_owned();
    }
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
