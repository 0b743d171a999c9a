//! `merge_deep(a, b, …)`: the objects merged recursively, later ones
//! winning.
//!
//! Errors: `E0401` when an argument is neither an object nor null;
//! `E0504` beyond 1,000,000 members or 512 levels of nesting.

use super::support::check_items;
use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Obj, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "merge_deep",
    family: "objects",
    params: &[param("objects", "object or null")],
    variadic: true,
    returns: "object",
    summary: "One object with the members of all the objects, merged recursively; where names repeat, the later object wins.",
    details: "Where two objects have a member of the same name and both values are objects, \
              those are merged the same way, at any depth; otherwise the later value replaces \
              the earlier as a whole: arrays are replaced, not concatenated, and a null \
              member in a later object sets the member to null (it does not delete it: \
              `merge_patch` deletes). A key keeps the place where it first appeared. Null \
              arguments are skipped, as by `merge`, so `merge_deep(defaults, $.overrides)` \
              works when there are no overrides; `merge_deep(null)` is `{}`.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(
            r#"merge_deep({"db": {"host": "localhost", "port": 5432}, "tags": ["a"]}, {"db": {"port": 6543}, "tags": ["b"]})"#,
            r#"{"db":{"host":"localhost","port":6543},"tags":["b"]}"#,
        ),
        example(
            r#"merge_deep({"a": {"x": 1, "y": 2}}, {"a": {"y": null}})"#,
            r#"{"a":{"x":1,"y":null}}"#,
        ),
        example(
            r#"merge_deep({"a": {"x": 1}}, null, {"a": 5})"#,
            r#"{"a":5}"#,
        ),
        example("merge_deep(null)", "{}"),
        failing(r#"merge_deep({"a": 1}, [1])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let mut merged: Option<Val<'a>> = None;
    for i in 0..args.len() {
        if args.get(i).is_null() {
            continue;
        }
        let object = args.object(i)?;
        merged = Some(match merged {
            None => Val::Obj(object),
            Some(Val::Obj(earlier)) => merge(&earlier, &object, 1)?,
            Some(_) => unreachable_object(),
        });
    }
    Ok(merged.unwrap_or_else(|| Val::object(Default::default())))
}

/// Only objects are ever merged at the top; kept total without a panic.
fn unreachable_object<'a>() -> Val<'a> {
    Val::object(Default::default())
}

/// `b` merged into `a`.
pub(super) fn merge<'a>(a: &Obj<'a>, b: &Obj<'a>, depth: usize) -> Result<Val<'a>, Raise> {
    check_nesting(depth)?;
    let mut map = a.to_map();
    for (k, v) in b.iter() {
        let value = match (map.get(&k), &v) {
            (Some(Val::Obj(x)), Val::Obj(y)) => merge(x, y, depth + 1)?,
            _ => v,
        };
        map.insert(k, value);
    }
    check_items(map.len())?;
    Ok(Val::object(map))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn nested_objects_merge_and_keep_key_order() {
        ok(
            &DEF,
            r#"[{"a": {"x": 1, "y": {"p": 1}}, "b": 1}, {"a": {"y": {"q": 2}, "z": 3}}, {"c": 4}]"#,
            r#"{"a": {"x": 1, "y": {"p": 1, "q": 2}, "z": 3}, "b": 1, "c": 4}"#,
        );
    }

    #[test]
    fn an_object_replaces_a_scalar_and_back() {
        ok(&DEF, r#"[{"a": 1}, {"a": {"x": 1}}]"#, r#"{"a": {"x": 1}}"#);
        ok(&DEF, r#"[{"a": {"x": 1}}, {"a": [1]}]"#, r#"{"a": [1]}"#);
        ok(&DEF, r#"[null, {"a": 1}, null]"#, r#"{"a": 1}"#);
        err(&DEF, r#"[{"a": 1}, "b"]"#, "E0401");
    }
}
