//! The public face of the engine: compile a mapping once, apply it to
//! many records, from as many threads as you like.

mod masking;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferry_dsl::{Diagnostic, Diagnostics, Span};

use crate::codes;
use crate::compile::{self, Compiled};
use crate::contract::check::Analysis;
use crate::contract::schema::Rest;
use crate::contract::{Contracts, Schema, Validate};
use crate::doc;
use crate::error::{Raise, RunError, pointer_to};
use crate::exec::coverage::Hits;
use crate::exec::{self, Bounds, Interrupt, Limits};
use crate::keys::Keys;
use crate::plan::Plan;
use crate::source_map::SourceMap;
use crate::value::Val;

/// A compiled mapping.
///
/// Compile once with [`Mapping::compile_file`] or [`Mapping::compile_str`],
/// then [`apply`](Mapping::apply) it to each record. A `Mapping` is
/// immutable, `Send + Sync` and cheap to share (wrap it in an `Arc`); it
/// holds no global state and does no I/O while it runs.
///
/// ```
/// use ferry_engine::Mapping;
///
/// let mapping = Mapping::compile_str(r#"
///     table shipping = { "EXP": "express", "STD": "standard" }
///     {
///       id: $.orderId,
///       email: lower($.customer.email),
///       shipping: shipping[$.shipping.method] ?? "unknown",
///       total: sum([for l in $.lines => l.qty * l.price]),
///     }
/// "#).unwrap();
///
/// // Parsed from text, numbers keep their digits (`0.10`, not 0.1).
/// let order: serde_json::Value = serde_json::from_str(r#"{
///     "orderId": "A-1",
///     "customer": { "email": "Zoe@Example.ORG" },
///     "shipping": { "method": "EXP" },
///     "lines": [ { "qty": 2, "price": 0.10 }, { "qty": 1, "price": 0.20 } ]
/// }"#).unwrap();
/// let out = mapping.apply(&order).unwrap();
///
/// assert_eq!(out["email"], "zoe@example.org");
/// assert_eq!(out["shipping"], "express");
/// // Exact decimal arithmetic, scale kept: 2 × 0.10 + 0.20.
/// assert_eq!(out["total"].to_string(), "0.40");
/// ```
#[derive(Debug)]
pub struct Mapping {
    plan: Plan,
    sources: SourceMap,
    warnings: Diagnostics,
    name: Option<String>,
    version: Option<String>,
    limits: Limits,
    /// Stops records in progress when triggered.
    interrupt: Option<Interrupt>,
    /// The largest input record (batch path), `E0508`.
    max_record_bytes: u64,
    /// The longest string in an input record (batch path), `E0509`.
    max_string_bytes: u64,
    /// Levels of nesting an input record may have (batch path).
    max_input_depth: u32,
    contracts: Contracts,
    formats: compile::Formats,
    validate: Validate,
    /// What of the output contract each output is checked against, as the
    /// compile-time proof leaves it: `[without, with]` input validation.
    output_steps: [OutputStep; 2],
}

/// What of the output contract is checked per output.
#[derive(Debug, Clone)]
enum OutputStep {
    /// Nothing: every output is proven valid.
    Proven,
    /// The part of the schema the proof leaves.
    Rest(Arc<Rest>),
    /// The whole schema.
    Whole,
}

impl Mapping {
    /// Compiles a `.map` file. `use` and table paths are relative to it.
    pub fn compile_file(path: impl AsRef<Path>) -> Result<Mapping, Diagnostics> {
        Self::compile_file_with(path, &compile::SchemaOverrides::default())
    }

    /// A mapping that passes each record through unchanged after
    /// validating it against `schema`: what `ferry validate` runs, with
    /// the batch path's parallelism, streaming and accounting.
    pub fn validating(schema: Arc<Schema>) -> Mapping {
        let mut mapping = Mapping::compile_named("<validate>", "$", ".")
            // `$` compiles: it is the smallest mapping there is.
            .unwrap_or_else(|_| unreachable!("`$` is a valid mapping"));
        mapping.contracts.input = Some(schema);
        mapping.validate = Validate::Input;
        mapping
    }

    /// Compiles a `.map` file like [`Mapping::compile_file`], with the
    /// schemas `overrides` names instead of those the mapping declares: to
    /// re-check a mapping against a new version of a partner's schema.
    pub fn compile_file_with(
        path: impl AsRef<Path>,
        overrides: &compile::SchemaOverrides,
    ) -> Result<Mapping, Diagnostics> {
        Self::compile_path(path.as_ref(), overrides, None)
    }

