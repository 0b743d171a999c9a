//! Why a date text or a date format fails, in Ferry's words: the date
//! library's own messages never reach the author. Not a function itself;
//! only run on the error path, after the library refused the text.
//!
//! The text is read again against the format, directive by directive, as
//! the library reads it (numbers of at most their width, ASCII whitespace
//! in the format matching any run of whitespace), to say what text, what
//! format and what is wrong: `"12:61" does not match "%H:%M": minute 61 is
//! out of range (0 to 59)`, `"2024-02-30" is not a valid date (February
//! 2024 has 29 days)`.

use jiff::civil::Date;
use jiff::tz::TimeZone;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// What a reading needs: a date (`parse_date`) or an instant
/// (`parse_datetime`, where a date-time needs a date too).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    Date,
    DateTime,
}

/// The fields read so far.
#[derive(Default)]
struct Fields {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    weekday: Option<usize>,
    epoch: bool,
    week_date: bool,
    zone: Option<String>,
}

/// A reason the text does not match.
enum Mismatch {
    /// Said after `"text" does not match "format": `.
    Text(String),
    /// A reason about the format itself.
    Format(String),
}

/// The message for a text `strtime` refused to read with `format`.
pub(super) fn explain_parse(text: &str, format: &str, want: Want) -> String {
    let mut fields = Fields::default();
    match scan(text, format, &mut fields) {
        Err(Mismatch::Text(why)) => return format!("{text:?} does not match {format:?}: {why}"),
        Err(Mismatch::Format(why)) => return format!("{format:?} is not a valid format: {why}"),
        Ok(()) => {}
    }
    if let Some(why) = invalid_date(&fields) {
        return format!("{text:?} is not a valid date ({why})");
    }
    if let Some(name) = &fields.zone
        && TimeZone::get(name).is_err()
    {
        return format!(
            "{text:?} names an unknown time zone {name:?}: expected an IANA name such as \"Europe/Berlin\""
        );
    }
    let has_date = fields.epoch
        || fields.week_date
        || (fields.year.is_some()
            && (fields.day_of_year.is_some() || (fields.month.is_some() && fields.day.is_some())));
    if !has_date {
        let what = match want {
            Want::Date => "a date",
            Want::DateTime => "a date-time",
        };
        return format!(
            "cannot read {what} from {text:?} with {format:?}: the format has no full date \
             (it needs %Y with %m and %d, %Y with %j, %F, or %s)"
        );
    }
    format!("{text:?} does not match {format:?}")
}

/// The message for an ISO date or date-time text that does not read.
pub(super) fn explain_iso(text: &str) -> String {
    const FORMS: &str = "expected a date such as \"2024-05-17\", a date-time such as \
                         \"2024-05-17T10:30:00\", or one with an offset such as \
                         \"2024-05-17T10:30:00+02:00\"";
    let bytes = text.as_bytes();
    // The date part, when the text starts like one.
    if bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let mut fields = Fields::default();
        match scan(&text[..10], "%Y-%m-%d", &mut fields) {
            Err(Mismatch::Text(why)) => {
                return format!("{text:?} is not an ISO date or date-time: {why}");
            }
            Err(Mismatch::Format(_)) => {}
            Ok(()) => {
                if let Some(why) = invalid_date(&fields) {
                    return format!("{text:?} is not a valid date ({why})");
                }
            }
        }
        let rest = &text[10..];
        if let Some(time) = rest.strip_prefix(['T', 't', ' ']) {
            let end = time
                .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
                .unwrap_or(time.len());
            let clock = &time[..end];
            let format = match clock.matches(':').count() {
                0 => "%H",
                1 => "%H:%M",
                _ => "%H:%M:%S",
            };
            let clock = clock.split(['.', ',']).next().unwrap_or(clock);
            if let Err(Mismatch::Text(why)) = scan(clock, format, &mut Fields::default()) {
                return format!("{text:?} is not an ISO date-time: {why}");
            }
            let after = &time[end..];
            if let Some(open) = after.find('[') {
                let name = after[open + 1..].trim_end_matches(']');
                let name = name.strip_prefix('!').unwrap_or(name);
                if TimeZone::get(name).is_err() {
                    return format!(
                        "{text:?} names an unknown time zone {name:?}: expected an IANA name such as \"Europe/Berlin\""
                    );
                }
            }
        } else if !rest.is_empty() {
            return format!(
                "{text:?} is not an ISO date or date-time: unexpected {rest:?} after the date"
            );
        }
    }
    format!("{text:?} is not an ISO date or date-time: {FORMS}")
}

