//! Unit-test helpers: AST builders (so tests do not depend on the parser)
//! and a small executor standing in for the real one.

use ferry_dsl::Span;
use ferry_dsl::ast::{
    BinaryOp, Comparable, ComparableKind, Expr, ExprKind, Filter, FilterArg, FilterKind, Ident,
    Literal, Segment, Selector,
};
use ferry_dsl::{Diagnostic, Diagnostics};
use serde_json::Value;

use crate::error::Raise;
use crate::value::Val;

use super::{PathEnv, PathPlan};

/// What the test executor evaluates: a variable or a constant.
#[derive(Debug)]
pub(crate) enum TestExpr {
    Var(String),
    Int(i64),
    Str(String),
}

/// Variables live in a JSON object; `$` is the document.
pub(crate) struct TestEnv<'a> {
    pub(crate) root: &'a Value,
    pub(crate) vars: &'a Value,
}

impl<'a> PathEnv<'a, TestExpr> for TestEnv<'a> {
    fn root(&self) -> Val<'a> {
        Val::from_json(self.root)
    }

    fn eval(&mut self, node: &TestExpr) -> Result<Val<'a>, Raise> {
        Ok(match node {
            TestExpr::Var(name) => self.vars.get(name).map_or(Val::Null, Val::from_json),
            TestExpr::Int(i) => Val::int(*i),
            TestExpr::Str(s) => Val::string(s.clone()),
        })
    }
}

/// Lowers the expressions tests use.
pub(crate) fn lower(expr: &Expr) -> Result<TestExpr, Diagnostics> {
    match &expr.kind {
        ExprKind::Var(ident) => Ok(TestExpr::Var(ident.name.clone())),
        ExprKind::Number(n) => Ok(TestExpr::Int(n.parse().unwrap())),
        ExprKind::Str(parts) => match parts.as_slice() {
            [ferry_dsl::ast::StrPart::Lit(s)] => Ok(TestExpr::Str(s.clone())),
            _ => Ok(TestExpr::Str(String::new())),
        },
        _ => Err(Diagnostic::error("E9999", "unsupported in tests", expr.span).into()),
    }
}

pub(crate) fn compile(segments: &[Segment]) -> Result<PathPlan<TestExpr>, Diagnostics> {
    PathPlan::compile(segments, &mut lower)
}

/// Selects with `vars` as the variables; the values as JSON.
pub(crate) fn select_with(segments: &[Segment], doc: &Value, vars: &Value) -> Vec<Value> {
    let plan = compile(segments).expect("path compiles");
    let mut env = TestEnv { root: doc, vars };
    let nodes = plan
        .select(Val::from_json(doc), &mut env)
        .expect("path runs");
    nodes.iter().map(Val::to_json).collect()
}

pub(crate) fn select(segments: &[Segment], doc: &Value) -> Vec<Value> {
    select_with(segments, doc, &Value::Null)
}

fn span() -> Span {
    Span::default()
}

pub(crate) fn child(selectors: Vec<Selector>) -> Segment {
    Segment {
        descendant: false,
        selectors,
        span: span(),
    }
}

pub(crate) fn descendant(selectors: Vec<Selector>) -> Segment {
    Segment {
        descendant: true,
        selectors,
        span: span(),
    }
}

pub(crate) fn name(n: &str) -> Selector {
    Selector::Name(n.into())
}

pub(crate) fn slice(start: Option<i64>, end: Option<i64>, step: Option<i64>) -> Selector {
    Selector::Slice { start, end, step }
}

pub(crate) fn var_expr(name: &str) -> Expr {
    expr(ExprKind::Var(ident(name)))
}

pub(crate) fn expr(kind: ExprKind) -> Expr {
    Expr { kind, span: span() }
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: span(),
    }
}

/// `@` followed by segments.
pub(crate) fn at(segments: Vec<Segment>) -> Expr {
    rooted(ExprKind::Current, segments)
}

/// `$` followed by segments.
pub(crate) fn root(segments: Vec<Segment>) -> Expr {
    rooted(ExprKind::Root, segments)
}

fn rooted(base: ExprKind, segments: Vec<Segment>) -> Expr {
    if segments.is_empty() {
        expr(base)
    } else {
        expr(ExprKind::Path {
            base: Box::new(expr(base)),
            segments,
        })
    }
}

pub(crate) fn filter(kind: FilterKind) -> Filter {
    Filter { kind, span: span() }
}

pub(crate) fn filter_selector(kind: FilterKind) -> Selector {
    Selector::Filter(filter(kind))
}

pub(crate) fn exists(query: Expr) -> FilterKind {
    FilterKind::Exists(Box::new(query))
}

pub(crate) fn compare(op: BinaryOp, left: Comparable, right: Comparable) -> FilterKind {
    FilterKind::Compare { op, left, right }
}

pub(crate) fn comparable(kind: ComparableKind) -> Comparable {
    Comparable { kind, span: span() }
}

pub(crate) fn query(query: Expr) -> Comparable {
    comparable(ComparableKind::Query(Box::new(query)))
}

pub(crate) fn num(text: &str) -> Comparable {
    comparable(ComparableKind::Literal(Literal::Number(text.into())))
}

pub(crate) fn text(s: &str) -> Comparable {
    comparable(ComparableKind::Literal(Literal::Str(s.into())))
}

pub(crate) fn literal(l: Literal) -> Comparable {
    comparable(ComparableKind::Literal(l))
}

pub(crate) fn var(name: &str) -> Comparable {
    comparable(ComparableKind::Var(Box::new(expr(ExprKind::Var(ident(
        name,
    ))))))
}

pub(crate) fn call(name: &str, args: Vec<Comparable>) -> Comparable {
    comparable(ComparableKind::Function {
        name: ident(name),
        args: args.into_iter().map(FilterArg::Value).collect(),
    })
}
