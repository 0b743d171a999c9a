//! Operators: arithmetic, comparison, membership. Strict: an operator
//! applied to types it does not define is an error, never a silent null.

use crate::codes;
use crate::error::{Raise, describe};
use crate::plan::BinOp;
use crate::value::{Arr, Val};

/// Applies a binary operator to two evaluated operands.
#[inline(never)]
pub(super) fn binary<'a>(op: BinOp, left: Val<'a>, right: Val<'a>) -> Result<Val<'a>, Raise> {
    match op {
        BinOp::Eq => Ok(Val::Bool(left.equals(&right))),
        BinOp::Ne => Ok(Val::Bool(!left.equals(&right))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let Some(order) = left.compare(&right) else {
                return Err(mismatch(op, &left, &right)
                    .with_help("only two numbers or two strings can be ordered"));
            };
            Ok(Val::Bool(match op {
                BinOp::Lt => order.is_lt(),
                BinOp::Le => order.is_le(),
                BinOp::Gt => order.is_gt(),
                _ => order.is_ge(),
            }))
        }
        BinOp::In => membership(left, right),
        BinOp::Add => add(left, right),
        BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
            let (Some(a), Some(b)) = (left.as_num(), right.as_num()) else {
                return Err(
                    unrepresentable(&left, &right).unwrap_or_else(|| mismatch(op, &left, &right))
                );
            };
            let result = match op {
                BinOp::Sub => a.sub(b),
                BinOp::Mul => a.mul(b),
                BinOp::Div => a.div(b),
                _ => a.rem(b),
            };
            result
                .map(Val::Num)
                .map_err(|e| Raise::from_num(e).with_culprit(&right))
        }
    }
}

fn add<'a>(left: Val<'a>, right: Val<'a>) -> Result<Val<'a>, Raise> {
    match (&left, &right) {
        (Val::Str(a), Val::Str(b)) => {
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            Ok(Val::string(s))
        }
        (Val::Arr(a), Val::Arr(b)) => {
            let mut items = Vec::with_capacity(a.len() + b.len());
            items.extend(a.iter());
            items.extend(b.iter());
            Ok(Val::Arr(Arr::from_vec(items)))
        }
        _ => match (left.as_num(), right.as_num()) {
            (Some(a), Some(b)) => a.add(b).map(Val::Num).map_err(Raise::from_num),
            _ => Err(unrepresentable(&left, &right)
                .unwrap_or_else(|| mismatch(BinOp::Add, &left, &right))),
        },
    }
}

/// `x in collection`: an element of an array, a key of an object, a
/// substring of a string. Null on the right is an empty collection.
fn membership<'a>(needle: Val<'a>, haystack: Val<'a>) -> Result<Val<'a>, Raise> {
    let found = match &haystack {
        Val::Null => false,
        Val::Arr(a) => a.iter().any(|x| x.equals(&needle)),
        Val::Obj(o) => match needle.as_str() {
            Some(key) => o.contains_key(key),
            None => {
                return Err(Raise::type_mismatch(
                    "a string key for `in` on an object",
                    &needle,
                ));
            }
        },
        Val::Str(s) => match needle.as_str() {
            Some(part) => s.contains(part),
            None => {
                return Err(Raise::type_mismatch(
                    "a string for `in` on a string",
                    &needle,
                ));
            }
        },
        other => {
            return Err(Raise::type_mismatch(
                "an array, object or string on the right of `in`",
                other,
            ));
        }
    };
    Ok(Val::Bool(found))
}

/// An input number too large for any representation (`1e999999`) is an
/// overflow, not a type mismatch.
fn unrepresentable(left: &Val<'_>, right: &Val<'_>) -> Option<Raise> {
    [left, right]
        .into_iter()
        .find(|v| matches!(v, Val::RawNum(_)) && v.as_num().is_none())
        .map(|v| {
            Raise::new(
                codes::NUMERIC_OVERFLOW,
                format!("number {} is out of range", v.to_json()),
            )
            .with_culprit(v)
        })
}

/// The error for an operator applied to operands it does not define; the
/// culprit is the operand that is not what the other one suggests.
pub(super) fn mismatch(op: BinOp, left: &Val<'_>, right: &Val<'_>) -> Raise {
    let is_num = |v: &Val<'_>| v.as_num().is_some();
    let culprit = match op {
        // Arithmetic: the operand that is not a number.
        BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
            if is_num(left) {
                right
            } else {
                left
            }
        }
        // `+` and ordering: the left operand sets the expected type.
        _ if is_num(left)
            || matches!(left, Val::Str(_))
            || (op == BinOp::Add && matches!(left, Val::Arr(_))) =>
        {
            right
        }
        _ => left,
    };
    // Point at the input rather than at a constant of the mapping.
    let other = if std::ptr::eq(culprit, left) {
        right
    } else {
        left
    };
    let culprit = if culprit.input_address().is_none() && other.input_address().is_some() {
        other
    } else {
        culprit
    };
    let mut raise = Raise::new(
        codes::TYPE_MISMATCH,
        format!(
            "cannot apply `{}` to {} and {}",
            op.symbol(),
            describe(left),
            describe(right)
        ),
    )
    .with_culprit(culprit);
    if left.is_null() || right.is_null() {
        raise = raise.with_help("an operand is null or missing; `??` gives a default");
    }
    raise
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Num;

    fn n(text: &str) -> Val<'static> {
        Val::Num(Num::parse(text).unwrap())
    }

    #[test]
    fn arithmetic_is_exact_and_strict() {
        let sum = binary(BinOp::Add, n("0.1"), n("0.2")).unwrap();
        assert!(sum.equals(&n("0.3")));
        let err = binary(BinOp::Mul, Val::string("abc"), n("2")).unwrap_err();
        assert_eq!(err.code(), codes::TYPE_MISMATCH);
        assert_eq!(
            binary(BinOp::Div, n("1"), n("0")).unwrap_err().code(),
            codes::DIVISION_BY_ZERO
        );
    }

    #[test]
    fn out_of_range_input_numbers_are_overflows() {
        let doc: serde_json::Value = serde_json::from_str("1e999999").unwrap();
        let err = binary(BinOp::Mul, Val::from_json(&doc), n("2")).unwrap_err();
        assert_eq!(err.code(), codes::NUMERIC_OVERFLOW);
    }

    #[test]
    fn membership_covers_arrays_objects_strings_and_null() {
        let arr = Val::array(vec![Val::string("a"), n("1")]);
        assert!(matches!(
            binary(BinOp::In, n("1.0"), arr).unwrap(),
            Val::Bool(true)
        ));
        assert!(matches!(
            binary(BinOp::In, Val::string("bc"), Val::string("abcd")).unwrap(),
            Val::Bool(true)
        ));
        assert!(matches!(
            binary(BinOp::In, Val::string("x"), Val::Null).unwrap(),
            Val::Bool(false)
        ));
        assert!(binary(BinOp::In, Val::string("x"), n("3")).is_err());
    }

    #[test]
    fn ordering_needs_two_numbers_or_two_strings() {
        assert!(matches!(
            binary(BinOp::Lt, n("2"), n("10")).unwrap(),
            Val::Bool(true)
        ));
        assert!(matches!(
            binary(BinOp::Lt, Val::string("b"), Val::string("a")).unwrap(),
            Val::Bool(false)
        ));
        assert_eq!(
            binary(BinOp::Lt, Val::string("1"), n("2"))
                .unwrap_err()
                .code(),
            codes::TYPE_MISMATCH
        );
    }
}
