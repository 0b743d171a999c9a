//! `map_keys(object, k -> key, recursive?)`: the object with its keys
//! renamed by a function.
//!
//! Errors: `E0401` on wrong types or when the function returns something
//! other than a string or number; `E0404` when two keys become the same;
//! `E0504` beyond 512 levels of nesting; any error the function raises.

use std::collections::HashMap;

use super::support::key_text;
use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, optional, param};
use crate::error::Raise;
use crate::value::{Obj, ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "map_keys",
    family: "objects",
    params: &[
        param("object", "object"),
        lambda("f", "k -> key", 1),
        optional("recursive", "boolean"),
    ],
    variadic: false,
    returns: "object",
    summary: "The object with each key replaced by what the function returns for it; with `recursive` true, the keys of nested objects too.",
    details: "The function receives the key (a string) and returns the new one: a string, or \
              a number, used as its text. Values and member order are kept. With `recursive` \
              true (default false) the renaming descends into member values at any depth: \
              nested objects, and objects inside arrays (arrays of arrays too); scalars are \
              left alone. If two keys of one object become the same key, that is `E0404` \
              naming both, never a silent loss.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"map_keys({"First Name": "Jo", "Last Name": "Doe"}, k -> lower(replace(k, " ", "_")))"#,
            r#"{"first_name":"Jo","last_name":"Doe"}"#,
        ),
        example(
            r#"map_keys({"a": {"b": 1}, "c": [{"d": 2}]}, k -> upper(k), true)"#,
            r#"{"A":{"B":1},"C":[{"D":2}]}"#,
        ),
        example(
            r#"map_keys({"a": {"b": 1}}, k -> upper(k))"#,
            r#"{"A":{"b":1}}"#,
        ),
        failing(r#"map_keys({"a": 1, "A": 2}, k -> lower(k))"#, "E0404"),
        failing(r#"map_keys({"a": 1}, k -> null)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let recursive = if args.has(2) { args.bool(2)? } else { false };
    rename(args, &object, recursive, 1)
}

fn rename<'a>(
    args: &mut Args<'_, 'a>,
    object: &Obj<'a>,
    recursive: bool,
    depth: usize,
) -> Result<Val<'a>, Raise> {
    check_nesting(depth)?;
    let mut map = ObjMap::with_capacity(object.len());
    // New key → the old key it came from, to name both in a collision.
    let mut origin: HashMap<String, Str<'a>> = HashMap::with_capacity(object.len());
    for (k, v) in object.iter() {
        let renamed = args.call(1, &[Val::Str(k.clone())])?;
        let new_key = key_text(&renamed, 1)?;
        if let Some(first) = origin.get(&new_key) {
            return Err(Raise::invalid(
                format!(
                    "the keys {:?} and {:?} both become {new_key:?}",
                    first.as_str(),
                    k.as_str()
                ),
                &renamed,
            )
            .at_arg(1));
        }
        let v = if recursive {
            descend(args, v, depth + 1)?
        } else {
            v
        };
        origin.insert(new_key.clone(), k);
        map.push_unique(Str::from(new_key), v);
    }
    Ok(Val::object(map))
}

fn descend<'a>(args: &mut Args<'_, 'a>, value: Val<'a>, depth: usize) -> Result<Val<'a>, Raise> {
    match &value {
        Val::Obj(o) => rename(args, o, true, depth),
        Val::Arr(a) => {
            check_nesting(depth)?;
            let mut items = Vec::with_capacity(a.len());
            for item in a.iter() {
                items.push(descend(args, item, depth + 1)?);
            }
            Ok(Val::array(items))
        }
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    /// snake_case to camelCase, as a mapping's function would do it.
    fn camel<'v>(_: usize, a: &[Val<'v>]) -> Result<Val<'v>, crate::error::Raise> {
        let key = a[0].as_str().unwrap_or_default();
        let mut out = String::new();
        let mut upper = false;
        for c in key.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        Ok(Val::string(out))
    }

    #[test]
    fn recursive_renaming_reaches_arrays_of_objects() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[{"order_id": 1, "line_items": [{"unit_price": 2, "tags": ["a_b"]}, [{"x_y": 1}]]}, null, true]"#,
                camel
            ),
            Ok(r#"{"orderId":1,"lineItems":[{"unitPrice":2,"tags":["a_b"]},[{"xY":1}]]}"#.into())
        );
    }

    #[test]
    fn collisions_name_both_keys() {
        let result = call_with(&DEF, r#"[{"a_b": 1, "aB": 2}, null]"#, camel);
        assert_eq!(result, Err("E0404".into()));
    }

    #[test]
    fn numbers_are_keys_and_other_results_are_not() {
        assert_eq!(
            call_with(&DEF, r#"[{"a": 1, "b": 2}, null]"#, |_, a| Ok(Val::int(
                a[0].as_str().map_or(0, str::len) as i64 + i64::from(a[0].as_str() == Some("b"))
            ))),
            Ok(r#"{"1":1,"2":2}"#.into())
        );
        assert_eq!(
            call_with(&DEF, r#"[{"a": 1}, null]"#, |_, _| Ok(Val::Bool(true))),
            Err("E0401".into())
        );
        assert_eq!(
            call_with(&DEF, r#"[{"a": 1}, null, "yes"]"#, |_, a| Ok(a[0].clone())),
            Err("E0401".into())
        );
    }
}
