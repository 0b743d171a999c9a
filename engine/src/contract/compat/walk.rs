//! The recursive walk: both versions side by side, one subschema pair at a
//! time, each keyword family handed to its module (`scalars`, `bounds`,
//! `arrays`, `objects`, `combinators`), which reports through the
//! [`Walker`].

use serde_json::{Map, Value};

use super::change::{Change, Impact, Kind, Location, Rule};
use super::node::{Node, is_unmodelled, node};
use super::values::{Types, same, show};
use super::{arrays, bounds, combinators, objects, scalars};

/// Nesting beyond which the walk stops and reports `undecided`: recursive
/// `$ref`s stay references, so only a pathological schema gets here.
const MAX_DEPTH: usize = 200;

/// Where the walk is: the place in an instance and the schema's place in
/// each version (JSON Pointers relative to the schemas compared).
#[derive(Debug, Clone, Default)]
pub(super) struct At {
    /// The instance pointer (`/lines/*/qty`).
    pub pointer: String,
    /// The schema's path in the old version.
    pub old: String,
    /// The schema's path in the new version.
    pub new: String,
}

impl At {
    /// Into a subschema: `step` is the instance step (`qty`, `*`, `0`), or
    /// `None` when the subschema applies to the same value (`anyOf/1`).
    pub fn child(&self, step: Option<&str>, old: &str, new: &str) -> At {
        At {
            pointer: match step {
                Some(step) => format!("{}/{}", self.pointer, escape(step)),
                None => self.pointer.clone(),
            },
            old: format!("{}{old}", self.old),
            new: format!("{}{new}", self.new),
        }
    }

    /// The place of `key` on each side where that side has it, else the
    /// schema lacking it.
    pub fn keyword(&self, o: &Map<String, Value>, n: &Map<String, Value>, key: &str) -> At {
        self.keywords(o, n, key, key)
    }

    /// Like [`At::keyword`], with a keyword name per side (the bound came
    /// from `minimum` in one version and `exclusiveMinimum` in the other).
    pub fn keywords(
        &self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        old_key: &str,
        new_key: &str,
    ) -> At {
        let path = |base: &str, m: &Map<String, Value>, key: &str| {
            if m.contains_key(key) {
                format!("{base}/{}", escape(key))
            } else {
                base.to_owned()
            }
        };
        At {
            pointer: self.pointer.clone(),
            old: path(&self.old, o, old_key),
            new: path(&self.new, n, new_key),
        }
    }
}

/// JSON Pointer escaping of one step.
pub(super) fn escape(step: &str) -> String {
    crate::contract::references::escape(step)
}

/// What a set of changes amounts to, per side: for the kinds decided by
/// comparing subschemas (a property added is compared with what the old
/// version admitted under its name).
#[derive(Debug, Clone, Default)]
pub(super) struct Effect {
    pub consumer: bool,
    pub producer: bool,
    pub undecided: bool,
    /// The inner changes' messages, for the outer one.
    pub reasons: Vec<String>,
}

impl Effect {
    fn of(changes: &[Change]) -> Effect {
        Effect {
            consumer: changes.iter().any(|c| c.consumer.is_breaking()),
            producer: changes.iter().any(|c| c.producer.is_breaking()),
            undecided: changes.iter().any(|c| c.undecided),
            reasons: changes
                .iter()
                .filter(|c| c.consumer.is_breaking() || c.producer.is_breaking())
                .map(|c| c.message.clone())
                .collect(),
        }
    }

    /// Also breaks consumers and/or producers.
    pub fn with(mut self, consumer: bool, producer: bool) -> Effect {
        self.consumer |= consumer;
        self.producer |= producer;
        self
    }

    /// Marked as an assumption rather than a finding.
    pub fn undecided(mut self) -> Effect {
        self.undecided = true;
        self
    }

    /// Both effects together.
    pub fn and(mut self, other: Effect) -> Effect {
        self.consumer |= other.consumer;
        self.producer |= other.producer;
        self.undecided |= other.undecided;
        self.reasons.extend(other.reasons);
        self
    }

    /// The same changes seen through a `not`: what widened now narrows.
    pub fn swapped(mut self) -> Effect {
        std::mem::swap(&mut self.consumer, &mut self.producer);
        self
    }

