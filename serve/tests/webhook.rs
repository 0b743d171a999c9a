//! Webhook routes over real sockets on 127.0.0.1: signed events are
//! persisted, answered 202, and delivered downstream exactly once (a
//! failing, rate-limiting downstream included); forged, stale and replayed
//! events are refused or dropped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use ferry_serve::Bound;
use ferry_serve::signature::{Scheme, Secret, sign};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// The downstream: records what it receives; answers the first
/// `failures` requests with the statuses given, then 200.
#[derive(Default)]
struct Downstream {
    received: Mutex<Vec<(HeaderMap, Vec<u8>)>>,
    answers: Mutex<Vec<StatusCode>>,
}

async fn receive(
    State(down): State<Arc<Downstream>>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let status = {
        let mut answers = down.answers.lock().unwrap();
        if answers.is_empty() {
            StatusCode::OK
        } else {
            answers.remove(0)
        }
    };
    if status == StatusCode::OK {
        down.received.lock().unwrap().push((headers, body.to_vec()));
    }
    let retry = if status == StatusCode::TOO_MANY_REQUESTS {
        "1"
    } else {
        "0"
    };
    (status, [("retry-after", retry)], "")
}

async fn downstream(answers: Vec<StatusCode>) -> (SocketAddr, Arc<Downstream>) {
    let down = Arc::new(Downstream {
        received: Mutex::default(),
        answers: Mutex::new(answers),
    });
    let app = Router::new()
        .route("/ledger", post(receive))
        .with_state(Arc::clone(&down));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, down)
}

struct Running {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(label: &str, target: SocketAddr) -> (Running, PathBuf) {
    let dir = std::env::temp_dir().join(format!("ferry-webhook-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.txt"), format!("{SECRET}\n")).unwrap();
    std::fs::write(
        dir.join("payment.map"),
        "mapping payment version \"1\"\n{ payment: $.data.id, cents: $.data.amount * 100 }",
    )
    .unwrap();
    std::fs::write(
        dir.join("serve.toml"),
        format!(
            "[server]\noutbox = \"outbox.redb\"\n\n[[routes]]\npath = \"/hooks/payments\"\nmapping = \"payment.map\"\nkind = \"webhook\"\n\
             webhook = {{ scheme = \"standard_webhooks\", secret_files = [\"secret.txt\"], dedup_window = \"1h\" }}\n\
             deliver = {{ url = \"http://{target}/ledger\", max_attempts = 5, backoff = \"50ms\", backoff_cap = \"200ms\" }}\n"
        ),
    )
    .unwrap();
    let bound = Bound::bind(
        &dir.join("serve.toml"),
        Some(SocketAddr::from(([127, 0, 0, 1], 0))),
    )
    .await
    .unwrap();
    let addr = bound.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bound.run(async move {
        let _ = stopped.await;
    }));
    (Running { addr, stop, task }, dir)
}

impl Running {
    async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(20), self.task)
            .await
            .expect("stopped")
            .unwrap()
            .unwrap();
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// POSTs `body` signed as the sender would, at `timestamp`.
async fn send(
    addr: SocketAddr,
    id: &str,
    timestamp: i64,
    body: &str,
    secret: &str,
) -> (u16, String) {
    let headers = sign(
        Scheme::StandardWebhooks,
        &Secret::from_config_text(secret),
        id,
        timestamp,
        body.as_bytes(),
    )
    .unwrap();
    let mut request = format!(
        "POST /hooks/payments HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let status = raw.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        raw.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default(),
    )
}

async fn wait_for(down: &Downstream, count: usize) {
    let started = Instant::now();
    while down.received.lock().unwrap().len() < count {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not delivered in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

const EVENT: &str = r#"{"type": "payment.succeeded", "data": {"id": "pay_1", "amount": 12.5}}"#;

#[tokio::test]
async fn a_signed_event_is_accepted_and_delivered_once() {
    let (target, down) = downstream(vec![]).await;
    let (service, _dir) = start("once", target).await;
    let (status, body) = send(service.addr, "msg_1", now(), EVENT, SECRET).await;
    assert_eq!(status, 202, "{body}");
    assert!(body.contains("\"accepted\":true"), "{body}");
    wait_for(&down, 1).await;

    // The sender retries: acknowledged, not delivered again.
    let (status, body) = send(service.addr, "msg_1", now(), EVENT, SECRET).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"duplicate\":true"), "{body}");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let received = down.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (headers, body) = &received[0];
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(body).unwrap(),
        serde_json::json!({"payment": "pay_1", "cents": 1250.0})
    );
    assert!(headers.get("idempotency-key").is_some());
    assert_eq!(
        headers.get("traceparent").and_then(|v| v.to_str().ok()),
        Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        "the trace goes on downstream"
    );
    service.stop().await;
}

