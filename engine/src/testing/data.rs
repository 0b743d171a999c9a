//! Test data to JSON: the constants written in a test block, and fixture
//! files read relative to the `.map` file.
//!
//! Numbers keep the text they were written with (`2.50` stays `2.50`), as
//! they do when a record is read from a file.

use std::path::Path;

use ferry_dsl::Span;
use ferry_dsl::ast::{
    ArrayItem, Expr, ExprKind, ObjectEntry, ObjectKey, StrPart, TestData, UnaryOp,
};
use serde_json::Value;

/// Why test data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// What went wrong.
    pub message: String,
    /// Where in the `.map` file.
    pub span: Span,
}

/// The JSON value of a test's data; `dir` is the `.map` file's directory.
pub fn load(data: &TestData, dir: &Path) -> Result<Value, DataError> {
    match data {
        TestData::Inline(expr) => constant(expr),
        TestData::File(path) => read_json(&dir.join(&path.value)).map_err(|message| DataError {
            message: format!("`{}`: {message}", path.value),
            span: path.span,
        }),
    }
}

/// Reads a JSON file; the error says why it could not be read or parsed.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
}

/// A constant expression as JSON. The parser already accepts only
/// constants in test blocks; an AST built by hand may hold anything else,
/// which is refused here with its span.
pub fn constant(expr: &Expr) -> Result<Value, DataError> {
    let refuse = |span: Span| DataError {
        message: "test data must be a constant (JSON written in Ferry syntax)".into(),
        span,
    };
    Ok(match &expr.kind {
        ExprKind::Null => Value::Null,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Number(text) => number(text, expr.span)?,
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => match &operand.kind {
            ExprKind::Number(text) => number(&format!("-{text}"), expr.span)?,
            _ => return Err(refuse(operand.span)),
        },
        ExprKind::Str(parts) => {
            let mut text = String::new();
            for part in parts {
                match part {
                    StrPart::Lit(s) => text.push_str(s),
                    StrPart::Interp(e) => return Err(refuse(e.span)),
                }
            }
            Value::String(text)
        }
        ExprKind::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    ArrayItem::Item(e) => constant(e),
                    ArrayItem::Spread(e) => Err(refuse(e.span)),
                })
                .collect::<Result<_, _>>()?,
        ),
        ExprKind::Object(entries) => {
            let mut map = serde_json::Map::with_capacity(entries.len());
            for entry in entries {
                match entry {
                    ObjectEntry::Field {
                        key: ObjectKey::Static { name, .. },
                        optional: false,
                        value,
                        ..
                    } => {
                        map.insert(name.clone(), constant(value)?);
                    }
                    ObjectEntry::Field { span, .. } => return Err(refuse(*span)),
                    ObjectEntry::Spread(e) => return Err(refuse(e.span)),
                }
            }
            Value::Object(map)
        }
        ExprKind::Paren(inner) => constant(inner)?,
        _ => return Err(refuse(expr.span)),
    })
}

/// A number literal's JSON value, digits as written.
fn number(text: &str, span: Span) -> Result<Value, DataError> {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .map_err(|_| DataError {
            message: format!("`{text}` is not a JSON number"),
            span,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(data: &str) -> Result<Value, DataError> {
        let module =
            ferry_dsl::parse(&format!("$\ntest \"t\" {{ given {data} expect null }}")).unwrap();
        load(&module.tests[0].given, Path::new("."))
    }

    #[test]
    fn constants_become_json_with_their_digits() {
        let v =
            given(r#"{ id: "A-1", "a key": [2.50, -3, 1e3, true, null], nested: {} }"#).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"A-1","a key":[2.50,-3,1e+3,true,null],"nested":{}}"#
        );
    }

    #[test]
    fn a_missing_fixture_names_the_file() {
        let module =
            ferry_dsl::parse("$\ntest \"t\" { given file \"cases/none.json\" expect null }")
                .unwrap();
        let err = load(&module.tests[0].given, Path::new("/nonexistent")).unwrap_err();
        assert!(
            err.message.starts_with("`cases/none.json`: cannot read"),
            "{}",
            err.message
        );
        assert_eq!(err.span.start, 24);
    }

    #[test]
    fn a_hand_built_expression_is_refused_with_its_span() {
        let expr = ferry_dsl::parse_expr("[1, $.x]").unwrap();
        let err = constant(&expr).unwrap_err();
        assert_eq!(err.span, Span::new(4, 7));
    }
}
