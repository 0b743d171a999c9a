//! Property: no input makes `parse`, `parse_expr` or `parse_query` panic.

use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "$", "@", ".", "..", "[", "]", "(", ")", "{", "}", ",", ":", ";", "?", "*", "'a'", "\"b\"",
    "\"${", "}\"", "0", "-1", "1:2", "?@.a", "==", "<", "&&", "||", "!", "+", "-", "->", "=>", "|",
    "??", "...", "if", "then", "else", "let", "=", "match", "for", "in", "try", "not", "and", "or",
    "fn", "table", "use", "x", "length(", "count(", "/re/i", "_", "..=", " ", "\n", "//c\n", "/*",
    "*/", "\\u", "\0",
];

fn check(text: &str) {
    let _ = ferry_dsl::parse(text);
    let _ = ferry_dsl::parse_expr(text);
    let _ = ferry_dsl::parse_query(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
        check(&text);
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)) {
        check(&tokens.concat());
    }
}
