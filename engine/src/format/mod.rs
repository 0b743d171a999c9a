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
mod reading;
mod whole;
mod writing;
mod xml;
mod yaml;

use std::io::Read;
use std::sync::Arc;

use crate::error::RunError;
pub use codec::{Chunks, Encoder, Parsed, Position, RecordReader};
pub(crate) use ndjson::too_deep;
pub use ndjson::{Record, parse_record, parse_record_with_limit, records};
pub use options::{CsvOptions, EmptyCell, Format, FormatSpec, XmlOptions};
pub use reading::{Records, read_records};
pub use writing::Writer;

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Json => Format::Json,
            InputFormat::Ndjson => Format::Ndjson,
        }
    }
}

/// Opens an input in `spec`'s format for the batch path: its splitter
/// and its record parser. An input that cannot be opened (a CSV header
/// that does not parse) is a malformed-record error of record 1. JSON
/// records may nest `max_depth` levels (`Mapping::max_input_depth`).
pub fn open<'r>(
    reader: Box<dyn Read + Send + 'r>,
    spec: &FormatSpec,
    chunk_bytes: usize,
    max_depth: u32,
) -> Result<crate::format::codec::Opened<'r>, RunError> {
    let json = || Arc::new(crate::batch::JsonReader { max_depth });
    match spec.format {
        Format::Ndjson => Ok((
            Box::new(crate::batch::LineChunks::new(reader, chunk_bytes)),
            json(),
        )),
        Format::Json => Ok((Box::new(whole::WholeInput::new(reader)), json())),
        Format::Yaml => yaml::open(reader, chunk_bytes),
        Format::Csv | Format::Tsv => delimited::open(reader, &spec.csv, chunk_bytes),
        Format::Xml => xml::open(reader, &spec.xml, chunk_bytes),
    }
}

/// Checks that `input` and `output` can describe a run before any record
/// is read: the options a format needs together (a headerless CSV's
/// columns, an XML record path's namespaces), and an XML output of many
/// records, which needs a root element to be one document.
pub fn check(input: &FormatSpec, output: &FormatSpec) -> Result<(), String> {
    check_input(input)?;
    check_output(output)?;
    let one_record = match input.format {
        Format::Json => true,
        Format::Xml => input.xml.record.is_none(),
        _ => false,
    };
    if output.format == Format::Xml && output.xml.root.is_none() && !one_record {
        return Err(format!(
            "XML output of many records ({} input) needs a root element around them: give the output options `root` and `element`",
            input.format
        ));
    }
    Ok(())
}

/// What [`check`] finds in the options of an input alone.
pub fn check_input(input: &FormatSpec) -> Result<(), String> {
    match input.format {
        Format::Csv | Format::Tsv => delimited::check(&input.csv),
        Format::Xml => xml::check(&input.xml),
        Format::Json | Format::Ndjson | Format::Yaml => Ok(()),
    }
}

/// What [`check`] finds in the options of an output alone.
pub fn check_output(output: &FormatSpec) -> Result<(), String> {
    if output.format == Format::Xml && output.xml.element.is_some() && output.xml.root.is_none() {
        return Err("the XML output option `element` needs `root`".into());
    }
    Ok(())
}

/// The encoder of a YAML or XML output (JSON is written by the executor
/// itself; CSV by [`csv_encoder`], which needs its columns).
pub fn encoder(spec: &FormatSpec) -> Result<Box<dyn Encoder>, String> {
    match spec.format {
        Format::Yaml => Ok(yaml::encoder()),
        Format::Xml => xml::encoder(&spec.xml),
        Format::Csv | Format::Tsv => spec
            .csv
            .columns
            .clone()
            .map(|columns| csv_encoder(&spec.csv, columns))
            .ok_or_else(|| "CSV output needs its columns (option `columns`)".to_owned()),
        Format::Json | Format::Ndjson => Err("JSON is written by the executor".to_owned()),
    }
}

/// The encoder of a CSV or TSV output with these columns, in order.
pub fn csv_encoder(options: &CsvOptions, columns: Vec<String>) -> Box<dyn Encoder> {
    delimited::encoder(options, columns)
}

/// The CSV columns of one output: its member names in order (flattened
/// with the separator, when given).
pub fn csv_columns(output: &serde_json::Value, flatten: Option<&str>) -> Vec<String> {
    delimited::columns_of(output, flatten)
}

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
