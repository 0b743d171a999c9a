//! One chunk of a batch: its records mapped in parallel, a group of 64
//! per task into one reusable buffer, then written in input order with
//! the accounting and the failure policy.

use std::io::{self, Write};
use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{BatchOptions, BatchReport, Observer, OnError, WriteFailed, limits};
use crate::error::RunError;
use crate::format::{self, Encoder, Parsed, RecordReader};
use crate::projection::{Keep, Projection};
use crate::{Mapping, codes, doc};

/// Records per parallel task: each task writes its outputs into one
/// buffer, so a record's output costs no allocation of its own.
const GROUP_RECORDS: usize = 64;

/// A group's buffers, reused from chunk to chunk.
#[derive(Default)]
pub(super) struct Buffers {
    text: Vec<u8>,
    records: Vec<(usize, Result<(), RunError>, Duration)>,
}

/// What one task made of its group of records.
pub(super) struct Group {
    /// The outputs, one after another.
    text: Vec<u8>,
    /// Per record: how far `text` reaches once it is mapped, its error if
    /// it failed, and how long it took.
    records: Vec<(usize, Result<(), RunError>, Duration)>,
}

impl Group {
    pub(super) fn into_buffers(self) -> Buffers {
        Buffers {
            text: self.text,
            records: self.records,
        }
    }
}

/// What the workers do with each record: read it with `reader`, map it,
/// and write the output as JSON text or with an encoder.
pub(super) struct Job<'j> {
    pub mapping: &'j Mapping,
    pub projection: &'j Projection,
    pub reader: &'j dyn RecordReader,
    pub output: Output<'j>,
}

/// How outputs are written.
#[derive(Clone, Copy)]
pub(super) enum Output<'j> {
    /// JSON text, one compact line (or an indented document) per output:
    /// the executor writes it as it computes.
    Json { pretty: bool },
    /// By a format's encoder, from the output value.
    Encoded(&'j dyn Encoder),
}

/// Maps one chunk's records in parallel, a group per task, into buffers
/// taken from `spare` when it has some.
pub(super) fn map_chunk(
    job: &Job<'_>,
    bytes: &[u8],
    lines: &[(u64, Range<usize>)],
    spare: &mut Vec<Buffers>,
) -> Vec<Group> {
    let count = lines.len().div_ceil(GROUP_RECORDS);
    if spare.len() < count {
        spare.resize_with(count, Buffers::default);
    }
    let buffers: Vec<Buffers> = spare.drain(..count).collect();
    lines
        .par_chunks(GROUP_RECORDS)
        .zip(buffers)
        .map(|(group, buffers)| map_group(job, bytes, group, buffers))
        .collect()
}

/// Writes a mapped chunk in order and accounts for it; false when the
/// failure policy stops the run.
pub(super) fn write_chunk(
    groups: &[Group],
    bytes: &[u8],
    lines: &[(u64, Range<usize>)],
    options: BatchOptions,
    out: &mut dyn Write,
    observer: &mut dyn Observer,
    report: &mut BatchReport,
) -> io::Result<bool> {
    report.bytes += bytes.len() as u64;
    let mut numbered = lines.iter();
    for group in groups {
        // Outputs count as written once their text is handed to `out`.
        let mut written = 0;
        let mut pending = 0;
        for (end, result, took) in &group.records {
            // One entry per line, in order: the zip cannot fall short.
            let Some((_, range)) = numbered.next() else {
                break;
            };
            match result {
                Ok(()) => pending += 1,
                Err(e) => {
                    // Outputs before the failure go out before its report.
                    write_out(out, &group.text[written..*end], report, pending)?;
                    written = *end;
                    pending = 0;
                    if e.code() == codes::INTERRUPTED {
                        // Not mapped: neither an output nor a failure. The
                        // records after it are not written either, so that
                        // the output is the input's first records, in order.
                        report.interrupted = true;
                        return Ok(false);
                    }
                    report.records += 1;
                    report.latency.record(*took);
                    report.failures += 1;
                    observer.failure(e, &bytes[range.clone()]);
                    if options.on_error == OnError::Fail {
                        report.stopped = true;
                        return Ok(false);
                    }
                    continue;
                }
            }
            report.records += 1;
            report.latency.record(*took);
        }
        write_out(out, &group.text[written..], report, pending)?;
    }
    Ok(true)
}

/// Writes the text of `outputs` outputs and counts them; a failed write
/// says how many outputs were written before it ([`WriteFailed`]).
pub(super) fn write_out(
    out: &mut dyn Write,
    text: &[u8],
    report: &mut BatchReport,
    outputs: u64,
) -> io::Result<()> {
    if let Err(source) = out.write_all(text) {
        return Err(WriteFailed::wrap(report.outputs, source));
    }
    report.outputs += outputs;
    Ok(())
}

