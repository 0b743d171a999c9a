//! Input projection is exact: for every example mapping, and for small
//! mappings built around each construct the analysis follows, a record
//! parsed with the mapping's projection — by the `serde_json` projecting
//! parser or by the batch path's own parser (`doc`) — maps to the same
//! output, or the same error (code, JSON Pointer and message), as the
//! record parsed whole.

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
                let Ok(mapping) = Mapping::compile_file(&map).map(unvalidated) else {
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
        for (source, input) in CONSTRUCTS {
            let mapping = Mapping::compile_str(source).unwrap();
            examples.push(Example {
                projection: Projection::of(&mapping),
                mapping,
                inputs: vec![serde_json::from_str(input).unwrap()],
            });
        }
        examples
    })
}

/// Mappings around the constructs the analysis follows, each with a record
/// for the mutations to start from.
const CONSTRUCTS: &[(&str, &str)] = &[
    (
        r#"{ l: [for o in $.orders for l in o.lines if l.qty > 0 => { o: o.id, s: l.sku }],
  a: [for o in $.orders => ...o.lines], k: [for o in $.orders => if o.id == "A" then skip else o.id],
  m: {for o in $.orders for l in o.lines => [l.sku]: o.meta.x},
  t: [for o in $.orders => $.tickets[?@.order == o.id && @.n > o.meta.x].id],
  r: [for o in $.orders => match o.ref { /^(?<k>[A-Z]+)-\d+$/ as m => m.k, _ => skip }] }"#,
        r#"{"orders": [{"id": "A", "ref": "AB-1", "meta": {"x": 1, "y": 2}, "lines": [{"sku": "x", "qty": 1, "z": 1}, {"sku": "y", "qty": 0}]}, {"id": "B", "ref": 3, "meta": {"x": 0}, "lines": [{"sku": "z", "qty": 2}]}], "tickets": [{"order": "A", "n": 2, "id": 1}, {"order": "B", "n": 0, "id": 2, "w": 1}], "other": [1]}"#,
    ),
    (
        r#"{ p: $.items[?@.kind == "a"].price, n: len($.items[?@.kind == "b"]), f: first($.items[?@.kind == "a"]).x.y }"#,
        r#"{"items": [{"kind": "a", "price": 1, "x": {"y": 1, "z": 2}}, {"kind": "b", "price": 2}, {"kind": "a", "price": {"c": 3}}], "other": 1}"#,
    ),
    (
        r#"$.items[?count(@.tags[*]) > 1 && length(@.name) == 3 && @.qty >= $.min && match(@.code, "A.*")].id"#,
        r#"{"min": 2, "items": [{"id": 1, "tags": ["x", "y"], "name": "abc", "qty": 3, "code": "AB"}, {"id": 2, "tags": [], "name": {"a": 1, "b": 2, "c": 3}, "qty": 1, "code": "B"}]}"#,
    ),
    (
        r#"{ v: $.items[?value(@..flag) == true].id, e: len($.items[?@.gift]), o: $.o[?@.n > 1] }"#,
        r#"{"items": [{"id": 1, "deep": {"flag": true}}, {"id": 2, "gift": {"x": 1}}], "o": {"a": {"n": 2, "m": 1}, "b": {"n": 0}}}"#,
    ),
    (
        "[for l in $.lines[*] => l.a.b]",
        r#"{"lines": [{"a": {"b": 1, "c": 2}}, {"a": "s"}, {"a": {"b": [1]}}]}"#,
    ),
    (
        "{ r: $.rates[$.code].value, n: $.list[*][$.i].name }",
        r#"{"code": "EUR", "rates": {"EUR": {"value": 1.1, "x": 2}, "USD": {"value": 1}}, "i": 1, "list": [[{"name": "a"}, {"name": "b", "z": 1}], [{"name": "c"}]]}"#,
    ),
    (
        r#"let g = group_by($.items, i -> i.kind)
{ f: [for k, v in g => first(v).name], i: index_by($.items, i -> i.id)["2"].sku,
  n: len(filter($.items, i -> i.qty > 1)), s: sort_by($.items, i -> i.qty)[0].id }"#,
        r#"{"items": [{"id": 1, "kind": "a", "name": "x", "qty": 2, "sku": "S1", "more": [1]}, {"id": 2, "kind": "b", "name": "y", "qty": 1, "sku": "S2"}]}"#,
    ),
    (
        r#"{ k: keys($.o), h: has($.p, "x"), t: type_of($.q), n: len($.r), m: [for p in map($.lines, l -> l.product) => p.name] }"#,
        r#"{"o": {"a": 1, "b": {"c": 2}}, "p": {"x": null}, "q": {"z": 1}, "r": [1, {"a": 2}], "lines": [{"product": {"name": "n", "sku": 1}}]}"#,
    ),
    (
        "let o = { c: $.customer, l: [$.a, $.b] }
fn picked(xs) = filter(xs, x -> x.ok == true)
{ n: o.c.name, x: o.l[1].x, p: [for x in picked($.items) => x.id] }",
        r#"{"customer": {"name": "Ada", "email": "a@b"}, "a": {"x": 1}, "b": {"x": {"y": 2}, "w": 3}, "items": [{"id": 1, "ok": true}, {"id": 2, "ok": false}]}"#,
    ),
];

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

