//! The walk that finds every part of the input a plan can read.
//!
//! Each expression is evaluated abstractly to the input locations its value
//! can *be* (`$.lines[*]` for a loop variable over `$.lines`); a location
//! navigated into with static names, indexes, slices or wildcards stays a
//! location, and any other use (an output value, an operand, a function
//! argument, an interpolation, a spread…) records the whole subtree as
//! needed. Locals, loop variables, lambda parameters, user-function
//! parameters and top-level lets carry locations along, like
//! [`crate::inspect::lineage`] does for its report. Whatever the walk
//! cannot follow exactly (filters, recursion, an unknown local) needs the
//! whole record.

use std::collections::HashMap;

use super::need::{Need, Step};
use ferry_dsl::ast;

use crate::path::PathPlan;
use crate::plan::{Arg, Element, Entry, ExprRef, ForOutput, Key, Node, NodeKind, Piece, Plan};

/// Input locations, as paths from the root.
type Origins = Vec<Vec<Step>>;

/// Built-ins whose array argument reaches nothing but their lambda, one
/// element at a time (their results are computed, never the elements).
const ELEMENTWISE: &[&str] = &["all", "any", "map"];

/// Nodes visited before the walk gives up and keeps the whole record.
const BUDGET: usize = 200_000;

/// Calls deeper than this keep the whole record.
const MAX_DEPTH: usize = 32;

/// What `plan` can read of a record.
pub(crate) fn need_of(plan: &Plan) -> Need {
    let mut walk = Walk {
        plan,
        need: Need::nothing(),
        locals: HashMap::new(),
        globals: HashMap::new(),
        calls: Vec::new(),
        visited: 0,
        gave_up: false,
    };
    walk.value(&plan.body);
    if walk.gave_up {
        return Need::All;
    }
    let mut need = walk.need;
    need.normalize();
    need
}

struct Walk<'p> {
    plan: &'p Plan,
    need: Need,
    /// Origins of the locals of the frame being walked.
    locals: HashMap<u32, Origins>,
    /// Origins of top-level lets, walked once each (`None` while walking).
    globals: HashMap<u32, Option<Origins>>,
    /// User functions being walked (recursion gives up).
    calls: Vec<u32>,
    visited: usize,
    gave_up: bool,
}

impl<'p> Walk<'p> {
    fn give_up(&mut self) -> Origins {
        self.gave_up = true;
        Vec::new()
    }

    fn need(&mut self, origins: &Origins, need: &Need) {
        for path in origins {
            self.need.add(path, need.clone());
        }
    }

    /// Walks a node whose value is used whole.
    fn value(&mut self, node: &'p Node) {
        let origins = self.origins(node);
        self.need(&origins, &Need::All);
    }

