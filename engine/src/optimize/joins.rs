//! Join rewriting: a lookup written as a filter inside a loop,
//! `[for o in $.orders => first([for c in $.customers if c.id == o.customerId => c])]`,
//! scans the customers once per order. When the scanned collection does
//! not depend on the outer loop, it is indexed by key once, before the
//! outer loop runs, and the inner comprehension iterates the index lookup
//! instead of filtering.
//!
//! The result stays exactly that of the scan: keys are compared as `==`
//! compares them (numbers numerically, strings exactly), keys that an
//! index cannot hold canonically (arrays, objects, numbers beyond the
//! decimal range) make the lookup scan with `equals`, and a collection that
//! is not an array or object passes through so that the comprehension
//! reports it as before. The index and the lookup are two internal
//! built-ins ([`super::join_index`]), absent from the function registry:
//! authors cannot call them, and the executor, projection and inspection
//! need nothing new.

use std::collections::HashSet;

use super::Frame;
use super::join_index::{INDEX_BY_KEY, LOOKUP_KEY};
use crate::path::PathPlan;
use crate::plan::{Arg, Arm, BinOp, ExprRef, ForPlan, NativeCall, Node, NodeKind, PatternPlan};
use crate::stdlib::FnDef;
use crate::walk;

/// Rewrites every keyed filter over a loop-independent collection inside a
/// loop of the frame. `pure_globals[i]` says whether top-level `let` `i`
/// is computed without any possibility of failing, so that reading it
/// earlier than the original did changes nothing.
pub(super) fn rewrite(frame: Frame<'_>, pure_globals: &[bool]) {
    visit(frame.root, frame.slots, pure_globals);
}

/// Parents before children, so that an index is built before the
/// outermost loop it does not depend on, once per run of that loop.
fn visit(node: &mut Node, slots: &mut u32, pure_globals: &[bool]) {
    let mut hoisted: Vec<(u32, Node)> = Vec::new();
    if let NodeKind::For(outer) = &node.kind {
        let bound = bound_slots(outer);
        // Skip the loop's own source: it runs once, outside the loop.
        for child in walk::children_mut(node).into_iter().skip(1) {
            walk::each_mut(child, &mut |inner| {
                if let NodeKind::For(plan) = &mut inner.kind
                    && let Some(index) = rewrite_lookup(plan, &bound, slots, pure_globals)
                {
                    hoisted.push(index);
                }
            });
        }
    }
    for child in walk::children_mut(node) {
        visit(child, slots, pure_globals);
    }
    for (slot, value) in hoisted {
        let span = node.span;
        let body = std::mem::replace(node, Node::new(NodeKind::Root, span));
        *node = Node::new(
            NodeKind::Let {
                slot,
                value: Box::new(value),
                body: Box::new(body),
            },
            span,
        );
    }
}

/// Turns `[for c in B if c.K == E => …]` into
/// `[for c in __lookup_key(%i, E) => …]` and returns `(%i, index of B)`,
/// when the comprehension has that shape, `B` reads no slot in `bound`
/// and cannot fail, and `E` cannot fail and does not read `c`.
fn rewrite_lookup(
    plan: &mut ForPlan,
    bound: &HashSet<u32>,
    slots: &mut u32,
    pure_globals: &[bool],
) -> Option<(u32, Node)> {
    if plan.key_slot.is_some() || !collection_ok(&plan.source, pure_globals) {
        return None;
    }
    if local_slots(&plan.source).iter().any(|s| bound.contains(s)) {
        return None;
    }
    let Some(NodeKind::Binary {
        op: BinOp::Eq,
        left,
        right,
    }) = plan.filter.as_ref().map(|f| &f.kind)
    else {
        return None;
    };
    let element = plan.value_slot;
    let (names, probe_is_right) = match (key_names(left, element), key_names(right, element)) {
        (Some(names), _) if probe_ok(right, element) => (names, true),
        (_, Some(names)) if probe_ok(left, element) => (names, false),
        _ => None?,
    };
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let filter = plan.filter.take()?;
    let NodeKind::Binary { left, right, .. } = filter.kind else {
        return None;
    };
    let probe = if probe_is_right { *right } else { *left };

    let index_slot = *slots;
    let param_slot = *slots + 1;
    *slots += 2;
    let span = plan.source.span;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let key = Node::new(
        NodeKind::Path {
            base: Box::new(Node::new(NodeKind::Local(param_slot), span)),
            path: PathPlan::<ExprRef>::from_names(&names),
        },
        span,
    );
    let source = std::mem::replace(&mut plan.source, Node::new(NodeKind::Root, span));
    let index = native(
        &INDEX_BY_KEY,
        vec![
            Arg::Value(source),
            Arg::Lambda {
                params: vec![param_slot],
                body: key,
            },
        ],
        span,
    );
    plan.source = native(
        &LOOKUP_KEY,
        vec![
            Arg::Value(Node::new(NodeKind::Local(index_slot), span)),
            Arg::Value(probe),
        ],
        span,
    );
    Some((index_slot, index))
}

