//! Decoding string literals: Ferry strings (`"…"` with `\$` and raw
//! control characters allowed) and strict RFC 9535 string literals. The
//! grammar only finds where a literal ends; escapes are checked here so
//! that a bad one gets its own code (`E0102`) and the escape's exact span.

use crate::codes;
use crate::error::Diagnostic;
use crate::span::Span;

/// Which escapes a literal accepts besides the shared JSON set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Ferry: `\"` and `\$`.
    Ferry,
    /// RFC 9535, double-quoted: `\"`.
    RfcDouble,
    /// RFC 9535, single-quoted: `\'`.
    RfcSingle,
}

/// Decodes `raw` (the text between the quotes, or one chunk of it);
/// `base` is the absolute byte offset of `raw` for error spans.
pub(crate) fn decode(raw: &str, base: usize, dialect: Dialect) -> Result<String, Diagnostic> {
    if !raw.contains('\\') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else {
            return Err(bad_escape(
                base + i,
                base + i + 1,
                "a `\\` must be followed by an escape",
            ));
        };
        let end = j + e.len_utf8();
        match e {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '/' => out.push('/'),
            '\\' => out.push('\\'),
            '"' if dialect != Dialect::RfcSingle => out.push('"'),
            '\'' if dialect == Dialect::RfcSingle => out.push('\''),
            '$' if dialect == Dialect::Ferry => out.push('$'),
            'u' => {
                let (code, after) = hex4(raw, end).ok_or_else(|| {
                    bad_escape(
                        base + i,
                        base + end,
                        "`\\u` must be followed by four hex digits",
                    )
                })?;
                let ch = match code {
                    0xD800..=0xDBFF => {
                        let low = raw
                            .get(after..)
                            .filter(|rest| rest.starts_with("\\u"))
                            .and_then(|_| hex4(raw, after + 2))
                            .filter(|(low, _)| (0xDC00..=0xDFFF).contains(low));
                        let Some((low, after_low)) = low else {
                            return Err(bad_escape(
                                base + i,
                                base + after,
                                "a high surrogate must be followed by a `\\uDC00`-`\\uDFFF` low surrogate",
                            ));
                        };
                        while chars.peek().is_some_and(|&(k, _)| k < after_low) {
                            chars.next();
                        }
                        char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                    }
                    0xDC00..=0xDFFF => {
                        return Err(bad_escape(
                            base + i,
                            base + after,
                            "a low surrogate must follow a high surrogate",
                        ));
                    }
                    _ => {
                        while chars.peek().is_some_and(|&(k, _)| k < after) {
                            chars.next();
                        }
                        char::from_u32(code)
                    }
                };
                // Non-surrogate code points and valid pairs are always chars.
                out.push(ch.unwrap_or('\u{FFFD}'));
            }
            other => {
                return Err(bad_escape(
                    base + i,
                    base + end,
                    format!("`\\{other}` is not a valid escape"),
                ));
            }
        }
    }
    Ok(out)
}

/// Four hex digits at `at`: their value and the offset after them.
fn hex4(raw: &str, at: usize) -> Option<(u32, usize)> {
    let digits = raw.get(at..at + 4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((u32::from_str_radix(digits, 16).ok()?, at + 4))
}

fn bad_escape(start: usize, end: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(codes::BAD_ESCAPE, message, Span::new(start, end))
        .with_label("invalid escape")
        .with_help(r#"valid escapes are \" \\ \/ \b \f \n \r \t \uXXXX and \$"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_copied() {
        assert_eq!(decode("abc", 0, Dialect::Ferry).unwrap(), "abc");
    }

    #[test]
    fn json_escapes_and_dollar_are_decoded() {
        let s = decode(r#"a\n\t\"\\\/\$\u00e9"#, 0, Dialect::Ferry).unwrap();
        assert_eq!(s, "a\n\t\"\\/$é");
    }

    #[test]
    fn surrogate_pairs_combine() {
        assert_eq!(decode(r"\uD834\uDD1E", 0, Dialect::RfcDouble).unwrap(), "𝄞");
    }

    #[test]
    fn lone_surrogate_is_reported_with_its_span() {
        let err = decode(r"ab\uD800x", 10, Dialect::Ferry).unwrap_err();
        assert_eq!(err.code, "E0102");
        assert_eq!(err.span, Span::new(12, 18));
    }

    #[test]
    fn unknown_escape_is_reported() {
        let err = decode(r"a\qb", 0, Dialect::Ferry).unwrap_err();
        assert_eq!(err.span, Span::new(1, 3));
        assert!(err.message.contains(r"\q"));
    }

    #[test]
    fn quote_escapes_depend_on_dialect() {
        assert_eq!(decode(r"\'", 0, Dialect::RfcSingle).unwrap(), "'");
        assert!(decode(r"\'", 0, Dialect::RfcDouble).is_err());
        assert!(decode(r"\$", 0, Dialect::RfcDouble).is_err());
    }
}
