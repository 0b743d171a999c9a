//! `merge_patch(target, patch)`: a JSON Merge Patch (RFC 7386) applied.
//!
//! Errors: `E0504` beyond 1,000,000 members or 512 levels of nesting.

use super::support::check_items;
use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "merge_patch",
    family: "objects",
    params: &[param("target", "any"), param("patch", "any")],
    variadic: false,
    returns: "any",
    summary: "The target with a JSON Merge Patch applied, exactly as RFC 7386 defines it.",
    details: "When the patch is an object, each of its members changes the target: a null \
              value deletes the member, an object value patches the member recursively \
              (starting from `{}` when the member is missing or not an object), any other \
              value replaces it. A target that is not an object (null included) is treated \
              as `{}` by an object patch. A patch that is not an object (an array, a string, \
              null…) replaces the target as a whole. Unlike other functions, a null target \
              does not give null: `merge_patch(null, {\"a\": 1})` is `{\"a\": 1}`, as the RFC \
              says. Applying the same patch twice gives what applying it once does. New \
              members go at the end, changed ones keep their place.",
    null_subject: NullPolicy::Accept,
    examples: &[
        example(
            r#"merge_patch({"title": "Hi", "author": {"given": "Jo", "family": "Doe"}, "tags": ["a"]}, {"title": "Hello", "author": {"family": null}, "tags": ["b"]})"#,
            r#"{"title":"Hello","author":{"given":"Jo"},"tags":["b"]}"#,
        ),
        example(
            r#"merge_patch({"a": 1}, {"b": {"c": null}})"#,
            r#"{"a":1,"b":{}}"#,
        ),
        example(r#"merge_patch({"a": 1}, ["x"])"#, r#"["x"]"#),
        example(r#"merge_patch(null, {"a": 1})"#, r#"{"a":1}"#),
        failing(r#"merge_patch({"a": 1})"#, "E0203"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    apply(args.get(0), args.get(1), 1)
}

/// RFC 7386 `MergePatch(target, patch)`.
pub(super) fn apply<'a>(target: &Val<'a>, patch: &Val<'a>, depth: usize) -> Result<Val<'a>, Raise> {
    let Val::Obj(patch) = patch else {
        return Ok(patch.clone());
    };
    check_nesting(depth)?;
    let mut map = match target {
        Val::Obj(o) => o.to_map(),
        _ => ObjMap::new(),
    };
    for (k, v) in patch.iter() {
        if v.is_null() {
            map.remove(&k);
        } else {
            let current = map.get(&k).cloned().unwrap_or(Val::Null);
            let patched = apply(&current, &v, depth + 1)?;
            map.insert(k, patched);
        }
    }
    check_items(map.len())?;
    Ok(Val::object(map))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{call, json, ok};
    use proptest::prelude::*;

    /// The examples of RFC 7386, appendix A.
    #[test]
    fn rfc_7386_appendix_a() {
        for (target, patch, result) in [
            (r#"{"a":"b"}"#, r#"{"a":"c"}"#, r#"{"a":"c"}"#),
            (r#"{"a":"b"}"#, r#"{"b":"c"}"#, r#"{"a":"b","b":"c"}"#),
            (r#"{"a":"b"}"#, r#"{"a":null}"#, "{}"),
            (r#"{"a":"b","b":"c"}"#, r#"{"a":null}"#, r#"{"b":"c"}"#),
            (r#"{"a":["b"]}"#, r#"{"a":"c"}"#, r#"{"a":"c"}"#),
            (r#"{"a":"c"}"#, r#"{"a":["b"]}"#, r#"{"a":["b"]}"#),
            (
                r#"{"a":{"b":"c"}}"#,
                r#"{"a":{"b":"d","c":null}}"#,
                r#"{"a":{"b":"d"}}"#,
            ),
            (r#"{"a":[{"b":"c"}]}"#, r#"{"a":[1]}"#, r#"{"a":[1]}"#),
            (r#"["a","b"]"#, r#"["c","d"]"#, r#"["c","d"]"#),
            (r#"{"a":"b"}"#, r#"["c"]"#, r#"["c"]"#),
            (r#"{"a":"foo"}"#, "null", "null"),
            (r#"{"a":"foo"}"#, r#""bar""#, r#""bar""#),
            (r#"{"e":null}"#, r#"{"a":1}"#, r#"{"e":null,"a":1}"#),
            (r#"[1,2]"#, r#"{"a":"b","c":null}"#, r#"{"a":"b"}"#),
            ("{}", r#"{"a":{"bb":{"ccc":null}}}"#, r#"{"a":{"bb":{}}}"#),
        ] {
            ok(&DEF, &format!("[{target}, {patch}]"), result);
        }
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            (-3i64..3).prop_map(serde_json::Value::from),
            "[xy]".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 20, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[a-c]", inner), 0..4)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn applying_a_patch_twice_is_applying_it_once(target in value(), patch in value()) {
            let once = call(&DEF, &format!("[{target}, {patch}]")).unwrap();
            let twice = call(&DEF, &format!("[{once}, {patch}]")).unwrap();
            prop_assert_eq!(json(&once), json(&twice));
        }
    }
}
