//! `ferry fmt` (being written).

use crate::Outcome;

/// (being written)
#[derive(clap::Args)]
pub struct FmtArgs {
    /// Arguments.
    args: Vec<String>,
}

pub fn fmt(args: FmtArgs) -> Outcome {
    let _ = args.args;
    eprintln!("ferry fmt: not available yet");
    Outcome::Usage
}
