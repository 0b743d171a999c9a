//! The standard library: every built-in function, one per file.
//!
//! Each file defines `pub(super) const DEF: FnDef` (name, parameters,
//! summary, examples) and the plain function that does the work. The
//! compiler resolves calls against [`lookup`] and checks arity; the
//! executor evaluates the arguments and calls [`FnDef::run`]. Examples are
//! data: one test runs them all, and the reference page is generated from
//! the descriptors, so the documentation cannot drift.
//!
//! The null rule, applied by the executor for every function whose
//! [`NullPolicy`] is `Propagate`: when the first argument (the subject) is
//! null, the result is null and the function is not called. Any other
//! wrong type is an error (`E0401`).

mod args;
mod cost;

pub use args::{Args, Callback, compile_regex};
pub use cost::Cost;

use crate::error::Raise;
use crate::value::Val;

mod date_text;
mod path_set;
mod reference;
mod support;
mod temporal;
#[cfg(test)]
mod testing;
mod tree;

mod abs;
mod all;
mod any;
mod avg;
mod base64_decode;
mod base64_encode;
mod bool;
mod capture;
mod ceil;
mod chunk;
mod compact;
mod contains;
mod date_add;
mod date_diff;
mod delete_paths;
mod distinct;
mod distinct_by;
mod ends_with;
mod entries;
mod filter;
mod first;
mod flatten;
mod flatten_keys;
mod floor;
mod format_date;
mod format_number;
mod from_entries;
mod from_epoch;
mod get_path;
mod group_by;
mod has;
mod hmac_sha256;
mod index_by;
mod int;
mod join;
mod keys;
mod last;
mod len;
mod length;
mod lower;
mod map;
mod map_keys;
mod mask;
mod matches;
mod max;
mod max_by;
mod merge;
mod merge_deep;
mod merge_patch;
mod min;
mod min_by;
mod number;
mod omit;
mod pad_left;
mod pad_right;
mod parse_date;
mod parse_datetime;
mod parse_json;
mod pick;
mod pow;
mod range;
mod redact;
mod reduce;
mod regex_find_all;
mod regex_replace;
mod replace;
mod required;
mod reverse;
mod round;
mod set_path;
mod sha256;
mod slice;
mod sort;
mod sort_by;
mod split;
mod starts_with;
mod string;
mod substring;
mod sum;
mod to_epoch;
mod to_json;
mod to_timezone;
mod trim;
mod trim_end;
mod trim_start;
mod type_of;
mod unflatten_keys;
mod upper;
mod url_decode;
mod url_encode;
mod values;
mod walk;
mod zip;

/// The signature of a built-in function.
pub type NativeFn = for<'x, 'a> fn(&mut Args<'x, 'a>) -> Result<Val<'a>, Raise>;

/// A built-in function's descriptor.
pub struct FnDef {
    /// The name authors call it by.
    pub name: &'static str,
    /// The family it is listed under in the reference (`strings`,
    /// `numbers`, `arrays`, `objects`, `dates`, `types`, `encodings`).
    pub family: &'static str,
    /// Parameters, in order.
    pub params: &'static [Param],
    /// The last parameter may repeat (`merge(a, b, c)`).
    pub variadic: bool,
    /// What it returns, for the reference (`string`, `number or null`).
    pub returns: &'static str,
    /// One sentence: what it does.
    pub summary: &'static str,
    /// Further details for the reference (rules, edge cases), or "".
    pub details: &'static str,
    /// What happens when the subject (first argument) is null.
    pub null_subject: NullPolicy,
    /// Runnable examples; at least one success and one failure.
    pub examples: &'static [Example],
    /// The implementation.
    pub run: NativeFn,
}

impl FnDef {
    /// Fewest arguments accepted.
    pub fn min_args(&self) -> usize {
        self.params.iter().filter(|p| !p.optional).count()
    }

    /// Most arguments accepted (`None` when variadic).
    pub fn max_args(&self) -> Option<usize> {
        if self.variadic {
            None
        } else {
            Some(self.params.len())
        }
    }

    /// The kind of the parameter at `index` (the last one repeats when
    /// variadic).
    pub fn param(&self, index: usize) -> Option<&'static Param> {
        self.params.get(index).or(if self.variadic {
            self.params.last()
        } else {
            None
        })
    }
}

/// One parameter.
pub struct Param {
    /// Its name, for the reference and error messages.
    pub name: &'static str,
    /// What it accepts, for the reference (`string`, `array`, `any`).
    pub ty: &'static str,
    /// How the executor passes it.
    pub kind: ParamKind,
    /// May be left out (only trailing parameters).
    pub optional: bool,
}

/// How an argument reaches the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// An evaluated value.
    Value,
    /// A value that is a regular expression: compiled once at compile time
    /// when it is a constant (an invalid constant regex is a compile
    /// error), otherwise per call.
    Regex,
    /// A constant string naming a secret key ([`crate::Keys`]): resolved
    /// and prepared at compile time, where a missing key is `E0213` and a
    /// name that is not a constant string `E0301`; the function reads the
    /// prepared key through [`Args::key`].
    Key,
    /// A lambda (`x -> …`) or a function name taking this many arguments;
    /// called back through [`Args::call`].
    Lambda(usize),
}

/// What a function does with a null subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullPolicy {
    /// Null in, null out (the default for transformations).
    Propagate,
    /// The function handles null itself (`type_of`, `to_json`, `??`-like).
    Accept,
}

