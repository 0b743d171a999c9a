//! `entries(object)`: the members of an object as `{"key", "value"}` objects.
//!
//! Errors: `E0401` when `object` is not an object.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "entries",
    family: "objects",
    params: &[param("object", "object")],
    variadic: false,
    returns: "array of objects",
    summary: "The object's members as an array of `{\"key\": name, \"value\": value}` objects, in order.",
    details: "`from_entries` turns them back into an object.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"entries({"a": 1, "b": null})"#,
            r#"[{"key":"a","value":1},{"key":"b","value":null}]"#,
        ),
        failing("entries([1])", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let entries = object
        .iter()
        .map(|(k, v)| {
            let mut entry = ObjMap::with_capacity(2);
            entry.push_unique(Str::Borrowed("key"), Val::Str(k));
            entry.push_unique(Str::Borrowed("value"), v);
            Val::object(entry)
        })
        .collect();
    Ok(Val::array(entries))
}
