//! The typed syntax tree of a `.map` file.
//!
//! The parser (`parse/`) is the only code that sees pest pairs; everything
//! downstream (the engine's compiler, the formatter) works on these types.
//! Every node carries the [`Span`] of the text it came from so that
//! diagnostics, at compile time and at run time, can point at the source.

use crate::span::Span;

/// A whole `.map` file: header, declarations, and the body expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// `mapping NAME version "X.Y.Z"`, when present.
    pub header: Option<Header>,
    /// `input schema "…"` and `output schema "…"`, in source order.
    pub contracts: Vec<Contract>,
    /// `input format csv { … }` and `output format xml { … }`, in source order.
    pub formats: Vec<FormatDecl>,
    /// `use`, `let`, `fn` and `table` declarations, in source order.
    pub items: Vec<Item>,
    /// The mapping's body. A library file (used only through `use`) may
    /// have none.
    pub body: Option<Expr>,
    /// `test "name" { given … expect … }` blocks after the body. They never
    /// change what the mapping does; `ferry test` runs them.
    pub tests: Vec<TestBlock>,
    /// Span of the whole file.
    pub span: Span,
}

/// `test "name" { given <input> expect <output> }` or
/// `test "name" { given <input> expect error "CODE" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestBlock {
    /// The test's name.
    pub name: StrLit,
    /// The input record.
    pub given: TestData,
    /// What the mapping must produce.
    pub expect: Expectation,
    /// Span of the whole block.
    pub span: Span,
}

/// A test's data: written inline or read from a fixture file.
#[derive(Debug, Clone, PartialEq)]
pub enum TestData {
    /// A constant expression (JSON written in Ferry syntax).
    Inline(Expr),
    /// `file "cases/basic.in.json"`: a JSON file relative to the `.map` file.
    File(StrLit),
}

/// What a test expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// This output.
    Output(TestData),
    /// `error "CODE"`: the record fails with this code.
    Error(StrLit),
}

/// `mapping NAME version "X.Y.Z"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The mapping's name.
    pub name: Ident,
    /// The version string, when given.
    pub version: Option<StrLit>,
    /// Span of the whole header.
    pub span: Span,
}

/// `input schema "…"` or `output schema "…"`: a contract the mapping's
/// input or output must meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Which side of the mapping it constrains.
    pub side: ContractSide,
    /// The schema: a JSON Schema file, or `file#/json/pointer` for a
    /// component of a document (an OpenAPI schema), relative to the `.map` file.
    pub schema: StrLit,
    /// Span of the whole declaration.
    pub span: Span,
}

/// `input format NAME with { options }` or `output format NAME`:
/// the payload format a mapping reads or writes, so that a pipeline need
/// not repeat it on the command line (whose flags override it).
#[derive(Debug, Clone, PartialEq)]
pub struct FormatDecl {
    /// Which side of the mapping it describes.
    pub side: ContractSide,
    /// The format's name (`csv`, `xml`…), checked by the engine.
    pub name: Ident,
    /// The options: an object literal of constants, checked by the engine.
    pub options: Option<Expr>,
    /// Span of the whole declaration.
    pub span: Span,
}

/// The side of a mapping a [`Contract`] constrains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractSide {
    /// The records the mapping reads.
    Input,
    /// The values the mapping produces.
    Output,
}

impl ContractSide {
    /// `input` or `output`, as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ContractSide::Input => "input",
            ContractSide::Output => "output",
        }
    }
}

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal without interpolation (file paths, versions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrLit {
    /// The decoded value (escapes resolved).
    pub value: String,
    /// Span including the quotes.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `use "common.map"`: brings the functions and tables of another file.
    Use(UseDecl),
    /// `let name = expr`: a named value, evaluated at most once per record.
    Let(LetDecl),
    /// `fn name(a, b) = expr`: a user function.
    Fn(FnDecl),
    /// `table name = { … }` or `table name from "file.csv" key "col"`.
    Table(TableDecl),
}

/// `use "path"`.
#[derive(Debug, Clone, PartialEq)]
pub struct UseDecl {
    /// The path, relative to the file that contains the `use`.
    pub path: StrLit,
    /// Span of the whole declaration.
    pub span: Span,
}

/// `let name = value` (top level) or the binding part of a local `let`.
#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    /// The bound name.
    pub name: Ident,
    /// The bound expression.
    pub value: Expr,
    /// Span of the whole declaration.
    pub span: Span,
}

