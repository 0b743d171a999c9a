//! Inlining of small functions: a call `net(l)` to a user function whose
//! body is small and cannot reach itself through calls is replaced by a
//! copy of the body ([`super::copy`]) in the caller's frame. The copy's
//! slots are renumbered into fresh slots of the caller, and each argument
//! is bound to its parameter's slot by a `let`, in argument order, before
//! the body runs: what the call did, without the frame. An argument that
//! is a caller's local needs no new slot: the body reads that local, which
//! nothing can rebind while the body runs (and a local's read can neither
//! fail nor be observed).
//!
//! The copy sits in a [`NodeKind::Inlined`] node that counts as one call
//! towards the recursion limit, so that every limit hits exactly where it
//! did. Nodes keep their spans, so errors point into the function's body
//! and coverage (keyed by span) counts the copies as the body itself.
//!
//! Functions are visited callees first: a function's own calls are inlined
//! before its size is measured and before it is copied anywhere, so copies
//! never need inlining again. Calls inside path expressions (`t[f(x)]`)
//! stay calls.

use super::call_graph::{on_a_cycle, post_order, references};
use super::copy::Copier;
use crate::plan::{Arg, Function, Node, NodeKind, PatternPlan, Plan};
use crate::walk;

/// Bodies of at most this many plan nodes (counted after their own calls
/// are inlined) are inlined. What inlining saves per call is fixed (a
/// vector of arguments, a frame pushed on the slot stack and popped, a
/// stack-depth probe): a large share of the work of a one-line helper,
/// little of a long body's. Each call site gets its own copy, so the
/// plan grows by the body's size per call: 32 nodes takes in helpers
/// like `fn money(x) = round(x, 2)` (3 nodes) and the orders benchmark's
/// `net` (19) while keeping that growth small, and measuring after
/// inlining keeps chains of helpers from multiplying it.
const MAX_NODES: usize = 32;

/// Inlines every call to a small, non-recursive function, in the body,
/// the functions and the top-level lets.
pub(super) fn inline(plan: &mut Plan) {
    let graph = references(plan);
    let order = post_order(&graph);
    let recursive = on_a_cycle(&graph, &order);
    let count = plan.functions.len();
    let mut inlinable = vec![false; count];
    // Callees first; top-level lets (`count..`) are done below.
    for f in order.into_iter().filter(|&n| n < count) {
        let Some(mut body) = plan.functions[f].body.take() else {
            continue;
        };
        let mut slots = plan.functions[f].slots;
        let mut copier = Copier::new(&plan.path_exprs);
        inline_calls(
            &mut body,
            &mut slots,
            &plan.functions,
            &inlinable,
            &mut copier,
        );
        let added = copier.into_added();
        plan.path_exprs.extend(added);
        // What cannot be copied exactly (a path with a filter) is not inlined.
        let identity: Vec<u32> = (0..slots).collect();
        inlinable[f] = !recursive[f]
            && size(&body, &plan.path_exprs) <= MAX_NODES
            && Copier::new(&plan.path_exprs)
                .copy(&body, &identity)
                .is_some();
        plan.functions[f].body = Some(body);
        plan.functions[f].slots = slots;
    }
    let mut copier = Copier::new(&plan.path_exprs);
    inline_calls(
        &mut plan.body,
        &mut plan.body_slots,
        &plan.functions,
        &inlinable,
        &mut copier,
    );
    for g in &mut plan.globals {
        if let Some(value) = &mut g.value {
            inline_calls(
                value,
                &mut g.slots,
                &plan.functions,
                &inlinable,
                &mut copier,
            );
        }
    }
    let added = copier.into_added();
    plan.path_exprs.extend(added);
}

/// Replaces the calls to inlinable functions in one frame of `slots`
/// slots (children first, so that arguments are done before their call).
fn inline_calls(
    root: &mut Node,
    slots: &mut u32,
    functions: &[Function],
    inlinable: &[bool],
    copier: &mut Copier<'_>,
) {
    walk::each_mut(root, &mut |node| {
        let NodeKind::User { function, args } = &mut node.kind else {
            return;
        };
        let index = *function as usize;
        if !inlinable.get(index).copied().unwrap_or(false) {
            return;
        }
        let callee = &functions[index];
        let Some(body) = &callee.body else {
            return;
        };
        if args.len() != callee.arity as usize {
            return;
        }
        // Where each of the callee's slots goes in this frame.
        let share_locals = !binds_parameter(body, callee.arity);
        let mut map = Vec::with_capacity(callee.slots as usize);
        let mut next = *slots;
        for s in 0..callee.slots {
            match args.get(s as usize).map(|a| &a.kind) {
                Some(NodeKind::Local(local)) if share_locals => map.push(*local),
                _ => {
                    map.push(next);
                    next += 1;
                }
            }
        }
        let Some(copy) = copier.copy(body, &map) else {
            return;
        };
        *slots = next;
        let function = *function;
        let args = std::mem::take(args);
        let span = node.span;
        let mut inlined = Node::new(
            NodeKind::Inlined {
                function,
                body: Box::new(copy),
            },
            span,
        );
        for (param, arg) in args.into_iter().enumerate().rev() {
            if share_locals && matches!(arg.kind, NodeKind::Local(_)) {
                continue;
            }
            inlined = Node::new(
                NodeKind::Let {
                    slot: map[param],
                    value: Box::new(arg),
                    body: Box::new(inlined),
                },
                span,
            );
        }
        *node = inlined;
    });
}

