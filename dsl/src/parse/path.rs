//! Path segments and selectors (RFC 9535 §2.5), plus Ferry's dynamic
//! `[expr]` selector, which the strict query parser refuses.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{Expr, ExprKind, Segment, Selector};
use crate::codes;
use crate::error::Diagnostic;

/// RFC 9535 §2.1: indexes are I-JSON integers.
const MAX_INDEX: i64 = (1 << 53) - 1;

impl Builder {
    /// `base` with `segments`, or `base` alone when there are none.
    pub(crate) fn path(&self, base: Expr, segments: Vec<Segment>) -> Expr {
        match segments.last() {
            None => base,
            Some(last) => {
                let span = base.span.to(last.span);
                Expr {
                    kind: ExprKind::Path {
                        base: Box::new(base),
                        segments,
                    },
                    span,
                }
            }
        }
    }

    pub(crate) fn segment(&mut self, pair: Pair<'_, Rule>) -> Res<Segment> {
        let pair = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("segment"))?;
        let span = self.span(&pair);
        let descendant = pair.as_rule() == Rule::desc_segment;
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("segment body"))?;
        let selectors = match inner.as_rule() {
            Rule::member_name => vec![Selector::Name(inner.as_str().to_string())],
            Rule::wildcard_sel => vec![Selector::Wildcard],
            _ => self.bracketed(inner)?,
        };
        Ok(Segment {
            descendant,
            selectors,
            span,
        })
    }

    fn bracketed(&mut self, pair: Pair<'_, Rule>) -> Res<Vec<Selector>> {
        let mut selectors = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::dynamic {
                let span = self.span(&p);
                if self.strict {
                    return Err(Diagnostic::error(
                        codes::BAD_QUERY,
                        "not a valid JSONPath selector",
                        span,
                    )
                    .with_label("expected a name, index, slice, `*` or filter")
                    .with_help("selectors are `'name'`, `3`, `1:5`, `*` or `?filter`"));
                }
                let expr = p
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("dynamic"))?;
                selectors.push(Selector::Dynamic(self.expr(expr)?));
            } else {
                selectors.push(self.selector(p)?);
            }
        }
        Ok(selectors)
    }

    fn selector(&mut self, pair: Pair<'_, Rule>) -> Res<Selector> {
        let pair = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("selector"))?;
        Ok(match pair.as_rule() {
            Rule::name_sel => {
                let lit = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("name"))?;
                Selector::Name(self.rfc_string(lit)?)
            }
            Rule::wildcard_sel => Selector::Wildcard,
            Rule::index_sel => Selector::Index(self.int(pair)?),
            Rule::slice_sel => {
                let (mut start, mut end, mut step) = (None, None, None);
                for p in pair.into_inner() {
                    let rule = p.as_rule();
                    let value = Some(self.int(p)?);
                    match rule {
                        Rule::slice_start => start = value,
                        Rule::slice_end => end = value,
                        _ => step = value,
                    }
                }
                Selector::Slice { start, end, step }
            }
            _ => {
                let body = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("filter"))?;
                Selector::Filter(self.filter(body)?)
            }
        })
    }

    /// An integer within ±(2^53-1).
    fn int(&self, pair: Pair<'_, Rule>) -> Res<i64> {
        let span = self.span(&pair);
        pair.as_str()
            .parse::<i64>()
            .ok()
            .filter(|n| (-MAX_INDEX..=MAX_INDEX).contains(n))
            .ok_or_else(|| {
                let code = if self.strict {
                    codes::BAD_QUERY
                } else {
                    codes::BAD_NUMBER
                };
                Diagnostic::error(code, "index out of range", span)
                    .with_label("not within ±(2^53-1)")
                    .with_help(
                        "JSONPath indexes must be between -9007199254740991 and 9007199254740991",
                    )
            })
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::*;
    use crate::span::Span;

    fn segments(q: &str) -> Vec<Segment> {
        let e = crate::parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let ExprKind::Path { segments, .. } = e.kind else {
            panic!()
        };
        segments
    }

    #[test]
    fn selectors() {
        let s = segments("$.a.*['b', \"c\", 0, -1, 1:3, ::2, *]..x..*..[0]");
        assert_eq!(s[0].selectors, vec![Selector::Name("a".into())]);
        assert_eq!(s[1].selectors, vec![Selector::Wildcard]);
        assert_eq!(
            s[2].selectors,
            vec![
                Selector::Name("b".into()),
                Selector::Name("c".into()),
                Selector::Index(0),
                Selector::Index(-1),
                Selector::Slice {
                    start: Some(1),
                    end: Some(3),
                    step: None
                },
                Selector::Slice {
                    start: None,
                    end: None,
                    step: Some(2)
                },
                Selector::Wildcard,
            ]
        );
        assert!(s[3].descendant && s[4].descendant && s[5].descendant);
        assert_eq!(s[0].span, Span::new(1, 3));
    }

    #[test]
    fn strict_queries_refuse_extensions_and_blanks() {
        assert_eq!(crate::parse_query("$").unwrap().kind, ExprKind::Root);
        for q in [
            " $",
            "$ ",
            "$[i]",
            "$.a // c",
            "$[9007199254740992]",
            "$. a",
            "$[01]",
        ] {
            let err = crate::parse_query(q).unwrap_err();
            assert_eq!(err.0[0].code, "E0104", "{q}: {err}");
        }
    }

    #[test]
    fn blanks_between_segments_follow_the_rfc() {
        assert_eq!(segments("$ .a [ 0 , 1 ]").len(), 2);
    }
}
