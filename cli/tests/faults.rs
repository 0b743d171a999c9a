//! How `ferry run` meets a faulty environment: inputs it cannot read
//! (missing, unreadable, a directory), inputs that are not regular files
//! (a FIFO, stdin), the edges of a stream (no final newline, CRLF, a
//! byte-order mark, nothing at all, a record cut short), and outputs that
//! cannot be written (a full disk). Each behaviour is described in
//! docs/faults.md. Every run is bounded in time (`common::Bounded`).

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::{Bounded, Ran, files, scratch};

/// `ferry ARGS` in `dir` with `stdin`: orderly, bounded.
fn run(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> Ran {
    let ran = Bounded::new(dir, args).stdin(stdin).run();
    ran.assert_orderly();
    ran
}

/// One fault, one line: the input file's bytes (by name, in a fresh
/// directory), the mapping, then the expected status, stdout and stderr.
macro_rules! fault {
    ($name:ident: $file:literal = $bytes:expr, $mapping:literal => $code:literal, $out:expr, $err:expr) => {
        #[test]
        fn $name() {
            let dir = files(stringify!($name), &[($file, $bytes)]);
            let ran = run(
                &dir,
                &["run", "-e", $mapping, $file, "--on-error", "skip"],
                b"",
            );
            assert_eq!(
                (ran.code, ran.stdout().as_str(), ran.err.as_str()),
                (Some($code), $out, $err)
            );
        }
    };
}

// The last line of NDJSON needs no newline: it is a record like the others.
fault!(a_last_line_without_newline_is_a_record:
    "in.ndjson" = b"{\"n\":1}\n{\"n\":2}", "$.n" => 0, "1\n2\n",
    "ferry: 2 records read, 2 outputs, 0 failures\n");

// CRLF line ends: the CR is not part of the record, and a blank CRLF line
// is not a record.
fault!(crlf_ndjson_reads_like_lf:
    "in.ndjson" = b"{\"s\":\"a\"}\r\n\r\n{\"s\":\"b\"}\r\n", "$.s + \"|\"" => 0, "\"a|\"\n\"b|\"\n",
    "ferry: 2 records read, 2 outputs, 0 failures\n");
fault!(crlf_csv_reads_like_lf:
    "in.csv" = b"id,name\r\n1,ann\r\n2,bob\r\n", "$.name + \"|\"" => 0, "\"ann|\"\n\"bob|\"\n",
    "ferry: 2 records read, 2 outputs, 0 failures\n");
// Inside quotes, CRLF is text, kept as it is.
fault!(crlf_inside_a_quoted_csv_cell_is_kept:
    "in.csv" = b"n\r\n\"a\r\nb\"\r\n", "$.n" => 0, "\"a\\r\\nb\"\n",
    "ferry: 1 record read, 1 output, 0 failures\n");

// A UTF-8 byte-order mark at the start is not part of the first record
// (nor of the first CSV column's name); a second one is.
fault!(a_bom_before_ndjson_is_skipped:
    "in.ndjson" = b"\xEF\xBB\xBF{\"n\":1}\n{\"n\":2}\n", "$.n" => 0, "1\n2\n",
    "ferry: 2 records read, 2 outputs, 0 failures\n");
fault!(a_bom_before_a_csv_header_is_skipped:
    "in.csv" = b"\xEF\xBB\xBFid,name\n1,ann\n", "keys($)" => 0, "[\"id\",\"name\"]\n",
    "ferry: 1 record read, 1 output, 0 failures\n");
fault!(a_bom_before_a_json_document_is_skipped:
    "in.json" = b"\xEF\xBB\xBF{\"n\":1}", "$.n" => 0, "1\n", "");
fault!(a_bom_inside_the_stream_is_a_malformed_record:
    "in.ndjson" = b"{\"n\":1}\n\xEF\xBB\xBF{\"n\":2}\n", "$.n" => 1, "1\n",
    "error: record 2: E0406: invalid JSON: expected value at line 1 column 1\n\
     ferry: 2 records read, 1 output, 1 failure\n");

// Nothing to read is zero records: no output, success, and the accounting
// says so, whatever the format.
fault!(an_empty_ndjson_file_is_zero_records:
    "in.ndjson" = b"", "$" => 0, "", "ferry: 0 records read, 0 outputs, 0 failures\n");
fault!(a_blank_ndjson_file_is_zero_records:
    "in.ndjson" = b"\n  \r\n\t\n", "$" => 0, "", "ferry: 0 records read, 0 outputs, 0 failures\n");
fault!(an_empty_json_file_is_zero_records:
    "in.json" = b"", "$" => 0, "", "ferry: 0 records read, 0 outputs, 0 failures\n");
fault!(an_empty_csv_file_is_zero_records:
    "in.csv" = b"", "$" => 0, "", "ferry: 0 records read, 0 outputs, 0 failures\n");

// A record cut short at the end of the stream (a truncated download) is
// one malformed record with its line number; those before it are mapped.
fault!(a_truncated_last_record_is_one_failure_with_its_line:
    "in.ndjson" = b"{\"n\":1}\n{\"n\":2}\n{\"n\":3,\"s\":\"abc", "$.n" => 1, "1\n2\n",
    "error: record 3: E0406: invalid JSON: EOF while parsing a string at line 1 column 15\n\
     ferry: 3 records read, 2 outputs, 1 failure\n");

#[test]
fn a_truncated_last_record_stops_a_failing_run_with_everything_before_it_written() {
    let dir = files("truncated-fail", &[("in.ndjson", b"{\"n\":1}\n{\"n\":")]);
    let ran = run(&dir, &["run", "-e", "$.n", "in.ndjson"], b"");
    assert_eq!((ran.code, ran.stdout().as_str()), (Some(1), "1\n"));
    assert_eq!(
        ran.err,
        "error: record 2: E0406: invalid JSON: EOF while parsing a value at line 1 column 5\n\
         ferry: 2 records read, 1 output, 1 failure (stopped at the first failure; --on-error skip goes on)\n"
    );
}

#[test]
fn a_missing_input_file_is_a_usage_error_naming_it() {
    let dir = scratch("missing");
    let ran = run(&dir, &["run", "-e", "$", "nowhere.ndjson"], b"");
    assert_eq!(
        (ran.code, ran.stdout().as_str(), ran.err.as_str()),
        (
            Some(2),
            "",
            "error: cannot read `nowhere.ndjson`: No such file or directory (os error 2)\n"
        )
    );
}

#[test]
fn a_directory_as_input_is_a_usage_error_naming_it() {
    let dir = scratch("directory");
    std::fs::create_dir(dir.join("orders")).unwrap();
    // With an extension the format is known without reading: the check
    // must not wait for the first read.
    std::fs::create_dir(dir.join("orders.ndjson")).unwrap();
    for name in ["orders", "orders.ndjson"] {
        let ran = run(&dir, &["run", "-e", "$", name], b"");
        assert_eq!(
            (ran.code, ran.stdout().as_str(), ran.err.as_str()),
            (
                Some(2),
                "",
                format!("error: cannot read `{name}`: it is a directory\n").as_str()
            )
        );
    }
    // A directory on stdin (`ferry run m.map < dir`) is named as stdin.
    let ran = Bounded::new(&dir, &["run", "-e", "$", "-"])
        .stdin_file(File::open(dir.join("orders")).unwrap())
        .run();
    ran.assert_orderly();
    assert_eq!(
        (ran.code, ran.err.as_str()),
        (
            Some(2),
            "error: cannot read standard input: Is a directory (os error 21)\n"
        )
    );
}

#[test]
fn an_unreadable_input_file_is_a_usage_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = files("unreadable", &[("secret.ndjson", b"{\"n\":1}\n")]);
    let path = dir.join("secret.ndjson");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if File::open(&path).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads a mode-000 file: nothing to test.
        eprintln!(
            "SKIPPED: this user can read a mode-000 file (root?); permission denied is not testable here"
        );
        return;
    }
    let ran = run(&dir, &["run", "-e", "$", "secret.ndjson"], b"");
    assert_eq!(
        (ran.code, ran.stdout().as_str(), ran.err.as_str()),
        (
            Some(2),
            "",
            "error: cannot read `secret.ndjson`: Permission denied (os error 13)\n"
        )
    );
}

