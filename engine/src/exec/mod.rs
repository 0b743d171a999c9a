//! The executor: evaluates a plan over one input record.
//!
//! Values borrow from the input and from the plan's constants (both live
//! for `'a`); locals live in one stack of slots, a frame per function call;
//! top-level lets are computed on first use and remembered for the record.

pub(crate) mod budget;
mod build;
mod call;
pub(crate) mod coverage;
mod emit;
mod ops;
mod pattern;

use std::sync::atomic::AtomicBool;

use ferry_dsl::Span;

use budget::Budget;
pub use budget::Interrupt;

use crate::codes;
use crate::error::Raise;
use crate::path::PathEnv;
use crate::plan::{ExprRef, Function, Global, Node, NodeKind, Plan};
use crate::value::Val;

/// Limits on the work one record may cause; `docs/limits.md` lists them
/// with their flags and codes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest chain of user function calls (recursion), `E0503`.
    pub max_call_depth: u32,
    /// Work units one record may spend (about one per evaluation step,
    /// plus the input a built-in walks and the values it builds), `E0505`.
    pub max_work: u64,
    /// Bytes of values one record may build in total, counted as they are
    /// built (dropped values included); the output's text is held to the
    /// same bound. `E0506`.
    pub max_memory: u64,
}

impl Limits {
    /// Default [`Limits::max_work`]: a few seconds of the slowest work,
    /// hundreds of times what any example mapping spends on a record.
    pub const DEFAULT_MAX_WORK: u64 = 50_000_000;
    /// Default [`Limits::max_memory`]: 64 MiB.
    pub const DEFAULT_MAX_MEMORY: u64 = 64 << 20;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_call_depth: 200,
            max_work: Limits::DEFAULT_MAX_WORK,
            max_memory: Limits::DEFAULT_MAX_MEMORY,
        }
    }
}

/// The state of a top-level `let` during one record.
enum GlobalState<'a> {
    Pending,
    Running,
    Done(Val<'a>),
}

/// Evaluation context for one record.
pub(crate) struct Cx<'a> {
    functions: &'a [Function],
    globals: &'a [Global],
    path_exprs: &'a [Node],
    root: Val<'a>,
    stack: Vec<Val<'a>>,
    base: usize,
    global_values: Vec<GlobalState<'a>>,
    depth: u32,
    limits: Limits,
    budget: Budget<'a>,
    /// Coverage being recorded (`ferry test --coverage`); `None` otherwise.
    hits: Option<Box<coverage::Hits>>,
}

