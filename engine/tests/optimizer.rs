//! The optimizer keeps every result: for every example mapping and
//! programs written to exercise each pass, the optimized plan gives exactly
//! the output (or the error's code, message, JSON Pointer and location) of
//! the unoptimized one.

use ferry_engine::Mapping;
use proptest::prelude::*;
use serde_json::Value;

/// Programs the join rewriting applies to (and some it must leave alone),
/// over the keys the generated inputs use.
const JOINS: &[&str] = &[
    "[for o in $.c => { o: o, m: [for k in $.d if k.x == o.y => k.z] }]",
    "[for o in $.c => first([for k in $.d if o == k.x.y => k])]",
    "let ds = $.d; [for o in $.c => [for k in ds if k == o => k]]",
    "[for o in $.c => {for k in $.d if k.x == o.x => [k.z]: k}]",
    "[for o in $.c => [for p in $.d => [for k in $.x if k.y == p.y => [o, k]]]]",
    "[for o in $.c => map($.d, p -> [for k in $.x if k.y == p => k])]",
    "[for o in $.c => let ks = o.x; [for k in ks if k.y == o.y => k]]",
    "[for o in $.c => [for k in $.d if k.x == 1 => o]]",
    "fn f(o) = [for k in $.d if k.x == o => k.w]\n[for o in $.c => f(o.x)]",
    "[for o in $.orders => { id: o.id, customer: first([for c in $.customers if c.id == o.customerId => c]) }]",
    "[for o in $.orders => [for c in $.customers if o.customerId == c.ref.id => c.name]]",
    "[for o in $.c for k in $.d if k.x == o.y => { o: o, k: k.z }]",
    "{for o in $.c for k in $.d if k.x == o.y => [k.z]: if o.w then skip else o}",
    "[for o in $.c => ...[for k in $.d if k.x == o.y => match k.z { 1 => skip, _ => k }]]",
    "[for o in $.c => $.d[?@.x == o.y && @.z != o.w.v].z]",
    "[for o in $.c => match o.x { /^(?<a>[a-z]+)(\\d)?$/ as m if m.a != \"z\" => [m.a, m[\"2\"]], _ => skip }]",
];

