//! `ferry compat OLD NEW`: compare two versions of a schema. (Being written.)

use crate::Outcome;

/// Compare two versions of a schema (JSON Schema or OpenAPI component).
#[derive(clap::Args)]
pub struct CompatArgs {
    /// The old version, then the new one (`file.json` or `api.yaml#/components/schemas/Order`).
    #[arg(value_name = "OLD NEW", num_args = 2)]
    schemas: Vec<String>,
}

pub fn compat(_args: CompatArgs) -> Outcome {
    eprintln!("error: `ferry compat` is not finished");
    Outcome::Usage
}
