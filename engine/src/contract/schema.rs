//! One contract schema, loaded, checked and compiled once: a JSON Schema
//! file, or a component of an OpenAPI document, with every local file its
//! `$ref`s reach.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

use super::doc_json::DocJson;
use super::document::{Document, Documents};
use super::references::{self, Ids, Location, escape};
use super::sensitive::Sensitive;
use super::{SchemaError, Violation, Violations};
use crate::codes;
use crate::doc;

/// Violations kept per record; the rest are counted.
pub const MAX_VIOLATIONS: usize = 20;

/// Violations counted per record before the count stops (`1000+`).
const COUNT_VIOLATIONS: usize = 1000;

/// A compiled contract schema. Immutable, `Send + Sync`: compile once,
/// validate from any number of threads.
pub struct Schema {
    reference: String,
    document: Arc<Document>,
    location: Location,
    draft: Draft,
    documents: Arc<Documents>,
    ids: Arc<Ids>,
    for_json: Validator,
    for_doc: Validator<DocJson>,
    sensitive: Sensitive,
}

// A compiled validator is not mutated by validating (its caches only
// memoize), so a panic cannot leave a `Schema` half-changed: a `Mapping`
// stays usable across `catch_unwind`, as it was before it had contracts.
impl std::panic::RefUnwindSafe for Schema {}
impl std::panic::UnwindSafe for Schema {}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("reference", &self.reference)
            .finish_non_exhaustive()
    }
}

