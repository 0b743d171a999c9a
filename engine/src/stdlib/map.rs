//! `map(array, x -> value)`: the function applied to every element.
//!
//! Errors: `E0401` when `array` is not an array; any error the function
//! raises.

use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "map",
    family: "arrays",
    params: &[param("array", "array"), lambda("f", "x -> value", 1)],
    variadic: false,
    returns: "array",
    summary: "The results of the function applied to each element, in order.",
    details: "The function takes one argument, the element. A null result stays in the array \
              (filter it out with `filter`). The comprehension `[for x in xs => …]` does the same.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("map([1, 2, 3], x -> x * 2)", "[2,4,6]"),
        example(
            r#"map([{"sku": "A"}, {"sku": "B"}], x -> x.sku)"#,
            r#"["A","B"]"#,
        ),
        failing(r#"map("abc", x -> x)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut out = Vec::with_capacity(array.len());
    for item in array.iter() {
        out.push(args.call(1, &[item])?);
    }
    Ok(Val::array(out))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::{Num, Val};

    #[test]
    fn doubles_each_number() {
        assert_eq!(
            call_with(&DEF, "[[1, 2, 3], null]", |_, a| {
                Ok(Val::Num(a[0].as_num().unwrap().mul(Num::Int(2)).unwrap()))
            }),
            Ok("[2,4,6]".into())
        );
    }

    #[test]
    fn picks_a_field() {
        assert_eq!(
            call_with(&DEF, r#"[[{"sku": "A"}, {"sku": "B"}], null]"#, |_, a| {
                Ok(a[0].field("sku").unwrap_or(Val::Null))
            }),
            Ok(r#"["A","B"]"#.into())
        );
    }

    #[test]
    fn errors_of_the_function_propagate() {
        assert_eq!(
            call_with(&DEF, "[[1], null]", |_, _| Err(crate::error::Raise::new(
                "E0402", "x"
            ))),
            Err("E0402".into())
        );
    }
}
