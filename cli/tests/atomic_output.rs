//! `-o FILE` is atomic: a run killed at any moment, SIGKILL included,
//! leaves either the file as it was or the complete new output, never a
//! torn file, and no temporary file once a run has ended.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ferry_in, scratch};

/// Enough records that a run takes a while to write them.
fn input() -> String {
    (0..150_000)
        .map(|i| {
            format!("{{\"id\":{i},\"name\":\"customer number {i}\",\"tags\":[\"a\",\"b\"]}}\n")
        })
        .collect()
}

#[test]
fn a_killed_run_leaves_the_old_file_or_the_whole_new_one() {
    let dir = scratch("atomic");
    std::fs::write(dir.join("in.ndjson"), input()).unwrap();
    let mapping = "{ id: $.id, name: upper($.name), tags: len($.tags) }";
    let (code, _, err) = ferry_in(
        &dir,
        &["run", "-e", mapping, "in.ndjson", "-o", "complete.ndjson"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let complete = std::fs::read(dir.join("complete.ndjson")).unwrap();
    let previous = b"the previous output\n".to_vec();

    // Kill runs at spread-out moments, from before the first write to
    // after the rename; the file is always one of the two.
    let mut outcomes = (0, 0);
    for attempt in 0..12u64 {
        std::fs::write(dir.join("out.ndjson"), &previous).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_ferry"))
            .args(["run", "-e", mapping, "in.ndjson", "-o", "out.ndjson"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        std::thread::sleep(Duration::from_millis(attempt * 37));
        let _ = child.kill();
        let _ = child.wait();
        let found = std::fs::read(dir.join("out.ndjson")).unwrap();
        if found == previous {
            outcomes.0 += 1;
        } else {
            assert!(
                found == complete,
                "killed after {:?}: a torn file of {} bytes (complete: {})",
                started.elapsed(),
                found.len(),
                complete.len()
            );
            outcomes.1 += 1;
        }
    }
    // A killed run may leave its temporary file (nothing can remove it);
    // it is hidden, named after the target, and never the target itself.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.starts_with("out.ndjson") || name == "out.ndjson",
            "{name}"
        );
    }
    assert!(outcomes.0 > 0, "no run was killed before it finished");
}

#[test]
fn a_run_that_ends_leaves_no_temporary_file() {
    let dir = scratch("atomic-clean");
    std::fs::write(dir.join("in.ndjson"), "{\"n\":1}\n{\"n\":\"x\"}\n").unwrap();
    // A failing record stops the run: what was written before it is the
    // output, committed like any other.
    let (code, _, _) = ferry_in(
        &dir,
        &["run", "-e", "$.n * 2", "in.ndjson", "-o", "out.ndjson"],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("out.ndjson")).unwrap(),
        "2\n"
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".ferry-")), "{names:?}");
    // Writing to a device is not renamed over it.
    let (code, _, err) = ferry_in(
        &dir,
        &["run", "-e", "$", "in.ndjson", "-o", "/dev/null"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_file()
    );
}
