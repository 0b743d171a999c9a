//! NDJSON records: one JSON value per line.

use crate::codes;
use crate::error::RunError;

/// One input record: its number (the line number for NDJSON, 1 for a
/// single document) and its value or why it could not be read.
#[derive(Debug)]
pub struct Record {
    /// 1-based record number: the line it starts on.
    pub number: u64,
    /// The raw bytes of the record (for dead-letter output).
    pub raw: std::ops::Range<usize>,
    /// The parsed value, or the reason it is malformed.
    pub value: Result<serde_json::Value, RunError>,
}

/// Splits `input` into records according to `format`. Blank lines are not
/// records. A line that is not valid JSON (truncated, trailing garbage,
/// invalid UTF-8) becomes a failed record with code E0406.
pub fn records(input: &[u8], format: super::InputFormat) -> Vec<Record> {
    let input = super::strip_bom(input);
    match format {
        super::InputFormat::Json if super::is_blank(input) => Vec::new(),
        super::InputFormat::Json => {
            vec![Record {
                number: 1,
                raw: 0..input.len(),
                value: parse_record(input, 1),
            }]
        }
        super::InputFormat::Ndjson => {
            // The batch reader's line splitter, over the whole input as one
            // chunk: the same line numbers and blank-line rule everywhere.
            let mut chunks = crate::batch::LineChunks::new(input, input.len().saturating_add(1));
            let Ok(Some(chunk)) = chunks.next_chunk() else {
                return Vec::new();
            };
            chunk
                .lines
                .into_iter()
                .map(|(number, range)| Record {
                    number,
                    value: parse_record(&chunk.bytes[range.clone()], number),
                    raw: range,
                })
                .collect()
        }
    }
}

/// Parses one record's bytes; a failure is error E0406 with the record
/// number.
pub fn parse_record(bytes: &[u8], number: u64) -> Result<serde_json::Value, RunError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let what = if std::str::from_utf8(bytes).is_err() && e.is_syntax() {
            "invalid UTF-8 or JSON"
        } else {
            "invalid JSON"
        };
        RunError::new(codes::MALFORMED_RECORD, format!("{what}: {e}")).with_record(number)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::InputFormat;

    #[test]
    fn malformed_lines_fail_alone_with_their_line_number() {
        let input = b"{\"a\":1}\n\n{\"a\":\n{\"a\":3} x\n\xff\xfe\n{\"a\":4}";
        let recs = records(input, InputFormat::Ndjson);
        let summary: Vec<(u64, bool)> = recs.iter().map(|r| (r.number, r.value.is_ok())).collect();
        assert_eq!(
            summary,
            [(1, true), (3, false), (4, false), (5, false), (6, true)]
        );
        let err = recs[1].value.as_ref().unwrap_err();
        assert_eq!(err.code(), codes::MALFORMED_RECORD);
        assert_eq!(err.info().record, Some(3));
    }
}
