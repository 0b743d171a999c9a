//! Diagnostics: errors and warnings as data.
//!
//! A [`Diagnostic`] has a stable code, a message, the span it is about, and
//! optional labels and help. The parser produces them for syntax errors
//! (codes `E01xx`); the engine reuses the type for compile errors. Rendering
//! (source snippet, caret, colour) happens at the edge, never here.

use std::fmt;
use std::sync::Arc;

use crate::span::{SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A probable mistake; compilation still succeeds.
    Warning,
    /// Compilation fails.
    Error,
}

/// One error or warning about a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `E0101`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// One-line description.
    pub message: String,
    /// The main span the diagnostic is about.
    pub span: Span,
    /// Text shown at the main span's caret.
    pub label: Option<String>,
    /// Further spans with their explanations.
    pub secondary: Vec<(Span, String)>,
    /// A suggestion for how to fix it.
    pub help: Option<String>,
    /// The source the spans point into; set by whoever knows the file.
    pub source: Option<Arc<SourceFile>>,
}

impl Diagnostic {
    /// An error with a code, a message and a span.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            help: None,
            source: None,
        }
    }

    /// A warning with a code, a message and a span.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    /// Sets the label shown at the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary span with its explanation.
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the source file, unless one is already set.
    pub fn with_source(mut self, source: &Arc<SourceFile>) -> Diagnostic {
        if self.source.is_none() {
            self.source = Some(Arc::clone(source));
        }
        self
    }

    /// True for errors (as opposed to warnings).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` of the main span, when the source is known.
    pub fn location(&self) -> Option<(String, usize, usize)> {
        let source = self.source.as_ref()?;
        let (line, column) = source.line_col(self.span.start);
        Some((source.name.clone(), line, column))
    }
}

impl fmt::Display for Diagnostic {
    /// `error[E0101]: message (file:line:col)`: the one-line form; the
    /// snippet renderer lives with the CLI.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]: {}", self.code, self.message)?;
        if let Some((file, line, column)) = self.location() {
            write!(f, " ({file}:{line}:{column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Every diagnostic of one compilation, errors and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics, in source order of their main span.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Sets the source on every diagnostic that has none.
    pub fn with_source(self, source: &Arc<SourceFile>) -> Diagnostics {
        Diagnostics(self.0.into_iter().map(|d| d.with_source(source)).collect())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
