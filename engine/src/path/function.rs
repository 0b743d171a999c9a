//! The function extensions of RFC 9535 §2.4: `length`, `count`, `value`,
//! `match` and `search`, with their type checks at compile time.
//!
//! A `match` or `search` whose pattern is a literal gets its regex compiled
//! here, once; a computed pattern is compiled on first use and cached.

use std::borrow::Cow;

use ferry_dsl::ast::{self, ComparableKind, FilterArg, FilterKind};
use ferry_dsl::codes::BAD_FILTER_TYPE;
use ferry_dsl::{Diagnostic, Diagnostics, Span};
use regex::Regex;

use crate::codes::{UNKNOWN_FUNCTION, WRONG_ARITY};
use crate::error::Raise;
use crate::value::Val;

use super::PathEnv;
use super::filter::{Literal, Operand, QueryPlan};
use super::iregexp::{self, Anchoring, RegexCache};
use super::plan::Lower;

/// A compiled function call.
pub(crate) enum Function<N> {
    /// `length(value)`: characters, elements or members; else Nothing.
    Length(Operand<N>),
    /// `count(nodes)`: the number of nodes.
    Count(QueryPlan<N>),
    /// `value(nodes)`: the value of the only node; else Nothing.
    Value(QueryPlan<N>),
    /// `match(text, pattern)` (whole string) or `search(…)` (anywhere).
    Regex {
        anchoring: Anchoring,
        subject: Operand<N>,
        pattern: Pattern<N>,
    },
}

/// The pattern of `match` or `search`.
pub(crate) enum Pattern<N> {
    /// A literal, compiled at compile time (`None`: never matches, the
    /// literal being no string or no valid I-Regexp).
    Constant(Literal, Option<Regex>),
    /// Computed per node; compiled on first use.
    Computed {
        operand: Operand<N>,
        cache: RegexCache,
    },
}

/// What a function returns, in the RFC's type system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultType {
    /// A JSON value or Nothing; must be compared.
    Value,
    /// True or false; a test on its own. (No standard function returns
    /// the third type, a nodelist.)
    Logical,
}

impl<N> Function<N> {
    /// Calls `f` on every executor expression the call embeds.
    pub(crate) fn each_expr(&self, f: &mut dyn FnMut(&N)) {
        match self {
            Function::Length(operand) => operand.each_expr(f),
            Function::Count(query) | Function::Value(query) => query.each_expr(f),
            Function::Regex {
                subject, pattern, ..
            } => {
                subject.each_expr(f);
                if let Pattern::Computed { operand, .. } = pattern {
                    operand.each_expr(f);
                }
            }
        }
    }

    /// Compiles a call, checking its name, arity and argument types.
    pub(crate) fn compile(
        name: &ast::Ident,
        args: &[FilterArg],
        span: Span,
        lower: &mut Lower<'_, N>,
    ) -> Result<Function<N>, Diagnostics> {
        let arity = match name.name.as_str() {
            "length" | "count" | "value" => 1,
            "match" | "search" => 2,
            other => {
                return Err(Diagnostic::error(
                    UNKNOWN_FUNCTION,
                    format!("unknown filter function `{other}`"),
                    name.span,
                )
                .with_help("filters know `length`, `count`, `value`, `match` and `search`")
                .into());
            }
        };
        if args.len() != arity {
            let plural = if arity == 1 { "" } else { "s" };
            return Err(Diagnostic::error(
                WRONG_ARITY,
                format!(
                    "`{}` takes {arity} argument{plural}, got {}",
                    name.name,
                    args.len()
                ),
                span,
            )
            .into());
        }
        Ok(match name.name.as_str() {
            "length" => Function::Length(value_arg(&args[0], span, lower)?),
            "count" => Function::Count(nodes_arg(&args[0], span, lower)?),
            "value" => Function::Value(nodes_arg(&args[0], span, lower)?),
            _ => {
                let anchoring = if name.name == "match" {
                    Anchoring::Full
                } else {
                    Anchoring::Anywhere
                };
                let subject = value_arg(&args[0], span, lower)?;
                let pattern = match value_arg(&args[1], span, lower)? {
                    Operand::Literal(literal) => {
                        let regex = match &literal {
                            Literal::Str(source) => iregexp::compile(source, anchoring),
                            _ => None,
                        };
                        Pattern::Constant(literal, regex)
                    }
                    operand => Pattern::Computed {
                        operand,
                        cache: RegexCache::new(anchoring),
                    },
                };
                Function::Regex {
                    anchoring,
                    subject,
                    pattern,
                }
            }
        })
    }

    /// What the function returns.
    pub(crate) fn result_type(&self) -> ResultType {
        match self {
            Function::Regex { .. } => ResultType::Logical,
            _ => ResultType::Value,
        }
    }