    /// Compiles a `.map` file like [`Mapping::compile_file`], with the
    /// secret keys the mapping names (`hmac_sha256("partner", …)`) taken
    /// from `keys` instead of the `FERRY_KEY_*` environment variables: how
    /// a service hands over the secrets it holds. A key the mapping names
    /// and `keys` lacks is `E0213`. See [`crate::keys`].
    pub fn compile_file_with_keys(
        path: impl AsRef<Path>,
        keys: &Keys,
    ) -> Result<Mapping, Diagnostics> {
        Self::compile_path(
            path.as_ref(),
            &compile::SchemaOverrides::default(),
            Some(keys),
        )
    }

    fn compile_path(
        path: &Path,
        overrides: &compile::SchemaOverrides,
        keys: Option<&Keys>,
    ) -> Result<Mapping, Diagnostics> {
        let text = read_mapping(path)?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = path.display().to_string();
        Self::from_compiled(match keys {
            None => compile::compile_with(&name, &text, Some(path), &dir, overrides)?,
            Some(keys) => {
                compile::compile_with_keys(&name, &text, Some(path), &dir, overrides, keys)?
            }
        })
    }

    /// Compiles mapping text; `use` and table paths are relative to the
    /// current directory.
    pub fn compile_str(text: &str) -> Result<Mapping, Diagnostics> {
        Self::compile_named("<inline>", text, Path::new("."))
    }

    /// Compiles mapping text under a display name, with `use` and table
    /// paths relative to `dir`.
    pub fn compile_named(
        name: &str,
        text: &str,
        dir: impl AsRef<Path>,
    ) -> Result<Mapping, Diagnostics> {
        let dir: PathBuf = dir.as_ref().to_path_buf();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self::from_compiled(compile::compile(name, text, None, &dir)?)
    }

    /// Compiles mapping text like [`Mapping::compile_named`], with the
    /// secret keys taken from `keys` (see
    /// [`compile_file_with_keys`](Mapping::compile_file_with_keys)).
    pub fn compile_named_with_keys(
        name: &str,
        text: &str,
        dir: impl AsRef<Path>,
        keys: &Keys,
    ) -> Result<Mapping, Diagnostics> {
        let dir: PathBuf = dir.as_ref().to_path_buf();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let overrides = compile::SchemaOverrides::default();
        Self::from_compiled(compile::compile_with_keys(
            name, text, None, &dir, &overrides, keys,
        )?)
    }

    /// Compiles mapping text like [`Mapping::compile_named`] but leaves
    /// the plan as the compiler produced it, without the optimizer's
    /// rewrites: for checking that optimizing changes no result.
    pub fn compile_unoptimized(
        name: &str,
        text: &str,
        dir: impl AsRef<Path>,
    ) -> Result<Mapping, Diagnostics> {
        let dir: PathBuf = dir.as_ref().to_path_buf();
        let compiled = compile::compile(name, text, None, &dir)?;
        Self::build(compiled, false)
    }

    fn from_compiled(compiled: Compiled) -> Result<Mapping, Diagnostics> {
        Self::build(compiled, true)
    }

    fn build(mut compiled: Compiled, optimize: bool) -> Result<Mapping, Diagnostics> {
        // Checked before optimizing: the plan is still shaped like the source.
        let analysis = Analysis::of(&compiled.plan, &compiled.contracts);
        let checked = analysis.diagnostics(&compiled.sources);
        compiled.warnings.0.retain(|w| {
            w.code != codes::MATCH_WITHOUT_DEFAULT
                || !checked.enum_matches.iter().any(|(file, span)| {
                    w.span.start == span.start && w.source.as_ref().is_some_and(|s| &s.name == file)
                })
        });
        let found = checked.diagnostics;
        let output_steps = [false, true].map(|with_input| {
            match (analysis.output_rest(with_input), &compiled.contracts.output) {
                (None, _) | (_, None) => OutputStep::Proven,
                // A rest that still holds references is checked whole.
                (Some(rest), Some(schema)) => schema
                    .compile_rest(&rest)
                    .map_or(OutputStep::Whole, |r| OutputStep::Rest(Arc::new(r))),
            }
        });
        if found.iter().any(|d| d.is_error()) {
            let mut all = compiled.warnings;
            all.0.extend(found);
            return Err(all);
        }
        compiled.warnings.0.extend(found);
        if optimize {
            crate::optimize::optimize(&mut compiled.plan);
        }
        let (name, version) = compiled.header.map_or((None, None), |(n, v)| (Some(n), v));
        Ok(Mapping {
            plan: compiled.plan,
            sources: compiled.sources,
            warnings: compiled.warnings,
            name,
            version,
            limits: Limits::default(),
            interrupt: None,
            max_record_bytes: crate::batch::DEFAULT_MAX_RECORD_BYTES,
            max_string_bytes: crate::batch::DEFAULT_MAX_STRING_BYTES,
            max_input_depth: doc::DEFAULT_MAX_DEPTH,
            contracts: compiled.contracts,
            formats: compiled.formats,
            validate: Validate::default(),
            output_steps,
        })
    }

