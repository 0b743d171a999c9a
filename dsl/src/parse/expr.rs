//! Expressions: pest pairs of the expression rules to `ast::Expr`.
//! Operator chains are folded iteratively and bounded by `max_depth`.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{
    ArrayItem, BinaryOp, Expr, ExprKind, ForBinding, Ident, LetDecl, ObjectEntry, ObjectKey,
    UnaryOp,
};
use crate::span::Span;

impl Builder {
    /// `expr`: a `??` chain followed by pipes.
    pub(crate) fn expr(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let mut inner = pair.into_inner().peekable();
        let first = inner
            .next()
            .ok_or_else(|| self.internal("empty expression"))?;
        let mut value = self.binary_chain(first)?;
        let mut pipes = 0;
        while let Some(op) = inner.next() {
            let name = inner
                .next()
                .ok_or_else(|| self.internal("pipe without a name"))?;
            let name = self.ident(&name);
            let mut end = name.span;
            let mut args = Vec::new();
            if inner.peek().is_some_and(|p| p.as_rule() == Rule::call_args)
                && let Some(call_args) = inner.next()
            {
                end = self.span(&call_args);
                args = self.call_args(call_args)?;
            }
            pipes += 1;
            if pipes > self.limits.max_depth {
                return Err(self.too_deep(self.span(&op)));
            }
            let span = value.span.to(end);
            value = Expr {
                kind: ExprKind::Pipe {
                    value: Box::new(value),
                    name,
                    args,
                },
                span,
            };
        }
        Ok(value)
    }

    /// The left-associative binary levels, down to `not_expr`.
    fn binary_chain(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        match pair.as_rule() {
            Rule::not_expr => return self.not_expr(pair),
            Rule::neg_expr => return self.neg_expr(pair),
            _ => {}
        }
        let mut inner = pair.into_inner();
        let first = inner
            .next()
            .ok_or_else(|| self.internal("empty operator chain"))?;
        let mut left = self.binary_chain(first)?;
        let mut count = 0;
        while let Some(op) = inner.next() {
            let right = inner
                .next()
                .ok_or_else(|| self.internal("operator without operand"))?;
            let right = self.binary_chain(right)?;
            let op_span = self.span(&op);
            count += 1;
            if count > self.limits.max_depth {
                return Err(self.too_deep(op_span));
            }
            let op = binary_op(op.as_str());
            let span = left.span.to(right.span);
            left = Expr {
                kind: ExprKind::Binary {
                    op,
                    op_span,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                span,
            };
        }
        Ok(left)
    }

    fn not_expr(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        self.prefixed(pair, Rule::not_op, UnaryOp::Not)
    }

    fn neg_expr(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        self.prefixed(pair, Rule::neg_op, UnaryOp::Neg)
    }

    /// A run of prefix operators (a repetition in the grammar) and its operand.
    fn prefixed(&mut self, pair: Pair<'_, Rule>, op_rule: Rule, op: UnaryOp) -> Res<Expr> {
        let mut ops = Vec::new();
        let mut operand = None;
        for p in pair.into_inner() {
            if p.as_rule() == op_rule {
                ops.push(self.span(&p));
                if ops.len() > self.limits.max_depth {
                    return Err(self.too_deep(self.span(&p)));
                }
            } else {
                operand = Some(p);
            }
        }
        let operand = operand.ok_or_else(|| self.internal("prefix operator without operand"))?;
        let mut expr = match operand.as_rule() {
            Rule::postfix => self.postfix(operand)?,
            _ => self.binary_chain(operand)?,
        };
        for op_span in ops.into_iter().rev() {
            let span = op_span.to(expr.span);
            expr = Expr {
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(expr),
                },
                span,
            };
        }
        Ok(expr)
    }

    /// A primary followed by path segments: one `Path` for the chain.
    pub(crate) fn postfix(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let mut inner = pair.into_inner();
        let primary = inner
            .next()
            .ok_or_else(|| self.internal("postfix without primary"))?;
        let base = self.primary(primary)?;
        let segments = inner.map(|s| self.segment(s)).collect::<Res<Vec<_>>>()?;
        Ok(self.path(base, segments))
    }

