//! The layout algebra and its renderer (Wadler's "prettier printer", in
//! the flavour of Prettier's command loop): a [`Doc`] says where a line
//! *may* break; a [`Doc::Group`] is printed flat when it fits in the rest of
//! the line, and broken otherwise. Hard line breaks (and trailing line
//! comments) break every group around them.

/// Columns per indentation level.
pub(crate) const INDENT: usize = 2;

/// A document to lay out.
#[derive(Debug, Clone)]
pub(crate) enum Doc {
    /// Nothing.
    Nil,
    /// Literal text. Only verbatim block comments contain a newline.
    Text(String),
    /// A space when flat, a newline when broken.
    Line,
    /// Nothing when flat, a newline when broken.
    SoftLine,
    /// Always a newline; breaks the groups around it.
    HardLine,
    /// A newline unless the line is still empty; breaks the groups around it.
    FreshLine,
    /// A sequence.
    Concat(Vec<Doc>),
    /// One more level of indentation for the lines inside.
    Nest(Box<Doc>),
    /// Flat if it fits, broken otherwise; `broken` is set by [`propagate`]
    /// when the group contains a hard break.
    Group { doc: Box<Doc>, broken: bool },
    /// The first when the enclosing group is broken, the second when flat.
    IfBreak(Box<Doc>, Box<Doc>),
    /// Text held back until the end of the line (a trailing `//` comment).
    LineSuffix(String),
    /// Breaks the groups around it; prints nothing.
    BreakParent,
    /// Alternative layouts of one thing: the first whose check passes is
    /// printed, else the last (Prettier's `conditionalGroup`).
    Choice(Vec<(Check, Doc)>),
}

/// When an alternative of a [`Doc::Choice`] is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// It is a group that fits flat on the rest of the line.
    Flat,
    /// Its first line fits (groups not marked broken measured flat).
    FirstLine,
    /// Every line of it fits (groups not marked broken measured flat).
    Whole,
    /// Always (the last alternative).
    Always,
}

impl Doc {
    pub(crate) fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    pub(crate) fn group(doc: Doc) -> Doc {
        Doc::Group {
            doc: Box::new(doc),
            broken: false,
        }
    }

    pub(crate) fn nest(doc: Doc) -> Doc {
        Doc::Nest(Box::new(doc))
    }

    pub(crate) fn if_break(broken: Doc, flat: Doc) -> Doc {
        Doc::IfBreak(Box::new(broken), Box::new(flat))
    }

    /// Appends `other`, flattening sequences.
    pub(crate) fn push(&mut self, other: Doc) {
        match (self, other) {
            (_, Doc::Nil) => {}
            (this @ Doc::Nil, other) => *this = other,
            (Doc::Concat(items), Doc::Concat(more)) => items.extend(more),
            (Doc::Concat(items), other) => items.push(other),
            (this, other) => {
                let first = std::mem::replace(this, Doc::Nil);
                *this = Doc::Concat(vec![first, other]);
            }
        }
    }

    /// The same document with its last group (or layout choice) forced
    /// open: `{` stays on the current line and the contents break, which is
    /// how a bracketed last argument or body hugs what precedes it.
    pub(crate) fn expand(mut self) -> Doc {
        fn last_group(doc: &mut Doc) -> Option<&mut Doc> {
            match doc {
                Doc::Group { .. } | Doc::Choice(_) => Some(doc),
                Doc::Concat(items) => items.iter_mut().rev().find_map(last_group),
                _ => None,
            }
        }
        if let Some(target) = last_group(&mut self) {
            match target {
                Doc::Group { broken, .. } => *broken = true,
                Doc::Choice(alternatives) => {
                    if alternatives.len() > 1 {
                        alternatives.remove(0);
                    }
                    if let Some((_, Doc::Group { broken, .. })) = alternatives.last_mut() {
                        *broken = true;
                    }
                }
                _ => {}
            }
        }
        self
    }

    /// `self` followed by `other`.
    pub(crate) fn then(mut self, other: Doc) -> Doc {
        self.push(other);
        self
    }
}

/// Builds a sequence: `cat![a, b, c]`.
macro_rules! cat {
    ($($d:expr),* $(,)?) => {{
        let mut doc = $crate::fmt::doc::Doc::Nil;
        $(doc.push($d.into());)*
        doc
    }};
}
pub(crate) use cat;

impl From<&str> for Doc {
    fn from(s: &str) -> Doc {
        Doc::Text(s.to_string())
    }
}

impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::Text(s)
    }
}

