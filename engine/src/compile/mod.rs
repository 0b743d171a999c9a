//! From AST to plan: name resolution, checks, constant folding.
//!
//! `compile` loads the mapping and every file it `use`s (cycles are an
//! error), declares functions, tables and top-level lets, and lowers each
//! expression into plan nodes. Errors are collected, not thrown, so one run
//! reports every problem it can find; warnings (`warn`) are collected beside
//! them.

mod contracts;
mod expr;
mod formats;
mod pattern;
mod scope;
mod table;
mod warn;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferry_dsl::ast::{self, Item, TableSource};
use ferry_dsl::{Diagnostic, Diagnostics, SourceFile, Span};

use crate::codes;
use crate::contract::Contracts;
use crate::keys::{Keys, PreparedKey};
use crate::plan::{Function, Global, Node, NodeKind, Plan};
use crate::source_map::SourceMap;

pub use formats::Formats;
pub use scope::{Binding, suggest};
use scope::{Frame, ModuleScope};
use warn::Declared;

/// Files a chain of `use` may nest (`E0511`): deep enough for any layout
/// of libraries, shallow enough that a generated chain cannot exhaust the
/// compiler's stack.
pub const MAX_IMPORT_DEPTH: usize = 32;

/// The result of compiling a mapping.
pub struct Compiled {
    /// The plan.
    pub plan: Plan,
    /// All files involved, for error locations.
    pub sources: SourceMap,
    /// Warnings (compilation succeeded).
    pub warnings: Diagnostics,
    /// `mapping NAME version "X"` of the main file.
    pub header: Option<(String, Option<String>)>,
    /// The main file's input and output schemas, loaded and compiled.
    pub contracts: Contracts,
    /// The main file's declared input and output formats.
    pub formats: Formats,
}

/// Compiles a mapping's text. `path` (when the text came from a file)
/// anchors `use` and table paths; otherwise they are relative to `dir`.
pub fn compile(
    name: &str,
    text: &str,
    path: Option<&Path>,
    dir: &Path,
) -> Result<Compiled, Diagnostics> {
    compile_with(name, text, path, dir, &SchemaOverrides::default())
}

/// Schemas to use instead of those a mapping declares: `ferry check
/// --input-schema NEW.json` re-checks a mapping against a partner's next
/// version. References are relative to the current directory.
#[derive(Debug, Clone, Default)]
pub struct SchemaOverrides {
    /// Instead of the `input schema`.
    pub input: Option<String>,
    /// Instead of the `output schema`.
    pub output: Option<String>,
}

/// [`compile`], with the contracts replaced as `overrides` says.
pub fn compile_with(
    name: &str,
    text: &str,
    path: Option<&Path>,
    dir: &Path,
    overrides: &SchemaOverrides,
) -> Result<Compiled, Diagnostics> {
    let c = Compiler {
        overrides: overrides.clone(),
        ..Compiler::default()
    };
    compile_in(c, name, text, path, dir)
}

/// [`compile_with`], with the secret keys the mapping names taken from
/// `keys` rather than from the `FERRY_KEY_*` environment variables.
pub fn compile_with_keys(
    name: &str,
    text: &str,
    path: Option<&Path>,
    dir: &Path,
    overrides: &SchemaOverrides,
    keys: &Keys,
) -> Result<Compiled, Diagnostics> {
    let c = Compiler {
        overrides: overrides.clone(),
        keys: KeySource::Given(keys.clone()),
        ..Compiler::default()
    };
    compile_in(c, name, text, path, dir)
}

