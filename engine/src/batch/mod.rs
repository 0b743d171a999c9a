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
mod limits;
mod lines;
pub(crate) mod read_buffer;

pub use limits::{DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_STRING_BYTES};
pub(crate) use read_buffer::record_too_large;
mod records;
mod stats;

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

pub(crate) use chunk::JsonReader;
use chunk::{Group, Job, Output, map_chunk, map_one, write_chunk, write_out};
pub use lines::{Chunk, LineChunks, OwnedChunk};
pub use records::{MapRecords, map_records};
pub use stats::{Latency, LatencySummary, Stats};

use crate::Mapping;
use crate::error::RunError;
use crate::format::{self, Encoder, Format, FormatSpec, InputFormat, RecordReader};
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

/// Writing the output failed: the error of [`run_formats`] when a write
/// does, wrapped in an `io::Error` of the same kind (a closed pipe is
/// still `BrokenPipe`), saying how many outputs were written before it.
///
/// Written means handed to the output: with a buffered writer, the last
/// of them may not have reached the file.
#[derive(Debug)]
pub struct WriteFailed {
    /// Outputs written before the failure.
    pub written: u64,
    /// The failure.
    pub source: io::Error,
}

impl WriteFailed {
    fn wrap(written: u64, source: io::Error) -> io::Error {
        let kind = source.kind();
        io::Error::new(kind, WriteFailed { written, source })
    }

    /// The `WriteFailed` inside an error of [`run_formats`], if a write
    /// failed.
    pub fn of(error: &io::Error) -> Option<&WriteFailed> {
        error.get_ref()?.downcast_ref()
    }
}

impl std::fmt::Display for WriteFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let outputs = if self.written == 1 {
            "output"
        } else {
            "outputs"
        };
        write!(
            f,
            "writing the output failed after {} {outputs}: {}",
            self.written, self.source
        )
    }
}

impl std::error::Error for WriteFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
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
    reader: impl Read + Send,
    format: InputFormat,
    options: BatchOptions,
    out: &mut dyn Write,
    observer: &mut dyn Observer,
) -> io::Result<BatchReport> {
    run_formats(
        mapping,
        Box::new(reader),
        &FormatSpec::new(format.into()),
        &FormatSpec::new(Format::Ndjson),
        options,
        out,
        observer,
    )
}