    /// Sets how many levels of arrays and objects an input record may nest
    /// on the batch path ([`crate::batch`]), 128 by default, at most
    /// [`doc::MAX_DEPTH_LIMIT`]: a deeper record fails with `E0406`,
    /// naming its depth and the limit. (A `serde_json::Value` given to
    /// [`apply`](Mapping::apply) was parsed, and limited, by its caller.)
    ///
    /// ```
    /// let mapping = ferry_engine::Mapping::compile_str("$").unwrap().with_max_input_depth(512);
    /// assert_eq!(mapping.max_input_depth(), 512);
    /// ```
    pub fn with_max_input_depth(mut self, levels: u32) -> Mapping {
        self.max_input_depth = levels.min(doc::MAX_DEPTH_LIMIT);
        self
    }

    /// The nesting an input record may have on the batch path.
    pub fn max_input_depth(&self) -> u32 {
        self.max_input_depth
    }

    /// Sets the largest input record the batch path reads (default 256
    /// MiB): a larger record fails with `E0508`, and one whose end is not
    /// in sight within the limit stops the run with it.
    pub fn with_max_record_bytes(mut self, bytes: u64) -> Mapping {
        self.max_record_bytes = bytes;
        self
    }

    /// The largest input record the batch path reads.
    pub fn max_record_bytes(&self) -> u64 {
        self.max_record_bytes
    }

    /// Sets the longest string an input record may hold on the batch path
    /// (default 64 MiB); a longer one fails the record with `E0509`.
    pub fn with_max_string_bytes(mut self, bytes: u64) -> Mapping {
        self.max_string_bytes = bytes;
        self
    }

    /// The longest string an input record may hold.
    pub fn max_string_bytes(&self) -> u64 {
        self.max_string_bytes
    }

    /// The run-time limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Records mapped from now on stop with `E0507` once `interrupt` is
    /// triggered, a record in progress within a few thousand steps.
    pub fn with_interrupt(mut self, interrupt: Interrupt) -> Mapping {
        self.interrupt = Some(interrupt);
        self
    }

