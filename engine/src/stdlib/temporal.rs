//! Dates and times for the date functions: reading the ISO forms Ferry
//! uses for them (JSON has no date type), writing RFC 3339, time zones and
//! units. Not a function itself.
//!
//! A value is one of: a date `2024-05-17`; a date-time without offset
//! `2024-05-17T10:30:00` (a wall-clock time); a date-time with an offset
//! `2024-05-17T10:30:00+02:00` or `…Z` (an instant); the same followed by
//! a zone annotation `[Europe/Berlin]` (an instant in a zone, whose
//! arithmetic follows that zone's daylight-saving rules); or a number of
//! seconds since 1970-01-01T00:00:00Z.

use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Unit, ZonedDateTime};

use super::date_text::explain_iso;
use crate::error::Raise;
use crate::value::Val;

/// A date or time value as read from its text.
pub(super) enum Moment {
    /// `2024-05-17`
    Date(Date),
    /// `2024-05-17T10:30:00`: a wall-clock time, no offset.
    Naive(DateTime),
    /// `2024-05-17T10:30:00+02:00`: an instant with a fixed offset.
    Fixed(ZonedDateTime),
    /// `2024-05-17T10:30:00+02:00[Europe/Berlin]`: an instant in a zone.
    Zoned(ZonedDateTime),
}

/// Reads argument `index` as a date or time value.
pub(super) fn moment(v: &Val<'_>, index: usize) -> Result<Moment, Raise> {
    let text = match v {
        Val::Str(s) => s.as_str(),
        Val::Num(_) | Val::RawNum(_) => {
            let seconds = v.as_num().and_then(|n| n.to_i64()).ok_or_else(|| {
                Raise::invalid("epoch seconds must be a whole number", v).at_arg(index)
            })?;
            let ts = Timestamp::from_second(seconds).map_err(|_| {
                Raise::invalid(
                    format!("epoch seconds {seconds} are out of range ({RANGE})"),
                    v,
                )
                .at_arg(index)
            })?;
            return Ok(Moment::Fixed(ts.to_zoned_datetime(TimeZone::UTC)));
        }
        other => {
            return Err(Raise::type_mismatch("a date or date-time string", other).at_arg(index));
        }
    };
    let bad = |_: jiff::Error| Raise::invalid(explain_iso(text), v).at_arg(index);
    let pieces = Pieces::parse(text).map_err(bad)?;
    if pieces.time_zone_annotation().is_some() {
        return text
            .parse::<ZonedDateTime>()
            .map(Moment::Zoned)
            .map_err(bad);
    }
    if let Some(offset) = pieces.to_numeric_offset() {
        let ts = text.parse::<Timestamp>().map_err(bad)?;
        return Ok(Moment::Fixed(ts.to_zoned_datetime(TimeZone::fixed(offset))));
    }
    Ok(match pieces.time() {
        Some(time) => Moment::Naive(DateTime::from_parts(pieces.date(), time)),
        None => Moment::Date(pieces.date()),
    })
}

impl Moment {
    /// The instant: a value without offset is a wall-clock time in `tz`.
    pub(super) fn in_zone(&self, tz: &TimeZone) -> Result<ZonedDateTime, jiff::Error> {
        match self {
            Moment::Date(d) => DateTime::from(*d).to_zoned_datetime(tz.clone()),
            Moment::Naive(dt) => dt.to_zoned_datetime(tz.clone()),
            Moment::Fixed(z) | Moment::Zoned(z) => Ok(z.clone()),
        }
    }

    /// The instant, reading values without offset as UTC.
    pub(super) fn instant(&self) -> Result<ZonedDateTime, jiff::Error> {
        self.in_zone(&TimeZone::UTC)
    }

    /// True for values without an offset (dates and wall-clock times).
    pub(super) fn is_civil(&self) -> bool {
        matches!(self, Moment::Date(_) | Moment::Naive(_))
    }

    /// The wall-clock date-time (a date at midnight).
    pub(super) fn civil(&self) -> DateTime {
        match self {
            Moment::Date(d) => DateTime::from(*d),
            Moment::Naive(dt) => *dt,
            Moment::Fixed(z) | Moment::Zoned(z) => z.datetime(),
        }
    }
}

/// The time zone named `name` (IANA, e.g. `Europe/Berlin`, or `UTC`),
/// from the tz database bundled with Ferry.
pub(super) fn zone(v: &Val<'_>, index: usize) -> Result<TimeZone, Raise> {
    let name = match v {
        Val::Str(s) => s.as_str(),
        other => return Err(Raise::type_mismatch("a time zone name", other).at_arg(index)),
    };
    TimeZone::get(name).map_err(|_| {
        Raise::invalid(
            format!("unknown time zone {name:?}: expected an IANA name such as \"Europe/Berlin\" or \"UTC\""),
            v,
        )
        .at_arg(index)
    })
}

/// `2024-05-17T10:30:00+02:00`, with `Z` for a zero offset and fractional
/// seconds only when there are some (`…:00.25Z`).
pub(super) fn rfc3339(z: &ZonedDateTime) -> String {
    let mut out = civil_text(z.datetime());
    let offset = z.offset();
    if offset.seconds() == 0 {
        out.push('Z');
    } else {
        let total = offset.seconds().unsigned_abs();
        let sign = if offset.is_negative() { '-' } else { '+' };
        out.push_str(&format!("{sign}{:02}:{:02}", total / 3600, total / 60 % 60));
    }
    out
}

/// `2024-05-17T10:30:00` (fractional seconds only when there are some).
pub(super) fn civil_text(dt: DateTime) -> String {
    let mut out = format!(
        "{}T{:02}:{:02}:{:02}",
        dt.date(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    let nanos = dt.subsec_nanosecond();
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// A calendar or clock unit by name (singular or plural).
pub(super) fn unit(v: &Val<'_>, index: usize) -> Result<Unit, Raise> {
    let name = match v {
        Val::Str(s) => s.as_str(),
        other => return Err(Raise::type_mismatch("a unit name", other).at_arg(index)),
    };
    Ok(match name.strip_suffix('s').unwrap_or(name) {
        "year" => Unit::Year,
        "month" => Unit::Month,
        "week" => Unit::Week,
        "day" => Unit::Day,
        "hour" => Unit::Hour,
        "minute" => Unit::Minute,
        "second" => Unit::Second,
        _ => {
            return Err(Raise::invalid(
                format!("unknown unit {name:?}: expected years, months, weeks, days, hours, minutes or seconds"),
                v,
            )
            .at_arg(index));
        }
    })
}

/// A unit's plural name, for messages.
pub(super) fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Year => "years",
        Unit::Month => "months",
        Unit::Week => "weeks",
        Unit::Day => "days",
        Unit::Hour => "hours",
        Unit::Minute => "minutes",
        _ => "seconds",
    }
}

/// The dates Ferry can represent, for messages.
pub(super) const RANGE: &str = "dates run from -9999-01-01 to 9999-12-31";

/// An `E0404` about argument `index` for a value out of the range of
/// dates: `what` in Ferry's words (the library's own message is dropped).
pub(super) fn out_of_range(what: &str, v: &Val<'_>, index: usize) -> Raise {
    Raise::invalid(format!("{what} ({RANGE})"), v).at_arg(index)
}
