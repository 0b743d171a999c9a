//! The formats and their options, as a mapping's header declares them
//! (`input format csv { delimiter: ";" }`) or the command line gives them
//! (`--from csv --input-option delimiter=';'`): one set of names for both,
//! read from a JSON object so that both go through the same checks.

use serde_json::{Map, Value};

/// A payload format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON document: one record (an output per record, one per line).
    Json,
    /// Newline-delimited JSON: one record per non-blank line.
    Ndjson,
    /// YAML 1.2: one record per document of the stream.
    Yaml,
    /// Comma-separated values: one record per row.
    Csv,
    /// Tab-separated values: CSV with a tab delimiter.
    Tsv,
    /// XML: the document is one record, or each element at a record path.
    Xml,
}

impl Format {
    /// Every format, in the order the documentation lists them.
    pub const ALL: [Format; 6] = [
        Format::Json,
        Format::Ndjson,
        Format::Yaml,
        Format::Csv,
        Format::Tsv,
        Format::Xml,
    ];

    /// The format's name: `json`, `ndjson`, `yaml`, `csv`, `tsv`, `xml`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Yaml => "yaml",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xml => "xml",
        }
    }

    /// The format called `name` (`jsonl` and `yml` too).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "yaml" | "yml" => Some(Format::Yaml),
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }

    /// The format a file's extension implies.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an empty CSV cell becomes when cells are inferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmptyCell {
    /// `null` (the default with `infer`).
    #[default]
    Null,
    /// The member is left out of the record.
    Absent,
    /// The empty string (always, without `infer`).
    String,
}

/// CSV and TSV options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// Field delimiter (`,` for CSV, tab for TSV).
    pub delimiter: u8,
    /// Quote character (`"`).
    pub quote: u8,
    /// Escape character inside quoted fields; `None`: a quote is escaped
    /// by doubling it (RFC 4180).
    pub escape: Option<u8>,
    /// True when the first row names the fields.
    pub header: bool,
    /// The field names: for a headerless input, its columns; for output,
    /// the columns in order (default: the mapping's output keys in order).
    pub columns: Option<Vec<String>>,
    /// Cells become numbers (exact decimals), booleans (`true`/`false`)
    /// and, when empty, [`CsvOptions::empty`]; otherwise every cell is a
    /// string.
    pub infer: bool,
    /// What an empty cell becomes when inferring.
    pub empty: EmptyCell,
    /// Numbers are written with a decimal comma (`1234,50`), as in
    /// European spreadsheet exports: read as decimals when inferring.
    pub decimal_comma: bool,
    /// Output: nested objects are flattened into columns joined by this
    /// separator (`customer.name`); `None`: a nested value is an error.
    pub flatten: Option<String>,
}

impl CsvOptions {
    /// The defaults for CSV (`tsv`: for TSV).
    pub fn new(tsv: bool) -> CsvOptions {
        CsvOptions {
            delimiter: if tsv { b'\t' } else { b',' },
            quote: b'"',
            escape: None,
            header: true,
            columns: None,
            infer: false,
            empty: EmptyCell::Null,
            decimal_comma: false,
            flatten: None,
        }
    }
}

/// XML options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct XmlOptions {
    /// Input: the path of the elements that are records, from the root
    /// (`soap:Envelope/soap:Body/o:Orders/o:Order`); `None`: the whole
    /// document is one record.
    pub record: Option<String>,
    /// Input: elements that are always arrays, even with one occurrence
    /// (by qualified name, `o:Line`).
    pub arrays: Vec<String>,
    /// Prefixes the mapping uses for namespace URIs; `""` is the default
    /// namespace (its elements get bare names). Names are matched by URI,
    /// never by the document's own prefixes.
    pub namespaces: Vec<(String, String)>,
    /// Output: the root element around all outputs (`Orders`); `None`:
    /// the output must be one object with a single member, the root.
    pub root: Option<String>,
    /// Output: with `root`, the element each output is written as
    /// (`Order`); `None`: each output is an object with a single member.
    pub element: Option<String>,
}

