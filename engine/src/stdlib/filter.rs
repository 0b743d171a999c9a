//! `filter(array, x -> condition)`: the elements the function accepts.
//!
//! Errors: `E0401` when `array` is not an array or the function returns a
//! non-boolean; any error the function raises.

use super::support::lambda_bool;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "filter",
    family: "arrays",
    params: &[param("array", "array"), lambda("keep", "x -> boolean", 1)],
    variadic: false,
    returns: "array",
    summary: "The elements for which the function returns true, in order.",
    details: "The function must return a boolean: null or any other value is `E0401` (no \
              truthiness; write `x.flag == true` or `x.name != null`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("filter([1, 5, 2, 8], x -> x > 3)", "[5,8]"),
        example(
            r#"filter([{"n": "a"}, {}], x -> x.n != null)"#,
            r#"[{"n":"a"}]"#,
        ),
        failing(r#"filter([{"ok": true}, {}], x -> x.ok)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut out = Vec::new();
    for item in array.iter() {
        if lambda_bool(&args.call(1, std::slice::from_ref(&item))?, 1)? {
            out.push(item);
        }
    }
    if out.len() == array.len() {
        return Ok(args.get(0).clone());
    }
    Ok(Val::array(out))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::{Num, Val};

    #[test]
    fn keeps_numbers_over_three() {
        assert_eq!(
            call_with(&DEF, "[[1, 5, 2, 8], null]", |_, a| {
                Ok(Val::Bool(
                    a[0].as_num().unwrap().compare(Num::Int(3)).is_gt(),
                ))
            }),
            Ok("[5,8]".into())
        );
    }

    #[test]
    fn keeps_elements_with_a_field() {
        assert_eq!(
            call_with(&DEF, r#"[[{"n": "a"}, {}], null]"#, |_, a| {
                Ok(Val::Bool(a[0].field("n").is_some_and(|v| !v.is_null())))
            }),
            Ok(r#"[{"n":"a"}]"#.into())
        );
    }

    #[test]
    fn a_null_condition_is_a_type_error() {
        assert_eq!(
            call_with(&DEF, r#"[[{"ok": true}, {}], null]"#, |_, a| {
                Ok(a[0].field("ok").unwrap_or(Val::Null))
            }),
            Err("E0401".into())
        );
    }
}
