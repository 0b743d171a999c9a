//! `ferry check --format json`: one JSON document on stdout per run, valid
//! against `docs/schemas/diagnostics.schema.json`, with the exit codes of
//! the text format (1 on any error, 0 for warnings alone, 2 for an
//! unreadable file).

mod common;

use common::{ferry_in, files};
use serde_json::{Value, json};

const CLEAN: &[u8] = b"{ id: $.id }\n";
const WARNS: &[u8] = b"let vat = 0.19\n{ id: $.id, note?: \"n\" }\n";
const ERRS: &[u8] = b"let total = 1\n{ a: totl,\n  b: lowr($.x) }\n";

fn fixture(name: &str) -> std::path::PathBuf {
    files(
        name,
        &[
            ("clean.map", CLEAN),
            ("warns.map", WARNS),
            ("errs.map", ERRS),
        ],
    )
}

/// Runs `ferry check --format json ARGS` in `dir`: the exit code and the
/// document, which must be the whole of stdout, valid against the
/// published schema, with nothing on stderr.
fn check_json(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = ferry_in(dir, &all, "");
    assert_eq!(err, "", "nothing on stderr in JSON mode");
    assert!(out.ends_with('\n') && out.lines().count() == 1, "{out}");
    let doc: Value = serde_json::from_str(&out).expect("stdout is one JSON document");
    validate(&doc);
    (code, doc)
}

