//! The walk that finds every part of the input a plan can read.
//!
//! Each expression is evaluated abstractly to the places its value can come
//! from ([`Origin`]: `$.lines[*]` for a loop variable over `$.lines`, an
//! array of the nodes at `lines.*` for the nodelist `$.lines[*]`). Values
//! navigated with names, indexes, slices, wildcards, filters or dynamic
//! selectors stay places (see [`super::navigate`]); locals, loop variables,
//! lambda and user-function parameters and top-level lets carry them along,
//! and so do array and object literals, comprehensions and the built-ins
//! that return elements of their argument ([`super::builtins`]). Any other
//! use (an output value, an operand, a function argument, an
//! interpolation, a spread, a computed key…) records what it reads, most
//! often the whole subtree.
//!
//! Only what the walk cannot bound at all needs the whole record: a
//! recursive user function (its result could be any part of the input), a
//! local it does not know, or a plan too large to walk.

use std::collections::HashMap;

use super::builtins::{self, Reads};
use super::need::Need;
use super::origin::{Origin, Origins, children, held, union, wrapped};

use crate::plan::{Arg, Element, Entry, ExprRef, ForOutput, Key, Node, NodeKind, Piece, Plan};

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

pub(super) struct Walk<'p> {
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
    pub(super) fn give_up(&mut self) -> Origins {
        self.gave_up = true;
        Vec::new()
    }

    /// Records that the values at `origins` are read as `need` says.
    pub(super) fn need(&mut self, origins: &Origins, need: &Need) {
        for origin in origins {
            self.need.add(&origin.path, origin.need_at_path(need));
        }
    }

    /// Walks a node whose value is used whole.
    pub(super) fn value(&mut self, node: &'p Node) {
        let origins = self.origins(node);
        self.need(&origins, &Need::All);
    }

    /// Walks an expression embedded in a path (a dynamic selector's key, a
    /// variable or query start inside a filter).
    pub(super) fn path_expr(&mut self, expr: ExprRef) -> Origins {
        match self.plan.path_exprs.get(expr.0 as usize) {
            Some(node) => self.origins(node),
            None => self.give_up(),
        }
    }

    /// Walks a node and returns the places its value can come from.
    pub(super) fn origins(&mut self, node: &'p Node) -> Origins {
        self.visited += 1;
        if self.gave_up || self.visited > BUDGET {
            return self.give_up();
        }
        match &node.kind {
            NodeKind::Const(_) | NodeKind::Num(_) | NodeKind::Skip => Vec::new(),
            NodeKind::Root => vec![Origin::root()],
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
                let mut origins = Vec::new();
                for element in elements {
                    match element {
                        Element::Item(n) => {
                            let item = self.origins(n);
                            union(&mut origins, wrapped(item));
                        }
                        Element::Spread(n) => self.value(n),
                    }
                }
                origins
            }
            NodeKind::Object(object) => {
                let mut origins = Vec::new();
                for entry in &object.entries {
                    match entry {
                        Entry::Field { key, value, .. } => {
                            let name = match key {
                                Key::Static(name) => Some(&**name),
                                Key::Computed(k) => {
                                    self.value(k);
                                    None
                                }
                            };
                            let member = self.origins(value);
                            union(&mut origins, held(member, name));
                        }
                        Entry::Spread(n) => self.value(n),
                    }
                }
                origins
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
                let right = self.origins(right);
                union(&mut origins, right);
                origins
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.value(cond);
                let mut origins = self.origins(then);
                let otherwise = self.origins(otherwise);
                union(&mut origins, otherwise);
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
                    let body = self.origins(&arm.body);
                    union(&mut origins, body);
                }
                origins
            }
            NodeKind::For(f) => {
                let source = self.origins(&f.source);
                // The loop runs once per element (or member): keep them all.
                let each = children(&source);
                self.need(&each, &Need::nothing());
                if let Some(key) = f.key_slot {
                    self.locals.insert(key, Vec::new());
                }
                self.locals.insert(f.value_slot, each);
                if let Some(filter) = &f.filter {
                    self.value(filter);
                }
                // The result is built of what the body gives for each item.
                match &f.output {
                    ForOutput::Array(body) => wrapped(self.origins(body)),
                    ForOutput::Object { key, value } => {
                        self.value(key);
                        wrapped(self.origins(value))
                    }
                    // A later `for` clause: its items are this loop's items.
                    ForOutput::Splice(body) | ForOutput::Merge(body)
                        if matches!(body.kind, NodeKind::For(_)) =>
                    {
                        self.origins(body)
                    }
                    // `...xs`: spliced whole, as a spread in an array literal.
                    ForOutput::Splice(body) | ForOutput::Merge(body) => {
                        self.value(body);
                        Vec::new()
                    }
                }
            }
            NodeKind::Let { slot, value, body } => {
                let origins = self.origins(value);
                self.locals.insert(*slot, origins);
                self.origins(body)
            }
            NodeKind::Native(call) => self.native(builtins::reads(call.def.name), &call.args),
            NodeKind::User { function, args } => {
                let args = args.iter().map(|a| self.origins(a)).collect();
                self.call(*function, args)
            }
            // Its parameters are locals bound by the lets around it.
            NodeKind::Inlined { body, .. } => self.origins(body),
            NodeKind::Raise {
                code,
                message,
                value,
            } => {
                if let Some(code) = code {
                    self.value(code);
                }
                self.value(message);
                if let Some(value) = value {
                    self.value(value);
                }
                Vec::new()
            }
        }
    }

    /// Walks a built-in call's arguments as `reads` says, and returns the
    /// places its result can come from.
    fn native(&mut self, reads: Reads, args: &'p [Arg]) -> Origins {
        let mut elements = Vec::new();
        let mut returned = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            match arg {
                Arg::Value(n) if i == 0 && reads != Reads::Whole => {
                    let subject = self.origins(n);
                    match reads {
                        Reads::Shape => self.need(&subject, &Need::shape()),
                        Reads::Type => self.need(&subject, &Need::nothing()),
                        _ => {
                            // Every element is visited or may be picked.
                            elements = children(&subject);
                            self.need(&elements, &Need::nothing());
                        }
                    }
                }
                Arg::Value(n) => self.value(n),
                Arg::Lambda { params, body } => {
                    for (p, slot) in params.iter().enumerate() {
                        // Other parameters (`reduce`'s accumulator) are
                        // computed from arguments already read whole.
                        let origins = if p == 0 { elements.clone() } else { Vec::new() };
                        self.locals.insert(*slot, origins);
                    }
                    let result = self.origins(body);
                    self.lambda_result(reads, result, &mut returned);
                }
                Arg::Function(f) => {
                    let result = self.call(*f, vec![elements.clone()]);
                    self.lambda_result(reads, result, &mut returned);
                }
            }
        }
        match reads {
            Reads::Map => wrapped(returned),
            Reads::Picks { depth } => (0..depth).fold(elements, |origins, _| wrapped(origins)),
            _ => Vec::new(),
        }
    }

    /// What becomes of a lambda's result: `map` builds its result of them;
    /// other built-ins read them whole (tests, keys).
    fn lambda_result(&mut self, reads: Reads, result: Origins, returned: &mut Origins) {
        if reads == Reads::Map {
            union(returned, result);
        } else {
            self.need(&result, &Need::All);
        }
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
        // The groups are new strings; the matched value is needed whole.
        PatternPlan::Captures { slot, .. } => {
            locals.insert(*slot, Vec::new());
        }
        PatternPlan::Or(alternatives) => {
            for p in alternatives {
                bind_pattern(p, matched, locals);
            }
        }
        _ => {}
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
    case!(
        a_filter_reads_its_tests_of_each_element,
        "$.items[?@.kind == \"a\"].price",
        "{items: {*: {kind: all, price: all}}}"
    );
    case!(
        a_filtered_nodelist_used_whole_needs_the_chosen_elements_whole,
        "$.lines[?@.qty > 1]",
        "{lines: {*: all}}"
    );
    case!(
        filters_read_the_root_and_variables_too,
        "let min = $.limits.min\n$.items[?@.qty >= min && @.currency == $.currency].id",
        "{currency: all, items: {*: {currency: all, id: all, qty: all}}, limits: {min: all}}"
    );
    case!(
        filter_functions_read_presence_shape_or_values,
        "$.items[?count(@.tags[*]) > 1 && length(@.name) == 3 && value(@.v) == 1 \
         && match(@.code, \"A.*\")].id",
        "{items: {*: {code: all, id: all, name: {*: {}}, tags: {*: {}}, v: all}}}"
    );
    case!(
        existence_tests_in_filters_keep_presence_only,
        "len($.items[?@.gift])",
        "{items: {*: {gift: {}}}}"
    );
    case!(
        filters_inside_functions_follow_the_argument,
        "fn region(t) = first(t.fields[?@.id == 360001].value)\nregion($.ticket)",
        "{ticket: {fields: {*: {id: all, value: all}}}}"
    );
    case!(
        descendants_inside_filters_need_the_element_whole,
        "$.items[?value(@..flag) == true].id",
        "{items: {*: all}}"
    );
    case!(
        filters_after_a_descendant_still_read_the_root,
        "$.a..[?@.x == $.y]",
        "{a: all, y: all}"
    );
    case!(
        len_of_a_nodelist_reads_only_the_nodes_presence,
        "len($.readings[?@.value == null])",
        "{readings: {*: {value: all}}}"
    );
    case!(
        a_nodelist_is_an_array_of_its_nodes,
        "[for l in $.lines[*] => l.a.b]",
        "{lines: {*: {a: {b: all}}}}"
    );
    case!(
        dynamic_selectors_reach_every_child_and_need_their_key,
        "$.rates[$.code]",
        "{code: all, rates: {*: all}}"
    );
    case!(
        paths_go_on_after_a_dynamic_selector,
        "{ r: $.rates[$.code].value, n: $.list[*][$.i].name }",
        "{code: all, i: all, list: {*: {*: {name: all}}}, rates: {*: {value: all}}}"
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
        a_filter_result_used_whole_needs_the_elements_whole,
        "filter($.lines, l -> l.qty > 0)",
        "{lines: {*: all}}"
    );
    case!(
        built_ins_that_pick_elements_carry_them,
        "let g = group_by($.items, i -> i.kind)\n\
         { f: [for k, v in g => first(v).name], i: index_by($.items, i -> i.id)[\"2\"].sku, \
           n: len(filter($.items, i -> i.qty > 1)), s: sort_by($.items, i -> i.qty)[0].id }",
        "{items: {*: {id: all, kind: all, name: all, qty: all, sku: all}}}"
    );
    case!(
        map_results_are_what_the_lambda_returns,
        "[for p in map($.lines, l -> l.product) => p.name]",
        "{lines: {*: {product: {name: all}}}}"
    );
    case!(
        shape_and_type_built_ins_read_no_values,
        "{ k: keys($.o), h: has($.p, \"x\"), t: type_of($.q), n: len($.r) }",
        "{o: {*: {}}, p: {*: {}}, q: {}, r: {*: {}}}"
    );
    case!(
        other_higher_order_functions_need_their_subject_whole,
        "reduce($.lines, 0, (acc, l) -> acc + l.qty)",
        "{lines: all}"
    );
    case!(
        literals_carry_what_they_hold,
        "let o = { c: $.customer, l: [$.a, $.b] }\n{ n: o.c.name, x: o.l[1].x }",
        "{a: {x: all}, b: {x: all}, customer: {name: all}}"
    );
    case!(
        a_value_output_as_is_is_needed_whole,
        "let o = { c: $.customer }\n{ c: o.c, n: $.n }",
        "{customer: all, n: all}"
    );
    case!(
        lambdas_passed_to_user_functions_see_the_argument,
        "fn picked(xs) = filter(xs, x -> x.ok == true)\n[for x in picked($.items) => x.id]",
        "{items: {*: {id: all, ok: all}}}"
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
    fn the_examples_with_filters_are_projected() {
        let need = |name: &str| {
            let file = format!(
                "{}/../mappings/{name}/{name}.map",
                env!("CARGO_MANIFEST_DIR")
            );
            need_of(Mapping::compile_file(file).unwrap().plan()).to_string()
        };
        assert_eq!(
            need("crm_contact"),
            "{company: {name: all}, country: all, emails: {*: {address: all, primary: all}}, \
             external_id: all, first_name: all, id: all, last_name: all, opt_in: all, \
             phones: {*: {number: all, type: all}}, tags: all}"
        );
        assert_eq!(
            need("iot_readings"),
            "{device: {id: all, site: all, tz: all}, \
             readings: {*: {metric: all, ts: all, ts_ms: all, value: all}}}"
        );
        assert_eq!(
            need("support_ticket"),
            "{event: all, ticket: {channel: all, created_at: all, \
             custom_fields: {*: {id: all, value: all}}, id: all, org: {plan: all}, \
             priority: all, requester: {email: all, locale: all, name: all}, subject: all, \
             tags: {*: all}}}"
        );
        // `sum($..stock)` visits the whole record.
        assert_eq!(need("product_catalogue"), "all");
    }

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
