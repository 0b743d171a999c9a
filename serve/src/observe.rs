//! Observability: Prometheus metrics (requests by route and status, a
//! latency histogram per route and one for mapping time alone, errors by
//! Ferry code) and JSON logs. Bodies and secrets are never logged.

use std::sync::OnceLock;
use std::time::Duration;

use axum::http::StatusCode;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Seconds: from 100 µs to 10 s, about three buckets per decade.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the Prometheus recorder (once per process; later calls, as
/// several services in one test process make, share it).
pub fn install() {
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .ok()?
            .install_recorder()
            .ok()
    });
}

/// The metrics in Prometheus text format.
pub fn render() -> String {
    install();
    HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}

/// A request answered.
pub(crate) fn request(route: &str, status: StatusCode, took: Duration) {
    metrics::counter!("ferry_requests_total", "route" => route.to_owned(), "status" => status.as_u16().to_string())
        .increment(1);
    metrics::histogram!("ferry_request_seconds", "route" => route.to_owned())
        .record(took.as_secs_f64());
}

/// Time spent mapping one request's payload.
pub(crate) fn mapping(route: &str, took: Duration) {
    metrics::histogram!("ferry_mapping_seconds", "route" => route.to_owned())
        .record(took.as_secs_f64());
}

/// A record failed with `code`.
pub(crate) fn error(code: &str) {
    metrics::counter!("ferry_errors_total", "code" => code.to_owned()).increment(1);
}

/// JSON logs on stderr, filtered by `RUST_LOG` (default `info`).
pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
