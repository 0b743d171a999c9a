//! The optimizer: rewrites a compiled plan into a faster equivalent one.
//!
//! It runs between compilation and execution, frame by frame (the body,
//! each function, each top-level `let`), one pass per file:
//!
//! - constant folding happens while compiling (`compile::expr`), so every
//!   pass below sees folded constants, and regexes and tables are already
//!   prepared once;
//! - [`inline`] runs first: a call to a small function that cannot reach
//!   itself through calls becomes a copy of its body in the caller's
//!   frame, its arguments bound to fresh locals (or, when an argument is
//!   already a local, read in place), so that the passes below see
//!   through the call;
//! - [`prefixes`]: input paths sharing a prefix (`$.customer.name`,
//!   `$.customer.email`) resolve the prefix once per frame;
//! - [`joins`]: a keyed filter inside a loop
//!   (`[for c in $.customers if c.id == o.customerId => c]`) over a
//!   collection the loop does not change becomes a lookup in an index
//!   built once, before the loop;
//! - [`dead_lets`]: a local `let` whose value nothing reads, and whose
//!   computation cannot fail, is dropped.
//!
//! Every pass keeps the result exactly: `engine/tests/optimizer.rs` checks
//! that optimized and unoptimized plans agree on generated inputs.

mod call_graph;
mod copy;
mod dead_lets;
mod inline;
mod join_index;
mod joins;
mod prefixes;

use crate::plan::Plan;

/// Optimizes every frame of a plan.
pub fn optimize(plan: &mut Plan) {
    inline::inline(plan);
    let pure_globals: Vec<bool> = plan
        .globals
        .iter()
        .map(|g| joins::pure_global(g.value.as_ref()))
        .collect();
    for_each_frame(plan, &mut |frame| joins::rewrite(frame, &pure_globals));
    for_each_frame(plan, &mut |frame| prefixes::share(frame));
    for_each_frame(plan, &mut |frame| dead_lets::remove(frame));
}

/// One frame of the plan: its root expression and its slot count.
pub(crate) struct Frame<'p> {
    /// The frame's expression.
    pub root: &'p mut crate::plan::Node,
    /// Slots the frame needs; a pass that binds a new local increments it.
    pub slots: &'p mut u32,
}

fn for_each_frame(plan: &mut Plan, pass: &mut dyn FnMut(Frame<'_>)) {
    pass(Frame {
        root: &mut plan.body,
        slots: &mut plan.body_slots,
    });
    for f in &mut plan.functions {
        if let Some(body) = &mut f.body {
            pass(Frame {
                root: body,
                slots: &mut f.slots,
            });
        }
    }
    for g in &mut plan.globals {
        if let Some(value) = &mut g.value {
            pass(Frame {
                root: value,
                slots: &mut g.slots,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Mapping;
    use crate::inspect::render_plan;

    fn optimized(src: &str) -> String {
        render_plan(Mapping::compile_str(src).unwrap().plan())
    }

    #[test]
    fn shared_prefixes_are_looked_up_once() {
        let text = optimized("{ a: $.c.x, b: $.c.y, d: $.d.e }");
        assert!(text.contains("let %0 = $.c; {"), "{text}");
        assert!(
            text.contains("a: %0.x") && text.contains("b: %0.y") && text.contains("d: $.d.e"),
            "{text}"
        );
    }

    #[test]
    fn the_longest_shared_prefix_is_taken() {
        let text = optimized("[$.a.b.c, $.a.b.d]");
        assert!(text.contains("let %0 = $.a.b;"), "{text}");
    }

    #[test]
    fn unread_infallible_lets_are_dropped_and_others_kept() {
        let text = optimized("{ v: let x = $.a; let y = number($.b); 1 }");
        assert!(!text.contains("$.a"), "{text}");
        assert!(
            text.contains("number($.b)"),
            "a let that can fail stays: {text}"
        );
    }
}