/// True when the body binds one of its parameters' slots anew. The
/// compiler never does (a shadowing `let` takes a new slot), but a caller's
/// local read in place of a parameter must never be written.
fn binds_parameter(body: &Node, arity: u32) -> bool {
    let param = |s: &u32| *s < arity;
    let mut found = false;
    walk::each(body, &mut |n| {
        found |= match &n.kind {
            NodeKind::Let { slot, .. } => param(slot),
            NodeKind::For(plan) => {
                param(&plan.value_slot) || plan.key_slot.as_ref().is_some_and(param)
            }
            NodeKind::Native(call) => call
                .args
                .iter()
                .any(|arg| matches!(arg, Arg::Lambda { params, .. } if params.iter().any(param))),
            NodeKind::Match { arms, .. } => {
                arms.iter().any(|arm| pattern_binds(&arm.pattern, arity))
            }
            _ => false,
        };
    });
    found
}

fn pattern_binds(pattern: &PatternPlan, arity: u32) -> bool {
    match pattern {
        PatternPlan::Bind(slot) | PatternPlan::Captures { slot, .. } => *slot < arity,
        PatternPlan::Or(alternatives) => alternatives.iter().any(|p| pattern_binds(p, arity)),
        _ => false,
    }
}

/// Plan nodes of a body, the path expressions it embeds included.
fn size(node: &Node, exprs: &[Node]) -> usize {
    let mut count = 0;
    walk::each(node, &mut |n| {
        count += 1;
        if let NodeKind::Path { path, .. }
        | NodeKind::Exists {
            path: Some(path), ..
        } = &n.kind
        {
            for e in path.dynamic_exprs() {
                count += exprs.get(e.0 as usize).map_or(0, |x| size(x, exprs));
            }
        }
    });
    count
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::inspect::render_plan;
    use crate::{Limits, Mapping};

    /// What `apply` gives, errors in full: code, message, pointer, span.
    type Outcome = Result<Value, (String, String, Option<String>, Option<ferry_dsl::Span>)>;

    fn outcome(m: &Mapping, input: &Value) -> Outcome {
        m.apply(input).map_err(|e| {
            let info = e.info();
            (
                info.code.clone(),
                info.message.clone(),
                info.pointer.clone(),
                info.span,
            )
        })
    }

    fn both(src: &str) -> (Mapping, Mapping) {
        let fast = Mapping::compile_str(src).unwrap();
        let plain = Mapping::compile_unoptimized("<inline>", src, ".").unwrap();
        (fast, plain)
    }

    /// Checks that optimized and unoptimized plans agree on each input,
    /// and returns the optimized outcomes.
    fn agree(src: &str, inputs: &[Value]) -> Vec<Outcome> {
        let (fast, plain) = both(src);
        inputs
            .iter()
            .map(|input| {
                let got = outcome(&fast, input);
                assert_eq!(got, outcome(&plain, input), "{src} on {input}");
                got
            })
            .collect()
    }

    /// The optimized plan's body (functions are listed before it).
    fn body(src: &str) -> String {
        let text = render_plan(Mapping::compile_str(src).unwrap().plan());
        let at = text.find("body (").expect("a body");
        text[at..].to_owned()
    }

    #[test]
    fn a_small_function_is_replaced_by_its_body() {
        let src = "fn net(l) = l.qty * l.price\n[for l in $.lines => { net: net(l), twice: net({ qty: 2, price: l.price }) }]";
        let text = body(src);
        // A local argument is read in place; another is bound to a new slot.
        assert!(
            text.contains("net: inline net { (%0.qty * %0.price) }"),
            "{text}"
        );
        assert!(
            text.contains("inline net { (%1.qty * %1.price) }"),
            "{text}"
        );
        assert!(!text.contains("net(%"), "{text}");
        let lines = json!({"lines": [{"qty": 2, "price": 1.5}, {"qty": "x", "price": 1}]});
        let got = agree(src, &[json!({"lines": [{"qty": 2, "price": 1.5}]}), lines]);
        assert_eq!(got[0], Ok(json!([{"net": 3.0, "twice": 3.0}])));
        assert!(got[1].is_err());
    }

    #[test]
    fn recursive_functions_are_not_inlined() {
        let src = "fn count(n) = if n <= 0 then 0 else 1 + count(n - 1)\n{ c: count($.n) }";
        assert!(body(src).contains("c: count($.n)"), "{}", body(src));
        agree(
            src,
            &[json!({"n": 3}), json!({"n": 500}), json!({"n": "x"})],
        );
    }

    #[test]
    fn mutually_recursive_functions_are_not_inlined() {
        let src = "fn even(n) = if n == 0 then true else odd(n - 1)\nfn odd(n) = if n == 0 then false else even(n - 1)\nfn half(n) = n / 2\n{ e: even($.n), h: half($.n) }";
        let text = body(src);
        assert!(text.contains("e: even($.n)"), "{text}");
        assert!(text.contains("h: let %0 = $.n; inline half"), "{text}");
        let plan = render_plan(Mapping::compile_str(src).unwrap().plan());
        assert!(
            !plan.contains("inline even") && !plan.contains("inline odd"),
            "{plan}"
        );
        agree(
            src,
            &[json!({"n": 7}), json!({"n": 300}), json!({"n": null})],
        );
    }

    #[test]
    fn calls_inside_filters_count_as_calls() {
        let src = "fn g(n) = if n <= 0 then 0 else h(n - 1)\nfn h(n) = len($.xs[?@ == $.ys[g(n)]])\n{ v: g($.n) }";
        let plan = render_plan(Mapping::compile_str(src).unwrap().plan());
        assert!(
            plan.contains("v: g($.n)") && !plan.contains("inline"),
            "{plan}"
        );
        let input = json!({"n": 3, "xs": [0, 1, 1], "ys": [1, 0]});
        assert_eq!(agree(src, &[input])[0], Ok(json!({"v": 2})));
    }

    #[test]
    fn large_functions_are_not_inlined() {
        let terms: Vec<String> = (0..20).map(|i| format!("x.f{i}")).collect();
        let src = format!("fn big(x) = {}\n{{ b: big($) }}", terms.join(" + "));
        assert!(body(&src).contains("b: big($)"), "{}", body(&src));
        let small = "fn small(x) = x.a + x.b\n{ s: small($) }";
        assert!(body(small).contains("inline small"), "{}", body(small));
    }

    #[test]
    fn long_chains_of_helpers_stay_small_and_hit_the_limit_where_they_did() {
        let mut src = String::from("fn f0(x) = x\n");
        for i in 1..260 {
            src.push_str(&format!("fn f{i}(x) = f{}(x) + 1\n", i - 1));
        }
        src.push_str("{ a: f150($.n), b: try f259($.n) else 0 }");
        let got = agree(&src, &[json!({"n": 1})]);
        assert!(
            matches!(&got[0], Err((code, ..)) if code == "E0503"),
            "{got:?}"
        );
        let fast = Mapping::compile_str(&src).unwrap();
        let longest = fast
            .plan()
            .functions
            .iter()
            .filter_map(|f| f.body.as_ref())
            .map(|b| super::size(b, &fast.plan().path_exprs))
            .max();
        assert!(longest < Some(2 * super::MAX_NODES), "{longest:?}");
        let src = src.replace("try f259($.n) else 0", "0");
        assert_eq!(
            agree(&src, &[json!({"n": 1})])[0],
            Ok(json!({"a": 151, "b": 0}))
        );
    }

    #[test]
    fn helpers_calling_helpers_are_inlined_callees_first() {
        let src = "fn money(x) = round(x, 2)\nfn net(l) = money(l.q * l.p)\n{ n: net($) }";
        let text = body(src);
        assert!(
            text.contains("inline net { let %1 = (%0.q * %0.p); inline money { round(%1, 2) } }"),
            "{text}"
        );
        agree(
            src,
            &[
                json!({"q": 3, "p": 0.333}),
                json!({"q": true, "p": 1}),
                json!(null),
            ],
        );
    }

    #[test]
    fn arguments_are_evaluated_once_in_order_before_the_body() {
        // Both arguments fail: the first one's error is raised.
        let src = "fn pick(a, b) = if $.first then a else b\n{ v: pick(number($.a), number($.b)) }";
        let got = agree(
            src,
            &[
                json!({"first": true, "a": "1", "b": "2"}),
                json!({"first": true, "a": "x", "b": "y"}),
                json!({"first": false, "a": "1", "b": "y"}),
            ],
        );
        assert_eq!(got[0], Ok(json!({"v": 1})));
        assert!(
            matches!(&got[1], Err((_, _, Some(p), _)) if p == "/a"),
            "{got:?}"
        );
        // An unused argument is still evaluated (and can still fail).
        assert!(got[2].is_err(), "{got:?}");
    }

    #[test]
    fn errors_inside_the_body_keep_their_code_message_and_span() {
        let src = "fn check(x) =\n  if x > 0 then x else error(\"NEG\", \"negative: ${x}\")\n{ a: check($.a), b: try check($.b) else 0 }";
        let got = agree(
            src,
            &[
                json!({"a": 1, "b": -1}),
                json!({"a": -2, "b": 1}),
                json!({"a": "s"}),
            ],
        );
        assert_eq!(got[0], Ok(json!({"a": 1, "b": 0})));
        assert!(
            matches!(&got[1], Err((code, message, _, Some(_))) if code == "NEG" && message == "negative: -2"),
            "{got:?}"
        );
    }

    #[test]
    fn the_recursion_limit_counts_inlined_calls() {
        let src = "fn inc(x) = x + 1\nfn twice(x) = inc(inc(x))\nfn down(n) = if n <= 0 then twice(n) else down(n - 1)\n{ v: twice($.n), d: down($.n) }";
        let (fast, plain) = both(src);
        assert!(render_plan(fast.plan()).contains("inline twice"));
        for depth in 0..6 {
            let limits = Limits {
                max_call_depth: depth,
                ..Limits::default()
            };
            let fast = Mapping::compile_str(src).unwrap().with_limits(limits);
            let plain = Mapping::compile_unoptimized("<inline>", src, ".")
                .unwrap()
                .with_limits(limits);
            for n in [0, 1, 2, 3] {
                let input = json!({ "n": n });
                assert_eq!(
                    outcome(&fast, &input),
                    outcome(&plain, &input),
                    "depth {depth}, n {n}"
                );
            }
        }
        assert_eq!(
            outcome(&fast, &json!({"n": 1})),
            Ok(json!({"v": 3, "d": 2}))
        );
        assert_eq!(
            outcome(&plain, &json!({"n": 1})),
            Ok(json!({"v": 3, "d": 2}))
        );
    }

    #[test]
    fn lambdas_lets_matches_and_loops_in_bodies_get_fresh_slots() {
        let src = "fn f(xs, k) = let m = k * 2; [for i, x in xs if i != 1 => match x { n if n > m => map([n, k], y -> y + m), _ => x }]\n{ a: f($.xs, $.k), b: [for x in $.xs => f([x, $.k], x)] }";
        let text = body(src);
        assert!(text.contains("inline f"), "{text}");
        agree(
            src,
            &[
                json!({"xs": [1, 5, 9, 2], "k": 1}),
                json!({"xs": [], "k": 0}),
                json!({"xs": [1, "a"], "k": 1}),
                json!({"xs": {"a": 1}, "k": 1}),
            ],
        );
    }

    #[test]
    fn dynamic_selectors_are_copied_and_filters_are_left_alone() {
        let src = "table ship = { EXP: \"express\" }\nfn method(m) = ship[m] ?? \"unknown\"\nfn big(xs) = xs[?@.a > 1]\n{ s: method($.m), t: [for x in $.ms => method(x)], b: big($.xs) }";
        let text = body(src);
        assert!(
            text.contains("inline method { (ship[%0] ?? \"unknown\") }"),
            "{text}"
        );
        assert!(text.contains("b: big($.xs)"), "{text}");
        agree(
            src,
            &[
                json!({"m": "EXP", "ms": ["EXP", "X", 1], "xs": [{"a": 2}, {"a": 0}]}),
                json!({"m": ["EXP"], "ms": null}),
            ],
        );
    }

    #[test]
    fn coverage_counts_inlined_copies_as_the_body() {
        let src = "fn sign(x) = if x < 0 then \"-\" else \"+\"\n{ s: sign($.x), t: [for y in $.ys => sign(y)] }";
        let (fast, plain) = both(src);
        assert!(render_plan(fast.plan()).contains("inline sign"));
        let report = |m: &Mapping| {
            let mut hits = crate::exec::coverage::Hits::default();
            for input in [json!({"x": 1, "ys": [2]}), json!({"x": 3, "ys": []})] {
                m.apply_recording(&input, &mut hits).unwrap();
            }
            crate::testing::coverage::report(m, &hits)
        };
        let fast = report(&fast);
        assert_eq!(fast, report(&plain));
        let branches: Vec<bool> = fast
            .points
            .iter()
            .filter(|p| p.description.contains("branch"))
            .map(|p| p.covered)
            .collect();
        assert_eq!(branches, [false, true], "{fast:?}");
    }
}
