//! Rendering diagnostics for people: the source line, a caret under the
//! span, labels and help (miette's graphical report), coloured only when
//! stderr is a terminal.

use std::fmt;

use ferry_engine::{Diagnostic, Diagnostics, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

/// Renders every diagnostic, separated by blank lines.
pub fn diagnostics(diags: &Diagnostics, color: bool) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&diagnostic(d, color));
    }
    out
}

/// Renders one diagnostic with its source snippet.
pub fn diagnostic(d: &Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // miette counts columns in bytes; the header takes the engine's
    // location instead (see `Report::new`), so it agrees with run-time
    // errors and `--errors` files on lines with non-ASCII text.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .without_primary_span_start();
    let report = Report::new(d);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{d}\n");
    }
    out
}

/// Adapts our diagnostic to miette's.
struct Report<'d> {
    d: &'d Diagnostic,
    source: Option<NamedSource<String>>,
}

impl<'d> Report<'d> {
    fn new(d: &'d Diagnostic) -> Report<'d> {
        let source = d.source.as_ref().map(|s| {
            let (line, column) = s.line_col(d.span.start);
            let mut text = s.text.clone();
            // miette drops a label that starts at the very end of the text
            // (`expected ]` at end of input); one space gives it a place.
            let ends = std::iter::once(d.span).chain(d.secondary.iter().map(|(s, _)| *s));
            if ends
                .map(|s| s.start as usize)
                .any(|start| start >= text.len())
            {
                text.push(' ');
            }
            NamedSource::new(format!("{}:{line}:{column}", s.name), text)
        });
        Report { d, source }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

fn span(s: ferry_engine::Span) -> SourceSpan {
    SourceSpan::new((s.start as usize).into(), s.len())
}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(self.d.label.clone(), span(self.d.span));
        let secondary = self
            .d
            .secondary
            .iter()
            .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), span(*s)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