    /// Walks a node and returns the input locations its value can be.
    fn origins(&mut self, node: &'p Node) -> Origins {
        self.visited += 1;
        if self.gave_up || self.visited > BUDGET {
            return self.give_up();
        }
        match &node.kind {
            NodeKind::Const(_) | NodeKind::Num(_) => Vec::new(),
            NodeKind::Root => vec![Vec::new()],
            NodeKind::Local(slot) => match self.locals.get(slot) {
                Some(origins) => origins.clone(),
                None => self.give_up(),
            },
            NodeKind::Global(index) => self.global(*index),
            NodeKind::Path { base, path } => {
                let base = self.origins(base);
                let origins = self.navigate(base, path);
                // Navigating can fail on what it finds: keep what it reaches.
                self.need(&origins, &Need::nothing());
                origins
            }
            NodeKind::Exists { base, path } => {
                let base = self.origins(base);
                let origins = match path {
                    Some(path) => self.navigate(base, path),
                    None => base,
                };
                self.need(&origins, &Need::nothing());
                Vec::new()
            }
            NodeKind::Interpolate(pieces) => {
                for piece in pieces {
                    if let Piece::Value(v) = piece {
                        self.value(v);
                    }
                }
                Vec::new()
            }
            NodeKind::Array(elements) => {
                for element in elements {
                    let (Element::Item(n) | Element::Spread(n)) = element;
                    self.value(n);
                }
                Vec::new()
            }
            NodeKind::Object(object) => {
                for entry in &object.entries {
                    match entry {
                        Entry::Field { key, value, .. } => {
                            if let Key::Computed(k) = key {
                                self.value(k);
                            }
                            self.value(value);
                        }
                        Entry::Spread(n) => self.value(n),
                    }
                }
                Vec::new()
            }
            NodeKind::Neg(n) | NodeKind::Not(n) => {
                self.value(n);
                Vec::new()
            }
            NodeKind::Binary { left, right, .. }
            | NodeKind::And(left, right)
            | NodeKind::Or(left, right) => {
                self.value(left);
                self.value(right);
                Vec::new()
            }
            NodeKind::Default(left, right)
            | NodeKind::Try {
                body: left,
                fallback: right,
            } => {
                let mut origins = self.origins(left);
                origins.extend(self.origins(right));
                origins
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.value(cond);
                let mut origins = self.origins(then);
                origins.extend(self.origins(otherwise));
                origins
            }
            NodeKind::Match { value, arms } => {
                let matched = self.origins(value);
                self.need(&matched, &Need::All);
                let mut origins = Vec::new();
                for arm in arms {
                    bind_pattern(&arm.pattern, &matched, &mut self.locals);
                    if let Some(guard) = &arm.guard {
                        self.value(guard);
                    }
                    origins.extend(self.origins(&arm.body));
                }
                origins
            }
            NodeKind::For(f) => {
                let source = self.origins(&f.source);
                // The loop runs once per element (or member): keep them all.
                let each = each_of(&source);
                self.need(&each, &Need::nothing());
                if let Some(key) = f.key_slot {
                    self.locals.insert(key, Vec::new());
                }
                self.locals.insert(f.value_slot, each);
                if let Some(filter) = &f.filter {
                    self.value(filter);
                }
                match &f.output {
                    ForOutput::Array(body) => self.value(body),
                    ForOutput::Object { key, value } => {
                        self.value(key);
                        self.value(value);
                    }
                }
                Vec::new()
            }
            NodeKind::Let { slot, value, body } => {
                let origins = self.origins(value);
                self.locals.insert(*slot, origins);
                self.origins(body)
            }
            NodeKind::Native(call) => {
                let elementwise = ELEMENTWISE.contains(&call.def.name);
                let mut subject = None;
                for (i, arg) in call.args.iter().enumerate() {
                    match arg {
                        Arg::Value(n) if i == 0 && elementwise => {
                            let each = each_of(&self.origins(n));
                            self.need(&each, &Need::nothing());
                            subject = Some(each);
                        }
                        Arg::Value(n) => self.value(n),
                        Arg::Lambda { params, body } => {
                            for (p, slot) in params.iter().enumerate() {
                                let origins = match (&subject, p) {
                                    (Some(each), 0) => each.clone(),
                                    // Computed by the built-in from arguments
                                    // already needed whole.
                                    _ => Vec::new(),
                                };
                                self.locals.insert(*slot, origins);
                            }
                            self.value(body);
                        }
                        Arg::Function(f) => {
                            let args = subject.iter().cloned().collect();
                            let origins = self.call(*f, args);
                            self.need(&origins, &Need::All);
                        }
                    }
                }
                Vec::new()
            }
            NodeKind::User { function, args } => {
                let args = args.iter().map(|a| self.origins(a)).collect();
                self.call(*function, args)
            }
            // Its parameters are locals bound by the lets around it.
            NodeKind::Inlined { body, .. } => self.origins(body),
            NodeKind::Raise { code, message } => {
                if let Some(code) = code {
                    self.value(code);
                }
                self.value(message);
                Vec::new()
            }
        }
    }

