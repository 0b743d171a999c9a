//! pest errors to diagnostics in human words. pest reports the rules and
//! tokens it expected at the furthest position it reached; this module
//! names them the way an author thinks of them ("an expression", "`)`")
//! and recognises a few common mistakes for a more specific message.

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use crate::codes;
use crate::error::Diagnostic;
use crate::span::Span;

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "match", "for", "in", "let", "fn", "try", "and", "or", "not", "true",
    "false", "null", "use", "table", "skip",
];

/// Words that are keywords only inside test blocks; pest names them as
/// expected tokens there.
const TEST_WORDS: &[&str] = &["test", "given", "expect", "file", "error"];

/// Translates a pest error in a chunk of test blocks. pest places an error
/// after a string at the string's closing quote (it was still trying to
/// extend the string); the furthest attempt is the place to report.
pub(crate) fn from_pest_in_tests(
    err: &pest::error::Error<Rule>,
    text: &str,
    offset: usize,
) -> Diagnostic {
    let attempts = err.parse_attempts();
    let stuck_in_string = matches!(
        &err.variant,
        ErrorVariant::ParsingError { positives, .. }
            if positives.iter().all(|r| matches!(r, Rule::str_text | Rule::str_interp))
    );
    if let Some(attempts) = attempts.filter(|_| stuck_in_string) {
        let pos = attempts.max_position.min(text.len());
        let found = found_token(text[pos..].trim_start());
        let start = pos + (text[pos..].len() - text[pos..].trim_start().len());
        let span = Span::new(offset + start, offset + start + found.len());
        let found_label = describe_found(found);
        let tokens: Vec<String> = attempts
            .expected_tokens()
            .iter()
            .map(ToString::to_string)
            .filter(|t| shown_token(t))
            .map(|t| format!("`{t}`"))
            .collect();
        if let [one] = tokens.as_slice() {
            return Diagnostic::error(
                codes::SYNTAX,
                format!("expected {one}, found {found_label}"),
                span,
            )
            .with_label(format!("expected {one}"))
            .with_help("a test reads `test \"name\" { given <input> expect <output> }`");
        }
    }
    from_pest(err, text, offset, codes::SYNTAX)
}

