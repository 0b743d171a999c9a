//! Copying a function body into another frame, for [`super::inline`]:
//! every slot the body reads or binds (locals, lets, loop variables,
//! lambda parameters, pattern bindings) is renumbered through a map, and
//! the path expressions it embeds are copied too, since they read the
//! frame's slots. A path with a filter is not copied (the path layer does
//! not copy filter plans, which may hold regex caches): the copy then
//! fails, and the function is not inlined.

use crate::path::PathPlan;
use crate::plan::{
    Arg, Arm, Element, Entry, ExprRef, ForOutput, ForPlan, Key, NativeCall, Node, NodeKind,
    ObjectPlan, PatternPlan, Piece,
};

/// Copies nodes for one frame, collecting copies of the path expressions
/// they embed.
pub(super) struct Copier<'p> {
    /// The plan's path expressions, read from.
    exprs: &'p [Node],
    /// Copied path expressions, to append to the plan's after `exprs`.
    added: Vec<Node>,
}

impl<'p> Copier<'p> {
    pub(super) fn new(exprs: &'p [Node]) -> Copier<'p> {
        Copier {
            exprs,
            added: Vec::new(),
        }
    }

    /// The path expressions the copies made so far embed, in the order
    /// their [`ExprRef`]s expect after the plan's own.
    pub(super) fn into_added(self) -> Vec<Node> {
        self.added
    }

    /// A copy of `node` in which slot `s` is `slots[s]`, or `None` (and
    /// nothing added) when part of it cannot be copied.
    pub(super) fn copy(&mut self, node: &Node, slots: &[u32]) -> Option<Node> {
        let mark = self.added.len();
        let copy = self.node(node, slots);
        if copy.is_none() {
            self.added.truncate(mark);
        }
        copy
    }

    fn node(&mut self, node: &Node, slots: &[u32]) -> Option<Node> {
        let slot = |s: &u32| slots.get(*s as usize).copied();
        let kind = match &node.kind {
            NodeKind::Const(v) => NodeKind::Const(v.clone()),
            NodeKind::Num(n) => NodeKind::Num(*n),
            NodeKind::Root => NodeKind::Root,
            NodeKind::Skip => NodeKind::Skip,
            NodeKind::Local(s) => NodeKind::Local(slot(s)?),
            NodeKind::Global(i) => NodeKind::Global(*i),
            NodeKind::Path { base, path } => NodeKind::Path {
                base: self.boxed(base, slots)?,
                path: self.path(path, slots)?,
            },
            NodeKind::Exists { base, path } => NodeKind::Exists {
                base: self.boxed(base, slots)?,
                path: match path {
                    Some(path) => Some(self.path(path, slots)?),
                    None => None,
                },
            },
            NodeKind::Interpolate(pieces) => NodeKind::Interpolate(
                pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(text) => Some(Piece::Text(text.clone())),
                        Piece::Value(n) => Some(Piece::Value(self.node(n, slots)?)),
                    })
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Array(elements) => NodeKind::Array(
                elements
                    .iter()
                    .map(|e| match e {
                        Element::Item(n) => Some(Element::Item(self.node(n, slots)?)),
                        Element::Spread(n) => Some(Element::Spread(self.node(n, slots)?)),
                    })
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Object(object) => NodeKind::Object(ObjectPlan {
                entries: object
                    .entries
                    .iter()
                    .map(|entry| self.entry(entry, slots))
                    .collect::<Option<_>>()?,
                keys_unique: object.keys_unique,
            }),
            NodeKind::Neg(n) => NodeKind::Neg(self.boxed(n, slots)?),
            NodeKind::Not(n) => NodeKind::Not(self.boxed(n, slots)?),
            NodeKind::Binary { op, left, right } => NodeKind::Binary {
                op: *op,
                left: self.boxed(left, slots)?,
                right: self.boxed(right, slots)?,
            },
            NodeKind::And(l, r) => NodeKind::And(self.boxed(l, slots)?, self.boxed(r, slots)?),
            NodeKind::Or(l, r) => NodeKind::Or(self.boxed(l, slots)?, self.boxed(r, slots)?),
            NodeKind::Default(l, r) => {
                NodeKind::Default(self.boxed(l, slots)?, self.boxed(r, slots)?)
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => NodeKind::If {
                cond: self.boxed(cond, slots)?,
                then: self.boxed(then, slots)?,
                otherwise: self.boxed(otherwise, slots)?,
            },
            NodeKind::Match { value, arms } => NodeKind::Match {
                value: self.boxed(value, slots)?,
                arms: arms
                    .iter()
                    .map(|arm| {
                        Some(Arm {
                            pattern: pattern(&arm.pattern, slots)?,
                            guard: self.optional(arm.guard.as_ref(), slots)?,
                            body: self.node(&arm.body, slots)?,
                        })
                    })
                    .collect::<Option<_>>()?,
            },
            NodeKind::For(plan) => NodeKind::For(Box::new(ForPlan {
                source: self.node(&plan.source, slots)?,
                key_slot: match &plan.key_slot {
                    Some(k) => Some(slot(k)?),
                    None => None,
                },
                value_slot: slot(&plan.value_slot)?,
                filter: self.optional(plan.filter.as_ref(), slots)?,
                output: match &plan.output {
                    ForOutput::Array(body) => ForOutput::Array(self.node(body, slots)?),
                    ForOutput::Splice(body) => ForOutput::Splice(self.node(body, slots)?),
                    ForOutput::Merge(body) => ForOutput::Merge(self.node(body, slots)?),
                    ForOutput::Object { key, value } => ForOutput::Object {
                        key: self.node(key, slots)?,
                        value: self.node(value, slots)?,
                    },
                },
            })),
            NodeKind::Let {
                slot: bound,
                value,
                body,
            } => NodeKind::Let {
                slot: slot(bound)?,
                value: self.boxed(value, slots)?,
                body: self.boxed(body, slots)?,
            },
            NodeKind::Try { body, fallback } => NodeKind::Try {
                body: self.boxed(body, slots)?,
                fallback: self.boxed(fallback, slots)?,
            },
            NodeKind::Native(call) => NodeKind::Native(Box::new(NativeCall {
                def: call.def,
                args: call
                    .args
                    .iter()
                    .map(|arg| match arg {
                        Arg::Value(n) => Some(Arg::Value(self.node(n, slots)?)),
                        Arg::Lambda { params, body } => Some(Arg::Lambda {
                            params: params.iter().map(slot).collect::<Option<_>>()?,
                            body: self.node(body, slots)?,
                        }),
                        Arg::Function(f) => Some(Arg::Function(*f)),
                    })
                    .collect::<Option<_>>()?,
                regexes: call.regexes.clone(),
                keys: call.keys.clone(),
                cost: call.cost,
            })),
            NodeKind::User { function, args } => NodeKind::User {
                function: *function,
                args: args
                    .iter()
                    .map(|a| self.node(a, slots))
                    .collect::<Option<_>>()?,
            },
            NodeKind::Inlined { function, body } => NodeKind::Inlined {
                function: *function,
                body: self.boxed(body, slots)?,
            },
            NodeKind::Raise {
                code,
                message,
                value,
            } => NodeKind::Raise {
                code: match code {
                    Some(code) => Some(self.boxed(code, slots)?),
                    None => None,
                },
                message: self.boxed(message, slots)?,
                value: match value {
                    Some(value) => Some(self.boxed(value, slots)?),
                    None => None,
                },
            },
        };
        Some(Node::new(kind, node.span))
    }

    fn boxed(&mut self, node: &Node, slots: &[u32]) -> Option<Box<Node>> {
        self.node(node, slots).map(Box::new)
    }

    /// `Some(None)` for no node, `None` when the node cannot be copied.
    fn optional(&mut self, node: Option<&Node>, slots: &[u32]) -> Option<Option<Node>> {
        match node {
            Some(n) => Some(Some(self.node(n, slots)?)),
            None => Some(None),
        }
    }

    fn entry(&mut self, entry: &Entry, slots: &[u32]) -> Option<Entry> {
        Some(match entry {
            Entry::Field {
                key,
                optional,
                value,
            } => Entry::Field {
                key: match key {
                    Key::Static(name) => Key::Static(name.clone()),
                    Key::Computed(n) => Key::Computed(self.node(n, slots)?),
                },
                optional: *optional,
                value: self.node(value, slots)?,
            },
            Entry::Spread(n) => Entry::Spread(self.node(n, slots)?),
        })
    }

    fn path(&mut self, path: &PathPlan<ExprRef>, slots: &[u32]) -> Option<PathPlan<ExprRef>> {
        path.map_exprs(&mut |expr| self.expr(*expr, slots))
    }

    /// Copies a path expression to a new entry of the side table.
    fn expr(&mut self, expr: ExprRef, slots: &[u32]) -> Option<ExprRef> {
        let exprs = self.exprs;
        let copy = self.node(exprs.get(expr.0 as usize)?, slots)?;
        self.added.push(copy);
        u32::try_from(exprs.len() + self.added.len() - 1)
            .ok()
            .map(ExprRef)
    }
}

fn pattern(pattern: &PatternPlan, slots: &[u32]) -> Option<PatternPlan> {
    Some(match pattern {
        PatternPlan::Bind(s) => PatternPlan::Bind(*slots.get(*s as usize)?),
        PatternPlan::Captures { regex, slot, keys } => PatternPlan::Captures {
            regex: regex.clone(),
            slot: *slots.get(*slot as usize)?,
            keys: keys.clone(),
        },
        PatternPlan::Or(alternatives) => PatternPlan::Or(
            alternatives
                .iter()
                .map(|p| self::pattern(p, slots))
                .collect::<Option<_>>()?,
        ),
        other => other.clone(),
    })
}
