//! The routes as the service runs them: each configured route with its
//! compiled mapping, accepted key hashes, rate limiter and concurrency
//! limit. A reload builds a whole new [`Routes`] and swaps it in at once;
//! requests in flight keep the one they started with.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferry_engine::{Limits, Mapping};
use governor::middleware::StateInformationMiddleware;
use governor::{Quota, RateLimiter, clock::DefaultClock, state::keyed::DefaultKeyedStateStore};
use tokio::sync::Semaphore;

use crate::auth::{self, KeyHash};
use crate::config::{self, Config, RouteKind};

/// A token bucket per client.
pub(crate) type Limiter =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// Every route, by path.
pub struct Routes {
    /// The configuration they were built from.
    pub config: Config,
    /// The directory relative paths in the configuration start from.
    pub base: PathBuf,
    pub(crate) by_path: HashMap<String, Arc<Route>>,
    pub(crate) admin_tokens: Vec<KeyHash>,
}

/// One route, ready to serve.
pub struct Route {
    /// The configured route.
    pub config: config::Route,
    /// Its compiled mapping.
    pub mapping: Arc<Mapping>,
    pub(crate) keys: Vec<KeyHash>,
    pub(crate) limiter: Option<Arc<Limiter>>,
    pub(crate) quota: Option<config::RateLimit>,
    pub(crate) in_flight: Option<Arc<Semaphore>>,
    /// Webhook routes: the sender's signature check.
    pub(crate) verifier: Option<crate::signature::Verifier>,
}

impl Route {
    /// `name@version` of the mapping (or its file name).
    pub fn mapping_label(&self) -> String {
        let name = self.mapping.name().map(str::to_owned).unwrap_or_else(|| {
            self.config
                .mapping
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        match self.mapping.version() {
            Some(v) => format!("{name}@{v}"),
            None => name,
        }
    }
}

/// Why the routes could not be built: one line per problem, each naming
/// the route and, for a mapping, the file, line and column.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct LoadErrors(pub Vec<String>);

impl Routes {
    /// Reads the configuration and compiles every route's mapping; any
    /// problem anywhere, and nothing is built.
    pub fn load(path: &Path) -> Result<Routes, LoadErrors> {
        let config = Config::read(path).map_err(|e| LoadErrors(vec![e.to_string()]))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Routes::build(config, base)
    }

    /// Compiles the routes of `config`, relative paths from `base`.
    pub fn build(config: Config, base: PathBuf) -> Result<Routes, LoadErrors> {
        let mut problems = Vec::new();
        let mut by_path = HashMap::new();
        let limits = Limits {
            max_work: config.server.max_work.unwrap_or(Limits::DEFAULT_MAX_WORK),
            max_memory: config
                .server
                .max_memory
                .map_or(Limits::DEFAULT_MAX_MEMORY, |s| s.0),
            ..Limits::default()
        };
        for route in &config.routes {
            let file = base.join(&route.mapping);
            let mapping = match Mapping::compile_file(&file) {
                Ok(m) => m.with_limits(limits),
                Err(diagnostics) => {
                    for d in diagnostics.iter().filter(|d| d.is_error()) {
                        let place = d
                            .location()
                            .map(|(f, l, c)| format!("{f}:{l}:{c}: "))
                            .unwrap_or_default();
                        problems.push(format!(
                            "route {}: {place}{} {}",
                            route.path, d.code, d.message
                        ));
                    }
                    continue;
                }
            };
            let verifier = match (&route.kind, &route.webhook) {
                (RouteKind::Webhook, Some(webhook)) => {
                    match crate::webhook::verifier(webhook, &base) {
                        Ok(v) => Some(v),
                        Err(e) => {
                            problems.push(format!("route {}: {e}", route.path));
                            continue;
                        }
                    }
                }
                _ => None,
            };
            let keys = route
                .auth
                .as_ref()
                .map(|a| {
                    a.api_keys
                        .iter()
                        .filter_map(|k| auth::parse_hash(k).ok())
                        .collect()
                })
                .unwrap_or_default();
            let limiter = route.rate_limit.map(|limit| {
                // Checked at parse time: at least one per second.
                let rate = NonZeroU32::new(limit.per_second).unwrap_or(NonZeroU32::MIN);
                let burst = limit.burst.and_then(NonZeroU32::new).unwrap_or(rate);
                Arc::new(
                    RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
                        .with_middleware::<StateInformationMiddleware>(),
                )
            });
            by_path.insert(
                route.path.clone(),
                Arc::new(Route {
                    config: route.clone(),
                    mapping: Arc::new(mapping),
                    keys,
                    limiter,
                    quota: route.rate_limit,
                    in_flight: route
                        .concurrency
                        .map(|n| Arc::new(Semaphore::new(n.max(1)))),
                    verifier,
                }),
            );
        }
        if !problems.is_empty() {
            return Err(LoadErrors(problems));
        }
        let admin_tokens = config
            .server
            .admin_tokens
            .iter()
            .filter_map(|t| auth::parse_hash(t).ok())
            .collect();
        Ok(Routes {
            config,
            base,
            by_path,
            admin_tokens,
        })
    }

    /// True when a route receives webhooks (the service needs its outbox).
    pub fn has_webhooks(&self) -> bool {
        self.by_path
            .values()
            .any(|r| r.config.kind == RouteKind::Webhook)
    }

    /// The route serving `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<Route>> {
        self.by_path.get(path)
    }

    /// The routes, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Route>> {
        let mut all: Vec<&Arc<Route>> = self.by_path.values().collect();
        all.sort_by(|a, b| a.config.path.cmp(&b.config.path));
        all.into_iter()
    }

    /// `GET /routes`: which mapping serves which route.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.iter()
                .map(|r| {
                    serde_json::json!({
                        "path": r.config.path,
                        "kind": match r.config.kind { RouteKind::Transform => "transform", RouteKind::Webhook => "webhook" },
                        "mapping": r.mapping_label(),
                        "file": r.config.mapping.display().to_string(),
                        "auth": r.config.auth.is_some(),
                        "rate_limit": r.quota.map(|q| serde_json::json!({"per_second": q.per_second, "burst": q.burst.unwrap_or(q.per_second)})),
                    })
                })
                .collect(),
        )
    }
}
