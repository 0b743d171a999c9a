//! Payload formats: how bytes become records and outputs become bytes.
//!
//! JSON (one document is one record), NDJSON (one record per line), YAML
//! (one record per document), CSV/TSV (one record per row) and XML (the
//! document, or each element at a record path). Each format is a splitter,
//! a record parser and an encoder ([`codec`]); the batch path runs them
//! all the same way. A malformed record is a failure of that record alone,
//! with its line; reading goes on at the next record where the format
//! allows it.

pub mod codec;
mod delimited;
mod ndjson;
mod options;
mod xml;
mod yaml;

pub use codec::{Chunks, Encoder, Parsed, Position, RecordReader};
pub use ndjson::{Record, parse_record, records};
pub use options::{CsvOptions, EmptyCell, Format, FormatSpec, XmlOptions};

/// The input without a leading UTF-8 byte-order mark, which some Windows
/// tools write and JSON does not allow.
pub fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input)
}

/// True when the input holds nothing but whitespace: no records at all.
pub fn is_blank(input: &[u8]) -> bool {
    input.iter().all(u8::is_ascii_whitespace)
}

/// How the input is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON document: one record.
    Json,
    /// Newline-delimited JSON: one record per non-blank line.
    Ndjson,
}

impl InputFormat {
    /// The format a file name implies (`.ndjson`, `.jsonl` → NDJSON).
    pub fn from_path(path: &std::path::Path) -> Option<InputFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
            "json" => Some(InputFormat::Json),
            _ => None,
        }
    }

    /// Guesses the format of input that came without a name (stdin): NDJSON
    /// when the first non-blank line is a complete JSON value on its own and
    /// more content follows, or when the whole input is not one document
    /// but several of its lines are.
    pub fn detect(input: &[u8]) -> InputFormat {
        let input = strip_bom(input);
        let mut lines = input
            .split(|&b| b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
        let Some(first) = lines.next() else {
            return InputFormat::Json;
        };
        let Some(second) = lines.next() else {
            return InputFormat::Json;
        };
        let parses = |line: &[u8]| serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok();
        if parses(first) {
            return InputFormat::Ndjson;
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(input).is_ok() {
            return InputFormat::Json;
        }
        if parses(second) || lines.any(parses) {
            InputFormat::Ndjson
        } else {
            InputFormat::Json
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_ndjson_and_pretty_json() {
        assert_eq!(
            InputFormat::detect(b"{\"a\":1}\n{\"a\":2}\n"),
            InputFormat::Ndjson
        );
        assert_eq!(
            InputFormat::detect(b"{\n  \"a\": 1\n}\n"),
            InputFormat::Json
        );
        assert_eq!(InputFormat::detect(b"{\"a\":1}\n"), InputFormat::Json);
        assert_eq!(
            InputFormat::detect(b"{\"a\":\n{\"a\":2}\n"),
            InputFormat::Ndjson
        );
        assert_eq!(InputFormat::detect(b""), InputFormat::Json);
        assert_eq!(
            InputFormat::detect(b"\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}\n"),
            InputFormat::Ndjson
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_record() {
        let recs = records(b"\xEF\xBB\xBF{\"a\":1}\n", InputFormat::Ndjson);
        assert!(recs[0].value.is_ok());
        assert!(
            records(b" \n", InputFormat::Json).is_empty(),
            "blank input has no records"
        );
    }
}
