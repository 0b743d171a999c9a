//! The payload formats end to end (docs/formats.md): choosing the input
//! and output format (flag, extension, declaration), format options from
//! the header and the command line, CSV/TSV, XML and YAML reading and
//! writing, positioned errors, dead letters, round trips and the
//! accounting `records read = outputs + failures`.

mod common;

use std::path::{Path, PathBuf};

use common::{ferry, ferry_in, files, read};

/// The example mappings of the repository.
fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mappings")
        .join(name)
}

/// `ferry: N records read, M outputs, K failures` with the plurals.
fn accounting(records: u64, outputs: u64, failures: u64) -> String {
    let s = |n: u64| if n == 1 { "" } else { "s" };
    format!(
        "ferry: {records} record{} read, {outputs} output{}, {failures} failure{}\n",
        s(records),
        s(outputs),
        s(failures)
    )
}

const STOPPED: &str = " (stopped at the first failure; --on-error skip goes on)";

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

// ---------------------------------------------------------------- selection

#[test]
fn the_input_format_follows_the_file_extension() {
    let dir = files(
        "formats-ext",
        &[
            ("a.csv", b"id,name\n1,a\n2,b\n"),
            ("a.tsv", b"id\tname\n1\ta b\n"),
            ("a.yaml", b"id: 1\nname: a\n---\nid: 2\n"),
            ("a.yml", b"id: 1\nname: NO\n"),
            ("a.xml", b"<r><id>1</id><name>a</name></r>"),
            ("a.jsonl", b"{\"id\":1}\n\n{\"id\":2}\n"),
        ],
    );
    let cases: &[(&str, &str, u64)] = &[
        (
            "a.csv",
            "{\"id\":\"1\",\"name\":\"a\"}\n{\"id\":\"2\",\"name\":\"b\"}\n",
            2,
        ),
        ("a.tsv", "{\"id\":\"1\",\"name\":\"a b\"}\n", 1),
        ("a.yaml", "{\"id\":1,\"name\":\"a\"}\n{\"id\":2}\n", 2),
        ("a.yml", "{\"id\":1,\"name\":\"NO\"}\n", 1),
        ("a.xml", "{\"r\":{\"id\":\"1\",\"name\":\"a\"}}\n", 1),
        ("a.jsonl", "{\"id\":1}\n{\"id\":2}\n", 2),
    ];
    for (file, expected, n) in cases {
        let (code, out, err) = ferry_in(&dir, &["run", "-e", "$", file], "");
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(out, *expected, "{file}");
        assert_eq!(err, accounting(*n, *n, 0), "{file}");
    }
}

#[test]
fn from_names_the_format_of_stdin() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("csv", b"id,name\n1,a\n", "{\"id\":\"1\",\"name\":\"a\"}\n"),
        (
            "tsv",
            b"id\tname\n1\ta,b\n",
            "{\"id\":\"1\",\"name\":\"a,b\"}\n",
        ),
        ("yaml", b"id: 1\n", "{\"id\":1}\n"),
        (
            "xml",
            b"<r a=\"1\">t</r>",
            "{\"r\":{\"@a\":\"1\",\"#text\":\"t\"}}\n",
        ),
        ("ndjson", b"{\"id\":1}\n", "{\"id\":1}\n"),
    ];
    for (format, input, expected) in cases {
        let (code, out, err) = ferry(&["run", "-e", "$", "--from", format], input);
        assert_eq!(code, 0, "{format}: {err}");
        assert_eq!(out, *expected, "{format}");
        assert_eq!(err, accounting(1, 1, 0), "{format}");
    }
    // --from wins over the extension: a `.csv` file read as TSV.
    let dir = files("formats-from-ext", &[("t.csv", b"a\tb\n1\t2\n")]);
    let (code, out, _) = ferry_in(&dir, &["run", "-e", "$", "t.csv", "--from", "tsv"], "");
    assert_eq!((code, out.as_str()), (0, "{\"a\":\"1\",\"b\":\"2\"}\n"));
}

