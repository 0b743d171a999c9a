//! The transformation plan: what the compiler produces and the executor runs.
//!
//! A plan is data prepared once: names are resolved to slots, constants are
//! folded into values, regexes are compiled, paths are lowered into direct
//! lookups. It is immutable, `Send + Sync`, and shared by every thread that
//! applies the mapping. Spans are global (see [`crate::source_map`]), so a
//! node can point into any file of a mapping that `use`s others.

use std::sync::Arc;

use ferry_dsl::Span;
use regex::Regex;

use crate::keys::PreparedKey;
use crate::path::PathPlan;
use crate::stdlib::{Cost, FnDef};
use crate::value::Num;

/// A compiled mapping: its body, functions and top-level lets.
#[derive(Debug)]
pub struct Plan {
    /// The body, evaluated in a frame of `body_slots` slots.
    pub body: Node,
    /// Local slots the body needs.
    pub body_slots: u32,
    /// User functions, by index.
    pub functions: Vec<Function>,
    /// Top-level lets, evaluated at most once per record, on first use.
    pub globals: Vec<Global>,
    /// Expressions embedded in paths (dynamic selectors, variables in
    /// filters), referenced from path plans by [`ExprRef`].
    pub path_exprs: Vec<Node>,
}

impl Plan {
    /// A plan with no functions or globals whose body is `$`: the context
    /// in which constants are folded at compile time.
    pub fn empty() -> Plan {
        Plan {
            body: Node::new(NodeKind::Root, Span::default()),
            body_slots: 0,
            functions: Vec::new(),
            globals: Vec::new(),
            path_exprs: Vec::new(),
        }
    }
}

/// A reference from a path plan to an expression in [`Plan::path_exprs`].
/// Paths hold indexes rather than nodes so that the path layer stays
/// independent of the executor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExprRef(pub u32);

/// A user function (`fn name(a, b) = …`).
#[derive(Debug)]
pub struct Function {
    /// Its name, for error messages.
    pub name: String,
    /// Number of parameters (they occupy the first slots of its frame).
    pub arity: u32,
    /// Slots its frame needs (parameters included).
    pub slots: u32,
    /// The body; `None` only while the compiler is still filling it in.
    pub body: Option<Node>,
}

/// A top-level `let`.
#[derive(Debug)]
pub struct Global {
    /// Its name.
    pub name: String,
    /// Slots its frame needs (comprehensions inside it).
    pub slots: u32,
    /// Its value's expression; `None` while compiling.
    pub value: Option<Node>,
}

/// One step of the plan, with the span it was compiled from.
#[derive(Debug)]
pub struct Node {
    /// What to do.
    pub kind: NodeKind,
    /// Where in the source (global span).
    pub span: Span,
}

/// Every kind of plan step.
#[derive(Debug)]
pub enum NodeKind {
    /// A constant JSON value (strings, tables, folded structures).
    Const(serde_json::Value),
    /// A numeric constant, already parsed.
    Num(Num),
    /// `$`
    Root,
    /// A local variable (frame slot).
    Local(u32),
    /// A top-level `let`, by index.
    Global(u32),
    /// A path over a base value.
    Path {
        /// What the path starts from.
        base: Box<Node>,
        /// The lowered path.
        path: PathPlan<ExprRef>,
    },
    /// `exists(path)`: true when the path selects a node.
    Exists {
        /// What the path starts from.
        base: Box<Node>,
        /// The lowered path; `None` for `exists(x)` on a plain value (true
        /// unless null).
        path: Option<PathPlan<ExprRef>>,
    },
    /// String interpolation.
    Interpolate(Vec<Piece>),
    /// An array literal.
    Array(Vec<Element>),
    /// An object literal.
    Object(ObjectPlan),
    /// `-x`
    Neg(Box<Node>),
    /// `not x`
    Not(Box<Node>),
    /// An arithmetic or comparison operator.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        left: Box<Node>,
        /// Right operand.
        right: Box<Node>,
    },
    /// `a and b` (short-circuit).
    And(Box<Node>, Box<Node>),
    /// `a or b` (short-circuit).
    Or(Box<Node>, Box<Node>),
    /// `a ?? b`: `b` when `a` is null.
    Default(Box<Node>, Box<Node>),
    /// `if c then a else b`
    If {
        /// Condition.
        cond: Box<Node>,
        /// Value when true.
        then: Box<Node>,
        /// Value when false.
        otherwise: Box<Node>,
    },
    /// `match`
    Match {
        /// The matched value.
        value: Box<Node>,
        /// Arms, in order.
        arms: Vec<Arm>,
    },
    /// `[for … => …]` and `{for … => k: v}`
    For(Box<ForPlan>),
    /// `let x = v; body`
    Let {
        /// The slot bound.
        slot: u32,
        /// Its value.
        value: Box<Node>,
        /// The body.
        body: Box<Node>,
    },
    /// `try body else fallback`
    Try {
        /// The guarded expression.
        body: Box<Node>,
        /// Its replacement on a run-time error.
        fallback: Box<Node>,
    },
    /// A built-in function call.
    Native(Box<NativeCall>),
    /// A user function call.
    User {
        /// Function index.
        function: u32,
        /// Arguments.
        args: Vec<Node>,
    },
    /// A user function's body copied into the caller's frame by the
    /// optimizer (`optimize::inline`): its slots renumbered into the
    /// caller's, its parameters bound by `Let`s just before. It counts as
    /// one call towards the recursion limit, as the call it replaces did.
    Inlined {
        /// The function inlined.
        function: u32,
        /// The body, reading and binding the caller's slots.
        body: Box<Node>,
    },
    /// `skip`: no element. Only ever the element of a comprehension, or a
    /// branch of an `If`, `Match` or `Let` there (the parser checks it);
    /// the comprehension drops the element (see `exec::build::element`).
    Skip,
    /// `error(code, message, value?)`
    Raise {
        /// The code (a string), or `None` for the default code.
        code: Option<Box<Node>>,
        /// The message.
        message: Box<Node>,
        /// The value the error is about (`error(code, message, value)`):
        /// its input location is reported as the error's pointer.
        value: Option<Box<Node>>,
    },
}

