//! Reading and writing whole CSV files, shaped like real exports.

use bumpalo::Bump;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::codes;
use crate::format::EmptyCell;
use crate::format::codec::{self, Parsed};
use crate::projection::Keep;

/// Records as read: number and value, or the error's message.
type Records = Vec<(u64, Result<Value, String>)>;

/// Every record of `input`: its number and its value or error message.
fn read_all(input: &[u8], options: &CsvOptions, chunk: usize) -> Records {
    read_kept(input, options, chunk, Keep::all())
}

fn read_kept(input: &[u8], options: &CsvOptions, chunk: usize, keep: &Keep) -> Records {
    let (mut chunks, reader) = open(source(input), options, chunk).unwrap();
    let mut out = Vec::new();
    while let Some(c) = chunks.next_owned().unwrap() {
        for (number, range) in &c.lines {
            let arena = Bump::new();
            let parsed = reader.parse(&c.bytes[range.clone()], *number, keep, &arena);
            out.push((
                *number,
                match parsed {
                    Ok(Parsed::Node(node)) => Ok(node.to_json()),
                    Ok(Parsed::Value(value)) => Ok(value),
                    Err(e) => {
                        assert_eq!(e.code(), codes::MALFORMED_RECORD);
                        assert_eq!(e.info().record, Some(*number));
                        Err(e.message().to_owned())
                    }
                },
            ));
        }
        chunks.recycle(c);
    }
    out
}

fn source(input: &[u8]) -> Box<dyn std::io::Read + Send> {
    Box::new(std::io::Cursor::new(input.to_vec()))
}

fn values(records: Records) -> Vec<(u64, Value)> {
    records
        .into_iter()
        .map(|(n, r)| (n, r.unwrap_or_else(|e| panic!("record {n}: {e}"))))
        .collect()
}

fn csv() -> CsvOptions {
    CsvOptions::new(false)
}

fn num(text: &str) -> Value {
    Value::Number(serde_json::from_str(text).unwrap())
}

#[test]
fn an_excel_export_with_bom_crlf_semicolons_and_decimal_commas_reads() {
    let input = "\u{feff}Artikel;Menge;Preis;Lieferdatum\r\n\
                 A-100;3;1234,50;2024-03-01\r\n\
                 007;-1;-0,5;\r\n\
                 \"Schrauben; M4\";10;0,10;2024-03-02\r\n";
    let mut options = csv();
    options.delimiter = b';';
    options.infer = true;
    options.decimal_comma = true;
    let records = values(read_all(input.as_bytes(), &options, 1 << 16));
    assert_eq!(
        records,
        [
            (
                2,
                json!({"Artikel": "A-100", "Menge": 3, "Preis": num("1234.50"), "Lieferdatum": "2024-03-01"})
            ),
            (
                3,
                json!({"Artikel": "007", "Menge": -1, "Preis": num("-0.5"), "Lieferdatum": null})
            ),
            (
                4,
                json!({"Artikel": "Schrauben; M4", "Menge": 10, "Preis": num("0.10"), "Lieferdatum": "2024-03-02"})
            ),
        ]
    );
    // The digits are kept: 1234.50, not 1234.5.
    assert_eq!(records[0].1["Preis"].to_string(), "1234.50");
}

#[test]
fn quoted_cells_hold_delimiters_quotes_and_newlines_and_later_rows_keep_their_lines() {
    let input = "id,note,city\n\
                 1,\"first line\r\nsecond line\nthird\",\"Paris, FR\"\n\
                 2,\"she said \"\"hi\"\"\",Oslo\n\
                 \n\
                 3,plain,\"\"\n";
    let records = values(read_all(input.as_bytes(), &csv(), 1 << 16));
    assert_eq!(
        records,
        [
            (
                2,
                json!({"id": "1", "note": "first line\r\nsecond line\nthird", "city": "Paris, FR"})
            ),
            (
                5,
                json!({"id": "2", "note": "she said \"hi\"", "city": "Oslo"})
            ),
            (7, json!({"id": "3", "note": "plain", "city": ""})),
        ]
    );
}

