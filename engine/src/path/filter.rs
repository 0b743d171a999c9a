//! Filter selectors, `[?…]` (RFC 9535 §2.3.5): compiled once with their
//! well-typedness checked (§2.4.3), then tested against each child.
//!
//! Comparisons follow the RFC to the letter: an empty nodelist is
//! "Nothing", equal only to Nothing; `<` holds only between two numbers
//! or two strings; arrays and objects compare structurally; `!=`, `<=`,
//! `>` and `>=` derive from `==` and `<`.

use std::cmp::Ordering;

use ferry_dsl::ast::{self, BinaryOp, ComparableKind, ExprKind, FilterKind};
use ferry_dsl::codes::{BAD_FILTER_TYPE, BAD_NUMBER};
use ferry_dsl::{Diagnostic, Diagnostics, Span};

use crate::error::Raise;
use crate::value::{Num, Str, Val};

use super::PathEnv;
use super::function::{Function, ResultType};
use super::plan::{Lower, PathPlan};

/// A compiled logical expression.
pub(crate) enum FilterPlan<N> {
    Or(Vec<FilterPlan<N>>),
    And(Vec<FilterPlan<N>>),
    Not(Box<FilterPlan<N>>),
    /// A query as a test: true when it selects a node.
    Exists(QueryPlan<N>),
    /// A function as a test (`match`, `search`).
    Test(Box<Function<N>>),
    Compare {
        op: Comparison,
        left: Operand<N>,
        right: Operand<N>,
    },
}

/// The six comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A query inside a filter: its start and its segments.
pub(crate) struct QueryPlan<N> {
    pub(crate) base: Base<N>,
    pub(crate) path: PathPlan<N>,
}

/// Where a query inside a filter starts.
pub(crate) enum Base<N> {
    /// `$`, the document root.
    Root,
    /// `@`, the node under test.
    Current,
    /// Ferry extension: any other expression, evaluated by the executor.
    Value(N),
}

/// A value operand (RFC ValueType): a comparison side or a function
/// argument.
pub(crate) enum Operand<N> {
    Literal(Literal),
    /// A singular query; Nothing when it selects no node.
    Query(QueryPlan<N>),
    /// Ferry extension: a variable, evaluated by the executor.
    Var(N),
    /// A function returning a value (`length`, `count`, `value`).
    Function(Box<Function<N>>),
}

/// A JSON literal, parsed once.
#[derive(Debug, Clone)]
pub(crate) enum Literal {
    Null,
    Bool(bool),
    Num(Num),
    Str(Box<str>),
}

impl Literal {
    fn compile(literal: &ast::Literal, span: Span) -> Result<Literal, Diagnostics> {
        Ok(match literal {
            ast::Literal::Null => Literal::Null,
            ast::Literal::Bool(b) => Literal::Bool(*b),
            ast::Literal::Str(s) => Literal::Str(s.as_str().into()),
            ast::Literal::Number(text) => Literal::Num(Num::parse(text).ok_or_else(|| {
                Diagnostic::error(BAD_NUMBER, format!("number `{text}` is out of range"), span)
            })?),
        })
    }

    /// The literal as a value borrowing the plan.
    pub(crate) fn value(&self) -> Val<'_> {
        match self {
            Literal::Null => Val::Null,
            Literal::Bool(b) => Val::Bool(*b),
            Literal::Num(n) => Val::Num(*n),
            Literal::Str(s) => Val::Str(Str::Borrowed(s)),
        }
    }
}

fn type_error(message: impl Into<String>, span: Span) -> Diagnostics {
    Diagnostic::error(BAD_FILTER_TYPE, message, span).into()
}

fn type_error_with_help(
    message: impl Into<String>,
    help: impl Into<String>,
    span: Span,
) -> Diagnostics {
    Diagnostic::error(BAD_FILTER_TYPE, message, span)
        .with_help(help)
        .into()
}

impl<N> FilterPlan<N> {
    /// Calls `f` on every executor expression the filter embeds.
    pub(crate) fn each_expr(&self, f: &mut dyn FnMut(&N)) {
        match self {
            FilterPlan::Or(items) | FilterPlan::And(items) => {
                items.iter().for_each(|item| item.each_expr(f));
            }
            FilterPlan::Not(inner) => inner.each_expr(f),
            FilterPlan::Exists(query) => query.each_expr(f),
            FilterPlan::Test(function) => function.each_expr(f),
            FilterPlan::Compare { left, right, .. } => {
                left.each_expr(f);
                right.each_expr(f);
            }
        }
    }

