//! `ferry serve` transform routes over real sockets on 127.0.0.1: the
//! mapped payload, every refusal as problem+json, auth, rate limits,
//! batches, metrics, reload and shutdown.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ferry_serve::Bound;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn hash(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!(
        "sha256:{}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// A response, as read off the socket.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a fresh connection.
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .expect("answered within 30 s")
        .unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v == "chunked")
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// A service over `config` (TOML text) in a scratch directory, on a free
/// loopback port; stopped when the returned sender is dropped or fired.
struct Running {
    addr: SocketAddr,
    dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(label: &str, config: &str) -> Running {
    let dir = std::env::temp_dir().join(format!("ferry-serve-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("serve.toml");
    std::fs::write(&path, config).unwrap();
    let bound = Bound::bind(&path, Some(SocketAddr::from(([127, 0, 0, 1], 0))))
        .await
        .unwrap();
    let addr = bound.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bound.run(async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        dir,
        stop: Some(stop),
        task,
    }
}

impl Running {
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("stopped within 10 s")
            .unwrap()
            .unwrap();
    }
}

fn partner_order() -> String {
    workspace()
        .join("mappings/partner_order/partner_order.map")
        .display()
        .to_string()
}

fn case(name: &str) -> Vec<u8> {
    std::fs::read(workspace().join("mappings/partner_order/cases").join(name)).unwrap()
}

fn config_with(route_extra: &str) -> String {
    format!(
        "[server]\nmax_body = \"64KiB\"\nadmin_tokens = [\"{}\"]\n\n[[routes]]\npath = \"/v1/orders\"\nmapping = \"{}\"\n{route_extra}\n",
        hash("admin-token"),
        partner_order()
    )
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn a_payload_is_mapped_as_the_library_maps_it() {
    let service = start("mapped", &config_with("")).await;
    let reply = call(
        service.addr,
        "POST",
        "/v1/orders",
        &[JSON],
        &case("basic.in.json"),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let expected: Value = serde_json::from_slice(&case("basic.out.json")).unwrap();
    assert_eq!(reply.json(), expected);
    service.stop().await;
}

#[tokio::test]
async fn refusals_are_problem_details_with_the_right_status() {
    let service = start("refusals", &config_with("")).await;
    let addr = service.addr;

    let malformed = call(addr, "POST", "/v1/orders", &[JSON], b"{\"order_ref\": ").await;
    assert_eq!(malformed.status, 400);
    assert_eq!(
        malformed.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(malformed.json()["code"], "E0406");

    let violation = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON],
        &case("missing_order_ref.in.json"),
    )
    .await;
    assert_eq!(violation.status, 422);
    let body = violation.json();
    assert_eq!(body["code"], "E0408");
    assert_eq!(body["status"], 422);
    assert_eq!(body["violations"][0]["keyword"], "required");

    let mapping_error = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON],
        &case("no_lines_with_quantity.in.json"),
    )
    .await;
    assert_eq!(mapping_error.status, 422, "{}", mapping_error.text());

    let media = call(
        addr,
        "POST",
        "/v1/orders",
        &[("content-type", "text/csv")],
        b"a,b",
    )
    .await;
    assert_eq!(media.status, 415);
    assert_eq!(media.json()["code"], "unsupported_media_type");

    let big = vec![b' '; 65 * 1024];
    let too_large = call(addr, "POST", "/v1/orders", &[JSON], &big).await;
    assert_eq!(too_large.status, 413);
    assert_eq!(too_large.json()["code"], "payload_too_large");

    let unknown = call(addr, "POST", "/v2/nothing", &[JSON], b"{}").await;
    assert_eq!(unknown.status, 404);
    let wrong_method = call(addr, "GET", "/v1/orders", &[], b"").await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.header("allow"), Some("POST"));
    service.stop().await;
}

