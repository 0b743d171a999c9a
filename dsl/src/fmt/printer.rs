//! The printer's state: the source (for blank lines and comment
//! positions) and the comments not yet printed. AST nodes are printed in
//! source order, so the comments are consumed front to back, each exactly
//! once; whatever is left at the end of the file is printed there.
//!
//! Placement: a comment on its own line before a list element (declaration,
//! field, element, argument, arm, test block) stays on its own line before
//! it; a comment after an element on the same line stays at the end of
//! that line and breaks the enclosing list into lines. Any other comment
//! is printed before the next expression (a block comment inline, a line
//! comment at the end of that line).

use super::comments::Comment;
use super::doc::{Doc, cat};

pub(crate) struct Printer<'a> {
    pub(crate) src: &'a str,
    comments: Vec<Comment>,
    next: usize,
    /// The end of the last comment printed.
    consumed_to: usize,
    /// The end of the list element being printed: comments after it are
    /// the list's to place, not those of the expressions ending there.
    pub(crate) element_end: usize,
}

/// One element of a list, with its comments.
pub(crate) struct Entry {
    /// Own-line comments before it, each followed by a line break.
    pub(crate) leading: Doc,
    /// A blank line separated it from the previous element.
    pub(crate) blank_before: bool,
    /// The element itself.
    pub(crate) doc: Doc,
    /// Block comments after it on its line (before the separator).
    pub(crate) trailing: Doc,
    /// Line comments after it on its line (after the separator).
    pub(crate) suffix: Doc,
}

/// The elements of a list and the comments after the last one.
pub(crate) struct Entries {
    pub(crate) entries: Vec<Entry>,
    /// Own-line comments before the closing bracket.
    pub(crate) dangling: Vec<Doc>,
}

impl Entries {
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.dangling.is_empty()
    }
}

