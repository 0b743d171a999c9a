//! Finding comments. The AST has none, so the source is scanned for `//`
//! and `/* */` outside string literals, regex patterns and RFC 9535 path
//! segments (where `//` or `/*` is text). Strings are lexed here, with
//! their `${…}` interpolations; regexes and segments, which the lexer
//! cannot tell from division or Ferry strings, are skipped using the spans
//! the parser recorded for them.

use crate::ast::{
    ArrayItem, Expectation, Expr, ExprKind, ForClause, Item, MatchArm, Module, ObjectEntry,
    ObjectKey, Pattern, PatternKind, Selector, StrPart, TableSource, TestData,
};

/// One comment in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    /// Byte offset of `//` or `/*`.
    pub start: usize,
    /// Byte offset after the comment (before the newline of a `//`).
    pub end: usize,
    /// The comment's text: trailing blanks removed, CRLF as LF.
    pub text: String,
    /// `/* … */` rather than `// …`.
    pub block: bool,
}

/// Every comment of `text`, in order. `module` is `text` parsed.
pub(crate) fn comments(text: &str, module: &Module) -> Vec<Comment> {
    let mut opaque = Vec::new();
    collect_module(module, &mut opaque);
    opaque.sort_unstable();
    scan(text, &opaque)
}

#[derive(Clone, Copy)]
enum Context {
    /// Code; the count of `{` opened inside the current interpolation.
    Code(usize),
    /// Inside a string literal.
    Str,
}

fn scan(text: &str, opaque: &[(usize, usize)]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut stack = vec![Context::Code(0)];
    let mut next_opaque = 0;
    let mut i = 0;
    while i < bytes.len() {
        let top = stack.len() - 1;
        match stack[top] {
            Context::Code(depth) => {
                while next_opaque < opaque.len() && opaque[next_opaque].0 < i {
                    next_opaque += 1;
                }
                if let Some(&(start, end)) = opaque.get(next_opaque)
                    && start == i
                {
                    i = end.max(i + 1);
                    continue;
                }
                match (bytes[i], bytes.get(i + 1)) {
                    (b'/', Some(b'/')) => {
                        let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                        let raw = &text[i..end];
                        found.push(Comment {
                            start: i,
                            end,
                            text: raw.trim_end().to_string(),
                            block: false,
                        });
                        i = end;
                        continue;
                    }
                    (b'/', Some(b'*')) => {
                        let end = text[i + 2..]
                            .find("*/")
                            .map_or(text.len(), |n| i + 2 + n + 2);
                        found.push(Comment {
                            start: i,
                            end,
                            text: text[i..end].replace("\r\n", "\n"),
                            block: true,
                        });
                        i = end;
                        continue;
                    }
                    (b'"', _) => stack.push(Context::Str),
                    (b'{', _) => stack[top] = Context::Code(depth + 1),
                    (b'}', _) if depth > 0 => stack[top] = Context::Code(depth - 1),
                    (b'}', _) if top > 0 => {
                        stack.pop();
                    }
                    _ => {}
                }
                i += 1;
            }
            Context::Str => match bytes[i] {
                // Skip the escaped character (a whole UTF-8 sequence: its
                // continuation bytes are never special).
                b'\\' => i += 2,
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    stack.push(Context::Code(0));
                    i += 2;
                }
                _ => i += 1,
            },
        }
    }
    found
}

fn collect_module(module: &Module, out: &mut Vec<(usize, usize)>) {
    for item in &module.items {
        match item {
            Item::Use(_) => {}
            Item::Let(l) => collect(&l.value, out),
            Item::Fn(f) => collect(&f.body, out),
            Item::Table(t) => {
                if let TableSource::Inline(e) = &t.source {
                    collect(e, out);
                }
            }
        }
    }
    if let Some(body) = &module.body {
        collect(body, out);
    }
    for test in &module.tests {
        if let TestData::Inline(e) = &test.given {
            collect(e, out);
        }
        if let Expectation::Output(TestData::Inline(e)) = &test.expect {
            collect(e, out);
        }
    }
}

