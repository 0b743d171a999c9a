//! The delivery worker against real HTTP servers on 127.0.0.1: what it
//! sends, how it treats each kind of answer, its concurrency limits, and
//! its shutdown.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use ferry_serve::outbox::{
    Backoff, CancellationToken, Deliverer, Delivery, DeliveryPolicy, EntryId, Outbox, Selection,
    StateFilter, Target,
};

const MS: Duration = Duration::from_millis(1);

/// One scripted answer of the test server.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: &'static str,
}

fn reply(status: u16) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: "",
    }
}

/// A request as the server saw it.
#[derive(Clone)]
struct Hit {
    at: Instant,
    headers: HeaderMap,
    body: Bytes,
}

/// A webhook receiver: answers from a script, then with a default; records
/// every request and how many were in flight at once.
struct Hook {
    script: Mutex<VecDeque<Reply>>,
    default: Mutex<Reply>,
    delay: Duration,
    hits: Mutex<Vec<Hit>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Shared between servers, to check the worker's global limit.
    all_in_flight: Arc<AtomicUsize>,
    all_max_in_flight: Arc<AtomicUsize>,
}

impl Hook {
    fn new(script: Vec<Reply>, default: Reply, delay: Duration) -> Arc<Hook> {
        Hook::sharing(script, default, delay, Arc::default(), Arc::default())
    }