/// `fn name(params) = body`.
#[derive(Debug, Clone, PartialEq)]
pub struct FnDecl {
    /// The function's name.
    pub name: Ident,
    /// Parameter names, in order.
    pub params: Vec<Ident>,
    /// The function body.
    pub body: Expr,
    /// Span of the whole declaration.
    pub span: Span,
}

/// `table name = …`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDecl {
    /// The table's name.
    pub name: Ident,
    /// Where its rows come from.
    pub source: TableSource,
    /// Span of the whole declaration.
    pub span: Span,
}

/// The contents of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum TableSource {
    /// `table t = { "a": 1, … }`: an inline object, evaluated at compile time.
    Inline(Expr),
    /// `table t from "file.csv"` or `table t from "file.json" key "id"`:
    /// loaded at compile time, relative to the `.map` file.
    File {
        /// The file path as written.
        path: StrLit,
        /// `key "column"`: the column (CSV) or field (JSON array of
        /// objects) that keys the table; by default the first CSV column.
        key: Option<StrLit>,
    },
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression this is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

/// Every expression form of the language.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number literal, as written (`42`, `-3`, `0.10`, `1e3`). The engine
    /// decides its representation (integer, exact decimal, float).
    Number(String),
    /// A string literal; interpolation splits it into parts. A string
    /// without `${…}` has exactly one `Lit` part (or none when empty).
    Str(Vec<StrPart>),
    /// `[a, b, ...rest]`
    Array(Vec<ArrayItem>),
    /// `{ key: value, key?: value, [computed]: value, ...spread }`
    Object(Vec<ObjectEntry>),
    /// `$`, the input record.
    Root,
    /// `@`, the current node inside a JSONPath filter.
    Current,
    /// A variable, parameter, top-level `let`, or table name.
    Var(Ident),
    /// `base.segment[…]…`: a path applied to any expression (usually `$`,
    /// `@` or a variable). Segments follow RFC 9535, plus dynamic indexes.
    Path {
        /// What the path starts from.
        base: Box<Expr>,
        /// The segments, in order; never empty.
        segments: Vec<Segment>,
    },
    /// `name(args)`: a stdlib or user function call.
    Call {
        /// The function's name.
        name: Ident,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
    /// `x -> body` or `(a, b) -> body`; only valid as a call argument.
    Lambda {
        /// Parameter names.
        params: Vec<Ident>,
        /// The lambda body.
        body: Box<Expr>,
    },
    /// `value | name(args)`: calls `name(value, args…)`.
    Pipe {
        /// The value piped in (becomes the first argument).
        value: Box<Expr>,
        /// The function called.
        name: Ident,
        /// The remaining arguments (may be empty: `x | lower`).
        args: Vec<Expr>,
    },
    /// `-x`, `not x`
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a op b`
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Span of the operator token (for error labels).
        op_span: Span,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `if cond then a else b`
    If {
        /// The condition (must be a boolean at run time).
        cond: Box<Expr>,
        /// Value when the condition holds.
        then: Box<Expr>,
        /// Value otherwise.
        otherwise: Box<Expr>,
    },
    /// `match value { pattern if guard => body, … }`
    Match {
        /// The value matched against the arms.
        value: Box<Expr>,
        /// The arms, tried in order.
        arms: Vec<MatchArm>,
    },
    /// `[for k, v in source if cond for … => body]` or `[for … => ...xs]`
    ArrayFor {
        /// The `for` clauses, outermost first; never empty. A clause sees
        /// the variables of the clauses before it.
        clauses: Vec<ForClause>,
        /// The element produced for each kept combination (or, with
        /// `spread`, the array whose elements are spliced in).
        body: Box<Expr>,
        /// `=> ...body`: the body is an array whose elements are added.
        spread: bool,
    },
    /// `{for k, v in source if cond for … => [key]: value}`
    ObjectFor {
        /// The `for` clauses, outermost first; never empty.
        clauses: Vec<ForClause>,
        /// The key produced for each kept item (must be a string).
        key: Box<Expr>,
        /// The value produced for each kept item.
        value: Box<Expr>,
    },
    /// `let name = value; body`
    Let {
        /// The binding.
        binding: Box<LetDecl>,
        /// The expression in which the binding is visible.
        body: Box<Expr>,
    },
    /// `try body else fallback`
    Try {
        /// The guarded expression.
        body: Box<Expr>,
        /// Its value when `body` raises a run-time error.
        fallback: Box<Expr>,
    },
    /// `(expr)`: kept so the formatter can reproduce grouping.
    Paren(Box<Expr>),
    /// `skip`: no element here. Valid only where a comprehension produces
    /// an element or a member (directly, or as a branch of an `if`,
    /// `match` or local `let` there); checked by the parser (`E0109`).
    Skip,
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x` (or `!x` inside a JSONPath filter)
    Not,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
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
    /// `and` (or `&&` inside a JSONPath filter)
    And,
    /// `or` (or `||` inside a JSONPath filter)
    Or,
    /// `??`: the right side when the left is null or missing.
    Default,
    /// `in`: array membership, object key, or substring.
    In,
}

