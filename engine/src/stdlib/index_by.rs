//! `index_by(array, x -> key)`: the elements keyed by a computed key.
//!
//! Errors: `E0401` when `array` is not an array or a key is not a string
//! or number; any error the function raises.

use super::support::key_text;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "index_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "object",
    summary: "An object mapping the key the function computes for each element to that element.",
    details: "Keys follow the rules of `group_by` (strings, or numbers as their text). When \
              several elements share a key, the last one wins, at the place the key first \
              appeared.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"index_by([{"id": "a", "v": 1}, {"id": "b", "v": 2}, {"id": "a", "v": 3}], x -> x.id)"#,
            r#"{"a":{"id":"a","v":3},"b":{"id":"b","v":2}}"#,
        ),
        failing(r#"index_by([{"id": true}], x -> x.id)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut map = ObjMap::with_capacity(array.len());
    for item in array.iter() {
        let key = key_text(&args.call(1, std::slice::from_ref(&item))?, 1)?;
        map.insert(Str::from(key), item);
    }
    Ok(Val::object(map))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    #[test]
    fn last_element_wins_at_the_first_place() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"id": "a", "v": 1}, {"id": "b", "v": 2}, {"id": "a", "v": 3}], null]"#,
                |_, a| Ok(a[0].field("id").unwrap_or(Val::Null))
            ),
            Ok(r#"{"a":{"id":"a","v":3},"b":{"id":"b","v":2}}"#.into())
        );
    }

    #[test]
    fn boolean_keys_are_refused() {
        assert_eq!(
            call_with(&DEF, r#"[[{"id": true}], null]"#, |_, a| Ok(a[0]
                .field("id")
                .unwrap_or(Val::Null))),
            Err("E0401".into())
        );
    }
}
