//! `set_path(value, path, new)`: the value with the member or element at
//! `path` set to `new`, missing objects created on the way.
//!
//! Errors: `E0401` when `path` is not a path or runs into a value that
//! cannot hold the next step (a number, a string, an object addressed by
//! an index, an array addressed by a name); `E0404` for an index past the
//! end of an array; `E0504` beyond the size limits.

use super::support::check_items;
use super::tree::{Seg, check_nesting, parse_path, resolve, show_path};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "set_path",
    family: "objects",
    params: &[
        param("value", "object or array"),
        param("path", "string or array"),
        param("new", "any"),
    ],
    variadic: false,
    returns: "object or array",
    summary: "A copy of the value with the member or element at `path` set to `new`, creating missing objects on the way.",
    details: "The path is an array of steps, member names (strings) and element indexes \
              (integers, negative from the end): `[\"lines\", 0, \"sku\"]`; or a dotted \
              string, `\"lines.0.sku\"`, where a segment of digits is an index when the value \
              there is an array and a member name otherwise (use the array form for names \
              with dots, or digit names inside arrays). A missing or null member on the way \
              becomes an object (`set_path({}, \"a.b\", 1)` is `{\"a\": {\"b\": 1}}`). An index \
              equal to the array's length appends; one further past the end is `E0404` (arrays \
              are never padded with nulls). Stepping into a number, string or boolean, into an \
              array by name or into an object by array-form index is `E0401`. An empty path \
              (`[]` or `\"\"`) replaces the whole value. The other members keep their order; \
              a new member goes at the end.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"set_path({"a": {"b": 1}}, "a.c.d", 2)"#,
            r#"{"a":{"b":1,"c":{"d":2}}}"#,
        ),
        example(
            r#"set_path({"lines": [{"sku": "A"}, {"sku": "B"}]}, ["lines", 1, "qty"], 3)"#,
            r#"{"lines":[{"sku":"A"},{"sku":"B","qty":3}]}"#,
        ),
        example(
            r#"set_path({"xs": [1, 2]}, "xs.2", 3)"#,
            r#"{"xs":[1,2,3]}"#,
        ),
        failing(r#"set_path({"xs": [1]}, "xs.5", 3)"#, "E0404"),
        failing(r#"set_path({"a": 5}, "a.b", 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let path = parse_path(args.get(1), 1)?;
    set(args.get(0), &path, 0, args.get(2))
}

fn set<'a>(value: &Val<'a>, path: &[Seg], at: usize, new: &Val<'a>) -> Result<Val<'a>, Raise> {
    let Some(step) = path.get(at) else {
        return Ok(new.clone());
    };
    check_nesting(at + 1)?;
    let here = || show_path(&path[..=at]);
    match (value, step.key(), step.index()) {
        (Val::Obj(o), Some(key), _) => {
            let child = o.get(key).unwrap_or(Val::Null);
            let mut map = o.to_map();
            map.insert(Str::from(key.to_owned()), set(&child, path, at + 1, new)?);
            check_items(map.len())?;
            Ok(Val::object(map))
        }
        (Val::Null, Some(key), _) => {
            let mut map = ObjMap::new();
            map.push_unique(
                Str::from(key.to_owned()),
                set(&Val::Null, path, at + 1, new)?,
            );
            Ok(Val::object(map))
        }
        (Val::Arr(a), _, Some(index)) => {
            let mut items = a.to_vec();
            let slot = match resolve(index, items.len()) {
                Some(i) => i,
                None if usize::try_from(index).ok() == Some(items.len()) => {
                    items.push(Val::Null);
                    check_items(items.len())?;
                    items.len() - 1
                }
                None => {
                    return Err(Raise::invalid(
                        format!(
                            "index {index} at {} is past the end of an array of {} elements",
                            here(),
                            items.len()
                        ),
                        value,
                    )
                    .at_arg(1));
                }
            };
            items[slot] = set(&items[slot], path, at + 1, new)?;
            Ok(Val::array(items))
        }
        (Val::Null, None, Some(0)) => Ok(Val::array(vec![set(&Val::Null, path, at + 1, new)?])),
        (Val::Null, None, Some(index)) => Err(Raise::invalid(
            format!(
                "index {index} at {} is past the end of a missing array",
                here()
            ),
            value,
        )
        .at_arg(1)),
        (other, _, _) => {
            let expected = if step.key().is_some() {
                format!("an object at {}", here())
            } else {
                format!("an array at {}", here())
            };
            Err(Raise::type_mismatch(&expected, other).at_arg(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn dotted_digits_are_indexes_only_in_arrays() {
        ok(&DEF, r#"[{"a": {}}, "a.0", 1]"#, r#"{"a": {"0": 1}}"#);
        ok(&DEF, r#"[{"a": [5]}, "a.0", 1]"#, r#"{"a": [1]}"#);
        ok(&DEF, r#"[{}, "a.0.b", 1]"#, r#"{"a": {"0": {"b": 1}}}"#);
    }

    #[test]
    fn array_form_indexes() {
        ok(&DEF, r#"[[1, 2, 3], [-1], 9]"#, "[1, 2, 9]");
        ok(&DEF, r#"[{}, ["a", 0], 9]"#, r#"{"a": [9]}"#);
        err(&DEF, r#"[{}, ["a", 1], 9]"#, "E0404");
        err(&DEF, r#"[[1], [-2], 9]"#, "E0404");
        err(&DEF, r#"[{"a": 1}, [0], 9]"#, "E0401");
        err(&DEF, r#"[[1], ["a"], 9]"#, "E0401");
        err(&DEF, r#"[[1], [0.5], 9]"#, "E0404");
        err(&DEF, r#"[[1], [true], 9]"#, "E0401");
    }

    #[test]
    fn the_empty_path_replaces_the_value_and_order_is_kept() {
        ok(&DEF, r#"[{"a": 1}, "", 2]"#, "2");
        ok(&DEF, r#"[{"a": 1}, [], 2]"#, "2");
        ok(&DEF, r#"[{"a": 1, "b": 2}, "a", 3]"#, r#"{"a": 3, "b": 2}"#);
        ok(&DEF, r#"[{"a": 1}, ["a.b"], 3]"#, r#"{"a": 1, "a.b": 3}"#);
        ok(&DEF, r#"[null, "a", 3]"#, "null");
        err(&DEF, r#"[{"a": 1}, "a..b", 3]"#, "E0404");
        err(&DEF, r#"[{"a": 1}, 5, 3]"#, "E0401");
    }
}
