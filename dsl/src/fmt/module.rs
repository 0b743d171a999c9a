//! The file: header, declarations, body and test blocks, one after the
//! other, with the blank lines between them kept (at most one) and a blank
//! line before each test block.

use super::doc::{Check, Doc, cat};
use super::precedence::{hugs, needs_parens, prec};
use super::printer::Printer;
use super::text;
use crate::ast::{
    Contract, Expectation, Expr, ExprKind, FormatDecl, Header, Item, Module, TableSource,
    TestBlock, TestData, UnaryOp,
};
use crate::span::Span;

/// A top-level element.
enum Top<'m> {
    Header(&'m Header),
    Contract(&'m Contract),
    Format(&'m FormatDecl),
    Item(&'m Item),
    Body(&'m Expr),
    Test(&'m TestBlock),
}

impl Top<'_> {
    fn span(&self) -> Span {
        match self {
            Top::Header(h) => h.span,
            Top::Contract(c) => c.span,
            Top::Format(f) => f.span,
            Top::Item(Item::Use(u)) => u.span,
            Top::Item(Item::Let(l)) => l.span,
            Top::Item(Item::Fn(f)) => f.span,
            Top::Item(Item::Table(t)) => t.span,
            Top::Body(e) => e.span,
            Top::Test(t) => t.span,
        }
    }
}

impl Printer<'_> {
    pub(crate) fn module(&mut self, module: &Module) -> Doc {
        let mut tops: Vec<Top<'_>> = Vec::new();
        tops.extend(module.header.as_ref().map(Top::Header));
        tops.extend(module.contracts.iter().map(Top::Contract));
        tops.extend(module.formats.iter().map(Top::Format));
        // Declarations keep their order in the file.
        tops.sort_by_key(|t| t.span().start);
        tops.extend(module.items.iter().map(Top::Item));
        tops.extend(module.body.as_ref().map(Top::Body));
        tops.extend(module.tests.iter().map(Top::Test));
        // Without `;`, a body starting with `-` would continue the last
        // declaration (`let a = x` then `-1` reads as `x - 1`). A `(` or
        // `[` that starts a line never continues one, and the body starts
        // on its own line.
        let semicolon_after = match (&module.body, module.items.len()) {
            (Some(body), n) if n > 0 && continues(body) => Some(n - 1),
            _ => None,
        };
        let mut doc = Doc::Nil;
        let mut at = 0;
        let mut item_index = 0;
        for (i, top) in tops.iter().enumerate() {
            let span = top.span();
            let start = span.start as usize;
            let end = self.trim_end(start, span.end as usize);
            let (leading, blank) = self.leading(at, start);
            if i > 0 {
                doc.push(Doc::HardLine);
                if blank || matches!(top, Top::Test(_)) {
                    doc.push(Doc::HardLine);
                }
            }
            doc.push(leading);
            self.element_end = end;
            doc.push(match top {
                Top::Header(h) => header(h),
                Top::Contract(c) => contract(c),
                Top::Format(f) => {
                    let mut doc = cat![f.side.as_str(), " format ", f.name.name.as_str()];
                    if let Some(options) = &f.options {
                        doc.push(" with ".into());
                        doc.push(self.expr(options));
                    }
                    doc
                }
                Top::Item(item) => self.item(item),
                Top::Body(e) => self.expr(e),
                Top::Test(t) => self.test(t),
            });
            self.element_end = usize::MAX;
            if let Top::Item(_) = top {
                if semicolon_after == Some(item_index) {
                    doc.push(";".into());
                }
                item_index += 1;
            }
            let limit = tops
                .get(i + 1)
                .map_or(usize::MAX, |next| next.span().start as usize);
            let (block, line) = self.after(end, limit, true);
            doc.push(cat![block, line]);
            at = end;
        }
        let rest_start = self.pending();
        let rest = self.rest();
        for (k, comment) in rest.into_iter().enumerate() {
            if !tops.is_empty() || k > 0 {
                doc.push(Doc::HardLine);
                if k == 0 && rest_start.is_some_and(|s| self.blank_between(at, s)) {
                    doc.push(Doc::HardLine);
                }
            }
            doc.push(comment);
        }
        doc.push(Doc::HardLine);
        doc
    }

    fn item(&mut self, item: &Item) -> Doc {
        match item {
            Item::Use(u) => cat!["use ", text::ferry_string(&u.path.value)],
            Item::Let(l) => self.assign(cat!["let ", l.name.name.as_str()], &l.value),
            Item::Fn(f) => {
                let params: Vec<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
                let head = cat![
                    "fn ",
                    f.name.name.as_str(),
                    format!("({})", params.join(", "))
                ];
                self.assign(head, &f.body)
            }
            Item::Table(t) => match &t.source {
                TableSource::Inline(e) => self.assign(cat!["table ", t.name.name.as_str()], e),
                TableSource::File { path, key } => {
                    let mut doc = cat![
                        "table ",
                        t.name.name.as_str(),
                        " from ",
                        text::ferry_string(&path.value)
                    ];
                    if let Some(key) = key {
                        doc.push(cat![" key ", text::ferry_string(&key.value)]);
                    }
                    doc
                }
            },
        }
    }

    /// `head = value`: on one line when it fits; a value that can hug
    /// (`{`, `[`, `match … {`, `f(x, {`) opens on the line of the `=`;
    /// another moves below the `=`, indented, when it then fits on one line
    /// (a `let` chain always does when it does not fit beside it).
    fn assign(&mut self, head: Doc, value: &Expr) -> Doc {
        let v = self.expr(value);
        if hugs(value) {
            return cat![head, " = ", v];
        }
        let same_line = Doc::group(cat![head.clone(), " = ", v.clone()]);
        let below = Doc::Group {
            doc: Box::new(cat![head, " =", Doc::nest(cat![Doc::Line, v])]),
            broken: true,
        };
        if matches!(value.kind, ExprKind::Let { .. }) {
            Doc::Choice(vec![(Check::Flat, same_line), (Check::Always, below)])
        } else {
            Doc::Choice(vec![
                (Check::Flat, same_line.clone()),
                (Check::Whole, below),
                (Check::Always, same_line),
            ])
        }
    }

    /// `test "name" { given … expect … }`, always on several lines.
    fn test(&mut self, t: &TestBlock) -> Doc {
        let given_start = data_start(&t.given);
        let (lead_given, _) = self.leading(t.name.span.end as usize, given_start);
        let given = self.data(&t.given);
        let expect_start = match &t.expect {
            Expectation::Output(d) => data_start(d),
            Expectation::Error(code) => code.span.start as usize,
        };
        let given_end = data_end(&t.given);
        let (block, line) = self.after(given_end, expect_start, false);
        let (lead_expect, _) = self.leading(given_end, expect_start);
        let expect = match &t.expect {
            Expectation::Output(d) => self.data(d),
            Expectation::Error(code) => cat!["error ", text::ferry_string(&code.value)],
        };
        let expect_end = match &t.expect {
            Expectation::Output(d) => data_end(d),
            Expectation::Error(code) => code.span.end as usize,
        };
        let end = t.span.end as usize;
        let (block2, line2) = self.after(expect_end, end, false);
        let mut inner = cat![
            Doc::HardLine,
            lead_given,
            "given ",
            given,
            block,
            line,
            Doc::HardLine,
            lead_expect,
            "expect ",
            expect,
            block2,
            line2
        ];
        for comment in self.dangling(expect_end, end.saturating_sub(1)) {
            inner.push(Doc::HardLine);
            inner.push(comment);
        }
        cat![
            "test ",
            text::ferry_string(&t.name.value),
            " {",
            Doc::nest(inner),
            Doc::HardLine,
            "}"
        ]
    }

    fn data(&mut self, d: &TestData) -> Doc {
        match d {
            TestData::Inline(e) => self.expr(e),
            TestData::File(path) => cat!["file ", text::ferry_string(&path.value)],
        }
    }
}

fn header(h: &Header) -> Doc {
    let mut doc = cat!["mapping ", h.name.name.as_str()];
    if let Some(v) = &h.version {
        doc.push(cat![" version ", text::ferry_string(&v.value)]);
    }
    doc
}

fn contract(c: &Contract) -> Doc {
    cat![
        c.side.as_str(),
        " schema ",
        text::ferry_string(&c.schema.value)
    ]
}

fn data_start(d: &TestData) -> usize {
    match d {
        TestData::Inline(e) => e.span.start as usize,
        TestData::File(path) => path.span.start as usize,
    }
}

fn data_end(d: &TestData) -> usize {
    match d {
        TestData::Inline(e) => e.span.end as usize,
        TestData::File(path) => path.span.end as usize,
    }
}

/// True when the printed `e` starts with `-`.
fn continues(e: &Expr) -> bool {
    if needs_parens(e, prec::PIPE) {
        return false;
    }
    match &e.kind {
        ExprKind::Unary {
            op: UnaryOp::Neg, ..
        } => true,
        ExprKind::Binary { left, .. } => !needs_parens(left, prec::DEFAULT) && continues(left),
        ExprKind::Pipe { value, .. } => !needs_parens(value, prec::DEFAULT) && continues(value),
        ExprKind::Path { base, .. } => !needs_parens(base, prec::PRIMARY) && continues(base),
        _ => false,
    }
}
