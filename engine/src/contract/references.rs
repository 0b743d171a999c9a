//! Following `$ref`s before the validator does: every file a contract
//! needs is loaded (and checked against its meta-schema) up front, so a
//! missing file, a broken pointer or a remote reference is a compile
//! error naming the file and the JSON Pointer of the `$ref`, never a
//! fetch over the network.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::SchemaError;
use super::dialect::is_data_keyword;
use super::document::{Document, Documents, file_uri, path_of_uri};

/// Where a schema lives: a document and a JSON Pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Location {
    /// The document's URI (no fragment).
    pub uri: String,
    /// The pointer inside it (`""` for the whole document).
    pub pointer: String,
}

/// Every `$id` seen, by absolute URI: a reference to one is local even
/// when it looks remote (`https://example.com/line.json` declared by a
/// file beside the mapping).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    by_uri: HashMap<String, Location>,
}

impl Ids {
    pub fn get(&self, uri: &str) -> Option<&Location> {
        self.by_uri.get(uri.trim_end_matches('#'))
    }
}

/// Loads every document reachable from `start` through `$ref`s and
/// returns the `$id`s they declare and the schema locations visited.
pub(crate) fn follow(
    documents: &Documents,
    start: &Location,
) -> Result<(Ids, Vec<Location>), SchemaError> {
    let mut ids = Ids::default();
    let mut visited: HashSet<Location> = HashSet::new();
    let mut indexed: HashSet<String> = HashSet::new();
    let mut order = Vec::new();
    let mut pending = vec![start.clone()];
    let mut remote: Vec<(Arc<Document>, String, String)> = Vec::new();
    while let Some(at) = pending.pop() {
        if !visited.insert(at.clone()) {
            continue;
        }
        let doc = match documents.by_uri(&at.uri) {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => return Err(SchemaError::load(e)),
            None => continue,
        };
        if indexed.insert(doc.uri.clone()) {
            index_ids(&doc.value, &doc.uri, &doc.uri, "", &mut ids);
        }
        let Some(schema) = doc.value.pointer(&at.pointer) else {
            return Err(SchemaError::at(
                &doc,
                &at.pointer,
                format!("`#{}` is not in `{}`", at.pointer, doc.path.display()),
            ));
        };
        order.push(at.clone());
        let mut refs = Vec::new();
        collect_refs(schema, &doc.uri, &at.pointer, &mut refs);
        for (pointer, target) in refs {
            let (base, fragment) = split_fragment(&target);
            if base.starts_with("file://") {
                let Some(path) = path_of_uri(base) else {
                    continue;
                };
                if !path.exists() {
                    return Err(SchemaError::at(
                        &doc,
                        &pointer,
                        format!(
                            "`$ref` `{target}` names `{}`, which does not exist",
                            path.display()
                        ),
                    ));
                }
                let uri = path
                    .canonicalize()
                    .map(|p| file_uri(&p))
                    .unwrap_or(base.to_owned());
                if fragment.is_empty() || fragment.starts_with('/') {
                    pending.push(Location {
                        uri,
                        pointer: decode_fragment(fragment),
                    });
                }
            } else {
                remote.push((doc.clone(), pointer, target));
            }
        }
    }
    // Checked last: the `$id` a reference names may be declared by a file
    // loaded after the reference was seen.
    for (doc, pointer, target) in remote {
        let (base, _) = split_fragment(&target);
        if ids.get(base).is_none() {
            return Err(SchemaError::remote(&doc, &pointer, &target));
        }
    }
    Ok((ids, order))
}

/// The schema a `$ref` names, from a schema in `doc` under `base`: the
/// document holding it and its pointer there. `None` for what cannot be
/// followed statically (an anchor, a missing target).
pub(crate) fn target(
    documents: &Documents,
    ids: &Ids,
    base: &str,
    reference: &str,
) -> Option<(Arc<Document>, String)> {
    let absolute = resolve(base, reference);
    let (uri, fragment) = split_fragment(&absolute);
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    let fragment = decode_fragment(fragment);
    if let Some(Ok(doc)) = documents.by_uri(uri) {
        return Some((doc, fragment));
    }
    let at = ids.get(uri)?;
    let doc = documents.by_uri(&at.uri)?.ok()?;
    Some((doc, format!("{}{fragment}", at.pointer)))
}

