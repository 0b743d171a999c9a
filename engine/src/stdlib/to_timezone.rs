//! `to_timezone(value, tz)`: the same instant as an RFC 3339 timestamp in
//! another time zone.
//!
//! Errors: `E0401` on wrong types; `E0404` for an unreadable value or an
//! unknown time zone.

use super::temporal::{moment, out_of_range, rfc3339, zone};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "to_timezone",
    family: "dates",
    params: &[param("value", "string or number"), param("tz", "string")],
    variadic: false,
    returns: "string",
    summary: "The same instant written with the offset the time zone has at that moment (DST-correct).",
    details: "`tz` is an IANA name (`Europe/Berlin`, `America/New_York`) or `UTC`, from the \
              time zone database bundled with Ferry (identical on every machine). A value \
              without offset is read as UTC. The result is RFC 3339 as for `parse_datetime` \
              (`Z` for a zero offset), without a zone annotation.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"to_timezone("2024-07-01T12:00:00Z", "Europe/Berlin")"#,
            r#""2024-07-01T14:00:00+02:00""#,
        ),
        example(
            r#"to_timezone("2024-01-01T12:00:00Z", "Europe/Berlin")"#,
            r#""2024-01-01T13:00:00+01:00""#,
        ),
        example(
            r#"to_timezone("2024-01-01T09:00:00+05:30", "UTC")"#,
            r#""2024-01-01T03:30:00Z""#,
        ),
        failing(r#"to_timezone("2024-01-01T12:00:00Z", "Berlin")"#, "E0404"),
        failing(r#"to_timezone("yesterday", "UTC")"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = moment(args.get(0), 0)?;
    let tz = zone(args.get(1), 1)?;
    let instant = value
        .instant()
        .map_err(|_| out_of_range("the value is out of range", args.get(0), 0))?;
    Ok(Val::string(rfc3339(&instant.with_time_zone(tz))))
}
