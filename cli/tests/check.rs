//! `ferry check`: valid mappings pass, every error of a failing one is
//! rendered with code, file, line:column, snippet, caret and help.

mod common;

use common::{ferry_in, files};

const VALID: &[u8] =
    b"table shipping = { \"EXP\": \"express\" }\n{ id: $.id, s: shipping[$.m] ?? \"std\" }\n";
const THREE_ERRORS: &[u8] = b"let total = 1\n{ a: totl,\n  b: lowr($.x),\n  c: lower(1, 2) }\n";

const THREE_ERRORS_STDERR: &str = "\
E0201

  × unknown variable `totl`
   ╭─[bad.map:2:6]
 1 │ let total = 1
 2 │ { a: totl,
   ·      ──┬─
   ·        ╰── not defined here
 3 │   b: lowr($.x),
   ╰────
  help: did you mean `total`?

E0202

  × unknown function `lowr`
   ╭─[bad.map:3:6]
 2 │ { a: totl,
 3 │   b: lowr($.x),
   ·      ──┬─
   ·        ╰── not a function
 4 │   c: lower(1, 2) }
   ╰────
  help: did you mean `lower`?

E0203

  × `lower` takes 1 argument, got 2
   ╭─[bad.map:4:6]
 3 │   b: lowr($.x),
 4 │   c: lower(1, 2) }
   ·      ─────┬─────
   ·           ╰── called here
   ╰────
  help: lower(text)
";

fn fixture(name: &str) -> std::path::PathBuf {
    files(name, &[("ok.map", VALID), ("bad.map", THREE_ERRORS)])
}

#[test]
fn a_valid_mapping_passes() {
    let dir = fixture("valid");
    assert_eq!(
        ferry_in(&dir, &["check", "ok.map"], ""),
        (0, String::new(), "ok: ok.map\n".into())
    );
}

#[test]
fn every_error_is_rendered_with_code_location_snippet_and_help() {
    let dir = fixture("three");
    let (code, out, err) = ferry_in(&dir, &["check", "bad.map"], "");
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!("{THREE_ERRORS_STDERR}failed: bad.map (3 errors)\n")
    );
}

#[test]
fn several_files_fail_if_any_fails_and_all_are_reported() {
    let dir = fixture("several");
    let (code, _, err) = ferry_in(&dir, &["check", "ok.map", "bad.map", "ok.map"], "");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("ok: ok.map\n{THREE_ERRORS_STDERR}failed: bad.map (3 errors)\nok: ok.map\n")
    );
    let (code, _, err) = ferry_in(&dir, &["check", "bad.map", "ok.map"], "");
    assert_eq!(code, 1);
    assert!(
        err.ends_with("failed: bad.map (3 errors)\nok: ok.map\n"),
        "{err}"
    );
}

#[test]
fn the_file_name_is_shown_as_given() {
    let dir = fixture("as-given");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/x.map"), "{ a: nope }").unwrap();
    let (code, _, err) = ferry_in(&dir, &["check", "sub/x.map"], "");
    assert_eq!(code, 1);
    assert!(err.contains("╭─[sub/x.map:1:6]"), "{err}");
    assert!(err.ends_with("failed: sub/x.map (1 error)\n"), "{err}");
}

#[test]
fn an_unreadable_file_is_exit_2_even_beside_a_failing_one() {
    let dir = fixture("unreadable");
    for args in [
        &["check", "missing.map"][..],
        &["check", "bad.map", "missing.map"],
        &["check", "missing.map", "bad.map"],
        &["check", "ok.map", "missing.map"],
    ] {
        let (code, _, err) = ferry_in(&dir, args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains("E0212\n\n  × cannot read `missing.map`: No such file or directory")
                && err.contains("failed: missing.map (1 error)\n"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_directory_is_not_a_readable_mapping() {
    let dir = fixture("dir");
    std::fs::create_dir(dir.join("d.map")).unwrap();
    let (code, _, err) = ferry_in(&dir, &["check", "d.map"], "");
    assert_eq!(code, 2);
    assert!(err.contains("E0212"), "{err}");
}

#[test]
fn run_renders_compile_errors_the_same_way_and_maps_nothing() {
    let dir = fixture("run");
    let (code, out, err) = ferry_in(&dir, &["run", "bad.map"], "{\"x\":1}");
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (1, "", THREE_ERRORS_STDERR)
    );
}

#[test]
fn inline_mappings_are_named_expr() {
    let (code, _, err) = ferry_in(
        std::path::Path::new("."),
        &["run", "-e", "{ a: totl }"],
        "{}",
    );
    assert_eq!(code, 1);
    assert!(err.contains("╭─[<expr>:1:6]"), "{err}");
    assert!(err.contains("1 │ { a: totl }"), "{err}");
}

#[test]
fn columns_count_characters_like_run_time_errors() {
    // `é` is two bytes; the header must agree with `file:line:col` of
    // run-time errors, which count characters.
    let dir = files(
        "columns",
        &[
            ("c.map", "{ \"é\": totl }\n".as_bytes()),
            ("r.map", "{ \"é\": lower($.n) }\n".as_bytes()),
        ],
    );
    let (_, _, err) = ferry_in(&dir, &["check", "c.map"], "");
    assert!(err.contains("╭─[c.map:1:8]"), "{err}");
    let (_, _, err) = ferry_in(&dir, &["run", "r.map"], "{\"n\":1}");
    assert!(err.contains("(r.map:1:14)"), "{err}");
}

#[test]
fn crlf_line_endings_do_not_shift_locations() {
    let dir = files("crlf", &[("w.map", b"{ a: 1,\r\n  b: totl }\r\n")]);
    let (code, _, err) = ferry_in(&dir, &["check", "w.map"], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("╭─[w.map:2:6]") && err.contains(" 2 │   b: totl }\n   ·      ──┬─\n"),
        "{err}"
    );
}

#[test]
fn no_colour_when_stderr_is_not_a_terminal_even_without_no_color() {
    let dir = fixture("colour");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["check", "bad.map"])
        .current_dir(&dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("ferry runs");
    let err = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(output.status.code(), Some(1));
    assert!(!err.contains('\x1b'), "escape codes in a pipe: {err:?}");
    assert_eq!(
        err,
        format!("{THREE_ERRORS_STDERR}failed: bad.map (3 errors)\n")
    );
}
