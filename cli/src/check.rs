//! `ferry check`: compile mappings and report every diagnostic, for people
//! (`--format text`, rendered on stderr) or for tools (`--format json`, one
//! document on stdout whose schema is `docs/schemas/diagnostics.schema.json`).

use std::path::{Path, PathBuf};

use ferry_engine::compile::SchemaOverrides;
use ferry_engine::{Diagnostic, Mapping, Severity, SourceFile, Span, codes};
use schemars::JsonSchema;
use serde::Serialize;

use crate::report_format::ReportFormat;
use crate::{Outcome, color, render};

/// Compile mappings and report all errors and warnings.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  ferry check mappings/orders/orders.map\n  ferry check mappings/*/*.map\n  ferry check --format json mappings/*/*.map"
)]
pub struct CheckArgs {
    /// The `.map` files to check.
    #[arg(required = true, value_name = "MAPPING")]
    mappings: Vec<PathBuf>,
    /// `text`: rendered diagnostics on stderr; `json`: one JSON document
    /// on stdout (schema: docs/schemas/diagnostics.schema.json).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Check against this input schema instead of the declared one (a new
    /// version of a partner's schema): every rule that breaks is reported.
    #[arg(long, value_name = "SCHEMA")]
    input_schema: Option<String>,
    /// Check against this output schema instead of the declared one.
    #[arg(long, value_name = "SCHEMA")]
    output_schema: Option<String>,
}

pub fn check(args: CheckArgs) -> Outcome {
    let mut outcome = Outcome::Success;
    let mut report = CheckReport::default();
    for path in &args.mappings {
        let mut proven = false;
        let overrides = SchemaOverrides {
            input: args.input_schema.clone(),
            output: args.output_schema.clone(),
        };
        let (ok, diags) = match Mapping::compile_file_with(path, &overrides) {
            Ok(mapping) => {
                proven = mapping.output_proven();
                (true, mapping.warnings().clone())
            }
            Err(diags) => (false, diags),
        };
        if !ok {
            let unreadable = diags.iter().any(|d| d.code == codes::UNREADABLE_MAPPING);
            outcome = match outcome {
                Outcome::Usage => Outcome::Usage,
                _ if unreadable => Outcome::Usage,
                _ => Outcome::Failed,
            };
        }
        match args.format {
            ReportFormat::Text => {
                eprint!("{}", render::diagnostics(&diags, color()));
                if ok && proven {
                    eprintln!(
                        "ok: {} (every output is proven to meet the output schema)",
                        path.display()
                    );
                } else if ok {
                    eprintln!("ok: {}", path.display());
                } else {
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "failed: {} ({errors} error{})",
                        path.display(),
                        if errors == 1 { "" } else { "s" }
                    );
                }
            }
            ReportFormat::Json => report.add(path, ok, diags.iter()),
        }
    }
    if args.format == ReportFormat::Json {
        match serde_json::to_string(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("ferry: cannot write the report: {e}");
                return Outcome::Usage;
            }
        }
    }
    outcome
}

/// What `ferry check --format json` prints: one document per run.
#[derive(Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "ferry check --format json")]
pub struct CheckReport {
    /// One entry per mapping named on the command line, in order.
    pub files: Vec<FileReport>,
    /// Errors in all files.
    pub errors: usize,
    /// Warnings in all files.
    pub warnings: usize,
}

/// The outcome of one mapping.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileReport {
    /// The mapping's path as given on the command line.
    pub file: String,
    /// True when the mapping compiles; it may still have warnings.
    pub ok: bool,
    /// Its errors and warnings, in the order the text format shows them.
    pub diagnostics: Vec<DiagnosticReport>,
}

/// One error or warning.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DiagnosticReport {
    /// Stable code: `E0xxx` for errors, `W0xxx` for warnings; each has a
    /// page in docs/errors/.
    pub code: String,
    /// `error` fails the mapping; `warning` flags a probable mistake.
    pub severity: SeverityReport,
    /// One-line description.
    pub message: String,
    /// The file the diagnostic points into: the mapping or a file it
    /// `use`s (as named in the diagnostics' text form).
    pub file: String,
    /// Where the span starts and ends.
    #[serde(flatten)]
    pub range: Range,
    /// Text shown at the caret under the span, if any.
    pub label: Option<String>,
    /// How to fix or silence it, if known.
    pub help: Option<String>,
    /// Further places the diagnostic refers to, in the same file.
    pub related: Vec<Related>,
}

