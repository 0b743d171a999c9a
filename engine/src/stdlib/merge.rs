//! `merge(a, b, …)`: the objects' members combined, later ones winning.
//!
//! Errors: `E0401` when an argument is neither an object nor null.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "merge",
    family: "objects",
    params: &[param("objects", "object or null")],
    variadic: true,
    returns: "object",
    summary: "One object with the members of all the objects; where names repeat, the later object wins.",
    details: "Shallow: a member present in several objects takes the last value as a whole \
              (nested objects are not merged). A key keeps the place where it first appeared. \
              Null arguments are skipped (so optional parts can be merged in directly); \
              `merge(null)` is `{}`.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(
            r#"merge({"a": 1, "b": 2}, {"b": 3, "c": 4})"#,
            r#"{"a":1,"b":3,"c":4}"#,
        ),
        example(
            r#"merge({"a": {"x": 1}}, null, {"a": {"y": 2}})"#,
            r#"{"a":{"y":2}}"#,
        ),
        example("merge(null)", "{}"),
        failing(r#"merge({"a": 1}, [1])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let objects: Vec<usize> = (0..args.len())
        .filter(|&i| !args.get(i).is_null())
        .collect();
    match objects.as_slice() {
        [] => return Ok(Val::object(Default::default())),
        [only] => return args.object(*only).map(|_| args.get(*only).clone()),
        _ => {}
    }
    let mut map = args.object(objects[0])?.to_map();
    for &i in &objects[1..] {
        for (k, v) in args.object(i)?.iter() {
            map.insert(k, v);
        }
    }
    super::support::check_items(map.len())?;
    Ok(Val::object(map))
}
