//! Text to AST. pest pairs stop here: everything public is `ast` types.
//!
//! The pipeline for one text: size check (`E0502`), the nesting pre-scan
//! (`depth.rs`, `E0501`), pest on a thread with a known large stack, the
//! tree builder (`items`, `expr`, `path`, `filter`, `pattern`, `literal`,
//! `test_block`), then `validate.rs` (depth, lambda and `@` placement).
//! When pest fails on a file, `recover.rs` re-parses it item by item to
//! report several errors at once.

// A `Diagnostic` is large, but it is only built on the failure path.
#![allow(clippy::result_large_err)]

mod depth;
mod errors;
mod expr;
mod filter;
mod items;
mod literal;
mod path;
mod pattern;
mod recover;
mod strings;
mod test_block;
mod validate;

use pest::Parser;
use pest::iterators::Pair;
use pest_derive::Parser;

use crate::ast::{Expr, ExprKind, Module};
use crate::codes;
use crate::error::{Diagnostic, Diagnostics};
use crate::span::Span;

/// Limits that keep hostile input from exhausting the parser.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of brackets, calls and operators accepted.
    pub max_depth: usize,
    /// Largest source accepted, in bytes.
    pub max_len: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 128,
            max_len: 16 * 1024 * 1024,
        }
    }
}

#[derive(Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct FerryParser;

/// Stack for the parsing thread. With nesting bounded by the pre-scan,
/// pest's recursion needs far less than this, even in debug builds.
const PARSER_STACK: usize = 256 * 1024 * 1024;

/// Parses a whole `.map` file.
///
/// ```
/// let module = ferry_dsl::parse("let k = 2\n{ total: $.n * k }").unwrap();
/// assert_eq!(module.items.len(), 1);
/// ```
pub fn parse(text: &str) -> Result<Module, Diagnostics> {
    guarded(text, Mode::File, |b, text| {
        let pairs = pest_parse(Rule::file, text);
        let pair = match pairs {
            Ok(mut pairs) => pairs
                .next()
                .ok_or_else(|| Diagnostics::from(b.internal("no file")))?,
            Err(err) => return Err(recover_file(text, &err)),
        };
        let module = b.module(pair).map_err(Diagnostics::from)?;
        let mut v = validate::Validator::new(b.limits.max_depth);
        v.module(&module).map_err(Diagnostics::from)?;
        finish(module, v.errors)
    })
}

/// Parses a single expression (for `ferry run -e`).
///
/// ```
/// let expr = ferry_dsl::parse_expr("$.a + 1").unwrap();
/// assert_eq!(expr.span.end, 7);
/// ```
pub fn parse_expr(text: &str) -> Result<Expr, Diagnostics> {
    guarded(text, Mode::Expr, |b, text| {
        let pair = one(pest_parse(Rule::expr_only, text), text, codes::SYNTAX, b)?;
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| Diagnostics::from(b.internal("no expression")))?;
        let expr = b.expr(inner).map_err(Diagnostics::from)?;
        let mut v = validate::Validator::new(b.limits.max_depth);
        v.root(&expr).map_err(Diagnostics::from)?;
        finish(expr, v.errors)
    })
}

/// Parses a strict RFC 9535 JSONPath query (no Ferry extensions): the
/// result is `Root` or a `Path` over `Root`.
///
/// ```
/// assert!(ferry_dsl::parse_query("$.store.book[?@.price < 10].title").is_ok());
/// assert!(ferry_dsl::parse_query("$.a[i]").is_err()); // a Ferry extension
/// ```
pub fn parse_query(text: &str) -> Result<Expr, Diagnostics> {
    let result = guarded(text, Mode::Query, |b, text| {
        let pair = one(
            pest_parse(Rule::query_only, text),
            text,
            codes::BAD_QUERY,
            b,
        )?;
        let mut inner = pair.into_inner();
        let root = inner
            .next()
            .ok_or_else(|| Diagnostics::from(b.internal("no root")))?;
        let base = Expr {
            kind: ExprKind::Root,
            span: b.span(&root),
        };
        let segments = inner
            .filter(|p| p.as_rule() == Rule::segment)
            .map(|s| b.segment(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Diagnostics::from)?;
        let expr = b.path(base, segments);
        let mut v = validate::Validator::new(b.limits.max_depth);
        v.root(&expr).map_err(Diagnostics::from)?;
        finish(expr, v.errors)
    });
    // Every syntax problem of a query is reported as `E0104`.
    result.map_err(|ds| {
        Diagnostics(
            ds.into_iter()
                .map(|mut d| {
                    if d.code.starts_with("E01") && d.code != codes::BAD_FILTER_TYPE {
                        d.code = codes::BAD_QUERY;
                    }
                    d
                })
                .collect(),
        )
    })
}

/// Runs pest with its error detail off: tracking every attempt, which lets
/// a failure name the tokens that were expected (`)`, `else`, …), costs
/// most of the parse time. Only a failed parse is repeated with it on. The
/// switch is process-wide; a parse reads it when it starts, so a
/// concurrent switch changes at most the detail of someone's message.
fn pest_parse(
    rule: Rule,
    text: &str,
) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
    pest::set_error_detail(false);
    FerryParser::parse(rule, text).or_else(|_| {
        pest::set_error_detail(true);
        let detailed = FerryParser::parse(rule, text);
        pest::set_error_detail(false);
        detailed
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    File,
    Expr,
    Query,
}

/// Size check, pre-scan, then `run` on a thread with a large stack. A
/// panic in the parser becomes a diagnostic rather than unwinding into the
/// caller.
fn guarded<T: Send>(
    text: &str,
    mode: Mode,
    run: impl FnOnce(&mut Builder, &str) -> Result<T, Diagnostics> + Send,
) -> Result<T, Diagnostics> {
    let limits = Limits::default();
    if text.len() > limits.max_len {
        let d = Diagnostic::error(
            codes::TOO_LARGE,
            format!("source is larger than {} bytes", limits.max_len),
            Span::new(0, 0),
        )
        .with_label("too large")
        .with_help("split the mapping into several files with `use`");
        return Err(d.into());
    }
    let scan =
        depth::prescan(text, mode == Mode::File, limits.max_depth).map_err(Diagnostics::from)?;
    let mut builder = Builder {
        offset: 0,
        strict: mode == Mode::Query,
        limits,
    };
    let work = move || {
        let result = run(&mut builder, text);
        result.map_err(|mut ds| {
            // A file's errors come from `recover_file`, which scans each chunk.
            if let Some(p) = scan.bracket_problem.filter(|_| mode != Mode::File) {
                add_bracket_problem(&mut ds, p);
            }
            ds
        })
    };
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("ferry-parse".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, work);
        match handle {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(errors::internal("the parser panicked", Span::new(0, text.len())).into())
            }),
            Err(_) => {
                Err(errors::internal("could not start the parser thread", Span::new(0, 0)).into())
            }
        }
    })
}