#[test]
fn the_output_format_follows_o_then_to() {
    let dir = files(
        "formats-out",
        &[(
            "in.ndjson",
            b"{\"id\":\"1\",\"n\":2}\n{\"id\":\"2\",\"n\":3}\n",
        )],
    );
    let cases: &[(&str, &str)] = &[
        ("out.csv", "id,n\n1,2\n2,3\n"),
        ("out.tsv", "id\tn\n1\t2\n2\t3\n"),
        (
            "out.yml",
            "---\nid: \"1\"\n\"n\": 2\n---\nid: \"2\"\n\"n\": 3\n",
        ),
        (
            "out.jsonl",
            "{\"id\":\"1\",\"n\":2}\n{\"id\":\"2\",\"n\":3}\n",
        ),
        (
            "out.txt",
            "{\"id\":\"1\",\"n\":2}\n{\"id\":\"2\",\"n\":3}\n",
        ),
    ];
    for (file, expected) in cases {
        let (code, out, err) = ferry_in(&dir, &["run", "-e", "$", "in.ndjson", "-o", file], "");
        assert_eq!((code, out.as_str()), (0, ""), "{file}: {err}");
        assert_eq!(err, accounting(2, 2, 0), "{file}");
        assert_eq!(read(&dir, file), *expected, "{file}");
    }
    // --to on stdout; and --to wins over -o's extension.
    let (code, out, _) = ferry_in(&dir, &["run", "-e", "$", "in.ndjson", "--to", "tsv"], "");
    assert_eq!((code, out.as_str()), (0, "id\tn\n1\t2\n2\t3\n"));
    let (code, _, _) = ferry_in(
        &dir,
        &["run", "-e", "$", "in.ndjson", "-o", "x.json", "--to", "csv"],
        "",
    );
    assert_eq!(
        (code, read(&dir, "x.json").as_str()),
        (0, "id,n\n1,2\n2,3\n")
    );
}