/// The spans of regex patterns and of path segments without a dynamic
/// selector, inside `expr`.
fn collect(expr: &Expr, out: &mut Vec<(usize, usize)>) {
    match &expr.kind {
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::Root
        | ExprKind::Current
        | ExprKind::Skip
        | ExprKind::Var(_) => {}
        ExprKind::Str(parts) => {
            for part in parts {
                if let StrPart::Interp(e) = part {
                    collect(e, out);
                }
            }
        }
        ExprKind::Array(items) => {
            for item in items {
                match item {
                    ArrayItem::Item(e) | ArrayItem::Spread(e) => collect(e, out),
                }
            }
        }
        ExprKind::Object(entries) => {
            for entry in entries {
                match entry {
                    ObjectEntry::Field { key, value, .. } => {
                        if let ObjectKey::Computed(k) = key {
                            collect(k, out);
                        }
                        collect(value, out);
                    }
                    ObjectEntry::Spread(e) => collect(e, out),
                }
            }
        }
        ExprKind::Path { base, segments } => {
            collect(base, out);
            for segment in segments {
                let dynamic = segment.selectors.iter().find_map(|s| match s {
                    Selector::Dynamic(e) => Some(e),
                    _ => None,
                });
                match dynamic {
                    Some(e) => collect(e, out),
                    None => out.push((segment.span.start as usize, segment.span.end as usize)),
                }
            }
        }
        ExprKind::Call { args, .. } | ExprKind::Pipe { args, .. } => {
            if let ExprKind::Pipe { value, .. } = &expr.kind {
                collect(value, out);
            }
            for a in args {
                collect(a, out);
            }
        }
        ExprKind::Lambda { body, .. } => collect(body, out),
        ExprKind::Unary { operand, .. } => collect(operand, out),
        ExprKind::Binary { left, right, .. } => {
            collect(left, out);
            collect(right, out);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            collect(cond, out);
            collect(then, out);
            collect(otherwise, out);
        }
        ExprKind::Match { value, arms } => {
            collect(value, out);
            for arm in arms {
                collect_arm(arm, out);
            }
        }
        ExprKind::ArrayFor { clauses, body, .. } => {
            collect_clauses(clauses, out);
            collect(body, out);
        }
        ExprKind::ObjectFor {
            clauses,
            key,
            value,
        } => {
            collect_clauses(clauses, out);
            collect(key, out);
            collect(value, out);
        }
        ExprKind::Let { binding, body } => {
            collect(&binding.value, out);
            collect(body, out);
        }
        ExprKind::Try { body, fallback } => {
            collect(body, out);
            collect(fallback, out);
        }
        ExprKind::Paren(e) => collect(e, out),
    }
}

fn collect_clauses(clauses: &[ForClause], out: &mut Vec<(usize, usize)>) {
    for clause in clauses {
        collect(&clause.binding.source, out);
        if let Some(f) = &clause.filter {
            collect(f, out);
        }
    }
}

fn collect_arm(arm: &MatchArm, out: &mut Vec<(usize, usize)>) {
    collect_pattern(&arm.pattern, out);
    if let Some(g) = &arm.guard {
        collect(g, out);
    }
    collect(&arm.body, out);
}

fn collect_pattern(pattern: &Pattern, out: &mut Vec<(usize, usize)>) {
    match &pattern.kind {
        PatternKind::Regex { .. } => {
            out.push((pattern.span.start as usize, pattern.span.end as usize))
        }
        PatternKind::Or(alternatives) => {
            for p in alternatives {
                collect_pattern(p, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        let module = crate::parse(src).unwrap_or_else(|e| panic!("{e}"));
        comments(src, &module).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn line_and_block_comments_are_found() {
        assert_eq!(
            texts("// a\nlet x = 1 /* b */\n{ y: x } // c \n"),
            ["// a", "/* b */", "// c"]
        );
    }

    #[test]
    fn comment_markers_in_strings_regexes_and_segments_are_text() {
        let src = r#"{ a: "// no /* no", b: $['//x'], c: $[?@.u == 'http://x'],
  d: match $.s { /a\/\/b/ => 1, _ => 2 }, e: "${ $.x /* yes */ } // no" }"#;
        assert_eq!(texts(src), ["/* yes */"]);
    }

    #[test]
    fn comments_inside_interpolations_and_dynamic_selectors_are_found() {
        let src = "{ a: \"${ {b: 1 /* one */}.b }\", c: $.m[ // two\n $.k] }";
        assert_eq!(texts(src), ["/* one */", "// two"]);
    }

    #[test]
    fn an_escaped_quote_does_not_end_the_string() {
        assert_eq!(texts(r#"{ a: "\" // no" } // yes"#), ["// yes"]);
    }
}