impl BinaryOp {
    /// The operator as written in Ferry source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Default => "??",
            BinaryOp::In => "in",
        }
    }
}

/// One part of a string literal.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal text, escapes already decoded.
    Lit(String),
    /// `${expr}`
    Interp(Expr),
}

/// One element of an array literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayItem {
    /// A single element.
    Item(Expr),
    /// `...expr`: the elements of an array.
    Spread(Expr),
}

/// One entry of an object literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectEntry {
    /// `key: value` or `key?: value`.
    Field {
        /// The key.
        key: ObjectKey,
        /// `key?:` omits the field when the value is null or missing.
        optional: bool,
        /// The value.
        value: Expr,
        /// Span of the whole entry.
        span: Span,
    },
    /// `...expr`: the fields of an object (later keys win).
    Spread(Expr),
}

/// The key of an object field.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    /// `name:` (an identifier) or `"name":` (a string without
    /// interpolation): known at compile time.
    Static {
        /// The key text.
        name: String,
        /// Where it was written.
        span: Span,
    },
    /// `[expr]:` or an interpolated string key: computed per record.
    Computed(Expr),
}

/// One `for a in source if cond` clause of a comprehension.
#[derive(Debug, Clone, PartialEq)]
pub struct ForClause {
    /// The loop variables and source.
    pub binding: ForBinding,
    /// Optional `if` filter.
    pub filter: Option<Box<Expr>>,
    /// Span from `for` to the end of the clause.
    pub span: Span,
}

/// `for a in source` or `for a, b in source`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForBinding {
    /// With one variable: the element (array) or the value (object). With
    /// two: the index (array) or key (object), then the element or value.
    pub vars: Vec<Ident>,
    /// The iterated expression.
    pub source: Box<Expr>,
}

/// `pattern if guard => body`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchArm {
    /// What the value is compared against.
    pub pattern: Pattern,
    /// Optional `if` guard.
    pub guard: Option<Expr>,
    /// The arm's value.
    pub body: Expr,
    /// Span of the whole arm.
    pub span: Span,
}

/// A pattern of a `match` arm.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// What kind of pattern.
    pub kind: PatternKind,
    /// Where it was written.
    pub span: Span,
}

