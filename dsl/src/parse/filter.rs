//! JSONPath filters (`[?…]`, RFC 9535 §2.3.5) and their well-typedness
//! (§2.4.3). The grammar parses every operand the same way; this module
//! decides which operand may be compared, tested, or passed to a function.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{
    BinaryOp, Comparable, ComparableKind, Expr, ExprKind, Filter, FilterArg, FilterKind, Literal,
    Selector,
};
use crate::codes;
use crate::error::Diagnostic;
use crate::span::Span;

/// RFC 9535 function types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Value,
    Logical,
    Nodes,
}

/// Parameter and result types of the RFC's functions.
fn signature(name: &str) -> Option<(&'static [Type], Type)> {
    Some(match name {
        "length" => (&[Type::Value], Type::Value),
        "count" => (&[Type::Nodes], Type::Value),
        "match" | "search" => (&[Type::Value, Type::Value], Type::Logical),
        "value" => (&[Type::Nodes], Type::Value),
        _ => return None,
    })
}

/// An operand before it is known whether it is compared or tested.
enum Atom {
    Literal(Literal, Span),
    Query {
        expr: Expr,
        singular: bool,
    },
    Function {
        comparable: Comparable,
        result: Type,
    },
    Var(Comparable),
}

impl Builder {
    /// `f_or` to a filter.
    pub(crate) fn filter(&mut self, pair: Pair<'_, Rule>) -> Res<crate::ast::Filter> {
        let span = self.span(&pair);
        let mut ands = pair
            .into_inner()
            .map(|p| self.filter_and(p))
            .collect::<Res<Vec<_>>>()?;
        if ands.len() == 1
            && let Some(only) = ands.pop()
        {
            return Ok(only);
        }
        Ok(Filter {
            kind: FilterKind::Or(ands),
            span,
        })
    }

    fn filter_and(&mut self, pair: Pair<'_, Rule>) -> Res<Filter> {
        let span = self.span(&pair);
        let mut basics = pair
            .into_inner()
            .map(|p| self.filter_basic(p))
            .collect::<Res<Vec<_>>>()?;
        if basics.len() == 1
            && let Some(only) = basics.pop()
        {
            return Ok(only);
        }
        Ok(Filter {
            kind: FilterKind::And(basics),
            span,
        })
    }

    fn filter_basic(&mut self, pair: Pair<'_, Rule>) -> Res<Filter> {
        let span = self.span(&pair);
        let parts: Vec<_> = pair.into_inner().collect();
        match parts.as_slice() {
            [not, operand] if not.as_rule() == Rule::f_not => {
                let nots: Vec<usize> = not.as_str().match_indices('!').map(|(i, _)| i).collect();
                let not_start = self.span(not).start as usize;
                if nots.len() > self.limits.max_depth {
                    return Err(self.too_deep(self.span(not)));
                }
                if self.strict && nots.len() > 1 {
                    return Err(Diagnostic::error(
                        codes::BAD_QUERY,
                        "`!` cannot be repeated",
                        self.span(not),
                    )
                    .with_label("more than one `!`"));
                }
                let mut filter = self.filter_operand(operand.clone())?;
                for i in nots.into_iter().rev() {
                    let span = Span::new(not_start + i, filter.span.end as usize);
                    filter = Filter {
                        kind: FilterKind::Not(Box::new(filter)),
                        span,
                    };
                }
                Ok(filter)
            }
            [operand] => self.filter_operand(operand.clone()),
            [left, op, right] => {
                let left = self.atom(left.clone())?;
                let right = self.atom(right.clone())?;
                let op = match op.as_str() {
                    "==" => BinaryOp::Eq,
                    "!=" => BinaryOp::Ne,
                    "<" => BinaryOp::Lt,
                    "<=" => BinaryOp::Le,
                    ">" => BinaryOp::Gt,
                    _ => BinaryOp::Ge,
                };
                let left = self.comparable(left)?;
                let right = self.comparable(right)?;
                Ok(Filter {
                    kind: FilterKind::Compare { op, left, right },
                    span,
                })
            }
            _ => Err(self.internal("filter")),
        }
    }

