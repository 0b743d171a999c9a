//! Run-time errors.
//!
//! Evaluation raises a light [`Raise`] (boxed, so `Result<Val, Raise>`
//! stays small on the success path). At the edge of `apply` it becomes a
//! public [`RunError`]: the span and file of the expression, the JSON
//! Pointer of the input value involved (found only now, by address, so the
//! success path never tracks paths), and the record number in batch.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use ferry_dsl::{SourceFile, Span};

use crate::codes;
use crate::contract::schema;
use crate::contract::{Schema, Violation, Violations};
use crate::value::{NumError, Val};

/// An error raised while evaluating; internal to the engine.
#[derive(Debug)]
pub struct Raise(pub(crate) Box<RaiseInfo>);

/// What a [`Raise`] carries.
#[derive(Debug)]
pub struct RaiseInfo {
    /// Stable code (or an author's code from `error(…)`).
    pub code: Cow<'static, str>,
    /// Human-readable message.
    pub message: String,
    /// Which argument of the current function call is at fault, if any.
    pub arg: Option<usize>,
    /// Address of the input node involved (see `Val::input_address`).
    pub culprit: Option<usize>,
    /// JSON Pointer of the input node involved, when known statically
    /// (a null or boolean has no address to search for).
    pub pointer: Option<String>,
    /// The source span, once the executor knows it.
    pub span: Option<Span>,
    /// A hint for the author.
    pub help: Option<String>,
    /// Where the value at fault is read from, when it is read by a path
    /// from `$` or from a local (`l.date` in a loop over `$.lines`): found
    /// on the error path only, resolved to a pointer by [`Origin::resolve`].
    pub place: Option<Origin>,
    /// For a value at fault that was computed (`"${l.date} ${l.time}"`):
    /// the input paths it was computed from, collected on the error path.
    pub derived: Vec<Origin>,
    /// The span of the expression that computed the value at fault: what
    /// the compile-time lineage names when `derived` cannot be resolved.
    pub derived_span: Option<Span>,
    /// True for `error(…)` raised by the author and for limit errors,
    /// which `try … else` must not swallow silently (limits) — see
    /// `catchable`.
    pub catchable: bool,
}

impl Raise {
    /// An error with a code and a message.
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Raise {
        Raise(Box::new(RaiseInfo {
            code: code.into(),
            message: message.into(),
            arg: None,
            culprit: None,
            pointer: None,
            span: None,
            help: None,
            place: None,
            derived: Vec::new(),
            derived_span: None,
            catchable: true,
        }))
    }

    /// `expected X, got Y` for a value of the wrong type.
    pub fn type_mismatch(expected: &str, got: &Val<'_>) -> Raise {
        let mut raise = Raise::new(
            codes::TYPE_MISMATCH,
            format!("expected {expected}, got {}", describe(got)),
        );
        raise.0.culprit = got.input_address();
        if got.is_null() {
            raise.0.help = Some("the value is null or missing; `??` gives a default".into());
        }
        raise
    }

    /// An invalid value of the right type (`number("abc")`).
    pub fn invalid(message: impl Into<String>, got: &Val<'_>) -> Raise {
        let mut raise = Raise::new(codes::INVALID_VALUE, message);
        raise.0.culprit = got.input_address();
        raise
    }

    /// From a failed arithmetic operation.
    pub fn from_num(err: NumError) -> Raise {
        match err {
            NumError::Overflow => Raise::new(codes::NUMERIC_OVERFLOW, "number out of range"),
            NumError::DivisionByZero => Raise::new(codes::DIVISION_BY_ZERO, "division by zero"),
        }
    }

    /// Marks which argument of the call is at fault.
    pub fn at_arg(mut self, index: usize) -> Raise {
        self.0.arg.get_or_insert(index);
        self
    }

    /// Records the input node involved, unless one is known.
    pub fn with_culprit(mut self, value: &Val<'_>) -> Raise {
        if self.0.culprit.is_none() {
            self.0.culprit = value.input_address();
        }
        self
    }

    /// True when the error already names its input node.
    pub fn has_culprit(&self) -> bool {
        self.0.culprit.is_some() || self.0.pointer.is_some()
    }

    /// Names the input node by its pointer, unless one is known.
    pub fn with_pointer(mut self, pointer: Option<String>) -> Raise {
        if !self.has_culprit() {
            self.0.pointer = pointer;
        }
        self
    }

    /// Sets the span, unless a more precise one is known.
    pub fn with_span(mut self, span: Span) -> Raise {
        self.0.span.get_or_insert(span);
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Raise {
        self.0.help = Some(help.into());
        self
    }

    /// An error `try … else` does not catch (limits).
    pub fn uncatchable(mut self) -> Raise {
        self.0.catchable = false;
        self
    }

    /// The code.
    pub fn code(&self) -> &str {
        &self.0.code
    }
}

/// An input location found on the error path: a JSON Pointer `suffix`
/// below the input node at address `base` (`None`: below the record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Address of the input node the path starts from (see
    /// `Val::input_address`); `None` for the record itself.
    pub base: Option<usize>,
    /// The JSON Pointer below it.
    pub suffix: String,
}