#[test]
fn rows_with_too_few_or_too_many_fields_fail_alone_with_their_line() {
    let input = "a,b,c,d\n1,2,3,4\n1,2,3\n1,2,3,4,5\n\"x\ny\",2\n1,2,3,4\n";
    let records = read_all(input.as_bytes(), &csv(), 1 << 16);
    let summary: Vec<(u64, bool)> = records.iter().map(|(n, r)| (*n, r.is_ok())).collect();
    assert_eq!(
        summary,
        [(2, true), (3, false), (4, false), (5, false), (7, true)]
    );
    assert_eq!(
        records[1].1.as_ref().unwrap_err(),
        "line 3, column 1: row has 3 fields, the header has 4"
    );
    assert_eq!(
        records[2].1.as_ref().unwrap_err(),
        "line 4, column 1: row has 5 fields, the header has 4"
    );
    assert_eq!(
        records[3].1.as_ref().unwrap_err(),
        "line 5, column 1: row has 2 fields, the header has 4"
    );
}

#[test]
fn a_headerless_input_is_named_by_columns() {
    let mut options = CsvOptions::new(true);
    options.header = false;
    options.columns = Some(vec!["sku".into(), "qty".into()]);
    let records = read_all(b"A1\t2\nB7\t5\nC\n", &options, 1 << 16);
    assert_eq!(records[0], (1, Ok(json!({"sku": "A1", "qty": "2"}))));
    assert_eq!(records[1], (2, Ok(json!({"sku": "B7", "qty": "5"}))));
    assert_eq!(
        records[2].1.as_ref().unwrap_err(),
        "line 3, column 1: row has 1 field, the option `columns` names 2"
    );

    options.columns = None;
    let Err(e) = open(source(b"a\n"), &options, 1024) else {
        panic!("columns are required without a header");
    };
    assert_eq!(e.code(), codes::BAD_FORMAT_OPTION);
    assert!(
        e.message().contains("give the option `columns`"),
        "{}",
        e.message()
    );
}

#[test]
fn with_a_header_the_columns_option_is_not_used_for_reading() {
    let mut options = csv();
    options.columns = Some(vec!["x".into()]);
    let records = values(read_all(b"a,b\n1,2\n", &options, 64));
    assert_eq!(records, [(2, json!({"a": "1", "b": "2"}))]);
}

#[test]
fn header_names_must_be_present_and_unique() {
    let error = |input: &[u8]| match open(source(input), &csv(), 64) {
        Err(e) => {
            assert_eq!(e.code(), codes::MALFORMED_RECORD);
            e.message().to_owned()
        }
        Ok(_) => panic!("{input:?} opened"),
    };
    assert_eq!(
        error(b"id,name,id\n1,2,3\n"),
        "line 1, column 9: the header names `id` twice (columns 1 and 3); column names must be unique"
    );
    assert!(error(b"id,,x\n").starts_with("line 1, column 4: header column 2 has no name"));
    assert!(error(b"id,\"open\n1,2\n").contains("never closes"));
    // Blank lines before the header are skipped; its line is its own.
    assert_eq!(
        error(b"\n\na,a\n"),
        "line 3, column 3: the header names `a` twice (columns 1 and 2); column names must be unique"
    );
}

#[test]
fn without_infer_every_cell_is_a_string() {
    let records = values(read_all(b"a,b,c,d\n12,true,,3.50\n", &csv(), 64));
    assert_eq!(
        records,
        [(2, json!({"a": "12", "b": "true", "c": "", "d": "3.50"}))]
    );
}

#[test]
fn inferred_empty_cells_follow_the_empty_option() {
    let input = b"a,b,c\n1,,\"\"\n";
    let mut options = csv();
    options.infer = true;
    let cases = [
        (EmptyCell::Null, json!({"a": 1, "b": null, "c": ""})),
        (EmptyCell::Absent, json!({"a": 1, "c": ""})),
        (EmptyCell::String, json!({"a": 1, "b": "", "c": ""})),
    ];
    for (empty, expected) in cases {
        options.empty = empty;
        assert_eq!(
            values(read_all(input, &options, 64)),
            [(2, expected)],
            "{empty:?}"
        );
    }
}

#[test]
fn quoted_cells_are_never_inferred() {
    let mut options = csv();
    options.infer = true;
    let records = values(read_all(
        b"a,b,c,d\n\"123\",123,\"true\",007\n",
        &options,
        64,
    ));
    assert_eq!(
        records,
        [(2, json!({"a": "123", "b": 123, "c": "true", "d": "007"}))]
    );
    // Members keep the header's order.
    let keys: Vec<&String> = records[0].1.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["a", "b", "c", "d"]);
}

