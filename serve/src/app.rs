//! The HTTP side: the operational endpoints, and one handler that serves
//! every configured route from the current [`Routes`].
//!
//! A request to a route goes: shed if the service is at its concurrency
//! limit (503), authenticate (401), rate-limit per client (429), check the
//! content type (415) and the body size (413), then map on the blocking
//! pool within the request timeout. Every refusal is problem+json.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use arc_swap::ArcSwap;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::format::InputFormat;
use ferry_engine::{Mapping, RunError};
use tokio::sync::Semaphore;

use crate::auth;
use crate::observe;
use crate::problem::Problem;
use crate::routes::{Route, Routes};

/// The running service: its routes (swapped whole on reload) and what
/// every request shares.
pub struct Service {
    routes: ArcSwap<Routes>,
    /// The durable queue of webhook routes, when there are any.
    outbox: Option<crate::outbox::Outbox>,
    config_path: Option<std::path::PathBuf>,
    in_flight: Arc<Semaphore>,
    ready: AtomicBool,
}

impl Service {
    /// A service over `routes`; `config_path` is re-read on reload.
    pub fn new(
        routes: Routes,
        config_path: Option<std::path::PathBuf>,
        outbox: Option<crate::outbox::Outbox>,
    ) -> Arc<Service> {
        let concurrency = routes.config.server.concurrency.max(1);
        Arc::new(Service {
            routes: ArcSwap::from_pointee(routes),
            outbox,
            config_path,
            in_flight: Arc::new(Semaphore::new(concurrency)),
            ready: AtomicBool::new(true),
        })
    }

    /// The routes now served.
    pub fn routes(&self) -> Arc<Routes> {
        self.routes.load_full()
    }

    /// Recompiles everything from the configuration file; on any problem
    /// nothing changes and the problems are returned.
    pub fn reload(&self) -> Result<(), crate::routes::LoadErrors> {
        let Some(path) = &self.config_path else {
            return Ok(());
        };
        let routes = Routes::load(path)?;
        if routes.has_webhooks() && self.outbox.is_none() {
            return Err(crate::routes::LoadErrors(vec![
                "webhook routes need the outbox, opened at start: restart the service to add the first one".to_owned(),
            ]));
        }
        self.routes.store(Arc::new(routes));
        metrics::counter!("ferry_reloads_total", "outcome" => "ok").increment(1);
        tracing::info!(config = %path.display(), "routes reloaded");
        Ok(())
    }

    /// Marks the service as stopping: `/readyz` says so, load balancers
    /// drain it.
    pub fn set_unready(&self) {
        self.ready.store(false, Ordering::Relaxed);
    }
}

/// The router of a service.
pub fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(|| async { observe::render() }))
        .route("/routes", get(list_routes))
        .route("/openapi.json", get(openapi))
        .route("/admin/reload", post(admin_reload))
        .fallback(dispatch)
        .with_state(service)
}

async fn readyz(State(service): State<Arc<Service>>) -> Response {
    if service.ready.load(Ordering::Relaxed) {
        "ready\n".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "stopping\n").into_response()
    }
}

async fn list_routes(State(service): State<Arc<Service>>) -> Json<serde_json::Value> {
    Json(service.routes().describe())
}

async fn openapi(State(service): State<Arc<Service>>) -> Json<serde_json::Value> {
    Json(crate::openapi::document(&service.routes()))
}

async fn admin_reload(State(service): State<Arc<Service>>, headers: HeaderMap) -> Response {
    let routes = service.routes();
    let allowed = !routes.admin_tokens.is_empty()
        && auth::presented(&headers).is_some_and(|key| auth::accepts(&routes.admin_tokens, key));
    if !allowed {
        return unauthorized();
    }
    match service.reload() {
        Ok(()) => {
            Json(serde_json::json!({"reloaded": true, "routes": service.routes().describe()}))
                .into_response()
        }
        Err(errors) => {
            metrics::counter!("ferry_reloads_total", "outcome" => "failed").increment(1);
            let mut problem = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "reload_failed",
                "the new configuration does not compile; nothing changed",
                "the routes in service are unchanged",
            );
            problem
                .extra
                .insert("diagnostics".into(), serde_json::json!(errors.0));
            problem.into_response()
        }
    }
}

fn unauthorized() -> Response {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "authentication required",
        "present a valid key in `X-API-Key` or `Authorization: Bearer`",
    )
    .with_header("www-authenticate", "Bearer")
    .into_response()
}

