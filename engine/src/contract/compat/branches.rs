//! The branches of an `anyOf`, `oneOf` or `allOf`: which branch of the old
//! version became which of the new (equal ones first, then the most alike),
//! and whether two branches can both match one value.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::node::{Node, node, types, values};
use super::values::{Types, same};

/// One branch and its path from the schema holding the combinator.
#[derive(Debug, Clone)]
pub(super) struct Branch<'a> {
    pub schema: Cow<'a, Value>,
    pub path: String,
}

/// The branches of `m[keyword]`, an array of schemas (empty when absent).
pub(super) fn of<'a>(m: &'a Map<String, Value>, keyword: &str) -> Vec<Branch<'a>> {
    match m.get(keyword) {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, schema)| Branch {
                schema: Cow::Borrowed(schema),
                path: format!("/{keyword}/{i}"),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// How the branches of two versions correspond.
#[derive(Debug, Default)]
pub(super) struct Pairing {
    /// (old index, new index) of branches that changed.
    pub changed: Vec<(usize, usize)>,
    /// Old branches with no counterpart.
    pub removed: Vec<usize>,
    /// New branches with no counterpart.
    pub added: Vec<usize>,
}

/// Pairs equal branches, then the most alike of the rest; branches that
/// cannot both match a value are never paired.
pub(super) fn pair(old: &[Branch<'_>], new: &[Branch<'_>]) -> Pairing {
    let mut old_free: Vec<bool> = vec![true; old.len()];
    let mut new_free: Vec<bool> = vec![true; new.len()];
    for (i, a) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| new_free[j] && same(&a.schema, &new[j].schema)) {
            old_free[i] = false;
            new_free[j] = false;
        }
    }
    let mut scored: Vec<(usize, usize, usize)> = Vec::new();
    for (i, a) in old.iter().enumerate().filter(|(i, _)| old_free[*i]) {
        for (j, b) in new.iter().enumerate().filter(|(j, _)| new_free[*j]) {
            let score = similarity(&a.schema, &b.schema);
            if score > 0 {
                scored.push((score, i, j));
            }
        }
    }
    // Highest score first; ties keep the branches' order.
    scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut pairing = Pairing::default();
    for (_, i, j) in scored {
        if old_free[i] && new_free[j] {
            old_free[i] = false;
            new_free[j] = false;
            pairing.changed.push((i, j));
        }
    }
    pairing.changed.sort_unstable();
    pairing.removed = (0..old.len()).filter(|&i| old_free[i]).collect();
    pairing.added = (0..new.len()).filter(|&j| new_free[j]).collect();
    pairing
}

