//! A mapping that validates its input parses each record only as far as
//! the mapping and the input schema read it (`Projection::of`). Validating
//! the projected record must find exactly what validating the whole record
//! finds: the same verdict, the same violations at the same pointers.
//!
//! Records come from each example mapping's input schema (`schema_gen`),
//! then are damaged at random places (a member removed, a value replaced
//! by one of another type, a member added), so that invalid records are
//! compared as well as valid ones.

mod schema_gen;

use std::path::{Path, PathBuf};

use ferry_engine::contract::{Schema, Validate};
use ferry_engine::projection::Projection;
use ferry_engine::{Mapping, doc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("engine sits inside the workspace")
        .to_path_buf()
}

/// Every example mapping that declares an input schema.
fn mappings_with_input_schemas() -> Vec<(PathBuf, Mapping)> {
    let mut found = Vec::new();
    let mut dirs = vec![workspace().join("mappings")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read mappings/") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "map")
                && let Ok(mapping) = Mapping::compile_file(&path)
                && mapping.contracts().input.is_some()
            {
                found.push((path, mapping.with_validation(Validate::Input)));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// One way of damaging a record at the node a number picks.
#[derive(Debug, Clone)]
enum Damage {
    Replace(Value),
    Remove,
    Add,
}

fn damage() -> impl Strategy<Value = (usize, Damage)> {
    let replacement = prop::sample::select(vec![
        Value::Null,
        json!(7),
        json!(-1.5),
        json!("Z"),
        json!([]),
        json!({}),
        json!({"x": [1]}),
        json!(true),
    ]);
    (
        any::<usize>(),
        prop_oneof![
            replacement.prop_map(Damage::Replace),
            Just(Damage::Remove),
            Just(Damage::Add),
        ],
    )
}

/// The `n`-th node of `value` in pre-order, wrapping around.
fn nth(value: &mut Value, n: usize) -> &mut Value {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(v: &mut Value, n: usize) -> &mut Value {
        if n == 0 {
            return v;
        }
        let mut n = n - 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => unreachable!("n is below the count"),
        };
        for child in children {
            let size = count(child);
            if n < size {
                return walk(child, n);
            }
            n -= size;
        }
        unreachable!("n is below the count")
    }
    let n = n % count(value);
    walk(value, n)
}

fn apply(value: &mut Value, (at, damage): &(usize, Damage)) {
    let node = nth(value, *at);
    match damage {
        Damage::Replace(with) => *node = with.clone(),
        Damage::Remove => match node {
            Value::Object(map) => {
                if let Some(key) = map.keys().nth(at % map.len().max(1)).cloned() {
                    map.remove(&key);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(at % items.len());
            }
            _ => *node = Value::Null,
        },
        Damage::Add => match node {
            Value::Object(map) => {
                map.insert("added".into(), json!({"deep": [1, "two"]}));
            }
            Value::Array(items) => items.push(json!({"added": true})),
            other => *other = json!({"added": 1}),
        },
    }
}

/// The verdicts on the whole and on the projected record agree.
fn same_violations(schema: &Schema, projection: &Projection, record: &Value) -> Result<(), String> {
    let text = serde_json::to_vec(record).expect("a value serializes");
    let arena = bumpalo::Bump::new();
    let kept = doc::parse(&text, projection.keep(), &arena)
        .map_err(|_| "the record does not parse".to_owned())?
        .to_json();
    let places = |value: &Value| {
        let found = schema.violations(value);
        let list: Vec<(String, String, String)> = found
            .list
            .iter()
            .map(|v| {
                (
                    v.pointer.clone(),
                    v.keyword.clone(),
                    v.schema_location.clone(),
                )
            })
            .collect();
        (found.total, list)
    };
    let whole = places(record);
    let projected = places(&kept);
    if whole == projected {
        Ok(())
    } else {
        Err(format!(
            "record {record}\nkept as {kept}\nwhole: {:?}\nprojected: {:?}",
            whole.1, projected.1,
        ))
    }
}

#[test]
fn projected_records_get_the_verdicts_of_whole_ones() {
    let mappings = mappings_with_input_schemas();
    assert!(mappings.len() >= 4, "the examples declare input schemas");
    for (path, mapping) in mappings {
        let schema = mapping.contracts().input.clone().expect("an input schema");
        let projection = Projection::of(&mapping);
        let records = (
            schema_gen::values(&schema.dereferenced(), schema.draft()),
            prop::collection::vec(damage(), 0..4),
        );
        let mut runner = TestRunner::new(Config {
            cases: 128,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&records, |(mut record, damages)| {
                for d in &damages {
                    apply(&mut record, d);
                }
                same_violations(&schema, &projection, &record).map_err(TestCaseError::fail)
            })
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// Keywords that read members the mapping never names keep them.
#[test]
fn keywords_over_unnamed_members_keep_them() {
    let dir = std::env::temp_dir().join(format!("ferry-schema-projection-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp directory");
    std::fs::write(
        dir.join("in.json"),
        r#"{
          "type": "object",
          "properties": { "id": { "type": "string" }, "meta": { "type": "object", "maxProperties": 1 } },
          "patternProperties": { "^x-": { "type": "integer" } },
          "dependentRequired": { "card": ["cvc"] },
          "additionalProperties": { "type": ["string", "integer"] }
        }"#,
    )
    .expect("write the schema");
    let mapping = Mapping::compile_named("m.map", "input schema \"in.json\"\n{ id: $.id }", &dir)
        .expect("the mapping compiles");
    let schema = mapping.contracts().input.clone().expect("an input schema");
    let projection = Projection::of(&mapping);
    for record in [
        json!({"id": "a", "x-n": 1, "card": "4111", "cvc": "123"}),
        json!({"id": "a", "x-n": "one"}),
        json!({"id": "a", "card": "4111"}),
        json!({"id": "a", "other": [1]}),
        json!({"id": "a", "meta": {"a": 1, "b": 2}}),
    ] {
        same_violations(&schema, &projection, &record).unwrap_or_else(|e| panic!("{e}"));
    }
}
