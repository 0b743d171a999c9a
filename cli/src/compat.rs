//! `ferry compat OLD NEW`: how two versions of a schema differ, and whether
//! each difference breaks consumers (readers) or producers (writers) — as
//! text for people or one JSON document for pipelines (schema:
//! `docs/schemas/compat.schema.json`). The comparison is the engine's
//! `contract::compat`; this command loads, prints and picks the exit code.

use std::path::Path;

use ferry_engine::contract::Schema;
use ferry_engine::contract::compat::{self, Side};
use serde_json::{Map, Value};

use crate::Outcome;
use crate::report_format::ReportFormat;

/// Compare two versions of a schema (JSON Schema or OpenAPI component).
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 when no change breaks the chosen side, 1 when one does \
(an undecided change counts as breaking), 2 when a schema cannot be loaded.

Examples:
  ferry compat schemas/order_v1.json schemas/order_v2.json
  ferry compat old/api.yaml#/components/schemas/Order api.yaml#/components/schemas/Order
  ferry compat --side producer --format json v1.json v2.json"
)]
pub struct CompatArgs {
    /// The old version: `file.json`, or `api.yaml#/components/schemas/Order`.
    #[arg(value_name = "OLD")]
    old: String,
    /// The new version, named the same way.
    #[arg(value_name = "NEW")]
    new: String,
    /// `text`: a report on stdout; `json`: one JSON document on stdout
    /// (schema: docs/schemas/compat.schema.json).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Whose breaks set the exit status: readers of the data (`consumer`),
    /// writers (`producer`), or either (`both`).
    #[arg(long, value_enum, default_value_t = SideArg::Both)]
    side: SideArg,
}

/// `--side`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SideArg {
    /// Readers of data valid under the schema.
    Consumer,
    /// Writers of data valid under the schema.
    Producer,
    /// Either.
    Both,
}

impl SideArg {
    fn side(self) -> Side {
        match self {
            SideArg::Consumer => Side::Consumer,
            SideArg::Producer => Side::Producer,
            SideArg::Both => Side::Both,
        }
    }

    fn name(self) -> &'static str {
        match self {
            SideArg::Consumer => "consumer",
            SideArg::Producer => "producer",
            SideArg::Both => "both",
        }
    }
}

pub fn compat(args: CompatArgs) -> Outcome {
    let (Some(old), Some(new)) = (load(&args.old), load(&args.new)) else {
        return Outcome::Usage;
    };
    let report = compat::compare(&old, &new);
    let breaking = report.is_breaking_for(args.side.side());
    match args.format {
        ReportFormat::Text => write_stdout(&report.render()),
        ReportFormat::Json => {
            let mut doc = Map::new();
            doc.insert("old".into(), args.old.clone().into());
            doc.insert("new".into(), args.new.clone().into());
            doc.insert("side".into(), args.side.name().into());
            doc.insert("breaking".into(), breaking.into());
            if let Value::Object(rest) = report.to_json() {
                doc.extend(rest);
            }
            write_stdout(&format!("{}\n", Value::Object(doc)));
        }
    }
    if breaking {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

/// Writes the report; a reader that stops early (`| head`) does not change
/// the outcome of the comparison, so a closed pipe is not an error.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Loads a schema named on the command line, or prints why it cannot.
fn load(reference: &str) -> Option<Schema> {
    match Schema::load(reference, Path::new(".")) {
        Ok(schema) => Some(schema),
        Err(e) => {
            eprintln!("error[{}]: {e}", e.code);
            if let Some(help) = &e.help {
                eprintln!("  help: {help}");
            }
            None
        }
    }
}