    /// The result of a value-returning function; `None` is Nothing.
    pub(crate) fn value<'s, 'a: 's>(
        &'s self,
        current: &Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Option<Val<'s>>, Raise> {
        Ok(match self {
            Function::Length(operand) => match operand.eval(current, env)? {
                Some(Val::Str(s)) => Some(Val::int(s.chars().count() as i64)),
                Some(Val::Arr(a)) => Some(Val::int(a.len() as i64)),
                Some(Val::Obj(o)) => Some(Val::int(o.len() as i64)),
                _ => None,
            },
            Function::Count(query) => {
                let start = query.start(current, env)?;
                Some(Val::int(query.path.count(start, env)? as i64))
            }
            Function::Value(query) => {
                let start = query.start(current, env)?;
                query.path.only(start, env)?
            }
            // Type checking keeps logical functions out of value positions.
            Function::Regex { .. } => None,
        })
    }

    /// The result of a logical function used as a test.
    pub(crate) fn test<'a>(
        &self,
        current: &Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<bool, Raise> {
        let Function::Regex {
            subject, pattern, ..
        } = self
        else {
            // Type checking keeps value functions out of test positions.
            return Ok(false);
        };
        let Some(Val::Str(text)) = subject.eval(current, env)? else {
            return Ok(false);
        };
        Ok(match pattern {
            Pattern::Constant(_, regex) => regex.as_ref().is_some_and(|r| r.is_match(&text)),
            Pattern::Computed { operand, cache } => match operand.eval(current, env)? {
                Some(Val::Str(source)) => cache.get(&source).is_some_and(|r| r.is_match(&text)),
                _ => false,
            },
        })
    }
}

/// An argument as a comparable. A parser may wrap a bare query or call in
/// a logical expression; those are read back as the comparable they hold.
fn as_comparable(arg: &FilterArg) -> Option<Cow<'_, ast::Comparable>> {
    match arg {
        FilterArg::Value(comparable) => Some(Cow::Borrowed(comparable)),
        FilterArg::Logical(filter) => match &filter.kind {
            FilterKind::Exists(query) => Some(Cow::Owned(ast::Comparable {
                kind: ComparableKind::Query(query.clone()),
                span: filter.span,
            })),
            FilterKind::Test(comparable) => Some(Cow::Borrowed(comparable)),
            _ => None,
        },
    }
}

/// A ValueType argument: a literal, a singular query, a variable, or a
/// value-returning function.
fn value_arg<N>(
    arg: &FilterArg,
    span: Span,
    lower: &mut Lower<'_, N>,
) -> Result<Operand<N>, Diagnostics> {
    match as_comparable(arg) {
        Some(comparable) => Operand::compile(&comparable, lower),
        None => Err(Diagnostic::error(
            BAD_FILTER_TYPE,
            "a logical expression cannot be a function's value argument",
            span,
        )
        .into()),
    }
}

