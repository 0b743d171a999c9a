//! `ferry run`: inputs (file, stdin, JSON, NDJSON), outputs (stdout,
//! `-o`, `--pretty`) and inline mappings.

mod common;

use common::{ferry, ferry_in, files, read};

const MAPPING: &[u8] = b"{ id: $.id,\n  name: lower($.n) }\n";
const PRETTY_DOC: &[u8] = b"{\n  \"id\": 1,\n  \"n\": \"AB\"\n}\n";
const RECORDS: &[u8] = b"{\"id\":1,\"n\":\"A\"}\n{\"id\":2,\"n\":\"B\"}\n{\"id\":3,\"n\":\"C\"}\n";
const RECORDS_OUT: &str =
    "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n{\"id\":3,\"name\":\"c\"}\n";

/// `ok!(dir, [args], stdin => stdout)`: exit 0, and nothing on stderr but
/// a batch's accounting line without failures.
macro_rules! ok {
    ($dir:expr, [$($arg:expr),*], $stdin:expr => $stdout:expr) => {{
        let args = [$($arg),*];
        let (code, out, err) = ferry_in(&$dir, &args, $stdin);
        assert_eq!((code, out.as_str(), quiet(&err)), (0, $stdout, true), "ferry {args:?}: {err}");
    }};
}

/// True when stderr holds nothing, or only the accounting of a clean batch
/// (`ferry: 3 records read, 3 outputs, 0 failures`).
fn quiet(stderr: &str) -> bool {
    stderr.is_empty()
        || (stderr.starts_with("ferry: ")
            && stderr.ends_with(", 0 failures\n")
            && stderr.lines().count() == 1)
}

fn fixture(name: &str) -> std::path::PathBuf {
    files(
        name,
        &[
            ("m.map", MAPPING),
            ("doc.json", PRETTY_DOC),
            ("records.ndjson", RECORDS),
            ("records.jsonl", RECORDS),
            ("upper.JSONL", RECORDS),
            ("records.txt", RECORDS),
            ("records.json", RECORDS),
        ],
    )
}

#[test]
fn a_pretty_json_document_gives_one_compact_line() {
    let dir = fixture("doc");
    ok!(dir, ["run", "m.map", "doc.json"], "" => "{\"id\":1,\"name\":\"ab\"}\n");
}

#[test]
fn pretty_indents_the_output() {
    let dir = fixture("pretty");
    ok!(dir, ["run", "m.map", "doc.json", "--pretty"], "" => "{\n  \"id\": 1,\n  \"name\": \"ab\"\n}\n");
    ok!(dir, ["run", "--pretty", "m.map", "records.ndjson"], "" =>
        "{\n  \"id\": 1,\n  \"name\": \"a\"\n}\n{\n  \"id\": 2,\n  \"name\": \"b\"\n}\n{\n  \"id\": 3,\n  \"name\": \"c\"\n}\n");
}

#[test]
fn output_flag_writes_to_the_file() {
    let dir = fixture("output");
    ok!(dir, ["run", "m.map", "doc.json", "-o", "out.json"], "" => "");
    assert_eq!(read(&dir, "out.json"), "{\"id\":1,\"name\":\"ab\"}\n");
    ok!(dir, ["run", "m.map", "records.ndjson", "--output", "out.ndjson"], "" => "");
    assert_eq!(read(&dir, "out.ndjson"), RECORDS_OUT);
    ok!(dir, ["run", "m.map", "doc.json", "-o", "-"], "" => "{\"id\":1,\"name\":\"ab\"}\n");
}

#[test]
fn an_existing_output_file_is_replaced() {
    let dir = fixture("replace");
    std::fs::write(
        dir.join("out.json"),
        "old content that is longer than the new\n",
    )
    .unwrap();
    ok!(dir, ["run", "m.map", "doc.json", "-o", "out.json"], "" => "");
    assert_eq!(read(&dir, "out.json"), "{\"id\":1,\"name\":\"ab\"}\n");
}

#[test]
fn stdin_is_read_for_dash_and_for_no_input() {
    let dir = fixture("stdin");
    ok!(dir, ["run", "m.map", "-"], PRETTY_DOC => "{\"id\":1,\"name\":\"ab\"}\n");
    ok!(dir, ["run", "m.map"], PRETTY_DOC => "{\"id\":1,\"name\":\"ab\"}\n");
}

#[test]
fn ndjson_is_chosen_by_extension() {
    let dir = fixture("ext");
    for file in ["records.ndjson", "records.jsonl", "upper.JSONL"] {
        ok!(dir, ["run", "m.map", file], "" => RECORDS_OUT);
    }
}

#[test]
fn from_flag_overrides_extension_and_detection() {
    let dir = fixture("from");
    ok!(dir, ["run", "m.map", "records.txt", "--from", "ndjson"], "" => RECORDS_OUT);
    ok!(dir, ["run", "m.map", "records.json", "--from", "ndjson"], "" => RECORDS_OUT);
    ok!(dir, ["run", "--from", "ndjson", "m.map"], RECORDS => RECORDS_OUT);
    // Forced to one document, three lines are one malformed record.
    let (code, out, err) = ferry_in(&dir, &["run", "m.map", "--from", "json"], RECORDS);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("error: record 1: E0406: invalid JSON: trailing characters"),
        "{err}"
    );
}