    fn bounds(&self) -> Bounds<'_> {
        Bounds {
            limits: self.limits,
            interrupt: self.interrupt.as_ref().map(Interrupt::flag),
        }
    }

    /// Sets the run-time limits: recursion depth, work and memory per
    /// record.
    pub fn with_limits(mut self, limits: Limits) -> Mapping {
        self.limits = limits;
        self
    }

    /// Chooses which declared contracts [`apply`](Mapping::apply) and the
    /// batch path check (by default, every contract the mapping declares).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("ferry-doc-validate-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// # std::fs::write(dir.join("in.json"), r#"{"required": ["id"]}"#).unwrap();
    /// use ferry_engine::{Mapping, contract::Validate};
    ///
    /// let text = "input schema \"in.json\"\n{ id: $.id }";
    /// let mapping = Mapping::compile_named("m.map", text, &dir).unwrap();
    /// let error = mapping.apply(&serde_json::json!({})).unwrap_err();
    /// assert_eq!(error.code(), "E0408");
    ///
    /// let unchecked = mapping.with_validation(Validate::None);
    /// assert_eq!(unchecked.apply(&serde_json::json!({})).unwrap(), serde_json::json!({"id": null}));
    /// ```
    pub fn with_validation(mut self, validate: Validate) -> Mapping {
        self.validate = validate;
        self
    }

    /// The contracts the mapping declares.
    pub fn contracts(&self) -> &Contracts {
        &self.contracts
    }

    /// The input and output formats the mapping declares
    /// (`input format csv with { … }`), with their options.
    pub fn formats(&self) -> &compile::Formats {
        &self.formats
    }

    /// The output's member names in order, when every output is an object
    /// literal with static keys (CSV columns come from them).
    pub fn output_keys(&self) -> Option<Vec<String>> {
        crate::plan::static_keys(&self.plan.body)
    }

    /// The input schema, when declared and validated.
    pub fn validated_input(&self) -> Option<&Schema> {
        self.contracts
            .input
            .as_deref()
            .filter(|_| self.validate.input())
    }

    /// The output schema, when declared and validated.
    pub fn validated_output(&self) -> Option<&Schema> {
        self.contracts
            .output
            .as_deref()
            .filter(|_| self.validate.output())
    }

    /// True when the compile-time checks prove every output valid against
    /// the output schema (given the input validation chosen): outputs are
    /// then not validated again one by one, since that could only succeed.
    pub fn output_proven(&self) -> bool {
        self.contracts.output.is_some() && matches!(self.output_step(), OutputStep::Proven)
    }

    /// The output step for the input validation chosen.
    fn output_step(&self) -> &OutputStep {
        &self.output_steps[usize::from(self.validated_input().is_some())]
    }

    /// The compiled rest of the output schema, when the proof leaves a part.
    fn output_rest(&self) -> Option<&Rest> {
        match self.output_step() {
            OutputStep::Rest(rest) => Some(rest),
            _ => None,
        }
    }

    /// The output schema to validate each output against: declared,
    /// chosen, and not already proven.
    fn output_to_check(&self) -> Option<&Schema> {
        self.validated_output().filter(|_| !self.output_proven())
    }

    /// The JSON Schema (2020-12) of this mapping's output, as the
    /// compile-time checks infer it: object literals become closed objects
    /// with their required keys, literals enums, values passed through
    /// from the input what the input schema says of them.
    ///
    /// ```
    /// let mapping = ferry_engine::Mapping::compile_str(r#"{ id: $.id, kind: "order", n?: $.n }"#).unwrap();
    /// let schema = mapping.output_schema();
    /// assert_eq!(schema["required"], serde_json::json!(["id", "kind"]));
    /// assert_eq!(schema["properties"]["kind"], serde_json::json!({"const": "order"}));
    /// ```
    pub fn output_schema(&self) -> serde_json::Value {
        Analysis::of(&self.plan, &self.contracts).output_schema()
    }

    /// The JSON Schema (2020-12) of what this mapping needs of its input:
    /// every path it reads, the types its uses accept there, and
    /// `required` for what it cannot do without.
    ///
    /// ```
    /// let mapping = ferry_engine::Mapping::compile_str("{ net: $.qty * 2, who: lower($.name) }").unwrap();
    /// let schema = mapping.input_needs();
    /// assert_eq!(schema["required"], serde_json::json!(["qty"]));
    /// assert_eq!(schema["properties"]["qty"]["type"], "number");
    /// ```
    pub fn input_needs(&self) -> serde_json::Value {
        Analysis::of(&self.plan, &self.contracts).input_needs()
    }

    /// Warnings found while compiling.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// The name from `mapping NAME`, if the file has a header.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The version from the header, if given.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Maps one record.
    ///
    /// The input is validated against the input schema first and the
    /// output against the output schema after (see
    /// [`with_validation`](Mapping::with_validation)); a violation is an
    /// `E0408` or `E0409` error listing every violation.
    pub fn apply(&self, input: &serde_json::Value) -> Result<serde_json::Value, RunError> {
        self.check_input(input)?;
        let output = match exec::run_to_value(&self.plan, Val::from_json(input), self.bounds()) {
            Ok(v) => v,
            Err(raise) => {
                return Err(self.run_error(raise, |at| pointer_to(input, at), &|| input.clone()));
            }
        };
        self.check_output(output)
    }

    /// [`apply`](Mapping::apply) for a record parsed by [`doc::parse`] (or
    /// by a format's reader): the batch path for outputs in a format other
    /// than JSON, which an encoder writes from the value.
    pub fn apply_doc_value(&self, input: &doc::Node<'_>) -> Result<serde_json::Value, RunError> {
        self.check_input_doc(input)?;
        let output = match exec::run_to_value(&self.plan, Val::from_doc(input), self.bounds()) {
            Ok(v) => v,
            Err(raise) => {
                return Err(
                    self.run_error(raise, |at| doc::pointer_to(input, at), &|| input.to_json())
                );
            }
        };
        self.check_output(output)
    }

    /// Validates an output value against the output contract (what the
    /// proof leaves of it).
    fn check_output(&self, output: serde_json::Value) -> Result<serde_json::Value, RunError> {
        if let Some(schema) = self.output_to_check() {
            if self
                .output_rest()
                .is_some_and(|rest| rest.is_valid(&output))
            {
                return Ok(output);
            }
            let found = schema.violations(&output);
            if !found.is_empty() {
                return Err(RunError::contract(
                    codes::OUTPUT_CONTRACT,
                    "the output",
                    schema,
                    found,
                ));
            }
        }
        Ok(output)
    }

    /// Validates a parsed batch record against the input contract.
    fn check_input_doc(&self, input: &doc::Node<'_>) -> Result<(), RunError> {
        match self.validated_input() {
            Some(schema) if !schema.is_valid_doc(*input) => Err(RunError::contract(
                codes::INPUT_CONTRACT,
                "the input",
                schema,
                schema.violations_doc(*input),
            )),
            _ => Ok(()),
        }
    }

    /// Validates a library caller's input against the input contract.
    fn check_input(&self, input: &serde_json::Value) -> Result<(), RunError> {
        match self.validated_input() {
            Some(schema) => {
                let found = schema.violations(input);
                if found.is_empty() {
                    Ok(())
                } else {
                    Err(RunError::contract(
                        codes::INPUT_CONTRACT,
                        "the input",
                        schema,
                        found,
                    ))
                }
            }
            None => Ok(()),
        }
    }

    /// Validates the output text just appended to `out` (from `start`)
    /// against the output contract; on a violation `out` is cut back.
    fn check_output_text(&self, out: &mut Vec<u8>, start: usize) -> Result<(), RunError> {
        let Some(schema) = self.output_to_check() else {
            return Ok(());
        };
        let found = OUTPUT_ARENA.with_borrow_mut(|arena| {
            arena.reset();
            match doc::parse(&out[start..], crate::projection::Keep::all(), arena) {
                // What the proof left is the quick check; a "no" is worded
                // by the whole schema.
                Ok(node)
                    if self
                        .output_rest()
                        .is_some_and(|rest| rest.is_valid_doc(node)) =>
                {
                    crate::contract::Violations::default()
                }
                Ok(node) => schema.violations_doc(node),
                // The executor wrote it: it is JSON. Were it ever not,
                // validate it the slow way rather than pass it.
                Err(doc::Malformed) => match serde_json::from_slice(&out[start..]) {
                    Ok(value) => schema.violations(&value),
                    Err(_) => schema.violations(&serde_json::Value::Null),
                },
            }
        });
        if found.is_empty() {
            Ok(())
        } else {
            out.truncate(start);
            Err(RunError::contract(
                codes::OUTPUT_CONTRACT,
                "the output",
                schema,
                found,
            ))
        }
    }

    /// Maps one record and appends its JSON text to `out` (compact, or
    /// indented when `pretty`), without building a `serde_json::Value`:
    /// the fast path for batch output. On error `out` is left unchanged.
    pub fn apply_to_json(
        &self,
        input: &serde_json::Value,
        out: &mut Vec<u8>,
        pretty: bool,
    ) -> Result<(), RunError> {
        self.check_input(input)?;
        let start = out.len();
        self.write_result(Val::from_json(input), out, pretty)
            .map_err(|raise| {
                self.run_error(raise, |at| pointer_to(input, at), &|| input.clone())
            })?;
        self.check_output_text(out, start)
    }

    /// [`apply_to_json`](Mapping::apply_to_json) for a record parsed by
    /// [`doc::parse`]: the batch path, which never builds a
    /// `serde_json::Value`.
    ///
    /// ```
    /// use ferry_engine::{Mapping, doc, projection::Projection};
    ///
    /// let mapping = Mapping::compile_str("{ id: $.id }").unwrap();
    /// let projection = Projection::of(&mapping);
    /// let arena = bumpalo::Bump::new();
    /// let record = doc::parse(br#"{"id": 7, "big": [1, 2, 3]}"#, projection.keep(), &arena).unwrap();
    /// let mut out = Vec::new();
    /// mapping.apply_doc_to_json(&record, &mut out, false).unwrap();
    /// assert_eq!(out, br#"{"id":7}"#);
    /// ```
    pub fn apply_doc_to_json(
        &self,
        input: &doc::Node<'_>,
        out: &mut Vec<u8>,
        pretty: bool,
    ) -> Result<(), RunError> {
        self.check_input_doc(input)?;
        let start = out.len();
        self.write_result(Val::from_doc(input), out, pretty)
            .map_err(|raise| {
                self.run_error(raise, |at| doc::pointer_to(input, at), &|| input.to_json())
            })?;
        self.check_output_text(out, start)
    }

    /// Maps `input` and appends the result's text to `out`: compact output
    /// is written as it is computed, indented output from the value.
    fn write_result(&self, input: Val<'_>, out: &mut Vec<u8>, pretty: bool) -> Result<(), Raise> {
        if pretty {
            let value = exec::run_to_value(&self.plan, input, self.bounds())?;
            // Writing into a Vec cannot fail, and a Value always serializes.
            let _ = serde_json::to_writer_pretty(&mut *out, &value);
            Ok(())
        } else {
            exec::run_to_json(&self.plan, input, self.bounds(), out)
        }
    }

    /// Maps one record like [`apply`](Mapping::apply) and records in
    /// `hits` the branches, arms and fields it takes (for
    /// [`crate::testing`]'s coverage).
    pub(crate) fn apply_recording(
        &self,
        input: &serde_json::Value,
        hits: &mut Hits,
    ) -> Result<serde_json::Value, RunError> {
        match exec::run_recording(&self.plan, input, self.limits, hits) {
            Ok(v) => Ok(v.to_json()),
            Err(raise) => Err(self.run_error(raise, |at| pointer_to(input, at), &|| input.clone())),
        }
    }

    /// The compiled plan (coverage walks it for the points a test can take).
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The files of the mapping, to resolve the plan's spans.
    pub(crate) fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Resolves a raised error: its file and span, and the JSON Pointer of
    /// the input value involved (searched only now, on the error path).
    ///
    /// Values the input schema marks sensitive are masked in the message
    /// (`input` gives the record, only on this error path).
    fn run_error(
        &self,
        mut raise: Raise,
        mut pointer_to: impl FnMut(usize) -> Option<String>,
        input: &dyn Fn() -> serde_json::Value,
    ) -> RunError {
        let pointer = raise
            .0
            .pointer
            .take()
            .or_else(|| raise.0.culprit.and_then(&mut pointer_to))
            .or_else(|| raise.0.place.as_ref()?.resolve(&mut pointer_to));
        let derived_from = match &pointer {
            Some(_) => Vec::new(),
            None => self.derived_from(&raise, &mut pointer_to),
        };
        let (source, span) = match raise.0.span.and_then(|s| self.sources.resolve(s)) {
            Some((file, local)) => (Some(file), Some(local)),
            None => (self.sources.main().cloned(), None),
        };
        let raised_at = std::mem::replace(&mut raise.0.span, span);
        let mut error = RunError::from_raise(raise, pointer, derived_from, source);
        if let Some(schema) = &self.contracts.input {
            let sensitive = schema.sensitive();
            if !sensitive.is_empty() {
                masking::mask(&mut error, sensitive, &input(), &self.plan, raised_at);
            }
        }
        error
    }
}

