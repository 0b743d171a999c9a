//! Shared path prefixes: `$.customer.firstName`, `$.customer.lastName` and
//! `$.customer.email` look `customer` up once per frame instead of three
//! times. The prefix is bound to a new local at the start of the frame;
//! looking up member names from `$` cannot fail, so evaluating it early
//! changes no result.

use std::collections::BTreeMap;

use super::Frame;
use crate::path::PathPlan;
use crate::plan::{ExprRef, Node, NodeKind};
use crate::walk;

/// Hoists every root path prefix that two or more paths of the frame share.
pub(super) fn share(frame: Frame<'_>) {
    let mut paths: Vec<Vec<String>> = Vec::new();
    walk::each(frame.root, &mut |node| {
        if let Some(names) = root_names(node)
            && names.len() >= 2
        {
            paths.push(names.iter().map(|n| (*n).to_owned()).collect());
        }
    });
    let mut groups: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for p in &paths {
        groups.entry(p[0].as_str()).or_default().push(p);
    }
    let mut prefixes: Vec<(Vec<String>, u32)> = Vec::new();
    for members in groups.values().filter(|m| m.len() >= 2) {
        // The longest prefix all of them share, and shorter than each.
        let shortest = members.iter().map(|p| p.len()).min().unwrap_or(1);
        let mut len = 1;
        while len + 1 < shortest && members.iter().all(|p| p[len] == members[0][len]) {
            len += 1;
        }
        prefixes.push((members[0][..len].to_vec(), *frame.slots));
        *frame.slots += 1;
    }
    if prefixes.is_empty() {
        return;
    }
    walk::each_mut(frame.root, &mut |node| {
        let Some(names) = root_names(node) else {
            return;
        };
        let Some((prefix, slot)) = prefixes
            .iter()
            .find(|(p, _)| names.len() > p.len() && names[..p.len()] == p[..])
        else {
            return;
        };
        let rest: Vec<&str> = names[prefix.len()..].to_vec();
        let span = node.span;
        node.kind = NodeKind::Path {
            base: Box::new(Node::new(NodeKind::Local(*slot), span)),
            path: PathPlan::from_names(&rest),
        };
    });
    let span = frame.root.span;
    for (prefix, slot) in prefixes {
        let names: Vec<&str> = prefix.iter().map(String::as_str).collect();
        let value = Node::new(
            NodeKind::Path {
                base: Box::new(Node::new(NodeKind::Root, span)),
                path: PathPlan::<ExprRef>::from_names(&names),
            },
            span,
        );
        let body = std::mem::replace(frame.root, Node::new(NodeKind::Root, span));
        *frame.root = Node::new(
            NodeKind::Let {
                slot,
                value: Box::new(value),
                body: Box::new(body),
            },
            span,
        );
    }
}

/// The member names of `$.a.b.c`, when the node is such a path.
fn root_names(node: &Node) -> Option<Vec<&str>> {
    match &node.kind {
        NodeKind::Path { base, path } if matches!(base.kind, NodeKind::Root) => path.static_names(),
        _ => None,
    }
}