    /// A parenthesised filter or an operand used as a test.
    fn filter_operand(&mut self, pair: Pair<'_, Rule>) -> Res<Filter> {
        let span = self.span(&pair);
        if pair.as_rule() == Rule::f_paren {
            let inner = pair
                .into_inner()
                .next()
                .ok_or_else(|| self.internal("paren"))?;
            return Ok(Filter {
                kind: FilterKind::Paren(Box::new(self.filter(inner)?)),
                span,
            });
        }
        let kind = match self.atom(pair)? {
            Atom::Query { expr, .. } => FilterKind::Exists(Box::new(expr)),
            Atom::Function {
                comparable,
                result: Type::Logical | Type::Nodes,
            } => FilterKind::Test(comparable),
            Atom::Function { comparable, .. } => {
                return Err(type_error(
                    comparable.span,
                    "this function returns a value, not a test",
                    "compare its result, e.g. `length(@.a) > 0`",
                ));
            }
            Atom::Literal(_, span) => {
                return Err(
                    Diagnostic::error(codes::BAD_QUERY, "a literal is not a test", span)
                        .with_label("always the same")
                        .with_help("compare it with something, e.g. `@.a == true`"),
                );
            }
            Atom::Var(c) => {
                return Err(type_error(
                    c.span,
                    "a variable is a value, not a test",
                    "compare it, e.g. `@.a == x`",
                ));
            }
        };
        Ok(Filter { kind, span })
    }