/// Pattern forms.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// `_`: matches anything.
    Wildcard,
    /// `name`: matches anything and binds it (visible in guard and body).
    Bind(Ident),
    /// A literal (`"EXP"`, `42`, `true`, `null`); compared with `==`.
    Literal(Expr),
    /// `lo..hi` (`hi` excluded) or `lo..=hi`; either bound may be absent.
    Range {
        /// Lower bound (inclusive), a number or string literal.
        low: Option<Expr>,
        /// Upper bound.
        high: Option<Expr>,
        /// `..=`: the upper bound is included.
        inclusive: bool,
    },
    /// `/regex/flags`: matches strings the regex finds a match in;
    /// `/regex/ as m` also binds the match's groups.
    Regex {
        /// The regex source between the slashes (`\/` unescaped to `/`).
        source: String,
        /// Flags after the closing slash (`i`, `m`, `s`, `x`).
        flags: String,
        /// `as m`: the name bound to an object of the groups (`"0"` the
        /// whole match, `"1"`… the numbered groups, and named groups by
        /// name; a group that did not take part is null).
        captures: Option<Ident>,
    },
    /// `p | q | …`: matches when any alternative does.
    Or(Vec<Pattern>),
}

/// One segment of a path (RFC 9535 terms).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// `false` for a child segment (`.x`, `[…]`), `true` for a descendant
    /// segment (`..x`, `..[…]`, `..*`).
    pub descendant: bool,
    /// The selectors; `.name` and `.*` give exactly one.
    pub selectors: Vec<Selector>,
    /// Where it was written.
    pub span: Span,
}

/// A selector inside a segment.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// `.name`, `['name']`: an object member.
    Name(String),
    /// `*`: every child.
    Wildcard,
    /// `[3]`, `[-1]`: an array element.
    Index(i64),
    /// `[start:end:step]`, each part optional.
    Slice {
        /// Start index.
        start: Option<i64>,
        /// End index (excluded).
        end: Option<i64>,
        /// Step (default 1; 0 selects nothing).
        step: Option<i64>,
    },
    /// `[?filter]`: children for which the filter holds.
    Filter(Filter),
    /// Ferry extension: `[expr]` with any expression (a variable, a
    /// computed key): a member when it yields a string, an element when it
    /// yields an integer. Never produced by the strict RFC query parser.
    Dynamic(Expr),
}

/// A JSONPath filter expression (RFC 9535 §2.3.5), with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The filter's logical expression.
    pub kind: FilterKind,
    /// Where it was written.
    pub span: Span,
}

/// Logical filter forms.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterKind {
    /// `a || b`
    Or(Vec<Filter>),
    /// `a && b`
    And(Vec<Filter>),
    /// `!a`
    Not(Box<Filter>),
    /// `(a)`
    Paren(Box<Filter>),
    /// `@.a` or `$.a` as a test: true when it selects at least one node.
    Exists(Box<Expr>),
    /// A function call used as a test: `match(@.a, 'x')` (a LogicalType or
    /// NodesType function).
    Test(Comparable),
    /// `left op right` with `op` one of `== != < <= > >=`.
    Compare {
        /// The comparison.
        op: BinaryOp,
        /// Left side.
        left: Comparable,
        /// Right side.
        right: Comparable,
    },
}

/// A side of a filter comparison, or a function argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparable {
    /// What it is.
    pub kind: ComparableKind,
    /// Where it was written.
    pub span: Span,
}

/// Forms a filter comparison operand can take.
#[derive(Debug, Clone, PartialEq)]
pub enum ComparableKind {
    /// A JSON literal: `null`, `true`, `1.5`, `'text'`.
    Literal(Literal),
    /// A query rooted at `@` or `$`: an `Expr` whose kind is `Root`,
    /// `Current` or `Path` over one of those.
    Query(Box<Expr>),
    /// `length(…)`, `count(…)`, `match(…)`, `search(…)`, `value(…)`.
    Function {
        /// The function name.
        name: Ident,
        /// Its arguments (each a comparable or a logical expression).
        args: Vec<FilterArg>,
    },
    /// Ferry extension: a Ferry variable in scope, alone or followed by
    /// names and indexes (`c`, `c.id`, `c[0]`): an `Expr` whose kind is
    /// `Var` or a singular `Path` over one. Never produced by the strict
    /// RFC query parser.
    Var(Box<Expr>),
}

/// An argument of a filter function.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterArg {
    /// A literal, a query, or a nested function call.
    Value(Comparable),
    /// A logical expression (`match(@.a, 'x') && …`), only valid where a
    /// function declares a LogicalType parameter.
    Logical(Filter),
}

/// A JSON literal inside a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, escapes decoded.
    Str(String),
}