fn native(def: &'static FnDef, args: Vec<Arg>, span: ferry_dsl::Span) -> Node {
    Node::new(
        NodeKind::Native(Box::new(NativeCall::new(def, args, Vec::new(), Vec::new()))),
        span,
    )
}

/// The member names of `c.a.b` (or none for `c` itself) when `node` is a
/// static path on the local `element`.
fn key_names(node: &Node, element: u32) -> Option<Vec<&str>> {
    match &node.kind {
        NodeKind::Local(s) if *s == element => Some(Vec::new()),
        NodeKind::Path { base, path } if matches!(base.kind, NodeKind::Local(s) if s == element) => {
            path.static_names()
        }
        _ => None,
    }
}

/// The probed value must not depend on the element and, as it is now
/// computed once instead of once per element, must not be able to fail.
fn probe_ok(node: &Node, element: u32) -> bool {
    infallible(node) && !local_slots(node).contains(&element)
}

/// The collection is computed once, maybe when the original would not
/// have computed it at all: it must not be able to fail. Top-level lets
/// whose own value cannot fail qualify too.
fn collection_ok(node: &Node, pure_globals: &[bool]) -> bool {
    match &node.kind {
        NodeKind::Global(i) => pure_globals.get(*i as usize).copied().unwrap_or(false),
        NodeKind::Path { base, path } => {
            path.static_names().is_some() && collection_ok(base, pure_globals)
        }
        _ => infallible(node),
    }
}

/// Whether computing a top-level `let`'s value can fail (its frame's
/// locals are its own, so any local read is fine).
pub(super) fn pure_global(value: Option<&Node>) -> bool {
    value.is_none_or(infallible)
}

/// Values whose computation never raises: constants, locals, `$`, and
/// static paths of names over those.
fn infallible(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Const(_) | NodeKind::Num(_) | NodeKind::Root | NodeKind::Local(_) => true,
        NodeKind::Path { base, path } => path.static_names().is_some() && infallible(base),
        _ => false,
    }
}

/// The local slots an (infallible) expression reads.
fn local_slots(node: &Node) -> Vec<u32> {
    let mut out = Vec::new();
    walk::each(node, &mut |n| {
        if let NodeKind::Local(s) = n.kind {
            out.push(s);
        }
    });
    out
}

/// Every slot the loop binds: its variables and every binding inside it
/// (lets, comprehensions, lambda parameters, pattern bindings).
fn bound_slots(outer: &ForPlan) -> HashSet<u32> {
    let mut bound: HashSet<u32> = HashSet::new();
    bound.insert(outer.value_slot);
    bound.extend(outer.key_slot);
    let mut visit = |n: &Node| match &n.kind {
        NodeKind::For(p) => {
            bound.insert(p.value_slot);
            bound.extend(p.key_slot);
        }
        NodeKind::Let { slot, .. } => {
            bound.insert(*slot);
        }
        NodeKind::Native(call) => {
            for arg in &call.args {
                if let Arg::Lambda { params, .. } = arg {
                    bound.extend(params.iter().copied());
                }
            }
        }
        NodeKind::Match { arms, .. } => {
            for Arm { pattern, .. } in arms {
                pattern_slots(pattern, &mut bound);
            }
        }
        _ => {}
    };
    walk::each(&outer.source, &mut visit);
    outer.filter.iter().for_each(|f| walk::each(f, &mut visit));
    for n in outer.output.nodes() {
        walk::each(n, &mut visit);
    }
    bound
}