    fn comparable(&self, atom: Atom) -> Res<Comparable> {
        match atom {
            Atom::Literal(lit, span) => Ok(Comparable {
                kind: ComparableKind::Literal(lit),
                span,
            }),
            Atom::Query {
                expr,
                singular: true,
            } => Ok(Comparable {
                span: expr.span,
                kind: ComparableKind::Query(Box::new(expr)),
            }),
            Atom::Query { expr, .. } => Err(Diagnostic::error(
                codes::BAD_QUERY,
                "only a singular query can be compared",
                expr.span,
            )
            .with_label("may select several nodes")
            .with_help(
                "use `.name` and `[index]` segments only, or wrap it in `value(…)` or `count(…)`",
            )),
            Atom::Function {
                comparable,
                result: Type::Value,
            } => Ok(comparable),
            Atom::Function { comparable, .. } => Err(type_error(
                comparable.span,
                "this function's result cannot be compared",
                "use it as a test on its own, without `==`",
            )),
            Atom::Var(c) => Ok(c),
        }
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Res<Atom> {
        let pair = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("atom"))?;
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::f_literal => {
                let lit = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("literal"))?;
                let literal = match lit.as_rule() {
                    Rule::null => Literal::Null,
                    Rule::true_lit => Literal::Bool(true),
                    Rule::false_lit => Literal::Bool(false),
                    Rule::f_number => Literal::Number(lit.as_str().to_string()),
                    _ => Literal::Str(self.rfc_string(lit)?),
                };
                Ok(Atom::Literal(literal, span))
            }
            Rule::f_query => {
                let mut inner = pair.into_inner();
                let base = inner.next().ok_or_else(|| self.internal("query base"))?;
                let base_kind = if base.as_rule() == Rule::root {
                    ExprKind::Root
                } else {
                    ExprKind::Current
                };
                let base = Expr {
                    kind: base_kind,
                    span: self.span(&base),
                };
                let segments = inner.map(|s| self.segment(s)).collect::<Res<Vec<_>>>()?;
                let singular = segments.iter().all(|s| {
                    !s.descendant
                        && matches!(
                            s.selectors.as_slice(),
                            [Selector::Name(_) | Selector::Index(_) | Selector::Dynamic(_)]
                        )
                });
                Ok(Atom::Query {
                    expr: self.path(base, segments),
                    singular,
                })
            }
            Rule::f_var => {
                if self.strict {
                    return Err(Diagnostic::error(
                        codes::BAD_QUERY,
                        "expected a query, a literal or a function",
                        span,
                    )
                    .with_label("variables are a Ferry extension")
                    .with_help("start queries with `@` or `$`; quote strings"));
                }
                let mut inner = pair.into_inner();
                let ident = inner.next().ok_or_else(|| self.internal("var"))?;
                let base = Expr {
                    kind: ExprKind::Var(self.ident(&ident)),
                    span: self.span(&ident),
                };
                let segments = inner.map(|s| self.segment(s)).collect::<Res<Vec<_>>>()?;
                if let Some(bad) = segments.iter().find(|s| {
                    s.descendant
                        || !matches!(
                            s.selectors.as_slice(),
                            [Selector::Name(_) | Selector::Index(_) | Selector::Dynamic(_)]
                        )
                }) {
                    return Err(Diagnostic::error(
                        codes::BAD_QUERY,
                        "a variable in a filter may be followed only by names and indexes",
                        bad.span,
                    )
                    .with_label("selects several values")
                    .with_help(
                        "write `x.name`, `x[0]` or `x[key]`; to test several values, filter them in a comprehension",
                    ));
                }
                Ok(Atom::Var(Comparable {
                    kind: ComparableKind::Var(Box::new(self.path(base, segments))),
                    span,
                }))
            }
            _ => self.function(pair, span),
        }
    }

    fn function(&mut self, pair: Pair<'_, Rule>, span: Span) -> Res<Atom> {
        let mut inner = pair.into_inner();
        let name = inner.next().ok_or_else(|| self.internal("function name"))?;
        let name = self.ident(&name);
        let Some((params, result)) = signature(&name.name) else {
            return Err(Diagnostic::error(
                codes::BAD_FILTER_TYPE,
                format!("unknown filter function `{}`", name.name),
                name.span,
            )
            .with_label("not a JSONPath function")
            .with_help("filter functions are `length`, `count`, `match`, `search` and `value`"));
        };
        let arg_pairs: Vec<_> = inner.collect();
        if arg_pairs.len() != params.len() {
            let expected = params.len();
            return Err(type_error(
                span,
                &format!(
                    "`{}` takes {expected} argument{}, not {}",
                    name.name,
                    if expected == 1 { "" } else { "s" },
                    arg_pairs.len()
                ),
                "check the function's arguments",
            ));
        }
        let mut args = Vec::with_capacity(params.len());
        for (arg, &param) in arg_pairs.into_iter().zip(params) {
            args.push(self.function_arg(arg, param, &name.name)?);
        }
        let comparable = Comparable {
            kind: ComparableKind::Function { name, args },
            span,
        };
        Ok(Atom::Function { comparable, result })
    }

    /// An argument: an operand standing alone is a value, anything else is
    /// a logical expression.
    fn function_arg(
        &mut self,
        pair: Pair<'_, Rule>,
        param: Type,
        function: &str,
    ) -> Res<FilterArg> {
        let span = self.span(&pair);
        let Some(atom_pair) = lone_atom(&pair) else {
            if param == Type::Logical {
                return Ok(FilterArg::Logical(self.filter(pair)?));
            }
            return Err(type_error(
                span,
                &format!("`{function}` expects a value here, not a logical expression"),
                "pass a query, a literal or a function",
            ));
        };
        let atom = self.atom(atom_pair)?;
        let ok = match (&atom, param) {
            (Atom::Literal(..) | Atom::Var(_), Type::Value) => true,
            (Atom::Query { singular, .. }, Type::Value) => *singular,
            (Atom::Function { result, .. }, Type::Value) => *result == Type::Value,
            (Atom::Query { .. }, Type::Nodes) => true,
            (Atom::Query { .. }, Type::Logical) => true,
            (Atom::Function { result, .. }, Type::Logical) => *result != Type::Value,
            _ => false,
        };
        if !ok {
            let what = match param {
                Type::Value => "a single value (a literal, a singular query or a value function)",
                Type::Nodes => "a query",
                Type::Logical => "a logical expression",
            };
            return Err(type_error(
                span,
                &format!("`{function}` expects {what} here"),
                "see RFC 9535 §2.4 for function argument types",
            ));
        }
        Ok(match atom {
            Atom::Literal(lit, span) => FilterArg::Value(Comparable {
                kind: ComparableKind::Literal(lit),
                span,
            }),
            Atom::Query { expr, .. } => FilterArg::Value(Comparable {
                span: expr.span,
                kind: ComparableKind::Query(Box::new(expr)),
            }),
            Atom::Function { comparable, .. } | Atom::Var(comparable) => {
                FilterArg::Value(comparable)
            }
        })
    }
}

