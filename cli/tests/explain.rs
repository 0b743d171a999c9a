//! `ferry explain CODE`: the catalogue entry as terminal text; an unknown
//! code exits 1 with a suggestion and the families.

mod common;

use common::ferry;

/// `explain!(code, [args])`: runs `ferry explain ARGS`, checks the exit
/// code, returns (stdout, stderr).
macro_rules! explain {
    ($code:expr, [$($arg:expr),*]) => {{
        let args = ["explain", $($arg),*];
        let (code, out, err) = ferry(&args, "");
        assert_eq!(code, $code, "ferry {args:?}: {err}");
        (out, err)
    }};
}

#[test]
fn a_code_prints_title_meaning_example_and_fix() {
    let (out, err) = explain!(0, ["E0401"]);
    assert_eq!(err, "");
    assert!(
        out.starts_with("E0401: type mismatch\nerror · run time\n\n"),
        "{out}"
    );
    for part in [
        "A value has the wrong type",
        "Example:",
        "    { total: $.total + 1 }",
        "  input:",
        "    {\"total\": \"12\"}",
        "running it on this input fails with E0401",
        "Fix:",
        "    { total: number($.total) + 1 }",
        "docs/errors/E0401.md",
    ] {
        assert!(out.contains(part), "missing {part:?} in:\n{out}");
    }
}

#[test]
fn case_and_the_letter_do_not_matter() {
    let (upper, _) = explain!(0, ["W0205"]);
    let (lower, _) = explain!(0, ["w0205"]);
    assert_eq!(upper, lower);
    assert!(
        upper.contains("\nwarning · warnings\n") && upper.contains("compiling it warns W0205"),
        "{upper}"
    );
    let (bare, _) = explain!(0, ["0402"]);
    assert!(bare.starts_with("E0402: division by zero"), "{bare}");
}

#[test]
fn every_code_is_explained_within_80_columns() {
    for entry in ferry_engine::catalogue::all() {
        let (out, _) = explain!(0, [entry.code]);
        assert!(
            out.starts_with(&format!("{}: {}", entry.code, entry.title)),
            "{out}"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    }
}

#[test]
fn file_examples_show_every_file() {
    let (out, _) = explain!(0, ["E0208"]);
    assert!(out.contains("  countries.csv:\n\n    iso2,name\n"), "{out}");
}

#[test]
fn an_unknown_code_suggests_a_close_one_and_lists_the_families() {
    let (out, err) = explain!(1, ["E0419"]);
    assert_eq!(out, "");
    assert!(
        err.starts_with("error: `E0419` is not a Ferry error or warning code\n"),
        "{err}"
    );
    assert!(err.contains("did you mean `E041"), "{err}");
    for family in ["E01xx", "E02xx", "E03xx", "E04xx", "E05xx", "W02xx"] {
        assert!(err.contains(family), "{family} in {err}");
    }
    let (_, err) = explain!(1, ["W0219"]);
    assert!(err.contains("did you mean `W0210`"), "{err}");
    let (_, err) = explain!(1, ["nonsense"]);
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn list_names_every_code() {
    let (out, _) = explain!(0, ["--list"]);
    assert!(
        out.contains("E04xx  run time\n  E0401  type mismatch\n"),
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("  ")).count(),
        ferry_engine::catalogue::all().len()
    );
}

#[test]
fn help_has_examples_and_no_code_is_a_usage_error() {
    let (out, _) = explain!(0, ["--help"]);
    assert!(
        out.contains("Usage: ferry explain") && out.contains("Examples:\n  ferry explain E0401"),
        "{out}"
    );
    explain!(2, []);
}