/// Arithmetic and comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
        }
    }
}

/// A part of an interpolated string.
#[derive(Debug)]
pub enum Piece {
    /// Literal text.
    Text(Box<str>),
    /// A value converted to text.
    Value(Node),
}

/// An element of an array literal.
#[derive(Debug)]
pub enum Element {
    /// One value.
    Item(Node),
    /// `...xs`
    Spread(Node),
}

/// An object literal.
#[derive(Debug)]
pub struct ObjectPlan {
    /// The entries, in order.
    pub entries: Vec<Entry>,
    /// True when every key is static and unique and nothing is spread: the
    /// executor appends without checking for duplicates.
    pub keys_unique: bool,
}

/// An entry of an object literal.
#[derive(Debug)]
pub enum Entry {
    /// `key: value`
    Field {
        /// The key.
        key: Key,
        /// `key?:` omits the field when the value is null.
        optional: bool,
        /// The value.
        value: Node,
    },
    /// `...obj`
    Spread(Node),
}

/// An object key.
#[derive(Debug)]
pub enum Key {
    /// Known at compile time.
    Static(Box<str>),
    /// Computed per record (must be a string).
    Computed(Node),
}

/// A comprehension.
#[derive(Debug)]
pub struct ForPlan {
    /// The iterated value.
    pub source: Node,
    /// Slot of the index/key variable (two-variable form).
    pub key_slot: Option<u32>,
    /// Slot of the element/value variable.
    pub value_slot: u32,
    /// `if` filter.
    pub filter: Option<Node>,
    /// What each kept item produces.
    pub output: ForOutput,
}

/// What a comprehension builds. Several `for` clauses compile to nested
/// comprehensions: `[for a in x for b in y => e]` is
/// `[for a in x => ...[for b in y => e]]`.
#[derive(Debug)]
pub enum ForOutput {
    /// `[for … => body]`
    Array(Node),
    /// `[for … => ...body]`: the elements of each array (null adds none).
    Splice(Node),
    /// `{for … => key: value}`
    Object {
        /// The key (a string).
        key: Node,
        /// The value.
        value: Node,
    },
    /// The members of each object `body` gives (an inner object
    /// comprehension, from a later `for` clause).
    Merge(Node),
}

impl ForOutput {
    /// The nodes evaluated for each kept item, in order.
    pub fn nodes(&self) -> Vec<&Node> {
        match self {
            ForOutput::Array(n) | ForOutput::Splice(n) | ForOutput::Merge(n) => vec![n],
            ForOutput::Object { key, value } => vec![key, value],
        }
    }

    /// The nodes evaluated for each kept item, mutably.
    pub fn nodes_mut(&mut self) -> Vec<&mut Node> {
        match self {
            ForOutput::Array(n) | ForOutput::Splice(n) | ForOutput::Merge(n) => vec![n],
            ForOutput::Object { key, value } => vec![key, value],
        }
    }

