//! `unflatten_keys(object, separator?)`: dotted keys as nested objects
//! and arrays; the inverse of `flatten_keys`.
//!
//! Errors: `E0401` on wrong types; `E0404` for an empty separator or keys
//! that conflict (`"a"` and `"a.b"`); `E0504` beyond 512 levels.

use std::collections::HashMap;

use super::tree::MAX_NESTING;
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::codes;
use crate::error::Raise;
use crate::value::{ObjMap, Str, Val};

pub(super) const DEF: FnDef = FnDef {
    name: "unflatten_keys",
    family: "objects",
    params: &[param("object", "object"), optional("separator", "string")],
    variadic: false,
    returns: "object",
    summary: "The object with each key split at `separator` (default `.`) into nested members: the inverse of `flatten_keys`.",
    details: "`{\"a.b\": 1, \"a.c\": 2}` gives `{\"a\": {\"b\": 1, \"c\": 2}}`. Digits become \
              array indexes only when they can be nothing else: the members of one nested \
              object whose names are exactly `0`, `1`, … up to their count less one (in any \
              order, without leading zeros) become an array in index order, so \
              `{\"c.0\": 1, \"c.1\": 2}` gives `{\"c\": [1, 2]}`; `{\"c.1\": 2}` alone gives \
              `{\"c\": {\"1\": 2}}` (no null padding). The result's top level stays an object. \
              Values are kept as they are (an object value is not merged with other keys). \
              Keys that conflict, one the prefix of another (`\"a\"` and `\"a.b\"`), are \
              `E0404` naming both. `unflatten_keys(flatten_keys(x))` is `x` for any object \
              whose keys contain no separator and none of whose nested objects has only the \
              names `0`…`n-1`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"unflatten_keys({"a.b": 1, "a.c": 2})"#,
            r#"{"a":{"b":1,"c":2}}"#,
        ),
        example(
            r#"unflatten_keys({"id": 7, "lines.0.sku": "A", "lines.1.sku": "B", "meta.1": "x"})"#,
            r#"{"id":7,"lines":[{"sku":"A"},{"sku":"B"}],"meta":{"1":"x"}}"#,
        ),
        example(
            r#"unflatten_keys({"user_name": "Jo", "user_age": 30}, "_")"#,
            r#"{"user":{"name":"Jo","age":30}}"#,
        ),
        failing(r#"unflatten_keys({"a": 1, "a.b": 2})"#, "E0404"),
        failing(r#"unflatten_keys({"a": 1}, "")"#, "E0404"),
    ],
    run,
};

/// A member being rebuilt.
enum Node<'a> {
    /// A value, with the flat key it came from.
    Leaf(Val<'a>, String),
    /// Nested members, with a flat key that created it.
    Branch(Branch<'a>, String),
}

/// Nested members in order of first appearance.
#[derive(Default)]
struct Branch<'a> {
    members: Vec<(String, Node<'a>)>,
    index: HashMap<String, usize>,
}

impl<'a> Branch<'a> {
    fn slot(&mut self, name: &str) -> Option<&mut Node<'a>> {
        let &i = self.index.get(name)?;
        Some(&mut self.members[i].1)
    }

    fn push(&mut self, name: &str, node: Node<'a>) -> &mut Node<'a> {
        self.index.insert(name.to_owned(), self.members.len());
        self.members.push((name.to_owned(), node));
        let last = self.members.len() - 1;
        &mut self.members[last].1
    }

    /// The members as an array when their names are exactly 0..n-1.
    fn into_val(self, depth: usize) -> Val<'a> {
        let n = self.members.len();
        let indexes: Option<Vec<usize>> = self
            .members
            .iter()
            .map(|(name, _)| {
                let canonical = name == "0" || (!name.starts_with('0') && !name.is_empty());
                name.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then_some(())
                    .filter(|_| canonical)
                    .and_then(|_| name.parse::<usize>().ok())
                    .filter(|&i| i < n)
            })
            .collect();
        let value = |node: Node<'a>| match node {
            Node::Leaf(v, _) => v,
            Node::Branch(b, _) => b.into_val(depth + 1),
        };
        match indexes {
            // Names below n and unique (they are keys of one object), so
            // each slot is filled exactly once.
            Some(indexes) if depth > 0 && n > 0 => {
                let mut slots: Vec<Val<'a>> = vec![Val::Null; n];
                for ((_, node), i) in self.members.into_iter().zip(indexes) {
                    slots[i] = value(node);
                }
                Val::array(slots)
            }
            _ => {
                let mut map = ObjMap::with_capacity(n);
                for (name, node) in self.members {
                    map.push_unique(Str::from(name), value(node));
                }
                Val::object(map)
            }
        }
    }
}