#[test]
fn an_unclosed_quote_at_the_end_is_one_last_failing_record() {
    let input = b"a,b\n1,2\n3,\"never\nclosed\n4,5\n";
    let records = read_all(input, &csv(), 4);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0], (2, Ok(json!({"a": "1", "b": "2"}))));
    assert_eq!(records[1].0, 3);
    assert_eq!(
        records[1].1.as_ref().unwrap_err(),
        "line 3, column 3: quoted field never closes (a quote is missing)"
    );
}

#[test]
fn invalid_utf8_fails_the_row_with_its_position() {
    let records = read_all(b"a,b\nok,fine\nx,caf\xe9\nok,again\n", &csv(), 64);
    assert_eq!(records[1].0, 3);
    assert_eq!(
        records[1].1.as_ref().unwrap_err(),
        "line 3, column 6: invalid UTF-8 (the input must be UTF-8 text)"
    );
    assert!(records[2].1.is_ok());
}

#[test]
fn the_records_are_the_same_whatever_the_chunk_size() {
    let input = "\u{feff}id;text;n\r\n\
                 1;\"multi\r\nline; with \"\"quotes\"\"\";1,5\r\n\
                 \r\n\
                 2;é😀;-3\r\n\
                 3;\"\";\r\n\
                 4;broken\r\n\
                 5;\"x\ny\nz\";7";
    let mut options = csv();
    options.delimiter = b';';
    options.infer = true;
    options.decimal_comma = true;
    let expected = read_all(input.as_bytes(), &options, 1 << 20);
    assert_eq!(
        expected.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [2, 5, 6, 7, 8]
    );
    assert_eq!(
        expected[4].1,
        Ok(json!({"id": 5, "text": "x\ny\nz", "n": 7}))
    );
    for size in [1, 2, 3, 7, 100] {
        assert_eq!(
            read_all(input.as_bytes(), &options, size),
            expected,
            "chunk size {size}"
        );
    }
}

#[test]
fn chunks_hold_whole_rows_and_stay_near_their_size() {
    let mut input = String::from("a,b\n");
    for i in 0..2000 {
        input.push_str(&format!("{i},\"row\n{i}\"\n"));
    }
    let (mut chunks, _) = open(source(input.as_bytes()), &csv(), 4096).unwrap();
    let mut rows = 0;
    let mut next_line = 2;
    while let Some(c) = chunks.next_owned().unwrap() {
        assert!(c.bytes.len() <= 4096 + 64 * 1024, "{}", c.bytes.len());
        for (n, r) in &c.lines {
            assert_eq!(*n, next_line);
            next_line += 2;
            assert!(c.bytes[r.clone()].ends_with(b"\""));
            rows += 1;
        }
        chunks.recycle(c);
    }
    assert_eq!(rows, 2000);
}

#[test]
fn members_the_mapping_never_reads_are_skipped() {
    let mut need = crate::projection::Need::nothing();
    need.add(
        &[crate::projection::Step::Field("b".into())],
        crate::projection::Need::All,
    );
    let keep = Keep::from(&need);
    let records = read_kept(b"a,b,c\n1,2,3\n1,2\n", &csv(), 64, &keep);
    assert_eq!(records[0], (2, Ok(json!({"b": "2"}))));
    // Skipping a member never hides a malformed row.
    assert!(records[1].1.is_err());
}

#[test]
fn an_empty_input_has_no_records() {
    assert!(read_all(b"", &csv(), 64).is_empty());
    assert!(read_all(b"\xEF\xBB\xBF", &csv(), 64).is_empty());
    assert!(read_all(b"a,b\n", &csv(), 64).is_empty());
    assert!(read_all(b"a,b\r\n\r\n  \n", &csv(), 64).is_empty());
}

