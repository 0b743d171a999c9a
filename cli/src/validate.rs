//! `ferry validate SCHEMA [INPUT]`: check records against a schema without
//! a mapping, on the same streaming, parallel batch path as `ferry run`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferry_engine::Mapping;
use ferry_engine::contract::Schema;

use crate::Outcome;
use crate::run::{BatchFlags, BatchIo, OnErrorArg, run_batch};

/// Validate JSON or NDJSON records against a JSON Schema or an OpenAPI component.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry validate schemas/order.json orders.ndjson --stats
  ferry validate api.yaml#/components/schemas/Order orders.ndjson -o valid.ndjson --dead-letter invalid.ndjson")]
pub struct ValidateArgs {
    /// The schema: a file, or `file#/json/pointer` for a component of a
    /// document (`api.yaml#/components/schemas/Order`).
    #[arg(value_name = "SCHEMA")]
    schema: String,
    /// The input file (JSON or NDJSON; `-` or none for stdin).
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Write the valid records, unchanged, to this file (default: nowhere).
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<PathBuf>,
    /// Stop at the first invalid record (`fail`) or report every one (`skip`).
    #[arg(long, value_enum, default_value = "skip")]
    on_error: OnErrorArg,
    #[command(flatten)]
    batch: BatchFlags,
}

pub fn validate(args: ValidateArgs) -> Outcome {
    let schema = match Schema::load(&args.schema, Path::new(".")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error[{}]: {e}", e.code);
            if let Some(help) = &e.help {
                eprintln!("  help: {help}");
            }
            return Outcome::Usage;
        }
    };
    let mapping = Mapping::validating(Arc::new(schema));
    let io = BatchIo {
        input: args.input,
        output: args.output,
        pretty: false,
        on_error: args.on_error,
        discard_output: true,
        flags: args.batch,
    };
    run_batch(mapping, io)
}
