//! The abstract walk: each plan node's [`Shape`], with the input schema
//! describing `$`. Reading a property the input schema does not define,
//! arithmetic or a string function on a field whose type cannot fit, a
//! `match` that misses an enum value: each is a finding at the span of
//! the expression. Whatever the walk cannot follow becomes "anything",
//! which can only silence a finding, never invent one.

use std::collections::{BTreeMap, HashMap};

use ferry_dsl::Span;
use serde_json::Value;

use super::Finding;
use super::shape::{Field, InputPath, Kinds, Presence, Shape, schema_kinds};
use crate::codes;
use crate::path::PathPlan;
use crate::path::{SelectorPlan, Step};
use crate::plan::{
    Arg, BinOp, Element, Entry, ExprRef, ForOutput, Key, Node, NodeKind, PatternPlan, Piece, Plan,
};

/// Calls deeper than this are "anything".
const MAX_DEPTH: usize = 16;

pub(crate) struct Infer<'p> {
    plan: &'p Plan,
    input: Shape,
    locals: HashMap<u32, Shape>,
    globals: HashMap<u32, Option<Shape>>,
    calls: Vec<u32>,
    pub findings: Vec<Finding>,
    /// `match`es on an input enum whose arms the checker examined: the
    /// generic "no default arm" warning says less than the check did.
    pub enum_matches: Vec<Span>,
    /// Every input path read, with what its uses need of it.
    pub reads: BTreeMap<InputPath, Read>,
}

/// What the mapping needs of one input path.
#[derive(Debug, Clone)]
pub(crate) struct Read {
    /// The kinds every use accepts (all, when nothing constrains it).
    pub expects: Kinds,
    /// Some use fails when it is absent or null.
    pub null_fails: bool,
}

