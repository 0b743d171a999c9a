//! The language, construct by construct: each case is one mapping, one
//! input and the expected output (or error code).

use ferry_engine::Mapping;
use serde_json::Value;

/// `yields!(mapping, input => output)`; errors are checked with `code_of`.
macro_rules! yields {
    ($map:expr, $input:expr => $output:expr) => {{
        let out = run($map, $input).unwrap_or_else(|e| panic!("`{}` failed: {e}", $map));
        let expected: Value = serde_json::from_str($output).unwrap();
        assert_eq!(out, expected, "mapping `{}`", $map);
    }};
}

fn run(map: &str, input: &str) -> Result<Value, String> {
    let mapping = Mapping::compile_str(map).map_err(|d| {
        d.iter()
            .next()
            .map(|d| d.code.to_owned())
            .unwrap_or_default()
    })?;
    let input: Value = serde_json::from_str(input).unwrap();
    mapping.apply(&input).map_err(|e| e.to_string())
}

fn code_of(map: &str, input: &str) -> String {
    let mapping = Mapping::compile_str(map).unwrap();
    let input: Value = serde_json::from_str(input).unwrap();
    mapping.apply(&input).unwrap_err().code().to_owned()
}

#[test]
fn identity_and_literals() {
    yields!("$", r#"{"a":[1,2.50,"x"]}"# => r#"{"a":[1,2.50,"x"]}"#);
    yields!(r#"[null, true, false, 12, -3, 1.50, "t\n\u00e9\$"]"#, "null" => r#"[null,true,false,12,-3,1.50,"t\né$"]"#);
    yields!(r#"{ a: 1, "b c": 2, [lower("X")]: 3 }"#, "null" => r#"{"a":1,"b c":2,"x":3}"#);
}

#[test]
fn header_and_comments_are_allowed() {
    yields!("mapping m version \"1.0.0\"\n// line\n/* block */ { a: $.x /* inline */ }", r#"{"x":1}"# => r#"{"a":1}"#);
}

#[test]
fn numbers_pass_through_with_their_exact_digits() {
    yields!("{ id: $.id, price: $.price }", r#"{"id":123456789012345678901234567890,"price":1.10}"# => r#"{"id":123456789012345678901234567890,"price":1.10}"#);
}

#[test]
fn decimal_arithmetic_is_exact() {
    yields!("0.1 + 0.2 == 0.3", "null" => "true");
    yields!("[0.1 + 0.2, 1.10 * 2, 7 / 2, 6 / 3, 7 % 3, 1 / 3 * 3 == 1]", "null" => "[0.3, 2.20, 3.5, 2, 1, false]");
    yields!("sum([for x in $ => x])", "[0.10, 0.20, 0.70]" => "1.00");
    yields!("round(2.345, 2)", "null" => "2.35");
    yields!("round(-2.345, 2)", "null" => "-2.35");
    yields!("9223372036854775807 + 1", "null" => "9223372036854775808");
}

#[test]
fn strings_interpolate() {
    yields!(r#""${$.a} ${$.b} ${$.c}|${$.d}|${$.e}""#, r#"{"a":"x","b":1.50,"c":true,"d":null,"e":[1]}"# => r#""x 1.50 true||[1]""#);
    yields!(r#""a" + "b""#, "null" => r#""ab""#);
}

#[test]
fn optional_fields_omit_null_and_missing() {
    yields!("{ a?: $.a, b?: $.b, c?: $.c, d: $.d }", r#"{"a":null,"c":0}"# => r#"{"c":0,"d":null}"#);
}

#[test]
fn spread_merges_objects_and_arrays() {
    yields!("{ a: 1, ...$.o, b: 2 }", r#"{"o":{"a":9,"z":3}}"# => r#"{"a":9,"z":3,"b":2}"#);
    yields!("[0, ...$.xs, 9, ...$.none]", r#"{"xs":[1,2]}"# => "[0,1,2,9]");
    assert_eq!(code_of("[...$.x]", r#"{"x":3}"#), "E0401");
    assert_eq!(code_of("{...$.x}", r#"{"x":"s"}"#), "E0401");
}

#[test]
fn paths_follow_jsonpath() {
    let doc =
        r#"{"lines":[{"sku":"A","qty":2},{"sku":"B","qty":0},{"sku":"C","qty":5}],"m":{"k.x":1}}"#;
    yields!("$.lines[0].sku", doc => r#""A""#);
    yields!("$.lines[-1].sku", doc => r#""C""#);
    yields!("$.lines[*].sku", doc => r#"["A","B","C"]"#);
    yields!("$.lines[1:].sku", doc => r#"["B","C"]"#);
    yields!("$.lines[?@.qty > 0].sku", doc => r#"["A","C"]"#);
    yields!("$..sku", doc => r#"["A","B","C"]"#);
    yields!("$.m['k.x']", doc => "1");
    yields!("$.missing.deeper", doc => "null");
    yields!("let i = 2; $.lines[i].sku", doc => r#""C""#);
    yields!("let min = 1; $.lines[?@.qty > min].sku", doc => r#"["A","C"]"#);
    yields!("[for l in $.lines => l.sku]", doc => r#"["A","B","C"]"#);
}

#[test]
fn missing_and_null_differ_only_for_exists() {
    let doc = r#"{"a":null}"#;
    yields!("[exists($.a), exists($.b), $.a == $.b, $.a ?? 1, $.b ?? 2]", doc => "[true,false,true,1,2]");
}

#[test]
fn operators() {
    yields!("[1 < 2, \"a\" < \"b\", 2 >= 2, 1 != 1.0, not (1 == 2), true and false, true or false]", "null" => "[true,true,true,false,true,false,true]");
    yields!(r#"["a" in ["a","b"], "k" in {k: 1}, "bc" in "abcd", "x" in $.none]"#, "{}" => "[true,true,true,false]");
    yields!("$.x | lower", r#"{"x":"AB"}"# => r#""ab""#);
    yields!("$.x | substring(1, 2)", r#"{"x":"ABC"}"# => r#""B""#);
    yields!("-$.n", r#"{"n":2.5}"# => "-2.5");
}

#[test]
fn strict_types_raise_coded_errors() {
    assert_eq!(code_of(r#""abc" * 2"#, "null"), "E0401");
    assert_eq!(code_of("lower($.n)", r#"{"n":3}"#), "E0401");
    assert_eq!(code_of("if $.n then 1 else 2", r#"{"n":3}"#), "E0401");
    assert_eq!(code_of("$.a < 1", r#"{"a":"1"}"#), "E0401");
    assert_eq!(code_of("$.a + 1", "{}"), "E0401");
    assert_eq!(code_of("1 / $.z", r#"{"z":0}"#), "E0402");
    assert_eq!(code_of("number($.s)", r#"{"s":"abc"}"#), "E0404");
}

#[test]
fn null_subject_gives_null() {
    yields!("{ e?: lower($.email), n: upper($.none) }", "{}" => r#"{"n":null}"#);
}

#[test]
fn conditionals_and_match() {
    yields!("if $.n > 1 then \"big\" else \"small\"", r#"{"n":2}"# => r#""big""#);
    let m = r#"match $.v { "a" | "b" => "ab", 10..20 => "teens", 20..=30 => "twenties", ..0 => "negative", /^x-\d+$/i => "code", null => "none", n if n > 100 => "huge", _ => "other" }"#;
    for (input, out) in [
        ("\"b\"", "\"ab\""),
        ("10", "\"teens\""),
        ("20", "\"twenties\""),
        ("30", "\"twenties\""),
        ("-1", "\"negative\""),
        ("\"X-12\"", "\"code\""),
        ("101", "\"huge\""),
        ("50", "\"other\""),
        ("null", "\"none\""),
    ] {
        let doc = format!("{{\"v\":{input}}}");
        yields!(m, &doc => out);
    }
    assert_eq!(code_of("match $.v { 1 => 2 }", r#"{"v":3}"#), "E0405");
}

#[test]
fn comprehensions() {
    yields!("[for x in $.xs if x > 1 => x * 10]", r#"{"xs":[1,2,3]}"# => "[20,30]");
    yields!("[for i, x in $.xs => i]", r#"{"xs":["a","b"]}"# => "[0,1]");
    yields!("{for k, v in $.o => [upper(k)]: v + 1}", r#"{"o":{"a":1,"b":2}}"# => r#"{"A":2,"B":3}"#);
    yields!("{for x in $.xs => [x.id]: x.n}", r#"{"xs":[{"id":"p","n":1},{"id":"q","n":2}]}"# => r#"{"p":1,"q":2}"#);
    yields!("[for x in $.none => x]", "{}" => "[]");
    assert_eq!(code_of("[for x in $.n => x]", r#"{"n":1}"#), "E0401");
}

#[test]
fn lets_functions_and_lambdas() {
    yields!("let t = $.a * 2\nfn twice(x) = x * 2\n{ t: t, u: twice(t), v: let y = 1; y + t }", r#"{"a":3}"# => r#"{"t":6,"u":12,"v":7}"#);
    yields!("fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(20)", "null" => "2432902008176640000");
    yields!("map($.xs, x -> x * 2)", r#"{"xs":[1,2]}"# => "[2,4]");
    yields!("reduce($.xs, 0, (acc, x) -> acc + x)", r#"{"xs":[1,2,3]}"# => "6");
    yields!("fn inc(x) = x + 1\nmap($.xs, inc)", r#"{"xs":[1,2]}"# => "[2,3]");
    yields!("let k = 10; map($.xs, x -> x + k)", r#"{"xs":[1,2]}"# => "[11,12]");
}

#[test]
fn recursion_is_limited_not_a_crash() {
    assert_eq!(code_of("fn f(n) = f(n + 1)\nf(0)", "null"), "E0503");
    // The limit is not caught by `try`: it is a property of the mapping.
    assert_eq!(
        code_of("fn f(n) = f(n + 1)\ntry f(0) else 1", "null"),
        "E0503"
    );
}

#[test]
fn tables_inline() {
    let map = "table ship = { \"EXP\": \"express\", \"STD\": \"standard\" }\n{ s: ship[$.m] ?? \"unknown\" }";
    yields!(map, r#"{"m":"EXP"}"# => r#"{"s":"express"}"#);
    yields!(map, r#"{"m":"X"}"# => r#"{"s":"unknown"}"#);
    yields!(map, r#"{}"# => r#"{"s":"unknown"}"#);
    // A computed number looks up its text in an object (tables keyed by
    // ids); a literal `[7]` stays an RFC 9535 index, which only arrays have.
    yields!("table t = { \"7\": \"seven\" }\n[t[$.id], t[\"7\"], t[7], [10, 20][1]]", r#"{"id":7}"# => r#"["seven","seven",null,20]"#);
}

#[test]
fn errors_raised_by_the_author_and_recovery() {
    assert_eq!(
        code_of(
            r#"if len($.xs) == 0 then error("ORDER_EMPTY", "order ${$.id} has no lines") else 1"#,
            r#"{"id":"A","xs":[]}"#
        ),
        "ORDER_EMPTY"
    );
    let mapping =
        Mapping::compile_str(r#"error("ORDER_EMPTY", "order ${$.id} has no lines")"#).unwrap();
    let err = mapping
        .apply(&serde_json::json!({"id": "A-7"}))
        .unwrap_err();
    assert_eq!(err.message(), "order A-7 has no lines");
    yields!(r#"try number($.s) else 0"#, r#"{"s":"x"}"# => "0");
    yields!(r#"try error("X", "y") else "caught""#, "null" => r#""caught""#);
}

#[test]
fn several_for_clauses_flat_map_and_see_outer_variables() {
    let orders = r#"{"orders": [{"id": "A", "lines": [{"sku": "x", "qty": 1}, {"sku": "y", "qty": 0}]}, {"id": "B", "lines": [{"sku": "z", "qty": 2}]}, {"id": "C"}]}"#;
    yields!("[for o in $.orders for l in o.lines if l.qty > 0 => { order: o.id, sku: l.sku }]", orders
        => r#"[{"order":"A","sku":"x"},{"order":"B","sku":"z"}]"#);
    yields!("[for o in $.orders if o.id != \"A\" for i, l in o.lines => [o.id, i]]", orders => r#"[["B",0]]"#);
    yields!("{for o in $.orders for l in o.lines => [l.sku]: o.id}", orders => r#"{"x":"A","y":"A","z":"B"}"#);
    yields!("[for a in [1, 2] for b in [a, 10] for c in [b] => a * 100 + c]", "null" => "[101,110,202,210]");
}

#[test]
fn a_spread_body_splices_arrays() {
    yields!("[for o in $.orders => ...o.lines]", r#"{"orders": [{"lines": [1, 2]}, {}, {"lines": [3]}]}"# => "[1,2,3]");
    assert_eq!(
        code_of("[for o in $ => ...o]", r#"[[1], {"a": 1}]"#),
        "E0401"
    );
}

#[test]
fn skip_drops_elements_and_members() {
    let items =
        r#"{"items": [{"sku": "a", "qty": 1, "kind": "a"}, {"sku": "b", "qty": 0, "kind": "b"}]}"#;
    yields!("[for x in $.items => if x.qty > 0 then x.sku else skip]", items => r#"["a"]"#);
    yields!("[for x in $.items => match x.kind { \"a\" => 1, _ => skip }]", items => "[1]");
    yields!("[for x in $.items => let q = x.qty; if q > 0 then (skip) else q]", items => "[0]");
    yields!("{for x in $.items => [x.sku]: if x.qty > 0 then x.qty else skip}", items => r#"{"a":1}"#);
    yields!("[for x in $ => skip]", "[1, 2]" => "[]");
    // The condition is still strict.
    assert_eq!(
        code_of("[for x in $ => if x then 1 else skip]", "[1]"),
        "E0401"
    );
    assert_eq!(run("{ a: skip }", "null").unwrap_err(), "E0109");
    assert_eq!(
        run(
            "fn f(x) = if x then 1 else skip\n[for x in $ => f(x)]",
            "null"
        )
        .unwrap_err(),
        "E0109"
    );
}

#[test]
fn filters_read_paths_on_variables() {
    let doc = r#"{"contacts": [{"contact_id": 1, "min": {"n": 2}}, {"contact_id": 2, "min": {"n": 0}}], "tickets": [{"id": 10, "contact_id": 1, "n": 3}, {"id": 11, "contact_id": 2, "n": 1}, {"id": 12, "contact_id": 1, "n": 1}]}"#;
    yields!("[for c in $.contacts => $.tickets[?@.contact_id == c.contact_id].id]", doc => "[[10,12],[11]]");
    yields!("[for c in $.contacts => $.tickets[?@.contact_id == c.contact_id && @.n >= c.min.n].id]", doc => "[[10],[11]]");
    yields!("let ids = [2]\n$.tickets[?@.contact_id == ids[0]].id", doc => "[11]");
}

#[test]
fn a_regex_arm_binds_its_groups() {
    let m = r#"[for r in $ => match r { /^(?<kind>[A-Z]+)-(?<num>\d+)(x)?$/ as m => { kind: m.kind, num: number(m.num), all: m["0"], one: m["1"], three: m["3"] }, _ => null }]"#;
    yields!(m, r#"["ERR-12", "OK-1x", "no", 4]"# => r#"[{"kind":"ERR","num":12,"all":"ERR-12","one":"ERR","three":null},{"kind":"OK","num":1,"all":"OK-1x","one":"OK","three":"x"},null,null]"#);
    yields!("match $ { /^a(.)/ as m if m[\"1\"] == \"b\" => 1, /^a/ as m => m[\"0\"], _ => 0 }", r#""ac""# => r#""a""#);
    assert_eq!(
        run("match $ { /a/ as m | /b/ => 1, _ => 0 }", "null").unwrap_err(),
        "E0106"
    );
}
