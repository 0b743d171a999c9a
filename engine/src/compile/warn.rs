//! Warnings: probable mistakes that do not stop compilation.
//!
//! The compiler asks these checks while it lowers expressions (shadowing,
//! a `match` without a default arm, an optional field that is never null)
//! and once every file is lowered (unused declarations). Each warning points
//! at the offending name or construct, with a label and a help that says how
//! to fix or silence it.
//!
//! - `W0201` a top-level `let` never referenced (lets are private to their
//!   file, in a mapping and in a `use`d library alike).
//! - `W0202` a function, `W0203` a table, declared in the mapping being
//!   compiled and never referenced. A file without a body is a library: its
//!   functions and tables are exports and never reported.
//!
//!   "Referenced" means by any expression other than the declaration's own
//!   (a function that only calls itself is unused); a declaration used only
//!   by another unused one is not reported until that one is removed.
//!   Unused declarations are reported only when the mapping compiles: a
//!   misspelt name (an error) would otherwise also report its target unused.
//! - `W0204` a local (local `let`, comprehension variable, lambda or
//!   function parameter, `match` binding) named like another local in scope
//!   or like a top-level name of its file (declared there or imported). A
//!   `fn` named like a standard function replaces it on purpose, and a local
//!   named like one only makes calls to it a compile error, so neither is
//!   reported.
//! - `W0205` a `match` without a default arm: `_`, or a bare name without a
//!   guard (an alternative `… | _` counts too).
//! - `W0206` an optional field `key?: value` whose value is certainly never
//!   null (see [`never_null`]); when in doubt, nothing is reported.
//!
//! A name that starts with `_` silences `W0201`–`W0204`.

use ferry_dsl::ast::{BinaryOp, Expr, ExprKind, Ident, MatchArm, PatternKind};
use ferry_dsl::{Diagnostic, Span};

use super::FileCx;
use super::scope::{Binding, Frame};
use crate::codes;

/// True for names the author marked as unused on purpose.
pub(super) fn silenced(name: &str) -> bool {
    name.starts_with('_')
}

/// What kind of declaration is unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Declared {
    /// A top-level `let`.
    Let,
    /// A `fn`.
    Function,
    /// A `table`.
    Table,
}

/// W0201–W0203 at the declared name. `library` is true for a `let` of a
/// file without a body.
pub(super) fn unused(kind: Declared, name: &Ident, library: bool) -> Diagnostic {
    let n = &name.name;
    let rename = format!("or rename it `_{n}` if it is unused on purpose");
    match kind {
        Declared::Let => {
            let private = if library {
                "; a file's `let`s are private, files that `use` it cannot see them"
            } else {
                ""
            };
            Diagnostic::warning(
                codes::UNUSED_LET,
                format!("the `let` `{n}` is never used"),
                name.span,
            )
            .with_label("never used")
            .with_help(format!("remove it, {rename}{private}"))
        }
        Declared::Function => Diagnostic::warning(
            codes::UNUSED_FUNCTION,
            format!("the function `{n}` is never called"),
            name.span,
        )
        .with_label("never called")
        .with_help(format!(
            "remove it, {rename}; functions meant for other mappings belong in a file \
             without a body, which those mappings `use`"
        )),
        Declared::Table => Diagnostic::warning(
            codes::UNUSED_TABLE,
            format!("the table `{n}` is never used"),
            name.span,
        )
        .with_label("never looked up")
        .with_help(format!(
            "remove it, {rename}; tables meant for other mappings belong in a file \
             without a body, which those mappings `use`"
        )),
    }
}

/// W0204 when binding `ident` in `frame` would hide another name.
pub(super) fn shadowing(file: &FileCx, frame: &Frame, ident: &Ident) -> Option<Diagnostic> {
    let name = &ident.name;
    if silenced(name) {
        return None;
    }
    let (hidden, at) = if let Some(at) = frame.bound_at(name) {
        ("a local variable of the same name".to_owned(), at)
    } else {
        let binding = file.scope.get(name)?;
        let declared = file.declared.get(name).copied();
        let what = match (declared, binding) {
            (Some((Declared::Let, _)), _) => "the top-level `let`",
            (Some((Declared::Function, _)), _) => "the function",
            (Some((Declared::Table, _)), _) => "the table",
            (None, Binding::Function { .. }) => "the imported function",
            (None, _) => "the imported table",
        };
        (format!("{what} `{name}`"), declared.map(|(_, span)| span))
    };
    let mut d = Diagnostic::warning(
        codes::SHADOWED,
        format!("`{name}` shadows {hidden}"),
        ident.span,
    )
    .with_label(format!("hides the other `{name}` in this scope"))
    .with_help(
        "rename one of them; names that start with `_` are never reported \
         (a `fn` named like a standard function replaces it on purpose and is not reported either)",
    );
    if let Some(span) = at {
        d = d.with_secondary(span, format!("the hidden `{name}` is declared here"));
    }
    Some(d)
}