impl Schema {
    /// Loads `reference` — `order.json`, or `api.yaml#/components/schemas/Order`
    /// — relative to `dir`, checks every schema it reaches against its
    /// meta-schema, and compiles it.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("ferry-doc-schema-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// # std::fs::write(dir.join("order.json"), r#"{"type": "object", "required": ["id"]}"#).unwrap();
    /// use ferry_engine::contract::Schema;
    ///
    /// let schema = Schema::load("order.json", &dir).unwrap();
    /// assert!(schema.is_valid(&serde_json::json!({"id": 1})));
    /// let found = schema.violations(&serde_json::json!({}));
    /// assert_eq!(found.list[0].keyword, "required");
    /// ```
    pub fn load(reference: &str, dir: &Path) -> Result<Schema, SchemaError> {
        let (file, fragment) = references::split_fragment(reference);
        // `./order.json` reads worse than `order.json` in every message.
        let path = if dir == Path::new(".") {
            PathBuf::from(file)
        } else {
            dir.join(file)
        };
        let documents = Arc::new(Documents::default());
        let document = documents.load(&path).map_err(SchemaError::load)?;
        let pointer = references::decode_fragment(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(SchemaError::at(
                &document,
                "",
                format!(
                    "`#{fragment}` is not a JSON Pointer: write `{file}#/components/schemas/Name`"
                ),
            ));
        }
        if pointer.is_empty() && document.dialect.is_openapi() {
            return Err(SchemaError::at(
                &document,
                "",
                format!(
                    "`{file}` is an OpenAPI document: name one of its schemas, {}",
                    component_names(&document, file)
                ),
            ));
        }
        let location = Location {
            uri: document.uri.clone(),
            pointer: pointer.clone(),
        };
        let (ids, visited) = references::follow(&documents, &location)?;
        let ids = Arc::new(ids);
        let root = document.value.pointer(&pointer).unwrap_or(&Value::Null);
        let draft = document
            .dialect
            .draft_of(root)
            .or_else(|_| document.dialect.draft_of(&document.value))
            .map_err(|m| SchemaError::at(&document, &format!("{pointer}/$schema"), m))?;
        for at in &visited {
            meta_check(&documents, at)?;
        }
        let retriever = LocalRetriever {
            documents: documents.clone(),
            ids: ids.clone(),
        };
        // A component is compiled through a `$ref` to it, so that its own
        // `$ref`s resolve against the document it sits in.
        let (schema, base) = if pointer.is_empty() {
            (document.value.clone(), Some(document.uri.clone()))
        } else {
            let target = format!("{}#{}", document.uri, encode_fragment(&pointer));
            (serde_json::json!({ "$ref": target }), None)
        };
        let compile_error = |e: jsonschema::ValidationError<'_>| {
            SchemaError::at(
                &document,
                &pointer,
                format!("cannot compile the schema: {e}"),
            )
        };
        let for_json = options(jsonschema::options(), draft, &retriever, base.clone())
            .build(&schema)
            .map_err(compile_error)?;
        let for_doc = options(
            jsonschema::options_for::<DocJson>(),
            draft,
            &retriever,
            base,
        )
        .build(&schema)
        .map_err(compile_error)?;
        let sensitive = Sensitive::of(&documents, &ids, &location);
        Ok(Schema {
            reference: reference.to_owned(),
            document,
            location,
            draft,
            documents,
            ids,
            for_json,
            for_doc,
            sensitive,
        })
    }

    /// The reference as the mapping wrote it.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The schema file (joined to the mapping's directory).
    pub fn file(&self) -> &Path {
        &self.document.path
    }

    /// The JSON Pointer of the schema inside its file (`""` for the whole file).
    pub fn pointer(&self) -> &str {
        &self.location.pointer
    }

    /// The schema's JSON value (the component, for an OpenAPI reference).
    pub fn value(&self) -> &Value {
        self.document
            .value
            .pointer(&self.location.pointer)
            .unwrap_or(&Value::Null)
    }

    /// The draft its keywords follow.
    pub fn draft(&self) -> Draft {
        self.draft
    }

    /// True when `instance` meets the schema.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.for_json.is_valid(instance)
    }

    /// Every violation of `instance` (the first [`MAX_VIOLATIONS`] kept,
    /// the rest counted); empty when it is valid.
    pub fn violations(&self, instance: &Value) -> Violations {
        if self.for_json.is_valid(instance) {
            return Violations::default();
        }
        self.collect(self.for_json.iter_errors(instance), &|| instance.clone())
    }

    /// [`is_valid`](Schema::is_valid) for a parsed batch record.
    pub(crate) fn is_valid_doc(&self, instance: doc::Node<'_>) -> bool {
        self.for_doc.is_valid(instance)
    }

    /// [`violations`](Schema::violations) for a parsed batch record.
    pub(crate) fn violations_doc(&self, instance: doc::Node<'_>) -> Violations {
        if self.for_doc.is_valid(instance) {
            return Violations::default();
        }
        self.collect(self.for_doc.iter_errors(instance), &|| instance.to_json())
    }

    /// Which values of an instance are sensitive (never echoed).
    pub fn sensitive(&self) -> &Sensitive {
        &self.sensitive
    }

    /// The schema with every `$ref` replaced by the schema it names, for
    /// the static checks and comparisons: a `$ref` back into a schema being
    /// expanded (recursion) stays a `$ref`, as do anchors and `$dynamicRef`.
    /// `$defs`/`definitions` are dropped once inlined.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("ferry-doc-deref-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// # std::fs::write(dir.join("a.json"), r#"{"properties": {"n": {"$ref": "b.json"}}}"#).unwrap();
    /// # std::fs::write(dir.join("b.json"), r#"{"type": "integer"}"#).unwrap();
    /// let schema = ferry_engine::contract::Schema::load("a.json", &dir).unwrap();
    /// assert_eq!(schema.dereferenced(), serde_json::json!({"properties": {"n": {"type": "integer"}}}));
    /// ```
    pub fn dereferenced(&self) -> Value {
        let mut expanding = Vec::new();
        self.expand(
            self.value(),
            &self.document.uri,
            &self.location,
            &mut expanding,
        )
    }

    fn expand(
        &self,
        value: &Value,
        base: &str,
        at: &Location,
        expanding: &mut Vec<Location>,
    ) -> Value {
        match value {
            Value::Object(map) => {
                let base = references::base_of(base, value);
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some((doc, pointer)) = self.resolve_ref(&base, reference)
                {
                    let target = Location {
                        uri: doc.uri.clone(),
                        pointer: pointer.clone(),
                    };
                    if let (false, Some(inner)) =
                        (expanding.contains(&target), doc.value.pointer(&pointer))
                    {
                        expanding.push(target.clone());
                        let mut inlined = self.expand(inner, &doc.uri, &target, expanding);
                        expanding.pop();
                        // Siblings of `$ref` apply from 2019-09 on; drafts 4
                        // to 7 (and OpenAPI 3.0) ignore them.
                        let siblings_apply =
                            !matches!(self.draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7);
                        if map.len() > 1 && siblings_apply {
                            let mut all = serde_json::Map::new();
                            for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                                all.insert(k.clone(), self.expand(v, &base, at, expanding));
                            }
                            inlined = serde_json::json!({ "allOf": [inlined, Value::Object(all)] });
                        }
                        return inlined;
                    }
                }
                let mut out = serde_json::Map::new();
                for (key, child) in map {
                    if matches!(key.as_str(), "$defs" | "definitions") && at.pointer.is_empty() {
                        continue;
                    }
                    let child = if super::dialect::is_data_keyword(key) {
                        child.clone()
                    } else {
                        self.expand(child, &base, at, expanding)
                    };
                    out.insert(key.clone(), child);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.expand(item, base, at, expanding))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Compiles `rest`, a part of this schema's keywords (what the
    /// compile-time proof leaves to check), into a quick yes/no check.
    /// `None` when `rest` still holds references, which only resolve in
    /// the schema's own documents.
    pub(crate) fn compile_rest(&self, rest: &Value) -> Option<Rest> {
        if mentions_ref(rest) {
            return None;
        }
        let retriever = LocalRetriever {
            documents: self.documents.clone(),
            ids: self.ids.clone(),
        };
        let for_json = options(jsonschema::options(), self.draft, &retriever, None)
            .build(rest)
            .ok()?;
        let for_doc = options(
            jsonschema::options_for::<DocJson>(),
            self.draft,
            &retriever,
            None,
        )
        .build(rest)
        .ok()?;
        Some(Rest { for_json, for_doc })
    }

    /// The schema a `$ref` names, seen from a schema under `base` (a URI):
    /// the document holding it and its JSON Pointer there.
    pub(crate) fn resolve_ref(
        &self,
        base: &str,
        reference: &str,
    ) -> Option<(Arc<Document>, String)> {
        references::target(&self.documents, &self.ids, base, reference)
    }

    fn collect<'i>(
        &self,
        errors: impl Iterator<Item = jsonschema::ValidationError<'i>>,
        instance: &dyn Fn() -> Value,
    ) -> Violations {
        let mut found = Violations::default();
        let mut whole: Option<Value> = None;
        for error in errors.take(COUNT_VIOLATIONS) {
            found.total += 1;
            if found.list.len() >= MAX_VIOLATIONS {
                continue;
            }
            let pointer = error.instance_path().as_str().to_owned();
            let secret = self.sensitive.covers(&pointer);
            let message = if secret {
                error.masked_with("***").to_string()
            } else {
                error.to_string()
            };
            // Any other sensitive value the message may quote (a parent
            // object's `enum` failure prints the object).
            let message = if self.sensitive.is_empty() {
                message
            } else {
                let whole = whole.get_or_insert_with(instance);
                self.sensitive.redact(whole, &message)
            };
            let (file, schema_pointer) = self.keyword_location(&error);
            found.list.push(Violation {
                keyword: error.kind().keyword().to_owned(),
                message: format!("{}: {message}", display_pointer(&pointer)),
                pointer,
                schema_file: file,
                schema_location: schema_pointer,
            });
        }
        found.capped = found.total >= COUNT_VIOLATIONS;
        found
    }

    /// The failing keyword's file and JSON Pointer in it.
    fn keyword_location(&self, error: &jsonschema::ValidationError<'_>) -> (String, String) {
        if let Some(uri) = error.absolute_keyword_location() {
            let (base, fragment) = references::split_fragment(uri.as_str());
            let pointer = references::decode_fragment(fragment);
            let file = match super::document::path_of_uri(base) {
                Some(path) => display_path(&path, &self.document),
                None => base.to_owned(),
            };
            return (file, pointer);
        }
        let evaluation = error.schema_path().as_str();
        (
            self.document.path.display().to_string(),
            format!("{}{evaluation}", self.location.pointer),
        )
    }
}

