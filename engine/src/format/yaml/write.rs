//! Writing outputs as YAML documents, each starting with `---`.
//!
//! A small emitter of our own rather than serde-saphyr's serializer, for
//! control over exactly what reads back as what: block style, numbers by
//! their JSON text, `{}` and `[]` for empty containers, multi-line text as
//! `|` literals where that reads back exactly, and strings quoted (double
//! quotes, JSON-like escapes) wherever a YAML 1.2 *or* 1.1 reader could
//! take them for something else (`"yes"`, `"NO"`, `"123"`, `"null"`, `""`).
//! JSON → YAML → JSON (by this module's reader) is the identity.

use std::fmt::Write as _;

use serde_json::Value;

use crate::error::RunError;
use crate::format::codec::Encoder;

/// Spaces per nesting level.
const INDENT: usize = 2;

/// Keys longer than this (as written) use the explicit `? key` form: YAML
/// limits an implicit key to 1024 characters.
const MAX_IMPLICIT_KEY: usize = 512;

/// Writes each output as one YAML document.
pub(super) struct YamlEncoder;

impl Encoder for YamlEncoder {
    fn record(&self, value: &Value, out: &mut Vec<u8>) -> Result<(), RunError> {
        out.extend_from_slice(document(value).as_bytes());
        Ok(())
    }
}

/// `value` as a YAML document: `---`, then the value, ending in a line
/// break.
pub(super) fn document(value: &Value) -> String {
    let mut out = String::from("---");
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(map, 0, &mut out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(items, 0, &mut out);
        }
        Value::String(s) => {
            // At the top a block scalar's indentation is awkward to get
            // right for every reader; quoting is always exact.
            out.push(' ');
            if plain_safe(s) {
                out.push_str(s);
            } else {
                double_quoted(s, &mut out);
            }
            out.push('\n');
        }
        scalar => {
            out.push(' ');
            inline(scalar, &mut out);
            out.push('\n');
        }
    }
    out
}

/// The entries of a non-empty mapping, each on its own line at `indent`.
fn mapping(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a mapping in a sequence item follows its `- `.
        if i > 0 || !out.ends_with("- ") {
            pad(indent, out);
        }
        let start = out.len();
        if plain_safe(key) {
            out.push_str(key);
        } else {
            double_quoted(key, out);
        }
        if out.len() - start > MAX_IMPLICIT_KEY {
            out.insert_str(start, "? ");
            out.push('\n');
            pad(indent, out);
        }
        out.push(':');
        after_indicator(value, indent, out);
    }
}

/// The items of a non-empty sequence, each `- ` at `indent`.
fn sequence(items: &[Value], indent: usize, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(indent, out);
        }
        out.push('-');
        match item {
            // Compact: the nested collection's first line follows the `- `.
            Value::Object(map) if !map.is_empty() => {
                out.push(' ');
                mapping(map, indent + INDENT, out);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push(' ');
                sequence(inner, indent + INDENT, out);
            }
            _ => after_indicator(item, indent, out),
        }
    }
}

/// A value after a `key:` or `-` at `indent`: a scalar on the same line,
/// a collection on the lines below, more indented.
fn after_indicator(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(map, indent + INDENT, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(items, indent + INDENT, out);
        }
        Value::String(s) if literal_safe(s) => {
            out.push(' ');
            literal(s, indent + INDENT, out);
        }
        scalar => {
            out.push(' ');
            inline(scalar, out);
            out.push('\n');
        }
    }
}

