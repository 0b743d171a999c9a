//! `parse_json(text)`: the value a JSON text holds.
//!
//! Errors: `E0401` when `text` is not a string; `E0404` when it is not
//! valid JSON, nests deeper than 128 levels, or holds a number out of
//! range.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{Num, ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "parse_json",
    family: "types",
    params: &[param("text", "string")],
    variadic: false,
    returns: "any",
    summary: "The value the JSON text holds (for payloads that embed JSON in a string).",
    details: "Strict JSON (RFC 8259): no comments or trailing commas; surrounding white space \
              is allowed. Numbers stay exact (`1.10` keeps its scale). Nesting is limited to \
              128 levels. The error message gives the line and column of the problem.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"parse_json("{\"a\": [1, 1.10, null]}")"#,
            r#"{"a":[1,1.10,null]}"#,
        ),
        example(r#"parse_json("\"x\"")"#, r#""x""#),
        failing(r#"parse_json("{\"a\": }")"#, "E0404"),
        failing(r#"parse_json("[1,]")"#, "E0404"),
        failing("parse_json(1)", "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Raise::invalid(format!("invalid JSON: {e}"), args.get(0)).at_arg(0))?;
    owned(value).map_err(|e| e.with_culprit(args.get(0)).at_arg(0))
}

/// Converts a parsed document into built values (they cannot borrow a
/// document that lives only during this call).
fn owned<'a>(value: serde_json::Value) -> Result<Val<'a>, Raise> {
    Ok(match value {
        serde_json::Value::Null => Val::Null,
        serde_json::Value::Bool(b) => Val::Bool(b),
        serde_json::Value::Number(n) => match Num::parse(n.as_str()) {
            Some(n) => Val::Num(n),
            None => {
                return Err(Raise::invalid(
                    format!("number {n} is out of range"),
                    &Val::Null,
                ));
            }
        },
        serde_json::Value::String(s) => Val::string(s),
        serde_json::Value::Array(items) => {
            Val::array(items.into_iter().map(owned).collect::<Result<_, _>>()?)
        }
        serde_json::Value::Object(members) => {
            let mut map = ObjMap::with_capacity(members.len());
            for (k, v) in members {
                map.push_unique(Str::from(k), owned(v)?);
            }
            Val::object(map)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        err(&DEF, &format!(r#"["{deep}"]"#), "E0404");
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        ok(&DEF, &format!(r#"["{fine}"]"#), &fine);
    }

    #[test]
    fn member_order_and_big_numbers_are_kept() {
        ok(
            &DEF,
            r#"["{\"b\":1,\"a\":12345678901234567890}"]"#,
            r#"{"b":1,"a":12345678901234567890}"#,
        );
    }
}