impl<'a> Cx<'a> {
    fn new(
        plan: &'a Plan,
        root: Val<'a>,
        limits: Limits,
        interrupt: Option<&'a AtomicBool>,
    ) -> Cx<'a> {
        Cx {
            budget: Budget::new(limits.max_work, limits.max_memory, interrupt),
            functions: &plan.functions,
            globals: &plan.globals,
            path_exprs: &plan.path_exprs,
            root,
            stack: vec![Val::Null; plan.body_slots as usize],
            base: 0,
            global_values: plan.globals.iter().map(|_| GlobalState::Pending).collect(),
            depth: 0,
            limits,
            hits: None,
        }
    }

    fn set_local(&mut self, slot: u32, value: Val<'a>) {
        let index = self.base + slot as usize;
        self.stack[index] = value;
    }

    fn local(&self, slot: u32) -> Val<'a> {
        self.stack[self.base + slot as usize].clone()
    }

    /// Runs `f` in a new frame of `slots` slots whose first values are
    /// `args`; the frame is removed on success and on error.
    fn in_frame(
        &mut self,
        args: impl IntoIterator<Item = Val<'a>>,
        slots: u32,
        f: impl FnOnce(&mut Cx<'a>) -> Result<Val<'a>, Raise>,
    ) -> Result<Val<'a>, Raise> {
        self.check_depth()?;
        // A frame costs a few steps: arguments moved, slots cleared.
        self.budget.spend(4)?;
        let new_base = self.stack.len();
        self.stack.extend(args);
        self.stack.resize(new_base + slots as usize, Val::Null);
        let saved = std::mem::replace(&mut self.base, new_base);
        self.depth += 1;
        // Deep recursion in a mapping must not overflow the thread's stack,
        // whatever thread a service calls `apply` from.
        let result = stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, || f(self));
        self.depth -= 1;
        self.base = saved;
        self.stack.truncate(new_base);
        result
    }

    /// Runs the body of an inlined function one call deeper, without a
    /// frame: the recursion limit counts it as the call it replaced.
    fn inlined(&mut self, body: &'a Node) -> Result<Val<'a>, Raise> {
        self.check_depth()?;
        self.budget.spend(1)?;
        self.depth += 1;
        let result = eval(self, body);
        self.depth -= 1;
        result
    }

    fn check_depth(&self) -> Result<(), Raise> {
        if self.depth >= self.limits.max_call_depth {
            return Err(Raise::new(
                codes::RECURSION_LIMIT,
                format!(
                    "function calls nested deeper than {}",
                    self.limits.max_call_depth
                ),
            )
            .with_help("a recursive function needs a base case that the input reaches")
            .uncatchable());
        }
        Ok(())
    }

    #[inline(never)]
    fn global(&mut self, index: u32, span: Span) -> Result<Val<'a>, Raise> {
        let i = index as usize;
        match &self.global_values[i] {
            GlobalState::Done(v) => return Ok(v.clone()),
            GlobalState::Running => {
                return Err(Raise::new(
                    codes::LET_CYCLE,
                    format!("`{}` depends on its own value", self.globals[i].name),
                )
                .with_span(span)
                .uncatchable());
            }
            GlobalState::Pending => {}
        }
        let global = &self.globals[i];
        let Some(node) = &global.value else {
            return Ok(Val::Null);
        };
        self.global_values[i] = GlobalState::Running;
        let result = self.in_frame(std::iter::empty(), global.slots, |cx| eval(cx, node));
        match &result {
            Ok(v) => self.global_values[i] = GlobalState::Done(v.clone()),
            Err(_) => self.global_values[i] = GlobalState::Pending,
        }
        result
    }
}

impl<'a> PathEnv<'a, ExprRef> for Cx<'a> {
    fn root(&self) -> Val<'a> {
        self.root.clone()
    }

    fn eval(&mut self, expr: &ExprRef) -> Result<Val<'a>, Raise> {
        // Filters run once per element they test.
        self.budget.spend(1)?;
        let node = &self.path_exprs[expr.0 as usize];
        eval(self, node)
    }
}

/// How one record runs: its limits and the flag that interrupts it.
#[derive(Clone, Copy)]
pub(crate) struct Bounds<'a> {
    pub(crate) limits: Limits,
    pub(crate) interrupt: Option<&'a AtomicBool>,
}

/// Evaluates the mapping body over one record.
pub(crate) fn run<'a>(
    plan: &'a Plan,
    input: Val<'a>,
    bounds: Bounds<'a>,
) -> Result<Val<'a>, Raise> {
    let mut cx = Cx::new(plan, input, bounds.limits, bounds.interrupt);
    eval(&mut cx, &plan.body)
}

/// Evaluates the mapping body over one record into a JSON value, whose
/// written size is held to the memory budget.
pub(crate) fn run_to_value<'a>(
    plan: &'a Plan,
    input: Val<'a>,
    bounds: Bounds<'a>,
) -> Result<serde_json::Value, Raise> {
    let value = run(plan, input, bounds)?;
    let mut room = bounds.limits.max_memory;
    crate::value::to_json_within(&value, &mut room)
        .ok_or_else(|| budget::output_too_large(bounds.limits.max_memory))
}