fn compile_in(
    mut c: Compiler,
    name: &str,
    text: &str,
    path: Option<&Path>,
    dir: &Path,
) -> Result<Compiled, Diagnostics> {
    let canonical = path.and_then(|p| p.canonicalize().ok());
    if let Some(p) = &canonical {
        c.loading.push(p.clone());
    }
    let main_dir = path
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.to_path_buf());
    let loaded = c.load(name, text, &main_dir, true);
    let header = loaded.as_ref().and_then(|m| m.header.clone());
    let body = loaded.and_then(|m| m.body);
    c.check_let_cycles();
    if c.diags.has_errors() {
        let warnings = c.take_warnings();
        c.diags.0.extend(warnings);
        return Err(c.diags);
    }
    c.check_unused();
    let Some((body, body_slots)) = body else {
        let source = c.sources.main().cloned();
        let mut d = Diagnostic::error(
            codes::MISSING_BODY,
            "the mapping has no body expression",
            Span::new(0, 0),
        )
        .with_help("write the output as an expression after the declarations, e.g. `{ id: $.id }`");
        if let Some(s) = &source {
            let end = s.text.len();
            d.span = Span::new(end, end);
            if let Some(minus) = continued_by_minus(&s.text) {
                d.span = minus;
                d = d
                    .with_label("this line continues the last declaration")
                    .with_help(
                        "a line starting with `-` continues the expression above it: \
                         if it is the body, end the declaration with `;`",
                    );
            }
            d = d.with_source(s);
        }
        return Err(d.into());
    };
    let mut warnings = c.take_warnings();
    // Nothing else produces warnings today; keep any that appear.
    warnings
        .0
        .extend(c.diags.into_iter().filter(|d| !d.is_error()));
    Ok(Compiled {
        plan: Plan {
            body,
            body_slots,
            functions: c.functions,
            globals: c.globals,
            path_exprs: c.path_exprs,
        },
        sources: c.sources,
        warnings,
        header,
        contracts: c.contracts,
        formats: c.formats,
    })
}

/// What a file gives to the files that `use` it.
#[derive(Clone, Default)]
struct Exports {
    names: Vec<(String, Binding)>,
}

/// A loaded file.
struct Loaded {
    exports: Exports,
    header: Option<(String, Option<String>)>,
    body: Option<(Node, u32)>,
}

#[derive(Default)]
struct Compiler {
    sources: SourceMap,
    functions: Vec<Function>,
    globals: Vec<Global>,
    path_exprs: Vec<Node>,
    diags: Diagnostics,
    /// Files being loaded, outermost first (for cycle detection).
    loading: Vec<PathBuf>,
    /// Files already loaded, by canonical path.
    loaded: HashMap<PathBuf, Exports>,
    /// Globals and functions the expression being lowered refers to.
    refs: Vec<Ref>,
    /// What each top-level `let` refers to, with where it is declared.
    let_refs: Vec<(u32, Vec<Ref>, Arc<SourceFile>, Span)>,
    /// What each function's body refers to, by function index.
    function_refs: HashMap<u32, Vec<Ref>>,
    /// Warnings, each with its offset in the global span space (files in
    /// load order, then source order), for sorting.
    warnings: Vec<(u32, Diagnostic)>,
    /// Declarations that warrant a warning when nothing refers to them.
    checked_declarations: Vec<Declaration>,
    /// The main file's contracts.
    contracts: Contracts,
    /// The main file's declared formats.
    formats: Formats,
    /// Schemas replacing the declared ones.
    overrides: SchemaOverrides,
    /// Where the secret keys the mapping names come from.
    keys: KeySource,
}

/// Where the secret keys a mapping names come from.
#[derive(Default)]
enum KeySource {
    /// The `FERRY_KEY_*` environment variables, read when a mapping first
    /// names a key.
    #[default]
    Environment,
    /// The environment's keys, read.
    Read(Keys),
    /// The keys the caller passed.
    Given(Keys),
}

impl KeySource {
    /// The key `name`, prepared; `None` when it is missing.
    fn prepare(&mut self, name: &str) -> Option<PreparedKey> {
        if let KeySource::Environment = self {
            *self = KeySource::Read(Keys::from_env());
        }
        match self {
            KeySource::Read(keys) | KeySource::Given(keys) => keys.prepare(name),
            KeySource::Environment => None,
        }
    }

    /// True when the keys come from the environment.
    fn is_environment(&self) -> bool {
        !matches!(self, KeySource::Given(_))
    }

    /// The names of the keys there are (canonical form).
    fn names(&self) -> Vec<String> {
        match self {
            KeySource::Read(keys) | KeySource::Given(keys) => {
                keys.names().map(str::to_owned).collect()
            }
            KeySource::Environment => Vec::new(),
        }
    }
}

/// A declaration checked for use (`W0201`–`W0203`).
struct Declaration {
    kind: Declared,
    reference: Ref,
    name: ast::Ident,
    /// Declared in a file without a body.
    library: bool,
    source: Arc<SourceFile>,
    base: u32,
}

/// What a loaded file is to this compilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The mapping being compiled.
    Main,
    /// A `use`d file without a body: its functions and tables are exports.
    Library,
    /// A `use`d file with a body of its own, which is not compiled here;
    /// its declarations are checked when it is compiled as a mapping.
    UsedMapping,
}

