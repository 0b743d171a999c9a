//! Invariants over generated inputs: evaluation never panics, every record
//! gives one output or one coded error, decimal arithmetic is exact, and
//! numbers passed through keep their text.

use ferry_engine::Mapping;
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON, nested a few levels, with the field names the example
/// mappings read, so that paths hit as well as miss.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id".to_owned()),
        Just("lines".to_owned()),
        Just("qty".to_owned()),
        Just("unitPrice".to_owned()),
        Just("customer".to_owned()),
        Just("email".to_owned()),
        Just("tags".to_owned()),
        "[a-z]{1,6}",
    ];
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6)
            .prop_map(|f| serde_json::from_str(&format!("{f}")).unwrap_or(Value::Null)),
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?"
            .prop_map(|t| serde_json::from_str(&t).unwrap_or(Value::Null)),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every example mapping of `mappings/`, plus expressions that exercise
/// each construct, compiled once.
fn mappings() -> &'static [Mapping] {
    static ALL: std::sync::OnceLock<Vec<Mapping>> = std::sync::OnceLock::new();
    ALL.get_or_init(compile_all)
}

fn compile_all() -> Vec<Mapping> {
    let mut all = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        if let Ok(m) = Mapping::compile_file(dir.path().join(format!("{name}.map"))) {
            all.push(m);
        }
    }
    for src in [
        "$",
        "{ a: $.id, b?: lower($.email), c: $..qty, d: $.lines[?@.qty > 1], e: $.lines[1:3] }",
        "[for x in $.lines => x.qty * x.unitPrice]",
        "sum($..qty) + len($.tags)",
        "{for k, v in $ => [k]: type_of(v)}",
        "match $.id { 1..10 => \"small\", /^a/ => \"a\", _ => to_json($) }",
        "sort_by($.lines, l -> l.qty)",
        "\"${$.id}-${$.customer.email}\" | upper",
        "try number($.id) * 2 else null",
    ] {
        all.push(Mapping::compile_str(src).expect("property mapping compiles"));
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics_and_gives_one_result(input in json()) {
        for mapping in mappings() {
            let mut out = Vec::new();
            match mapping.apply_to_json(&input, &mut out, false) {
                Ok(()) => {
                    let parsed: Result<Value, _> = serde_json::from_slice(&out);
                    prop_assert!(parsed.is_ok(), "output is valid JSON: {}", String::from_utf8_lossy(&out));
                }
                Err(e) => {
                    prop_assert!(out.is_empty(), "no partial output on error");
                    prop_assert!(!e.code().is_empty());
                }
            }
        }
    }

    #[test]
    fn identity_keeps_every_number_digit_for_digit(input in json()) {
        let mapping = Mapping::compile_str("$").unwrap();
        let mut out = Vec::new();
        mapping.apply_to_json(&input, &mut out, false).unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&input).unwrap());
    }

    #[test]
    fn cent_sums_are_exact(cents in prop::collection::vec(0i64..10_000_000, 0..40)) {
        let prices: Vec<String> = cents.iter().map(|c| format!("{}.{:02}", c / 100, c % 100)).collect();
        let input: Value = serde_json::from_str(&format!("[{}]", prices.join(","))).unwrap();
        let mapping = Mapping::compile_str("sum($) * 100").unwrap();
        let total = mapping.apply(&input).unwrap();
        let expected: i64 = cents.iter().sum();
        prop_assert_eq!(total.to_string().parse::<f64>().unwrap(), expected as f64);
        let text = total.to_string();
        let whole = text.split('.').next().unwrap();
        prop_assert_eq!(whole, expected.to_string());
    }
}
