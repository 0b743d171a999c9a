//! Compile-time diagnostics and run-time errors carry what a person needs
//! to act: a stable code, the file, line and column, a hint, and at run
//! time the JSON Pointer of the input value and the record number.

use std::path::PathBuf;

use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::format::InputFormat;
use ferry_engine::{Diagnostics, Mapping};
use serde_json::json;

fn errors(src: &str) -> Diagnostics {
    Mapping::compile_str(src).expect_err("mapping should not compile")
}

fn only(src: &str) -> ferry_engine::Diagnostic {
    let diags = errors(src);
    assert_eq!(diags.len(), 1, "{diags}");
    diags.iter().next().unwrap().clone()
}

/// A scratch directory for tests that need files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-diag-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn unknown_variable_suggests_a_close_name() {
    let d = only("let total = 1\n{ t: totl }");
    assert_eq!(d.code, "E0201");
    assert_eq!(d.help.as_deref(), Some("did you mean `total`?"));
    assert_eq!(d.location().map(|(_, l, c)| (l, c)), Some((2, 6)));
}

#[test]
fn unknown_function_suggests_stdlib_and_user_functions() {
    let d = only("{ e: lowr($.email) }");
    assert_eq!(
        (d.code, d.help.as_deref()),
        ("E0202", Some("did you mean `lower`?"))
    );
    let d = only("fn money(x) = round(x, 2)\nmony(1)");
    assert_eq!(
        (d.code, d.help.as_deref()),
        ("E0202", Some("did you mean `money`?"))
    );
}

#[test]
fn arity_is_checked_for_stdlib_and_user_functions() {
    assert_eq!(only("lower(\"a\", \"b\")").code, "E0203");
    assert_eq!(only("fn f(a, b) = a\nf(1)").code, "E0203");
    assert_eq!(only("map([1], 2)").code, "E0210");
    assert_eq!(only("map([1], (a, b) -> a)").code, "E0210");
}

#[test]
fn duplicate_keys_and_names_are_errors() {
    let d = only("{ a: 1, b: 2, a: 3 }");
    assert_eq!(d.code, "E0204");
    assert_eq!(d.secondary.len(), 1, "points at the first `a` too");
    assert_eq!(only("fn f(x) = x\nfn f(y) = y\n1").code, "E0205");
}

#[test]
fn several_errors_are_reported_at_once() {
    let diags = errors("{ a: nope, b: lowr(1), c: lower(1, 2) }");
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0201", "E0202", "E0203"]);
}

#[test]
fn syntax_errors_carry_code_and_position() {
    let d = errors("{\n  a: if $.x then 1,\n}")
        .iter()
        .next()
        .unwrap()
        .clone();
    assert!(d.code.starts_with("E01"), "{d}");
    assert_eq!(d.location().map(|(_, l, _)| l), Some(2));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(errors(&src).iter().next().unwrap().code, "E0501");
}

#[test]
fn invalid_constant_regex_is_a_compile_error() {
    assert_eq!(only("matches($.a, \"(unclosed\")").code, "E0301");
    assert_eq!(only("match $.a { /(x/ => 1, _ => 2 }").code, "E0301");
}

#[test]
fn imports_bring_functions_and_tables_and_cycles_are_errors() {
    let dir = scratch("imports");
    std::fs::write(
        dir.join("common.map"),
        "table codes = { \"a\": \"Alpha\" }\nfn shout(s) = upper(s)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("main.map"),
        "use \"common.map\"\n{ n: shout(codes[$.c]) }",
    )
    .unwrap();
    let m = Mapping::compile_file(dir.join("main.map")).unwrap();
    assert_eq!(m.apply(&json!({"c": "a"})).unwrap(), json!({"n": "ALPHA"}));

    std::fs::write(dir.join("a.map"), "use \"b.map\"\nfn fa(x) = x\n").unwrap();
    std::fs::write(dir.join("b.map"), "use \"a.map\"\nfn fb(x) = x\n").unwrap();
    std::fs::write(dir.join("cycle.map"), "use \"a.map\"\n1").unwrap();
    let diags = Mapping::compile_file(dir.join("cycle.map")).unwrap_err();
    let d = diags
        .iter()
        .find(|d| d.code == "E0206")
        .expect("an import cycle error");
    assert!(d.message.contains("a.map → b.map → a.map"), "{}", d.message);

    let d = Mapping::compile_file(dir.join("main.map").with_file_name("missing.map")).unwrap_err();
    assert_eq!(d.iter().next().unwrap().code, "E0212");
    std::fs::write(dir.join("bad_use.map"), "use \"nowhere.map\"\n1").unwrap();
    assert_eq!(
        Mapping::compile_file(dir.join("bad_use.map"))
            .unwrap_err()
            .iter()
            .next()
            .unwrap()
            .code,
        "E0207"
    );
}