/// A reference from one declaration to another, for cycle detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Ref {
    /// A top-level `let` (or table), by global index.
    Global(u32),
    /// A user function, by index.
    Function(u32),
}

/// The per-file context of expression compilation.
struct FileCx {
    source: Arc<SourceFile>,
    /// Offset of this file in the global span space.
    base: u32,
    dir: PathBuf,
    scope: ModuleScope,
    /// The file's own top-level names (not imported ones): kind and span.
    declared: HashMap<String, (Declared, Span)>,
}

impl FileCx {
    fn span(&self, local: Span) -> Span {
        Span {
            start: local.start + self.base,
            end: local.end + self.base,
        }
    }
}

impl Compiler {
    /// A top-level `let` whose value needs itself, directly or through
    /// other lets and functions, can never be computed: report it now
    /// rather than on every record.
    fn check_let_cycles(&mut self) {
        let lets: HashMap<u32, &Vec<Ref>> =
            self.let_refs.iter().map(|(i, r, _, _)| (*i, r)).collect();
        let mut reported: Vec<u32> = Vec::new();
        let mut found = Vec::new();
        for (index, refs, source, span) in &self.let_refs {
            if reported.contains(index) {
                continue;
            }
            let mut seen: Vec<Ref> = Vec::new();
            let mut stack: Vec<Ref> = refs.clone();
            let mut cyclic = false;
            while let Some(r) = stack.pop() {
                if r == Ref::Global(*index) {
                    cyclic = true;
                    break;
                }
                if seen.contains(&r) {
                    continue;
                }
                seen.push(r);
                let next = match r {
                    Ref::Global(g) => lets.get(&g).copied(),
                    Ref::Function(f) => self.function_refs.get(&f),
                };
                stack.extend(next.into_iter().flatten().copied());
            }
            if cyclic {
                // Every let on the cycle would report the same problem.
                reported.extend(seen.iter().filter_map(|r| {
                    if let Ref::Global(g) = r {
                        Some(*g)
                    } else {
                        None
                    }
                }));
                let name = &self.globals[*index as usize].name;
                let d = Diagnostic::error(
                    codes::LET_CYCLE,
                    format!("`{name}` depends on its own value"),
                    *span,
                )
                .with_label("defined in terms of itself")
                .with_help(
                    "a `let` can use other lets and functions, but not, through them, itself",
                )
                .with_source(source);
                found.push(d);
            }
        }
        for d in found {
            self.diags.push(d);
        }
    }

    fn error(&mut self, file: &FileCx, d: Diagnostic) {
        self.diags.push(d.with_source(&file.source));
    }

    fn warn(&mut self, file: &FileCx, d: Diagnostic) {
        let at = file.base + d.span.start;
        self.warnings.push((at, d.with_source(&file.source)));
    }

    /// The warnings so far, in file and source order.
    fn take_warnings(&mut self) -> Diagnostics {
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.sort_by_key(|(at, _)| *at);
        Diagnostics(warnings.into_iter().map(|(_, d)| d).collect())
    }

    /// `W0201`–`W0203`: declarations that no other expression refers to.
    fn check_unused(&mut self) {
        let mut used: HashSet<Ref> = self.refs.iter().copied().collect();
        for (index, refs, _, _) in &self.let_refs {
            let own = Ref::Global(*index);
            used.extend(refs.iter().filter(|r| **r != own));
        }
        for (index, refs) in &self.function_refs {
            let own = Ref::Function(*index);
            used.extend(refs.iter().filter(|r| **r != own));
        }
        for decl in std::mem::take(&mut self.checked_declarations) {
            if !used.contains(&decl.reference) {
                let d = warn::unused(decl.kind, &decl.name, decl.library).with_source(&decl.source);
                self.warnings.push((decl.base + decl.name.span.start, d));
            }
        }
    }

