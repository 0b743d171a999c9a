//! `group_by(array, x -> key)`: the elements grouped by a computed key.
//!
//! Errors: `E0401` when `array` is not an array or a key is not a string
//! or number; `E0404` when a number key and a string key would become the
//! same object key; any error the function raises.

use std::collections::HashMap;

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
    details: "Keys must be strings or numbers; null or any other key is `E0401` (use \
              `?? \"none\"` to group missing keys). Two elements are in the same group when \
              their keys are equal under `==`: `1`, `1.0` and `1e0` are one group, `1` and \
              `\"1\"` are not. A group's object key is a string key as it is, or a number \
              key's shortest text, the same for all equal numbers (`1.50` → `\"1.5\"`, `2.0` → \
              `\"2\"`, `1e3` → `\"1000\"`). A number key and a string key that would become the \
              same object key (`1` and `\"1\"`) are `E0404`, naming both. Groups appear in the \
              order their keys first appear; elements keep their order within a group.",
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
        example(
            "group_by([1, 1.0, 1.50, 1.5], x -> x)",
            r#"{"1":[1,1.0],"1.5":[1.50,1.5]}"#,
        ),
        failing(r#"group_by([{"t": "a"}, {}], x -> x.t)"#, "E0401"),
        failing(r#"group_by([1, "1"], x -> x)"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let mut groups: Vec<(String, Val<'a>, Vec<Val<'a>>)> = Vec::new();
    // Object key → its group. Equal numbers share their key text, so one
    // map finds the group of a key equal under `==`; a string and a
    // number with the same text are different keys of the same name.
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in array.iter() {
        let key = args.call(1, std::slice::from_ref(&item))?;
        let name = match &key {
            Val::Str(s) => s.as_str().to_owned(),
            Val::Num(_) | Val::RawNum(_) => key.number_key().unwrap_or_default(),
            other => {
                return Err(Raise::type_mismatch("a string or number key", other).at_arg(1));
            }
        };
        match index.get(&name) {
            Some(&i) if same_kind(&groups[i].1, &key) => groups[i].2.push(item),
            Some(&i) => return Err(collision(&name, &groups[i].1, &key)),
            None => {
                index.insert(name.clone(), groups.len());
                groups.push((name, key, vec![item]));
            }
        }
    }
    let mut map = ObjMap::with_capacity(groups.len());
    for (name, _, items) in groups {
        map.push_unique(Str::from(name), Val::array(items));
    }
    Ok(Val::object(map))
}

fn same_kind(a: &Val<'_>, b: &Val<'_>) -> bool {
    matches!(a, Val::Str(_)) == matches!(b, Val::Str(_))
}

fn collision(name: &str, first: &Val<'_>, second: &Val<'_>) -> Raise {
    Raise::invalid(
        format!(
            "the keys {} and {} are different groups but would both be the object key {:?}",
            crate::error::describe(first),
            crate::error::describe(second),
            name
        ),
        second,
    )
    .with_help("make the keys one type: `string(k)` groups numbers with their text")
    .at_arg(1)
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
    fn keys_equal_under_eq_share_a_group() {
        assert_eq!(
            call_with(
                &DEF,
                "[[1.0, 1, 1.00, 2.50, 2.5, 0.0, -0], null]",
                |_, a| Ok(a[0].clone())
            ),
            Ok(r#"{"1":[1.0,1,1.00],"2.5":[2.50,2.5],"0":[0.0,-0]}"#.into())
        );
    }

    #[test]
    fn a_number_and_a_string_of_the_same_text_are_an_error() {
        assert_eq!(
            call_with(&DEF, r#"[["1", 1.0], null]"#, |_, a| Ok(a[0].clone())),
            Err("E0404".into())
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
