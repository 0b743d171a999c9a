//! The XML encoder: the reading convention backwards, well-formed by
//! construction (every name checked, every text escaped), indented two
//! spaces except inside elements with mixed content, where layout would
//! change the text.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::names::{is_ncname, is_xml_char};
use crate::error::RunError;
use crate::format::XmlOptions;
use crate::format::codec::{Encoder, unwritable};

/// Writes outputs as XML elements.
pub(super) struct XmlEncoder {
    root: Option<String>,
    element: Option<String>,
    /// The mapping's prefixes, declared on the top element(s).
    namespaces: Vec<(String, String)>,
    /// A prefix the mapping does not use, for names in Clark notation.
    generated: String,
}

/// A step of the JSON Pointer to the value being written.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

impl XmlEncoder {
    pub(super) fn new(options: &XmlOptions) -> Result<XmlEncoder, String> {
        let generated = (0..)
            .map(|i| format!("ns{i}"))
            .find(|p| !options.namespaces.iter().any(|(q, _)| q == p))
            .unwrap_or_default();
        let encoder = XmlEncoder {
            root: options.root.clone(),
            element: options.element.clone(),
            namespaces: options.namespaces.clone(),
            generated,
        };
        for (option, name) in [("root", &options.root), ("element", &options.element)] {
            if let Some(name) = name {
                match encoder.tag(name, "element") {
                    Ok((_, None)) => {}
                    Ok((_, Some(_))) => {
                        return Err(format!(
                            "option `{option}`: `{name}` is in Clark notation; give its namespace a prefix in option `namespaces`"
                        ));
                    }
                    Err(e) => return Err(format!("option `{option}`: {e}")),
                }
            }
        }
        if options.element.is_some() && options.root.is_none() {
            return Err(
                "option `element` needs option `root`, the element around all outputs".into(),
            );
        }
        Ok(encoder)
    }

    /// The name `key` is written as, and the namespace it declares
    /// itself (for a name in Clark notation, `{uri}local`).
    fn tag<'k>(&self, key: &'k str, what: &str) -> Result<(Cow<'k, str>, Option<&'k str>), String> {
        if let Some(rest) = key.strip_prefix('{')
            && let Some((uri, local)) = rest.split_once('}')
            && is_ncname(local)
        {
            return Ok((Cow::Owned(format!("{}:{local}", self.generated)), Some(uri)));
        }
        match key.split_once(':') {
            Some((prefix, local)) if is_ncname(prefix) && is_ncname(local) => {
                let declared = prefix == "xml" && what == "attribute"
                    || self.namespaces.iter().any(|(p, _)| p == prefix);
                if declared {
                    Ok((Cow::Borrowed(key), None))
                } else {
                    Err(format!(
                        "`{key}` uses the prefix `{prefix}`, which option `namespaces` does not declare"
                    ))
                }
            }
            None if is_ncname(key) => Ok((Cow::Borrowed(key), None)),
            _ => Err(format!("`{key}` is not an XML {what} name")),
        }
    }

    fn declarations(&self, out: &mut Vec<u8>) {
        for (prefix, uri) in &self.namespaces {
            if prefix.is_empty() {
                out.extend_from_slice(b" xmlns=\"");
            } else {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(prefix.as_bytes());
                out.extend_from_slice(b"=\"");
            }
            // URIs come from the options: only escaping can fail, and a
            // URI with a control character is written as a reference.
            let _ = escape(uri, true, out);
            out.push(b'"');
        }
    }

    fn output<'v>(
        &self,
        value: &'v Value,
        out: &mut Vec<u8>,
        path: &mut Vec<Step<'v>>,
    ) -> Result<(), String> {
        let depth = usize::from(self.root.is_some());
        if let Some(element) = &self.element {
            return match value {
                Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                    path.push(Step::Index(i));
                    self.element(element, item, Some(depth), false, path, out)?;
                    path.pop();
                    Ok(())
                }),
                _ => self.element(element, value, Some(depth), false, path, out),
            };
        }
        let Value::Object(members) = value else {
            return Err(ONE_MEMBER.into());
        };
        let mut members = members.iter();
        let (Some((key, value)), None) = (members.next(), members.next()) else {
            return Err(ONE_MEMBER.into());
        };
        path.push(Step::Key(key));
        if value.is_array() {
            return Err("the root element is one element, not an array".into());
        }
        self.element(key, value, Some(depth), self.root.is_none(), path, out)?;
        path.pop();
        Ok(())
    }

    /// Writes element `key` with `value`; `depth`: its indentation, or
    /// `None` inside mixed content.
    fn element<'v>(
        &self,
        key: &str,
        value: &'v Value,
        depth: Option<usize>,
        top: bool,
        path: &mut Vec<Step<'v>>,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let (tag, own) = self.tag(key, "element")?;
        if let Some(depth) = depth {
            out.resize(out.len() + 2 * depth, b' ');
        }
        out.push(b'<');
        out.extend_from_slice(tag.as_bytes());
        if top {
            self.declarations(out);
        }
        if let Some(uri) = own {
            declare(&self.generated, uri, out)?;
        }
        match value {
            Value::Object(members) => {
                self.attributes(members, path, out)?;
                self.content(&tag, members, depth, path, out)?;
            }
            Value::Array(_) => {
                return Err("an array inside an array cannot be written as XML elements".into());
            }
            Value::Null => out.extend_from_slice(b"/>"),
            scalar => {
                out.push(b'>');
                escape(&scalar_text(scalar), false, out)?;
                close(&tag, out);
            }
        }
        if depth.is_some() {
            out.push(b'\n');
        }
        Ok(())
    }

    fn attributes<'v>(
        &self,
        members: &'v Map<String, Value>,
        path: &mut Vec<Step<'v>>,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        for (i, (key, value)) in members.iter().enumerate() {
            let Some(name) = key.strip_prefix('@') else {
                continue;
            };
            path.push(Step::Key(key));
            let (tag, own) = self.tag(name, "attribute")?;
            let tag = match own {
                Some(uri) => {
                    let prefix = format!("{}a{i}", self.generated);
                    declare(&prefix, uri, out)?;
                    let local = &tag[self.generated.len() + 1..];
                    Cow::Owned(format!("{prefix}:{local}"))
                }
                None => tag,
            };
            match value {
                Value::Null => {}
                Value::Array(_) | Value::Object(_) => {
                    return Err(format!(
                        "attribute `{name}` holds an array or object; an attribute is text"
                    ));
                }
                scalar => {
                    out.push(b' ');
                    out.extend_from_slice(tag.as_bytes());
                    out.extend_from_slice(b"=\"");
                    escape(&scalar_text(scalar), true, out)?;
                    out.push(b'"');
                }
            }
            path.pop();
        }
        Ok(())
    }

    /// The content of an element given as an object, and its end tag.
    fn content<'v>(
        &self,
        tag: &str,
        members: &'v Map<String, Value>,
        depth: Option<usize>,
        path: &mut Vec<Step<'v>>,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let content = || members.iter().filter(|(k, _)| !k.starts_with('@'));
        if content().next().is_none() {
            out.extend_from_slice(b"/>");
            return Ok(());
        }
        out.push(b'>');
        // With text among the children, layout would become text.
        let mixed = members.contains_key("#text");
        let inner = match depth {
            Some(depth) if !mixed => {
                out.push(b'\n');
                Some(depth + 1)
            }
            _ => None,
        };
        for (key, value) in content() {
            path.push(Step::Key(key));
            match value {
                _ if key == "#text" => match value {
                    Value::Array(_) | Value::Object(_) => {
                        return Err(
                            "`#text` holds an array or object; it is the element's text".into()
                        );
                    }
                    scalar => escape(&scalar_text(scalar), false, out)?,
                },
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        self.element(key, item, inner, false, path, out)?;
                        path.pop();
                    }
                }
                _ => self.element(key, value, inner, false, path, out)?,
            }
            path.pop();
        }
        if let (Some(depth), Some(_)) = (depth, inner) {
            out.resize(out.len() + 2 * depth, b' ');
        }
        close(tag, out);
        Ok(())
    }
}