    fn load(&mut self, name: &str, text: &str, dir: &Path, is_main: bool) -> Option<Loaded> {
        let source = SourceFile::new(name, text);
        let base = self.sources.add(Arc::clone(&source));
        let module = match ferry_dsl::parse(text) {
            Ok(m) => m,
            Err(d) => {
                for diag in d.with_source(&source) {
                    self.diags.push(diag);
                }
                return None;
            }
        };
        let mut file = FileCx {
            source,
            base,
            dir: dir.to_path_buf(),
            scope: ModuleScope::default(),
            declared: HashMap::new(),
        };
        let role = match (is_main, &module.body) {
            (true, _) => Role::Main,
            (false, None) => Role::Library,
            (false, Some(_)) => Role::UsedMapping,
        };
        let mut exports = Exports::default();
        if role == Role::Main {
            self.load_contracts(&file, &module.contracts);
            self.load_formats(&file, &module.formats);
        }

        for item in &module.items {
            if let Item::Use(u) = item {
                self.import(&mut file, u);
            }
        }
        self.declare(&mut file, &module.items, &mut exports, role);
        self.compile_items(&file, &module.items);

        let body = match &module.body {
            Some(expr) if is_main => {
                let mut frame = Frame::default();
                let node = expr::lower(self, &file, &mut frame, expr);
                Some((node, frame.max_slots))
            }
            _ => None,
        };
        let header = module.header.as_ref().map(|h| {
            (
                h.name.name.clone(),
                h.version.as_ref().map(|v| v.value.clone()),
            )
        });
        Some(Loaded {
            exports,
            header,
            body,
        })
    }