    /// The first reasons, for a message: `: a; b (and 2 more)`.
    pub fn because(&self) -> String {
        match self.reasons.as_slice() {
            [] => String::new(),
            [one] => format!(" ({one})"),
            [a, b] => format!(" ({a}; {b})"),
            [a, b, rest @ ..] => format!(" ({a}; {b}; and {} more)", rest.len()),
        }
    }
}

/// Walks two schema versions and collects their differences.
pub(super) struct Walker {
    pub changes: Vec<Change>,
    old_root: Location,
    new_root: Location,
    depth: usize,
}

impl Walker {
    /// A walker whose locations are relative to these roots.
    pub fn new(old_root: Location, new_root: Location) -> Walker {
        Walker {
            changes: Vec::new(),
            old_root,
            new_root,
            depth: 0,
        }
    }

    /// Reports a change of a kind with a fixed rule.
    pub fn report(&mut self, kind: Kind, at: &At, message: impl Into<String>) {
        let (consumer, producer, undecided) = match kind.rule() {
            Rule::Fixed {
                consumer,
                producer,
                undecided,
            } => (consumer, producer, undecided),
            // A computed kind reported without its effect: say the worst.
            Rule::Computed => (Impact::Breaking, Impact::Breaking, true),
        };
        self.push(kind, at, consumer, producer, undecided, message.into());
    }

    /// Reports a change whose impact was decided by comparison.
    pub fn report_effect(&mut self, kind: Kind, at: &At, effect: &Effect, message: String) {
        self.push(
            kind,
            at,
            Impact::of(effect.consumer),
            Impact::of(effect.producer),
            effect.undecided,
            message,
        );
    }

    fn push(
        &mut self,
        kind: Kind,
        at: &At,
        consumer: Impact,
        producer: Impact,
        undecided: bool,
        message: String,
    ) {
        self.changes.push(Change {
            kind,
            pointer: at.pointer.clone(),
            old: Location {
                file: self.old_root.file.clone(),
                pointer: format!("{}{}", self.old_root.pointer, at.old),
            },
            new: Location {
                file: self.new_root.file.clone(),
                pointer: format!("{}{}", self.new_root.pointer, at.new),
            },
            consumer,
            producer,
            undecided,
            message,
        });
    }

    /// Compares two subschemas without reporting: what their differences
    /// amount to.
    pub fn probe(&mut self, old: &Value, new: &Value, at: &At) -> Effect {
        let outer = std::mem::take(&mut self.changes);
        self.schema(old, new, at);
        let inner = std::mem::replace(&mut self.changes, outer);
        Effect::of(&inner)
    }

    /// Compares two subschemas and reports their differences; returns how
    /// many were reported.
    pub fn schema(&mut self, old: &Value, new: &Value, at: &At) -> usize {
        let before = self.changes.len();
        if same(old, new) {
            return 0;
        }
        if self.depth >= MAX_DEPTH {
            self.report(
                Kind::Undecided,
                at,
                format!("nested deeper than {MAX_DEPTH} schemas: not compared, assumed to break both sides"),
            );
            return self.changes.len() - before;
        }
        self.depth += 1;
        match (node(old), node(new)) {
            (Node::Nothing, Node::Nothing) => {}
            (Node::Nothing, Node::Schema(_)) => self.report(
                Kind::NowAllowed,
                at,
                "a value is now allowed here (none was before)",
            ),
            (Node::Schema(_), Node::Nothing) => self.report(
                Kind::NoLongerAllowed,
                at,
                "no value is allowed here any more",
            ),
            (Node::Schema(o), Node::Schema(n)) => self.maps(&o, &n, at),
        }
        self.depth -= 1;
        self.changes.len() - before
    }

    fn maps(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        if combinators::unions(self, o, n, at) {
            return;
        }
        combinators::references(self, o, n, at);
        let (old_types, new_types) = scalars::types(self, o, n, at);
        scalars::values(self, o, n, at);
        let shared = old_types.and(new_types);
        if !shared.is_empty() {
            scalars::format(self, o, n, at);
        }
        if shared.intersects(Types::STRING) {
            scalars::pattern(self, o, n, at);
            bounds::strings(self, o, n, at);
        }
        if shared.intersects(Types::NUMBER) {
            let integers = !old_types.union(new_types).intersects(Types::FRACTION);
            bounds::numbers(self, o, n, at, integers);
        }
        if shared.intersects(Types::ARRAY) {
            arrays::compare(self, o, n, at);
        }
        if shared.intersects(Types::OBJECT) {
            objects::compare(self, o, n, at);
        }
        combinators::compare(self, o, n, at);
        self.informative(o, n, at);
        self.unmodelled(o, n, at);
    }

