//! Opening inputs and outputs: files or `-` for the standard streams.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use ferry_engine::format::InputFormat;

/// Input format as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// One JSON document.
    Json,
    /// One JSON value per line.
    Ndjson,
}

impl From<FormatArg> for InputFormat {
    fn from(f: FormatArg) -> InputFormat {
        match f {
            FormatArg::Json => InputFormat::Json,
            FormatArg::Ndjson => InputFormat::Ndjson,
        }
    }
}

/// Reads the whole input (a file, or stdin for `-` / none) and decides its
/// format: the flag, else the file extension, else detection.
pub fn read(
    path: Option<&Path>,
    format: Option<FormatArg>,
) -> Result<(Vec<u8>, InputFormat), String> {
    let mut bytes = Vec::new();
    let named = path.filter(|p| p.as_os_str() != "-");
    match named {
        Some(p) => {
            File::open(p)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
        }
        None => {
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
        }
    }
    let format = format
        .map(InputFormat::from)
        .or_else(|| named.and_then(InputFormat::from_path))
        .unwrap_or_else(|| InputFormat::detect(&bytes));
    Ok((bytes, format))
}

/// Opens the output: a file, or stdout for `-` / none.
pub fn output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            let file =
                File::create(p).map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
            Ok(Box::new(BufWriter::with_capacity(1 << 16, file)))
        }
        None => Ok(Box::new(BufWriter::with_capacity(
            1 << 16,
            io::stdout().lock(),
        ))),
    }
}
