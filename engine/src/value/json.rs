//! From `Val` to JSON: into a `serde_json::Value` (the library API) or
//! straight into bytes (the batch path, which never builds a `Value`).

use std::io::Write;

use super::{Arr, Num, Obj, Val};
use crate::json_text;

/// Converts to an owned `serde_json::Value`.
pub(super) fn to_json(v: &Val<'_>) -> serde_json::Value {
    let mut unbounded = u64::MAX;
    // Nothing is too large for an unbounded conversion.
    to_json_within(v, &mut unbounded).unwrap_or_default()
}

/// Converts to an owned `serde_json::Value` of at most about `*room`
/// bytes of JSON text (`room` is reduced by what was used); `None` when
/// larger. A value built of parts used many times (`let b = [a, a]`) is
/// small in memory and can be huge written out: the bound is on the
/// written size, found without building more than it.
pub(crate) fn to_json_within(v: &Val<'_>, room: &mut u64) -> Option<serde_json::Value> {
    use serde_json::Value;
    Some(match v {
        Val::Null => take(room, 4).map(|()| Value::Null)?,
        Val::Bool(b) => take(room, 5).map(|()| Value::Bool(*b))?,
        Val::Num(n) => take(room, 8).map(|()| Value::Number(num_to_json(*n)))?,
        Val::RawNum(n) => {
            take(room, n.len() as u64)?;
            number_from_text(n).map_or(Value::Null, Value::Number)
        }
        Val::Str(s) => {
            take(room, s.len() as u64 + 2)?;
            Value::String(s.as_str().to_owned())
        }
        Val::Arr(Arr::Json(a)) => {
            a.iter().try_for_each(|x| charge_json(x, room))?;
            Value::Array((*a).clone())
        }
        Val::Arr(a) => {
            take(room, 2 + a.len() as u64)?;
            Value::Array(
                a.iter()
                    .map(|x| to_json_within(&x, room))
                    .collect::<Option<_>>()?,
            )
        }
        Val::Obj(Obj::Json(o)) => {
            for (k, x) in o.iter() {
                take(room, k.len() as u64 + 4)?;
                charge_json(x, room)?;
            }
            Value::Object((*o).clone())
        }
        Val::Obj(o) => {
            take(room, 2)?;
            o.iter()
                .map(|(k, x)| {
                    take(room, k.len() as u64 + 4)?;
                    Some((k.as_str().to_owned(), to_json_within(&x, room)?))
                })
                .collect::<Option<serde_json::Map<_, _>>>()
                .map(Value::Object)?
        }
    })
}

fn take(room: &mut u64, bytes: u64) -> Option<()> {
    *room = room.checked_sub(bytes)?;
    Some(())
}

/// Charges the written size of a JSON value to `room`.
fn charge_json(v: &serde_json::Value, room: &mut u64) -> Option<()> {
    use serde_json::Value;
    match v {
        Value::Null | Value::Bool(_) => take(room, 5),
        Value::Number(n) => take(room, n.as_str().len() as u64),
        Value::String(s) => take(room, s.len() as u64 + 2),
        Value::Array(a) => {
            take(room, 2 + a.len() as u64)?;
            a.iter().try_for_each(|x| charge_json(x, room))
        }
        Value::Object(o) => {
            take(room, 2)?;
            o.iter().try_for_each(|(k, x)| {
                take(room, k.len() as u64 + 4)?;
                charge_json(x, room)
            })
        }
    }
}

fn num_to_json(n: Num) -> serde_json::Number {
    // With `arbitrary_precision` a Number is its text: our own rendering
    // keeps decimals exact (`0.30` stays `0.30`).
    number_from_text(&n.to_string()).unwrap_or_else(|| serde_json::Number::from(0))
}

/// A `serde_json::Number` holding exactly `text`, when it is JSON number
/// text. Parsing would rewrite an exponent (`1E3` → `1e+3`), and a number
/// passed through keeps its text, also into YAML, CSV and XML output.
pub(crate) fn number_from_text(text: &str) -> Option<serde_json::Number> {
    if !super::is_json_number(text.as_bytes()) {
        return text.parse().ok();
    }
    // With `arbitrary_precision` a Number is its text, and `text` was just
    // checked to be JSON number text, which is all the constructor asks.
    // It is hidden from serde_json's docs; `numbers_keep_their_text_in_serde_values`
    // notices if it ever changes.
    Some(serde_json::Number::from_string_unchecked(text.to_owned()))
}