/// Every configured route.
async fn dispatch(State(service): State<Arc<Service>>, request: Request) -> Response {
    let started = Instant::now();
    let routes = service.routes();
    let path = request.uri().path().to_owned();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| id.len() <= 128)
        .map_or_else(new_request_id, str::to_owned);
    let (label, response) = match routes.get(&path).cloned() {
        None => (
            "unmatched".to_owned(),
            Problem::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such route",
                format!("no route serves `{path}`"),
            )
            .into_response(),
        ),
        Some(route) => {
            let response = serve_route(&service, &routes, &route, request).await;
            (route.config.path.clone(), response)
        }
    };
    let mut response = response;
    if let Ok(value) = axum::http::HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    let status = response.status();
    let took = started.elapsed();
    observe::request(&label, status, took);
    tracing::info!(
        target: "ferry::access",
        route = %label,
        status = status.as_u16(),
        micros = took.as_micros() as u64,
        request_id = %request_id,
        "request"
    );
    response
}

async fn serve_route(
    service: &Service,
    routes: &Routes,
    route: &Arc<Route>,
    request: Request,
) -> Response {
    if request.method() != Method::POST {
        return Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method not allowed",
            "routes take POST",
        )
        .with_header("allow", "POST")
        .into_response();
    }
    // Shed before doing anything for a request the service cannot take.
    let Ok(_permit) = service.in_flight.clone().try_acquire_owned() else {
        return shed("the service is at its concurrency limit");
    };
    let _route_permit = match &route.in_flight {
        Some(limit) => match limit.clone().try_acquire_owned() {
            Ok(p) => Some(p),
            Err(_) => return shed("this route is at its concurrency limit"),
        },
        None => None,
    };
    let client = match client_key(route, &request) {
        Ok(client) => client,
        Err(response) => return *response,
    };
    if let Some(refused) = rate_limit(route, &client) {
        return refused;
    }
    let kind = match body_kind(request.headers()) {
        Ok(kind) => kind,
        Err(problem) => return (*problem).into_response(),
    };
    let limit = routes.config.server.max_body.0;
    let headers = request.headers().clone();
    let body = match read_body(request, limit).await {
        Ok(body) => body,
        Err(problem) => return (*problem).into_response(),
    };
    if route.config.kind == crate::config::RouteKind::Webhook {
        let Some(outbox) = &service.outbox else {
            return shed("the outbox is not open");
        };
        return crate::webhook::receive(route, outbox, &headers, body).await;
    }
    let timeout = routes.config.server.request_timeout.0;
    let mapping = Arc::clone(&route.mapping);
    let label = route.config.path.clone();
    let work = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let result = match kind {
            BodyKind::Json => map_one(&mapping, &body),
            BodyKind::Ndjson => map_batch(&mapping, &body),
        };
        observe::mapping(&label, started.elapsed());
        result
    });
    match tokio::time::timeout(timeout, work).await {
        Ok(Ok(response)) => response,
        // The mapping panicked: a bug, reported as one, never a crash.
        Ok(Err(_)) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
            "the mapping failed unexpectedly",
        )
        .into_response(),
        Err(_) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the request took longer than the service allows",
            format!("not finished within {timeout:?}"),
        )
        .with_header("retry-after", "1")
        .into_response(),
    }
}

/// A request id for a request that brought none: unique in the process,
/// ordered, short.
fn new_request_id() -> String {
    use std::sync::atomic::AtomicU64;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    format!("{start:x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn shed(detail: &str) -> Response {
    metrics::counter!("ferry_shed_total").increment(1);
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        "the service is overloaded",
        detail,
    )
    .with_header("retry-after", "1")
    .into_response()
}

/// Who is calling, for the rate limiter: the key's hash when the route
/// takes keys (and the key is accepted), else the source address.
fn client_key(route: &Route, request: &Request) -> Result<String, Box<Response>> {
    if route.config.auth.is_some() {
        let key = auth::presented(request.headers());
        return match key {
            Some(key) if auth::accepts(&route.keys, key) => Ok(auth::hash(key)
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect()),
            _ => {
                metrics::counter!("ferry_unauthorized_total", "route" => route.config.path.clone())
                    .increment(1);
                Err(Box::new(unauthorized()))
            }
        };
    }
    Ok(request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default())
}

/// `None` when the client may go on; else the 429 with `Retry-After` and
/// the `RateLimit-*` headers.
fn rate_limit(route: &Route, client: &str) -> Option<Response> {
    let (limiter, quota) = (route.limiter.as_ref()?, route.quota?);
    let burst = quota.burst.unwrap_or(quota.per_second);
    match limiter.check_key(&client.to_owned()) {
        Ok(_snapshot) => None,
        Err(not_until) => {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ));
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            metrics::counter!("ferry_rate_limited_total", "route" => route.config.path.clone())
                .increment(1);
            Some(
                Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    "too many requests",
                    format!(
                        "this route takes {} requests per second per client",
                        quota.per_second
                    ),
                )
                .with_header("retry-after", seconds.max(1).to_string())
                .with_header("ratelimit-limit", burst.to_string())
                .with_header("ratelimit-remaining", "0")
                .with_header("ratelimit-reset", seconds.max(1).to_string())
                .with_header("ratelimit-policy", format!("{burst};w=1;burst={burst}"))
                .into_response(),
            )
        }
    }
}

