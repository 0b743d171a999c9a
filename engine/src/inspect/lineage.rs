//! Lineage: for each output field, the input paths it reads and the
//! operations applied on the way (through lets, functions and lambdas).

use std::collections::{BTreeSet, HashMap};

use crate::plan::{Arg, Element, Entry, ForOutput, ForPlan, Key, Node, NodeKind, Plan};

/// Where one output field comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLineage {
    /// The field, as a JSON Pointer into the output (`/items/*/net`: `*`
    /// for every element of a built array).
    pub field: String,
    /// The input paths read, in JSONPath (`$.lines[*].qty`).
    pub inputs: Vec<String>,
    /// Functions and operators applied, by name.
    pub operations: Vec<String>,
}

/// The lineage of every field of the output's literal structure.
pub fn lineage(plan: &Plan) -> Vec<FieldLineage> {
    let mut walker = Walker {
        plan,
        locals: HashMap::new(),
        depth: 0,
        fields: Vec::new(),
        target: None,
        found: None,
    };
    walker.structure(&plan.body, String::new());
    walker.fields
}

/// The input paths the expression at `span` reads, as JSON Pointer
/// patterns (`/lines/*/date`: `*` for any element), found by the same
/// walk as [`lineage`]. Only run on the error path, to say where a computed
/// value at fault came from.
pub(crate) fn inputs_at(plan: &Plan, span: ferry_dsl::Span) -> Option<Vec<String>> {
    let mut walker = Walker {
        plan,
        locals: HashMap::new(),
        depth: 0,
        fields: Vec::new(),
        target: Some(span),
        found: None,
    };
    walker.structure(&plan.body, String::new());
    let found = walker.found?;
    Some(found.iter().map(|p| pointer_pattern(p)).collect())
}

/// `$.lines[*].date` as `/lines/*/date`; a path with filters or
/// descendants stays as written.
fn pointer_pattern(path: &str) -> String {
    fn escape(s: &str) -> String {
        s.replace('~', "~0").replace('/', "~1")
    }
    let Some(mut rest) = path.strip_prefix('$') else {
        return path.to_owned();
    };
    let mut out = String::new();
    while !rest.is_empty() {
        if rest.starts_with("..") {
            return path.to_owned();
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push('/');
            out.push_str(&escape(&r[..end]));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return path.to_owned();
            };
            let inner = &r[..end];
            let segment = if inner == "*" || inner.parse::<u64>().is_ok() {
                inner.to_owned()
            } else if let Ok(serde_json::Value::String(name)) =
                serde_json::from_str::<serde_json::Value>(inner)
            {
                escape(&name)
            } else if inner.len() >= 2 && inner.starts_with('\'') && inner.ends_with('\'') {
                escape(&inner[1..inner.len() - 1])
            } else {
                return path.to_owned();
            };
            out.push('/');
            out.push_str(&segment);
            rest = &r[end + 1..];
        } else {
            return path.to_owned();
        }
    }
    out
}

/// What a local or parameter holds: exactly some input paths, or a value
/// computed from some.
#[derive(Debug, Clone, Default)]
struct Origin {
    /// The input paths the value is (a path can be extended by `.x`).
    paths: BTreeSet<String>,
    /// What it was computed from, when it is not simply a path.
    derived: Trace,
}

#[derive(Debug, Clone, Default)]
struct Trace {
    inputs: BTreeSet<String>,
    operations: BTreeSet<String>,
}

impl Trace {
    fn merge(&mut self, other: Trace) {
        self.inputs.extend(other.inputs);
        self.operations.extend(other.operations);
    }

    fn op(mut self, name: &str) -> Trace {
        self.operations.insert(name.to_owned());
        self
    }
}

/// Calls deeper than this are not followed (recursion).
const MAX_DEPTH: usize = 8;

struct Walker<'p> {
    plan: &'p Plan,
    locals: HashMap<u32, Origin>,
    depth: usize,
    fields: Vec<FieldLineage>,
    /// For [`inputs_at`]: the span of the expression asked about, and the
    /// inputs of the first node traced there.
    target: Option<ferry_dsl::Span>,
    found: Option<BTreeSet<String>>,
}

