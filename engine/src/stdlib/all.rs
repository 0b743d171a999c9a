//! `all(array, x -> condition)`: whether the function returns true for every element.
//!
//! Errors: `E0401` when `array` is not an array or the function returns a
//! non-boolean; any error the function raises.

use super::support::quantify;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "all",
    family: "arrays",
    params: &[param("array", "array"), lambda("test", "x -> boolean", 1)],
    variadic: false,
    returns: "boolean",
    summary: "True when the function returns true for every element.",
    details: "Stops at the first element that decides (the function is not called for the rest). An empty array gives `true`. The function must return a boolean (`E0401` otherwise).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("all([4, 5, 6], x -> x > 3)", "true"),
        example("all([], x -> x > 3)", "true"),
        failing(r#"all([1], x -> null)"#, "E0401"),
        failing(r#"all("abc", x -> true)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    quantify(args, false).map(|found| Val::Bool(!found))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::{Num, Val};

    fn over_three<'v>(_: usize, a: &[Val<'v>]) -> Result<Val<'v>, crate::error::Raise> {
        Ok(Val::Bool(
            a[0].as_num().unwrap().compare(Num::Int(3)).is_gt(),
        ))
    }

    #[test]
    fn decides_over_the_elements() {
        assert_eq!(
            call_with(&DEF, "[[1, 5, 2], null]", over_three),
            Ok("false".into())
        );
        assert_eq!(
            call_with(&DEF, "[[4, 5, 6], null]", over_three),
            Ok("true".into())
        );
        assert_eq!(
            call_with(&DEF, "[[1, 2], null]", over_three),
            Ok("false".into())
        );
        assert_eq!(call_with(&DEF, "[[], null]", over_three), Ok("true".into()));
    }

    #[test]
    fn stops_at_the_deciding_element() {
        // The second element would fail: it is never looked at.
        let got = call_with(&DEF, r#"[[1, "x"], null]"#, over_three);
        assert_eq!(got, Ok("false".into()));
    }

    #[test]
    fn a_null_result_is_a_type_error() {
        assert_eq!(
            call_with(&DEF, "[[1], null]", |_, _| Ok(Val::Null)),
            Err("E0401".into())
        );
    }
}
