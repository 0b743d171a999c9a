//! Building values: interpolated strings, array and object literals,
//! comprehensions.

use std::fmt::Write;

use ferry_dsl::Span;

use super::{Cx, branch, budget, eval, operand, pattern};
use crate::error::Raise;
use crate::plan::{Element, Entry, ForOutput, ForPlan, Key, Node, NodeKind, ObjectPlan, Piece};
use crate::value::{Num, ObjMap, Str, Val, write_json};

/// Appends a value's text to an interpolated string: strings as they are,
/// numbers as written, null as nothing, arrays and objects as compact JSON.
pub(super) fn append_text(out: &mut String, v: &Val<'_>) {
    match v {
        Val::Null => {}
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Str(s) => out.push_str(s),
        // As `string()` writes it: `1e3` is `1000`.
        Val::RawNum(n) => out.push_str(&crate::value::number_text(n)),
        Val::Num(Num::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        Val::Num(n) => {
            let _ = write!(out, "{n}");
        }
        Val::Arr(_) | Val::Obj(_) => {
            let mut bytes = Vec::new();
            write_json(&mut bytes, v);
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
}

#[inline(never)]
pub(super) fn interpolate<'a>(cx: &mut Cx<'a>, pieces: &'a [Piece]) -> Result<Val<'a>, Raise> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(node) => append_text(&mut out, &eval(cx, node)?),
        }
    }
    built(cx, Val::string(out))
}

/// Charges a value just built to the record's budget.
#[inline]
fn built<'a>(cx: &mut Cx<'a>, v: Val<'a>) -> Result<Val<'a>, Raise> {
    cx.budget.built_top(&v)?;
    Ok(v)
}

#[inline(never)]
pub(super) fn array<'a>(cx: &mut Cx<'a>, elements: &'a [Element]) -> Result<Val<'a>, Raise> {
    let mut items = Vec::with_capacity(elements.len());
    for element in elements {
        match element {
            Element::Item(node) => items.push(operand(cx, node)?),
            Element::Spread(node) => match eval(cx, node)? {
                Val::Null => {}
                Val::Arr(a) => items.extend(a.iter()),
                other => {
                    return Err(
                        Raise::type_mismatch("an array to spread with `...`", &other)
                            .with_span(node.span),
                    );
                }
            },
        }
    }
    built(cx, Val::array(items))
}

#[inline(never)]
pub(super) fn object<'a>(
    cx: &mut Cx<'a>,
    plan: &'a ObjectPlan,
    span: Span,
) -> Result<Val<'a>, Raise> {
    let mut map = ObjMap::with_capacity(plan.entries.len());
    for (index, entry) in plan.entries.iter().enumerate() {
        match entry {
            Entry::Field {
                key,
                optional,
                value,
            } => {
                let key = match key {
                    Key::Static(name) => Str::Borrowed(name),
                    Key::Computed(node) => match eval(cx, node)? {
                        Val::Str(s) => s,
                        other => {
                            return Err(
                                Raise::type_mismatch("a string key", &other).with_span(node.span)
                            );
                        }
                    },
                };
                let v = operand(cx, value)?;
                if *optional && v.is_null() {
                    continue;
                }
                if let Some(hits) = &mut cx.hits {
                    hits.hit(span, index as u32);
                }
                if plan.keys_unique {
                    map.push_unique(key, v)
                } else {
                    map.insert(key, v)
                }
            }
            Entry::Spread(node) => match eval(cx, node)? {
                Val::Null => {}
                Val::Obj(o) => {
                    for (k, v) in o.iter() {
                        map.insert(k, v);
                    }
                }
                other => {
                    return Err(
                        Raise::type_mismatch("an object to spread with `...`", &other)
                            .with_span(node.span),
                    );
                }
            },
        }
    }
    built(cx, Val::object(map))
}