/// A format with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// The format.
    pub format: Format,
    /// Its CSV/TSV options (ignored by other formats).
    pub csv: CsvOptions,
    /// Its XML options (ignored by other formats).
    pub xml: XmlOptions,
}

impl FormatSpec {
    /// `format` with its default options.
    pub fn new(format: Format) -> FormatSpec {
        FormatSpec {
            format,
            csv: CsvOptions::new(format == Format::Tsv),
            xml: XmlOptions::default(),
        }
    }

    /// `format` with the options of `options` (a JSON object of option
    /// names and values); the message says which option is wrong and why.
    pub fn with_options(
        format: Format,
        options: &Map<String, Value>,
    ) -> Result<FormatSpec, String> {
        let mut spec = FormatSpec::new(format);
        for (name, value) in options {
            spec.set(name, value)?;
        }
        Ok(spec)
    }

    /// The option names `format` takes.
    pub fn option_names(format: Format) -> &'static [&'static str] {
        match format {
            Format::Csv | Format::Tsv => &[
                "delimiter",
                "quote",
                "escape",
                "header",
                "columns",
                "infer",
                "empty",
                "decimal_comma",
                "flatten",
            ],
            Format::Xml => &["record", "arrays", "namespaces", "root", "element"],
            Format::Json | Format::Ndjson | Format::Yaml => &[],
        }
    }

    /// Sets option `name` to `value`.
    pub fn set(&mut self, name: &str, value: &Value) -> Result<(), String> {
        let format = self.format;
        let known = FormatSpec::option_names(format);
        if !known.contains(&name) {
            let hint = match strsim_best(name, known) {
                Some(best) => format!("; did you mean `{best}`?"),
                None if known.is_empty() => format!("; {format} takes no options"),
                None => format!("; {format} takes {}", list(known)),
            };
            return Err(format!("unknown {format} option `{name}`{hint}"));
        }
        let csv = &mut self.csv;
        let xml = &mut self.xml;
        match name {
            "delimiter" => csv.delimiter = byte(name, value)?,
            "quote" => csv.quote = byte(name, value)?,
            "escape" => {
                csv.escape = match value {
                    Value::Null => None,
                    v => Some(byte(name, v)?),
                }
            }
            "header" => csv.header = boolean(name, value)?,
            "columns" => csv.columns = Some(strings(name, value)?),
            "infer" => csv.infer = boolean(name, value)?,
            "empty" => {
                csv.empty = match text(name, value)?.as_str() {
                    "null" => EmptyCell::Null,
                    "absent" => EmptyCell::Absent,
                    "string" => EmptyCell::String,
                    other => {
                        return Err(format!(
                            "option `empty` is `null`, `absent` or `string`, not `{other}`"
                        ));
                    }
                }
            }
            "decimal_comma" => csv.decimal_comma = boolean(name, value)?,
            "flatten" => {
                csv.flatten = match value {
                    Value::Bool(false) | Value::Null => None,
                    Value::Bool(true) => Some(".".into()),
                    v => Some(text(name, v)?),
                }
            }
            "record" => xml.record = Some(text(name, value)?),
            "arrays" => xml.arrays = strings(name, value)?,
            "namespaces" => {
                let Value::Object(map) = value else {
                    return Err(
                        "option `namespaces` is an object of prefixes and URIs: `{ o: \"urn:orders\" }`"
                            .into(),
                    );
                };
                xml.namespaces = map
                    .iter()
                    .map(|(prefix, uri)| Ok((prefix.clone(), text(name, uri)?)))
                    .collect::<Result<_, String>>()?;
            }
            "root" => xml.root = Some(text(name, value)?),
            "element" => xml.element = Some(text(name, value)?),
            _ => unreachable!("every known option is handled"),
        }
        Ok(())
    }

    /// Sets option `name` from command-line text: `true`/`false` and
    /// numbers as such, a list as comma-separated text, `namespaces` as
    /// `prefix=uri` (repeatable), anything else as a string.
    pub fn set_text(&mut self, name: &str, text: &str) -> Result<(), String> {
        let value = match name {
            "header" | "infer" | "decimal_comma" => match text {
                "true" | "yes" | "1" => Value::Bool(true),
                "false" | "no" | "0" => Value::Bool(false),
                other => return Err(format!("option `{name}` is true or false, not `{other}`")),
            },
            "columns" | "arrays" => Value::Array(
                text.split(',')
                    .map(|s| Value::String(s.trim().to_owned()))
                    .collect(),
            ),
            "namespaces" => {
                let Some((prefix, uri)) = text.split_once('=') else {
                    return Err(format!("option `namespaces` is `prefix=uri`, not `{text}`"));
                };
                let mut all: Map<String, Value> = self
                    .xml
                    .namespaces
                    .iter()
                    .map(|(p, u)| (p.clone(), Value::String(u.clone())))
                    .collect();
                all.insert(prefix.to_owned(), Value::String(uri.to_owned()));
                Value::Object(all)
            }
            "delimiter" | "quote" | "escape" if text == "\\t" || text == "tab" => {
                Value::String("\t".into())
            }
            _ => Value::String(text.to_owned()),
        };
        self.set(name, &value)
    }
}