const SEMI_MAP: &[u8] = b"mapping semi version \"1.0.0\"
input format csv with { delimiter: \";\" }
output format tsv
{ id: $.id, name: $.name }
";

#[test]
fn the_declared_formats_apply_when_nothing_else_says() {
    let dir = files(
        "formats-declared",
        &[
            ("semi.map", SEMI_MAP),
            ("in.txt", b"id;name\n1;a\n2;b c\n"),
            ("in.csv", b"id;name\n1;a\n"),
        ],
    );
    // stdin, an extension that names no format, and `.csv` (the declared
    // format, so its options apply too).
    let (code, out, err) = ferry_in(&dir, &["run", "semi.map"], "id;name\n1;a\n2;b c\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "id\tname\n1\ta\n2\tb c\n");
    assert_eq!(err, accounting(2, 2, 0));
    let (code, out, _) = ferry_in(&dir, &["run", "semi.map", "in.txt"], "");
    assert_eq!((code, out.as_str()), (0, "id\tname\n1\ta\n2\tb c\n"));
    let (code, out, _) = ferry_in(&dir, &["run", "semi.map", "in.csv"], "");
    assert_eq!((code, out.as_str()), (0, "id\tname\n1\ta\n"));
    // -o with an extension that names no format: still the declaration.
    let (code, _, err) = ferry_in(&dir, &["run", "semi.map", "in.txt", "-o", "out.txt"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&dir, "out.txt"), "id\tname\n1\ta\n2\tb c\n");
}

#[test]
fn flags_override_the_declaration() {
    let dir = files(
        "formats-override",
        &[("semi.map", SEMI_MAP), ("in.txt", b"id;name\n1;a\n")],
    );
    let (code, out, _) = ferry_in(&dir, &["run", "semi.map", "in.txt", "--to", "ndjson"], "");
    assert_eq!((code, out.as_str()), (0, "{\"id\":\"1\",\"name\":\"a\"}\n"));
    let (code, _, _) = ferry_in(&dir, &["run", "semi.map", "in.txt", "-o", "o.json"], "");
    assert_eq!(
        (code, read(&dir, "o.json").as_str()),
        (0, "{\"id\":\"1\",\"name\":\"a\"}\n")
    );
    let (code, out, _) = ferry_in(
        &dir,
        &["run", "semi.map", "--from", "ndjson"],
        "{\"id\":7,\"name\":\"z\"}\n",
    );
    assert_eq!((code, out.as_str()), (0, "id\tname\n7\tz\n"));
    // --input-option over the declared delimiter.
    let (code, out, err) = ferry_in(
        &dir,
        &["run", "semi.map", "--input-option", "delimiter=|"],
        "id|name\n1|a;b\n",
    );
    assert_eq!((code, out.as_str()), (0, "id\tname\n1\ta;b\n"), "{err}");
    // The declared CSV options do not apply to another format: TSV keeps
    // its tab.
    let (code, out, _) = ferry_in(
        &dir,
        &["run", "semi.map", "--from", "tsv"],
        "id\tname\n1\ta;b\n",
    );
    assert_eq!((code, out.as_str()), (0, "id\tname\n1\ta;b\n"));
    // --input-option over a declared `infer: true`.
    let dir = files(
        "formats-override-infer",
        &[(
            "m.map",
            b"input format csv with { infer: true }\n{ n: $.n }\n" as &[u8],
        )],
    );
    let (code, out, _) = ferry_in(&dir, &["run", "m.map"], "n\n007\n42\n");
    assert_eq!((code, out.as_str()), (0, "{\"n\":\"007\"}\n{\"n\":42}\n"));
    let (code, out, _) = ferry_in(
        &dir,
        &["run", "m.map", "--input-option", "infer=false"],
        "n\n42\n",
    );
    assert_eq!((code, out.as_str()), (0, "{\"n\":\"42\"}\n"));
}

#[test]
fn a_bad_option_on_the_command_line_is_a_usage_error() {
    let dir = files("formats-bad-option", &[("a.csv", b"id\n1\n")]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--input-option", "delimiter=;;"],
            "error: --input-option delimiter=;;: option `delimiter` is one ASCII character, such as \";\" or \"\\t\"\n",
        ),
        (
            &["--input-option", "delimeter=;"],
            "error: --input-option delimeter=;: unknown csv option `delimeter`; did you mean `delimiter`?\n",
        ),
        (
            &["--input-option", "root=X"],
            "error: --input-option root=X: unknown csv option `root`; csv takes `delimiter`, `quote`, `escape`, `header`, `columns`, `infer`, `empty`, `decimal_comma`, `flatten`\n",
        ),
        (
            &["--input-option", "infer=maybe"],
            "error: --input-option infer=maybe: option `infer` is true or false, not `maybe`\n",
        ),
        (
            &["--input-option", "delimiter"],
            "error: --input-option is NAME=VALUE, not `delimiter`\n",
        ),
        (
            &["--output-option", "flatten=."],
            "error: --output-option flatten=.: unknown ndjson option `flatten`; ndjson takes no options\n",
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["run", "-e", "$", "a.csv"];
        args.extend_from_slice(flags);
        let (code, out, err) = ferry_in(&dir, &args, "");
        assert_eq!((code, out.as_str()), (2, ""), "{flags:?}: {err}");
        assert_eq!(err, *message, "{flags:?}");
    }
}

#[test]
fn an_unknown_format_name_is_a_usage_error() {
    for flag in ["--from", "--to"] {
        let (code, out, err) = ferry(&["run", "-e", "$", flag, "parquet"], "{}\n");
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(
            err.starts_with(&format!(
                "error: invalid value 'parquet' for '{flag} <FORMAT>': unknown format `parquet`; the formats are json, ndjson, yaml, csv, tsv, xml\n"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_bad_declared_option_is_e0311_with_a_suggestion() {
    let dir = files(
        "formats-e0311",
        &[
            (
                "bad.map",
                b"mapping bad version \"1.0.0\"\ninput format csv with { delimeter: \";\" }\n{ id: $.id }\n",
            ),
            (
                "fmt.map",
                b"mapping bad version \"1.0.0\"\ninput format parquet\n{ id: $.id }\n",
            ),
            ("a.csv", b"id\n1\n"),
        ],
    );
    let (code, out, err) = ferry_in(&dir, &["run", "bad.map", "a.csv"], "");
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.starts_with("E0311\n"), "{err}");
    assert!(
        err.contains("× unknown csv option `delimeter`; did you mean `delimiter`?"),
        "{err}"
    );
    assert!(err.contains("[bad.map:2:23]"), "{err}");
    assert!(!err.contains("records read"), "nothing is read: {err}");
    let (code, _, err) = ferry_in(&dir, &["check", "bad.map"], "");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("E0311") && err.contains("did you mean `delimiter`?"),
        "{err}"
    );
    let (code, _, err) = ferry_in(&dir, &["run", "fmt.map", "a.csv"], "");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("× unknown format `parquet`")
            && err.contains("help: the formats are json, ndjson, yaml, csv, tsv, xml"),
        "{err}"
    );
}

// ---------------------------------------------------------------- CSV / TSV

const MIXED_CSV: &[u8] = b"id,name,qty\n1,a,3\n2,b\n3,\"c, d\",5\n4,e,6,7\n";

#[test]
fn a_row_with_the_wrong_number_of_fields_fails_alone() {
    let dir = files("formats-csv-short", &[("in.csv", MIXED_CSV)]);
    let map = "{ id: $.id, name: $.name }";
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            map,
            "in.csv",
            "--on-error",
            "skip",
            "--dead-letter",
            "dead.ndjson",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "{\"id\":\"1\",\"name\":\"a\"}\n{\"id\":\"3\",\"name\":\"c, d\"}\n"
    );
    assert_eq!(
        err,
        "error: record 3: E0406: line 3, column 1: row has 2 fields, the header has 3\n\
         error: record 5: E0406: line 5, column 1: row has 4 fields, the header has 3\n"
            .to_owned()
            + &accounting(4, 2, 2)
    );
    assert_eq!(
        read(&dir, "dead.ndjson"),
        "{\"record\":3,\"error\":{\"record\":3,\"code\":\"E0406\",\"message\":\"line 3, column 1: row has 2 fields, the header has 3\"},\"input_text\":\"2,b\"}\n\
         {\"record\":5,\"error\":{\"record\":5,\"code\":\"E0406\",\"message\":\"line 5, column 1: row has 4 fields, the header has 3\"},\"input_text\":\"4,e,6,7\"}\n"
    );
    // Without skip the run stops at the first bad row.
    let (code, out, err) = ferry_in(&dir, &["run", "-e", map, "in.csv"], "");
    assert_eq!((code, out.as_str()), (1, "{\"id\":\"1\",\"name\":\"a\"}\n"));
    assert_eq!(
        err,
        format!(
            "error: record 3: E0406: line 3, column 1: row has 2 fields, the header has 3\nferry: 2 records read, 1 output, 1 failure{STOPPED}\n"
        )
    );
    // The example mapping's case: semicolons, decimal commas, declared.
    let m = example("partner_csv");
    let (code, out, err) = ferry(
        &[
            "run",
            &m.join("partner_csv.map").display().to_string(),
            &m.join("cases/short_row.in.csv").display().to_string(),
            "--on-error",
            "skip",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        std::fs::read_to_string(m.join("cases/short_row.out.json")).unwrap()
    );
    assert_eq!(
        err,
        "error: record 3: E0406: line 3, column 1: row has 6 fields, the header has 9\n".to_owned()
            + &accounting(3, 2, 1)
    );
}

#[test]
fn the_dead_letter_holds_a_multi_line_csv_row_exactly() {
    let dir = files(
        "formats-csv-dead-multiline",
        &[(
            "in.csv",
            b"id,name\r\n1,a\r\n3,\"multi\r\nline\",9\r\n4,b\r\n",
        )],
    );
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "in.csv",
            "--on-error",
            "skip",
            "--dead-letter",
            "dead.ndjson",
        ],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "{\"id\":\"1\",\"name\":\"a\"}\n{\"id\":\"4\",\"name\":\"b\"}\n"
    );
    assert!(
        err.starts_with(
            "error: record 3: E0406: line 3, column 1: row has 3 fields, the header has 2\n"
        ),
        "{err}"
    );
    // The row after the multi-line cell is counted from its real line.
    let lines = json_lines(&read(&dir, "dead.ndjson"));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["record"], 3);
    assert_eq!(lines[0]["input_text"], "3,\"multi\r\nline\",9");
    assert!(lines[0].get("input").is_none());
}

#[test]
fn the_dead_letter_holds_a_json_looking_csv_row_as_text() {
    let dir = files(
        "formats-csv-dead-json-looking",
        &[("in.csv", b"id,name\n42\n\"x\"\n  7  \n1,a\n")],
    );
    let (code, out, _) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "in.csv",
            "--on-error",
            "skip",
            "--dead-letter",
            "dead.ndjson",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, "{\"id\":\"1\",\"name\":\"a\"}\n"));
    let lines = json_lines(&read(&dir, "dead.ndjson"));
    let texts: Vec<&serde_json::Value> = lines.iter().map(|l| &l["input_text"]).collect();
    assert_eq!(texts, ["42", "\"x\"", "  7  "], "{lines:?}");
}

