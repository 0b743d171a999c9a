//! Writing values in any format, for services that build a response or a
//! message from outputs they hold.

use super::codec::Encoder;
use super::{Format, FormatSpec, csv_columns, csv_encoder, encoder};
use crate::error::RunError;
use crate::value::{Val, write_json, write_json_pretty};

/// Writes values in one format into byte buffers: [`begin`](Writer::begin)
/// once, [`write`](Writer::write) per value, [`end`](Writer::end) once.
///
/// ```
/// use ferry_engine::format::{Format, FormatSpec, Writer};
/// use serde_json::json;
///
/// let mut writer = Writer::new(&FormatSpec::new(Format::Csv)).unwrap();
/// let mut out = Vec::new();
/// writer.write(&json!({"id": "A-1", "name": "Smith, Jo"}), &mut out).unwrap();
/// writer.write(&json!({"id": "A-2", "name": "Bo"}), &mut out).unwrap();
/// writer.end(&mut out);
/// assert_eq!(String::from_utf8(out).unwrap(), "id,name\nA-1,\"Smith, Jo\"\nA-2,Bo\n");
/// ```
pub struct Writer {
    state: State,
    begun: bool,
}

enum State {
    Json {
        pretty: bool,
    },
    Encoder(Box<dyn Encoder>),
    /// CSV whose columns the first value names.
    Columns(FormatSpec),
}

impl Writer {
    /// A writer of `spec`'s format. JSON and NDJSON write one document per
    /// value and line (JSON indented); CSV takes its columns from the
    /// option `columns`, else from the first value. The message says why
    /// the options cannot describe an output.
    pub fn new(spec: &FormatSpec) -> Result<Writer, String> {
        let state = match spec.format {
            Format::Json => State::Json { pretty: true },
            Format::Ndjson => State::Json { pretty: false },
            Format::Csv | Format::Tsv if spec.csv.columns.is_none() => State::Columns(spec.clone()),
            _ => State::Encoder(encoder(spec)?),
        };
        Ok(Writer {
            state,
            begun: false,
        })
    }

    /// Appends what comes before the first value (a CSV header, an XML
    /// prolog). Called by the first [`write`](Writer::write) if not before.
    pub fn begin(&mut self, out: &mut Vec<u8>) {
        if !self.begun
            && let State::Encoder(encoder) = &self.state
        {
            encoder.begin(out);
            self.begun = true;
        }
    }

    /// Appends one value. A value the format cannot hold is an `E0410`
    /// error naming the field, and nothing of it is written.
    pub fn write(&mut self, value: &serde_json::Value, out: &mut Vec<u8>) -> Result<(), RunError> {
        if let State::Columns(spec) = &self.state {
            let columns = csv_columns(value, spec.csv.flatten.as_deref());
            self.state = State::Encoder(csv_encoder(&spec.csv, columns));
        }
        self.begin(out);
        match &self.state {
            State::Json { pretty } => {
                let value = Val::from_json(value);
                if *pretty {
                    write_json_pretty(out, &value);
                } else {
                    write_json(out, &value);
                }
                out.push(b'\n');
                Ok(())
            }
            State::Encoder(encoder) => encoder.record(value, out),
            State::Columns(_) => unreachable!("the columns were just decided"),
        }
    }

    /// Appends what comes after the last value (an XML end tag).
    pub fn end(&mut self, out: &mut Vec<u8>) {
        self.begin(out);
        if let State::Encoder(encoder) = &self.state {
            encoder.end(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::read_records;
    use serde_json::json;

    #[test]
    fn every_format_reads_back_what_it_wrote() {
        let values = [
            json!({"id": "A-1", "note": "line\nbreak, \"quoted\""}),
            json!({"id": "A-2", "note": ""}),
        ];
        for format in [Format::Ndjson, Format::Yaml, Format::Csv, Format::Tsv] {
            let spec = FormatSpec::new(format);
            let mut writer = Writer::new(&spec).unwrap();
            let mut out = Vec::new();
            for v in &values {
                writer.write(v, &mut out).unwrap();
            }
            writer.end(&mut out);
            let read = read_records(&out[..], &spec).unwrap();
            let back: Vec<_> = read.map(|r| r.unwrap().1).collect();
            assert_eq!(back, values, "{format}");
        }
    }

    #[test]
    fn xml_writes_each_value_as_an_element_of_the_root() {
        let mut spec = FormatSpec::new(Format::Xml);
        spec.set_text("root", "Orders").unwrap();
        spec.set_text("element", "Order").unwrap();
        let mut writer = Writer::new(&spec).unwrap();
        let mut out = Vec::new();
        writer
            .write(&json!({"@id": "1", "Total": "9.50"}), &mut out)
            .unwrap();
        writer.end(&mut out);
        let mut read = FormatSpec::new(Format::Xml);
        read.set_text("record", "Orders/Order").unwrap();
        let back: Vec<_> = read_records(&out[..], &read)
            .unwrap()
            .map(|r| r.unwrap().1)
            .collect();
        assert_eq!(back, [json!({"@id": "1", "Total": "9.50"})]);
    }
}
