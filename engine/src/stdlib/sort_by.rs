//! `sort_by(array, x -> key)`: the elements ordered by a computed key.
//!
//! Errors: `E0401` when `array` is not an array or the keys are not all
//! numbers or all strings; any error the function raises.

use std::cmp::Ordering;

use super::support::check_sortable;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "sort_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "array",
    summary: "The elements in ascending order of the key the function computes for each.",
    details: "The function is called once per element. The keys must be all numbers or all \
              strings, ordered as by `sort`; the sort is stable. To sort descending by a \
              number, negate it: `sort_by(xs, x -> -x.price)`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"sort_by([{"n": "b", "p": 2}, {"n": "a", "p": 1}], x -> x.p)"#,
            r#"[{"n":"a","p":1},{"n":"b","p":2}]"#,
        ),
        example(
            r#"sort_by(["ccc", "a", "bb"], x -> length(x))"#,
            r#"["a","bb","ccc"]"#,
        ),
        failing(r#"sort_by([{"p": 1}, {}], x -> x.p)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let items = args.array(0)?.to_vec();
    let mut keys = Vec::with_capacity(items.len());
    for item in &items {
        keys.push(args.call(1, std::slice::from_ref(item))?);
    }
    check_sortable(&keys, 1)?;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| keys[a].compare(&keys[b]).unwrap_or(Ordering::Equal));
    Ok(Val::array(
        order.into_iter().map(|i| items[i].clone()).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    fn by_field(
        field: &'static str,
    ) -> impl for<'v> FnMut(usize, &[Val<'v>]) -> Result<Val<'v>, crate::error::Raise> {
        move |_, a| Ok(a[0].field(field).unwrap_or(Val::Null))
    }

    #[test]
    fn sorts_by_a_field_and_is_stable() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"n": "b", "p": 2}, {"n": "a", "p": 1}], null]"#,
                by_field("p")
            ),
            Ok(r#"[{"n":"a","p":1},{"n":"b","p":2}]"#.into())
        );
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"n": 1, "p": 2}, {"n": 2, "p": 1}, {"n": 3, "p": 2.0}], null]"#,
                by_field("p")
            ),
            Ok(r#"[{"n":2,"p":1},{"n":1,"p":2},{"n":3,"p":2.0}]"#.into())
        );
    }

    #[test]
    fn sorts_by_a_computed_length() {
        assert_eq!(
            call_with(&DEF, r#"[["ccc", "a", "bb"], null]"#, |_, a| {
                Ok(Val::int(
                    a[0].as_str().map_or(0, |s| s.chars().count()) as i64
                ))
            }),
            Ok(r#"["a","bb","ccc"]"#.into())
        );
    }

    #[test]
    fn a_missing_key_is_a_type_error() {
        assert_eq!(
            call_with(&DEF, r#"[[{"p": 1}, {}], null]"#, by_field("p")),
            Err("E0401".into())
        );
    }
}