/// Translates a pest error on `text` (a chunk starting at `offset`).
pub(crate) fn from_pest(
    err: &pest::error::Error<Rule>,
    text: &str,
    offset: usize,
    code: &'static str,
) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let rest = &text[pos..];
    let found = found_token(rest);
    let span = Span::new(offset + pos, offset + pos + found.len());
    let positives: Vec<Rule> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let mut tokens: Vec<String> = err
        .parse_attempts()
        .map(|a| {
            a.expected_tokens()
                .iter()
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    tokens.retain(|t| shown_token(t));

    let found_label = describe_found(found);

    if KEYWORDS.contains(&found) && positives.iter().any(|r| matches!(r, Rule::ident)) {
        return Diagnostic::error(
            code,
            format!("`{found}` is a keyword and cannot be used as a name"),
            span,
        )
        .with_label("keyword")
        .with_help(format!("choose another name, e.g. `{found}_`"));
    }
    let before = text[..pos].trim_end();
    if found != "\"" && ends_with_word(before, "test") && !positives.contains(&Rule::ident) {
        return Diagnostic::error(
            code,
            format!("expected the test's name, found {found_label}"),
            span,
        )
        .with_label("expected a string")
        .with_help("a test reads `test \"name\" { given <input> expect <output> }`");
    }
    if found != "\""
        && ends_with_word(before, "error")
        && ends_with_word(before[..before.len() - 5].trim_end(), "expect")
    {
        return Diagnostic::error(
            code,
            format!("expected the error code as a string, found {found_label}"),
            span,
        )
        .with_label("expected a string")
        .with_help("write the code in quotes: `expect error \"E0404\"`");
    }
    if matches!(found, "<" | "<=" | ">" | ">=" | "==" | "!=") && is_after_comparison(&text[..pos]) {
        return Diagnostic::error(code, "comparison operators cannot be chained", span)
            .with_label("second comparison")
            .with_help("combine two comparisons with `and`, e.g. `a < b and b < c`");
    }
    if tokens.iter().any(|t| t == "else") && !positives.iter().any(|r| is_expression_rule(*r)) {
        return Diagnostic::error(code, format!("expected `else`, found {found_label}"), span)
            .with_label("expected `else`")
            .with_help(
                "`if` needs an `else` branch: `if cond then a else b`, and `try` needs one too",
            );
    }

    let mut expected: Vec<String> = Vec::new();
    let push = |expected: &mut Vec<String>, s: String| {
        if !expected.contains(&s) {
            expected.push(s);
        }
    };
    let wants_expression = positives.iter().any(|r| is_expression_rule(*r));
    if wants_expression {
        push(&mut expected, "an expression".into());
    }
    let has_tokens = tokens.iter().any(|t| !is_operator_token(t) && t != "_");
    for r in &positives {
        let noise = matches!(
            r,
            Rule::cmp_op
                | Rule::f_cmp_op
                | Rule::segment
                | Rule::child_segment
                | Rule::desc_segment
        );
        if noise && (has_tokens || wants_expression) {
            continue;
        }
        if let Some(word) = describe(*r) {
            push(&mut expected, word.to_string());
        }
    }
    let punctuation: Vec<&String> = tokens
        .iter()
        .filter(|t| {
            t.chars().all(|c| !c.is_alphanumeric())
                || KEYWORDS.contains(&t.as_str())
                || TEST_WORDS.contains(&t.as_str())
        })
        .collect();
    if !wants_expression || punctuation.len() <= 4 {
        for t in punctuation {
            if t != "_" && (!is_operator_token(t) || !has_tokens && expected.is_empty()) {
                push(&mut expected, format!("`{t}`"));
            }
        }
    }
    if positives.contains(&Rule::EOI) && expected.len() <= 1 {
        push(&mut expected, "end of input".into());
    }
    let message = match expected.as_slice() {
        [] => format!("unexpected {found_label}"),
        [one] => format!("expected {one}, found {found_label}"),
        [init @ .., last] if init.len() < 5 => format!(
            "expected {} or {last}, found {found_label}",
            init.join(", ")
        ),
        _ => format!("unexpected {found_label}"),
    };
    let label = if wants_expression {
        "expected an expression here".to_string()
    } else {
        format!("unexpected {found_label}")
    };
    let mut d = Diagnostic::error(code, message, span).with_label(label);
    if found == "@" {
        d = d.with_help("`@` is only valid inside a JSONPath filter `[?…]`");
    }
    d
}

/// True for an expected token worth naming to an author: not blank space,
/// a comment opener, an escape, or a character range of the grammar
/// (pest shows `'\u{80}'..'\u{10FFFF}'` as the two characters around `..`).
fn shown_token(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    let range = chars.len() == 4 && chars[1] == '.' && chars[2] == '.';
    !t.trim().is_empty()
        && t != "//"
        && t != "/*"
        && !t.starts_with('\\')
        && !range
        && t.chars().all(|c| c.is_ascii_graphic())
}

/// How a message names the token found: quoted, or by its code point when
/// it would not show (a control, private-use or non-character).
fn describe_found(found: &str) -> String {
    let mut chars = found.chars();
    match (chars.next(), chars.next()) {
        (None, _) => "end of input".to_string(),
        (Some(c), None) if invisible(c) => format!("the character U+{:04X}", c as u32),
        _ => format!("`{found}`"),
    }
}

fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..='\u{10ffff}').contains(&c)
        || (c as u32 & 0xfffe) == 0xfffe
        || c == '\u{feff}'
}

/// A readable description of the token at the start of `rest`.
fn found_token(rest: &str) -> &str {
    let Some(c) = rest.chars().next() else {
        return "";
    };
    if c.is_ascii_alphanumeric() || c == '_' {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        return &rest[..end];
    }
    for op in [
        "==", "!=", "<=", ">=", "=>", "->", "??", "&&", "||", "...", "..", "${",
    ] {
        if rest.starts_with(op) {
            return &rest[..op.len()];
        }
    }
    &rest[..c.len_utf8()]
}

