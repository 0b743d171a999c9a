//! `anyOf`, `oneOf`, `allOf`, `not`, and the `$ref`s left by recursion.
//!
//! A union (`anyOf`/`oneOf` and nothing else) compares branch by branch
//! with a plain schema, which is a union of one: `X` → `anyOf: [X, null]`
//! is null added, not "everything changed". Adding an `anyOf` branch widens;
//! adding an `allOf` branch narrows; a `oneOf` branch also narrows unless
//! no value can match it and another branch (then it is an `anyOf` branch).
//! Where branches may overlap, a change inside a `oneOf` is undecided.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::branches::{self, Branch, is_null, pairwise_disjoint};
use super::change::Kind;
use super::node::is_union;
use super::walk::{At, Effect, Walker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    Any,
    One,
    All,
}

impl Combinator {
    fn key(self) -> &'static str {
        match self {
            Combinator::Any => "anyOf",
            Combinator::One => "oneOf",
            Combinator::All => "allOf",
        }
    }

    fn union_of(m: &Map<String, Value>) -> Option<Combinator> {
        [Combinator::Any, Combinator::One]
            .into_iter()
            .find(|c| is_union(m, c.key()))
    }
}

/// Compares two schemas of which at least one is a union with a plain
/// schema (or a union of the other combinator); returns false, having done
/// nothing, when neither is.
pub(super) fn unions(
    w: &mut Walker,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    at: &At,
) -> bool {
    let single = |m: &Map<String, Value>| {
        vec![Branch {
            schema: Cow::Owned(Value::Object(m.clone())),
            path: String::new(),
        }]
    };
    match (Combinator::union_of(o), Combinator::union_of(n)) {
        (Some(c), None) if !n.contains_key(c.key()) => {
            lists(w, c, branches::of(o, c.key()), single(n), at);
            true
        }
        (None, Some(c)) if !o.contains_key(c.key()) => {
            lists(w, c, single(o), branches::of(n, c.key()), at);
            true
        }
        (Some(a), Some(b)) if a != b => {
            let (old, new) = (branches::of(o, a.key()), branches::of(n, b.key()));
            let (kind, effect, message) = if a == Combinator::One {
                let overlap = !pairwise_disjoint(&old);
                let why = if overlap {
                    ": values matching several branches, refused before, are now allowed"
                } else {
                    " (the branches cannot overlap, so this alone changes nothing)"
                };
                (
                    Kind::OneOfBecameAnyOf,
                    Effect::default().with(overlap, false),
                    format!("oneOf became anyOf{why}"),
                )
            } else {
                let overlap = !pairwise_disjoint(&new);
                let why = if overlap {
                    ": values matching several branches are now refused"
                } else {
                    " (the branches cannot overlap, so this alone changes nothing)"
                };
                (
                    Kind::AnyOfBecameOneOf,
                    Effect::default().with(false, overlap),
                    format!("anyOf became oneOf{why}"),
                )
            };
            w.report_effect(kind, &at.keywords(o, n, a.key(), b.key()), &effect, message);
            // Branch by branch as unions: what the "exactly one" adds is
            // reported above.
            lists(w, Combinator::Any, old, new, at);
            true
        }
        _ => false,
    }
}

/// Compares the combinators of two schemas that are not unions of each
/// other ([`unions`] handled those).
pub(super) fn compare(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    for c in [Combinator::All, Combinator::Any, Combinator::One] {
        let key = c.key();
        let place = at.keyword(o, n, key);
        match (o.get(key), n.get(key)) {
            (None, None) => {}
            (Some(a), Some(b)) if super::values::same(a, b) => {}
            (Some(_), None) if c == Combinator::Any => w.report(
                Kind::AnyOfRemoved,
                &place,
                "anyOf removed: values none of its branches admitted are allowed",
            ),
            (None, Some(_)) if c == Combinator::Any => w.report(
                Kind::AnyOfAdded,
                &place,
                "anyOf added: values must now match one of its branches",
            ),
            (Some(_), None) if c == Combinator::One => w.report(
                Kind::OneOfRemoved,
                &place,
                "oneOf removed: values need not match exactly one of its branches any more",
            ),
            (None, Some(_)) if c == Combinator::One => w.report(
                Kind::OneOfAdded,
                &place,
                "oneOf added: values must now match exactly one of its branches",
            ),
            _ => lists(w, c, branches::of(o, key), branches::of(n, key), at),
        }
    }
    not(w, o, n, at);
}