/// A scalar, or an empty collection, on one line.
fn inline(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // With arbitrary precision the number's text is its JSON text,
        // which is also a YAML 1.2 core number.
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) if plain_safe(s) => out.push_str(s),
        Value::String(s) => double_quoted(s, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A `|` block: `|` keeps one final line break, `|-` none, `|+` all.
fn literal(s: &str, indent: usize, out: &mut String) {
    let body = s.strip_suffix('\n').unwrap_or(s);
    out.push('|');
    if !s.ends_with('\n') {
        out.push('-');
    } else if body.ends_with('\n') {
        out.push('+');
    }
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            pad(indent, out);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Whether `s` reads back exactly as a `|` block: it has several lines,
/// its first line starts with a visible character (so the indentation is
/// found from it), and it holds nothing a block cannot (other line breaks,
/// control characters).
fn literal_safe(s: &str) -> bool {
    s.contains('\n')
        && s.chars().next().is_some_and(|c| !c.is_whitespace())
        && s.chars().all(|c| c == '\n' || c == '\t' || printable(c))
}

/// Characters YAML takes as they are (no line breaks, no control
/// characters, no byte-order mark).
fn printable(c: char) -> bool {
    !c.is_control()
        && !matches!(
            c,
            '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether `s` can be written unquoted and read back as the same string
/// by a YAML 1.2 or 1.1 reader.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().next_back().unwrap_or(first);
    if first.is_whitespace() || last.is_whitespace() || last == ':' {
        return false;
    }
    // Indicators that mean something at the start of a scalar.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if !s.chars().all(printable)
        || s.contains(": ")
        || s.contains(":\t")
        || s.contains(" #")
        || s.contains("\t#")
    {
        return false;
    }
    !resolves_to_non_string(s)
}

/// Whether a plain `s` could read as null, a boolean, a number (or a
/// date, a sexagesimal, a merge key) in YAML 1.2 core or YAML 1.1.
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        "<<", "=",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let bytes = s.as_bytes();
    let unsigned = match bytes[0] {
        b'+' | b'-' => &bytes[1..],
        _ => bytes,
    };
    match unsigned {
        [d, ..] if d.is_ascii_digit() => true,
        [b'.', d, ..] if d.is_ascii_digit() => true,
        [b'.', rest @ ..] => {
            let rest = String::from_utf8_lossy(rest).to_ascii_lowercase();
            rest == "inf" || rest == "nan"
        }
        _ => false,
    }
}

/// `s` in double quotes, escaped as YAML reads it back exactly.
fn double_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xff => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_quoted_where_they_would_read_as_something_else() {
        let v = json!({
            "yes": "yes", "no": "NO", "num": "123", "t": "true", "n": "null", "empty": "",
            "space": " x", "colon": "a: b", "hash": "a #b", "dash": "-x", "star": "*x",
            "pct": "%x", "plain": "hello world", "url": "http://x.org/a#b", "dot": ".5",
            "inf": ".inf", "date": "2024-01-01",
        });
        let yaml = document(&v);
        for quoted in [
            "\"yes\":",
            "\"no\":",
            "\"yes\"",
            "\"NO\"",
            "\"123\"",
            "\"true\"",
            "\"null\"",
            "\"\"",
            "\" x\"",
            "\"a: b\"",
            "\"a #b\"",
            "\"-x\"",
            "\"*x\"",
            "\"%x\"",
            "\".5\"",
            "\".inf\"",
            "\"2024-01-01\"",
        ] {
            assert!(yaml.contains(quoted), "{quoted} in\n{yaml}");
        }
        assert!(yaml.contains("plain: hello world\n"), "{yaml}");
        assert!(yaml.contains("url: http://x.org/a#b\n"), "{yaml}");
    }

    #[test]
    fn layout_is_block_style_with_empty_collections_inline() {
        let v: Value = serde_json::from_str(
            r#"{"a": {"b": [1, {"c": "x", "d": []}, [2, 3]], "e": {}}, "f": 1.50}"#,
        )
        .unwrap();
        assert_eq!(
            document(&v),
            "---\na:\n  b:\n    - 1\n    - c: x\n      d: []\n    - - 2\n      - 3\n  e: {}\nf: 1.50\n"
        );
        assert_eq!(document(&json!([])), "--- []\n");
        assert_eq!(document(&json!("yes")), "--- \"yes\"\n");
        assert_eq!(document(&json!(null)), "--- null\n");
    }

    #[test]
    fn long_keys_use_the_explicit_form_and_read_back() {
        let key = "k".repeat(MAX_IMPLICIT_KEY + 1);
        let v = json!([{ key.clone(): {"a": 1}, "b": 2 }, { "c": { key.clone(): "x" } }]);
        let yaml = document(&v);
        assert!(
            yaml.starts_with(&format!("---\n- ? {key}\n  :\n")),
            "{yaml}"
        );
        let back = super::super::read::parse_document(yaml.as_bytes(), 1).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        let v = json!({"clip": "a\nb\n", "strip": "a\n  b", "keep": "a\n\n", "lead": " a\nb"});
        assert_eq!(
            document(&v),
            "---\nclip: |\n  a\n  b\nstrip: |-\n  a\n    b\nkeep: |+\n  a\n\nlead: \" a\\nb\"\n"
        );
    }
}
