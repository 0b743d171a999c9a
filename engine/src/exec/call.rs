//! Function calls: built-ins (with lambda callbacks) and user functions.

use super::{Cx, eval, operand};
use crate::codes;
use crate::error::Raise;
use crate::plan::{Arg, NativeCall, Node};
use crate::stdlib::{Args, Callback, NullPolicy};
use crate::value::Val;

/// Calls a built-in. Arguments are evaluated left to right; with the null
/// rule, a null subject returns null before the rest are evaluated.
#[inline(never)]
pub(super) fn native<'a>(cx: &mut Cx<'a>, call: &'a NativeCall) -> Result<Val<'a>, Raise> {
    // Most built-ins take one to three arguments: those stay on the stack
    // (a call is made per element in loops, an allocation each was
    // measurable).
    const ON_STACK: usize = 4;
    let count = call.args.len();
    let mut small: [Val<'a>; ON_STACK] = [Val::Null, Val::Null, Val::Null, Val::Null];
    let mut large = Vec::new();
    if count > ON_STACK {
        large.resize(count, Val::Null);
    }
    let values: &mut [Val<'a>] = if count > ON_STACK {
        &mut large
    } else {
        &mut small[..count]
    };
    for (i, (arg, slot)) in call.args.iter().zip(values.iter_mut()).enumerate() {
        // Lambda and function arguments stay null: the built-in calls back.
        if let Arg::Value(node) = arg {
            let v = operand(cx, node)?;
            if i == 0 && v.is_null() && call.def.null_subject == NullPolicy::Propagate {
                return Ok(Val::Null);
            }
            *slot = v;
        }
    }
    let mut lambdas = Lambdas {
        cx,
        args: &call.args,
    };
    let mut args = Args::new(values, &call.regexes, &mut lambdas);
    (call.def.run)(&mut args).map_err(|e| {
        // Point at the argument at fault, when the function says which.
        match e.0.arg.and_then(|i| call.args.get(i)) {
            Some(Arg::Value(node)) => e
                .with_pointer(super::input_pointer(node))
                .with_span(node.span),
            Some(Arg::Lambda { body, .. }) => e.with_span(body.span),
            _ => e,
        }
    })
}

/// Calls lambda arguments back on behalf of a built-in.
struct Lambdas<'c, 'a> {
    cx: &'c mut Cx<'a>,
    args: &'a [Arg],
}

impl<'a> Callback<'a> for Lambdas<'_, 'a> {
    fn call(&mut self, index: usize, values: &[Val<'a>]) -> Result<Val<'a>, Raise> {
        match self.args.get(index) {
            Some(Arg::Lambda { params, body }) => {
                for (slot, v) in params.iter().zip(values) {
                    self.cx.set_local(*slot, v.clone());
                }
                eval(self.cx, body)
            }
            Some(Arg::Function(function)) => {
                let f = &self.cx.functions[*function as usize];
                let Some(body) = &f.body else {
                    return Ok(Val::Null);
                };
                self.cx
                    .in_frame(values.iter().cloned(), f.slots, |cx| eval(cx, body))
            }
            _ => Err(
                Raise::new(codes::TYPE_MISMATCH, "this argument is not a function").at_arg(index),
            ),
        }
    }
}

/// Calls a user function: arguments are evaluated in the caller's frame,
/// then the body runs in a frame of its own.
#[inline(never)]
pub(super) fn user<'a>(cx: &mut Cx<'a>, function: u32, args: &'a [Node]) -> Result<Val<'a>, Raise> {
    let mut values = Vec::with_capacity(args.len());
    for arg in args {
        values.push(eval(cx, arg)?);
    }
    let f = &cx.functions[function as usize];
    let Some(body) = &f.body else {
        return Ok(Val::Null);
    };
    cx.in_frame(values, f.slots, |cx| eval(cx, body))
}

/// `error(code, message)`: raises the author's error.
#[inline(never)]
pub(super) fn raise<'a>(
    cx: &mut Cx<'a>,
    code: Option<&'a Node>,
    message: &'a Node,
) -> Result<Val<'a>, Raise> {
    let code = match code {
        Some(node) => match eval(cx, node)? {
            Val::Str(s) => s.to_string(),
            other => {
                return Err(
                    Raise::type_mismatch("a string error code", &other).with_span(node.span)
                );
            }
        },
        None => codes::RAISED.to_owned(),
    };
    let mut text = String::new();
    super::build::append_text(&mut text, &eval(cx, message)?);
    Err(Raise::new(code, text))
}
