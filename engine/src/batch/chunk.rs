//! One chunk of a batch: its records mapped in parallel, a group of 64
//! per task into one reusable buffer, then written in input order with
//! the accounting and the failure policy.

use std::io::{self, Write};
use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{BatchOptions, BatchReport, Observer, OnError};
use crate::Mapping;
use crate::doc;
use crate::error::RunError;
use crate::format;
use crate::projection::Projection;

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

/// Maps one chunk's records in parallel, a group per task, into buffers
/// taken from `spare` when it has some.
pub(super) fn map_chunk(
    mapping: (&Mapping, &Projection),
    bytes: &[u8],
    lines: &[(u64, Range<usize>)],
    pretty: bool,
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
        .map(|(group, buffers)| map_group(mapping, bytes, group, pretty, buffers))
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
        let mut written = 0;
        for (end, result, took) in &group.records {
            // One entry per line, in order: the zip cannot fall short.
            let Some((_, range)) = numbered.next() else {
                break;
            };
            report.records += 1;
            report.latency.record(*took);
            match result {
                Ok(()) => report.outputs += 1,
                Err(e) => {
                    report.failures += 1;
                    // Outputs before the failure go out before its report.
                    out.write_all(&group.text[written..*end])?;
                    written = *end;
                    observer.failure(e, &bytes[range.clone()]);
                    if options.on_error == OnError::Fail {
                        report.stopped = true;
                        return Ok(false);
                    }
                }
            }
        }
        out.write_all(&group.text[written..])?;
    }
    Ok(true)
}

/// Maps a group of records into one buffer.
fn map_group(
    mapping: (&Mapping, &Projection),
    bytes: &[u8],
    group: &[(u64, Range<usize>)],
    pretty: bool,
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
        let result = map_one(mapping, *number, &bytes[range.clone()], pretty, &mut text);
        (text.len(), result, started.elapsed())
    }));
    Group { text, records }
}

/// Maps one record and appends its output line to `out`; on error `out`
/// is left as it was.
fn map_one(
    (mapping, projection): (&Mapping, &Projection),
    number: u64,
    raw: &[u8],
    pretty: bool,
    out: &mut Vec<u8>,
) -> Result<(), RunError> {
    ARENA
        .with_borrow_mut(|arena| {
            arena.reset();
            match doc::parse(raw, projection.keep(), arena) {
                Ok(record) => match mapping.apply_doc_to_json(&record, out, pretty) {
                    // A violation's message may quote the value it is
                    // about, members the projection skipped included: it
                    // is worded again from the whole record (the verdict
                    // and the places are the same, see `projection`).
                    Err(e)
                        if e.code() == crate::codes::INPUT_CONTRACT
                            && !projection.need().is_all() =>
                    {
                        match doc::parse(raw, crate::projection::Keep::all(), arena) {
                            Ok(whole) => mapping.apply_doc_to_json(&whole, out, pretty),
                            Err(doc::Malformed) => Err(e),
                        }
                    }
                    done => done,
                },
                // Malformed: serde_json words the error. (Were the two parsers
                // ever to disagree, the record would still map correctly.)
                Err(doc::Malformed) => {
                    let value = format::parse_record(raw, number)?;
                    mapping.apply_to_json(&value, out, pretty)
                }
            }
        })
        .map_err(|e| e.with_record(number))?;
    out.push(b'\n');
    Ok(())
}

thread_local! {
    /// Each worker's arena for the record it is mapping: reset, not freed,
    /// between records, so parsing allocates nothing once it is warm.
    static ARENA: std::cell::RefCell<bumpalo::Bump> = std::cell::RefCell::new(bumpalo::Bump::new());
}
