//! Error recovery: when a file does not parse, it is cut at top-level item
//! boundaries (a line whose first word, at bracket depth 0 outside strings
//! and comments, is `let`; or `fn`, `table`, `use`, `mapping` at any
//! depth, since they cannot occur inside an expression; or `test "` at
//! depth 0, a test block after the body) and each
//! piece is parsed on its own, so that one broken item does not hide the
//! errors of the next.

/// Byte offsets where top-level items start (always includes 0).
pub(crate) fn chunk_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut depth = 0i64;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |k| i + k + 4);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = (depth - 1).max(0),
            _ => {
                if line_start && i > 0 {
                    let word_end = text[i..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(text.len(), |k| i + k);
                    match &text[i..word_end] {
                        "let" if depth == 0 => starts.push(i),
                        // Never inside an expression: an unclosed bracket
                        // before them must not hide later items.
                        "fn" | "table" | "use" | "mapping" => {
                            starts.push(i);
                            depth = 0;
                        }
                        // A test block, unless `test` is a name in the body.
                        "test" if depth == 0 && is_test_block(&text[word_end..]) => starts.push(i),
                        _ => {}
                    }
                }
            }
        }
        line_start = false;
        i += 1;
    }
    starts
}

/// True when the text after the word `test` goes on with its name: `"`.
pub(crate) fn is_test_block(after: &str) -> bool {
    after.trim_start().starts_with('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_at_line_start_and_depth_zero_start_chunks() {
        let text = "let a = 1\nlet b = {\n let c = 2\n}\nfn f() = \"\nlet\"\n  table t = {}";
        let starts = chunk_starts(text);
        assert_eq!(starts, vec![0, 10, 33, 51]);
    }
}
