//! The layout of each construct, re-escaping, comment placement and the
//! breaking rules, one case per line where possible.

use super::format;

/// Formats `src`, checks that formatting again changes nothing, and
/// returns the output.
fn fmt(src: &str) -> String {
    let once = format(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let twice = format(&once).unwrap_or_else(|e| panic!("{once}: {e}"));
    assert_eq!(once, twice, "not idempotent for {src:?}");
    once
}

macro_rules! layout {
    ($($name:ident: $src:expr => $expected:expr;)*) => {
        $(
            #[test]
            fn $name() {
                assert_eq!(fmt($src), $expected);
            }
        )*
    };
}

layout! {
    // Spacing and one-line forms.
    objects_fit_on_one_line_with_inner_spaces: "{a:1,b:2}" => "{ a: 1, b: 2 }\n";
    arrays_and_calls_without_inner_spaces: "f( [1,2] ,x )" => "f([1, 2], x)\n";
    empty_brackets: "{ a: {}, b: [ ], c: f( ) }" => "{ a: {}, b: [], c: f() }\n";
    optional_computed_and_spread_entries: "{a?:$.x,[k]:1,\"k${x}\":2,...o}" => "{ a?: $.x, [k]: 1, \"k${x}\": 2, ...o }\n";
    keys_are_words_when_they_can_be: r#"{ "a": 1, "a b": 2, "if": 3, ["c"]: 4 }"# => "{ a: 1, \"a b\": 2, if: 3, [\"c\"]: 4 }\n";
    operators_get_single_spaces: "1+2*3-(4/5)%6" => "1 + 2 * 3 - (4 / 5) % 6\n";
    logic_and_comparisons: "not a and b or c??d==e" => "not a and b or c ?? d == e\n";
    membership: "\"x\" in $.tags" => "\"x\" in $.tags\n";
    negation: "-x - -1" => "-x - -1\n";
    pipes_drop_empty_argument_lists: "x|lower()|pad(3)" => "x | lower | pad(3)\n";
    lambdas: "reduce(xs,0,(acc,x)->acc+x)" => "reduce(xs, 0, (acc, x) -> acc + x)\n";
    lambda_with_one_parameter_in_parentheses: "map(xs,(x)->x)" => "map(xs, x -> x)\n";
    numbers_as_written: "[1.50, 1e3, 007, 2.5E-2]" => "[1.50, 1e3, 007, 2.5E-2]\n";
    if_on_one_line: "if a then b else c" => "if a then b else c\n";
    let_and_try: "{a:let t=1;try t else 0}" => "{ a: let t = 1; try t else 0 }\n";
    comprehensions: "[for i,x in xs if x>0=>x*i]" => "[for i, x in xs if x > 0 => x * i]\n";
    object_comprehension: "{for k,v in o=>[upper(k)]:v}" => "{for k, v in o => [upper(k)]: v}\n";
    object_comprehension_static_key: "{for v in o=>\"key\":v}" => "{for v in o => key: v}\n";
    parentheses_are_kept: "((a))" => "((a))\n";

    // Paths.
    paths_take_their_shortest_form: "$['a'][\"b c\"]['if'][*]..['d']..[*]" => "$.a['b c'].if.*..d..*\n";
    indexes_slices_and_lists: "$[0][-1][1:3][::-1][:2][0, 'x', 2:]" => "$[0][-1][1:3][::-1][:2][0, 'x', 2:]\n";
    filters_in_rfc_syntax: "$.l[?@.qty>0&&@.sku!=\"X\"||!(@.c)]" => "$.l[?@.qty > 0 && @.sku != 'X' || !(@.c)]\n";
    filter_functions: "$[?match(@.s,'a.*') && length(@.t)>=2 && count(@.*)<n]" => "$[?match(@.s, 'a.*') && length(@.t) >= 2 && count(@.*) < n]\n";
    dynamic_selectors: "t[$.code][i][(1)][- 1]" => "t[$.code][i][(1)][- 1]\n";
    names_needing_quotes_are_escaped: r#"$["it's"]["a\\b"]["\n"]"# => "$['it\\'s']['a\\\\b']['\\n']\n";
    paths_on_any_value: "f(x)[0].a" => "f(x)[0].a\n";

    // Strings.
    strings_are_re_escaped: r#""q\" b\\ \u00e9 \/ \t""# => "\"q\\\" b\\\\ é / \\t\"\n";
    control_characters_are_escaped: "\"a\u{1}b\nc\"" => "\"a\\u0001b\\nc\"\n";
    dollar_is_escaped_only_before_a_brace: r#""\$ $x \${y} ${z}""# => "\"$ $x \\${y} ${z}\"\n";
    interpolation_is_kept: r#""order ${ $.id }: ${len( $.l )} lines""# => "\"order ${$.id}: ${len($.l)} lines\"\n";

    // Match.
    match_arms_one_per_line: "match x{\"a\"|\"b\"=>1,1..=5=>2,..0=>3,n if n>9=>4,_=>5}" => "match x {\n  \"a\" | \"b\" => 1,\n  1..=5 => 2,\n  ..0 => 3,\n  n if n > 9 => 4,\n  _ => 5,\n}\n";
    regex_patterns_keep_their_escapes: r"match x { /^a\/b\d+$/i => 1, /x\\/ => 2 }" => "match x {\n  /^a\\/b\\d+$/i => 1,\n  /x\\\\/ => 2,\n}\n";
    empty_match: "match x {}" => "match x {}\n";

    // Files.
    formats_sit_beside_contracts: "mapping m\ninput   format csv with  {delimiter: \";\", infer: true}\ninput schema \"in.json\"\noutput format   yaml\n{a:1}" => "mapping m\ninput format csv with { delimiter: \";\", infer: true }\ninput schema \"in.json\"\noutput format yaml\n{ a: 1 }\n";
    contracts_follow_the_header: "mapping m\ninput   schema \"in.json\"\noutput  schema \"api.yaml#/components/schemas/Order\"\n{a:1}" => "mapping m\ninput schema \"in.json\"\noutput schema \"api.yaml#/components/schemas/Order\"\n{ a: 1 }\n";
    input_and_output_stay_names: "let input = 1\n{output: input}" => "let input = 1\n{ output: input }\n";
    header_declarations_body: "mapping m version \"1.0\"\nuse \"c.map\";let a=1;fn f(x)=x\ntable t={\"A\":1}\ntable u from \"u.csv\" key \"id\"\n{a:f(a)}" => "mapping m version \"1.0\"\nuse \"c.map\"\nlet a = 1\nfn f(x) = x\ntable t = { A: 1 }\ntable u from \"u.csv\" key \"id\"\n{ a: f(a) }\n";
    blank_lines_between_declarations_at_most_one: "let a = 1\n\n\n\nlet b = 2\nlet c = 3\n\n$" => "let a = 1\n\nlet b = 2\nlet c = 3\n\n$\n";
    no_semicolon_needed_before_a_parenthesised_body: "let f = g;\n(1)" => "let f = g\n(1)\n";
    no_semicolon_needed_before_an_array_body: "let a = x; [a]" => "let a = x\n[a]\n";
    same_line_brackets_still_index_and_call: "let a = x [0]\nlet f = g (1)\n$" => "let a = x[0]\nlet f = g(1)\n$\n";
    no_semicolon_needed_after_an_open_form: "let t=try null else[];[true]" => "let t = try null else []\n[true]\n";
    no_semicolon_needed_after_an_if_ending_in_a_path: "let t = if $.c then 1 else $.a;\n[true]" => "let t = if $.c then 1 else $.a\n[true]\n";
    open_forms_keep_their_parentheses_before_a_segment: "let t = (if $.c then 1 else $.a)[0]\n(try a else b) | f" => "let t = (if $.c then 1 else $.a)[0]\n(try a else b) | f\n";
    open_form_ended_by_a_pipe_stays_bare_before_an_operator: "if try null else [1] then false else (x_1) | lines % $" => "if try null else [1] then false else (x_1) | lines % $\n";
    open_form_ended_by_a_comparison_stays_bare_before_another: "try a else b < c < d" => "try a else b < c < d\n";
    no_semicolon_needed_after_a_function_ending_in_let: "fn h(p,q)=let t=[for o in[1]=>...false]; [for i, l in f(a)['//']['b c']\nif x_1 =>2.5E-2] ;\n [ f(a)..*['//']['b c']]" => "fn h(p, q) = let t = [for o in [1] => ...false]; [for i, l in f(a)['//']['b c'] if x_1 => 2.5E-2]\n[f(a)..*['//']['b c']]\n";
    semicolon_kept_before_a_negative_body: "let a = x; -a" => "let a = x;\n-a\n";
    library_without_body: "fn f(x) = x;" => "fn f(x) = x\n";
    test_blocks_after_a_blank_line: "$\ntest \"a\" { given { a: 1 } expect { a: 1 } }\ntest \"b\" { given file \"in.json\" expect error \"E0401\" }" => "$\n\ntest \"a\" {\n  given { a: 1 }\n  expect { a: 1 }\n}\n\ntest \"b\" {\n  given file \"in.json\"\n  expect error \"E0401\"\n}\n";
    a_byte_order_mark_is_dropped: "\u{feff}$" => "$\n";
}

// ---------------------------------------------------------------- breaking

fn long(n: usize) -> String {
    (0..n)
        .map(|i| format!("field_{i}: value_{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn a_long_object_breaks_one_field_per_line_with_trailing_commas() {
    let out = fmt(&format!("{{ {} }}", long(8)));
    assert!(
        out.starts_with("{\n  field_0: value_0,\n  field_1: value_1,\n"),
        "{out}"
    );
    assert!(out.ends_with("  field_7: value_7,\n}\n"), "{out}");
    assert!(out.lines().all(|l| l.len() <= 100));
}

#[test]
fn nested_objects_break_from_the_outside_in() {
    let src = format!("{{ a: {{ x: 1 }}, b: {{ {} }} }}", long(7));
    assert_eq!(
        fmt(&src),
        "{\n  a: { x: 1 },\n  b: {\n    field_0: value_0,\n    field_1: value_1,\n    field_2: value_2,\n    field_3: value_3,\n    field_4: value_4,\n    field_5: value_5,\n    field_6: value_6,\n  },\n}\n"
    );
}

#[test]
fn a_long_call_breaks_one_argument_per_line() {
    let args: Vec<String> = (0..12).map(|i| format!("argument_{i}")).collect();
    let out = fmt(&format!("f({})", args.join(", ")));
    assert!(out.starts_with("f(\n  argument_0,\n"), "{out}");
    assert!(out.ends_with("  argument_11,\n)\n"), "{out}");
}

#[test]
fn a_last_object_argument_hugs_the_call() {
    let src = format!("map($.lines, l -> {{ {} }})", long(6));
    let out = fmt(&src);
    assert!(
        out.starts_with("map($.lines, l -> {\n  field_0: value_0,\n"),
        "{out}"
    );
    assert!(out.ends_with("  field_5: value_5,\n})\n"), "{out}");
}

#[test]
fn a_comprehension_body_object_hugs_the_header() {
    let out = fmt(&format!("[for l in $.lines => {{ {} }}]", long(6)));
    assert!(
        out.starts_with("[for l in $.lines => {\n  field_0: value_0,\n"),
        "{out}"
    );
    assert!(out.ends_with("}]\n"), "{out}");
}

#[test]
fn a_comprehension_with_another_body_breaks_before_the_body() {
    let cond = (0..14)
        .map(|i| format!("cond_{i}"))
        .collect::<Vec<_>>()
        .join(" and ");
    let out = fmt(&format!("[for l in xs => {cond}]"));
    assert!(
        out.starts_with("[for l in xs =>\n  cond_0\n    and cond_1\n"),
        "{out}"
    );
    assert!(out.ends_with("\n]\n"), "{out}");
}

#[test]
fn a_long_if_breaks_before_then_and_else() {
    let a = "a_rather_long_condition_name == another_rather_long_value_name";
    let out = fmt(&format!(
        "{{ x: if {a} then first_long_branch_value else second_long_branch_value }}"
    ));
    assert_eq!(
        out,
        format!(
            "{{\n  x: if {a}\n    then first_long_branch_value\n    else second_long_branch_value,\n}}\n"
        )
    );
}

#[test]
fn a_long_pipe_breaks_before_each_stage() {
    let out = fmt(
        "$.items | filter(item -> item.quantity > 0) | map(item -> item.sku_with_a_long_name) | distinct | sort",
    );
    assert_eq!(
        out,
        "$.items\n  | filter(item -> item.quantity > 0)\n  | map(item -> item.sku_with_a_long_name)\n  | distinct\n  | sort\n"
    );
}

#[test]
fn a_let_chain_breaks_after_each_binding() {
    let value = "some_function_with_a_long_name(argument_number_one, argument_number_two)";
    let out = fmt(&format!(
        "fn f(x) = let a = {value}; let b = {value}; a + b"
    ));
    assert_eq!(
        out,
        format!("fn f(x) =\n  let a = {value};\n  let b = {value};\n  a + b\n")
    );
}

#[test]
fn a_declaration_too_long_for_its_line_moves_below_the_equals() {
    let value =
        "date_add(date_add(hired, $.contract.probation_months ?? 6, \"months\"), -1, \"days\")";
    assert_eq!(
        fmt(&format!("let probation_end_date_of_the_employee = {value}")),
        format!("let probation_end_date_of_the_employee =\n  {value}\n")
    );
}

#[test]
fn a_match_hugs_the_operator_and_calls_around_it() {
    let src = "fn to_minor(a, c) = int(round(a * match exponent(c) { 0 => 1, _ => 100 }))";
    assert_eq!(
        fmt(src),
        "fn to_minor(a, c) = int(round(a * match exponent(c) {\n  0 => 1,\n  _ => 100,\n}))\n"
    );
}

#[test]
fn a_lone_object_in_an_array_hugs_the_brackets() {
    let out = fmt(&format!("[{{ {} }}]", long(6)));
    assert!(out.starts_with("[{\n  field_0: value_0,\n"), "{out}");
    assert!(out.ends_with("}]\n"), "{out}");
}

#[test]
fn blank_lines_inside_a_broken_list_are_kept_at_most_one() {
    let src = format!("{{\n  a: 1,\n\n\n  b: 2,\n  {}\n}}", long(6));
    assert!(fmt(&src).starts_with("{\n  a: 1,\n\n  b: 2,\n  field_0"));
}

#[test]
fn source_alignment_is_removed() {
    assert_eq!(
        fmt("{\n  id:       1,\n  name:     2,\n}"),
        "{ id: 1, name: 2 }\n"
    );
}

// ---------------------------------------------------------------- comments

#[test]
fn own_line_comments_stay_before_their_declaration() {
    let src =
        "// header\nmapping m\n\n// a\nlet a = 1\n/* b */\nlet b = 2\n// body\n{ x: a }\n// end\n";
    assert_eq!(fmt(src), src);
}

#[test]
fn trailing_comments_stay_at_the_end_of_their_line_and_break_the_list() {
    assert_eq!(
        fmt("{ a: 1, // one\n b: 2 }"),
        "{\n  a: 1, // one\n  b: 2,\n}\n"
    );
    assert_eq!(fmt("[1, 2 // two\n]"), "[\n  1,\n  2, // two\n]\n");
    assert_eq!(fmt("let a = 1 // one\n$"), "let a = 1 // one\n$\n");
}

#[test]
fn comments_before_fields_arms_and_at_the_end_of_lists() {
    let src = "{\n  // first\n  a: 1,\n\n  /* second */\n  b: match x {\n    // arm\n    _ => 1,\n    // after the arms\n  },\n  // last\n}\n";
    assert_eq!(fmt(src), src);
}

#[test]
fn block_comments_inside_expressions_stay_inline() {
    assert_eq!(fmt("a + /* why */ b"), "a + /* why */ b\n");
    assert_eq!(fmt("f(a /* first */, b)"), "f(a /* first */, b)\n");
}

#[test]
fn comments_in_odd_places_are_kept() {
    let src = "let /* name */ a = 1\nfn f(x, // param\n y) = x\n{ a: f(1, 2) }";
    let out = fmt(src);
    for c in ["/* name */", "// param"] {
        assert_eq!(out.matches(c).count(), 1, "{out}");
    }
}

#[test]
fn comment_markers_inside_strings_and_regexes_are_not_comments() {
    let src = "match $.url {\n  /^https?:\\/\\/x/ => \"// not a comment /* either */\",\n  _ => $['//'],\n}\n";
    assert_eq!(fmt(src), src);
}

#[test]
fn comments_in_test_blocks() {
    let src = "$\n\n// a test\ntest \"t\" {\n  // input\n  given { a: 1 } // inline\n  expect error \"E0401\" // code\n}\n";
    assert_eq!(fmt(src), src);
}

#[test]
fn every_comment_of_every_mapping_is_printed_once() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let mut checked = 0;
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_none_or(|e| e != "map") {
                continue;
            }
            let text = std::fs::read_to_string(file.path()).unwrap_or_default();
            let before = super::comments::comments(&text, &crate::parse(&text).unwrap());
            let out = fmt(&text);
            let after = super::comments::comments(&out, &crate::parse(&out).unwrap());
            let texts = |cs: &[super::comments::Comment]| {
                cs.iter().map(|c| c.text.clone()).collect::<Vec<_>>()
            };
            assert_eq!(texts(&before), texts(&after), "{}", file.path().display());
            checked += 1;
        }
    }
    assert!(checked >= 8);
}

// ---------------------------------------------------------------- errors

#[test]
fn text_that_does_not_parse_gives_the_parsers_diagnostics() {
    let err = format("{ a: }").unwrap_err();
    assert_eq!(err.0[0].code, "E0101");
}

#[test]
fn a_comment_inside_a_computed_key_stays_inside_its_brackets() {
    // Regression (proptest): the comment moved into the RFC filter that
    // follows, where comments are not allowed.
    let src = "$[$.k\n// c13\n][?@.a > 1]\n";
    let out = crate::fmt::format(src).unwrap();
    assert!(crate::parse(&out).is_ok(), "{out}");
    assert!(out.contains("// c13"), "{out}");
    assert_eq!(crate::fmt::format(&out).unwrap(), out);
}
