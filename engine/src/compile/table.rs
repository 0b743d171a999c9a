//! Tables loaded at compile time from CSV or JSON files.
//!
//! A mapping never does I/O while it runs: a table file is read once, when
//! the mapping is compiled, and becomes a constant object keyed by the key
//! column.
//!
//! - CSV: the first row is the header. The key is the `key "column"`
//!   column, or the first. With two columns, each row maps its key to the
//!   other cell (a string); with more, to an object of the other cells.
//! - JSON: an object is used as it is; an array of objects is keyed by the
//!   `key "field"` field (required), whose values must be strings or numbers.
//!
//! Duplicate keys are an error: a lookup table that silently keeps one of two
//! rows hides a data problem.

use std::path::Path;

use serde_json::{Map, Value};

/// Largest table file read, in bytes: a table is loaded whole, once.
pub const MAX_TABLE_BYTES: u64 = 64 << 20;

/// Why a table could not be loaded: its code and a message for the
/// diagnostic.
pub struct TableError {
    pub code: &'static str,
    pub message: String,
}

impl From<String> for TableError {
    fn from(message: String) -> TableError {
        TableError {
            code: crate::codes::BAD_TABLE,
            message,
        }
    }
}

/// Reads a table file.
pub fn load(path: &Path, key: Option<&str>) -> Result<Value, TableError> {
    let unreadable = |e: std::io::Error| format!("cannot read `{}`: {e}", path.display());
    // Looked at before reading: a huge file is refused without reading it.
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_TABLE_BYTES {
        return Err(TableError {
            code: crate::codes::FILE_TOO_LARGE,
            message: format!(
                "`{}` is {}, more than the {} a table file may have",
                path.display(),
                crate::exec::budget::bytes_text(size),
                crate::exec::budget::bytes_text(MAX_TABLE_BYTES)
            ),
        });
    }
    let text = std::fs::read_to_string(path).map_err(unreadable)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Ok(if is_csv {
        from_csv(&text, key)?
    } else {
        from_json(&text, key)?
    })
}

fn from_csv(text: &str, key: Option<&str>) -> Result<Value, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("invalid CSV header: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let key_index = match key {
        Some(k) => headers
            .iter()
            .position(|h| h == k)
            .ok_or_else(|| format!("no column `{k}` in the header ({})", headers.join(", ")))?,
        None => 0,
    };
    if headers.len() < 2 {
        return Err("a table needs at least two columns: a key and a value".into());
    }
    let mut table = Map::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("invalid CSV at row {}: {e}", row + 2))?;
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        let key = cell(key_index);
        let value = if headers.len() == 2 {
            Value::String(cell(1 - key_index))
        } else {
            let mut o = Map::new();
            for (i, h) in headers.iter().enumerate() {
                if i != key_index {
                    o.insert(h.clone(), Value::String(cell(i)));
                }
            }
            Value::Object(o)
        };
        if table.insert(key.clone(), value).is_some() {
            return Err(format!("duplicate key `{key}` at row {}", row + 2));
        }
    }
    Ok(Value::Object(table))
}

fn from_json(text: &str, key: Option<&str>) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    match (value, key) {
        (Value::Object(o), None) => Ok(Value::Object(o)),
        (Value::Object(_), Some(_)) => {
            Err("`key` applies to a JSON array of objects, but the file holds an object".into())
        }
        (Value::Array(rows), Some(key)) => {
            let mut table = Map::new();
            for (i, row) in rows.into_iter().enumerate() {
                let k = match row.get(key) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => return Err(format!("element {i} has no string or number field `{key}`")),
                };
                if table.insert(k.clone(), row).is_some() {
                    return Err(format!("duplicate key `{k}` at element {i}"));
                }
            }
            Ok(Value::Object(table))
        }
        (Value::Array(_), None) => {
            Err("a JSON array table needs `key \"field\"` to say which field keys it".into())
        }
        _ => Err("a JSON table must be an object or an array of objects".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn two_column_csv_maps_key_to_value() {
        let t = from_csv("code,name\nDE,Germany\nFR,France\n", None).unwrap();
        assert_eq!(t, json!({"DE": "Germany", "FR": "France"}));
    }

    #[test]
    fn wider_csv_maps_key_to_row_object() {
        let t = from_csv("name,iso2,eu\nGermany,DE,yes\n", Some("iso2")).unwrap();
        assert_eq!(t, json!({"DE": {"name": "Germany", "eu": "yes"}}));
    }

    #[test]
    fn duplicate_and_missing_keys_are_errors() {
        assert!(
            from_csv("a,b\nx,1\nx,2\n", None)
                .unwrap_err()
                .contains("duplicate key `x`")
        );
        assert!(
            from_csv("a,b\n", Some("c"))
                .unwrap_err()
                .contains("no column `c`")
        );
        assert!(
            from_json(r#"[{"id":1},{"id":1}]"#, Some("id"))
                .unwrap_err()
                .contains("duplicate")
        );
    }

    #[test]
    fn json_arrays_are_keyed_by_field() {
        let t = from_json(r#"[{"id":"a","v":1},{"id":2,"v":2}]"#, Some("id")).unwrap();
        assert_eq!(t["a"]["v"], json!(1));
        assert_eq!(t["2"]["v"], json!(2));
    }
}
