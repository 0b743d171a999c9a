//! Parsing one YAML document into a JSON value, on a worker thread.
//!
//! serde-saphyr does the YAML: the 1.2 core schema with strict booleans
//! (`yes`, `on`, `NO` stay strings), anchors, aliases and `<<` merge keys,
//! duplicate keys as errors, and its budget against alias bombs. It parses
//! into a small tree whose nodes keep their place in the text, so that a
//! number keeps its digits: `1.10` stays `1.10` and an integer too big for
//! 64 bits stays exact, where going through `f64` would round them.

use std::fmt;

use bumpalo::Bump;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::RunError;
use crate::format::codec::{Parsed, Position, RecordReader, malformed};
use crate::projection::Keep;

/// Largest document read as one record: a record is data, but one this
/// big is a mistake (a dump with its separators lost), not a record.
pub(super) const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// Alias replay allowed in one document, in parser events. Plenty for
/// configuration-style reuse; a billion-laughs document hits it at once.
const MAX_REPLAYED_EVENTS: usize = 100_000;

/// Parses one document (one record) of a YAML stream.
pub(super) struct YamlReader;

impl RecordReader for YamlReader {
    fn parse<'a>(
        &self,
        raw: &'a [u8],
        number: u64,
        _keep: &Keep,
        _arena: &'a Bump,
    ) -> Result<Parsed<'a>, RunError> {
        parse_document(raw, number).map(Parsed::Value)
    }
}

/// The value of the document `raw`, whose first line is line `number` of
/// the file.
pub(super) fn parse_document(raw: &[u8], number: u64) -> Result<Value, RunError> {
    let at = |offset: usize| Position::of_offset(raw, offset, number);
    if raw.len() > MAX_DOCUMENT_BYTES {
        return Err(malformed(
            number,
            at(0),
            format!(
                "the YAML document is {} bytes, more than the {MAX_DOCUMENT_BYTES} a record may have",
                raw.len()
            ),
        ));
    }
    let text = std::str::from_utf8(raw).map_err(|e| {
        malformed(
            number,
            at(e.valid_up_to()),
            "the YAML document is not valid UTF-8",
        )
    })?;
    let tree: Tree = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| saphyr_error(&e, number))?;
    tree.into_value(text)
        .map_err(|(offset, message)| malformed(number, at(offset), message))
}

/// The same choices as for schema documents (`contract::document`):
/// strict booleans, duplicate keys rejected, a budget, one document.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        // `.inf` and `1e999` come through as numbers so that the tree can
        // tell them apart by their text: the first cannot be JSON, the
        // second can (its digits are kept).
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::PassThrough,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED_EVENTS,
        },
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_DOCUMENT_BYTES),
            max_documents: 1,
        },
    }
}

/// A saphyr error as a malformed record: its position moved into the
/// file, its message without the snippet and without the position (which
/// `malformed` puts first).
fn saphyr_error(error: &serde_saphyr::Error, number: u64) -> RunError {
    let offset = number.saturating_sub(1);
    let rendered = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
        line_offset: offset,
    });
    let location = error.location().filter(|l| l.line() > 0);
    let at = match location {
        Some(l) => Position {
            line: l.line() + offset,
            column: l.column().max(1),
        },
        None => Position {
            line: number,
            column: 1,
        },
    };
    let suffix = format!(" at line {}, column {}", at.line, at.column);
    let message = match rendered.rfind(&suffix) {
        Some(i) => format!("{}{}", &rendered[..i], &rendered[i + suffix.len()..]),
        None => rendered,
    };
    // The parser's advice to its own caller is not the data's problem.
    let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    malformed(number, at, message.trim())
}

/// A parsed node and where it is defined in the text (for an alias or a
/// merged value, where its anchor's node is).
struct Tree {
    node: Node,
    span: Option<(usize, usize)>,
}

enum Node {
    Null,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    List(Vec<Tree>),
    Map(Vec<(Tree, Tree)>),
}