    fn primary(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let pair = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("empty primary"))?;
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::null => ExprKind::Null,
            Rule::true_lit => ExprKind::Bool(true),
            Rule::false_lit => ExprKind::Bool(false),
            Rule::number => ExprKind::Number(pair.as_str().to_string()),
            Rule::string => return self.string(pair),
            Rule::root => ExprKind::Root,
            Rule::current => ExprKind::Current,
            Rule::var => {
                let ident = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("var"))?;
                ExprKind::Var(self.ident(&ident))
            }
            Rule::paren => {
                let inner = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("paren"))?;
                ExprKind::Paren(Box::new(self.expr(inner)?))
            }
            Rule::call => {
                let mut inner = pair.into_inner();
                let (Some(name), Some(args)) = (inner.next(), inner.next()) else {
                    return Err(self.internal("call"));
                };
                ExprKind::Call {
                    name: self.ident(&name),
                    args: self.call_args(args)?,
                }
            }
            Rule::lambda => {
                let mut inner = pair.into_inner();
                let (Some(params), Some(body)) = (inner.next(), inner.next()) else {
                    return Err(self.internal("lambda"));
                };
                let params = params.into_inner().map(|p| self.ident(&p)).collect();
                ExprKind::Lambda {
                    params,
                    body: Box::new(self.expr(body)?),
                }
            }
            Rule::if_expr => {
                let [cond, then, otherwise] = self.exprs(pair)?;
                ExprKind::If {
                    cond,
                    then,
                    otherwise,
                }
            }
            Rule::try_expr => {
                let [body, fallback] = self.exprs(pair)?;
                ExprKind::Try { body, fallback }
            }
            Rule::let_expr => {
                let mut inner = pair.into_inner();
                let (Some(name), Some(value), Some(body)) =
                    (inner.next(), inner.next(), inner.next())
                else {
                    return Err(self.internal("let"));
                };
                let name = self.ident(&name);
                let value = self.expr(value)?;
                let binding_span = name.span.to(value.span);
                let binding = LetDecl {
                    name,
                    value,
                    span: Span::new(span.start as usize, binding_span.end as usize),
                };
                ExprKind::Let {
                    binding: Box::new(binding),
                    body: Box::new(self.expr(body)?),
                }
            }
            Rule::match_expr => return self.match_expr(pair),
            Rule::array => {
                let items = pair
                    .into_inner()
                    .map(|item| self.array_item(item))
                    .collect::<Res<_>>()?;
                ExprKind::Array(items)
            }
            Rule::array_for => {
                let mut inner = pair.into_inner();
                let binding = inner.next().ok_or_else(|| self.internal("for"))?;
                let binding = self.for_binding(binding)?;
                let mut filter = None;
                let mut body = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::for_filter => filter = Some(Box::new(self.only_expr(p)?)),
                        _ => body = Some(Box::new(self.expr(p)?)),
                    }
                }
                let body = body.ok_or_else(|| self.internal("for body"))?;
                ExprKind::ArrayFor {
                    binding,
                    filter,
                    body,
                }
            }
            Rule::object => {
                let entries = pair
                    .into_inner()
                    .map(|e| self.object_entry(e))
                    .collect::<Res<_>>()?;
                ExprKind::Object(entries)
            }
            Rule::object_for => {
                let mut inner = pair.into_inner();
                let binding = inner.next().ok_or_else(|| self.internal("for"))?;
                let binding = self.for_binding(binding)?;
                let mut filter = None;
                let mut key = None;
                let mut value = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::for_filter => filter = Some(Box::new(self.only_expr(p)?)),
                        Rule::obj_key => key = Some(p),
                        _ => value = Some(Box::new(self.expr(p)?)),
                    }
                }
                let (Some(key), Some(value)) = (key, value) else {
                    return Err(self.internal("object for"));
                };
                let key = match self.object_key(key)? {
                    ObjectKey::Static { name, span } => Expr {
                        kind: ExprKind::Str(vec![crate::ast::StrPart::Lit(name)]),
                        span,
                    },
                    ObjectKey::Computed(e) => e,
                };
                ExprKind::ObjectFor {
                    binding,
                    filter,
                    key: Box::new(key),
                    value,
                }
            }
            _ => return Err(self.internal("unknown primary")),
        };
        Ok(Expr { kind, span })
    }

    /// The expression children of a pair, exactly `N` of them.
    fn exprs<const N: usize>(&mut self, pair: Pair<'_, Rule>) -> Res<[Box<Expr>; N]> {
        let built = pair
            .into_inner()
            .map(|p| self.expr(p).map(Box::new))
            .collect::<Res<Vec<_>>>()?;
        built
            .try_into()
            .map_err(|_| self.internal("wrong number of operands"))
    }

    /// The single expression inside a wrapper rule (`for_filter`, `guard`…).
    pub(crate) fn only_expr(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("empty wrapper"))?;
        self.expr(inner)
    }

    pub(crate) fn call_args(&mut self, pair: Pair<'_, Rule>) -> Res<Vec<Expr>> {
        pair.into_inner().map(|p| self.expr(p)).collect()
    }

    fn for_binding(&mut self, pair: Pair<'_, Rule>) -> Res<ForBinding> {
        let mut vars = Vec::new();
        let mut source = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => vars.push(self.ident(&p)),
                _ => source = Some(Box::new(self.expr(p)?)),
            }
        }
        let source = source.ok_or_else(|| self.internal("for source"))?;
        Ok(ForBinding { vars, source })
    }

    fn array_item(&mut self, pair: Pair<'_, Rule>) -> Res<ArrayItem> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("array item"))?;
        Ok(match inner.as_rule() {
            Rule::spread => ArrayItem::Spread(self.only_expr(inner)?),
            _ => ArrayItem::Item(self.expr(inner)?),
        })
    }

    pub(crate) fn object_entry(&mut self, pair: Pair<'_, Rule>) -> Res<ObjectEntry> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("object entry"))?;
        if inner.as_rule() == Rule::spread {
            return Ok(ObjectEntry::Spread(self.only_expr(inner)?));
        }
        let span = self.span(&inner);
        let mut key = None;
        let mut optional = false;
        let mut value = None;
        for p in inner.into_inner() {
            match p.as_rule() {
                Rule::obj_key => key = Some(self.object_key(p)?),
                Rule::optional_mark => optional = true,
                _ => value = Some(self.expr(p)?),
            }
        }
        let (Some(key), Some(value)) = (key, value) else {
            return Err(self.internal("object field"));
        };
        Ok(ObjectEntry::Field {
            key,
            optional,
            value,
            span,
        })
    }

    fn object_key(&mut self, pair: Pair<'_, Rule>) -> Res<ObjectKey> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("object key"))?;
        let span = self.span(&inner);
        Ok(match inner.as_rule() {
            Rule::computed_key => ObjectKey::Computed(self.only_expr(inner)?),
            Rule::string => {
                let expr = self.string(inner)?;
                match plain_text(&expr) {
                    Some(name) => ObjectKey::Static { name, span },
                    None => ObjectKey::Computed(expr),
                }
            }
            _ => ObjectKey::Static {
                name: inner.as_str().to_string(),
                span,
            },
        })
    }

    pub(crate) fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }
}

