//! `parse_datetime(text, format, tz?)`: a date-time read with a strftime
//! format, as an RFC 3339 timestamp.
//!
//! Errors: `E0401` on wrong types; `E0404` when the text does not match the
//! format, is not a valid date-time, or `tz` is an unknown time zone.

use jiff::fmt::strtime;
use jiff::tz::TimeZone;

use super::date_text::{Want, explain_parse};
use super::temporal::{rfc3339, zone};
use super::{Args, Example, FnDef, NullPolicy, Outcome, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "parse_datetime",
    family: "dates",
    params: &[
        param("text", "string"),
        param("format", "string"),
        optional("tz", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The instant the text spells in the given strftime format, as an RFC 3339 timestamp.",
    details: "Directives as for `parse_date`, plus `%H` `%M` `%S` (hour, minute, second), \
              `%.f` (optional fractional seconds), `%p` (AM/PM with `%I`), `%z` / `%:z` (offset \
              `+0200` / `+02:00`), `%Q` (IANA zone name) and `%s` (epoch seconds). Missing \
              time fields are midnight. A text with its own offset or zone keeps that offset; \
              otherwise its wall-clock time is read in `tz` (default `UTC`; in a \
              daylight-saving gap or overlap, the earlier offset is used). The result is \
              `YYYY-MM-DDTHH:MM:SS` with fractional seconds only when not zero, then `Z` for \
              a zero offset or `±HH:MM`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"parse_datetime("17.05.2024 14:30", "%d.%m.%Y %H:%M")"#,
            r#""2024-05-17T14:30:00Z""#,
        ),
        example(
            r#"parse_datetime("17.05.2024 14:30", "%d.%m.%Y %H:%M", "Europe/Berlin")"#,
            r#""2024-05-17T14:30:00+02:00""#,
        ),
        example(
            r#"parse_datetime("2024-01-05 09:00:00.25 -0500", "%Y-%m-%d %H:%M:%S%.f %z")"#,
            r#""2024-01-05T09:00:00.25-05:00""#,
        ),
        Example {
            call: r#"parse_datetime($, "%d/%m/%Y %I:%M %p", "America/New_York")"#,
            input: r#""03/11/2024 02:30 PM""#,
            outcome: Outcome::Value(r#""2024-11-03T14:30:00-05:00""#),
        },
        failing(r#"parse_datetime("17.05.2024", "%d.%m.%Y %H:%M")"#, "E0404"),
        failing(
            r#"parse_datetime("17.05.2024", "%d.%m.%Y", "Mars/Base")"#,
            "E0404",
        ),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let format = args.str(1)?;
    let tz = if args.has(2) {
        zone(args.get(2), 2)?
    } else {
        TimeZone::UTC
    };
    let bad =
        |_| Raise::invalid(explain_parse(text, format, Want::DateTime), args.get(0)).at_arg(0);
    let parsed = strtime::parse(format, text).map_err(bad)?;
    let zoned = if parsed.offset().is_some() || parsed.iana_time_zone().is_some() {
        parsed.to_zoned_datetime().map_err(bad)?
    } else if let Some(ts) = parsed.timestamp() {
        ts.to_zoned_datetime(tz)
    } else {
        parsed
            .to_datetime()
            .and_then(|dt| dt.to_zoned_datetime(tz))
            .map_err(bad)?
    };
    Ok(Val::string(rfc3339(&zoned)))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn epoch_seconds_are_shown_in_the_zone() {
        ok(&DEF, r#"["1700000000", "%s"]"#, r#""2023-11-14T22:13:20Z""#);
        ok(
            &DEF,
            r#"["1700000000", "%s", "Asia/Tokyo"]"#,
            r#""2023-11-15T07:13:20+09:00""#,
        );
    }

    #[test]
    fn a_date_alone_is_midnight() {
        ok(
            &DEF,
            r#"["2024-05-17", "%Y-%m-%d"]"#,
            r#""2024-05-17T00:00:00Z""#,
        );
    }

    #[test]
    fn trailing_text_is_refused() {
        err(&DEF, r#"["2024-05-17 junk", "%Y-%m-%d"]"#, "E0404");
    }
}