#[test]
fn tsv_and_headerless_csv_are_read() {
    let (code, out, err) = ferry(
        &["run", "-e", "$", "--from", "tsv"],
        "a\tb\n1\t\"x\ty\"\n2\tp,q\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "{\"a\":\"1\",\"b\":\"x\\ty\"}\n{\"a\":\"2\",\"b\":\"p,q\"}\n"
    );
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "$",
            "--from",
            "csv",
            "--input-option",
            "header=false",
            "--input-option",
            "columns=a,b",
        ],
        "1,2\n3,4\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "{\"a\":\"1\",\"b\":\"2\"}\n{\"a\":\"3\",\"b\":\"4\"}\n"
    );
    assert_eq!(err, accounting(2, 2, 0));
    // A tab delimiter for CSV, by name.
    let (code, out, _) = ferry(
        &[
            "run",
            "-e",
            "$",
            "--from",
            "csv",
            "--input-option",
            "delimiter=tab",
        ],
        "a\tb\n1\t2\n",
    );
    assert_eq!((code, out.as_str()), (0, "{\"a\":\"1\",\"b\":\"2\"}\n"));
}

#[test]
fn headerless_csv_without_columns_is_a_usage_error() {
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "$",
            "--from",
            "csv",
            "--input-option",
            "header=false",
        ],
        "1,2\n3,4\n",
    );
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("columns"), "{err}");
    assert!(!err.contains("records read"), "nothing was read: {err}");
}

#[test]
fn csv_columns_follow_the_mapping_key_order() {
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ z: $.b, a: $.a, m: $.c, n: null }",
            "--to",
            "csv",
        ],
        "{\"a\":1,\"b\":\"x\",\"c\":true}\n{\"a\":2.50,\"c\":false}\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "z,a,m,n\nx,1,true,\n,2.50,false,\n");
    // The example report: a comprehension of an object literal, quoting
    // where needed.
    let m = example("orders_report");
    let (code, out, err) = ferry(
        &[
            "run",
            &m.join("orders_report.map").display().to_string(),
            &m.join("cases/daily.in.json").display().to_string(),
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        std::fs::read_to_string(m.join("cases/daily.out.csv")).unwrap()
    );
    // `columns` chooses and orders them; a member outside them fails.
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "$",
            "--to",
            "csv",
            "--output-option",
            "columns=total,id,extra",
            "--on-error",
            "skip",
        ],
        "{\"id\":1,\"total\":2}\n{\"id\":3,\"x\":4}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(out, "total,id,extra\n2,1,\n");
    assert_eq!(
        err,
        "error: record 2: E0410: /x: column `x` is not in the header\n".to_owned()
            + &accounting(2, 1, 1)
    );
}

