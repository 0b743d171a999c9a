//! `ferry`: run, check and query mappings from the command line.
//!
//! Thin by design: every behaviour lives in `ferry-engine`, where services
//! get it too. This binary parses arguments, opens files and streams, picks
//! the allocator, renders diagnostics, and maps outcomes to exit codes:
//! 0 success, 1 a mapping or data error, 2 a usage error or unreadable file.

mod check;
mod compat;
mod explain;
mod fmt;
mod input;
mod limits;
mod outbox;
mod plan;
mod progress;
mod query;
mod render;
mod report_format;
mod run;
mod schema;
mod serve;
mod test;
mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A faster allocator for the binary only; the library never chooses one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Declarative data mapping for API integration.
#[derive(Parser)]
#[command(name = "ferry", version, about, long_about = None, after_help = "Run `ferry <COMMAND> --help` for examples.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Run(run::RunArgs),
    Check(check::CheckArgs),
    Compat(compat::CompatArgs),
    Test(test::TestArgs),
    Fmt(fmt::FmtArgs),
    Explain(explain::ExplainArgs),
    Plan(plan::PlanArgs),
    Query(query::QueryArgs),
    Schema(schema::SchemaArgs),
    Validate(validate::ValidateArgs),
    Serve(serve::ServeArgs),
    Outbox(outbox::OutboxArgs),
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked.
    Success,
    /// A mapping or data error (exit 1).
    Failed,
    /// A usage error or unreadable file (exit 2).
    Usage,
    /// Stopped by SIGINT or SIGTERM after flushing what was done (exit 130).
    Interrupted,
    /// The reader of the output went away (`ferry run … | head`): stopped
    /// quietly, like other Unix filters, with the status a shell reports
    /// for SIGPIPE (exit 141).
    BrokenPipe,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check(args) => check::check(args),
        Command::Compat(args) => compat::compat(args),
        Command::Test(args) => test::test(args),
        Command::Fmt(args) => fmt::fmt(args),
        Command::Explain(args) => explain::explain(args),
        Command::Plan(args) => plan::plan(args),
        Command::Query(args) => query::query(args),
        Command::Schema(args) => schema::schema(args),
        Command::Validate(args) => validate::validate(args),
        Command::Serve(args) => serve::serve(args),
        Command::Outbox(args) => outbox::outbox(args),
    };
    ExitCode::from(outcome.code() as u8)
}

impl Outcome {
    /// The exit status.
    pub fn code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::Failed => 1,
            Outcome::Usage => 2,
            Outcome::Interrupted => 130,
            Outcome::BrokenPipe => 141,
        }
    }
}

/// True when diagnostics on stderr may use colour.
pub fn color() -> bool {
    stderr_is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// True when stderr is a terminal (not a pipe or a CI log).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
