//! Schema documents on disk: JSON or YAML files, read once, by `file:` URI.
//!
//! A contract names a file (and maybe a JSON Pointer into it); its `$ref`s
//! name more files. [`Documents`] reads each file at most once, converts an
//! OpenAPI 3.0 document's `nullable` into JSON Schema, and serves the
//! documents to the validator's reference resolution and to the static
//! checks. Nothing is ever fetched over the network: only `file:` URIs are
//! read, and the caller reports any other reference (see `references`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::dialect::{self, Dialect};

/// Largest schema file read, in bytes: a schema is configuration, not data.
pub(crate) const MAX_SCHEMA_BYTES: u64 = 16 << 20;

/// A loaded document: its location, its JSON value and its dialect.
#[derive(Debug)]
pub(crate) struct Document {
    /// The file, as given (for messages) and canonical.
    pub path: PathBuf,
    /// `file:///…` of the canonical path.
    pub uri: String,
    /// The content (an OpenAPI 3.0 document already converted).
    pub value: Value,
    /// How its schemas are to be read.
    pub dialect: Dialect,
}

/// Why a document could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadError {
    /// The file involved.
    pub path: PathBuf,
    /// What went wrong, for a person.
    pub message: String,
    /// The file is over [`MAX_SCHEMA_BYTES`] (`E0510`, not `E0303`).
    pub too_large: bool,
}

/// Every document a contract needs, read once each; shared by the
/// validators (through [`Documents::retrieve`]) and the static checks.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    by_uri: Mutex<HashMap<String, Arc<Document>>>,
}

impl Documents {
    /// The document at `path`, read now unless it already was.
    pub fn load(&self, path: &Path) -> Result<Arc<Document>, LoadError> {
        let canonical = path.canonicalize().map_err(|e| LoadError {
            path: path.to_path_buf(),
            message: format!("cannot read `{}`: {e}", path.display()),
            too_large: false,
        })?;
        let uri = file_uri(&canonical);
        if let Some(doc) = self.lock().get(&uri) {
            return Ok(doc.clone());
        }
        let (value, dialect) = read(path, &canonical)?;
        let doc = Arc::new(Document {
            path: path.to_path_buf(),
            uri: uri.clone(),
            value,
            dialect,
        });
        self.lock().entry(uri).or_insert(doc.clone());
        Ok(doc)
    }

    /// The document with this `file:` URI (no fragment), read now unless it
    /// already was; `None` for any other scheme.
    pub fn by_uri(&self, uri: &str) -> Option<Result<Arc<Document>, LoadError>> {
        if let Some(doc) = self.lock().get(uri) {
            return Some(Ok(doc.clone()));
        }
        let path = path_of_uri(uri)?;
        Some(self.load(&path))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Document>>> {
        // A panic while holding the lock leaves the map intact (inserts are
        // single calls), so a poisoned lock is still usable.
        self.by_uri.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Reads and parses a schema file: YAML by its extension, JSON otherwise.
fn read(path: &Path, canonical: &Path) -> Result<(Value, Dialect), LoadError> {
    let fail = |message: String| LoadError {
        path: path.to_path_buf(),
        message,
        too_large: false,
    };
    let size = std::fs::metadata(canonical)
        .map_err(|e| fail(format!("cannot read `{}`: {e}", path.display())))?
        .len();
    if size > MAX_SCHEMA_BYTES {
        return Err(LoadError {
            too_large: true,
            ..fail(format!(
                "`{}` is {}, more than the {} a schema file may have",
                path.display(),
                crate::exec::budget::bytes_text(size),
                crate::exec::budget::bytes_text(MAX_SCHEMA_BYTES)
            ))
        });
    }
    let text = std::fs::read_to_string(canonical)
        .map_err(|e| fail(format!("cannot read `{}`: {e}", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let yaml = matches!(
        canonical.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let mut value = if yaml {
        parse_yaml(text)
            .map_err(|e| fail(format!("`{}` is not valid YAML: {e}", path.display())))?
    } else {
        serde_json::from_str(text)
            .map_err(|e| fail(format!("`{}` is not valid JSON: {e}", path.display())))?
    };
    let dialect = Dialect::of_document(&value);
    dialect::normalize(&mut value, dialect);
    Ok((value, dialect))
}

/// YAML 1.2 core schema into JSON: `yes`/`on` stay strings, duplicate keys
/// are an error, and aliases are budgeted (an alias bomb fails, it does
/// not fill the memory).
fn parse_yaml(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_SCHEMA_BYTES as usize),
            max_documents: 1,
        },
    };
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| e.to_string())
}

/// `file:///a/b%20c.json` for `/a/b c.json` (an absolute, canonical path).
pub(crate) fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for component in path.components() {
        match component {
            Component::RootDir => {}
            Component::Normal(part) => {
                uri.push('/');
                percent_encode(&part.to_string_lossy(), &mut uri);
            }
            // A canonical path has no `.`/`..`; Windows prefixes are kept as text.
            other => {
                uri.push('/');
                percent_encode(&other.as_os_str().to_string_lossy(), &mut uri);
            }
        }
    }
    uri
}

/// The path of a `file:` URI (without fragment), `None` for other schemes.
pub(crate) fn path_of_uri(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.split(['#', '?']).next().unwrap_or(rest);
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?
        .into_owned();
    Some(PathBuf::from(decoded))
}

fn percent_encode(part: &str, out: &mut String) {
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_through_percent_encoding() {
        let path = Path::new("/tmp/a b/ü#.json");
        let uri = file_uri(path);
        assert_eq!(uri, "file:///tmp/a%20b/%C3%BC%23.json");
        assert_eq!(path_of_uri(&uri).as_deref(), Some(path));
        assert_eq!(path_of_uri("https://example.com/a.json"), None);
    }

    #[test]
    fn yaml_keeps_yaml_1_1_booleans_as_strings_and_rejects_duplicates() {
        let v = parse_yaml("a: yes\nb: true\nc: on\n").unwrap();
        assert_eq!(v, serde_json::json!({"a": "yes", "b": true, "c": "on"}));
        assert!(parse_yaml("a: 1\na: 2\n").is_err());
    }

    #[test]
    fn an_alias_bomb_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse_yaml(&text).is_err());
    }
}
