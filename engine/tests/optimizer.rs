//! The optimizer keeps every result: for every example mapping and
//! programs written to exercise each pass, the optimized plan gives exactly
//! the output (or the error code and JSON Pointer) of the unoptimized one.

use ferry_engine::Mapping;
use proptest::prelude::*;
use serde_json::Value;

/// Pairs of (optimized, unoptimized) mappings.
fn pairs() -> &'static [(String, Mapping, Mapping)] {
    static PAIRS: std::sync::OnceLock<Vec<(String, Mapping, Mapping)>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut all = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
        for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let name = dir.file_name().to_string_lossy().into_owned();
            let file = dir.path().join(format!("{name}.map"));
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            let (Ok(fast), Ok(plain)) = (
                Mapping::compile_named(&name, &text, dir.path()),
                Mapping::compile_unoptimized(&name, &text, dir.path()),
            ) else {
                continue;
            };
            all.push((name, fast, plain));
        }
        for src in [
            "{ a: $.c.x, b: $.c.y, c: $.c.z.w, d: $.c.z.v, e: $.d }",
            "fn f(o) = { n: $.c.x, m: $.c.y, o: o }\n{ r: f($.c), s: [for i in $.c.list => $.c.x] }",
            "let t = $.c.x; let unused = $.c.y; { t: t, u: $.c.z }",
            "if $.c.x == 1 then $.c.y else $.c.z.w",
            "{ k: $.c[$.d], l: $.c.x, m: exists($.c.y), n: exists($.c.z) }",
            "let a = $.c; { x: a.x, y: $.c.y }",
        ] {
            let fast = Mapping::compile_str(src).expect("compiles");
            let plain = Mapping::compile_unoptimized("<test>", src, ".").expect("compiles");
            all.push((src.to_owned(), fast, plain));
        }
        all
    })
}

fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("c".to_owned()),
        Just("d".to_owned()),
        Just("x".to_owned()),
        Just("y".to_owned()),
        Just("z".to_owned()),
        Just("w".to_owned()),
        Just("customer".to_owned()),
        Just("lines".to_owned()),
        "[a-z]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..5).prop_map(Value::from),
        "[a-z]{0,3}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn outcome(m: &Mapping, input: &Value) -> Result<Value, (String, Option<String>)> {
    m.apply(input)
        .map_err(|e| (e.code().to_owned(), e.info().pointer.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn optimized_plans_give_the_results_of_unoptimized_ones(input in json()) {
        for (name, fast, plain) in pairs() {
            prop_assert_eq!(outcome(fast, &input), outcome(plain, &input), "{}", name);
        }
    }
}

#[test]
fn golden_inputs_agree_too() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    for (name, fast, plain) in pairs() {
        let cases = root.join(name).join("cases");
        for case in std::fs::read_dir(cases).into_iter().flatten().flatten() {
            let path = case.path();
            if !path.to_string_lossy().ends_with(".in.json") {
                continue;
            }
            let input: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(
                outcome(fast, &input),
                outcome(plain, &input),
                "{}",
                path.display()
            );
        }
    }
}
