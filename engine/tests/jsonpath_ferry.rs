//! Ferry's path extensions through the real parser: dynamic selectors
//! (`$.items[i]`) and variables inside filters (`[?@.sku == wanted]`),
//! with a tiny stand-in executor that knows variables and literals.

use ferry_dsl::ast::{Expr, ExprKind, StrPart};
use ferry_engine::error::Raise;
use ferry_engine::path::{PathEnv, PathPlan};
use ferry_engine::value::Val;
use serde_json::{Value, json};

/// The stand-in executor: evaluates the expressions it was handed.
struct Env<'a> {
    root: &'a Value,
    vars: &'a Value,
}

impl<'a> PathEnv<'a, Expr> for Env<'a> {
    fn root(&self) -> Val<'a> {
        Val::from_json(self.root)
    }

    fn eval(&mut self, node: &Expr) -> Result<Val<'a>, Raise> {
        Ok(match &node.kind {
            ExprKind::Var(name) => self.vars.get(&name.name).map_or(Val::Null, Val::from_json),
            ExprKind::Number(n) => Val::int(n.parse().expect("integer literal")),
            ExprKind::Str(parts) => match parts.as_slice() {
                [StrPart::Lit(s)] => Val::string(s.clone()),
                _ => Val::string(""),
            },
            ExprKind::Null => Val::Null,
            ExprKind::Bool(b) => Val::Bool(*b),
            other => panic!("the stand-in executor cannot evaluate {other:?}"),
        })
    }
}

/// Parses a Ferry path over `$` and runs it: `Ok(nodes)` or the error code.
fn run(source: &str, doc: &Value, vars: &Value) -> Result<Vec<Value>, String> {
    let expr = ferry_dsl::parse_expr(source).map_err(|d| d.to_string())?;
    let ExprKind::Path { segments, .. } = &expr.kind else {
        panic!("{source} is not a path");
    };
    let plan = PathPlan::compile(segments, &mut |e| Ok(e.clone())).map_err(|d| d.to_string())?;
    let mut env = Env { root: doc, vars };
    let nodes = plan
        .select(Val::from_json(doc), &mut env)
        .map_err(|r| r.code().to_string())?;
    Ok(nodes.iter().map(Val::to_json).collect())
}

/// One case per line: source, expected nodes (or `Err(code)`).
macro_rules! case {
    ($source:expr, Err($code:expr)) => {
        assert_eq!(run($source, &doc(), &vars()), Err($code.to_string()), "{}", $source)
    };
    ($source:expr, [$($node:tt),*]) => {
        assert_eq!(run($source, &doc(), &vars()), Ok(vec![$(json!($node)),*]), "{}", $source)
    };
}

fn doc() -> Value {
    json!({
        "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}, {"sku": "c", "qty": 7}],
        "prices": {"a": 10, "b": 20},
        "min": 4
    })
}

fn vars() -> Value {
    json!({"i": 1, "last": -1, "key": "b", "wanted": "c", "limit": 3, "nothing": null, "flag": true})
}

#[test]
fn dynamic_selectors_choose_members_and_elements() {
    case!("$.items[i].sku", ["b"]);
    case!("$.items[last].qty", [7]);
    case!("$.prices[key]", [20]);
    case!("$.prices[wanted]", []);
    case!("$.items[nothing]", []);
    case!("$.missing[key]", []);
    case!("$.items[flag]", Err("E0401"));
}

#[test]
fn variables_inside_filters() {
    case!("$.items[?@.sku == wanted].qty", [7]);
    case!("$.items[?@.qty > limit].sku", ["b", "c"]);
    case!("$.items[?@.qty > $.min && @.sku != wanted].sku", ["b"]);
    case!("$.items[?length(@.sku) == 1 && @.qty < limit].sku", ["a"]);
}

#[test]
fn strict_features_work_in_mappings_too() {
    case!("$..sku", ["a", "b", "c"]);
    case!("$.items[::-1].sku", ["c", "b", "a"]);
    case!("$.items[?match(@.sku, '[ab]')].qty", [1, 5]);
}
