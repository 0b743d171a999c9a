//! Shared helpers: run the real `ferry` binary, make scratch files.
#![allow(dead_code)] // each test file uses a different subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `ferry ARGS` with `stdin` in the current directory; returns
/// (exit code, stdout, stderr). Colour is off (stderr is a pipe, and
/// `NO_COLOR` is set).
pub fn ferry(args: &[&str], stdin: impl AsRef<[u8]>) -> (i32, String, String) {
    ferry_in(Path::new("."), args, stdin)
}

/// Like [`ferry`], with `dir` as the current directory.
pub fn ferry_in(dir: &Path, args: &[&str], stdin: impl AsRef<[u8]>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry"));
    command.args(args).current_dir(dir);
    finish(command, stdin)
}

/// Like [`ferry_in`], with the variables `vars` set and every inherited
/// `FERRY_KEY_*` variable (a secret key) removed.
pub fn ferry_in_env(
    dir: &Path,
    args: &[&str],
    vars: &[(&str, &str)],
    stdin: impl AsRef<[u8]>,
) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferry"));
    command.args(args).current_dir(dir);
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("FERRY_KEY_") {
            command.env_remove(var);
        }
    }
    command.envs(vars.iter().copied());
    finish(command, stdin)
}

fn finish(mut command: Command, stdin: impl AsRef<[u8]>) -> (i32, String, String) {
    let mut child = command
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ferry binary runs");
    let input = stdin.as_ref().to_vec();
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // A writer thread, so a large input cannot deadlock against a full
    // stdout pipe; a broken pipe (ferry did not read stdin) is fine.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("ferry finishes");
    writer.join().expect("the stdin writer does not panic");
    (
        output
            .status
            .code()
            .expect("ferry exits, not killed by a signal"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

/// A fresh, empty directory under the system temp dir, unique to this
/// process and call.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("ferry-cli-test-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the temp dir is writable");
    dir
}

/// Writes `files` (name, contents) into a fresh scratch dir; returns it.
pub fn files(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = scratch(name);
    for (file, contents) in files {
        std::fs::write(dir.join(file), contents).expect("scratch file is writable");
    }
    dir
}

/// The path of `file` in `dir` as a string, for arguments.
pub fn path(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

/// Reads a file written by ferry.
pub fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("reading {file}: {e}"))
}

/// How long one bounded run may take: a run still going after this is
/// killed, and the test fails.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A `ferry` run bounded in time (and, when asked, in memory), with its
/// stdin and stdout chosen: bytes, a file, a device.
pub struct Bounded {
    dir: PathBuf,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    stdin_file: Option<std::fs::File>,
    stdout_file: Option<std::fs::File>,
    memory_bytes: Option<u64>,
}

/// What a bounded run left.
#[derive(Debug)]
pub struct Ran {
    /// The exit status; `None` when a signal ended the run.
    pub code: Option<i32>,
    /// Stdout, unless it went to a file.
    pub out: Vec<u8>,
    /// Stderr.
    pub err: String,
}

impl Ran {
    /// Stdout as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }

    /// Asserts the run ended with one of ferry's own statuses (0 success,
    /// 1 a data error, 2 a usage error, 130 interrupted, 141 a closed
    /// pipe), not a signal or a crash, and did not panic.
    pub fn assert_orderly(&self) {
        assert!(
            matches!(self.code, Some(0 | 1 | 2 | 130 | 141)),
            "ended with {:?}: {}",
            self.code,
            self.err
        );
        assert!(!self.err.contains("panicked"), "{}", self.err);
    }

    /// The accounting line's counts (`ferry: R records read, O outputs,
    /// F failures`), asserting records = outputs + failures.
    pub fn accounting(&self) -> (u64, u64, u64) {
        let line = self
            .err
            .lines()
            .rev()
            .find(|l| l.starts_with("ferry: "))
            .unwrap_or_else(|| panic!("no accounting line: {}", self.err));
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .map(|w| w.parse().expect("digits"))
            .collect();
        let [records, outputs, failures] = numbers[..3] else {
            panic!("not an accounting line: {line}");
        };
        assert_eq!(records, outputs + failures, "{line}");
        (records, outputs, failures)
    }
}

impl Bounded {
    /// `ferry ARGS` in `dir`, with empty stdin.
    pub fn new(dir: &Path, args: &[&str]) -> Bounded {
        Bounded {
            dir: dir.to_owned(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            stdin: None,
            stdin_file: None,
            stdout_file: None,
            memory_bytes: None,
        }
    }

    /// These bytes on stdin.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Bounded {
        self.stdin = Some(bytes.into());
        self
    }

    /// This file (or directory, or device) as stdin.
    pub fn stdin_file(mut self, file: std::fs::File) -> Bounded {
        self.stdin_file = Some(file);
        self
    }

    /// Stdout into this file (or device) instead of a pipe.
    pub fn stdout_file(mut self, file: std::fs::File) -> Bounded {
        self.stdout_file = Some(file);
        self
    }

    /// At most this much address space (`ulimit -v`), so a run that would
    /// exhaust the machine's memory fails alone instead.
    pub fn memory_limit(mut self, bytes: u64) -> Bounded {
        self.memory_bytes = Some(bytes);
        self
    }

    /// Runs it: killed after [`TIME_LIMIT`], which fails the test.
    pub fn run(self) -> Ran {
        let ferry = env!("CARGO_BIN_EXE_ferry");
        let mut command = match self.memory_bytes {
            Some(bytes) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", bytes / 1024))
                    .arg(ferry);
                sh
            }
            None => Command::new(ferry),
        };
        command
            .args(&self.args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped());
        match self.stdin_file {
            Some(file) => command.stdin(file),
            None if self.stdin.is_some() => command.stdin(Stdio::piped()),
            None => command.stdin(Stdio::null()),
        };
        let captured = self.stdout_file.is_none();
        match self.stdout_file {
            Some(file) => command.stdout(file),
            None => command.stdout(Stdio::piped()),
        };
        let mut child = command.spawn().expect("the ferry binary runs");
        let writer = match (self.stdin, child.stdin.take()) {
            (Some(bytes), Some(mut pipe)) => Some(std::thread::spawn(move || {
                // A broken pipe (ferry stopped reading) is fine.
                let _ = pipe.write_all(&bytes);
            })),
            _ => None,
        };
        let drain = |mut from: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = from.read_to_end(&mut bytes);
                bytes
            })
        };
        let out = captured.then(|| drain(Box::new(child.stdout.take().expect("piped"))));
        let err = drain(Box::new(child.stderr.take().expect("piped")));
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for ferry") {
                break status;
            }
            if started.elapsed() > TIME_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "ferry {:?} still ran after {TIME_LIMIT:?}: killed",
                    self.args
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        if let Some(writer) = writer {
            writer.join().expect("the stdin writer does not panic");
        }
        Ran {
            code: status.code(),
            out: out
                .map(|t| t.join().expect("stdout drained"))
                .unwrap_or_default(),
            err: String::from_utf8_lossy(&err.join().expect("stderr drained")).into_owned(),
        }
    }
}
