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