/// A NodesType argument: a query.
fn nodes_arg<N>(
    arg: &FilterArg,
    span: Span,
    lower: &mut Lower<'_, N>,
) -> Result<QueryPlan<N>, Diagnostics> {
    match as_comparable(arg).as_deref() {
        Some(ast::Comparable {
            kind: ComparableKind::Query(query),
            ..
        }) => QueryPlan::compile(query, lower),
        _ => Err(Diagnostic::error(
            BAD_FILTER_TYPE,
            "this function's argument must be a query (`@…` or `$…`)",
            span,
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use ferry_dsl::ast::{BinaryOp, FilterArg, FilterKind, Selector};
    use serde_json::{Value, json};

    use super::super::testing::*;

    fn filtered(kind: FilterKind, doc: &Value) -> Vec<Value> {
        select(&[child(vec![filter_selector(kind)])], doc)
    }

    fn rejected(kind: FilterKind) -> &'static str {
        compile(&[child(vec![filter_selector(kind)])])
            .unwrap_err()
            .0[0]
            .code
    }

    fn this() -> ferry_dsl::ast::Comparable {
        query(at(vec![]))
    }

    #[test]
    fn length_counts_characters_elements_and_members() {
        let doc = json!(["ab", "é🎁x", [1, 2], {"a": 1}, 5, null]);
        let kind = compare(BinaryOp::Eq, call("length", vec![this()]), num("3"));
        assert_eq!(filtered(kind, &doc), [json!("é🎁x")]);
        let kind = compare(BinaryOp::Eq, call("length", vec![this()]), num("2"));
        assert_eq!(filtered(kind, &doc), [json!("ab"), json!([1, 2])]);
        // length(5) is Nothing, which equals only Nothing.
        let nothing = query(at(vec![child(vec![name("missing")])]));
        let kind = compare(BinaryOp::Eq, call("length", vec![this()]), nothing);
        assert_eq!(filtered(kind, &doc), [json!(5), json!(null)]);
    }

    #[test]
    fn count_and_value_take_nodelists() {
        let doc = json!([{"a": [1, 2]}, {"a": [3]}, {"a": []}]);
        let all = || {
            query(at(vec![
                child(vec![name("a")]),
                child(vec![Selector::Wildcard]),
            ]))
        };
        let kind = compare(BinaryOp::Eq, call("count", vec![all()]), num("2"));
        assert_eq!(filtered(kind, &doc), [json!({"a": [1, 2]})]);
        let kind = compare(BinaryOp::Eq, call("value", vec![all()]), num("3"));
        assert_eq!(filtered(kind, &doc), [json!({"a": [3]})]);
        // value() of several nodes or none is Nothing.
        let nothing = query(at(vec![child(vec![name("missing")])]));
        let kind = compare(BinaryOp::Eq, call("value", vec![all()]), nothing);
        assert_eq!(
            filtered(kind, &doc),
            [json!({"a": [1, 2]}), json!({"a": []})]
        );
    }

    #[test]
    fn match_is_anchored_and_search_is_not() {
        let doc = json!(["ab", "xaby", "a\nb", 7]);
        let kind = FilterKind::Test(call("match", vec![this(), text("a.")]));
        assert_eq!(filtered(kind, &doc), [json!("ab")]);
        let kind = FilterKind::Test(call("search", vec![this(), text("a.")]));
        assert_eq!(filtered(kind, &doc), [json!("ab"), json!("xaby")]);
        let kind = FilterKind::Test(call("search", vec![this(), text("(")]));
        assert!(filtered(kind, &doc).is_empty());
        let kind = FilterKind::Test(call("search", vec![this(), num("1")]));
        assert!(filtered(kind, &doc).is_empty());
    }

    #[test]
    fn computed_patterns_are_compiled_at_run_time() {
        let doc = json!({"re": "b+", "values": ["abb", "ac", "bb"]});
        let pattern = query(root(vec![child(vec![name("re")])]));
        let kind = FilterKind::Test(call("match", vec![this(), pattern]));
        let path = [
            child(vec![name("values")]),
            child(vec![filter_selector(kind)]),
        ];
        assert_eq!(select(&path, &doc), [json!("bb")]);
        let vars = json!({"re": "^a"});
        let kind = FilterKind::Test(call("search", vec![this(), var("re")]));
        let path = [
            child(vec![name("values")]),
            child(vec![filter_selector(kind)]),
        ];
        assert_eq!(select_with(&path, &doc, &vars), [json!("abb"), json!("ac")]);
    }

    #[test]
    fn ill_typed_calls_are_rejected() {
        use crate::codes::{UNKNOWN_FUNCTION, WRONG_ARITY};
        use ferry_dsl::codes::BAD_FILTER_TYPE;
        let all = || query(at(vec![child(vec![Selector::Wildcard])]));
        // A value function as a test.
        assert_eq!(
            rejected(FilterKind::Test(call("count", vec![all()]))),
            BAD_FILTER_TYPE
        );
        // A logical function compared.
        let regex = call("match", vec![this(), text("a")]);
        let kind = compare(
            BinaryOp::Eq,
            regex,
            literal(ferry_dsl::ast::Literal::Bool(true)),
        );
        assert_eq!(rejected(kind), BAD_FILTER_TYPE);
        // length() of a non-singular query.
        let kind = compare(BinaryOp::Eq, call("length", vec![all()]), num("1"));
        assert_eq!(rejected(kind), BAD_FILTER_TYPE);
        // count() of a literal.
        let kind = compare(BinaryOp::Eq, call("count", vec![num("1")]), num("1"));
        assert_eq!(rejected(kind), BAD_FILTER_TYPE);
        let kind = FilterKind::Test(call("search", vec![this()]));
        assert_eq!(rejected(kind), WRONG_ARITY);
        let kind = FilterKind::Test(call("nope", vec![this()]));
        assert_eq!(rejected(kind), UNKNOWN_FUNCTION);
        // A logical expression where a value is expected.
        let logical = FilterArg::Logical(filter(FilterKind::Or(vec![])));
        let kind = compare(
            BinaryOp::Eq,
            comparable(ferry_dsl::ast::ComparableKind::Function {
                name: ident("length"),
                args: vec![logical],
            }),
            num("1"),
        );
        assert_eq!(rejected(kind), BAD_FILTER_TYPE);
    }

    #[test]
    fn a_query_wrapped_as_a_logical_argument_reads_as_the_query() {
        let doc = json!([{"a": [1, 2]}, {"a": [3]}]);
        let arg = FilterArg::Logical(filter(exists(at(vec![
            child(vec![name("a")]),
            child(vec![Selector::Wildcard]),
        ]))));
        let count = comparable(ferry_dsl::ast::ComparableKind::Function {
            name: ident("count"),
            args: vec![arg],
        });
        let kind = compare(BinaryOp::Eq, count, num("1"));
        assert_eq!(filtered(kind, &doc), [json!({"a": [3]})]);
    }
}