#[test]
fn stdin_as_dash_or_nothing_reads_like_a_file() {
    let input = b"{\"n\":1}\n{\"n\":2}";
    let dir = files("stdin", &[("in.ndjson", input)]);
    let from_file = run(&dir, &["run", "-e", "$.n", "in.ndjson"], b"");
    for args in [&["run", "-e", "$.n", "-"][..], &["run", "-e", "$.n"]] {
        let ran = run(&dir, args, input);
        assert_eq!(
            (ran.code, ran.stdout(), &ran.err),
            (Some(0), from_file.stdout(), &from_file.err),
            "{args:?}"
        );
    }
    // One JSON document on stdin is detected as JSON: no accounting.
    let ran = run(&dir, &["run", "-e", "$.n", "-"], b"\xEF\xBB\xBF{\"n\":1}");
    assert_eq!(
        (ran.code, ran.stdout().as_str(), ran.err.as_str()),
        (Some(0), "1\n", "")
    );
    // Empty stdin is zero records.
    let ran = run(&dir, &["run", "-e", "$.n"], b"");
    assert_eq!(
        (ran.code, ran.stdout().as_str(), ran.err.as_str()),
        (
            Some(0),
            "",
            "ferry: 0 records read, 0 outputs, 0 failures\n"
        )
    );
}

/// Records of about 100 bytes: `n` of them.
fn records(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("{{\"n\":{i},\"pad\":\"{:080}\"}}\n", i))
        .collect()
}