    fn sharing(
        script: Vec<Reply>,
        default: Reply,
        delay: Duration,
        all_in_flight: Arc<AtomicUsize>,
        all_max_in_flight: Arc<AtomicUsize>,
    ) -> Arc<Hook> {
        Arc::new(Hook {
            script: Mutex::new(script.into()),
            default: Mutex::new(default),
            delay,
            hits: Mutex::default(),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            all_in_flight,
            all_max_in_flight,
        })
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn answer_from_now_on(&self, reply: Reply) {
        *self.default.lock().unwrap() = reply;
    }
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> Response {
    let now = hook.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    hook.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let all = hook.all_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    hook.all_max_in_flight.fetch_max(all, Ordering::SeqCst);
    hook.hits.lock().unwrap().push(Hit {
        at: Instant::now(),
        headers,
        body,
    });
    tokio::time::sleep(hook.delay).await;
    let reply = {
        let next = hook.script.lock().unwrap().pop_front();
        next.unwrap_or_else(|| hook.default.lock().unwrap().clone())
    };
    hook.in_flight.fetch_sub(1, Ordering::SeqCst);
    hook.all_in_flight.fetch_sub(1, Ordering::SeqCst);
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

/// Serves `hook` on a free port of 127.0.0.1; returns its `/hook` URL.
async fn serve(hook: Arc<Hook>) -> String {
    let app = Router::new().route("/hook", post(receive)).with_state(hook);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/hook")
}

fn delivery(target: &str) -> Delivery {
    Delivery {
        route: "orders".into(),
        target: target.into(),
        body: br#"{"order":1}"#.to_vec(),
        content_type: "application/json".into(),
        headers: vec![],
        event_id: None,
    }
}

/// Fast retries, so the suite stays quick.
fn policy() -> DeliveryPolicy {
    DeliveryPolicy {
        max_attempts: 5,
        backoff: Backoff {
            base: 10 * MS,
            cap: 50 * MS,
        },
        request_timeout: Duration::from_secs(5),
        poll_interval: 50 * MS,
        shutdown_deadline: Duration::from_secs(2),
        ..DeliveryPolicy::default()
    }
}

struct Running {
    outbox: Outbox,
    shutdown: CancellationToken,
    worker: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

fn start(policy: DeliveryPolicy, targets: Vec<Target>) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path().join("outbox.redb")).unwrap();
    let shutdown = CancellationToken::new();
    let worker = Deliverer::new(outbox.clone(), policy, targets)
        .unwrap()
        .run(shutdown.clone());
    Running {
        outbox,
        shutdown,
        worker,
        _dir: dir,
    }
}

impl Running {
    async fn stop(self) {
        self.shutdown.cancel();
        self.worker.await.unwrap();
    }
}

/// Polls `check` every 10 ms until it holds; fails after `limit`.
async fn eventually(limit: Duration, what: &str, mut check: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < limit, "timed out waiting until {what}");
        tokio::time::sleep(10 * MS).await;
    }
}

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_delivers_once_with_the_body_and_headers() {
    let hook = Hook::new(vec![], reply(200), Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    let outbox = &running.outbox;
    let traced = Delivery {
        headers: vec![(
            "traceparent".into(),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
        )],
        ..delivery(&url)
    };
    let id = outbox.enqueue(traced).await.unwrap();
    let own_id = Delivery {
        headers: vec![("webhook-id".into(), "msg_upstream".into())],
        ..delivery(&url)
    };
    outbox.enqueue(own_id).await.unwrap();

    eventually(WAIT, "both are delivered", async || {
        outbox.stats().await.unwrap().pending == 0
    })
    .await;
    tokio::time::sleep(200 * MS).await;
    let hits = hook.hits();
    assert_eq!(hits.len(), 2, "each entry is delivered once");
    // The two are delivered concurrently: tell them apart by their headers.
    let (traced, own) = if hits[0].headers.contains_key("traceparent") {
        (&hits[0], &hits[1])
    } else {
        (&hits[1], &hits[0])
    };
    let key = outbox.delivery_key(id);
    assert_eq!(traced.body.as_ref(), br#"{"order":1}"#);
    assert_eq!(traced.headers["content-type"], "application/json");
    assert_eq!(traced.headers["idempotency-key"], key.as_str());
    assert_eq!(traced.headers["webhook-id"], key.as_str());
    assert_eq!(
        traced.headers["traceparent"],
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    );
    assert_eq!(
        own.headers["webhook-id"], "msg_upstream",
        "the delivery's own webhook-id is kept"
    );
    assert_ne!(own.headers["idempotency-key"], key.as_str());
    assert!(
        outbox.list(StateFilter::All, 10).await.unwrap().is_empty(),
        "delivered entries are removed"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_with_retry_after_seconds_is_retried_no_sooner() {
    let unavailable = Reply {
        headers: vec![("retry-after", "1".into())],
        ..reply(503)
    };
    let hook = Hook::new(vec![unavailable], reply(200), Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    running.outbox.enqueue(delivery(&url)).await.unwrap();

    eventually(WAIT, "it is delivered", async || {
        running.outbox.stats().await.unwrap().pending == 0
    })
    .await;
    let hits = hook.hits();
    assert_eq!(hits.len(), 2);
    let gap = hits[1].at - hits[0].at;
    assert!(
        gap >= Duration::from_secs(1),
        "retried after {gap:?}, before Retry-After: 1"
    );
    assert!(gap < Duration::from_secs(3), "retried only after {gap:?}");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_an_http_date_is_retried_no_sooner() {
    // An HTTP date has whole seconds: two seconds ahead is at least one.
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let too_many = Reply {
        headers: vec![("retry-after", date)],
        ..reply(429)
    };
    let hook = Hook::new(vec![too_many], reply(204), Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    running.outbox.enqueue(delivery(&url)).await.unwrap();

    eventually(WAIT, "it is delivered", async || {
        running.outbox.stats().await.unwrap().pending == 0
    })
    .await;
    let hits = hook.hits();
    assert_eq!(hits.len(), 2);
    let gap = hits[1].at - hits[0].at;
    assert!(
        gap >= Duration::from_secs(1),
        "retried after {gap:?}, before the Retry-After date"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_400_is_dead_at_once_and_a_replay_delivers_it_once_the_target_recovers() {
    let refusal = Reply {
        body: "unknown field \"colour\"\nat line 1",
        ..reply(400)
    };
    let hook = Hook::new(vec![], refusal, Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    let outbox = &running.outbox;
    let id = outbox.enqueue(delivery(&url)).await.unwrap();

    eventually(WAIT, "it is dead", async || {
        outbox.stats().await.unwrap().dead == 1
    })
    .await;
    assert_eq!(hook.hits().len(), 1, "a 400 is not retried");
    let dead = outbox.list(StateFilter::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].id, id);
    assert_eq!(dead[0].attempts, 1);
    assert_eq!(dead[0].last_status, Some(400));
    assert_eq!(dead[0].next_attempt, None);
    let error = dead[0].last_error.as_deref().unwrap();
    assert!(
        error.contains("400") && error.contains(r#"unknown field "colour" at line 1"#),
        "{error}"
    );

    hook.answer_from_now_on(reply(200));
    assert_eq!(outbox.replay(Selection::AllDead).await.unwrap(), 1);
    eventually(WAIT, "the replay is delivered", async || {
        let stats = outbox.stats().await.unwrap();
        stats.pending == 0 && stats.dead == 0
    })
    .await;
    assert_eq!(hook.hits().len(), 2);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_that_keeps_failing_is_dead_after_max_attempts() {
    let hook = Hook::new(vec![], reply(500), Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(
        DeliveryPolicy {
            max_attempts: 3,
            ..policy()
        },
        vec![],
    );
    let outbox = &running.outbox;
    outbox.enqueue(delivery(&url)).await.unwrap();

    eventually(WAIT, "it is dead", async || {
        outbox.stats().await.unwrap().dead == 1
    })
    .await;
    tokio::time::sleep(200 * MS).await;
    assert_eq!(hook.hits().len(), 3);
    let dead = &outbox.list(StateFilter::Dead, 10).await.unwrap()[0];
    assert_eq!(dead.attempts, 3);
    assert_eq!(dead.last_status, Some(500));
    let error = dead.last_error.as_deref().unwrap();
    assert!(error.contains("gave up after 3 attempts"), "{error}");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_retried_then_dead_without_the_url_in_the_error() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let running = start(
        DeliveryPolicy {
            max_attempts: 2,
            ..policy()
        },
        vec![],
    );
    let outbox = &running.outbox;
    outbox
        .enqueue(delivery(&format!("http://{closed}/hook?token=s3cret")))
        .await
        .unwrap();

    eventually(WAIT, "it is dead", async || {
        outbox.stats().await.unwrap().dead == 1
    })
    .await;
    let dead = &outbox.list(StateFilter::Dead, 10).await.unwrap()[0];
    assert_eq!(dead.attempts, 2);
    assert_eq!(dead.last_status, None);
    let error = dead.last_error.as_deref().unwrap();
    assert!(error.to_lowercase().contains("connect"), "{error}");
    assert!(!error.contains("s3cret"), "{error}");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_per_target_and_in_all_is_never_exceeded() {
    let all_in_flight = Arc::new(AtomicUsize::new(0));
    let all_max = Arc::new(AtomicUsize::new(0));
    let slow = 100 * MS;
    let a = Hook::sharing(
        vec![],
        reply(200),
        slow,
        all_in_flight.clone(),
        all_max.clone(),
    );
    let b = Hook::sharing(vec![], reply(200), slow, all_in_flight, all_max.clone());
    let (url_a, url_b) = (serve(a.clone()).await, serve(b.clone()).await);
    let running = start(
        DeliveryPolicy {
            per_target_concurrency: 2,
            global_concurrency: 3,
            ..policy()
        },
        vec![Target {
            url: url_b.clone(),
            max_concurrency: 1,
        }],
    );
    let outbox = &running.outbox;
    for _ in 0..10 {
        outbox.enqueue(delivery(&url_a)).await.unwrap();
        outbox.enqueue(delivery(&url_b)).await.unwrap();
    }

    eventually(WAIT, "all are delivered", async || {
        outbox.stats().await.unwrap().pending == 0
    })
    .await;
    assert_eq!((a.hits().len(), b.hits().len()), (10, 10));
    assert_eq!(
        a.max_in_flight.load(Ordering::SeqCst),
        2,
        "the default per-target limit is used, never exceeded"
    );
    assert_eq!(
        b.max_in_flight.load(Ordering::SeqCst),
        1,
        "the configured limit holds"
    );
    assert!(
        all_max.load(Ordering::SeqCst) <= 3,
        "the global limit holds"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_attempts_in_flight_finish_within_the_deadline() {
    let hook = Hook::new(vec![], reply(200), 300 * MS);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    let outbox = running.outbox.clone();
    outbox.enqueue(delivery(&url)).await.unwrap();

    eventually(WAIT, "the attempt is in flight", async || {
        !hook.hits().is_empty()
    })
    .await;
    running.stop().await;
    assert_eq!(
        outbox.stats().await.unwrap().pending,
        0,
        "the attempt in flight was finished and recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_abandons_attempts_past_the_deadline_and_leaves_them_pending() {
    let hook = Hook::new(vec![], reply(200), Duration::from_secs(5));
    let url = serve(hook.clone()).await;
    let running = start(
        DeliveryPolicy {
            shutdown_deadline: 200 * MS,
            ..policy()
        },
        vec![],
    );
    let outbox = running.outbox.clone();
    let id = outbox.enqueue(delivery(&url)).await.unwrap();
    // Taken by the worker, not yet answered: stopping is not waiting for it.
    eventually(WAIT, "the attempt is in flight", async || {
        !hook.hits().is_empty()
    })
    .await;
    let stopping = Instant::now();
    running.stop().await;
    assert!(
        stopping.elapsed() < Duration::from_secs(2),
        "stopped after {:?}",
        stopping.elapsed()
    );

    let pending = outbox.list(StateFilter::Pending, 10).await.unwrap();
    assert_eq!(pending.iter().map(|e| e.id).collect::<Vec<EntryId>>(), [id]);
    let due = pending[0].next_attempt.unwrap();
    assert!(
        due <= SystemTime::now(),
        "an abandoned entry is due again at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_deletes_dead_entries() {
    let hook = Hook::new(vec![], reply(422), Duration::ZERO);
    let url = serve(hook.clone()).await;
    let running = start(policy(), vec![]);
    let outbox = &running.outbox;
    let first = outbox.enqueue(delivery(&url)).await.unwrap();
    for _ in 0..2 {
        outbox.enqueue(delivery(&url)).await.unwrap();
    }
    eventually(WAIT, "all are dead", async || {
        outbox.stats().await.unwrap().dead == 3
    })
    .await;
    assert_eq!(outbox.purge(Selection::Ids(vec![first])).await.unwrap(), 1);
    assert_eq!(outbox.purge(Selection::AllDead).await.unwrap(), 2);
    let stats = outbox.stats().await.unwrap();
    assert_eq!((stats.pending, stats.dead), (0, 0));
    running.stop().await;
}
