//! `ferry plan`: show what a mapping compiled into.

use std::path::PathBuf;

use ferry_engine::{Mapping, codes, inspect};

use crate::{Outcome, color, render};

/// Print the compiled plan of a mapping and the lineage of each output
/// field (the input paths it reads and the operations applied).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  ferry plan mappings/bench/orders.map\n  ferry plan mappings/invoice/invoice.map | grep '←'"
)]
pub struct PlanArgs {
    /// The `.map` file.
    #[arg(value_name = "MAPPING")]
    mapping: PathBuf,
}

pub fn plan(args: PlanArgs) -> Outcome {
    match Mapping::compile_file(&args.mapping) {
        Ok(mapping) => {
            print!("{}", inspect::describe(&mapping));
            Outcome::Success
        }
        Err(diags) => {
            eprint!("{}", render::diagnostics(&diags, color()));
            if diags.iter().any(|d| d.code == codes::UNREADABLE_MAPPING) {
                Outcome::Usage
            } else {
                Outcome::Failed
            }
        }
    }
}