#[test]
fn a_nested_value_in_csv_output_is_e0410_and_nothing_of_it_is_written() {
    let input = "{\"id\":1,\"c\":{\"n\":\"A\"}}\n{\"id\":2,\"c\":\"flat\"}\n{\"id\":3,\"c\":[1]}\n";
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ id: $.id, customer: $.c }",
            "--to",
            "csv",
            "--on-error",
            "skip",
        ],
        input,
    );
    assert_eq!(code, 1);
    assert_eq!(out, "id,customer\n2,flat\n");
    assert_eq!(
        err,
        "error: record 1: E0410: /customer: a CSV cell cannot hold an object; flatten it (option flatten) or map it to text\n\
         error: record 3: E0410: /customer: a CSV cell cannot hold an array; map it to text, or output one row per element\n"
            .to_owned()
            + &accounting(3, 1, 2)
    );
    // An array output is one row per element, all or nothing: the good
    // first row of the failing record is not written either.
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "[for r in $.rows => { k: r.k }]",
            "--to",
            "csv",
            "--on-error",
            "skip",
        ],
        "{\"rows\":[{\"k\":\"a1\"},{\"k\":{\"x\":1}}]}\n{\"rows\":[{\"k\":\"b1\"},{\"k\":\"b2\"}]}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(out, "k\nb1\nb2\n");
    assert_eq!(
        err,
        "error: record 1: E0410: /1/k: a CSV cell cannot hold an object; flatten it (option flatten) or map it to text\n"
            .to_owned()
            + &accounting(2, 1, 1)
    );
}

#[test]
fn a_failed_first_output_does_not_choose_the_csv_columns() {
    let (code, out, err) = ferry(
        &["run", "-e", "$", "--to", "csv", "--on-error", "skip"],
        "{\"p\":{\"y\":1}}\n{\"q\":1}\n",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "q\n1\n", "{err}");
    assert!(err.ends_with(&accounting(2, 1, 1)), "{err}");
}

#[test]
fn flatten_writes_nested_objects_as_dotted_columns() {
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ id: $.id, customer: { name: $.n, address: { city: $.c } } }",
            "--to",
            "csv",
            "--output-option",
            "flatten=.",
        ],
        "{\"id\":1,\"n\":\"A\",\"c\":\"Porto\"}\n{\"id\":2,\"n\":\"B, C\"}\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "id,customer.name,customer.address.city\n1,A,Porto\n2,\"B, C\",\n"
    );
}

#[test]
fn json_to_csv_to_json_keeps_flat_string_records() {
    let records = "{\"id\":\"1\",\"text\":\"plain\",\"note\":\"\"}\n\
        {\"id\":\"2\",\"text\":\"comma, here\",\"note\":\"quote \\\" inside\"}\n\
        {\"id\":\"3\",\"text\":\" lead and trail \",\"note\":\"line1\\nline2\"}\n\
        {\"id\":\"4\",\"text\":\"crlf\\r\\nend\",\"note\":\"\\ttab\"}\n\
        {\"id\":\"5\",\"text\":\"\\\"starts quoted\\\"\",\"note\":\"é ✓ 😀\"}\n\
        {\"id\":\"\",\"text\":\"\",\"note\":\"\"}\n\
        {\"id\":\"007\",\"text\":\"true\",\"note\":\"null\"}\n";
    let dir = files(
        "formats-csv-round-trip",
        &[("in.ndjson", records.as_bytes())],
    );
    let (code, _, err) = ferry_in(&dir, &["run", "-e", "$", "in.ndjson", "-o", "mid.csv"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&dir, "mid.csv"),
        "id,text,note\n1,plain,\n2,\"comma, here\",\"quote \"\" inside\"\n\
         3,\" lead and trail \",\"line1\nline2\"\n4,\"crlf\r\nend\",\"\ttab\"\n\
         5,\"\"\"starts quoted\"\"\",é ✓ 😀\n,,\n007,true,null\n"
    );
    let (code, out, err) = ferry_in(&dir, &["run", "-e", "$", "mid.csv"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, records);
    // A one-column row whose only field is empty is quoted, so it is not
    // a blank line (which would not be a record).
    let (code, out, _) = ferry(
        &["run", "-e", "$", "--to", "csv"],
        "{\"a\":\"x\"}\n{\"a\":\"\"}\n",
    );
    assert_eq!((code, out.as_str()), (0, "a\nx\n\"\"\n"));
    let (code, back, _) = ferry(&["run", "-e", "$", "--from", "csv"], &out);
    assert_eq!((code, back.as_str()), (0, "{\"a\":\"x\"}\n{\"a\":\"\"}\n"));
}

#[test]
fn records_read_equal_outputs_plus_failures_for_a_mixed_csv() {
    // Rows at lines 2, 3, 5, 6 (two lines), 8, 9, 10, 11; line 4 is blank.
    let dir = files(
        "formats-csv-accounting",
        &[(
            "in.csv",
            b"id,qty\n1,2\n2\n\n3,\"x\"\n4,\"multi\nline\"\n5,\xff\xfe\n6,7,8\n7,8\n8,\"never closes\n9,1\n",
        )],
    );
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "{ id: $.id, qty: number($.qty) }",
            "in.csv",
            "--on-error",
            "skip",
            "-o",
            "out.ndjson",
            "--errors",
            "errors.ndjson",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, accounting(8, 2, 6));
    let outputs = read(&dir, "out.ndjson");
    assert_eq!(
        outputs,
        "{\"id\":\"1\",\"qty\":2}\n{\"id\":\"7\",\"qty\":8}\n"
    );
    let errors = json_lines(&read(&dir, "errors.ndjson"));
    assert_eq!(outputs.lines().count() + errors.len(), 8);
    let got: Vec<(u64, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["record"].as_u64().unwrap(),
                e["code"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                3,
                "E0406",
                "line 3, column 1: row has 1 field, the header has 2"
            ),
            (5, "E0404", "string \"x\" is not a number"),
            (6, "E0404", "string \"multi\\nline\" is not a number"),
            (
                8,
                "E0406",
                "line 8, column 3: invalid UTF-8 (the input must be UTF-8 text)"
            ),
            (
                9,
                "E0406",
                "line 9, column 1: row has 3 fields, the header has 2"
            ),
            (
                11,
                "E0406",
                "line 11, column 3: quoted field never closes (a quote is missing)"
            ),
        ]
    );
}

