//! Names by namespace URI: the mapping's prefixes (`options.namespaces`)
//! decide how an element or attribute is called, never the document's own
//! prefixes. Shared by the splitter, the record parser and the encoder.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::format::XmlOptions;

/// The namespace the `xml` prefix is bound to in every document.
pub(super) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// The mapping's namespaces and always-array names, looked up by URI.
#[derive(Debug)]
pub(super) struct Names {
    /// Namespace URI → the mapping's prefix (`""`: bare local names).
    by_uri: HashMap<String, String>,
    /// The mapping's prefix → namespace URI, in the options' order.
    pub(super) by_prefix: Vec<(String, String)>,
    /// Member names that are always arrays (`o:Line`).
    arrays: HashSet<String>,
    /// Unique to this set of names (what the record parser's per-thread
    /// memo of resolved names is valid for).
    pub(super) id: u64,
}

impl Names {
    pub(super) fn new(options: &XmlOptions) -> Names {
        let mut by_uri = HashMap::new();
        for (prefix, uri) in &options.namespaces {
            // The first prefix given for a URI names it.
            by_uri.entry(uri.clone()).or_insert_with(|| prefix.clone());
        }
        Names {
            by_uri,
            by_prefix: options.namespaces.clone(),
            arrays: options.arrays.iter().cloned().collect(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The member name of an element (or attribute, without its `@`) whose
    /// qualified name in the document is `qname`, local part `local`, in
    /// namespace `uri`: borrowed from `qname` when it is already right.
    pub(super) fn key<'k>(
        &self,
        uri: Option<&str>,
        local: &'k str,
        qname: &'k str,
    ) -> Cow<'k, str> {
        let Some(uri) = uri else {
            return Cow::Borrowed(local);
        };
        let prefix = match self.prefix_of(uri) {
            Some(prefix) => prefix,
            None if uri == XML_NAMESPACE => "xml",
            None => return Cow::Owned(format!("{{{uri}}}{local}")),
        };
        if prefix.is_empty() {
            return Cow::Borrowed(local);
        }
        let same = qname.len() == prefix.len() + 1 + local.len()
            && qname.starts_with(prefix)
            && qname.as_bytes()[prefix.len()] == b':';
        if same {
            Cow::Borrowed(qname)
        } else {
            Cow::Owned(format!("{prefix}:{local}"))
        }
    }

    /// The mapping's prefix for namespace `uri`: with a few namespaces, a
    /// scan (the first prefix given for a URI names it, as in `by_uri`)
    /// is cheaper than hashing the URI.
    fn prefix_of(&self, uri: &str) -> Option<&str> {
        if self.by_prefix.len() <= 8 {
            return self
                .by_prefix
                .iter()
                .find(|(_, u)| u.len() == uri.len() && u == uri)
                .map(|(p, _)| p.as_str());
        }
        self.by_uri.get(uri).map(String::as_str)
    }

    /// True when member `key` is always an array.
    pub(super) fn is_array(&self, key: &str) -> bool {
        !self.arrays.is_empty() && self.arrays.contains(key)
    }

    /// The URI of the mapping's prefix `prefix`.
    pub(super) fn uri_of(&self, prefix: &str) -> Option<&str> {
        self.by_prefix
            .iter()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
    }
}

/// The namespace bindings in scope while reading: prefix → URI (`""`: the
/// default namespace; an empty URI undeclares it), innermost last.
#[derive(Debug, Default)]
pub(super) struct Scope<'s> {
    bindings: Vec<(Cow<'s, str>, Cow<'s, str>)>,
}

impl<'s> Scope<'s> {
    pub(super) fn len(&self) -> usize {
        self.bindings.len()
    }

    pub(super) fn truncate(&mut self, len: usize) {
        self.bindings.truncate(len);
    }

    /// The first `len` bindings, as bound (outer first).
    pub(super) fn first(&self, len: usize) -> &[(Cow<'s, str>, Cow<'s, str>)] {
        &self.bindings[..len]
    }

    pub(super) fn bind(&mut self, prefix: Cow<'s, str>, uri: Cow<'s, str>) {
        self.bindings.push((prefix, uri));
    }

    /// The URI of `prefix` (`None`: the default namespace, for an element
    /// name), `Ok(None)` for no namespace, `Err` for an undeclared prefix.
    pub(super) fn resolve(&self, prefix: Option<&str>) -> Result<Option<&str>, ()> {
        let wanted = prefix.unwrap_or("");
        if wanted == "xml" {
            return Ok(Some(XML_NAMESPACE));
        }
        match self.bindings.iter().rev().find(|(p, _)| p == wanted) {
            Some((_, uri)) if uri.is_empty() => Ok(None),
            Some((_, uri)) => Ok(Some(uri)),
            None if prefix.is_none() => Ok(None),
            None => Err(()),
        }
    }

    /// The bindings in effect (the innermost for each prefix), owned: what
    /// a record needs to be read on its own.
    /// Only the first `len` bindings count (those of the ancestors).
    pub(super) fn in_effect(&self, len: usize) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (prefix, uri) in self.bindings[..len].iter().rev() {
            if !out.iter().any(|(p, _)| p == prefix) {
                out.push((prefix.to_string(), uri.to_string()));
            }
        }
        out.reverse();
        out
    }
}

/// Splits a qualified name into its prefix and local part.
pub(super) fn split_qname(qname: &str) -> (Option<&str>, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, qname),
    }
}

/// If `attribute` is a namespace declaration, the prefix it declares
/// (`""` for the default namespace).
pub(super) fn declared_prefix(attribute: &str) -> Option<&str> {
    if attribute.as_bytes().first() != Some(&b'x') {
        None
    } else if attribute == "xmlns" {
        Some("")
    } else {
        attribute.strip_prefix("xmlns:")
    }
}

/// True for an XML `NCName` (a name without a colon).
pub(super) fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => chars.all(is_name_char),
        _ => false,
    }
}

fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// True for a character XML 1.0 allows in a document (as text or as a
/// character reference).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// True for XML whitespace (space, tab, line feed, carriage return).
pub(super) fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}
