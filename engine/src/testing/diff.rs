//! Structural comparison of an expected and an actual JSON value: the
//! differences by JSON Pointer (missing, extra, changed).
//!
//! Two comparisons of numbers: by value (`1.5` equals `1.50`, `2` equals
//! `2.0`), used for test blocks, whose expectations are written by hand;
//! and exactly as printed, used for golden `.out.json` files, which state
//! the digits Ferry must print. A changed number whose value is equal is
//! flagged, so a scale difference is visible as one.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

/// How numbers compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// Equal when their values are (`1.5` = `1.50`).
    ByValue,
    /// Equal only when printed alike (`1.5` ≠ `1.50`).
    Exact,
}

/// One difference between expected and actual output.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON Pointer (RFC 6901) of the place; `""` is the whole value.
    pub pointer: String,
    /// What differs there.
    pub kind: DifferenceKind,
}

/// What differs at a place.
#[derive(Debug, Clone, PartialEq)]
pub enum DifferenceKind {
    /// Expected, but absent from the output.
    Missing {
        /// The expected value.
        expected: Value,
    },
    /// In the output, but not expected.
    Extra {
        /// The actual value.
        actual: Value,
    },
    /// Present in both, with different values (or types).
    Changed {
        /// The expected value.
        expected: Value,
        /// The actual value.
        actual: Value,
    },
}

impl Difference {
    /// True for a changed number that only differs in how it is written
    /// (`1.5` vs `1.50`): found by [`Numbers::Exact`] only.
    pub fn same_value(&self) -> bool {
        match &self.kind {
            DifferenceKind::Changed {
                expected: Value::Number(e),
                actual: Value::Number(a),
            } => numbers_equal(e, a),
            _ => false,
        }
    }
}

/// The differences between `expected` and `actual`, in document order;
/// empty when they are equal.
pub fn differences(expected: &Value, actual: &Value, numbers: Numbers) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(expected, actual, numbers, &mut String::new(), &mut out);
    out
}

/// True when the values are equal under `numbers`.
pub fn equal(expected: &Value, actual: &Value, numbers: Numbers) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => match numbers {
            Numbers::Exact => e.to_string() == a.to_string(),
            Numbers::ByValue => numbers_equal(e, a),
        },
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| equal(e, a, numbers))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, ev)| a.get(k).is_some_and(|av| equal(ev, av, numbers)))
        }
        _ => expected == actual,
    }
}

fn walk(
    expected: &Value,
    actual: &Value,
    numbers: Numbers,
    at: &mut String,
    out: &mut Vec<Difference>,
) {
    let here = |at: &String| at.clone();
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let len = at.len();
                push_segment(at, k);
                match a.get(k) {
                    Some(av) => walk(ev, av, numbers, at, out),
                    None => out.push(Difference {
                        pointer: here(at),
                        kind: DifferenceKind::Missing {
                            expected: ev.clone(),
                        },
                    }),
                }
                at.truncate(len);
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    let len = at.len();
                    push_segment(at, k);
                    out.push(Difference {
                        pointer: here(at),
                        kind: DifferenceKind::Extra { actual: av.clone() },
                    });
                    at.truncate(len);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for i in 0..e.len().max(a.len()) {
                let len = at.len();
                push_segment(at, &i.to_string());
                match (e.get(i), a.get(i)) {
                    (Some(ev), Some(av)) => walk(ev, av, numbers, at, out),
                    (Some(ev), None) => out.push(Difference {
                        pointer: here(at),
                        kind: DifferenceKind::Missing {
                            expected: ev.clone(),
                        },
                    }),
                    (None, Some(av)) => out.push(Difference {
                        pointer: here(at),
                        kind: DifferenceKind::Extra { actual: av.clone() },
                    }),
                    (None, None) => {}
                }
                at.truncate(len);
            }
        }
        _ if !equal(expected, actual, numbers) => out.push(Difference {
            pointer: here(at),
            kind: DifferenceKind::Changed {
                expected: expected.clone(),
                actual: actual.clone(),
            },
        }),
        _ => {}
    }
}

/// Appends `/segment`, escaped as RFC 6901 says.
fn push_segment(at: &mut String, segment: &str) {
    at.push('/');
    for c in segment.chars() {
        match c {
            '~' => at.push_str("~0"),
            '/' => at.push_str("~1"),
            c => at.push(c),
        }
    }
}

/// Numbers equal by value: exact decimals when both fit one, else floats
/// within a relative 1e-12 (only magnitudes beyond a decimal get there).
fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    if a == b {
        return true;
    }
    match (decimal(&a), decimal(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
            _ => false,
        },
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn report(e: &str, a: &str, numbers: Numbers) -> Vec<String> {
        differences(&json(e), &json(a), numbers)
            .into_iter()
            .map(|d| match d.kind {
                DifferenceKind::Missing { expected } => format!("{} missing {expected}", d.pointer),
                DifferenceKind::Extra { actual } => format!("{} extra {actual}", d.pointer),
                DifferenceKind::Changed { expected, actual } => {
                    format!("{} {expected} -> {actual}", d.pointer)
                }
            })
            .collect()
    }

    #[test]
    fn differences_are_listed_by_pointer() {
        let found = report(
            r#"{"a": 1, "b": {"c/d": [1, 2, 3]}, "gone": true}"#,
            r#"{"a": "1", "b": {"c/d": [1, 5]}, "new": null}"#,
            Numbers::ByValue,
        );
        assert_eq!(
            found,
            [
                "/a 1 -> \"1\"",
                "/b/c~1d/1 2 -> 5",
                "/b/c~1d/2 missing 3",
                "/gone missing true",
                "/new extra null",
            ]
        );
        assert_eq!(report("1", "2", Numbers::ByValue), [" 1 -> 2"]);
    }

    #[test]
    fn numbers_compare_by_value_or_exactly() {
        assert!(report("[1.5, 2, 1e2]", "[1.50, 2.0, 100]", Numbers::ByValue).is_empty());
        let d = differences(&json("1.5"), &json("1.50"), Numbers::Exact);
        assert_eq!(d.len(), 1);
        assert!(d[0].same_value());
        assert!(!differences(&json("1.5"), &json("1.6"), Numbers::Exact)[0].same_value());
        assert!(equal(
            &json("[1e300]"),
            &json("[1.0e300]"),
            Numbers::ByValue
        ));
    }
}
