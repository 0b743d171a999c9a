//! The plan as indented pseudo-code.

use std::fmt::Write;

use crate::plan::{Arg, Element, Entry, ForOutput, Key, Node, NodeKind, Piece, Plan};

/// The whole plan: top-level lets and tables, functions, then the body.
pub fn render_plan(plan: &Plan) -> String {
    let mut out = String::new();
    let r = Renderer { plan };
    for (i, g) in plan.globals.iter().enumerate() {
        let value = g
            .value
            .as_ref()
            .map_or_else(|| "<none>".to_owned(), |v| r.node(v, 1));
        let _ = writeln!(out, "let {} (#{i}, {} slots) = {value}", g.name, g.slots);
    }
    for f in &plan.functions {
        let params: Vec<String> = (0..f.arity).map(|i| format!("%{i}")).collect();
        let body = f
            .body
            .as_ref()
            .map_or_else(|| "<none>".to_owned(), |b| r.node(b, 1));
        let _ = writeln!(
            out,
            "fn {}({}) ({} slots) = {body}",
            f.name,
            params.join(", "),
            f.slots
        );
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "body ({} slots) = {}",
        plan.body_slots,
        r.node(&plan.body, 0)
    );
    out
}

struct Renderer<'p> {
    plan: &'p Plan,
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

