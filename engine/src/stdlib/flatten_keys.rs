//! `flatten_keys(object, separator?)`: nested objects and arrays as one
//! level of dotted keys.
//!
//! Errors: `E0401` on wrong types; `E0404` for an empty separator or two
//! members that flatten to the same key; `E0504` beyond the size limits.

use super::support::{check_items, check_string_size};
use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "flatten_keys",
    family: "objects",
    params: &[param("object", "object"), optional("separator", "string")],
    variadic: false,
    returns: "object",
    summary: "The object with nested objects and arrays flattened into one level, their keys joined by `separator` (default `.`).",
    details: "Like VRL's `flatten` or Bloblang's `collapse`: a nested member's key is the path \
              to it, member names and array indexes joined by the separator \
              (`{\"a\": {\"b\": 1}, \"c\": [1, 2]}` gives `{\"a.b\": 1, \"c.0\": 1, \"c.1\": 2}`). \
              Scalars, and empty objects and arrays, are values: `{\"a\": {}}` stays as it is. \
              Keys come in document order. Two members that flatten to the same key \
              (`{\"a.b\": 1, \"a\": {\"b\": 2}}`) are `E0404`, never a silent loss. \
              `unflatten_keys` is the inverse.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"flatten_keys({"a": {"b": 1}, "c": [1, 2]})"#,
            r#"{"a.b":1,"c.0":1,"c.1":2}"#,
        ),
        example(
            r#"flatten_keys({"user": {"name": "Jo", "tags": [], "meta": {}}}, "_")"#,
            r#"{"user_name":"Jo","user_tags":[],"user_meta":{}}"#,
        ),
        example(r#"flatten_keys({"a": 1})"#, r#"{"a":1}"#),
        failing(r#"flatten_keys({"a.b": 1, "a": {"b": 2}})"#, "E0404"),
        failing(r#"flatten_keys([1, 2])"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let separator = if args.has(1) { args.str(1)? } else { "." };
    if separator.is_empty() {
        return Err(Raise::invalid("the separator is empty", args.get(1)).at_arg(1));
    }
    let mut out = ObjMap::with_capacity(object.len());
    let mut key = String::new();
    for (k, v) in object.iter() {
        key.clear();
        key.push_str(&k);
        descend(&mut key, v, separator, &mut out, 1)?;
    }
    Ok(Val::object(out))
}

/// Adds `value` under `key`, or its members under `key` + separator + name.
fn descend<'a>(
    key: &mut String,
    value: Val<'a>,
    separator: &str,
    out: &mut ObjMap<'a>,
    depth: usize,
) -> Result<(), Raise> {
    check_nesting(depth)?;
    let len = key.len();
    match &value {
        Val::Obj(o) if !o.is_empty() => {
            for (k, v) in o.iter() {
                key.push_str(separator);
                key.push_str(&k);
                descend(key, v, separator, out, depth + 1)?;
                key.truncate(len);
            }
        }
        Val::Arr(a) if !a.is_empty() => {
            for (i, v) in a.iter().enumerate() {
                key.push_str(separator);
                key.push_str(&i.to_string());
                descend(key, v, separator, out, depth + 1)?;
                key.truncate(len);
            }
        }
        _ => {
            if out.get(key).is_some() {
                return Err(Raise::invalid(
                    format!("two members flatten to the same key {key:?}"),
                    &value,
                )
                .at_arg(0));
            }
            check_string_size(key.len())?;
            out.push_unique(Str::from(key.clone()), value);
            check_items(out.len())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn deep_mixtures_flatten_in_document_order() {
        ok(
            &DEF,
            r#"[{"a": [{"b": [1, {"c": null}]}, []], "d": {"e": {"f": "x"}}, "g": 0}]"#,
            r#"{"a.0.b.0": 1, "a.0.b.1.c": null, "a.1": [], "d.e.f": "x", "g": 0}"#,
        );
    }

    #[test]
    fn separators_and_empty_keys() {
        ok(&DEF, r#"[{"a": {"b": 1}}, "::"]"#, r#"{"a::b": 1}"#);
        ok(&DEF, r#"[{"": {"": 1}}]"#, r#"{".": 1}"#);
        ok(&DEF, "[{}]", "{}");
        err(&DEF, r#"[{"a": 1}, ""]"#, "E0404");
        err(&DEF, r#"[{"a": 1}, 1]"#, "E0401");
    }
}