/// The message for a format `strtime` could not write a value with.
pub(super) fn explain_format(
    value: &str,
    format: &str,
    has_time: bool,
    has_offset: bool,
) -> String {
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            continue;
        }
        while let Some((_, f)) = chars.peek()
            && matches!(f, '-' | '_' | '0' | '^' | '#' | ':' | '.')
        {
            chars.next();
        }
        while let Some((_, d)) = chars.peek()
            && d.is_ascii_digit()
        {
            chars.next();
        }
        let Some((_, d)) = chars.next() else {
            return format!("{format:?} is not a valid format: it ends with a lone %");
        };
        let needs_time = matches!(
            d,
            'H' | 'I' | 'k' | 'l' | 'M' | 'S' | 'f' | 'N' | 'p' | 'P' | 'T' | 'R' | 'X' | 'c' | 'r'
        );
        let needs_offset = matches!(d, 'z' | 'Z' | 'Q' | 's');
        let known = needs_time
            || needs_offset
            || matches!(
                d,
                'Y' | 'y'
                    | 'C'
                    | 'm'
                    | 'd'
                    | 'e'
                    | 'j'
                    | 'a'
                    | 'A'
                    | 'b'
                    | 'B'
                    | 'h'
                    | 'u'
                    | 'w'
                    | 'U'
                    | 'W'
                    | 'V'
                    | 'G'
                    | 'g'
                    | 'F'
                    | 'D'
                    | 'x'
                    | 'n'
                    | 't'
                    | '%'
            );
        if !known {
            return format!("{format:?} is not a valid format: %{d} is not a known directive");
        }
        if needs_time && !has_time {
            return format!(
                "cannot format {value:?} with {format:?}: %{d} needs a time of day, and a date has none"
            );
        }
        if needs_offset && !has_offset {
            return format!(
                "cannot format {value:?} with {format:?}: %{d} needs an offset or a time zone \
                 (give a date-time with an offset, or a time zone as the third argument)"
            );
        }
    }
    format!("cannot format {value:?} with {format:?}")
}

