//! `match` expressions and their patterns.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{Expr, ExprKind, MatchArm, Pattern, PatternKind};
use crate::codes;
use crate::error::Diagnostic;

impl Builder {
    pub(crate) fn match_expr(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let value = inner.next().ok_or_else(|| self.internal("match value"))?;
        let value = Box::new(self.expr(value)?);
        let arms = inner.map(|arm| self.match_arm(arm)).collect::<Res<_>>()?;
        Ok(Expr {
            kind: ExprKind::Match { value, arms },
            span,
        })
    }

    fn match_arm(&mut self, pair: Pair<'_, Rule>) -> Res<MatchArm> {
        let span = self.span(&pair);
        let mut pattern = None;
        let mut guard = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::pattern => pattern = Some(self.pattern(p)?),
                Rule::guard => guard = Some(self.only_expr(p)?),
                _ => body = Some(self.expr(p)?),
            }
        }
        let (Some(pattern), Some(body)) = (pattern, body) else {
            return Err(self.internal("match arm"));
        };
        Ok(MatchArm {
            pattern,
            guard,
            body,
            span,
        })
    }

    fn pattern(&mut self, pair: Pair<'_, Rule>) -> Res<Pattern> {
        let span = self.span(&pair);
        let mut alternatives = pair
            .into_inner()
            .map(|p| self.pattern_alt(p))
            .collect::<Res<Vec<_>>>()?;
        if alternatives.len() == 1
            && let Some(only) = alternatives.pop()
        {
            return Ok(only);
        }
        Ok(Pattern {
            kind: PatternKind::Or(alternatives),
            span,
        })
    }

    fn pattern_alt(&mut self, pair: Pair<'_, Rule>) -> Res<Pattern> {
        let alt_span = self.span(&pair);
        let mut parts = pair.into_inner();
        let pair = parts.next().ok_or_else(|| self.internal("pattern"))?;
        let captures = match parts.next() {
            Some(c) => {
                let ident = c.into_inner().next().ok_or_else(|| self.internal("as"))?;
                Some(self.ident(&ident))
            }
            None => None,
        };
        let span = if captures.is_some() {
            alt_span
        } else {
            self.span(&pair)
        };
        let kind = match pair.as_rule() {
            Rule::wildcard_pat => PatternKind::Wildcard,
            Rule::bind_pat => {
                let ident = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("bind"))?;
                PatternKind::Bind(self.ident(&ident))
            }
            Rule::literal_pat => {
                let inner = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("literal"))?;
                PatternKind::Literal(self.pattern_literal(inner)?)
            }
            Rule::range_pat => {
                let mut low = None;
                let mut high = None;
                let mut inclusive = false;
                let mut seen_op = false;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::range_op => {
                            seen_op = true;
                            inclusive = p.as_str() == "..=";
                        }
                        _ => {
                            let inner = p
                                .into_inner()
                                .next()
                                .ok_or_else(|| self.internal("bound"))?;
                            let bound = self.pattern_literal(inner)?;
                            if seen_op {
                                high = Some(bound)
                            } else {
                                low = Some(bound)
                            }
                        }
                    }
                }
                if inclusive && high.is_none() {
                    return Err(Diagnostic::error(
                        codes::BAD_PATTERN,
                        "`..=` needs an upper bound",
                        span,
                    )
                    .with_label("no upper bound")
                    .with_help("write `10..` for an open range, or `10..=20`"));
                }
                PatternKind::Range {
                    low,
                    high,
                    inclusive,
                }
            }
            Rule::regex_pat => {
                let mut inner = pair.into_inner();
                let (Some(body), Some(flags)) = (inner.next(), inner.next()) else {
                    return Err(self.internal("regex"));
                };
                let flags_span = self.span(&flags);
                let flags = flags.as_str().to_string();
                if let Some(bad) = flags.chars().find(|c| !"imsx".contains(*c)) {
                    return Err(Diagnostic::error(
                        codes::BAD_PATTERN,
                        format!("unknown regex flag `{bad}`"),
                        flags_span,
                    )
                    .with_label("unknown flag")
                    .with_help("regex flags are `i`, `m`, `s` and `x`"));
                }
                PatternKind::Regex {
                    source: body.as_str().replace("\\/", "/"),
                    flags,
                    captures,
                }
            }
            _ => return Err(self.internal("unknown pattern")),
        };
        Ok(Pattern { kind, span })
    }

    /// A literal in a pattern; negative numbers keep their `-` in the text.
    fn pattern_literal(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::null => ExprKind::Null,
            Rule::true_lit => ExprKind::Bool(true),
            Rule::false_lit => ExprKind::Bool(false),
            Rule::pat_number => ExprKind::Number(pair.as_str().to_string()),
            _ => {
                let lit = self.string(pair)?;
                if super::expr::plain_text(&lit).is_none() {
                    return Err(Diagnostic::error(
                        codes::BAD_PATTERN,
                        "a pattern string cannot interpolate",
                        span,
                    )
                    .with_label("interpolation in a pattern")
                    .with_help("bind the value and use a guard: `s if s == \"${x}\" => …`"));
                }
                return Ok(lit);
            }
        };
        Ok(Expr { kind, span })
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::*;

    fn arms(text: &str) -> Vec<MatchArm> {
        let e = crate::parse_expr(text).unwrap_or_else(|e| panic!("{e}"));
        let ExprKind::Match { arms, .. } = e.kind else {
            panic!()
        };
        arms
    }

    #[test]
    fn pattern_forms() {
        let a = arms(
            r#"match x { "a" | "b" => 1, 10..=20 => 2, ..5 => 3, 7.. => 4, "a".."m" => 5, /^x-\/\d/i => 6, -1 => 7, n if n > 1 => 8, _ => 0, }"#,
        );
        assert!(matches!(&a[0].pattern.kind, PatternKind::Or(alts) if alts.len() == 2));
        assert!(matches!(
            &a[1].pattern.kind,
            PatternKind::Range {
                inclusive: true,
                low: Some(_),
                high: Some(_)
            }
        ));
        assert!(matches!(
            &a[2].pattern.kind,
            PatternKind::Range { low: None, .. }
        ));
        assert!(matches!(
            &a[3].pattern.kind,
            PatternKind::Range { high: None, .. }
        ));
        assert!(matches!(&a[4].pattern.kind, PatternKind::Range { .. }));
        assert_eq!(
            a[5].pattern.kind,
            PatternKind::Regex {
                source: r"^x-/\d".into(),
                flags: "i".into(),
                captures: None,
            }
        );
        assert!(
            matches!(&a[6].pattern.kind, PatternKind::Literal(Expr { kind: ExprKind::Number(n), .. }) if n == "-1")
        );
        assert!(matches!(&a[7].pattern.kind, PatternKind::Bind(_)));
        assert!(a[7].guard.is_some());
        assert_eq!(a[8].pattern.kind, PatternKind::Wildcard);
    }

    #[test]
    fn a_regex_binds_its_captures_with_as() {
        let a = arms(r#"match x { /^(?<k>[A-Z]+)-(\d+)$/i as m if m.k != "X" => m, _ => 0 }"#);
        let PatternKind::Regex {
            captures: Some(m),
            flags,
            ..
        } = &a[0].pattern.kind
        else {
            panic!("{:?}", a[0].pattern)
        };
        assert_eq!((m.name.as_str(), flags.as_str()), ("m", "i"));
        assert!(a[0].guard.is_some());
        assert!(crate::parse_expr("match x { /a/ as => 1 }").is_err());
    }

    #[test]
    fn inclusive_range_needs_an_upper_bound() {
        let err = crate::parse_expr("match x { 1..= => 1 }").unwrap_err();
        assert_eq!(err.0[0].code, "E0106");
    }
}