/// Part of a schema, compiled: a yes/no check that gives the same answer
/// as the whole schema for the values it is used on. A "no" is worded by
/// the whole schema, so errors keep their true locations.
pub(crate) struct Rest {
    for_json: Validator,
    for_doc: Validator<DocJson>,
}

impl Rest {
    pub(crate) fn is_valid(&self, instance: &Value) -> bool {
        self.for_json.is_valid(instance)
    }

    pub(crate) fn is_valid_doc(&self, instance: doc::Node<'_>) -> bool {
        self.for_doc.is_valid(instance)
    }
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rest")
    }
}

// As for `Schema`: validating mutates nothing.
impl std::panic::RefUnwindSafe for Rest {}
impl std::panic::UnwindSafe for Rest {}

fn mentions_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            k == "$ref" || k == "$dynamicRef" || k == "$recursiveRef" || mentions_ref(v)
        }),
        Value::Array(items) => items.iter().any(mentions_ref),
        _ => false,
    }
}

/// `/lines/2/qty`, or `(the record)` for the root.
pub(crate) fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// A referenced file as the user knows it: relative to the contract's
/// own file when beside or below it.
fn display_path(path: &Path, main: &Document) -> String {
    let main_dir = main
        .path
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let shown_dir = main
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    match main_dir.and_then(|d| path.strip_prefix(&d).ok().map(PathBuf::from)) {
        Some(rel) => shown_dir.join(rel).display().to_string(),
        None => path.display().to_string(),
    }
}

