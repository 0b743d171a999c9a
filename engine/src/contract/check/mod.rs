//! Compile-time checks of a mapping against its contracts.
//!
//! The plan is walked abstractly ([`infer`]) with the input schema
//! describing `$`: each expression gets a [`shape::Shape`], a sound
//! over-approximation of the values it can produce. Reading what the input
//! schema does not define, or using a field in a way its type cannot
//! allow, is found on the way; the body's shape is then checked against
//! the output schema ([`output`]). Soundness comes before completeness:
//! where the checker cannot decide it says nothing, so a mapping `ferry
//! check` passes may still fail on data, but never the other way round.

mod document;
mod infer;
mod output;
mod prove;
pub(crate) mod shape;

use ferry_dsl::{Diagnostic, Span};

use super::Contracts;
use crate::plan::Plan;
use crate::source_map::SourceMap;

/// One problem found, at a global span of the plan.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub code: &'static str,
    pub error: bool,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl Finding {
    pub fn error(
        code: &'static str,
        message: String,
        span: Span,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Finding {
        Finding {
            code,
            error: true,
            message,
            span,
            label: label.into(),
            help,
        }
    }

    pub fn warning(
        code: &'static str,
        message: String,
        span: Span,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Finding {
        Finding {
            error: false,
            ..Finding::error(code, message, span, label, help)
        }
    }
}

/// True when every output of `plan` is valid against the output schema,
/// proven from the mapping alone (`input_validated`: inputs are validated
/// against the input schema first).
pub(crate) fn output_proven(plan: &Plan, contracts: &Contracts, input_validated: bool) -> bool {
    let Some(output) = &contracts.output else {
        return true;
    };
    let input = contracts.input.as_ref().map(|s| s.dereferenced());
    let mut walk = infer::Infer::new(plan, input.as_ref());
    let body = walk.body();
    prove::proves(
        &body,
        &output.dereferenced(),
        input_validated && input.is_some(),
    )
}

/// What of the output schema is left to check at run time once the
/// compile-time proof is subtracted: `None` when nothing (or when the rest
/// could not be separated: then the whole schema is checked).
pub(crate) fn output_residual(
    plan: &Plan,
    contracts: &Contracts,
    input_validated: bool,
) -> Option<serde_json::Value> {
    let output = contracts.output.as_ref()?;
    let input = contracts.input.as_ref().map(|s| s.dereferenced());
    let mut walk = infer::Infer::new(plan, input.as_ref());
    let body = walk.body();
    prove::residual(
        &body,
        &output.dereferenced(),
        input_validated && input.is_some(),
    )
}

/// The JSON Schema (2020-12) of what `plan` outputs, as the checker
/// infers it (with the input schema describing `$`).
pub(crate) fn inferred_output(plan: &Plan, contracts: &Contracts) -> serde_json::Value {
    let input = contracts.input.as_ref().map(|s| s.dereferenced());
    let mut walk = infer::Infer::new(plan, input.as_ref());
    let body = walk.body();
    document::output_schema(&body)
}

/// The JSON Schema (2020-12) of what `plan` needs of its input: every path
/// it reads, the types its uses accept, and which it cannot do without.
pub(crate) fn inferred_input(plan: &Plan, contracts: &Contracts) -> serde_json::Value {
    let input = contracts.input.as_ref().map(|s| s.dereferenced());
    let mut walk = infer::Infer::new(plan, input.as_ref());
    walk.body();
    document::input_schema(&walk.reads)
}

/// What the checks found, as diagnostics with their files.
#[derive(Default)]
pub(crate) struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// `match`es whose coverage of an input enum was checked, by file and
    /// local span: their generic `W0205` is superseded.
    pub enum_matches: Vec<(String, Span)>,
}

/// Checks `plan` against its contracts.
pub(crate) fn check(plan: &Plan, contracts: &Contracts, sources: &SourceMap) -> Checked {
    if contracts.input.is_none() && contracts.output.is_none() {
        return Checked::default();
    }
    let input = contracts.input.as_ref().map(|s| s.dereferenced());
    let mut walk = infer::Infer::new(plan, input.as_ref());
    let body = walk.body();
    let mut findings = walk.findings;
    let enum_matches = walk
        .enum_matches
        .iter()
        .filter_map(|s| sources.resolve(*s))
        .map(|(file, local)| (file.name.clone(), local))
        .collect();
    let input_name = contracts
        .input
        .as_ref()
        .map(|s| s.file().display().to_string());
    for f in &mut findings {
        if let Some(name) = &input_name {
            f.message.push_str(&format!(" (input schema `{name}`)"));
        }
    }
    if let Some(schema) = &contracts.output {
        let mut found = Vec::new();
        output::check(
            &body,
            &schema.dereferenced(),
            "",
            plan.body.span,
            &mut found,
        );
        let name = schema.file().display().to_string();
        for mut f in found {
            f.message.push_str(&format!(" (output schema `{name}`)"));
            findings.push(f);
        }
    }
    // One report per place and problem: a function inlined or walked for
    // two calls finds the same thing twice.
    findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    findings.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
    let diagnostics = findings
        .into_iter()
        .map(|f| {
            let mut d = if f.error {
                Diagnostic::error(f.code, f.message, f.span)
            } else {
                Diagnostic::warning(f.code, f.message, f.span)
            }
            .with_label(f.label);
            if let Some(h) = f.help {
                d = d.with_help(h);
            }
            match sources.resolve(f.span) {
                Some((file, local)) => {
                    d.span = local;
                    d.with_source(&file)
                }
                None => d,
            }
        })
        .collect();
    Checked {
        diagnostics,
        enum_matches,
    }
}