/// How alike two branches are: 0 when they cannot both match a value, else
/// more for shared types and shared property names.
fn similarity(a: &Value, b: &Value) -> usize {
    if disjoint(a, b) {
        return 0;
    }
    let (Node::Schema(ma), Node::Schema(mb)) = (node(a), node(b)) else {
        return 0;
    };
    let shared_types = (0..7)
        .filter(|bit| {
            let t = types_bit(*bit);
            types(&ma).intersects(t) && types(&mb).intersects(t)
        })
        .count();
    let names = |m: &Map<String, Value>| -> Vec<String> {
        m.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (na, nb) = (names(&ma), names(&mb));
    let shared_names = na.iter().filter(|k| nb.contains(k)).count();
    1 + shared_types + 2 * shared_names
}

fn types_bit(bit: u8) -> Types {
    [
        Types::NULL,
        Types::BOOLEAN,
        Types::OBJECT,
        Types::ARRAY,
        Types::STRING,
        Types::INTEGER,
        Types::FRACTION,
    ][usize::from(bit)]
}

/// True when no value can match both schemas: their types or values do
/// not meet, or (for objects) a property both require cannot meet (a
/// discriminator).
pub(super) fn disjoint(a: &Value, b: &Value) -> bool {
    let (Node::Schema(ma), Node::Schema(mb)) = (node(a), node(b)) else {
        return true;
    };
    let shared = types(&ma).and(types(&mb));
    if shared.is_empty() {
        return true;
    }
    if let (Some(va), Some(vb)) = (values(&ma), values(&mb))
        && !va.iter().any(|x| vb.iter().any(|y| same(x, y)))
    {
        return true;
    }
    if shared != Types::OBJECT {
        return false;
    }
    let required = |m: &Map<String, Value>| -> Vec<String> {
        m.get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let property = |m: &'_ Map<String, Value>, name: &str| -> Option<Value> {
        m.get("properties").and_then(|p| p.get(name)).cloned()
    };
    let (ra, rb) = (required(&ma), required(&mb));
    ra.iter().filter(|k| rb.contains(k)).any(|name| {
        match (property(&ma, name), property(&mb, name)) {
            (Some(pa), Some(pb)) => disjoint(&pa, &pb),
            _ => false,
        }
    })
}

/// True when no two of the branches can match one value.
pub(super) fn pairwise_disjoint(branches: &[Branch<'_>]) -> bool {
    branches.iter().enumerate().all(|(i, a)| {
        branches[i + 1..]
            .iter()
            .all(|b| disjoint(&a.schema, &b.schema))
    })
}

/// True for a branch that admits only `null`.
pub(super) fn is_null(v: &Value) -> bool {
    match node(v) {
        Node::Schema(m) => types(&m) == Types::NULL,
        Node::Nothing => false,
    }
}

/// Splits a branch whose `type` lists several types into one branch per
/// type — `{"type": ["string", "null"], "maxLength": 3}` into `{"type":
/// "string", "maxLength": 3}` and `{"type": "null", "maxLength": 3}` — so a
/// type list and the `anyOf` of its types (OpenAPI 3.0's `nullable`
/// without `type`) pair branch by branch. Each keyword other than `type`
/// applies to the values of its own type only, and values of different
/// types match different branches, so inside an `anyOf` or a `oneOf` the
/// split means the same.
pub(super) fn split_types(branches: Vec<Branch<'_>>) -> Vec<Branch<'_>> {
    let mut out = Vec::new();
    for b in branches {
        let types = match b.schema.as_ref() {
            Value::Object(m) => match m.get("type") {
                Some(Value::Array(t)) if t.len() > 1 => Some((m.clone(), t.clone())),
                _ => None,
            },
            _ => None,
        };
        let Some((map, types)) = types else {
            out.push(b);
            continue;
        };
        for t in types {
            let mut one = map.clone();
            one.insert("type".into(), t);
            out.push(Branch {
                schema: Cow::Owned(Value::Object(one)),
                path: b.path.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn branches(list: &[Value]) -> Vec<Branch<'_>> {
        list.iter()
            .enumerate()
            .map(|(i, s)| Branch {
                schema: Cow::Borrowed(s),
                path: format!("/anyOf/{i}"),
            })
            .collect()
    }

    #[test]
    fn discriminated_objects_are_disjoint() {
        let cat = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "cat"}}});
        let dog = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dog"}}});
        assert!(disjoint(&cat, &dog));
        assert!(disjoint(
            &json!({"type": "string"}),
            &json!({"type": "integer"})
        ));
        assert!(!disjoint(
            &json!({"type": "number"}),
            &json!({"type": "integer"})
        ));
        assert!(!disjoint(&json!({"type": "object"}), &cat));
    }

    #[test]
    fn equal_branches_pair_first_then_alike_ones() {
        let old = [
            json!({"type": "string"}),
            json!({"type": "object", "properties": {"a": {}, "b": {}}}),
        ];
        let new = [
            json!({"type": "object", "properties": {"a": {}, "b": {}, "c": {}}}),
            json!({"type": "string"}),
            json!({"type": "boolean"}),
        ];
        let p = pair(&branches(&old), &branches(&new));
        assert_eq!(p.changed, vec![(1, 0)]);
        assert!(p.removed.is_empty());
        assert_eq!(p.added, vec![2]);
    }

    #[test]
    fn type_lists_split_into_a_branch_per_type() {
        let old = [json!({"type": ["string", "null"], "maxLength": 3})];
        let new = [
            json!({"type": "null", "maxLength": 3}),
            json!({"type": "string", "maxLength": 3}),
        ];
        let split = split_types(branches(&old));
        assert_eq!(split.len(), 2);
        assert_eq!(split[0].schema.as_ref(), &new[1]);
        assert_eq!(split[0].path, "/anyOf/0");
        let p = pair(&split, &branches(&new));
        assert!(p.changed.is_empty() && p.added.is_empty() && p.removed.is_empty());
    }
}
