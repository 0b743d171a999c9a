//! `ferry query`: print what a JSONPath selects, to explore payloads.

use std::io::Write;
use std::path::PathBuf;

use ferry_engine::format::{self, InputFormat};
use ferry_engine::{Query, SourceFile};

use crate::input::{self, FormatArg};
use crate::{Outcome, color, render};

/// Print the node list a JSONPath (RFC 9535) selects from each input document.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  ferry query '$.lines[?@.qty > 1].sku' order.json\n  ferry query '$..email' < contacts.ndjson"
)]
pub struct QueryArgs {
    /// The query, e.g. `$.store.book[?@.price < 10].title`.
    #[arg(value_name = "JSONPATH")]
    path: String,
    /// Input file (JSON or NDJSON); `-` or none for stdin.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Indent the output.
    #[arg(long)]
    pretty: bool,
    /// Input format (default: by extension, else detected).
    #[arg(long, value_enum)]
    from: Option<FormatArg>,
}

pub fn query(args: QueryArgs) -> Outcome {
    let query = match Query::compile(&args.path) {
        Ok(q) => q,
        Err(diags) => {
            let source = SourceFile::new("<query>", args.path.clone());
            eprint!(
                "{}",
                render::diagnostics(&diags.with_source(&source), color())
            );
            return Outcome::Failed;
        }
    };
    let (bytes, fmt) = match input::read(args.input.as_deref(), args.from) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    // Many small writes: buffered here.
    let mut out = match input::output(None) {
        Ok(o) => std::io::BufWriter::with_capacity(1 << 16, o),
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let mut outcome = Outcome::Success;
    for record in format::records(&bytes, fmt) {
        match record.value {
            Ok(doc) => {
                let nodes = query.select(&doc);
                let text = if args.pretty {
                    serde_json::to_string_pretty(&nodes)
                } else {
                    serde_json::to_string(&nodes)
                };
                if writeln!(out, "{}", text.unwrap_or_default()).is_err() {
                    return Outcome::Failed;
                }
            }
            Err(e) => {
                let where_ = if fmt == InputFormat::Ndjson {
                    format!("line {}", record.number)
                } else {
                    "input".into()
                };
                eprintln!("error[{}]: {where_}: {}", e.code(), e.message());
                outcome = Outcome::Failed;
            }
        }
    }
    let _ = out.flush();
    outcome
}
