//! `get_path(value, path)`: the member or element at `path`, or null when
//! the path leads nowhere (jq `getpath`): reading at a path computed per
//! record, the counterpart of `set_path` and `delete_paths`.
//!
//! Errors: `E0401` when `path` is not a path.

use super::tree::{Seg, parse_path, resolve};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "get_path",
    family: "objects",
    params: &[param("value", "any"), param("path", "string or array")],
    variadic: false,
    returns: "any",
    summary: "The member or element at `path`, or null when the path leads nowhere.",
    details: "The path is written as for `set_path`: an array of member names and element \
              indexes (negative from the end), `[\"lines\", 0, \"sku\"]`, or a dotted string, \
              `\"lines.0.sku\"`, where a segment of digits is an index when the value there is \
              an array and a member name otherwise. A missing member, an index outside the \
              array, or a step into a scalar gives null, as a path written in the mapping \
              does (`$.a.b` of `{\"a\": 5}` is null). An empty path gives the value itself.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"get_path({"lines": [{"sku": "A"}, {"sku": "B"}]}, "lines.1.sku")"#,
            r#""B""#,
        ),
        example(r#"get_path({"a": {"b c": 1}}, ["a", "b c"])"#, "1"),
        example(r#"get_path({"xs": [1, 2, 3]}, ["xs", -1])"#, "3"),
        example(r#"get_path({"a": 5}, "a.b")"#, "null"),
        failing(r#"get_path({"a": 1}, 7)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let path = parse_path(args.get(1), 1)?;
    Ok(get(args.get(0), &path))
}

/// What `path` reaches in `value`.
fn get<'a>(value: &Val<'a>, path: &[Seg]) -> Val<'a> {
    let mut here = value.clone();
    for step in path {
        here = match (&here, step.key(), step.index()) {
            (Val::Obj(o), Some(key), _) => o.get(key).unwrap_or(Val::Null),
            (Val::Arr(a), _, Some(index)) => resolve(index, a.len())
                .and_then(|i| a.get(i))
                .unwrap_or(Val::Null),
            _ => return Val::Null,
        };
    }
    here
}

#[cfg(test)]
mod tests {
    use crate::Mapping;
    use serde_json::json;

    fn eval(expr: &str, input: serde_json::Value) -> serde_json::Value {
        Mapping::compile_str(expr).unwrap().apply(&input).unwrap()
    }

    #[test]
    fn reads_what_set_path_writes() {
        let input = json!({"p": "customer.address.city"});
        let out = eval(r#"get_path(set_path({}, $.p, "Porto"), $.p)"#, input);
        assert_eq!(out, json!("Porto"));
    }

    #[test]
    fn digits_are_names_in_objects_and_indexes_in_arrays() {
        let doc = json!({"m": {"0": "zero"}, "xs": ["a"]});
        assert_eq!(eval(r#"get_path($, "m.0")"#, doc.clone()), json!("zero"));
        assert_eq!(eval(r#"get_path($, "xs.0")"#, doc.clone()), json!("a"));
        assert_eq!(eval(r#"get_path($, "xs.1")"#, doc.clone()), json!(null));
        assert_eq!(eval(r#"get_path($, [])"#, doc.clone()), doc);
    }
}
