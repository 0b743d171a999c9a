//! `test "name" { given … expect … }` blocks after the body.
//!
//! Test data is parsed as an expression, so it reads like the rest of the
//! language (bare or quoted keys, trailing commas, comments), but only the
//! JSON-like constants are accepted: null, booleans, numbers (a leading `-`
//! included), strings without interpolation, arrays and objects of those.
//! Anything else is `E0101` here, so `ferry check` already rejects it and
//! the engine can turn the data into JSON without evaluating anything.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{
    ArrayItem, Expectation, Expr, ExprKind, ObjectEntry, ObjectKey, StrPart, TestBlock, TestData,
    UnaryOp,
};
use crate::codes;
use crate::error::Diagnostic;

impl Builder {
    /// A `test_block` pair to a [`TestBlock`].
    pub(crate) fn test_block(&mut self, pair: Pair<'_, Rule>) -> Res<TestBlock> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let (Some(name), Some(given), Some(expect)) = (inner.next(), inner.next(), inner.next())
        else {
            return Err(self.internal("test block"));
        };
        let name = self.str_lit(name)?;
        let given = self.test_data(given.into_inner().next())?;
        let expect = match expect.into_inner().next() {
            Some(p) if p.as_rule() == Rule::test_error => {
                let code = p
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("test error code"))?;
                Expectation::Error(self.str_lit(code)?)
            }
            other => Expectation::Output(self.test_data(other)?),
        };
        Ok(TestBlock {
            name,
            given,
            expect,
            span,
        })
    }

    /// A `test_data` pair: `file "path"` or a constant expression.
    fn test_data(&mut self, pair: Option<Pair<'_, Rule>>) -> Res<TestData> {
        let pair = pair
            .and_then(|p| p.into_inner().next())
            .ok_or_else(|| self.internal("test data"))?;
        if pair.as_rule() == Rule::test_file {
            let path = pair
                .into_inner()
                .next()
                .ok_or_else(|| self.internal("test file"))?;
            return Ok(TestData::File(self.str_lit(path)?));
        }
        let expr = self.expr(pair)?;
        check_constant(&expr)?;
        Ok(TestData::Inline(expr))
    }
}

/// Accepts only JSON-like constants; the error points at the first part
/// that is not one.
fn check_constant(expr: &Expr) -> Res<()> {
    match &expr.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) => Ok(()),
        ExprKind::Str(parts) if parts.iter().all(|p| matches!(p, StrPart::Lit(_))) => Ok(()),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } if matches!(operand.kind, ExprKind::Number(_)) => Ok(()),
        ExprKind::Array(items) => items.iter().try_for_each(|item| match item {
            ArrayItem::Item(e) => check_constant(e),
            ArrayItem::Spread(e) => Err(not_constant(e.span, "a spread `...`")),
        }),
        ExprKind::Object(entries) => {
            let mut seen: Vec<&str> = Vec::with_capacity(entries.len());
            for entry in entries {
                match entry {
                    ObjectEntry::Field {
                        key: ObjectKey::Static { name, span },
                        optional,
                        value,
                        span: field_span,
                    } => {
                        if *optional {
                            return Err(not_constant(*field_span, "an optional field `key?:`"));
                        }
                        if seen.contains(&name.as_str()) {
                            return Err(Diagnostic::error(
                                codes::SYNTAX,
                                format!("the key `{name}` appears twice in test data"),
                                *span,
                            )
                            .with_label("second time")
                            .with_help("test data is JSON: each key once per object"));
                        }
                        seen.push(name);
                        check_constant(value)?;
                    }
                    ObjectEntry::Field {
                        key: ObjectKey::Computed(e),
                        ..
                    } => return Err(not_constant(e.span, "a computed key")),
                    ObjectEntry::Spread(e) => return Err(not_constant(e.span, "a spread `...`")),
                }
            }
            Ok(())
        }
        ExprKind::Str(parts) => {
            let span = parts
                .iter()
                .find_map(|p| match p {
                    StrPart::Interp(e) => Some(e.span),
                    StrPart::Lit(_) => None,
                })
                .unwrap_or(expr.span);
            Err(not_constant(span, "interpolation `${…}`"))
        }
        _ => Err(not_constant(expr.span, "an expression")),
    }
}

