//! Exit codes and help: 0 success, 1 a mapping or data error, 2 a usage
//! error or an unreadable file; every command's `--help` has examples.

mod common;

use common::{ferry, ferry_in, files};

/// `exits!(code, [args])`: runs with empty stdin, returns stderr.
macro_rules! exits {
    ($code:expr, [$($arg:expr),*]) => {{
        let args = [$($arg),*];
        let (code, _, err) = ferry(&args, "");
        assert_eq!(code, $code, "ferry {args:?}: {err}");
        err
    }};
}

#[test]
fn help_exits_0_with_examples_for_every_command() {
    for command in ["run", "check", "query"] {
        for flag in ["--help", "-h"] {
            let (code, out, err) = ferry(&[command, flag], "");
            assert_eq!((code, err.as_str()), (0, ""), "{command} {flag}");
            assert!(out.contains("Usage: ferry "), "{command} {flag}: {out}");
            assert!(
                out.contains("Examples:\n  ferry "),
                "{command} {flag}: {out}"
            );
        }
        let (code, out, _) = ferry(&["help", command], "");
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "ferry help {command}: {out}");
    }
    let (code, out, _) = ferry(&["--help"], "");
    assert_eq!(code, 0);
    for word in ["run", "check", "query", "ferry <COMMAND> --help"] {
        assert!(out.contains(word), "{out}");
    }
}

#[test]
fn version_exits_0() {
    let (code, out, _) = ferry(&["--version"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("ferry "), "{out}");
}

#[test]
fn unknown_flags_and_commands_are_exit_2() {
    exits!(2, ["run", "--bogus", "m.map"]);
    exits!(2, ["check", "--bogus", "m.map"]);
    exits!(2, ["query", "--bogus", "$"]);
    exits!(2, ["frobnicate"]);
    exits!(2, []);
}

#[test]
fn bad_flag_values_are_exit_2() {
    let err = exits!(2, ["run", "-e", "$", "--on-error", "ignore"]);
    assert!(err.contains("--on-error"), "{err}");
    exits!(2, ["run", "-e", "$", "--from", "xls"]);
    exits!(2, ["query", "$", "--from", "csv"]);
}

#[test]
fn missing_arguments_are_exit_2() {
    let err = exits!(2, ["run"]);
    assert_eq!(
        err,
        "error: a mapping file (or `-e EXPR`) is required\n\nUsage: ferry run MAPPING [INPUT]\n"
    );
    exits!(2, ["check"]);
    exits!(2, ["query"]);
    exits!(2, ["run", "-e"]);
}

#[test]
fn too_many_inputs_are_exit_2() {
    exits!(2, ["run", "m.map", "a.json", "b.json"]);
    let err = exits!(2, ["run", "-e", "$", "a.json", "b.json"]);
    assert_eq!(err, "error: with `-e`, give at most one input file\n");
}

#[test]
fn unreadable_files_are_exit_2() {
    let dir = files("unreadable", &[("m.map", b"$")]);
    let (code, out, err) = ferry_in(&dir, &["run", "missing.map", "in.json"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("E0212\n\n  × cannot read `missing.map`: No such file or directory"),
        "{err}"
    );

    let (code, _, err) = ferry_in(&dir, &["run", "m.map", "missing.json"], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot read `missing.json`: No such file or directory"),
        "{err}"
    );

    let (code, _, err) = ferry_in(&dir, &["run", "-e", "$", "missing.json"], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot read `missing.json`"),
        "{err}"
    );

    std::fs::create_dir(dir.join("d")).unwrap();
    let (code, _, _) = ferry_in(&dir, &["run", "m.map", "d"], "");
    assert_eq!(code, 2, "a directory is not a readable input");
}

#[test]
fn unwritable_outputs_are_exit_2() {
    let dir = files("unwritable", &[("m.map", b"$")]);
    let (code, out, err) = ferry_in(&dir, &["run", "m.map", "-o", "no/such/dir/out.json"], "1");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: cannot write `no/such/dir/out.json`"),
        "{err}"
    );
    let (code, _, err) = ferry_in(
        &dir,
        &["run", "m.map", "--errors", "no/such/dir/e.ndjson"],
        "1",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot write `no/such/dir/e.ndjson`"),
        "{err}"
    );
}

#[test]
fn mapping_and_data_errors_are_exit_1() {
    exits!(1, ["run", "-e", "{ a: nope }"]);
    let (code, _, _) = ferry(&["run", "-e", "$.a + 1"], "{\"a\":\"x\"}");
    assert_eq!(code, 1);
    let (code, _, _) = ferry(&["run", "-e", "$"], "{not json");
    assert_eq!(code, 1);
}

#[test]
fn success_is_exit_0_with_a_quiet_stderr() {
    assert_eq!(
        ferry(&["run", "-e", "$.a"], "{\"a\":1}"),
        (0, "1\n".into(), String::new())
    );
}
