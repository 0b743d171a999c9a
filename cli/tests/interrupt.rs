//! SIGINT and SIGTERM stop `ferry run` in the middle of a record: the
//! outputs finished before it are written in order, the accounting line is
//! printed, the status is 130; a second signal ends the process at once.

mod common;

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::scratch;

/// A mapping whose record `{"n": 0}` runs for minutes (the budgets raised
/// out of the way), while `{"n": 100}` maps at once.
const SLOW: &str = "fn f(n) = if n > 40 then 0 else len([f(n + 1), f(n + 1)])\n\
                    if $.n == 100 then \"quick\" else f($.n)";

fn spawn(dir: &std::path::Path, input: &str, stdout: Stdio) -> Child {
    std::fs::write(dir.join("in.ndjson"), input).unwrap();
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args([
            "run",
            "--max-work",
            "1000000000000",
            "--max-memory",
            "1000GiB",
            "--threads",
            "1",
            "-e",
            SLOW,
            "in.ndjson",
        ])
        .current_dir(dir)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the child, failing the test if it takes longer than `limit`.
fn wait_within(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the run did not stop within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_signal_stops_the_record_in_progress_after_writing_those_before_it() {
    for name in ["TERM", "INT"] {
        let dir = scratch(&format!("interrupt-{name}"));
        let input = "{\"n\":100}\n{\"n\":100}\n{\"n\":0}\n{\"n\":100}\n";
        let mut child = spawn(&dir, input, Stdio::piped());
        // Long enough for the slow record to be under way.
        std::thread::sleep(Duration::from_millis(700));
        assert!(child.try_wait().unwrap().is_none(), "still mapping");
        signal(&child, name);
        let status = wait_within(&mut child, Duration::from_secs(10));
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let err = stderr_of(&mut child);
        assert_eq!(status.code(), Some(130), "SIG{name}: {err}");
        assert_eq!(out, "\"quick\"\n\"quick\"\n", "SIG{name}");
        assert!(
            err.contains("2 records read, 2 outputs, 0 failures (interrupted"),
            "SIG{name}: {err}"
        );
        assert!(!err.contains("E0507"), "not reported as a failure: {err}");
    }
}

#[test]
fn a_second_signal_ends_the_process_at_once() {
    let dir = scratch("interrupt-twice");
    // Enough quick records to fill the pipe nobody reads: the run blocks
    // in a write, where the first signal cannot reach a record.
    let mut input = "{\"n\":100}\n".repeat(200_000);
    input.push_str("{\"n\":0}\n");
    let mut child = spawn(&dir, &input, Stdio::piped());
    std::thread::sleep(Duration::from_millis(700));
    signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "blocked on its output, the first signal cannot finish the run"
    );
    signal(&child, "TERM");
    let status = wait_within(&mut child, Duration::from_secs(5));
    assert_eq!(status.code(), Some(130));
}