/// Evaluates the mapping body over one record and appends the result's
/// compact JSON text to `out` (unchanged on error), streaming object
/// literals rather than building them (see [`emit`]).
pub(crate) fn run_to_json<'a>(
    plan: &'a Plan,
    input: Val<'a>,
    bounds: Bounds<'a>,
    out: &mut Vec<u8>,
) -> Result<(), Raise> {
    let mut cx = Cx::new(plan, input, bounds.limits, bounds.interrupt);
    let start = out.len();
    let end = start.saturating_add(usize::try_from(bounds.limits.max_memory).unwrap_or(usize::MAX));
    let result = emit::emit(&mut cx, &plan.body, out, end);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Evaluates the mapping body over one record and records, in `hits`, the
/// branches, arms and fields it takes.
pub(crate) fn run_recording<'a>(
    plan: &'a Plan,
    input: &'a serde_json::Value,
    limits: Limits,
    hits: &mut coverage::Hits,
) -> Result<Val<'a>, Raise> {
    let mut cx = Cx::new(plan, Val::from_json(input), limits, None);
    cx.hits = Some(Box::new(std::mem::take(hits)));
    let result = eval(&mut cx, &plan.body);
    if let Some(taken) = cx.hits.take() {
        *hits = *taken;
    }
    result
}

/// Evaluates a node whose inputs are constants, at compile time. Returns
/// the folded node kind, or `None` when evaluation fails.
pub(crate) fn eval_constant(node: &Node) -> Option<NodeKind> {
    // The folded value may borrow from `node`; it is copied out below.
    let empty = Plan::empty();
    let mut cx = Cx::new(&empty, Val::Null, Limits::default(), None);
    let value = eval(&mut cx, node).ok()?;
    Some(match value {
        Val::Num(n) => NodeKind::Num(n),
        other => NodeKind::Const(other.to_json()),
    })
}

/// The text a constant node interpolates as, for folding `"n=${2 * 3}"`.
pub(crate) fn constant_text(node: &Node) -> Option<String> {
    if !node.is_const() {
        return None;
    }
    let empty = Plan::empty();
    let mut cx = Cx::new(&empty, Val::Null, Limits::default(), None);
    let value = eval(&mut cx, node).ok()?;
    let mut text = String::new();
    build::append_text(&mut text, &value);
    Some(text)
}

/// Evaluates a node, reading locals and constants in place: the leaves of
/// most expressions need no call to [`eval`] and its frame.
#[inline(always)]
pub(crate) fn operand<'a>(cx: &mut Cx<'a>, node: &'a Node) -> Result<Val<'a>, Raise> {
    match &node.kind {
        NodeKind::Local(slot) => Ok(cx.local(*slot)),
        NodeKind::Num(n) => Ok(Val::Num(*n)),
        NodeKind::Const(v) => Ok(Val::from_json(v)),
        _ => eval(cx, node),
    }
}