/// Maps a group of records into one buffer.
fn map_group(
    job: &Job<'_>,
    bytes: &[u8],
    group: &[(u64, Range<usize>)],
    Buffers {
        mut text,
        mut records,
    }: Buffers,
) -> Group {
    text.clear();
    records.clear();
    text.reserve(group.iter().map(|(_, r)| r.len()).sum());
    records.extend(group.iter().map(|(number, range)| {
        let started = Instant::now();
        let result = map_one(job, *number, &bytes[range.clone()], &mut text);
        (text.len(), result, started.elapsed())
    }));
    Group { text, records }
}

/// Maps one record and appends its output to `out`; on error `out` is
/// left as it was.
pub(super) fn map_one(
    job: &Job<'_>,
    number: u64,
    raw: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), RunError> {
    let max_depth = job.mapping.max_input_depth();
    if max_depth > doc::DEFAULT_MAX_DEPTH {
        // Parsing, mapping, writing and dropping a record recurse once per
        // level: a limit raised above the default gets the stack it needs,
        // whatever thread runs it.
        let stack = STACK_PER_LEVEL * max_depth as usize;
        return stacker::maybe_grow(stack, stack, || map_one_here(job, number, raw, out));
    }
    map_one_here(job, number, raw, out)
}

/// Stack a record may need per level of nesting, with room to spare.
const STACK_PER_LEVEL: usize = 8 * 1024;

/// [`map_one`] on the current stack.
fn map_one_here(job: &Job<'_>, number: u64, raw: &[u8], out: &mut Vec<u8>) -> Result<(), RunError> {
    ARENA
        .with_borrow_mut(|arena| {
            arena.reset();
            limits::check_record(job.mapping, raw)?;
            let keep = job.projection.keep();
            let parsed = job.reader.parse(raw, number, keep, arena)?;
            limits::check_strings(job.mapping, raw, &parsed)?;
            match job.apply(&parsed, out) {
                // A violation's message may quote the value it is about,
                // and sensitive values are masked wherever they appear in
                // a message: both look at members the projection skipped.
                // The error is worded again from the whole record, so it
                // is the library path's (the verdict is the same, see
                // `projection`).
                Err(e)
                    if !job.projection.need().is_all()
                        && matches!(parsed, Parsed::Node(_))
                        && (e.code() == codes::INPUT_CONTRACT || job.masks_values()) =>
                {
                    let whole = job.reader.parse(raw, number, Keep::all(), arena)?;
                    job.apply(&whole, out)
                }
                done => done,
            }
        })
        .map_err(|e| e.with_record(number))
}

impl Job<'_> {
    /// True when errors mask the values an input schema marks sensitive.
    fn masks_values(&self) -> bool {
        self.mapping
            .contracts()
            .input
            .as_ref()
            .is_some_and(|schema| !schema.sensitive().is_empty())
    }

    /// Maps one parsed record and appends its output.
    fn apply(&self, parsed: &Parsed<'_>, out: &mut Vec<u8>) -> Result<(), RunError> {
        let mapping = self.mapping;
        match (self.output, parsed) {
            (Output::Json { pretty }, Parsed::Node(node)) => {
                mapping.apply_doc_to_json(node, out, pretty)?;
                out.push(b'\n');
            }
            (Output::Json { pretty }, Parsed::Value(value)) => {
                mapping.apply_to_json(value, out, pretty)?;
                out.push(b'\n');
            }
            (Output::Encoded(encoder), Parsed::Node(node)) => {
                encoder.record(&mapping.apply_doc_value(node)?, out)?;
            }
            (Output::Encoded(encoder), Parsed::Value(value)) => {
                encoder.record(&mapping.apply(value)?, out)?;
            }
        }
        Ok(())
    }
}

/// JSON and NDJSON records: parsed into the arena, or, when the arena
/// parser refuses them, by `serde_json`, which words the error (were the
/// two parsers ever to disagree, the record would still map correctly).
pub(crate) struct JsonReader {
    /// Levels of nesting a record may have.
    pub max_depth: u32,
}

impl RecordReader for JsonReader {
    fn parse<'a>(
        &self,
        raw: &'a [u8],
        number: u64,
        keep: &Keep,
        arena: &'a bumpalo::Bump,
    ) -> Result<Parsed<'a>, RunError> {
        match doc::parse_with_limit(raw, keep, arena, self.max_depth) {
            Ok(node) => Ok(Parsed::Node(node)),
            Err(doc::Refused::TooDeep { depth, limit }) => {
                Err(format::too_deep(depth, limit).with_record(number))
            }
            Err(doc::Refused::Malformed) => {
                format::parse_record_with_limit(raw, number, self.max_depth).map(Parsed::Value)
            }
        }
    }
}

thread_local! {
    /// Each worker's arena for the record it is mapping: reset, not freed,
    /// between records, so parsing allocates nothing once it is warm.
    static ARENA: std::cell::RefCell<bumpalo::Bump> = std::cell::RefCell::new(bumpalo::Bump::new());
}
