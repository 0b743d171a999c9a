//! JSON values as a schema compares them: numbers by value (`1 == 1.0`),
//! JSON types as a bit set in which `integer` is part of `number`, and
//! short renderings for messages.

use std::cmp::Ordering;

use serde_json::Value;

use crate::value::Num;

/// Equal as JSON Schema's `enum`/`const` see it: numbers by value,
/// containers member by member.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.equals(y),
            _ => a == b,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The number a value holds, exactly where it can be.
pub(super) fn number(v: &Value) -> Option<Num> {
    match v {
        // With `arbitrary_precision` the text is the number as written.
        Value::Number(n) => Num::parse(&n.to_string()),
        _ => None,
    }
}

/// Numeric order of two numbers.
pub(super) fn order(a: Num, b: Num) -> Ordering {
    a.compare(b)
}

/// A value for a message: JSON, cut short when long.
pub(super) fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(57).collect();
    format!("{cut}…")
}

/// JSON types as a bit set: `number` is `integer` plus the numbers with a
/// fraction, so `integer` → `number` widens and the reverse narrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Types(u8);

impl Types {
    pub const NONE: Types = Types(0);
    pub const NULL: Types = Types(1);
    pub const BOOLEAN: Types = Types(2);
    pub const OBJECT: Types = Types(4);
    pub const ARRAY: Types = Types(8);
    pub const STRING: Types = Types(16);
    pub const INTEGER: Types = Types(32);
    /// Numbers that are not integers.
    pub const FRACTION: Types = Types(64);
    pub const NUMBER: Types = Types(32 | 64);
    pub const ALL: Types = Types(127);

    /// The types a `type` name admits (`NONE` for an unknown name).
    pub fn of_name(name: &str) -> Types {
        match name {
            "null" => Types::NULL,
            "boolean" => Types::BOOLEAN,
            "object" => Types::OBJECT,
            "array" => Types::ARRAY,
            "string" => Types::STRING,
            "integer" => Types::INTEGER,
            "number" => Types::NUMBER,
            _ => Types::NONE,
        }
    }

    /// The types a `type` keyword admits: every type when absent.
    pub fn of_keyword(keyword: Option<&Value>) -> Types {
        match keyword {
            Some(Value::String(name)) => Types::of_name(name),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .fold(Types::NONE, |all, n| all.union(Types::of_name(n))),
            // Not a valid `type`: the meta-schema check refused it already.
            _ => Types::ALL,
        }
    }

    /// The type of a value (`1.0` is an integer, as in JSON Schema).
    pub fn of_value(v: &Value) -> Types {
        match v {
            Value::Null => Types::NULL,
            Value::Bool(_) => Types::BOOLEAN,
            Value::Object(_) => Types::OBJECT,
            Value::Array(_) => Types::ARRAY,
            Value::String(_) => Types::STRING,
            Value::Number(_) => match number(v) {
                Some(n) if !n.is_integral() => Types::FRACTION,
                _ => Types::INTEGER,
            },
        }
    }

    pub fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub fn and(self, other: Types) -> Types {
        Types(self.0 & other.0)
    }

    pub fn without(self, other: Types) -> Types {
        Types(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersects(self, other: Types) -> bool {
        self.0 & other.0 != 0
    }

    /// `type` names for the set, or `None` when it cannot be written
    /// (fractions without integers).
    pub fn names(self) -> Option<Vec<&'static str>> {
        if self.intersects(Types::FRACTION) && !self.intersects(Types::INTEGER) {
            return None;
        }
        let mut names = Vec::new();
        for (t, name) in [
            (Types::NULL, "null"),
            (Types::BOOLEAN, "boolean"),
            (Types::OBJECT, "object"),
            (Types::ARRAY, "array"),
            (Types::STRING, "string"),
        ] {
            if self.intersects(t) {
                names.push(name);
            }
        }
        if self.and(Types::NUMBER) == Types::NUMBER {
            names.push("number");
        } else if self.intersects(Types::INTEGER) {
            names.push("integer");
        }
        Some(names)
    }

    /// `string`, `integer or null`, `any type`, `non-integer numbers`.
    pub fn describe(self) -> String {
        if self == Types::ALL {
            return "any type".into();
        }
        if self.is_empty() {
            return "no type".into();
        }
        let mut parts: Vec<&str> = Vec::new();
        for (t, name) in [
            (Types::STRING, "string"),
            (Types::BOOLEAN, "boolean"),
            (Types::OBJECT, "object"),
            (Types::ARRAY, "array"),
        ] {
            if self.intersects(t) {
                parts.push(name);
            }
        }
        if self.and(Types::NUMBER) == Types::NUMBER {
            parts.push("number");
        } else if self.intersects(Types::INTEGER) {
            parts.push("integer");
        } else if self.intersects(Types::FRACTION) {
            parts.push("non-integer number");
        }
        if self.intersects(Types::NULL) {
            parts.push("null");
        }
        match parts.as_slice() {
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_equal_by_value() {
        assert!(same(&json!(1), &json!(1.0)));
        assert!(same(&json!({"a": [1, 2.50]}), &json!({"a": [1.0, 2.5]})));
        assert!(!same(&json!(1), &json!("1")));
        assert!(!same(&json!([1]), &json!([1, 2])));
    }

    #[test]
    fn integer_is_part_of_number() {
        let int = Types::of_keyword(Some(&json!("integer")));
        let num = Types::of_keyword(Some(&json!("number")));
        assert_eq!(num.without(int), Types::FRACTION);
        assert!(int.without(num).is_empty());
        assert_eq!(Types::of_value(&json!(2.0)), Types::INTEGER);
        assert_eq!(Types::of_value(&json!(2.5)), Types::FRACTION);
        assert_eq!(Types::of_keyword(None), Types::ALL);
    }

    #[test]
    fn types_read_as_text_and_as_names() {
        let t = Types::of_keyword(Some(&json!(["integer", "null"])));
        assert_eq!(t.describe(), "integer or null");
        assert_eq!(t.names(), Some(vec!["null", "integer"]));
        assert_eq!(Types::FRACTION.describe(), "non-integer number");
        assert_eq!(Types::FRACTION.names(), None);
        assert_eq!(Types::ALL.describe(), "any type");
    }

    #[test]
    fn long_values_are_cut_for_messages() {
        let long = json!("x".repeat(100));
        assert!(show(&long).ends_with('…'));
        assert_eq!(show(&json!("gift")), "\"gift\"");
    }
}
