//! Bounds: numeric (`minimum`, `maximum`, their exclusive forms in both the
//! draft 4 boolean and the draft 6+ number spelling, `multipleOf`) and
//! counts (`minLength`/`maxLength`, `minItems`/`maxItems`,
//! `minProperties`/`maxProperties`). A bound raised or added tightens, a
//! bound lowered or removed loosens.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::change::Kind;
use super::values::{number, order};
use super::walk::{At, Walker};
use crate::value::Num;

/// One side of a numeric range.
#[derive(Debug, Clone, Copy)]
struct Bound {
    value: Num,
    exclusive: bool,
    /// The keyword it came from, for the location.
    key: &'static str,
}

impl Bound {
    fn show(&self, lower: bool) -> String {
        let op = match (lower, self.exclusive) {
            (true, false) => ">=",
            (true, true) => ">",
            (false, false) => "<=",
            (false, true) => "<",
        };
        format!("{op} {}", self.value)
    }
}

/// The effective lower (or upper) bound of a schema: draft 4's
/// `minimum` + `exclusiveMinimum: true`, or draft 6+'s `exclusiveMinimum: n`
/// beside `minimum` (the tighter wins).
fn bound(m: &Map<String, Value>, lower: bool) -> Option<Bound> {
    let (inclusive, exclusive) = if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    };
    let draft4_exclusive = m.get(exclusive) == Some(&Value::Bool(true));
    let plain = m.get(inclusive).and_then(number).map(|value| Bound {
        value,
        exclusive: draft4_exclusive,
        key: inclusive,
    });
    let strict = m.get(exclusive).and_then(number).map(|value| Bound {
        value,
        exclusive: true,
        key: exclusive,
    });
    match (plain, strict) {
        (Some(a), Some(b)) => Some(if tighter(b, a, lower) == Ordering::Greater {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

/// How `b` compares with `a` as a bound: `Greater` when `b` admits less.
fn tighter(b: Bound, a: Bound, lower: bool) -> Ordering {
    let by_value = order(b.value, a.value);
    let by_value = if lower { by_value } else { by_value.reverse() };
    by_value.then(b.exclusive.cmp(&a.exclusive))
}

/// Over integers only, `> 0` is `>= 1` and `<= 2.5` is `<= 2`: the
/// inclusive integer bound that admits the same integers.
fn on_integers(b: Bound, lower: bool) -> Bound {
    let whole = match b.value {
        Num::Int(_) => Some(b.value),
        Num::Dec(d) => Some(Num::Dec(if lower { d.ceil() } else { d.floor() })),
        Num::Float(f) => Some(Num::Float(if lower { f.ceil() } else { f.floor() })),
    };
    let Some(whole) = whole else { return b };
    let value = match (b.exclusive, whole.equals(b.value), lower) {
        (true, true, true) => whole.add(Num::Int(1)).ok(),
        (true, true, false) => whole.sub(Num::Int(1)).ok(),
        _ => Some(whole),
    };
    match value {
        Some(value) => Bound {
            value,
            exclusive: false,
            key: b.key,
        },
        None => b,
    }
}

/// Compares the numeric bounds; `integers` when both versions admit only
/// integers (so `exclusiveMinimum: 0` equals `minimum: 1`).
pub(super) fn numbers(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
    integers: bool,
) {
    for lower in [true, false] {
        let (tightened, loosened, what) = if lower {
            (Kind::MinimumTightened, Kind::MinimumLoosened, "minimum")
        } else {
            (Kind::MaximumTightened, Kind::MaximumLoosened, "maximum")
        };
        let (old, new) = (bound(o, lower), bound(n, lower));
        let default_key = if lower { "minimum" } else { "maximum" };
        let place = at.keywords(
            o,
            n,
            old.map_or(default_key, |b| b.key),
            new.map_or(default_key, |b| b.key),
        );
        match (old, new) {
            (None, Some(b)) => {
                w.report(tightened, &place, format!("{what} {} added", b.show(lower)))
            }
            (Some(a), None) => w.report(
                loosened,
                &place,
                format!("{what} {} removed", a.show(lower)),
            ),
            (Some(a), Some(b)) => {
                let (ca, cb) = if integers {
                    (on_integers(a, lower), on_integers(b, lower))
                } else {
                    (a, b)
                };
                let message =
                    |verb| format!("{what} {verb} from {} to {}", a.show(lower), b.show(lower));
                match tighter(cb, ca, lower) {
                    Ordering::Greater => w.report(tightened, &place, message("tightened")),
                    Ordering::Less => w.report(loosened, &place, message("loosened")),
                    Ordering::Equal => {}
                }
            }
            (None, None) => {}
        }
    }
    multiple_of(w, o, n, at);
}

fn multiple_of(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let get = |m: &Map<String, Value>| m.get("multipleOf").and_then(number);
    let place = at.keyword(o, n, "multipleOf");
    match (get(o), get(n)) {
        (None, Some(b)) => w.report(
            Kind::MultipleOfTightened,
            &place,
            format!("multipleOf {b} added"),
        ),
        (Some(a), None) => w.report(
            Kind::MultipleOfLoosened,
            &place,
            format!("multipleOf {a} removed"),
        ),
        (Some(a), Some(b)) if !a.equals(b) => {
            let divides = |x: Num, y: Num| y.rem(x).is_ok_and(Num::is_zero);
            let (kind, how) = if divides(a, b) {
                (Kind::MultipleOfTightened, "a multiple of the old one")
            } else if divides(b, a) {
                (Kind::MultipleOfLoosened, "a divisor of the old one")
            } else {
                (Kind::MultipleOfChanged, "neither divides the other")
            };
            w.report(
                kind,
                &place,
                format!("multipleOf changed from {a} to {b} ({how})"),
            );
        }
        _ => {}
    }
}

/// Compares `minLength` and `maxLength`.
pub(super) fn strings(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let kinds = [
        Kind::MinLengthTightened,
        Kind::MinLengthLoosened,
        Kind::MaxLengthTightened,
        Kind::MaxLengthLoosened,
    ];
    counts(w, o, n, at, ["minLength", "maxLength"], kinds);
}

/// Compares `minItems` and `maxItems`.
pub(super) fn items(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let kinds = [
        Kind::MinItemsTightened,
        Kind::MinItemsLoosened,
        Kind::MaxItemsTightened,
        Kind::MaxItemsLoosened,
    ];
    counts(w, o, n, at, ["minItems", "maxItems"], kinds);
}

/// Compares `minProperties` and `maxProperties`.
pub(super) fn properties(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let kinds = [
        Kind::MinPropertiesTightened,
        Kind::MinPropertiesLoosened,
        Kind::MaxPropertiesTightened,
        Kind::MaxPropertiesLoosened,
    ];
    counts(w, o, n, at, ["minProperties", "maxProperties"], kinds);
}

/// A pair of count bounds; a minimum of 0 is no bound.
fn counts(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
    [min, max]: [&str; 2],
    [min_tight, min_loose, max_tight, max_loose]: [Kind; 4],
) {
    let get = |m: &Map<String, Value>, key: &str, lower: bool| {
        m.get(key)
            .and_then(number)
            .filter(|v| !(lower && v.is_zero()))
    };
    for (key, lower, tightened, loosened) in [
        (min, true, min_tight, min_loose),
        (max, false, max_tight, max_loose),
    ] {
        let place = at.keyword(o, n, key);
        let (kind, message) = match (get(o, key, lower), get(n, key, lower)) {
            (None, Some(b)) => (tightened, format!("{key} {b} added")),
            (Some(a), None) => (loosened, format!("{key} {a} removed")),
            (Some(a), Some(b)) => {
                let ordering = order(b, a);
                let tight = if lower {
                    ordering.is_gt()
                } else {
                    ordering.is_lt()
                };
                let kind = match (ordering, tight) {
                    (Ordering::Equal, _) => continue,
                    (_, true) => tightened,
                    (_, false) => loosened,
                };
                let verb = if ordering.is_gt() {
                    "raised"
                } else {
                    "lowered"
                };
                (kind, format!("{key} {verb} from {a} to {b}"))
            }
            (None, None) => continue,
        };
        w.report(kind, &place, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(v: Value) -> Option<Bound> {
        bound(v.as_object().expect("an object"), true)
    }

    #[test]
    fn draft4_and_draft6_exclusive_bounds_read_alike() {
        let d4 = lower(json!({"minimum": 0, "exclusiveMinimum": true})).expect("a bound");
        let d6 = lower(json!({"exclusiveMinimum": 0})).expect("a bound");
        assert_eq!(tighter(d4, d6, true), Ordering::Equal);
        assert_eq!(d4.key, "minimum");
        assert_eq!(d6.key, "exclusiveMinimum");
    }

    #[test]
    fn the_tighter_of_two_lower_bounds_wins() {
        let b = lower(json!({"minimum": 5, "exclusiveMinimum": 3})).expect("a bound");
        assert_eq!((b.key, b.show(true)), ("minimum", ">= 5".to_owned()));
        let b = lower(json!({"minimum": 3, "exclusiveMinimum": 3})).expect("a bound");
        assert_eq!(b.show(true), "> 3");
    }

    #[test]
    fn integer_bounds_become_inclusive() {
        let b = on_integers(
            lower(json!({"exclusiveMinimum": 0})).expect("a bound"),
            true,
        );
        assert_eq!(b.show(true), ">= 1");
        let b = on_integers(lower(json!({"minimum": 0.5})).expect("a bound"), true);
        assert_eq!(b.show(true), ">= 1");
        let up = bound(
            json!({"exclusiveMaximum": 10}).as_object().expect("map"),
            false,
        );
        assert_eq!(on_integers(up.expect("a bound"), false).show(false), "<= 9");
    }
}
