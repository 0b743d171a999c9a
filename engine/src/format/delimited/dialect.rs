//! The one state machine of CSV syntax, shared by the splitter (which
//! only needs to know where rows end) and the row parser (which cuts a row
//! into fields), so that the two can never disagree about a row.
//!
//! It follows `csv-core`'s reader: a quote opens a quoted field only as
//! the field's first byte; inside one, a doubled quote is a quote and the
//! escape byte (if any) makes the next byte literal; bytes after a closing
//! quote continue the field unquoted (`"ab"c` is `abc`). Unlike
//! `csv-core`, only LF ends a row (a CR before it is dropped by the
//! splitter), so a lone CR is data.

use std::ops::Range;

use crate::format::CsvOptions;

/// Where the machine is within a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    /// At the first byte of a field.
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// After the escape byte inside a quoted field.
    Escaped,
    /// After a quote inside a quoted field: its end, or half of a doubled
    /// quote.
    QuoteInQuoted,
}

/// What a byte was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// Part of the field's text.
    Data,
    /// Syntax only (a quote, the escape byte).
    Syntax,
    /// The delimiter: the field ends.
    EndField,
    /// A line feed outside quotes: the row ends.
    EndRow,
}

/// The bytes that matter to the syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dialect {
    pub delimiter: u8,
    pub quote: u8,
    /// Never equal to `quote` (a quote is then escaped by doubling only).
    pub escape: Option<u8>,
    /// The delimiter, the quote and LF are three different bytes, so the
    /// scanners may jump from one of them to the next with `memchr` (see
    /// [`split_fields`]); otherwise they go byte by byte through
    /// [`Dialect::step`].
    pub distinct: bool,
}

impl Dialect {
    pub fn new(options: &CsvOptions) -> Dialect {
        Dialect {
            delimiter: options.delimiter,
            quote: options.quote,
            escape: options.escape.filter(|&e| e != options.quote),
            distinct: options.delimiter != options.quote
                && options.delimiter != b'\n'
                && options.quote != b'\n',
        }
    }

    /// The next state after byte `b`, and what `b` was.
    #[inline]
    pub fn step(&self, state: State, b: u8) -> (State, Action) {
        match state {
            State::FieldStart | State::Unquoted | State::QuoteInQuoted if b == b'\n' => {
                (State::FieldStart, Action::EndRow)
            }
            State::FieldStart | State::Unquoted | State::QuoteInQuoted if b == self.delimiter => {
                (State::FieldStart, Action::EndField)
            }
            State::FieldStart if b == self.quote => (State::Quoted, Action::Syntax),
            State::FieldStart | State::Unquoted => (State::Unquoted, Action::Data),
            State::Quoted if b == self.quote => (State::QuoteInQuoted, Action::Syntax),
            State::Quoted if Some(b) == self.escape => (State::Escaped, Action::Syntax),
            State::Quoted | State::Escaped => (State::Quoted, Action::Data),
            // A doubled quote is one quote of text.
            State::QuoteInQuoted if b == self.quote => (State::Quoted, Action::Data),
            State::QuoteInQuoted => (State::Unquoted, Action::Data),
        }
    }
}

/// One field of a row, as found by [`split_fields`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    /// The field's bytes in the row, quotes included.
    pub raw: Range<usize>,
    /// Its text, when that is a plain slice of the row (no doubled
    /// quotes, escapes or text after the closing quote); `None`: it needs
    /// [`unescape`].
    pub text: Option<Range<usize>>,
    /// True when the field started with a quote.
    pub quoted: bool,
}

/// A quoted field that never closes: the offset of its opening quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unterminated(pub usize);

