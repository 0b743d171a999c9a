//! Every standard function, called with hostile arguments (extreme
//! numbers, empty and huge strings, odd Unicode, nested values, wrong
//! types), returns a value or a coded error: it never panics.

use ferry_engine::stdlib::{self, ParamKind};
use ferry_engine::{Keys, Mapping};
use proptest::prelude::*;
use serde_json::Value;

fn hostile() -> impl Strategy<Value = Value> {
    let text = |t: &str| serde_json::from_str::<Value>(t).unwrap();
    let scalars = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            "0",
            "-0",
            "-0.0",
            "1e308",
            "-1e308",
            "1e-320",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551616",
            "123456789012345678901234567890.123456789",
            "0.5",
            "2.5",
            "-2.5",
            "1e29",
            "79228162514264337593543950335",
            "1E+2",
            "100000000000",
            "-1",
        ])
        .prop_map(text),
        prop::sample::select(vec![
            "",
            " ",
            "abc",
            "ÀÉÎ",
            "👩‍👩‍👧",
            "\u{0}",
            "a\u{301}",
            "2024-02-29",
            "2024-02-30",
            "2023-08-27T06:09:16+02:00",
            "1970-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "Europe/Berlin",
            "Mars/Olympus",
            "%Y-%m-%d",
            "%Q%",
            "[",
            "(a|b)*c",
            "\\",
            "%",
            "%zz",
            "=",
            "QUJD",
            "true",
            "no",
            "1.50",
            "  42  ",
            "s",
            "ms",
            "days",
            "months",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
        "\\PC{0,40}".prop_map(Value::String),
    ];
    scalars.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_stdlib_function_panics(args in prop::collection::vec(hostile(), 4)) {
        let input = Value::Array(args);
        let keys = Keys::new().with("k", "secret");
        for def in stdlib::all() {
            let max = def.max_args().unwrap_or(def.params.len() + 1);
            for count in def.min_args()..=max.min(4) {
                let call_args: Vec<String> = (0..count)
                    .map(|i| match def.param(i).map(|p| p.kind) {
                        Some(ParamKind::Lambda(2)) => "(a, b) -> a".to_owned(),
                        Some(ParamKind::Lambda(_)) => "x -> x".to_owned(),
                        // A key name is a constant, resolved when compiling.
                        Some(ParamKind::Key) => "\"k\"".to_owned(),
                        _ => format!("$[{i}]"),
                    })
                    .collect();
                let src = format!("{}({})", def.name, call_args.join(", "));
                let mapping = Mapping::compile_named_with_keys("<inline>", &src, ".", &keys)
                    .unwrap_or_else(|d| panic!("{src}: {d}"));
                let outcome = std::panic::catch_unwind(|| mapping.apply(&input));
                prop_assert!(outcome.is_ok(), "{src} panicked on {input}");
                if let Ok(Err(e)) = outcome {
                    prop_assert!(e.code().starts_with('E'), "{src}: code {}", e.code());
                }
            }
        }
    }
}