impl Mapping {
    /// Where a computed value at fault came from: the input values the
    /// executor saw it read (`/lines/2/date`), or else the paths the
    /// compile-time lineage gives for its expression (`/lines/*/date`).
    fn derived_from(
        &self,
        raise: &Raise,
        pointer_to: &mut dyn FnMut(usize) -> Option<String>,
    ) -> Vec<String> {
        let mut found = Vec::new();
        if !raise.0.derived.is_empty() {
            for origin in &raise.0.derived {
                match origin.resolve(pointer_to) {
                    Some(p) if !found.contains(&p) => found.push(p),
                    Some(_) => {}
                    None => {
                        found.clear();
                        break;
                    }
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        raise
            .0
            .derived_span
            .and_then(|span| crate::inspect::inputs_at(&self.plan, span))
            .unwrap_or_default()
    }
}

/// A mapping file's text, without the byte-order mark editors on Windows
/// may start it with.
fn read_mapping(path: &Path) -> Result<String, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            codes::UNREADABLE_MAPPING,
            format!("cannot read `{}`: {e}", path.display()),
            Span::default(),
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

thread_local! {
    /// Each thread's arena for parsing outputs back to validate them.
    static OUTPUT_ARENA: std::cell::RefCell<bumpalo::Bump> = std::cell::RefCell::new(bumpalo::Bump::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn mapping_is_send_and_sync() {
        assert_send_sync::<Mapping>();
    }
}
