//! `ferry schema MAPPING`: the JSON Schema of a mapping's output, as the
//! compile-time checks infer it; `--input`: what it needs of its input.

use std::path::PathBuf;

use ferry_engine::Mapping;

use crate::{Outcome, color, render};

/// Print the inferred JSON Schema (2020-12) of a mapping's output, or of
/// what it needs from its input.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry schema mappings/invoice/invoice.map > invoice.out.schema.json
  ferry schema --input mappings/invoice/invoice.map")]
pub struct SchemaArgs {
    /// The `.map` file.
    #[arg(value_name = "MAPPING")]
    mapping: PathBuf,
    /// What the mapping needs of its input: every path it reads, the
    /// types its uses accept, and `required` for what it cannot do without.
    #[arg(long)]
    input: bool,
}

pub fn schema(args: SchemaArgs) -> Outcome {
    let mapping = match Mapping::compile_file(&args.mapping) {
        Ok(m) => m,
        Err(diags) => {
            eprint!("{}", render::diagnostics(&diags, color()));
            return Outcome::Failed;
        }
    };
    let schema = if args.input {
        mapping.input_needs()
    } else {
        mapping.output_schema()
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            println!("{text}");
            Outcome::Success
        }
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            Outcome::Failed
        }
    }
}
