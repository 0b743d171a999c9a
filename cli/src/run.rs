//! `ferry run`: map records from a file or stdin.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::{Mapping, codes};

use crate::input::{self, FormatArg};
use crate::{Outcome, color, render};

/// Map JSON or NDJSON records with a mapping.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry run mappings/orders/orders.map mappings/orders/cases/basic.in.json --pretty
  ferry run orders.map orders.ndjson -o out.ndjson --on-error skip --errors errors.ndjson
  ferry run -e '{ id: $.orderId }' < orders.ndjson")]
pub struct RunArgs {
    /// The `.map` file, then the input file (JSON or NDJSON; `-` or none
    /// for stdin). With `-e`, only the input.
    #[arg(value_name = "MAPPING [INPUT]", num_args = 0..=2)]
    files: Vec<PathBuf>,
    /// An inline mapping instead of a file, e.g. `-e '{ id: $.orderId }'`.
    #[arg(short = 'e', long = "expr", value_name = "EXPR")]
    expr: Option<String>,
    /// Write output here instead of stdout.
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<PathBuf>,
    /// Indent each output document.
    #[arg(long)]
    pretty: bool,
    /// What a failing record does: stop the run (`fail`) or be reported
    /// and skipped (`skip`).
    #[arg(long, value_enum, default_value = "fail")]
    on_error: OnErrorArg,
    /// Write failures as JSON lines to this file instead of stderr.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Input format (default: by extension, else detected).
    #[arg(long, value_enum)]
    from: Option<FormatArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OnErrorArg {
    Fail,
    Skip,
}

pub fn run(args: RunArgs) -> Outcome {
    let (mapping, input_path) = match (&args.expr, args.files.as_slice()) {
        (Some(expr), input) if input.len() <= 1 => {
            (Mapping::compile_named("<expr>", expr, "."), input.first())
        }
        (None, [mapping, input @ ..]) => (Mapping::compile_file(mapping), input.first()),
        (None, []) => {
            eprintln!(
                "error: a mapping file (or `-e EXPR`) is required\n\nUsage: ferry run MAPPING [INPUT]"
            );
            return Outcome::Usage;
        }
        _ => {
            eprintln!("error: with `-e`, give at most one input file");
            return Outcome::Usage;
        }
    };
    let mapping = match mapping {
        Ok(m) => m,
        Err(diags) => {
            eprint!("{}", render::diagnostics(&diags, color()));
            let unreadable = diags.iter().any(|d| d.code == codes::UNREADABLE_MAPPING);
            return if unreadable {
                Outcome::Usage
            } else {
                Outcome::Failed
            };
        }
    };
    eprint!("{}", render::diagnostics(mapping.warnings(), color()));

    let (bytes, format) = match input::read(input_path.map(PathBuf::as_path), args.from) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let mut out = match input::output(args.output.as_ref()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let mut error_file = match &args.errors {
        Some(p) => match File::create(p) {
            Ok(f) => Some(BufWriter::new(f)),
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", p.display());
                return Outcome::Usage;
            }
        },
        None => None,
    };

    let options = BatchOptions {
        on_error: if args.on_error == OnErrorArg::Skip {
            OnError::Skip
        } else {
            OnError::Fail
        },
        pretty: args.pretty,
    };
    let mut report_failure = |e: &ferry_engine::RunError, _raw: &[u8]| match &mut error_file {
        Some(f) => {
            let _ = writeln!(f, "{}", e.to_json());
        }
        None => eprintln!("error: {e}"),
    };
    let report = match batch::run(
        &mapping,
        &bytes,
        format,
        options,
        &mut out,
        &mut report_failure,
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            return Outcome::Failed;
        }
    };
    if let Some(f) = &mut error_file {
        let _ = f.flush();
    }
    if report.failures > 0 {
        let tail = if report.stopped {
            " (stopped at the first failure; --on-error skip goes on)"
        } else {
            ""
        };
        eprintln!(
            "ferry: {} record{} read, {} output{}, {} failure{}{tail}",
            report.records,
            plural(report.records),
            report.outputs,
            plural(report.outputs),
            report.failures,
            plural(report.failures)
        );
        return Outcome::Failed;
    }
    Outcome::Success
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