/// Why the fields read are not a date, if they are not.
fn invalid_date(f: &Fields) -> Option<String> {
    let year = f.year?;
    if let (Some(month), Some(day)) = (f.month, f.day) {
        let days = days_in_month(year, month)?;
        if day > days {
            let name = MONTHS[(month - 1) as usize];
            return Some(format!("{name} {year} has {days} days"));
        }
        if let (Some(weekday), Ok(date)) =
            (f.weekday, Date::new(year as i16, month as i8, day as i8))
        {
            let actual = date.weekday().to_monday_zero_offset() as usize;
            if actual != weekday {
                return Some(format!(
                    "{date} is a {}, not a {}",
                    WEEKDAYS[actual], WEEKDAYS[weekday]
                ));
            }
        }
    }
    if let Some(n) = f.day_of_year {
        let days = if is_leap(year) { 366 } else { 365 };
        if n > days {
            return Some(format!("{year} has {days} days"));
        }
    }
    None
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> Option<i64> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// Reads `text` with `format`, noting the fields; the first mismatch.
fn scan(text: &str, format: &str, fields: &mut Fields) -> Result<(), Mismatch> {
    let mut s = Scanner { text, at: 0 };
    let mut fmt = format.chars().peekable();
    while let Some(c) = fmt.next() {
        if c != '%' {
            if c.is_ascii_whitespace() {
                s.skip_space();
            } else {
                s.literal(c)?;
            }
            continue;
        }
        // Flags and widths change how a number is written, not read.
        let mut colon = false;
        let mut dot = false;
        while let Some(&f) = fmt.peek()
            && (matches!(f, '-' | '_' | '0' | '^' | '#' | ':' | '.') || f.is_ascii_digit())
        {
            colon |= f == ':';
            dot |= f == '.';
            fmt.next();
        }
        let Some(d) = fmt.next() else {
            return Err(Mismatch::Format("it ends with a lone %".into()));
        };
        match d {
            '%' => s.literal('%')?,
            'n' | 't' => s.skip_space(),
            'F' => scan_prefix(&mut s, "%Y-%m-%d", fields)?,
            'T' => scan_prefix(&mut s, "%H:%M:%S", fields)?,
            'R' => scan_prefix(&mut s, "%H:%M", fields)?,
            'D' => scan_prefix(&mut s, "%m/%d/%y", fields)?,
            'Y' => {
                let signed = s.peek().is_some_and(|c| c == '+' || c == '-');
                let negative = s.peek() == Some('-');
                if signed {
                    s.at += 1;
                }
                let n = s.number(d, "year", if signed { 6 } else { 4 })?;
                fields.year = Some(if negative { -n } else { n });
            }
            'y' => {
                let n = s.number(d, "year", 2)?;
                fields.year = Some(if n < 69 { 2000 + n } else { 1900 + n });
            }
            'C' => {
                s.number(d, "century", 2)?;
            }
            'm' => fields.month = Some(s.ranged(d, "month", 2, 1, 12)?),
            'd' | 'e' => fields.day = Some(s.ranged(d, "day", 2, 1, 31)?),
            'j' => fields.day_of_year = Some(s.ranged(d, "day of the year", 3, 1, 366)?),
            'H' | 'k' => {
                s.ranged(d, "hour", 2, 0, 23)?;
            }
            'I' | 'l' => {
                s.ranged(d, "hour", 2, 1, 12)?;
            }
            'M' => {
                s.ranged(d, "minute", 2, 0, 59)?;
            }
            'S' => {
                s.ranged(d, "second", 2, 0, 60)?;
            }
            'f' if dot => {
                if s.peek() == Some('.') {
                    s.at += 1;
                    s.number(d, "fraction of a second", 9)?;
                }
            }
            'f' | 'N' => {
                s.number(d, "fraction of a second", 9)?;
            }
            'p' | 'P' => s.word(d, "AM or PM", &["AM", "PM"])?,
            'b' | 'h' | 'B' => {
                let i = s.name(d, "month name", &MONTHS)?;
                fields.month = Some(i as i64 + 1);
            }
            'a' | 'A' => fields.weekday = Some(s.name(d, "weekday", &WEEKDAYS)?),
            'u' => {
                let n = s.ranged(d, "weekday", 1, 1, 7)?;
                fields.weekday = Some(n as usize - 1);
            }
            'w' => {
                let n = s.ranged(d, "weekday", 1, 0, 6)?;
                fields.weekday = Some((n as usize + 6) % 7);
            }
            'U' | 'W' => {
                s.ranged(d, "week number", 2, 0, 53)?;
            }
            'V' => {
                s.ranged(d, "ISO week number", 2, 1, 53)?;
                fields.week_date = true;
            }
            'G' => {
                s.number(d, "ISO week year", 4)?;
                fields.week_date = true;
            }
            'g' => {
                s.number(d, "ISO week year", 2)?;
                fields.week_date = true;
            }
            's' => {
                if s.peek() == Some('-') {
                    s.at += 1;
                }
                s.number(d, "epoch seconds", 19)?;
                fields.epoch = true;
            }
            'z' => s.offset(if colon { ":z" } else { "z" })?,
            'Q' | 'Z' => {
                let start = s.at;
                while let Some(c) = s.peek()
                    && (c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+' | ':'))
                {
                    s.at += c.len_utf8();
                }
                if s.at == start {
                    return Err(s.expected(d, "time zone"));
                }
                let name = &text[start..s.at];
                if d == 'Q' && name.contains(|c: char| c.is_ascii_alphabetic()) {
                    fields.zone = Some(name.to_owned());
                }
            }
            other => {
                return Err(Mismatch::Format(format!(
                    "%{other} is not a known directive"
                )));
            }
        }
    }
    if s.at < text.len() {
        return Err(Mismatch::Text(format!(
            "unexpected {:?} after the end of the format",
            &text[s.at..]
        )));
    }
    Ok(())
}

/// A directive that stands for several (`%F` for `%Y-%m-%d`): its
/// pieces read in place.
fn scan_prefix(s: &mut Scanner<'_>, format: &str, fields: &mut Fields) -> Result<(), Mismatch> {
    // The nested formats are short and fixed: read each piece in turn.
    let mut fmt = format.chars();
    while let Some(c) = fmt.next() {
        if c != '%' {
            s.literal(c)?;
            continue;
        }
        match fmt.next() {
            Some('Y') => fields.year = Some(s.number('Y', "year", 4)?),
            Some('y') => {
                let n = s.number('y', "year", 2)?;
                fields.year = Some(if n < 69 { 2000 + n } else { 1900 + n });
            }
            Some('m') => fields.month = Some(s.ranged('m', "month", 2, 1, 12)?),
            Some('d') => fields.day = Some(s.ranged('d', "day", 2, 1, 31)?),
            Some('H') => {
                s.ranged('H', "hour", 2, 0, 23)?;
            }
            Some('M') => {
                s.ranged('M', "minute", 2, 0, 59)?;
            }
            Some('S') => {
                s.ranged('S', "second", 2, 0, 60)?;
            }
            _ => {}
        }
    }
    Ok(())
}

struct Scanner<'t> {
    text: &'t str,
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek()
            && c.is_ascii_whitespace()
        {
            self.at += 1;
        }
    }

    /// The character position (1-based) of the reading point.
    fn position(&self) -> usize {
        self.text[..self.at].chars().count() + 1
    }

    fn found(&self) -> String {
        let rest: String = self.text[self.at..].chars().take(8).collect();
        format!("{rest:?}")
    }

    fn literal(&mut self, c: char) -> Result<(), Mismatch> {
        match self.peek() {
            None => Err(Mismatch::Text(format!(
                "the text ends before the format's {:?}",
                c.to_string()
            ))),
            Some(x) if x == c => {
                self.at += c.len_utf8();
                Ok(())
            }
            Some(_) => Err(Mismatch::Text(format!(
                "expected {:?} at character {}, found {}",
                c.to_string(),
                self.position(),
                self.found()
            ))),
        }
    }

    fn expected(&self, directive: char, what: &str) -> Mismatch {
        if self.at >= self.text.len() {
            Mismatch::Text(format!("the text ends before the format's %{directive}"))
        } else {
            let the = if what.starts_with(char::is_uppercase) {
                ""
            } else {
                "the "
            };
            Mismatch::Text(format!(
                "expected {the}{what} (%{directive}) at character {}, found {}",
                self.position(),
                self.found()
            ))
        }
    }

    /// Up to `width` digits (after optional spaces, as the library reads).
    fn number(&mut self, directive: char, what: &str, width: usize) -> Result<i64, Mismatch> {
        let start = self.at;
        self.skip_space();
        let digits_start = self.at;
        while self.at - digits_start < width && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == digits_start {
            self.at = start;
            return Err(self.expected(directive, what));
        }
        Ok(self.text[digits_start..self.at].parse().unwrap_or(i64::MAX))
    }

    fn ranged(
        &mut self,
        directive: char,
        what: &str,
        width: usize,
        low: i64,
        high: i64,
    ) -> Result<i64, Mismatch> {
        let n = self.number(directive, what, width)?;
        if n < low || n > high {
            return Err(Mismatch::Text(format!(
                "{what} {n} is out of range ({low} to {high})"
            )));
        }
        Ok(n)
    }

    fn word(&mut self, directive: char, what: &str, words: &[&str]) -> Result<(), Mismatch> {
        let rest = &self.text[self.at..];
        for w in words {
            if rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w) {
                self.at += w.len();
                return Ok(());
            }
        }
        Err(self.expected(directive, what))
    }

    /// A full or three-letter English name; its index.
    fn name(&mut self, directive: char, what: &str, names: &[&str]) -> Result<usize, Mismatch> {
        let rest = &self.text[self.at..];
        for (i, full) in names.iter().enumerate() {
            if rest.len() >= full.len() && rest[..full.len()].eq_ignore_ascii_case(full) {
                self.at += full.len();
                return Ok(i);
            }
        }
        for (i, full) in names.iter().enumerate() {
            if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(&full[..3]) {
                self.at += 3;
                return Ok(i);
            }
        }
        Err(self.expected(directive, what))
    }

    /// `+0200`, `+02:00`, `Z`: an offset.
    fn offset(&mut self, directive: &str) -> Result<(), Mismatch> {
        let start = self.at;
        match self.peek() {
            Some('+' | '-') => self.at += 1,
            None => {
                return Err(Mismatch::Text(format!(
                    "the text ends before the format's %{directive}"
                )));
            }
            _ => {
                return Err(Mismatch::Text(format!(
                    "expected an offset such as \"+02:00\" (%{directive}) at character {}, found {}",
                    self.position(),
                    self.found()
                )));
            }
        }
        let digits = |s: &mut Self| {
            let from = s.at;
            while s.at - from < 2 && s.peek().is_some_and(|c| c.is_ascii_digit()) {
                s.at += 1;
            }
            s.at - from
        };
        if digits(self) != 2 {
            self.at = start;
            return Err(Mismatch::Text(format!(
                "expected an offset such as \"+02:00\" (%{directive}) at character {}, found {}",
                self.position(),
                self.found()
            )));
        }
        if self.peek() == Some(':') {
            self.at += 1;
        }
        digits(self);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(
            explain_parse("12:61", "%H:%M", Want::DateTime),
            r#""12:61" does not match "%H:%M": minute 61 is out of range (0 to 59)"#
        );
        assert_eq!(
            explain_parse("2024-02-30", "%Y-%m-%d", Want::Date),
            r#""2024-02-30" is not a valid date (February 2024 has 29 days)"#
        );
        assert_eq!(
            explain_parse("17.05.2024", "%d.%m.%Y %H:%M", Want::DateTime),
            r#""17.05.2024" does not match "%d.%m.%Y %H:%M": the text ends before the format's %H"#
        );
        assert_eq!(
            explain_parse("2024-05-17 junk", "%Y-%m-%d", Want::Date),
            r#""2024-05-17 junk" does not match "%Y-%m-%d": unexpected " junk" after the end of the format"#
        );
        assert_eq!(
            explain_iso("2024-13-01"),
            r#""2024-13-01" is not an ISO date or date-time: month 13 is out of range (1 to 12)"#
        );
    }
}
