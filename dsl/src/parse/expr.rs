//! Expressions: pest pairs of the expression rules to `ast::Expr`.
//! Operator chains are folded iteratively and bounded by `max_depth`.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{
    ArrayItem, BinaryOp, Expr, ExprKind, ForBinding, ForClause, Ident, LetDecl, ObjectEntry,
    ObjectKey, UnaryOp,
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
            let target = inner
                .next()
                .ok_or_else(|| self.internal("pipe without a name"))?;
            let mut target = target.into_inner();
            let name = target
                .next()
                .ok_or_else(|| self.internal("pipe without a name"))?;
            let name = self.ident(&name);
            let mut end = name.span;
            let mut args = Vec::new();
            if let Some(call_args) = target.next() {
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
            Rule::skip_expr => ExprKind::Skip,
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
                let (clauses, rest) = self.for_clauses(pair.into_inner())?;
                let body = rest
                    .into_iter()
                    .next()
                    .ok_or_else(|| self.internal("for body"))?;
                let spread = body.as_rule() == Rule::spread;
                let body = if spread {
                    self.only_expr(body)?
                } else {
                    self.expr(body)?
                };
                ExprKind::ArrayFor {
                    clauses,
                    body: Box::new(body),
                    spread,
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
                let (clauses, rest) = self.for_clauses(pair.into_inner())?;
                let mut key = None;
                let mut value = None;
                for p in rest {
                    match p.as_rule() {
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
                    clauses,
                    key: Box::new(key),
                    value,
                }
            }
            _ => return Err(self.internal("unknown primary")),
        };
        Ok(Expr { kind, span })
    }

    /// The expression children of a pair, exactly `N` of them.
    /// The `for_clause`s of a comprehension, and the pairs after them.
    fn for_clauses<'i>(
        &mut self,
        inner: pest::iterators::Pairs<'i, Rule>,
    ) -> Res<(Vec<ForClause>, Vec<Pair<'i, Rule>>)> {
        let mut clauses = Vec::new();
        let mut rest = Vec::new();
        for p in inner {
            if p.as_rule() != Rule::for_clause {
                rest.push(p);
                continue;
            }
            let span = self.span(&p);
            let mut parts = p.into_inner();
            let binding = parts.next().ok_or_else(|| self.internal("for"))?;
            let binding = self.for_binding(binding)?;
            let filter = match parts.next() {
                Some(f) => Some(Box::new(self.only_expr(f)?)),
                None => None,
            };
            clauses.push(ForClause {
                binding,
                filter,
                span,
            });
        }
        Ok((clauses, rest))
    }

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
        let ExprKind::ArrayFor { clauses, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(clauses[0].binding.vars.len(), 2);
        assert!(clauses[0].filter.is_some());
        let e = expr("{for k, v in o => k: v}");
        let ExprKind::ObjectFor { key, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(key.kind, ExprKind::Str(vec![StrPart::Lit("k".into())]));
    }

    #[test]
    fn comprehensions_take_several_clauses_and_a_spread() {
        let e = expr("[for o in os if o.ok for i, l in o.lines if l.q > 0 => l]");
        let ExprKind::ArrayFor {
            clauses, spread, ..
        } = &e.kind
        else {
            panic!("{e:?}")
        };
        assert_eq!(clauses.len(), 2);
        assert!(!spread);
        assert_eq!(clauses[1].binding.vars.len(), 2);
        assert!(clauses.iter().all(|c| c.filter.is_some()));
        assert_eq!(clauses[1].span, Span::new(21, 52));
        let e = expr("[for o in os => ...o.lines]");
        assert!(
            matches!(&e.kind, ExprKind::ArrayFor { spread: true, body, .. }
            if matches!(body.kind, ExprKind::Path { .. }))
        );
        let e = expr("{for o in os for l in o.ls => [l.k]: o}");
        assert!(matches!(&e.kind, ExprKind::ObjectFor { clauses, .. } if clauses.len() == 2));
    }

    #[test]
    fn skip_is_an_element_of_a_comprehension_only() {
        let ok = [
            "[for x in xs => skip]",
            "[for x in xs => if x then 1 else skip]",
            "[for x in xs => match x { 1 => skip, _ => (skip) }]",
            "[for x in xs => let y = x; if y then skip else y]",
            "{for x in xs => [x]: if x then skip else 1}",
            "[for x in xs for y in x => skip]",
        ];
        for text in ok {
            assert_eq!(expr(text).span.start, 0, "{text}");
        }
        let misplaced = [
            ("skip", 0),
            ("{ a: skip }", 5),
            ("[for x in xs => f(skip)]", 18),
            ("[for x in xs => ...skip]", 19),
            ("[for x in xs if skip => 1]", 16),
            ("{for x in xs => [skip]: 1}", 17),
            ("[for x in xs => if skip then 1 else 2]", 19),
            ("[for x in xs => try skip else 1]", 20),
            ("[for x in xs => [skip]]", 17),
            ("[for x in xs => match x { _ if skip => 1 }]", 31),
            ("[for x in xs => let y = skip; y]", 24),
        ];
        for (text, at) in misplaced {
            let err = crate::parse_expr(text).unwrap_err();
            assert_eq!(err.0[0].code, "E0109", "{text}");
            assert_eq!(err.0[0].span, Span::new(at, at + 4), "{text}");
        }
        // A reserved word: not a name.
        assert!(crate::parse_expr("let skip = 1; skip").is_err());
        assert!(matches!(expr("{ skip: x.skip }").kind, ExprKind::Object(_)));
    }

    #[test]
    fn a_bracket_or_parenthesis_starting_a_line_starts_a_new_expression() {
        let m = crate::parse("let r = $.a\n[r]").unwrap();
        assert!(matches!(
            m.body.map(|b| b.kind),
            Some(ExprKind::ArrayFor { .. } | ExprKind::Array(_))
        ));
        let m = crate::parse("let f = g\n(1)").unwrap();
        assert!(matches!(m.body.map(|b| b.kind), Some(ExprKind::Paren(_))));
        let m = crate::parse("let v = $.x | lower\n(1)").unwrap();
        assert!(m.body.is_some());
        // On the same line they still index and call; `.x` may go on.
        let m = crate::parse("let r = $.a [0]\nlet s = f (1)\nlet t = $.a\n  .b\nr").unwrap();
        let values: Vec<_> = m
            .items
            .iter()
            .map(|i| match i {
                Item::Let(d) => &d.value.kind,
                _ => panic!(),
            })
            .collect();
        assert!(matches!(values[0], ExprKind::Path { .. }));
        assert!(matches!(values[1], ExprKind::Call { .. }));
        assert!(matches!(values[2], ExprKind::Path { segments, .. } if segments.len() == 2));
        // `-` still continues across lines.
        assert!(crate::parse("let a = 1\n-a").unwrap().body.is_none());
    }

    /// The Debug form of `e` without spans.
    fn shape(e: &Expr) -> String {
        let debug = format!("{e:?}");
        let mut out = String::new();
        let mut rest = debug.as_str();
        while let Some(i) = rest.find("Span { start: ") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            rest = &after[after.find('}').map_or(after.len(), |j| j + 1)..];
        }
        out.push_str(rest);
        out
    }

    /// The value of the one declaration of `text`, and its body.
    fn value_and_body(text: &str) -> (Expr, Option<Expr>) {
        let m = crate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let [Item::Let(decl)] = <[Item; 1]>::try_from(m.items).expect("one declaration") else {
            panic!("{text}: not a let");
        };
        (decl.value, m.body)
    }

    /// Values ending in every kind of construct: a `[x]` on the next line
    /// is the body, never a segment of the value (the `if`, `try` and `let`
    /// forms used to take it, their last expression having skipped the
    /// newline); on the same line it indexes the value (the last expression
    /// of an open form, which takes it itself).
    #[test]
    fn a_bracket_starting_a_line_never_continues_the_value() {
        let values = [
            ("root path", "$.a.b"),
            ("root path with a filter", "$.a[?@.x > 1]"),
            ("current path in a filter", "$.a[?@.b == c.d]"),
            ("variable path", "o.lines[0].q"),
            ("if", "if $.c then 1 else $.a"),
            ("if ending in an array", "if $.c then 1 else [5, 6]"),
            ("try", "try null else []"),
            ("try ending in a path", "try $.a else $.b"),
            ("match", "match $.k { 1 => \"a\", _ => $.d }"),
            ("let-in", "let u = 1; $.a"),
            ("lambda inside a call", "map($.xs, x -> x.a)"),
            ("string", "\"s${x}\""),
            ("number", "2.5"),
            ("array", "[1, 2]"),
            ("object", "{ a: 1 }"),
            ("call", "f($.a)"),
            ("parenthesised if", "(if a then b else c)"),
            ("comment after the value", "if a then b else $.c // note"),
        ];
        for (what, value) in values {
            let alone = expr(value);
            for gap in ["\n", "\n\n", " \n  ", "\n// c\n", " /* c */\n"] {
                let text = format!("let t = {value}{gap}[true]");
                let (got, body) = value_and_body(&text);
                assert_eq!(shape(&got), shape(&alone), "{what}: {text:?}");
                let body = body.unwrap_or_else(|| panic!("{what}: no body in {text:?}"));
                assert!(matches!(body.kind, ExprKind::Array(_)), "{what}: {text:?}");
            }
            let value = value.trim_end_matches(" // note");
            for gap in ["", " ", "\t"] {
                let text = format!("let t = {value}{gap}[1]");
                let (got, body) = value_and_body(&text);
                assert!(body.is_none(), "{what}: {text:?}");
                assert_eq!(
                    shape(&got),
                    shape(&expr(&format!("{value}{gap}[1]"))),
                    "{what}: {text:?}"
                );
                assert_ne!(shape(&got), shape(&alone), "{what}: {text:?}");
                assert_eq!(got.span.end as usize, text.len(), "{what}: {text:?}");
            }
        }
        // Where the `[1]` goes on the same line.
        let indexed_last = |text: &str| {
            let (got, _) = value_and_body(text);
            match got.kind {
                ExprKind::If {
                    otherwise: last, ..
                }
                | ExprKind::Try { fallback: last, .. }
                | ExprKind::Let { body: last, .. } => matches!(last.kind, ExprKind::Path { .. }),
                ExprKind::Path { base, .. } => !matches!(
                    base.kind,
                    ExprKind::If { .. } | ExprKind::Try { .. } | ExprKind::Let { .. }
                ),
                _ => false,
            }
        };
        for text in [
            "let t = if $.c then 1 else [5, 6][1]",
            "let t = try null else [] [0]",
            "let t = let u = 1; $.a[0]",
            "let t = $.a[0]",
            "let t = (if a then b else c)[0]",
        ] {
            assert!(indexed_last(text), "{text}");
        }
    }

    /// A pipe stage takes no segments (as before): after `| f(…)` a `[x]`
    /// starts the body, on the next line or on the same one, and
    /// `(x | f(a))[0]` indexes the result; a `(` on the next line is no
    /// argument list either.
    #[test]
    fn a_bracket_after_a_pipe_stage_starts_the_body() {
        for text in [
            "let t = $.a | f(1)\n[true]",
            "let t = $.a | f\n[true]",
            "let t = if a then b else $.a | f(1)\n[true]",
            "let t = $.a | f\n(true)",
        ] {
            let (got, body) = value_and_body(text);
            assert!(
                matches!(got.kind, ExprKind::Pipe { .. } | ExprKind::If { .. }),
                "{text}"
            );
            assert!(body.is_some(), "{text}");
        }
        let (got, body) = value_and_body("let t = ($.a | f(1))[0]\n$");
        assert!(
            matches!(got.kind, ExprKind::Path { base, .. } if matches!(base.kind, ExprKind::Paren(_)))
        );
        assert!(matches!(body.map(|b| b.kind), Some(ExprKind::Root)));
        let (got, _) = value_and_body("let t = $.a | f (1)");
        assert!(matches!(got.kind, ExprKind::Pipe { args, .. } if args.len() == 1));
    }

    /// An open form the parser ended early, before an operator its last
    /// expression cannot take, stays bare: `(if … | f) % $`.
    #[test]
    fn an_open_form_ending_in_a_pipe_stops_before_an_operator() {
        let e = expr("if a then b else x | lines % $");
        let ExprKind::Binary {
            op: BinaryOp::Rem,
            left,
            ..
        } = &e.kind
        else {
            panic!("{e:?}")
        };
        assert!(matches!(left.kind, ExprKind::If { .. }));
        // A `.name` on the next line still continues the path.
        let (got, body) = value_and_body("let t = if a then b else $.x\n  .y\n[1]");
        let ExprKind::If { otherwise, .. } = &got.kind else {
            panic!("{got:?}")
        };
        assert!(matches!(&otherwise.kind, ExprKind::Path { segments, .. } if segments.len() == 2));
        assert!(body.is_some());
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
