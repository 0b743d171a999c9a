//! `ferry fmt`: rewrite mappings in the canonical layout
//! (`ferry_dsl::fmt`), or with `--check` list those that are not.

use std::path::{Path, PathBuf};

use ferry_engine::{Diagnostics, SourceFile};

use crate::{Outcome, color, render};

/// Format mappings in the canonical layout.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  ferry fmt                                every .map file under the current directory
  ferry fmt mappings/invoice               one folder, recursively
  ferry fmt mappings/invoice/invoice.map   one file
  ferry fmt --check mappings               list the files that would change (CI)

Files are rewritten in place, and only when their layout changes; comments
are kept. A file that does not parse is reported and left alone. Exit status:
0 all formatted (or, with --check, nothing to change), 1 a file would change
(--check) or does not parse, 2 a path cannot be read or written.")]
pub struct FmtArgs {
    /// Change nothing: print the files whose layout would change and exit
    /// with 1 if there are any.
    #[arg(long)]
    check: bool,
    /// `.map` files, or folders to search recursively for `*.map`; default
    /// the current directory.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn fmt(args: FmtArgs) -> Outcome {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut status = Status::default();
    let mut files = Vec::new();
    for path in &paths {
        match collect(path, &mut files) {
            Ok(()) => {}
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", path.display());
                status.unreadable = true;
            }
        }
    }
    for file in &files {
        format_file(file, args.check, &mut status);
    }
    if status.unreadable {
        Outcome::Usage
    } else if status.failed {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

#[derive(Default)]
struct Status {
    /// A file would change (`--check`) or does not parse.
    failed: bool,
    /// A path could not be read or written.
    unreadable: bool,
}

fn format_file(path: &Path, check: bool, status: &mut Status) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", path.display());
            status.unreadable = true;
            return;
        }
    };
    // Diagnostic spans count from after a byte-order mark.
    let source_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let formatted = match ferry_dsl::fmt::format(source_text) {
        Ok(formatted) => formatted,
        Err(diags) => {
            let source = SourceFile::new(path.display().to_string(), source_text);
            let diags = Diagnostics(
                diags
                    .0
                    .into_iter()
                    .map(|d| d.with_source(&source))
                    .collect(),
            );
            eprint!("{}", render::diagnostics(&diags, color()));
            eprintln!("failed: {} (does not parse)", path.display());
            status.failed = true;
            return;
        }
    };
    if formatted == text {
        return;
    }
    if check {
        println!("{}", path.display());
        status.failed = true;
    } else if let Err(err) = std::fs::write(path, formatted) {
        eprintln!("error: cannot write {}: {err}", path.display());
        status.unreadable = true;
    } else {
        eprintln!("formatted: {}", path.display());
    }
}

/// `path` itself when it is a file; the `*.map` files under it, sorted,
/// when it is a folder (hidden folders skipped).
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    for entry in entries {
        let hidden = entry
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if entry.is_dir() {
            if !hidden {
                collect(&entry, out)?;
            }
        } else if entry.extension().is_some_and(|e| e == "map") {
            out.push(entry);
        }
    }
    Ok(())
}
