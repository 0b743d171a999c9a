//! [`Deliverer`]: the worker that empties the outbox.
//!
//! A loop leases due entries (as many as the concurrency limits allow),
//! runs one task per attempt, and sleeps until the next entry is due, an
//! enqueue wakes it, an attempt frees a slot, or the poll interval passes.
//! Each task POSTs its entry, decides (`attempt.rs`), records the outcome
//! durably, and only then releases its concurrency permits.
//!
//! Observability: counters `ferry_deliveries_total{route,outcome}` with
//! outcome `delivered`, `retried` or `dead`; a histogram
//! `ferry_delivery_seconds{route}` of attempt durations; gauges
//! `ferry_outbox_depth`, `ferry_outbox_dead` and
//! `ferry_outbox_oldest_seconds`. Tracing events name the entry id, route,
//! target origin and attempt, never the body or the target's path (which
//! may hold a token).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::Client;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

use super::attempt::{self, Verdict};
use super::backoff::{Backoff, next_delay};
use super::error::OutboxError;
use super::handle::Outbox;
use super::lease::{Leased, Outcome};
use super::limits::{Limits, Permits, origin_of};
use super::model::{EntryId, check_target};

/// How long a lease outlasts the request timeout: room to record the
/// outcome. An entry whose worker died comes due again this long after
/// its attempt's timeout.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// Due entries looked at per lease: bounds one scan when a saturated
/// target has a long backlog at the head of the queue.
const SCAN_LIMIT: usize = 1024;

/// How often the gauges are refreshed at most.
const GAUGE_INTERVAL: Duration = Duration::from_secs(1);

/// How the worker delivers: attempts, backoff, timeouts, concurrency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Attempts before an entry that keeps failing is dead (at least 1).
    pub max_attempts: u32,
    /// The backoff between attempts.
    pub backoff: Backoff,
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
    /// The whole attempt: connect, send, and read the answer's head.
    pub request_timeout: Duration,
    /// Attempts in flight per target origin, unless its [`Target`] says
    /// otherwise.
    pub per_target_concurrency: usize,
    /// Attempts in flight in all.
    pub global_concurrency: usize,
    /// The longest the worker sleeps before looking for due entries again.
    pub poll_interval: Duration,
    /// At shutdown, how long attempts in flight may take to finish; those
    /// still running then are abandoned and their entries left pending,
    /// due at once.
    pub shutdown_deadline: Duration,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        DeliveryPolicy {
            max_attempts: 12,
            backoff: Backoff::default(),
            max_retry_after: Duration::from_secs(3600),
            request_timeout: Duration::from_secs(30),
            per_target_concurrency: 4,
            global_concurrency: 64,
            poll_interval: Duration::from_secs(1),
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

/// A configured target with its own concurrency limit. The limit applies
/// to the URL's origin (scheme, host and port), shared by every target URL
/// on it; when several targets name one origin, the smallest limit wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A target URL as the routes use it.
    pub url: String,
    /// Attempts in flight to its origin at most.
    pub max_concurrency: usize,
}

/// The delivery worker. Build it with [`Deliverer::new`], start it with
/// [`Deliverer::run`].
#[derive(Debug)]
pub struct Deliverer {
    outbox: Outbox,
    policy: DeliveryPolicy,
    client: Client,
    limits: Arc<Limits>,
}

