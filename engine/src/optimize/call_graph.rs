//! The call graph of a plan, for [`super::inline`]: which functions and
//! top-level lets each function and top-level let calls, passes by name or
//! reads, and which of them can reach themselves (recursion, direct or
//! through others).

use crate::plan::{Arg, Node, NodeKind, Plan};
use crate::walk;

/// What each function (`0..F`) and each top-level let (`F + i`) calls,
/// passes by name or reads, in path expressions (filters too) included.
pub(super) fn references(plan: &Plan) -> Vec<Vec<usize>> {
    let roots = plan
        .functions
        .iter()
        .map(|f| f.body.as_ref())
        .chain(plan.globals.iter().map(|g| g.value.as_ref()));
    roots
        .map(|root| {
            let mut out = Vec::new();
            if let Some(root) = root {
                references_of(root, plan, &mut out);
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

fn references_of(node: &Node, plan: &Plan, out: &mut Vec<usize>) {
    let functions = plan.functions.len();
    walk::each(node, &mut |n| match &n.kind {
        NodeKind::User { function, .. } | NodeKind::Inlined { function, .. } => {
            out.push(*function as usize);
        }
        NodeKind::Native(call) => out.extend(call.args.iter().filter_map(|arg| match arg {
            Arg::Function(f) => Some(*f as usize),
            _ => None,
        })),
        NodeKind::Global(i) => out.push(functions + *i as usize),
        NodeKind::Path { path, .. }
        | NodeKind::Exists {
            path: Some(path), ..
        } => path.each_expr(&mut |e| {
            if let Some(expr) = plan.path_exprs.get(e.0 as usize) {
                references_of(expr, plan, out);
            }
        }),
        _ => {}
    });
}

/// Every node of `graph` in an order where each comes after those it
/// reaches, except along a cycle. Iterative: a generated mapping may chain
/// many functions.
pub(super) fn post_order(graph: &[Vec<usize>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(graph.len());
    let mut seen = vec![false; graph.len()];
    for start in 0..graph.len() {
        if std::mem::replace(&mut seen[start], true) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            match graph[node].get(next) {
                Some(&callee) => {
                    top.1 += 1;
                    if !std::mem::replace(&mut seen[callee], true) {
                        stack.push((callee, 0));
                    }
                }
                None => {
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// Which nodes of `graph` can reach themselves: those on a cycle, found
/// as the strongly connected components (Kosaraju) of more than one node,
/// or of one that refers to itself.
pub(super) fn on_a_cycle(graph: &[Vec<usize>], order: &[usize]) -> Vec<bool> {
    let mut reverse = vec![Vec::new(); graph.len()];
    for (from, targets) in graph.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; graph.len()];
    let mut sizes = Vec::new();
    for &root in order.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        let id = sizes.len();
        let mut members = 0;
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            members += 1;
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
        sizes.push(members);
    }
    (0..graph.len())
        .map(|n| sizes[component[n]] > 1 || graph[n].contains(&n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_self_references_and_chains_are_told_apart() {
        // 0 ⇄ 1, 2 → 2, 3 → 0, 4 → 3.
        let graph = vec![vec![1], vec![0], vec![2], vec![0], vec![3]];
        let order = post_order(&graph);
        assert_eq!(order.len(), graph.len());
        assert_eq!(on_a_cycle(&graph, &order), [true, true, true, false, false]);
        // Callees come first.
        let at = |n: usize| order.iter().position(|&m| m == n);
        assert!(at(3) < at(4) && at(0) < at(3), "{order:?}");
    }
}
