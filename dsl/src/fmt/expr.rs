//! Expressions and string literals.

use super::doc::{Check, Doc, cat};
use super::pattern::pattern;
use super::precedence::{binary_prec, hugs, needs_parens, prec};
use super::printer::{Entries, Printer, bracketed};
use super::text;
use crate::ast::{
    ArrayItem, BinaryOp, Expr, ExprKind, ForBinding, ForClause, Ident, MatchArm, ObjectEntry,
    ObjectKey, StrPart, UnaryOp,
};

impl Printer<'_> {
    /// An expression, with the comments around it.
    pub(crate) fn expr(&mut self, e: &Expr) -> Doc {
        let before = self.before(e.span.start as usize);
        let doc = self.kind(e);
        let end = e.span.end as usize;
        if end == self.element_end {
            return cat![before, doc];
        }
        let (block, line) = self.after_with(end, usize::MAX, false, false);
        cat![before, doc, block, line]
    }

    /// `e` where the grammar expects at least `min`, parenthesised if needed.
    pub(crate) fn operand(&mut self, e: &Expr, min: u8) -> Doc {
        if needs_parens(e, min) {
            cat!["(", self.expr(e), ")"]
        } else {
            self.expr(e)
        }
    }

    fn kind(&mut self, e: &Expr) -> Doc {
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        match &e.kind {
            ExprKind::Null => "null".into(),
            ExprKind::Bool(b) => if *b { "true" } else { "false" }.into(),
            ExprKind::Number(n) => n.as_str().into(),
            ExprKind::Str(parts) => self.string(parts, false),
            ExprKind::Root => "$".into(),
            ExprKind::Current => "@".into(),
            ExprKind::Var(v) => v.name.as_str().into(),
            ExprKind::Array(items) => {
                let list = self.entries(
                    items,
                    start + 1,
                    end.saturating_sub(1),
                    |item| match item {
                        ArrayItem::Item(e) | ArrayItem::Spread(e) => span(e),
                    },
                    |p, item| match item {
                        ArrayItem::Item(e) => p.expr(e),
                        ArrayItem::Spread(e) => cat!["...", p.expr(e)],
                    },
                );
                // A lone object or array element hugs the brackets: `[{` … `}]`.
                let hugged = match items.as_slice() {
                    [ArrayItem::Item(only)] if hugs(only) && !is_call_like(only) => {
                        hug_last(std::slice::from_ref(only), &list)
                    }
                    _ => None,
                };
                hug_choice(
                    bracketed("[", "]", list, false, false),
                    hugged.map(|h| cat!["[", h, "]"]),
                )
            }
            ExprKind::Object(entries) => {
                let list = self.entries(
                    entries,
                    start + 1,
                    end.saturating_sub(1),
                    |entry| match entry {
                        ObjectEntry::Field { span: s, .. } => (s.start as usize, s.end as usize),
                        ObjectEntry::Spread(e) => span(e),
                    },
                    |p, entry| match entry {
                        ObjectEntry::Field {
                            key,
                            optional,
                            value,
                            ..
                        } => {
                            let key = p.object_key(key);
                            let mark = if *optional { "?: " } else { ": " };
                            cat![key, mark, p.expr(value)]
                        }
                        ObjectEntry::Spread(e) => cat!["...", p.expr(e)],
                    },
                );
                bracketed("{", "}", list, true, false)
            }
            ExprKind::Path { base, segments } => {
                let base = self.operand(base, prec::PRIMARY);
                cat![base, self.segments(segments)]
            }
            ExprKind::Call { name, args } => self.call(name, args, end),
            ExprKind::Lambda { params, body } => {
                let params = match params.as_slice() {
                    [one] => one.name.clone(),
                    _ => format!("({})", names(params)),
                };
                cat![params, " -> ", self.operand(body, prec::PIPE)]
            }
            ExprKind::Pipe { .. } => self.pipe_chain(e),
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Neg => cat!["-", self.operand(operand, prec::NEG)],
                UnaryOp::Not => cat!["not ", self.operand(operand, prec::NOT)],
            },
            ExprKind::Binary { op, .. } => self.binary(e, *op),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let cond = self.expr(cond);
                let then = self.expr(then);
                let otherwise = self.operand(otherwise, prec::PIPE);
                Doc::group(cat![
                    "if ",
                    cond,
                    Doc::nest(cat![
                        Doc::Line,
                        "then ",
                        then,
                        Doc::Line,
                        "else ",
                        otherwise
                    ])
                ])
            }
            ExprKind::Match { value, arms } => {
                let value_end = value.span.end as usize;
                let value = self.expr(value);
                let open = value_end;
                let list = self.entries(
                    arms,
                    open,
                    end.saturating_sub(1),
                    |arm| (arm.span.start as usize, arm.span.end as usize),
                    |p, arm| p.arm(arm),
                );
                cat!["match ", value, " ", bracketed("{", "}", list, true, true)]
            }
            ExprKind::ArrayFor {
                clauses,
                body,
                spread,
            } => {
                let head = self.for_head(clauses);
                let body_hugs = !*spread && hugs(body);
                let body = self.expr(body);
                let body = if *spread { cat!["...", body] } else { body };
                comprehension("[", head, body, body_hugs, "]")
            }
            ExprKind::ObjectFor {
                clauses,
                key,
                value,
            } => {
                let head = self.for_head(clauses);
                let key = self.for_key(key);
                let value_hugs = hugs(value);
                let value = self.expr(value);
                comprehension("{", head, cat![key, ": ", value], value_hugs, "}")
            }
            ExprKind::Let { .. } => self.let_chain(e),
            ExprKind::Try { body, fallback } => {
                let body = self.expr(body);
                let fallback = self.operand(fallback, prec::PIPE);
                Doc::group(cat![
                    "try ",
                    body,
                    Doc::nest(cat![Doc::Line, "else ", fallback])
                ])
            }
            ExprKind::Paren(inner) => cat!["(", self.expr(inner), ")"],
            ExprKind::Skip => "skip".into(),
        }
    }

    /// `name(args)`, on one line or one argument per line.
    pub(crate) fn call(&mut self, name: &Ident, args: &[Expr], end: usize) -> Doc {
        let open = name.span.end as usize;
        let list = self.entries(args, open, end.saturating_sub(1), span, |p, a| p.expr(a));
        let hug = hug_last(args, &list);
        let normal = bracketed("(", ")", list, false, false);
        match hug {
            Some(hugged) => cat![
                name.name.as_str(),
                Doc::Choice(vec![
                    (Check::Flat, normal.clone()),
                    (Check::FirstLine, cat!["(", hugged, ")"]),
                    (Check::Always, normal),
                ])
            ],
            None => cat![name.name.as_str(), normal],
        }
    }

    /// A left-associative chain of operators of one level, broken before
    /// each operator when it does not fit.
    fn binary(&mut self, e: &Expr, op: BinaryOp) -> Doc {
        let level = binary_prec(op);
        if level == prec::CMP {
            let ExprKind::Binary { left, right, .. } = &e.kind else {
                return Doc::Nil;
            };
            let left = self.operand(left, prec::ADD);
            let right = self.operand(right, prec::ADD);
            return Doc::group(cat![
                left,
                Doc::nest(cat![Doc::Line, op.symbol(), " ", right])
            ]);
        }
        let mut spine = Vec::new();
        let mut first = e;
        while let ExprKind::Binary {
            op, left, right, ..
        } = &first.kind
        {
            if binary_prec(*op) != level {
                break;
            }
            spine.push((*op, right.as_ref()));
            first = left;
        }
        spine.reverse();
        let head = self.operand(first, level);
        let mut rest = Doc::Nil;
        let mut flat = head.clone();
        let last = spine.len().saturating_sub(1);
        let last_hugs = spine.last().is_some_and(|(_, r)| hugs(r));
        for (i, (op, right)) in spine.into_iter().enumerate() {
            let right = self.operand(right, level + 1);
            let right_doc = if i == last {
                right.clone().expand()
            } else {
                right.clone()
            };
            flat.push(cat![" ", op.symbol(), " ", right_doc]);
            rest.push(cat![Doc::Line, op.symbol(), " ", right]);
        }
        hug_choice(
            Doc::group(cat![head, Doc::nest(rest)]),
            last_hugs.then_some(flat),
        )
    }

    /// `value | f(a) | g`, broken before each `|` when it does not fit.
    fn pipe_chain(&mut self, e: &Expr) -> Doc {
        let mut stages = Vec::new();
        let mut first = e;
        while let ExprKind::Pipe { value, name, args } = &first.kind {
            stages.push((name, args, first.span.end as usize));
            first = value;
        }
        stages.reverse();
        let last_hugs = hugs(e);
        let head = self.operand(first, prec::DEFAULT);
        let mut rest = Doc::Nil;
        let mut flat = head.clone();
        let count = stages.len();
        for (i, (name, args, end)) in stages.into_iter().enumerate() {
            let stage = if args.is_empty() {
                Doc::text(name.name.clone())
            } else {
                self.call(name, args, end)
            };
            let stage_doc = if i + 1 == count {
                stage.clone().expand()
            } else {
                stage.clone()
            };
            flat.push(cat![" | ", stage_doc]);
            rest.push(cat![Doc::Line, "| ", stage]);
        }
        hug_choice(
            Doc::group(cat![head, Doc::nest(rest)]),
            last_hugs.then_some(flat),
        )
    }

    /// `let a = x; let b = y; body`: on one line, or each binding on its
    /// own line and the body below them.
    fn let_chain(&mut self, e: &Expr) -> Doc {
        let mut doc = Doc::Nil;
        let mut current = e;
        while let ExprKind::Let { binding, body } = &current.kind {
            let value = self.expr(&binding.value);
            doc.push(cat![
                "let ",
                binding.name.name.as_str(),
                " = ",
                value,
                ";",
                Doc::Line
            ]);
            current = body;
        }
        doc.push(self.operand(current, prec::PIPE));
        Doc::group(doc)
    }

    /// The `for` clauses: on one line, or one clause per line.
    fn for_head(&mut self, clauses: &[ForClause]) -> Doc {
        let mut docs = clauses.iter().map(|clause| {
            let binding: &ForBinding = &clause.binding;
            let source = self.expr(&binding.source);
            let mut head = cat!["for ", names(&binding.vars), " in ", source];
            if let Some(f) = &clause.filter {
                head.push(cat![" if ", self.expr(f)]);
            }
            head
        });
        let Some(first) = docs.next() else {
            return Doc::Nil;
        };
        let rest: Vec<Doc> = docs.collect();
        if rest.is_empty() {
            return first;
        }
        let mut tail = Doc::Nil;
        for doc in rest {
            tail.push(cat![Doc::Line, doc]);
        }
        Doc::group(cat![first, Doc::nest(tail)])
    }

    /// The key of an object comprehension: a word or string when constant.
    fn for_key(&mut self, key: &Expr) -> Doc {
        match &key.kind {
            ExprKind::Str(parts) => match plain(parts) {
                Some(name) => cat![
                    self.before(key.span.start as usize),
                    text::object_key(&name)
                ],
                None => self.expr(key),
            },
            _ => cat!["[", self.expr(key), "]"],
        }
    }

    fn object_key(&mut self, key: &ObjectKey) -> Doc {
        match key {
            ObjectKey::Static { name, .. } => text::object_key(name).into(),
            ObjectKey::Computed(e) => match &e.kind {
                ExprKind::Str(parts) if plain(parts).is_none() => self.expr(e),
                _ => cat!["[", self.expr(e), "]"],
            },
        }
    }

    fn arm(&mut self, arm: &MatchArm) -> Doc {
        let mut doc = pattern(&arm.pattern);
        if let Some(guard) = &arm.guard {
            doc.push(cat![" if ", self.expr(guard)]);
        }
        let body = self.expr(&arm.body);
        cat![doc, " => ", body]
    }

    /// A string literal; `dollars` escapes every `$` of the literal text
    /// (see `path.rs`, dynamic selectors).
    pub(crate) fn string(&mut self, parts: &[StrPart], dollars: bool) -> Doc {
        let mut doc = Doc::text("\"");
        for part in parts {
            match part {
                StrPart::Lit(s) => {
                    let mut out = String::new();
                    text::ferry_string_body(s, dollars, &mut out);
                    doc.push(Doc::text(out));
                }
                StrPart::Interp(e) => doc.push(cat!["${", self.expr(e), "}"]),
            }
        }
        doc.then("\"".into())
    }
}

