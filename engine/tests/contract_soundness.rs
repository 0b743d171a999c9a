//! Contract soundness: for every mapping under `mappings/` that declares
//! both an input and an output schema, an input the input schema accepts
//! that the mapping maps without a run-time error gives an output the
//! output schema accepts. In other words the two contracts and the mapping
//! agree, and `E0409` never fires on valid input.
//!
//! Inputs come from the input schema itself (`schema_gen`, over
//! `Schema::dereferenced()`), 256 per mapping (`PROPTEST_CASES` changes
//! that, `PROPTEST_RNG_SEED` fixes the draw). Validation is off while
//! mapping, so what the mapping writes is what is checked. A run-time
//! error (an author's `error(…)`, an unparseable date) is fine: the
//! property is about the outputs the mapping does write.
//!
//! The generator is tested first: every value it makes must be valid
//! against the schema it came from, on a schema that uses every keyword
//! it knows and on every example mapping's schemas.

mod schema_gen;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferry_engine::Mapping;
use ferry_engine::contract::{Schema, Validate, Violation};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

/// Generated inputs per mapping (and values per generator check).
const CASES: u32 = 256;

/// An output violation the input schema cannot rule out, accepted on
/// purpose: the run-time check (`E0409`) is the guard, and a golden case
/// of the mapping shows it firing.
struct Gap {
    mapping: &'static str,
    /// JSON Pointer in the output; `*` matches one segment.
    pointer: &'static str,
    keyword: &'static str,
    why: &'static str,
}

const KNOWN_GAPS: &[Gap] = &[Gap {
    mapping: "payment_webhook",
    pointer: "/orderRef",
    keyword: "maxLength",
    why: "Stripe metadata is the merchant's free text (up to 500 characters); the ledger \
          stores order references of at most 40. Nothing in the event can say so, so the \
          output check is the guard (cases/order_ref_too_long).",
}];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("engine sits inside the workspace")
        .to_path_buf()
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn describe(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| {
            format!(
                "{} [{}] {}#{}",
                v.message, v.keyword, v.schema_file, v.schema_location
            )
        })
        .collect::<Vec<_>>()
        .join("\n      ")
}

/// Every value generated from `schema` is valid against it.
fn check_generator(schema: &Schema) -> Result<(), String> {
    let strategy = schema_gen::values(&schema.dereferenced(), schema.draft());
    let mut runner = TestRunner::new(config());
    runner
        .run(&strategy, |value| {
            let found = schema.violations(&value);
            if found.is_empty() {
                Ok(())
            } else {
                Err(TestCaseError::fail(format!(
                    "generated {value}\n    which violates {}:\n      {}",
                    schema.reference(),
                    describe(&found.list)
                )))
            }
        })
        .map_err(|e| format!("{}: {e}", schema.reference()))
}

/// `reference` in a file written from `text` under the temp directory.
fn schema_file(name: &str, text: &str, reference: &str) -> Schema {
    let dir = std::env::temp_dir().join(format!("ferry-contract-soundness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temp directory");
    std::fs::write(dir.join(name), text).expect("write a schema");
    Schema::load(reference, &dir).unwrap_or_else(|e| panic!("{reference}: {e}"))
}

/// Every keyword the generator understands, in JSON Schema 2020-12.
const EVERY_KEYWORD: &str = r#"{
  "type": "object",
  "required": ["id", "kind", "amount", "when", "lines", "pair"],
  "additionalProperties": false,
  "properties": {
    "id": { "type": "string", "pattern": "^[A-Z]{2}-[0-9]+$" },
    "code": { "type": "string", "pattern": "[0-9]{3}" },
    "name": { "type": "string", "minLength": 2, "maxLength": 5 },
    "kind": { "enum": ["a", "b", 3, null] },
    "version": { "const": "v1" },
    "amount": { "type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.01 },
    "rate": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 },
    "count": { "type": "integer", "minimum": -5, "exclusiveMaximum": 5 },
    "step": { "type": "integer", "multipleOf": 5, "minimum": 1 },
    "score": { "type": ["number", "null"] },
    "flex": { "type": ["integer", "string"], "minimum": 0, "pattern": "^[0-9]+$" },
    "when": { "type": "string", "format": "date-time" },
    "day": { "type": "string", "format": "date" },
    "at": { "type": "string", "format": "time" },
    "mail": { "type": "string", "format": "email" },
    "uid": { "type": "string", "format": "uuid" },
    "link": { "type": "string", "format": "uri" },
    "ip": { "type": "string", "format": "ipv4" },
    "secret": { "type": "string", "format": "password", "writeOnly": true },
    "lines": {
      "type": "array",
      "minItems": 1,
      "maxItems": 3,
      "items": {
        "type": "object",
        "required": ["sku"],
        "properties": { "sku": { "type": "string" }, "qty": { "type": "integer" } }
      }
    },
    "tags": { "type": "array", "items": { "type": "string", "maxLength": 1 }, "uniqueItems": true },
    "pair": {
      "type": "array",
      "prefixItems": [{ "type": "string" }, { "type": "boolean" }],
      "items": false,
      "minItems": 2
    },
    "payment": {
      "oneOf": [
        { "type": "object", "required": ["iban"], "properties": { "iban": { "type": "string" } }, "additionalProperties": false },
        { "type": "object", "required": ["card"], "properties": { "card": { "type": "string" } }, "additionalProperties": false }
      ]
    },
    "contact": {
      "anyOf": [{ "type": "string", "format": "email" }, { "type": "integer", "minimum": 1000 }]
    },
    "address": {
      "allOf": [
        { "type": "object", "required": ["city"], "properties": { "city": { "type": "string" } } },
        { "required": ["zip"], "properties": { "zip": { "type": "string", "pattern": "^[0-9]{5}$" } } }
      ]
    },
    "other": { "not": { "type": "string" } },
    "meta": { "type": "object", "additionalProperties": { "type": "integer" }, "maxProperties": 2 },
    "anything": true
  }
}"#;