#[test]
fn a_json_extension_means_one_document() {
    let dir = fixture("json-ext");
    let (code, out, err) = ferry_in(&dir, &["run", "m.map", "records.json"], "");
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("record 1: E0406"), "{err}");
}

#[test]
fn ndjson_is_detected_without_a_name() {
    let dir = fixture("detect");
    ok!(dir, ["run", "m.map"], RECORDS => RECORDS_OUT);
    ok!(dir, ["run", "m.map", "-"], RECORDS => RECORDS_OUT);
    ok!(dir, ["run", "m.map", "records.txt"], "" => RECORDS_OUT);
}

#[test]
fn blank_lines_are_not_records_and_line_endings_may_be_crlf() {
    let dir = fixture("blank");
    let input = "\n{\"id\":1,\"n\":\"A\"}\r\n\n   \n\t\r\n{\"id\":2,\"n\":\"B\"}\r\n\n\n{\"id\":3,\"n\":\"C\"}";
    ok!(dir, ["run", "m.map"], input => RECORDS_OUT);
    std::fs::write(dir.join("blank.ndjson"), input).unwrap();
    ok!(dir, ["run", "m.map", "blank.ndjson"], "" => RECORDS_OUT);
}

#[test]
fn an_empty_ndjson_file_gives_no_output() {
    let dir = files(
        "empty",
        &[
            ("m.map", MAPPING),
            ("empty.ndjson", b""),
            ("blank.ndjson", b"\n \n"),
        ],
    );
    ok!(dir, ["run", "m.map", "empty.ndjson"], "" => "");
    ok!(dir, ["run", "m.map", "blank.ndjson"], "" => "");
}

#[test]
fn each_line_gives_one_output_line_in_order_across_chunks() {
    // More records than one parallel chunk (4096) holds.
    let input: String = (0..10_000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    let expected: String = (0..10_000).map(|i| format!("{}\n", i * 2)).collect();
    let (code, out, err) = ferry(&["run", "-e", "$.n * 2"], input);
    assert_eq!(
        (code, err.as_str()),
        (0, "ferry: 10000 records read, 10000 outputs, 0 failures\n")
    );
    assert!(out == expected, "outputs differ from inputs × 2, in order");
}

#[test]
fn numbers_keep_their_digits() {
    let (code, out, _) = ferry(
        &["run", "-e", "{ p: $.p, big: $.big, t: $.p * 2 }"],
        r#"{"p": 1.10, "big": 123456789012345678901234567890}"#,
    );
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "{\"p\":1.10,\"big\":123456789012345678901234567890,\"t\":2.20}\n"
        )
    );
}

#[test]
fn inline_mapping_reads_a_file_stdin_or_dash() {
    let dir = fixture("inline");
    ok!(dir, ["run", "-e", "{ x: $.id + 1 }", "doc.json"], "" => "{\"x\":2}\n");
    ok!(dir, ["run", "-e", "{ x: $.id + 1 }"], PRETTY_DOC => "{\"x\":2}\n");
    ok!(dir, ["run", "-e", "{ x: $.id + 1 }", "-"], PRETTY_DOC => "{\"x\":2}\n");
    ok!(dir, ["run", "--expr", "$.id", "records.ndjson"], "" => "1\n2\n3\n");
    ok!(dir, ["run", "records.ndjson", "-e", "$.id"], "" => "1\n2\n3\n");
}

#[test]
fn inline_mapping_resolves_imports_from_the_current_directory() {
    let dir = files("inline-use", &[("lib.map", b"fn twice(x) = x * 2\n")]);
    ok!(dir, ["run", "-e", "use \"lib.map\"\ntwice($.n)"], "{\"n\":21}" => "42\n");
}

#[test]
fn imports_are_relative_to_the_mapping_file() {
    let dir = files("use", &[]);
    std::fs::create_dir(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/lib.map"), "fn shout(s) = upper(s)\n").unwrap();
    std::fs::write(
        dir.join("maps/m.map"),
        "use \"lib.map\"\n{ s: shout($.s) }\n",
    )
    .unwrap();
    ok!(dir, ["run", "maps/m.map"], "{\"s\":\"hi\"}" => "{\"s\":\"HI\"}\n");
}

#[test]
fn the_output_may_replace_the_input_file() {
    let dir = fixture("in-place");
    ok!(dir, ["run", "m.map", "records.ndjson", "-o", "records.ndjson"], "" => "");
    assert_eq!(
        read(&dir, "records.ndjson"),
        RECORDS_OUT,
        "the input is read before the output is opened"
    );
}

#[test]
fn pretty_output_goes_to_the_file_too() {
    let dir = fixture("pretty-file");
    ok!(dir, ["run", "m.map", "doc.json", "--pretty", "-o", "out.json"], "" => "");
    assert_eq!(
        read(&dir, "out.json"),
        "{\n  \"id\": 1,\n  \"name\": \"ab\"\n}\n"
    );
}