/// Calls `each` with every field of `row` (a row without its line
/// terminator) in order, and returns how many there were. A row has at
/// least one field (the empty row has one empty field).
///
/// The fields are those of [`Dialect::step`] run over every byte (as
/// [`split_fields_bytes`] does, and still does for a dialect whose bytes
/// are not [`distinct`](Dialect::distinct)), but found by jumping: to the
/// next delimiter or LF through unquoted text ([`Ends`], eight bytes at a
/// time), to the next quote or escape byte inside a quoted field
/// (`memchr`).
#[inline]
pub(super) fn split_fields(
    dialect: &Dialect,
    row: &[u8],
    mut each: impl FnMut(usize, Field),
) -> Result<usize, Unterminated> {
    if !dialect.distinct {
        // Through `dyn`: the closure is compiled for the jumping scan only.
        return split_fields_bytes(dialect, row, &mut each as &mut dyn FnMut(usize, Field));
    }
    let (delimiter, quote) = (dialect.delimiter, dialect.quote);
    let len = row.len();
    let mut index = 0;
    // The current field's first byte.
    let mut start = 0;
    // The delimiters and LFs after `start`, while no quoted field has
    // been crossed since they were looked for (`None`: look again).
    let mut ends: Option<Ends<'_>> = None;
    loop {
        let field = if row.get(start) == Some(&quote) {
            // A quoted field; the delimiters found before it may lie
            // inside it.
            ends = None;
            let (text, from) = quoted_field(dialect, row, start)?;
            let end = match row.get(from) {
                None => len,
                Some(&b) if b == delimiter || b == b'\n' => from,
                // Text after the closing quote (`"ab"c`): unquoted up to
                // the next delimiter.
                Some(_) => Ends::new(row, from, delimiter).next().unwrap_or(len),
            };
            Field {
                raw: start..end,
                text: text.filter(|_| end == from),
                quoted: true,
            }
        } else {
            let end = ends
                .get_or_insert_with(|| Ends::new(row, start, delimiter))
                .next()
                .unwrap_or(len);
            Field {
                raw: start..end,
                text: Some(start..end),
                quoted: false,
            }
        };
        let end = field.raw.end;
        each(index, field);
        index += 1;
        if end == len {
            return Ok(index);
        }
        start = end + 1;
    }
}

/// The quoted field that opens at `start`: its text when that is a plain
/// slice (no doubled quote or escape), and the offset just after its
/// closing quote.
#[inline]
fn quoted_field(
    dialect: &Dialect,
    row: &[u8],
    start: usize,
) -> Result<(Option<Range<usize>>, usize), Unterminated> {
    let quote = dialect.quote;
    let mut plain = true;
    let mut p = start + 1;
    loop {
        let hit = match dialect.escape {
            Some(e) => memchr::memchr2(quote, e, &row[p..]),
            None => memchr::memchr(quote, &row[p..]),
        };
        let Some(k) = hit.map(|k| p + k) else {
            return Err(Unterminated(start));
        };
        if row[k] != quote {
            // The escape byte: the next byte is text, whatever it is.
            plain = false;
            if k + 1 >= row.len() {
                return Err(Unterminated(start));
            }
            p = k + 2;
        } else if row.get(k + 1) == Some(&quote) {
            // A doubled quote: one quote of text.
            plain = false;
            p = k + 2;
        } else {
            return Ok((plain.then_some(start + 1..k), k + 1));
        }
    }
}

/// The offsets of the delimiters and LFs of a row from some offset on, in
/// order, found eight bytes at a time (fields are short: a `memchr` call
/// per field costs more than it saves).
struct Ends<'r> {
    row: &'r [u8],
    /// The offset of the word `found` is about.
    base: usize,
    /// The high bit of each byte of the word at `base` that is a
    /// delimiter or LF and not yet handed out.
    found: u64,
    delimiters: u64,
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const LFS: u64 = 0x0a0a_0a0a_0a0a_0a0a;

impl<'r> Ends<'r> {
    #[inline]
    fn new(row: &'r [u8], from: usize, delimiter: u8) -> Ends<'r> {
        let delimiters = u64::from_ne_bytes([delimiter; 8]);
        let mut ends = Ends {
            row,
            base: from,
            found: 0,
            delimiters,
        };
        ends.found = ends.word(from);
        ends
    }

    /// The high bits of the delimiters and LFs among the (up to) eight
    /// bytes at `at`.
    #[inline]
    fn word(&self, at: usize) -> u64 {
        let rest = &self.row[at.min(self.row.len())..];
        let (word, valid) = match rest.first_chunk::<8>() {
            Some(bytes) => (u64::from_le_bytes(*bytes), !0u64),
            None => {
                let mut bytes = [0; 8];
                bytes[..rest.len()].copy_from_slice(rest);
                (u64::from_le_bytes(bytes), (1u64 << (8 * rest.len())) - 1)
            }
        };
        (zero_bytes(word ^ self.delimiters) | zero_bytes(word ^ LFS)) & valid
    }

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.found == 0 {
            self.base += 8;
            if self.base >= self.row.len() {
                return None;
            }
            self.found = self.word(self.base);
        }
        let at = self.base + (self.found.trailing_zeros() / 8) as usize;
        self.found &= self.found - 1;
        Some(at)
    }
}