    /// Compiles a logical expression.
    pub(crate) fn compile(
        filter: &ast::Filter,
        lower: &mut Lower<'_, N>,
    ) -> Result<FilterPlan<N>, Diagnostics> {
        Ok(match &filter.kind {
            FilterKind::Or(items) => FilterPlan::Or(compile_all(items, lower)?),
            FilterKind::And(items) => FilterPlan::And(compile_all(items, lower)?),
            FilterKind::Not(inner) => FilterPlan::Not(Box::new(FilterPlan::compile(inner, lower)?)),
            FilterKind::Paren(inner) => FilterPlan::compile(inner, lower)?,
            FilterKind::Exists(query) => FilterPlan::Exists(QueryPlan::compile(query, lower)?),
            FilterKind::Test(comparable) => compile_test(comparable, lower)?,
            FilterKind::Compare { op, left, right } => {
                let op = match op {
                    BinaryOp::Eq => Comparison::Eq,
                    BinaryOp::Ne => Comparison::Ne,
                    BinaryOp::Lt => Comparison::Lt,
                    BinaryOp::Le => Comparison::Le,
                    BinaryOp::Gt => Comparison::Gt,
                    BinaryOp::Ge => Comparison::Ge,
                    other => {
                        return Err(type_error(
                            format!("`{}` is not a comparison", other.symbol()),
                            filter.span,
                        ));
                    }
                };
                FilterPlan::Compare {
                    op,
                    left: Operand::compile(left, lower)?,
                    right: Operand::compile(right, lower)?,
                }
            }
        })
    }

    /// True when the filter holds for `current`.
    pub(crate) fn test<'a>(
        &self,
        current: &Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<bool, Raise> {
        Ok(match self {
            FilterPlan::Or(items) => {
                for item in items {
                    if item.test(current, env)? {
                        return Ok(true);
                    }
                }
                false
            }
            FilterPlan::And(items) => {
                for item in items {
                    if !item.test(current, env)? {
                        return Ok(false);
                    }
                }
                true
            }
            FilterPlan::Not(inner) => !inner.test(current, env)?,
            FilterPlan::Exists(query) => {
                let start = query.start(current, env)?;
                query.path.exists(start, env)?
            }
            FilterPlan::Test(function) => function.test(current, env)?,
            FilterPlan::Compare { op, left, right } => {
                let left = left.eval(current, env)?;
                let right = right.eval(current, env)?;
                compare(*op, left.as_ref(), right.as_ref())
            }
        })
    }
}

fn compile_all<N>(
    items: &[ast::Filter],
    lower: &mut Lower<'_, N>,
) -> Result<Vec<FilterPlan<N>>, Diagnostics> {
    items
        .iter()
        .map(|f| FilterPlan::compile(f, lower))
        .collect()
}

/// A comparable used on its own as a test: a function returning a logical,
/// or a query.
fn compile_test<N>(
    comparable: &ast::Comparable,
    lower: &mut Lower<'_, N>,
) -> Result<FilterPlan<N>, Diagnostics> {
    match &comparable.kind {
        ComparableKind::Query(query) => Ok(FilterPlan::Exists(QueryPlan::compile(query, lower)?)),
        ComparableKind::Function { name, args } => {
            let function = Function::compile(name, args, comparable.span, lower)?;
            match function.result_type() {
                ResultType::Logical => Ok(FilterPlan::Test(Box::new(function))),
                ResultType::Value => Err(type_error_with_help(
                    format!("the result of `{}` must be compared", name.name),
                    format!("for example `{}(…) > 0`", name.name),
                    comparable.span,
                )),
            }
        }
        ComparableKind::Literal(_) | ComparableKind::Var(_) => Err(type_error(
            "a value cannot be used as a test; compare it",
            comparable.span,
        )),
    }
}

impl<N> QueryPlan<N> {
    /// Calls `f` on every executor expression the query embeds.
    pub(crate) fn each_expr(&self, f: &mut dyn FnMut(&N)) {
        if let Base::Value(n) = &self.base {
            f(n);
        }
        self.path.each_expr(f);
    }

    /// Compiles a query rooted at `@`, `$` (or, as a Ferry extension, any
    /// expression).
    pub(crate) fn compile(
        query: &ast::Expr,
        lower: &mut Lower<'_, N>,
    ) -> Result<QueryPlan<N>, Diagnostics> {
        let (base, segments): (&ast::Expr, &[ast::Segment]) = match &query.kind {
            ExprKind::Path { base, segments } => (base, segments),
            _ => (query, &[]),
        };
        let base = match &base.kind {
            ExprKind::Root => Base::Root,
            ExprKind::Current => Base::Current,
            _ => Base::Value(lower(base)?),
        };
        Ok(QueryPlan {
            base,
            path: PathPlan::compile(segments, lower)?,
        })
    }

    /// The node the query starts from.
    pub(crate) fn start<'a>(
        &self,
        current: &Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Val<'a>, Raise> {
        match &self.base {
            Base::Root => Ok(env.root()),
            Base::Current => Ok(current.clone()),
            Base::Value(node) => env.eval(node),
        }
    }
}

