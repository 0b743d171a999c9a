//! Mapping many records: streamed, in parallel, output in input order,
//! nothing lost.
//!
//! NDJSON input is read in chunks of whole lines ([`LineChunks`]); each
//! chunk's records are parsed into Ferry's own values (`crate::doc`) and
//! mapped in parallel with rayon (on the caller's rayon pool, so
//! `ThreadPool::install` sets the thread count) while the next chunk is
//! read, then written in order (`chunk`), so memory stays at a few chunks
//! whatever the input's size. Every record ends as exactly one
//! output line or one reported failure: `records = outputs + failures`
//! unless the run stops early, and then the unread records are not counted.

mod chunk;
mod lines;
mod records;
mod stats;

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use chunk::{Group, map_chunk, write_chunk};
pub use lines::{Chunk, LineChunks, OwnedChunk};
pub use records::{MapRecords, map_records};
pub use stats::{Latency, LatencySummary, Stats};

use crate::Mapping;
use crate::error::RunError;
use crate::format::{self, InputFormat};
use crate::projection::Projection;

/// What to do when a record fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first failure, after writing every earlier output.
    #[default]
    Fail,
    /// Report the failure and go on.
    Skip,
}

/// Options of a batch run.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchOptions {
    /// Failure policy.
    pub on_error: OnError,
    /// Indented output instead of one compact line per record.
    pub pretty: bool,
}

/// The accounting of a batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    /// Records read.
    pub records: u64,
    /// Outputs written.
    pub outputs: u64,
    /// Records that failed (malformed or mapping error).
    pub failures: u64,
    /// True when `OnError::Fail` stopped the run at a failure.
    pub stopped: bool,
    /// True when the observer asked to stop (an interrupt): the records
    /// read so far were all finished and written.
    pub interrupted: bool,
    /// Input bytes consumed.
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Per-record latency.
    pub latency: Latency,
}

/// Hears about a run as it goes: failures (with the record's raw bytes, for
/// dead-letter files), progress after each chunk, and whether to stop.
pub trait Observer {
    /// A record failed.
    fn failure(&mut self, error: &RunError, raw: &[u8]);
    /// A chunk was written; `report` is the running total.
    fn progress(&mut self, _report: &BatchReport) {}
    /// True to stop before the next chunk (e.g. on SIGINT).
    fn interrupted(&self) -> bool {
        false
    }
}

impl<F: FnMut(&RunError, &[u8])> Observer for F {
    fn failure(&mut self, error: &RunError, raw: &[u8]) {
        self(error, raw)
    }
}

/// Bytes of input per chunk: enough records to keep every core busy, small
/// enough that memory stays flat.
const CHUNK_BYTES: usize = 4 << 20;

/// Maps every record of an in-memory `input`; see [`run_reader`].
pub fn run(
    mapping: &Mapping,
    input: &[u8],
    format: InputFormat,
    options: BatchOptions,
    out: &mut dyn Write,
    mut on_failure: &mut dyn FnMut(&RunError, &[u8]),
) -> io::Result<BatchReport> {
    run_reader(mapping, input, format, options, out, &mut on_failure)
}