impl Tree {
    /// The JSON value, or the byte offset and message of what cannot be one.
    fn into_value(self, text: &str) -> Result<Value, (usize, String)> {
        let offset = self.span.map_or(0, |s| s.0);
        Ok(match self.node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Text(s) => Value::String(s),
            Node::Signed(_) | Node::Unsigned(_) | Node::Float(_) => {
                Value::Number(self.number(text)?)
            }
            Node::List(items) => Value::Array(
                items
                    .into_iter()
                    .map(|t| t.into_value(text))
                    .collect::<Result<_, _>>()?,
            ),
            Node::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    let key_offset = key.span.map_or(offset, |s| s.0);
                    let key = key.into_key(text)?;
                    if map.contains_key(&key) {
                        // `1: a` and `"1": b` differ in YAML, not in JSON.
                        return Err((key_offset, format!("duplicate mapping key: {key}")));
                    }
                    let value = value.into_value(text)?;
                    map.insert(key, value);
                }
                Value::Object(map)
            }
        })
    }

    /// A key as JSON object keys are: text. Scalars are their text (a
    /// number as its JSON number, `~` as `null`); a sequence or mapping
    /// key is an error.
    fn into_key(self, text: &str) -> Result<String, (usize, String)> {
        let offset = self.span.map_or(0, |s| s.0);
        match self.node {
            Node::Text(s) => Ok(s),
            Node::Null => Ok("null".into()),
            Node::Bool(b) => Ok(b.to_string()),
            Node::Signed(_) | Node::Unsigned(_) | Node::Float(_) => {
                Ok(self.number(text)?.to_string())
            }
            Node::List(_) | Node::Map(_) => Err((
                offset,
                "a mapping key must be a scalar (text, number, boolean or null) to become a JSON key"
                    .into(),
            )),
        }
    }

    /// The number of a numeric node: its own digits where they are a JSON
    /// number (after dropping a `+`, leading zeros and `_`), else the
    /// value saphyr read (`0x1F` is 31).
    fn number(&self, text: &str) -> Result<Number, (usize, String)> {
        let offset = self.span.map_or(0, |s| s.0);
        let spelled = self
            .span
            .and_then(|(start, len)| text.get(start..start + len))
            .unwrap_or("");
        if let Some(number) = json_number(spelled).filter(|n| self.agrees_with(n)) {
            return Ok(number);
        }
        match self.node {
            Node::Signed(i) => Ok(i.into()),
            Node::Unsigned(u) => Ok(u.into()),
            Node::Float(f) => Number::from_f64(f).ok_or_else(|| {
                (
                    offset,
                    format!("`{}` is not a number JSON can hold", spelled.trim()),
                )
            }),
            _ => unreachable!("number() is only called on numeric nodes"),
        }
    }

    /// Whether the digits read from the text are the value saphyr read (a
    /// guard against a span that points elsewhere).
    fn agrees_with(&self, number: &Number) -> bool {
        let digits = number.to_string();
        match self.node {
            Node::Signed(i) => digits.parse::<i128>().is_ok_and(|d| d == i128::from(i)),
            Node::Unsigned(u) => digits.parse::<i128>().is_ok_and(|d| d == i128::from(u)),
            Node::Float(f) => digits.parse::<f64>().is_ok_and(|d| d == f),
            _ => false,
        }
    }
}

/// `spelled` as a JSON number, when it is a decimal YAML number: `+12` is
/// `12`, `017` is `17`, `.5` is `0.5`, `1.` is `1.0`, `1_000` is `1000`;
/// `0x1F`, `.inf` and anything else are `None`.
fn json_number(spelled: &str) -> Option<Number> {
    let t = spelled.trim();
    let (negative, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let t = t.replace('_', "");
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some((&t[i..=i], &t[i + 1..]))),
        None => (&t[..], None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || !fraction.is_none_or(digits)
        || whole.is_empty() && fraction.is_none_or(str::is_empty)
    {
        return None;
    }
    let mut json = String::with_capacity(t.len() + 3);
    if negative {
        json.push('-');
    }
    let whole = whole.trim_start_matches('0');
    json.push_str(if whole.is_empty() { "0" } else { whole });
    if let Some(fraction) = fraction {
        json.push('.');
        json.push_str(if fraction.is_empty() { "0" } else { fraction });
    }
    if let Some((marker, exponent)) = exponent {
        let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        json.push_str(marker);
        json.push_str(exponent);
    }
    // The document's own text where it is JSON already (`1E3` stays
    // `1E3`, as in JSON and CSV input), not `serde_json`'s `1e+3`.
    crate::value::number_from_text(&json)
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        let spanned = serde_saphyr::Spanned::<NodeOf>::deserialize(deserializer)?;
        let span = spanned.defined.span();
        let span = span
            .byte_offset()
            .zip(span.byte_len())
            .map(|(o, l)| (o as usize, l as usize));
        Ok(Tree {
            node: spanned.value.0,
            span,
        })
    }
}

/// A node without its span, as `Spanned` wants it.
struct NodeOf(Node);

