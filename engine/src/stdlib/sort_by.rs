//! `sort_by(array, x -> key, directions?)`: the elements ordered by a
//! computed key, or by several keys each with its own direction.
//!
//! Errors: `E0401` when `array` is not an array, when a key column is not
//! all numbers or all strings, or when `directions` is neither a string
//! nor an array of strings; `E0404` for a direction other than `"asc"` or
//! `"desc"`, or key arrays of different lengths; any error the function
//! raises.

use std::cmp::Ordering;

use super::support::check_sortable;
use super::{Args, FnDef, NullPolicy, example, failing, lambda, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "sort_by",
    family: "arrays",
    params: &[
        param("array", "array"),
        lambda("key", "x -> key or [key, …]", 1),
        optional("directions", "\"asc\", \"desc\" or an array of them"),
    ],
    variadic: false,
    returns: "array",
    summary: "The elements in order of the key the function computes for each; a key array sorts by several keys, each ascending or descending.",
    details: "The function is called once per element. It returns one key, or an array of keys \
              `[k1, k2, …]` compared in turn (the second decides only where the first ties…). \
              `directions` gives `\"asc\"` or `\"desc\"` per key, in the same order and of the \
              same length as the key array; a single string applies to every key; left out, \
              every key is ascending. Descending works for strings as well as numbers: \
              `sort_by(xs, p -> [p.score, p.last, p.first], [\"desc\", \"asc\", \"asc\"])`. \
              Each key position must hold all numbers or all strings across the elements, \
              ordered as by `sort` (numbers numerically, strings by code point); null \
              (a missing field), booleans, objects, mixed numbers and strings in one position, \
              or key arrays of different lengths are errors, never a silent order: give a \
              default with `??` (`x.last ?? \"\"`). The sort is stable: elements whose keys \
              are all equal keep their order, in both directions.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"sort_by([{"n": "b", "p": 2}, {"n": "a", "p": 1}], x -> x.p)"#,
            r#"[{"n":"a","p":1},{"n":"b","p":2}]"#,
        ),
        example(
            r#"sort_by(["ccc", "a", "bb"], x -> length(x))"#,
            r#"["a","bb","ccc"]"#,
        ),
        example(
            r#"sort_by([{"s": 1, "n": "b"}, {"s": 2, "n": "c"}, {"s": 1, "n": "a"}], x -> [x.s, x.n], ["desc", "asc"])"#,
            r#"[{"s":2,"n":"c"},{"s":1,"n":"a"},{"s":1,"n":"b"}]"#,
        ),
        example(
            r#"sort_by(["pear", "apple", "fig"], x -> x, "desc")"#,
            r#"["pear","fig","apple"]"#,
        ),
        failing(r#"sort_by([{"p": 1}, {}], x -> x.p)"#, "E0401"),
        failing(r#"sort_by([1, 2], x -> x, "down")"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let items = args.array(0)?.to_vec();
    let mut keys = Vec::with_capacity(items.len());
    for item in &items {
        keys.push(args.call(1, std::slice::from_ref(item))?);
    }
    let empty = keys.is_empty();
    let columns = key_columns(keys)?;
    // With no elements there are no keys to count: any number of
    // directions fits.
    let width = match args.get(2) {
        Val::Arr(list) if empty => list.len(),
        _ => columns.len(),
    };
    let descending = directions(args, width)?;
    for column in &columns {
        check_sortable(column, 1)?;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    // `sort_by` is stable, and reversing an ordering keeps ties equal, so
    // descending keys keep equal elements in their original order too.
    order.sort_by(|&a, &b| {
        for (column, &desc) in columns.iter().zip(&descending) {
            let o = column[a].compare(&column[b]).unwrap_or(Ordering::Equal);
            let o = if desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    Ok(Val::array(
        order.into_iter().map(|i| items[i].clone()).collect(),
    ))
}

/// The keys by position: one column for single keys, one per position
/// for key arrays (which must all be arrays of one length).
fn key_columns(keys: Vec<Val<'_>>) -> Result<Vec<Vec<Val<'_>>>, Raise> {
    let Some(Val::Arr(first)) = keys.first() else {
        if let Some(bad) = keys.iter().find(|k| matches!(k, Val::Arr(_))) {
            return Err(Raise::type_mismatch("a single key (like the first)", bad).at_arg(1));
        }
        return Ok(vec![keys]);
    };
    let width = first.len();
    let mut columns: Vec<Vec<Val<'_>>> =
        (0..width).map(|_| Vec::with_capacity(keys.len())).collect();
    for key in &keys {
        let Val::Arr(parts) = key else {
            return Err(Raise::type_mismatch("an array of keys (like the first)", key).at_arg(1));
        };
        if parts.len() != width {
            return Err(Raise::invalid(
                format!(
                    "the key arrays differ in length: {width} keys, then {}",
                    parts.len()
                ),
                key,
            )
            .at_arg(1));
        }
        for (column, part) in columns.iter_mut().zip(parts.iter()) {
            column.push(part);
        }
    }
    Ok(columns)
}

/// Whether each of the `width` keys sorts descending.
fn directions(args: &Args<'_, '_>, width: usize) -> Result<Vec<bool>, Raise> {
    let direction = |v: &Val<'_>| match v {
        Val::Str(s) if s.as_str() == "asc" => Ok(false),
        Val::Str(s) if s.as_str() == "desc" => Ok(true),
        Val::Str(_) => Err(Raise::invalid(
            format!(
                "a direction is \"asc\" or \"desc\", got {}",
                crate::error::describe(v)
            ),
            v,
        )
        .at_arg(2)),
        other => Err(Raise::type_mismatch("\"asc\" or \"desc\"", other).at_arg(2)),
    };
    match args.get(2) {
        Val::Null if !args.has(2) => Ok(vec![false; width]),
        Val::Arr(list) => {
            if list.len() != width {
                return Err(Raise::invalid(
                    format!(
                        "{} directions for {width} key{}",
                        list.len(),
                        if width == 1 { "" } else { "s" }
                    ),
                    args.get(2),
                )
                .at_arg(2));
            }
            list.iter().map(|d| direction(&d)).collect()
        }
        Val::Str(_) => Ok(vec![direction(args.get(2))?; width]),
        other => {
            Err(Raise::type_mismatch("\"asc\", \"desc\" or an array of them", other).at_arg(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{call_with, json};
    use crate::value::Val;
    use proptest::prelude::*;

    fn by_field(
        field: &'static str,
    ) -> impl for<'v> FnMut(usize, &[Val<'v>]) -> Result<Val<'v>, crate::error::Raise> {
        move |_, a| Ok(a[0].field(field).unwrap_or(Val::Null))
    }

    /// A key array of the named fields.
    fn by_fields(
        fields: &'static [&'static str],
    ) -> impl for<'v> FnMut(usize, &[Val<'v>]) -> Result<Val<'v>, crate::error::Raise> {
        move |_, a| {
            Ok(Val::array(
                fields
                    .iter()
                    .map(|f| a[0].field(f).unwrap_or(Val::Null))
                    .collect(),
            ))
        }
    }

    #[test]
    fn sorts_by_a_field_and_is_stable() {
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"n": "b", "p": 2}, {"n": "a", "p": 1}], null]"#,
                by_field("p")
            ),
            Ok(r#"[{"n":"a","p":1},{"n":"b","p":2}]"#.into())
        );
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"n": 1, "p": 2}, {"n": 2, "p": 1}, {"n": 3, "p": 2.0}], null]"#,
                by_field("p")
            ),
            Ok(r#"[{"n":2,"p":1},{"n":1,"p":2},{"n":3,"p":2.0}]"#.into())
        );
    }

    #[test]
    fn sorts_by_a_computed_length() {
        assert_eq!(
            call_with(&DEF, r#"[["ccc", "a", "bb"], null]"#, |_, a| {
                Ok(Val::int(
                    a[0].as_str().map_or(0, |s| s.chars().count()) as i64
                ))
            }),
            Ok(r#"["a","bb","ccc"]"#.into())
        );
    }

    #[test]
    fn a_missing_key_is_a_type_error() {
        assert_eq!(
            call_with(&DEF, r#"[[{"p": 1}, {}], null]"#, by_field("p")),
            Err("E0401".into())
        );
    }

    #[test]
    fn score_descending_then_names_ascending() {
        let people = r#"[
            {"s": 7, "l": "Roe", "f": "Jo"},
            {"s": 9, "l": "Doe", "f": "Al"},
            {"s": 7, "l": "Doe", "f": "Bo"},
            {"s": 7, "l": "Doe", "f": "Ann"}
        ]"#;
        assert_eq!(
            call_with(
                &DEF,
                &format!(r#"[{people}, null, ["desc", "asc", "asc"]]"#),
                by_fields(&["s", "l", "f"])
            ),
            Ok(json(
                r#"[{"s": 9, "l": "Doe", "f": "Al"}, {"s": 7, "l": "Doe", "f": "Ann"},
                    {"s": 7, "l": "Doe", "f": "Bo"}, {"s": 7, "l": "Roe", "f": "Jo"}]"#
            )
            .to_string())
        );
    }

    #[test]
    fn strings_sort_descending() {
        assert_eq!(
            call_with(&DEF, r#"[["b", "c", "a"], null, ["desc"]]"#, |_, a| Ok(a
                [0]
            .clone())),
            Ok(r#"["c","b","a"]"#.into())
        );
        assert_eq!(
            call_with(&DEF, r#"[["b", "c", "a"], null, "desc"]"#, |_, a| Ok(
                a[0].clone()
            )),
            Ok(r#"["c","b","a"]"#.into())
        );
    }

    #[test]
    fn directions_must_match_the_keys() {
        let two = r#"[{"a": 1, "b": 2}]"#;
        for (directions, code) in [
            (r#"["asc"]"#, "E0404"),
            (r#"["asc", "up"]"#, "E0404"),
            (r#"["asc", 1]"#, "E0401"),
            ("5", "E0401"),
        ] {
            assert_eq!(
                call_with(
                    &DEF,
                    &format!("[{two}, null, {directions}]"),
                    by_fields(&["a", "b"])
                ),
                Err(code.into()),
                "{directions}"
            );
        }
    }

    #[test]
    fn key_arrays_must_agree_in_shape_and_type() {
        // Mixed key arrays and single keys.
        let mut n = 0;
        assert_eq!(
            call_with(&DEF, "[[1, 2], null]", move |_, a| {
                n += 1;
                Ok(if n == 1 {
                    Val::array(vec![a[0].clone()])
                } else {
                    a[0].clone()
                })
            }),
            Err("E0401".into())
        );
        // Different lengths.
        let mut n = 0;
        assert_eq!(
            call_with(&DEF, "[[1, 2], null]", move |_, a| {
                n += 1;
                Ok(Val::array(vec![a[0].clone(); n]))
            }),
            Err("E0404".into())
        );
        // A null key part.
        assert_eq!(
            call_with(
                &DEF,
                r#"[[{"a": 1, "b": 2}, {"a": 1}], null]"#,
                by_fields(&["a", "b"])
            ),
            Err("E0401".into())
        );
    }

    #[test]
    fn an_empty_key_array_keeps_the_order() {
        assert_eq!(
            call_with(&DEF, "[[3, 1, 2], null, []]", |_, _| Ok(Val::array(vec![]))),
            Ok("[3,1,2]".into())
        );
    }

    proptest! {
        #[test]
        fn multi_key_sort_is_a_stable_permutation(
            rows in prop::collection::vec((0i64..4, "[a-c]", any::<bool>()), 0..40),
            desc in any::<(bool, bool)>(),
        ) {
            // Each row carries its original position, to check stability.
            let input: Vec<serde_json::Value> = rows
                .iter()
                .enumerate()
                .map(|(i, (s, n, _))| serde_json::json!({"s": s, "n": n, "i": i}))
                .collect();
            let dirs = serde_json::json!([
                if desc.0 { "desc" } else { "asc" },
                if desc.1 { "desc" } else { "asc" }
            ]);
            let args = serde_json::json!([input, null, dirs]).to_string();
            let got = call_with(&DEF, &args, by_fields(&["s", "n"])).unwrap();
            let got: Vec<serde_json::Value> = serde_json::from_str(&got).unwrap();
            // A permutation: the same positions, each once.
            let mut seen: Vec<u64> = got.iter().map(|r| r["i"].as_u64().unwrap()).collect();
            seen.sort();
            prop_assert_eq!(seen, (0..rows.len() as u64).collect::<Vec<_>>());
            // Ordered by the keys, ties in input order.
            for pair in got.windows(2) {
                let key = |r: &serde_json::Value| (r["s"].as_i64().unwrap(), r["n"].as_str().unwrap().to_owned());
                let (a, b) = (key(&pair[0]), key(&pair[1]));
                let first = if desc.0 { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) };
                let second = if desc.1 { b.1.cmp(&a.1) } else { a.1.cmp(&b.1) };
                let o = first.then(second);
                prop_assert!(o != std::cmp::Ordering::Greater);
                if o == std::cmp::Ordering::Equal {
                    prop_assert!(pair[0]["i"].as_u64() < pair[1]["i"].as_u64());
                }
            }
        }
    }
}
