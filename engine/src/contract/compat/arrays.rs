//! Arrays: `items` and `prefixItems` (or draft 4–2019-09's array `items`
//! with `additionalItems`), position by position and then the rest, plus
//! `minItems`, `maxItems` and `uniqueItems`.

use serde_json::{Map, Value};

use super::bounds;
use super::change::Kind;
use super::walk::{At, Walker};

/// An array schema's tuple: the schemas of the first positions, where they
/// are, and the schema of the rest.
struct Tuple<'a> {
    prefix: &'a [Value],
    prefix_key: &'static str,
    rest: Option<&'a Value>,
    rest_key: &'static str,
}

fn tuple(m: &Map<String, Value>) -> Tuple<'_> {
    if let Some(Value::Array(prefix)) = m.get("prefixItems") {
        return Tuple {
            prefix,
            prefix_key: "prefixItems",
            rest: m.get("items"),
            rest_key: "items",
        };
    }
    if let Some(Value::Array(prefix)) = m.get("items") {
        return Tuple {
            prefix,
            prefix_key: "items",
            rest: m.get("additionalItems"),
            rest_key: "additionalItems",
        };
    }
    Tuple {
        prefix: &[],
        prefix_key: "prefixItems",
        rest: m.get("items"),
        rest_key: "items",
    }
}

impl Tuple<'_> {
    /// The schema at position `i` and its path.
    fn at(&self, i: usize) -> (&Value, String) {
        match self.prefix.get(i) {
            Some(s) => (s, format!("/{}/{i}", self.prefix_key)),
            None => self.rest(),
        }
    }

    fn rest(&self) -> (&Value, String) {
        const ANYTHING: &Value = &Value::Bool(true);
        match self.rest {
            Some(s) => (s, format!("/{}", self.rest_key)),
            None => (ANYTHING, String::new()),
        }
    }
}

/// Compares the array keywords of two schemas that both admit arrays.
pub(super) fn compare(w: &mut Walker, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
    let (old, new) = (tuple(o), tuple(n));
    for i in 0..old.prefix.len().max(new.prefix.len()) {
        let ((so, po), (sn, pn)) = (old.at(i), new.at(i));
        w.schema(so, sn, &at.child(Some(&i.to_string()), &po, &pn));
    }
    let ((so, po), (sn, pn)) = (old.rest(), new.rest());
    w.schema(so, sn, &at.child(Some("*"), &po, &pn));
    bounds::items(w, o, n, at);
    let unique = |m: &Map<String, Value>| m.get("uniqueItems") == Some(&Value::Bool(true));
    let place = at.keyword(o, n, "uniqueItems");
    match (unique(o), unique(n)) {
        (false, true) => w.report(
            Kind::UniqueItemsAdded,
            &place,
            "items must now be unique: arrays with duplicates are refused",
        ),
        (true, false) => w.report(
            Kind::UniqueItemsRemoved,
            &place,
            "items need not be unique any more: arrays may hold duplicates",
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_tuple_spellings_read_alike() {
        let d4 = json!({"items": [{"type": "string"}], "additionalItems": false});
        let d2020 = json!({"prefixItems": [{"type": "string"}], "items": false});
        for v in [&d4, &d2020] {
            let t = tuple(v.as_object().expect("an object"));
            assert_eq!(t.prefix.len(), 1);
            assert_eq!(t.rest, Some(&json!(false)));
        }
        let t = tuple(d4.as_object().expect("an object"));
        assert_eq!(t.at(0).1, "/items/0");
        assert_eq!(t.at(3).1, "/additionalItems");
    }

    #[test]
    fn no_items_admits_anything() {
        let plain = json!({"type": "array"});
        let t = tuple(plain.as_object().expect("an object"));
        assert_eq!(t.rest(), (&json!(true), String::new()));
    }
}