impl<'p> Walker<'p> {
    /// Walks the output's literal structure, emitting a field per leaf.
    fn structure(&mut self, node: &'p Node, pointer: String) {
        match &node.kind {
            NodeKind::Object(obj) => {
                for entry in &obj.entries {
                    match entry {
                        Entry::Field {
                            key: Key::Static(k),
                            value,
                            ..
                        } => {
                            let child =
                                format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                            self.structure(value, child);
                        }
                        Entry::Field {
                            key: Key::Computed(k),
                            value,
                            ..
                        } => {
                            let mut t = self.trace(k);
                            t.merge(self.trace(value));
                            self.emit(format!("{pointer}/<computed>"), t);
                        }
                        Entry::Spread(n) => {
                            let t = self.trace(n).op("...spread");
                            self.emit(format!("{pointer}/<spread>"), t);
                        }
                    }
                }
            }
            NodeKind::Let { slot, value, body } => {
                let origin = self.origin(value);
                self.locals.insert(*slot, origin);
                self.structure(body, pointer);
            }
            NodeKind::Global(i) if self.depth < MAX_DEPTH => match self
                .plan
                .globals
                .get(*i as usize)
                .and_then(|g| g.value.as_ref())
            {
                Some(value) if matches!(value.kind, NodeKind::Object(_) | NodeKind::For(_)) => {
                    self.depth += 1;
                    let saved = std::mem::take(&mut self.locals);
                    self.structure(value, pointer);
                    self.locals = saved;
                    self.depth -= 1;
                }
                _ => {
                    let t = self.trace(node);
                    self.emit(pointer, t);
                }
            },
            NodeKind::For(f) if object_rows(f) => {
                self.bind_loop(&f.source, f.key_slot, f.value_slot);
                if let Some(filter) = &f.filter {
                    let t = self.trace(filter).op("filter");
                    self.emit(format!("{pointer}/<filter>"), t);
                }
                match &f.output {
                    ForOutput::Array(body) => self.structure(body, format!("{pointer}/*")),
                    // A later `for` clause: its rows are this array's rows.
                    ForOutput::Splice(inner) => self.structure(inner, pointer),
                    ForOutput::Object { .. } | ForOutput::Merge(_) => {}
                }
            }
            _ => {
                let t = self.trace(node);
                self.emit(pointer, t);
            }
        }
    }

    fn emit(&mut self, field: String, trace: Trace) {
        let field = if field.is_empty() {
            "/".to_owned()
        } else {
            field
        };
        self.fields.push(FieldLineage {
            field,
            inputs: trace.inputs.into_iter().collect(),
            operations: trace.operations.into_iter().collect(),
        });
    }

    fn bind_loop(&mut self, source: &'p Node, key_slot: Option<u32>, value_slot: u32) {
        let origin = self.origin(source);
        let element = Origin {
            paths: origin.paths.iter().map(|p| format!("{p}[*]")).collect(),
            derived: origin.derived.clone(),
        };
        if let Some(k) = key_slot {
            self.locals.insert(
                k,
                Origin {
                    paths: BTreeSet::new(),
                    derived: self.flatten(&origin),
                },
            );
        }
        self.locals.insert(value_slot, element);
    }

    fn flatten(&self, origin: &Origin) -> Trace {
        let mut t = origin.derived.clone();
        t.inputs.extend(origin.paths.iter().cloned());
        t
    }

    /// What a value bound to a local is.
    fn origin(&mut self, node: &'p Node) -> Origin {
        match &node.kind {
            NodeKind::Root => Origin {
                paths: ["$".to_owned()].into(),
                derived: Trace::default(),
            },
            NodeKind::Local(slot) => self.locals.get(slot).cloned().unwrap_or_default(),
            NodeKind::Path { base, path } => {
                let base = self.origin(base);
                let dynamic: Vec<&'p Node> = path
                    .dynamic_exprs()
                    .filter_map(|e| self.plan.path_exprs.get(e.0 as usize))
                    .collect();
                if dynamic.is_empty() {
                    let text = path.to_text();
                    return Origin {
                        paths: base.paths.iter().map(|p| format!("{p}{text}")).collect(),
                        derived: base.derived,
                    };
                }
                // A computed key (`t[$.code]`): the value depends on the key's
                // inputs as well as on what it is looked up in.
                let mut derived = self.flatten(&base);
                for n in dynamic {
                    derived.merge(self.trace(n));
                }
                Origin {
                    paths: BTreeSet::new(),
                    derived,
                }
            }
            _ => Origin {
                paths: BTreeSet::new(),
                derived: self.trace(node),
            },
        }
    }

    /// The inputs and operations behind a value.
    fn trace(&mut self, node: &'p Node) -> Trace {
        let t = self.trace_node(node);
        if self.found.is_none() && self.target == Some(node.span) {
            self.found = Some(t.inputs.clone());
        }
        t
    }

