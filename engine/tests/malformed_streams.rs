//! Malformed records put at random places into a stream of good ones fail
//! alone, in every streamed format, whatever the thread count and wherever
//! the input is cut into chunks.
//!
//! For NDJSON, CSV (with a header), XML (records at `orders/order`) and
//! YAML (a record per document), a stream of good orders gets bad records
//! injected at random places and is run with `OnError::Skip` on rayon pools
//! of 1, 2, 3, 4 and 8 threads (the batch maps on the caller's pool).
//! Checked, for each format:
//!
//! - (a) the output is, byte for byte, the output of the good records run
//!   alone;
//! - (b) `records = outputs + failures`, and every bad record is one
//!   failure;
//! - (c) each failure has the record number the format promises (the line
//!   the record starts on) and a stable code: E0406 for a malformed record,
//!   whose message starts with the line of the damage (NDJSON's says
//!   `invalid JSON: …` with the position inside the line), E0401 or E0404
//!   for a record the mapping rejects;
//! - (d) nothing depends on the thread count, nor on the chunking: the
//!   batch's chunk size (4 MiB) is internal, so each stream is also read
//!   through `format::open` in chunks of 1, 7, 64 and 4096 bytes, every
//!   record mapped as the batch maps it, which must give the same bytes
//!   and failures; `streams_of_several_batch_chunks` checks the same on
//!   streams of over three batch chunks (at 1 and 3 threads, in chunks of
//!   7 bytes and 64 KiB, to stay quick).
//!
//! Where a bad record cannot stay one record, what the format documents
//! instead is checked (docs/formats.md): in CSV, a quote that never closes
//! makes the rest of the input one failing record (a quoted field may span
//! lines, so the row cannot end before the input does); in XML, damage
//! outside the records (a DOCTYPE or a stray end tag between them, an
//! entity declaration in the prolog) ends the stream with one failing
//! record from the damage to the end. NDJSON lines and YAML documents are
//! cut without parsing, so a bad one always stays one record.
//!
//! 32 cases per format; `PROPTEST_CASES` sets another number.

use std::fmt::Debug;
use std::sync::LazyLock;

use bumpalo::Bump;
use ferry_engine::batch::{self, BatchOptions, BatchReport, Observer, OnError};
use ferry_engine::format::{self, Format, FormatSpec, Parsed};
use ferry_engine::projection::Projection;
use ferry_engine::{Mapping, RunError, codes};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;

const THREADS: [usize; 5] = [1, 2, 3, 4, 8];

/// Chunk sizes of the splitters, for the reading beside the batch: a
/// record per chunk, records cut at odd places, several records per
/// chunk, most generated streams in one.
const CHUNK_SIZES: [usize; 4] = [1, 7, 64, 4096];

static POOLS: LazyLock<Vec<rayon::ThreadPool>> = LazyLock::new(|| {
    THREADS
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("a thread pool")
        })
        .collect()
});

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(32);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// A good record; `style` picks one of the format's ways to write it.
#[derive(Debug, Clone)]
struct Order {
    id: u32,
    qty: u16,
    cents: u32,
    style: u8,
}

impl Order {
    fn id(&self) -> String {
        format!("A-{}", self.id)
    }

    fn price(&self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

fn order() -> impl Strategy<Value = Order> {
    (0u32..100_000, 0u16..1000, 0u32..100_000, any::<u8>()).prop_map(|(id, qty, cents, style)| {
        Order {
            id,
            qty,
            cents,
            style,
        }
    })
}

/// A piece of a stream: a good record, a bad one (written around an
/// order), or what may sit between records (blank lines, comments; or a
/// blank or comment line of this many bytes, to make long streams of few
/// records).
#[derive(Debug, Clone)]
enum Item<B> {
    Good(Order),
    Bad(B, Order),
    Gap(u8),
    Padding(usize),
}

/// A stream to write: its items and, maybe, damage that ends the stream
/// (before item `at`).
#[derive(Debug, Clone)]
struct Case<B, E> {
    items: Vec<Item<B>>,
    end: Option<(usize, E)>,
}

fn item<B: Debug + Clone + 'static>(
    bad: impl Strategy<Value = B> + 'static,
) -> impl Strategy<Value = Item<B>> {
    prop_oneof![
        6 => order().prop_map(Item::Good),
        2 => (bad, order()).prop_map(|(b, o)| Item::Bad(b, o)),
        1 => any::<u8>().prop_map(Item::Gap),
    ]
}

/// Up to 40 items; with probability `ending`, damage that ends the stream.
fn case<B: Debug + Clone + 'static, E: Debug + Clone + 'static>(
    bad: impl Strategy<Value = B> + 'static,
    end: impl Strategy<Value = E> + 'static,
    ending: f64,
) -> impl Strategy<Value = Case<B, E>> {
    let end = if ending > 0.0 {
        prop::option::weighted(ending, (any::<Index>(), end)).boxed()
    } else {
        Just(None).boxed()
    };
    (prop::collection::vec(item(bad), 0..40), end).prop_map(|(items, end)| {
        let end = end.map(|(at, e)| (at.index(items.len() + 1), e));
        Case { items, end }
    })
}

/// What a record should become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Output,
    /// A failure with this code; `line`: the line its message must start
    /// with, when the format positions it.
    Failure {
        code: &'static str,
        line: Option<u64>,
    },
}