fn options<'a, F: jsonschema::json::Json>(
    options: jsonschema::ValidationOptions<'a, Arc<dyn Retrieve>, F>,
    draft: Draft,
    retriever: &LocalRetriever,
    base: Option<String>,
) -> jsonschema::ValidationOptions<'a, Arc<dyn Retrieve>, F> {
    let options = options
        .with_draft(draft)
        .with_retriever(retriever.clone())
        // Contracts rely on `date-time`, `email`, `uuid`…: assert them.
        .should_validate_formats(true)
        // OpenAPI's `int32`, `password`, `binary`… are annotations.
        .should_ignore_unknown_formats(true)
        .with_format("email", super::formats::email())
        .with_keyword("multipleOf", super::multiple_of::factory::<F>);
    match base {
        Some(base) => options.with_base_uri(base),
        None => options,
    }
}

/// Serves `$ref`s from the documents already loaded (and from local files
/// they name); refuses everything else. [`references::follow`] has
/// already reported any remote reference with its location, so a refusal
/// here is a safety net.
#[derive(Clone)]
struct LocalRetriever {
    documents: Arc<Documents>,
    ids: Arc<Ids>,
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let (base, _) = references::split_fragment(uri.as_str());
        if let Some(found) = self.documents.by_uri(base) {
            return Ok(found.map_err(|e| e.message)?.value.clone());
        }
        if let Some(at) = self.ids.get(base)
            && let Some(Ok(doc)) = self.documents.by_uri(&at.uri)
            && let Some(value) = doc.value.pointer(&at.pointer)
        {
            return Ok(value.clone());
        }
        Err(
            format!("`{base}` is not a local file: Ferry never fetches schemas over the network")
                .into(),
        )
    }
}

/// Checks the schema at `at` against its draft's meta-schema: a whole
/// JSON Schema document, or one component of an OpenAPI document.
fn meta_check(documents: &Documents, at: &Location) -> Result<(), SchemaError> {
    let Some(Ok(doc)) = documents.by_uri(&at.uri) else {
        return Ok(());
    };
    let pointer = if doc.dialect.is_openapi() {
        at.pointer.as_str()
    } else {
        ""
    };
    let Some(schema) = doc.value.pointer(pointer) else {
        return Ok(());
    };
    let draft = doc
        .dialect
        .draft_of(schema)
        .map_err(|m| SchemaError::at(&doc, &format!("{pointer}/$schema"), m))?;
    let meta = match draft {
        Draft::Draft4 => jsonschema::draft4::meta::validator(),
        Draft::Draft6 => jsonschema::draft6::meta::validator(),
        Draft::Draft7 => jsonschema::draft7::meta::validator(),
        Draft::Draft201909 => jsonschema::draft201909::meta::validator(),
        _ => jsonschema::draft202012::meta::validator(),
    };
    let problems: Vec<_> = meta.iter_errors(schema).collect();
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let inner = first.instance_path().as_str();
    let mut message = format!("not a valid schema: {}", first.masked_with("the value"));
    if problems.len() > 1 {
        message.push_str(&format!(" (and {} more problems)", problems.len() - 1));
    }
    Err(SchemaError::at(&doc, &format!("{pointer}{inner}"), message))
}

/// Percent-encodes what a URI fragment cannot hold as is.
fn encode_fragment(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `file#/components/schemas/A`, `…/B`: the schemas an OpenAPI document offers.
fn component_names(doc: &Document, file: &str) -> String {
    let (container, prefix) = if doc.value.get("swagger").is_some() {
        (doc.value.get("definitions"), "/definitions")
    } else {
        (
            doc.value.pointer("/components/schemas"),
            "/components/schemas",
        )
    };
    let names: Vec<String> = container
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .take(5)
                .map(|k| format!("`{file}#{prefix}/{}`", escape(k)))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        format!("e.g. `{file}#{prefix}/Name` (it declares none)")
    } else {
        format!("e.g. {}", names.join(", "))
    }
}

impl SchemaError {
    pub(crate) fn load(e: super::document::LoadError) -> SchemaError {
        SchemaError {
            code: if e.too_large {
                codes::FILE_TOO_LARGE
            } else {
                codes::BAD_SCHEMA
            },
            file: e.path,
            pointer: None,
            message: e.message,
            help: None,
        }
    }

    pub(crate) fn at(doc: &Document, pointer: &str, message: impl Into<String>) -> SchemaError {
        SchemaError {
            code: codes::BAD_SCHEMA,
            file: doc.path.clone(),
            pointer: Some(pointer.to_owned()),
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn remote(doc: &Document, pointer: &str, target: &str) -> SchemaError {
        SchemaError {
            code: codes::REMOTE_REFERENCE,
            file: doc.path.clone(),
            pointer: Some(pointer.to_owned()),
            message: format!("`$ref` `{target}` is remote: Ferry never fetches schemas over the network"),
            help: Some(
                "save the schema beside the mapping and refer to it by a relative path, e.g. `\"$ref\": \"common.json#/$defs/Money\"`"
                    .into(),
            ),
        }
    }
}