/// `[for … => body]` / `{for … => key: value}`: on one line; or with a
/// bracketed body hugging the header; or with the body on its own lines.
fn comprehension(open: &str, head: Doc, body: Doc, body_hugs: bool, close: &str) -> Doc {
    let nested = Doc::group(cat![
        open,
        head.clone(),
        " =>",
        Doc::nest(cat![Doc::Line, body.clone()]),
        Doc::SoftLine,
        close
    ]);
    let hugged = body_hugs.then(|| cat![open, head, " => ", body.expand(), close]);
    hug_choice(nested, hugged)
}

/// `normal` (a group), or, when it does not fit flat, `hugged` if its
/// first line fits.
fn hug_choice(normal: Doc, hugged: Option<Doc>) -> Doc {
    match hugged {
        Some(hugged) => Doc::Choice(vec![
            (Check::Flat, normal.clone()),
            (Check::FirstLine, hugged),
            (Check::Always, normal),
        ]),
        None => normal,
    }
}

/// The arguments on one line with the last one opened (`a, {`), when the
/// last argument can hug and no comment sits among them.
fn hug_last(args: &[Expr], list: &Entries) -> Option<Doc> {
    let (last, others) = args.split_last()?;
    if !hugs(last) || others.iter().any(hugs) || !list.dangling.is_empty() {
        return None;
    }
    let mut doc = Doc::Nil;
    let count = list.entries.len();
    for (i, e) in list.entries.iter().enumerate() {
        let plain = matches!(e.leading, Doc::Nil)
            && matches!(e.trailing, Doc::Nil)
            && matches!(e.suffix, Doc::Nil);
        if !plain {
            return None;
        }
        if i + 1 < count {
            doc.push(cat![e.doc.clone(), ", "]);
        } else {
            doc.push(e.doc.clone().expand());
        }
    }
    Some(doc)
}

/// Hugging forms that do not start with a bracket of their own.
fn is_call_like(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Call { .. }
            | ExprKind::Pipe { .. }
            | ExprKind::Binary { .. }
            | ExprKind::Lambda { .. }
    )
}

/// The text of a string without interpolation.
pub(crate) fn plain(parts: &[StrPart]) -> Option<String> {
    let mut s = String::new();
    for part in parts {
        match part {
            StrPart::Lit(t) => s.push_str(t),
            StrPart::Interp(_) => return None,
        }
    }
    Some(s)
}

fn span(e: &Expr) -> (usize, usize) {
    (e.span.start as usize, e.span.end as usize)
}

fn names(idents: &[Ident]) -> String {
    idents
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