/// The base URI in force inside `schema` (its `$id`, if any, against `base`).
pub(crate) fn base_of(base: &str, schema: &Value) -> String {
    match schema.get("$id").and_then(Value::as_str) {
        Some(id) if !id.starts_with('#') => resolve(base, id),
        _ => base.to_owned(),
    }
}

/// Records every `$id` (and draft 4's `id`) under `value`, resolved
/// against the base in force where it appears.
fn index_ids(value: &Value, doc: &str, base: &str, pointer: &str, ids: &mut Ids) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                index_ids(item, doc, base, &format!("{pointer}/{i}"), ids);
            }
        }
        return;
    };
    let mut base = base.to_owned();
    let id = map
        .get("$id")
        .or_else(|| map.get("id"))
        .and_then(Value::as_str);
    if let Some(id) = id.filter(|id| !id.starts_with('#')) {
        base = resolve(&base, id);
        let (uri, _) = split_fragment(&base);
        ids.by_uri.entry(uri.to_owned()).or_insert(Location {
            uri: doc.to_owned(),
            pointer: pointer.to_owned(),
        });
    }
    for (key, child) in map {
        if !is_data_keyword(key) {
            index_ids(
                child,
                doc,
                &base,
                &format!("{pointer}/{}", escape(key)),
                ids,
            );
        }
    }
}

/// Every `$ref` under `value`: the JSON Pointer of the `$ref` in its
/// document and its target, resolved to an absolute URI.
fn collect_refs(value: &Value, base: &str, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            let mut base = base.to_owned();
            let id = map.get("$id").and_then(Value::as_str);
            if let Some(id) = id.filter(|id| !id.starts_with('#')) {
                base = resolve(&base, id);
            }
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push((format!("{pointer}/$ref"), resolve(&base, target)));
            }
            for (key, child) in map {
                if !is_data_keyword(key) {
                    collect_refs(child, &base, &format!("{pointer}/{}", escape(key)), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_refs(item, base, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Resolves a reference against a base URI (RFC 3986, for the shapes
/// schemas use: fragments, absolute URIs, relative paths).
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    let (base_uri, _) = split_fragment(base);
    if let Some(fragment) = reference.strip_prefix('#') {
        return format!("{base_uri}#{fragment}");
    }
    if has_scheme(reference) {
        return reference.to_owned();
    }
    let (path_part, fragment) = match reference.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (reference, None),
    };
    let joined = match base_uri.find("://") {
        Some(i) => {
            let after = &base_uri[i + 3..];
            let authority_end = after.find('/').map_or(base_uri.len(), |j| i + 3 + j);
            let (origin, path) = base_uri.split_at(authority_end);
            let dir = if path_part.starts_with('/') {
                ""
            } else {
                path.rsplit_once('/').map_or("", |(d, _)| d)
            };
            format!("{origin}{}", normalize_dots(&format!("{dir}/{path_part}")))
        }
        // `urn:` and other bases without a hierarchy: append as is.
        None => format!("{base_uri}{path_part}"),
    };
    match fragment {
        Some(f) => format!("{joined}#{f}"),
        None => joined,
    }
}

fn has_scheme(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Removes `.` and `..` segments of an absolute path.
fn normalize_dots(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::new();
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if path.ends_with('/') {
        out.push('/');
    }
    out
}

/// `(uri, fragment)` of `uri#fragment`.
pub(crate) fn split_fragment(uri: &str) -> (&str, &str) {
    uri.split_once('#').unwrap_or((uri, ""))
}

/// A URI fragment's JSON Pointer, percent-decoded.
pub(crate) fn decode_fragment(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// A JSON Pointer token (RFC 6901).
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_like_rfc_3986() {
        let base = "file:///s/orders/order.json";
        assert_eq!(
            resolve(base, "#/$defs/a"),
            "file:///s/orders/order.json#/$defs/a"
        );
        assert_eq!(resolve(base, "line.json"), "file:///s/orders/line.json");
        assert_eq!(
            resolve(base, "../common/money.json#/x"),
            "file:///s/common/money.json#/x"
        );
        assert_eq!(
            resolve(base, "https://example.com/a.json"),
            "https://example.com/a.json"
        );
        assert_eq!(
            resolve("https://example.com/s/order.json", "line.json"),
            "https://example.com/s/line.json"
        );
        assert_eq!(resolve("urn:x:y", "#/a"), "urn:x:y#/a");
    }
}