/// Maps every record read from `reader` and writes one output per record
/// to `out`, in input order. Failures go to the observer with their record
/// number (the line number for NDJSON).
pub fn run_reader(
    mapping: &Mapping,
    mut reader: impl Read,
    format: InputFormat,
    options: BatchOptions,
    out: &mut dyn Write,
    observer: &mut dyn Observer,
) -> io::Result<BatchReport> {
    let start = Instant::now();
    let mut report = BatchReport::default();
    // Computed once per run: what each record's parse may skip.
    let projection = Projection::of(mapping);
    let mapping = (mapping, &projection);
    match format {
        InputFormat::Json => {
            let mut input = Vec::new();
            reader.read_to_end(&mut input)?;
            let input = format::strip_bom(&input);
            if !format::is_blank(input) {
                let lines = [(1, 0..input.len())];
                let groups = map_chunk(mapping, input, &lines, options.pretty, &mut Vec::new());
                write_chunk(&groups, input, &lines, options, out, observer, &mut report)?;
            }
        }
        InputFormat::Ndjson => {
            let mut chunks = LineChunks::new(reader, CHUNK_BYTES);
            // Groups' buffers, kept from chunk to chunk: buffers freed and
            // allocated anew for every chunk were handed back to the system
            // by the allocator and faulted in again (zeroed) each time.
            let mut spare = Vec::new();
            let mut next = chunks.next_owned()?;
            while let Some(chunk) = next.take() {
                if observer.interrupted() {
                    report.interrupted = true;
                    break;
                }
                // The next chunk is read on this thread while the pool maps
                // this one: reading is off the critical path.
                let mut groups = Vec::new();
                let read = rayon::in_place_scope(|scope| {
                    let (spare, groups, chunk) = (&mut spare, &mut groups, &chunk);
                    scope.spawn(move |_| {
                        *groups =
                            map_chunk(mapping, &chunk.bytes, &chunk.lines, options.pretty, spare)
                    });
                    chunks.next_owned()
                });
                let go_on = write_chunk(
                    &groups,
                    &chunk.bytes,
                    &chunk.lines,
                    options,
                    out,
                    observer,
                    &mut report,
                )?;
                if !go_on {
                    break;
                }
                spare.extend(groups.into_iter().map(Group::into_buffers));
                chunks.recycle(chunk);
                next = read?;
                observer.progress(&report);
            }
        }
    }
    out.flush()?;
    report.elapsed = start.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(map: &str, input: &str, on_error: OnError) -> (String, Vec<String>, BatchReport) {
        let mapping = Mapping::compile_str(map).unwrap();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let report = run(
            &mapping,
            input.as_bytes(),
            InputFormat::Ndjson,
            BatchOptions {
                on_error,
                pretty: false,
            },
            &mut out,
            &mut |e, _| errors.push(e.to_string()),
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), errors, report)
    }

    #[test]
    fn every_record_is_one_output_or_one_failure() {
        let input = "{\"n\":1}\n{\"n\":\"x\"}\n{bad\n{\"n\":3}\n";
        let (out, errors, report) = run_str("$.n * 2", input, OnError::Skip);
        assert_eq!(out, "2\n6\n");
        assert_eq!(errors.len(), 2);
        assert!(errors[0].starts_with("record 2: E0401"), "{}", errors[0]);
        assert!(errors[1].starts_with("record 3: E0406"), "{}", errors[1]);
        assert_eq!(
            (
                report.records,
                report.outputs,
                report.failures,
                report.stopped
            ),
            (4, 2, 2, false)
        );
    }

    #[test]
    fn fail_policy_stops_after_writing_earlier_outputs() {
        let input = "{\"n\":1}\n{\"n\":2}\n{\"n\":\"x\"}\n{\"n\":4}\n";
        let (out, errors, report) = run_str("$.n * 2", input, OnError::Fail);
        assert_eq!(out, "2\n4\n");
        assert_eq!(errors.len(), 1);
        assert!(report.stopped);
        assert_eq!((report.records, report.outputs, report.failures), (3, 2, 1));
    }

    #[test]
    fn streams_in_chunks_with_line_numbers_across_them() {
        let mapping = Mapping::compile_str("$.n").unwrap();
        let input: String = (0..50_000)
            .map(|i| {
                if i == 30_000 {
                    "{bad\n".to_owned()
                } else {
                    format!("{{\"n\":{i}}}\n")
                }
            })
            .collect();
        let mut out = Vec::new();
        let mut failures = Vec::new();
        let options = BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        };
        let report = run_reader(
            &mapping,
            input.as_bytes(),
            InputFormat::Ndjson,
            options,
            &mut out,
            &mut |e: &RunError, _: &[u8]| failures.push(e.info().record),
        )
        .unwrap();
        assert_eq!(failures, [Some(30_001)]);
        assert_eq!(
            (report.records, report.outputs, report.bytes),
            (50_000, 49_999, input.len() as u64)
        );
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 49_999);
        assert!(report.latency.max_us() >= report.latency.quantile_us(0.5));
    }

    #[test]
    fn an_interrupt_stops_between_chunks_with_everything_read_written() {
        struct StopAfterFirst(bool);
        impl Observer for StopAfterFirst {
            fn failure(&mut self, _: &RunError, _: &[u8]) {}
            fn progress(&mut self, _: &BatchReport) {
                self.0 = true;
            }
            fn interrupted(&self) -> bool {
                self.0
            }
        }
        let mapping = Mapping::compile_str("$.n").unwrap();
        let input: String = (0..400_000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
        let mut out = Vec::new();
        let options = BatchOptions::default();
        let report = run_reader(
            &mapping,
            input.as_bytes(),
            InputFormat::Ndjson,
            options,
            &mut out,
            &mut StopAfterFirst(false),
        )
        .unwrap();
        assert!(report.interrupted);
        assert!(report.records > 0 && report.records < 400_000);
        assert_eq!(report.outputs, report.records);
        assert_eq!(
            out.iter().filter(|&&b| b == b'\n').count() as u64,
            report.outputs
        );
    }

    #[test]
    fn map_records_keeps_order_and_numbers_across_chunks() {
        let mapping = Mapping::compile_str("$.n + 1").unwrap();
        let records = (0..10_000).map(|n| {
            if n == 5000 {
                serde_json::json!({"n": "x"})
            } else {
                serde_json::json!({"n": n})
            }
        });
        let results: Vec<_> = map_records(&mapping, records).collect();
        assert_eq!(results.len(), 10_000);
        assert_eq!(results[9999].as_ref().unwrap(), &serde_json::json!(10_000));
        assert_eq!(
            results[5000].as_ref().unwrap_err().info().record,
            Some(5001)
        );
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);
    }

    #[test]
    fn order_is_kept_across_chunks() {
        let input: String = (0..10_000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
        let (out, _, report) = run_str("$.n", &input, OnError::Fail);
        let expected: String = (0..10_000).map(|i| format!("{i}\n")).collect();
        assert_eq!(out, expected);
        assert_eq!(report.outputs, 10_000);
    }
}
