//! CSV and TSV: one record per row, one row per output.
//!
//! Reading: [`open`] takes the header, then a splitter ([`split`]) cuts
//! the rest into chunks of whole rows and a row parser ([`row`]) turns
//! each row into an object named by the header. Writing: [`encoder`].
//! TSV is CSV with a tab delimiter; both follow RFC 4180 with these
//! conventions:
//!
//! - Rows end with LF or CRLF; a lone CR is data. A quote opens a quoted
//!   field only as its first byte; inside one the delimiter and line
//!   breaks are text, a doubled quote is a quote, and the `escape` byte
//!   (when set) makes the next byte literal. A line holding only spaces,
//!   tabs or CR is blank and no record. A UTF-8 byte-order mark is
//!   dropped. The input must be UTF-8.
//! - A record's number is the line its row starts on (the header is line
//!   1), counting the line breaks inside quoted cells.
//! - With `header` (the default) the first row names the columns: names
//!   must be non-empty and unique, and `columns` is not used for reading.
//!   Without it, `columns` names them.
//! - A row must have as many fields as there are names.
//! - Without `infer` every cell is a string. With it, an unquoted cell is
//!   a number (JSON's syntax, digits kept: `3.50`; `007` stays text), a
//!   boolean (`true`, `false`) or, when empty, what `empty` says; a
//!   quoted cell is always a string (`"123"` and `""` stay text).
//! - Output rows end with LF; a field is quoted only when it must be
//!   (see [`write`]). Nested values are flattened with `flatten`, or are
//!   an error; arrays inside an output are always an error.

mod dialect;
mod header;
mod infer;
mod row;
mod split;
mod write;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::sync::Arc;

use crate::error::RunError;
use crate::format::CsvOptions;
use crate::format::codec::Encoder;
use dialect::Dialect;
use row::{NamesFrom, RowReader};
use split::RowChunks;

pub(crate) use write::columns_of;

use crate::format::codec::Opened;

/// Opens a CSV input: reads the header row (with `options.header`) and
/// returns the splitter of the rows after it, in chunks of about
/// `chunk_bytes`, and the parser of one row.
///
/// The column names are the header's (`options.columns` is then ignored
/// for reading), or `options.columns` for a headerless input. A header
/// with an empty or repeated name is a malformed record (its line); a
/// headerless input without `columns` is a bad option. An empty input has
/// no header and no records.
pub(crate) fn open<'r>(
    reader: Box<dyn Read + Send + 'r>,
    options: &CsvOptions,
    chunk_bytes: usize,
) -> Result<Opened<'r>, RunError> {
    let dialect = Dialect::new(options);
    let mut chunks = RowChunks::new(reader, dialect, chunk_bytes);
    let (names, from) = if options.header {
        let names = match chunks.first_row().map_err(read_error)? {
            Some((line, row)) => header::names(&dialect, &row, line)?,
            None => Vec::new(),
        };
        (names, NamesFrom::Header)
    } else {
        (
            header::from_option(options.columns.as_deref())?,
            NamesFrom::Columns,
        )
    };
    let reader = RowReader::new(options, names, from);
    Ok((Box::new(chunks), Arc::new(reader)))
}

/// Checks the options an input is read with, before any byte is: a
/// headerless input needs its column names.
pub(crate) fn check(options: &CsvOptions) -> Result<(), String> {
    if options.header {
        return Ok(());
    }
    header::from_option(options.columns.as_deref())
        .map(drop)
        .map_err(|e| e.message().to_owned())
}

/// The encoder of rows with `columns` in this order: the header row (with
/// `options.header`) first, then a row per object output, or per element
/// of an array output. A missing member or `null` is an empty cell,
/// numbers are their JSON text, booleans `true`/`false`; a member with no
/// column, a nested value (without `flatten`) or an array is an error and
/// writes nothing of that output.
pub(crate) fn encoder(options: &CsvOptions, columns: Vec<String>) -> Box<dyn Encoder> {
    Box::new(write::RowEncoder::new(options, columns))
}

fn read_error(e: std::io::Error) -> RunError {
    RunError::new(
        crate::codes::MALFORMED_RECORD,
        format!("cannot read the CSV header: {e}"),
    )
}