impl<N> Operand<N> {
    /// Calls `f` on every executor expression the operand embeds.
    pub(crate) fn each_expr(&self, f: &mut dyn FnMut(&N)) {
        match self {
            Operand::Literal(_) => {}
            Operand::Query(query) => query.each_expr(f),
            Operand::Var(n) => f(n),
            Operand::Function(function) => function.each_expr(f),
        }
    }

    /// Compiles a value operand; queries must be singular and functions
    /// must return a value.
    pub(crate) fn compile(
        comparable: &ast::Comparable,
        lower: &mut Lower<'_, N>,
    ) -> Result<Operand<N>, Diagnostics> {
        let span = comparable.span;
        Ok(match &comparable.kind {
            ComparableKind::Literal(literal) => Operand::Literal(Literal::compile(literal, span)?),
            ComparableKind::Query(query) => {
                let query = QueryPlan::compile(query, lower)?;
                if !query.path.is_singular() {
                    return Err(type_error_with_help(
                        "a query compared or passed as a value must be singular",
                        "use only names and indexes (`@.a[0]`), or wrap it in `value(…)`",
                        span,
                    ));
                }
                Operand::Query(query)
            }
            ComparableKind::Var(value) => Operand::Var(lower(value)?),
            ComparableKind::Function { name, args } => {
                let function = Function::compile(name, args, span, lower)?;
                if function.result_type() != ResultType::Value {
                    return Err(type_error(
                        format!(
                            "`{}` returns a logical, which cannot be compared",
                            name.name
                        ),
                        span,
                    ));
                }
                Operand::Function(Box::new(function))
            }
        })
    }

    /// The operand's value, or `None` for Nothing.
    pub(crate) fn eval<'s, 'a: 's>(
        &'s self,
        current: &Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Option<Val<'s>>, Raise> {
        Ok(match self {
            Operand::Literal(literal) => Some(literal.value()),
            Operand::Query(query) => {
                let start = query.start(current, env)?;
                query.path.get(start, env)?
            }
            Operand::Var(node) => Some(env.eval(node)?),
            Operand::Function(function) => function.value(current, env)?,
        })
    }
}

/// Applies a comparison operator to two operands (`None` is Nothing).
pub(crate) fn compare(op: Comparison, left: Option<&Val<'_>>, right: Option<&Val<'_>>) -> bool {
    match op {
        Comparison::Eq => equal(left, right),
        Comparison::Ne => !equal(left, right),
        Comparison::Lt => less(left, right),
        Comparison::Le => less(left, right) || equal(left, right),
        Comparison::Gt => less(right, left),
        Comparison::Ge => less(right, left) || equal(left, right),
    }
}

fn equal(left: Option<&Val<'_>>, right: Option<&Val<'_>>) -> bool {
    match (left, right) {
        (None, None) => true,
        (Some(a), Some(b)) => a.equals(b),
        _ => false,
    }
}