fn conflict(first: &str, second: &str, value: &Val<'_>) -> Raise {
    Raise::invalid(
        format!("the keys {first:?} and {second:?} conflict: one needs the other to be an object"),
        value,
    )
    .at_arg(0)
}

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let object = args.object(0)?;
    let separator = if args.has(1) { args.str(1)? } else { "." };
    if separator.is_empty() {
        return Err(Raise::invalid("the separator is empty", args.get(1)).at_arg(1));
    }
    let mut root = Branch::default();
    for (key, value) in object.iter() {
        let parts: Vec<&str> = key.split(separator).collect();
        if parts.len() > MAX_NESTING {
            return Err(Raise::new(
                codes::SIZE_LIMIT,
                format!("the key {key:?} nests deeper than {MAX_NESTING} levels"),
            )
            .uncatchable());
        }
        let (last, inner) = parts.split_last().unwrap_or((&"", &[]));
        let mut branch = &mut root;
        for part in inner {
            if branch.slot(part).is_none() {
                branch.push(part, Node::Branch(Branch::default(), key.to_string()));
            }
            branch = match branch.slot(part) {
                Some(Node::Branch(b, _)) => b,
                Some(Node::Leaf(_, other)) => return Err(conflict(other, &key, &value)),
                None => unreachable_slot()?,
            };
        }
        match branch.slot(last) {
            Some(Node::Leaf(_, other) | Node::Branch(_, other)) => {
                return Err(conflict(other, &key, &value));
            }
            None => {
                branch.push(last, Node::Leaf(value, key.to_string()));
            }
        }
    }
    Ok(root.into_val(0))
}

/// The slot was just filled: kept total without a panic.
fn unreachable_slot<'b, 'a>() -> Result<&'b mut Branch<'a>, Raise> {
    Err(Raise::new(
        codes::INVALID_VALUE,
        "internal: a member vanished",
    ))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::flatten_keys;
    use crate::stdlib::testing::{call, err, json, ok};
    use proptest::prelude::*;

    #[test]
    fn only_complete_index_sets_become_arrays() {
        ok(
            &DEF,
            r#"[{"a.1": "y", "a.0": "x"}]"#,
            r#"{"a": ["x", "y"]}"#,
        );
        ok(
            &DEF,
            r#"[{"a.0": "x", "a.2": "z"}]"#,
            r#"{"a": {"0": "x", "2": "z"}}"#,
        );
        ok(&DEF, r#"[{"a.00": "x"}]"#, r#"{"a": {"00": "x"}}"#);
        ok(&DEF, r#"[{"0": "x", "1": "y"}]"#, r#"{"0": "x", "1": "y"}"#);
        ok(&DEF, r#"[{"a.0.0": 1, "a.0.1": 2}]"#, r#"{"a": [[1, 2]]}"#);
    }

    #[test]
    fn conflicts_and_odd_keys() {
        err(&DEF, r#"[{"a.b": 1, "a": 2}]"#, "E0404");
        err(&DEF, r#"[{"a": {"x": 1}, "a.b": 2}]"#, "E0404");
        ok(&DEF, r#"[{"a.": 1}]"#, r#"{"a": {"": 1}}"#);
        ok(&DEF, r#"[{"": 1}]"#, r#"{"": 1}"#);
        ok(&DEF, r#"[{"a::b": 1}, "::"]"#, r#"{"a": {"b": 1}}"#);
        err(
            &DEF,
            &format!(r#"[{{"{}": 1}}]"#, "a.".repeat(600)),
            "E0504",
        );
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            (-3i64..3).prop_map(serde_json::Value::from),
            "[xy]{0,2}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[a-c_]{0,2}", inner), 0..4)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn unflatten_undoes_flatten(
            members in prop::collection::vec(("[a-c_]{0,2}", value()), 0..5)
        ) {
            let object = serde_json::Value::Object(members.into_iter().collect());
            let flat = call(&flatten_keys::DEF, &format!("[{object}]")).unwrap();
            let back = call(&DEF, &format!("[{flat}]")).unwrap();
            prop_assert_eq!(json(&back), object);
        }
    }
}
