//! Crash safety: everything `enqueue` acknowledged is still there after the
//! process is killed mid-write.
//!
//! The test runs this test binary again as a child that enqueues without
//! pause, printing each id once `enqueue` has returned, and SIGKILLs it
//! while it is still writing. Reopening the file must find every
//! acknowledged id.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferry_serve::outbox::{Delivery, EntryId, Outbox, StateFilter};

/// Set in the child's environment to the outbox path.
const CHILD_ENV: &str = "FERRY_OUTBOX_CRASH_CHILD";

/// Acknowledgements the parent waits for before it kills the child.
const ACKNOWLEDGED: usize = 50;

#[test]
fn entries_acknowledged_before_a_kill_survive_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.redb");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "enqueue_until_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut acknowledged = Vec::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(id) = line.strip_prefix("acknowledged ") {
            acknowledged.push(id.parse::<EntryId>().unwrap());
            if acknowledged.len() == ACKNOWLEDGED {
                break;
            }
        }
    }
    // Child::kill is SIGKILL on Unix: no destructor, no clean close.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(acknowledged.len(), ACKNOWLEDGED, "the child stopped early");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outbox = Outbox::open(&path).unwrap();
    let stored = runtime
        .block_on(outbox.list(StateFilter::Pending, usize::MAX))
        .unwrap();
    let stored: Vec<EntryId> = stored.iter().map(|entry| entry.id).collect();
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged entry {id} was lost");
    }
    // And the reopened outbox takes new entries after them.
    let next = runtime.block_on(outbox.enqueue(delivery(0))).unwrap();
    assert!(next > *stored.iter().max().unwrap());
}

/// The child: does nothing unless started by the test above. Bounded in
/// count and time in case its parent is gone.
#[test]
fn enqueue_until_killed() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outbox = Outbox::open(path).unwrap();
    let started = Instant::now();
    for n in 0..100_000 {
        if started.elapsed() > Duration::from_secs(60) {
            break;
        }
        let id = runtime.block_on(outbox.enqueue(delivery(n))).unwrap();
        println!("acknowledged {id}");
    }
}

fn delivery(n: u32) -> Delivery {
    Delivery {
        route: "orders".into(),
        target: "http://127.0.0.1:9/hook".into(),
        body: format!(r#"{{"order":{n},"padding":"{}"}}"#, "x".repeat(2000)).into_bytes(),
        content_type: "application/json".into(),
        headers: vec![],
        event_id: Some(format!("evt_{n}")),
    }
}