/// A stream being written, and what each of its records should become.
#[derive(Default)]
struct Stream {
    bytes: Vec<u8>,
    /// Line feeds written so far.
    newlines: u64,
    /// Each record: its number (the line it starts on) and what it becomes.
    records: Vec<(u64, Expect)>,
    /// True after damage that ends the stream: what follows is part of
    /// its failing record.
    ended: bool,
}

impl Stream {
    /// The line the next byte is on.
    fn line(&self) -> u64 {
        self.newlines + 1
    }

    fn push(&mut self, text: impl AsRef<[u8]>) {
        let text = text.as_ref();
        self.newlines += text.iter().filter(|&&b| b == b'\n').count() as u64;
        self.bytes.extend_from_slice(text);
    }

    /// A record starting here that maps.
    fn good(&mut self, text: impl AsRef<[u8]>) {
        self.expect(Expect::Output);
        self.push(text);
    }

    /// A record starting here that fails with `code`; `damage`: how many
    /// lines below its start its message places the damage.
    fn bad(&mut self, text: impl AsRef<[u8]>, code: &'static str, damage: Option<u64>) {
        let line = damage.map(|below| self.line() + below);
        self.expect(Expect::Failure { code, line });
        self.push(text);
    }

    /// Damage that ends the stream: one failing record from here to the
    /// end of the input.
    fn broken(&mut self, text: impl AsRef<[u8]>, line: Option<u64>) {
        self.expect(Expect::Failure {
            code: codes::MALFORMED_RECORD,
            line,
        });
        self.ended = true;
        self.push(text);
    }

    fn expect(&mut self, expect: Expect) {
        if !self.ended {
            self.records.push((self.line(), expect));
        }
    }
}

/// How a format writes the pieces of a stream.
trait Syntax {
    /// A bad record.
    type Bad: Debug + Clone;
    /// Damage that ends the stream.
    type End: Debug + Clone;

    fn spec() -> FormatSpec;
    fn mapping() -> &'static str;
    /// What comes before the records (a header, a prolog), given the
    /// stream's damage when it is there.
    fn begin(_stream: &mut Stream, _end: Option<&Self::End>) {}
    /// A good record; `plain`: without quotes (after an unclosed CSV quote).
    fn good(stream: &mut Stream, order: &Order, plain: bool);
    fn bad(stream: &mut Stream, bad: &Self::Bad, order: &Order);
    fn gap(stream: &mut Stream, gap: u8);
    /// A line of about `bytes` bytes that is no record (XML: a record).
    fn padding(stream: &mut Stream, bytes: usize) {
        stream.push(" ".repeat(bytes));
    }
    fn end(stream: &mut Stream, end: &Self::End);
    /// True for damage in what comes before the records (written by
    /// `begin`), which leaves no record.
    fn before_records(_end: &Self::End) -> bool {
        false
    }
    /// True when `message` is worded as the format words a malformed
    /// record: from its line and column in the file.
    fn malformed_message(message: &str) -> bool {
        message.starts_with("line ")
    }
    /// What comes after the records.
    fn finish(_stream: &mut Stream) {}
}

/// Writes `case` as a stream of format `S`; `good_only`: only the good
/// records the stream's damage leaves (and the gaps between them).
fn render<S: Syntax>(case: &Case<S::Bad, S::End>, good_only: bool) -> Stream {
    let mut stream = Stream::default();
    let damage = case.end.as_ref().map(|(at, e)| {
        let at = if S::before_records(e) { 0 } else { *at };
        (at, e)
    });
    let end = damage.filter(|_| !good_only);
    S::begin(&mut stream, end.map(|(_, e)| e));
    for (i, item) in case.items.iter().enumerate() {
        if let Some((at, e)) = damage
            && at == i
        {
            if good_only {
                break;
            }
            S::end(&mut stream, e);
        }
        match item {
            Item::Good(order) => {
                let plain = stream.ended;
                S::good(&mut stream, order, plain);
            }
            Item::Bad(bad, order) if !good_only => S::bad(&mut stream, bad, order),
            Item::Bad(..) => {}
            Item::Gap(gap) => S::gap(&mut stream, *gap),
            Item::Padding(bytes) => S::padding(&mut stream, *bytes),
        }
        stream.push("\n");
    }
    if let Some((at, e)) = end
        && at == case.items.len()
    {
        S::end(&mut stream, e);
        stream.push("\n");
    }
    S::finish(&mut stream);
    stream
}

/// A failure as the observer heard it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    record: Option<u64>,
    code: String,
    message: String,
}

