//! `group_by(array, x -> key)`: the elements grouped by a computed key.
//!
//! Errors: `E0401` when `array` is not an array or a key is not a string
//! or number; any error the function raises.

use std::collections::HashMap;

use super::support::key_text;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "group_by",
    family: "arrays",
    params: &[param("array", "array"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "object of arrays",
    summary: "An object mapping each key the function computes to the elements that have it.",
    details: "Keys must be strings or numbers (a number becomes its text: `2` → `\"2\"`, \
              `1.50` → `\"1.50\"`); null or any other key is `E0401` (use `?? \"none\"` to \
              group missing keys). Groups appear in the order their keys first appear; \
              elements keep their order within a group.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"group_by([{"t": "a", "n": 1}, {"t": "b", "n": 2}, {"t": "a", "n": 3}], x -> x.t)"#,
            r#"{"a":[{"t":"a","n":1},{"t":"a","n":3}],"b":[{"t":"b","n":2}]}"#,
        ),
        example(
            "group_by([1, 2, 3, 4], x -> x % 2)",
            r#"{"1":[1,3],"0":[2,4]}"#,
        ),
        failing(r#"group_by([{"t": "a"}, {}], x -> x.t)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut groups: Vec<(String, Vec<Val<'a>>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in array.iter() {
        let key = key_text(&args.call(1, std::slice::from_ref(&item))?, 1)?;
        match index.get(&key) {
            Some(&i) => groups[i].1.push(item),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![item]));
            }
        }
    }
    let mut map = ObjMap::with_capacity(groups.len());
    for (key, items) in groups {
        map.push_unique(Str::from(key), Val::array(items));
    }
    Ok(Val::object(map))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::{Num, Val};

    #[test]
    fn groups_by_a_field_in_first_seen_order() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"t": "a", "n": 1}, {"t": "b", "n": 2}, {"t": "a", "n": 3}], null]"#,
                |_, a| Ok(a[0].field("t").unwrap_or(Val::Null))
            ),
            Ok(r#"{"a":[{"t":"a","n":1},{"t":"a","n":3}],"b":[{"t":"b","n":2}]}"#.into())
        );
    }

    #[test]
    fn numeric_keys_become_text() {
        assert_eq!(
            call_with(&DEF, "[[1, 2, 3, 4], null]", |_, a| {
                Ok(Val::Num(a[0].as_num().unwrap().rem(Num::Int(2)).unwrap()))
            }),
            Ok(r#"{"1":[1,3],"0":[2,4]}"#.into())
        );
    }

    #[test]
    fn a_null_key_is_a_type_error() {
        assert_eq!(
            call_with(&DEF, r#"[[{"t": "a"}, {}], null]"#, |_, a| Ok(a[0]
                .field("t")
                .unwrap_or(Val::Null))),
            Err("E0401".into())
        );
    }
}
