//! String literals in the tree: Ferry strings with `${…}` interpolation,
//! and plain strings (paths, versions) where interpolation is refused.

use pest::iterators::Pair;

use super::strings::{Dialect, decode};
use super::{Builder, Res, Rule};
use crate::ast::{Expr, ExprKind, StrLit, StrPart};
use crate::codes;
use crate::error::Diagnostic;

impl Builder {
    /// A `string` pair to `ExprKind::Str`; adjacent text merges into one part.
    pub(crate) fn string(&mut self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut parts: Vec<StrPart> = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::str_text => {
                    let base = self.span(&part).start as usize;
                    let text = decode(part.as_str(), base, Dialect::Ferry)?;
                    if let Some(StrPart::Lit(prev)) = parts.last_mut() {
                        prev.push_str(&text);
                    } else {
                        parts.push(StrPart::Lit(text));
                    }
                }
                _ => parts.push(StrPart::Interp(self.only_expr(part)?)),
            }
        }
        Ok(Expr {
            kind: ExprKind::Str(parts),
            span,
        })
    }

    /// A `string` pair that must not interpolate.
    pub(crate) fn str_lit(&mut self, pair: Pair<'_, Rule>) -> Res<StrLit> {
        let expr = self.string(pair)?;
        match super::expr::plain_text(&expr) {
            Some(value) => Ok(StrLit {
                value,
                span: expr.span,
            }),
            None => Err(Diagnostic::error(
                codes::SYNTAX,
                "interpolation is not allowed here",
                expr.span,
            )
            .with_label("must be a plain string")
            .with_help("write the text without `${…}`")),
        }
    }

    /// An RFC 9535 `rfc_string` pair to its decoded value.
    pub(crate) fn rfc_string(&self, pair: Pair<'_, Rule>) -> Res<String> {
        let dialect = if pair.as_str().starts_with('\'') {
            Dialect::RfcSingle
        } else {
            Dialect::RfcDouble
        };
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("rfc string"))?;
        let base = self.span(&inner).start as usize;
        decode(inner.as_str(), base, dialect)
    }
}
