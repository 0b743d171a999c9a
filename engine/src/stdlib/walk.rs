//! `walk(value, x -> value)`: the function applied to every value inside,
//! bottom-up, as jq's `walk`.
//!
//! Errors: `E0504` beyond 512 levels of nesting; any error the function
//! raises.

use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, param};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "walk",
    family: "objects",
    params: &[param("value", "any"), lambda("f", "x -> value", 1)],
    variadic: false,
    returns: "any",
    summary: "The value rebuilt bottom-up: the function is applied to every member and element, innermost first, then to the value itself.",
    details: "As jq's `walk`: the elements of an array and the member values of an object are \
              walked first, then the function receives the rebuilt array or object (so it sees \
              its children already transformed), then the result takes its place. Every value \
              is passed, scalars and nulls inside included; return `x` unchanged for values \
              the function does not care about, e.g. `walk($, x -> if type_of(x) == \"string\" \
              then trim(x) else x)`. Object keys and order are kept; a null result stays as \
              null. A null `value` gives null without calling the function.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"walk({"a": " x ", "b": [" y ", 1]}, x -> if type_of(x) == "string" then trim(x) else x)"#,
            r#"{"a":"x","b":["y",1]}"#,
        ),
        example(
            "walk([1, [2, 3]], x -> if type_of(x) == \"number\" then x * 10 else x)",
            "[10,[20,30]]",
        ),
        example(
            r#"walk({"a": [3, 1, 2]}, x -> if type_of(x) == "array" then sort(x) else x)"#,
            r#"{"a":[1,2,3]}"#,
        ),
        failing(r#"walk({"a": "x"}, x -> x + 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0).clone();
    walk(args, value, 1)
}

fn walk<'a>(args: &mut Args<'_, 'a>, value: Val<'a>, depth: usize) -> Result<Val<'a>, Raise> {
    check_nesting(depth)?;
    let rebuilt = match &value {
        Val::Arr(a) => {
            let mut items = Vec::with_capacity(a.len());
            for item in a.iter() {
                items.push(walk(args, item, depth + 1)?);
            }
            Val::array(items)
        }
        Val::Obj(o) => {
            let mut map = ObjMap::with_capacity(o.len());
            for (k, v) in o.iter() {
                let v = walk(args, v, depth + 1)?;
                map.push_unique(k, v);
            }
            Val::object(map)
        }
        _ => value,
    };
    args.call(1, &[rebuilt])
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::call_with;
    use crate::value::Val;

    #[test]
    fn visits_every_value_innermost_first() {
        let mut seen = Vec::new();
        let result = call_with(
            &DEF,
            r#"[{"a": [1, {"b": null}], "c": 2}, null]"#,
            |_, a| {
                seen.push(crate::stdlib::testing::show(&a[0]));
                Ok(a[0].clone())
            },
        );
        assert_eq!(result, Ok(r#"{"a":[1,{"b":null}],"c":2}"#.into()));
        assert_eq!(
            seen,
            [
                "1",
                "null",
                r#"{"b":null}"#,
                r#"[1,{"b":null}]"#,
                "2",
                r#"{"a":[1,{"b":null}],"c":2}"#
            ]
        );
    }

    #[test]
    fn the_function_may_replace_containers() {
        assert_eq!(
            call_with(&DEF, r#"[[[1], [2, 3]], null]"#, |_, a| Ok(match &a[0] {
                Val::Arr(x) => Val::int(x.len() as i64),
                other => other.clone(),
            })),
            Ok("2".into())
        );
    }
}
