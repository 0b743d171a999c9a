//! Test support: calls functions directly with `Val` arguments (the null
//! rule applied as the executor does) and checks every example whose
//! arguments are JSON literals. Examples with lambdas are covered by the
//! unit tests of their functions.

use std::sync::Arc;

use regex::Regex;

use super::{Args, Callback, FnDef, NullPolicy, Outcome, ParamKind};
use crate::error::Raise;
use crate::keys::Keys;
use crate::value::{Val, write_json};

/// A callback that answers every lambda argument with a Rust closure
/// (`index` is the argument position of the lambda).
pub(crate) struct Lambdas<F>(pub F);

impl<'a, F> Callback<'a> for Lambdas<F>
where
    F: FnMut(usize, &[Val<'a>]) -> Result<Val<'a>, Raise>,
{
    fn call(&mut self, index: usize, args: &[Val<'a>]) -> Result<Val<'a>, Raise> {
        (self.0)(index, args)
    }
}

/// Calls `def` as the compiler and executor would: the argument count is
/// checked (`E0203`, a compile error there), and a null subject
/// short-circuits under `NullPolicy::Propagate`.
pub(crate) fn apply<'a>(
    def: &FnDef,
    values: &[Val<'a>],
    callback: &mut dyn Callback<'a>,
) -> Result<Val<'a>, Raise> {
    if values.len() < def.min_args() || def.max_args().is_some_and(|max| values.len() > max) {
        return Err(Raise::new(
            crate::codes::WRONG_ARITY,
            "wrong number of arguments",
        ));
    }
    if def.null_subject == NullPolicy::Propagate && values.first().is_some_and(Val::is_null) {
        return Ok(Val::Null);
    }
    let regexes: Vec<Option<Arc<Regex>>> = vec![None; values.len()];
    // Key arguments are resolved as the compiler would, from the keys the
    // examples run with.
    let mut keys = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        if def.param(i).map(|p| p.kind) != Some(ParamKind::Key) {
            keys.push(None);
            continue;
        }
        match v.as_str().and_then(|name| example_keys().prepare(name)) {
            Some(key) => keys.push(Some(Arc::new(key))),
            None => return Err(Raise::new(crate::codes::UNKNOWN_KEY, "no such key")),
        }
    }
    let mut args = Args::new(values, &regexes, callback).with_keys(&keys);
    (def.run)(&mut args)
}

/// The secret keys the examples run with: `jefe` is `Jefe`, the key of
/// RFC 4231's test case 2 (as `hmac_sha256`'s details say).
pub(crate) fn example_keys() -> Keys {
    Keys::new().with("jefe", "Jefe")
}

/// Compact JSON text of a value.
pub(crate) fn show(v: &Val<'_>) -> String {
    let mut out = Vec::new();
    write_json(&mut out, v);
    String::from_utf8(out).expect("write_json writes UTF-8")
}

/// Parses JSON text (test data only).
pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e}"))
}

/// Calls `def` with arguments given as the JSON text of an array and
/// lambdas answered by `lambda`; returns the result's compact JSON or the
/// error code.
pub(crate) fn call_with<F>(def: &FnDef, args: &str, lambda: F) -> Result<String, String>
where
    F: for<'v> FnMut(usize, &[Val<'v>]) -> Result<Val<'v>, Raise>,
{
    let doc = json(args);
    let values: Vec<Val<'_>> = match &doc {
        serde_json::Value::Array(a) => a.iter().map(Val::from_json).collect(),
        _ => panic!("arguments must be a JSON array"),
    };
    let mut callback = Lambdas(lambda);
    apply(def, &values, &mut callback)
        .map(|v| show(&v))
        .map_err(|e| e.code().to_owned())
}

/// Calls `def` (no lambdas) with arguments given as a JSON array's text.
pub(crate) fn call(def: &FnDef, args: &str) -> Result<String, String> {
    call_with(def, args, |_, _| {
        Err(Raise::new("TEST", "no lambda expected"))
    })
}

/// Asserts that `def` called with `args` gives the JSON `expected`.
#[track_caller]
pub(crate) fn ok(def: &FnDef, args: &str, expected: &str) {
    let expected = json(expected).to_string();
    assert_eq!(call(def, args), Ok(expected), "{}({args})", def.name);
}

/// Asserts that `def` called with `args` fails with `code`.
#[track_caller]
pub(crate) fn err(def: &FnDef, args: &str, code: &str) {
    assert_eq!(
        call(def, args),
        Err(code.to_owned()),
        "{}({args})",
        def.name
    );
}

/// The arguments of an example call as a JSON array, with `$` replaced by
/// the input; `None` for calls that hold lambdas.
fn example_args(def: &FnDef, call: &str, input: &str) -> Option<String> {
    let inner = call
        .strip_prefix(def.name)
        .and_then(|rest| rest.strip_prefix('('))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("example `{call}` must call {} directly", def.name));
    let mut out = String::from("[");
    let (mut in_string, mut escaped) = (false, false);
    for c in inner.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            out.push(c);
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '$' {
            out.push_str(input);
        } else {
            out.push(c);
        }
    }
    out.push(']');
    if lambda_outside_strings(inner) {
        return None;
    }
    Some(out)
}

fn lambda_outside_strings(text: &str) -> bool {
    let (mut in_string, mut escaped, mut prev) = (false, false, ' ');
    for c in text.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if prev == '-' && c == '>' {
            return true;
        }
        prev = c;
    }
    false
}

#[test]
fn literal_examples_give_their_documented_outcome() {
    let mut checked = 0;
    for def in super::all() {
        for example in def.examples {
            let Some(args) = example_args(def, example.call, example.input) else {
                // Only lambda examples are left to the functions' unit tests.
                assert!(
                    def.params
                        .iter()
                        .any(|p| matches!(p.kind, super::ParamKind::Lambda(_))),
                    "example `{}` is not made of JSON literals",
                    example.call
                );
                continue;
            };
            let got = call(def, &args);
            match example.outcome {
                Outcome::Value(expected) => {
                    assert_eq!(
                        got,
                        Ok(json(expected).to_string()),
                        "example {}",
                        example.call
                    )
                }
                Outcome::Error(code) => {
                    assert_eq!(got, Err(code.to_owned()), "example {}", example.call)
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} examples checked");
}