impl<'a> Printer<'a> {
    pub(crate) fn new(src: &'a str, comments: Vec<Comment>) -> Printer<'a> {
        Printer {
            src,
            comments,
            next: 0,
            consumed_to: 0,
            element_end: usize::MAX,
        }
    }

    fn peek(&self) -> Option<&Comment> {
        self.comments.get(self.next)
    }

    fn take(&mut self) -> Option<Comment> {
        let c = self.comments.get(self.next).cloned();
        self.next += 1;
        if let Some(c) = &c {
            self.consumed_to = c.end;
        }
        c
    }

    /// True when the comment has only blanks before it on its line.
    fn own_line(&self, c: &Comment) -> bool {
        let before = &self.src[..c.start];
        let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
        line.trim().is_empty()
    }

    /// The end of the node spanning `start..end` without the blanks and
    /// comments the parser's span may include after its last token.
    pub(crate) fn trim_end(&self, start: usize, end: usize) -> usize {
        let mut end = end.min(self.src.len());
        loop {
            end = start.max(self.src[..end].trim_end().len());
            let inside = self.comments.partition_point(|c| c.start < end);
            match inside.checked_sub(1).map(|i| &self.comments[i]) {
                Some(c) if c.start >= start && c.start < end && end <= c.end => end = c.start,
                _ => return end,
            }
        }
    }

    /// True when `src[from..to]` contains an empty line.
    pub(crate) fn blank_between(&self, from: usize, to: usize) -> bool {
        let (from, to) = (from.min(self.src.len()), to.min(self.src.len()));
        if from >= to {
            return false;
        }
        // A blank line is a whole line (between two newlines) of blanks.
        let lines: Vec<&str> = self.src[from..to].split('\n').collect();
        lines.len() > 2
            && lines[1..lines.len() - 1]
                .iter()
                .any(|l| l.trim().is_empty())
    }

    /// Comments that start before `pos`, for the front of an expression:
    /// block comments inline, line comments followed by a line break.
    pub(crate) fn before(&mut self, pos: usize) -> Doc {
        let mut doc = Doc::Nil;
        while self.peek().is_some_and(|c| c.start < pos) {
            let Some(c) = self.take() else { break };
            let own_line = self.own_line(&c);
            doc.push(inline(&c, own_line));
        }
        doc
    }

    /// Comments right after `end` on the same line, before `limit`, with
    /// only blanks before them (and `sep` characters when `allow_sep`).
    /// Returns (block comments, line comments).
    pub(crate) fn after(&mut self, end: usize, limit: usize, allow_sep: bool) -> (Doc, Doc) {
        self.after_with(end, limit, allow_sep, true)
    }

    /// [`Printer::after`]; `break_parent` makes a line comment break the
    /// groups around it (list elements), else it only moves to the end of
    /// the line (expressions).
    pub(crate) fn after_with(
        &mut self,
        end: usize,
        limit: usize,
        allow_sep: bool,
        break_parent: bool,
    ) -> (Doc, Doc) {
        let mut block = Doc::Nil;
        let mut line = Doc::Nil;
        // Comments already taken right after `end` (by the expression
        // that ends there) are skipped over.
        let mut pos = end.max(self.consumed_to);
        let mut seps = 0;
        while let Some(c) = self.peek() {
            if c.start < pos || c.start >= limit {
                break;
            }
            let gap = &self.src[pos..c.start];
            let ok = gap.chars().all(|ch| {
                if ch == ',' || ch == ';' {
                    seps += 1;
                    allow_sep && seps <= 1
                } else {
                    ch == ' ' || ch == '\t'
                }
            });
            if !ok {
                break;
            }
            let Some(c) = self.take() else { break };
            pos = c.end;
            if c.block && !c.text.contains('\n') && line_is_nil(&line) {
                block.push(trailing(&c, break_parent));
            } else {
                line.push(trailing(&c, break_parent));
            }
        }
        (block, line)
    }

    /// Own-line comments before `pos`, each followed by a line break, with
    /// blank lines (at most one) kept; `from` is where the gap starts.
    /// Returns the comments and whether a blank line precedes them.
    pub(crate) fn leading(&mut self, from: usize, pos: usize) -> (Doc, bool) {
        let mut doc = Doc::Nil;
        let mut blank_first = None;
        let mut at = from;
        while self.peek().is_some_and(|c| c.start < pos) {
            let Some(c) = self.take() else { break };
            let blank = self.blank_between(at, c.start);
            match blank_first {
                None => blank_first = Some(blank),
                Some(_) if blank => doc.push(Doc::HardLine),
                Some(_) => {}
            }
            doc.push(cat![Doc::text(c.text.clone()), Doc::HardLine]);
            at = c.end;
        }
        let blank_element = self.blank_between(at, pos);
        match blank_first {
            None => (doc, blank_element),
            Some(first) => {
                if blank_element {
                    doc.push(Doc::HardLine);
                }
                (doc, first)
            }
        }
    }

    /// The comments before `close`, for the end of a list, each on its own
    /// line; `from` is the end of the last element.
    pub(crate) fn dangling(&mut self, from: usize, close: usize) -> Vec<Doc> {
        let mut out = Vec::new();
        let mut at = from;
        while self.peek().is_some_and(|c| c.start < close) {
            let Some(c) = self.take() else { break };
            let mut doc = Doc::Nil;
            if !out.is_empty() && self.blank_between(at, c.start) {
                doc.push(Doc::SoftLine);
            }
            doc.push(Doc::text(c.text.clone()));
            doc.push(Doc::BreakParent);
            at = c.end;
            out.push(doc);
        }
        out
    }

    /// Every comment not printed yet.
    pub(crate) fn rest(&mut self) -> Vec<Doc> {
        self.dangling(self.pending().unwrap_or(0), usize::MAX)
    }

    /// Where the next comment not printed yet starts.
    pub(crate) fn pending(&self) -> Option<usize> {
        self.peek().map(|c| c.start)
    }

    /// A list's elements with their comments. `open` is the end of the
    /// opening bracket, `close` the start of the closing one; `span` gives
    /// an element's byte range and `print` prints it.
    pub(crate) fn entries<T>(
        &mut self,
        items: &[T],
        open: usize,
        close: usize,
        span: impl Fn(&T) -> (usize, usize),
        mut print: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Entries {
        let mut entries = Vec::with_capacity(items.len());
        let mut at = open;
        for (i, item) in items.iter().enumerate() {
            let (start, end) = span(item);
            let end = self.trim_end(start, end);
            let (leading, blank) = self.leading(at, start);
            let outer = std::mem::replace(&mut self.element_end, end);
            let doc = print(self, item);
            self.element_end = outer;
            let limit = items.get(i + 1).map_or(close, |next| span(next).0);
            let (trailing, suffix) = self.after(end, limit, true);
            entries.push(Entry {
                leading,
                blank_before: blank && i > 0,
                doc,
                trailing,
                suffix,
            });
            at = end;
        }
        let dangling = self.dangling(at, close);
        Entries { entries, dangling }
    }
}

/// A comment printed before an expression: a block comment inline; a
/// line comment that had a line of its own gets one again, another ends
/// the current line.
fn inline(c: &Comment, own_line: bool) -> Doc {
    if c.block {
        cat![Doc::text(c.text.clone()), " "]
    } else if own_line {
        cat![Doc::FreshLine, Doc::text(c.text.clone()), Doc::HardLine]
    } else {
        cat![Doc::text(c.text.clone()), Doc::HardLine]
    }
}

/// A comment after an expression on its line: a block comment right after
/// it, a line comment at the end of the line.
fn trailing(c: &Comment, break_parent: bool) -> Doc {
    if c.block {
        Doc::text(format!(" {}", c.text))
    } else if break_parent {
        cat![Doc::LineSuffix(format!(" {}", c.text)), Doc::BreakParent]
    } else {
        Doc::LineSuffix(format!(" {}", c.text))
    }
}

fn line_is_nil(doc: &Doc) -> bool {
    matches!(doc, Doc::Nil)
}

/// Lays a comma-separated list out between `open` and `close`: on one line
/// when it fits (`spaced` puts blanks inside the brackets), otherwise one
/// element per line with a trailing comma.
pub(crate) fn bracketed(open: &str, close: &str, list: Entries, spaced: bool, force: bool) -> Doc {
    if list.is_empty() {
        return cat![open, close];
    }
    let edge = || if spaced { Doc::Line } else { Doc::SoftLine };
    let mut inner = Doc::Nil;
    let count = list.entries.len();
    for (i, e) in list.entries.into_iter().enumerate() {
        if i == 0 {
            inner.push(edge());
        } else {
            if e.blank_before {
                inner.push(Doc::SoftLine);
            }
            inner.push(Doc::Line);
        }
        inner.push(e.leading);
        inner.push(e.doc);
        inner.push(e.trailing);
        if i + 1 < count {
            inner.push(Doc::text(","));
        } else {
            inner.push(Doc::if_break(",".into(), Doc::Nil));
        }
        inner.push(e.suffix);
    }
    for (i, d) in list.dangling.into_iter().enumerate() {
        inner.push(if i == 0 && count == 0 {
            edge()
        } else {
            Doc::Line
        });
        inner.push(d);
    }
    if force {
        inner.push(Doc::BreakParent);
    }
    Doc::group(cat![open, Doc::nest(inner), edge(), close])
}
