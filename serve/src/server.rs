//! Running a service: bind, serve until SIGTERM/SIGINT (draining requests
//! in flight), reload on SIGHUP.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::app::{Service, router};
use crate::outbox::{Backoff, CancellationToken, Deliverer, DeliveryPolicy, Outbox, Target};
use crate::routes::{LoadErrors, Routes};

/// Compiles everything the configuration names and returns the routes:
/// `ferry serve --check`.
pub fn check(config: &Path) -> Result<Routes, LoadErrors> {
    Routes::load(config)
}

/// A bound, not yet running service.
pub struct Bound {
    listener: TcpListener,
    service: Arc<Service>,
    deliverer: Option<Deliverer>,
}

impl Bound {
    /// Binds the configured address (or `listen`, e.g. port 0 in tests),
    /// and opens the outbox when a route receives webhooks.
    pub async fn bind(config: &Path, listen: Option<SocketAddr>) -> Result<Bound, String> {
        let routes = Routes::load(config).map_err(|e| e.to_string())?;
        let addr = listen.unwrap_or(routes.config.server.listen);
        let (outbox, deliverer) = if routes.has_webhooks() {
            let path = routes.base.join(&routes.config.server.outbox);
            let outbox = Outbox::open(&path)
                .map_err(|e| format!("cannot open the outbox `{}`: {e}", path.display()))?;
            let deliverer = Deliverer::new(outbox.clone(), policy(&routes), targets(&routes))
                .map_err(|e| format!("cannot start delivering: {e}"))?;
            (Some(outbox), Some(deliverer))
        } else {
            (None, None)
        };
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        crate::observe::install();
        Ok(Bound {
            listener,
            service: Service::new(routes, Some(config.to_path_buf()), outbox),
            deliverer,
        })
    }

    /// The address bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The service (its routes, reload).
    pub fn service(&self) -> Arc<Service> {
        Arc::clone(&self.service)
    }

    /// Serves until `shutdown` completes, then drains the requests in
    /// flight, then lets the delivery worker finish its attempts in
    /// flight (what is left stays in the outbox for the next start).
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let service = Arc::clone(&self.service);
        let stop_delivering = CancellationToken::new();
        let delivering = self.deliverer.map(|d| d.run(stop_delivering.clone()));
        let app = router(self.service).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(async move {
                shutdown.await;
                service.set_unready();
            })
            .await;
        stop_delivering.cancel();
        if let Some(handle) = delivering {
            let _ = handle.await;
        }
        served
    }
}

/// The delivery policy of the webhook routes (one worker serves them
/// all): the most attempts and the shortest backoff any of them asks for.
fn policy(routes: &Routes) -> DeliveryPolicy {
    let delivers: Vec<_> = routes
        .iter()
        .filter_map(|r| r.config.deliver.clone())
        .collect();
    let attempts = delivers.iter().map(|d| d.max_attempts).max().unwrap_or(8);
    let defaults = DeliveryPolicy::default();
    let base = delivers
        .iter()
        .map(|d| d.backoff.0)
        .min()
        .unwrap_or(defaults.backoff.base);
    let cap = delivers
        .iter()
        .map(|d| d.backoff_cap.0)
        .max()
        .unwrap_or(defaults.backoff.cap);
    DeliveryPolicy {
        max_attempts: attempts.max(1),
        backoff: Backoff {
            base,
            cap: cap.max(base),
        },
        poll_interval: base.min(defaults.poll_interval),
        ..defaults
    }
}

/// Each webhook route's target with its concurrency limit.
fn targets(routes: &Routes) -> Vec<Target> {
    routes
        .iter()
        .filter_map(|r| r.config.deliver.as_ref())
        .map(|d| Target {
            url: d.url.clone(),
            max_concurrency: d.concurrency.max(1),
        })
        .collect()
}

/// Serves until SIGTERM or SIGINT; SIGHUP reloads the routes.
pub async fn serve(config: &Path, listen: Option<SocketAddr>) -> Result<(), String> {
    let bound = Bound::bind(config, listen).await?;
    let service = bound.service();
    for route in service.routes().iter() {
        tracing::info!(route = %route.config.path, mapping = %route.mapping_label(), "serving");
    }
    tracing::info!(listen = %bound.local_addr(), "listening");
    spawn_reload_on_hangup(Arc::clone(&service));
    bound.run(stop_signal()).await.map_err(|e| e.to_string())
}

#[cfg(unix)]
fn spawn_reload_on_hangup(service: Arc<Service>) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangups.recv().await.is_some() {
            if let Err(errors) = service.reload() {
                metrics::counter!("ferry_reloads_total", "outcome" => "failed").increment(1);
                tracing::error!(problems = %errors, "reload refused; the routes in service are unchanged");
            }
        }
    });
}

#[cfg(not(unix))]
fn spawn_reload_on_hangup(_service: Arc<Service>) {}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
