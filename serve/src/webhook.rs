//! Webhook routes: verify the sender's signature, drop the sender's
//! retries, map the event, persist it, answer `202` — then the outbox's
//! delivery worker takes it downstream.
//!
//! The order matters: nothing is acknowledged before it is on disk, and
//! nothing is stored that was not signed by the sender. A failure to
//! persist answers `503`, so the sender retries; a duplicate answers `200`,
//! so it stops.

use std::path::Path;
use std::time::SystemTime;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::config;
use crate::outbox::{Delivery, Enqueued, Outbox};
use crate::problem::Problem;
use crate::routes::Route;
use crate::signature::{Scheme, Secret, Verifier};

/// The verifier of a webhook route, its secrets read from the environment
/// variables and files the configuration names. The message of an error
/// names the variable or file, never a value.
pub(crate) fn verifier(webhook: &config::Webhook, base: &Path) -> Result<Verifier, String> {
    let mut secrets = Vec::new();
    for name in &webhook.secret_env {
        match std::env::var(name) {
            Ok(text) if !text.trim().is_empty() => secrets.push(Secret::from_config_text(&text)),
            _ => return Err(format!("the secret variable `{name}` is not set")),
        }
    }
    for file in &webhook.secret_files {
        let path = base.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the secret file `{}`: {e}", file.display()))?;
        secrets.push(Secret::from_config_text(&text));
    }
    if secrets.is_empty() {
        return Err("a webhook route needs a secret: `secret_env` or `secret_files`".to_owned());
    }
    Verifier::new(webhook.scheme, secrets, webhook.tolerance.0).map_err(|e| e.to_string())
}

/// Serves one webhook event whose body has been read.
pub(crate) async fn receive(
    route: &Route,
    outbox: &Outbox,
    headers: &HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (Some(webhook), Some(deliver), Some(verifier)) = (
        route.config.webhook.as_ref(),
        route.config.deliver.as_ref(),
        route.verifier.as_ref(),
    ) else {
        return Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
            "the route is not configured",
        )
        .into_response();
    };
    let path = route.config.path.clone();
    let verified = match verifier.verify(headers, &body, SystemTime::now()) {
        Ok(v) => v,
        Err(e) => {
            // The sender learns only that it failed; the log says why.
            metrics::counter!("ferry_signature_failures_total", "route" => path.clone(), "reason" => e.code())
                .increment(1);
            tracing::warn!(route = %path, reason = e.code(), "webhook signature refused");
            return Problem::new(
                StatusCode::UNAUTHORIZED,
                "invalid_signature",
                "the signature does not verify",
                "the request is not signed by a sender this route trusts",
            )
            .into_response();
        }
    };
    let mapping = std::sync::Arc::clone(&route.mapping);
    let raw = body.clone();
    let mapped = tokio::task::spawn_blocking(move || {
        let event: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| {
            Box::new(Problem::new(
                StatusCode::BAD_REQUEST,
                "E0406",
                "the payload is malformed",
                format!("invalid JSON: {e}"),
            ))
        })?;
        let output = mapping.apply(&event).map_err(|e| {
            crate::observe::error(e.code());
            Box::new(Problem::from_run_error(&e))
        })?;
        Ok::<_, Box<Problem>>((
            event_key(&event),
            serde_json::to_vec(&output).unwrap_or_default(),
        ))
    })
    .await;
    let (body_id, mapped) = match mapped {
        Ok(Ok(done)) => done,
        Ok(Err(problem)) => return (*problem).into_response(),
        Err(_) => {
            return Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
                "the mapping failed unexpectedly",
            )
            .into_response();
        }
    };
    let event_id = dedup_key(webhook.scheme, verified.event_id, body_id, &body);
    let mut delivery_headers = Vec::new();
    if let Some(trace) = headers.get("traceparent").and_then(|v| v.to_str().ok()) {
        delivery_headers.push(("traceparent".to_owned(), trace.to_owned()));
    }
    let delivery = Delivery {
        route: path.clone(),
        target: deliver.url.clone(),
        body: mapped,
        content_type: "application/json".to_owned(),
        headers: delivery_headers,
        event_id: Some(event_id.clone()),
    };
    match outbox
        .enqueue_once(delivery, webhook.dedup_window.0, SystemTime::now())
        .await
    {
        Ok(Enqueued::New(id)) => {
            metrics::counter!("ferry_webhooks_total", "route" => path, "outcome" => "accepted")
                .increment(1);
            (
                StatusCode::ACCEPTED,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::json!({"accepted": true, "entry": id.0, "event": event_id}).to_string(),
            )
                .into_response()
        }
        Ok(Enqueued::Duplicate) => {
            metrics::counter!("ferry_webhooks_total", "route" => path, "outcome" => "duplicate")
                .increment(1);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::json!({"accepted": true, "duplicate": true, "event": event_id})
                    .to_string(),
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(route = %path, error = %e, "the outbox refused an event");
            Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_persisted",
                "the event could not be stored",
                "nothing was accepted; send it again",
            )
            .with_header("retry-after", "5")
            .into_response()
        }
    }
}

/// The `id` member of a JSON event, when it is a string or a number
/// (Stripe's `evt_…`).
fn event_key(event: &serde_json::Value) -> Option<String> {
    match event.get("id")? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What identifies an event for de-duplication: the signed id where the
/// scheme signs one (Standard Webhooks' `webhook-id`), the signed body's
/// `id` (Stripe), and otherwise the digest of the signed body (GitHub's
/// delivery id is not signed: a replay could change it).
fn dedup_key(
    scheme: Scheme,
    signed_id: Option<String>,
    body_id: Option<String>,
    body: &[u8],
) -> String {
    match (scheme, signed_id, body_id) {
        (Scheme::StandardWebhooks, Some(id), _) => id,
        (Scheme::Stripe, _, Some(id)) => id,
        _ => {
            let digest = Sha256::digest(body);
            format!(
                "sha256:{}",
                digest
                    .iter()
                    .take(16)
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        }
    }
}