/// What a request body is.
#[derive(Clone, Copy)]
enum BodyKind {
    Json,
    Ndjson,
}

fn body_kind(headers: &HeaderMap) -> Result<BodyKind, Box<Problem>> {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(BodyKind::Json);
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Json),
        "application/x-ndjson" | "application/jsonl" | "application/ndjson" => Ok(BodyKind::Ndjson),
        other if other.ends_with("+json") => Ok(BodyKind::Json),
        other => Err(Box::new(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "unsupported content type",
            format!("`{other}` is not accepted: send application/json, or application/x-ndjson for a batch"),
        )
        .with_header("accept-post", "application/json, application/x-ndjson"))),
    }
}

async fn read_body(request: Request, limit: u64) -> Result<Bytes, Box<Problem>> {
    let too_large = || {
        Box::new(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the payload is too large",
            format!("requests may be at most {limit} bytes"),
        ))
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|e| {
            let mut source: Option<&dyn std::error::Error> = Some(&e);
            while let Some(err) = source {
                if err.is::<http_body_util::LengthLimitError>() {
                    return too_large();
                }
                source = err.source();
            }
            Box::new(Problem::new(
                StatusCode::BAD_REQUEST,
                "unreadable_body",
                "the body could not be read",
                e.to_string(),
            ))
        })
}

/// A JSON payload: its mapped JSON, or the problem.
fn map_one(mapping: &Mapping, body: &[u8]) -> Response {
    let input: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            observe::error("E0406");
            let mut problem = Problem::new(
                StatusCode::BAD_REQUEST,
                "E0406",
                "the payload is malformed",
                format!("invalid JSON: {e}"),
            );
            problem.extra.insert("line".into(), e.line().into());
            problem.extra.insert("column".into(), e.column().into());
            return problem.into_response();
        }
    };
    match mapping.apply(&input) {
        Ok(output) => {
            let body = serde_json::to_vec(&output).unwrap_or_default();
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(error) => {
            observe::error(error.code());
            Problem::from_run_error(&error).into_response()
        }
    }
}

/// An NDJSON batch: one line out per line in, in order: the output, or
/// `{"record": n, "error": {problem}}` for a record that failed.
fn map_batch(mapping: &Mapping, body: &[u8]) -> Response {
    let mut out = Vec::with_capacity(body.len());
    let mut failures: Vec<(u64, serde_json::Value)> = Vec::new();
    let options = BatchOptions {
        on_error: OnError::Skip,
        pretty: false,
    };
    let report = batch::run(
        mapping,
        body,
        InputFormat::Ndjson,
        options,
        &mut out,
        &mut |e: &RunError, _: &[u8]| {
            observe::error(e.code());
            failures.push((
                e.info().record.unwrap_or(0),
                Problem::from_run_error(e).to_json(),
            ));
        },
    );
    let Ok(report) = report else {
        return Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
            "the batch could not be written",
        )
        .into_response();
    };
    // Interleave: outputs are in record order, failures carry their number.
    let numbers = record_numbers(body);
    let mut lines = out.split_inclusive(|b| *b == b'\n');
    let mut failures = failures.into_iter().peekable();
    let mut merged = Vec::with_capacity(out.len() + failures.len() * 200);
    for number in numbers {
        if failures.peek().is_some_and(|(n, _)| *n == number) {
            let (n, problem) = failures.next().unwrap_or_default();
            let line = serde_json::json!({"record": n, "error": problem});
            merged.extend_from_slice(line.to_string().as_bytes());
            merged.push(b'\n');
        } else if let Some(line) = lines.next() {
            merged.extend_from_slice(line);
        }
    }
    let status = if report.failures == 0 {
        StatusCode::OK
    } else {
        StatusCode::MULTI_STATUS
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (
                header::HeaderName::from_static("ferry-records"),
                report.records.to_string(),
            ),
            (
                header::HeaderName::from_static("ferry-failures"),
                report.failures.to_string(),
            ),
        ],
        Body::from(merged),
    )
        .into_response()
}

/// The numbers of the non-blank lines of an NDJSON body, as the batch
/// path numbers records.
fn record_numbers(body: &[u8]) -> Vec<u64> {
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    text.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}
