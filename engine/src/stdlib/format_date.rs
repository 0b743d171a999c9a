//! `format_date(value, format, tz?)`: a date or date-time written with a
//! strftime format.
//!
//! Errors: `E0401` on wrong types; `E0404` for an unreadable value, a bad
//! format (or one asking for fields the value lacks), or an unknown zone.

use jiff::fmt::strtime;

use super::date_text::explain_format;
use super::temporal::{Moment, moment, out_of_range, zone};
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "format_date",
    family: "dates",
    params: &[
        param("value", "string or number"),
        param("format", "string"),
        optional("tz", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The date or date-time written with a strftime format, optionally in a time zone.",
    details: "`value` is an ISO date (`2024-05-17`), a date-time without offset \
              (`2024-05-17T10:30:00`), an RFC 3339 timestamp (`…+02:00`, `…Z`, optionally \
              followed by `[Zone]`), or a number of epoch seconds. Directives: `%Y %m %d %H \
              %M %S` (zero-padded), `%y`, `%b`/`%B` and `%a`/`%A` (English names), `%j`, \
              `%.f`, `%z`/`%:z` (offset), `%Z` (abbreviation), `%Q` (zone name), `%s` (epoch \
              seconds), `%F` (`%Y-%m-%d`), `%T` (`%H:%M:%S`), `%%`. With `tz`, an instant \
              is first converted to that zone, and a value without offset is read as a \
              wall-clock time there; without `tz`, the value is written as it is (a value \
              without offset has no `%z`: `E0404`).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"format_date("2024-05-17", "%d.%m.%Y")"#,
            r#""17.05.2024""#,
        ),
        example(
            r#"format_date("2024-05-17T22:30:00Z", "%Y-%m-%d %H:%M %:z", "Europe/Berlin")"#,
            r#""2024-05-18 00:30 +02:00""#,
        ),
        example(
            r#"format_date("2024-05-17T10:30:00", "%B %-d, %Y at %H:%M")"#,
            r#""May 17, 2024 at 10:30""#,
        ),
        example(r#"format_date(0, "%F %T")"#, r#""1970-01-01 00:00:00""#),
        failing(r#"format_date("17.05.2024", "%Y")"#, "E0404"),
        failing(r#"format_date("2024-05-17", "%H:%M")"#, "E0404"),
        failing(r#"format_date(true, "%Y")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = moment(args.get(0), 0)?;
    let format = args.str(1)?;
    let shown = match args.get(0) {
        Val::Str(s) => s.to_string(),
        other => other.to_json().to_string(),
    };
    let has_time = !matches!(value, Moment::Date(_));
    let has_offset = args.has(2) || matches!(value, Moment::Fixed(_) | Moment::Zoned(_));
    let bad = |_| {
        Raise::invalid(
            explain_format(&shown, format, has_time, has_offset),
            args.get(1),
        )
        .at_arg(1)
    };
    let text = if args.has(2) {
        let tz = zone(args.get(2), 2)?;
        let zoned = value
            .in_zone(&tz)
            .map_err(|_| out_of_range("the time is out of range in that zone", args.get(0), 0))?;
        strtime::format(format, &zoned.with_time_zone(tz)).map_err(bad)?
    } else {
        match &value {
            Moment::Date(d) => strtime::format(format, *d),
            Moment::Naive(dt) => strtime::format(format, *dt),
            Moment::Fixed(z) | Moment::Zoned(z) => strtime::format(format, z),
        }
        .map_err(bad)?
    };
    Ok(Val::string(text))
}
