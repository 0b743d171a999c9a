//! Invariants over generated inputs: evaluation never panics, every record
//! gives one output or one coded error, decimal arithmetic is exact,
//! numbers passed through keep their text, and the text of a computed
//! number does not depend on whether an intermediate happened to be whole.

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

    #[test]
    fn rounded_quotients_have_their_places_whole_or_not(
        a in -1_000_000i64..1_000_000,
        b in prop_oneof![-1000i64..-1, 1i64..1000],
        places in 0u32..6,
        a_scale in 0u32..4,
    ) {
        // `a` written with `a_scale` decimals: 1700, 1700.0, 1700.00…
        let a_text = with_scale(a, a_scale);
        let mapping = Mapping::compile_str(&format!(
            "{{ n: round($.a / $.b, {places}), pct: \"${{round($.a / $.b * 100, {places})}}%\", \
               s: string(round($.a / $.b, {places})) }}"
        )).unwrap();
        let input: Value = serde_json::from_str(&format!(r#"{{"a": {a_text}, "b": {b}}}"#)).unwrap();
        let mut out = Vec::new();
        mapping.apply_to_json(&input, &mut out, false).unwrap();
        let out: Value = serde_json::from_slice(&out).unwrap();
        let n = out["n"].to_string();
        prop_assert_eq!(decimals(&n), places, "{} / {} gave {}", a_text, b, n);
        prop_assert_eq!(decimals(out["s"].as_str().unwrap()), places);
        let pct = out["pct"].as_str().unwrap();
        prop_assert_eq!(decimals(pct.trim_end_matches('%')), places, "{}", pct);
    }

    #[test]
    fn rounding_gives_the_places_asked_for_whatever_the_input(
        cents in -10_000_000i64..10_000_000,
        input_scale in 0u32..5,
        places in 0u32..5,
    ) {
        // The same value, or a near one, written with different scales.
        let x = with_scale(cents, input_scale);
        let mapping = Mapping::compile_str(&format!("string(round($, {places}))")).unwrap();
        let input: Value = serde_json::from_str(&x).unwrap();
        let text = mapping.apply(&input).unwrap();
        prop_assert_eq!(decimals(text.as_str().unwrap()), places, "round({}, {})", x, places);
    }

    #[test]
    fn quotient_scale_does_not_depend_on_being_whole(
        q in -100_000i64..100_000,
        b in 1i64..1000,
        scale in 1u32..4,
    ) {
        // `a / b` where the quotient is whole (q) and where it is not (q + 1/2):
        // a decimal dividend keeps at least its scale either way.
        let whole = with_scale(q * b * 10i64.pow(scale), scale);
        let mapping = Mapping::compile_str("string($.a / $.b)").unwrap();
        let input: Value = serde_json::from_str(&format!(r#"{{"a": {whole}, "b": {b}}}"#)).unwrap();
        let text = mapping.apply(&input).unwrap();
        prop_assert!(decimals(text.as_str().unwrap()) >= scale, "{} / {} gave {}", whole, b, text);
    }
}

/// `units` hundredths written with `scale` decimals (`1700`, 2 → `17.00`;
/// `1700`, 0 → `17`, rounding toward zero).
fn with_scale(units: i64, scale: u32) -> String {
    let value = rust_decimal::Decimal::new(units, 2);
    let mut v = value.trunc_with_scale(scale.min(2));
    v.rescale(scale);
    v.to_string()
}

/// The number of digits after the point in a number's text.
fn decimals(text: &str) -> u32 {
    text.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}
