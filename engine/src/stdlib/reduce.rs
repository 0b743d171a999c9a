//! `reduce(array, init, (acc, x) -> value)`: the elements folded into one
//! value.
//!
//! Errors: `E0401` when `array` is not an array; any error the function
//! raises.

use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "reduce",
    family: "arrays",
    params: &[
        param("array", "array"),
        param("init", "any"),
        lambda("step", "(acc, x) -> value", 2),
    ],
    variadic: false,
    returns: "any",
    summary: "The elements folded left to right: `step` takes the result so far (starting \
              with `init`) and the next element.",
    details: "An empty array gives `init`. For sums prefer `sum`, which is exact and faster.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("reduce([1, 2, 3], 10, (acc, x) -> acc + x)", "16"),
        example(r#"reduce(["a", "b"], "", (acc, x) -> x + acc)"#, r#""ba""#),
        example("reduce([], 0, (acc, x) -> acc + x)", "0"),
        failing(r#"reduce({"a": 1}, 0, (acc, x) -> acc + x)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut acc = args.get(1).clone();
    for item in array.iter() {
        acc = args.call(2, &[acc, item])?;
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    #[test]
    fn adds_onto_the_initial_value() {
        assert_eq!(
            call_with(&DEF, "[[1, 2, 3], 10, null]", |_, a| {
                Ok(Val::Num(
                    a[0].as_num().unwrap().add(a[1].as_num().unwrap()).unwrap(),
                ))
            }),
            Ok("16".into())
        );
        assert_eq!(
            call_with(&DEF, "[[], 0, null]", |_, _| unreachable!()),
            Ok("0".into())
        );
    }

    #[test]
    fn folds_left_to_right() {
        assert_eq!(
            call_with(&DEF, r#"[["a", "b"], "", null]"#, |_, a| {
                Ok(Val::string(format!(
                    "{}{}",
                    a[1].as_str().unwrap(),
                    a[0].as_str().unwrap()
                )))
            }),
            Ok(r#""ba""#.into())
        );
    }
}