impl Failure {
    fn of(e: &RunError) -> Failure {
        Failure {
            record: e.info().record,
            code: e.code().to_owned(),
            message: e.message().to_owned(),
        }
    }
}

/// What a batch run produced.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    out: String,
    failures: Vec<Failure>,
    records: u64,
    outputs: u64,
    failed: u64,
    /// Chunks the batch read.
    chunks: usize,
}

/// Hears the failures of a run, and counts its chunks (a progress
/// report follows each).
#[derive(Default)]
struct Heard {
    failures: Vec<Failure>,
    chunks: usize,
}

impl Observer for Heard {
    fn failure(&mut self, error: &RunError, _raw: &[u8]) {
        self.failures.push(Failure::of(error));
    }

    fn progress(&mut self, _report: &BatchReport) {
        self.chunks += 1;
    }
}

/// Runs `input` on the pool of `threads` threads.
fn run(threads: usize, mapping: &Mapping, spec: &FormatSpec, input: &[u8]) -> Run {
    let pool = THREADS
        .iter()
        .position(|&n| n == threads)
        .map(|i| &POOLS[i])
        .expect("a pool of that many threads");
    let mut out = Vec::new();
    let mut heard = Heard::default();
    let options = BatchOptions {
        on_error: OnError::Skip,
        pretty: false,
    };
    let report = pool.install(|| {
        batch::run_formats(
            mapping,
            Box::new(input),
            spec,
            &FormatSpec::new(Format::Ndjson),
            options,
            &mut out,
            &mut heard,
        )
        .expect("writing to memory cannot fail")
    });
    Run {
        out: String::from_utf8(out).expect("JSON text is UTF-8"),
        failures: heard.failures,
        records: report.records,
        outputs: report.outputs,
        failed: report.failures,
        chunks: heard.chunks,
    }
}

/// The outputs and failures of `input` read through the format's splitter
/// in chunks of `chunk_bytes`, each record mapped on this thread as the
/// batch maps it (JSON text, one line per output).
fn read_in_chunks(
    mapping: &Mapping,
    spec: &FormatSpec,
    input: &[u8],
    chunk_bytes: usize,
) -> (String, Vec<Failure>) {
    let projection = Projection::of(mapping);
    let mut out = Vec::new();
    let mut failures = Vec::new();
    let depth = mapping.max_input_depth();
    match format::open(Box::new(input), spec, chunk_bytes, depth) {
        Err(e) => failures.push(Failure::of(&e)),
        Ok((mut chunks, reader)) => {
            let mut arena = Bump::new();
            while let Some(chunk) = chunks.next_owned().expect("reading memory cannot fail") {
                for (number, range) in &chunk.lines {
                    arena.reset();
                    let start = out.len();
                    let raw = &chunk.bytes[range.clone()];
                    let mapped = reader
                        .parse(raw, *number, projection.keep(), &arena)
                        .and_then(|parsed| match parsed {
                            Parsed::Node(node) => mapping.apply_doc_to_json(&node, &mut out, false),
                            Parsed::Value(value) => mapping.apply_to_json(&value, &mut out, false),
                        });
                    match mapped {
                        Ok(()) => out.push(b'\n'),
                        Err(e) => {
                            out.truncate(start);
                            failures.push(Failure::of(&e.with_record(*number)));
                        }
                    }
                }
                chunks.recycle(chunk);
            }
        }
    }
    let out = String::from_utf8(out).expect("JSON text is UTF-8");
    (out, failures)
}

/// Checks properties (a) to (d) of the module's documentation on `case`.
fn check<S: Syntax>(case: &Case<S::Bad, S::End>) -> Result<(), TestCaseError> {
    check_with::<S>(case, &THREADS, &CHUNK_SIZES).map(drop)
}

