//! Input projection is exact: for every example mapping, a record parsed
//! with the mapping's projection — by the `serde_json` projecting parser or
//! by the batch path's own parser (`doc`) — maps to the same output, or the
//! same error code and JSON Pointer, as the record parsed whole.

use std::path::{Path, PathBuf};

use ferry_engine::Mapping;
use ferry_engine::doc;
use ferry_engine::format;
use ferry_engine::projection::Projection;
use proptest::prelude::*;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Example {
    mapping: Mapping,
    projection: Projection,
    inputs: Vec<Value>,
}

/// Every mapping under `mappings/` with its golden inputs.
fn examples() -> &'static [Example] {
    static EXAMPLES: std::sync::OnceLock<Vec<Example>> = std::sync::OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut examples = Vec::new();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("mappings"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        dirs.sort();
        for dir in dirs {
            let inputs = inputs(&dir.join("cases"));
            let mut maps: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "map"))
                .collect();
            maps.sort();
            for map in maps {
                let Ok(mapping) = Mapping::compile_file(&map) else {
                    continue;
                };
                if inputs.is_empty() {
                    continue;
                }
                let projection = Projection::of(&mapping);
                examples.push(Example {
                    mapping,
                    projection,
                    inputs: inputs.clone(),
                });
            }
        }
        examples
    })
}

/// The records of `cases/*.in.json` and `cases/input*.ndjson`.
fn inputs(cases: &Path) -> Vec<Value> {
    let Ok(entries) = std::fs::read_dir(cases) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut inputs = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        if name.ends_with(".in.json") {
            inputs.extend(serde_json::from_str::<Value>(&text));
        } else if name.starts_with("input") && name.ends_with(".ndjson") {
            inputs.extend(text.lines().filter_map(|l| serde_json::from_str(l).ok()));
        }
    }
    inputs
}

/// The output text, or the error's code and pointer.
type Outcome = Result<String, (String, Option<String>)>;

fn outcome(mapping: &Mapping, parsed: Result<Value, ferry_engine::RunError>) -> Outcome {
    let fail = |e: ferry_engine::RunError| (e.code().to_owned(), e.info().pointer.clone());
    let value = parsed.map_err(fail)?;
    mapping.apply(&value).map(|v| v.to_string()).map_err(fail)
}

/// What the batch path does: the record parsed into the arena with the
/// projection, and mapped from there.
fn doc_outcome(mapping: &Mapping, projection: &Projection, raw: &[u8]) -> Outcome {
    let fail = |e: ferry_engine::RunError| (e.code().to_owned(), e.info().pointer.clone());
    let arena = bumpalo::Bump::new();
    match doc::parse(raw, projection.need(), &arena) {
        Ok(record) => {
            let mut out = Vec::new();
            mapping
                .apply_doc_to_json(&record, &mut out, false)
                .map_err(fail)?;
            Ok(String::from_utf8(out).unwrap())
        }
        Err(doc::Malformed) => Err(fail(
            format::parse_record(raw, 1)
                .expect_err("the arena parser refused a record serde_json accepts"),
        )),
    }
}

fn assert_same(example: &Example, raw: &[u8]) -> Result<(), TestCaseError> {
    let full = outcome(&example.mapping, format::parse_record(raw, 1));
    let projected = outcome(&example.mapping, example.projection.parse_record(raw, 1));
    let record = String::from_utf8_lossy(raw);
    let need = example.projection.need();
    prop_assert_eq!(
        &projected,
        &full,
        "record {} with projection {}",
        record,
        need
    );
    let batch = doc_outcome(&example.mapping, &example.projection, raw);
    prop_assert_eq!(
        &batch,
        &full,
        "record {} parsed with projection {}",
        record,
        need
    );
    Ok(())
}

/// Every node of `value`, as JSON Pointers, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const REPLACEMENTS: &[&str] = &[
    "null",
    "true",
    "0",
    "-1.10",
    "123456789012345678901234567890",
    "1e400",
    "\"\"",
    "\"2024-05-01T10:00:00Z\"",
    "\"a\\\"b\\u00e9\"",
    "[]",
    "[1, \"x\", {}]",
    "{}",
    "{\"qty\": 1, \"sku\": \"S\"}",
];

