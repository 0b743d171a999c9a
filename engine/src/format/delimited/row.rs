//! One CSV row to one record: an object whose members are the header's
//! names, in column order, built in the worker's arena.

use bumpalo::Bump;

use super::dialect::{Dialect, Field, Unterminated, split_fields, unescape};
use super::infer::infer;
use crate::doc::{Member, Node};
use crate::error::RunError;
use crate::format::codec::{Parsed, Position, RecordReader, malformed};
use crate::format::{CsvOptions, EmptyCell};
use crate::projection::Keep;

/// Where the column names came from, for the field-count message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NamesFrom {
    /// The input's header row.
    Header,
    /// The option `columns`.
    Columns,
}

/// Parses rows into objects named by the header (shared by every worker).
#[derive(Debug)]
pub(super) struct RowReader {
    dialect: Dialect,
    /// Every column name, one after the other: a record copies them into
    /// its arena in one piece (its members' keys are slices of the copy).
    joined: Box<str>,
    /// Where each name is in `joined`, in column order.
    spans: Vec<std::ops::Range<usize>>,
    from: NamesFrom,
    infer: bool,
    empty: EmptyCell,
    decimal_comma: bool,
}

impl RowReader {
    pub fn new(options: &CsvOptions, names: Vec<String>, from: NamesFrom) -> RowReader {
        let mut joined = String::new();
        let mut spans = Vec::with_capacity(names.len());
        for name in &names {
            spans.push(joined.len()..joined.len() + name.len());
            joined.push_str(name);
        }
        RowReader {
            dialect: Dialect::new(options),
            joined: joined.into_boxed_str(),
            spans,
            from,
            infer: options.infer,
            empty: options.empty,
            decimal_comma: options.decimal_comma,
        }
    }

    /// The value of cell `field` of `row`.
    fn cell<'a>(&self, row: &'a str, field: &Field, arena: &'a Bump) -> Node<'a> {
        let text = match &field.text {
            Some(range) => &row[range.clone()],
            None => {
                let raw = &row.as_bytes()[field.raw.clone()];
                let out = arena.alloc_slice_fill_copy(raw.len(), 0u8);
                let n = unescape(&self.dialect, raw, out);
                // Only ASCII syntax bytes were dropped from valid UTF-8,
                // so this cannot fail; text stays whole if it somehow did.
                match std::str::from_utf8(&out[..n]) {
                    Ok(text) => text,
                    Err(_) => &row[field.raw.clone()],
                }
            }
        };
        if !self.infer || field.quoted {
            return Node::Str(text);
        }
        if text.is_empty() {
            return match self.empty {
                EmptyCell::Null => Node::Null,
                // `parse` leaves absent members out before getting here.
                EmptyCell::Absent | EmptyCell::String => Node::Str(""),
            };
        }
        infer(text, self.decimal_comma, arena)
    }
}

impl RecordReader for RowReader {
    fn parse<'a>(
        &self,
        raw: &'a [u8],
        number: u64,
        keep: &Keep,
        arena: &'a Bump,
    ) -> Result<Parsed<'a>, RunError> {
        let row = std::str::from_utf8(raw).map_err(|e| {
            let at = Position::of_offset(raw, e.valid_up_to(), number);
            malformed(number, at, "invalid UTF-8 (the input must be UTF-8 text)")
        })?;
        let members: &mut [Member<'a>] =
            arena.alloc_slice_fill_copy(self.spans.len(), ("", Node::Null));
        let mut kept = 0;
        // The names, copied into the arena in one piece.
        let names: &'a str = arena.alloc_str(&self.joined);
        let count = split_fields(&self.dialect, raw, |index, field| {
            let Some(span) = self.spans.get(index) else {
                return;
            };
            let name = &names[span.clone()];
            if keep.member(name).is_none() {
                return;
            }
            let absent = self.infer
                && self.empty == EmptyCell::Absent
                && !field.quoted
                && field.raw.is_empty();
            if !absent && let Some(member) = members.get_mut(kept) {
                *member = (name, self.cell(row, &field, arena));
                kept += 1;
            }
        })
        .map_err(|Unterminated(at)| {
            let at = Position::of_offset(raw, at, number);
            malformed(number, at, "quoted field never closes (a quote is missing)")
        })?;
        if count != self.spans.len() {
            let at = Position {
                line: number,
                column: 1,
            };
            let names = match self.from {
                NamesFrom::Header => "the header has",
                NamesFrom::Columns => "the option `columns` names",
            };
            return Err(malformed(
                number,
                at,
                format!("row has {}, {names} {}", fields(count), self.spans.len()),
            ));
        }
        Ok(Parsed::Node(Node::Obj(&members[..kept])))
    }
}

/// `1 field`, `3 fields`.
pub(super) fn fields(n: usize) -> String {
    format!("{n} field{}", if n == 1 { "" } else { "s" })
}
