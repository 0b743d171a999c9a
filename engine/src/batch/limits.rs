//! The input limits of the batch path: the size of one record and of one
//! string in it (`E0508`, `E0509`). Nesting depth is the parser's own.
//!
//! Both checks cost nothing on ordinary records: the record size is one
//! comparison, and a record no longer than the string limit cannot hold a
//! string over it, so only records larger than the limit are walked.

use crate::format::Parsed;
use crate::{Mapping, RunError, codes, doc};

/// Default [`Mapping::max_record_bytes`]: 256 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 256 << 20;

/// Default [`Mapping::max_string_bytes`]: 64 MiB.
pub const DEFAULT_MAX_STRING_BYTES: u64 = 64 << 20;

/// `E0508` when the record's bytes pass the limit.
pub(super) fn check_record(mapping: &Mapping, raw: &[u8]) -> Result<(), RunError> {
    let limit = mapping.max_record_bytes();
    if raw.len() as u64 > limit {
        return Err(RunError::new(
            codes::RECORD_TOO_LARGE,
            format!(
                "the record is {} long, over the limit of {} (--max-record-bytes)",
                text(raw.len() as u64),
                text(limit)
            ),
        ));
    }
    Ok(())
}

/// `E0509`, at the string's pointer, when a string of the record passes
/// the limit.
pub(super) fn check_strings(
    mapping: &Mapping,
    raw: &[u8],
    parsed: &Parsed<'_>,
) -> Result<(), RunError> {
    let limit = mapping.max_string_bytes();
    if raw.len() as u64 <= limit {
        return Ok(());
    }
    let mut pointer = String::new();
    let found = match parsed {
        Parsed::Node(node) => long_node(node, limit, &mut pointer),
        Parsed::Value(value) => long_value(value, limit, &mut pointer),
    };
    match found {
        Some(len) => Err(RunError::new(
            codes::STRING_TOO_LARGE,
            format!(
                "a string of {} is over the limit of {} (--max-string-bytes)",
                text(len),
                text(limit)
            ),
        )
        .with_pointer(pointer)),
        None => Ok(()),
    }
}

fn text(bytes: u64) -> String {
    crate::exec::budget::bytes_text(bytes)
}

/// The length of the first string longer than `limit`, its pointer in
/// `pointer`.
fn long_node(node: &doc::Node<'_>, limit: u64, pointer: &mut String) -> Option<u64> {
    match node {
        doc::Node::Str(s) if s.len() as u64 > limit => Some(s.len() as u64),
        doc::Node::Arr(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| within(pointer, &i.to_string(), |p| long_node(item, limit, p))),
        doc::Node::Obj(members) => members
            .iter()
            .find_map(|(key, value)| within(pointer, key, |p| long_node(value, limit, p))),
        _ => None,
    }
}

fn long_value(value: &serde_json::Value, limit: u64, pointer: &mut String) -> Option<u64> {
    use serde_json::Value;
    match value {
        Value::String(s) if s.len() as u64 > limit => Some(s.len() as u64),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| within(pointer, &i.to_string(), |p| long_value(item, limit, p))),
        Value::Object(members) => members
            .iter()
            .find_map(|(k, v)| within(pointer, k, |p| long_value(v, limit, p))),
        _ => None,
    }
}

/// Runs `f` with `token` appended to the pointer, which keeps it only
/// when `f` finds something.
fn within<T>(
    pointer: &mut String,
    token: &str,
    f: impl FnOnce(&mut String) -> Option<T>,
) -> Option<T> {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    let found = f(pointer);
    if found.is_none() {
        pointer.truncate(len);
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::batch::{BatchOptions, OnError, run};
    use crate::format::InputFormat;
    use crate::{Mapping, RunError};

    fn failures(mapping: &Mapping, input: &str) -> (String, Vec<(String, Option<String>, u64)>) {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        let options = BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        };
        run(
            mapping,
            input.as_bytes(),
            InputFormat::Ndjson,
            options,
            &mut out,
            &mut |e: &RunError, _: &[u8]| {
                seen.push((
                    e.code().to_owned(),
                    e.info().pointer.clone(),
                    e.info().record.unwrap_or(0),
                ))
            },
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), seen)
    }

    #[test]
    fn a_record_over_the_size_limit_fails_alone() {
        let mapping = Mapping::compile_str("$.id")
            .unwrap()
            .with_max_record_bytes(64);
        let big = format!("{{\"id\":2,\"pad\":\"{}\"}}", "x".repeat(100));
        let (out, seen) = failures(&mapping, &format!("{{\"id\":1}}\n{big}\n{{\"id\":3}}\n"));
        assert_eq!(out, "1\n3\n");
        assert_eq!(seen, [("E0508".to_owned(), None, 2)]);
    }

    #[test]
    fn a_string_over_the_limit_is_named_by_its_pointer() {
        // The check sees what the mapping reads: skipped members are
        // never copied out of the record.
        let mapping = Mapping::compile_str("{ id: $.id, notes: $.notes }")
            .unwrap()
            .with_max_string_bytes(50);
        let big = format!("{{\"id\":2,\"notes\":[\"ok\",\"{}\"]}}", "x".repeat(60));
        let (out, seen) = failures(&mapping, &format!("{big}\n{{\"id\":3}}\n"));
        assert_eq!(out, "{\"id\":3,\"notes\":null}\n");
        assert_eq!(seen, [("E0509".to_owned(), Some("/notes/1".to_owned()), 1)]);
    }

    #[test]
    fn a_line_without_end_in_sight_stops_the_run() {
        let mapping = Mapping::compile_str("$")
            .unwrap()
            .with_max_record_bytes(1 << 20);
        let endless = vec![b'x'; 16 << 20];
        let error = run(
            &mapping,
            &endless,
            InputFormat::Ndjson,
            BatchOptions::default(),
            &mut Vec::new(),
            &mut |_: &RunError, _: &[u8]| {},
        )
        .unwrap_err();
        assert!(error.to_string().starts_with("E0508"), "{error}");
    }
}
