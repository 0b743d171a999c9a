//! Re-escaping decoded text: Ferry string literals, RFC 9535 name
//! literals, object keys, member-name shorthands and regex patterns. The
//! AST holds decoded values; each function writes text that the parser
//! decodes back to the same value.

/// The body of a Ferry string literal (without quotes) for a literal part.
/// `$` is escaped where it would open an interpolation, or everywhere
/// with `all_dollars`.
pub(crate) fn ferry_string_body(value: &str, all_dollars: bool, out: &mut String) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' if all_dollars || chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => control(c, out),
        }
    }
}

/// A plain Ferry string literal, quotes included.
pub(crate) fn ferry_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    ferry_string_body(value, false, &mut out);
    out.push('"');
    out
}

/// An RFC 9535 single-quoted string literal, quotes included.
pub(crate) fn rfc_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c => control(c, &mut out),
        }
    }
    out.push('\'');
    out
}

/// Control characters as JSON escapes; anything else as it is.
fn control(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push(c),
    }
}

/// True when `name` can be written `.name` in a path (RFC 9535
/// member-name-shorthand).
pub(crate) fn is_member_name(name: &str) -> bool {
    let first = |c: char| c.is_ascii_alphabetic() || c == '_' || (c as u32) >= 0x80;
    let mut chars = name.chars();
    chars.next().is_some_and(first) && chars.all(|c| first(c) || c.is_ascii_digit())
}

/// True when `name` can be an object key without quotes (any word,
/// keywords included).
pub(crate) fn is_word(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A static object key: a word when it can be one, else a string.
pub(crate) fn object_key(name: &str) -> String {
    if is_word(name) {
        name.to_string()
    } else {
        ferry_string(name)
    }
}

/// A regex pattern `/source/flags`: the parser unescapes `\/`, so every
/// `/` outside an escape pair is escaped again.
pub(crate) fn regex(source: &str, flags: &str) -> String {
    let mut out = String::with_capacity(source.len() + flags.len() + 2);
    out.push('/');
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '/' => out.push_str("\\/"),
            c => out.push(c),
        }
    }
    out.push('/');
    out.push_str(flags);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ferry_strings_escape_quotes_backslashes_controls_and_interpolation() {
        assert_eq!(ferry_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(ferry_string("x\ny\t\u{1}"), r#""x\ny\t\u0001""#);
        assert_eq!(ferry_string("${x} $y $"), r#""\${x} $y $""#);
        assert_eq!(ferry_string("é/ü"), "\"é/ü\"");
    }

    #[test]
    fn rfc_strings_use_single_quotes() {
        assert_eq!(rfc_string("it's"), r"'it\'s'");
        assert_eq!(rfc_string("a\"b"), "'a\"b'");
        assert_eq!(rfc_string("\u{7f}\n"), "'\u{7f}\\n'");
    }

    #[test]
    fn member_names_and_words() {
        assert!(is_member_name("a_1") && is_member_name("ünï") && is_member_name("if"));
        assert!(!is_member_name("1a") && !is_member_name("a-b") && !is_member_name(""));
        assert!(is_word("type") && !is_word("é") && !is_word("a b"));
        assert_eq!(object_key("a b"), "\"a b\"");
    }

    #[test]
    fn regexes_escape_slashes_outside_escape_pairs() {
        assert_eq!(regex("^a/b$", "i"), r"/^a\/b$/i");
        assert_eq!(regex(r"\d+\\", ""), r"/\d+\\/");
    }
}
