//! `ferry run … | head -1` ends quietly when its reader goes away: no error
//! line, the status a shell gives a filter stopped by SIGPIPE (141).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::scratch;

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    let dir = scratch("broken-pipe");
    let input: String = (0..400_000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    std::fs::write(dir.join("in.ndjson"), input).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["run", "-e", "{ n: $.n, twice: $.n * 2 }", "in.ndjson"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        // Dropping the reader closes the pipe, as `head -1` does.
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(first, "{\"n\":0,\"twice\":0}\n");
    assert_eq!(output.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
