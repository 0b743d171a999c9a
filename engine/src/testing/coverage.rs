//! Coverage of a mapping by its tests: which output fields (object literal
//! fields), `match` arms and `if` branches no test exercised.
//!
//! The points are read from the compiled plan, so what the compiler folded
//! away (a constant object, an `if` on a constant) is not a point: it has no
//! way to go wrong per record. Only points in the mapping's own file are
//! reported; functions it `use`s are covered by the tests of their file's
//! users, not listed for each.
//!
//! A field counts as exercised when it is written into an output (an
//! optional field left out because its value is null does not count), an
//! arm when its body runs, a branch when it is taken. Records that end in
//! an error count for the places they went through before it.

use std::sync::Arc;

use crate::Mapping;
use crate::exec::coverage::{ELSE, Hits, Point, THEN};
use crate::plan::{Entry, Key, Node, NodeKind};

/// What kind of place a coverage point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// A field of an object literal.
    Field,
    /// An arm of a `match`.
    MatchArm,
    /// The `then` branch of an `if`.
    Then,
    /// The `else` branch of an `if`.
    Else,
}

/// One place tests may or may not have exercised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveragePoint {
    /// What kind of place.
    pub kind: PointKind,
    /// 1-based line in the mapping file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// A short description: ``field `total` ``, ``arm `"EXP"` ``…
    pub description: String,
    /// True when some test went there.
    pub covered: bool,
}

/// The coverage of one mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Every point, in source order.
    pub points: Vec<CoveragePoint>,
}

impl Coverage {
    /// How many points tests exercised.
    pub fn covered(&self) -> usize {
        self.points.iter().filter(|p| p.covered).count()
    }

    /// The percentage of points exercised (100 when there are none).
    pub fn percent(&self) -> f64 {
        if self.points.is_empty() {
            100.0
        } else {
            100.0 * self.covered() as f64 / self.points.len() as f64
        }
    }

    /// The points no test exercised.
    pub fn missed(&self) -> impl Iterator<Item = &CoveragePoint> {
        self.points.iter().filter(|p| !p.covered)
    }
}

/// The coverage report of `mapping` given what its tests hit.
pub(crate) fn report(mapping: &Mapping, hits: &Hits) -> Coverage {
    let mut walker = Walker {
        mapping,
        found: Vec::new(),
    };
    let plan = mapping.plan();
    walker.node(&plan.body);
    for f in &plan.functions {
        if let Some(body) = &f.body {
            walker.node(body);
        }
    }
    for g in &plan.globals {
        if let Some(value) = &g.value {
            walker.node(value);
        }
    }
    for e in &plan.path_exprs {
        walker.node(e);
    }
    let mut found = walker.found;
    // A node reached twice (a function body inlined) is one point.
    let mut seen = std::collections::HashSet::new();
    found.retain(|(point, _)| seen.insert(*point));
    found.sort_by_key(|(point, p)| (p.line, p.column, point.way));
    let points = found
        .into_iter()
        .map(|(point, mut p)| {
            p.covered = hits.contains(point);
            p
        })
        .collect();
    Coverage { points }
}

struct Walker<'m> {
    mapping: &'m Mapping,
    found: Vec<(Point, CoveragePoint)>,
}

impl Walker<'_> {
    /// The text of a global span when it lies in the mapping's own file.
    fn local(
        &self,
        span: ferry_dsl::Span,
    ) -> Option<(Arc<ferry_dsl::SourceFile>, ferry_dsl::Span)> {
        let sources = self.mapping.sources();
        let main = sources.main()?;
        let (file, local) = sources.resolve(span)?;
        Arc::ptr_eq(main, &file).then_some((file, local))
    }

    fn add(
        &mut self,
        at: ferry_dsl::Span,
        way: u32,
        kind: PointKind,
        place: ferry_dsl::Span,
        describe: impl FnOnce(&str) -> String,
    ) {
        let Some((file, local)) = self.local(place) else {
            return;
        };
        let (line, column) = file.line_col(local.start);
        let description = describe(&file.text);
        self.found.push((
            Point { at, way },
            CoveragePoint {
                kind,
                line,
                column,
                description,
                covered: false,
            },
        ));
    }

    /// The source text of a global span, on one line and shortened.
    fn snippet(&self, span: ferry_dsl::Span) -> String {
        match self.local(span) {
            Some((file, local)) => shorten(file.text.get(local.range()).unwrap_or_default()),
            None => String::new(),
        }
    }

    fn node(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Object(plan) => {
                for (i, entry) in plan.entries.iter().enumerate() {
                    if let Entry::Field {
                        key,
                        optional,
                        value,
                    } = entry
                    {
                        let name = match key {
                            Key::Static(name) => format!("`{name}`"),
                            Key::Computed(k) => format!("`[{}]`", self.snippet(k.span)),
                        };
                        let what = if *optional { "optional field" } else { "field" };
                        self.add(node.span, i as u32, PointKind::Field, value.span, |_| {
                            format!("{what} {name}")
                        });
                    }
                }
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                let condition = self.snippet(cond.span);
                self.add(node.span, THEN, PointKind::Then, then.span, |_| {
                    format!("`then` branch of `if {condition}`")
                });
                self.add(node.span, ELSE, PointKind::Else, otherwise.span, |_| {
                    format!("`else` branch of `if {condition}`")
                });
            }
            NodeKind::Match { value, arms } => {
                let mut previous_end = value.span.end;
                for (i, arm) in arms.iter().enumerate() {
                    let body = arm.body.span;
                    let between = ferry_dsl::Span {
                        start: previous_end.min(body.start),
                        end: body.start,
                    };
                    let pattern = self.snippet(between);
                    self.add(node.span, i as u32, PointKind::MatchArm, body, |_| {
                        format!("match arm `{}`", arm_pattern(&pattern))
                    });
                    previous_end = body.end;
                }
            }
            _ => {}
        }
        for child in crate::walk::children(node) {
            self.node(child);
        }
    }
}

/// An arm's pattern (and guard) from the text between the previous arm's
/// body (or the matched value) and this arm's body: `,\n  "EXP" =>`.
fn arm_pattern(between: &str) -> String {
    let text = between.trim();
    let text = text.strip_suffix("=>").unwrap_or(text).trim_end();
    let text = text.trim_start_matches([',', '{']).trim_start();
    // Comments between arms are not part of the pattern.
    let text = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    shorten(&text)
}

/// One line of at most 40 characters.
fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 40 {
        one_line
    } else {
        let cut: String = one_line.chars().take(39).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_read_between_arms() {
        assert_eq!(arm_pattern(" {\n    \"EXP\" =>"), "\"EXP\"");
        assert_eq!(arm_pattern(",\n  // later\n  n if n > 5 =>"), "n if n > 5");
        assert_eq!(shorten(&"x".repeat(50)).chars().count(), 40);
    }
}