/// The severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityReport {
    /// The mapping does not compile.
    Error,
    /// The mapping compiles; the construct is probably a mistake.
    Warning,
}

/// A secondary place of a diagnostic.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Related {
    /// What is there.
    pub message: String,
    /// The file it is in.
    pub file: String,
    /// Where it starts and ends.
    #[serde(flatten)]
    pub range: Range,
}

/// A span as 1-based lines and columns, columns counted in characters
/// (Unicode scalar values); the end is exclusive: the position just after
/// the span's last character. All four are null when the diagnostic has no
/// position (an unreadable file).
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct Range {
    /// Line of the span's first character (1-based); null without a position.
    #[schemars(range(min = 1))]
    pub line: Option<usize>,
    /// Column of the span's first character (1-based, in characters); null
    /// without a position.
    #[schemars(range(min = 1))]
    pub column: Option<usize>,
    /// Line of the position just after the span; null without a position.
    #[schemars(range(min = 1))]
    pub end_line: Option<usize>,
    /// Column of the position just after the span (exclusive end, in
    /// characters); null without a position.
    #[schemars(range(min = 1))]
    pub end_column: Option<usize>,
}

impl Range {
    fn of(source: Option<&SourceFile>, span: Span) -> Range {
        let Some(source) = source else {
            return Range::default();
        };
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        Range {
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
        }
    }
}

impl CheckReport {
    fn add<'d>(&mut self, path: &Path, ok: bool, diags: impl Iterator<Item = &'d Diagnostic>) {
        let file = path.display().to_string();
        let diagnostics: Vec<DiagnosticReport> =
            diags.map(|d| DiagnosticReport::of(d, &file)).collect();
        for d in &diagnostics {
            match d.severity {
                SeverityReport::Error => self.errors += 1,
                SeverityReport::Warning => self.warnings += 1,
            }
        }
        self.files.push(FileReport {
            file,
            ok,
            diagnostics,
        });
    }

    /// The JSON Schema of the report (draft 2020-12), pretty-printed.
    #[cfg(test)]
    fn schema() -> String {
        // The schema of what is written: every field is present, even null.
        let schema = schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<CheckReport>();
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
        text.push('\n');
        text
    }
}

impl DiagnosticReport {
    /// `mapping` names the file when the diagnostic carries no source.
    fn of(d: &Diagnostic, mapping: &str) -> DiagnosticReport {
        let source = d.source.as_deref();
        let file = source.map_or_else(|| mapping.to_owned(), |s| s.name.clone());
        DiagnosticReport {
            code: d.code.to_owned(),
            severity: match d.severity {
                Severity::Error => SeverityReport::Error,
                Severity::Warning => SeverityReport::Warning,
            },
            message: d.message.clone(),
            range: Range::of(source, d.span),
            label: d.label.clone(),
            help: d.help.clone(),
            related: d
                .secondary
                .iter()
                .map(|(span, message)| Related {
                    message: message.clone(),
                    file: file.clone(),
                    range: Range::of(source, *span),
                })
                .collect(),
            file,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/schemas/diagnostics.schema.json` is what the types generate;
    /// `FERRY_BLESS=1 cargo test -p ferry-cli schema` rewrites it.
    #[test]
    fn the_published_schema_is_current() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schemas/diagnostics.schema.json");
        let generated = CheckReport::schema();
        let bless = std::env::var_os("FERRY_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
        if bless {
            std::fs::create_dir_all(path.parent().expect("docs/schemas has a parent"))
                .expect("docs/schemas is writable");
            std::fs::write(&path, &generated).expect("the schema file is writable");
        }
        let published = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            published == generated,
            "{} is out of date; run FERRY_BLESS=1 cargo test -p ferry-cli schema",
            path.display()
        );
    }

    #[test]
    fn positions_are_one_based_characters_with_an_exclusive_end() {
        let source = SourceFile::new("m.map", "é = 1\nab");
        let range = Range::of(Some(&source), Span::new(0, 2));
        assert_eq!(
            (range.line, range.column, range.end_line, range.end_column),
            (Some(1), Some(1), Some(1), Some(2))
        );
        let range = Range::of(Some(&source), Span::new(7, 9));
        assert_eq!(
            (range.line, range.column, range.end_line, range.end_column),
            (Some(2), Some(1), Some(2), Some(3))
        );
        assert_eq!(Range::of(None, Span::new(0, 1)).line, None);
    }
}