fn codes(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_clean_mapping_gives_an_empty_list() {
    let dir = fixture("clean");
    let (code, out, err) = ferry_in(&dir, &["check", "--format", "json", "clean.map"], "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "{\"files\":[{\"file\":\"clean.map\",\"ok\":true,\"diagnostics\":[]}],\"errors\":0,\"warnings\":0}\n"
    );
}

#[test]
fn warnings_alone_exit_zero_and_carry_positions_label_help_and_related() {
    let dir = fixture("warns");
    let (code, doc) = check_json(&dir, &["warns.map"]);
    assert_eq!(code, 0);
    assert_eq!((&doc["errors"], &doc["warnings"]), (&json!(0), &json!(2)));
    let file = &doc["files"][0];
    assert_eq!(
        (&file["file"], &file["ok"]),
        (&json!("warns.map"), &json!(true))
    );
    assert_eq!(codes(file), ["W0201", "W0206"]);
    let unused = &file["diagnostics"][0];
    assert_eq!(
        unused,
        &json!({
            "code": "W0201",
            "severity": "warning",
            "message": "the `let` `vat` is never used",
            "file": "warns.map",
            "line": 1, "column": 5, "end_line": 1, "end_column": 8,
            "label": "never used",
            "help": "remove it, or rename it `_vat` if it is unused on purpose",
            "related": [],
        })
    );
    let optional = &file["diagnostics"][1];
    assert_eq!(
        (
            &optional["line"],
            &optional["column"],
            &optional["end_column"]
        ),
        (&json!(2), &json!(13), &json!(18)),
        "`note?`"
    );
    assert_eq!(
        optional["related"],
        json!([{
            "message": "this is never null",
            "file": "warns.map",
            "line": 2, "column": 20, "end_line": 2, "end_column": 23,
        }])
    );
}

#[test]
fn errors_exit_one_and_every_file_is_reported_in_order() {
    let dir = fixture("errs");
    let (code, doc) = check_json(&dir, &["clean.map", "errs.map", "warns.map"]);
    assert_eq!(code, 1);
    assert_eq!((&doc["errors"], &doc["warnings"]), (&json!(2), &json!(2)));
    let names: Vec<&Value> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["file"])
        .collect();
    assert_eq!(
        names,
        [&json!("clean.map"), &json!("errs.map"), &json!("warns.map")]
    );
    let errs = &doc["files"][1];
    assert_eq!(errs["ok"], json!(false));
    assert_eq!(codes(errs), ["E0201", "E0202"]);
    let unknown = &errs["diagnostics"][0];
    assert_eq!(unknown["severity"], json!("error"));
    assert_eq!(unknown["help"], json!("did you mean `total`?"));
    assert_eq!(
        (
            &unknown["line"],
            &unknown["column"],
            &unknown["end_line"],
            &unknown["end_column"]
        ),
        (&json!(2), &json!(6), &json!(2), &json!(10))
    );
}

#[test]
fn an_unreadable_file_exits_two_without_a_position() {
    let dir = fixture("unreadable");
    let (code, doc) = check_json(&dir, &["missing.map", "errs.map"]);
    assert_eq!(code, 2, "an unreadable file outranks mapping errors");
    let missing = &doc["files"][0];
    assert_eq!(
        (&missing["file"], &missing["ok"]),
        (&json!("missing.map"), &json!(false))
    );
    assert_eq!(codes(missing), ["E0212"]);
    let d = &missing["diagnostics"][0];
    assert_eq!(d["file"], json!("missing.map"));
    for key in ["line", "column", "end_line", "end_column", "label", "help"] {
        assert_eq!(d[key], Value::Null, "{key}");
    }
}

#[test]
fn a_warning_in_a_used_library_names_the_library() {
    let dir = files(
        "library",
        &[
            ("lib.map", b"let spare = 1\nfn f(x) = x\n"),
            ("main.map", b"use \"lib.map\"\nf($.a)\n"),
        ],
    );
    let (code, doc) = check_json(&dir, &["main.map"]);
    assert_eq!(code, 0);
    let file = &doc["files"][0];
    assert_eq!(file["file"], json!("main.map"));
    let d = &file["diagnostics"][0];
    assert_eq!(
        (&d["code"], &d["file"]),
        (&json!("W0201"), &json!("lib.map"))
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = files(
        "unicode",
        &[("u.map", "{ \"né\": \"ü\", a: lowr($.x) }\n".as_bytes())],
    );
    let (_, doc) = check_json(&dir, &["u.map"]);
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!((&d["column"], &d["end_column"]), (&json!(17), &json!(21)));
}

#[test]
fn text_stays_the_default_with_warnings_before_ok() {
    let dir = fixture("text");
    let default = ferry_in(&dir, &["check", "warns.map"], "");
    let text = ferry_in(&dir, &["check", "--format", "text", "warns.map"], "");
    assert_eq!(default, text);
    let (code, out, err) = default;
    assert_eq!((code, out.as_str()), (0, ""));
    assert!(err.starts_with("W0201\n"), "{err}");
    assert!(err.contains("W0206"), "{err}");
    assert!(err.ends_with("ok: warns.map\n"), "{err}");
    let (code, _, err) = ferry_in(&dir, &["check", "--format", "yaml", "warns.map"], "");
    assert_eq!(code, 2, "{err}");
}

/// Validates `doc` against docs/schemas/diagnostics.schema.json. The
/// validator knows the keywords that file uses and rejects any other, so a
/// schema that grows a constraint cannot be silently skipped; it also
/// rejects keys the schema does not declare, so the output cannot drift
/// from its published description.
fn validate(doc: &Value) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/schemas/diagnostics.schema.json"
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("the schema is JSON");
    let mut problems = Vec::new();
    Validator { root: &schema }.check(&schema, doc, "", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}\n{doc:#}");
}

struct Validator<'s> {
    root: &'s Value,
}

impl Validator<'_> {
    fn check(&self, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
        let Some(schema) = schema.as_object() else {
            problems.push(format!("{at}: schema is not an object"));
            return;
        };
        for (keyword, rule) in schema {
            match keyword.as_str() {
                "$schema" | "title" | "description" | "format" | "$defs" => {}
                "$ref" => {
                    let name = rule.as_str().and_then(|r| r.strip_prefix("#/$defs/"));
                    match name.and_then(|n| self.root["$defs"].get(n)) {
                        Some(target) => self.check(target, value, at, problems),
                        None => problems.push(format!("{at}: unresolved {rule}")),
                    }
                }
                "type" => {
                    let types: Vec<&str> = match rule {
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        other => other.as_str().into_iter().collect(),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        problems.push(format!("{at}: {value} is not of type {types:?}"));
                    }
                }
                "minimum" => {
                    if let (Some(v), Some(min)) = (value.as_f64(), rule.as_f64())
                        && v < min
                    {
                        problems.push(format!("{at}: {v} < {min}"));
                    }
                }
                "const" => {
                    if value != rule {
                        problems.push(format!("{at}: {value} is not {rule}"));
                    }
                }
                "oneOf" => {
                    let matching = rule
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|s| {
                            let mut p = Vec::new();
                            self.check(s, value, at, &mut p);
                            p.is_empty()
                        })
                        .count();
                    if matching != 1 {
                        problems.push(format!("{at}: {value} matches {matching} of oneOf"));
                    }
                }
                "required" => {
                    for key in rule.as_array().unwrap().iter().filter_map(Value::as_str) {
                        if value.get(key).is_none() {
                            problems.push(format!("{at}: missing `{key}`"));
                        }
                    }
                }
                "properties" => {
                    let Some(object) = value.as_object() else {
                        continue;
                    };
                    for (key, v) in object {
                        match rule.get(key) {
                            Some(s) => self.check(s, v, &format!("{at}/{key}"), problems),
                            None => problems.push(format!("{at}: undeclared key `{key}`")),
                        }
                    }
                }
                "items" => {
                    for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                        self.check(rule, v, &format!("{at}/{i}"), problems);
                    }
                }
                other => problems.push(format!("{at}: the test validator lacks `{other}`")),
            }
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        _ => false,
    }
}

#[test]
fn the_validator_rejects_what_the_schema_does_not_allow() {
    let dir = fixture("validator");
    let (_, mut doc) = check_json(&dir, &["warns.map"]);
    doc["files"][0]["diagnostics"][0]["severity"] = json!("fatal");
    doc["files"][0]["diagnostics"][0]["extra"] = json!(1);
    doc["files"][0]["diagnostics"][0]["line"] = json!(0);
    doc["errors"] = json!("none");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/schemas/diagnostics.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut problems = Vec::new();
    Validator { root: &schema }.check(&schema, &doc, "", &mut problems);
    assert_eq!(problems.len(), 4, "{problems:#?}");
}
