//! Objects: the declared properties (`properties`), then what the schema
//! says of the others — `additionalProperties`, `patternProperties`,
//! `propertyNames` — and the property counts.

use serde_json::{Map, Value};

use super::bounds;
use super::change::Kind;
use super::properties::{self, admits_nothing};
use super::walk::{At, Effect, Walker, escape};

/// Compares the object keywords of two schemas that both admit objects.
pub(super) fn compare(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    properties::compare(w, o, n, at);
    additional(w, o, n, at);
    patterns(w, o, n, at);
    property_names(w, o, n, at);
    bounds::properties(w, o, n, at);
}

/// `additionalProperties`: lifted, imposed, or its schema compared.
fn additional(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    const ANYTHING: &Value = &Value::Bool(true);
    let ao = o.get("additionalProperties").unwrap_or(ANYTHING);
    let an = n.get("additionalProperties").unwrap_or(ANYTHING);
    let place = at.keyword(o, n, "additionalProperties");
    let child = At {
        pointer: format!("{}/*", at.pointer),
        ..place.clone()
    };
    match (admits_nothing(ao), admits_nothing(an)) {
        (true, true) => {}
        (true, false) => w.report(
            Kind::AdditionalPropertiesAllowed,
            &child,
            "properties the schema does not declare are now allowed: consumers may receive them",
        ),
        (false, true) => w.report(
            Kind::AdditionalPropertiesForbidden,
            &child,
            "properties the schema does not declare are no longer allowed: producers sending them are refused",
        ),
        (false, false) => {
            w.schema(ao, an, &child);
        }
    }
}

/// `patternProperties`: entries compared by their regex.
fn patterns(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    const ANYTHING: &Value = &Value::Bool(true);
    let get = |m: &Map<String, Value>| -> Map<String, Value> {
        m.get("patternProperties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (po, pn) = (get(o), get(n));
    let rest = |m: &Map<String, Value>| m.get("additionalProperties").unwrap_or(ANYTHING).clone();
    let path = |pattern: &str| format!("/patternProperties/{}", escape(pattern));
    for (pattern, so) in &po {
        let child_path = path(pattern);
        let Some(sn) = pn.get(pattern) else {
            let child = at.child(Some("*"), &child_path, "");
            // Names matching it fall to `additionalProperties`, unless
            // another pattern of the new version takes them.
            let effect = if pn.is_empty() {
                w.probe(so, &rest(n), &child)
            } else {
                Effect::default().with(true, true).undecided()
            };
            let message = format!(
                "pattern property `{pattern}` removed{}",
                consequence(&effect)
            );
            w.report_effect(Kind::PatternPropertyRemoved, &child, &effect, message);
            continue;
        };
        w.schema(so, sn, &at.child(Some("*"), &child_path, &child_path));
    }
    for (pattern, sn) in pn.iter().filter(|(p, _)| !po.contains_key(*p)) {
        let child = at.child(Some("*"), "", &path(pattern));
        let effect = if po.is_empty() {
            w.probe(&rest(o), sn, &child)
        } else {
            Effect::default().with(true, true).undecided()
        };
        let message = format!("pattern property `{pattern}` added{}", consequence(&effect));
        w.report_effect(Kind::PatternPropertyAdded, &child, &effect, message);
    }
}

/// `propertyNames`: the names each version admits.
fn property_names(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    const ANYTHING: &Value = &Value::Bool(true);
    let so = o.get("propertyNames").unwrap_or(ANYTHING);
    let sn = n.get("propertyNames").unwrap_or(ANYTHING);
    let place = at.keyword(o, n, "propertyNames");
    let effect = w.probe(so, sn, &place);
    if effect.consumer || effect.producer || effect.undecided {
        let message = format!("the property names allowed changed{}", consequence(&effect));
        w.report_effect(Kind::PropertyNamesChanged, &place, &effect, message);
    }
}

/// `: consumers may receive …; producers may be refused (reasons)`.
fn consequence(effect: &Effect) -> String {
    let mut parts = Vec::new();
    if effect.consumer {
        parts.push("consumers may receive values the old version did not allow");
    }
    if effect.producer {
        parts.push("producers may send values the new version refuses");
    }
    if effect.undecided {
        parts.push("Ferry cannot tell exactly, so it assumes the worst");
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}{}", parts.join("; "), effect.because())
    }
}
