//! `from_entries(array)`: an object built from key/value pairs.
//!
//! Errors: `E0401` when `array` is not an array, an entry is neither
//! `{"key", "value"}` nor `[key, value]`, or a key is not a string or
//! number.

use super::support::key_text;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "from_entries",
    family: "objects",
    params: &[param("entries", "array")],
    variadic: false,
    returns: "object",
    summary: "An object built from `{\"key\": k, \"value\": v}` objects or `[k, v]` pairs.",
    details: "Keys must be strings or numbers (a number becomes its text). A missing `value` \
              member gives null. When a key repeats, the last value wins, at the key's first \
              place.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"from_entries([{"key": "a", "value": 1}, {"key": "b", "value": 2}])"#,
            r#"{"a":1,"b":2}"#,
        ),
        example(
            r#"from_entries([["a", 1], [2, "x"], ["a", 3]])"#,
            r#"{"a":3,"2":"x"}"#,
        ),
        failing(r#"from_entries([["a"]])"#, "E0401"),
        failing(r#"from_entries([{"key": null, "value": 1}])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let entries = args.array(0)?;
    let mut map = ObjMap::with_capacity(entries.len());
    for entry in entries.iter() {
        let (key, value) = match &entry {
            Val::Obj(o) if o.contains_key("key") => (
                o.get("key").unwrap_or(Val::Null),
                o.get("value").unwrap_or(Val::Null),
            ),
            Val::Arr(a) if a.len() == 2 => {
                (a.get(0).unwrap_or(Val::Null), a.get(1).unwrap_or(Val::Null))
            }
            other => {
                return Err(Raise::type_mismatch(
                    "an entry {\"key\": …, \"value\": …} or a pair [key, value]",
                    other,
                )
                .at_arg(0));
            }
        };
        let name = key_text(&key, 0).map_err(|e| e.with_culprit(&key))?;
        map.insert(Str::from(name), value);
    }
    Ok(Val::object(map))
}