impl Origin {
    /// The JSON Pointer in the record, when the base is found in it.
    pub(crate) fn resolve(
        &self,
        pointer_to: &mut dyn FnMut(usize) -> Option<String>,
    ) -> Option<String> {
        let base = match self.base {
            None => String::new(),
            Some(address) => pointer_to(address)?,
        };
        Some(base + &self.suffix)
    }
}

/// Describes a value for an error message without echoing large or
/// sensitive content: the type, and for short scalars the value.
pub fn describe(v: &Val<'_>) -> String {
    match v {
        Val::Null => "null".into(),
        Val::Bool(b) => format!("boolean {b}"),
        Val::Num(_) | Val::RawNum(_) => format!("number {}", v.to_json()),
        Val::Str(s) if s.chars().count() <= 40 => format!("string {:?}", s.as_str()),
        Val::Str(_) => "a string".into(),
        Val::Arr(a) => format!("an array of {} elements", a.len()),
        Val::Obj(o) => format!("an object with {} members", o.len()),
    }
}

/// An error from running a mapping over one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError(Box<RunErrorInfo>);

/// What a [`RunError`] carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunErrorInfo {
    /// Stable code (`E04xx`, `E05xx`) or the author's code from `error(…)`.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// The record number (1-based) in batch; `None` for a single `apply`.
    pub record: Option<u64>,
    /// JSON Pointer of the input value involved, when one is.
    pub pointer: Option<String>,
    /// The span of the expression in the `.map` source.
    pub span: Option<Span>,
    /// The `.map` source the span points into.
    pub source: Option<Arc<SourceFile>>,
    /// When the value at fault was computed and is not itself in the
    /// input (so `pointer` is `None`): the input values it was computed
    /// from, as JSON Pointers (`/lines/2/date`), or as patterns with `*`
    /// for any element (`/lines/*/date`) when the element is not known.
    pub derived_from: Vec<String>,
    /// A hint for the author.
    pub help: Option<String>,
    /// For a contract failure (`E0408`, `E0409`): the schema file.
    pub schema: Option<String>,
    /// For a contract failure: the violations kept (at most
    /// [`crate::contract::MAX_VIOLATIONS`]) and how many there were.
    pub violations: Vec<Violation>,
    /// How many violations there were in all.
    pub violations_total: usize,
}

impl RunError {
    /// Builds an error directly (used by readers for malformed records).
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> RunError {
        RunError(Box::new(RunErrorInfo {
            code: code.into(),
            message: message.into(),
            record: None,
            pointer: None,
            span: None,
            source: None,
            derived_from: Vec::new(),
            help: None,
            schema: None,
            violations: Vec::new(),
            violations_total: 0,
        }))
    }

    /// A contract failure: `code` with the violations of `schema`.
    pub fn contract(code: &str, side: &str, schema: &Schema, found: Violations) -> RunError {
        let Some(first) = found.list.first() else {
            return RunError::new(code, format!("the {side} violates its schema"));
        };
        let at = schema::display_pointer(&first.pointer);
        let detail = first
            .message
            .strip_prefix(&format!("{at}: "))
            .unwrap_or(&first.message);
        let mut message = format!(
            "{side} violates its schema: {detail} ({}#{})",
            first.schema_file, first.schema_location
        );
        let more = found.total.saturating_sub(1);
        if more > 0 {
            let plus = if found.capped { "+" } else { "" };
            let s = if more == 1 { "" } else { "s" };
            message.push_str(&format!(", and {more}{plus} more violation{s}"));
        }
        let mut error = RunError::new(code, message);
        error.0.pointer = Some(first.pointer.clone());
        error.0.schema = Some(schema.file().display().to_string());
        error.0.violations_total = found.total;
        error.0.violations = found.list;
        error
    }

    /// Replaces the message (masking sensitive values).
    pub(crate) fn set_message(&mut self, message: String) {
        self.0.message = message;
    }

    pub(crate) fn from_raise(
        raise: Raise,
        pointer: Option<String>,
        derived_from: Vec<String>,
        source: Option<Arc<SourceFile>>,
    ) -> RunError {
        let info = *raise.0;
        RunError(Box::new(RunErrorInfo {
            code: info.code.into_owned(),
            message: info.message,
            record: None,
            pointer,
            span: info.span,
            source,
            derived_from,
            help: info.help,
            schema: None,
            violations: Vec::new(),
            violations_total: 0,
        }))
    }

