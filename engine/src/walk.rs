//! Visiting the nodes of one plan frame: a node's children (not the
//! expressions inside paths, which live in the plan's side table, and not
//! other functions' bodies). Shared by the optimizer and test coverage.

use crate::plan::{Arg, Element, Entry, Key, Node, NodeKind, Piece};

/// Calls `f` on every node of the tree, children before parents.
pub(crate) fn each_mut(node: &mut Node, f: &mut dyn FnMut(&mut Node)) {
    for child in children_mut(node) {
        each_mut(child, f);
    }
    f(node);
}

/// Calls `f` on every node of the tree, parents before children.
pub(crate) fn each(node: &Node, f: &mut dyn FnMut(&Node)) {
    f(node);
    for child in children(node) {
        each(child, f);
    }
}

/// The direct children of a node.
pub(crate) fn children(node: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = Vec::new();
    match &node.kind {
        NodeKind::Const(_)
        | NodeKind::Num(_)
        | NodeKind::Root
        | NodeKind::Local(_)
        | NodeKind::Skip
        | NodeKind::Global(_) => {}
        NodeKind::Path { base, .. } | NodeKind::Exists { base, .. } => out.push(base),
        NodeKind::Interpolate(pieces) => out.extend(pieces.iter().filter_map(|p| match p {
            Piece::Value(n) => Some(n),
            Piece::Text(_) => None,
        })),
        NodeKind::Array(elements) => out.extend(elements.iter().map(|e| match e {
            Element::Item(n) | Element::Spread(n) => n,
        })),
        NodeKind::Object(obj) => {
            for entry in &obj.entries {
                match entry {
                    Entry::Field { key, value, .. } => {
                        if let Key::Computed(k) = key {
                            out.push(k);
                        }
                        out.push(value);
                    }
                    Entry::Spread(n) => out.push(n),
                }
            }
        }
        NodeKind::Neg(n) | NodeKind::Not(n) => out.push(n),
        NodeKind::Binary { left, right, .. } => out.extend([&**left, &**right]),
        NodeKind::And(l, r) | NodeKind::Or(l, r) | NodeKind::Default(l, r) => {
            out.extend([&**l, &**r])
        }
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => out.extend([&**cond, &**then, &**otherwise]),
        NodeKind::Match { value, arms } => {
            out.push(value);
            for arm in arms {
                out.extend(arm.guard.as_ref());
                out.push(&arm.body);
            }
        }
        NodeKind::For(plan) => {
            out.push(&plan.source);
            out.extend(plan.filter.as_ref());
            out.extend(plan.output.nodes());
        }
        NodeKind::Let { value, body, .. } => out.extend([&**value, &**body]),
        NodeKind::Try { body, fallback } => out.extend([&**body, &**fallback]),
        NodeKind::Native(call) => {
            for arg in &call.args {
                match arg {
                    Arg::Value(n) | Arg::Lambda { body: n, .. } => out.push(n),
                    Arg::Function(_) => {}
                }
            }
        }
        NodeKind::User { args, .. } => out.extend(args.iter()),
        NodeKind::Inlined { body, .. } => out.push(body),
        NodeKind::Raise {
            code,
            message,
            value,
        } => {
            out.extend(code.as_deref());
            out.push(message);
            out.extend(value.as_deref());
        }
    }
    out
}

/// The direct children of a node, mutably.
pub(crate) fn children_mut(node: &mut Node) -> Vec<&mut Node> {
    let mut out: Vec<&mut Node> = Vec::new();
    match &mut node.kind {
        NodeKind::Const(_)
        | NodeKind::Num(_)
        | NodeKind::Root
        | NodeKind::Local(_)
        | NodeKind::Skip
        | NodeKind::Global(_) => {}
        NodeKind::Path { base, .. } | NodeKind::Exists { base, .. } => out.push(base),
        NodeKind::Interpolate(pieces) => out.extend(pieces.iter_mut().filter_map(|p| match p {
            Piece::Value(n) => Some(n),
            Piece::Text(_) => None,
        })),
        NodeKind::Array(elements) => out.extend(elements.iter_mut().map(|e| match e {
            Element::Item(n) | Element::Spread(n) => n,
        })),
        NodeKind::Object(obj) => {
            for entry in &mut obj.entries {
                match entry {
                    Entry::Field { key, value, .. } => {
                        if let Key::Computed(k) = key {
                            out.push(k);
                        }
                        out.push(value);
                    }
                    Entry::Spread(n) => out.push(n),
                }
            }
        }
        NodeKind::Neg(n) | NodeKind::Not(n) => out.push(n),
        NodeKind::Binary { left, right, .. } => {
            out.push(left);
            out.push(right);
        }
        NodeKind::And(l, r) | NodeKind::Or(l, r) | NodeKind::Default(l, r) => {
            out.push(l);
            out.push(r);
        }
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            out.push(cond);
            out.push(then);
            out.push(otherwise);
        }
        NodeKind::Match { value, arms } => {
            out.push(value);
            for arm in arms {
                if let Some(g) = &mut arm.guard {
                    out.push(g);
                }
                out.push(&mut arm.body);
            }
        }
        NodeKind::For(plan) => {
            out.push(&mut plan.source);
            if let Some(f) = &mut plan.filter {
                out.push(f);
            }
            out.extend(plan.output.nodes_mut());
        }
        NodeKind::Let { value, body, .. } => {
            out.push(value);
            out.push(body);
        }
        NodeKind::Try { body, fallback } => {
            out.push(body);
            out.push(fallback);
        }
        NodeKind::Native(call) => {
            for arg in &mut call.args {
                match arg {
                    Arg::Value(n) | Arg::Lambda { body: n, .. } => out.push(n),
                    Arg::Function(_) => {}
                }
            }
        }
        NodeKind::User { args, .. } => out.extend(args.iter_mut()),
        NodeKind::Inlined { body, .. } => out.push(body),
        NodeKind::Raise {
            code,
            message,
            value,
        } => {
            if let Some(c) = code {
                out.push(c);
            }
            out.push(message);
            if let Some(v) = value {
                out.push(v);
            }
        }
    }
    out
}
