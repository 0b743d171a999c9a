//! `pick(object, keys…)`: only the named members of an object.
//!
//! Errors: `E0401` when `object` is not an object or a key is not a
//! string (or an array of strings).

use super::support::key_list;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "pick",
    family: "objects",
    params: &[
        param("object", "object"),
        param("keys", "string or array of strings"),
    ],
    variadic: true,
    returns: "object",
    summary: "The object with only the named members, in the order the names are given.",
    details: "Names are given as separate arguments or as one array. Names the object does not \
              have are skipped; a name given twice is picked once.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"pick({"a": 1, "b": 2, "c": 3}, "c", "a")"#,
            r#"{"c":3,"a":1}"#,
        ),
        example(r#"pick({"a": 1, "b": 2}, ["b", "zz"])"#, r#"{"b":2}"#),
        failing(r#"pick({"a": 1}, 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let names = key_list(args)?;
    let mut map = ObjMap::with_capacity(names.len());
    for name in names {
        if let Some(v) = object.get(&name) {
            map.insert(name.into(), v);
        }
    }
    Ok(Val::object(map))
}
