//! Mapping many records: in parallel, output in input order, nothing lost.
//!
//! Records are mapped in chunks with rayon; each chunk's outputs are
//! written in order before the next. Every record ends as exactly one
//! output line or one reported failure.

use std::io::{self, Write};
use std::ops::Range;

use rayon::prelude::*;

use crate::Mapping;
use crate::error::RunError;
use crate::format::{self, InputFormat};

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

/// The accounting of a batch run: `records == outputs + failures` unless
/// the run stopped early (`stopped`), in which case unread records are not
/// counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Records read.
    pub records: u64,
    /// Outputs written.
    pub outputs: u64,
    /// Records that failed (malformed or mapping error).
    pub failures: u64,
    /// True when `OnError::Fail` stopped the run.
    pub stopped: bool,
}

/// Records per parallel chunk: large enough to amortize scheduling, small
/// enough to keep memory flat.
const CHUNK: usize = 4096;

/// Maps every record of `input` and writes one output per line to `out`;
/// each failure goes to `on_failure` (with its record number and the
/// record's raw bytes). Records are parsed inside the parallel chunk, so
/// only one chunk of parsed values is alive at a time.
pub fn run(
    mapping: &Mapping,
    input: &[u8],
    format: InputFormat,
    options: BatchOptions,
    out: &mut dyn Write,
    on_failure: &mut dyn FnMut(&RunError, &[u8]),
) -> io::Result<BatchReport> {
    let input = format::strip_bom(input);
    let mut report = BatchReport::default();
    let mut spans: Box<dyn Iterator<Item = (u64, Range<usize>)>> = match format {
        InputFormat::Json if format::is_blank(input) => Box::new(std::iter::empty()),
        InputFormat::Json => Box::new(std::iter::once((1, 0..input.len()))),
        InputFormat::Ndjson => Box::new(format::lines(input)),
    };
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut buf = Vec::new();
    loop {
        chunk.clear();
        chunk.extend(spans.by_ref().take(CHUNK));
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<Vec<u8>, RunError>> = chunk
            .par_iter()
            .with_min_len(64)
            .map(|(number, range)| map_one(mapping, *number, &input[range.clone()], options.pretty))
            .collect();
        buf.clear();
        for ((_, range), result) in chunk.iter().zip(results) {
            report.records += 1;
            match result {
                Ok(bytes) => {
                    buf.extend_from_slice(&bytes);
                    report.outputs += 1;
                }
                Err(e) => {
                    report.failures += 1;
                    out.write_all(&buf)?;
                    buf.clear();
                    on_failure(&e, &input[range.clone()]);
                    if options.on_error == OnError::Fail {
                        report.stopped = true;
                        out.flush()?;
                        return Ok(report);
                    }
                }
            }
        }
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(report)
}

fn map_one(mapping: &Mapping, number: u64, raw: &[u8], pretty: bool) -> Result<Vec<u8>, RunError> {
    let value = format::parse_record(raw, number)?;
    let mut out = Vec::with_capacity(raw.len());
    mapping
        .apply_to_json(&value, &mut out, pretty)
        .map_err(|e| e.with_record(number))?;
    out.push(b'\n');
    Ok(out)
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
            report,
            BatchReport {
                records: 4,
                outputs: 2,
                failures: 2,
                stopped: false
            }
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
    fn order_is_kept_across_chunks() {
        let input: String = (0..10_000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
        let (out, _, report) = run_str("$.n", &input, OnError::Fail);
        let expected: String = (0..10_000).map(|i| format!("{i}\n")).collect();
        assert_eq!(out, expected);
        assert_eq!(report.outputs, 10_000);
    }
}
