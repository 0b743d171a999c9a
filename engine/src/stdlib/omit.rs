//! `omit(object, keys…)`: the object without the named members.
//!
//! Errors: `E0401` when `object` is not an object or a key is not a
//! string (or an array of strings).

use super::support::key_list;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "omit",
    family: "objects",
    params: &[
        param("object", "object"),
        param("keys", "string or array of strings"),
    ],
    variadic: true,
    returns: "object",
    summary: "The object without the named members; the others keep their order.",
    details: "Names are given as separate arguments or as one array; names the object does not \
              have are ignored.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"omit({"a": 1, "b": 2, "c": 3}, "b")"#, r#"{"a":1,"c":3}"#),
        example(r#"omit({"a": 1, "b": 2}, ["a", "b", "zz"])"#, "{}"),
        failing(r#"omit({"a": 1}, [null])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let names = key_list(args)?;
    if !names.iter().any(|n| object.contains_key(n)) {
        return Ok(args.get(0).clone());
    }
    let mut map = object.to_map();
    for name in &names {
        map.remove(name);
    }
    Ok(Val::object(map))
}