fn byte(name: &str, value: &Value) -> Result<u8, String> {
    match value {
        Value::String(s) if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "option `{name}` is one ASCII character, such as \";\" or \"\\t\""
        )),
    }
}

fn boolean(name: &str, value: &Value) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| format!("option `{name}` is true or false"))
}

fn text(name: &str, value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("option `{name}` is a string"))
}

fn strings(name: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|v| text(name, v))
            .collect::<Result<_, _>>()
            .map_err(|_| format!("option `{name}` is a list of strings")),
        _ => Err(format!("option `{name}` is a list of strings")),
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn strsim_best<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_are_read_and_checked() {
        let options =
            json!({"delimiter": ";", "infer": true, "empty": "absent", "columns": ["a", "b"]});
        let spec = FormatSpec::with_options(Format::Csv, options.as_object().unwrap()).unwrap();
        assert_eq!(spec.csv.delimiter, b';');
        assert_eq!(spec.csv.empty, EmptyCell::Absent);
        assert_eq!(spec.csv.columns, Some(vec!["a".into(), "b".into()]));
        let bad = json!({"delimeter": ";"});
        let e = FormatSpec::with_options(Format::Csv, bad.as_object().unwrap()).unwrap_err();
        assert!(e.contains("did you mean `delimiter`"), "{e}");
        let e = FormatSpec::with_options(Format::Yaml, bad.as_object().unwrap()).unwrap_err();
        assert!(e.contains("yaml takes no options"), "{e}");
        assert_eq!(FormatSpec::new(Format::Tsv).csv.delimiter, b'\t');
    }

    #[test]
    fn command_line_text_becomes_option_values() {
        let mut spec = FormatSpec::new(Format::Xml);
        spec.set_text("namespaces", "o=urn:orders").unwrap();
        spec.set_text("namespaces", "s=http://schemas.xmlsoap.org/soap/envelope/")
            .unwrap();
        spec.set_text("arrays", "o:Line, o:Note").unwrap();
        assert_eq!(spec.xml.namespaces.len(), 2);
        assert_eq!(spec.xml.arrays, ["o:Line", "o:Note"]);
        let mut csv = FormatSpec::new(Format::Csv);
        csv.set_text("delimiter", "tab").unwrap();
        assert_eq!(csv.csv.delimiter, b'\t');
        assert!(csv.set_text("infer", "maybe").is_err());
    }
}