#[test]
fn a_fifo_is_streamed_outputs_come_before_the_writer_is_done() {
    let dir = scratch("fifo");
    // No extension: the format is detected from the first megabyte.
    let fifo = dir.join("orders");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("SKIPPED: mkfifo is not available ({other:?})");
            return;
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["run", "-e", "$.n", "orders"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The writer sends three chunks' worth (4 MiB each), then waits until
    // ferry has written its first output, then sends the rest. A reader
    // that waited for the end of its input would never write: the
    // watchdog below fails the test instead of hanging.
    let (first_output, seen) = std::sync::mpsc::channel::<()>();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut pipe = File::options().write(true).open(&fifo).unwrap();
            pipe.write_all(records(0, 130_000).as_bytes()).unwrap();
            seen.recv_timeout(common::TIME_LIMIT)
                .expect("ferry wrote an output before its input ended");
            pipe.write_all(records(130_000, 1000).as_bytes()).unwrap();
        })
    };
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = 0u64;
    let mut last = String::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        if lines == 0 {
            assert_eq!(line, "0");
            first_output.send(()).unwrap();
        }
        lines += 1;
        last = line;
    }
    writer.join().expect("the writer finished");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!((lines, last.as_str()), (131_000, "130999"));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "ferry: 131000 records read, 131000 outputs, 0 failures\n"
    );
}

/// `/dev/full`, opened for writing: every write fails with ENOSPC.
fn full_disk() -> Option<File> {
    let full = File::options().write(true).open("/dev/full");
    if full.is_err() {
        eprintln!("SKIPPED: no /dev/full on this system");
    }
    full.ok()
}

#[test]
fn a_full_disk_on_stdout_is_an_error_line_and_status_1() {
    let Some(full) = full_disk() else { return };
    let dir = files("full-stdout", &[("in.ndjson", records(0, 5000).as_bytes())]);
    let ran = Bounded::new(&dir, &["run", "-e", "$.n", "in.ndjson"])
        .stdout_file(full)
        .run();
    ran.assert_orderly();
    // Not 141: the reader did not go away, the disk is full.
    assert_eq!(ran.code, Some(1), "{}", ran.err);
    let lines: Vec<&str> = ran.err.lines().collect();
    assert_eq!(lines.len(), 1, "{}", ran.err);
    assert!(
        lines[0].starts_with("error: writing the output failed")
            && lines[0].ends_with(": No space left on device (os error 28)"),
        "{}",
        ran.err
    );
    // `-o` naming a device writes it in place (only regular files are
    // written beside and renamed), and fails the same way.
    let ran = run(
        &dir,
        &["run", "-e", "$.n", "in.ndjson", "-o", "/dev/full"],
        b"",
    );
    assert_eq!(ran.code, Some(1), "{}", ran.err);
    assert!(
        ran.err.starts_with("error: writing the output failed")
            && ran
                .err
                .ends_with(": No space left on device (os error 28)\n"),
        "{}",
        ran.err
    );
}

#[test]
fn a_full_disk_on_stdout_says_how_many_outputs_were_written() {
    let Some(full) = full_disk() else { return };
    let dir = files("full-count", &[("in.ndjson", records(0, 5000).as_bytes())]);
    let ran = Bounded::new(&dir, &["run", "-e", "$.n", "in.ndjson"])
        .stdout_file(full)
        .run();
    ran.assert_orderly();
    // Not a byte reaches /dev/full: no output was written, whatever was
    // buffered on the way.
    assert_eq!(
        (ran.code, ran.err.as_str()),
        (
            Some(1),
            "error: writing the output failed after 0 outputs: No space left on device (os error 28)\n"
        )
    );
}

#[test]
fn a_full_disk_under_the_failure_files_is_reported_not_lost() {
    if full_disk().is_none() {
        return;
    }
    let dir = files(
        "full-errors",
        &[("in.ndjson", b"{\"n\":1}\n{\"n\":\"x\"}\n")],
    );
    for flag in ["--errors", "--dead-letter"] {
        let ran = run(
            &dir,
            &[
                "run",
                "-e",
                "$.n * 2",
                "in.ndjson",
                "--on-error",
                "skip",
                flag,
                "/dev/full",
            ],
            b"",
        );
        assert_eq!(
            (ran.code, ran.stdout().as_str()),
            (Some(1), "2\n"),
            "{flag}"
        );
        assert!(
            ran.err.contains(
                "error: cannot write `/dev/full`: No space left on device (os error 28)\n"
            ),
            "{flag}: {}",
            ran.err
        );
        assert_eq!(ran.accounting(), (2, 1, 1), "{flag}");
    }
}

#[test]
fn progress_into_a_file_keeps_every_failure_line() {
    // `--progress` with stderr in a file (a CI log): no bar is drawn, and
    // the failures it would print above it must still be printed.
    let dir = files(
        "progress-log",
        &[("in.ndjson", b"{\"n\":1}\n{\"n\":\"x\"}\n")],
    );
    let ran = run(
        &dir,
        &[
            "run",
            "-e",
            "$.n * 2",
            "in.ndjson",
            "--on-error",
            "skip",
            "--progress",
        ],
        b"",
    );
    assert_eq!((ran.code, ran.stdout().as_str()), (Some(1), "2\n"));
    assert!(
        ran.err.contains(
            "error: record 2: E0401 at /n: cannot apply `*` to string \"x\" and number 2"
        ),
        "{}",
        ran.err
    );
    assert_eq!(ran.accounting(), (2, 1, 1));
}