impl<'p> Infer<'p> {
    pub fn new(plan: &'p Plan, input: Option<&Value>) -> Infer<'p> {
        Infer {
            plan,
            input: Shape::from_schema(input.unwrap_or(&Value::Bool(true)), InputPath::default()),
            locals: HashMap::new(),
            globals: HashMap::new(),
            calls: Vec::new(),
            findings: Vec::new(),
            enum_matches: Vec::new(),
            reads: BTreeMap::new(),
        }
    }

    /// The shape of the mapping's output.
    pub fn body(&mut self) -> Shape {
        self.shape(&self.plan.body)
    }

    fn shape(&mut self, node: &'p Node) -> Shape {
        let span = node.span;
        match &node.kind {
            NodeKind::Const(v) => Shape::constant(v, span),
            NodeKind::Num(n) => {
                let mut s = Shape::of(Kinds::NUMBER);
                s.integer = matches!(n, crate::value::Num::Int(_));
                s
            }
            NodeKind::Root => self.input.clone(),
            NodeKind::Local(slot) => self.locals.get(slot).cloned().unwrap_or_else(Shape::any),
            NodeKind::Global(index) => self.global(*index),
            NodeKind::Path { base, path } => {
                let base = self.shape(base);
                self.navigate(base, path, span)
            }
            NodeKind::Exists { base, path } => {
                let base = self.shape(base);
                if let Some(path) = path {
                    self.navigate(base, path, span);
                }
                Shape::of(Kinds::BOOL)
            }
            NodeKind::Interpolate(pieces) => {
                for piece in pieces {
                    if let Piece::Value(n) = piece {
                        self.shape(n);
                    }
                }
                Shape::of(Kinds::STRING)
            }
            NodeKind::Array(elements) => {
                let mut item = Shape::never();
                for e in elements {
                    item = match e {
                        Element::Item(n) => item.join(self.shape(n)),
                        Element::Spread(n) => {
                            let spread = self.shape(n);
                            item.join(element_of(&spread))
                        }
                    };
                }
                let mut s = Shape::of(Kinds::ARRAY);
                s.items = Some(Box::new(item));
                s
            }
            NodeKind::Object(object) => self.object(&object.entries),
            NodeKind::Neg(n) => {
                let operand = self.shape(n);
                self.needs_number(&operand, n.span, "-");
                Shape::of(Kinds::NUMBER)
            }
            NodeKind::Not(n) => {
                self.shape(n);
                Shape::of(Kinds::BOOL)
            }
            NodeKind::Binary { op, left, right } => self.binary(*op, left, right),
            NodeKind::And(a, b) | NodeKind::Or(a, b) => {
                self.shape(a);
                self.shape(b);
                Shape::of(Kinds::BOOL)
            }
            NodeKind::Default(a, b) => {
                let a = self.shape(a).not_null();
                a.join(self.shape(b))
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.shape(cond);
                let then = self.shape(then);
                then.join(self.shape(otherwise))
            }
            NodeKind::Match { value, arms } => {
                let matched = self.shape(value);
                self.check_match(&matched, arms, span);
                let mut out = Shape::never();
                for arm in arms {
                    match &arm.pattern {
                        PatternPlan::Bind(slot) => {
                            self.locals.insert(*slot, matched.clone());
                        }
                        PatternPlan::Captures { slot, .. } => {
                            self.locals.insert(*slot, Shape::of(Kinds::OBJECT));
                        }
                        _ => {}
                    }
                    if let Some(g) = &arm.guard {
                        self.shape(g);
                    }
                    out = out.join(self.shape(&arm.body));
                }
                out
            }
            NodeKind::For(f) => {
                let source = self.shape(&f.source);
                let element = element_of(&source);
                self.locals.insert(f.value_slot, element);
                if let Some(k) = f.key_slot {
                    self.locals
                        .insert(k, Shape::of(Kinds::NUMBER.union(Kinds::STRING)));
                }
                if let Some(filter) = &f.filter {
                    self.shape(filter);
                }
                match &f.output {
                    ForOutput::Array(body) => {
                        let mut s = Shape::of(Kinds::ARRAY);
                        s.items = Some(Box::new(self.shape(body)));
                        s
                    }
                    ForOutput::Splice(body) => {
                        let spliced = self.shape(body);
                        let mut s = Shape::of(Kinds::ARRAY);
                        s.items = Some(Box::new(element_of(&spliced)));
                        s
                    }
                    ForOutput::Merge(body) => {
                        self.shape(body);
                        let mut s = Shape::of(Kinds::OBJECT);
                        s.open = true;
                        s
                    }
                    ForOutput::Object { key, value } => {
                        self.shape(key);
                        self.shape(value);
                        let mut s = Shape::of(Kinds::OBJECT);
                        s.open = true;
                        s
                    }
                }
            }
            NodeKind::Let { slot, value, body } => {
                let v = self.shape(value);
                self.locals.insert(*slot, v);
                self.shape(body)
            }
            NodeKind::Try { body, fallback } => {
                let b = self.shape(body);
                b.join(self.shape(fallback))
            }
            NodeKind::Native(call) => self.native(call),
            NodeKind::User { function, args } => {
                let args: Vec<Shape> = args.iter().map(|a| self.shape(a)).collect();
                self.call(*function, args)
            }
            NodeKind::Inlined { body, .. } => self.shape(body),
            NodeKind::Raise {
                code,
                message,
                value,
            } => {
                if let Some(c) = code {
                    self.shape(c);
                }
                self.shape(message);
                if let Some(v) = value {
                    self.shape(v);
                }
                Shape::never()
            }
            // No element: it adds nothing to the comprehension's items.
            NodeKind::Skip => Shape::never(),
        }
    }

    fn global(&mut self, index: u32) -> Shape {
        match self.globals.get(&index) {
            Some(Some(s)) => return s.clone(),
            Some(None) => return Shape::any(),
            None => {}
        }
        let Some(value) = self
            .plan
            .globals
            .get(index as usize)
            .and_then(|g| g.value.as_ref())
        else {
            return Shape::any();
        };
        self.globals.insert(index, None);
        let saved = std::mem::take(&mut self.locals);
        let s = self.shape(value);
        self.locals = saved;
        self.globals.insert(index, Some(s.clone()));
        s
    }

    fn call(&mut self, index: u32, args: Vec<Shape>) -> Shape {
        if self.calls.contains(&index) || self.calls.len() >= MAX_DEPTH {
            return Shape::any();
        }
        let Some(body) = self
            .plan
            .functions
            .get(index as usize)
            .and_then(|f| f.body.as_ref())
        else {
            return Shape::any();
        };
        let saved = std::mem::take(&mut self.locals);
        for (slot, arg) in args.into_iter().enumerate() {
            self.locals.insert(slot as u32, arg);
        }
        self.calls.push(index);
        let s = self.shape(body);
        self.calls.pop();
        self.locals = saved;
        s
    }

    fn object(&mut self, entries: &'p [Entry]) -> Shape {
        let mut fields = std::collections::BTreeMap::new();
        let mut open = false;
        for entry in entries {
            match entry {
                Entry::Field {
                    key: Key::Static(name),
                    optional,
                    value,
                } => {
                    let mut shape = self.shape(value);
                    let presence = if *optional && shape.may_be_null() {
                        Presence::Maybe
                    } else {
                        Presence::Always
                    };
                    if *optional {
                        shape = shape.not_null();
                    }
                    let field = Field {
                        shape,
                        presence,
                        span: value.span,
                    };
                    fields.insert(name.to_string(), field);
                }
                Entry::Field {
                    key: Key::Computed(key),
                    value,
                    ..
                } => {
                    self.shape(key);
                    self.shape(value);
                    open = true;
                }
                Entry::Spread(n) => {
                    self.shape(n);
                    open = true;
                    // A spread may overwrite what came before it.
                    for field in fields.values_mut() {
                        field.shape = Shape::any();
                    }
                }
            }
        }
        let mut s = Shape::of(Kinds::OBJECT);
        s.fields = Some(fields);
        s.open = open;
        s
    }

    fn binary(&mut self, op: BinOp, left: &'p Node, right: &'p Node) -> Shape {
        let l = self.shape(left);
        let r = self.shape(right);
        match op {
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                self.needs_number(&l, left.span, op.symbol());
                self.needs_number(&r, right.span, op.symbol());
                let mut s = Shape::of(Kinds::NUMBER);
                s.integer = l.integer && r.integer && op != BinOp::Div;
                s
            }
            BinOp::Add => {
                let kinds = l.kinds.union(r.kinds);
                if !kinds.intersects(Kinds::STRING.union(Kinds::ARRAY)) {
                    self.needs_number(&l, left.span, "+");
                    self.needs_number(&r, right.span, "+");
                }
                let mut s = Shape::of(
                    (l.kinds.union(r.kinds))
                        .without(Kinds::NULL.union(Kinds::BOOL).union(Kinds::OBJECT)),
                );
                s.integer = l.integer && r.integer;
                s
            }
            _ => Shape::of(Kinds::BOOL),
        }
    }