// ---------------------------------------------------------------- XML

const ORDERS_XML: &[u8] = br#"<?xml version="1.0"?>
<o:Orders xmlns:o="urn:x">
  <o:Order id="1"><o:Total>5</o:Total></o:Order>
  <o:Order id="2"><o:Total>6</o:Tot></o:Order>
  <o:Order id="3"><o:Total>7</o:Total></o:Order>
</o:Orders>
"#;

#[test]
fn xml_record_streams_each_element_and_a_malformed_one_fails_alone() {
    let dir = files("formats-xml-record", &[("orders.xml", ORDERS_XML)]);
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "{ id: $['@id'], total: number($['o:Total']) }",
            "orders.xml",
            "--xml-record",
            "o:Orders/o:Order",
            "--input-option",
            "namespaces=o=urn:x",
            "--on-error",
            "skip",
            "--dead-letter",
            "dead.ndjson",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "{\"id\":\"1\",\"total\":5}\n{\"id\":\"3\",\"total\":7}\n"
    );
    assert_eq!(
        err,
        "error: record 4: E0406: line 4, column 29: mismatched closing tag </o:Tot>, expected </o:Total>\n"
            .to_owned()
            + &accounting(3, 2, 1)
    );
    let dead = json_lines(&read(&dir, "dead.ndjson"));
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["record"], 4);
    assert!(
        dead[0]["input_text"]
            .as_str()
            .unwrap()
            .ends_with("<o:Order id=\"2\"><o:Total>6</o:Tot></o:Order>"),
        "{}",
        dead[0]
    );
    // --xml-record is --input-option record=PATH.
    let (code, out, _) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$['@id']",
            "orders.xml",
            "--input-option",
            "record=o:Orders/o:Order",
            "--input-option",
            "namespaces=o=urn:x",
            "--on-error",
            "skip",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, "\"1\"\n\"3\"\n"));
}

#[test]
fn namespaces_are_given_by_uri_and_repeatable() {
    let doc: &[u8] = br#"<a:Batch xmlns:a="urn:batch" xmlns:b="urn:item">
  <a:Item><b:Name>x</b:Name></a:Item>
  <a:Item><b:Name>y</b:Name></a:Item>
</a:Batch>
"#;
    let dir = files("formats-xml-ns", &[("ns.xml", doc)]);
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "{ name: $['i:Name'] }",
            "ns.xml",
            "--xml-record",
            "o:Batch/o:Item",
            "--input-option",
            "namespaces=o=urn:batch",
            "--input-option",
            "namespaces=i=urn:item",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "{\"name\":\"x\"}\n{\"name\":\"y\"}\n");
    assert_eq!(err, accounting(2, 2, 0));
    // Whole document: the mapping's prefixes, whatever the document's are;
    // an undeclared namespace is spelled `{uri}name`.
    let (code, out, _) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "ns.xml",
            "--input-option",
            "namespaces=o=urn:batch",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "{\"o:Batch\":{\"o:Item\":[{\"{urn:item}Name\":\"x\"},{\"{urn:item}Name\":\"y\"}]}}\n"
    );
    // The example mapping declares its namespaces; the document uses other
    // prefixes.
    let m = example("soap_order");
    let (code, out, err) = ferry(
        &[
            "run",
            &m.join("soap_order.map").display().to_string(),
            &m.join("cases/one_line_other_prefixes.in.xml")
                .display()
                .to_string(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        std::fs::read_to_string(m.join("cases/one_line_other_prefixes.out.json")).unwrap()
    );
}

#[test]
fn an_undeclared_record_prefix_is_a_usage_error() {
    let dir = files("formats-xml-undeclared", &[("orders.xml", ORDERS_XML)]);
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "orders.xml",
            "--xml-record",
            "o:Orders/o:Order",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("namespaces"), "{err}");
    assert!(!err.contains("records read"), "nothing was read: {err}");
}

