//! `compact(value)`: the value without nulls, empty strings, and the
//! objects and arrays that are or become empty, at any depth.
//!
//! Errors: `E0504` beyond 512 levels of nesting.

use super::tree::check_nesting;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "compact",
    family: "objects",
    params: &[param("value", "any")],
    variadic: false,
    returns: "any",
    summary: "The value with null, `\"\"`, `{}` and `[]` members and elements removed at every depth, including objects and arrays left empty by the removal.",
    details: "Like VRL's `compact`. Inside objects and arrays, a member or element is dropped \
              when it is null, the empty string, or an object or array that is empty once \
              compacted itself (`{\"a\": {\"b\": null}}` loses `a`). Everything else is kept, \
              `false`, `0` and `\" \"` included; order is kept. The value itself is never \
              dropped: an object or array that ends up empty gives `{}` or `[]`, and a scalar \
              is returned as it is.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"compact({"a": null, "b": "", "c": {"d": null, "e": []}, "f": 0, "g": false, "h": [1, null, ""]})"#,
            r#"{"f":0,"g":false,"h":[1]}"#,
        ),
        example(r#"compact([{"a": null}, {}, [[]], "x"])"#, r#"["x"]"#),
        example(r#"compact({"a": {"b": null}})"#, "{}"),
        example(r#"compact("")"#, r#""""#),
        failing("compact()", "E0203"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = args.get(0);
    match value {
        Val::Obj(_) | Val::Arr(_) => Ok(compact(value, 1)?.unwrap_or_else(|| match value {
            Val::Arr(_) => Val::array(Vec::new()),
            _ => Val::object(ObjMap::new()),
        })),
        other => Ok(other.clone()),
    }
}

/// The compacted value, or `None` when it is to be dropped.
fn compact<'a>(value: &Val<'a>, depth: usize) -> Result<Option<Val<'a>>, Raise> {
    Ok(match value {
        Val::Null => None,
        Val::Str(s) if s.as_str().is_empty() => None,
        Val::Obj(o) => {
            check_nesting(depth)?;
            let mut map = ObjMap::with_capacity(o.len());
            for (k, v) in o.iter() {
                if let Some(v) = compact(&v, depth + 1)? {
                    map.push_unique(k, v);
                }
            }
            if map.is_empty() {
                None
            } else {
                Some(Val::object(map))
            }
        }
        Val::Arr(a) => {
            check_nesting(depth)?;
            let mut items = Vec::with_capacity(a.len());
            for item in a.iter() {
                if let Some(v) = compact(&item, depth + 1)? {
                    items.push(v);
                }
            }
            if items.is_empty() {
                None
            } else {
                Some(Val::array(items))
            }
        }
        other => Some(other.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn removal_cascades_upwards() {
        ok(
            &DEF,
            r#"[{"a": [{"b": [null, {}]}], "c": 1}]"#,
            r#"{"c": 1}"#,
        );
        ok(&DEF, r#"[[null, [null, ""]]]"#, "[]");
        ok(&DEF, r#"[{"a": " ", "b": [0]}]"#, r#"{"a": " ", "b": [0]}"#);
        ok(&DEF, "[5]", "5");
        ok(&DEF, "[null]", "null");
    }
}