/// [`check`] at these thread counts (the first is the reference) and
/// chunk sizes; the run at the first thread count.
fn check_with<S: Syntax>(
    case: &Case<S::Bad, S::End>,
    threads: &[usize],
    chunk_sizes: &[usize],
) -> Result<Run, TestCaseError> {
    let mapping = Mapping::compile_str(S::mapping()).expect("the test's mapping compiles");
    let spec = S::spec();
    let stream = render::<S>(case, false);
    let good = render::<S>(case, true);
    // What a failure shows of the input (all of a generated one).
    let shown = String::from_utf8_lossy(&stream.bytes[..stream.bytes.len().min(1 << 14)]);

    let runs: Vec<Run> = threads
        .iter()
        .map(|&n| run(n, &mapping, &spec, &stream.bytes))
        .collect();
    for (threads, other) in threads.iter().zip(&runs).skip(1) {
        prop_assert_eq!(other, &runs[0], "{} threads, input:\n{}", threads, shown);
    }
    let run = runs.into_iter().next().expect("a thread count");

    // (a) The good records give what they give alone.
    let alone = self::run(threads[0], &mapping, &spec, &good.bytes);
    prop_assert_eq!(&alone.failures, &[], "good records alone fail");
    prop_assert_eq!(alone.outputs, good.records.len() as u64);
    prop_assert_eq!(&run.out, &alone.out, "input:\n{}", shown);

    // (b) Every record is one output or one failure; a bad one, a failure.
    let outputs = stream
        .records
        .iter()
        .filter(|(_, e)| *e == Expect::Output)
        .count() as u64;
    prop_assert_eq!(
        run.records,
        run.outputs + run.failed,
        "records = outputs + failures"
    );
    prop_assert_eq!(
        run.records,
        stream.records.len() as u64,
        "input:\n{}",
        shown
    );
    prop_assert_eq!(run.outputs, outputs, "input:\n{}", shown);
    prop_assert_eq!(run.failed, run.failures.len() as u64);

    // (c) Each failure has its record's number, its code, its line.
    let expected: Vec<(Option<u64>, &str)> = stream
        .records
        .iter()
        .filter_map(|(number, e)| match e {
            Expect::Output => None,
            Expect::Failure { code, .. } => Some((Some(*number), *code)),
        })
        .collect();
    let found: Vec<(Option<u64>, &str)> = run
        .failures
        .iter()
        .map(|f| (f.record, f.code.as_str()))
        .collect();
    prop_assert_eq!(found, expected, "input:\n{}", shown);
    let lines = stream.records.iter().filter_map(|(_, e)| match e {
        Expect::Failure { line, .. } => Some(*line),
        Expect::Output => None,
    });
    for (failure, line) in run.failures.iter().zip(lines) {
        if failure.code == codes::MALFORMED_RECORD {
            prop_assert!(S::malformed_message(&failure.message), "{:?}", failure);
        }
        if let Some(line) = line {
            let at = format!("line {line}, column ");
            prop_assert!(
                failure.message.starts_with(&at),
                "{:?}, input:\n{}",
                failure,
                shown
            );
        }
    }

    // (d) Nor does it depend on where the input is cut into chunks.
    for &size in chunk_sizes {
        let (out, failures) = read_in_chunks(&mapping, &spec, &stream.bytes, size);
        prop_assert_eq!(
            &out,
            &run.out,
            "chunks of {} bytes, input:\n{}",
            size,
            shown
        );
        prop_assert_eq!(&failures, &run.failures, "chunks of {} bytes", size);
    }
    Ok(run)
}

/// The same three members in every JSON-like format.
fn members(order: &Order) -> (String, u16, String) {
    (order.id(), order.qty, order.price())
}

// NDJSON: a record per non-blank line, numbered by its line.

struct Ndjson;

#[derive(Debug, Clone)]
enum NdjsonBad {
    /// The record cut short after this many bytes.
    Truncated(Index),
    /// Bytes that are no JSON (no line feed among them).
    Garbage(Vec<u8>),
    /// A byte that is not UTF-8 in a member the mapping reads.
    InvalidUtf8,
    /// … and in a member it does not read (the projection skips it).
    InvalidUtf8Unread,
    /// A closing brace too many.
    ExtraBrace,
    /// An unclosed array in a member the mapping does not read.
    UnclosedArrayUnread,
    /// Brackets that do not match.
    MismatchedBrackets,
    /// A quantity the mapping cannot multiply.
    QtyText,
}

impl Syntax for Ndjson {
    type Bad = NdjsonBad;
    /// None: every line is a record of its own.
    type End = ();

    fn spec() -> FormatSpec {
        FormatSpec::new(Format::Ndjson)
    }

