//! `ferry test` (being written).

use crate::Outcome;

/// (being written)
#[derive(clap::Args)]
pub struct TestArgs {
    /// Arguments.
    args: Vec<String>,
}

pub fn test(args: TestArgs) -> Outcome {
    let _ = args.args;
    eprintln!("ferry test: not available yet");
    Outcome::Usage
}