    fn trace_node(&mut self, node: &'p Node) -> Trace {
        let mut t = Trace::default();
        match &node.kind {
            NodeKind::Const(_) | NodeKind::Num(_) | NodeKind::Skip => {}
            NodeKind::Root | NodeKind::Local(_) => {
                let origin = self.origin(node);
                return self.flatten(&origin);
            }
            NodeKind::Path { .. } => {
                let origin = self.origin(node);
                return self.flatten(&origin);
            }
            NodeKind::Global(i) => {
                if let Some(g) = self.plan.globals.get(*i as usize) {
                    if let (Some(value), true) = (&g.value, self.depth < MAX_DEPTH) {
                        self.depth += 1;
                        let saved = std::mem::take(&mut self.locals);
                        t = self.trace(value);
                        self.locals = saved;
                        self.depth -= 1;
                    }
                    if matches!(g.value.as_ref().map(|v| &v.kind), Some(NodeKind::Const(_))) {
                        t.operations.insert(format!("table {}", g.name));
                    }
                }
            }
            NodeKind::Exists { base, .. } => t = self.trace(base).op("exists"),
            NodeKind::Interpolate(pieces) => {
                for p in pieces {
                    if let crate::plan::Piece::Value(v) = p {
                        t.merge(self.trace(v));
                    }
                }
                t = t.op("interpolate");
            }
            NodeKind::Array(elements) => {
                for e in elements {
                    let (Element::Item(n) | Element::Spread(n)) = e;
                    t.merge(self.trace(n));
                }
            }
            NodeKind::Object(obj) => {
                for entry in &obj.entries {
                    match entry {
                        Entry::Field { key, value, .. } => {
                            if let Key::Computed(k) = key {
                                t.merge(self.trace(k));
                            }
                            t.merge(self.trace(value));
                        }
                        Entry::Spread(n) => t.merge(self.trace(n)),
                    }
                }
            }
            NodeKind::Neg(n) => t = self.trace(n).op("-"),
            NodeKind::Not(n) => t = self.trace(n).op("not"),
            NodeKind::Binary { op, left, right } => {
                t = self.trace(left);
                t.merge(self.trace(right));
                t = t.op(op.symbol());
            }
            NodeKind::And(l, r) | NodeKind::Or(l, r) | NodeKind::Default(l, r) => {
                let name = match node.kind {
                    NodeKind::And(..) => "and",
                    NodeKind::Or(..) => "or",
                    _ => "??",
                };
                t = self.trace(l);
                t.merge(self.trace(r));
                t = t.op(name);
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                t = self.trace(cond);
                t.merge(self.trace(then));
                t.merge(self.trace(otherwise));
                t = t.op("if");
            }
            NodeKind::Match { value, arms } => {
                t = self.trace(value);
                let origin = self.origin(value);
                for arm in arms {
                    if let crate::plan::PatternPlan::Bind(slot)
                    | crate::plan::PatternPlan::Captures { slot, .. } = arm.pattern
                    {
                        self.locals.insert(slot, origin.clone());
                    }
                    if let Some(g) = &arm.guard {
                        t.merge(self.trace(g));
                    }
                    t.merge(self.trace(&arm.body));
                }
                t = t.op("match");
            }
            NodeKind::For(f) => {
                self.bind_loop(&f.source, f.key_slot, f.value_slot);
                if let Some(filter) = &f.filter {
                    t.merge(self.trace(filter));
                }
                for n in f.output.nodes() {
                    t.merge(self.trace(n));
                }
                t = t.op("for");
            }
            NodeKind::Let { slot, value, body } => {
                let origin = self.origin(value);
                self.locals.insert(*slot, origin);
                t = self.trace(body);
            }
            NodeKind::Try { body, fallback } => {
                t = self.trace(body);
                t.merge(self.trace(fallback));
                t = t.op("try");
            }
            NodeKind::Native(call) => {
                let subject = call
                    .args
                    .first()
                    .and_then(|a| if let Arg::Value(n) = a { Some(n) } else { None });
                let element = subject.map(|s| self.origin(s));
                for arg in &call.args {
                    match arg {
                        Arg::Value(n) => t.merge(self.trace(n)),
                        Arg::Lambda { params, body } => {
                            // A lambda's first parameter is an element of the subject.
                            if let (Some(first), Some(origin)) = (params.first(), &element) {
                                let paths =
                                    origin.paths.iter().map(|p| format!("{p}[*]")).collect();
                                self.locals.insert(
                                    *first,
                                    Origin {
                                        paths,
                                        derived: origin.derived.clone(),
                                    },
                                );
                            }
                            t.merge(self.trace(body));
                        }
                        Arg::Function(f) => t.merge(self.function(*f, &[])),
                    }
                }
                t = t.op(call.def.name);
            }
            NodeKind::User { function, args } => {
                let origins: Vec<Origin> = args.iter().map(|a| self.origin(a)).collect();
                t = self.function(*function, &origins);
            }
            NodeKind::Inlined { function, body } => {
                // Its parameters are locals bound by the lets around it.
                t = self.trace(body);
                if let Some(f) = self.plan.functions.get(*function as usize) {
                    t = t.op(&f.name);
                }
            }
            NodeKind::Raise {
                code,
                message,
                value,
            } => {
                if let Some(c) = code {
                    t.merge(self.trace(c));
                }
                t.merge(self.trace(message));
                if let Some(v) = value {
                    t.merge(self.trace(v));
                }
                t = t.op("error");
            }
        }
        t
    }