    fn import(&mut self, file: &mut FileCx, u: &ast::UseDecl) {
        let target = file.dir.join(&u.path.value);
        let canonical = match target.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                let d = Diagnostic::error(
                    codes::UNREADABLE_IMPORT,
                    format!("cannot read `{}`: {e}", u.path.value),
                    u.path.span,
                )
                .with_label("imported here");
                self.error(file, d);
                return;
            }
        };
        let exports = if let Some(pos) = self.loading.iter().position(|p| *p == canonical) {
            let chain: Vec<String> = self.loading[pos..]
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| {
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                })
                .collect();
            let d = Diagnostic::error(
                codes::IMPORT_CYCLE,
                format!("import cycle: {}", chain.join(" → ")),
                u.span,
            )
            .with_label("this `use` closes the cycle")
            .with_help("move what both files need into a third file that neither imports");
            self.error(file, d);
            return;
        } else if let Some(exports) = self.loaded.get(&canonical) {
            exports.clone()
        } else {
            let text = match std::fs::read_to_string(&canonical) {
                Ok(t) => t,
                Err(e) => {
                    let d = Diagnostic::error(
                        codes::UNREADABLE_IMPORT,
                        format!("cannot read `{}`: {e}", u.path.value),
                        u.path.span,
                    );
                    self.error(file, d);
                    return;
                }
            };
            if self.loading.len() >= MAX_IMPORT_DEPTH {
                let d = Diagnostic::error(
                    codes::IMPORT_TOO_DEEP,
                    format!(
                        "imports nest more than {MAX_IMPORT_DEPTH} files deep at `{}`",
                        u.path.value
                    ),
                    u.span,
                )
                .with_help("let the top file `use` the libraries it needs directly");
                self.error(file, d);
                return;
            }
            self.loading.push(canonical.clone());
            let dir = canonical
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let name = relative_name(&file.source.name, &u.path.value);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let loaded = self.load(&name, text, &dir, false);
            self.loading.pop();
            let exports = loaded.map(|l| l.exports).unwrap_or_default();
            self.loaded.insert(canonical, exports.clone());
            exports
        };
        for (name, binding) in exports.names {
            if file
                .scope
                .declare(&name, binding)
                .is_some_and(|b| b != binding)
            {
                let d = Diagnostic::error(
                    codes::DUPLICATE_NAME,
                    format!("`{name}` is imported twice with different meanings"),
                    u.span,
                );
                self.error(file, d);
            }
        }
    }

    fn declare(&mut self, file: &mut FileCx, items: &[Item], exports: &mut Exports, role: Role) {
        for item in items {
            let (ident, binding, kind) = match item {
                Item::Use(_) => continue,
                Item::Fn(f) => {
                    let index = self.functions.len() as u32;
                    let arity = f.params.len() as u32;
                    self.functions.push(Function {
                        name: f.name.name.clone(),
                        arity,
                        slots: arity,
                        body: None,
                    });
                    (
                        &f.name,
                        Binding::Function { index, arity },
                        Declared::Function,
                    )
                }
                Item::Table(t) => {
                    let index = self.globals.len() as u32;
                    let value = self.table_value(file, t);
                    let node = Node::new(NodeKind::Const(value), file.span(t.span));
                    self.globals.push(Global {
                        name: t.name.name.clone(),
                        slots: 0,
                        value: Some(node),
                    });
                    (&t.name, Binding::Global(index), Declared::Table)
                }
                Item::Let(l) => {
                    let index = self.globals.len() as u32;
                    self.globals.push(Global {
                        name: l.name.name.clone(),
                        slots: 0,
                        value: None,
                    });
                    (&l.name, Binding::Global(index), Declared::Let)
                }
            };
            if file.scope.declare(&ident.name, binding).is_some() {
                let d = Diagnostic::error(
                    codes::DUPLICATE_NAME,
                    format!("`{}` is declared twice", ident.name),
                    ident.span,
                )
                .with_label("declared again here")
                .with_help("rename one of them");
                self.error(file, d);
                continue;
            }
            file.declared.insert(ident.name.clone(), (kind, ident.span));
            if kind != Declared::Let {
                exports.names.push((ident.name.clone(), binding));
            }
            let checked = match role {
                Role::Main => true,
                Role::Library => kind == Declared::Let,
                Role::UsedMapping => false,
            };
            if checked && !warn::silenced(&ident.name) {
                self.checked_declarations.push(Declaration {
                    kind,
                    reference: match binding {
                        Binding::Function { index, .. } => Ref::Function(index),
                        Binding::Global(index) | Binding::Local(index) => Ref::Global(index),
                    },
                    name: ident.clone(),
                    library: role == Role::Library,
                    source: Arc::clone(&file.source),
                    base: file.base,
                });
            }
        }
    }

    fn table_value(&mut self, file: &FileCx, t: &ast::TableDecl) -> serde_json::Value {
        match &t.source {
            TableSource::Inline(expr) => {
                let mut frame = Frame::default();
                let node = expr::lower(self, file, &mut frame, expr);
                match node.kind {
                    NodeKind::Const(v @ serde_json::Value::Object(_)) => v,
                    _ => {
                        let d = Diagnostic::error(codes::TABLE_NOT_CONSTANT, format!("table `{}` must be a constant object", t.name.name), expr.span)
                            .with_label("not a constant object")
                            .with_help("a table holds literal keys and values; compute per-record values with `let`");
                        self.error(file, d);
                        serde_json::Value::Null
                    }
                }
            }
            TableSource::File { path, key } => {
                let full = file.dir.join(&path.value);
                match table::load(&full, key.as_ref().map(|k| k.value.as_str())) {
                    Ok(v) => v,
                    Err(table::TableError { code, message }) => {
                        let d = Diagnostic::error(
                            code,
                            format!("table `{}`: {message}", t.name.name),
                            path.span,
                        )
                        .with_label("loaded from here");
                        self.error(file, d);
                        serde_json::Value::Null
                    }
                }
            }
        }
    }

    fn compile_items(&mut self, file: &FileCx, items: &[Item]) {
        for item in items {
            match item {
                Item::Fn(f) => {
                    let Some(Binding::Function { index, .. }) = file.scope.get(&f.name.name) else {
                        continue;
                    };
                    for (i, p) in f.params.iter().enumerate() {
                        if f.params[..i].iter().any(|q| q.name == p.name) {
                            let d = Diagnostic::error(
                                codes::DUPLICATE_NAME,
                                format!("parameter `{}` is declared twice", p.name),
                                p.span,
                            );
                            self.error(file, d);
                        } else if let Some(w) = warn::shadowing(file, &Frame::default(), p) {
                            self.warn(file, w);
                        }
                    }
                    let mut frame = Frame::with_params(&f.params);
                    let outer = std::mem::take(&mut self.refs);
                    let body = expr::lower(self, file, &mut frame, &f.body);
                    let refs = std::mem::replace(&mut self.refs, outer);
                    self.function_refs.insert(index, refs);
                    let function = &mut self.functions[index as usize];
                    if function.body.is_none() {
                        function.body = Some(body);
                        function.slots = frame.max_slots;
                    }
                }
                Item::Let(l) => {
                    let Some(Binding::Global(index)) = file.scope.get(&l.name.name) else {
                        continue;
                    };
                    let mut frame = Frame::default();
                    let outer = std::mem::take(&mut self.refs);
                    let value = expr::lower(self, file, &mut frame, &l.value);
                    let refs = std::mem::replace(&mut self.refs, outer);
                    self.let_refs
                        .push((index, refs, Arc::clone(&file.source), l.name.span));
                    let global = &mut self.globals[index as usize];
                    if global.value.is_none() {
                        global.value = Some(value);
                        global.slots = frame.max_slots;
                    }
                }
                Item::Use(_) | Item::Table(_) => {}
            }
        }
    }
}