/// Compares two branch lists of combinator `c`.
fn lists(w: &mut Walker, c: Combinator, old: Vec<Branch<'_>>, new: Vec<Branch<'_>>, at: &At) {
    let (old, new) = match c {
        Combinator::All => (old, new),
        _ => (branches::split_types(old), branches::split_types(new)),
    };
    let pairing = branches::pair(&old, &new);
    let mut inner = 0;
    for &(i, j) in &pairing.changed {
        inner += w.schema(
            &old[i].schema,
            &new[j].schema,
            &at.child(None, &old[i].path, &new[j].path),
        );
    }
    let key = c.key();
    for &j in &pairing.added {
        let place = At {
            new: format!("{}{}", at.new, new[j].path),
            ..at.clone()
        };
        let apart = new
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != j)
            .all(|(_, b)| branches::disjoint(&new[j].schema, &b.schema));
        match c {
            _ if is_null(&new[j].schema) && (c == Combinator::Any || apart) => w.report(
                Kind::NullableAdded,
                &place,
                format!("null is now allowed (a `{key}` branch)"),
            ),
            Combinator::Any => w.report(
                Kind::AnyOfBranchAdded,
                &place,
                "anyOf branch added: consumers may receive the values it admits",
            ),
            Combinator::All => w.report(
                Kind::AllOfBranchAdded,
                &place,
                "allOf branch added: values must now meet it too",
            ),
            Combinator::One => {
                let effect = Effect::default().with(true, !apart);
                let why = if apart {
                    "consumers may receive the values it admits"
                } else {
                    "consumers may receive the values it admits, and values that also match another branch are now refused"
                };
                w.report_effect(
                    Kind::OneOfBranchAdded,
                    &place,
                    &effect,
                    format!("oneOf branch added: {why}"),
                );
            }
        }
    }
    for &i in &pairing.removed {
        let place = At {
            old: format!("{}{}", at.old, old[i].path),
            ..at.clone()
        };
        let apart = old
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != i)
            .all(|(_, b)| branches::disjoint(&old[i].schema, &b.schema));
        match c {
            _ if is_null(&old[i].schema) && (c == Combinator::Any || apart) => w.report(
                Kind::NullableRemoved,
                &place,
                format!("null is no longer allowed (a `{key}` branch)"),
            ),
            Combinator::Any => w.report(
                Kind::AnyOfBranchRemoved,
                &place,
                "anyOf branch removed: producers sending only what it admitted are refused",
            ),
            Combinator::All => w.report(
                Kind::AllOfBranchRemoved,
                &place,
                "allOf branch removed: values need not meet it any more",
            ),
            Combinator::One => {
                let effect = Effect::default().with(!apart, true);
                let why = if apart {
                    "producers sending what only it admitted are refused"
                } else {
                    "producers sending what only it admitted are refused, and values it shared with another branch, refused before, are now allowed"
                };
                w.report_effect(
                    Kind::OneOfBranchRemoved,
                    &place,
                    &effect,
                    format!("oneOf branch removed: {why}"),
                );
            }
        }
    }
    if c == Combinator::One && inner > 0 && !(pairwise_disjoint(&old) && pairwise_disjoint(&new)) {
        w.report(
            Kind::OneOfChanged,
            at,
            "a branch of a oneOf changed and the branches may overlap: a value may now match none or several, so Ferry assumes this breaks both sides",
        );
    }
}

/// `not`: what it excludes, compared with the sides swapped.
fn not(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let place = at.keyword(o, n, "not");
    match (o.get("not"), n.get("not")) {
        (None, Some(_)) => w.report(
            Kind::NotAdded,
            &place,
            "not added: the values it matches are refused",
        ),
        (Some(_), None) => w.report(
            Kind::NotRemoved,
            &place,
            "not removed: the values it matched are allowed",
        ),
        (Some(a), Some(b)) => {
            let effect = w.probe(a, b, &place).swapped();
            if effect.consumer || effect.producer {
                let message = format!("the values `not` excludes changed{}", effect.because());
                w.report_effect(Kind::NotChanged, &place, &effect, message);
            }
        }
        (None, None) => {}
    }
}

/// The `$ref`s recursion left in place: compared by what they say.
pub(super) fn references(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    for key in ["$ref", "$dynamicRef", "$recursiveRef"] {
        let message = match (
            o.get(key).and_then(Value::as_str),
            n.get(key).and_then(Value::as_str),
        ) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => continue,
            (Some(a), Some(b)) => format!("recursive `{key}` changed from `{a}` to `{b}`"),
            (Some(a), None) => format!("recursive `{key}` `{a}` replaced by a schema"),
            (None, Some(b)) => format!("schema replaced by a recursive `{key}` `{b}`"),
        };
        w.report(
            Kind::RefChanged,
            &at.keyword(o, n, key),
            format!("{message}: not compared, so Ferry assumes this breaks both sides"),
        );
    }
}