/// Marks every group that contains a hard break as broken; returns whether
/// `doc` contains one.
fn propagate(doc: &mut Doc) -> bool {
    match doc {
        Doc::HardLine | Doc::FreshLine | Doc::BreakParent => true,
        Doc::Text(s) => s.contains('\n'),
        Doc::Concat(items) => {
            // Every item is visited: each group inside must be marked.
            let mut hard = false;
            for d in items.iter_mut() {
                hard |= propagate(d);
            }
            hard
        }
        Doc::Nest(d) => propagate(d),
        Doc::Group { doc, broken } => {
            let hard = propagate(doc);
            *broken |= hard;
            hard
        }
        Doc::IfBreak(b, f) => {
            let x = propagate(b);
            let y = propagate(f);
            x || y
        }
        Doc::Choice(alternatives) => {
            let mut all_hard = true;
            for (_, d) in alternatives.iter_mut() {
                all_hard &= propagate(d);
            }
            all_hard
        }
        Doc::Nil | Doc::Line | Doc::SoftLine | Doc::LineSuffix(_) => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// The output text and what is known about its current line.
struct Writer {
    out: String,
    column: usize,
    /// Indentation of the current line.
    line_indent: usize,
    /// Nothing but indentation on the current line yet.
    line_empty: bool,
    /// The current / previous line ends with a `//` comment.
    line_comment: bool,
    prev_line_comment: bool,
    /// Line comments waiting for the end of the line.
    suffixes: Vec<String>,
}

impl Writer {
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if s.starts_with("//") {
            self.line_comment = true;
        }
        self.out.push_str(s);
        self.line_empty = false;
        self.column = match s.rfind('\n') {
            Some(i) => s[i + 1..].chars().count(),
            None => self.column + s.chars().count(),
        };
    }

    /// Ends the line (after its pending line comments, one per line: two
    /// on one line would read as one comment).
    fn newline(&mut self, indent: usize) {
        let line_indent = self.line_indent;
        for (i, s) in std::mem::take(&mut self.suffixes).into_iter().enumerate() {
            if i > 0 {
                self.break_line(line_indent);
                self.text(s.trim_start());
            } else {
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                self.out.push_str(&s);
                self.line_comment = true;
            }
        }
        self.break_line(indent);
    }

    fn break_line(&mut self, indent: usize) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.column = indent;
        self.line_indent = indent;
        self.line_empty = true;
        self.prev_line_comment = self.line_comment;
        self.line_comment = false;
    }

    /// A line comment for the end of the line. At the start of a line it
    /// goes to the end of the previous one (where the text it followed
    /// ended), unless that line has a comment already.
    fn suffix(&mut self, s: &str) {
        if !self.line_empty || self.out.is_empty() {
            self.suffixes.push(s.to_string());
            return;
        }
        if self.prev_line_comment {
            self.text(s.trim_start());
            let indent = self.line_indent;
            self.break_line(indent);
            self.prev_line_comment = true;
            return;
        }
        let indent = self.line_indent;
        let trimmed = self.out.trim_end_matches([' ', '\t', '\n']).len();
        self.out.truncate(trimmed);
        self.out.push_str(s);
        self.line_comment = true;
        self.break_line(indent);
    }
}

