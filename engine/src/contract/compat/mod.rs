//! Compatibility between two versions of a schema: every difference, and
//! whether it breaks **consumers** (readers of data valid under the schema:
//! broken when the new version admits a value the old one did not) or
//! **producers** (writers: broken when the new version refuses a value the
//! old one admitted).
//!
//! Both versions are compared with their `$ref`s inlined
//! ([`Schema::dereferenced`]), walking them side by side: types, values,
//! formats and patterns (`scalars`), bounds (`bounds`), arrays
//! (`arrays`), objects (`objects`, `properties`) and combinators
//! (`combinators`).
//! `allOf`s that mean the same as one schema are merged first (`merge`).
//! Where the walk cannot decide, it says so and reports the change as
//! breaking both sides: it may cry wolf, but never calls a breaking change
//! compatible. `docs/compat.md` holds the rule table. `ferry compat OLD NEW`
//! is the command line's face of [`compare`].

mod arrays;
mod bounds;
mod branches;
mod change;
mod combinators;
mod merge;
mod node;
mod objects;
mod properties;
mod report;
mod scalars;
mod values;
mod walk;

use serde_json::Value;

pub use change::{Change, Impact, Kind, Location, Rule, Side};
pub use report::Report;

use super::Schema;
use walk::{At, Walker};

/// Compares two versions of a schema.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("ferry-doc-compat-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # std::fs::write(dir.join("v1.json"), r#"{"properties": {"qty": {"type": "integer"}}}"#).unwrap();
/// # std::fs::write(dir.join("v2.json"), r#"{"properties": {"qty": {"type": "number"}}}"#).unwrap();
/// use ferry_engine::contract::{Schema, compat};
///
/// let old = Schema::load("v1.json", &dir).unwrap();
/// let new = Schema::load("v2.json", &dir).unwrap();
/// let report = compat::compare(&old, &new);
/// assert_eq!(report.changes[0].kind, compat::Kind::TypeWidened);
/// assert_eq!(report.changes[0].pointer, "/qty");
/// assert!(report.is_breaking_for(compat::Side::Consumer));
/// assert!(!report.is_breaking_for(compat::Side::Producer));
/// ```
pub fn compare(old: &Schema, new: &Schema) -> Report {
    let root = |s: &Schema| Location {
        file: s.file().display().to_string(),
        pointer: s.pointer().to_owned(),
    };
    walk_values(
        &old.dereferenced(),
        root(old),
        &new.dereferenced(),
        root(new),
    )
}

/// Compares two schemas given as values, `$ref`-free (as
/// [`Schema::dereferenced`] gives them); locations have no file.
///
/// ```
/// use ferry_engine::contract::compat::{Kind, compare_values};
/// use serde_json::json;
///
/// let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
/// let new = json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]});
/// let report = compare_values(&old, &new);
/// assert_eq!(report.changes[0].kind, Kind::PropertyBecameRequired);
/// assert_eq!(report.changes[0].new.pointer, "/required");
/// ```
pub fn compare_values(old: &Value, new: &Value) -> Report {
    let root = Location {
        file: String::new(),
        pointer: String::new(),
    };
    walk_values(old, root.clone(), new, root)
}

fn walk_values(old: &Value, old_root: Location, new: &Value, new_root: Location) -> Report {
    let mut walker = Walker::new(old_root, new_root);
    walker.schema(old, new, &At::default());
    Report {
        changes: walker.changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(old: Value, new: Value) -> Vec<&'static str> {
        compare_values(&old, &new)
            .changes
            .iter()
            .map(|c| c.kind.name())
            .collect()
    }

    #[test]
    fn nested_changes_carry_the_instance_pointer() {
        let old = json!({"properties": {"lines": {"items": {"properties": {"qty": {"type": "integer", "minimum": 0}}}}}});
        let new = json!({"properties": {"lines": {"items": {"properties": {"qty": {"type": "integer", "minimum": 1}}}}}});
        let report = compare_values(&old, &new);
        assert_eq!(report.changes.len(), 1);
        let c = &report.changes[0];
        assert_eq!(c.pointer, "/lines/*/qty");
        assert_eq!(
            c.new.pointer,
            "/properties/lines/items/properties/qty/minimum"
        );
        assert_eq!(c.kind, Kind::MinimumTightened);
    }

    #[test]
    fn a_ref_with_siblings_compares_like_the_plain_schema() {
        let inlined = json!({"allOf": [{"type": "string"}, {"description": "why"}]});
        assert!(kinds(json!({"type": "string"}), inlined).is_empty());
    }

    #[test]
    fn openapi_30_nullable_without_type_is_null_added() {
        let old = json!({"properties": {"a": {"type": "object", "properties": {"x": {}}}}});
        let new = json!({"properties": {"a": {"anyOf": [{"type": "null"}, {"allOf": [{"type": "object", "properties": {"x": {}}}]}]}}});
        assert_eq!(kinds(old, new), ["nullable_added"]);
    }

    #[test]
    fn type_lists_and_null_branches_are_the_same_nullability() {
        let old = json!({"type": ["string", "null"], "maxLength": 3});
        let new = json!({"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 3}]});
        assert!(kinds(old, new).is_empty());
    }
}