const ONE_MEMBER: &str = "an XML output is an object with one member, its root element (or give the options root and element)";

impl Encoder for XmlEncoder {
    fn begin(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if let Some(root) = &self.root {
            out.push(b'<');
            out.extend_from_slice(root.as_bytes());
            self.declarations(out);
            out.extend_from_slice(b">\n");
        }
    }

    fn record(&self, value: &Value, out: &mut Vec<u8>) -> Result<(), RunError> {
        let len = out.len();
        let mut path = Vec::new();
        self.output(value, out, &mut path).map_err(|message| {
            out.truncate(len);
            unwritable(&pointer(&path), message)
        })
    }

    fn end(&self, out: &mut Vec<u8>) {
        if let Some(root) = &self.root {
            close(root, out);
            out.push(b'\n');
        }
    }
}

fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

fn declare(prefix: &str, uri: &str, out: &mut Vec<u8>) -> Result<(), String> {
    out.extend_from_slice(b" xmlns:");
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(b"=\"");
    escape(uri, true, out)?;
    out.push(b'"');
    Ok(())
}

fn close(tag: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(tag.as_bytes());
    out.push(b'>');
}

fn scalar_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Bool(true) => Cow::Borrowed("true"),
        Value::Bool(false) => Cow::Borrowed("false"),
        Value::Number(n) => Cow::Owned(n.to_string()),
        _ => Cow::Borrowed(""),
    }
}

/// Appends `text` escaped; in an attribute, the characters that a reader
/// would normalize to spaces are written as references.
fn escape(text: &str, attribute: bool, out: &mut Vec<u8>) -> Result<(), String> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let replacement: &[u8] = match c {
            '<' => b"&lt;",
            '>' => b"&gt;",
            '&' => b"&amp;",
            '"' => b"&quot;",
            '\'' => b"&apos;",
            '\r' => b"&#13;",
            '\t' if attribute => b"&#9;",
            '\n' if attribute => b"&#10;",
            c if !is_xml_char(c) => {
                return Err(format!(
                    "the character U+{:04X} cannot be written in XML 1.0",
                    c as u32
                ));
            }
            _ => continue,
        };
        out.extend_from_slice(&text.as_bytes()[start..i]);
        out.extend_from_slice(replacement);
        start = i + c.len_utf8();
    }
    out.extend_from_slice(&text.as_bytes()[start..]);
    Ok(())
}
