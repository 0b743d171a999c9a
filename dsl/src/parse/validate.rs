//! Checks on the built tree that the grammar cannot express: the nesting
//! depth (so recursive passes downstream are safe), lambdas only as call
//! arguments (`E0107`), `@` only inside filters (`E0108`), `skip` only
//! where a comprehension produces an element or member (`E0109`).
//!
//! The walk stops at `max_depth`, so it never recurses deeper than that.

use crate::ast::{
    ArrayItem, ComparableKind, Expr, ExprKind, Filter, FilterArg, FilterKind, Item, Module,
    ObjectEntry, ObjectKey, Selector, StrPart,
};
use crate::codes;
use crate::error::Diagnostic;

use super::depth::too_deep;

pub(crate) struct Validator {
    max_depth: usize,
    pub errors: Vec<Diagnostic>,
}

#[derive(Clone, Copy)]
struct Ctx {
    depth: usize,
    in_filter: bool,
    lambda_ok: bool,
    /// The value here is a comprehension's element (or member): `skip`
    /// may drop it.
    element: bool,
}

impl Validator {
    pub(crate) fn new(max_depth: usize) -> Validator {
        Validator {
            max_depth,
            errors: Vec::new(),
        }
    }

    pub(crate) fn module(&mut self, module: &Module) -> Result<(), Diagnostic> {
        let top = Ctx {
            depth: 0,
            in_filter: false,
            lambda_ok: false,
            element: false,
        };
        for item in &module.items {
            match item {
                Item::Use(_) => {}
                Item::Let(d) => self.expr(&d.value, top)?,
                Item::Fn(d) => self.expr(&d.body, top)?,
                Item::Table(d) => {
                    if let crate::ast::TableSource::Inline(e) = &d.source {
                        self.expr(e, top)?;
                    }
                }
            }
        }
        if let Some(body) = &module.body {
            self.expr(body, top)?;
        }
        Ok(())
    }

    pub(crate) fn root(&mut self, expr: &Expr) -> Result<(), Diagnostic> {
        self.expr(
            expr,
            Ctx {
                depth: 0,
                in_filter: false,
                lambda_ok: false,
                element: false,
            },
        )
    }

