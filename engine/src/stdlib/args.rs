//! The arguments of a built-in call, with typed accessors that raise
//! coded errors naming the argument at fault.

use std::borrow::Cow;
use std::sync::Arc;

use regex::Regex;

use crate::codes;
use crate::error::Raise;
use crate::keys::PreparedKey;
use crate::value::{Arr, Num, Obj, Str, Val};

/// Calls a lambda argument back into the executor.
pub trait Callback<'a> {
    /// Calls the lambda passed as argument `index` with `args`.
    fn call(&mut self, index: usize, args: &[Val<'a>]) -> Result<Val<'a>, Raise>;
}

/// The evaluated arguments of one call.
pub struct Args<'x, 'a> {
    values: &'x [Val<'a>],
    regexes: &'x [Option<Arc<Regex>>],
    keys: &'x [Option<Arc<PreparedKey>>],
    callback: &'x mut dyn Callback<'a>,
    /// Stands in for absent optional arguments.
    null: Val<'a>,
}

impl<'x, 'a> Args<'x, 'a> {
    /// Wraps evaluated arguments. `values` holds `Val::Null` at lambda
    /// positions; `regexes[i]` is the precompiled regex of a constant
    /// regex argument.
    pub fn new(
        values: &'x [Val<'a>],
        regexes: &'x [Option<Arc<Regex>>],
        callback: &'x mut dyn Callback<'a>,
    ) -> Self {
        Args {
            values,
            regexes,
            keys: &[],
            callback,
            null: Val::Null,
        }
    }

    /// These arguments with the secret keys prepared at compile time for
    /// key arguments (`keys[i]` for argument `i`).
    pub fn with_keys(mut self, keys: &'x [Option<Arc<PreparedKey>>]) -> Self {
        self.keys = keys;
        self
    }

    /// Number of arguments given.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no arguments were given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// True when argument `index` was given (optional ones may not be).
    pub fn has(&self, index: usize) -> bool {
        index < self.values.len()
    }

    /// All arguments.
    pub fn values(&self) -> &'x [Val<'a>] {
        self.values
    }

    /// Argument `index`, or null when absent.
    pub fn get(&self, index: usize) -> &Val<'a> {
        self.values.get(index).unwrap_or(&self.null)
    }

    /// Argument `index` as a string.
    pub fn str(&self, index: usize) -> Result<&str, Raise> {
        match self.get(index) {
            Val::Str(s) => Ok(s.as_str()),
            other => Err(Raise::type_mismatch("a string", other).at_arg(index)),
        }
    }

    /// Argument `index` as a string handle (keeps borrowing the input).
    pub fn string(&self, index: usize) -> Result<Str<'a>, Raise> {
        match self.get(index) {
            Val::Str(s) => Ok(s.clone()),
            other => Err(Raise::type_mismatch("a string", other).at_arg(index)),
        }
    }

    /// Argument `index` as a number.
    pub fn num(&self, index: usize) -> Result<Num, Raise> {
        let v = self.get(index);
        match v {
            Val::Num(n) => Ok(*n),
            Val::RawNum(_) => v
                .as_num()
                .ok_or_else(|| Raise::invalid("number out of range", v).at_arg(index)),
            other => Err(Raise::type_mismatch("a number", other).at_arg(index)),
        }
    }

    /// Argument `index` as a whole number.
    pub fn int(&self, index: usize) -> Result<i64, Raise> {
        let n = self.num(index)?;
        n.to_i64().ok_or_else(|| {
            Raise::new(
                codes::INVALID_VALUE,
                format!("expected a whole number, got {n}"),
            )
            .with_culprit(self.get(index))
            .at_arg(index)
        })
    }

    /// Argument `index` as a boolean.
    pub fn bool(&self, index: usize) -> Result<bool, Raise> {
        match self.get(index) {
            Val::Bool(b) => Ok(*b),
            other => Err(Raise::type_mismatch("a boolean", other).at_arg(index)),
        }
    }

    /// Argument `index` as an array.
    pub fn array(&self, index: usize) -> Result<Arr<'a>, Raise> {
        match self.get(index) {
            Val::Arr(a) => Ok(a.clone()),
            other => Err(Raise::type_mismatch("an array", other).at_arg(index)),
        }
    }

    /// Argument `index` as an object.
    pub fn object(&self, index: usize) -> Result<Obj<'a>, Raise> {
        match self.get(index) {
            Val::Obj(o) => Ok(o.clone()),
            other => Err(Raise::type_mismatch("an object", other).at_arg(index)),
        }
    }

    /// Argument `index` as a compiled regex: the one prepared at compile
    /// time for a constant, otherwise compiled now.
    pub fn regex(&self, index: usize) -> Result<Cow<'x, Regex>, Raise> {
        if let Some(Some(re)) = self.regexes.get(index) {
            return Ok(Cow::Borrowed(re.as_ref()));
        }
        let source = self.str(index)?;
        compile_regex(source).map(Cow::Owned).map_err(|message| {
            Raise::new(codes::INVALID_VALUE, message)
                .with_culprit(self.get(index))
                .at_arg(index)
        })
    }

    /// The secret key argument `index` names, as the compiler prepared it.
    /// `E0213` when there is none (the compiler refuses such a mapping; a
    /// direct call may still lack one).
    pub fn key(&self, index: usize) -> Result<&'x PreparedKey, Raise> {
        match self.keys.get(index) {
            Some(Some(key)) => Ok(key),
            _ => Err(Raise::new(
                codes::UNKNOWN_KEY,
                "no secret key was provided for this argument",
            )
            .at_arg(index)),
        }
    }

    /// Calls the lambda passed as argument `index`.
    pub fn call(&mut self, index: usize, args: &[Val<'a>]) -> Result<Val<'a>, Raise> {
        self.callback.call(index, args)
    }
}

/// Compiles a regex with the engine's size limits; the error is a message
/// for the author.
pub fn compile_regex(source: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(source)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 22)
        .build()
        .map_err(|e| format!("invalid regular expression: {e}"))
}