/// The display name of an imported file: its path as written, relative to
/// the importing file's directory.
fn relative_name(importer: &str, path: &str) -> String {
    match Path::new(importer).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path).display().to_string(),
        _ => path.to_owned(),
    }
}

/// The `-` starting a line inside the last declaration's value, when the
/// mapping has no body: the author most likely meant that line as the body
/// (`let a = x` then `-a` reads as `x - a`).
fn continued_by_minus(text: &str) -> Option<Span> {
    let module = ferry_dsl::parse(text).ok()?;
    let value = match module.items.last()? {
        ferry_dsl::ast::Item::Let(d) => &d.value,
        ferry_dsl::ast::Item::Fn(d) => &d.body,
        _ => return None,
    };
    let mut e = value;
    // The operator chain the `-` would be in: down the left operands.
    loop {
        match &e.kind {
            ferry_dsl::ast::ExprKind::Binary {
                op, op_span, left, ..
            } => {
                let start = op_span.start as usize;
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                if *op == ferry_dsl::ast::BinaryOp::Sub && text[line_start..start].trim().is_empty()
                {
                    return Some(*op_span);
                }
                e = left;
            }
            ferry_dsl::ast::ExprKind::Pipe { value, .. } => e = value,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Arg;

    fn plan(src: &str) -> Plan {
        match compile("<test>", src, None, Path::new(".")) {
            Ok(c) => c.plan,
            Err(d) => panic!("{d}"),
        }
    }

    #[test]
    fn constant_sub_expressions_are_folded() {
        let p = plan("{ a: round(0.125, 2) + 1, b: [1, \"x\", upper(\"y\")], c: \"n=${2 * 3}\" }");
        match &p.body.kind {
            NodeKind::Const(v) => {
                assert_eq!(v.to_string(), r#"{"a":1.13,"b":[1,"x","Y"],"c":"n=6"}"#)
            }
            other => panic!("not folded: {other:?}"),
        }
    }

    #[test]
    fn per_record_parts_are_not_folded() {
        let p = plan("{ a: $.x + 1, b: 2 }");
        assert!(matches!(p.body.kind, NodeKind::Object(_)));
    }

    #[test]
    fn constant_conditions_pick_their_branch() {
        assert!(matches!(
            plan("if 1 < 2 then $.a else $.b").body.kind,
            NodeKind::Path { .. }
        ));
    }

    #[test]
    fn constant_regex_arguments_are_compiled_once() {
        let p = plan("matches($.s, \"^a+$\")");
        let NodeKind::Native(call) = &p.body.kind else {
            panic!("{:?}", p.body.kind)
        };
        assert!(call.regexes[1].is_some());
        assert!(matches!(call.args[0], Arg::Value(_)));
    }

    #[test]
    fn locals_get_slots_and_frames_are_sized() {
        let p = plan(
            "fn f(a, b) = let c = a + b; [for x in [c] => x]\n{ r: f(1, 2), s: [for i, y in $.ys => y] }",
        );
        assert_eq!(p.functions[0].arity, 2);
        assert_eq!(p.functions[0].slots, 4, "a, b, c, x");
        assert_eq!(p.body_slots, 2, "i, y");
    }

    #[test]
    fn a_mapping_needs_a_body() {
        let err = compile("<test>", "fn f(x) = x", None, Path::new("."))
            .err()
            .unwrap();
        assert_eq!(err.iter().next().unwrap().code, codes::MISSING_BODY);
    }

    #[test]
    fn a_let_that_depends_on_itself_is_a_compile_error() {
        let err = compile(
            "<test>",
            "let a = b + 1\nlet b = f(a)\nfn f(x) = x\na",
            None,
            Path::new("."),
        )
        .err()
        .unwrap();
        let codes: Vec<&str> = err.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::LET_CYCLE], "one report per cycle");
        let err = compile("<test>", "fn g() = c\nlet c = g()\nc", None, Path::new("."))
            .err()
            .unwrap();
        assert_eq!(err.iter().next().unwrap().code, codes::LET_CYCLE);
        assert!(
            compile(
                "<test>",
                "let a = 1\nlet b = a + a\nfn f(x) = if x > 0 then f(x - 1) else b\nf(3)",
                None,
                Path::new(".")
            )
            .is_ok()
        );
    }
}