/// True when `text` ends with `word` as a whole word.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        !rest
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// True when the text before an operator ends a comparison at the same
/// level (a rough check, used only to choose the message).
fn is_after_comparison(before: &str) -> bool {
    let mut depth = 0i32;
    for c in before.chars().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth == 0 => return false,
            '(' | '[' | '{' => depth -= 1,
            ',' | ';' if depth == 0 => return false,
            '<' | '>' | '=' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

fn is_operator_token(t: &str) -> bool {
    matches!(
        t,
        "+" | "-"
            | "*"
            | "/"
            | "%"
            | "=="
            | "!="
            | "<"
            | "<="
            | ">"
            | ">="
            | "??"
            | "|"
            | "."
            | ".."
            | "["
            | "&&"
            | "||"
            | "and"
            | "or"
            | "in"
    )
}

fn is_expression_rule(r: Rule) -> bool {
    matches!(
        r,
        Rule::expr
            | Rule::default_expr
            | Rule::or_expr
            | Rule::and_expr
            | Rule::not_expr
            | Rule::cmp_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::neg_expr
            | Rule::postfix
            | Rule::primary
            | Rule::open_primary
            | Rule::number
            | Rule::string
            | Rule::array
            | Rule::object
            | Rule::var
            | Rule::call
            | Rule::paren
            | Rule::skip_expr
    )
}

fn describe(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::ident | Rule::bind_pat | Rule::lambda_params | Rule::params | Rule::pipe_call => {
            "a name"
        }
        Rule::for_clause => "`for`",
        Rule::captures => "`as`",
        Rule::f_var => "a filter expression",
        Rule::item | Rule::let_item | Rule::fn_item | Rule::table_item | Rule::use_item => {
            "a declaration"
        }
        Rule::header => "a header",
        Rule::contract | Rule::contract_side => "`input schema \"…\"` or `output schema \"…\"`",
        Rule::format_decl => "`input format NAME with { … }` or `output format NAME`",
        Rule::obj_entry | Rule::obj_field | Rule::obj_key | Rule::word | Rule::computed_key => {
            "an object field"
        }
        Rule::pattern
        | Rule::pattern_alt
        | Rule::range_pat
        | Rule::literal_pat
        | Rule::wildcard_pat
        | Rule::regex_pat => "a pattern",
        Rule::match_arm => "a match arm",
        Rule::segment | Rule::child_segment | Rule::desc_segment | Rule::member_name => {
            "a path segment"
        }
        Rule::selector
        | Rule::name_sel
        | Rule::index_sel
        | Rule::slice_sel
        | Rule::filter_sel
        | Rule::int => "a selector",
        Rule::f_or
        | Rule::f_and
        | Rule::f_basic
        | Rule::f_atom
        | Rule::f_paren
        | Rule::f_query
        | Rule::f_function => "a filter expression",
        Rule::f_cmp_op | Rule::cmp_op => "a comparison",
        Rule::rfc_string | Rule::dq_inner | Rule::sq_inner => "a string",
        Rule::root => "`$`",
        Rule::regex_body => "a regex",
        Rule::dynamic => "an expression",
        Rule::str_text | Rule::str_interp => "string text or `\"`",
        Rule::kw_test_word => "`test`",
        Rule::kw_given_word => "`given`",
        Rule::kw_expect_word => "`expect`",
        Rule::test_block => "a test block",
        _ => return None,
    })
}

/// Wraps an internal invariant failure as a diagnostic instead of a panic.
pub(crate) fn internal(what: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::SYNTAX,
        format!("internal parser error ({what})"),
        span,
    )
    .with_help("this is a bug in Ferry's parser; please report it with the input")
}

#[cfg(test)]
mod tests {
    use crate::span::Span;

    fn error(text: &str) -> crate::Diagnostic {
        crate::parse(text).unwrap_err().0.remove(0)
    }

    #[test]
    fn typical_mistakes_have_clear_messages() {
        let d = error("if a then b");
        assert_eq!((d.code, d.span), ("E0101", Span::new(11, 11)));
        assert!(d.message.contains("`else`"), "{}", d.message);

        let d = error("f(1, 2");
        assert_eq!(d.message, "expected `)` to close `(` opened here");
        assert_eq!(d.secondary[0].0, Span::new(1, 2));

        let d = error("a < b < c");
        assert_eq!(
            (d.span, d.message.as_str()),
            (Span::new(6, 7), "comparison operators cannot be chained")
        );

        let d = error(r#""a\qb""#);
        assert_eq!((d.code, d.span), ("E0102", Span::new(2, 4)));

        let d = error("x -> x");
        assert_eq!((d.code, d.span), ("E0107", Span::new(0, 6)));

        let d = error("@.a");
        assert_eq!((d.code, d.span), ("E0108", Span::new(0, 1)));

        let d = error("let if = 3\n1");
        assert_eq!(d.span, Span::new(4, 6));
        assert_eq!(d.message, "`if` is a keyword and cannot be used as a name");

        let d = error("{ a: 1 b: 2 }");
        assert_eq!(d.message, "expected `,` or `}`, found `b`");

        let d = error("1 +");
        assert_eq!(d.message, "expected an expression, found end of input");

        let d = error("[for x in $.a]");
        assert_eq!(d.message, "expected `=>`, `for` or `if`, found `]`");

        let d = error("x\u{7}");
        assert!(
            d.message.ends_with("found the character U+0007"),
            "{}",
            d.message
        );
    }
}