/// Writes compact JSON (no spaces), as NDJSON output wants.
pub fn write_json(out: &mut Vec<u8>, v: &Val<'_>) {
    // Nothing is too large without a bound.
    let _ = write_json_within(out, v, usize::MAX);
}

/// Writes compact JSON, stopping (with `false`) once `out` is longer than
/// `end` bytes: a value of shared parts can be far larger written out
/// than in memory. `out` then holds part of the text.
pub(crate) fn write_json_within(out: &mut Vec<u8>, v: &Val<'_>, end: usize) -> bool {
    match v {
        Val::Null => out.extend_from_slice(b"null"),
        Val::Bool(true) => out.extend_from_slice(b"true"),
        Val::Bool(false) => out.extend_from_slice(b"false"),
        Val::Num(n) => write_num(out, *n),
        Val::RawNum(n) => out.extend_from_slice(n.as_bytes()),
        Val::Str(s) => write_json_string(out, s),
        Val::Arr(Arr::Json(a)) => write_serde(out, *a),
        Val::Obj(Obj::Json(o)) => write_serde(out, *o),
        Val::Arr(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if !write_json_within(out, &x, end) {
                    return false;
                }
            }
            out.push(b']');
        }
        Val::Obj(o) => {
            out.push(b'{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_string(out, &k);
                out.push(b':');
                if !write_json_within(out, &x, end) {
                    return false;
                }
            }
            out.push(b'}');
        }
    }
    out.len() <= end
}

/// Writes indented JSON (two spaces), for `--pretty`.
pub fn write_json_pretty(out: &mut Vec<u8>, v: &Val<'_>) {
    let value = to_json(v);
    // Writing into a Vec cannot fail, and a Value always serializes.
    let _ = serde_json::to_writer_pretty(&mut *out, &value);
}

fn write_serde<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing a `serde_json` value into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

fn write_num(out: &mut Vec<u8>, n: Num) {
    match n {
        Num::Int(i) => {
            let _ = write!(out, "{i}");
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// Writes a JSON string literal with the escapes RFC 8259 requires.
pub(crate) fn write_json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let mut rest = s.as_bytes();
    loop {
        let plain = json_text::plain_prefix(rest);
        out.extend_from_slice(&rest[..plain]);
        let Some((&b, tail)) = rest[plain..].split_first() else {
            break;
        };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        rest = tail;
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{ObjMap, Str};
    use serde_json::json;

    fn compact(v: &Val<'_>) -> String {
        let mut out = Vec::new();
        write_json(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn passed_through_numbers_keep_their_digits() {
        let input: serde_json::Value =
            serde_json::from_str(r#"{"id": 12345678901234567890123, "price": 1.10}"#).unwrap();
        assert_eq!(
            compact(&Val::from_json(&input)),
            r#"{"id":12345678901234567890123,"price":1.10}"#
        );
        assert_eq!(Val::from_json(&input).to_json(), input);
    }

    #[test]
    fn numbers_keep_their_text_in_serde_values() {
        for text in ["1e3", "1E+3", "2.5E-3", "1e400", "1.10", "-0"] {
            let value = Val::RawNum(text).to_json();
            assert_eq!(value.to_string(), text);
            assert_eq!(value.as_number().map(|n| n.as_str()), Some(text));
        }
        let parsed: serde_json::Value = serde_json::from_str("1E3").unwrap();
        assert_eq!(
            Val::from_json(&parsed).to_json().to_string(),
            "1e+3",
            "serde's own text"
        );
    }

    #[test]
    fn strings_are_escaped() {
        let v = Val::string("a\"b\\c\n\u{1}é🎁");
        assert_eq!(compact(&v), r#""a\"b\\c\n\u0001é🎁""#);
        let back: String = serde_json::from_str(&compact(&v)).unwrap();
        assert_eq!(back, "a\"b\\c\n\u{1}é🎁");
    }

    #[test]
    fn built_values_match_serde_output() {
        let mut m = ObjMap::new();
        m.push_unique(Str::from("n"), Val::Num(Num::parse("0.30").unwrap()));
        m.push_unique(
            Str::from("a"),
            Val::array(vec![Val::Null, Val::Bool(true), Val::int(-4)]),
        );
        let v = Val::object(m);
        assert_eq!(compact(&v), r#"{"n":0.30,"a":[null,true,-4]}"#);
        let expected: serde_json::Value =
            serde_json::from_str(r#"{"n":0.30,"a":[null,true,-4]}"#).unwrap();
        assert_eq!(v.to_json(), expected);
        assert_ne!(
            v.to_json(),
            json!({"n": 0.3, "a": [null, true, -4]}),
            "decimal scale is kept"
        );
    }
}