/// The `f_atom` of an `f_or` that is just one operand, if it is.
fn lone_atom<'i>(pair: &Pair<'i, Rule>) -> Option<Pair<'i, Rule>> {
    let mut ors = pair.clone().into_inner();
    let and = ors.next().filter(|_| ors.peek().is_none())?;
    let mut ands = and.into_inner();
    let basic = ands.next().filter(|_| ands.peek().is_none())?;
    let mut parts = basic.into_inner();
    let atom = parts
        .next()
        .filter(|p| p.as_rule() == Rule::f_atom && parts.peek().is_none())?;
    Some(atom)
}

fn type_error(span: Span, message: &str, help: &str) -> Diagnostic {
    Diagnostic::error(codes::BAD_FILTER_TYPE, message, span)
        .with_label("not well-typed")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use crate::ast::*;

    fn filter(text: &str) -> Filter {
        let e = crate::parse_expr(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let ExprKind::Path { segments, .. } = e.kind else {
            panic!()
        };
        let Selector::Filter(f) = segments[0].selectors[0].clone() else {
            panic!()
        };
        f
    }

    #[test]
    fn logical_structure() {
        let f = filter("$[?@.a < 10 && @.b != 'X' || !(@.c)]");
        let FilterKind::Or(parts) = &f.kind else {
            panic!("{f:?}")
        };
        assert!(matches!(&parts[0].kind, FilterKind::And(x) if x.len() == 2));
        assert!(
            matches!(&parts[1].kind, FilterKind::Not(inner) if matches!(inner.kind, FilterKind::Paren(_)))
        );
    }

    #[test]
    fn functions_and_tests() {
        assert!(matches!(filter("$[?@.a]").kind, FilterKind::Exists(_)));
        assert!(matches!(
            filter("$[?match(@.a, 'x.*')]").kind,
            FilterKind::Test(_)
        ));
        let f = filter("$[?length(@.a) > count(@.*)]");
        assert!(matches!(
            f.kind,
            FilterKind::Compare {
                op: BinaryOp::Gt,
                ..
            }
        ));
    }

    #[test]
    fn ferry_variables_are_values() {
        let f = filter("$[?@.price < limit]");
        let FilterKind::Compare { right, .. } = f.kind else {
            panic!()
        };
        assert!(matches!(right.kind, ComparableKind::Var(_)));
        assert!(crate::parse_query("$[?@.price < limit]").is_err());
    }

    #[test]
    fn ferry_variables_in_filters_take_names_and_indexes() {
        let f = filter("$[?@.contact_id == c.contact_id && @.n > c.limits[0]]");
        let FilterKind::And(parts) = f.kind else {
            panic!()
        };
        let FilterKind::Compare { right, .. } = &parts[0].kind else {
            panic!()
        };
        let ComparableKind::Var(e) = &right.kind else {
            panic!()
        };
        assert!(matches!(&e.kind, ExprKind::Path { base, segments }
            if matches!(base.kind, ExprKind::Var(_)) && segments.len() == 1));
        assert!(filter("$[?@.a == c['odd key']]").span.end > 0);
        let err = crate::parse_expr("$[?@.a == c[*]]").unwrap_err();
        assert_eq!(err.0[0].code, "E0104");
        assert!(
            err.0[0].message.contains("names and indexes"),
            "{}",
            err.0[0].message
        );
        assert!(crate::parse_query("$[?@.a == c.b]").is_err());
    }

    #[test]
    fn ill_typed_filters_are_refused() {
        for q in [
            "$[?length(@.a)]",
            "$[?count(@..*)]",
            "$[?match(@.a,'x')==true]",
            "$[?length(@.*)]",
            "$[?count(1)]",
            "$[?foo(@.a)]",
            "$[?length(@.a, 1) == 1]",
        ] {
            let err = crate::parse_query(q).unwrap_err();
            assert_eq!(err.0[0].code, "E0105", "{q}: {err}");
        }
        for q in ["$[?@.* == 1]", "$[?true]", "$[?!!@.a]"] {
            let err = crate::parse_query(q).unwrap_err();
            assert_eq!(err.0[0].code, "E0104", "{q}: {err}");
        }
    }
}
