//! `min_by(array, x -> key)`: the element whose computed key is smallest.
//!
//! Errors: `E0401` when `array` is not an array or the keys are not all
//! numbers or all strings; any error the function raises.

use std::cmp::Ordering;

use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "min_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "element or null",
    summary: "The element with the smallest key the function computes for it; the first of equal ones.",
    details: "The function is called once per element. The keys must be all numbers or all \
              strings, compared as by `sort`; a null key is `E0401` (default it with `??`). \
              Ties go to the element that comes first. An empty array gives null.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"min_by([{"sku": "A", "price": 3.50}, {"sku": "B", "price": 1.25}, {"sku": "C", "price": 1.25}], x -> x.price)"#,
            r#"{"sku":"B","price":1.25}"#,
        ),
        example(
            r#"min_by(["pear", "fig", "kiwi"], s -> length(s))"#,
            r#""fig""#,
        ),
        example("min_by([], x -> x)", "null"),
        failing(r#"min_by([1, true], x -> x)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    super::max_by::extreme_by(args, Ordering::Less)
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    #[test]
    fn the_first_of_equal_keys_wins() {
        assert_eq!(
            call_with(&DEF, r#"[["bb", "a", "c"], null]"#, |_, a| {
                Ok(Val::int(a[0].as_str().map_or(0, str::len) as i64))
            }),
            Ok(r#""a""#.into())
        );
    }

    #[test]
    fn strings_compare_by_code_point() {
        assert_eq!(
            call_with(&DEF, r#"[["b", "B", "a"], null]"#, |_, a| Ok(a[0].clone())),
            Ok(r#""B""#.into())
        );
    }
}
