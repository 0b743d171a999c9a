//! Opening inputs and outputs: files or `-` for the standard streams.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use ferry_engine::format::{Format, InputFormat};

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

/// A payload format named on the command line (`--from`, `--to`).
pub fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown format `{name}`; the formats are {}",
            names.join(", ")
        )
    })
}

/// An input opened for streaming: the reader (with any bytes peeked for
/// format detection put back in front), its format, and its size when it
/// is a file (for progress).
pub struct Stream {
    /// The bytes, from the start.
    pub reader: Box<dyn Read + Send>,
    /// Its format.
    pub format: Format,
    /// Size in bytes, when known.
    pub size: Option<u64>,
}

/// How much of an unnamed input is peeked to detect its format.
const PEEK_BYTES: u64 = 1 << 20;

/// Opens the input for streaming (a file, or stdin for `-` / none) and
/// decides its format: the flag, else the extension, else the mapping's
/// declaration, else detection (JSON or NDJSON) on the first megabyte.
pub fn open(
    path: Option<&Path>,
    format: Option<Format>,
    declared: Option<Format>,
) -> Result<Stream, String> {
    let named = path.filter(|p| p.as_os_str() != "-");
    let (reader, size): (Box<dyn Read + Send>, Option<u64>) = match named {
        Some(p) => {
            let file = File::open(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
            let metadata = file.metadata().ok();
            // Opening a directory succeeds; only the first read fails, with
            // an OS error that names no path.
            if metadata.as_ref().is_some_and(|m| m.is_dir()) {
                return Err(format!("cannot read `{}`: it is a directory", p.display()));
            }
            let size = metadata.filter(|m| m.is_file()).map(|m| m.len());
            let name = format!("`{}`", p.display());
            (Box::new(Named { inner: file, name }), size)
        }
        None => {
            let name = "standard input".to_owned();
            (
                Box::new(Named {
                    inner: io::stdin(),
                    name,
                }),
                None,
            )
        }
    };
    if let Some(format) = format
        .or_else(|| named.and_then(Format::from_path))
        .or(declared)
    {
        return Ok(Stream {
            reader,
            format,
            size,
        });
    }
    let mut peeked = Vec::new();
    let mut reader = reader;
    reader
        .by_ref()
        .take(PEEK_BYTES)
        .read_to_end(&mut peeked)
        .map_err(|e| e.to_string())?;
    let format = InputFormat::detect(&peeked).into();
    let reader: Box<dyn Read + Send> = Box::new(io::Cursor::new(peeked).chain(reader));
    Ok(Stream {
        reader,
        format,
        size,
    })
}

/// An input that names itself in its read errors (`cannot read
/// `orders.ndjson`: Input/output error`), which otherwise reach the user
/// from deep inside the batch reader as a bare OS error. The error kind
/// is kept.
struct Named<R> {
    inner: R,
    name: String,
}

impl<R: Read> Read for Named<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner
            .read(buf)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", self.name)))
    }
}

/// An output file written atomically: into a temporary file beside it,
/// synced and renamed over the target when the run ends, so a run killed
/// at any moment (SIGKILL included) leaves either the previous file or a
/// complete new one, never a torn one. It is also how an output replaces
/// its own input, which is read as a stream while the output is written.
/// Dropped without [`commit`](Replacement::commit) (the run failed to
/// write), the temporary file is removed and the target left as it was.
pub struct Replacement {
    temporary: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Replacement {
    /// Moves the finished output into place.
    pub fn commit(mut self) -> Result<(), String> {
        // The data reaches the disk before the name does: a crash after
        // the rename finds the whole file.
        File::open(&self.temporary)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&self.temporary, &self.target))
            .map_err(|e| format!("cannot write `{}`: {e}", self.target.display()))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Replacement {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Opens the output like [`output`]; a file is written atomically (see
/// [`Replacement`]), to be committed after the run. Outputs that are not
/// regular files (`/dev/null`, a FIFO, a terminal) are written in place.
/// With `discard` and no path, the outputs go nowhere (`ferry validate`).
pub fn output_for(
    path: Option<&PathBuf>,
    discard: bool,
) -> Result<(Box<dyn Write>, Option<Replacement>), String> {
    if discard && path.is_none() {
        return Ok((Box::new(io::sink()), None));
    }
    let Some(target) = path.filter(|p| p.as_os_str() != "-") else {
        return output(path).map(|w| (w, None));
    };
    let regular_or_new = match std::fs::metadata(target) {
        Ok(m) => m.is_file(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    };
    if !regular_or_new {
        return output(Some(target)).map(|w| (w, None));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.ferry-{}", std::process::id()));
    let file = File::create(&temporary)
        .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    Ok((
        Box::new(file),
        Some(Replacement {
            temporary,
            target: target.clone(),
            committed: false,
        }),
    ))
}

/// Opens the output: a file, or stdout for `-` / none. Not buffered here:
/// the batch path writes each group of outputs in one call, so that a
/// failed write can say how many outputs were written before it.
pub fn output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            let file =
                File::create(p).map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
            Ok(Box::new(file))
        }
        None => Ok(Box::new(io::stdout().lock())),
    }
}
