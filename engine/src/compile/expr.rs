//! Lowering expressions into plan nodes.
//!
//! Names become slots or indexes, constant sub-expressions are evaluated
//! now (so `round(0.125, 2)` or an inline array of literals costs nothing
//! per record), constant regexes are compiled, and calls are checked for
//! arity. On an error a diagnostic is recorded and a null node stands in,
//! so compilation goes on and reports every problem at once.

use std::collections::HashMap;
use std::sync::Arc;

use ferry_dsl::ast::{
    self, ArrayItem, BinaryOp, ExprKind, ObjectEntry, ObjectKey, StrPart, UnaryOp,
};
use ferry_dsl::{Diagnostic, Span};

use super::scope::{Binding, Frame, suggest};
use super::{Compiler, FileCx, pattern, warn};
use crate::codes;
use crate::exec;
use crate::keys::{ENV_PREFIX, Keys, PreparedKey};
use crate::path::PathPlan;
use crate::plan::{
    Arg, Arm, BinOp, Element, Entry, ExprRef, ForOutput, ForPlan, Key, NativeCall, Node, NodeKind,
    ObjectPlan, Piece,
};
use crate::stdlib::{self, ParamKind, compile_regex};
use crate::value::Num;

/// Names the compiler handles itself rather than the stdlib.
const SPECIAL_FORMS: &[&str] = &["error", "exists"];

/// Lowers one expression in the given frame.
pub(super) fn lower(c: &mut Compiler, file: &FileCx, frame: &mut Frame, expr: &ast::Expr) -> Node {
    Lower { c, file, frame }.expr(expr)
}

struct Lower<'c> {
    c: &'c mut Compiler,
    file: &'c FileCx,
    frame: &'c mut Frame,
}

