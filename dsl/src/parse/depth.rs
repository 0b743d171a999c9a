//! The nesting guard. pest recurses once per nested bracket or keyword
//! construct and has no depth limit, so before pest runs, a cheap lexical
//! pre-scan measures an upper bound of that nesting: open brackets (and
//! `${` in strings) plus right-open constructs (`if`, `let`, `try`, `->`)
//! that only a `,` or a closing bracket ends. Over `max_depth`, the text is
//! rejected with `E0501` before pest sees it. The scan also finds the first
//! unbalanced bracket, which gives a better message than pest's.
//!
//! Prefix operators (`-`, `not`, `!`) are repetitions in the grammar and are
//! counted by the builder instead; the final AST depth is checked by
//! `validate.rs`.

use crate::codes;
use crate::error::Diagnostic;
use crate::span::Span;

/// What the scan found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// First unbalanced bracket or unterminated literal, if any.
    pub bracket_problem: Option<Diagnostic>,
}

/// The `E0501` diagnostic.
pub(crate) fn too_deep(span: Span, limit: usize) -> Diagnostic {
    Diagnostic::error(
        codes::TOO_DEEP,
        format!("nesting deeper than {limit}"),
        span,
    )
    .with_label("nested too deeply")
    .with_help("split the expression into smaller parts with `let`")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Top,
    Paren,
    Bracket,
    Brace,
    Interp,
}

#[derive(Debug)]
struct Frame {
    open: Open,
    at: usize,
    keywords: usize,
    /// Operator tokens since the last `,` or `;`: a bound on the length
    /// of an operator chain, which the builder folds into nested nodes.
    operators: usize,
}

/// The previous significant token, to tell a regex `/…/` from a division
/// and a top-level `let` item from a local `let`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    Operand,
    Semicolon,
    Operator,
}

