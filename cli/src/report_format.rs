//! How `ferry check` and `ferry test` report: for people or for tools.

/// The `--format` of the reporting commands.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people: text (diagnostics with source snippets on stderr).
    Text,
    /// For tools: one JSON document on stdout, with a schema in docs/schemas.
    Json,
}
