//! `distinct(array)`: the array without repeated elements, first kept.
//!
//! Errors: `E0401` when `array` is not an array.

use std::collections::HashSet;

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "distinct",
    family: "arrays",
    params: &[param("array", "array")],
    variadic: false,
    returns: "array",
    summary: "The array without repeated elements, keeping the first of each in its place.",
    details: "Elements are compared structurally, as by `==`: numbers numerically (`1` and \
              `1.0` are the same; the first is kept as written), strings exactly \
              (case-sensitive), arrays element by element, objects regardless of member order.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"distinct(["b", "a", "b", "c", "a"])"#, r#"["b","a","c"]"#),
        example("distinct([1, 1.0, 2, null, null])", "[1,2,null]"),
        example(
            r#"distinct([{"a": 1, "b": 2}, {"b": 2, "a": 1}])"#,
            r#"[{"a":1,"b":2}]"#,
        ),
        failing(r#"distinct("aab")"#, "E0401"),
    ],
    run,
};

/// A hashable stand-in for a scalar, equal exactly when `Val::equals` is
/// (`==`): `distinct` and `distinct_by` keep the first of each.
#[derive(Hash, PartialEq, Eq)]
pub(super) enum Key {
    Null,
    Bool(bool),
    Str(String),
    Num(String),
}

/// The key of a scalar; `None` for arrays, objects and numbers out of
/// range, which have no cheap hash.
pub(super) fn key(v: &Val<'_>) -> Option<Key> {
    Some(match v {
        Val::Null => Key::Null,
        Val::Bool(b) => Key::Bool(*b),
        Val::Str(s) => Key::Str(s.as_str().to_owned()),
        Val::Num(_) | Val::RawNum(_) => Key::Num(match v.as_num()? {
            Num::Int(i) => i.to_string(),
            Num::Dec(d) => d.normalize().to_string(),
            Num::Float(f) => format!("f{f:e}"),
        }),
        Val::Arr(_) | Val::Obj(_) => return None,
    })
}

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut seen = HashSet::new();
    let mut out: Vec<Val<'a>> = Vec::with_capacity(array.len());
    // Arrays and objects have no cheap hash: compare them with the kept ones.
    let mut composites: Vec<usize> = Vec::new();
    for item in array.iter() {
        let fresh = match key(&item) {
            Some(k) => seen.insert(k),
            None => !composites.iter().any(|&i| out[i].equals(&item)),
        };
        if fresh {
            if key(&item).is_none() {
                composites.push(out.len());
            }
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
    use crate::stdlib::testing::ok;

    #[test]
    fn decimals_with_different_scales_are_the_same() {
        ok(&DEF, "[[1.50, 1.5, 1.500, 2]]", "[1.50,2]");
        ok(&DEF, r#"[["1", 1, [1], [1.0]]]"#, r#"["1",1,[1]]"#);
    }
}
