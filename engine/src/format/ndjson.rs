//! NDJSON records: one JSON value per line.

use serde::Deserialize;

use crate::error::RunError;
use crate::{codes, doc};

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
/// number. Arrays and objects may nest [`doc::DEFAULT_MAX_DEPTH`] levels.
pub fn parse_record(bytes: &[u8], number: u64) -> Result<serde_json::Value, RunError> {
    parse_record_with_limit(bytes, number, doc::DEFAULT_MAX_DEPTH)
}

/// [`parse_record`], nesting at most `max_depth` levels (at most
/// [`doc::MAX_DEPTH_LIMIT`]): the same limit, and the same words, as the
/// batch path's record parser.
pub fn parse_record_with_limit(
    bytes: &[u8],
    number: u64,
    max_depth: u32,
) -> Result<serde_json::Value, RunError> {
    let limit = max_depth.min(doc::MAX_DEPTH_LIMIT);
    let depth = doc::nesting_depth(bytes);
    if depth > limit as usize {
        return Err(too_deep(depth, limit).with_record(number));
    }
    // `serde_json`'s own limit (127 levels) gives way to ours, checked above.
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    reader.disable_recursion_limit();
    let parsed = serde_json::Value::deserialize(&mut reader).and_then(|v| reader.end().map(|()| v));
    parsed.map_err(|e| {
        let what = if std::str::from_utf8(bytes).is_err() && e.is_syntax() {
            "invalid UTF-8 or JSON"
        } else {
            "invalid JSON"
        };
        RunError::new(codes::MALFORMED_RECORD, format!("{what}: {}", reworded(&e)))
            .with_record(number)
    })
}

/// `serde_json`'s message, with its two words for a lone UTF-16 surrogate
/// (`\ud800` not followed by a low half reads "unexpected end of hex
/// escape", a lone `\udc00` "lone leading surrogate") put plainly.
fn reworded(e: &serde_json::Error) -> String {
    let text = e.to_string();
    for serde_words in [
        "unexpected end of hex escape",
        "lone leading surrogate in hex escape",
    ] {
        if let Some(rest) = text.strip_prefix(serde_words) {
            return format!(
                "a lone UTF-16 surrogate in a \\u escape (\\ud800 to \\udfff only come in pairs, high then low){rest}"
            );
        }
    }
    text
}

/// The error of a record nesting `depth` levels, over `limit`.
pub(crate) fn too_deep(depth: usize, limit: u32) -> RunError {
    // At the highest limit there is nothing left to raise.
    let hint = if limit < doc::MAX_DEPTH_LIMIT {
        "raise it with --max-depth, or Mapping::with_max_input_depth"
    } else {
        "the highest limit there is"
    };
    RunError::new(
        codes::MALFORMED_RECORD,
        format!("invalid JSON: nesting depth {depth} exceeds the limit of {limit} ({hint})"),
    )
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

    #[test]
    fn deep_records_name_their_depth_and_the_limit() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        assert!(parse_record(nested(128).as_bytes(), 1).is_ok());
        let err = parse_record(nested(129).as_bytes(), 4).unwrap_err();
        assert_eq!(err.code(), codes::MALFORMED_RECORD);
        assert!(
            err.to_string()
                .contains("nesting depth 129 exceeds the limit of 128"),
            "{err}"
        );
        let err = parse_record_with_limit(b"[[1]", 1, 1000).unwrap_err();
        assert!(err.to_string().contains("EOF"), "{err}");
        // Deep values need stack to be read and dropped; the batch path grows it.
        stacker::grow(8 << 20, || {
            assert!(parse_record_with_limit(nested(1000).as_bytes(), 1, 1000).is_ok());
        });
    }
}