    /// Extends `base` along the path's static selectors; a path the walk
    /// cannot follow needs its base whole.
    fn navigate(&mut self, mut origins: Origins, path: &'p PathPlan<ExprRef>) -> Origins {
        let text = path.to_text();
        let Some(segments) = static_segments(&text) else {
            // Only dynamic selectors (`t[$.code]`) stop a singular path:
            // the part before the first one is followed, the rest needs
            // what it reaches whole.
            if !path.is_singular() {
                return self.give_up();
            }
            let prefix = text
                .find("[<expr>]")
                .and_then(|at| static_segments(&text[..at]));
            if let Some(prefix) = prefix {
                origins = self.follow(origins, &prefix);
            }
            self.need(&origins, &Need::All);
            for expr in path.dynamic_exprs() {
                match self.plan.path_exprs.get(expr.0 as usize) {
                    Some(n) => self.value(n),
                    None => return self.give_up(),
                }
            }
            return Vec::new();
        };
        self.follow(origins, &segments)
    }

    /// Extends `origins` along static segments.
    fn follow(&mut self, mut origins: Origins, segments: &[ast::Segment]) -> Origins {
        for segment in segments {
            if segment.descendant {
                self.need(&origins, &Need::All);
                return Vec::new();
            }
            let mut next = Vec::new();
            for selector in &segment.selectors {
                let step = match selector {
                    ast::Selector::Name(name) => Step::Field(name.as_str().into()),
                    ast::Selector::Wildcard
                    | ast::Selector::Index(_)
                    | ast::Selector::Slice { .. } => Step::Each,
                    // A filter can read anything, the root included.
                    ast::Selector::Filter(_) | ast::Selector::Dynamic(_) => {
                        return self.give_up();
                    }
                };
                next.extend(origins.iter().map(|p| {
                    let mut p = p.clone();
                    p.push(step.clone());
                    p
                }));
            }
            origins = next;
        }
        origins
    }

    fn global(&mut self, index: u32) -> Origins {
        match self.globals.get(&index) {
            Some(Some(origins)) => return origins.clone(),
            Some(None) => return self.give_up(),
            None => {}
        }
        let Some(value) = self
            .plan
            .globals
            .get(index as usize)
            .and_then(|g| g.value.as_ref())
        else {
            return self.give_up();
        };
        self.globals.insert(index, None);
        let saved = std::mem::take(&mut self.locals);
        let origins = self.origins(value);
        self.locals = saved;
        self.globals.insert(index, Some(origins.clone()));
        origins
    }

    /// Walks a user function's body with its parameters bound to `args`.
    fn call(&mut self, index: u32, args: Vec<Origins>) -> Origins {
        if self.calls.contains(&index) || self.calls.len() >= MAX_DEPTH {
            return self.give_up();
        }
        let Some(body) = self
            .plan
            .functions
            .get(index as usize)
            .and_then(|f| f.body.as_ref())
        else {
            return self.give_up();
        };
        let arity = self.plan.functions[index as usize].arity;
        let mut frame: HashMap<u32, Origins> = HashMap::new();
        for slot in 0..arity {
            frame.insert(slot, args.get(slot as usize).cloned().unwrap_or_default());
        }
        self.calls.push(index);
        let saved = std::mem::replace(&mut self.locals, frame);
        let origins = self.origins(body);
        self.locals = saved;
        self.calls.pop();
        origins
    }
}

/// The elements (or members) of the values at `origins`.
fn each_of(origins: &Origins) -> Origins {
    origins
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.push(Step::Each);
            p
        })
        .collect()
}

fn bind_pattern(
    pattern: &crate::plan::PatternPlan,
    matched: &Origins,
    locals: &mut HashMap<u32, Origins>,
) {
    use crate::plan::PatternPlan;
    match pattern {
        PatternPlan::Bind(slot) => {
            locals.insert(*slot, matched.clone());
        }
        PatternPlan::Or(alternatives) => {
            for p in alternatives {
                bind_pattern(p, matched, locals);
            }
        }
        _ => {}
    }
}