impl Lower<'_> {
    fn error(&mut self, d: Diagnostic) -> Node {
        let span = self.file.span(d.span);
        self.c.error(self.file, d);
        Node::new(NodeKind::Const(serde_json::Value::Null), span)
    }

    fn node(&self, kind: NodeKind, span: Span) -> Node {
        Node::new(kind, self.file.span(span))
    }

    /// Binds a local written in the source, warning when it hides a name.
    fn bind(&mut self, ident: &ast::Ident) -> u32 {
        if let Some(w) = warn::shadowing(self.file, self.frame, ident) {
            self.c.warn(self.file, w);
        }
        self.frame.bind_ident(ident)
    }

    pub(super) fn expr(&mut self, e: &ast::Expr) -> Node {
        let span = e.span;
        match &e.kind {
            ExprKind::Null => self.node(NodeKind::Const(serde_json::Value::Null), span),
            ExprKind::Bool(b) => self.node(NodeKind::Const(serde_json::Value::Bool(*b)), span),
            ExprKind::Number(text) => match Num::parse(text) {
                Some(n) => self.node(NodeKind::Num(n), span),
                None => self.error(Diagnostic::error(
                    ferry_dsl::codes::BAD_NUMBER,
                    format!("`{text}` is not a number this engine can hold"),
                    span,
                )),
            },
            ExprKind::Str(parts) => self.string(parts, span),
            ExprKind::Array(items) => self.array(items, span),
            ExprKind::Object(entries) => self.object(entries, span),
            ExprKind::Root => self.node(NodeKind::Root, span),
            ExprKind::Current => self.error(
                Diagnostic::error(
                    ferry_dsl::codes::MISPLACED_CURRENT,
                    "`@` is only valid inside a JSONPath filter `[?…]`",
                    span,
                )
                .with_help("use a comprehension variable instead: `[for x in xs if x.a > 1 => x]`"),
            ),
            ExprKind::Var(ident) => self.variable(ident),
            ExprKind::Path { base, segments } => self.path(base, segments, span),
            ExprKind::Call { name, args } => {
                let args: Vec<&ast::Expr> = args.iter().collect();
                self.call(name, &args, span)
            }
            ExprKind::Pipe { value, name, args } => {
                let args: Vec<&ast::Expr> =
                    std::iter::once(value.as_ref()).chain(args.iter()).collect();
                self.call(name, &args, span)
            }
            ExprKind::Lambda { .. } => self.error(
                Diagnostic::error(
                    codes::LAMBDA_MISUSE,
                    "a lambda can only be passed to a function that takes one",
                    span,
                )
                .with_help("e.g. `map(xs, x -> x * 2)`"),
            ),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, span),
            ExprKind::Binary {
                op, left, right, ..
            } => self.binary(*op, left, right, span),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => self.if_(cond, then, otherwise, span, false),
            ExprKind::Match { value, arms } => self.match_(value, arms, span, false),
            ExprKind::ArrayFor {
                clauses,
                body,
                spread,
            } => self.comprehension(
                clauses,
                span,
                &mut |l| {
                    if *spread {
                        ForOutput::Splice(l.expr(body))
                    } else {
                        ForOutput::Array(l.element(body))
                    }
                },
                ForOutput::Splice,
            ),
            ExprKind::ObjectFor {
                clauses,
                key,
                value,
            } => self.comprehension(
                clauses,
                span,
                &mut |l| {
                    let key = l.expr(key);
                    let value = l.element(value);
                    ForOutput::Object { key, value }
                },
                ForOutput::Merge,
            ),
            ExprKind::Let { binding, body } => self.let_(binding, body, span, false),
            ExprKind::Try { body, fallback } => {
                let body = self.expr(body);
                let fallback = self.expr(fallback);
                if body.is_const() {
                    return body;
                }
                self.node(
                    NodeKind::Try {
                        body: Box::new(body),
                        fallback: Box::new(fallback),
                    },
                    span,
                )
            }
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Skip => self.error(
                Diagnostic::error(
                    ferry_dsl::codes::MISPLACED_SKIP,
                    "`skip` is only valid as the element of a comprehension",
                    span,
                )
                .with_label("not an element of a comprehension"),
            ),
        }
    }

    /// Lowers the element of a comprehension (or a member's value), where
    /// `skip` may drop it: through the branches of `if`, `match` and `let`.
    fn element(&mut self, e: &ast::Expr) -> Node {
        match &e.kind {
            ExprKind::Skip => self.node(NodeKind::Skip, e.span),
            ExprKind::Paren(inner) => self.element(inner),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => self.if_(cond, then, otherwise, e.span, true),
            ExprKind::Match { value, arms } => self.match_(value, arms, e.span, true),
            ExprKind::Let { binding, body } => self.let_(binding, body, e.span, true),
            _ => self.expr(e),
        }
    }

    /// `e` as a value, or as an element when `element` (see [`Self::element`]).
    fn value_or_element(&mut self, e: &ast::Expr, element: bool) -> Node {
        if element {
            self.element(e)
        } else {
            self.expr(e)
        }
    }

    fn if_(
        &mut self,
        cond: &ast::Expr,
        then: &ast::Expr,
        otherwise: &ast::Expr,
        span: Span,
        element: bool,
    ) -> Node {
        let cond = self.expr(cond);
        let then = self.value_or_element(then, element);
        let otherwise = self.value_or_element(otherwise, element);
        match &cond.kind {
            NodeKind::Const(serde_json::Value::Bool(true)) => then,
            NodeKind::Const(serde_json::Value::Bool(false)) => otherwise,
            _ => self.node(
                NodeKind::If {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                },
                span,
            ),
        }
    }

    fn let_(
        &mut self,
        binding: &ast::LetDecl,
        body: &ast::Expr,
        span: Span,
        element: bool,
    ) -> Node {
        let value = self.expr(&binding.value);
        let mark = self.frame.enter();
        let slot = self.bind(&binding.name);
        let body = self.value_or_element(body, element);
        self.frame.leave(mark);
        self.node(
            NodeKind::Let {
                slot,
                value: Box::new(value),
                body: Box::new(body),
            },
            span,
        )
    }

    fn variable(&mut self, ident: &ast::Ident) -> Node {
        if let Some(slot) = self.frame.get(&ident.name) {
            return self.node(NodeKind::Local(slot), ident.span);
        }
        match self.file.scope.get(&ident.name) {
            Some(Binding::Global(index)) => {
                self.c.refs.push(super::Ref::Global(index));
                self.node(NodeKind::Global(index), ident.span)
            }
            Some(Binding::Local(slot)) => self.node(NodeKind::Local(slot), ident.span),
            Some(Binding::Function { .. }) => self.error(
                Diagnostic::error(
                    codes::LAMBDA_MISUSE,
                    format!("`{}` is a function, not a value", ident.name),
                    ident.span,
                )
                .with_help(format!("call it: `{}(…)`", ident.name)),
            ),
            None => {
                let candidates: Vec<String> = self
                    .frame
                    .names()
                    .map(str::to_owned)
                    .chain(
                        self.file
                            .scope
                            .names()
                            .filter(|(_, b)| !matches!(b, Binding::Function { .. }))
                            .map(|(n, _)| n.to_owned()),
                    )
                    .collect();
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_VARIABLE,
                    format!("unknown variable `{}`", ident.name),
                    ident.span,
                )
                .with_label("not defined here");
                if let Some(s) = suggest(&ident.name, candidates.iter().map(String::as_str)) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                } else if ident.name == "input" || ident.name == "root" {
                    d = d.with_help("the input record is `$`");
                }
                self.error(d)
            }
        }
    }

    fn path(&mut self, base: &ast::Expr, segments: &[ast::Segment], span: Span) -> Node {
        let base = self.expr(base);
        let compiled = PathPlan::compile(segments, &mut |e: &ast::Expr| Ok(self.path_expr(e)));
        match compiled {
            Ok(path) => self.node(
                NodeKind::Path {
                    base: Box::new(base),
                    path,
                },
                span,
            ),
            Err(diags) => {
                for d in diags {
                    self.c.error(self.file, d);
                }
                self.node(NodeKind::Const(serde_json::Value::Null), span)
            }
        }
    }

    /// Lowers an expression embedded in a path into the plan's side table.
    fn path_expr(&mut self, e: &ast::Expr) -> ExprRef {
        let node = self.expr(e);
        self.c.path_exprs.push(node);
        ExprRef((self.c.path_exprs.len() - 1) as u32)
    }

    fn string(&mut self, parts: &[StrPart], span: Span) -> Node {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        for part in parts {
            match part {
                StrPart::Lit(s) => text.push_str(s),
                StrPart::Interp(e) => {
                    let node = self.expr(e);
                    if let Some(constant) = exec::constant_text(&node) {
                        text.push_str(&constant);
                        continue;
                    }
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text).into()));
                    }
                    pieces.push(Piece::Value(node));
                }
            }
        }
        if pieces.is_empty() {
            return self.node(NodeKind::Const(serde_json::Value::String(text)), span);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text.into()));
        }
        // Constant parts were merged above, so a piece left is per-record.
        self.node(NodeKind::Interpolate(pieces), span)
    }

    fn array(&mut self, items: &[ArrayItem], span: Span) -> Node {
        let elements: Vec<Element> = items
            .iter()
            .map(|item| match item {
                ArrayItem::Item(e) => Element::Item(self.expr(e)),
                ArrayItem::Spread(e) => Element::Spread(self.expr(e)),
            })
            .collect();
        let constant = elements
            .iter()
            .all(|e| matches!(e, Element::Item(n) if n.is_const()));
        let node = self.node(NodeKind::Array(elements), span);
        if constant { self.fold(node) } else { node }
    }

    fn object(&mut self, entries: &[ObjectEntry], span: Span) -> Node {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut keys_unique = true;
        let mut plan = Vec::with_capacity(entries.len());
        for entry in entries {
            match entry {
                ObjectEntry::Field {
                    key,
                    optional,
                    value,
                    span: entry_span,
                } => {
                    let key_ast = key;
                    let value_ast = value;
                    let key = match key {
                        ObjectKey::Static {
                            name,
                            span: key_span,
                        } => {
                            if let Some(first) = seen.insert(name.as_str(), *key_span) {
                                self.error(
                                    Diagnostic::error(codes::DUPLICATE_KEY, format!("key `{name}` is written twice"), *key_span)
                                        .with_label("written again here")
                                        .with_secondary(first, "first written here")
                                        .with_help("remove one; with `...spread`, later keys win, but literal duplicates are a mistake"),
                                );
                            }
                            Key::Static(name.as_str().into())
                        }
                        ObjectKey::Computed(e) => {
                            keys_unique = false;
                            Key::Computed(self.expr(e))
                        }
                    };
                    let value = self.expr(value);
                    if *optional && (warn::never_null(value_ast) || never_null_constant(&value)) {
                        self.optional_never_null(key_ast, value_ast.span, *entry_span);
                    }
                    plan.push(Entry::Field {
                        key,
                        optional: *optional,
                        value,
                    });
                }
                ObjectEntry::Spread(e) => {
                    keys_unique = false;
                    plan.push(Entry::Spread(self.expr(e)));
                }
            }
        }
        let constant = plan.iter().all(
            |e| matches!(e, Entry::Field { key: Key::Static(_), value, .. } if value.is_const()),
        );
        let node = self.node(
            NodeKind::Object(ObjectPlan {
                entries: plan,
                keys_unique,
            }),
            span,
        );
        if constant { self.fold(node) } else { node }
    }

    /// W0206 for `key?: value`, at the key and its `?`.
    fn optional_never_null(&mut self, key: &ObjectKey, value: Span, entry: Span) {
        let (name, key_span) = match key {
            ObjectKey::Static { name, span } => (Some(name.as_str()), *span),
            ObjectKey::Computed(e) => (None, e.span),
        };
        // The `?` sits between the key and the colon; comments may too.
        let text = &self.file.source.text;
        let between = text
            .get(key_span.end as usize..value.start as usize)
            .unwrap_or("");
        let colon = between.find(':').unwrap_or(between.len());
        let mark = match between[..colon].rfind('?') {
            Some(q) => Span::new(key_span.start as usize, key_span.end as usize + q + 1),
            None => entry,
        };
        self.c
            .warn(self.file, warn::optional_never_null(name, mark, value));
    }

    fn unary(&mut self, op: UnaryOp, operand: &ast::Expr, span: Span) -> Node {
        let operand = self.expr(operand);
        let constant = operand.is_const();
        let kind = match op {
            UnaryOp::Neg => NodeKind::Neg(Box::new(operand)),
            UnaryOp::Not => NodeKind::Not(Box::new(operand)),
        };
        let node = self.node(kind, span);
        if constant { self.fold(node) } else { node }
    }

    fn binary(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr, span: Span) -> Node {
        let left = self.expr(left);
        let right = self.expr(right);
        let constant = left.is_const() && right.is_const();
        let (l, r) = (Box::new(left), Box::new(right));
        let kind = match op {
            BinaryOp::And => NodeKind::And(l, r),
            BinaryOp::Or => NodeKind::Or(l, r),
            BinaryOp::Default => NodeKind::Default(l, r),
            BinaryOp::Add => NodeKind::Binary {
                op: BinOp::Add,
                left: l,
                right: r,
            },
            BinaryOp::Sub => NodeKind::Binary {
                op: BinOp::Sub,
                left: l,
                right: r,
            },
            BinaryOp::Mul => NodeKind::Binary {
                op: BinOp::Mul,
                left: l,
                right: r,
            },
            BinaryOp::Div => NodeKind::Binary {
                op: BinOp::Div,
                left: l,
                right: r,
            },
            BinaryOp::Rem => NodeKind::Binary {
                op: BinOp::Rem,
                left: l,
                right: r,
            },
            BinaryOp::Eq => NodeKind::Binary {
                op: BinOp::Eq,
                left: l,
                right: r,
            },
            BinaryOp::Ne => NodeKind::Binary {
                op: BinOp::Ne,
                left: l,
                right: r,
            },
            BinaryOp::Lt => NodeKind::Binary {
                op: BinOp::Lt,
                left: l,
                right: r,
            },
            BinaryOp::Le => NodeKind::Binary {
                op: BinOp::Le,
                left: l,
                right: r,
            },
            BinaryOp::Gt => NodeKind::Binary {
                op: BinOp::Gt,
                left: l,
                right: r,
            },
            BinaryOp::Ge => NodeKind::Binary {
                op: BinOp::Ge,
                left: l,
                right: r,
            },
            BinaryOp::In => NodeKind::Binary {
                op: BinOp::In,
                left: l,
                right: r,
            },
        };
        let node = self.node(kind, span);
        if constant { self.fold(node) } else { node }
    }

    fn match_(
        &mut self,
        value: &ast::Expr,
        arms: &[ast::MatchArm],
        span: Span,
        element: bool,
    ) -> Node {
        if !warn::has_default_arm(arms) {
            let keyword = Span::new(span.start as usize, span.start as usize + "match".len());
            self.c.warn(self.file, warn::match_without_default(keyword));
        }
        let value = self.expr(value);
        let mut planned = Vec::with_capacity(arms.len());
        for arm in arms {
            let mark = self.frame.enter();
            let bound = match &arm.pattern.kind {
                ast::PatternKind::Bind(ident)
                | ast::PatternKind::Regex {
                    captures: Some(ident),
                    ..
                } => Some(ident),
                _ => None,
            };
            if let Some(ident) = bound
                && let Some(w) = warn::shadowing(self.file, self.frame, ident)
            {
                self.c.warn(self.file, w);
            }
            let pattern = match pattern::lower(&arm.pattern, self.frame, &mut |e| {
                self_expr(self.c, self.file, e)
            }) {
                Ok(p) => p,
                Err(d) => {
                    self.error(d);
                    crate::plan::PatternPlan::Any
                }
            };
            let guard = arm.guard.as_ref().map(|g| self.expr(g));
            let body = self.value_or_element(&arm.body, element);
            self.frame.leave(mark);
            planned.push(Arm {
                pattern,
                guard,
                body,
            });
        }
        self.node(
            NodeKind::Match {
                value: Box::new(value),
                arms: planned,
            },
            span,
        )
    }

    /// A comprehension's clauses, outermost first: a later clause is a
    /// comprehension nested in the earlier one's output (`nest`), so it
    /// sees the earlier variables.
    fn comprehension(
        &mut self,
        clauses: &[ast::ForClause],
        span: Span,
        output: &mut dyn FnMut(&mut Self) -> ForOutput,
        nest: fn(Node) -> ForOutput,
    ) -> Node {
        let Some((clause, rest)) = clauses.split_first() else {
            return self.node(NodeKind::Const(serde_json::Value::Null), span);
        };
        let binding = &clause.binding;
        let source = self.expr(&binding.source);
        let mark = self.frame.enter();
        let (key_slot, value_slot) = match binding.vars.as_slice() {
            [value] => (None, self.bind(value)),
            [key, value] => {
                let k = self.bind(key);
                (Some(k), self.bind(value))
            }
            _ => (None, self.frame.bind("_")),
        };
        let filter = clause.filter.as_deref().map(|f| self.expr(f));
        let output = match rest.first() {
            None => output(self),
            Some(next) => {
                let inner = Span::new(next.span.start as usize, span.end as usize);
                nest(self.comprehension(rest, inner, output, nest))
            }
        };
        self.frame.leave(mark);
        self.node(
            NodeKind::For(Box::new(ForPlan {
                source,
                key_slot,
                value_slot,
                filter,
                output,
            })),
            span,
        )
    }

    fn call(&mut self, name: &ast::Ident, args: &[&ast::Expr], span: Span) -> Node {
        match name.name.as_str() {
            "exists" => return self.exists(name, args, span),
            "error" => return self.raise(name, args, span),
            _ => {}
        }
        match self
            .file
            .scope
            .get(&name.name)
            .filter(|_| self.frame.get(&name.name).is_none())
        {
            Some(Binding::Function { index, arity }) => {
                if args.len() != arity as usize {
                    return self.error(
                        Diagnostic::error(
                            codes::WRONG_ARITY,
                            format!(
                                "`{}` takes {arity} argument{}, got {}",
                                name.name,
                                plural(arity as usize),
                                args.len()
                            ),
                            span,
                        )
                        .with_label("called here"),
                    );
                }
                self.c.refs.push(super::Ref::Function(index));
                let args = args.iter().map(|a| self.value_arg(a)).collect();
                return self.node(
                    NodeKind::User {
                        function: index,
                        args,
                    },
                    span,
                );
            }
            Some(_) => {
                return self.error(Diagnostic::error(
                    codes::UNKNOWN_FUNCTION,
                    format!("`{}` is a variable, not a function", name.name),
                    name.span,
                ));
            }
            None if self.frame.get(&name.name).is_some() => {
                return self.error(Diagnostic::error(
                    codes::UNKNOWN_FUNCTION,
                    format!("`{}` is a variable, not a function", name.name),
                    name.span,
                ));
            }
            None => {}
        }
        let Some(def) = stdlib::lookup(&name.name) else {
            let user: Vec<String> = self
                .file
                .scope
                .names()
                .filter(|(_, b)| matches!(b, Binding::Function { .. }))
                .map(|(n, _)| n.to_owned())
                .collect();
            let candidates = user
                .iter()
                .map(String::as_str)
                .chain(stdlib::all().iter().map(|f| f.name))
                .chain(SPECIAL_FORMS.iter().copied());
            let mut d = Diagnostic::error(
                codes::UNKNOWN_FUNCTION,
                format!("unknown function `{}`", name.name),
                name.span,
            )
            .with_label("not a function");
            if let Some(s) = suggest(&name.name, candidates) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            return self.error(d);
        };
        let (min, max) = (def.min_args(), def.max_args());
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            let expected = match max {
                Some(m) if m == min => format!("{min}"),
                Some(m) => format!("{min} to {m}"),
                None => format!("at least {min}"),
            };
            return self.error(
                Diagnostic::error(
                    codes::WRONG_ARITY,
                    format!(
                        "`{}` takes {expected} argument{}, got {}",
                        def.name,
                        plural(max.unwrap_or(2)),
                        args.len()
                    ),
                    span,
                )
                .with_label("called here")
                .with_help(format!(
                    "{}({})",
                    def.name,
                    def.params
                        .iter()
                        .map(|p| if p.optional {
                            format!("{}?", p.name)
                        } else {
                            p.name.to_owned()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        let mut planned = Vec::with_capacity(args.len());
        let mut regexes = Vec::with_capacity(args.len());
        let mut keys = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let kind = def.param(i).map_or(ParamKind::Value, |p| p.kind);
            let mut regex = None;
            let planned_arg = match kind {
                ParamKind::Lambda(arity) => self.lambda_arg(def.name, arity, arg),
                ParamKind::Key => {
                    let node = self.value_arg(arg);
                    keys.resize(i, None);
                    keys.push(self.secret_key(def.name, &node, arg.span));
                    Arg::Value(node)
                }
                ParamKind::Value | ParamKind::Regex => {
                    let node = self.value_arg(arg);
                    if kind == ParamKind::Regex
                        && let NodeKind::Const(serde_json::Value::String(source)) = &node.kind
                    {
                        match compile_regex(source) {
                            Ok(re) => regex = Some(Arc::new(re)),
                            Err(message) => {
                                self.error(
                                    Diagnostic::error(codes::BAD_CONSTANT, message, arg.span)
                                        .with_label("this regular expression"),
                                );
                            }
                        }
                    }
                    Arg::Value(node)
                }
            };
            planned.push(planned_arg);
            regexes.push(regex);
        }
        let constant = planned
            .iter()
            .all(|a| matches!(a, Arg::Value(n) if n.is_const()));
        let node = self.node(
            NodeKind::Native(Box::new(NativeCall::new(def, planned, regexes, keys))),
            span,
        );
        if constant { self.fold(node) } else { node }
    }

    /// The secret key a key argument names, prepared: the name must be a
    /// constant string (`E0301`) and the key provided (`E0213`). The
    /// messages name the key and its variable, never the secret.
    fn secret_key(&mut self, function: &str, node: &Node, span: Span) -> Option<Arc<PreparedKey>> {
        let name = match &node.kind {
            NodeKind::Const(serde_json::Value::String(name)) if !name.is_empty() => name,
            _ => {
                self.error(
                    Diagnostic::error(
                        codes::BAD_CONSTANT,
                        format!("the key name of `{function}` must be a constant string"),
                        span,
                    )
                    .with_label("not a constant key name")
                    .with_help(format!(
                        "write the key's name as a string literal, e.g. \
                         `{function}(\"partner\", …)`, and provide its secret as \
                         `FERRY_KEY_PARTNER` (or in the keys a service passes): the key \
                         is chosen when compiling, never by the input"
                    )),
                );
                return None;
            }
        };
        if let Some(key) = self.c.keys.prepare(name) {
            return Some(Arc::new(key));
        }
        let var = Keys::env_var(name);
        let canonical = &var[ENV_PREFIX.len()..];
        let known = self.c.keys.names();
        let close = suggest(canonical, known.iter().map(String::as_str));
        let help = if self.c.keys.is_environment() {
            let close = close.map_or_else(String::new, |c| format!(" (`{ENV_PREFIX}{c}` is set)"));
            format!("set the environment variable `{var}` to the secret{close}")
        } else {
            let close = close.map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            format!("the keys given to the compiler have no `{canonical}`{close}")
        };
        let d = Diagnostic::error(codes::UNKNOWN_KEY, format!("no secret key `{name}`"), span)
            .with_label("not provided")
            .with_help(help);
        self.error(d);
        None
    }

    fn value_arg(&mut self, arg: &ast::Expr) -> Node {
        if let ExprKind::Lambda { .. } = arg.kind {
            return self.error(
                Diagnostic::error(
                    codes::LAMBDA_MISUSE,
                    "this argument expects a value, not a lambda",
                    arg.span,
                )
                .with_help("lambdas go to functions such as map, filter, reduce, sort_by"),
            );
        }
        self.expr(arg)
    }

    fn lambda_arg(&mut self, function: &str, arity: usize, arg: &ast::Expr) -> Arg {
        match &arg.kind {
            ExprKind::Lambda { params, body } => {
                if params.len() != arity {
                    self.error(Diagnostic::error(
                        codes::LAMBDA_MISUSE,
                        format!("`{function}` calls this lambda with {arity} argument{}, but it takes {}", plural(arity), params.len()),
                        arg.span,
                    ));
                }
                let mark = self.frame.enter();
                let slots = params.iter().map(|p| self.bind(p)).collect();
                let body = self.expr(body);
                self.frame.leave(mark);
                Arg::Lambda {
                    params: slots,
                    body,
                }
            }
            ExprKind::Var(ident) if self.frame.get(&ident.name).is_none() => {
                match self.file.scope.get(&ident.name) {
                    Some(Binding::Function { index, arity: a }) if a as usize == arity => {
                        self.c.refs.push(super::Ref::Function(index));
                        Arg::Function(index)
                    }
                    Some(Binding::Function { arity: a, .. }) => {
                        self.error(Diagnostic::error(
                            codes::LAMBDA_MISUSE,
                            format!(
                                "`{function}` calls `{}` with {arity} argument{}, but it takes {a}",
                                ident.name,
                                plural(arity)
                            ),
                            arg.span,
                        ));
                        Arg::Value(Node::new(
                            NodeKind::Const(serde_json::Value::Null),
                            self.file.span(arg.span),
                        ))
                    }
                    _ => self.not_a_lambda(function, arity, arg),
                }
            }
            _ => self.not_a_lambda(function, arity, arg),
        }
    }

    fn not_a_lambda(&mut self, function: &str, arity: usize, arg: &ast::Expr) -> Arg {
        let example = if arity == 2 {
            "(acc, x) -> …"
        } else {
            "x -> …"
        };
        let node = self.error(
            Diagnostic::error(
                codes::LAMBDA_MISUSE,
                format!("`{function}` expects a function here"),
                arg.span,
            )
            .with_label("not a function")
            .with_help(format!(
                "pass a lambda such as `{example}` or the name of a `fn`"
            )),
        );
        Arg::Value(node)
    }

    fn exists(&mut self, name: &ast::Ident, args: &[&ast::Expr], span: Span) -> Node {
        let [arg] = args else {
            return self.error(Diagnostic::error(
                codes::WRONG_ARITY,
                format!("`exists` takes 1 argument, got {}", args.len()),
                name.span,
            ));
        };
        if let ExprKind::Path { base, segments } = &arg.kind {
            let base = self.expr(base);
            match PathPlan::compile(segments, &mut |e: &ast::Expr| Ok(self.path_expr(e))) {
                Ok(path) => {
                    return self.node(
                        NodeKind::Exists {
                            base: Box::new(base),
                            path: Some(path),
                        },
                        span,
                    );
                }
                Err(diags) => {
                    for d in diags {
                        self.c.error(self.file, d);
                    }
                    return self.node(NodeKind::Const(serde_json::Value::Null), span);
                }
            }
        }
        let value = self.expr(arg);
        self.node(
            NodeKind::Exists {
                base: Box::new(value),
                path: None,
            },
            span,
        )
    }

    fn raise(&mut self, name: &ast::Ident, args: &[&ast::Expr], span: Span) -> Node {
        let (code, message, value) = match args {
            [message] => (None, self.expr(message), None),
            [code, message] => (Some(Box::new(self.expr(code))), self.expr(message), None),
            [code, message, value] => (
                Some(Box::new(self.expr(code))),
                self.expr(message),
                Some(Box::new(self.expr(value))),
            ),
            _ => {
                return self.error(
                    Diagnostic::error(
                        codes::WRONG_ARITY,
                        format!("`error` takes 1 to 3 arguments, got {}", args.len()),
                        name.span,
                    )
                    .with_help("error(\"CODE\", \"message\", value)"),
                );
            }
        };
        self.node(
            NodeKind::Raise {
                code,
                message: Box::new(message),
                value,
            },
            span,
        )
    }

    /// Evaluates a node whose inputs are all constants; keeps it when the
    /// evaluation fails (the error then surfaces per record, with its
    /// record number, rather than failing compilation).
    fn fold(&self, node: Node) -> Node {
        match exec::eval_constant(&node) {
            Some(kind) => Node::new(kind, node.span),
            None => node,
        }
    }
}

/// Lowers a pattern's literal bound (used by `pattern::lower`).
fn self_expr(c: &mut Compiler, file: &FileCx, e: &ast::Expr) -> Node {
    let mut frame = Frame::default();
    lower(c, file, &mut frame, e)
}

/// True for a lowered node folded to a value other than null.
fn never_null_constant(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Num(_) => true,
        NodeKind::Const(v) => !v.is_null(),
        _ => false,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
