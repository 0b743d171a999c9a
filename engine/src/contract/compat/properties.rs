//! Declared properties: changed, added, removed or renamed, and `required`.
//!
//! A property is a slot: absent unless required, and a value its schema
//! admits. A property declared in one version only is compared with what
//! the other version admits under that name — the matching
//! `patternProperties`, else `additionalProperties` (anything when
//! absent) — so adding a property to a closed object breaks consumers,
//! and to an open one breaks producers unless its schema admits anything.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::change::Kind;
use super::node::{Node, admits_anything, node, same_schema};
use super::walk::{At, Effect, Walker, escape};

/// Compares the declared properties and `required` of two object schemas.
pub(super) fn compare(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let props = |m: &'_ Map<String, Value>| -> Map<String, Value> {
        m.get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (po, pn) = (props(o), props(n));
    for (name, so) in &po {
        if let Some(sn) = pn.get(name) {
            let path = format!("/properties/{}", escape(name));
            w.schema(so, sn, &at.child(Some(name), &path, &path));
        }
    }
    let added: Vec<&String> = pn.keys().filter(|k| !po.contains_key(*k)).collect();
    let removed: Vec<&String> = po.keys().filter(|k| !pn.contains_key(*k)).collect();
    let renames = renames(&po, &pn, &removed, &added);
    let renamed_old = |k: &String| renames.iter().any(|(r, _)| *r == k);
    let renamed_new = |k: &String| renames.iter().any(|(_, a)| *a == k);
    for name in removed.iter().filter(|k| !renamed_old(k)) {
        let (effect, parts) = removal(w, o, n, at, name, &po[name.as_str()]);
        let message = sentence(format!("property `{name}` removed"), parts);
        w.report_effect(
            Kind::PropertyRemoved,
            &slot(o, n, at, name, name),
            &effect,
            message,
        );
    }
    for name in added.iter().filter(|k| !renamed_new(k)) {
        let (effect, parts) = addition(w, o, n, at, name, &pn[name.as_str()]);
        let message = sentence(format!("property `{name}` added"), parts);
        w.report_effect(
            Kind::PropertyAdded,
            &slot(o, n, at, name, name),
            &effect,
            message,
        );
    }
    for (old_name, new_name) in &renames {
        let (gone, mut parts) = removal(w, o, n, at, old_name, &po[old_name.as_str()]);
        let (new, why_new) = addition(w, o, n, at, new_name, &pn[new_name.as_str()]);
        parts.extend(why_new);
        let message = sentence(
            format!("property `{old_name}` probably renamed to `{new_name}` (same schema)"),
            parts,
        );
        w.report_effect(
            Kind::PropertyRenamed,
            &slot(o, n, at, old_name, new_name),
            &gone.and(new),
            message,
        );
    }
    required(w, o, n, at, &po, &pn);
}

/// The place of a property added, removed or renamed: its `properties`
/// entry on each side where there is one.
fn slot(o: &Map<String, Value>, n: &Map<String, Value>, at: &At, old: &str, new: &str) -> At {
    let path = |m: &Map<String, Value>, base: &str, name: &str| {
        let declared = m
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(name));
        match (declared, m.contains_key("properties")) {
            (true, _) => format!("{base}/properties/{}", escape(name)),
            (false, true) => format!("{base}/properties"),
            (false, false) => base.to_owned(),
        }
    };
    At {
        pointer: format!("{}/{}", at.pointer, escape(old)),
        old: path(o, &at.old, old),
        new: path(n, &at.new, new),
    }
}

/// Pairs of (removed, added) properties with the same schema, each the
/// other's only match.
fn renames<'a>(
    po: &Map<String, Value>,
    pn: &Map<String, Value>,
    removed: &[&'a String],
    added: &[&'a String],
) -> Vec<(&'a String, &'a String)> {
    let mut pairs = Vec::new();
    for r in removed {
        let matches: Vec<&&String> = added
            .iter()
            .filter(|a| same_schema(&po[r.as_str()], &pn[a.as_str()]))
            .collect();
        if let [a] = matches.as_slice() {
            let back = removed
                .iter()
                .filter(|r2| same_schema(&po[r2.as_str()], &pn[a.as_str()]))
                .count();
            if back == 1 {
                pairs.push((*r, **a));
            }
        }
    }
    pairs
}

fn is_required(m: &Map<String, Value>, name: &str) -> bool {
    m.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(name)))
}

/// What a version admits under an undeclared name: the matching
/// `patternProperties`, else `additionalProperties`; `None` when a pattern
/// cannot be read.
fn implied<'a>(m: &'a Map<String, Value>, name: &str) -> Option<Cow<'a, Value>> {
    let mut matching = Vec::new();
    if let Some(patterns) = m.get("patternProperties").and_then(Value::as_object) {
        for (pattern, schema) in patterns {
            if regex::Regex::new(pattern).ok()?.is_match(name) {
                matching.push(schema);
            }
        }
    }
    Some(match matching.as_slice() {
        [] => match m.get("additionalProperties") {
            Some(schema) => Cow::Borrowed(schema),
            None => Cow::Owned(Value::Bool(true)),
        },
        [one] => Cow::Borrowed(*one),
        many => Cow::Owned(json!({ "allOf": many })),
    })
}

/// True for `false` and its spellings.
pub(super) fn admits_nothing(v: &Value) -> bool {
    matches!(node(v), Node::Nothing)
}

