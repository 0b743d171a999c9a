//! YAML: a stream of documents, each document one record; each output one
//! document.
//!
//! Reading is the batch path's two steps. [`open`]'s splitter cuts the
//! stream at its document markers by lines, without parsing (`split`: a
//! `---`/`...` line at column 0 always ends a document in YAML 1.2, so the
//! cut is exact), in chunks of bounded size; its reader parses one
//! document on a worker thread with serde-saphyr (`read`: YAML 1.2 core
//! schema, strict booleans, duplicate keys rejected, aliases budgeted,
//! numbers keeping their digits). A malformed document fails alone, with
//! its line in the file, and reading goes on at the next one.
//!
//! Conventions:
//! - A record's number is the line it starts on: its first directive
//!   (`%YAML`), else its `---` line, else (a bare first document) its first
//!   content line.
//! - A document with no content (`---` then nothing or comments) is not a
//!   record; `--- ~` or `--- null` is a record whose value is null.
//! - Numbers: decimal spellings keep their digits as JSON numbers (`1.10`,
//!   `12345678901234567890123`, `1e999`), normalized to JSON (`+1` → `1`,
//!   `017` → `17`, `.5` → `0.5`); `0x1F`/`0o17` are their value; `.inf` and
//!   `.nan` are malformed records.
//! - Mapping keys become text: `1: a` has key `"1"`, `true:` `"true"`, `~:`
//!   `"null"`; a sequence or mapping as a key is malformed.
//!
//! Writing ([`encoder`], `write`) puts `---` before each output, so that
//! the outputs make one valid multi-document stream.

mod read;
mod split;
mod write;

use std::io::Read;
use std::sync::Arc;

use crate::error::RunError;
use crate::format::codec::{Chunks, Encoder, RecordReader};

/// The splitter and the document parser of an opened stream.
type Opened<'r> = (Box<dyn Chunks + 'r>, Arc<dyn RecordReader>);

/// A YAML stream as records, one per document: the splitter (chunks of
/// about `chunk_bytes`, a bigger document making a bigger chunk) and the
/// parser of one document.
pub(crate) fn open<'r>(
    reader: Box<dyn Read + Send + 'r>,
    chunk_bytes: usize,
) -> Result<Opened<'r>, RunError> {
    Ok((
        Box::new(split::DocumentChunks::new(reader, chunk_bytes)),
        Arc::new(read::YamlReader),
    ))
}

