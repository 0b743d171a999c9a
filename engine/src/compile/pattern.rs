//! Lowering `match` patterns.

use std::sync::Arc;

use ferry_dsl::ast::{self, PatternKind};
use ferry_dsl::{Diagnostic, codes as syntax};

use super::scope::Frame;
use crate::codes;
use crate::plan::{Bound, Node, NodeKind, PatternPlan};
use crate::stdlib::compile_regex;

/// Lowers a pattern; `bind` slots are allocated in `frame`. `literal`
/// lowers (and folds) a literal expression.
// Compile time only, and rare: the size of the error does not matter.
#[allow(clippy::result_large_err)]
pub(super) fn lower(
    pattern: &ast::Pattern,
    frame: &mut Frame,
    literal: &mut dyn FnMut(&ast::Expr) -> Node,
) -> Result<PatternPlan, Diagnostic> {
    Ok(match &pattern.kind {
        PatternKind::Wildcard => PatternPlan::Any,
        PatternKind::Bind(ident) => PatternPlan::Bind(frame.bind_ident(ident)),
        PatternKind::Literal(e) => match literal(e).kind {
            NodeKind::Num(n) => PatternPlan::EqualsNum(n),
            NodeKind::Const(v) => PatternPlan::Equals(v),
            _ => return Err(not_constant(pattern)),
        },
        PatternKind::Range {
            low,
            high,
            inclusive,
        } => {
            let mut bound = |e: &Option<ast::Expr>| -> Result<Option<Bound>, Diagnostic> {
                let Some(e) = e else { return Ok(None) };
                match literal(e).kind {
                    NodeKind::Num(n) => Ok(Some(Bound::Num(n))),
                    NodeKind::Const(serde_json::Value::String(s)) => Ok(Some(Bound::Str(s.into()))),
                    _ => Err(Diagnostic::error(
                        syntax::BAD_PATTERN,
                        "a range bound must be a number or a string literal",
                        e.span,
                    )),
                }
            };
            let (low, high) = (bound(low)?, bound(high)?);
            if let (Some(Bound::Num(_)), Some(Bound::Str(_)))
            | (Some(Bound::Str(_)), Some(Bound::Num(_))) = (&low, &high)
            {
                return Err(Diagnostic::error(
                    syntax::BAD_PATTERN,
                    "both bounds of a range must have the same type",
                    pattern.span,
                ));
            }
            PatternPlan::Range {
                low,
                high,
                inclusive: *inclusive,
            }
        }
        PatternKind::Regex {
            source,
            flags,
            captures,
        } => {
            let full = if flags.is_empty() {
                source.clone()
            } else {
                format!("(?{flags}){source}")
            };
            let regex = compile_regex(&full)
                .map_err(|m| Diagnostic::error(codes::BAD_CONSTANT, m, pattern.span))?;
            match captures {
                None => PatternPlan::Regex(Arc::new(regex)),
                Some(ident) => {
                    let keys = capture_keys(&regex);
                    PatternPlan::Captures {
                        regex: Arc::new(regex),
                        slot: frame.bind_ident(ident),
                        keys: keys.into(),
                    }
                }
            }
        }
        PatternKind::Or(alternatives) => {
            let mut planned = Vec::with_capacity(alternatives.len());
            for alt in alternatives {
                if let PatternKind::Regex {
                    captures: Some(ident),
                    ..
                } = &alt.kind
                {
                    return Err(Diagnostic::error(
                        syntax::BAD_PATTERN,
                        format!(
                            "cannot bind the captures `{}` inside alternatives",
                            ident.name
                        ),
                        alt.span,
                    )
                    .with_help(
                        "write one alternative in the regex: `/^(?:a|b)-(\\d+)$/ as m => …`",
                    ));
                }
                if let PatternKind::Bind(ident) = &alt.kind {
                    return Err(Diagnostic::error(
                        syntax::BAD_PATTERN,
                        format!("cannot bind `{}` inside alternatives", ident.name),
                        alt.span,
                    )
                    .with_help(
                        "bind the whole value instead: `x if x == \"a\" or x == \"b\" => …`",
                    ));
                }
                planned.push(lower(alt, frame, literal)?);
            }
            PatternPlan::Or(planned)
        }
    })
}

/// The members of the object `/…/ as m` binds: `"0"` the whole match,
/// every group by its number, and a named group also by its name.
fn capture_keys(regex: &regex::Regex) -> Vec<(usize, Box<str>)> {
    let mut keys = Vec::new();
    for (index, name) in regex.capture_names().enumerate() {
        keys.push((index, index.to_string().into()));
        if let Some(name) = name {
            keys.push((index, name.into()));
        }
    }
    keys
}

fn not_constant(pattern: &ast::Pattern) -> Diagnostic {
    Diagnostic::error(
        syntax::BAD_PATTERN,
        "a pattern must be a literal",
        pattern.span,
    )
    .with_help("compare with a computed value in a guard: `x if x == limit => …`")
}
