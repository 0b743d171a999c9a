//! `distinct_by(array, x -> key)`: the first element of each computed key.
//!
//! Errors: `E0401` when `array` is not an array; any error the function
//! raises.

use std::collections::HashSet;

use super::distinct::key;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "distinct_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "array",
    summary: "The elements whose key the function computes was not seen before: the first of each key, in place.",
    details: "Keys are compared as by `==`: numbers numerically (`1` and `1.0` are one key), \
              strings exactly (case-sensitive: normalise with `lower(trim(x.email))` for a \
              looser match), arrays and objects structurally. Any value may be a key, null \
              included (all elements whose key is null count as one). The elements themselves \
              are kept as they are.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"distinct_by([{"email": "a@x.io", "n": 1}, {"email": "b@x.io", "n": 2}, {"email": "a@x.io", "n": 3}], c -> c.email)"#,
            r#"[{"email":"a@x.io","n":1},{"email":"b@x.io","n":2}]"#,
        ),
        example(
            r#"distinct_by(["Ann", "ann", "Bob"], s -> lower(s))"#,
            r#"["Ann","Bob"]"#,
        ),
        example("distinct_by([1, 2.0, 3, 4], x -> x % 2)", "[1,2.0]"),
        failing(r#"distinct_by("aab", x -> x)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut seen = HashSet::new();
    // Arrays and objects (and numbers out of range) have no cheap hash:
    // they are compared with the keys kept so far.
    let mut composites: Vec<Val<'a>> = Vec::new();
    let mut out: Vec<Val<'a>> = Vec::with_capacity(array.len());
    for item in array.iter() {
        let by = args.call(1, std::slice::from_ref(&item))?;
        let fresh = match key(&by) {
            Some(k) => seen.insert(k),
            None if composites.iter().any(|c| c.equals(&by)) => false,
            None => {
                composites.push(by);
                true
            }
        };
        if fresh {
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
    use crate::value::Val;

    #[test]
    fn numeric_keys_compare_numerically() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"k": 1.50}, {"k": 1.5}, {"k": 2}], null]"#,
                |_, a| { Ok(a[0].field("k").unwrap_or(Val::Null)) }
            ),
            Ok(r#"[{"k":1.50},{"k":2}]"#.into())
        );
    }

    #[test]
    fn object_and_null_keys_work() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"k": {"a": 1, "b": 2}}, {"k": {"b": 2, "a": 1}}, {}, {"k": null}], null]"#,
                |_, a| Ok(a[0].field("k").unwrap_or(Val::Null))
            ),
            Ok(r#"[{"k":{"a":1,"b":2}},{}]"#.into())
        );
    }
}
