//! A hostile input corpus through `ferry run`: nesting 100 000 deep, a
//! 100 MB string, numbers no float holds, invalid UTF-8, lone surrogates,
//! byte-order marks, NUL bytes, records cut short, duplicate keys, regexes
//! over 10 MB, mappings that never end. For each: the defined exit status
//! (never a panic or a signal), the error code or the documented
//! behaviour (docs/faults.md, "Hostile input"), and the accounting
//! (records = outputs + failures). Every run is killed after 60 s, which
//! fails the test, and runs in 4 GiB of address space, so a runaway
//! allocation fails the run instead of the machine.

mod common;

use common::{Bounded, Ran, scratch};

/// Address space for each run: far more than any case needs (the 100 MB
/// string peaks near 0.5 GB).
const MEMORY: u64 = 4 << 30;

/// Runs `ferry run -e MAPPING in.EXT --on-error skip` over `input`.
fn hostile(name: &str, file: &str, input: &[u8], mapping: &str) -> Ran {
    let dir = scratch(name);
    std::fs::write(dir.join(file), input).unwrap();
    let ran = Bounded::new(&dir, &["run", "-e", mapping, file, "--on-error", "skip"])
        .memory_limit(MEMORY)
        .run();
    ran.assert_orderly();
    // Some inputs are 100 MB: the scratch directory goes at once.
    let _ = std::fs::remove_dir_all(&dir);
    ran
}

/// One corpus item, one line: the input file (by name, for its format)
/// and its bytes, the mapping, then the exit status, the accounting
/// (records, outputs, failures) and what stdout is (`out`) or what
/// stderr says (`err`, a part of it).
macro_rules! hostile {
    ($name:ident: $file:literal = $input:expr, $mapping:expr => $code:literal, $counts:expr, out $out:expr) => {
        #[test]
        fn $name() {
            let ran = hostile(stringify!($name), $file, &$input, $mapping);
            assert_eq!(ran.code, Some($code), "{}", ran.err);
            assert_eq!(ran.accounting(), $counts, "{}", ran.err);
            assert_eq!(ran.stdout(), $out);
        }
    };
    ($name:ident: $file:literal = $input:expr, $mapping:expr => $code:literal, $counts:expr, err $err:expr) => {
        #[test]
        fn $name() {
            let ran = hostile(stringify!($name), $file, &$input, $mapping);
            assert_eq!(ran.code, Some($code), "{}", ran.err);
            assert_eq!(ran.accounting(), $counts, "{}", ran.err);
            assert!(
                ran.err.contains($err),
                "expected `{}` in:\n{}",
                $err,
                ran.err
            );
        }
    };
}

/// `open` × n, a value, `close` × n.
fn nested(open: &str, inner: &str, close: &str, n: usize) -> Vec<u8> {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n)).into_bytes()
}

/// Good records around `bad`: `{"n":1}`, `bad`, `{"n":3}`.
fn between(bad: &[u8]) -> Vec<u8> {
    [&b"{\"n\":1}\n"[..], bad, b"\n{\"n\":3}\n"].concat()
}

// Nesting: the depth limit (128 levels for JSON, 512 XML elements, YAML's
// parser limit) refuses the record with E0406; no stack overflows.
hostile!(arrays_nested_100_000_deep_fail_with_e0406: "in.ndjson" = nested("[", "", "]", 100_000),
    "$" => 1, (1, 0, 1), err "record 1: E0406: invalid JSON: nesting depth 100000 exceeds the limit of 128");
