//! `ferry query`: the node list a JSONPath selects, one JSON array per
//! input document.

mod common;

use common::{ferry, ferry_in, files};

const DOC: &[u8] = b"{\n  \"a\": [1, 2],\n  \"b\": {\"c\": \"x\"}\n}\n";
const LINES: &[u8] = b"{\"a\":[1,2]}\n\n{\"a\":[]}\n{\"b\":1}\n";

/// `query!([args], stdin => code, stdout)`.
macro_rules! query {
    ([$($arg:expr),*], $stdin:expr => $code:expr, $stdout:expr) => {{
        let args = ["query", $($arg),*];
        let (code, out, err) = ferry(&args, $stdin);
        assert_eq!((code, out.as_str()), ($code, $stdout), "ferry {args:?}: {err}");
        err
    }};
}

#[test]
fn a_document_gives_one_array() {
    query!(["$.a[*]"], DOC => 0, "[1,2]\n");
    query!(["$..c"], DOC => 0, "[\"x\"]\n");
    query!(["$.none"], DOC => 0, "[]\n");
    query!(["$"], "3" => 0, "[3]\n");
}

#[test]
fn filters_select_by_value() {
    query!(["$.l[?@.q > 1].s"], r#"{"l":[{"s":"A","q":2},{"s":"B","q":0}]}"# => 0, "[\"A\"]\n");
}

#[test]
fn ndjson_gives_one_array_per_line() {
    query!(["$.a[*]"], LINES => 0, "[1,2]\n[]\n[]\n");
    query!(["$.a[*]", "-"], LINES => 0, "[1,2]\n[]\n[]\n");
    query!(["$.a[*]", "--from", "json"], b"{\"a\":[1]}\n{\"a\":[2]}\n" => 1, "");
}

#[test]
fn files_are_read_by_extension() {
    let dir = files(
        "files",
        &[
            ("doc.json", DOC),
            ("lines.ndjson", LINES),
            ("lines.txt", LINES),
        ],
    );
    for (file, expected) in [
        ("doc.json", "[1,2]\n"),
        ("lines.ndjson", "[1,2]\n[]\n[]\n"),
        ("lines.txt", "[1,2]\n[]\n[]\n"),
    ] {
        assert_eq!(
            ferry_in(&dir, &["query", "$.a[*]", file], ""),
            (0, expected.into(), String::new()),
            "{file}"
        );
    }
}

#[test]
fn pretty_indents_each_array() {
    query!(["$.a[*]", "--pretty"], DOC => 0, "[\n  1,\n  2\n]\n");
    query!(["--pretty", "$.a"], b"{\"a\":1}\n{\"a\":2}\n" => 0, "[\n  1\n]\n[\n  2\n]\n");
}

#[test]
fn an_invalid_query_is_a_diagnostic_and_exit_1() {
    let err = query!(["$.a["], DOC => 1, "");
    assert_eq!(
        err,
        "E0104

  × expected `]` to close `[` opened here
   ╭─[<query>:1:5]
 1 │ $.a[\x20
   ·    ┬▲
   ·    │╰── expected `]`
   ·    ╰── `[` opened here
   ╰────
"
    );
    let err = query!(["a.b"], DOC => 1, "");
    assert!(
        err.starts_with("E0104\n") && err.contains("expected `$`"),
        "{err}"
    );
    let err = query!(["$[?@.a == ]"], DOC => 1, "");
    assert!(
        err.contains("<query>:1:11") && err.contains("unexpected `]`"),
        "{err}"
    );
}

#[test]
fn an_invalid_query_is_reported_before_reading_input() {
    let (code, _, err) = ferry(&["query", "$[", "missing.json"], "");
    assert_eq!(code, 1);
    assert!(err.starts_with("E0104"), "{err}");
}

#[test]
fn a_malformed_line_is_reported_and_the_others_are_queried() {
    let err = query!(["$.a[0]"], b"{\"a\":[1]}\n{bad\n{\"a\":[3]}\n" => 1, "[1]\n[3]\n");
    assert_eq!(
        err,
        "error[E0406]: line 2: invalid JSON: key must be a string at line 1 column 2\n"
    );
}

#[test]
fn a_missing_input_is_exit_2() {
    let (code, out, err) = ferry(&["query", "$", "missing.json"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: cannot read `missing.json`: "),
        "{err}"
    );
}