fn not_constant(span: crate::span::Span, what: &str) -> Diagnostic {
    Diagnostic::error(
        codes::SYNTAX,
        format!("test data must be a constant, not {what}"),
        span,
    )
    .with_label("not a constant")
    .with_help(
        "write the record as JSON (null, true, numbers, \"strings\", [arrays], {objects}), \
         or read it with `file \"cases/name.json\"`",
    )
}

#[cfg(test)]
mod tests {
    use crate::ast::{Expectation, ExprKind, TestData};
    use crate::span::Span;

    const BODY: &str = "{ total: $.n * 2 }\n";

    #[test]
    fn test_blocks_follow_the_body() {
        let text = format!(
            "{BODY}test \"doubles\" {{ given {{ n: 2 }} expect {{ \"total\": 4 }} }}\n\
             test \"reads a file\" {{ given file \"cases/a.in.json\" expect file \"cases/a.out.json\" }}\n\
             test \"fails\" {{ given {{ n: \"x\" }} expect error \"E0401\" }}"
        );
        let module = crate::parse(&text).unwrap();
        assert!(module.body.is_some());
        let names: Vec<&str> = module.tests.iter().map(|t| t.name.value.as_str()).collect();
        assert_eq!(names, ["doubles", "reads a file", "fails"]);
        assert!(matches!(module.tests[0].given, TestData::Inline(_)));
        assert!(
            matches!(&module.tests[1].given, TestData::File(p) if p.value == "cases/a.in.json")
        );
        assert!(matches!(&module.tests[2].expect, Expectation::Error(c) if c.value == "E0401"));
        assert_eq!(module.tests[0].span.start as usize, BODY.len());
    }

    #[test]
    fn test_stays_a_name_outside_test_blocks() {
        let module = crate::parse("let test = 1\n{ test: test, t: [test] }").unwrap();
        assert!(module.tests.is_empty());
        let module = crate::parse("fn f(test) = test\nf(2)").unwrap();
        assert!(module.tests.is_empty());
    }

    #[test]
    fn data_keeps_numbers_as_written_and_negative_signs() {
        let module = crate::parse(&format!(
            "{BODY}test \"t\" {{ given [2.50, -1, 1e3] expect null }}"
        ))
        .unwrap();
        let TestData::Inline(e) = &module.tests[0].given else {
            panic!("inline data expected");
        };
        let ExprKind::Array(items) = &e.kind else {
            panic!("array expected");
        };
        assert_eq!(items.len(), 3);
    }

    fn error(text: &str) -> crate::Diagnostic {
        crate::parse(&format!("{BODY}{text}"))
            .unwrap_err()
            .0
            .remove(0)
    }

    #[test]
    fn non_constant_data_is_a_syntax_error_at_the_culprit() {
        let d = error("test \"t\" { given { n: $.x } expect null }");
        let at = BODY.len() + 22;
        assert_eq!((d.code, d.span), ("E0101", Span::new(at, at + 3)));
        assert_eq!(d.message, "test data must be a constant, not an expression");

        let d = error("test \"t\" { given { a: 1, a: 2 } expect null }");
        assert_eq!(d.message, "the key `a` appears twice in test data");

        let d = error("test \"t\" { given \"${1}\" expect null }");
        assert!(d.message.contains("interpolation"), "{}", d.message);

        let d = error("test \"t\" { given [...x] expect null }");
        assert!(d.message.contains("spread"), "{}", d.message);
    }

    #[test]
    fn malformed_blocks_say_what_is_missing() {
        let d = error("test \"t\" { given {} }");
        assert_eq!(d.code, "E0101");
        assert_eq!(d.message, "expected `expect`, found `}`");

        let d = error("test \"t\" { expect {} }");
        assert_eq!(d.message, "expected `given`, found `expect`");

        let d = error("test t { given {} expect {} }");
        assert_eq!(d.message, "expected the test's name, found `t`");

        let d = error("test \"t\" given {} expect {} }");
        assert_eq!(d.message, "expected `{`, found `given`");

        let d = error("test \"t\" { given {} expect error E0401 }");
        assert_eq!(
            d.message,
            "expected the error code as a string, found `E0401`"
        );
    }

    #[test]
    fn every_broken_block_is_reported_at_once() {
        let text = format!(
            "{BODY}test \"a\" {{ given {{ a: $.b }} expect 1 }}\n\
             test \"b\" {{ given {{}} expect error E0401 }}\n"
        );
        let ds = crate::parse(&text).unwrap_err();
        let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "test data must be a constant, not an expression",
                "expected the error code as a string, found `E0401`",
            ]
        );
    }
}
