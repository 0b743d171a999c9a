//! Where a run-time error says the input went wrong: the JSON Pointer of
//! the value at fault, or, for a value computed from the input, the input
//! values it came from (`derived_from`); `error(code, message, value)` and
//! `required(value, message)`; and date errors in Ferry's own words.

use ferry_engine::projection::Projection;
use ferry_engine::{Mapping, RunError, doc};
use serde_json::{Value, json};

fn fail(src: &str, input: Value) -> RunError {
    let mapping = Mapping::compile_str(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    mapping
        .apply(&input)
        .expect_err("the mapping should fail on this input")
}

/// The same, on the batch path (a record parsed by `doc::parse`).
fn fail_doc(src: &str, input: &str) -> RunError {
    let mapping = Mapping::compile_str(src).unwrap();
    let projection = Projection::of(&mapping);
    let arena = bumpalo::Bump::new();
    let record = doc::parse(input.as_bytes(), projection.keep(), &arena).unwrap();
    let mut out = Vec::new();
    mapping
        .apply_doc_to_json(&record, &mut out, false)
        .expect_err("the mapping should fail on this input")
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const STAMP: &str = r#"{ rows: [for a in $.lines => { at: parse_datetime("${a.date} ${a.time}", "%Y-%m-%d %H:%M") }] }"#;

fn lines() -> Value {
    json!({"lines": [
        {"date": "2024-02-01", "time": "10:00"},
        {"date": "2024-02-30", "time": "10:00"},
    ]})
}

#[test]
fn a_computed_value_names_the_input_values_it_came_from() {
    let error = fail(STAMP, lines());
    assert_eq!(error.info().pointer, None);
    assert_eq!(
        error.info().derived_from,
        strings(&["/lines/1/date", "/lines/1/time"])
    );
    let text = error.to_string();
    assert!(
        text.starts_with("E0404 from /lines/1/date and /lines/1/time: "),
        "{text}"
    );
    let json = error.to_json();
    assert_eq!(
        json["derived_from"],
        json!(["/lines/1/date", "/lines/1/time"])
    );
    assert!(json.get("pointer").is_none());

    // The batch path finds the same places in a parsed record.
    let error = fail_doc(STAMP, &lines().to_string());
    assert_eq!(
        error.info().derived_from,
        strings(&["/lines/1/date", "/lines/1/time"])
    );
}

#[test]
fn a_value_computed_through_lets_and_functions_names_the_paths_it_reads() {
    // `s` holds a computed string: the element is not known any more, the
    // compile-time lineage gives the paths, with `*` for the element.
    let src = "fn stamp(l) = \"${l.date} ${l.time}\"\n\
               { rows: [for a in $.lines => let s = stamp(a); { at: parse_datetime(s, \"%Y-%m-%d %H:%M\") }] }";
    let error = fail(src, lines());
    assert_eq!(error.info().pointer, None);
    assert_eq!(
        error.info().derived_from,
        strings(&["/lines/*/date", "/lines/*/time"])
    );
    assert!(
        error
            .to_string()
            .contains("from /lines/*/date and /lines/*/time"),
        "{error}"
    );
}

#[test]
fn a_value_computed_from_the_record_names_its_paths() {
    let error = fail(
        r#"{ d: parse_date(upper($.d), "%Y-%m-%d") }"#,
        json!({"d": "x"}),
    );
    assert_eq!(error.info().derived_from, strings(&["/d"]));
    // A value read as it is keeps its pointer, and no `derived_from`.
    let error = fail(r#"{ d: parse_date($.d, "%Y-%m-%d") }"#, json!({"d": "x"}));
    assert_eq!(error.info().pointer.as_deref(), Some("/d"));
    assert!(error.info().derived_from.is_empty());
    assert!(error.to_json().get("derived_from").is_none());
}

#[test]
fn a_value_read_from_a_loop_variable_has_its_concrete_pointer() {
    let error = fail(
        r#"[for l in $.lines => parse_date(l.date, "%Y-%m-%d")]"#,
        lines(),
    );
    assert_eq!(error.info().pointer.as_deref(), Some("/lines/1/date"));
}

#[test]
fn error_with_a_value_reports_where_the_value_is() {
    let src = r#"{ n: if $.n < 0 then error("NEG", "n must not be negative", $.n) else $.n }"#;
    let error = fail(src, json!({"n": -1}));
    assert_eq!(error.code(), "NEG");
    assert_eq!(error.info().pointer.as_deref(), Some("/n"));
    assert_eq!(
        error.to_string(),
        "NEG at /n: n must not be negative (<inline>:1:22)"
    );

    // Inside a loop: the element being mapped.
    let src =
        r#"[for l in $.lines => if l.qty > 0 then l.qty else error("QTY", "no quantity", l.qty)]"#;
    let error = fail(src, json!({"lines": [{"qty": 1}, {"qty": 0}]}));
    assert_eq!(error.info().pointer.as_deref(), Some("/lines/1/qty"));

    // A computed value: where it came from.
    let src = r#"error("KEY", "bad key", "${$.a}-${$.b}")"#;
    let error = fail(src, json!({"a": "x", "b": "y"}));
    assert_eq!(error.info().pointer, None);
    assert_eq!(error.info().derived_from, strings(&["/a", "/b"]));

    // Two arguments still raise without a location.
    let error = fail(r#"error("E", "plain")"#, json!({}));
    assert_eq!(error.info().pointer, None);
    assert!(error.info().derived_from.is_empty());
}

#[test]
fn required_fails_where_the_value_should_have_been() {
    let src = r#"{ email: required($.customer.email, "an order needs a customer email") }"#;
    let error = fail(src, json!({"customer": {"name": "Ana"}}));
    assert_eq!(error.code(), "E0411");
    assert_eq!(error.message(), "an order needs a customer email");
    assert_eq!(error.info().pointer.as_deref(), Some("/customer/email"));
    let ok = Mapping::compile_str(src)
        .unwrap()
        .apply(&json!({"customer": {"email": "a@b.c"}}))
        .unwrap();
    assert_eq!(ok, json!({"email": "a@b.c"}));

    let src = r#"[for l in $.lines => required(l.sku, "each line needs a SKU")]"#;
    let input = json!({"lines": [{"sku": "A"}, {"qty": 1}]});
    let error = fail(src, input.clone());
    assert_eq!(error.info().pointer.as_deref(), Some("/lines/1/sku"));
    let error = fail_doc(src, &input.to_string());
    assert_eq!(error.info().pointer.as_deref(), Some("/lines/1/sku"));

    // `try … else` catches it.
    let caught = Mapping::compile_str(r#"try required($.x, "x") else "none""#)
        .unwrap()
        .apply(&json!({}))
        .unwrap();
    assert_eq!(caught, json!("none"));
}

/// Phrases of the date library's own messages: none may reach the author.
const LIBRARY_PHRASES: &[&str] = &[
    "required to parse",
    "failed to",
    "expected to find",
    "expected to match",
    "parameter '",
    "must be in range",
    "is not in the required range",
    "invalid digit",
    "but found",
    "unrecognized specifier",
    "strftime formatting",
    "strptime parsing",
    "no digits found",
    "invalid number",
    "%Y failed",
    "overflowed",
    "jiff",
];

#[test]
fn date_errors_are_in_ferrys_words() {
    let cases: &[(&str, &str)] = &[
        (
            r#"parse_date("31.02.2024", "%d.%m.%Y")"#,
            "February 2024 has 29 days",
        ),
        (
            r#"parse_date("29.02.2023", "%d.%m.%Y")"#,
            "February 2023 has 28 days",
        ),
        (
            r#"parse_date("2024-04-31", "%F")"#,
            "April 2024 has 30 days",
        ),
        (
            r#"parse_date("2024-13-01", "%Y-%m-%d")"#,
            "month 13 is out of range",
        ),
        (r#"parse_date("2024-05-17", "%d.%m.%Y")"#, r#"expected ".""#),
        (
            r#"parse_date("2024-05", "%Y-%m-%d")"#,
            r#"the text ends before the format's "-""#,
        ),
        (
            r#"parse_date("2024-05-", "%Y-%m-%d")"#,
            "the text ends before the format's %d",
        ),
        (
            r#"parse_date("2024-05-17 junk", "%Y-%m-%d")"#,
            r#"unexpected " junk""#,
        ),
        (
            r#"parse_date("x", "%Y")"#,
            r#"expected the year (%Y) at character 1, found "x""#,
        ),
        (
            r#"parse_date("2024-05", "%Y-%m")"#,
            "the format has no full date",
        ),
        (r#"parse_date("2023-366", "%Y-%j")"#, "2023 has 365 days"),
        (
            r#"parse_date("Tue 2024-05-17", "%a %Y-%m-%d")"#,
            "2024-05-17 is a Friday, not a Tuesday",
        ),
        (
            r#"parse_date("Foo 2024", "%b %Y")"#,
            "expected the month name (%b)",
        ),
        (
            r#"parse_date("2024", "%Y %q")"#,
            "%q is not a known directive",
        ),
        (
            r#"parse_datetime("12:61", "%H:%M")"#,
            r#""12:61" does not match "%H:%M": minute 61 is out of range"#,
        ),
        (
            r#"parse_datetime("2024-05-17 24:00", "%Y-%m-%d %H:%M")"#,
            "hour 24 is out of range",
        ),
        (
            r#"parse_datetime("2024-05-17 10:00:75", "%Y-%m-%d %T")"#,
            "second 75 is out of range",
        ),
        (
            r#"parse_datetime("17.05.2024", "%d.%m.%Y %H:%M")"#,
            "the text ends before the format's %H",
        ),
        (
            r#"parse_datetime("14:30", "%H:%M")"#,
            "the format has no full date",
        ),
        (
            r#"parse_datetime("2024-02-30 10:00", "%Y-%m-%d %H:%M")"#,
            "February 2024 has 29 days",
        ),
        (
            r#"parse_datetime("2024-05-17 10:00 PX", "%Y-%m-%d %I:%M %p")"#,
            "expected AM or PM (%p)",
        ),
        (
            r#"parse_datetime("2024-05-17 10:00 0200", "%Y-%m-%d %H:%M %z")"#,
            "expected an offset",
        ),
        (
            r#"parse_datetime("2024-05-17 10:00 Mars/Base", "%Y-%m-%d %H:%M %Q")"#,
            r#"unknown time zone "Mars/Base""#,
        ),
        (
            r#"parse_datetime("x", "%s")"#,
            "expected the epoch seconds (%s)",
        ),
        (
            r#"parse_datetime("17.05.2024", "%d.%m.%Y", "Mars/Base")"#,
            "unknown time zone",
        ),
        (
            r#"format_date("2024-05-17", "%H:%M")"#,
            "%H needs a time of day",
        ),
        (
            r#"format_date("2024-05-17T10:00:00", "%z")"#,
            "%z needs an offset",
        ),
        (
            r#"format_date("17.05.2024", "%Y")"#,
            r#""17.05.2024" is not an ISO date or date-time"#,
        ),
        (
            r#"format_date("2024-02-30", "%Y")"#,
            "February 2024 has 29 days",
        ),
        (
            r#"to_epoch("01/01/2024")"#,
            "is not an ISO date or date-time",
        ),
        (
            r#"to_epoch("2024-05-17T25:00:00Z")"#,
            "hour 25 is out of range",
        ),
        (
            r#"to_epoch("2024-05-17T10:61")"#,
            "minute 61 is out of range",
        ),
        (
            r#"to_epoch("2024-05-17X10:00")"#,
            r#"unexpected "X10:00" after the date"#,
        ),
        (
            r#"to_epoch("2024-01-01T10:00:00+01:00[Mars/Base]")"#,
            "unknown time zone",
        ),
        (r#"to_epoch("2024-01-01", "days")"#, "unknown epoch unit"),
        (
            r#"to_timezone("yesterday", "UTC")"#,
            "is not an ISO date or date-time",
        ),
        (
            r#"to_timezone("2024-01-01T12:00:00Z", "Berlin")"#,
            "unknown time zone",
        ),
        (
            r#"date_diff("2024-05-17", "soon", "days")"#,
            r#""soon" is not an ISO date"#,
        ),
        (
            r#"date_diff("2024-05-17", "2024-06-31", "days")"#,
            "June 2024 has 30 days",
        ),
        (
            r#"date_add("9999-12-01", 2, "months")"#,
            "adding 2 months gives a date out of range",
        ),
        (
            r#"date_add("2024-05-17", 3, "hours")"#,
            "a date has no time of day",
        ),
        (r#"date_add("2024-05-17", 1, "fortnights")"#, "unknown unit"),
        (
            r#"date_add("2024-05-17T10:00:00Z", 9223372036854775807, "seconds")"#,
            "out of range",
        ),
        (
            "from_epoch(999999999999999)",
            "the epoch time 999999999999999 seconds is out of range",
        ),
        ("from_epoch(1.5)", "whole number"),
        (
            "to_epoch(99999999999999)",
            "epoch seconds 99999999999999 are out of range",
        ),
    ];
    let mut wrong = Vec::new();
    for (call, expected) in cases {
        let error = fail(&format!("{{ x: {call} }}"), json!({}));
        let message = error.message();
        if !message.contains(expected) {
            wrong.push(format!("{call}: {message:?} lacks {expected:?}"));
        }
        for phrase in LIBRARY_PHRASES {
            if message.contains(phrase) {
                wrong.push(format!("{call}: {message:?} has the library's {phrase:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_date_error_leaks_the_library_wording_over_many_inputs() {
    let texts = [
        "",
        "x",
        "2024",
        "2024-",
        "2024-1",
        "2024-13-01",
        "2024-00-10",
        "2024-02-30",
        "2024-02-29T24:00",
        "2024-05-17T10:60:00",
        "2024-05-17T10:00:00+25:00",
        "2024-05-17 10:00",
        "17/05/2024",
        "99999-01-01",
        "-2024-01-01",
        "2024-05-17T",
        "2024-05-17T10",
        "2024-05-17Tx",
        "2024-05-17T10:00:00[]",
        "2024-05-17T10:00:00[x]",
        "10:00",
        "Mon",
        "PM",
        "+02:00",
        "1e5",
        "2024-05-17T10:00:00.1234567891Z",
    ];
    let formats = [
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%Y-%m-%d %H:%M",
        "%H:%M",
        "%F %T",
        "%s",
        "%Y-%m-%dT%H:%M:%S%:z",
        "%Y-%m-%d %H:%M %Q",
        "%d/%m/%Y %I:%M %p",
        "%b %d %Y",
        "%A %Y-%m-%d",
        "%Y-%j",
        "%",
        "%Y %q",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ];
    let mut calls = Vec::new();
    for t in texts {
        for f in formats {
            calls.push(format!("parse_date({t:?}, {f:?})"));
            calls.push(format!("parse_datetime({t:?}, {f:?})"));
            calls.push(format!("format_date(\"2024-05-17\", {f:?})"));
        }
        calls.push(format!("to_epoch({t:?})"));
        calls.push(format!("to_timezone({t:?}, \"UTC\")"));
        calls.push(format!("date_add({t:?}, 1, \"days\")"));
        calls.push(format!("date_diff({t:?}, \"2024-01-01\", \"days\")"));
        calls.push(format!("format_date({t:?}, \"%Y\")"));
    }
    let mut leaks = Vec::new();
    for call in &calls {
        let mapping = Mapping::compile_str(&format!("{{ x: {call} }}")).unwrap();
        if let Err(error) = mapping.apply(&json!({})) {
            for phrase in LIBRARY_PHRASES {
                if error.message().contains(phrase) {
                    leaks.push(format!("{call}: {}", error.message()));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
