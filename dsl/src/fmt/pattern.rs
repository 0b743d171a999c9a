//! `match` patterns.

use super::doc::Doc;
use super::expr::plain;
use super::text;
use crate::ast::{Expr, ExprKind, Pattern, PatternKind};

/// A `match` pattern (patterns hold no comments).
pub(crate) fn pattern(p: &Pattern) -> Doc {
    match &p.kind {
        PatternKind::Wildcard => "_".into(),
        PatternKind::Bind(name) => name.name.as_str().into(),
        PatternKind::Literal(e) => literal(e).into(),
        PatternKind::Range {
            low,
            high,
            inclusive,
        } => {
            let low = low.as_ref().map(literal).unwrap_or_default();
            let high = high.as_ref().map(literal).unwrap_or_default();
            let op = if *inclusive { "..=" } else { ".." };
            format!("{low}{op}{high}").into()
        }
        PatternKind::Regex {
            source,
            flags,
            captures,
        } => {
            let regex = text::regex(source, flags);
            match captures {
                Some(name) => format!("{regex} as {}", name.name).into(),
                None => regex.into(),
            }
        }
        PatternKind::Or(alternatives) => {
            let mut doc = Doc::Nil;
            for (i, alt) in alternatives.iter().enumerate() {
                if i > 0 {
                    doc.push(" | ".into());
                }
                doc.push(pattern(alt));
            }
            doc
        }
    }
}

/// A literal of a pattern: `null`, a boolean, a number or a plain string.
fn literal(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Null => "null".into(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Number(n) => n.clone(),
        ExprKind::Str(parts) => text::ferry_string(&plain(parts).unwrap_or_default()),
        _ => String::new(),
    }
}