    /// An operand read from the input that the schema says is never a
    /// number is an error; one that may be absent (null) a warning.
    fn needs_number(&mut self, operand: &Shape, span: Span, op: &str) {
        let Some((_, path)) = &operand.schema else {
            return;
        };
        self.expect(path, Kinds::NUMBER, true);
        if operand.kinds == Kinds::ALL {
            return;
        }
        let others = operand.kinds.without(Kinds::NULL);
        if !others.is_empty() && !others.intersects(Kinds::NUMBER) {
            self.findings.push(Finding::error(
                codes::INPUT_TYPE_MISMATCH,
                format!(
                    "`{op}` needs a number, but the input schema says `{path}` is {}",
                    operand.kinds.describe()
                ),
                span,
                "not a number in the input schema",
                Some(format!("convert it explicitly, e.g. `number({path})`")),
            ));
        } else if operand.kinds.contains(Kinds::NULL) && others.intersects(Kinds::NUMBER) {
            self.findings.push(Finding::warning(
                codes::OPTIONAL_INPUT,
                format!(
                    "`{path}` may be absent or null in the input schema, and `{op}` fails on null"
                ),
                span,
                "may be null",
                Some(format!("give a default: `{path} ?? 0`")),
            ));
        }
    }

    fn native(&mut self, call: &'p crate::plan::NativeCall) -> Shape {
        let mut subject: Option<Shape> = None;
        for (i, arg) in call.args.iter().enumerate() {
            match arg {
                Arg::Value(n) => {
                    let s = self.shape(n);
                    if let Some(param) = call.def.params.get(i) {
                        self.check_param(call.def.name, param.ty, &s, n.span);
                    }
                    if i == 0 {
                        subject = Some(s);
                    }
                }
                Arg::Lambda { params, body } => {
                    // Parameters are elements of the subject, when it is known.
                    let element = subject.as_ref().map(element_of).unwrap_or_else(Shape::any);
                    for (j, slot) in params.iter().enumerate() {
                        let s = if j == 0 {
                            element.clone()
                        } else {
                            Shape::any()
                        };
                        self.locals.insert(*slot, s);
                    }
                    self.shape(body);
                }
                Arg::Function(_) => {}
            }
        }
        let mut out = Shape::of(return_kinds(call.def.returns));
        out.format = date_format(call);
        if call.def.null_subject == crate::stdlib::NullPolicy::Propagate
            && subject.as_ref().is_some_and(Shape::may_be_null)
        {
            out.kinds = out.kinds.union(Kinds::NULL);
        }
        out
    }