    /// The trace of a user function's body with its parameters bound.
    fn function(&mut self, index: u32, args: &[Origin]) -> Trace {
        let Some(f) = self.plan.functions.get(index as usize) else {
            return Trace::default();
        };
        let mut t = Trace::default();
        for a in args {
            t.merge(self.flatten(a));
        }
        if let (Some(body), true) = (&f.body, self.depth < MAX_DEPTH) {
            self.depth += 1;
            let saved = std::mem::take(&mut self.locals);
            for (slot, origin) in args.iter().enumerate() {
                self.locals.insert(slot as u32, origin.clone());
            }
            let inner = self.trace(body);
            self.locals = saved;
            self.depth -= 1;
            // Parameters read inside the body replace the bare argument paths.
            t = Trace {
                inputs: inner.inputs,
                operations: inner.operations,
            };
            if args.iter().all(|a| a.paths.is_empty()) {
                for a in args {
                    t.merge(a.derived.clone());
                }
            }
        }
        t.op(&f.name)
    }
}

/// True for a comprehension building an array of object literals, directly
/// or through the later `for` clauses nested in it.
fn object_rows(f: &ForPlan) -> bool {
    match &f.output {
        ForOutput::Array(body) => matches!(body.kind, NodeKind::Object(_)),
        ForOutput::Splice(body) => matches!(&body.kind, NodeKind::For(inner) if object_rows(inner)),
        ForOutput::Object { .. } | ForOutput::Merge(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mapping;

    fn fields(src: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let mapping = Mapping::compile_str(src).unwrap();
        lineage(mapping.plan())
            .into_iter()
            .map(|f| (f.field, f.inputs, f.operations))
            .collect()
    }

    #[test]
    fn paths_read_as_pointer_patterns() {
        assert_eq!(pointer_pattern("$"), "");
        assert_eq!(pointer_pattern("$.lines[*].date"), "/lines/*/date");
        assert_eq!(pointer_pattern("$.a[0][\"b/c\"]"), "/a/0/b~1c");
        assert_eq!(pointer_pattern("$..x"), "$..x");
    }

    #[test]
    fn fields_trace_to_input_paths_through_lets_loops_and_functions() {
        let got = fields(
            "fn money(x) = round(x, 2)\nlet items = [for l in $.lines if l.qty > 0 => { sku: l.sku, net: money(l.qty * l.price) }]\n{ id: $.id, email: lower($.c.email), items: items, n: len(items) }",
        );
        let find = |f: &str| {
            got.iter()
                .find(|(k, _, _)| k == f)
                .cloned()
                .unwrap_or_else(|| panic!("{f} in {got:?}"))
        };
        assert_eq!(find("/id").1, ["$.id"]);
        assert_eq!(
            find("/email"),
            (
                "/email".into(),
                vec!["$.c.email".into()],
                vec!["lower".into()]
            )
        );
        assert_eq!(find("/items/*/sku").1, ["$.lines[*].sku"]);
        let net = find("/items/*/net");
        assert_eq!(net.1, ["$.lines[*].price", "$.lines[*].qty"]);
        assert!(
            net.2.contains(&"money".to_owned())
                && net.2.contains(&"round".to_owned())
                && net.2.contains(&"*".to_owned())
        );
        assert!(find("/n").1.contains(&"$.lines[*].sku".to_owned()));
    }
}