/// Programs with small functions the inlining applies to (and some it
/// must leave alone: recursion, filters), over the generated inputs' keys.
const INLINES: &[&str] = &[
    "fn f(o) = o.x + 1\n{ a: f($.c), b: [for o in $.d => f(o)] }",
    "fn g(a, b) = if a == b then a else [a, b]\n{ r: g($.c, $.d), s: g($.c.x, $.c.y) }",
    "fn h(v) = v.x ?? v.y ?? \"none\"\nfn k(v) = [h(v), h(v.c)]\n{ k: k($), l: map($.d, e -> h(e)) }",
    "fn m(xs) = map(xs, e -> e.x)\n[for o in $.c => m(o)]",
    "fn t(v) = match v { n if n > 1 => n, \"a\" => 1, _ => null }\n{ t: t($.x), u: [for o in $.c => t(o)] }",
    "table tb = { a: 1, b: 2 }\nfn lk(k) = tb[k] ?? $.c[k]\n{ l: lk($.x), m: lk($.y) }",
    "fn inc(x) = x + 1\nfn down(n) = if n <= 0 then inc(n) else down(n - 1)\n{ d: down($.x), e: inc($.y) }",
    "fn n(o) = { a: $.c.x, b: o, c: $.c.z }\n{ r: n($.c.y), s: n(1) }",
    "fn chk(v) = if v == null then error(\"NULL\", \"missing ${v}\") else v\n{ a: try chk($.x) else 0, b: chk($.c) }",
    "fn ex(o) = exists(o.x) and exists($.d)\n[for o in $.c => ex(o)]",
    "fn a1(v) = v.x\nfn a2(v) = a1(v) ?? a1(v.c)\n{ r: a2($), s: [for e in $.d => a2(e)] }",
    "fn sel(v) = v[?@.x == 1]\nfn w(v) = let q = v.w; { q: q, s: sel(v) }\n{ r: w($), s: w($.c) }",
    "fn pair(a, b) = [b, a]\nlet p = pair($.x, $.y); { p: p, q: pair(p, $.z), r: [for i, e in $.c => pair(i, e)] }",
];

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
        ]
        .into_iter()
        .chain(JOINS.iter().copied())
        .chain(INLINES.iter().copied())
        {
            let fast = Mapping::compile_str(src).expect("compiles");
            let plain = Mapping::compile_unoptimized("<inline>", src, ".").expect("compiles");
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
        prop::sample::select(vec!["1.0", "1.10", "1.1", "-0.0", "0", "1e400", "2.50"])
            .prop_map(|t| serde_json::from_str::<Value>(t).unwrap()),
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

/// The output, or the error's code, message, JSON Pointer and location.
type Outcome = Result<
    Value,
    (
        String,
        String,
        Option<String>,
        Option<(String, usize, usize)>,
    ),
>;

fn outcome(m: &Mapping, input: &Value) -> Outcome {
    m.apply(input).map_err(|e| {
        (
            e.code().to_owned(),
            e.message().to_owned(),
            e.info().pointer.clone(),
            e.location(),
        )
    })
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

/// Inputs for the join programs: duplicate keys, `1` against `1.0` and
/// `1.10` against `1.1`, `"1"` against `1`, null and missing keys,
/// structured keys, and customers that are not an array.
const JOIN_INPUTS: &[&str] = &[
    r#"{"orders": [{"id": 1, "customerId": 1}, {"id": 2, "customerId": 2}],
        "customers": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 1, "name": "c"}]}"#,
    r#"{"orders": [{"id": 1, "customerId": 1}, {"id": 2, "customerId": 1.10}, {"id": 3, "customerId": "1"}],
        "customers": [{"id": 1.0, "name": "a"}, {"id": 1.1, "name": "b"}, {"id": "1", "name": "c"}]}"#,
    r#"{"orders": [{"id": 1, "customerId": null}, {"id": 2}, {"id": 3, "customerId": [1]}],
        "customers": [{"name": "a"}, {"id": null, "name": "b"}, {"id": [1.0], "name": "c"}, 7]}"#,
    r#"{"orders": [{"id": 1, "customerId": 1e400}, {"id": 2, "customerId": 0}],
        "customers": [{"id": 1e400, "name": "a"}, {"id": -0.0, "name": "b"}, {"id": 0.00, "name": "c"}]}"#,
    r#"{"orders": [{"id": 1, "customerId": 1}], "customers": null}"#,
    r#"{"orders": [{"id": 1, "customerId": 1}], "customers": {"x": {"id": 1, "name": "a"}}}"#,
    r#"{"orders": [{"id": 1, "customerId": 1}], "customers": 3}"#,
    r#"{"orders": [], "customers": "not a list"}"#,
    r#"{"orders": [{"id": 1, "customerId": 1}, {"customerId": 2}],
        "customers": [{"ref": {"id": 2}, "name": "r"}, {"ref": {"id": 1.0}, "name": "s"}]}"#,
    r#"{"c": [{"x": 1, "y": 1}, {"x": "1", "y": 2}], "d": [{"x": 1.0, "z": "a", "w": 1}, {"x": {"y": 1}, "z": "b"}],
        "x": [{"y": 1}, {"y": 2.0}]}"#,
];

#[test]
fn join_inputs_agree() {
    for text in JOIN_INPUTS {
        let input: Value = serde_json::from_str(text).unwrap();
        for (name, fast, plain) in pairs() {
            assert_eq!(
                outcome(fast, &input),
                outcome(plain, &input),
                "{name} on {text}"
            );
        }
    }
}

#[test]
fn the_join_programs_are_rewritten() {
    let rewritten = JOINS
        .iter()
        .filter(|src| {
            // What `ferry plan` prints shows the internal calls by name.
            let text = ferry_engine::inspect::describe(&Mapping::compile_str(src).unwrap());
            text.contains("__index_by_key(") && text.contains("__lookup_key(")
        })
        .count();
    assert!(rewritten >= 8, "only {rewritten} rewritten");
}

#[test]
fn the_inline_programs_are_inlined() {
    for src in INLINES {
        let text = ferry_engine::inspect::describe(&Mapping::compile_str(src).unwrap());
        assert!(text.contains("inline "), "{src}: {text}");
    }
}
