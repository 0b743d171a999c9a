//! Precedence: where parentheses are needed, and which expressions can
//! hug the text before them (open a bracket at the end of its line).

use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

/// Binding strength, weakest first (the grammar's levels).
pub(crate) mod prec {
    pub const PIPE: u8 = 0;
    pub const DEFAULT: u8 = 1;
    pub const OR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    pub const CMP: u8 = 5;
    pub const ADD: u8 = 6;
    pub const MUL: u8 = 7;
    pub const NEG: u8 = 8;
    pub const POSTFIX: u8 = 9;
    pub const PRIMARY: u8 = 10;
}

pub(crate) fn binary_prec(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Default => prec::DEFAULT,
        BinaryOp::Or => prec::OR,
        BinaryOp::And => prec::AND,
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::In => prec::CMP,
        BinaryOp::Add | BinaryOp::Sub => prec::ADD,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => prec::MUL,
    }
}

/// How tightly `e` binds.
pub(crate) fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Pipe { .. } => prec::PIPE,
        ExprKind::Binary { op, .. } => binary_prec(*op),
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => prec::NOT,
        ExprKind::Unary {
            op: UnaryOp::Neg, ..
        } => prec::NEG,
        ExprKind::Path { .. } => prec::POSTFIX,
        _ => prec::PRIMARY,
    }
}

/// Whether `e` needs parentheses where the grammar expects at least `min`.
///
/// `if`, `let`, `try` and lambdas extend as far right as they can, so one
/// the parser found bare before an operator ended where it did because its
/// last expression cannot take that operator (`if c then a else x | f % 2`
/// is `(if … | f) % 2`: a pipe stage takes no operator; `try a else b < c
/// < d` is `(try … < c) < d`: comparisons do not chain). Printed bare it
/// parses back the same; parenthesised it would not (the AST keeps
/// parentheses). Before a segment or a pipe the parser never leaves one
/// bare: a segment belongs to its last expression, `(if …)[0]` and
/// `(try …) | f` keep their parentheses.
pub(crate) fn needs_parens(e: &Expr, min: u8) -> bool {
    precedence(e) < min
}

/// Expressions that can open a bracket at the end of the current line and
/// close it on a line of its own: `=> {`, `f(x, {`, `a * match x {`,
/// `map(xs, x -> [`, `int(round(x * match … {`.
pub(crate) fn hugs(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Object(entries) => !entries.is_empty(),
        ExprKind::Array(items) => !items.is_empty(),
        ExprKind::ArrayFor { .. } | ExprKind::ObjectFor { .. } | ExprKind::Match { .. } => true,
        ExprKind::Lambda { body, .. } => hugs(body),
        ExprKind::Call { args, .. } | ExprKind::Pipe { args, .. } => args.last().is_some_and(hugs),
        ExprKind::Binary { right, .. } => hugs(right),
        _ => false,
    }
}