/// Maps every record of `reader`, read as `input` says, and writes the
/// outputs to `out` as `output` says: any format to any format, streamed
/// and in parallel, outputs in input order. Failures go to the observer
/// with their record number (the line the record starts on).
///
/// An input that cannot be opened at all (a CSV header that does not
/// parse) is one failed record. An output format the options cannot
/// describe (CSV columns nobody names) is an `InvalidInput` error.
pub fn run_formats(
    mapping: &Mapping,
    reader: Box<dyn Read + Send + '_>,
    input: &FormatSpec,
    output: &FormatSpec,
    options: BatchOptions,
    out: &mut dyn Write,
    observer: &mut dyn Observer,
) -> io::Result<BatchReport> {
    let start = Instant::now();
    let mut report = BatchReport::default();
    // Computed once per run: what each record's parse may skip.
    let projection = Projection::of(mapping);
    let max_depth = mapping.max_input_depth();
    let (mut chunks, reader) = match format::open(reader, input, CHUNK_BYTES, max_depth) {
        Ok(mut opened) => {
            let max_record = usize::try_from(mapping.max_record_bytes()).unwrap_or(usize::MAX);
            opened.0.limit_record(max_record);
            opened
        }
        Err(e) => {
            report.records = 1;
            report.failures = 1;
            report.stopped = options.on_error == OnError::Fail;
            observer.failure(&e, &[]);
            report.elapsed = start.elapsed();
            return Ok(report);
        }
    };
    let mut encoder = Encoding::new(mapping, output, options.pretty)?;
    let mut text = Vec::new();
    encoder.begin(&mut text);
    write_out(out, &text, &mut report, 0)?;
    let mut spare = Vec::new();
    let mut next = chunks.next_owned()?;
    while let Some(chunk) = next.take() {
        if observer.interrupted() {
            report.interrupted = true;
            break;
        }
        let output = encoder
            .ready(mapping, &projection, &*reader, &chunk, out)
            .map_err(|e| WriteFailed::wrap(report.outputs, e))?;
        let job = Job {
            mapping,
            projection: &projection,
            reader: &*reader,
            output,
        };
        // The next chunk is read on this thread while the pool maps
        // this one: reading is off the critical path.
        let mut groups = Vec::new();
        let read = rayon::in_place_scope(|scope| {
            let (spare, groups, chunk, job) = (&mut spare, &mut groups, &chunk, &job);
            scope.spawn(move |_| *groups = map_chunk(job, &chunk.bytes, &chunk.lines, spare));
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
    text.clear();
    encoder.finish(&mut text);
    write_out(out, &text, &mut report, 0)?;
    if let Err(source) = out.flush() {
        return Err(WriteFailed::wrap(report.outputs, source));
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The output side of a run: JSON, or an encoder, which for CSV without
/// known columns waits for the first output to name them.
enum Encoding {
    Json {
        pretty: bool,
    },
    Ready(Box<dyn Encoder>),
    /// CSV whose columns come from the first output.
    Pending(FormatSpec),
}

impl Encoding {
    fn new(mapping: &Mapping, spec: &FormatSpec, pretty: bool) -> io::Result<Encoding> {
        let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
        Ok(match spec.format {
            Format::Json | Format::Ndjson => Encoding::Json { pretty },
            Format::Csv | Format::Tsv => {
                let columns = spec.csv.columns.clone().or_else(|| {
                    // Flattened columns depend on the values.
                    mapping.output_keys().filter(|_| spec.csv.flatten.is_none())
                });
                match columns {
                    Some(columns) => Encoding::Ready(format::csv_encoder(&spec.csv, columns)),
                    None => Encoding::Pending(spec.clone()),
                }
            }
            Format::Yaml | Format::Xml => Encoding::Ready(format::encoder(spec).map_err(invalid)?),
        })
    }

    /// What comes before the first output, when the encoder is known.
    fn begin(&self, out: &mut Vec<u8>) {
        if let Encoding::Ready(encoder) = self {
            encoder.begin(out);
        }
    }

    /// The output for the workers. CSV columns that come from the first
    /// output are found in this chunk (its header written then); a chunk
    /// in which no record maps has only failures, and writes nothing.
    fn ready<'e>(
        &'e mut self,
        mapping: &Mapping,
        projection: &Projection,
        reader: &dyn RecordReader,
        chunk: &OwnedChunk,
        out: &mut dyn Write,
    ) -> io::Result<Output<'e>> {
        if let Encoding::Pending(spec) = self {
            let job = Job {
                mapping,
                projection,
                reader,
                output: Output::Json { pretty: false },
            };
            // The columns come from the first output that can be written
            // with them: an output that fails, or cannot be a row, names
            // nothing. When no output of the chunk can be written, the
            // first one's columns are kept, and each fails with E0410.
            let mut first_mapped = None;
            let found = chunk.lines.iter().find_map(|(number, range)| {
                let mut text = Vec::new();
                map_one(&job, *number, &chunk.bytes[range.clone()], &mut text).ok()?;
                let output: serde_json::Value = serde_json::from_slice(&text).ok()?;
                let columns = format::csv_columns(&output, spec.csv.flatten.as_deref());
                let encoder = format::csv_encoder(&spec.csv, columns.clone());
                if encoder.record(&output, &mut Vec::new()).is_ok() {
                    return Some(encoder);
                }
                first_mapped.get_or_insert(columns);
                None
            });
            let encoder = match (found, first_mapped) {
                (Some(encoder), _) => encoder,
                (None, Some(columns)) => format::csv_encoder(&spec.csv, columns),
                // Every record fails to map: nothing is written.
                (None, None) => return Ok(Output::Json { pretty: false }),
            };
            let mut text = Vec::new();
            encoder.begin(&mut text);
            out.write_all(&text)?;
            *self = Encoding::Ready(encoder);
        }
        Ok(match self {
            Encoding::Json { pretty } => Output::Json { pretty: *pretty },
            Encoding::Ready(encoder) => Output::Encoded(&**encoder),
            Encoding::Pending(_) => Output::Json { pretty: false },
        })
    }

    /// What comes after the last output.
    fn finish(&self, out: &mut Vec<u8>) {
        if let Encoding::Ready(encoder) = self {
            encoder.end(out);
        }
    }
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
