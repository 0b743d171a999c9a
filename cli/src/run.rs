//! `ferry run`: map records from a file or stdin, as a stream.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ferry_engine::batch::{self, BatchOptions, BatchReport, Observer, OnError, Stats};
use ferry_engine::contract::Validate;
use ferry_engine::format::{Format, FormatSpec};
use ferry_engine::{Interrupt, Mapping, RunError, codes};

use crate::progress::Progress;
use crate::{Outcome, color, render};
use crate::{input, limits};

/// Map JSON or NDJSON records with a mapping.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry run mappings/partner_order/partner_order.map mappings/partner_order/cases/basic.in.json --pretty
  ferry run orders.map orders.ndjson -o out.ndjson --on-error skip --dead-letter failed.ndjson --stats
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
    #[command(flatten)]
    batch: BatchFlags,
    /// Which declared contracts to check: `input`, `output`, `both` or
    /// `none` (default: every schema the mapping declares). A record that
    /// violates one fails with E0408 (input) or E0409 (output).
    #[arg(long, value_name = "SIDES")]
    validate: Option<Validate>,
}

/// The flags every batch command shares (`ferry run`, `ferry validate`).
#[derive(clap::Args)]
pub(crate) struct BatchFlags {
    /// Write failures as JSON lines to this file instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Write each failing input record, unchanged, with its record number
    /// and error, as one JSON line to this file.
    #[arg(long, value_name = "FILE")]
    pub dead_letter: Option<PathBuf>,
    /// Input format: json, ndjson, yaml, csv, tsv, xml (default: by
    /// extension, else the mapping's `input format`, else JSON or NDJSON
    /// as detected).
    #[arg(long, value_name = "FORMAT", value_parser = input::parse_format)]
    pub from: Option<Format>,
    /// Output format (default: by `-o`'s extension, else the mapping's
    /// `output format`, else NDJSON, one JSON document per line).
    #[arg(long, value_name = "FORMAT", value_parser = input::parse_format)]
    pub to: Option<Format>,
    /// An input format option, `NAME=VALUE` (repeatable), over what the
    /// mapping declares: `delimiter=;`, `infer=true`, `record=o:Orders/o:Order`,
    /// `namespaces=o=urn:orders`. See docs/formats.md.
    #[arg(long = "input-option", value_name = "NAME=VALUE")]
    pub input_options: Vec<String>,
    /// An output format option, `NAME=VALUE` (repeatable): `columns=id,total`,
    /// `flatten=.`, `root=Orders`, `element=Order`.
    #[arg(long = "output-option", value_name = "NAME=VALUE")]
    pub output_options: Vec<String>,
    /// XML input: each element at this path is one record, streamed
    /// (`--input-option record=PATH`).
    #[arg(long, value_name = "PATH")]
    pub xml_record: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print statistics at the end: counts, error rate, throughput,
    /// per-record latency percentiles.
    #[arg(long)]
    pub stats: bool,
    /// Write the statistics as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<PathBuf>,
    /// Show a progress bar even when stderr is not a terminal.
    #[arg(long)]
    pub progress: bool,
    /// JSON and NDJSON input: how many levels of arrays and objects a
    /// record may nest (default 128, at most 1024). A deeper record fails
    /// with E0406, naming its depth and the limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(ferry_engine::doc::MAX_DEPTH_LIMIT)))]
    pub max_depth: Option<u32>,
    /// Work one record may take, in units of about one evaluation step
    /// (default 50 000 000, a few seconds at most). A record over it fails
    /// with E0505. See docs/limits.md.
    #[arg(long, value_name = "N", value_parser = limits::parse_count)]
    pub max_work: Option<u64>,
    /// Bytes of values one record may build in total, and the most its
    /// output may take (default 64MiB; suffixes KiB, MiB, GiB). A record
    /// over it fails with E0506.
    #[arg(long, value_name = "BYTES", value_parser = limits::parse_bytes)]
    pub max_memory: Option<u64>,
    /// The largest input record (default 256MiB). A larger one fails with
    /// E0508.
    #[arg(long, value_name = "BYTES", value_parser = limits::parse_bytes)]
    pub max_record_bytes: Option<u64>,
    /// The longest string in an input record (default 64MiB). A longer
    /// one fails its record with E0509.
    #[arg(long, value_name = "BYTES", value_parser = limits::parse_bytes)]
    pub max_string_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OnErrorArg {
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
        Ok(m) => m.with_validation(args.validate.unwrap_or_default()),
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

    let io = BatchIo {
        input: input_path.cloned(),
        output: args.output,
        pretty: args.pretty,
        on_error: args.on_error,
        discard_output: false,
        flags: args.batch,
    };
    run_batch(mapping, io)
}

/// The files, streams and policies of a batch run (`ferry run`, `ferry validate`).
pub(crate) struct BatchIo {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub pretty: bool,
    pub on_error: OnErrorArg,
    /// Without `-o`, drop the outputs instead of writing them to stdout.
    pub discard_output: bool,
    pub flags: BatchFlags,
}

/// Maps (or validates) every record of `io.input` with `mapping`: the
/// streaming, parallel batch path with its accounting and exit status.
pub(crate) fn run_batch(mapping: Mapping, args: BatchIo) -> Outcome {
    let interrupt = Interrupt::new();
    let mapping = limits::apply(mapping, &args.flags).with_interrupt(interrupt.clone());
    let mapping = &mapping;
    let input_path = args.input.as_ref();
    if let Some(threads) = args.flags.threads {
        if threads == 0 {
            eprintln!("error: --threads must be at least 1");
            return Outcome::Usage;
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
        {
            eprintln!("error: cannot start {threads} threads: {e}");
            return Outcome::Usage;
        }
    }
    let declared = mapping.formats();
    let stream = match input::open(
        input_path.map(PathBuf::as_path),
        args.flags.from,
        declared.input.as_ref().map(|s| s.format),
    ) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let output_format = args
        .flags
        .to
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .or(declared.output.as_ref().map(|s| s.format))
        .unwrap_or(Format::Ndjson);
    let mut input_options = args.flags.input_options.clone();
    if let Some(path) = &args.flags.xml_record {
        input_options.push(format!("record={path}"));
    }
    let specs = spec(
        stream.format,
        declared.input.as_ref(),
        &input_options,
        "--input-option",
    )
    .and_then(|input| {
        spec(
            output_format,
            declared.output.as_ref(),
            &args.flags.output_options,
            "--output-option",
        )
        .map(|output| (input, output))
    });
    let specs = specs.and_then(|(input, output)| {
        ferry_engine::format::check(&input, &output)?;
        Ok((input, output))
    });
    let (input_spec, output_spec) = match specs {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let (mut out, replacement) = match input::output_for(args.output.as_ref(), args.discard_output)
    {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let (errors, dead_letter) = match (
        create(args.flags.errors.as_deref()),
        create(args.flags.dead_letter.as_deref()),
    ) {
        (Ok(e), Ok(d)) => (e, d),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };

    let flag = interrupt.clone();
    // Without a handler SIGINT kills the process mid-write; with it the
    // records in progress stop, everything finished before them is written
    // in order, and the run reports how far it got. A second signal is
    // someone who will not wait.
    let _ = ctrlc::set_handler(move || {
        if flag.is_triggered() {
            std::process::exit(Outcome::Interrupted.code());
        }
        flag.trigger();
    });

    let streamed = stream.format != Format::Json;
    let show_progress = args.flags.progress || (crate::stderr_is_terminal() && streamed);
    let mut reporter = Reporter {
        json_input: matches!(input_spec.format, Format::Json | Format::Ndjson),
        errors,
        dead_letter,
        interrupted: interrupt,
        progress: show_progress.then(|| Progress::new(stream.size)),
    };
    let options = BatchOptions {
        on_error: if args.on_error == OnErrorArg::Skip {
            OnError::Skip
        } else {
            OnError::Fail
        },
        pretty: args.pretty,
    };
    let result = batch::run_formats(
        mapping,
        stream.reader,
        &input_spec,
        &output_spec,
        options,
        &mut out,
        &mut reporter,
    );
    if let Some(p) = &reporter.progress {
        p.finish();
    }
    let lost = reporter.finish();
    drop(out);
    let report = match result {
        Ok(r) => r,
        // `ferry run … | head`: the output's reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Outcome::BrokenPipe,
        Err(e) => {
            for message in &lost {
                eprintln!("error: {message}");
            }
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };

    if let Some(replacement) = replacement
        && let Err(message) = replacement.commit()
    {
        eprintln!("error: {message}");
        return Outcome::Failed;
    }

    let stats = Stats::of(&report);
    if args.flags.stats {
        eprint!("{}", stats_text(&stats));
    }
    if let Some(path) = &args.flags.stats_json {
        let text = serde_json::to_string_pretty(&stats).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return Outcome::Usage;
        }
    }
    // A failure report that could not be written is a failure lost: the
    // run cannot end as if it had kept them.
    if !lost.is_empty() {
        for message in &lost {
            eprintln!("error: {message}");
        }
        eprintln!("{}", accounting(&report));
        return if report.interrupted {
            Outcome::Interrupted
        } else {
            Outcome::Failed
        };
    }
    // A single document that mapped cleanly needs no accounting; a batch,
    // a failure, an interruption or an empty input always gets it.
    if streamed || report.records == 0 || report.failures > 0 || report.interrupted {
        eprintln!("{}", accounting(&report));
    }
    if report.interrupted {
        Outcome::Interrupted
    } else if report.failures > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

/// The format `format` with its options: what the mapping declares for it
/// (when it declares this format), then the command line's `NAME=VALUE`s.
fn spec(
    format: Format,
    declared: Option<&FormatSpec>,
    options: &[String],
    flag: &str,
) -> Result<FormatSpec, String> {
    let mut spec = declared
        .filter(|d| d.format == format)
        .cloned()
        .unwrap_or_else(|| FormatSpec::new(format));
    for option in options {
        let Some((name, value)) = option.split_once('=') else {
            return Err(format!("{flag} is NAME=VALUE, not `{option}`"));
        };
        spec.set_text(name.trim(), value)
            .map_err(|e| format!("{flag} {option}: {e}"))?;
    }
    Ok(spec)
}

/// `ferry: 1000 records read: 998 outputs, 2 failures`.
fn accounting(report: &BatchReport) -> String {
    let mut line = format!(
        "ferry: {} record{} read, {} output{}, {} failure{}",
        report.records,
        plural(report.records),
        report.outputs,
        plural(report.outputs),
        report.failures,
        plural(report.failures)
    );
    if report.interrupted {
        line.push_str(" (interrupted: the outputs written are those of the first records, in order; the rest of the input was not mapped)");
    } else if report.stopped {
        line.push_str(" (stopped at the first failure; --on-error skip goes on)");
    }
    line
}

fn stats_text(s: &Stats) -> String {
    format!(
        "records      {}\noutputs      {}\nfailures     {} ({:.3}%)\nwall time    {:.3} s\nthroughput   {:.0} records/s, {:.1} MB/s\nlatency      p50 {} µs, p95 {} µs, p99 {} µs, max {} µs\n",
        s.records,
        s.outputs,
        s.failures,
        s.error_rate * 100.0,
        s.wall_seconds,
        s.records_per_second,
        s.megabytes_per_second,
        s.latency_us.p50,
        s.latency_us.p95,
        s.latency_us.p99,
        s.latency_us.max
    )
}

fn create(path: Option<&Path>) -> Result<Option<Sink>, String> {
    path.map(|p| {
        File::create(p)
            .map(|file| Sink {
                path: p.to_owned(),
                file: BufWriter::new(file),
                failed: None,
            })
            .map_err(|e| format!("cannot write `{}`: {e}", p.display()))
    })
    .transpose()
}

/// A file of failure reports (`--errors`, `--dead-letter`). Its first
/// write error is kept, and reported when the run ends: a failure that
/// could not be written down must not pass for one that was.
struct Sink {
    path: PathBuf,
    file: BufWriter<File>,
    failed: Option<std::io::Error>,
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) {
        if self.failed.is_none()
            && let Err(e) = self.file.write_all(bytes)
        {
            self.failed = Some(e);
        }
    }

    /// Flushes; the error, if any write failed.
    fn finish(&mut self) -> Option<String> {
        if self.failed.is_none()
            && let Err(e) = self.file.flush()
        {
            self.failed = Some(e);
        }
        let e = self.failed.as_ref()?;
        Some(format!("cannot write `{}`: {e}", self.path.display()))
    }
}

/// Where failures and progress go during a run.
struct Reporter {
    /// JSON input: a record that parses goes into the dead letter as JSON;
    /// in any other format a record is text.
    json_input: bool,
    errors: Option<Sink>,
    dead_letter: Option<Sink>,
    interrupted: Interrupt,
    progress: Option<Progress>,
}

impl Reporter {
    /// Flushes the failure files; what could not be written.
    fn finish(&mut self) -> Vec<String> {
        [&mut self.errors, &mut self.dead_letter]
            .into_iter()
            .flatten()
            .filter_map(Sink::finish)
            .collect()
    }
}

impl Observer for Reporter {
    fn failure(&mut self, error: &RunError, raw: &[u8]) {
        match &mut self.errors {
            Some(f) => {
                let mut line = error.to_json().to_string();
                line.push('\n');
                f.write(line.as_bytes());
            }
            None => match &self.progress {
                Some(p) => p.println(&format!("error: {error}")),
                None => eprintln!("error: {error}"),
            },
        }
        if let Some(f) = &mut self.dead_letter {
            f.write(&dead_letter_line(error, raw, self.json_input));
        }
    }

    fn progress(&mut self, report: &BatchReport) {
        if let Some(p) = &self.progress {
            p.update(report);
        }
    }

    fn interrupted(&self) -> bool {
        self.interrupted.is_triggered()
    }
}

/// `{"record":12,"error":{…},"input":<the record's bytes, unchanged>}`; a
/// record that is not valid JSON, or any record of another format (a CSV
/// row, an XML element, a YAML document), goes in `"input_text"` as a
/// string.
fn dead_letter_line(error: &RunError, raw: &[u8], json_input: bool) -> Vec<u8> {
    let mut line = Vec::with_capacity(raw.len() + 160);
    let record = error.info().record.unwrap_or(0);
    let _ = write!(line, "{{\"record\":{record},\"error\":{},", error.to_json());
    if json_input && serde_json::from_slice::<serde::de::IgnoredAny>(raw).is_ok() {
        line.extend_from_slice(b"\"input\":");
        line.extend_from_slice(raw.trim_ascii());
    } else {
        let text = String::from_utf8_lossy(raw);
        let _ = write!(
            line,
            "\"input_text\":{}",
            serde_json::Value::String(text.into_owned())
        );
    }
    line.extend_from_slice(b"}\n");
    line
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