impl Renderer<'_> {
    fn node(&self, node: &Node, depth: usize) -> String {
        match &node.kind {
            NodeKind::Const(v) => {
                let text = v.to_string();
                if text.chars().count() > 60 {
                    format!("{}… (constant)", text.chars().take(57).collect::<String>())
                } else {
                    text
                }
            }
            NodeKind::Num(n) => n.to_string(),
            NodeKind::Root => "$".into(),
            NodeKind::Local(slot) => format!("%{slot}"),
            NodeKind::Global(i) => self
                .plan
                .globals
                .get(*i as usize)
                .map_or_else(|| format!("#{i}"), |g| g.name.clone()),
            NodeKind::Path { base, path } => {
                let mut text = path.to_text();
                let dynamic: Vec<String> = path
                    .dynamic_exprs()
                    .filter_map(|e| self.plan.path_exprs.get(e.0 as usize))
                    .map(|n| self.node(n, depth))
                    .collect();
                // Dynamic selectors print as `<expr>`; show what they compute.
                if text.matches("<expr>").count() == dynamic.len() {
                    for d in dynamic {
                        text = text.replacen("<expr>", &d, 1);
                    }
                }
                format!("{}{text}", self.node(base, depth))
            }
            NodeKind::Exists { base, path } => {
                format!(
                    "exists({}{})",
                    self.node(base, depth),
                    path.as_ref().map(|p| p.to_text()).unwrap_or_default()
                )
            }
            NodeKind::Interpolate(pieces) => {
                let mut s = String::from("\"");
                for p in pieces {
                    match p {
                        Piece::Text(t) => s.push_str(&t.replace('"', "\\\"")),
                        Piece::Value(v) => {
                            let _ = write!(s, "${{{}}}", self.node(v, depth));
                        }
                    }
                }
                s.push('"');
                s
            }
            NodeKind::Array(elements) => {
                let items: Vec<String> = elements
                    .iter()
                    .map(|e| match e {
                        Element::Item(n) => self.node(n, depth + 1),
                        Element::Spread(n) => format!("...{}", self.node(n, depth + 1)),
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
            NodeKind::Object(obj) => {
                let mut s = String::from("{\n");
                for entry in &obj.entries {
                    let line = match entry {
                        Entry::Field {
                            key,
                            optional,
                            value,
                        } => {
                            let key = match key {
                                Key::Static(k) => k.to_string(),
                                Key::Computed(n) => format!("[{}]", self.node(n, depth + 1)),
                            };
                            format!(
                                "{key}{}: {}",
                                if *optional { "?" } else { "" },
                                self.node(value, depth + 1)
                            )
                        }
                        Entry::Spread(n) => format!("...{}", self.node(n, depth + 1)),
                    };
                    let _ = writeln!(s, "{}{line},", indent(depth + 1));
                }
                let _ = write!(s, "{}}}", indent(depth));
                s
            }
            NodeKind::Neg(n) => format!("-{}", self.node(n, depth)),
            NodeKind::Not(n) => format!("not {}", self.node(n, depth)),
            NodeKind::Binary { op, left, right } => {
                format!(
                    "({} {} {})",
                    self.node(left, depth),
                    op.symbol(),
                    self.node(right, depth)
                )
            }
            NodeKind::And(l, r) => format!("({} and {})", self.node(l, depth), self.node(r, depth)),
            NodeKind::Or(l, r) => format!("({} or {})", self.node(l, depth), self.node(r, depth)),
            NodeKind::Default(l, r) => {
                format!("({} ?? {})", self.node(l, depth), self.node(r, depth))
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => format!(
                "if {} then {} else {}",
                self.node(cond, depth),
                self.node(then, depth),
                self.node(otherwise, depth)
            ),
            NodeKind::Match { value, arms } => {
                let mut s = format!("match {} {{\n", self.node(value, depth));
                for arm in arms {
                    let guard = arm
                        .guard
                        .as_ref()
                        .map(|g| format!(" if {}", self.node(g, depth + 1)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "{}{:?}{guard} => {},",
                        indent(depth + 1),
                        arm.pattern,
                        self.node(&arm.body, depth + 1)
                    );
                }
                let _ = write!(s, "{}}}", indent(depth));
                s
            }
            NodeKind::For(plan) => {
                let vars = match plan.key_slot {
                    Some(k) => format!("%{k}, %{}", plan.value_slot),
                    None => format!("%{}", plan.value_slot),
                };
                let filter = plan
                    .filter
                    .as_ref()
                    .map(|f| format!(" if {}", self.node(f, depth)))
                    .unwrap_or_default();
                let source = self.node(&plan.source, depth);
                match &plan.output {
                    ForOutput::Array(body) => format!(
                        "[for {vars} in {source}{filter} => {}]",
                        self.node(body, depth)
                    ),
                    ForOutput::Splice(body) => format!(
                        "[for {vars} in {source}{filter} => ...{}]",
                        self.node(body, depth)
                    ),
                    ForOutput::Merge(body) => format!(
                        "{{for {vars} in {source}{filter} => ...{}}}",
                        self.node(body, depth)
                    ),
                    ForOutput::Object { key, value } => format!(
                        "{{for {vars} in {source}{filter} => [{}]: {}}}",
                        self.node(key, depth),
                        self.node(value, depth)
                    ),
                }
            }
            NodeKind::Let { slot, value, body } => {
                format!(
                    "let %{slot} = {}; {}",
                    self.node(value, depth),
                    self.node(body, depth)
                )
            }
            NodeKind::Try { body, fallback } => format!(
                "try {} else {}",
                self.node(body, depth),
                self.node(fallback, depth)
            ),
            NodeKind::Native(call) => {
                let args: Vec<String> = call
                    .args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let text = match a {
                            Arg::Value(n) => self.node(n, depth),
                            Arg::Lambda { params, body } => {
                                let ps: Vec<String> =
                                    params.iter().map(|p| format!("%{p}")).collect();
                                format!("({}) -> {}", ps.join(", "), self.node(body, depth))
                            }
                            Arg::Function(f) => self.function_name(*f),
                        };
                        let prepared = call.regexes.get(i).is_some_and(Option::is_some);
                        if prepared {
                            format!("{text} /* regex compiled */")
                        } else {
                            text
                        }
                    })
                    .collect();
                format!("{}({})", call.def.name, args.join(", "))
            }
            NodeKind::User { function, args } => {
                let args: Vec<String> = args.iter().map(|a| self.node(a, depth)).collect();
                format!("{}({})", self.function_name(*function), args.join(", "))
            }
            NodeKind::Inlined { function, body } => format!(
                "inline {} {{ {} }}",
                self.function_name(*function),
                self.node(body, depth)
            ),
            NodeKind::Raise {
                code,
                message,
                value,
            } => format!(
                "error({}{}{})",
                code.as_ref()
                    .map(|c| format!("{}, ", self.node(c, depth)))
                    .unwrap_or_default(),
                self.node(message, depth),
                value
                    .as_ref()
                    .map(|v| format!(", {}", self.node(v, depth)))
                    .unwrap_or_default(),
            ),
            NodeKind::Skip => "skip".to_string(),
        }
    }

    fn function_name(&self, index: u32) -> String {
        self.plan
            .functions
            .get(index as usize)
            .map_or_else(|| format!("fn#{index}"), |f| f.name.clone())
    }
}