/// Runs a comprehension. Iterating null gives nothing (an optional array
/// that is absent has no elements); other non-collections are errors.
#[inline(never)]
pub(super) fn comprehension<'a>(cx: &mut Cx<'a>, plan: &'a ForPlan) -> Result<Val<'a>, Raise> {
    let source = eval(cx, &plan.source)?;
    // At most one element per item: reserving that avoids regrowing.
    let mut array = match (&plan.output, &source) {
        (ForOutput::Array(_), Val::Arr(a)) => Vec::with_capacity(a.len()),
        _ => Vec::new(),
    };
    let spread = |node: &Node, what: &str, other: &Val<'_>| {
        Raise::type_mismatch(what, other).with_span(node.span)
    };
    let mut object = ObjMap::new();
    let mut step = |cx: &mut Cx<'a>, key: Val<'a>, value: Val<'a>| -> Result<(), Raise> {
        cx.budget.spend(1)?;
        if let Some(slot) = plan.key_slot {
            cx.set_local(slot, key);
        }
        cx.set_local(plan.value_slot, value);
        if let Some(filter) = &plan.filter {
            match eval(cx, filter)? {
                Val::Bool(true) => {}
                Val::Bool(false) => return Ok(()),
                other => {
                    return Err(
                        Raise::type_mismatch("a boolean condition", &other).with_span(filter.span)
                    );
                }
            }
        }
        match &plan.output {
            ForOutput::Array(body) => {
                if let Some(v) = element(cx, body)? {
                    cx.budget.build(budget::VAL_BYTES)?;
                    array.push(v);
                }
            }
            ForOutput::Splice(body) => match eval(cx, body)? {
                Val::Null => {}
                Val::Arr(a) => {
                    cx.budget.build(a.len() as u64 * budget::VAL_BYTES)?;
                    array.extend(a.iter());
                }
                other => return Err(spread(body, "an array to spread with `...`", &other)),
            },
            ForOutput::Merge(body) => match eval(cx, body)? {
                Val::Obj(o) => {
                    cx.budget.build(o.len() as u64 * budget::MEMBER_BYTES)?;
                    for (k, v) in o.iter() {
                        object.insert(k, v);
                    }
                }
                Val::Null => {}
                other => return Err(spread(body, "an object", &other)),
            },
            ForOutput::Object { key, value } => {
                let k = match eval(cx, key)? {
                    Val::Str(s) => s,
                    other => {
                        return Err(
                            Raise::type_mismatch("a string key", &other).with_span(key.span)
                        );
                    }
                };
                if let Some(v) = element(cx, value)? {
                    cx.budget.build(budget::MEMBER_BYTES)?;
                    object.insert(k, v);
                }
            }
        }
        Ok(())
    };
    match &source {
        Val::Null => {}
        Val::Arr(a) => {
            for (i, x) in a.iter().enumerate() {
                step(cx, Val::int(i as i64), x)?;
            }
        }
        Val::Obj(o) => {
            for (k, v) in o.iter() {
                step(cx, Val::Str(k), v)?;
            }
        }
        other => {
            return Err(Raise::type_mismatch("an array or object to iterate", other)
                .with_span(plan.source.span));
        }
    }
    // The elements were charged as they came.
    cx.budget.build(budget::HEADER_BYTES)?;
    Ok(if plan.output.is_array() {
        Val::array(array)
    } else {
        Val::object(object)
    })
}

/// Evaluates a comprehension's element: `None` when it is `skip`, which
/// may sit in the branches of an `if`, `match` or `let` there.
#[inline]
pub(super) fn element<'a>(cx: &mut Cx<'a>, node: &'a Node) -> Result<Option<Val<'a>>, Raise> {
    let result = match &node.kind {
        NodeKind::Skip => return Ok(None),
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            let taken = branch(cx, node, cond)?;
            element(cx, if taken { then } else { otherwise })
        }
        NodeKind::Match { value, arms } => {
            let arm = pattern::select_arm(cx, value, arms, node.span)?;
            element(cx, &arm.body)
        }
        NodeKind::Let { slot, value, body } => {
            let v = eval(cx, value)?;
            cx.set_local(*slot, v);
            element(cx, body)
        }
        _ => return eval(cx, node).map(Some),
    };
    result.map_err(|e| e.with_span(node.span))
}
