//! Dead local lets: `let x = $.a; body` where `body` never reads `x` is
//! just `body`, when computing the value cannot fail (so dropping it hides
//! no error).

use super::Frame;
use crate::plan::{Node, NodeKind};
use crate::walk;

/// Drops every unread local `let` whose value is infallible.
pub(super) fn remove(frame: Frame<'_>) {
    walk::each_mut(frame.root, &mut |node| {
        let NodeKind::Let { slot, value, body } = &mut node.kind else {
            return;
        };
        if !infallible(value) || reads(body, *slot) {
            return;
        }
        let span = node.span;
        let body = std::mem::replace(&mut **body, Node::new(NodeKind::Root, span));
        *node = body;
    });
}

/// Values whose computation never raises: constants, locals, `$`, and
/// paths of names and indexes over those.
fn infallible(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Const(_) | NodeKind::Num(_) | NodeKind::Root | NodeKind::Local(_) => true,
        NodeKind::Path { base, path } => path.static_names().is_some() && infallible(base),
        _ => false,
    }
}

/// True when `node` may read the local `slot`. Paths with computed keys or
/// filters hold expressions this pass cannot see: they count as reading it.
fn reads(node: &Node, slot: u32) -> bool {
    let mut found = false;
    walk::each(node, &mut |n| match &n.kind {
        NodeKind::Local(s) if *s == slot => found = true,
        NodeKind::Path { path, .. }
        | NodeKind::Exists {
            path: Some(path), ..
        } if !path.is_singular() || path.dynamic_exprs().next().is_some() => {
            found = true;
        }
        _ => {}
    });
    found
}
