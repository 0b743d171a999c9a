//! `max_by(array, x -> key)`: the element whose computed key is largest.
//!
//! Errors: `E0401` when `array` is not an array or the keys are not all
//! numbers or all strings; any error the function raises.

use std::cmp::Ordering;

use super::support::check_sortable;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "max_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "element or null",
    summary: "The element with the largest key the function computes for it; the first of equal ones.",
    details: "The function is called once per element. The keys must be all numbers or all \
              strings, compared as by `sort` (ISO dates and times compare correctly as \
              strings when written alike); a null key is `E0401` (default it with `??`). \
              Ties go to the element that comes first. An empty array gives null.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"max_by([{"id": 1, "at": "2024-03-01"}, {"id": 2, "at": "2024-05-09"}, {"id": 3, "at": "2024-05-09"}], o -> o.at)"#,
            r#"{"id":2,"at":"2024-05-09"}"#,
        ),
        example(r#"max_by(["ab", "c", "de"], s -> length(s))"#, r#""ab""#),
        example("max_by([], x -> x)", "null"),
        failing(r#"max_by([{"p": 1}, {}], x -> x.p)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    extreme_by(args, Ordering::Greater)
}

/// The first element whose key no other key is `beyond`: the largest
/// with `Ordering::Greater`, the smallest with `Ordering::Less`. Shared by
/// `max_by` and `min_by`.
pub(super) fn extreme_by<'a>(args: &mut Args<'_, 'a>, beyond: Ordering) -> Result<Val<'a>, Raise> {
    let items = args.array(0)?;
    let mut keys = Vec::with_capacity(items.len());
    for item in items.iter() {
        keys.push(args.call(1, &[item])?);
    }
    check_sortable(&keys, 1)?;
    let mut best: Option<usize> = None;
    for (i, key) in keys.iter().enumerate() {
        best = match best {
            Some(b) if key.compare(&keys[b]) != Some(beyond) => Some(b),
            _ => Some(i),
        };
    }
    Ok(best.and_then(|i| items.get(i)).unwrap_or(Val::Null))
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
    fn the_first_of_equal_keys_wins() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"i": 1, "k": 2}, {"i": 2, "k": 5}, {"i": 3, "k": 5.0}], null]"#,
                by_field("k")
            ),
            Ok(r#"{"i":2,"k":5}"#.into())
        );
    }

    #[test]
    fn empty_gives_null_and_mixed_keys_fail() {
        assert_eq!(
            call_with(&DEF, "[[], null]", by_field("k")),
            Ok("null".into())
        );
        assert_eq!(
            call_with(&DEF, r#"[[{"k": 1}, {"k": "a"}], null]"#, by_field("k")),
            Err("E0401".into())
        );
    }
}