    /// `readOnly`, `writeOnly`, `deprecated`, `default`: reported, never
    /// breaking.
    fn informative(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let flag = |m: &Map<String, Value>, key: &str| m.get(key) == Some(&Value::Bool(true));
        for (key, added, removed, what) in [
            (
                "readOnly",
                Kind::ReadOnlyAdded,
                Kind::ReadOnlyRemoved,
                "read-only",
            ),
            (
                "writeOnly",
                Kind::WriteOnlyAdded,
                Kind::WriteOnlyRemoved,
                "write-only",
            ),
            (
                "deprecated",
                Kind::DeprecatedAdded,
                Kind::DeprecatedRemoved,
                "deprecated",
            ),
        ] {
            match (flag(o, key), flag(n, key)) {
                (false, true) => self.report(added, &at.keyword(o, n, key), format!("now {what}")),
                (true, false) => {
                    self.report(removed, &at.keyword(o, n, key), format!("no longer {what}"))
                }
                _ => {}
            }
        }
        let message = match (o.get("default"), n.get("default")) {
            (None, Some(d)) => format!("default {} added", show(d)),
            (Some(d), None) => format!("default {} removed", show(d)),
            (Some(a), Some(b)) if !same(a, b) => {
                format!("default changed from {} to {}", show(a), show(b))
            }
            _ => return,
        };
        self.report(Kind::DefaultChanged, &at.keyword(o, n, "default"), message);
    }

    /// Assertions the comparison does not analyse: any difference is
    /// undecided.
    fn unmodelled(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let keys = o.keys().chain(n.keys().filter(|k| !o.contains_key(*k)));
        let changed: Vec<&String> = keys
            .filter(|k| is_unmodelled(k))
            .filter(|k| match (o.get(*k), n.get(*k)) {
                (Some(a), Some(b)) => !same(a, b),
                _ => true,
            })
            .collect();
        for key in changed {
            let what = match (o.contains_key(key), n.contains_key(key)) {
                (false, _) => "added",
                (_, false) => "removed",
                _ => "changed",
            };
            self.report(
                Kind::KeywordChanged,
                &at.keyword(o, n, key),
                format!("`{key}` {what}: Ferry does not analyse `{key}`, so it assumes this breaks both sides"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn walk(old: Value, new: Value) -> Vec<Change> {
        let root = |f: &str| Location {
            file: f.into(),
            pointer: "/components/schemas/A".into(),
        };
        let mut w = Walker::new(root("old.yaml"), root("new.yaml"));
        w.schema(&old, &new, &At::default());
        w.changes
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let s = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert!(walk(s.clone(), s).is_empty());
    }

    #[test]
    fn locations_carry_the_file_and_the_root_pointer() {
        let changes = walk(json!({"readOnly": true}), json!({}));
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].old.to_string(),
            "old.yaml#/components/schemas/A/readOnly"
        );
        assert_eq!(changes[0].new.to_string(), "new.yaml#/components/schemas/A");
    }

    #[test]
    fn unmodelled_keywords_are_undecided() {
        let changes = walk(
            json!({"contains": {"type": "string"}}),
            json!({"contains": {"type": "integer"}}),
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, Kind::KeywordChanged);
        assert!(changes[0].undecided);
    }

    #[test]
    fn pointers_escape_their_steps() {
        let at = At::default().child(Some("a/b~c"), "/properties/a~1b~0c", "/x");
        assert_eq!(at.pointer, "/a~1b~0c");
        assert_eq!(at.old, "/properties/a~1b~0c");
    }

    #[test]
    fn probes_report_nothing_but_sum_up() {
        let root = Location {
            file: String::new(),
            pointer: String::new(),
        };
        let mut w = Walker::new(root.clone(), root);
        let effect = w.probe(&json!(true), &json!({"type": "string"}), &At::default());
        assert!(w.changes.is_empty());
        assert!(effect.producer && !effect.consumer);
        assert!(effect.swapped().consumer);
    }
}