impl<'de> Deserialize<'de> for NodeOf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<NodeOf, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(NodeOf)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML node")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Node, E> {
        Ok(Node::Signed(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Node, E> {
        Ok(Node::Unsigned(u))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
        Ok(Node::Float(f))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        Ok(Node::Text(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
        Ok(Node::Text(s))
    }

    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Node, E> {
        // `!!binary`: its bytes as text where they are UTF-8.
        String::from_utf8(b.to_vec())
            .map(Node::Text)
            .map_err(|_| E::custom("a !!binary value that is not UTF-8 text cannot be JSON"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Tree>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(key) = map.next_key::<Tree>()? {
            let value = map.next_value::<Tree>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Value, String> {
        parse_document(text.as_bytes(), 1).map_err(|e| e.message().to_string())
    }

    fn text_of(value: &Value) -> String {
        value.to_string()
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        let v = parse("country: NO\nenabled: on\nok: yes\noff: off\nt: True\nf: FALSE\n").unwrap();
        assert_eq!(
            v,
            json!({"country": "NO", "enabled": "on", "ok": "yes", "off": "off", "t": true, "f": false})
        );
    }

    #[test]
    fn numbers_keep_their_digits() {
        let v = parse(
            "a: 017\nb: 0o17\nc: 0x1F\nd: 12345678901234567890123\ne: 1.10\nf: 1e3\ng: .5\nh: +12\ni: -0\nj: 1_000\nk: -98765432109876543210\nl: 1e999\nm: '12'\n",
        )
        .unwrap();
        assert_eq!(
            text_of(&v),
            r#"{"a":17,"b":15,"c":31,"d":12345678901234567890123,"e":1.10,"f":1e3,"g":0.5,"h":12,"i":-0,"j":1000,"k":-98765432109876543210,"l":1e999,"m":"12"}"#
        );
    }

    #[test]
    fn nulls_and_non_json_numbers() {
        assert_eq!(
            parse("a: ~\nb: null\nc:\n").unwrap(),
            json!({"a": null, "b": null, "c": null})
        );
        let e = parse("x: 1\nrate: .inf\n").unwrap_err();
        assert!(
            e.starts_with("line 2, column 7:") && e.contains("`.inf`"),
            "{e}"
        );
        assert!(parse("a: .nan\n").unwrap_err().contains("`.nan`"));
    }

    #[test]
    fn scalar_keys_become_text_and_complex_keys_are_errors() {
        let v = parse("1: a\ntrue: b\n~: c\n1.50: d\n").unwrap();
        assert_eq!(v, json!({"1": "a", "true": "b", "null": "c", "1.50": "d"}));
        let e = parse("ok: 1\n? [a]\n: b\n").unwrap_err();
        assert!(
            e.starts_with("line 2, column 3:") && e.contains("scalar"),
            "{e}"
        );
        assert!(parse("1: a\n\"1\": b\n").unwrap_err().contains("duplicate"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(
            e.starts_with("line 3, column 1:") && e.contains("duplicate"),
            "{e}"
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys_resolve() {
        let v = parse("base: &b {x: 1.50, y: 2}\nuse:\n  <<: *b\n  y: 3\nsame: *b\n").unwrap();
        assert_eq!(
            text_of(&v),
            r#"{"base":{"x":1.50,"y":2},"use":{"y":3,"x":1.50},"same":{"x":1.50,"y":2}}"#
        );
    }

    #[test]
    fn a_billion_laughs_is_an_error_quickly() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let e = parse(&text).unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(e.contains("limit") || e.contains("budget"), "{e}");
    }

    #[test]
    fn error_lines_are_lines_of_the_file() {
        let e = parse_document(b"---\na: 1\n  b: 2\n", 40).unwrap_err();
        assert_eq!(e.code(), crate::codes::MALFORMED_RECORD);
        assert!(
            e.message().starts_with("line 42, column 4: "),
            "{}",
            e.message()
        );
        assert!(!e.message().contains("-->"), "no snippet: {}", e.message());
    }

    #[test]
    fn json_numbers_from_yaml_spellings() {
        let n = |s: &str| json_number(s).map(|n| n.to_string());
        assert_eq!(n("+1.5E+3").as_deref(), Some("1.5E+3"));
        assert_eq!(n("1.").as_deref(), Some("1.0"));
        assert_eq!(n("-007").as_deref(), Some("-7"));
        assert_eq!(n("0x1F"), None);
        assert_eq!(n(".inf"), None);
        assert_eq!(n("."), None);
        assert_eq!(n("1e"), None);
    }
}
