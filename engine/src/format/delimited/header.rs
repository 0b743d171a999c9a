//! The column names: from the header row, or from the option `columns`.

use super::dialect::{Dialect, Unterminated, split_fields, unescape};
use crate::codes;
use crate::error::RunError;
use crate::format::codec::{Position, malformed};

/// The names in header row `row` (on line `line`). Every name must be
/// non-empty and unique, since they become the records' member names.
pub(super) fn names(dialect: &Dialect, row: &[u8], line: u64) -> Result<Vec<String>, RunError> {
    let text = std::str::from_utf8(row).map_err(|e| {
        let at = Position::of_offset(row, e.valid_up_to(), line);
        malformed(line, at, "invalid UTF-8 in the header row")
    })?;
    let mut cells = Vec::new();
    split_fields(dialect, row, |_, field| {
        let name = match field.text {
            Some(range) => text[range].to_owned(),
            None => {
                let mut out = vec![0; field.raw.len()];
                let n = unescape(dialect, &row[field.raw.clone()], &mut out);
                out.truncate(n);
                String::from_utf8_lossy(&out).into_owned()
            }
        };
        cells.push((name, field.raw.start));
    })
    .map_err(|Unterminated(at)| {
        let at = Position::of_offset(row, at, line);
        malformed(
            line,
            at,
            "quoted header name never closes (a quote is missing)",
        )
    })?;
    for (i, (name, offset)) in cells.iter().enumerate() {
        let at = Position::of_offset(row, *offset, line);
        if name.is_empty() {
            return Err(malformed(
                line,
                at,
                format!(
                    "header column {} has no name; every column needs one (or read the file with header: false and columns)",
                    i + 1
                ),
            ));
        }
        if let Some(first) = cells[..i].iter().position(|(n, _)| n == name) {
            return Err(malformed(
                line,
                at,
                format!(
                    "the header names `{name}` twice (columns {} and {}); column names must be unique",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    Ok(cells.into_iter().map(|(name, _)| name).collect())
}

/// The option `columns` as the names of a headerless input.
pub(super) fn from_option(columns: Option<&[String]>) -> Result<Vec<String>, RunError> {
    let bad = |message: String| RunError::new(codes::BAD_FORMAT_OPTION, message);
    let Some(columns) = columns else {
        return Err(bad(
            "a CSV input without a header row (header: false) needs its column names: give the option `columns`".into(),
        ));
    };
    for (i, name) in columns.iter().enumerate() {
        if name.is_empty() {
            return Err(bad(format!(
                "option `columns`: column {} has no name",
                i + 1
            )));
        }
        if columns[..i].contains(name) {
            return Err(bad(format!("option `columns` names `{name}` twice")));
        }
    }
    Ok(columns.to_vec())
}
