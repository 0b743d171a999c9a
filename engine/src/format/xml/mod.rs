//! XML input and output: how elements become values and values elements.
//!
//! # The convention
//!
//! Reading (every value is a string: XML has no types, the mapping
//! converts with `number()` and the like):
//!
//! - An element becomes an object: its attributes as members `@name`, then
//!   its child elements as members by name, in document order. Child
//!   elements with the same name become one array member, in order, at
//!   the position of the first (even when other siblings sit between
//!   them). An element whose name is listed in option `arrays` is always
//!   an array, even when it occurs once.
//! - An element with text only (no attributes, no child elements) is the
//!   bare string, exactly as written, whitespace included:
//!   `<id>A-1</id>` → `"id": "A-1"`. An empty element without attributes
//!   (`<x/>`, `<x></x>`) is `""`.
//! - Text beside attributes or child elements (mixed content) is the
//!   member `#text`: the text runs between child elements concatenated,
//!   placed where its first run occurs. Runs of whitespace only between
//!   child elements are layout and dropped; beside attributes alone,
//!   text is kept as is (`<a x="1"> </a>` → `{"@x": "1", "#text": " "}`).
//!   Comments and processing instructions are skipped (text around them
//!   is one run).
//! - CDATA sections are text. Character references (`&#233;`,
//!   `&#x20AC;`) and the five predefined entities are decoded; line ends
//!   are normalized to `\n`, and attribute values as XML says (tabs and
//!   line ends become spaces).
//! - Names by namespace URI, never by the document's prefixes: option
//!   `namespaces` maps the mapping's prefixes to URIs. An element or
//!   attribute in a namespace the mapping names is `prefix:local` with
//!   the mapping's prefix (`""`: the bare local name), whatever prefix the
//!   document used; in a namespace the mapping does not name it is
//!   `{uri}local` (Clark notation; the `xml` namespace is `xml:`); in no
//!   namespace it is `local`. An attribute without a prefix is in no
//!   namespace. Namespace declarations (`xmlns`, `xmlns:*`) are not
//!   members.
//! - Without option `record`, the document is one record: an object with
//!   one member, the root element (`{"soap:Envelope": {…}}`). With
//!   `record` (`soap:Envelope/soap:Body/o:Orders/o:Order`: names in the
//!   mapping's prefixes, from the root), each element at that path is one
//!   record, whose value is the element's own value (not wrapped), and
//!   whose number is the line it starts on. The document is streamed:
//!   memory stays at about a chunk plus one record.
//!
//! Safety and limits:
//!
//! - A DOCTYPE that declares an external entity (`SYSTEM`, `PUBLIC`) is an
//!   error ("external entities are not allowed"); nothing is ever read
//!   from files or the network. Internal entity declarations are rejected
//!   too (so "billion laughs" fails at once, before any expansion); a
//!   DOCTYPE without entity declarations is ignored, as is an external
//!   DTD it names (never fetched). A reference to any other entity than
//!   the five predefined ones is an error.
//! - Elements nested deeper than 512 levels are an error; a document read
//!   whole, and a record element, are at most 1 GiB.
//! - Only UTF-8 is read (a declaration naming another encoding is an
//!   error).
//! - Errors are positioned (`line 14, column 9: mismatched closing tag
//!   </Order>, expected </Line>`). A broken record fails alone and the
//!   next records are read when its end tag can still be found; a
//!   document broken outside records ends the stream with one last
//!   failing record. Known limit: two records starting on the same line
//!   under different namespace declarations of their ancestors share the
//!   later one's bindings.
//!
//! Writing is the same convention backwards: `begin` writes the XML
//! declaration and, with option `root`, its start tag declaring every
//! namespace of option `namespaces` (without `root`, each output's top
//! element declares them). With `root` and `element`, each output is
//! written as one `element` (an array output as one per item); otherwise
//! an output is an object with exactly one member, its element. Objects
//! become child elements in order, `@name` members attributes (scalars; a
//! null attribute is left out), `#text` text, arrays repeated elements of
//! the member's name, scalars text (numbers as in JSON, `true`/`false`);
//! null is an empty element `<x/>`. A name in Clark notation gets a
//! generated prefix declared on its element. A key that is not an XML
//! name, or uses a prefix `namespaces` does not declare, makes the output
//! unwritable (error E0410 naming the key's JSON Pointer), and nothing of
//! it is written.