/// OpenAPI 3.0: draft 4's boolean `exclusiveMinimum`, `nullable`, and
/// `allOf` of a `$ref` made nullable.
const OPENAPI_30: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Money:
      type: number
      minimum: 0
      exclusiveMinimum: true
      multipleOf: 0.001
    Item:
      type: object
      required: [price, note]
      properties:
        price: { $ref: '#/components/schemas/Money' }
        discount:
          allOf: [{ $ref: '#/components/schemas/Money' }]
          nullable: true
        note: { type: string, nullable: true, maxLength: 3 }
        status: { type: string, enum: [open, paid], nullable: true }
        pair: { type: array, items: [{ type: integer }, { type: string }], additionalItems: false }
"#;

#[test]
fn generated_values_meet_their_schema() {
    let schemas = [
        schema_file("every_keyword.json", EVERY_KEYWORD, "every_keyword.json"),
        schema_file(
            "api30.yaml",
            OPENAPI_30,
            "api30.yaml#/components/schemas/Item",
        ),
    ];
    let problems: Vec<String> = schemas
        .iter()
        .filter_map(|s| check_generator(s).err())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// An example mapping that declares both contracts.
struct Contracted {
    /// The file's stem: `partner_order`, `orders`.
    name: String,
    file: PathBuf,
    mapping: Mapping,
    input: Arc<Schema>,
    output: Arc<Schema>,
}

fn mappings_with_contracts() -> Vec<Contracted> {
    let root = workspace().join("mappings");
    let files = ferry_engine::testing::find_mappings(&[root]).expect("mappings/ exists");
    files
        .into_iter()
        .filter_map(|file| {
            let mapping = Mapping::compile_file(&file)
                .unwrap_or_else(|d| panic!("{} does not compile:\n{d:?}", file.display()));
            let contracts = mapping.contracts().clone();
            let name = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            Some(Contracted {
                name,
                file,
                mapping,
                input: contracts.input?,
                output: contracts.output?,
            })
        })
        .collect()
}

#[test]
fn the_example_schemas_generate_valid_values() {
    let mut problems = Vec::new();
    for m in mappings_with_contracts() {
        problems.extend(check_generator(&m.input).err());
        problems.extend(check_generator(&m.output).err());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The known gap a violation falls in, if any.
fn known_gap(mapping: &str, violation: &Violation) -> Option<&'static Gap> {
    KNOWN_GAPS.iter().find(|gap| {
        gap.mapping == mapping && gap.keyword == violation.keyword && {
            let want: Vec<&str> = gap.pointer.split('/').collect();
            let got: Vec<&str> = violation.pointer.split('/').collect();
            want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| *w == "*" || w == g)
        }
    })
}

#[test]
fn valid_inputs_map_to_valid_outputs() {
    let mappings = mappings_with_contracts();
    assert!(
        mappings.len() >= 4,
        "expected at least four example mappings with both contracts, found {}",
        mappings.len()
    );
    let mut problems = Vec::new();
    for Contracted {
        name,
        mapping,
        input,
        output,
        ..
    } in mappings
    {
        let mapping = mapping.with_validation(Validate::None);
        let strategy = schema_gen::values(&input.dereferenced(), input.draft());
        let mapped = Cell::new(0usize);
        let gaps: RefCell<BTreeMap<&'static str, usize>> = RefCell::default();
        let failures: RefCell<BTreeMap<String, usize>> = RefCell::default();
        let mut runner = TestRunner::new(config());
        let result = runner.run(&strategy, |record| {
            let invalid = input.violations(&record);
            if !invalid.is_empty() {
                return Err(TestCaseError::fail(format!(
                    "the generator made an invalid input {record}:\n      {}",
                    describe(&invalid.list)
                )));
            }
            let out = match mapping.apply(&record) {
                Ok(out) => out,
                Err(e) => {
                    *failures
                        .borrow_mut()
                        .entry(e.code().to_owned())
                        .or_default() += 1;
                    return Ok(());
                }
            };
            mapped.set(mapped.get() + 1);
            let found: Vec<Violation> = output
                .violations(&out)
                .list
                .into_iter()
                .filter(|v| match known_gap(&name, v) {
                    Some(gap) => {
                        *gaps.borrow_mut().entry(gap.why).or_default() += 1;
                        false
                    }
                    None => true,
                })
                .collect();
            if found.is_empty() {
                Ok(())
            } else {
                Err(TestCaseError::fail(format!(
                    "input {record}\n    maps to {out}\n    which violates {}:\n      {}",
                    output.reference(),
                    describe(&found)
                )))
            }
        });
        let failures = failures.into_inner();
        eprintln!(
            "{name}: {} mapped, run-time errors {failures:?}",
            mapped.get()
        );
        for (why, hits) in gaps.into_inner() {
            eprintln!("    {hits} outputs in a known gap: {why}");
        }
        if let Err(e) = result {
            problems.push(format!("{name}: {e}"));
        } else if mapped.get() * 8 < runner.config().cases as usize {
            // A property that holds because nothing maps proves nothing.
            problems.push(format!(
                "{name}: only {} of the generated inputs mapped (errors {failures:?}); \
                 the input schema admits too much the mapping refuses",
                mapped.get()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The JSON Pointers and texts of the leaves of `value` that `sensitive`
/// marks (strings and numbers of four characters or more, so that a
/// match in a message means the value was echoed).
fn secrets(value: &Value, pointer: &str, schema: &Schema, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                secrets(v, &child, schema, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                secrets(v, &format!("{pointer}/{i}"), schema, out);
            }
        }
        Value::String(s) if s.chars().count() >= 4 && schema.sensitive().covers(pointer) => {
            out.push((pointer.to_owned(), s.clone()));
        }
        Value::Number(n) if n.to_string().len() >= 4 && schema.sensitive().covers(pointer) => {
            out.push((pointer.to_owned(), n.to_string()));
        }
        _ => {}
    }
}

/// The golden cases of the example mappings that fail on a contract: an
/// input failure carries every violation the schema finds in the record
/// (not only the first), and no failure echoes a value the input schema
/// marks sensitive, in its message or its JSON form.
#[test]
fn contract_failures_list_every_violation_and_echo_no_secret() {
    use ferry_engine::testing::golden::{self, CaseExpect};
    let (mut checked, mut masked) = (0usize, 0usize);
    let mut problems = Vec::new();
    for m in mappings_with_contracts() {
        let Some(dir) = golden::cases_dir(&m.file) else {
            continue;
        };
        for case in golden::cases(&dir, false).0 {
            if !matches!(case.expect, CaseExpect::Failure(_)) {
                continue;
            }
            let text = std::fs::read_to_string(&case.input).expect("read a case");
            let record: Value = serde_json::from_str(&text).expect("a case is JSON");
            let Err(error) = m.mapping.apply(&record) else {
                continue;
            };
            if !matches!(error.code(), "E0408" | "E0409") {
                continue;
            }
            checked += 1;
            let info = error.info();
            if error.code() == "E0408" {
                let own = m.input.violations(&record);
                if info.violations_total != own.total || info.violations.len() != own.list.len() {
                    problems.push(format!(
                        "{}: the error lists {} of {} violations; the schema finds {}",
                        case.input.display(),
                        info.violations.len(),
                        info.violations_total,
                        own.total
                    ));
                }
            }
            let rendered = format!("{error}\n{}", error.to_json());
            let mut found = Vec::new();
            secrets(&record, "", &m.input, &mut found);
            masked += found.len();
            for (pointer, secret) in found {
                if rendered.contains(&secret) {
                    problems.push(format!(
                        "{}: the error echoes the sensitive value at {pointer}:\n    {rendered}",
                        case.input.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no golden case fails on a contract");
    assert!(
        masked > 0,
        "no golden contract failure has a sensitive value to hide"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