fn less(left: Option<&Val<'_>>, right: Option<&Val<'_>>) -> bool {
    match (left, right) {
        (Some(a), Some(b)) => a.compare(b) == Some(Ordering::Less),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use ferry_dsl::ast::{BinaryOp, FilterKind, Literal as Lit, Selector};
    use serde_json::{Value, json};

    use super::super::testing::*;

    fn filtered(kind: FilterKind, doc: &Value) -> Vec<Value> {
        select(&[child(vec![filter_selector(kind)])], doc)
    }

    #[test]
    fn existence_tests_see_null_members() {
        let doc = json!([{"a": null}, {"b": 1}, 3]);
        assert_eq!(
            filtered(exists(at(vec![child(vec![name("a")])])), &doc),
            [json!({"a": null})]
        );
        let not = FilterKind::Not(Box::new(filter(exists(at(vec![child(vec![name("a")])])))));
        assert_eq!(filtered(not, &doc), [json!({"b": 1}), json!(3)]);
    }

    #[test]
    fn filters_run_over_object_member_values() {
        let doc = json!({"x": {"p": 1}, "y": {"p": 5}});
        let kind = compare(
            BinaryOp::Gt,
            query(at(vec![child(vec![name("p")])])),
            num("2"),
        );
        assert_eq!(filtered(kind, &doc), [json!({"p": 5})]);
    }

    #[test]
    fn comparisons_follow_rfc_semantics() {
        let doc = json!([1, 1.0, 2, "1", "b", "a", true, null, [1], {"k": 1}]);
        let at_self = || query(at(vec![]));
        let run = |op, right| filtered(compare(op, at_self(), right), &doc);
        assert_eq!(run(BinaryOp::Eq, num("1")), [json!(1), json!(1.0)]);
        assert_eq!(run(BinaryOp::Lt, num("2")), [json!(1), json!(1.0)]);
        assert_eq!(run(BinaryOp::Ge, num("2")), [json!(2)]);
        assert_eq!(run(BinaryOp::Gt, text("a")), [json!("b")]);
        assert_eq!(run(BinaryOp::Le, text("a")), [json!("1"), json!("a")]);
        assert_eq!(run(BinaryOp::Eq, literal(Lit::Null)), [json!(null)]);
        assert_eq!(run(BinaryOp::Eq, literal(Lit::Bool(true))), [json!(true)]);
        assert_eq!(run(BinaryOp::Ne, num("1")).len(), 8);
        assert!(run(BinaryOp::Lt, literal(Lit::Bool(true))).is_empty());
        assert!(run(BinaryOp::Le, literal(Lit::Null)).len() == 1);
    }

    #[test]
    fn nothing_equals_only_nothing() {
        let doc = json!([{"a": 1}, {"b": 2}]);
        let a = || query(at(vec![child(vec![name("a")])]));
        let c = || query(at(vec![child(vec![name("c")])]));
        assert_eq!(
            filtered(compare(BinaryOp::Eq, a(), c()), &doc),
            [json!({"b": 2})]
        );
        assert_eq!(
            filtered(compare(BinaryOp::Ne, c(), num("1")), &doc).len(),
            2
        );
        assert!(filtered(compare(BinaryOp::Le, c(), c()), &doc).len() == 2);
        assert!(filtered(compare(BinaryOp::Lt, c(), c()), &doc).is_empty());
    }

    #[test]
    fn structures_compare_structurally() {
        let doc = json!([{"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}]);
        let root_a = root(vec![
            child(vec![Selector::Index(0)]),
            child(vec![name("a")]),
        ]);
        let kind = compare(
            BinaryOp::Eq,
            query(at(vec![child(vec![name("a")])])),
            query(root_a),
        );
        assert_eq!(filtered(kind, &doc), [json!({"a": [1, {"b": 2}]})]);
    }

    #[test]
    fn logical_operators_combine() {
        let doc = json!([{"a": 1, "b": 1}, {"a": 1}, {"b": 1}, {}]);
        let has = |n: &str| filter(exists(at(vec![child(vec![name(n)])])));
        assert_eq!(
            filtered(FilterKind::And(vec![has("a"), has("b")]), &doc),
            [json!({"a": 1, "b": 1})]
        );
        assert_eq!(
            filtered(FilterKind::Or(vec![has("a"), has("b")]), &doc).len(),
            3
        );
        let paren = FilterKind::Paren(Box::new(filter(FilterKind::Or(vec![has("a"), has("b")]))));
        assert_eq!(
            filtered(FilterKind::Not(Box::new(filter(paren))), &doc),
            [json!({})]
        );
    }

    #[test]
    fn nested_filters_rebind_the_current_node() {
        let doc = json!([[0, 1], [2, 3], [0]]);
        let inner = filter_selector(compare(BinaryOp::Gt, query(at(vec![])), num("1")));
        let outer = exists(at(vec![child(vec![inner])]));
        assert_eq!(filtered(outer, &doc), [json!([2, 3])]);
    }

    #[test]
    fn variables_are_evaluated_by_the_executor() {
        let doc = json!([{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}]);
        let vars = json!({"wanted": "b", "min": 2});
        let kind = FilterKind::And(vec![
            filter(compare(
                BinaryOp::Eq,
                query(at(vec![child(vec![name("sku")])])),
                var("wanted"),
            )),
            filter(compare(
                BinaryOp::Ge,
                query(at(vec![child(vec![name("qty")])])),
                var("min"),
            )),
        ]);
        let path = [child(vec![filter_selector(kind)]), child(vec![name("qty")])];
        assert_eq!(select_with(&path, &doc, &vars), [json!(5)]);
    }

    #[test]
    fn comparing_a_non_singular_query_is_rejected() {
        let kind = compare(
            BinaryOp::Eq,
            query(at(vec![child(vec![Selector::Wildcard])])),
            num("1"),
        );
        let err = compile(&[child(vec![filter_selector(kind)])]).unwrap_err();
        assert_eq!(err.0[0].code, ferry_dsl::codes::BAD_FILTER_TYPE);
        let kind = compare(
            BinaryOp::Eq,
            query(at(vec![descendant(vec![name("a")])])),
            num("1"),
        );
        assert!(compile(&[child(vec![filter_selector(kind)])]).is_err());
    }

    #[test]
    fn literals_and_variables_are_not_tests() {
        for c in [num("1"), var("x")] {
            let kind = FilterKind::Test(c);
            assert!(compile(&[child(vec![filter_selector(kind)])]).is_err());
        }
    }
}
