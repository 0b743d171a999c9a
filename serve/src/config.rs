//! The configuration file of `ferry serve`: the server, then one entry per
//! route. TOML; its JSON Schema is `docs/schemas/serve.schema.json`
//! (generated from these types, a test keeps it current).
//!
//! ```toml
//! [server]
//! listen = "127.0.0.1:8080"
//!
//! [[routes]]
//! path = "/v1/orders"
//! mapping = "mappings/partner_order/partner_order.map"
//! auth = { api_keys = ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"] }
//! rate_limit = { per_second = 50, burst = 100 }
//! ```
//!
//! Secrets are never written here: API keys and tokens are stored as their
//! SHA-256, webhook secrets are named by the environment variable or file
//! that holds them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::signature::Scheme;

/// The whole file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The listener and the limits every route shares.
    #[serde(default)]
    pub server: Server,
    /// The routes, matched by exact path.
    #[serde(default)]
    pub routes: Vec<Route>,
}

/// The listener and the limits every route shares.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    /// Address to listen on; loopback unless said otherwise.
    pub listen: SocketAddr,
    /// Largest request body (`1MiB`, `64KiB`, a number of bytes).
    pub max_body: Size,
    /// Time a request may take, mapping included (`10s`, `500ms`).
    pub request_timeout: Span,
    /// Requests in progress at once, over all routes; more are shed with 503.
    pub concurrency: usize,
    /// SHA-256 hashes (`sha256:<hex>`) of the tokens allowed to call
    /// `POST /admin/reload`; without any, the admin endpoints are off.
    pub admin_tokens: Vec<String>,
    /// The outbox database of webhook routes (relative to this file).
    pub outbox: PathBuf,
    /// Work units a record may spend (default: the engine's).
    pub max_work: Option<u64>,
    /// Bytes of values a record may build (default: the engine's).
    pub max_memory: Option<Size>,
}

impl Default for Server {
    fn default() -> Server {
        Server {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body: Size(1 << 20),
            request_timeout: Span(Duration::from_secs(10)),
            concurrency: 512,
            admin_tokens: Vec::new(),
            outbox: PathBuf::from("ferry-outbox.redb"),
            max_work: None,
            max_memory: None,
        }
    }
}

/// One route.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The request path, exact (`/v1/orders`).
    pub path: String,
    /// The `.map` file (relative to this file); its contracts are enforced.
    pub mapping: PathBuf,
    /// What the route does with a request.
    #[serde(default)]
    pub kind: RouteKind,
    /// Who may call it; open when absent.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Token bucket per client (API key, else source address).
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// Requests in progress at once on this route.
    #[serde(default)]
    pub concurrency: Option<usize>,
    /// Webhook routes: how the sender signs its events.
    #[serde(default)]
    pub webhook: Option<Webhook>,
    /// Webhook routes: where mapped events are delivered.
    #[serde(default)]
    pub deliver: Option<Deliver>,
}

/// What a route does with a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteKind {
    /// Request → mapped response (JSON, or NDJSON for NDJSON requests).
    #[default]
    Transform,
    /// Event → `202` once persisted → mapped event delivered downstream.
    Webhook,
}

/// Who may call a route: any of the keys, as `X-API-Key: <key>` or
/// `Authorization: Bearer <key>`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// SHA-256 hashes of the accepted keys, `sha256:<64 hex digits>`
    /// (`printf %s "$KEY" | sha256sum`).
    pub api_keys: Vec<String>,
}

/// A token bucket.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: u32,
    /// Requests allowed at once above the sustained rate (default: one
    /// second's worth).
    #[serde(default)]
    pub burst: Option<u32>,
}

/// How a webhook sender signs its events.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// The signature scheme.
    pub scheme: Scheme,
    /// Environment variables holding the secrets (several while rotating).
    #[serde(default)]
    pub secret_env: Vec<String>,
    /// Files holding the secrets (relative to this file).
    #[serde(default)]
    pub secret_files: Vec<PathBuf>,
    /// How old a signed timestamp may be, either way (default `5m`).
    #[serde(default = "default_tolerance")]
    pub tolerance: Span,
    /// How long an event id is remembered to drop the sender's retries
    /// (default `24h`).
    #[serde(default = "default_dedup")]
    pub dedup_window: Span,
}

fn default_tolerance() -> Span {
    Span(Duration::from_secs(300))
}

fn default_dedup() -> Span {
    Span(Duration::from_secs(24 * 3600))
}

/// Where a webhook route's mapped events go.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliver {
    /// The URL each mapped event is POSTed to.
    pub url: String,
    /// Attempts before an event goes to the dead letters (default 8).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Deliveries in flight at once to this target (default 4).
    #[serde(default = "default_target_concurrency")]
    pub concurrency: usize,
    /// The ceiling of the first retry's delay, doubling per attempt, with
    /// full jitter (default `1s`).
    #[serde(default = "default_backoff")]
    pub backoff: Span,
    /// The largest delay between two attempts (default `10m`); a target's
    /// `Retry-After` is honoured beyond it, up to an hour.
    #[serde(default = "default_backoff_cap")]
    pub backoff_cap: Span,
}

fn default_backoff() -> Span {
    Span(Duration::from_secs(1))
}

fn default_backoff_cap() -> Span {
    Span(Duration::from_secs(600))
}

fn default_attempts() -> u32 {
    8
}

fn default_target_concurrency() -> usize {
    4
}

/// A size in bytes: a number, or text with a unit (`64KiB`, `1MiB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(with = "SizeText")]
pub struct Size(pub u64);

/// A duration: text with a unit (`500ms`, `10s`, `5m`, `24h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(with = "String")]
pub struct Span(pub Duration);

