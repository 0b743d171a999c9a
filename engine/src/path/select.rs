//! Running a [`PathPlan`]: segments applied node by node, depth first, so
//! the nodelist comes out in RFC 9535 order without intermediate lists.
//!
//! Every node flows through a continuation (`Ok(true)` to go on, `Ok(false)`
//! to stop early, as `exists` does once it has one node). The singular
//! fast path, [`PathPlan::get`], is a plain loop of lookups.

use crate::codes;
use crate::error::Raise;
use crate::value::Val;

use super::PathEnv;
use super::node::Node;
use super::plan::{PathPlan, SegmentPlan, SelectorPlan, Step};
use super::slice;

/// How deep a descendant segment descends before giving up: far beyond any
/// parsed input (serde_json stops at 128), but a bound for built values.
const MAX_DESCENT: usize = 1024;

/// Where a selected node goes next; `Ok(false)` stops the walk.
type Next<'n, 'a, Nd, N> = dyn FnMut(Nd, &mut dyn PathEnv<'a, N>) -> Result<bool, Raise> + 'n;

impl<N> PathPlan<N> {
    /// The one node a singular path selects, or `None` when it is missing.
    /// Allocates nothing. Meant for singular paths (see
    /// [`is_singular`](Self::is_singular)); on another path it returns the
    /// first node.
    pub fn get<'a>(
        &self,
        start: Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Option<Val<'a>>, Raise> {
        let Some(steps) = &self.steps else {
            let mut first = None;
            self.walk(0, start, env, &mut |node, _| {
                first = Some(node);
                Ok(false)
            })?;
            return Ok(first);
        };
        let mut current = start;
        for step in steps.iter() {
            let next = match step {
                Step::Name(name) => current.field(name),
                Step::Index(i) => current.element(*i),
                Step::Dynamic(segment) => match &self.segments[*segment].selectors[0] {
                    SelectorPlan::Dynamic(key) => dynamic(&current, key, env)?,
                    // `Step::Dynamic` points at a dynamic selector.
                    _ => None,
                },
            };
            match next {
                Some(v) => current = v,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// The nodelist, in RFC 9535 order.
    pub fn select<'a>(
        &self,
        start: Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Vec<Val<'a>>, Raise> {
        if self.is_singular() {
            return Ok(self.get(start, env)?.into_iter().collect());
        }
        self.collect(start, env)
    }

    /// True when the path selects at least one node: a missing member is
    /// false, a member holding null is true.
    pub fn exists<'a>(&self, start: Val<'a>, env: &mut dyn PathEnv<'a, N>) -> Result<bool, Raise> {
        if self.is_singular() {
            return Ok(self.get(start, env)?.is_some());
        }
        let mut found = false;
        self.walk(0, start, env, &mut |_, _| {
            found = true;
            Ok(false)
        })?;
        Ok(found)
    }

    /// Number of nodes selected (the `count` function).
    pub(crate) fn count<'a>(
        &self,
        start: Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<usize, Raise> {
        let mut count = 0;
        self.walk(0, start, env, &mut |_, _| {
            count += 1;
            Ok(true)
        })?;
        Ok(count)
    }

    /// The only node selected, or `None` for none or several (the `value`
    /// function).
    pub(crate) fn only<'a>(
        &self,
        start: Val<'a>,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Option<Val<'a>>, Raise> {
        let mut only = None;
        let mut several = false;
        self.walk(0, start, env, &mut |node, _| {
            several = only.is_some();
            only = Some(node);
            Ok(!several)
        })?;
        Ok(if several { None } else { only })
    }

    /// The nodelist over any kind of node.
    pub(crate) fn collect<'a, Nd: Node<'a>>(
        &self,
        start: Nd,
        env: &mut dyn PathEnv<'a, N>,
    ) -> Result<Vec<Nd>, Raise> {
        let mut out = Vec::new();
        self.walk(0, start, env, &mut |node, _| {
            out.push(node);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Applies segments `index..` to `node`, handing each resulting node
    /// to `emit`. Returns `Ok(false)` when `emit` stopped the walk.
    fn walk<'a, Nd: Node<'a>>(
        &self,
        index: usize,
        node: Nd,
        env: &mut dyn PathEnv<'a, N>,
        emit: &mut Next<'_, 'a, Nd, N>,
    ) -> Result<bool, Raise> {
        let Some(segment) = self.segments.get(index) else {
            return emit(node, env);
        };
        let mut next =
            |child: Nd, env: &mut dyn PathEnv<'a, N>| self.walk(index + 1, child, env, emit);
        if segment.descendant {
            descend(segment, node, env, &mut next, 0)
        } else {
            apply(segment, &node, env, &mut next)
        }
    }
}

/// Applies a segment's selectors to `node` and each of its descendants,
/// node before descendants, arrays in order.
fn descend<'a, Nd: Node<'a>, N>(
    segment: &SegmentPlan<N>,
    node: Nd,
    env: &mut dyn PathEnv<'a, N>,
    next: &mut Next<'_, 'a, Nd, N>,
    depth: usize,
) -> Result<bool, Raise> {
    if depth > MAX_DESCENT {
        return Err(Raise::new(
            codes::SIZE_LIMIT,
            format!("a descendant segment went deeper than {MAX_DESCENT} levels"),
        )
        .uncatchable());
    }
    if !apply(segment, &node, env, next)? {
        return Ok(false);
    }
    if !node.is_container() {
        return Ok(true);
    }
    node.each_child(|child| descend(segment, child, env, next, depth + 1))
}

/// Applies a segment's selectors, in order, to one node.
fn apply<'a, Nd: Node<'a>, N>(
    segment: &SegmentPlan<N>,
    node: &Nd,
    env: &mut dyn PathEnv<'a, N>,
    next: &mut Next<'_, 'a, Nd, N>,
) -> Result<bool, Raise> {
    for selector in &segment.selectors {
        let go_on = match selector {
            SelectorPlan::Name(name) => match node.field(name) {
                Some(child) => next(child, env)?,
                None => true,
            },
            SelectorPlan::Index(i) => match node.element(*i) {
                Some(child) => next(child, env)?,
                None => true,
            },
            SelectorPlan::Wildcard => node.each_child(|child| next(child, env))?,
            SelectorPlan::Slice { start, end, step } => match node.array_len() {
                Some(len) => {
                    let mut go_on = true;
                    for position in slice::positions(*start, *end, *step, len) {
                        if let Some(child) = node.element_at(position)
                            && !next(child, env)?
                        {
                            go_on = false;
                            break;
                        }
                    }
                    go_on
                }
                None => true,
            },
            SelectorPlan::Filter(filter) => node.each_child(|child| {
                if filter.test(&child.value(), env)? {
                    next(child, env)
                } else {
                    Ok(true)
                }
            })?,
            SelectorPlan::Dynamic(key) => {
                if !node.is_container() {
                    true
                } else {
                    match dynamic_child(node, key, env)? {
                        Some(child) => next(child, env)?,
                        None => true,
                    }
                }
            }
        };
        if !go_on {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A dynamic selector on a value (the singular fast path).
fn dynamic<'a, N>(
    node: &Val<'a>,
    key: &N,
    env: &mut dyn PathEnv<'a, N>,
) -> Result<Option<Val<'a>>, Raise> {
    if !node.is_container() {
        return Ok(None);
    }
    dynamic_child(node, key, env)
}

/// Evaluates a dynamic selector's key and selects with it: a string is a
/// member name, a whole number an index (negative from the end) — or, on an
/// object, a member named by the number's text — and null selects nothing.
fn dynamic_child<'a, Nd: Node<'a>, N>(
    node: &Nd,
    key: &N,
    env: &mut dyn PathEnv<'a, N>,
) -> Result<Option<Nd>, Raise> {
    let key = env.eval(key)?;
    match &key {
        Val::Str(name) => Ok(node.field(name)),
        Val::Null => Ok(None),
        // A number on an object looks up its text, as tables keyed by ids
        // expect (`rates[$.code]` with a numeric code).
        Val::Num(_) | Val::RawNum(_) if node.array_len().is_none() => {
            let text = match &key {
                Val::RawNum(n) => (*n).to_owned(),
                _ => key.as_num().map(|n| n.to_string()).unwrap_or_default(),
            };
            Ok(node.field(&text))
        }
        Val::Num(_) | Val::RawNum(_) => match key.as_num().and_then(|n| n.to_i64()) {
            Some(i) => Ok(node.element(i)),
            None => Err(Raise::type_mismatch("a string or a whole number", &key)),
        },
        _ => Err(Raise::type_mismatch("a string or a whole number", &key)),
    }
}

#[cfg(test)]
mod tests {
    use ferry_dsl::ast::{ExprKind, Selector};
    use serde_json::{Value, json};

    use super::super::testing::*;
    use crate::value::Val;

    fn store() -> Value {
        json!({
            "store": {
                "book": [
                    {"title": "A", "price": 8, "isbn": "1"},
                    {"title": "B", "price": 12},
                    {"title": "C", "price": 9, "isbn": null}
                ],
                "bicycle": {"color": "red", "price": 399}
            }
        })
    }

    #[test]
    fn names_and_indexes_select_one_node() {
        let doc = store();
        let path = [
            child(vec![name("store")]),
            child(vec![name("book")]),
            child(vec![Selector::Index(-1)]),
            child(vec![name("title")]),
        ];
        assert_eq!(select(&path, &doc), [json!("C")]);
        let missing = [child(vec![name("store")]), child(vec![name("nope")])];
        assert!(select(&missing, &doc).is_empty());
        let out_of_range = [
            child(vec![name("store")]),
            child(vec![name("book")]),
            child(vec![Selector::Index(3)]),
        ];
        assert!(select(&out_of_range, &doc).is_empty());
    }

    #[test]
    fn singular_get_tells_missing_from_null() {
        let doc = store();
        let plan = compile(&[
            child(vec![name("store")]),
            child(vec![name("book")]),
            child(vec![Selector::Index(2)]),
            child(vec![name("isbn")]),
        ])
        .unwrap();
        assert!(plan.is_singular());
        let mut env = TestEnv {
            root: &doc,
            vars: &Value::Null,
        };
        let got = plan.get(Val::from_json(&doc), &mut env).unwrap();
        assert!(matches!(got, Some(Val::Null)));
        assert!(plan.exists(Val::from_json(&doc), &mut env).unwrap());
        let other = json!({"store": {"book": [{}, {}, {}]}});
        assert!(
            plan.get(Val::from_json(&other), &mut env)
                .unwrap()
                .is_none()
        );
        assert!(!plan.exists(Val::from_json(&other), &mut env).unwrap());
    }

    #[test]
    fn wildcard_selects_elements_and_member_values_in_order() {
        let doc = json!({"o": {"b": 1, "a": 2}, "a": [3, [4]]});
        assert_eq!(
            select(
                &[child(vec![name("o")]), child(vec![Selector::Wildcard])],
                &doc
            ),
            [json!(1), json!(2)]
        );
        assert_eq!(
            select(
                &[child(vec![name("a")]), child(vec![Selector::Wildcard])],
                &doc
            ),
            [json!(3), json!([4])]
        );
        assert!(
            select(
                &[
                    child(vec![name("o")]),
                    child(vec![name("b")]),
                    child(vec![Selector::Wildcard])
                ],
                &doc
            )
            .is_empty()
        );
    }

    #[test]
    fn several_selectors_concatenate_and_may_repeat() {
        let doc = json!([0, 1, 2, 3]);
        let path = [child(vec![
            Selector::Index(3),
            slice(Some(0), Some(2), None),
            Selector::Index(0),
        ])];
        assert_eq!(
            select(&path, &doc),
            [json!(3), json!(0), json!(1), json!(0)]
        );
    }

    #[test]
    fn slices_follow_the_rfc() {
        let doc = json!([0, 1, 2, 3, 4, 5]);
        let run = |s| select(&[child(vec![s])], &doc);
        assert_eq!(run(slice(Some(1), Some(4), Some(2))), [json!(1), json!(3)]);
        assert_eq!(
            run(slice(None, None, Some(-2))),
            [json!(5), json!(3), json!(1)]
        );
        assert_eq!(run(slice(Some(-2), None, None)), [json!(4), json!(5)]);
        assert!(run(slice(None, None, Some(0))).is_empty());
        let not_an_array = json!({"0": 1});
        assert!(select(&[child(vec![slice(None, None, None)])], &not_an_array).is_empty());
    }

    #[test]
    fn descendants_visit_the_node_before_its_children() {
        let doc = json!([[[1]], [2]]);
        assert_eq!(
            select(&[descendant(vec![Selector::Wildcard])], &doc),
            [json!([[1]]), json!([2]), json!([1]), json!(1), json!(2)]
        );
        let doc = json!({"a": 1, "b": {"a": 2, "c": [{"a": 3}]}, "d": {"a": 4}});
        assert_eq!(
            select(&[descendant(vec![name("a")])], &doc),
            [json!(1), json!(2), json!(3), json!(4)]
        );
        let doc = json!({"o": [{"a": 1, "d": 2}, {"a": 3, "d": 4}]});
        assert_eq!(
            select(&[descendant(vec![name("a"), name("d")])], &doc),
            [json!(1), json!(2), json!(3), json!(4)]
        );
    }

    #[test]
    fn descendants_of_built_values_are_bounded() {
        let mut deep = Val::array(vec![]);
        for _ in 0..1100 {
            deep = Val::array(vec![deep]);
        }
        let plan = compile(&[descendant(vec![Selector::Wildcard])]).unwrap();
        let mut env = TestEnv {
            root: &Value::Null,
            vars: &Value::Null,
        };
        let err = plan.select(deep.clone(), &mut env).unwrap_err();
        assert_eq!(err.code(), crate::codes::SIZE_LIMIT);
        let shallow = compile(&[
            child(vec![Selector::Index(0)]),
            child(vec![Selector::Wildcard]),
        ])
        .unwrap();
        assert_eq!(shallow.select(deep, &mut env).unwrap().len(), 1);
    }

    #[test]
    fn dynamic_selectors_pick_members_and_elements() {
        let doc = json!({"m": {"x": 1, "y": 2}, "a": [10, 20, 30]});
        let vars = json!({"k": "y", "i": -1, "f": 1.0, "n": null, "b": true, "h": 1.5});
        let dynamic = |v: &str| Selector::Dynamic(var_expr(v));
        let run = |base: &str, v: &str| {
            select_with(
                &[child(vec![name(base)]), child(vec![dynamic(v)])],
                &doc,
                &vars,
            )
        };
        assert_eq!(run("m", "k"), [json!(2)]);
        assert_eq!(run("a", "i"), [json!(30)]);
        assert_eq!(run("a", "f"), [json!(20)]);
        assert!(run("a", "n").is_empty());
        assert!(run("a", "k").is_empty());
        let plan = compile(&[child(vec![name("a")]), child(vec![dynamic("b")])]).unwrap();
        assert!(plan.is_singular());
        let mut env = TestEnv {
            root: &doc,
            vars: &vars,
        };
        let err = plan.get(Val::from_json(&doc), &mut env).unwrap_err();
        assert_eq!(err.code(), crate::codes::TYPE_MISMATCH);
        let fractional = compile(&[child(vec![name("a")]), child(vec![dynamic("h")])]).unwrap();
        assert!(fractional.get(Val::from_json(&doc), &mut env).is_err());
        let missing = compile(&[child(vec![name("zz")]), child(vec![dynamic("b")])]).unwrap();
        assert!(
            missing
                .get(Val::from_json(&doc), &mut env)
                .unwrap()
                .is_none()
        );
        let constant = Selector::Dynamic(expr(ExprKind::Number("0".into())));
        assert_eq!(
            select(&[descendant(vec![constant])], &json!([[1], 2])),
            [json!([1]), json!(1)]
        );
    }

    #[test]
    fn paths_run_over_built_values() {
        let built = Val::array(vec![
            Val::int(1),
            Val::string("x"),
            Val::array(vec![Val::int(2)]),
        ]);
        let plan = compile(&[descendant(vec![Selector::Wildcard])]).unwrap();
        let mut env = TestEnv {
            root: &Value::Null,
            vars: &Value::Null,
        };
        let nodes = plan.select(built, &mut env).unwrap();
        let json: Vec<Value> = nodes.iter().map(Val::to_json).collect();
        assert_eq!(json, [json!(1), json!("x"), json!([2]), json!(2)]);
    }
}
