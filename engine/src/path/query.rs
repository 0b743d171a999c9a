//! Strict RFC 9535 queries over plain JSON: what `ferry query` and the
//! Compliance Test Suite run. No Ferry extensions, so no executor: the
//! plan's node type is uninhabited and results borrow the document.

use ferry_dsl::ast::ExprKind;
use ferry_dsl::codes::BAD_QUERY;
use ferry_dsl::{Diagnostic, Diagnostics};

use crate::error::Raise;
use crate::value::Val;

use super::{PathEnv, PathPlan};

/// The executor node of a strict query: there is none, since the strict
/// grammar has no Ferry expressions.
#[derive(Debug)]
enum NoExpr {}

/// `$` for a strict query.
struct Document<'a> {
    root: Val<'a>,
}

impl<'a> PathEnv<'a, NoExpr> for Document<'a> {
    fn root(&self) -> Val<'a> {
        self.root.clone()
    }

    fn eval(&mut self, node: &NoExpr) -> Result<Val<'a>, Raise> {
        match *node {}
    }
}

/// A compiled strict JSONPath query; reusable and `Send + Sync`.
///
/// ```
/// let query = ferry_engine::path::Query::compile("$.store.book[?@.price < 10].title").unwrap();
/// let doc = serde_json::json!({"store": {"book": [{"title": "A", "price": 8}]}});
/// assert_eq!(query.select(&doc), [&serde_json::json!("A")]);
/// ```
#[derive(Debug)]
pub struct Query {
    plan: PathPlan<NoExpr>,
}

impl Query {
    /// Parses and compiles a query; diagnostics for invalid syntax and
    /// ill-typed filters.
    pub fn compile(text: &str) -> Result<Query, Diagnostics> {
        let expr = ferry_dsl::parse_query(text)?;
        let segments = match &expr.kind {
            ExprKind::Root => &[][..],
            ExprKind::Path { base, segments } if matches!(base.kind, ExprKind::Root) => {
                segments.as_slice()
            }
            _ => {
                return Err(
                    Diagnostic::error(BAD_QUERY, "a query starts with `$`", expr.span).into(),
                );
            }
        };
        let plan = PathPlan::compile(segments, &mut |e| {
            Err(Diagnostic::error(
                BAD_QUERY,
                "a JSONPath query cannot contain Ferry expressions",
                e.span,
            )
            .into())
        })?;
        Ok(Query { plan })
    }

    /// The nodes the query selects, in RFC order, borrowed from `doc`.
    ///
    /// A document nested deeper than the descent limit (1024 levels, far
    /// beyond what `serde_json` parses) gives an empty list for a query
    /// with a descendant segment.
    pub fn select<'a>(&self, doc: &'a serde_json::Value) -> Vec<&'a serde_json::Value> {
        let mut env = Document {
            root: Val::from_json(doc),
        };
        self.plan.collect(doc, &mut env).unwrap_or_default()
    }
}

/// Compiles and runs a strict RFC 9535 query against a document.
///
/// ```
/// let doc = serde_json::json!({"a": [1, 2, 3]});
/// let nodes = ferry_engine::path::query("$.a[-1]", &doc).unwrap();
/// assert_eq!(nodes, [serde_json::json!(3)]);
/// ```
pub fn query(
    text: &str,
    document: &serde_json::Value,
) -> Result<Vec<serde_json::Value>, Diagnostics> {
    let query = Query::compile(text)?;
    Ok(query.select(document).into_iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Query>();
        assert_send_sync::<PathPlan<NoExpr>>();
    }
}