    fn expr(&mut self, e: &Expr, ctx: Ctx) -> Result<(), Diagnostic> {
        let depth = ctx.depth + 1;
        if depth > self.max_depth {
            return Err(too_deep(e.span, self.max_depth));
        }
        let sub = Ctx {
            depth,
            in_filter: ctx.in_filter,
            lambda_ok: false,
            element: false,
        };
        // The branches of an `if`, `match` or `let` in an element position
        // are in that position too.
        let branch = Ctx {
            element: ctx.element,
            ..sub
        };
        let arg = Ctx {
            lambda_ok: true,
            ..sub
        };
        match &e.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::Root
            | ExprKind::Var(_) => {}
            ExprKind::Skip => {
                if !ctx.element {
                    self.errors.push(
                        Diagnostic::error(
                            codes::MISPLACED_SKIP,
                            "`skip` is only valid as the element of a comprehension",
                            e.span,
                        )
                        .with_label("not an element of a comprehension")
                        .with_help(
                            "`skip` drops one element: `[for x in xs => if x.ok then x.id else skip]`; \
                             an `if`, `match` or `let` passes the position on to its branches",
                        ),
                    );
                }
            }
            ExprKind::Current => {
                if !ctx.in_filter {
                    self.errors.push(
                        Diagnostic::error(
                            codes::MISPLACED_CURRENT,
                            "`@` is only valid inside a JSONPath filter",
                            e.span,
                        )
                        .with_label("no current node here")
                        .with_help("use `$` for the input record, or a variable"),
                    );
                }
            }
            ExprKind::Str(parts) => {
                for part in parts {
                    if let StrPart::Interp(x) = part {
                        self.expr(x, sub)?;
                    }
                }
            }
            ExprKind::Array(items) => {
                for item in items {
                    let (ArrayItem::Item(x) | ArrayItem::Spread(x)) = item;
                    self.expr(x, sub)?;
                }
            }
            ExprKind::Object(entries) => {
                for entry in entries {
                    match entry {
                        ObjectEntry::Field { key, value, .. } => {
                            if let ObjectKey::Computed(k) = key {
                                self.expr(k, sub)?;
                            }
                            self.expr(value, sub)?;
                        }
                        ObjectEntry::Spread(x) => self.expr(x, sub)?,
                    }
                }
            }
            ExprKind::Path { base, segments } => {
                self.expr(base, sub)?;
                for segment in segments {
                    for selector in &segment.selectors {
                        match selector {
                            Selector::Dynamic(x) => self.expr(x, sub)?,
                            Selector::Filter(f) => self.filter(
                                f,
                                Ctx {
                                    in_filter: true,
                                    ..sub
                                },
                            )?,
                            _ => {}
                        }
                    }
                }
            }
            ExprKind::Call { args, .. } => {
                for a in args {
                    self.expr(a, arg)?;
                }
            }
            ExprKind::Pipe { value, args, .. } => {
                self.expr(value, sub)?;
                for a in args {
                    self.expr(a, arg)?;
                }
            }
            ExprKind::Lambda { body, .. } => {
                if !ctx.lambda_ok {
                    self.errors.push(
                        Diagnostic::error(
                            codes::MISPLACED_LAMBDA,
                            "a lambda is only valid as a function argument",
                            e.span,
                        )
                        .with_label("not a call argument")
                        .with_help("pass it to a function, e.g. `map(xs, x -> x * 2)`"),
                    );
                }
                self.expr(body, sub)?;
            }
            ExprKind::Unary { operand, .. } => self.expr(operand, sub)?,
            ExprKind::Binary { left, right, .. } => {
                self.expr(left, sub)?;
                self.expr(right, sub)?;
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, sub)?;
                self.expr(then, branch)?;
                self.expr(otherwise, branch)?;
            }
            ExprKind::Match { value, arms } => {
                self.expr(value, sub)?;
                for a in arms {
                    if let Some(g) = &a.guard {
                        self.expr(g, sub)?;
                    }
                    self.expr(&a.body, branch)?;
                }
            }
            ExprKind::ArrayFor {
                clauses,
                body,
                spread,
            } => {
                for clause in clauses {
                    self.expr(&clause.binding.source, sub)?;
                    if let Some(f) = &clause.filter {
                        self.expr(f, sub)?;
                    }
                }
                let element = Ctx {
                    element: !*spread,
                    ..sub
                };
                self.expr(body, element)?;
            }
            ExprKind::ObjectFor {
                clauses,
                key,
                value,
            } => {
                for clause in clauses {
                    self.expr(&clause.binding.source, sub)?;
                    if let Some(f) = &clause.filter {
                        self.expr(f, sub)?;
                    }
                }
                self.expr(key, sub)?;
                self.expr(
                    value,
                    Ctx {
                        element: true,
                        ..sub
                    },
                )?;
            }
            ExprKind::Let { binding, body } => {
                self.expr(&binding.value, sub)?;
                self.expr(body, branch)?;
            }
            ExprKind::Try { body, fallback } => {
                self.expr(body, sub)?;
                self.expr(fallback, sub)?;
            }
            ExprKind::Paren(x) => self.expr(x, branch)?,
        }
        Ok(())
    }

    fn filter(&mut self, f: &Filter, ctx: Ctx) -> Result<(), Diagnostic> {
        let depth = ctx.depth + 1;
        if depth > self.max_depth {
            return Err(too_deep(f.span, self.max_depth));
        }
        let sub = Ctx { depth, ..ctx };
        match &f.kind {
            FilterKind::Or(fs) | FilterKind::And(fs) => {
                for x in fs {
                    self.filter(x, sub)?;
                }
            }
            FilterKind::Not(x) | FilterKind::Paren(x) => self.filter(x, sub)?,
            FilterKind::Exists(q) => self.expr(q, sub)?,
            FilterKind::Test(c) => self.comparable(&c.kind, sub)?,
            FilterKind::Compare { left, right, .. } => {
                self.comparable(&left.kind, sub)?;
                self.comparable(&right.kind, sub)?;
            }
        }
        Ok(())
    }

    fn comparable(&mut self, c: &ComparableKind, ctx: Ctx) -> Result<(), Diagnostic> {
        match c {
            ComparableKind::Literal(_) => Ok(()),
            ComparableKind::Var(e) => self.expr(e, ctx),
            ComparableKind::Query(q) => self.expr(q, ctx),
            ComparableKind::Function { args, .. } => {
                let ctx = Ctx {
                    depth: ctx.depth + 1,
                    ..ctx
                };
                if ctx.depth > self.max_depth {
                    return Err(too_deep(
                        args.first().map_or_else(Default::default, arg_span),
                        self.max_depth,
                    ));
                }
                for a in args {
                    match a {
                        FilterArg::Value(v) => self.comparable(&v.kind, ctx)?,
                        FilterArg::Logical(f) => self.filter(f, ctx)?,
                    }
                }
                Ok(())
            }
        }
    }
}

fn arg_span(a: &FilterArg) -> crate::span::Span {
    match a {
        FilterArg::Value(c) => c.span,
        FilterArg::Logical(f) => f.span,
    }
}