/// Scans `text`; `items` is true when the text is a whole file, where a
/// `let` at top level starting after a complete expression is an item (not
/// nested). Errs with `E0501` as soon as the bound exceeds `limit`.
pub(crate) fn prescan(text: &str, items: bool, limit: usize) -> Result<Scan, Diagnostic> {
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    let mut frames = vec![Frame {
        open: Open::Top,
        at: 0,
        keywords: 0,
        operators: 0,
    }];
    let mut keyword_total = 0usize;
    let mut prev = Prev::Start;
    let mut let_chain = false;
    let mut in_string: Option<usize> = None;
    let mut i = 0;
    let problem = |scan: &mut Scan, d: Diagnostic| {
        if scan.bracket_problem.is_none() {
            scan.bracket_problem = Some(d);
        }
    };
    let check = |frames: &Vec<Frame>, keywords: usize, at: usize| {
        if frames.len() - 1 + keywords > limit {
            Err(too_deep(Span::new(at, at + 1), limit))
        } else {
            Ok(())
        }
    };
    while i < bytes.len() {
        if let Some(start) = in_string {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    in_string = None;
                    prev = Prev::Operand;
                    i += 1;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    frames.push(Frame {
                        open: Open::Interp,
                        at: i,
                        keywords: 0,
                        operators: 0,
                    });
                    check(&frames, keyword_total, i)?;
                    in_string = None;
                    prev = Prev::Operator;
                    i += 2;
                    // Remember where the string began, for an unterminated one.
                    let _ = start;
                }
                _ => i += 1,
            }
            continue;
        }
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(k) => i += k + 4,
                None => {
                    let d = Diagnostic::error(
                        codes::SYNTAX,
                        "unterminated block comment",
                        Span::new(i, i + 2),
                    )
                    .with_label("comment starts here")
                    .with_help("close it with `*/`");
                    problem(&mut scan, d);
                    i = bytes.len();
                }
            },
            b'/' if prev != Prev::Operand => {
                // A regex pattern: up to the next unescaped `/` on the line.
                i += 1;
                while i < bytes.len() && bytes[i] != b'/' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' && bytes.get(i + 1) != Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                i += 1;
                prev = Prev::Operand;
            }
            b'"' => {
                in_string = Some(i);
                i += 1;
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                prev = Prev::Operand;
            }
            b'(' | b'[' | b'{' => {
                let open = match b {
                    b'(' => Open::Paren,
                    b'[' => Open::Bracket,
                    _ => Open::Brace,
                };
                frames.push(Frame {
                    open,
                    at: i,
                    keywords: 0,
                    operators: 0,
                });
                check(&frames, keyword_total, i)?;
                prev = Prev::Operator;
                i += 1;
            }
            b')' | b']' | b'}' => {
                let top = frames.last().map_or(Open::Top, |f| f.open);
                let fits = matches!(
                    (top, b),
                    (Open::Paren, b')')
                        | (Open::Bracket, b']')
                        | (Open::Brace | Open::Interp, b'}')
                );
                if fits {
                    if let Some(f) = frames.pop() {
                        keyword_total -= f.keywords;
                    }
                    if top == Open::Interp {
                        in_string = Some(i);
                    }
                } else if top == Open::Top {
                    let d = Diagnostic::error(
                        codes::SYNTAX,
                        format!("unexpected `{}`", b as char),
                        Span::new(i, i + 1),
                    )
                    .with_label("nothing to close here");
                    problem(&mut scan, d);
                } else if let Some(f) = frames.last() {
                    problem(&mut scan, unclosed(f, Span::new(i, i + 1)));
                    // Pop anyway so one mistake gives one message.
                    if f.open != Open::Interp {
                        let f = frames.pop();
                        keyword_total -= f.map_or(0, |f| f.keywords);
                    }
                }
                prev = Prev::Operand;
                i += 1;
            }
            b',' => {
                if let Some(f) = frames.last_mut() {
                    keyword_total -= f.keywords;
                    f.keywords = 0;
                    f.operators = 0;
                }
                prev = Prev::Operator;
                i += 1;
            }
            b';' => {
                if let Some(f) = frames.last_mut() {
                    f.operators = 0;
                }
                prev = Prev::Semicolon;
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'>') => {
                count_keyword(&mut frames, &mut keyword_total);
                check(&frames, keyword_total, i)?;
                prev = Prev::Operator;
                i += 2;
            }
            b'$' | b'@' | b'.' => {
                // `$`/`@` are operands; `.x` continues one.
                prev = Prev::Operand;
                i += 1;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                let top_level = frames.len() == 1;
                match word {
                    "fn" | "table" | "use" if items && top_level => {
                        reset_top(&mut frames, &mut keyword_total);
                        let_chain = false;
                    }
                    "let" if items && top_level => {
                        let nested =
                            prev == Prev::Operator || (prev == Prev::Semicolon && let_chain);
                        if nested {
                            let_chain = true;
                            count_keyword(&mut frames, &mut keyword_total);
                            check(&frames, keyword_total, start)?;
                        } else {
                            reset_top(&mut frames, &mut keyword_total);
                            let_chain = false;
                        }
                    }
                    "if" | "let" | "try" => {
                        count_keyword(&mut frames, &mut keyword_total);
                        check(&frames, keyword_total, start)?;
                    }
                    _ => {}
                }
                if matches!(word, "and" | "or" | "not" | "in") {
                    count_operator(&mut frames, start, limit)?;
                }
                prev = match word {
                    "if" | "then" | "else" | "match" | "for" | "in" | "let" | "fn" | "try"
                    | "and" | "or" | "not" | "use" | "table" => Prev::Operator,
                    _ => Prev::Operand,
                };
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'!' | b'<' | b'>' | b'=' | b'?' | b'|' | b'&' => {
                count_operator(&mut frames, i, limit)?;
                while i < bytes.len()
                    && b"+-*/%!<>=?|&".contains(&bytes[i])
                    && !bytes[i..].starts_with(b"//")
                {
                    i += 1;
                }
                prev = Prev::Operator;
            }
            _ => {
                prev = Prev::Operator;
                i += 1;
            }
        }
    }
    if let Some(start) = in_string {
        let d = Diagnostic::error(
            codes::SYNTAX,
            "unterminated string",
            Span::new(start, start + 1),
        )
        .with_label("string starts here")
        .with_help("close it with `\"`");
        problem(&mut scan, d);
    } else if let Some(f) = frames.last().filter(|f| f.open != Open::Top) {
        problem(&mut scan, unclosed(f, Span::new(text.len(), text.len())));
    }
    Ok(scan)
}