/// The text of a string expression without interpolation.
pub(crate) fn plain_text(expr: &Expr) -> Option<String> {
    let ExprKind::Str(parts) = &expr.kind else {
        return None;
    };
    let mut text = String::new();
    for part in parts {
        match part {
            crate::ast::StrPart::Lit(s) => text.push_str(s),
            crate::ast::StrPart::Interp(_) => return None,
        }
    }
    Some(text)
}

fn binary_op(text: &str) -> BinaryOp {
    match text {
        "??" => BinaryOp::Default,
        "or" => BinaryOp::Or,
        "and" => BinaryOp::And,
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        "<=" => BinaryOp::Le,
        ">" => BinaryOp::Gt,
        ">=" => BinaryOp::Ge,
        "in" => BinaryOp::In,
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        // The grammar's last multiplicative operator.
        _ => BinaryOp::Rem,
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::*;
    use crate::span::Span;

    fn expr(text: &str) -> Expr {
        crate::parse_expr(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn precedence_and_spans_of_binary_operators() {
        let e = expr("a + b * c");
        let ExprKind::Binary {
            op: BinaryOp::Add,
            op_span,
            right,
            ..
        } = &e.kind
        else {
            panic!("{e:?}")
        };
        assert_eq!(*op_span, Span::new(2, 3));
        assert_eq!(right.span, Span::new(4, 9));
        assert!(matches!(
            right.kind,
            ExprKind::Binary {
                op: BinaryOp::Mul,
                ..
            }
        ));
        assert_eq!(e.span, Span::new(0, 9));
    }

    #[test]
    fn pipe_is_lowest_and_default_binds_below_or() {
        let e = expr("a ?? b or c | f(1)");
        let ExprKind::Pipe { value, name, args } = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(name.name, "f");
        assert_eq!(args.len(), 1);
        assert!(matches!(
            value.kind,
            ExprKind::Binary {
                op: BinaryOp::Default,
                ..
            }
        ));
        assert_eq!(e.span, Span::new(0, 18));
    }

    #[test]
    fn prefix_operators_repeat() {
        let e = expr("not not a == b");
        let ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } = &e.kind
        else {
            panic!()
        };
        assert!(matches!(
            operand.kind,
            ExprKind::Unary {
                op: UnaryOp::Not,
                ..
            }
        ));
        let e = expr("--1");
        assert_eq!(e.span, Span::new(0, 3));
        assert!(matches!(
            e.kind,
            ExprKind::Unary {
                op: UnaryOp::Neg,
                ..
            }
        ));
    }

    #[test]
    fn numbers_keep_their_text() {
        for n in ["12", "1.5", "1e3", "2.5E-3"] {
            assert_eq!(expr(n).kind, ExprKind::Number(n.into()));
        }
    }

    #[test]
    fn strings_interpolate_and_merge_text() {
        let e = expr(r#""a\n${x}b""#);
        let ExprKind::Str(parts) = &e.kind else {
            panic!()
        };
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], StrPart::Lit("a\n".into()));
        assert!(
            matches!(&parts[1], StrPart::Interp(Expr { span, .. }) if *span == Span::new(6, 7))
        );
        assert_eq!(expr(r#""""#).kind, ExprKind::Str(vec![]));
        assert_eq!(
            expr(r#""\${x}""#).kind,
            ExprKind::Str(vec![StrPart::Lit("${x}".into())])
        );
    }

    #[test]
    fn arrays_objects_and_comprehensions() {
        let e = expr("[1, ...xs,]");
        let ExprKind::Array(items) = &e.kind else {
            panic!()
        };
        assert!(matches!(items[1], ArrayItem::Spread(_)));
        let e = expr(r#"{ a: 1, "b c": 2, "k${x}": 3, [k]: 4, n?: 5, ...o, if: 6 }"#);
        let ExprKind::Object(entries) = &e.kind else {
            panic!()
        };
        assert_eq!(entries.len(), 7);
        assert!(
            matches!(&entries[1], ObjectEntry::Field { key: ObjectKey::Static { name, .. }, .. } if name == "b c")
        );
        assert!(matches!(
            &entries[2],
            ObjectEntry::Field {
                key: ObjectKey::Computed(Expr {
                    kind: ExprKind::Str(_),
                    ..
                }),
                ..
            }
        ));
        assert!(matches!(
            &entries[4],
            ObjectEntry::Field { optional: true, .. }
        ));
        let e = expr("[for i, x in xs if x > 0 => x * i]");
        let ExprKind::ArrayFor {
            binding, filter, ..
        } = &e.kind
        else {
            panic!()
        };
        assert_eq!(binding.vars.len(), 2);
        assert!(filter.is_some());
        let e = expr("{for k, v in o => k: v}");
        let ExprKind::ObjectFor { key, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(key.kind, ExprKind::Str(vec![StrPart::Lit("k".into())]));
    }

    #[test]
    fn control_forms() {
        assert!(matches!(
            expr("if a then b else c").kind,
            ExprKind::If { .. }
        ));
        assert!(matches!(expr("try f(x) else 0").kind, ExprKind::Try { .. }));
        let e = expr("let t = 1; t * 2");
        let ExprKind::Let { binding, body } = &e.kind else {
            panic!()
        };
        assert_eq!(binding.name.name, "t");
        assert!(matches!(body.kind, ExprKind::Binary { .. }));
        assert!(matches!(expr("(a)").kind, ExprKind::Paren(_)));
    }

    #[test]
    fn lambdas_as_arguments() {
        let e = expr("reduce(xs, 0, (acc, x) -> acc + x)");
        let ExprKind::Call { args, .. } = &e.kind else {
            panic!()
        };
        assert!(matches!(&args[2].kind, ExprKind::Lambda { params, .. } if params.len() == 2));
        let e = expr("xs | map(x -> x)");
        assert!(matches!(e.kind, ExprKind::Pipe { .. }));
        assert!(matches!(expr("f(() -> 1)").kind, ExprKind::Call { .. }));
    }

    #[test]
    fn paths_follow_any_primary_in_one_node() {
        let e = expr("f(x).a[0]..b");
        let ExprKind::Path { base, segments } = &e.kind else {
            panic!()
        };
        assert!(matches!(base.kind, ExprKind::Call { .. }));
        assert_eq!(segments.len(), 3);
        assert!(segments[2].descendant);
        assert_eq!(segments[1].span, Span::new(6, 9));
        let e = expr("shipping[$.shipping.method]");
        let ExprKind::Path { segments, .. } = &e.kind else {
            panic!()
        };
        assert!(matches!(segments[0].selectors[0], Selector::Dynamic(_)));
    }
}