#[tokio::test]
async fn forged_stale_and_unmappable_events_are_refused_and_never_delivered() {
    let (target, down) = downstream(vec![]).await;
    let (service, _dir) = start("refused", target).await;
    let forged = send(
        service.addr,
        "msg_2",
        now(),
        EVENT,
        "whsec_c2VjcmV0LW9mLXNvbWVib2R5LWVsc2U=",
    )
    .await;
    assert_eq!(forged.0, 401, "{}", forged.1);
    assert!(forged.1.contains("invalid_signature"));
    let stale = send(service.addr, "msg_3", now() - 3600, EVENT, SECRET).await;
    assert_eq!(stale.0, 401);
    assert_eq!(stale.1, forged.1, "the sender learns nothing of why");
    let unmappable = send(
        service.addr,
        "msg_4",
        now(),
        r#"{"data": {"id": "pay_2", "amount": "twelve"}}"#,
        SECRET,
    )
    .await;
    assert_eq!(unmappable.0, 422, "{}", unmappable.1);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(down.received.lock().unwrap().is_empty());
    service.stop().await;
}

#[tokio::test]
async fn a_failing_and_rate_limiting_downstream_gets_each_event_once_it_recovers() {
    let (target, down) = downstream(vec![
        StatusCode::SERVICE_UNAVAILABLE,
        StatusCode::TOO_MANY_REQUESTS,
        StatusCode::SERVICE_UNAVAILABLE,
    ])
    .await;
    let (service, _dir) = start("recovers", target).await;
    for i in 0..5 {
        let event = format!(r#"{{"data": {{"id": "pay_{i}", "amount": {i}}}}}"#);
        let (status, body) = send(service.addr, &format!("msg_{i}"), now(), &event, SECRET).await;
        assert_eq!(status, 202, "{body}");
    }
    wait_for(&down, 5).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut payments: Vec<String> = down
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|(_, b)| {
            serde_json::from_slice::<serde_json::Value>(b).unwrap()["payment"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    payments.sort();
    assert_eq!(
        payments,
        ["pay_0", "pay_1", "pay_2", "pay_3", "pay_4"],
        "each exactly once"
    );
    service.stop().await;
}

#[tokio::test]
async fn acknowledged_events_survive_a_restart() {
    // The downstream is down while the service first runs: the events are
    // acknowledged, and wait in the outbox.
    let (target, down) = downstream(vec![StatusCode::SERVICE_UNAVAILABLE; 1000]).await;
    let (service, dir) = start("restart", target).await;
    for i in 0..3 {
        let event = format!(r#"{{"data": {{"id": "pay_{i}", "amount": 1}}}}"#);
        assert_eq!(
            send(service.addr, &format!("msg_r{i}"), now(), &event, SECRET)
                .await
                .0,
            202
        );
    }
    service.stop().await;
    {
        let outbox = ferry_serve::outbox::Outbox::open(dir.join("outbox.redb")).unwrap();
        let stats = outbox.stats().await.unwrap();
        assert_eq!(stats.pending, 3, "{stats:?}");
    }
    assert!(down.received.lock().unwrap().is_empty());

    // The downstream recovers; the service starts again and delivers them.
    down.answers.lock().unwrap().clear();
    let bound = Bound::bind(
        &dir.join("serve.toml"),
        Some(SocketAddr::from(([127, 0, 0, 1], 0))),
    )
    .await
    .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bound.run(async move {
        let _ = stopped.await;
    }));
    wait_for(&down, 3).await;
    let _ = stop.send(());
    task.await.unwrap().unwrap();
    assert_eq!(down.received.lock().unwrap().len(), 3);
}