fn count_keyword(frames: &mut [Frame], total: &mut usize) {
    if let Some(f) = frames.last_mut() {
        f.keywords += 1;
        *total += 1;
    }
}

/// Operator chains longer than this many times `limit` cannot fold into
/// a tree within `limit` levels; refusing them here keeps pest from
/// spending time on hostile input.
const OPERATORS_PER_LEVEL: usize = 8;

fn count_operator(frames: &mut [Frame], at: usize, limit: usize) -> Result<(), Diagnostic> {
    if let Some(f) = frames.last_mut() {
        f.operators += 1;
        if f.operators > OPERATORS_PER_LEVEL * limit {
            return Err(too_deep(Span::new(at, at + 1), limit));
        }
    }
    Ok(())
}

fn reset_top(frames: &mut [Frame], total: &mut usize) {
    if let Some(f) = frames.first_mut() {
        *total -= f.keywords;
        f.keywords = 0;
    }
}

fn unclosed(frame: &Frame, at: Span) -> Diagnostic {
    let (open, close) = match frame.open {
        Open::Paren => ("(", ")"),
        Open::Bracket => ("[", "]"),
        Open::Interp => ("${", "}"),
        _ => ("{", "}"),
    };
    let open_span = Span::new(frame.at, frame.at + open.len());
    Diagnostic::error(
        codes::SYNTAX,
        format!("expected `{close}` to close `{open}` opened here"),
        at,
    )
    .with_label(format!("expected `{close}`"))
    .with_secondary(open_span, format!("`{open}` opened here"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_text_has_no_problem() {
        let scan = prescan("{ a: f(1, [2]), b: \"x${y}\" }", false, 128).unwrap();
        assert!(scan.bracket_problem.is_none());
    }

    #[test]
    fn unclosed_paren_points_at_end_and_opener() {
        let scan = prescan("f(1, 2", false, 128).unwrap();
        let d = scan.bracket_problem.unwrap();
        assert_eq!(d.message, "expected `)` to close `(` opened here");
        assert_eq!(d.span, Span::new(6, 6));
        assert_eq!(d.secondary[0].0, Span::new(1, 2));
    }

    #[test]
    fn deep_brackets_are_rejected_early() {
        let text = "(".repeat(100_000);
        assert_eq!(prescan(&text, false, 128).unwrap_err().code, "E0501");
    }

    #[test]
    fn keyword_chains_count_until_a_comma() {
        let chain = "if a then 1 else ".repeat(200) + "2";
        assert!(prescan(&chain, false, 128).is_err());
        let list = format!("[{}]", vec!["if a then 1 else 2"; 300].join(", "));
        assert!(prescan(&list, false, 128).is_ok());
    }

    #[test]
    fn top_level_let_items_do_not_nest() {
        let items = "let a = if x then 1 else 2\n".repeat(500);
        assert!(prescan(&items, true, 128).is_ok());
        let local = "x + ".to_string() + &"let a = 1;\n".repeat(500) + "a";
        assert!(prescan(&local, true, 128).is_err());
        assert!(prescan(&"let a = 1; ".repeat(500), false, 128).is_err());
    }

    #[test]
    fn brackets_in_strings_regexes_and_comments_are_ignored() {
        let text = "match x { /[(]/ => \"((\", _ => 1 } // ((\n/* [[ */";
        assert!(prescan(text, false, 128).unwrap().bracket_problem.is_none());
    }
}