/// The path's segments, read back from its text (the path layer keeps its
/// selectors private); `None` when the text holds executor expressions.
fn static_segments(text: &str) -> Option<Vec<ast::Segment>> {
    let query = ferry_dsl::parse_query(&format!("${text}")).ok()?;
    match query.kind {
        ast::ExprKind::Path { segments, .. } => Some(segments),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mapping;

    fn need(src: &str) -> String {
        need_of(Mapping::compile_str(src).unwrap().plan()).to_string()
    }

    macro_rules! case {
        ($name:ident, $src:expr, $expected:expr) => {
            #[test]
            fn $name() {
                assert_eq!(need($src), $expected);
            }
        };
    }

    case!(
        static_fields_are_kept_whole,
        "{ id: $.id, email: $.customer.email }",
        "{customer: {email: all}, id: all}"
    );
    case!(
        navigating_without_using_keeps_presence,
        "exists($.a.b)",
        "{a: {b: {}}}"
    );
    case!(
        the_root_used_whole_needs_everything,
        "{ all: $, id: $.id }",
        "all"
    );
    case!(
        a_spread_needs_its_value_whole,
        "{ ...$.meta, id: $.id }",
        "{id: all, meta: all}"
    );
    case!(
        wildcards_reach_every_element,
        "sum($.lines[*].qty)",
        "{lines: {*: {qty: all}}}"
    );
    case!(
        indexes_reach_elements,
        "$.lines[0].sku",
        "{lines: {*: {sku: all}}}"
    );
    case!(descendants_need_their_base_whole, "$.a..b", "{a: all}");
    case!(filters_need_everything, "$.lines[?@.qty > 1]", "all");
    case!(
        dynamic_selectors_need_their_base_and_key,
        "$.rates[$.code]",
        "{code: all, rates: all}"
    );
    case!(
        lets_and_loops_carry_locations,
        "let c = $.customer\n[for l in $.lines if l.qty > 0 => { sku: l.sku, who: c.name }]",
        "{customer: {name: all}, lines: {*: {qty: all, sku: all}}}"
    );
    case!(
        a_loop_keeps_its_elements_even_unread,
        "[for l in $.lines => 1]",
        "{lines: {*: {}}}"
    );
    case!(
        a_loop_variable_used_whole_needs_the_elements_whole,
        "[for l in $.lines => l]",
        "{lines: {*: all}}"
    );
    case!(
        lambdas_get_the_elements_of_the_subject,
        "map($.lines, l -> l.sku)",
        "{lines: {*: {sku: all}}}"
    );
    case!(
        other_higher_order_functions_need_their_subject_whole,
        "filter($.lines, l -> l.qty > 0)",
        "{lines: all}"
    );
    case!(
        function_parameters_are_bound_to_arguments,
        "fn email(c) = lower(c.email)\nemail($.customer)",
        "{customer: {email: all}}"
    );
    case!(
        recursion_needs_everything,
        "fn f(x) = if x.n > 0 then f(x.next) else 0\nf($)",
        "all"
    );
    case!(
        top_level_lets_are_followed,
        "let c = $.customer\nlet e = c.email\n{ e: e, n: c.name }",
        "{customer: {email: all, name: all}}"
    );
    case!(
        branches_and_defaults_carry_locations,
        "(if $.flag then $.a else $.b).x ?? $.c.y",
        "{a: {x: all}, b: {x: all}, c: {y: all}, flag: all}"
    );
    case!(
        wildcard_needs_fold_into_named_members,
        "{ a: $.o.k.x, b: $.o[*].y }",
        "{o: {k: {x: all, y: all}, *: {y: all}}}"
    );

    #[test]
    fn the_bench_mapping_reads_only_its_fields() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../mappings/bench/orders.map");
        let mapping = Mapping::compile_file(dir).unwrap();
        assert_eq!(
            need_of(mapping.plan()).to_string(),
            "{createdAt: all, currency: all, customer: {country: all, email: all, firstName: all, \
             lastName: all, tier: all}, lines: {*: {discountPct: all, qty: all, sku: all, \
             unitPrice: all}}, notes: all, orderId: all, shipping: {method: all}, tags: all}"
        );
    }
}
