//! `ferry serve` as a process: `--check`, serving on a loopback port,
//! reloading on SIGHUP, draining on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::scratch;

fn workspace() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ferry(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry"));
    command.args(args).current_dir(dir);
    command
}

/// `POST path` with a JSON body; the status and the body.
fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).unwrap().parse().unwrap();
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A running `ferry serve`, killed if the test fails before it stops.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `ferry serve` and waits for its `listening` log line.
fn start(dir: &Path) -> (Server, SocketAddr, BufReader<std::process::ChildStderr>) {
    let mut child = Server(
        ferry(dir, &["serve", "serve.toml", "--listen", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut logs = BufReader::new(child.0.stderr.take().unwrap());
    let started = Instant::now();
    loop {
        let mut line = String::new();
        assert!(
            logs.read_line(&mut line).unwrap() > 0,
            "ferry serve ended before listening"
        );
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line)
            && event["fields"]["message"] == "listening"
        {
            let addr = event["fields"]["listen"].as_str().unwrap().parse().unwrap();
            return (child, addr, logs);
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no listening line"
        );
    }
}

fn signal(child: &Server, name: &str) {
    assert!(
        Command::new("kill")
            .args([&format!("-{name}"), &child.0.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
}

fn config(dir: &Path, body: &str) {
    std::fs::write(dir.join("echo.map"), body).unwrap();
    std::fs::write(
        dir.join("serve.toml"),
        "[[routes]]\npath = \"/v1/echo\"\nmapping = \"echo.map\"\n",
    )
    .unwrap();
}

#[test]
fn check_compiles_every_route_and_exits() {
    let dir = scratch("serve-check");
    let order = workspace().join("mappings/partner_order/partner_order.map");
    std::fs::write(
        dir.join("serve.toml"),
        format!(
            "[[routes]]\npath = \"/v1/orders\"\nmapping = \"{}\"\n",
            order.display()
        ),
    )
    .unwrap();
    let ok = ferry(&dir, &["serve", "serve.toml", "--check"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout),
        "/v1/orders  partner_order@1.0.0\n"
    );

    std::fs::write(dir.join("bad.map"), "{ x: $.a + }").unwrap();
    std::fs::write(
        dir.join("serve.toml"),
        "[[routes]]\npath = \"/x\"\nmapping = \"bad.map\"\n",
    )
    .unwrap();
    let bad = ferry(&dir, &["serve", "serve.toml", "--check"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("route /x: ") && err.contains("bad.map:1:"),
        "{err}"
    );
}

#[test]
fn serves_reloads_on_hangup_and_drains_on_term() {
    let dir = scratch("serve-run");
    config(&dir, "{ echoed: $.v }");
    let (mut child, addr, mut logs) = start(&dir);
    assert_eq!(
        post(addr, "/v1/echo", "{\"v\": 1}"),
        (200, "{\"echoed\":1}".to_owned())
    );

    // A broken mapping: the reload is refused, the old one serves on.
    config(&dir, "{ echoed: $.v + }");
    signal(&child, "HUP");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(post(addr, "/v1/echo", "{\"v\": 2}").0, 200);

    config(&dir, "{ doubled: $.v * 2 }");
    signal(&child, "HUP");
    let started = Instant::now();
    loop {
        let (status, body) = post(addr, "/v1/echo", "{\"v\": 3}");
        if body == "{\"doubled\":6}" {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not reloaded: {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    signal(&child, "TERM");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    logs.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("reload refused"), "{rest}");
    assert!(!rest.contains("panicked"), "{rest}");
}

#[test]
fn the_outbox_is_listed_replayed_and_purged_from_the_command_line() {
    let dir = scratch("serve-outbox");
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    std::fs::write(dir.join("secret.txt"), secret).unwrap();
    std::fs::write(dir.join("echo.map"), "{ id: $.id }").unwrap();
    // Port 1 refuses connections: one attempt, then the dead letters.
    std::fs::write(
        dir.join("serve.toml"),
        "[[routes]]\npath = \"/hooks\"\nmapping = \"echo.map\"\nkind = \"webhook\"\n\
         webhook = { scheme = \"standard_webhooks\", secret_files = [\"secret.txt\"] }\n\
         deliver = { url = \"http://127.0.0.1:1/down\", max_attempts = 1, backoff = \"50ms\" }\n",
    )
    .unwrap();
    let (mut child, addr, _logs) = start(&dir);
    let body = "{\"id\": \"evt_1\"}";
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signed = ferry_serve::signature::sign(
        ferry_serve::signature::Scheme::StandardWebhooks,
        &ferry_serve::signature::Secret::from_config_text(secret),
        "msg_1",
        now,
        body.as_bytes(),
    )
    .unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!(
        "POST /hooks HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in signed {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 202"), "{reply}");
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "TERM");
    let started = Instant::now();
    while child.0.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }

    let listed = ferry(&dir, &["outbox", "list", "serve.toml", "--dead", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["state"], "dead");
    assert_eq!(lines[0]["event_id"], "msg_1");
    let id = lines[0]["id"].to_string();

    let replayed = ferry(&dir, &["outbox", "replay", "serve.toml", "--all-dead"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&replayed.stdout),
        "1 entry back in the queue\n"
    );
    let purged = ferry(&dir, &["outbox", "purge", "serve.toml", &id])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&purged.stdout), "1 entry deleted\n");
    let empty = ferry(&dir, &["outbox", "list", "serve.toml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&empty.stderr).contains("0 pending, 0 dead"));
}

#[test]
fn the_bundled_example_configuration_compiles() {
    let example = workspace().join("mappings/serve/example.toml");
    let ok = ferry(
        &workspace(),
        &["serve", example.to_str().unwrap(), "--check"],
    )
    .output()
    .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let listed = String::from_utf8_lossy(&ok.stdout);
    assert!(
        listed.contains("/hooks/payments  payment_webhook@1.0.0"),
        "{listed}"
    );
}
