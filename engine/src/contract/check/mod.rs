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
use shape::Shape;

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

/// One abstract walk of a plan under its contracts: the diagnostics, the
/// proof of the output and the inferred documents are all read from it, so
/// each schema is dereferenced and the plan walked once per compile.
pub(crate) struct Analysis {
    body: Shape,
    findings: Vec<Finding>,
    enum_matches: Vec<Span>,
    reads: std::collections::BTreeMap<shape::InputPath, infer::Read>,
    /// The dereferenced input and output schemas.
    input: Option<serde_json::Value>,
    output: Option<serde_json::Value>,
}

impl Analysis {
    /// Walks `plan` with the input schema describing `$`.
    pub(crate) fn of(plan: &Plan, contracts: &Contracts) -> Analysis {
        let input = contracts.input.as_ref().map(|s| s.dereferenced());
        let output = contracts.output.as_ref().map(|s| s.dereferenced());
        let mut walk = infer::Infer::new(plan, input.as_ref());
        let body = walk.body();
        let mut findings = walk.findings;
        let file = |s: &super::Schema| s.file().display().to_string();
        if let Some(schema) = &contracts.input {
            let name = file(schema);
            for f in &mut findings {
                f.message.push_str(&format!(" (input schema `{name}`)"));
            }
        }
        if let (Some(value), Some(schema)) = (&output, &contracts.output) {
            let mut found = Vec::new();
            output::check(&body, value, "", plan.body.span, &mut found);
            let name = file(schema);
            for mut f in found {
                f.message.push_str(&format!(" (output schema `{name}`)"));
                findings.push(f);
            }
        }
        Analysis {
            body,
            findings,
            enum_matches: walk.enum_matches,
            reads: walk.reads,
            input,
            output,
        }
    }

    /// What of the output schema is left to check per output once the
    /// proof is subtracted (`input_validated`: inputs are validated against
    /// the input schema first); `None` when every output is proven valid.
    pub(crate) fn output_rest(&self, input_validated: bool) -> Option<serde_json::Value> {
        let output = self.output.as_ref()?;
        prove::residual(&self.body, output, input_validated && self.input.is_some())
    }

    /// The JSON Schema (2020-12) of what the plan outputs.
    pub(crate) fn output_schema(&self) -> serde_json::Value {
        document::output_schema(&self.body)
    }

    /// The JSON Schema (2020-12) of what the plan needs of its input: every
    /// path it reads, the types its uses accept, and which it cannot do
    /// without.
    pub(crate) fn input_needs(&self) -> serde_json::Value {
        document::input_schema(&self.reads)
    }
}

/// What the checks found, as diagnostics with their files.
#[derive(Default)]
pub(crate) struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// `match`es whose coverage of an input enum was checked, by file and
    /// local span: their generic `W0205` is superseded.
    pub enum_matches: Vec<(String, Span)>,
}

impl Analysis {
    /// The findings as diagnostics, each naming its schema file.
    pub(crate) fn diagnostics(&self, sources: &SourceMap) -> Checked {
        let enum_matches = self
            .enum_matches
            .iter()
            .filter_map(|s| sources.resolve(*s))
            .map(|(file, local)| (file.name.clone(), local))
            .collect();
        let mut findings = self.findings.clone();
        // One report per place and problem: a function inlined or walked
        // for two calls finds the same thing twice.
        findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
        findings.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
        let diagnostics = findings
            .into_iter()
            .map(|f| f.diagnostic(sources))
            .collect();
        Checked {
            diagnostics,
            enum_matches,
        }
    }
}

impl Finding {
    fn diagnostic(self, sources: &SourceMap) -> Diagnostic {
        let mut d = if self.error {
            Diagnostic::error(self.code, self.message, self.span)
        } else {
            Diagnostic::warning(self.code, self.message, self.span)
        }
        .with_label(self.label);
        if let Some(h) = self.help {
            d = d.with_help(h);
        }
        match sources.resolve(self.span) {
            Some((file, local)) => {
                d.span = local;
                d.with_source(&file)
            }
            None => d,
        }
    }
}