/// Lays `doc` out in `width` columns. Lines carry no trailing blanks.
pub(crate) fn render(mut doc: Doc, width: usize) -> String {
    propagate(&mut doc);
    let mut w = Writer {
        out: String::new(),
        column: 0,
        line_indent: 0,
        line_empty: true,
        line_comment: false,
        prev_line_comment: false,
        suffixes: Vec::new(),
    };
    let mut stack: Vec<(usize, Mode, &Doc)> = vec![(0, Mode::Break, &doc)];
    while let Some((indent, mode, d)) = stack.pop() {
        match d {
            Doc::Nil | Doc::BreakParent => {}
            Doc::Text(s) => w.text(s),
            Doc::Concat(items) => stack.extend(items.iter().rev().map(|d| (indent, mode, d))),
            Doc::Nest(inner) => stack.push((indent + INDENT, mode, inner)),
            Doc::Group { doc, broken } => {
                let flat = mode == Mode::Flat
                    || (!broken && fits(doc, &stack, width.saturating_sub(w.column)));
                let mode = if flat { Mode::Flat } else { Mode::Break };
                stack.push((indent, mode, doc));
            }
            Doc::IfBreak(b, f) => {
                stack.push((indent, mode, if mode == Mode::Break { b } else { f }))
            }
            Doc::Choice(alternatives) => {
                let column = w.column;
                let chosen = if mode == Mode::Flat {
                    alternatives.first()
                } else {
                    alternatives
                        .iter()
                        .find(|(check, d)| match check {
                            Check::Flat => {
                                !matches!(d, Doc::Group { broken: true, .. })
                                    && fits(d, &stack, width.saturating_sub(column))
                            }
                            Check::FirstLine => measure(d, indent, column, width, true),
                            Check::Whole => measure(d, indent, column, width, false),
                            Check::Always => true,
                        })
                        .or(alternatives.last())
                };
                if let Some((_, d)) = chosen {
                    stack.push((indent, mode, d));
                }
            }
            Doc::LineSuffix(s) => w.suffix(s),
            Doc::FreshLine => {
                if !w.line_empty {
                    w.newline(indent);
                }
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(d, Doc::Line) {
                    w.text(" ");
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine => w.newline(indent),
        }
    }
    for (i, s) in std::mem::take(&mut w.suffixes).into_iter().enumerate() {
        if i > 0 {
            w.break_line(0);
            w.text(s.trim_start());
        } else {
            w.out.push_str(&s);
        }
    }
    let trimmed = w.out.trim_end_matches([' ', '\t']).len();
    w.out.truncate(trimmed);
    w.out
}

/// Whether `doc`, flat, and what follows it up to the next possible line
/// break fit in `width` columns.
fn fits(doc: &Doc, rest: &[(usize, Mode, &Doc)], width: usize) -> bool {
    let mut remaining = width as isize;
    let mut todo: Vec<(Mode, &Doc)> = vec![(Mode::Flat, doc)];
    let mut rest = rest.iter().rev();
    loop {
        let Some((mode, d)) = todo.pop().or_else(|| rest.next().map(|&(_, m, d)| (m, d))) else {
            return true;
        };
        match d {
            Doc::Nil | Doc::BreakParent | Doc::LineSuffix(_) => {}
            Doc::Text(s) => {
                if let Some(i) = s.find('\n') {
                    return remaining >= s[..i].chars().count() as isize;
                }
                remaining -= s.chars().count() as isize;
            }
            Doc::Concat(items) => todo.extend(items.iter().rev().map(|d| (mode, d))),
            Doc::Nest(inner) => todo.push((mode, inner)),
            Doc::Group { doc, broken } => {
                let m = if *broken { Mode::Break } else { mode };
                todo.push((m, doc));
            }
            Doc::IfBreak(b, f) => todo.push((mode, if mode == Mode::Break { b } else { f })),
            Doc::Choice(alternatives) => {
                if let Some((_, first)) = alternatives.first() {
                    todo.push((mode, first));
                }
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(d, Doc::Line) {
                    remaining -= 1;
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine | Doc::FreshLine => return remaining >= 0,
        }
        if remaining < 0 {
            return false;
        }
    }
}

/// Whether `doc`, printed from `column` with groups not marked broken
/// flat, keeps its first line (or, unless `first_only`, every line) within
/// `width`.
fn measure(doc: &Doc, indent: usize, column: usize, width: usize, first_only: bool) -> bool {
    let mut column = column;
    let mut todo: Vec<(usize, Mode, &Doc)> = vec![(indent, Mode::Break, doc)];
    while let Some((indent, mode, d)) = todo.pop() {
        match d {
            Doc::Nil | Doc::BreakParent | Doc::LineSuffix(_) => {}
            Doc::Text(s) => match s.rfind('\n') {
                Some(i) => {
                    if first_only {
                        return column + s[..s.find('\n').unwrap_or(i)].chars().count() <= width;
                    }
                    column = s[i + 1..].chars().count();
                }
                None => column += s.chars().count(),
            },
            Doc::Concat(items) => todo.extend(items.iter().rev().map(|d| (indent, mode, d))),
            Doc::Nest(inner) => todo.push((indent + INDENT, mode, inner)),
            Doc::Group { doc, broken } => {
                let m = if *broken { Mode::Break } else { Mode::Flat };
                let m = if mode == Mode::Flat { Mode::Flat } else { m };
                todo.push((indent, m, doc));
            }
            Doc::IfBreak(b, f) => {
                todo.push((indent, mode, if mode == Mode::Break { b } else { f }))
            }
            Doc::Choice(alternatives) => {
                if let Some((_, first)) = alternatives.first() {
                    todo.push((indent, mode, first));
                }
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(d, Doc::Line) {
                    column += 1;
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine | Doc::FreshLine => {
                if first_only {
                    return column <= width;
                }
                column = indent;
            }
        }
        if column > width {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Doc {
        let mut inner = Doc::Nil;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                inner.push(",".into());
                inner.push(Doc::Line);
            }
            inner.push((*item).into());
        }
        Doc::group(cat![
            "[",
            Doc::nest(cat![
                Doc::SoftLine,
                inner,
                Doc::if_break(",".into(), Doc::Nil)
            ]),
            Doc::SoftLine,
            "]"
        ])
    }

    #[test]
    fn a_group_that_fits_stays_flat() {
        assert_eq!(render(list(&["1", "2"]), 10), "[1, 2]");
    }

    #[test]
    fn a_group_too_wide_breaks_with_a_trailing_comma() {
        assert_eq!(render(list(&["100", "200"]), 9), "[\n  100,\n  200,\n]");
    }

    #[test]
    fn a_hard_line_breaks_the_group() {
        let doc = Doc::group(cat!["a", Doc::Line, "b", Doc::HardLine, "c"]);
        assert_eq!(render(doc, 80), "a\nb\nc");
    }

    #[test]
    fn a_line_suffix_waits_for_the_end_of_the_line() {
        let doc = cat![
            "a",
            Doc::LineSuffix(" // c".into()),
            ",",
            Doc::HardLine,
            "b"
        ];
        assert_eq!(render(doc, 80), "a, // c\nb");
    }

    #[test]
    fn blank_lines_carry_no_indentation() {
        let doc = Doc::nest(cat!["a", Doc::HardLine, Doc::HardLine, "b"]);
        assert_eq!(render(doc, 80), "a\n\n  b");
    }
}
