//! `match`: trying arms in order.

use std::cmp::Ordering;

use ferry_dsl::Span;

use super::{Cx, condition, eval};
use crate::codes;
use crate::error::{Raise, describe};
use crate::plan::{Arm, Bound, Node, PatternPlan};
use crate::value::{ObjMap, Str, Val};

#[inline(never)]
pub(super) fn run_match<'a>(
    cx: &mut Cx<'a>,
    value: &'a Node,
    arms: &'a [Arm],
    span: Span,
) -> Result<Val<'a>, Raise> {
    let arm = select_arm(cx, value, arms, span)?;
    eval(cx, &arm.body)
}

/// The first arm whose pattern and guard accept the value, its bindings
/// set; `E0405` when none does.
pub(super) fn select_arm<'a>(
    cx: &mut Cx<'a>,
    value: &'a Node,
    arms: &'a [Arm],
    span: Span,
) -> Result<&'a Arm, Raise> {
    let v = eval(cx, value)?;
    for (index, arm) in arms.iter().enumerate() {
        if !matches(cx, &arm.pattern, &v) {
            continue;
        }
        if let Some(guard) = &arm.guard
            && !condition(cx, guard)?
        {
            continue;
        }
        if let Some(hits) = &mut cx.hits {
            hits.hit(span, index as u32);
        }
        return Ok(arm);
    }
    Err(
        Raise::new(codes::NO_MATCH, format!("no arm matches {}", describe(&v)))
            .with_culprit(&v)
            .with_help("add a default arm `_ => …`"),
    )
}

fn matches<'a>(cx: &mut Cx<'a>, pattern: &'a PatternPlan, v: &Val<'a>) -> bool {
    match pattern {
        PatternPlan::Any => true,
        PatternPlan::Bind(slot) => {
            cx.set_local(*slot, v.clone());
            true
        }
        PatternPlan::Equals(expected) => v.equals(&Val::from_json(expected)),
        PatternPlan::EqualsNum(n) => v.as_num().is_some_and(|x| x.equals(*n)),
        PatternPlan::Range {
            low,
            high,
            inclusive,
        } => {
            let above = low
                .as_ref()
                .is_none_or(|b| compare(v, b).is_some_and(Ordering::is_ge));
            let below = high.as_ref().is_none_or(|b| {
                compare(v, b).is_some_and(|o| if *inclusive { o.is_le() } else { o.is_lt() })
            });
            above && below
        }
        PatternPlan::Regex(re) => v.as_str().is_some_and(|s| re.is_match(s)),
        PatternPlan::Captures { regex, slot, keys } => {
            let Some(groups) = v.as_str().and_then(|s| regex.captures(s)) else {
                return false;
            };
            let mut map = ObjMap::with_capacity(keys.len());
            for (index, key) in keys.iter() {
                let group = groups
                    .get(*index)
                    .map_or(Val::Null, |m| Val::string(m.as_str().to_string()));
                map.push_unique(Str::Borrowed(key), group);
            }
            cx.set_local(*slot, Val::object(map));
            true
        }
        PatternPlan::Or(alternatives) => alternatives.iter().any(|p| matches(cx, p, v)),
    }
}

/// Order of a value against a range bound; `None` when the types differ
/// (the value is then outside the range).
fn compare(v: &Val<'_>, bound: &Bound) -> Option<Ordering> {
    match bound {
        Bound::Num(n) => Some(v.as_num()?.compare(*n)),
        Bound::Str(s) => Some(v.as_str()?.cmp(s)),
    }
}
