//! Function calls: built-ins (with lambda callbacks) and user functions.

use super::{Cx, eval, operand};
use crate::codes;
use crate::error::{Origin, Raise};
use crate::plan::{Arg, NativeCall, Node, NodeKind, Piece};
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
    cx.budget.spend(1 + call.cost.units(values))?;
    let mut lambdas = Lambdas {
        cx,
        args: &call.args,
    };
    let mut args = Args::new(values, &call.regexes, &mut lambdas).with_keys(&call.keys);
    let result = (call.def.run)(&mut args);
    drop(args);
    if let Ok(v) = &result {
        // Measured while the arguments are alive: what the result shares
        // with them is not counted again.
        lambdas.cx.budget.built_value(v)?;
    }
    result.map_err(|e| {
        // Point at the argument at fault, when the function says which.
        match e.0.arg.and_then(|i| call.args.get(i)) {
            Some(Arg::Value(node)) => locate(lambdas.cx, node, e)
                .with_pointer(super::input_pointer(node))
                .with_span(node.span),
            Some(Arg::Lambda { body, .. }) => e.with_span(body.span),
            _ => e,
        }
    })
}

/// Notes, on the error path only, where in the input the value `node`
/// gave comes from: the place it is read from (a path from `$` or from a
/// local holding an input node), or else the input values it was computed
/// from. The locals still hold the values of the failing evaluation; they
/// become JSON Pointers when the error is resolved (`Mapping::run_error`).
#[cold]
#[inline(never)]
pub(super) fn locate<'a>(cx: &Cx<'a>, node: &'a Node, mut e: Raise) -> Raise {
    if e.0.place.is_some() || !e.0.derived.is_empty() || e.0.derived_span.is_some() {
        return e;
    }
    e.0.place = place(cx, node);
    let mut found = Vec::new();
    if reads(cx, node, &mut found) {
        e.0.derived = found;
    }
    e.0.derived_span = Some(node.span);
    e
}

/// Where a path node reads from: `$.a.b`, or `l.date` for a local `l`
/// holding an input node.
fn place<'a>(cx: &Cx<'a>, node: &'a Node) -> Option<Origin> {
    match &node.kind {
        NodeKind::Root => Some(Origin {
            base: None,
            suffix: String::new(),
        }),
        NodeKind::Local(slot) => Some(Origin {
            base: Some(cx.local(*slot).input_address()?),
            suffix: String::new(),
        }),
        NodeKind::Path { base, path } => {
            let suffix = path.static_pointer()?;
            let mut origin = place(cx, base)?;
            origin.suffix.push_str(&suffix);
            Some(origin)
        }
        _ => None,
    }
}

/// The input places a computed value read, into `out`; false when some
/// cannot be known from the values at hand (the compile-time lineage
/// names them instead).
fn reads<'a>(cx: &Cx<'a>, node: &'a Node, out: &mut Vec<Origin>) -> bool {
    match &node.kind {
        NodeKind::Const(_) | NodeKind::Num(_) => true,
        NodeKind::Root | NodeKind::Local(_) | NodeKind::Path { .. } => match place(cx, node) {
            Some(origin) => {
                if !out.contains(&origin) {
                    out.push(origin);
                }
                true
            }
            None => false,
        },
        NodeKind::Interpolate(pieces) => pieces.iter().all(|p| match p {
            Piece::Text(_) => true,
            Piece::Value(v) => reads(cx, v, out),
        }),
        NodeKind::Native(call) => call.args.iter().all(|a| match a {
            Arg::Value(v) => reads(cx, v, out),
            _ => false,
        }),
        NodeKind::Binary { left, right, .. }
        | NodeKind::Default(left, right)
        | NodeKind::And(left, right)
        | NodeKind::Or(left, right) => reads(cx, left, out) && reads(cx, right, out),
        NodeKind::Neg(v) | NodeKind::Not(v) => reads(cx, v, out),
        _ => false,
    }
}

/// Calls lambda arguments back on behalf of a built-in.
struct Lambdas<'c, 'a> {
    cx: &'c mut Cx<'a>,
    args: &'a [Arg],
}

impl<'a> Callback<'a> for Lambdas<'_, 'a> {
    fn call(&mut self, index: usize, values: &[Val<'a>]) -> Result<Val<'a>, Raise> {
        self.cx.budget.spend(1)?;
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

/// `error(code, message, value?)`: raises the author's error, about
/// `value`'s place in the input when given.
#[inline(never)]
pub(super) fn raise<'a>(
    cx: &mut Cx<'a>,
    code: Option<&'a Node>,
    message: &'a Node,
    value: Option<&'a Node>,
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
    let raised = Raise::new(code, text);
    Err(match value {
        Some(node) => {
            let v = eval(cx, node)?;
            locate(cx, node, raised.with_culprit(&v)).with_pointer(super::input_pointer(node))
        }
        None => raised,
    })
}