    /// A string function on a value the input schema says is never a
    /// string (or a number function on a non-number…) is an error.
    fn check_param(&mut self, function: &str, ty: &str, arg: &Shape, span: Span) {
        let Some((_, path)) = &arg.schema else { return };
        let wanted = match ty {
            "string" => Kinds::STRING,
            "number" => Kinds::NUMBER,
            "array" => Kinds::ARRAY,
            "object" => Kinds::OBJECT,
            _ => return,
        };
        // A null subject gives null: it does not fail.
        self.expect(path, wanted.union(Kinds::NULL), false);
        let others = arg.kinds.without(Kinds::NULL);
        if arg.kinds != Kinds::ALL && !others.is_empty() && !others.intersects(wanted) {
            let convert = match ty {
                "string" => format!("`string({path})`"),
                "number" => format!("`number({path})`"),
                _ => "a conversion".into(),
            };
            self.findings.push(Finding::error(
                codes::INPUT_TYPE_MISMATCH,
                format!(
                    "`{function}` needs {}, but the input schema says `{path}` is {}",
                    wanted.describe(),
                    arg.kinds.describe()
                ),
                span,
                format!("not {} in the input schema", wanted.describe()),
                Some(format!("convert it explicitly, e.g. {convert}")),
            ));
        }
    }

    fn check_match(&mut self, matched: &Shape, arms: &[crate::plan::Arm], span: Span) {
        let (Some(values), Some((_, path))) = (&matched.values, &matched.schema) else {
            return;
        };
        let mut covered: Vec<Value> = Vec::new();
        fn collect(p: &PatternPlan, out: &mut Vec<Value>) -> bool {
            match p {
                PatternPlan::Equals(v) => {
                    out.push(v.clone());
                    true
                }
                PatternPlan::Or(ps) => ps.iter().all(|p| collect(p, out)),
                // Anything else may cover what it likes: say nothing.
                _ => false,
            }
        }
        for arm in arms {
            if arm.guard.is_none() && !collect(&arm.pattern, &mut covered) {
                return;
            }
            if arm.guard.is_some() {
                let mut ignored = Vec::new();
                if !collect(&arm.pattern, &mut ignored) {
                    return;
                }
            }
        }
        self.enum_matches.push(span);
        let missing: Vec<String> = values
            .iter()
            .map(|(v, _)| v)
            .filter(|v| !covered.contains(v))
            .map(|v| v.to_string())
            .collect();
        if !missing.is_empty() {
            self.findings.push(Finding::warning(
                codes::MATCH_MISSES_ENUM,
                format!(
                    "this `match` has no arm for {} of `{path}`'s enum in the input schema, and no default",
                    missing.join(", ")
                ),
                span,
                "unhandled enum values",
                Some("add an arm for each, or a default arm `_ => …`".into()),
            ));
        }
    }

    /// Records that `path` is read and used as `kinds`.
    fn expect(&mut self, path: &InputPath, kinds: Kinds, null_fails: bool) {
        let read = self.reads.entry(path.clone()).or_insert(Read {
            expects: Kinds::ALL,
            null_fails: false,
        });
        read.expects = read.expects.intersect(kinds);
        read.null_fails |= null_fails;
    }

    fn navigate(&mut self, base: Shape, path: &PathPlan<ExprRef>, span: Span) -> Shape {
        let Some(steps) = &path.steps else {
            // A nodelist: an array of whatever it selects.
            let mut s = Shape::of(Kinds::ARRAY);
            s.items = None;
            return s;
        };
        let mut at = base;
        for step in steps.iter() {
            at = match step {
                Step::Name(name) => self.member(at, name, span),
                Step::Index(_) => {
                    self.check_indexable(&at, span);
                    let element = element_of(&at);
                    element.join(Shape::of(Kinds::NULL))
                }
                // A key chosen per record, in an object the mapping knows
                // (a table): one of its values, or null for a missing key.
                Step::Dynamic(segment) => {
                    let key = self.dynamic_key(path, *segment);
                    self.lookup(&at, key)
                }
            };
        }
        if let Some((_, path)) = &at.schema {
            let path = path.clone();
            self.expect(&path, Kinds::ALL, false);
        }
        at
    }

