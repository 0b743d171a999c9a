//! Writing a record's result straight to JSON text.
//!
//! The result of a mapping is usually an object literal whose fields are
//! written once and never read again. Building it as a value only to walk
//! it for output costs a map, its members and their drop; instead, an
//! object literal with static, unique keys (`ObjectPlan::keys_unique`) is
//! written field by field as each value is computed, and so are the object
//! literals nested in it. Anything else is evaluated and then written.
//! The text and the errors are exactly those of evaluating, then writing.

use ferry_dsl::Span;

use super::{Cx, budget, eval, operand};
use crate::error::Raise;
use crate::plan::{Entry, Key, Node, NodeKind, ObjectPlan};
use crate::value::{Val, write_json_string, write_json_within};

/// Evaluates `node` and appends its compact JSON text to `out`, which may
/// grow to `end` bytes (the memory budget). On error, `out` may hold part
/// of the text: the caller cuts it back.
pub(super) fn emit<'a>(
    cx: &mut Cx<'a>,
    node: &'a Node,
    out: &mut Vec<u8>,
    end: usize,
) -> Result<(), Raise> {
    match &node.kind {
        NodeKind::Object(plan) if plan.keys_unique => {
            object(cx, plan, node.span, out, end).map_err(|e| e.with_span(node.span))
        }
        NodeKind::Let { slot, value, body } => {
            let v = eval(cx, value).map_err(|e| e.with_span(node.span))?;
            cx.set_local(*slot, v);
            emit(cx, body, out, end).map_err(|e| e.with_span(node.span))
        }
        _ => {
            let v = operand(cx, node)?;
            write(cx, out, &v, end)
        }
    }
}

/// Writes a value, within the record's memory budget.
fn write(cx: &Cx<'_>, out: &mut Vec<u8>, v: &Val<'_>, end: usize) -> Result<(), Raise> {
    if write_json_within(out, v, end) {
        Ok(())
    } else {
        Err(budget::output_too_large(cx.budget.max_memory()))
    }
}

fn object<'a>(
    cx: &mut Cx<'a>,
    plan: &'a ObjectPlan,
    span: Span,
    out: &mut Vec<u8>,
    end: usize,
) -> Result<(), Raise> {
    out.push(b'{');
    let mut first = true;
    for (index, entry) in plan.entries.iter().enumerate() {
        // `keys_unique` promises static keys and no spread.
        let Entry::Field {
            key: Key::Static(name),
            optional,
            value,
        } = entry
        else {
            continue;
        };
        if !first {
            out.push(b',');
        }
        if *optional {
            // Whether the field is written depends on its value.
            let v = operand(cx, value)?;
            if v.is_null() {
                if first {
                    continue;
                }
                // Take back the separator written for it.
                out.pop();
                continue;
            }
            write_json_string(out, name);
            out.push(b':');
            write(cx, out, &v, end)?;
        } else {
            write_json_string(out, name);
            out.push(b':');
            emit(cx, value, out, end)?;
        }
        first = false;
        if let Some(hits) = &mut cx.hits {
            hits.hit(span, index as u32);
        }
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Mapping;
    use serde_json::json;

    /// Streams `map` over `input` and checks the text is that of the value.
    fn streamed(map: &str, input: serde_json::Value) -> String {
        let mapping = Mapping::compile_str(map).unwrap();
        let mut out = b"before;".to_vec();
        let streamed = mapping.apply_to_json(&input, &mut out, false);
        let built = mapping.apply(&input);
        match (streamed, built) {
            (Ok(()), Ok(value)) => {
                let text = String::from_utf8(out[7..].to_vec()).unwrap();
                assert_eq!(text, value.to_string(), "{map}");
                text
            }
            (Err(a), Err(b)) => {
                assert_eq!(out, b"before;", "output cut back on error");
                assert_eq!(a.to_string(), b.to_string());
                format!("error {}", a.code())
            }
            (a, b) => panic!("{map}: streamed {a:?}, built {b:?}"),
        }
    }

    #[test]
    fn optional_fields_are_left_out_wherever_they_are() {
        let input = json!({"a": 1, "n": null});
        assert_eq!(streamed("{ x?: $.n, y: $.a }", input.clone()), r#"{"y":1}"#);
        assert_eq!(
            streamed("{ x: $.a, y?: $.n, z: 2 }", input.clone()),
            r#"{"x":1,"z":2}"#
        );
        assert_eq!(streamed("{ x: $.a, y?: $.n }", input.clone()), r#"{"x":1}"#);
        assert_eq!(streamed("{ x?: $.n, y?: $.n }", input.clone()), "{}");
        assert_eq!(streamed("{ x?: $.a }", input), r#"{"x":1}"#);
    }

    #[test]
    fn nested_literals_lets_and_other_values_stream_alike() {
        let input = json!({"a": [1, 2], "s": "q\"uote", "o": {"k": 1.50}});
        streamed(
            "{ a: { b: { c: $.a }, d: $.s }, e: $.o, f: [for x in $.a => { v: x }] }",
            input.clone(),
        );
        streamed("let t = len($.a); { t: t, u: { t: t } }", input.clone());
        streamed("$.o", input.clone());
        streamed("{ ...$.o, k: 2 }", input.clone());
        streamed("{ \"${$.s}\": 1, b: 2 }", input);
    }

    #[test]
    fn an_error_in_a_nested_field_leaves_no_output() {
        let input = json!({"a": "x"});
        assert_eq!(
            streamed("{ ok: 1, deep: { n: $.a * 2 } }", input.clone()),
            "error E0401"
        );
        assert_eq!(streamed("{ ok: 1, n?: number($.a) }", input), "error E0404");
    }
}