impl Deliverer {
    /// A worker for `outbox` under `policy`, with per-origin limits from
    /// `targets` (other origins get `policy.per_target_concurrency`).
    ///
    /// Fails if a target is not an `http`/`https` URL or the HTTP client
    /// cannot be built. The client follows no redirects (a redirected
    /// webhook is a configuration error, recorded as a refusal) and reads
    /// no proxy from the environment.
    pub fn new(
        outbox: Outbox,
        policy: DeliveryPolicy,
        targets: impl IntoIterator<Item = Target>,
    ) -> Result<Deliverer, OutboxError> {
        let mut configured: HashMap<String, usize> = HashMap::new();
        for target in targets {
            let origin = check_target(&target.url)?.origin().ascii_serialization();
            let limit = configured.entry(origin).or_insert(target.max_concurrency);
            *limit = (*limit).min(target.max_concurrency);
        }
        let client = Client::builder()
            .timeout(policy.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("ferry/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| OutboxError::Client(error.to_string()))?;
        let limits = Limits::new(
            policy.global_concurrency,
            policy.per_target_concurrency,
            configured,
        );
        Ok(Deliverer {
            outbox,
            policy,
            client,
            limits: Arc::new(limits),
        })
    }

    /// Starts the worker on the current tokio runtime. It runs until
    /// `shutdown` is cancelled; then it takes no new entries, gives the
    /// attempts in flight [`DeliveryPolicy::shutdown_deadline`] to finish,
    /// abandons the rest (their entries stay pending, due at once, the
    /// abandoned attempt counted), and the returned handle completes.
    pub fn run(self, shutdown: CancellationToken) -> JoinHandle<()> {
        tokio::spawn(Arc::new(self).work(shutdown))
    }

    async fn work(self: Arc<Self>, shutdown: CancellationToken) {
        let mut tasks = JoinSet::new();
        // Leases of attempts whose outcome is not recorded yet, given back
        // if they are abandoned at shutdown.
        let in_flight: Arc<Mutex<HashMap<EntryId, u64>>> = Arc::default();
        let mut gauges_at: Option<Instant> = None;
        tracing::info!("delivery worker started");
        while !shutdown.is_cancelled() {
            while let Some(joined) = tasks.try_join_next() {
                log_panic(joined);
            }
            if gauges_at.is_none_or(|at| at.elapsed() >= GAUGE_INTERVAL) {
                self.update_gauges().await;
                gauges_at = Some(Instant::now());
            }
            let leased_at = SystemTime::now();
            let next_due = if self.limits.available() > 0 {
                match self.lease(leased_at).await {
                    Ok((leased, _)) if !leased.is_empty() => {
                        for (entry, permits) in leased {
                            self.spawn_attempt(&mut tasks, &in_flight, entry, permits);
                        }
                        continue;
                    }
                    Ok((_, next_due)) => next_due,
                    Err(error) => {
                        tracing::error!(%error, "could not lease due entries");
                        None
                    }
                }
            } else {
                None
            };
            // Due entries left behind (their target or the worker is full)
            // wait for a slot to free; otherwise sleep until the next is due.
            let sleep = match next_due {
                Some(due) if due > leased_at => due
                    .duration_since(SystemTime::now())
                    .unwrap_or_default()
                    .min(self.policy.poll_interval),
                _ => self.policy.poll_interval,
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.outbox.work_arrived() => {}
                Some(joined) = tasks.join_next(), if !tasks.is_empty() => log_panic(joined),
                () = tokio::time::sleep(sleep) => {}
            }
        }
        self.drain(tasks, &in_flight).await;
        self.update_gauges().await;
        tracing::info!("delivery worker stopped");
    }

    /// Leases what the limits allow; returns the entries with their
    /// permits and when the first entry not taken is due.
    async fn lease(
        &self,
        now: SystemTime,
    ) -> Result<(Vec<(Leased, Permits)>, Option<SystemTime>), OutboxError> {
        let limits = Arc::clone(&self.limits);
        let limit = limits.available();
        let lease_until = now + self.policy.request_timeout + LEASE_MARGIN;
        let batch = self
            .outbox
            .lease(now, lease_until, limit, SCAN_LIMIT, move |target| {
                limits.try_take(target)
            })
            .await?;
        Ok((batch.leased, batch.next_due))
    }

    fn spawn_attempt(
        self: &Arc<Self>,
        tasks: &mut JoinSet<()>,
        in_flight: &Arc<Mutex<HashMap<EntryId, u64>>>,
        entry: Leased,
        permits: Permits,
    ) {
        let id = entry.id;
        lock(in_flight).insert(id, entry.lease_until_ms);
        let worker = Arc::clone(self);
        let in_flight = Arc::clone(in_flight);
        tasks.spawn(async move {
            worker.deliver(entry).await;
            lock(&in_flight).remove(&id);
            drop(permits);
        });
    }

    /// One attempt on one entry, its outcome recorded.
    async fn deliver(&self, entry: Leased) {
        let id = entry.id;
        let attempt = entry.attempt;
        let route = entry.route.clone();
        let origin = origin_of(&entry.target).unwrap_or_default();
        let key = self.outbox.delivery_key(id);
        let started = Instant::now();
        let verdict = attempt::send(&self.client, entry, &key).await;
        metrics::histogram!("ferry_delivery_seconds", "route" => route.clone())
            .record(started.elapsed().as_secs_f64());
        let (outcome, label) = self.decide(verdict, attempt);
        match &outcome {
            Outcome::Delivered => {
                tracing::info!(entry = %id, %route, %origin, attempt, "delivered");
            }
            Outcome::Retry { at, status, error } => {
                let delay_ms = at
                    .duration_since(SystemTime::now())
                    .unwrap_or_default()
                    .as_millis();
                tracing::warn!(entry = %id, %route, %origin, attempt, status, %error, delay_ms, "attempt failed, will retry");
            }
            Outcome::Dead { status, error } => {
                tracing::warn!(entry = %id, %route, %origin, attempt, status, %error, "delivery given up, entry is dead");
            }
        }
        metrics::counter!("ferry_deliveries_total", "route" => route, "outcome" => label)
            .increment(1);
        match self.outbox.record(id, outcome).await {
            Ok(true) => {}
            Ok(false) => tracing::info!(entry = %id, "entry was purged during its attempt"),
            Err(error) => tracing::error!(
                entry = %id, %error,
                "could not record the attempt's outcome; the entry is retried when its lease ends"
            ),
        }
    }

    /// What a verdict means for an entry after its `attempt`-th attempt.
    fn decide(&self, verdict: Verdict, attempt: u32) -> (Outcome, &'static str) {
        match verdict {
            Verdict::Delivered => (Outcome::Delivered, "delivered"),
            Verdict::Permanent { status, error } => (Outcome::Dead { status, error }, "dead"),
            Verdict::Retryable { status, error, .. } if attempt >= self.policy.max_attempts => {
                let error = format!("{error} (gave up after {attempt} attempts)");
                (Outcome::Dead { status, error }, "dead")
            }
            Verdict::Retryable {
                status,
                error,
                retry_after,
            } => {
                let delay = next_delay(
                    &self.policy.backoff,
                    attempt,
                    retry_after,
                    self.policy.max_retry_after,
                );
                let at = SystemTime::now() + delay;
                (Outcome::Retry { at, status, error }, "retried")
            }
        }
    }

    /// Waits up to the shutdown deadline for attempts in flight, then
    /// abandons the rest and gives their leases back.
    async fn drain(&self, mut tasks: JoinSet<()>, in_flight: &Mutex<HashMap<EntryId, u64>>) {
        if !tasks.is_empty() {
            tracing::info!(
                in_flight = tasks.len(),
                "stopping: finishing attempts in flight"
            );
        }
        let finished = tokio::time::timeout(self.policy.shutdown_deadline, async {
            while let Some(joined) = tasks.join_next().await {
                log_panic(joined);
            }
        })
        .await;
        if finished.is_ok() {
            return;
        }
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
        let abandoned: Vec<(EntryId, u64)> = lock(in_flight).drain().collect();
        match self.outbox.release(abandoned).await {
            Ok(released) => {
                tracing::warn!(
                    released,
                    "shutdown deadline passed: abandoned attempts left pending"
                );
            }
            Err(error) => tracing::error!(
                %error,
                "could not give back abandoned leases; their entries come due when the leases end"
            ),
        }
    }

    async fn update_gauges(&self) {
        match self.outbox.stats().await {
            Ok(stats) => {
                metrics::gauge!("ferry_outbox_depth").set(stats.pending as f64);
                metrics::gauge!("ferry_outbox_dead").set(stats.dead as f64);
                let oldest = stats.oldest_pending_age.unwrap_or_default();
                metrics::gauge!("ferry_outbox_oldest_seconds").set(oldest.as_secs_f64());
            }
            Err(error) => tracing::error!(%error, "could not read outbox stats"),
        }
    }
}

fn log_panic(joined: Result<(), tokio::task::JoinError>) {
    if let Err(error) = joined
        && error.is_panic()
    {
        tracing::error!(%error, "a delivery attempt panicked; its entry is retried when its lease ends");
    }
}

/// The in-flight map stays consistent even if a holder panicked: each
/// operation on it is a single insert or remove.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