    fn mapping() -> &'static str {
        "{ id: $.id, total: $.qty * $.price }"
    }

    fn good(stream: &mut Stream, order: &Order, _plain: bool) {
        let (id, qty, price) = members(order);
        let text = match order.style % 5 {
            0 => format!(r#"{{"id":"{id}","qty":{qty},"price":{price}}}"#),
            1 => format!(r#"  {{ "price": {price}, "qty": {qty}, "id": "{id}" }}"#),
            2 => format!(
                r#"{{"id":"{id}","qty":{qty},"price":{price},"note":{{"tags":["x",[]],"n":null}}}}"#
            ),
            3 => format!("{{\"id\":\"{id}\",\"qty\":{qty},\"price\":{price}}}\r"),
            _ => format!(
                r#"{{"id":"{}","qty":{qty},"price":{price}}}"#,
                id.replace('-', "\\u002d")
            ),
        };
        stream.good(text);
    }

    fn bad(stream: &mut Stream, bad: &NdjsonBad, order: &Order) {
        let (id, qty, price) = members(order);
        let whole = format!(r#"{{"id":"{id}","qty":{qty},"price":{price}}}"#);
        let malformed = codes::MALFORMED_RECORD;
        match bad {
            NdjsonBad::Truncated(cut) => {
                let cut = 1 + cut.index(whole.len() - 1);
                stream.bad(&whole[..cut], malformed, None);
            }
            NdjsonBad::Garbage(bytes) => {
                let mut text = b"~".to_vec();
                text.extend(bytes.iter().filter(|&&b| b != b'\n'));
                stream.bad(text, malformed, None);
            }
            NdjsonBad::InvalidUtf8 => {
                let mut text = b"{\"id\":\"A-\xFF".to_vec();
                text.extend_from_slice(format!(r#"","qty":{qty},"price":{price}}}"#).as_bytes());
                stream.bad(text, malformed, None);
            }
            NdjsonBad::InvalidUtf8Unread => {
                let mut text = whole.as_bytes()[..whole.len() - 1].to_vec();
                text.extend_from_slice(b",\"note\":\"\xFE\"}");
                stream.bad(text, malformed, None);
            }
            NdjsonBad::ExtraBrace => stream.bad(format!("{whole}}}"), malformed, None),
            NdjsonBad::UnclosedArrayUnread => {
                let text = format!(r#"{{"id":"{id}","note":[1,{{"a":2}},"qty":{qty}}}"#);
                stream.bad(text, malformed, None);
            }
            NdjsonBad::MismatchedBrackets => {
                let text = format!(r#"[{{"id":"{id}","qty":{qty},"price":{price}]}}"#);
                stream.bad(text, malformed, None);
            }
            NdjsonBad::QtyText => {
                let text = format!(r#"{{"id":"{id}","qty":"three","price":{price}}}"#);
                stream.bad(text, codes::TYPE_MISMATCH, None);
            }
        }
    }

    fn gap(stream: &mut Stream, gap: u8) {
        stream.push(["", "   ", "\t", "\r"][gap as usize % 4]);
    }

    fn end(_: &mut Stream, (): &()) {
        unreachable!("an NDJSON stream has no damage that ends it");
    }

    /// `serde_json`'s words, with the position inside the line.
    fn malformed_message(message: &str) -> bool {
        message.starts_with("invalid JSON: ") || message.starts_with("invalid UTF-8 or JSON: ")
    }
}

fn ndjson_bad() -> impl Strategy<Value = NdjsonBad> {
    prop_oneof![
        any::<Index>().prop_map(NdjsonBad::Truncated),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(NdjsonBad::Garbage),
        Just(NdjsonBad::InvalidUtf8),
        Just(NdjsonBad::InvalidUtf8Unread),
        Just(NdjsonBad::ExtraBrace),
        Just(NdjsonBad::UnclosedArrayUnread),
        Just(NdjsonBad::MismatchedBrackets),
        Just(NdjsonBad::QtyText),
    ]
}

// CSV with a header, cells inferred: a record per row, numbered by the
// line the row starts on (the header is line 1), line breaks inside quoted
// cells counted.

struct Csv;

#[derive(Debug, Clone)]
enum CsvBad {
    /// A row with this many fields (not 3).
    FieldCount(usize),
    /// A byte that is not UTF-8.
    InvalidUtf8,
    /// A quantity the mapping cannot multiply.
    QtyText,
}

/// A quote that never closes: the rest of the input is one record.
#[derive(Debug, Clone)]
struct Unclosed;

impl Syntax for Csv {
    type Bad = CsvBad;
    type End = Unclosed;

    fn spec() -> FormatSpec {
        let mut spec = FormatSpec::new(Format::Csv);
        spec.set_text("infer", "true").expect("a CSV option");
        spec
    }

    fn mapping() -> &'static str {
        "{ id: $.id, total: $.qty * $.price }"
    }

    fn begin(stream: &mut Stream, _: Option<&Unclosed>) {
        stream.push("id,qty,price\n");
    }

    fn good(stream: &mut Stream, order: &Order, plain: bool) {
        let (id, qty, price) = members(order);
        // After a quote that never closed, another quote would close it.
        let style = if plain {
            order.style % 2 * 3
        } else {
            order.style % 5
        };
        let text = match style {
            0 => format!("{id},{qty},{price}"),
            1 => format!("\"{id}\",{qty},{price}"),
            2 => format!("\"{}\",{qty},{price}", id.replace('-', "-\n")),
            3 => format!("{id},{qty},{price}\r"),
            _ => format!("\"{}\",{qty},{price}", id.replace('-', "\"\"-\"\"")),
        };
        stream.good(text);
    }

    fn bad(stream: &mut Stream, bad: &CsvBad, order: &Order) {
        let (id, qty, price) = members(order);
        let malformed = codes::MALFORMED_RECORD;
        match bad {
            CsvBad::FieldCount(n) => {
                let fields = [id, qty.to_string(), price, "9".into(), "x".into()];
                stream.bad(fields[..*n].join(","), malformed, Some(0));
            }
            CsvBad::InvalidUtf8 => {
                let mut text = b"A-\xFF".to_vec();
                text.extend_from_slice(format!(",{qty},{price}").as_bytes());
                stream.bad(text, malformed, Some(0));
            }
            CsvBad::QtyText => {
                stream.bad(format!("{id},three,{price}"), codes::TYPE_MISMATCH, None);
            }
        }
    }

    fn gap(stream: &mut Stream, gap: u8) {
        stream.push(["", "  ", "\t", "\r"][gap as usize % 4]);
    }

    fn end(stream: &mut Stream, Unclosed: &Unclosed) {
        // Its message is the quote's, or that of an invalid byte after it.
        stream.broken("A-0,\"3,2.50", None);
    }
}

fn csv_bad() -> impl Strategy<Value = CsvBad> {
    prop_oneof![
        prop::sample::select(vec![1, 2, 4, 5]).prop_map(CsvBad::FieldCount),
        Just(CsvBad::InvalidUtf8),
        Just(CsvBad::QtyText),
    ]
}

// XML, records at `orders/order`: a record per element, numbered by the
// line its start tag is on.

struct Xml;

#[derive(Debug, Clone)]
enum XmlBad {
    /// An end tag that names another element.
    MismatchedTag,
    /// A child element never closed.
    UnclosedChild,
    /// An entity no DOCTYPE may declare.
    UndefinedEntity,
    /// A byte that is not UTF-8.
    InvalidUtf8,
    /// A DOCTYPE declaring an entity, inside the record.
    DoctypeInRecord,
    /// A quantity `number()` refuses.
    QtyText,
}

/// Damage outside the records.
#[derive(Debug, Clone)]
enum XmlEnd {
    /// A DOCTYPE declaring an entity, in the prolog: the whole document
    /// is one failing record.
    EntityInProlog,
    /// A DOCTYPE between records.
    DoctypeBetween,
    /// An end tag between records that closes nothing open.
    StrayEndTag,
}

impl Syntax for Xml {
    type Bad = XmlBad;
    type End = XmlEnd;

    fn spec() -> FormatSpec {
        let mut spec = FormatSpec::new(Format::Xml);
        spec.set_text("record", "orders/order")
            .expect("an XML option");
        spec
    }

    fn mapping() -> &'static str {
        "{ id: $.id, total: number($.qty) * number($.price) }"
    }

    fn begin(stream: &mut Stream, end: Option<&XmlEnd>) {
        stream.push("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if let Some(XmlEnd::EntityInProlog) = end {
            let line = stream.line();
            stream.broken("<!DOCTYPE orders [<!ENTITY e \"x\">]>\n", Some(line));
        }
        stream.push("<orders>\n");
    }

    fn good(stream: &mut Stream, order: &Order, _plain: bool) {
        let (id, qty, price) = members(order);
        let text = match order.style % 4 {
            0 => format!("<order><id>{id}</id><qty>{qty}</qty><price>{price}</price></order>"),
            1 => format!(
                "  <order>\n    <id>{id}</id>\n    <qty>{qty}</qty>\n    <price>{price}</price>\n  </order>"
            ),
            2 => format!(
                "<order n=\"7\"><id><![CDATA[{id}]]></id><!-- c --><qty>{qty}</qty><price>{price}</price></order>"
            ),
            _ => format!(
                "<order><id>{}</id><empty/><qty>{qty}</qty><price>{price}</price></order>",
                id.replace('-', "&#45;")
            ),
        };
        stream.good(text);
    }

    fn bad(stream: &mut Stream, bad: &XmlBad, order: &Order) {
        let (id, qty, price) = members(order);
        let malformed = codes::MALFORMED_RECORD;
        let with = |id: &str, qty: &str, between: &str| {
            format!("<order>{between}<id>{id}</id><qty>{qty}</qty><price>{price}</price></order>")
        };
        match bad {
            XmlBad::MismatchedTag => {
                let text = with(&id, &qty.to_string(), "").replace("</qty>", "</qtx>");
                stream.bad(text, malformed, Some(0));
            }
            XmlBad::UnclosedChild => {
                let text = with(&id, &qty.to_string(), "").replacen("</id>", "", 1);
                stream.bad(text, malformed, Some(0));
            }
            XmlBad::UndefinedEntity => {
                let text = with(&format!("{id}&bogus;"), &qty.to_string(), "");
                stream.bad(text, malformed, Some(0));
            }
            XmlBad::InvalidUtf8 => {
                let text = with("A-\u{1}", &qty.to_string(), "");
                let raw: Vec<u8> = text
                    .bytes()
                    .map(|b| if b == 1 { 0xFF } else { b })
                    .collect();
                stream.bad(raw, malformed, Some(0));
            }
            XmlBad::DoctypeInRecord => {
                let doctype = "<!DOCTYPE order [<!ENTITY e \"x\">]>";
                stream.bad(with(&id, &qty.to_string(), doctype), malformed, Some(0));
            }
            XmlBad::QtyText => {
                stream.bad(with(&id, "three", ""), codes::INVALID_VALUE, None);
            }
        }
    }

    fn gap(stream: &mut Stream, gap: u8) {
        stream.push(["", "  ", "<!-- between -->", "<?note x?>"][gap as usize % 4]);
    }

    /// A record with a long member the mapping does not read: the
    /// splitter fills a chunk with records, not with what lies between.
    fn padding(stream: &mut Stream, bytes: usize) {
        let note = "x".repeat(bytes);
        stream.good(format!(
            "<order><id>P</id><note>{note}</note><qty>1</qty><price>1.00</price></order>"
        ));
    }

    fn end(stream: &mut Stream, end: &XmlEnd) {
        let line = Some(stream.line());
        match end {
            XmlEnd::EntityInProlog => {}
            XmlEnd::DoctypeBetween => stream.broken("<!DOCTYPE orders>", line),
            XmlEnd::StrayEndTag => stream.broken("</order>", line),
        }
    }

    fn before_records(end: &XmlEnd) -> bool {
        matches!(end, XmlEnd::EntityInProlog)
    }

    fn finish(stream: &mut Stream) {
        stream.push("</orders>\n");
    }
}

fn xml_bad() -> impl Strategy<Value = XmlBad> {
    prop_oneof![
        Just(XmlBad::MismatchedTag),
        Just(XmlBad::UnclosedChild),
        Just(XmlBad::UndefinedEntity),
        Just(XmlBad::InvalidUtf8),
        Just(XmlBad::DoctypeInRecord),
        Just(XmlBad::QtyText),
    ]
}

fn xml_end() -> impl Strategy<Value = XmlEnd> {
    prop_oneof![
        Just(XmlEnd::EntityInProlog),
        Just(XmlEnd::DoctypeBetween),
        Just(XmlEnd::StrayEndTag),
    ]
}

// YAML: a record per document, numbered by its `---` line (a bare first
// document by its first content line).

struct Yaml;

#[derive(Debug, Clone)]
enum YamlBad {
    /// A line indented under a scalar value.
    BadIndentation,
    /// A flow mapping that never closes.
    UnclosedFlowMapping,
    /// A key written twice.
    DuplicateKey,
    /// A byte that is not UTF-8.
    InvalidUtf8,
    /// A quantity the mapping cannot multiply.
    QtyText,
}

impl Syntax for Yaml {
    type Bad = YamlBad;
    /// None: a `---` line always ends a document.
    type End = ();

    fn spec() -> FormatSpec {
        FormatSpec::new(Format::Yaml)
    }

    fn mapping() -> &'static str {
        "{ id: $.id, total: $.qty * $.price }"
    }

    fn good(stream: &mut Stream, order: &Order, _plain: bool) {
        let (id, qty, price) = members(order);
        // Only the first document may go without `---`.
        let bare = stream.records.is_empty() && stream.bytes.iter().all(|&b| b == b'\n');
        let text = match order.style % 5 {
            0 => format!("---\nid: {id}\nqty: {qty}\nprice: {price}"),
            1 => format!("--- {{id: {id}, qty: {qty}, price: {price}}}"),
            2 => format!("---\n# an order\nid: \"{id}\"\nqty: {qty}\nprice: {price}\n..."),
            3 if bare => format!("id: {id}\nqty: {qty}\nprice: {price}"),
            _ => format!("---\nprice: {price}\nqty: {qty}\nid: '{id}'"),
        };
        stream.good(text);
    }

    fn bad(stream: &mut Stream, bad: &YamlBad, order: &Order) {
        let (id, qty, price) = members(order);
        let malformed = codes::MALFORMED_RECORD;
        match bad {
            YamlBad::BadIndentation => {
                let text = format!("---\nid: {id}\nqty: {qty}\n  bad: 4\nprice: {price}");
                stream.bad(text, malformed, Some(3));
            }
            YamlBad::UnclosedFlowMapping => {
                stream.bad(format!("---\n{{id: {id}, qty: {qty}"), malformed, Some(1));
            }
            YamlBad::DuplicateKey => {
                let text = format!("---\nid: {id}\nqty: {qty}\nid: {id}\nprice: {price}");
                stream.bad(text, malformed, Some(3));
            }
            YamlBad::InvalidUtf8 => {
                let text = format!("---\nid: \"A-\u{1}\"\nqty: {qty}\nprice: {price}");
                let raw: Vec<u8> = text
                    .bytes()
                    .map(|b| if b == 1 { 0xFF } else { b })
                    .collect();
                stream.bad(raw, malformed, Some(1));
            }
            YamlBad::QtyText => {
                let text = format!("---\nid: {id}\nqty: three\nprice: {price}");
                stream.bad(text, codes::TYPE_MISMATCH, None);
            }
        }
    }

    fn gap(stream: &mut Stream, gap: u8) {
        stream.push(["", "# between", "   ", "#"][gap as usize % 4]);
    }

    fn padding(stream: &mut Stream, bytes: usize) {
        stream.push(format!("#{}", "x".repeat(bytes.saturating_sub(1))));
    }

    fn end(_: &mut Stream, (): &()) {
        unreachable!("a YAML stream has no damage that ends it");
    }
}

fn yaml_bad() -> impl Strategy<Value = YamlBad> {
    prop_oneof![
        Just(YamlBad::BadIndentation),
        Just(YamlBad::UnclosedFlowMapping),
        Just(YamlBad::DuplicateKey),
        Just(YamlBad::InvalidUtf8),
        Just(YamlBad::QtyText),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ndjson_bad_lines_fail_alone(case in case(ndjson_bad(), Just(()), 0.0)) {
        check::<Ndjson>(&case)?;
    }

    #[test]
    fn csv_bad_rows_fail_alone(case in case(csv_bad(), Just(Unclosed), 0.25)) {
        check::<Csv>(&case)?;
    }

    #[test]
    fn xml_bad_records_fail_alone(case in case(xml_bad(), xml_end(), 0.25)) {
        check::<Xml>(&case)?;
    }

    #[test]
    fn yaml_bad_documents_fail_alone(case in case(yaml_bad(), Just(()), 0.0)) {
        check::<Yaml>(&case)?;
    }
}

/// Runs `input` as XML records at `orders/order`: the outputs and the
/// failures' record numbers and messages.
fn xml_records(input: &str) -> (String, Vec<(Option<u64>, String)>) {
    let mapping = Mapping::compile_str(Xml::mapping()).expect("the test's mapping compiles");
    let run = run(1, &mapping, &Xml::spec(), input.as_bytes());
    let failures = run.failures.into_iter().map(|f| (f.record, f.message));
    (run.out, failures.collect())
}

#[test]
fn a_doctype_inside_an_xml_record_fails_that_record_alone() {
    // Found by `xml_bad_records_fail_alone`: the splitter took a DOCTYPE
    // inside a record for damage outside the records, and the rest of the
    // stream became one failing record.
    let input = "<orders>\n\
        <order><!DOCTYPE order [<!ENTITY e \"x\">]><id>A-1</id><qty>1</qty><price>1.00</price></order>\n\
        <order><id>A-2</id><qty>2</qty><price>1.00</price></order>\n\
        </orders>\n";
    let (out, failures) = xml_records(input);
    assert_eq!(out, "{\"id\":\"A-2\",\"total\":2.00}\n");
    assert_eq!(
        failures,
        [(
            Some(2),
            "line 2, column 8: a DOCTYPE is only allowed before the root element".to_owned()
        )]
    );
}

#[test]
fn an_xml_declaration_inside_a_record_is_that_records_error() {
    // The same for a declaration the reader refuses.
    let input = "<orders>\n\
        <order><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><id>A-1</id><qty>1</qty><price>1.00</price></order>\n\
        <order><id>A-2</id><qty>2</qty><price>1.00</price></order>\n\
        </orders>\n";
    let (out, failures) = xml_records(input);
    assert_eq!(out, "{\"id\":\"A-2\",\"total\":2.00}\n");
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].0, Some(2));
    assert!(
        failures[0].1.starts_with("line 2, column 8: "),
        "{failures:?}"
    );
    assert!(failures[0].1.contains("UTF-8"), "{failures:?}");
}

/// The batch reads in chunks of this many bytes (`batch::CHUNK_BYTES`).
const BATCH_CHUNK: usize = 4 << 20;

/// A stream of about 13 MiB: 400 items of `bad`'s strategy (fixed by the
/// deterministic runner) with lines of padding between them, so that
/// records sit on both sides of several batch chunk boundaries; with
/// `end`, that damage three quarters in.
fn several_chunks<S: Syntax>(bad: impl Strategy<Value = S::Bad> + 'static, end: Option<S::End>)
where
    S::Bad: 'static,
{
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let items = prop::collection::vec(item(bad), 400)
        .new_tree(&mut runner)
        .expect("a value tree")
        .current();
    let mut padded = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i % 3 == 0 {
            padded.push(Item::Padding(1000 + i * 7919 % 200_000));
        }
        padded.push(item);
    }
    let end = end.map(|e| (padded.len() * 3 / 4, e));
    let case = Case { items: padded, end };
    let format = S::spec().format;
    let size = render::<S>(&case, false).bytes.len();
    assert!(size > 3 * BATCH_CHUNK, "{format}: {size} bytes");
    // Fewer runs than the generated cases get: these are big.
    match check_with::<S>(&case, &[3, 1], &[7, 1 << 16]) {
        Ok(run) => assert!(run.chunks > 2, "{format}: {} chunks", run.chunks),
        Err(e) => panic!("{format}: {e}"),
    }
}

#[test]
fn streams_of_several_batch_chunks() {
    several_chunks::<Ndjson>(ndjson_bad(), None);
    several_chunks::<Csv>(csv_bad(), None);
    several_chunks::<Csv>(csv_bad(), Some(Unclosed));
    several_chunks::<Xml>(xml_bad(), None);
    several_chunks::<Xml>(xml_bad(), Some(XmlEnd::DoctypeBetween));
    several_chunks::<Yaml>(yaml_bad(), None);
}