    /// An index into an input value the schema says is never an array.
    fn check_indexable(&mut self, of: &Shape, span: Span) {
        let Some((_, path)) = &of.schema else { return };
        let others = of.kinds.without(Kinds::NULL);
        if of.kinds != Kinds::ALL && !others.is_empty() && !others.intersects(Kinds::ARRAY) {
            self.findings.push(Finding::error(
                codes::INPUT_TYPE_MISMATCH,
                format!(
                    "an index into `{path}`, which the input schema says is {}",
                    of.kinds.describe()
                ),
                span,
                "not an array in the input schema",
                None,
            ));
        }
    }

    /// The shape of the key a dynamic selector computes.
    fn dynamic_key(&mut self, path: &PathPlan<ExprRef>, segment: usize) -> Shape {
        let expr = path
            .segments
            .get(segment)
            .and_then(|s| match s.selectors.as_slice() {
                [SelectorPlan::Dynamic(e)] => Some(*e),
                _ => None,
            });
        match expr.and_then(|e| self.plan.path_exprs.get(e.0 as usize)) {
            Some(node) => self.shape(node),
            None => Shape::any(),
        }
    }

    /// A member chosen per record from an object the mapping knows (a
    /// table): the members the key can name, or null for a key it lacks.
    fn lookup(&mut self, object: &Shape, key: Shape) -> Shape {
        let Some(fields) = object.fields.as_ref().filter(|_| !object.open) else {
            return Shape::any();
        };
        let missing = || Shape::constant(&Value::Null, Span::default());
        match &key.values {
            Some(keys) => keys.iter().fold(Shape::never(), |acc, (k, _)| {
                match k.as_str().and_then(|k| fields.get(k)) {
                    Some(f) => acc.join(f.shape.clone()),
                    None => acc.join(missing()),
                }
            }),
            None => fields
                .values()
                .map(|f| f.shape.clone())
                .fold(missing(), Shape::join),
        }
    }

    /// The member `name` of a value; reading what the input schema does
    /// not define is a finding.
    fn member(&mut self, of: Shape, name: &str, span: Span) -> Shape {
        if let Some(fields) = &of.fields {
            return match fields.get(name) {
                Some(f) if f.presence == Presence::Always => f.shape.clone(),
                Some(f) => f.shape.clone().join(Shape::of(Kinds::NULL)),
                None if !of.open => Shape::of(Kinds::NULL),
                None => Shape::any(),
            };
        }
        let Some((schema, path)) = &of.schema else {
            return Shape::any();
        };
        let kinds = schema_kinds(schema);
        let child = path.member(name);
        if kinds == Kinds::ALL
            && (!schema.is_object() || schema.get("properties").is_none())
            && schema
                .get("additionalProperties")
                .is_none_or(|a| a == &Value::Bool(true))
        {
            // Nothing known below: keep the path, for what the mapping reads.
            return Shape::from_schema(&Value::Bool(true), child);
        }
        if !kinds.intersects(Kinds::OBJECT) && !kinds.is_empty() {
            self.findings.push(Finding::error(
                codes::INPUT_TYPE_MISMATCH,
                format!(
                    "`{child}` reads a member of `{path}`, which the input schema says is {}",
                    kinds.describe()
                ),
                span,
                "not an object in the input schema",
                None,
            ));
            return Shape::of(Kinds::NULL);
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(sub) = properties.and_then(|p| p.get(name)) {
            let required = requires(schema, name);
            let mut s = Shape::from_schema(sub, child);
            if !required || kinds.intersects(Kinds::NULL) {
                // A missing member reads as null.
                s.kinds = s.kinds.union(Kinds::NULL);
            }
            return s;
        }
        if schema.get("patternProperties").is_some() || declared_in_branches(schema, name) {
            return Shape::from_schema(&Value::Bool(true), child);
        }
        let known: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let suggestion = crate::compile::suggest(name, known.iter().copied())
            .map(|s| format!("did you mean `{s}`?"));
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {
                self.findings.push(Finding::error(
                    codes::UNKNOWN_INPUT_PROPERTY,
                    format!("the input schema has no property `{name}` at `{path}`"),
                    span,
                    "not in the input schema",
                    suggestion.or_else(|| Some(list_known(&known))),
                ));
                Shape::of(Kinds::NULL)
            }
            Some(Value::Object(_)) | Some(Value::Bool(true)) if properties.is_none() => {
                Shape::any()
            }
            Some(Value::Object(_)) => {
                let sub = schema
                    .get("additionalProperties")
                    .cloned()
                    .unwrap_or(Value::Bool(true));
                Shape::from_schema(&sub, child).join(Shape::of(Kinds::NULL))
            }
            _ if properties.is_some() => {
                self.findings.push(Finding::warning(
                    codes::UNDECLARED_INPUT_PROPERTY,
                    format!(
                        "the input schema does not declare `{name}` at `{path}` (it allows other properties, so this may be intended)"
                    ),
                    span,
                    "not declared in the input schema",
                    suggestion.or_else(|| Some(list_known(&known))),
                ));
                Shape::from_schema(&Value::Bool(true), child)
            }
            _ => Shape::from_schema(&Value::Bool(true), child),
        }
    }
}

