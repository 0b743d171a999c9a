//! Hostile input: deep nesting of every kind is refused with `E0501`
//! quickly, never a stack overflow; oversized text with `E0502`.

use std::time::{Duration, Instant};

const N: usize = 100_000;

/// Parses with all three entry points and checks each returns an error
/// with `code` (the query parser may report a syntax error instead when
/// the text is not a query at all).
fn rejects(text: &str, code: &str) {
    let start = Instant::now();
    let file = ferry_dsl::parse(text).expect_err("file should be rejected");
    assert!(file.iter().any(|d| d.code == code), "parse: {file}");
    let expr = ferry_dsl::parse_expr(text).expect_err("expression should be rejected");
    assert!(expr.iter().any(|d| d.code == code), "parse_expr: {expr}");
    assert!(ferry_dsl::parse_query(text).is_err());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn deep_parens_are_refused() {
    rejects(&format!("{}1{}", "(".repeat(N), ")".repeat(N)), "E0501");
    rejects(&"(".repeat(N), "E0501");
}

#[test]
fn deep_arrays_and_objects_are_refused() {
    rejects(&"[".repeat(N), "E0501");
    rejects(&"{a:".repeat(N), "E0501");
    rejects(&format!("{}1{}", "{ a: ".repeat(N), "}".repeat(N)), "E0501");
}

#[test]
fn long_prefix_operator_runs_are_refused() {
    rejects(&format!("{}x", "- ".repeat(N)), "E0501");
    rejects(&format!("{}x", "not ".repeat(N)), "E0501");
}

#[test]
fn long_operator_chains_are_refused() {
    rejects(&vec!["1"; N].join(" + "), "E0501");
    rejects(&vec!["x"; N].join(" ?? "), "E0501");
    rejects(&format!("x{}", " | f".repeat(N)), "E0501");
}

#[test]
fn long_keyword_chains_are_refused() {
    rejects(&format!("{}0", "if a then 1 else ".repeat(N)), "E0501");
    rejects(&format!("x + {}x", "let a = 1; ".repeat(N)), "E0501");
    rejects(&format!("map(xs, {}x)", "x -> ".repeat(N)), "E0501");
    rejects(&format!("{}0", "try x else ".repeat(N)), "E0501");
}

#[test]
fn deep_interpolation_is_refused() {
    rejects(&"\"${".repeat(N), "E0501");
    rejects(
        &format!("{}x{}", "\"${".repeat(N), "}\"".repeat(N)),
        "E0501",
    );
}

#[test]
fn deep_filters_are_refused() {
    rejects(&format!("${}", "[?@".repeat(N)), "E0501");
    let filters = format!("${}{}", "[?@".repeat(N), "]".repeat(N));
    let err = ferry_dsl::parse_query(&filters).unwrap_err();
    assert!(err.iter().any(|d| d.code == "E0501"), "{err}");
    let nots = format!("$[?{}@.a]", "!".repeat(N));
    assert!(
        ferry_dsl::parse_expr(&nots)
            .unwrap_err()
            .iter()
            .any(|d| d.code == "E0501")
    );
    assert!(ferry_dsl::parse_query(&nots).is_err());
    let parens = format!("$[?{}@.a{}]", "(".repeat(N), ")".repeat(N));
    assert!(
        ferry_dsl::parse_query(&parens)
            .unwrap_err()
            .iter()
            .any(|d| d.code == "E0501")
    );
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    // 60 parens: the Paren nodes and the literal stay under 128.
    let text = format!("{}1{}", "(".repeat(60), ")".repeat(60));
    assert!(ferry_dsl::parse_expr(&text).is_ok());
    let text = format!("{}1{}", "[".repeat(120), "]".repeat(120));
    assert!(ferry_dsl::parse_expr(&text).is_ok());
    let text = format!("$.a{}", "[?@.b".repeat(40) + &"]".repeat(40));
    assert!(
        ferry_dsl::parse_query(&text).is_ok(),
        "{:?}",
        ferry_dsl::parse_query(&text)
    );
}

#[test]
fn oversized_text_is_refused() {
    let text = " ".repeat(16 * 1024 * 1024 + 1);
    let err = ferry_dsl::parse(&text).unwrap_err();
    assert_eq!(err.0[0].code, "E0502");
}

#[test]
fn odd_bytes_are_errors_not_panics() {
    for text in [
        "\0",
        "\"",
        "\"${",
        "${",
        "\"\\",
        "'",
        "/*",
        "$[",
        "$['",
        "@",
        "\u{feff}$",
        "$[?",
        "match x {",
        "/",
    ] {
        assert!(ferry_dsl::parse(text).is_err(), "{text:?}");
        assert!(ferry_dsl::parse_expr(text).is_err(), "{text:?}");
        assert!(ferry_dsl::parse_query(text).is_err(), "{text:?}");
    }
}
