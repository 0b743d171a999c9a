//! Outputs to CSV rows.
//!
//! The writer is our own rather than the `csv` crate's: its "necessary"
//! quoting does not quote leading or trailing spaces, which spreadsheets
//! and many readers trim, and it cannot escape the escape byte, so a value
//! would not read back unchanged.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::error::RunError;
use crate::format::CsvOptions;
use crate::format::codec::{Encoder, unwritable};

/// Writes each output as rows under a fixed header.
pub(super) struct RowEncoder {
    delimiter: u8,
    quote: u8,
    escape: Option<u8>,
    header: bool,
    flatten: Option<String>,
    columns: Vec<String>,
    index: HashMap<String, usize>,
}

impl RowEncoder {
    pub fn new(options: &CsvOptions, columns: Vec<String>) -> RowEncoder {
        let index = columns
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), i))
            .rev() // a repeated column name refers to its first column
            .collect();
        RowEncoder {
            delimiter: options.delimiter,
            quote: options.quote,
            escape: options.escape.filter(|&e| e != options.quote),
            header: options.header,
            flatten: options.flatten.clone(),
            columns,
            index,
        }
    }

    /// Appends the row of object `value` (found at `pointer`).
    fn row(
        &self,
        value: &serde_json::Map<String, Value>,
        pointer: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), RunError> {
        let mut cells: Vec<Option<&Value>> = vec![None; self.columns.len()];
        let mut name = String::new();
        self.place(value, &mut name, pointer, &mut cells)?;
        let mut text = String::new();
        let single = cells.len() == 1;
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            let cell: &str = match cell {
                None | Some(Value::Null) => "",
                Some(Value::String(s)) => s,
                Some(Value::Bool(b)) => {
                    if *b {
                        "true"
                    } else {
                        "false"
                    }
                }
                Some(Value::Number(n)) => {
                    text.clear();
                    // With `arbitrary_precision` this is the number's text.
                    let _ = write!(text, "{n}");
                    &text
                }
                // `place` lets only scalars through.
                Some(Value::Array(_) | Value::Object(_)) => "",
            };
            self.field(cell, single, out);
        }
        out.push(b'\n');
        Ok(())
    }

    /// Puts the members of `object` into their columns; `name` is the
    /// flattened name of `object` itself (empty at the top).
    fn place<'v>(
        &self,
        object: &'v serde_json::Map<String, Value>,
        name: &mut String,
        pointer: &str,
        cells: &mut [Option<&'v Value>],
    ) -> Result<(), RunError> {
        for (key, value) in object {
            // Built only when needed: this runs for every cell.
            let here = || format!("{pointer}/{}", escape_pointer(key));
            let outer = name.len();
            if outer > 0 {
                // Only a flattened name has an outer part.
                name.push_str(self.flatten.as_deref().unwrap_or("."));
            }
            name.push_str(key);
            match value {
                Value::Object(inner) if self.flatten.is_some() => {
                    self.place(inner, name, &here(), cells)?;
                }
                Value::Object(_) => {
                    return Err(unwritable(
                        &here(),
                        "a CSV cell cannot hold an object; flatten it (option flatten) or map it to text",
                    ));
                }
                Value::Array(_) => {
                    return Err(unwritable(
                        &here(),
                        "a CSV cell cannot hold an array; map it to text, or output one row per element",
                    ));
                }
                scalar => {
                    let Some(&column) = self.index.get(name.as_str()) else {
                        return Err(unwritable(
                            &here(),
                            format!("column `{name}` is not in the header"),
                        ));
                    };
                    if cells[column].is_some() {
                        return Err(unwritable(
                            &here(),
                            format!("column `{name}` is given twice (once flattened)"),
                        ));
                    }
                    cells[column] = Some(scalar);
                }
            }
            name.truncate(outer);
        }
        Ok(())
    }

    /// Appends one field, quoted only when it must be: when it holds the
    /// delimiter, the quote, CR or LF, starts or ends with a space or tab,
    /// or is the empty only field of a row (an empty line is no row).
    fn field(&self, text: &str, single: bool, out: &mut Vec<u8>) {
        let bytes = text.as_bytes();
        let edge = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
        let quote = (single && bytes.is_empty())
            || edge(bytes.first())
            || edge(bytes.last())
            || bytes
                .iter()
                .any(|&b| b == self.delimiter || b == self.quote || b == b'\r' || b == b'\n');
        if !quote {
            out.extend_from_slice(bytes);
            return;
        }
        out.push(self.quote);
        for &b in bytes {
            if b == self.quote {
                out.push(self.quote);
            } else if Some(b) == self.escape {
                // Inside quotes the reader takes the escape byte as an escape.
                out.push(b);
            }
            out.push(b);
        }
        out.push(self.quote);
    }
}

impl Encoder for RowEncoder {
    fn begin(&self, out: &mut Vec<u8>) {
        if !self.header || self.columns.is_empty() {
            return;
        }
        let single = self.columns.len() == 1;
        for (i, name) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            self.field(name, single, out);
        }
        out.push(b'\n');
    }

    fn record(&self, value: &Value, out: &mut Vec<u8>) -> Result<(), RunError> {
        let start = out.len();
        let result = match value {
            Value::Object(object) => self.row(object, "", out),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| match item {
                    Value::Object(object) => self.row(object, &format!("/{i}"), out),
                    other => Err(unwritable(
                        &format!("/{i}"),
                        format!("a CSV row is an object, not {}", kind(other)),
                    )),
                }),
            other => Err(unwritable(
                "",
                format!(
                    "a CSV output is an object (one row) or an array of objects (a row each), not {}",
                    kind(other)
                ),
            )),
        };
        if result.is_err() {
            out.truncate(start);
        }
        result
    }
}