/// The pre-scan's bracket message is more precise than pest's: it replaces
/// a pest error at or after the same place, and is added otherwise.
fn add_bracket_problem(ds: &mut Diagnostics, problem: Diagnostic) {
    let from = problem
        .secondary
        .first()
        .map_or(problem.span.start, |s| s.0.start)
        .min(problem.span.start);
    ds.0.retain(|d| !(matches!(d.code, codes::SYNTAX | codes::BAD_QUERY) && d.span.start >= from));
    ds.0.push(problem);
    ds.0.sort_by_key(|d| d.span.start);
}

fn one<'i>(
    parsed: Result<pest::iterators::Pairs<'i, Rule>, pest::error::Error<Rule>>,
    text: &str,
    code: &'static str,
    b: &Builder,
) -> Result<Pair<'i, Rule>, Diagnostics> {
    match parsed {
        Ok(mut pairs) => pairs
            .next()
            .ok_or_else(|| Diagnostics::from(b.internal("empty parse"))),
        Err(err) => Err(errors::from_pest(&err, text, 0, code).into()),
    }
}

fn finish<T>(value: T, errors: Vec<Diagnostic>) -> Result<T, Diagnostics> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Parses each top-level chunk on its own and collects every error.
fn recover_file(text: &str, whole: &pest::error::Error<Rule>) -> Diagnostics {
    let starts = recover::chunk_starts(text);
    let mut diagnostics = Diagnostics::default();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        // A test block parsed alone reports the error inside it, not "end of
        // input expected" where the blocks start.
        let tests = chunk
            .strip_prefix("test")
            .is_some_and(recover::is_test_block);
        let rule = if tests { Rule::tests_only } else { Rule::file };
        let parsed = pest_parse(rule, chunk);
        if let (Ok(pairs), true) = (&parsed, tests) {
            // Well-formed blocks may still hold data that is not constant.
            let mut b = Builder {
                offset: start,
                strict: false,
                limits: Limits::default(),
            };
            let blocks = pairs.clone().flatten();
            for pair in blocks.filter(|p| p.as_rule() == Rule::test_block) {
                if let Err(d) = b.test_block(pair) {
                    diagnostics.push(d);
                }
            }
        }
        if let Err(err) = parsed {
            let first = if tests {
                errors::from_pest_in_tests(&err, chunk, start)
            } else {
                errors::from_pest(&err, chunk, start, codes::SYNTAX)
            };
            let mut found = Diagnostics::from(first);
            let problem = depth::prescan(chunk, true, Limits::default().max_depth)
                .ok()
                .and_then(|s| s.bracket_problem);
            if let Some(mut p) = problem {
                p.span = Span::new(p.span.start as usize + start, p.span.end as usize + start);
                for s in &mut p.secondary {
                    s.0 = Span::new(s.0.start as usize + start, s.0.end as usize + start);
                }
                add_bracket_problem(&mut found, p);
            }
            diagnostics.0.extend(found.0);
        }
    }
    if diagnostics.is_empty() {
        diagnostics.push(errors::from_pest(whole, text, 0, codes::SYNTAX));
    }
    diagnostics
}

/// Builds AST nodes from pest pairs; see the sibling modules.
pub(crate) struct Builder {
    /// Added to pest positions (non-zero when parsing a chunk).
    offset: usize,
    /// Strict RFC 9535 mode: Ferry extensions are errors.
    strict: bool,
    limits: Limits,
}

pub(crate) type Res<T> = Result<T, Diagnostic>;

impl Builder {
    pub(crate) fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() + self.offset, s.end() + self.offset)
    }

    pub(crate) fn internal(&self, what: &str) -> Diagnostic {
        errors::internal(what, Span::new(self.offset, self.offset))
    }

    pub(crate) fn too_deep(&self, span: Span) -> Diagnostic {
        depth::too_deep(span, self.limits.max_depth)
    }
}