/// True when some arm matches every value: `_`, or a bare name, without a
/// guard.
pub(super) fn has_default_arm(arms: &[MatchArm]) -> bool {
    fn catches_all(kind: &PatternKind) -> bool {
        match kind {
            PatternKind::Wildcard | PatternKind::Bind(_) => true,
            PatternKind::Or(alternatives) => alternatives.iter().any(|p| catches_all(&p.kind)),
            _ => false,
        }
    }
    arms.iter()
        .any(|arm| arm.guard.is_none() && catches_all(&arm.pattern.kind))
}

/// W0205 at the `match` keyword.
pub(super) fn match_without_default(keyword: Span) -> Diagnostic {
    Diagnostic::warning(
        codes::MATCH_WITHOUT_DEFAULT,
        "this `match` has no default arm",
        keyword,
    )
    .with_label("no arm matches every value")
    .with_help(
        "a value no arm matches fails the record with E0405; end with `_ => …`, \
         or `_ => error(\"CODE\", \"…\")` to fail with a code of your own",
    )
}

/// W0206: `mark` spans the key and its `?`, `value` the field's value.
pub(super) fn optional_never_null(key: Option<&str>, mark: Span, value: Span) -> Diagnostic {
    let field = key.map_or_else(|| "this optional field".to_owned(), |k| format!("`{k}?`"));
    Diagnostic::warning(
        codes::OPTIONAL_NEVER_NULL,
        format!("{field} is never omitted: its value is never null"),
        mark,
    )
    .with_label("optional field")
    .with_secondary(value, "this is never null")
    .with_help("remove the `?`: it omits a field only when its value is null or missing")
}

/// True when `e` certainly never evaluates to null: it gives a value of
/// another type or fails. Conservative: anything that reads the input, a
/// variable or a function's result may be null.
pub(super) fn never_null(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::Str(_)
        | ExprKind::Array(_)
        | ExprKind::Object(_)
        | ExprKind::ArrayFor { .. }
        | ExprKind::ObjectFor { .. }
        // Operators have no null rule: they give a number, a string, an
        // array or a boolean, or fail.
        | ExprKind::Unary { .. } => true,
        ExprKind::Binary {
            op: BinaryOp::Default,
            right,
            ..
        } => never_null(right),
        ExprKind::Binary { .. } => true,
        // `exists` is a special form that always gives a boolean.
        ExprKind::Call { name, .. } => name.name == "exists",
        ExprKind::If {
            then, otherwise, ..
        } => never_null(then) && never_null(otherwise),
        // No arm matching is an error, not a null.
        ExprKind::Match { arms, .. } => arms.iter().all(|arm| never_null(&arm.body)),
        ExprKind::Let { body, .. } => never_null(body),
        ExprKind::Try { body, fallback } => never_null(body) && never_null(fallback),
        ExprKind::Paren(inner) => never_null(inner),
        ExprKind::Null
        | ExprKind::Root
        | ExprKind::Current
        | ExprKind::Var(_)
        | ExprKind::Path { .. }
        | ExprKind::Lambda { .. }
        | ExprKind::Skip
        | ExprKind::Pipe { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(src: &str) -> Expr {
        ferry_dsl::parse(src)
            .expect("the test source parses")
            .body
            .expect("the test source has a body")
    }

    #[test]
    fn literals_operators_and_defaults_are_never_null() {
        for src in [
            "1",
            "\"a ${$.x}\"",
            "[$.x]",
            "{ a: $.x }",
            "$.a + 1",
            "$.a == null",
            "not $.b",
            "$.a ?? 0",
            "if $.b then 1 else \"x\"",
            "match $.s { 1 => \"a\", _ => \"b\" }",
            "let x = $.a; [x]",
            "try $.a + 1 else 0",
            "exists($.a)",
            "[for x in $.xs => x]",
        ] {
            assert!(never_null(&body(src)), "{src}");
        }
    }

    #[test]
    fn what_may_be_null_is_not_claimed() {
        for src in [
            "null",
            "$.a",
            "$.a ?? $.b",
            "lower($.a)",
            "if $.b then 1 else null",
            "match $.s { 1 => \"a\", _ => $.b }",
            "let x = 1; x",
            "try $.a else null",
            "$ | lower",
        ] {
            assert!(!never_null(&body(src)), "{src}");
        }
    }

    #[test]
    fn a_guarded_binding_is_not_a_default() {
        let arms = |src: &str| match body(src).kind {
            ExprKind::Match { arms, .. } => arms,
            other => panic!("{other:?}"),
        };
        assert!(has_default_arm(&arms("match $.a { 1 => 1, x => 2 }")));
        assert!(has_default_arm(&arms("match $.a { 1 | _ => 1 }")));
        assert!(!has_default_arm(&arms(
            "match $.a { 1 => 1, x if x > 2 => 2 }"
        )));
        assert!(!has_default_arm(&arms(
            "match $.a { 1 => 1, _ if true => 2 }"
        )));
    }
}
