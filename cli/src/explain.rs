//! `ferry explain` (being written).

use crate::Outcome;

/// (being written)
#[derive(clap::Args)]
pub struct ExplainArgs {
    /// Arguments.
    args: Vec<String>,
}

pub fn explain(args: ExplainArgs) -> Outcome {
    let _ = args.args;
    eprintln!("ferry explain: not available yet");
    Outcome::Usage
}