hostile!(objects_nested_100_000_deep_fail_alone: "in.ndjson" = between(&nested("{\"a\":", "1", "}", 100_000)),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: nesting depth 100000 exceeds the limit of 128");
hostile!(a_json_document_nested_100_000_deep_fails_with_e0406: "in.json" = nested("[", "", "]", 100_000),
    "$" => 1, (1, 0, 1), err "record 1: E0406: invalid JSON: nesting depth 100000");
hostile!(yaml_nested_100_000_deep_fails_with_e0406: "in.yaml" = nested("[", "", "]", 100_000),
    "$" => 1, (1, 0, 1), err "record 1: E0406: line 1, column 256: recursion limit exceeded");
hostile!(xml_nested_100_000_deep_fails_with_e0406: "in.xml" = nested("<a>", "", "</a>", 100_000),
    "$" => 1, (1, 0, 1), err "record 1: E0406: line 1, column 1537: elements nested deeper than 512 levels");

// A 100 MB string is over the 64 MiB string limit: the record fails alone
// with E0509 at the string's pointer; with the limit raised it is read,
// measured and written back whole.
hostile!(a_100_mb_string_is_over_the_string_limit: "in.ndjson" = between(&big_string()[..big_string().len() - 1]),
    "{ n: $.n, len: len($.s) }" => 1, (3, 2, 1), err "record 2: E0509 at /s: a string of 95.4 MiB is over the limit of 64 MiB (--max-string-bytes)");

fn big_string() -> Vec<u8> {
    let mut record = b"{\"s\":\"".to_vec();
    record.extend(b"abcdefghij".iter().cycle().take(100_000_000));
    record.extend_from_slice(b"\"}\n");
    record
}

/// `mapping` over `input` with the string limit raised past 100 MB, and
/// the memory budget, which also bounds the output's size.
fn with_big_strings(name: &str, input: &[u8], mapping: &str) -> Ran {
    let dir = scratch(name);
    std::fs::write(dir.join("in.ndjson"), input).unwrap();
    let ran = Bounded::new(
        &dir,
        &[
            "run",
            "--max-string-bytes",
            "128MiB",
            "--max-memory",
            "256MiB",
            "-e",
            mapping,
            "in.ndjson",
        ],
    )
    .memory_limit(MEMORY)
    .run();
    ran.assert_orderly();
    let _ = std::fs::remove_dir_all(&dir);
    ran
}

#[test]
fn a_100_mb_string_is_mapped_with_the_limit_raised() {
    let ran = with_big_strings(
        "big-mapped",
        &big_string(),
        "{ n: len($.s), head: substring($.s, 0, 3) }",
    );
    assert_eq!(ran.code, Some(0), "{}", ran.err);
    assert_eq!(ran.stdout(), "{\"n\":100000000,\"head\":\"abc\"}\n");
}

#[test]
fn a_100_mb_string_passes_through_unchanged() {
    let input = big_string();
    let ran = with_big_strings("big-passthrough", &input, "$");
    assert_eq!(ran.code, Some(0), "{}", ran.err);
    assert_eq!(ran.accounting(), (1, 1, 0));
    assert!(ran.out == input, "the output is the input, byte for byte");
}

// Numbers pass through exactly as written, whatever they are.
hostile!(numbers_pass_through_as_written: "in.ndjson" = *b"{\"a\":1e400,\"b\":-0,\"c\":1E-7,\"d\":-0.0,\"e\":123456789012345678901234567890}\n",
    "$" => 0, (1, 1, 0), out "{\"a\":1e400,\"b\":-0,\"c\":1E-7,\"d\":-0.0,\"e\":123456789012345678901234567890}\n");
hostile!(numbers_pass_through_csv_inference_as_written: "in.csv" = *b"v\n1e400\n-0\n1E-7\n",
    "input format csv with { infer: true }\n$.v" => 0, (3, 3, 0), out "1e400\n-0\n1E-7\n");
// Arithmetic: 1e400 is beyond every number kind (E0403); -0 computes as 0;
// 1E-7 is the exact decimal 0.0000001.
hostile!(arithmetic_on_1e400_is_out_of_range: "in.ndjson" = *b"{\"a\":1e400}\n",
    "$.a + 0" => 1, (1, 0, 1), err "record 1: E0403 at /a: number 1e400 is out of range");
hostile!(text_of_1e400_is_javascripts: "in.ndjson" = *b"{\"a\":1e400}\n",
    "{ t: type_of($.a), s: string($.a) }" => 0, (1, 1, 0), out "{\"t\":\"number\",\"s\":\"1e+400\"}\n");
hostile!(minus_zero_computes_as_zero: "in.ndjson" = *b"{\"b\":-0,\"d\":-0.0}\n",
    "{ b: $.b + 0, neg: -$.b, d: $.d * 1, zero: $.b == 0, s: string($.b) }" => 0, (1, 1, 0),
    out "{\"b\":0,\"neg\":0,\"d\":0.0,\"zero\":true,\"s\":\"-0\"}\n");
hostile!(an_exponent_computes_as_its_exact_decimal: "in.ndjson" = *b"{\"c\":1E-7}\n",
    "{ c: $.c + 1, s: string($.c), small: $.c < 0.000001 }" => 0, (1, 1, 0),
    out "{\"c\":1.0000001,\"s\":\"0.0000001\",\"small\":true}\n");

// Invalid UTF-8 fails its record alone.
hostile!(invalid_utf8_in_a_string_fails_alone: "in.ndjson" = between(b"{\"s\":\"\xff\xfe\"}"),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid UTF-8 or JSON: invalid unicode code point at line 1 column 7");
hostile!(invalid_utf8_outside_strings_fails_alone: "in.ndjson" = between(b"\xc3\x28"),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid UTF-8 or JSON");
hostile!(invalid_utf8_in_csv_fails_its_row: "in.csv" = *b"s\nok\n\xff\nok\n",
    "$.s" => 1, (3, 2, 1), err "record 3: E0406");
hostile!(invalid_utf8_in_yaml_fails_its_document: "in.yaml" = *b"s: ok\n---\ns: \xff\n---\ns: ok\n",
    "$.s" => 1, (3, 2, 1), err "record 2: E0406: line 3, column 4: the YAML document is not valid UTF-8");
hostile!(invalid_utf8_in_xml_fails_its_record: "in.xml" = *b"<r><o>ok</o><o>\xff</o><o>ok</o></r>",
    "$" => 1, (1, 0, 1), err "record 1: E0406");

// A `\u` escape of half a surrogate pair is not a character.
hostile!(a_lone_high_surrogate_fails_alone: "in.ndjson" = between(br#"{"s":"\ud800"}"#),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: a lone UTF-16 surrogate in a \\u escape");
hostile!(a_lone_low_surrogate_fails_alone: "in.ndjson" = between(br#"{"s":"\udc00x"}"#),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: a lone UTF-16 surrogate in a \\u escape");
hostile!(a_surrogate_pair_is_one_character: "in.ndjson" = *br#"{"s":"\ud83d\ude00"}"#,
    "{ s: $.s, n: len($.s) }" => 0, (1, 1, 0), out "{\"s\":\"😀\",\"n\":1}\n");

// A byte-order mark starts a stream harmlessly; anywhere else it is a
// malformed record.
hostile!(a_bom_starts_ndjson_harmlessly: "in.ndjson" = *b"\xEF\xBB\xBF{\"n\":1}\n",
    "$.n" => 0, (1, 1, 0), out "1\n");
hostile!(a_bom_starts_csv_harmlessly: "in.csv" = *b"\xEF\xBB\xBFn\n1\n",
    "$.n" => 0, (1, 1, 0), out "\"1\"\n");
hostile!(a_second_bom_is_a_malformed_record: "in.ndjson" = *b"\xEF\xBB\xBF\xEF\xBB\xBF{\"n\":1}\n",
    "$.n" => 1, (1, 0, 1), err "record 1: E0406: invalid JSON: expected value at line 1 column 1");

// NUL: a raw NUL is malformed JSON (a control character in a string, or
// no value at all); an escaped one is a character like any other.
hostile!(a_raw_nul_in_a_string_fails_alone: "in.ndjson" = between(b"{\"s\":\"a\x00b\"}"),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 8");
hostile!(a_raw_nul_line_fails_alone: "in.ndjson" = between(b"\x00"),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: expected value at line 1 column 1");
hostile!(a_nul_after_a_record_fails_it: "in.ndjson" = between(b"{\"n\":2}\x00"),
    "$.n" => 1, (3, 2, 1), err "record 2: E0406: invalid JSON: trailing characters at line 1 column 8");
hostile!(an_escaped_nul_is_a_character: "in.ndjson" = *b"{\"s\":\"a\\u0000b\"}\n",
    "{ s: upper($.s), n: len($.s) }" => 0, (1, 1, 0), out "{\"s\":\"A\\u0000B\",\"n\":3}\n");
hostile!(a_nul_in_a_csv_cell_is_text: "in.csv" = *b"s\na\x00b\n",
    "len($.s)" => 0, (1, 1, 0), out "3\n");

// A record cut short by the end of the stream, and a stream of nothing.
hostile!(a_record_cut_short_at_the_end_fails_alone: "in.ndjson" = *b"{\"n\":1}\n{\"n\":2,\"s\":[1,2",
    "$.n" => 1, (2, 1, 1), err "record 2: E0406: invalid JSON: EOF while parsing a list at line 1 column 15");
hostile!(a_csv_quote_never_closed_is_one_last_failure: "in.csv" = *b"s\nok\n\"never closed\n",
    "$.s" => 1, (2, 1, 1), err "record 3: E0406");
hostile!(an_empty_stream_is_zero_records: "in.ndjson" = *b"",
    "$" => 0, (0, 0, 0), out "");

// Duplicate keys: JSON keeps the last value (where the first one stood);
// YAML, CSV headers and XML attributes refuse them; repeated XML elements
// are an array.
hostile!(a_duplicate_json_key_keeps_the_last_value: "in.ndjson" = *b"{\"a\":1,\"b\":0,\"a\":2}\n",
    "{ a: $.a, whole: $, keys: keys($) }" => 0, (1, 1, 0), out "{\"a\":2,\"whole\":{\"a\":2,\"b\":0},\"keys\":[\"a\",\"b\"]}\n");
hostile!(a_duplicate_yaml_key_is_refused: "in.yaml" = *b"a: 1\na: 2\n",
    "$" => 1, (1, 0, 1), err "record 1: E0406: line 2, column 1: duplicate mapping key: a");
hostile!(a_duplicate_csv_column_is_refused: "in.csv" = *b"a,a\n1,2\n",
    "$" => 1, (1, 0, 1), err "E0406: line 1, column 3: the header names `a` twice");
hostile!(a_duplicate_xml_attribute_is_refused: "in.xml" = *b"<r a=\"1\" a=\"2\"/>",
    "$" => 1, (1, 0, 1), err "E0406: line 1, column 1: invalid attribute in <r>");
hostile!(repeated_xml_elements_are_an_array: "in.xml" = *b"<r><a>1</a><a>2</a></r>",
    "$" => 0, (1, 1, 0), out "{\"r\":{\"a\":[\"1\",\"2\"]}}\n");

// Regexes run in linear time: 10 MB is no harder than 10 bytes.
fn ten_mb() -> Vec<u8> {
    format!("{{\"s\":\"{}\"}}\n", "ab".repeat(5_000_000)).into_bytes()
}
hostile!(a_regex_over_10_mb_matches: "in.ndjson" = ten_mb(),
    "{ all: matches($.s, \"^(ab)+$\"), never: matches($.s, \"(a|b)*c\") }" => 0, (1, 1, 0),
    out "{\"all\":true,\"never\":false}\n");
hostile!(a_regex_replace_over_10_mb_completes: "in.ndjson" = ten_mb(),
    "len(regex_replace($.s, \"b+\", \"\"))" => 0, (1, 1, 0), out "5000000\n");
hostile!(a_regex_with_millions_of_matches_hits_the_size_limit: "in.ndjson" = ten_mb(),
    "len(regex_find_all($.s, \"b\"))" => 1, (1, 0, 1), err "E0504: the result would have 1000001 elements");

// Mappings that never end on their own.
hostile!(a_mapping_that_recurses_forever_fails_with_e0503: "in.ndjson" = *b"{}\n{}\n",
    "fn f(x) = f(x + 1)\nf(0)" => 1, (2, 0, 2), err "record 1: E0503: function calls nested deeper than 200");

/// A record whose mapping only a work or memory budget can stop: the run
/// must fail it with E0505 or E0506 and go on.
fn stopped_by_a_budget(name: &str, mapping: &str) {
    let ran = hostile(name, "in.ndjson", b"{\"n\":1}\n", mapping);
    assert_eq!(ran.code, Some(1), "{}", ran.err);
    assert_eq!(ran.accounting(), (1, 0, 1));
    assert!(
        ran.err.contains("record 1: E0505") || ran.err.contains("record 1: E0506"),
        "{}",
        ran.err
    );
}

#[test]
fn a_mapping_building_an_exponential_output_is_stopped_by_a_budget() {
    // 2^40 leaves: memory runs out long before the time limit (the 4 GiB
    // address space caps it; without it this takes the machine's memory).
    stopped_by_a_budget(
        "exponential",
        "fn t(n) = if n == 0 then [] else [t(n - 1), t(n - 1)]\nt(40)",
    );
}

#[test]
fn a_mapping_building_a_quadratic_string_is_stopped_by_a_budget() {
    // A million prepends, each copying the string so far: terabytes of
    // copying in megabytes of memory.
    stopped_by_a_budget(
        "quadratic",
        "reduce(range(0, 1000000), \"\", (acc, i) -> \"${i}${acc}\")",
    );
}

#[test]
fn a_table_file_of_1_gb_is_refused_by_its_size() {
    let dir = scratch("big-table");
    // Sparse: 1 GB long, no disk used.
    let table = std::fs::File::create(dir.join("codes.csv")).unwrap();
    table.set_len(1 << 30).unwrap();
    std::fs::write(
        dir.join("m.map"),
        "table codes from \"codes.csv\"\n{ code: codes[$.c] }\n",
    )
    .unwrap();
    std::fs::write(dir.join("in.ndjson"), "{\"c\":\"x\"}\n").unwrap();
    let ran = Bounded::new(&dir, &["run", "m.map", "in.ndjson"])
        .memory_limit(MEMORY)
        .run();
    ran.assert_orderly();
    // Refused when the mapping compiles, before a record is read.
    assert_eq!(ran.code, Some(1), "{}", ran.err);
    assert!(ran.err.contains("E0510"), "{}", ran.err);
    assert_eq!(ran.stdout(), "");
}