/// The column names of output `value`: its keys in order (nested objects'
/// keys joined with `flatten`'s separator, when given); for an array, of
/// its first element. Arrays inside keep their own name: writing them
/// fails with a clear message.
pub(crate) fn columns_of(value: &Value, flatten: Option<&str>) -> Vec<String> {
    fn walk(
        object: &serde_json::Map<String, Value>,
        prefix: &str,
        flatten: Option<&str>,
        out: &mut Vec<String>,
    ) {
        for (key, value) in object {
            let name = match (prefix, flatten) {
                ("", _) | (_, None) => format!("{prefix}{key}"),
                (_, Some(sep)) => format!("{prefix}{sep}{key}"),
            };
            match (value, flatten) {
                (Value::Object(inner), Some(_)) => walk(inner, &name, flatten, out),
                _ if !out.contains(&name) => out.push(name),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    match value {
        Value::Object(object) => walk(object, "", flatten, &mut out),
        Value::Array(items) => {
            if let Some(Value::Object(object)) = items.first() {
                walk(object, "", flatten, &mut out);
            }
        }
        _ => {}
    }
    out
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;
    use serde_json::json;

    fn csv() -> CsvOptions {
        CsvOptions::new(false)
    }

    fn num(text: &str) -> Value {
        Value::Number(serde_json::from_str(text).unwrap())
    }

    fn encode(
        options: &CsvOptions,
        columns: &[&str],
        outputs: &[Value],
    ) -> (String, Vec<Result<(), String>>) {
        let encoder = crate::format::delimited::encoder(
            options,
            columns.iter().map(|c| c.to_string()).collect(),
        );
        let mut out = Vec::new();
        encoder.begin(&mut out);
        let results = outputs
            .iter()
            .map(|v| {
                encoder.record(v, &mut out).map_err(|e| {
                    assert_eq!(e.code(), codes::UNWRITABLE_OUTPUT);
                    e.message().to_owned()
                })
            })
            .collect();
        encoder.end(&mut out);
        (String::from_utf8(out).unwrap(), results)
    }

    #[test]
    fn the_encoder_writes_a_header_and_quotes_only_when_needed() {
        let outputs = [
            json!({"id": 1, "name": "Ann", "note": "a,b", "ok": true}),
            json!({"name": "say \"hi\"", "id": num("2.50"), "note": " padded", "ok": null}),
            json!({"id": -1, "note": "two\nlines"}),
        ];
        let (text, results) = encode(&csv(), &["id", "name", "note", "ok"], &outputs);
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(
            text,
            "id,name,note,ok\n\
             1,Ann,\"a,b\",true\n\
             2.50,\"say \"\"hi\"\"\",\" padded\",\n\
             -1,,\"two\nlines\",\n"
        );
        let mut tsv = CsvOptions::new(true);
        tsv.header = false;
        let (text, _) = encode(&tsv, &["a", "b"], &[json!({"a": "x,y", "b": "tab\there"})]);
        assert_eq!(text, "x,y\t\"tab\there\"\n");
    }

    #[test]
    fn a_nested_value_is_an_error_that_writes_nothing() {
        let outputs = [
            json!({"id": 1, "customer": {"name": "Ann"}}),
            json!({"id": 2, "tags": ["a"]}),
            json!({"id": 3, "extra": "x"}),
            json!("text"),
            json!({"id": 4}),
        ];
        let (text, results) = encode(&csv(), &["id", "customer"], &outputs);
        assert_eq!(text, "id,customer\n4,\n");
        assert_eq!(
            results[0].as_ref().unwrap_err(),
            "/customer: a CSV cell cannot hold an object; flatten it (option flatten) or map it to text"
        );
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .starts_with("/tags: a CSV cell cannot hold an array")
        );
        assert_eq!(
            results[2].as_ref().unwrap_err(),
            "/extra: column `extra` is not in the header"
        );
        assert!(
            results[3]
                .as_ref()
                .unwrap_err()
                .starts_with("(the output): a CSV output is an object")
        );
    }

    #[test]
    fn flatten_joins_nested_names() {
        let mut options = csv();
        options.flatten = Some(".".into());
        let output = json!({"id": 1, "customer": {"name": "Ann", "address": {"city": "Oslo"}}});
        let columns = crate::format::delimited::columns_of(&output, Some("."));
        assert_eq!(columns, ["id", "customer.name", "customer.address.city"]);
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let (text, results) = encode(
            &options,
            &columns,
            &[output, json!({"id": 2, "customer": {"items": [1]}})],
        );
        assert_eq!(text, "id,customer.name,customer.address.city\n1,Ann,Oslo\n");
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .starts_with("/customer/items: a CSV cell cannot hold an array")
        );
    }

    #[test]
    fn an_array_output_is_a_row_per_element() {
        let order = json!([
            {"order": "A1", "sku": "X", "qty": 2},
            {"order": "A1", "sku": "Y", "qty": 1},
        ]);
        assert_eq!(columns_of(&order, None), ["order", "sku", "qty"]);
        let (text, results) = encode(
            &csv(),
            &["order", "sku", "qty"],
            &[order, json!([{"order": "B"}, 5])],
        );
        assert_eq!(text, "order,sku,qty\nA1,X,2\nA1,Y,1\n");
        assert_eq!(
            results[1].as_ref().unwrap_err(),
            "/1: a CSV row is an object, not a number"
        );
    }
}