    /// Sets the JSON Pointer of the input value at fault.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> RunError {
        self.0.pointer = Some(pointer.into());
        self
    }

    /// Sets the record number.
    pub fn with_record(mut self, record: u64) -> RunError {
        self.0.record = Some(record);
        self
    }

    /// The details.
    pub fn info(&self) -> &RunErrorInfo {
        &self.0
    }

    /// The code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// `file:line:column` of the span, when known.
    pub fn location(&self) -> Option<(String, usize, usize)> {
        let source = self.0.source.as_ref()?;
        let (line, column) = source.line_col(self.0.span?.start);
        Some((source.name.clone(), line, column))
    }

    /// A JSON object for error files and dead-letter queues:
    /// `{"record", "code", "message", "pointer", "derived_from", "file",
    /// "line", "column"}` (`derived_from` only when not empty),
    /// and for a contract failure `"schema"`, `"violations"` (each
    /// `{"pointer", "keyword", "schema", "schema_location", "message"}`)
    /// and `"violations_total"`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        if let Some(r) = self.0.record {
            o.insert("record".into(), r.into());
        }
        o.insert("code".into(), self.0.code.clone().into());
        o.insert("message".into(), self.0.message.clone().into());
        if let Some(p) = &self.0.pointer {
            o.insert("pointer".into(), p.clone().into());
        }
        if !self.0.derived_from.is_empty() {
            let from = self
                .0
                .derived_from
                .iter()
                .cloned()
                .map(Into::into)
                .collect();
            o.insert("derived_from".into(), serde_json::Value::Array(from));
        }
        if let Some((file, line, column)) = self.location() {
            o.insert("file".into(), file.into());
            o.insert("line".into(), line.into());
            o.insert("column".into(), column.into());
        }
        if let Some(schema) = &self.0.schema {
            o.insert("schema".into(), schema.clone().into());
            let list = self.0.violations.iter().map(Violation::to_json).collect();
            o.insert("violations".into(), serde_json::Value::Array(list));
            o.insert("violations_total".into(), self.0.violations_total.into());
        }
        serde_json::Value::Object(o)
    }
}

impl fmt::Display for RunError {
    /// `record 12: E0401 at /customer/email: expected string, got number 3 (orders.map:7:12)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = self.0.record {
            write!(f, "record {r}: ")?;
        }
        write!(f, "{}", self.0.code)?;
        if let Some(p) = &self.0.pointer {
            write!(f, " at {}", if p.is_empty() { "the record" } else { p })?;
        } else if !self.0.derived_from.is_empty() {
            write!(f, " from {}", and_list(&self.0.derived_from))?;
        }
        write!(f, ": {}", self.0.message)?;
        if let Some((file, line, column)) = self.location() {
            write!(f, " ({file}:{line}:{column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunError {}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    let name = |p: &String| {
        if p.is_empty() {
            "the record".to_owned()
        } else {
            p.clone()
        }
    };
    match items {
        [] => String::new(),
        [one] => name(one),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter().map(name).collect::<Vec<_>>().join(", "),
            name(last)
        ),
    }
}

/// The JSON Pointer (RFC 6901) of the node at `address` inside `root`,
/// searched depth-first. Only runs when an error is reported.
pub(crate) fn pointer_to(root: &serde_json::Value, address: usize) -> Option<String> {
    fn addr_of(v: &serde_json::Value) -> Option<usize> {
        match v {
            // As `Val::input_address`: a number by its text.
            serde_json::Value::Number(n) => Some(n.as_str().as_ptr() as usize),
            serde_json::Value::String(s) if !s.is_empty() => Some(s.as_ptr() as usize),
            serde_json::Value::Array(a) => Some(a as *const _ as usize),
            serde_json::Value::Object(o) => Some(o as *const _ as usize),
            _ => None,
        }
    }
    fn escape(segment: &str) -> String {
        segment.replace('~', "~0").replace('/', "~1")
    }
    fn walk(v: &serde_json::Value, address: usize, path: &mut Vec<String>) -> bool {
        if addr_of(v) == Some(address) {
            return true;
        }
        match v {
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    path.push(i.to_string());
                    if walk(x, address, path) {
                        return true;
                    }
                    path.pop();
                }
                false
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    path.push(escape(k));
                    if walk(x, address, path) {
                        return true;
                    }
                    path.pop();
                }
                false
            }
            _ => false,
        }
    }
    let mut path = Vec::new();
    if walk(root, address, &mut path) {
        Some(path.iter().map(|s| format!("/{s}")).collect())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_is_found_by_address() {
        let doc = json!({"a": {"b/c": [1, "x", {"d": 2}]}});
        let node = &doc["a"]["b/c"][1];
        let v = Val::from_json(node);
        assert_eq!(
            pointer_to(&doc, v.input_address().unwrap()).as_deref(),
            Some("/a/b~1c/1")
        );
        let other = json!("x");
        assert_eq!(
            pointer_to(&doc, Val::from_json(&other).input_address().unwrap()),
            None
        );
    }
}