/// Applies one mutation, chosen by `op`, to the node picked by `at`.
fn mutate(doc: &mut Value, at: usize, op: u8, arg: usize, bad_utf8: &mut bool) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let pointer = &all[at % all.len()];
    let Some(node) = doc.pointer_mut(pointer) else {
        return;
    };
    let replacement =
        || serde_json::from_str::<Value>(REPLACEMENTS[arg % REPLACEMENTS.len()]).unwrap();
    match (op % 6, &mut *node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(arg % map.len()).unwrap().clone();
            map.shift_remove(&key);
        }
        (0, Value::Array(items)) if !items.is_empty() => {
            items.remove(arg % items.len());
        }
        (1, _) => *node = replacement(),
        (2, Value::Object(map)) => {
            map.insert(format!("unknown{arg}"), replacement());
        }
        (2, Value::Array(items)) => items.push(replacement()),
        (3, _) => *node = Value::Null,
        (4, Value::Object(map)) if !*bad_utf8 => {
            map.insert("unknownBad".into(), Value::String("BAD\u{1}BYTES".into()));
            *bad_utf8 = true;
        }
        (5, Value::Object(map)) => {
            // A member moved under another name: read fields go missing.
            if let Some(key) = map.keys().nth(arg % map.len().max(1)).cloned() {
                let v = map.shift_remove(&key).unwrap();
                map.insert(format!("{key}_"), v);
            }
        }
        _ => *node = replacement(),
    }
}

fn record(example: &Example, input: usize, ops: &[(usize, u8, usize)]) -> Vec<u8> {
    let mut doc = example.inputs[input % example.inputs.len()].clone();
    let mut bad_utf8 = false;
    for &(at, op, arg) in ops {
        mutate(&mut doc, at, op, arg, &mut bad_utf8);
    }
    let mut raw = serde_json::to_vec(&doc).unwrap();
    if bad_utf8 {
        // An invalid UTF-8 byte in a member no mapping reads.
        let text = b"BAD\\u0001BYTES";
        if let Some(at) = raw.windows(text.len()).position(|w| w == text) {
            raw.splice(at..at + text.len(), [b'B', 0xff, b'D']);
        }
    }
    raw
}

#[test]
fn every_golden_input_maps_the_same() {
    assert!(
        examples().len() >= 5,
        "mappings found: {}",
        examples().len()
    );
    for example in examples() {
        for input in &example.inputs {
            assert_same(example, &serde_json::to_vec(input).unwrap()).unwrap();
        }
    }
}

#[test]
fn the_bench_mapping_skips_what_it_never_reads() {
    let mapping = Mapping::compile_file(root().join("mappings/bench/orders.map")).unwrap();
    let projection = Projection::of(&mapping);
    assert!(!projection.need().is_all());
    let record = br#"{"orderId":"A","legacyRef":{"x":[1,2]},"customer":{"id":"C","email":"e"}}"#;
    let value = projection.parse_record(record, 1).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"orderId": "A", "customer": {"email": "e"}})
    );
}

#[test]
fn the_peer_bench_examples_map_the_same() {
    let file = root().join("../shared/peer-bench/examples/input.ndjson");
    let Ok(text) = std::fs::read(&file) else {
        eprintln!("skipped: {} is absent", file.display());
        return;
    };
    let mapping = Mapping::compile_file(root().join("mappings/bench/orders.map")).unwrap();
    let example = Example {
        projection: Projection::of(&mapping),
        mapping,
        inputs: Vec::new(),
    };
    let mut records = 0;
    for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        assert_same(&example, line).unwrap();
        records += 1;
    }
    assert!(records > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn mutated_records_map_the_same(
        which in any::<usize>(),
        input in any::<usize>(),
        ops in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 0..6),
    ) {
        let examples = examples();
        let example = &examples[which % examples.len()];
        assert_same(example, &record(example, input, &ops))?;
    }
}
