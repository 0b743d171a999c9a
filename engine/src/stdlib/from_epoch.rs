//! `from_epoch(n, unit?)`: the instant `n` seconds (or milliseconds) after
//! 1970-01-01T00:00:00Z, as an RFC 3339 timestamp in UTC.
//!
//! Errors: `E0401` on wrong types; `E0404` when `n` is not a whole number,
//! out of range, or the unit is not `"s"` or `"ms"`.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::temporal::{out_of_range, rfc3339};
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "from_epoch",
    family: "dates",
    params: &[param("n", "number"), optional("unit", "\"s\" or \"ms\"")],
    variadic: false,
    returns: "string",
    summary: "The instant `n` seconds (`\"s\"`, the default) or milliseconds (`\"ms\"`) after the Unix epoch, in UTC.",
    details: "The result is RFC 3339 ending in `Z`; milliseconds appear only when not zero. \
              Combine with `to_timezone` for local time. Years beyond -9999..9999 are `E0404`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("from_epoch(1704067200)", r#""2024-01-01T00:00:00Z""#),
        example(
            r#"from_epoch(1704067200250, "ms")"#,
            r#""2024-01-01T00:00:00.25Z""#,
        ),
        example("from_epoch(-1)", r#""1969-12-31T23:59:59Z""#),
        failing("from_epoch(1.5)", "E0404"),
        failing(r#"from_epoch("1704067200")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let n = args.int(0)?;
    let unit = if args.has(1) { args.str(1)? } else { "s" };
    let ts = match unit {
        "s" => Timestamp::from_second(n),
        "ms" => Timestamp::from_millisecond(n),
        other => {
            return Err(Raise::invalid(
                format!("unknown epoch unit {other:?}: expected \"s\" or \"ms\""),
                args.get(1),
            )
            .at_arg(1));
        }
    }
    .map_err(|_| {
        out_of_range(
            &format!(
                "the epoch time {n} {} is out of range",
                if unit == "ms" {
                    "milliseconds"
                } else {
                    "seconds"
                }
            ),
            args.get(0),
            0,
        )
    })?;
    Ok(Val::string(rfc3339(&ts.to_zoned_datetime(TimeZone::UTC))))
}
