//! The worker's metrics as the Prometheus exporter renders them. A file of
//! its own: the recorder is global to the process.

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use ferry_serve::outbox::{
    Backoff, CancellationToken, Deliverer, Delivery, DeliveryPolicy, Outbox,
};
use metrics_exporter_prometheus::PrometheusBuilder;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_counted_timed_and_the_outbox_gauged() {
    let metrics = PrometheusBuilder::new().install_recorder().unwrap();
    let app = Router::new()
        .route("/ok", post(|| async { StatusCode::OK }))
        .route("/refused", post(|| async { StatusCode::BAD_REQUEST }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path().join("outbox.redb")).unwrap();
    let policy = DeliveryPolicy {
        backoff: Backoff {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
        },
        poll_interval: Duration::from_millis(50),
        ..DeliveryPolicy::default()
    };
    let shutdown = CancellationToken::new();
    let worker = Deliverer::new(outbox.clone(), policy, vec![])
        .unwrap()
        .run(shutdown.clone());
    for path in ["ok", "refused"] {
        let delivery = Delivery {
            route: "orders".into(),
            target: format!("{base}/{path}"),
            body: b"{}".to_vec(),
            content_type: "application/json".into(),
            headers: vec![],
            event_id: None,
        };
        outbox.enqueue(delivery).await.unwrap();
    }

    let expected = [
        r#"ferry_deliveries_total{route="orders",outcome="delivered"} 1"#,
        r#"ferry_deliveries_total{route="orders",outcome="dead"} 1"#,
        r#"ferry_delivery_seconds_count{route="orders"} 2"#,
        "ferry_outbox_depth 0",
        "ferry_outbox_dead 1",
        "ferry_outbox_oldest_seconds 0",
    ];
    let start = Instant::now();
    loop {
        let rendered = metrics.render();
        let missing: Vec<_> = expected
            .iter()
            .filter(|line| !rendered.lines().any(|l| l == **line))
            .collect();
        if missing.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "missing {missing:?} in\n{rendered}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shutdown.cancel();
    worker.await.unwrap();
}