/// How a size is written.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum SizeText {
    Bytes(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Size, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Bytes(n) => Ok(Size(n)),
            Raw::Text(t) => parse_size(&t).map(Size).map_err(serde::de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        parse_span(&text)
            .map(Span)
            .map_err(serde::de::Error::custom)
    }
}

/// `64KiB`, `1MiB`, `2GiB`, or bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. `1MiB`)"))?;
    let shift = match unit.trim() {
        "" | "B" => 0,
        "KiB" | "KB" | "K" => 10,
        "MiB" | "MB" | "M" => 20,
        "GiB" | "GB" | "G" => 30,
        other => return Err(format!("`{other}` is not a size unit (KiB, MiB, GiB)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// `500ms`, `10s`, `5m`, `24h`.
pub fn parse_span(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. `10s`)"))?;
    Ok(match unit.trim() {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        other => return Err(format!("`{other}` is not a duration unit (ms, s, m, h)")),
    })
}

/// A configuration file that cannot be used: where and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", line.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// Line and column, when the error has a place.
    pub line: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl Config {
    /// Reads and checks a configuration file (the routes' mappings are
    /// compiled later, by [`crate::Routes::load`]).
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: None,
            message: format!("cannot read it: {e}"),
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses configuration text; `name` is the file named in errors.
    pub fn parse(text: &str, name: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            path: name.to_owned(),
            line: e.span().map(|span| line_column(text, span.start)),
            message: e.message().to_owned(),
        })?;
        config.check(name)?;
        Ok(config)
    }

    /// What TOML cannot say: paths unique and absolute, webhook routes
    /// with their signature scheme and target, key hashes well formed.
    fn check(&self, name: &str) -> Result<(), ConfigError> {
        let fail = |message: String| ConfigError {
            path: name.to_owned(),
            line: None,
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for route in &self.routes {
            if !route.path.starts_with('/') {
                return Err(fail(format!(
                    "route `{}`: a path starts with `/`",
                    route.path
                )));
            }
            if !seen.insert(route.path.as_str()) {
                return Err(fail(format!("route `{}` is listed twice", route.path)));
            }
            if route.kind == RouteKind::Webhook
                && (route.webhook.is_none() || route.deliver.is_none())
            {
                return Err(fail(format!(
                    "route `{}`: a webhook route needs `webhook` (the signature scheme) and `deliver` (the target)",
                    route.path
                )));
            }
            if let Some(auth) = &route.auth {
                for key in &auth.api_keys {
                    crate::auth::parse_hash(key)
                        .map_err(|e| fail(format!("route `{}`: {e}", route.path)))?;
                }
            }
            if let Some(limit) = route.rate_limit
                && limit.per_second == 0
            {
                return Err(fail(format!(
                    "route `{}`: rate_limit.per_second must be at least 1",
                    route.path
                )));
            }
        }
        for token in &self.server.admin_tokens {
            crate::auth::parse_hash(token).map_err(|e| fail(format!("admin_tokens: {e}")))?;
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

impl Config {
    /// The JSON Schema of the file (draft 2020-12), pretty-printed: what
    /// `docs/schemas/serve.schema.json` holds.
    pub fn schema() -> String {
        let schema = schemars::generate::SchemaSettings::draft2020_12()
            .for_deserialize()
            .into_generator()
            .into_root_schema_for::<Config>();
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/schemas/serve.schema.json` is what the types generate;
    /// `FERRY_BLESS=1 cargo test -p ferry-serve schema` rewrites it.
    #[test]
    fn the_published_schema_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schemas/serve.schema.json");
        let generated = Config::schema();
        if std::env::var_os("FERRY_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
            std::fs::write(&path, &generated).expect("docs/schemas is writable");
        }
        let published = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            published == generated,
            "{} is out of date; run FERRY_BLESS=1 cargo test -p ferry-serve schema",
            path.display()
        );
    }

    #[test]
    fn a_minimal_file_takes_the_defaults() {
        let c = Config::parse(
            "[[routes]]\npath = \"/v1/x\"\nmapping = \"x.map\"\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(c.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.routes[0].kind, RouteKind::Transform);
        assert_eq!(c.server.max_body, Size(1 << 20));
    }

    #[test]
    fn errors_name_the_line() {
        let text = "[server]\nlisten = \"127.0.0.1:1\"\nmax_body = \"lots\"\n";
        let e = Config::parse(text, "t.toml").unwrap_err();
        assert_eq!(e.line.map(|l| l.0), Some(3), "{e}");
        assert!(e.to_string().starts_with("t.toml:3:"), "{e}");
        let unknown = Config::parse("[server]\nlisten_on = \"x\"\n", "t.toml").unwrap_err();
        assert!(unknown.message.contains("listen_on"), "{unknown}");
    }

    #[test]
    fn a_webhook_route_needs_its_scheme_and_target() {
        let text = "[[routes]]\npath = \"/hooks\"\nmapping = \"x.map\"\nkind = \"webhook\"\n";
        let e = Config::parse(text, "t.toml").unwrap_err();
        assert!(e.message.contains("webhook route needs"), "{e}");
    }

    #[test]
    fn keys_are_hashes_not_secrets() {
        let text =
            "[[routes]]\npath = \"/a\"\nmapping = \"x.map\"\nauth = { api_keys = [\"hunter2\"] }\n";
        let e = Config::parse(text, "t.toml").unwrap_err();
        assert!(e.message.contains("sha256:"), "{e}");
        assert!(
            !e.message.contains("hunter2"),
            "the value is not echoed: {e}"
        );
    }

    #[test]
    fn sizes_and_spans_read_as_written() {
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_span("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_span("24h"), Ok(Duration::from_secs(86400)));
        assert!(parse_span("soon").is_err());
    }
}