/// Evaluates one node.
pub(crate) fn eval<'a>(cx: &mut Cx<'a>, node: &'a Node) -> Result<Val<'a>, Raise> {
    let result = match &node.kind {
        NodeKind::Const(v) => Ok(Val::from_json(v)),
        NodeKind::Num(n) => Ok(Val::Num(*n)),
        NodeKind::Root => Ok(cx.root.clone()),
        NodeKind::Local(slot) => Ok(cx.local(*slot)),
        NodeKind::Global(index) => cx.global(*index, node.span),
        NodeKind::Path { base, path } => {
            // The base is most often a local or `$`: read it without a call.
            let start = match &base.kind {
                NodeKind::Local(slot) => cx.local(*slot),
                NodeKind::Root => cx.root.clone(),
                _ => eval(cx, base)?,
            };
            if let Some(name) = path.single_name() {
                Ok(start.field(name).unwrap_or(Val::Null))
            } else if path.is_singular() {
                path.get(start, cx).map(|v| v.unwrap_or(Val::Null))
            } else {
                path.select(start, cx).map(Val::array)
            }
        }
        NodeKind::Exists { base, path } => {
            let start = eval(cx, base)?;
            match path {
                Some(path) => path.exists(start, cx).map(Val::Bool),
                None => Ok(Val::Bool(!start.is_null())),
            }
        }
        NodeKind::Interpolate(pieces) => build::interpolate(cx, pieces),
        NodeKind::Array(elements) => build::array(cx, elements),
        NodeKind::Object(plan) => build::object(cx, plan, node.span),
        NodeKind::For(plan) => build::comprehension(cx, plan),
        NodeKind::Neg(operand) => {
            let v = eval(cx, operand)?;
            match v.as_num() {
                Some(n) => n.neg().map(Val::Num).map_err(Raise::from_num),
                None => Err(Raise::type_mismatch("a number to negate", &v)),
            }
        }
        NodeKind::Not(operand) => match eval(cx, operand)? {
            Val::Bool(b) => Ok(Val::Bool(!b)),
            other => Err(Raise::type_mismatch("a boolean after `not`", &other)),
        },
        NodeKind::Binary { op, left, right } => {
            let l = operand(cx, left)?;
            let r = operand(cx, right)?;
            let unaddressed = |v: &Val<'_>| matches!(v, Val::Null | Val::Bool(_));
            let blame = if unaddressed(&l) {
                Some(&**left)
            } else if unaddressed(&r) {
                Some(&**right)
            } else {
                None
            };
            match ops::binary(*op, l, r) {
                // `+` joins strings, arrays and objects into a new one.
                Ok(v) => cx.budget.built_top(&v).map(|()| v),
                Err(e) => Err(match blame {
                    Some(operand) => e.with_pointer(input_pointer(operand)),
                    None => e,
                }),
            }
        }
        NodeKind::And(left, right) => match condition(cx, left)? {
            false => Ok(Val::Bool(false)),
            true => condition(cx, right).map(Val::Bool),
        },
        NodeKind::Or(left, right) => match condition(cx, left)? {
            true => Ok(Val::Bool(true)),
            false => condition(cx, right).map(Val::Bool),
        },
        NodeKind::Default(left, right) => match eval(cx, left)? {
            Val::Null => operand(cx, right),
            v => Ok(v),
        },
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            let taken = branch(cx, node, cond)?;
            if taken {
                eval(cx, then)
            } else {
                eval(cx, otherwise)
            }
        }
        NodeKind::Match { value, arms } => pattern::run_match(cx, value, arms, node.span),
        NodeKind::Let { slot, value, body } => {
            let v = eval(cx, value)?;
            cx.set_local(*slot, v);
            eval(cx, body)
        }
        NodeKind::Try { body, fallback } => match eval(cx, body) {
            Ok(v) => Ok(v),
            Err(e) if e.0.catchable => eval(cx, fallback),
            Err(e) => Err(e),
        },
        NodeKind::Native(call) => call::native(cx, call),
        NodeKind::User { function, args } => call::user(cx, *function, args),
        NodeKind::Inlined { body, .. } => cx.inlined(body),
        NodeKind::Raise {
            code,
            message,
            value,
        } => call::raise(cx, code.as_deref(), message, value.as_deref()),
        // The parser allows `skip` only where a comprehension evaluates
        // its element with `build::element`.
        NodeKind::Skip => Err(Raise::new(
            ferry_dsl::codes::MISPLACED_SKIP,
            "`skip` is only valid as the element of a comprehension",
        )),
    };
    result.map_err(|e| e.with_span(node.span))
}

/// The JSON Pointer of the input value a node reads, when the node is a
/// path of names and indexes from `$`.
pub(crate) fn input_pointer(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Root => Some(String::new()),
        NodeKind::Path { base, path } if matches!(base.kind, NodeKind::Root) => {
            path.static_pointer()
        }
        _ => None,
    }
}

/// Evaluates an `if`'s condition and records the branch taken (for
/// `ferry test --coverage`).
pub(super) fn branch<'a>(cx: &mut Cx<'a>, node: &'a Node, cond: &'a Node) -> Result<bool, Raise> {
    let taken = condition(cx, cond)?;
    if let Some(hits) = &mut cx.hits {
        hits.hit(
            node.span,
            if taken {
                coverage::THEN
            } else {
                coverage::ELSE
            },
        );
    }
    Ok(taken)
}

/// Evaluates a condition, which must be a boolean (the language is strict:
/// no truthiness).
pub(super) fn condition<'a>(cx: &mut Cx<'a>, node: &'a Node) -> Result<bool, Raise> {
    match eval(cx, node)? {
        Val::Bool(b) => Ok(b),
        other => Err(Raise::type_mismatch("a boolean condition", &other)
            .with_pointer(input_pointer(node))
            .with_span(node.span)),
    }
}
