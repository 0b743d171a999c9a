//! `ferry check`: compile mappings and report every diagnostic.

use std::path::PathBuf;

use ferry_engine::{Mapping, codes};

use crate::{Outcome, color, render};

/// Compile mappings and report all errors and warnings.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  ferry check mappings/orders/orders.map\n  ferry check mappings/*/*.map"
)]
pub struct CheckArgs {
    /// The `.map` files to check.
    #[arg(required = true, value_name = "MAPPING")]
    mappings: Vec<PathBuf>,
}

pub fn check(args: CheckArgs) -> Outcome {
    let mut outcome = Outcome::Success;
    for path in &args.mappings {
        match Mapping::compile_file(path) {
            Ok(mapping) => {
                eprint!("{}", render::diagnostics(mapping.warnings(), color()));
                eprintln!("ok: {}", path.display());
            }
            Err(diags) => {
                eprint!("{}", render::diagnostics(&diags, color()));
                let errors = diags.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "failed: {} ({errors} error{})",
                    path.display(),
                    if errors == 1 { "" } else { "s" }
                );
                let unreadable = diags.iter().any(|d| d.code == codes::UNREADABLE_MAPPING);
                outcome = match outcome {
                    Outcome::Usage => Outcome::Usage,
                    _ if unreadable => Outcome::Usage,
                    _ => Outcome::Failed,
                };
            }
        }
    }
    outcome
}
