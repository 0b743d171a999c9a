//! Path segments in their shortest form (`.name` when the name allows it,
//! else `['…']`) and filters in RFC 9535 syntax.

use pest::Parser;

use super::doc::{Doc, cat, render};
use super::expr::plain;
use super::printer::Printer;
use super::text;
use crate::ast::{
    Comparable, ComparableKind, Expr, ExprKind, Filter, FilterArg, FilterKind, Literal, Segment,
    Selector, UnaryOp,
};
use crate::parse::{FerryParser, Rule};

impl Printer<'_> {
    pub(crate) fn segments(&mut self, segments: &[Segment]) -> Doc {
        let mut doc = Doc::Nil;
        for segment in segments {
            let dots = if segment.descendant { ".." } else { "" };
            let shorthand = if segment.descendant { ".." } else { "." };
            doc.push(match segment.selectors.as_slice() {
                [Selector::Name(n)] if text::is_member_name(n) => format!("{shorthand}{n}").into(),
                [Selector::Wildcard] => format!("{shorthand}*").into(),
                [Selector::Dynamic(e)] => cat![dots, self.dynamic(e, segment.span.end as usize)],
                selectors => {
                    let mut inner = Doc::Nil;
                    for (i, s) in selectors.iter().enumerate() {
                        if i > 0 {
                            inner.push(", ".into());
                        }
                        inner.push(self.selector(s));
                    }
                    cat![dots, "[", inner, "]"]
                }
            });
        }
        doc
    }

    fn selector(&mut self, s: &Selector) -> Doc {
        match s {
            Selector::Name(n) => text::rfc_string(n).into(),
            Selector::Wildcard => "*".into(),
            Selector::Index(i) => i.to_string().into(),
            Selector::Slice { start, end, step } => {
                let part = |n: &Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
                let mut s = format!("{}:{}", part(start), part(end));
                if step.is_some() {
                    s.push(':');
                    s.push_str(&part(step));
                }
                s.into()
            }
            Selector::Filter(f) => cat!["?", self.filter(f)],
            Selector::Dynamic(e) => self.dynamic(e, e.span.end as usize),
        }
    }

    /// `[expr]`, written so that it does not read as an RFC selector list
    /// (`[-1]` would be an index, `["a"]` a name).
    ///
    /// Comments between the expression and the closing bracket (`close`,
    /// its end) stay inside the brackets: past them the path is RFC syntax,
    /// where no comment may go.
    fn dynamic(&mut self, e: &Expr, close: usize) -> Doc {
        let doc = match &e.kind {
            // A constant string key is a member name: the same lookup.
            ExprKind::Str(parts) if plain(parts).is_some() => {
                let name = plain(parts).unwrap_or_default();
                let before = self.before(e.span.start as usize);
                return cat![before, "[", text::rfc_string(&name), "]"];
            }
            ExprKind::Str(parts) => {
                let before = self.before(e.span.start as usize);
                cat![before, self.string(parts, true)]
            }
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } if matches!(operand.kind, ExprKind::Number(_)) => {
                let before = self.before(e.span.start as usize);
                cat![before, "- ", self.expr(operand)]
            }
            _ => self.expr(e),
        };
        let flat = render(doc.clone(), usize::MAX);
        let mut doc = if reads_as_selectors(&format!("[{flat}]")) {
            cat!["(", doc, ")"]
        } else {
            doc
        };
        let inside = self.dangling(e.span.end as usize, close.saturating_sub(1));
        if !inside.is_empty() {
            for comment in inside {
                doc.push(Doc::HardLine);
                doc.push(comment);
            }
            doc.push(Doc::HardLine);
        }
        cat!["[", doc, "]"]
    }

    fn filter(&mut self, f: &Filter) -> Doc {
        match &f.kind {
            FilterKind::Or(parts) => self.joined(parts, " || ", |k| matches!(k, FilterKind::Or(_))),
            FilterKind::And(parts) => self.joined(parts, " && ", |k| {
                matches!(k, FilterKind::Or(_) | FilterKind::And(_))
            }),
            FilterKind::Not(inner) => match inner.kind {
                FilterKind::Or(_) | FilterKind::And(_) | FilterKind::Compare { .. } => {
                    cat!["!(", self.filter(inner), ")"]
                }
                _ => cat!["!", self.filter(inner)],
            },
            FilterKind::Paren(inner) => cat!["(", self.filter(inner), ")"],
            FilterKind::Exists(e) => self.expr(e),
            FilterKind::Test(c) => self.comparable(c),
            FilterKind::Compare { op, left, right } => {
                let left = self.comparable(left);
                let right = self.comparable(right);
                cat![left, " ", op.symbol(), " ", right]
            }
        }
    }

    fn joined(&mut self, parts: &[Filter], sep: &str, wrap: impl Fn(&FilterKind) -> bool) -> Doc {
        let mut doc = Doc::Nil;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                doc.push(sep.into());
            }
            let inner = self.filter(part);
            doc.push(if wrap(&part.kind) {
                cat!["(", inner, ")"]
            } else {
                inner
            });
        }
        doc
    }

    fn comparable(&mut self, c: &Comparable) -> Doc {
        match &c.kind {
            ComparableKind::Literal(lit) => match lit {
                Literal::Null => "null".into(),
                Literal::Bool(b) => b.to_string().into(),
                Literal::Number(n) => n.as_str().into(),
                Literal::Str(s) => text::rfc_string(s).into(),
            },
            ComparableKind::Query(e) => self.expr(e),
            ComparableKind::Function { name, args } => {
                let mut doc = Doc::text(format!("{}(", name.name));
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        doc.push(", ".into());
                    }
                    doc.push(match arg {
                        FilterArg::Value(c) => self.comparable(c),
                        FilterArg::Logical(f) => self.filter(f),
                    });
                }
                doc.then(")".into())
            }
            ComparableKind::Var(e) => self.expr(e),
        }
    }
}

/// True when `text` (`[…]`) parses as a list of RFC selectors rather
/// than a dynamic `[expr]`.
fn reads_as_selectors(text: &str) -> bool {
    match FerryParser::parse(Rule::bracketed, text) {
        Ok(mut pairs) => pairs.next().is_some_and(|p| {
            p.as_str().len() == text.len()
                && p.into_inner()
                    .next()
                    .is_some_and(|first| first.as_rule() != Rule::dynamic)
        }),
        Err(_) => false,
    }
}