#[tokio::test]
async fn a_route_with_keys_refuses_everyone_else_alike() {
    let service = start(
        "auth",
        &config_with(&format!(
            "auth = {{ api_keys = [\"{}\"] }}",
            hash("partner-key")
        )),
    )
    .await;
    let addr = service.addr;
    let body = case("basic.in.json");
    let none = call(addr, "POST", "/v1/orders", &[JSON], &body).await;
    let wrong = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON, ("x-api-key", "guess")],
        &body,
    )
    .await;
    let basic = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON, ("authorization", "Basic cGFydG5lci1rZXk=")],
        &body,
    )
    .await;
    for refused in [&none, &wrong, &basic] {
        assert_eq!(refused.status, 401);
        assert_eq!(refused.body, none.body, "no hint of which part failed");
        assert_eq!(refused.header("www-authenticate"), Some("Bearer"));
    }
    let by_header = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON, ("x-api-key", "partner-key")],
        &body,
    )
    .await;
    assert_eq!(by_header.status, 200);
    let by_bearer = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON, ("authorization", "Bearer partner-key")],
        &body,
    )
    .await;
    assert_eq!(by_bearer.status, 200);
    service.stop().await;
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after() {
    let service = start(
        "rate",
        &config_with("rate_limit = { per_second = 1, burst = 3 }"),
    )
    .await;
    let body = case("basic.in.json");
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..5 {
        let reply = call(service.addr, "POST", "/v1/orders", &[JSON], &body).await;
        statuses.push(reply.status);
        if reply.status == 429 {
            limited = Some(reply);
        }
    }
    assert_eq!(&statuses[..3], [200, 200, 200], "{statuses:?}");
    assert_eq!(statuses[3..], [429, 429], "{statuses:?}");
    let limited = limited.unwrap();
    assert_eq!(limited.json()["code"], "rate_limited");
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(limited.header("ratelimit-remaining"), Some("0"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = call(service.addr, "POST", "/v1/orders", &[JSON], &body).await;
    assert_eq!(again.status, 200, "the bucket refilled");
    service.stop().await;
}

#[tokio::test]
async fn an_ndjson_batch_answers_one_line_per_record_in_order() {
    let service = start("batch", &config_with("")).await;
    let good = String::from_utf8(case("basic.in.json"))
        .unwrap()
        .replace('\n', "");
    let bad = String::from_utf8(case("missing_order_ref.in.json"))
        .unwrap()
        .replace('\n', "");
    let body = format!("{good}\n{bad}\n\n{{broken\n{good}\n");
    let reply = call(
        service.addr,
        "POST",
        "/v1/orders",
        &[("content-type", "application/x-ndjson")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 207, "{}", reply.text());
    assert_eq!(reply.header("ferry-records"), Some("4"));
    assert_eq!(reply.header("ferry-failures"), Some("2"));
    let lines: Vec<Value> = reply
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let expected: Value = serde_json::from_slice(&case("basic.out.json")).unwrap();
    assert_eq!(lines[0], expected);
    assert_eq!(lines[1]["record"], 2);
    assert_eq!(lines[1]["error"]["code"], "E0408");
    assert_eq!(lines[2]["record"], 4, "the blank line keeps its number");
    assert_eq!(lines[2]["error"]["code"], "E0406");
    assert_eq!(lines[3], expected);
    service.stop().await;
}

#[tokio::test]
async fn operations_endpoints_describe_the_service() {
    let service = start("ops", &config_with("")).await;
    let addr = service.addr;
    call(addr, "POST", "/v1/orders", &[JSON], &case("basic.in.json")).await;
    call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON],
        &case("missing_order_ref.in.json"),
    )
    .await;
    assert_eq!(call(addr, "GET", "/healthz", &[], b"").await.status, 200);
    let traced = call(
        addr,
        "POST",
        "/v1/orders",
        &[JSON, ("x-request-id", "req-42")],
        b"{}",
    )
    .await;
    assert_eq!(traced.header("x-request-id"), Some("req-42"), "propagated");
    let fresh = call(addr, "POST", "/v1/orders", &[JSON], b"{}").await;
    assert!(
        fresh
            .header("x-request-id")
            .is_some_and(|id| !id.is_empty()),
        "generated"
    );
    assert_eq!(call(addr, "GET", "/readyz", &[], b"").await.status, 200);
    let routes = call(addr, "GET", "/routes", &[], b"").await.json();
    assert_eq!(routes[0]["path"], "/v1/orders");
    assert_eq!(routes[0]["mapping"], "partner_order@1.0.0");
    let metrics = call(addr, "GET", "/metrics", &[], b"").await.text();
    for needle in [
        "ferry_requests_total{route=\"/v1/orders\",status=\"200\"}",
        "ferry_requests_total{route=\"/v1/orders\",status=\"422\"}",
        "ferry_request_seconds_bucket{route=\"/v1/orders\"",
        "ferry_mapping_seconds_bucket{route=\"/v1/orders\"",
        "ferry_errors_total{code=\"E0408\"}",
    ] {
        assert!(
            metrics.contains(needle),
            "{needle} missing from:\n{metrics}"
        );
    }
    let openapi = call(addr, "GET", "/openapi.json", &[], b"").await.json();
    assert_eq!(openapi["openapi"], "3.1.0");
    let post = &openapi["paths"]["/v1/orders"]["post"];
    let required = post["requestBody"]["content"]["application/json"]["schema"]["required"].clone();
    assert!(
        required.as_array().unwrap().contains(&json!("order_ref")),
        "{required}"
    );
    assert!(post["responses"]["200"]["content"]["application/json"]["schema"].is_object());
    assert!(post["responses"]["422"].is_object());
    service.stop().await;
}

#[tokio::test]
async fn a_reload_swaps_everything_or_nothing() {
    let service = start("reload", &config_with("")).await;
    let addr = service.addr;
    let token = ("authorization", "Bearer admin-token");
    let config = service.dir.join("serve.toml");

    // Without the admin token: refused.
    assert_eq!(
        call(addr, "POST", "/admin/reload", &[], b"").await.status,
        401
    );

    // A configuration that does not compile: nothing changes.
    std::fs::write(service.dir.join("broken.map"), "{ id: $.id +  }").unwrap();
    std::fs::write(
        &config,
        format!("[server]\nadmin_tokens = [\"{}\"]\n[[routes]]\npath = \"/v1/orders\"\nmapping = \"broken.map\"\n", hash("admin-token")),
    )
    .unwrap();
    let refused = call(addr, "POST", "/admin/reload", &[token], b"").await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    let diagnostics = refused.json()["diagnostics"].clone();
    assert!(
        diagnostics[0].as_str().unwrap().contains("broken.map:1:"),
        "{diagnostics}"
    );
    assert_eq!(
        call(addr, "POST", "/v1/orders", &[JSON], &case("basic.in.json"))
            .await
            .status,
        200
    );

    // A good one: the new route serves at once.
    std::fs::write(
        service.dir.join("echo.map"),
        "mapping echo version \"2\"\n{ echoed: $.order_ref }",
    )
    .unwrap();
    std::fs::write(
        &config,
        format!("[server]\nadmin_tokens = [\"{}\"]\n[[routes]]\npath = \"/v2/orders\"\nmapping = \"echo.map\"\n", hash("admin-token")),
    )
    .unwrap();
    let reloaded = call(addr, "POST", "/admin/reload", &[token], b"").await;
    assert_eq!(reloaded.status, 200, "{}", reloaded.text());
    let echoed = call(
        addr,
        "POST",
        "/v2/orders",
        &[JSON],
        b"{\"order_ref\": \"A-1\"}",
    )
    .await;
    assert_eq!(echoed.json(), json!({"echoed": "A-1"}));
    assert_eq!(
        call(addr, "POST", "/v1/orders", &[JSON], b"{}")
            .await
            .status,
        404
    );
    assert_eq!(
        call(addr, "GET", "/routes", &[], b"").await.json()[0]["mapping"],
        "echo@2"
    );
    service.stop().await;
}

#[tokio::test]
async fn a_configuration_that_does_not_compile_never_starts() {
    let dir = std::env::temp_dir().join(format!("ferry-serve-{}-check", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.map"), "{ total: sum($.lines[*].amount }").unwrap();
    std::fs::write(
        dir.join("serve.toml"),
        "[[routes]]\npath = \"/x\"\nmapping = \"bad.map\"\n",
    )
    .unwrap();
    let errors = ferry_serve::check(&dir.join("serve.toml"))
        .err()
        .expect("refused");
    assert!(errors.to_string().contains("route /x: "), "{errors}");
    assert!(errors.to_string().contains("bad.map:1:"), "{errors}");
    std::fs::write(dir.join("serve.toml"), "[server]\nlisten = 8080\n").unwrap();
    let errors = ferry_serve::check(&dir.join("serve.toml"))
        .err()
        .expect("refused");
    assert!(errors.to_string().contains("serve.toml:2:"), "{errors}");
}