#[test]
fn tables_load_from_csv_and_json_files() {
    let dir = scratch("tables");
    std::fs::write(
        dir.join("countries.csv"),
        "iso2,name,eu\nDE,Germany,yes\nNO,Norway,no\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rates.json"),
        r#"[{"code":"EUR","rate":1},{"code":"USD","rate":1.08}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("m.map"),
        "table countries from \"countries.csv\" key \"iso2\"\ntable rates from \"rates.json\" key \"code\"\n{ name: countries[$.c].name, rate: rates[$.cur].rate }",
    )
    .unwrap();
    let m = Mapping::compile_file(dir.join("m.map")).unwrap();
    assert_eq!(
        m.apply(&json!({"c": "NO", "cur": "USD"}))
            .unwrap()
            .to_string(),
        r#"{"name":"Norway","rate":1.08}"#
    );

    std::fs::write(dir.join("bad.map"), "table t from \"absent.csv\"\n1").unwrap();
    let d = Mapping::compile_file(dir.join("bad.map")).unwrap_err();
    assert_eq!(d.iter().next().unwrap().code, "E0208");
    std::fs::write(dir.join("dup.csv"), "k,v\na,1\na,2\n").unwrap();
    std::fs::write(dir.join("dup.map"), "table t from \"dup.csv\"\n1").unwrap();
    let d = Mapping::compile_file(dir.join("dup.map")).unwrap_err();
    assert!(d.iter().next().unwrap().message.contains("duplicate key"));
}

#[test]
fn run_errors_carry_pointer_span_and_location() {
    let m = Mapping::compile_named(
        "orders.map",
        "{\n  id: $.id,\n  email: lower($.customer.email),\n}",
        ".",
    )
    .unwrap();
    let err = m
        .apply(&json!({"id": 1, "customer": {"email": 42}}))
        .unwrap_err();
    assert_eq!(err.code(), "E0401");
    assert_eq!(err.info().pointer.as_deref(), Some("/customer/email"));
    assert_eq!(err.location(), Some(("orders.map".to_owned(), 3, 16)));
    assert_eq!(
        err.to_string(),
        "E0401 at /customer/email: expected a string, got number 42 (orders.map:3:16)"
    );
    let j = err.to_json();
    assert_eq!(
        (j["code"].as_str(), j["line"].as_u64()),
        (Some("E0401"), Some(3))
    );
}

#[test]
fn errors_inside_imported_files_point_into_them() {
    let dir = scratch("import-errors");
    std::fs::write(dir.join("lib.map"), "// helpers\nfn net(x) = x * 2\n").unwrap();
    std::fs::write(dir.join("main.map"), "use \"lib.map\"\nnet($.v)").unwrap();
    let m = Mapping::compile_file(dir.join("main.map")).unwrap();
    let err = m.apply(&json!({"v": "x"})).unwrap_err();
    let (file, line, _) = err.location().unwrap();
    assert!(file.ends_with("lib.map"), "{file}");
    assert_eq!(line, 2);
    assert_eq!(err.info().pointer.as_deref(), Some("/v"));
}

#[test]
fn batch_errors_carry_the_record_number() {
    let m = Mapping::compile_str("$.n * 2").unwrap();
    let input = b"{\"n\":1}\n{\"n\":\"two\"}\n\n{\"n\":3\n{\"n\":4}\n";
    let mut out = Vec::new();
    let mut failures = Vec::new();
    let options = BatchOptions {
        on_error: OnError::Skip,
        pretty: false,
    };
    let report = batch::run(
        &m,
        input,
        InputFormat::Ndjson,
        options,
        &mut out,
        &mut |e, raw| {
            failures.push((
                e.info().record,
                e.code().to_owned(),
                String::from_utf8_lossy(raw).into_owned(),
            ))
        },
    )
    .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "2\n8\n");
    assert_eq!(
        failures,
        [
            (Some(2), "E0401".to_owned(), "{\"n\":\"two\"}".to_owned()),
            (Some(4), "E0406".to_owned(), "{\"n\":3".to_owned())
        ]
    );
    assert_eq!(report.records, report.outputs + report.failures);
}