/// The high bit of every zero byte of `x` (exactly: no carry crosses a
/// byte).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// [`split_fields`] one byte at a time through [`Dialect::step`]: the
/// definition (the property tests hold the two together), and the way for
/// a dialect whose bytes are not distinct.
pub(super) fn split_fields_bytes(
    dialect: &Dialect,
    row: &[u8],
    mut each: impl FnMut(usize, Field),
) -> Result<usize, Unterminated> {
    let mut state = State::FieldStart;
    let mut index = 0;
    let mut start = 0;
    // The text range of the current field while it is still a plain slice.
    let mut plain = true;
    let mut text_start = 0;
    let mut text_end = 0;
    let mut quoted = false;
    for (i, &b) in row.iter().enumerate() {
        let (next, action) = dialect.step(state, b);
        match (state, next, action) {
            (_, _, Action::EndField | Action::EndRow) => {
                let text = if quoted {
                    text_start..text_end
                } else {
                    start..i
                };
                each(
                    index,
                    Field {
                        raw: start..i,
                        text: plain.then_some(text),
                        quoted,
                    },
                );
                index += 1;
                start = i + 1;
                plain = true;
                quoted = false;
            }
            (State::FieldStart, State::Quoted, _) => {
                quoted = true;
                text_start = i + 1;
            }
            (State::Quoted, State::QuoteInQuoted, _) => text_end = i,
            (State::Quoted, State::Escaped, _) | (State::QuoteInQuoted, _, _) => plain = false,
            _ => {}
        }
        state = next;
    }
    if matches!(state, State::Quoted | State::Escaped) {
        return Err(Unterminated(start));
    }
    let end = row.len();
    let text = if quoted {
        text_start..text_end
    } else {
        start..end
    };
    each(
        index,
        Field {
            raw: start..end,
            text: plain.then_some(text),
            quoted,
        },
    );
    Ok(index + 1)
}