/// The output text, or the error's code, pointer and message.
type Outcome = Result<String, (String, Option<String>, String)>;

fn fail(e: ferry_engine::RunError) -> (String, Option<String>, String) {
    let info = e.info();
    (
        info.code.clone(),
        info.pointer.clone(),
        info.message.clone(),
    )
}

fn outcome(mapping: &Mapping, parsed: Result<Value, ferry_engine::RunError>) -> Outcome {
    let value = parsed.map_err(fail)?;
    mapping.apply(&value).map(|v| v.to_string()).map_err(fail)
}

/// What the batch path does: the record parsed into the arena with the
/// projection, and mapped from there (the whole document is one record).
fn doc_outcome(mapping: &Mapping, projection: &Projection, raw: &[u8]) -> Outcome {
    // The batch path computes the same projection itself.
    assert_eq!(&Projection::of(mapping), projection);
    let mut out = Vec::new();
    let mut failure = None;
    let options = ferry_engine::batch::BatchOptions {
        on_error: ferry_engine::batch::OnError::Skip,
        pretty: false,
    };
    ferry_engine::batch::run(
        mapping,
        raw,
        format::InputFormat::Json,
        options,
        &mut out,
        &mut |e: &ferry_engine::RunError, _: &[u8]| failure = Some(e.clone()),
    )
    .expect("an in-memory batch cannot fail to read");
    match failure {
        Some(e) => Err(fail(e)),
        None => Ok(String::from_utf8(out).unwrap().trim_end().to_owned()),
    }
}

fn assert_same(example: &Example, raw: &[u8]) -> Result<(), TestCaseError> {
    let full = outcome(&example.mapping, format::parse_record(raw, 1));
    let record = String::from_utf8_lossy(raw);
    let need = example.projection.need();
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
    // What the filters of the examples test.
    "{\"id\": 360001, \"value\": \"US-East\"}",
    "{\"primary\": true, \"address\": \" A@B.io \"}",
    "{\"value\": null, \"metric\": \"temp_c\", \"ts\": 0}",
    "{\"kind\": \"a\", \"price\": {\"c\": 1}, \"flag\": true}",
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
    match (op % 7, &mut *node) {
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
        (6, Value::Array(items)) if !items.is_empty() => {
            // A copy of an element: filters see one more candidate.
            let copy = items[arg % items.len()].clone();
            items.push(copy);
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
    let mapping =
        unvalidated(Mapping::compile_file(root().join("mappings/bench/orders.map")).unwrap());
    let projection = Projection::of(&mapping);
    assert!(!projection.need().is_all());
    let record = br#"{"orderId":"A","legacyRef":{"x":[1,2]},"customer":{"id":"C","email":"e"}}"#;
    let arena = bumpalo::Bump::new();
    let value = doc::parse(record, projection.keep(), &arena).unwrap();
    assert_eq!(
        value.to_json(),
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
    let mapping =
        unvalidated(Mapping::compile_file(root().join("mappings/bench/orders.map")).unwrap());
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

/// Projection is what is compared here: a mapping that validates its input
/// reads all of it (validation is tested in `contracts.rs` and the golden
/// cases).
fn unvalidated(mapping: Mapping) -> Mapping {
    mapping.with_validation(ferry_engine::contract::Validate::None)
}