/// True when `schema` (or one of its `allOf` branches, which all hold)
/// requires member `name`.
fn requires(schema: &Value, name: &str) -> bool {
    let own = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == name));
    own || schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|all| all.iter().any(|branch| requires(branch, name)))
}

/// True when a branch beside `properties` (`allOf`, `anyOf`, `oneOf`,
/// `then`, `else`, `dependentSchemas`) declares member `name`: reading it
/// is then no mistake, though the checker does not follow the branch.
fn declared_in_branches(schema: &Value, name: &str) -> bool {
    let declares = |branch: &Value| {
        branch
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(name))
            || declared_in_branches(branch, name)
    };
    let lists = ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|k| schema.get(k).and_then(Value::as_array))
        .flatten();
    let singles = ["then", "else"].iter().filter_map(|k| schema.get(k));
    let dependent = schema
        .get("dependentSchemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values());
    lists.chain(singles).chain(dependent).any(declares)
}

fn list_known(known: &[&str]) -> String {
    let shown: Vec<String> = known.iter().take(8).map(|k| format!("`{k}`")).collect();
    format!("it declares {}", shown.join(", "))
}

/// What an element (or member value) of a container can be.
pub(crate) fn element_of(container: &Shape) -> Shape {
    if let Some(items) = &container.items {
        return (**items).clone();
    }
    if let Some((schema, path)) = &container.schema
        && let Some(items) = schema
            .get("items")
            .filter(|i| i.is_object() || i.is_boolean())
    {
        return Shape::from_schema(items, path.each());
    }
    if let Some((schema, path)) = &container.schema
        && schema_kinds(schema) == Kinds::ALL
        && schema.get("prefixItems").is_none()
    {
        // Nothing known of the elements: keep the path.
        return Shape::from_schema(&Value::Bool(true), path.each());
    }
    Shape::any()
}

/// The string format a date function's result has (for `ferry schema`):
/// RFC 3339 dates and timestamps, and `format_date` with the usual
/// constant patterns.
fn date_format(call: &crate::plan::NativeCall) -> Option<&'static str> {
    match call.def.name {
        "parse_date" => Some("date"),
        "parse_datetime" | "from_epoch" | "to_timezone" => Some("date-time"),
        "format_date" => match call.args.get(1) {
            Some(Arg::Value(Node {
                kind: NodeKind::Const(Value::String(pattern)),
                ..
            })) => match pattern.as_str() {
                "%Y-%m-%d" | "%F" => Some("date"),
                "%Y-%m-%dT%H:%M:%S%:z" | "%Y-%m-%dT%H:%M:%SZ" => Some("date-time"),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The kinds a standard function's `returns` text names.
fn return_kinds(returns: &str) -> Kinds {
    let mut kinds = Kinds::NONE;
    for word in returns.split(|c: char| !c.is_ascii_alphabetic()) {
        let k = match word {
            "string" | "strings" => Kinds::STRING,
            "number" | "integer" | "numbers" => Kinds::NUMBER,
            "boolean" => Kinds::BOOL,
            "array" | "arrays" => Kinds::ARRAY,
            "object" | "objects" => Kinds::OBJECT,
            "null" => Kinds::NULL,
            "any" | "value" | "values" | "element" | "same" => Kinds::ALL,
            _ => Kinds::NONE,
        };
        kinds = kinds.union(k);
    }
    if kinds.is_empty() { Kinds::ALL } else { kinds }
}