#[test]
fn xml_output_wraps_records_in_root_and_element() {
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ \"@id\": $.id, Name: $.name }",
            "--to",
            "xml",
            "--output-option",
            "root=Orders",
            "--output-option",
            "element=Order",
        ],
        "{\"id\":\"1\",\"name\":\"A & B\"}\n{\"id\":\"2\",\"name\":\"<c>\"}\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Orders>\n  <Order id=\"1\">\n    <Name>A &amp; B</Name>\n  </Order>\n  <Order id=\"2\">\n    <Name>&lt;c&gt;</Name>\n  </Order>\n</Orders>\n"
    );
    assert_eq!(err, accounting(2, 2, 0));
    // Without root and element, an output must be one root element.
    let (code, _, err) = ferry(&["run", "-e", "$", "--to", "xml"], "{\"a\":1,\"b\":2}\n");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "error: record 1: E0410: (the output): an XML output is an object with one member, its root element (or give the options root and element)\nferry: 1 record read, 0 outputs, 1 failure{STOPPED}\n"
        )
    );
    // The example: declared root/element in a namespace; a bad element
    // name fails its record only.
    let m = example("shipment_xml");
    let dir = common::scratch("formats-xml-out");
    let (code, _, err) = ferry_in(
        &dir,
        &[
            "run",
            &m.join("shipment_xml.map").display().to_string(),
            &m.join("cases/events.in.ndjson").display().to_string(),
            "--on-error",
            "skip",
            "-o",
            "out.xml",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        read(&dir, "out.xml"),
        std::fs::read_to_string(m.join("cases/events.out.xml")).unwrap()
    );
    assert_eq!(
        err,
        "error: record 3: E0410: /c:Parcel/0/c:Content/1st choice: `1st choice` is not an XML element name\n"
            .to_owned()
            + &accounting(3, 2, 1)
    );
}

#[test]
fn an_xxe_document_is_refused_with_e0406() {
    let m = example("soap_order");
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "$",
            &m.join("cases/external_entity.in.xml").display().to_string(),
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "error: record 1: E0406: line 2, column 1: external entities are not allowed (entity `xxe` is declared SYSTEM in the DOCTYPE); documents are never read from files or the network\nferry: 1 record read, 0 outputs, 1 failure{STOPPED}\n"
        )
    );
    // Streamed, too, and a PUBLIC or parameter entity alike.
    let dir = files(
        "formats-xxe",
        &[
            (
                "stream.xml",
                b"<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<r><i>&xxe;</i><i>b</i></r>\n",
            ),
            (
                "pe.xml",
                b"<!DOCTYPE r [ <!ENTITY % p SYSTEM \"http://example.com/x.dtd\"> %p; ]>\n<r>x</r>\n",
            ),
            (
                "pub.xml",
                b"<!DOCTYPE r [ <!ENTITY x PUBLIC \"-//X//Y\" \"http://example.com/x\"> ]>\n<r>&x;</r>\n",
            ),
        ],
    );
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "stream.xml",
            "--xml-record",
            "r/i",
            "--on-error",
            "skip",
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("E0406: line 2, column 1: external entities are not allowed"),
        "{err}"
    );
    for (file, kind) in [
        ("pe.xml", "`p` is declared SYSTEM"),
        ("pub.xml", "`x` is declared PUBLIC"),
    ] {
        let (code, out, err) = ferry_in(&dir, &["run", "-e", "$", file], "");
        assert_eq!((code, out.as_str()), (1, ""), "{file}");
        assert!(
            err.contains("E0406: line 1, column 1: external entities are not allowed (entity ")
                && err.contains(kind),
            "{file}: {err}"
        );
    }
}

// ---------------------------------------------------------------- YAML