/// Writes each output as a YAML document starting with `---`.
pub(crate) fn encoder() -> Box<dyn Encoder> {
    Box::new(write::YamlEncoder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::Keep;
    use bumpalo::Bump;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use crate::format::codec::Parsed;

    /// Every record of `input` as (number, value or error message), read
    /// in chunks of `chunk_bytes`.
    fn read_all(input: &str, chunk_bytes: usize) -> Vec<(u64, Result<Value, String>)> {
        let (mut chunks, reader) = open(
            Box::new(std::io::Cursor::new(input.to_owned())),
            chunk_bytes,
        )
        .unwrap();
        let mut out = Vec::new();
        while let Some(chunk) = chunks.next_owned().unwrap() {
            for (number, range) in &chunk.lines {
                let arena = Bump::new();
                let parsed =
                    reader.parse(&chunk.bytes[range.clone()], *number, Keep::all(), &arena);
                let value = match parsed {
                    Ok(Parsed::Value(v)) => Ok(v),
                    Ok(Parsed::Node(_)) => panic!("the YAML reader builds values"),
                    Err(e) => {
                        assert_eq!(e.code(), crate::codes::MALFORMED_RECORD);
                        Err(e.message().to_string())
                    }
                };
                out.push((*number, value));
            }
            chunks.recycle(chunk);
        }
        out
    }

    const KUBERNETES: &str = "\
# Generated manifests
defaults: &defaults
  labels: &labels
    app: shop
    tier: backend
  replicas: 2
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: &shop-labels
    app: shop
    country: NO
spec:
  replicas: 3
  selector:
    matchLabels: *shop-labels
  template:
    spec:
      containers:
        - &container
          name: shop
          image: shop:1.2.0
          env:
            - {name: ENABLED, value: on}
            - name: RATE
              value: 0.10
        - <<: *container
          name: sidecar
          args: [--port, '8080']
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shop-config}
data:
  script.sh: |
    #!/bin/sh
    echo ---
    ---
    echo done
...
";

    #[test]
    fn kubernetes_manifests_read_as_one_record_per_document() {
        let records = read_all(KUBERNETES, 1 << 20);
        let numbers: Vec<u64> = records.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [2, 7, 32]);
        let values: Vec<Value> = records.into_iter().map(|r| r.1.unwrap()).collect();
        assert_eq!(
            values[0],
            json!({"defaults": {"labels": {"app": "shop", "tier": "backend"}, "replicas": 2}})
        );
        let deployment = &values[1];
        assert_eq!(deployment["metadata"]["labels"]["country"], "NO");
        assert_eq!(
            deployment["spec"]["selector"]["matchLabels"],
            json!({"app": "shop", "country": "NO"})
        );
        let containers = &deployment["spec"]["template"]["spec"]["containers"];
        assert_eq!(
            containers[0]["env"][0],
            json!({"name": "ENABLED", "value": "on"})
        );
        assert_eq!(containers[0]["env"][1]["value"].to_string(), "0.10");
        assert_eq!(containers[1]["name"], "sidecar");
        assert_eq!(containers[1]["image"], "shop:1.2.0");
        assert_eq!(containers[1]["args"], json!(["--port", "8080"]));
        assert_eq!(
            values[2]["data"]["script.sh"],
            "#!/bin/sh\necho ---\n---\necho done\n"
        );
    }

    #[test]
    fn splitting_across_chunk_sizes_gives_the_same_records() {
        let whole = read_all(KUBERNETES, 1 << 20);
        for size in [1, 3, 16, 100, 500] {
            assert_eq!(read_all(KUBERNETES, size), whole, "chunks of {size} bytes");
        }
    }

    #[test]
    fn a_syntax_error_in_the_third_document_names_its_line_in_the_file() {
        let input = "a: 1\n---\nb: 2\n---\nc: 3\n  bad: 4\n---\nf: 5\n";
        let records = read_all(input, 1 << 20);
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].1, Ok(json!({"a": 1})));
        assert_eq!(records[1].1, Ok(json!({"b": 2})));
        let (number, error) = &records[2];
        assert_eq!(*number, 4);
        let error = error.as_ref().unwrap_err();
        assert!(error.starts_with("line 6, column 6: "), "{error}");
        assert_eq!(records[3].1, Ok(json!({"f": 5})), "reading goes on");
    }

    #[test]
    fn duplicate_keys_fail_their_record_only() {
        let records = read_all("---\na: 1\na: 2\n---\nb: 1\n", 1 << 20);
        let error = records[0].1.as_ref().unwrap_err();
        assert!(
            error.starts_with("line 3, column 1:") && error.contains("duplicate"),
            "{error}"
        );
        assert_eq!(records[1].1, Ok(json!({"b": 1})));
    }

    #[test]
    fn a_null_document_is_a_record_and_an_empty_one_is_not() {
        let records = read_all("---\n# empty\n--- ~\n--- null\n---\n", 64);
        assert_eq!(records, [(3, Ok(Value::Null)), (4, Ok(Value::Null))]);
    }

    #[test]
    fn outputs_make_one_multi_document_stream() {
        let values = [
            json!({"a": "yes"}),
            json!([1, "two"]),
            json!("text\n"),
            json!({}),
        ];
        let mut out = Vec::new();
        let encoder = encoder();
        for v in &values {
            encoder.record(v, &mut out).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        let back: Vec<Value> = read_all(&text, 1 << 20)
            .into_iter()
            .map(|r| r.1.unwrap())
            .collect();
        assert_eq!(back, values);
    }

    fn json_number() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            (
                "-?[1-9][0-9]{0,30}",
                "(\\.[0-9]{1,20})?",
                "([eE][+-]?[1-9][0-9]{0,2})?"
            )
                .prop_map(|(w, f, e)| Value::Number(
                    serde_json::from_str(&format!("{w}{f}{e}")).unwrap()
                )),
            Just(Value::Number(serde_json::from_str("-0").unwrap())),
            Just(Value::Number(serde_json::from_str("0.0").unwrap())),
        ]
    }

    fn json_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[ a-z:#\\-?'\"\n\t]{0,12}",
            prop::sample::select(vec![
                "yes",
                "NO",
                "on",
                "~",
                "null",
                "true",
                "123",
                "1.5",
                "0x1F",
                ".inf",
                "",
                " ",
                "a: b",
                "- x",
                "#c",
                "---",
                "...",
                "<<",
                "\n",
                "a\n",
                "a\n\n",
                "\na",
                " a\nb",
                "a\r\nb",
                "a\u{85}b",
                "\u{feff}x",
                "x\u{2028}y",
                "\u{7f}",
                "é: ü",
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            json_number(),
            json_text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((json_text(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn json_to_yaml_to_json_is_the_identity(value in json_value()) {
            let mut out = Vec::new();
            encoder().record(&value, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let back = read_all(&text, 1 << 20);
            prop_assert_eq!(back.len(), 1, "{}", text);
            prop_assert_eq!(back[0].1.as_ref(), Ok(&value), "{}", text);
        }
    }
}