/// The text of a field that is not a plain slice: quotes dropped, doubled
/// quotes and escapes resolved. Writes into `out` (at least `raw.len()`
/// bytes) and returns how many bytes it wrote.
pub(super) fn unescape(dialect: &Dialect, raw: &[u8], out: &mut [u8]) -> usize {
    let mut state = State::FieldStart;
    let mut n = 0;
    for &b in raw {
        let (next, action) = dialect.step(state, b);
        if action == Action::Data {
            out[n] = b;
            n += 1;
        }
        state = next;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dialect() -> Dialect {
        Dialect::new(&CsvOptions::new(false))
    }

    /// Each field's text, unescaped.
    fn fields(dialect: &Dialect, row: &[u8]) -> Result<Vec<(Vec<u8>, bool)>, Unterminated> {
        let mut out = Vec::new();
        split_fields(dialect, row, |_, f| {
            let text = match f.text {
                Some(r) => row[r].to_vec(),
                None => {
                    let mut buf = vec![0; f.raw.len()];
                    let n = unescape(dialect, &row[f.raw.clone()], &mut buf);
                    buf.truncate(n);
                    buf
                }
            };
            out.push((text, f.quoted));
        })?;
        Ok(out)
    }

    fn texts(dialect: &Dialect, row: &str) -> Vec<String> {
        fields(dialect, row.as_bytes())
            .unwrap()
            .into_iter()
            .map(|(t, _)| String::from_utf8(t).unwrap())
            .collect()
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_newlines() {
        let d = dialect();
        assert_eq!(
            texts(&d, r#"a,"b,c","say ""hi""""#),
            ["a", "b,c", r#"say "hi""#]
        );
        assert_eq!(texts(&d, "\"line 1\nline 2\",x"), ["line 1\nline 2", "x"]);
        assert_eq!(texts(&d, ""), [""]);
        assert_eq!(texts(&d, ",,"), ["", "", ""]);
        assert_eq!(texts(&d, r#""ab"c,d"e"#), ["abc", r#"d"e"#]);
        assert_eq!(fields(&d, br#"a,"open"#), Err(Unterminated(2)));
    }

    #[test]
    fn an_escape_byte_makes_the_next_byte_literal() {
        let mut options = CsvOptions::new(false);
        options.escape = Some(b'\\');
        let d = Dialect::new(&options);
        assert_eq!(
            texts(&d, r#""a\"b","c\\d",e\f"#),
            [r#"a"b"#, r"c\d", r"e\f"]
        );
    }

    /// `csv-core`'s fields of one record, with LF as its only terminator.
    fn csv_core_fields(options: &CsvOptions, row: &[u8]) -> Vec<Vec<u8>> {
        let mut reader = csv_core::ReaderBuilder::new()
            .delimiter(options.delimiter)
            .quote(options.quote)
            .escape(options.escape)
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        let mut output = vec![0; row.len() + 1];
        let mut ends = vec![0; row.len() + 2];
        let mut input = row;
        let (mut out_at, mut ends_at) = (0, 0);
        loop {
            let (result, read, written, ended) =
                reader.read_record(input, &mut output[out_at..], &mut ends[ends_at..]);
            input = &input[read..];
            out_at += written;
            ends_at += ended;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
                other => panic!("{other:?}"),
            }
        }
        let mut start = 0;
        ends[..ends_at]
            .iter()
            .map(|&end| {
                let field = output[start..end].to_vec();
                start = end;
                field
            })
            .collect()
    }

    /// Every field's ranges, and the error, from one of the splitters.
    type Split = (Vec<(usize, Field)>, Result<usize, Unterminated>);

    /// One of the two field splitters.
    type Splitter =
        fn(&Dialect, &[u8], &mut dyn FnMut(usize, Field)) -> Result<usize, Unterminated>;

    fn split_with(split: Splitter, dialect: &Dialect, row: &[u8]) -> Split {
        let mut out = Vec::new();
        let result = split(dialect, row, &mut |i, f| out.push((i, f)));
        (out, result)
    }

    #[test]
    fn the_jumping_splitter_is_the_byte_machine() {
        let d = dialect();
        for row in [
            &b""[..],
            b",",
            b"\"",
            b"\"\"",
            b"a,\"b\"",
            b"\"a\"b,c",
            b"\"a\"\"\",\"\"",
            b"a\nb,\"c\nd\"\ne",
            b"\"x\",\"y",
            b"a\"b,\"\"\"\"",
        ] {
            assert_eq!(
                split_with(|d, r, f| split_fields(d, r, f), &d, row),
                split_with(|d, r, f| split_fields_bytes(d, r, f), &d, row),
                "{:?}",
                String::from_utf8_lossy(row)
            );
        }
    }

    proptest! {
        #[test]
        fn jumping_agrees_with_stepping(
            row in proptest::collection::vec(
                prop_oneof![
                    Just(b','), Just(b';'), Just(b'"'), Just(b'\''), Just(b'\\'),
                    Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b' '),
                ],
                0..32,
            ),
            delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'"'), Just(b'\n')],
            quote in prop_oneof![Just(b'"'), Just(b'\''), Just(b',')],
            escape in prop_oneof![Just(None), Just(Some(b'\\')), Just(Some(b',')), Just(Some(b'\n'))],
        ) {
            let mut options = CsvOptions::new(false);
            options.delimiter = delimiter;
            options.quote = quote;
            options.escape = escape;
            let d = Dialect::new(&options);
            prop_assert_eq!(
                split_with(|d, r, f| split_fields(d, r, f), &d, &row),
                split_with(|d, r, f| split_fields_bytes(d, r, f), &d, &row)
            );
        }

        #[test]
        fn fields_agree_with_csv_core(
            row in proptest::collection::vec(
                prop_oneof![Just(b','), Just(b'"'), Just(b'\\'), Just(b'\r'), Just(b'a'), Just(b' ')],
                1..24,
            ),
            escape in any::<bool>(),
        ) {
            let mut options = CsvOptions::new(false);
            options.escape = escape.then_some(b'\\');
            let d = Dialect::new(&options);
            // A well-formed row (every quote closed) splits as csv-core does.
            if let Ok(ours) = fields(&d, &row) {
                let ours: Vec<Vec<u8>> = ours.into_iter().map(|(t, _)| t).collect();
                prop_assert_eq!(ours, csv_core_fields(&options, &row));
            }
        }
    }
}