/// What a property removed amounts to — its old schema against what the
/// new version admits under its name — and why, in parts of a sentence.
fn removal(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
    name: &str,
    schema: &Value,
) -> (Effect, Vec<String>) {
    let child = slot(o, n, at, name, name);
    let was_required = is_required(o, name) && !is_required(n, name);
    let mut parts = Vec::new();
    let effect = match implied(n, name) {
        Some(now) => {
            let effect = w.probe(schema, &now, &child);
            if admits_nothing(&now) {
                if effect.producer {
                    parts.push(format!(
                        "the new version does not allow `{name}`: producers that send it are refused"
                    ));
                }
            } else if admits_anything(&now) {
                if effect.consumer {
                    parts.push(format!(
                        "`{name}` is no longer declared, so it may hold any value: consumers that read it may get what they cannot handle"
                    ));
                }
            } else {
                if effect.consumer {
                    parts.push(format!(
                        "the new version admits other values under that name{}: consumers may receive them",
                        effect.because()
                    ));
                }
                if effect.producer {
                    parts.push(format!(
                        "the new version admits fewer values under that name{}: producers may be refused",
                        effect.because()
                    ));
                }
            }
            effect
        }
        None => unreadable_pattern(&mut parts),
    };
    if was_required {
        parts.push("it was required: consumers that rely on it may not get it".into());
    }
    (effect.with(was_required, false), parts)
}

/// What a property added amounts to — what the old version admitted under
/// its name against its new schema — and why.
fn addition(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
    name: &str,
    schema: &Value,
) -> (Effect, Vec<String>) {
    let child = slot(o, n, at, name, name);
    let now_required = is_required(n, name) && !is_required(o, name);
    let mut parts = Vec::new();
    if now_required {
        parts.push("it is required: producers that omit it are refused".into());
    }
    let effect = match implied(o, name) {
        Some(before) => {
            let effect = w.probe(&before, schema, &child);
            if admits_nothing(&before) {
                if effect.consumer {
                    parts.push(format!(
                        "the old version did not allow `{name}`: consumers may now receive it"
                    ));
                }
            } else if admits_anything(&before) {
                if effect.producer {
                    parts.push(format!(
                        "before, `{name}` was undeclared and could hold any value: a producer that sent another value is refused"
                    ));
                }
            } else {
                if effect.consumer {
                    parts.push(format!(
                        "it admits values the old version did not allow under that name{}: consumers may receive them",
                        effect.because()
                    ));
                }
                if effect.producer {
                    parts.push(format!(
                        "the old version allowed other values under that name{}: producers sending them are refused",
                        effect.because()
                    ));
                }
            }
            effect
        }
        None => unreadable_pattern(&mut parts),
    };
    (effect.with(false, now_required), parts)
}

fn unreadable_pattern(parts: &mut Vec<String>) -> Effect {
    parts.push(
        "a `patternProperties` regex cannot be read, so Ferry assumes this breaks both sides"
            .into(),
    );
    Effect {
        consumer: true,
        producer: true,
        undecided: true,
        reasons: Vec::new(),
    }
}

fn sentence(what: String, parts: Vec<String>) -> String {
    if parts.is_empty() {
        what
    } else {
        format!("{what}: {}", parts.join("; "))
    }
}

/// `required` changes of properties declared in both versions, or in
/// neither.
fn required(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
    po: &Map<String, Value>,
    pn: &Map<String, Value>,
) {
    let names = |m: &Map<String, Value>| -> Vec<String> {
        m.get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut all = names(o);
    for name in names(n) {
        if !all.contains(&name) {
            all.push(name);
        }
    }
    for name in all {
        if po.contains_key(&name) != pn.contains_key(&name) {
            continue; // an addition or removal: folded into its change
        }
        let place = at.keyword(o, n, "required");
        let place = At {
            pointer: format!("{}/{}", at.pointer, escape(&name)),
            ..place
        };
        match (is_required(o, &name), is_required(n, &name)) {
            (false, true) => w.report(
                Kind::PropertyBecameRequired,
                &place,
                format!("property `{name}` is now required: producers that omit it are refused"),
            ),
            (true, false) => w.report(
                Kind::PropertyNoLongerRequired,
                &place,
                format!("property `{name}` is no longer required: consumers may not get it"),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn undeclared_names_fall_to_patterns_then_additional_properties() {
        let m = map(json!({
            "patternProperties": {"^x-": {"type": "string"}},
            "additionalProperties": false
        }));
        assert_eq!(
            implied(&m, "x-trace").as_deref(),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(implied(&m, "note").as_deref(), Some(&json!(false)));
        assert_eq!(implied(&Map::new(), "note").as_deref(), Some(&json!(true)));
        let bad = map(json!({"patternProperties": {"(": {}}}));
        assert!(implied(&bad, "a").is_none());
    }

    #[test]
    fn renames_need_a_unique_match_both_ways() {
        let po = map(
            json!({"qty": {"type": "integer"}, "a": {"type": "string"}, "b": {"type": "string"}}),
        );
        let pn = map(json!({"quantity": {"type": "integer"}, "c": {"type": "string"}}));
        let removed: Vec<&String> = po.keys().collect();
        let added: Vec<&String> = pn.keys().collect();
        let pairs = renames(&po, &pn, &removed, &added);
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].0.as_str(), pairs[0].1.as_str()),
            ("qty", "quantity")
        );
    }
}