#[test]
fn a_single_empty_cell_is_written_quoted_so_its_row_is_not_blank() {
    let encoder = encoder(&csv(), vec!["a".into()]);
    let mut text = Vec::new();
    encoder.begin(&mut text);
    encoder.record(&json!({"a": ""}), &mut text).unwrap();
    encoder.record(&json!({}), &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(text, "a\n\"\"\n\"\"\n");
    assert_eq!(values(read_all(text.as_bytes(), &csv(), 64)).len(), 2);
}

proptest! {
    #[test]
    fn written_records_read_back_unchanged(
        rows in proptest::collection::vec(
            proptest::collection::vec("[a-c,;\"\\\\ \t\r\né😀]{0,6}", 3),
            0..6,
        ),
        tsv in any::<bool>(),
        escape in any::<bool>(),
        chunk in 1usize..64,
    ) {
        let mut options = CsvOptions::new(tsv);
        options.escape = escape.then_some(b'\\');
        let columns = vec!["a b".to_string(), "c,\"d\"".to_string(), "é".to_string()];
        let encoder = encoder(&options, columns.clone());
        let mut out = Vec::new();
        encoder.begin(&mut out);
        let outputs: Vec<Value> = rows
            .iter()
            .map(|cells| {
                Value::Object(columns.iter().cloned().zip(cells.iter().map(|c| json!(c))).collect())
            })
            .collect();
        for output in &outputs {
            encoder.record(output, &mut out).unwrap();
        }
        let back: Vec<Value> = read_all(&out, &options, chunk)
            .into_iter()
            .map(|(_, r)| r.unwrap())
            .collect();
        prop_assert_eq!(back, outputs);
    }
}

#[test]
fn rows_across_reads_and_rows_longer_than_a_chunk_split_alike() {
    // Bigger than a read (64 KiB), so rows and quoted line breaks fall
    // across the buffer's refills; one cell is longer than two reads.
    let mut input = String::from("n,text\r\n");
    let mut expected = Vec::new();
    let mut line = 2;
    for i in 0..6000 {
        let text = match i {
            3000 => "long\n".repeat(40_000),
            _ if i % 3 == 0 => format!("cell {i}\nwith \"\"quote\"\" and, comma"),
            _ => "x".repeat(i % 17),
        };
        input.push_str(&format!("{i},\"{text}\"\r\n"));
        if i % 500 == 0 {
            input.push_str("\r\n");
        }
        expected.push((
            line,
            json!({"n": i.to_string(), "text": text.replace("\"\"", "\"")}),
        ));
        line += 1 + text.matches('\n').count() as u64 + u64::from(i % 500 == 0);
    }
    for size in [1, 7, 100, 1 << 16, 1 << 24] {
        let records = values(read_all(input.as_bytes(), &csv(), size));
        assert!(records == expected, "chunk size {size}");
    }
}

/// Rows as [`Dialect::step`] run over every byte of `input` finds them:
/// their first lines and bytes.
fn rows_by_steps(input: &[u8], dialect: &dialect::Dialect) -> Vec<(u64, Vec<u8>)> {
    use dialect::{Action, State};
    let mut rows = Vec::new();
    let mut push = |line: u64, row: &[u8]| {
        if !split::is_blank(row, dialect.delimiter) {
            rows.push((line, row.to_vec()));
        }
    };
    let (mut state, mut line, mut row_start, mut row_line) = (State::FieldStart, 1, 0, 1);
    for (i, &b) in input.iter().enumerate() {
        let (next, action) = dialect.step(state, b);
        if b == b'\n' {
            line += 1;
        }
        if action == Action::EndRow {
            let end = if i > row_start && input[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            push(row_line, &input[row_start..end]);
            row_start = i + 1;
            row_line = line;
        }
        state = next;
    }
    if row_start < input.len() {
        let mut end = input.len();
        if input[end - 1] == b'\r' && !matches!(state, State::Quoted | State::Escaped) {
            end -= 1;
        }
        push(row_line, &input[row_start..end]);
    }
    rows
}

proptest! {
    #[test]
    fn the_splitter_finds_the_rows_of_the_byte_machine(
        input in proptest::collection::vec(
            prop_oneof![
                Just(b','), Just(b';'), Just(b'"'), Just(b'\''), Just(b'\\'),
                Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b' '),
            ],
            0..64,
        ),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'"'), Just(b'\n')],
        quote in prop_oneof![Just(b'"'), Just(b'\''), Just(b',')],
        escape in prop_oneof![Just(None), Just(Some(b'\\')), Just(Some(b',')), Just(Some(b'\n'))],
        chunk in 1usize..16,
    ) {
        let mut options = csv();
        options.delimiter = delimiter;
        options.quote = quote;
        options.escape = escape;
        let d = dialect::Dialect::new(&options);
        let mut chunks = split::RowChunks::new(source(&input), d, chunk);
        let mut rows = Vec::new();
        while let Some(c) = codec::Chunks::next_owned(&mut chunks).unwrap() {
            for (n, r) in &c.lines {
                rows.push((*n, c.bytes[r.clone()].to_vec()));
            }
            codec::Chunks::recycle(&mut chunks, c);
        }
        prop_assert_eq!(rows, rows_by_steps(&input, &d));
    }
}