/// A runnable example: `call` evaluated against `input` gives `outcome`.
pub struct Example {
    /// An expression calling the function, e.g. `lower("ABC")`.
    pub call: &'static str,
    /// The input record as JSON (`$` in the call).
    pub input: &'static str,
    /// The expected result.
    pub outcome: Outcome,
}

/// The expected result of an [`Example`].
pub enum Outcome {
    /// The result, as JSON text.
    Value(&'static str),
    /// The error code raised.
    Error(&'static str),
}

/// An example with input `null` and an expected value.
pub const fn example(call: &'static str, result: &'static str) -> Example {
    Example {
        call,
        input: "null",
        outcome: Outcome::Value(result),
    }
}

/// An example with input `null` that fails with `code`.
pub const fn failing(call: &'static str, code: &'static str) -> Example {
    Example {
        call,
        input: "null",
        outcome: Outcome::Error(code),
    }
}

/// A value parameter.
pub const fn param(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        ty,
        kind: ParamKind::Value,
        optional: false,
    }
}

/// An optional value parameter.
pub const fn optional(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        ty,
        kind: ParamKind::Value,
        optional: true,
    }
}

/// A regular-expression parameter (compiled once when constant).
pub const fn regex(name: &'static str) -> Param {
    Param {
        name,
        ty: "regex",
        kind: ParamKind::Regex,
        optional: false,
    }
}

/// A parameter naming a secret key (a constant string, resolved when the
/// mapping is compiled).
pub const fn key(name: &'static str) -> Param {
    Param {
        name,
        ty: "key name",
        kind: ParamKind::Key,
        optional: false,
    }
}

/// A lambda parameter taking `arity` arguments; `ty` shows its shape
/// (`x -> key`).
pub const fn lambda(name: &'static str, ty: &'static str, arity: usize) -> Param {
    Param {
        name,
        ty,
        kind: ParamKind::Lambda(arity),
        optional: false,
    }
}

/// Every function, sorted by name.
static FUNCTIONS: &[&FnDef] = &[
    &abs::DEF,
    &all::DEF,
    &any::DEF,
    &avg::DEF,
    &base64_decode::DEF,
    &base64_encode::DEF,
    &bool::DEF,
    &capture::DEF,
    &ceil::DEF,
    &chunk::DEF,
    &compact::DEF,
    &contains::DEF,
    &date_add::DEF,
    &date_diff::DEF,
    &delete_paths::DEF,
    &distinct::DEF,
    &distinct_by::DEF,
    &ends_with::DEF,
    &entries::DEF,
    &filter::DEF,
    &first::DEF,
    &flatten::DEF,
    &flatten_keys::DEF,
    &floor::DEF,
    &format_date::DEF,
    &format_number::DEF,
    &from_entries::DEF,
    &from_epoch::DEF,
    &get_path::DEF,
    &group_by::DEF,
    &has::DEF,
    &hmac_sha256::DEF,
    &index_by::DEF,
    &int::DEF,
    &join::DEF,
    &keys::DEF,
    &last::DEF,
    &len::DEF,
    &length::DEF,
    &lower::DEF,
    &map::DEF,
    &map_keys::DEF,
    &mask::DEF,
    &matches::DEF,
    &max::DEF,
    &max_by::DEF,
    &merge::DEF,
    &merge_deep::DEF,
    &merge_patch::DEF,
    &min::DEF,
    &min_by::DEF,
    &number::DEF,
    &omit::DEF,
    &pad_left::DEF,
    &pad_right::DEF,
    &parse_date::DEF,
    &parse_datetime::DEF,
    &parse_json::DEF,
    &pick::DEF,
    &pow::DEF,
    &range::DEF,
    &redact::DEF,
    &reduce::DEF,
    &regex_find_all::DEF,
    &regex_replace::DEF,
    &replace::DEF,
    &required::DEF,
    &reverse::DEF,
    &round::DEF,
    &set_path::DEF,
    &sha256::DEF,
    &slice::DEF,
    &sort::DEF,
    &sort_by::DEF,
    &split::DEF,
    &starts_with::DEF,
    &string::DEF,
    &substring::DEF,
    &sum::DEF,
    &to_epoch::DEF,
    &to_json::DEF,
    &to_timezone::DEF,
    &trim::DEF,
    &trim_end::DEF,
    &trim_start::DEF,
    &type_of::DEF,
    &unflatten_keys::DEF,
    &upper::DEF,
    &url_decode::DEF,
    &url_encode::DEF,
    &values::DEF,
    &walk::DEF,
    &zip::DEF,
];

pub use reference::reference_markdown;

/// Every built-in function, sorted by name.
pub fn all() -> &'static [&'static FnDef] {
    FUNCTIONS
}

/// The function named `name`.
pub fn lookup(name: &str) -> Option<&'static FnDef> {
    FUNCTIONS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .map(|i| FUNCTIONS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_and_unique() {
        for pair in FUNCTIONS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn every_function_has_a_success_and_a_failure_example() {
        for f in FUNCTIONS {
            assert!(
                f.examples
                    .iter()
                    .any(|e| matches!(e.outcome, Outcome::Value(_))),
                "{}",
                f.name
            );
            assert!(
                f.examples
                    .iter()
                    .any(|e| matches!(e.outcome, Outcome::Error(_))),
                "{}",
                f.name
            );
        }
    }
}