mod names;
mod parse;
mod split;
mod syntax;
mod write;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::sync::Arc;

use crate::codes;
use crate::error::RunError;
use crate::format::XmlOptions;
use crate::format::codec::{Chunks, Encoder, OwnedChunk, RecordReader};

use names::{Names, is_ncname};
use split::{Shared, Splitter, XmlRecords};
use syntax::MAX_BYTES;

/// Opens an XML input: a splitter and the parser of its records. Without
/// a record path, the whole document is one record (read at once, at most
/// 1 GiB); with one, records stream in chunks of about `chunk_bytes`.
pub(crate) fn open<'r>(
    reader: Box<dyn Read + Send + 'r>,
    options: &XmlOptions,
    chunk_bytes: usize,
) -> Result<crate::format::codec::Opened<'r>, RunError> {
    let names = Arc::new(Names::new(options));
    let shared = Arc::new(Shared::default());
    let records = |whole| -> Arc<dyn RecordReader> {
        Arc::new(XmlRecords {
            names: names.clone(),
            shared: shared.clone(),
            whole,
        })
    };
    let Some(path) = &options.record else {
        let mut bytes = Vec::new();
        reader
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                RunError::new(
                    codes::MALFORMED_RECORD,
                    format!("reading the XML input: {e}"),
                )
            })?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(RunError::new(
                codes::SIZE_LIMIT,
                "the XML document is larger than 1 GiB; give option `record` to stream its records",
            ));
        }
        return Ok((Box::new(Whole(Some(bytes))), records(true)));
    };
    let steps = record_steps(path, &names)
        .map_err(|e| RunError::new(codes::BAD_FORMAT_OPTION, format!("option `record`: {e}")))?;
    let splitter = Splitter::new(reader, names.clone(), steps, chunk_bytes, shared.clone());
    Ok((Box::new(splitter), records(false)))
}

/// Opens an XML output.
pub(crate) fn encoder(options: &XmlOptions) -> Result<Box<dyn Encoder>, String> {
    Ok(Box::new(write::XmlEncoder::new(options)?))
}

/// The record path as member names (the names elements get when read).
/// Checks the options an input is read with, before any byte is: a
/// record path whose prefixes the options do not declare.
pub(crate) fn check(options: &XmlOptions) -> Result<(), String> {
    match &options.record {
        Some(path) => record_steps(path, &Names::new(options))
            .map(drop)
            .map_err(|e| format!("option `record`: {e}")),
        None => Ok(()),
    }
}

fn record_steps(path: &str, names: &Names) -> Result<Vec<String>, String> {
    let steps: Vec<&str> = path.trim().trim_start_matches('/').split('/').collect();
    steps
        .iter()
        .map(|step| {
            let step = step.trim();
            if let Some(rest) = step.strip_prefix('{')
                && let Some((uri, local)) = rest.split_once('}')
                && is_ncname(local)
            {
                return Ok(names.key(Some(uri), local, step).into_owned());
            }
            match step.split_once(':') {
                Some((prefix, local)) if is_ncname(prefix) && is_ncname(local) => {
                    match names.uri_of(prefix) {
                        Some(uri) => Ok(names.key(Some(uri), local, step).into_owned()),
                        None => Err(format!(
                            "the prefix `{prefix}` of `{step}` is not declared in option `namespaces`"
                        )),
                    }
                }
                None if is_ncname(step) => Ok(step.to_owned()),
                _ => Err(format!("`{step}` is not an element name (in `{path}`)")),
            }
        })
        .collect()
}

/// A whole document: one chunk with one record, number 1.
struct Whole(Option<Vec<u8>>);

impl Chunks for Whole {
    fn next_owned(&mut self) -> std::io::Result<Option<OwnedChunk>> {
        let Some(bytes) = self.0.take() else {
            return Ok(None);
        };
        if crate::format::is_blank(crate::format::strip_bom(&bytes)) {
            return Ok(None);
        }
        let len = bytes.len();
        Ok(Some(OwnedChunk {
            bytes,
            lines: vec![(1, 0..len)],
        }))
    }
}