    /// True when it builds an array.
    pub fn is_array(&self) -> bool {
        matches!(self, ForOutput::Array(_) | ForOutput::Splice(_))
    }
}

/// A `match` arm.
#[derive(Debug)]
pub struct Arm {
    /// The pattern.
    pub pattern: PatternPlan,
    /// `if` guard.
    pub guard: Option<Node>,
    /// The arm's value.
    pub body: Node,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub enum PatternPlan {
    /// `_`
    Any,
    /// `name`: binds the value to a slot.
    Bind(u32),
    /// A literal compared with `==`.
    Equals(serde_json::Value),
    /// A numeric literal compared numerically.
    EqualsNum(Num),
    /// A range of numbers or strings.
    Range {
        /// Lower bound (inclusive).
        low: Option<Bound>,
        /// Upper bound.
        high: Option<Bound>,
        /// Upper bound included.
        inclusive: bool,
    },
    /// A regex (strings only).
    Regex(Arc<Regex>),
    /// `/regex/ as m`: a regex whose groups are bound, as an object, to
    /// a slot.
    Captures {
        /// The regex.
        regex: Arc<Regex>,
        /// The slot bound to the groups.
        slot: u32,
        /// The members of the object: a group's index and its key (its
        /// number, and its name for a named group), in order.
        keys: Arc<[(usize, Box<str>)]>,
    },
    /// Alternatives.
    Or(Vec<PatternPlan>),
}

/// A range bound.
#[derive(Debug, Clone)]
pub enum Bound {
    /// A number.
    Num(Num),
    /// A string.
    Str(Box<str>),
}

/// A built-in call.
pub struct NativeCall {
    /// The function.
    pub def: &'static FnDef,
    /// Arguments (lambdas in their positions).
    pub args: Vec<Arg>,
    /// Precompiled regexes of constant regex arguments, by position.
    pub regexes: Vec<Option<Arc<Regex>>>,
    /// Secret keys of key arguments, by position, prepared at compile time
    /// (empty for a function that takes none). Never printed.
    pub keys: Vec<Option<Arc<PreparedKey>>>,
    /// What a call costs on its input side, for the work budget.
    pub cost: Cost,
}

impl NativeCall {
    /// A call of `def` with `args`, its precompiled regexes and keys.
    pub fn new(
        def: &'static FnDef,
        args: Vec<Arg>,
        regexes: Vec<Option<Arc<Regex>>>,
        keys: Vec<Option<Arc<PreparedKey>>>,
    ) -> Self {
        NativeCall {
            def,
            args,
            regexes,
            keys,
            cost: Cost::of(def),
        }
    }
}

impl std::fmt::Debug for NativeCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeCall")
            .field("function", &self.def.name)
            .field("args", &self.args)
            .finish()
    }
}

/// An argument of a built-in call.
#[derive(Debug)]
pub enum Arg {
    /// A value.
    Value(Node),
    /// A lambda: parameters bound to slots of the enclosing frame.
    Lambda {
        /// Parameter slots.
        params: Vec<u32>,
        /// Body.
        body: Node,
    },
    /// A user function passed by name.
    Function(u32),
}

impl Node {
    /// A node at a span.
    pub fn new(kind: NodeKind, span: Span) -> Node {
        Node { kind, span }
    }

    /// True for constants (folded at compile time).
    pub fn is_const(&self) -> bool {
        matches!(self.kind, NodeKind::Const(_) | NodeKind::Num(_))
    }
}

/// The member names, in order, of every object `node` can produce, when it
/// is an object literal with static keys (or an array built of such, by a
/// comprehension): the columns of a CSV output. `None` when the keys are
/// computed, spread in, or the value is not an object.
pub(crate) fn static_keys(node: &Node) -> Option<Vec<String>> {
    match &node.kind {
        NodeKind::Object(plan) if plan.keys_unique => Some(
            plan.entries
                .iter()
                .filter_map(|e| match e {
                    Entry::Field {
                        key: Key::Static(name),
                        ..
                    } => Some(name.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        NodeKind::Let { body, .. } => static_keys(body),
        NodeKind::For(plan) => match &plan.output {
            ForOutput::Array(body) => static_keys(body),
            // An inner comprehension (a later `for` clause) gives the rows.
            ForOutput::Splice(body) if matches!(body.kind, NodeKind::For(_)) => static_keys(body),
            ForOutput::Splice(_) | ForOutput::Object { .. } | ForOutput::Merge(_) => None,
        },
        _ => None,
    }
}