fn pattern_slots(pattern: &PatternPlan, out: &mut HashSet<u32>) {
    match pattern {
        PatternPlan::Bind(slot) | PatternPlan::Captures { slot, .. } => {
            out.insert(*slot);
        }
        PatternPlan::Or(alternatives) => {
            for p in alternatives {
                pattern_slots(p, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::Mapping;
    use crate::inspect::render_plan;

    const JOIN: &str = "[for o in $.orders => { id: o.id, customer: first([for c in $.customers if c.id == o.customerId => c.name]) }]";

    fn both(src: &str, input: Value) -> (Result<Value, String>, Result<Value, String>) {
        let fast = Mapping::compile_str(src).unwrap();
        let plain = Mapping::compile_unoptimized("<test>", src, ".").unwrap();
        let run = |m: &Mapping| m.apply(&input).map_err(|e| e.code().to_owned());
        (run(&fast), run(&plain))
    }

    fn rendered(src: &str) -> String {
        render_plan(Mapping::compile_str(src).unwrap().plan())
    }

    #[test]
    fn a_keyed_filter_in_a_loop_becomes_an_index_lookup() {
        let text = rendered(JOIN);
        assert!(text.contains("__index_by_key($.customers"), "{text}");
        assert!(text.contains("__lookup_key("), "{text}");
        assert!(!text.contains("=="), "{text}");
    }

    #[test]
    fn swapped_sides_and_nested_keys_are_rewritten() {
        let text =
            rendered("[for o in $.orders => [for c in $.customers if o.ref == c.ref.id => c]]");
        assert!(text.contains("__lookup_key("), "{text}");
    }

    #[test]
    fn loop_dependent_collections_and_fallible_probes_are_left_alone() {
        for src in [
            "[for o in $.orders => [for c in o.lines if c.id == o.id => c]]",
            "[for o in $.orders => [for c in $.customers if c.id == number(o.id) => c]]",
            "[for o in $.orders => [for c in $.customers if c.id == c.other => c]]",
            "[for o in $.orders => [for i, c in $.customers if c.id == o.id => c]]",
            "[for c in $.customers if c.id == $.id => c]",
        ] {
            let text = rendered(src);
            assert!(!text.contains("__lookup_key"), "{src}: {text}");
        }
    }

    #[test]
    fn the_index_is_built_before_the_outermost_loop_it_does_not_depend_on() {
        let text =
            rendered("[for o in $.c => [for p in $.d => [for k in $.x if k.y == p.y => [o, k]]]]");
        assert!(text.contains("= let %3 = __index_by_key($.x"), "{text}");
    }

    #[test]
    fn top_level_lets_that_cannot_fail_are_indexed_and_others_not() {
        let text = rendered("let ds = $.d; [for o in $.c => [for k in ds if k.x == o => k]]");
        assert!(text.contains("__index_by_key(ds"), "{text}");
        let text =
            rendered("let ds = number($.d); [for o in $.c => [for k in ds if k.x == o => k]]");
        assert!(!text.contains("__index_by_key"), "{text}");
    }

    #[test]
    fn authors_cannot_call_the_internal_functions() {
        assert!(Mapping::compile_str("__lookup_key($, 1)").is_err());
        assert!(Mapping::compile_str("__index_by_key($, x -> x)").is_err());
    }

    #[test]
    fn numeric_keys_compare_numerically_and_strings_exactly() {
        let input = json!({
            "orders": [{"id": 1, "customerId": 1}, {"id": 2, "customerId": "1"},
                       {"id": 3, "customerId": 1.10}, {"id": 4, "customerId": null},
                       {"id": 5}, {"id": 6, "customerId": [1]}],
            "customers": [{"id": 1.0, "name": "a"}, {"id": "1", "name": "b"},
                          {"id": 1.1, "name": "c"}, {"name": "d"}, {"id": 1, "name": "e"}]
        });
        let (fast, plain) = both(JOIN, input);
        assert_eq!(fast, plain);
        assert_eq!(
            fast.unwrap(),
            json!([{"id":1,"customer":"a"},{"id":2,"customer":"b"},{"id":3,"customer":"c"},
                   {"id":4,"customer":"d"},{"id":5,"customer":"d"},{"id":6,"customer":null}])
        );
    }

    #[test]
    fn structured_keys_fall_back_to_scanning() {
        let src = "[for o in $.orders => [for c in $.customers if c.id == o.k => c.n]]";
        let input = json!({
            "orders": [{"k": [1, {"a": 2}]}, {"k": 1}, {"k": {"a": 1.0}}],
            "customers": [{"id": [1.0, {"a": 2}], "n": 1}, {"id": 1, "n": 2}, {"id": {"a": 1}, "n": 3}]
        });
        let (fast, plain) = both(src, input);
        assert_eq!(fast, plain);
        assert_eq!(fast.unwrap(), json!([[1], [2], [3]]));
    }

    #[test]
    fn collections_that_are_not_arrays_behave_as_before() {
        for customers in [
            json!(null),
            json!({"x": {"id": 1, "name": "o"}}),
            json!(3),
            json!("s"),
        ] {
            let input = json!({"orders": [{"id": 1, "customerId": 1}], "customers": customers});
            let (fast, plain) = both(JOIN, input);
            assert_eq!(fast, plain, "{customers}");
        }
        let input = json!({"orders": [], "customers": 3});
        assert_eq!(both(JOIN, input.clone()).0, both(JOIN, input).1);
    }
}
