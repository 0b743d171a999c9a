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

/// `if`, `let`, `try` and lambdas extend as far right as they can: written
/// before an operator, they would take it in.
pub(crate) fn open_ended(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::If { .. } | ExprKind::Let { .. } | ExprKind::Try { .. } | ExprKind::Lambda { .. }
    )
}

/// Whether the open form `e` ends (rightmost) in a comparison.
pub(crate) fn ends_in_comparison(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::If {
            otherwise: last, ..
        }
        | ExprKind::Try { fallback: last, .. }
        | ExprKind::Let { body: last, .. }
        | ExprKind::Lambda { body: last, .. } => ends_in_comparison(last),
        ExprKind::Binary { op, .. } => binary_prec(*op) == prec::CMP,
        _ => false,
    }
}

/// Whether `e` needs parentheses where the grammar expects at least `min`;
/// `tail` is false when an operator or a segment follows.
pub(crate) fn needs_parens(e: &Expr, min: u8, tail: bool) -> bool {
    precedence(e) < min || (!tail && open_ended(e))
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