#[test]
fn yaml_stdin_is_a_stream_of_documents_and_no_stays_a_string() {
    let (code, out, err) = ferry(
        &["run", "-e", "$", "--from", "yaml"],
        "a: 1\ncountry: NO\n---\na: 2\nc: yes\nd: ~\n...\n---\n- x\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "{\"a\":1,\"country\":\"NO\"}\n{\"a\":2,\"c\":\"yes\",\"d\":null}\n[\"x\"]\n"
    );
    assert_eq!(err, accounting(3, 3, 0));
    // A malformed document fails alone; its dead letter is the document.
    let dir = common::scratch("formats-yaml-bad");
    let (code, out, err) = ferry_in(
        &dir,
        &[
            "run",
            "-e",
            "$",
            "--from",
            "yaml",
            "--on-error",
            "skip",
            "--dead-letter",
            "dead.ndjson",
        ],
        "a: 1\n---\na: [2, bad\n---\na: 3\n",
    );
    assert_eq!(code, 1);
    assert_eq!(out, "{\"a\":1}\n{\"a\":3}\n");
    assert_eq!(
        err,
        "error: record 2: E0406: line 3, column 4: unclosed bracket '['\n".to_owned()
            + &accounting(3, 2, 1)
    );
    let dead = json_lines(&read(&dir, "dead.ndjson"));
    assert_eq!(dead[0]["input_text"], "---\na: [2, bad\n");
}

#[test]
fn yaml_output_round_trips_to_the_same_ndjson() {
    let tricky = r##"{"s":["yes","on","NO","1.0","","null","~"," lead","trail ","a: b","#x","-","---","...","0x1F","1e3","012",".inf","\ttab","l1\nl2","l1\nl2\n","l1\n\n","x\r\ny","é✓","@at","'q'","\"dq\"","a #c","True","+1",".5","2026-12-03","12:30"],"n":[3.50,-0,12345678901234567890,0.1],"e":{},"a":[],"k":{"":1,"yes":2,"1":3,"a b":4,"- x":5,"...":6}}
"..."
{"k":"l1\n... end"}
"##;
    let dir = files(
        "formats-yaml-round-trip",
        &[
            (
                "manifests.yaml",
                &std::fs::read(example("service_config").join("cases/manifests.in.yaml")).unwrap(),
            ),
            ("tricky.ndjson", tricky.as_bytes()),
        ],
    );
    for file in ["manifests.yaml", "tricky.ndjson"] {
        let (code, original, err) = ferry_in(&dir, &["run", "-e", "$", file], "");
        assert_eq!(code, 0, "{file}: {err}");
        let (code, yaml, err) = ferry_in(&dir, &["run", "-e", "$", file, "--to", "yaml"], "");
        assert_eq!(code, 0, "{file}: {err}");
        assert!(yaml.starts_with("---\n"), "{yaml}");
        let (code, back, err) = ferry_in(&dir, &["run", "-e", "$", "--from", "yaml"], &yaml);
        assert_eq!(code, 0, "{file}: {err}\n{yaml}");
        assert_eq!(back, original, "{file} through YAML:\n{yaml}");
    }
    let (_, original, _) = ferry_in(&dir, &["run", "-e", "$", "manifests.yaml"], "");
    assert_eq!(
        original,
        "{\"x-defaults\":{\"replicas\":2,\"ports\":[{\"name\":\"http\",\"port\":8080}]},\"kind\":\"Service\",\"metadata\":{\"name\":\"billing\",\"namespace\":\"payments\",\"labels\":{\"team\":\"payments\",\"region\":\"NO\"}},\"spec\":{\"image\":\"registry.example/billing:1.4.2\",\"env\":[{\"name\":\"FEATURE_REFUNDS\",\"value\":\"on\"},{\"name\":\"TIMEOUT_MS\",\"value\":2500}],\"replicas\":2,\"ports\":[{\"name\":\"http\",\"port\":8080}]}}\n\
         {\"kind\":\"Service\",\"metadata\":{\"name\":\"search\",\"labels\":{\"team\":\"discovery\",\"region\":\"eu-1\"}},\"spec\":{\"image\":\"registry.example/search:7.1.0\",\"replicas\":4,\"ports\":[{\"name\":\"http\",\"port\":8080},{\"name\":\"grpc\",\"port\":50051,\"protocol\":\"TCP\"}],\"public\":true,\"env\":[{\"name\":\"BANNER\",\"value\":\"Welcome!\\n--- not a document marker: indented\\n\"}]}}\n"
    );
}

#[test]
fn xml_output_of_many_records_needs_a_root() {
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ Order: { \"@id\": $.id } }",
            "--from",
            "ndjson",
            "--to",
            "xml",
        ],
        "{\"id\":1}\n{\"id\":2}\n",
    );
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("give the output options `root` and `element`"),
        "{err}"
    );
    // One record (a JSON document) is one XML document: no root needed.
    let (code, out, err) = ferry(
        &[
            "run",
            "-e",
            "{ Order: { \"@id\": $.id } }",
            "--from",
            "json",
            "--to",
            "xml",
        ],
        "{\"id\":1}",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<Order id=\"1\""), "{out}");
}
