//! `to_epoch(value, unit?)`: the instant as seconds (or milliseconds)
//! since 1970-01-01T00:00:00Z.
//!
//! Errors: `E0401` on wrong types; `E0404` for an unreadable value or a
//! unit other than `"s"` and `"ms"`.

use super::temporal::{moment, out_of_range};
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "to_epoch",
    family: "dates",
    params: &[
        param("value", "string"),
        optional("unit", "\"s\" or \"ms\""),
    ],
    variadic: false,
    returns: "number",
    summary: "The instant as whole seconds (`\"s\"`, the default) or milliseconds (`\"ms\"`) since the Unix epoch.",
    details: "A value without offset (a date, a wall-clock date-time) is read as UTC. Finer \
              parts are dropped, rounding toward the past (`…:00.9Z` gives the second before).",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"to_epoch("2024-01-01T00:00:00Z")"#, "1704067200"),
        example(
            r#"to_epoch("2024-01-01T01:00:00.250+01:00", "ms")"#,
            "1704067200250",
        ),
        example(r#"to_epoch("1970-01-02")"#, "86400"),
        failing(r#"to_epoch("2024-01-01", "days")"#, "E0404"),
        failing(r#"to_epoch("01/01/2024")"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = moment(args.get(0), 0)?;
    let millis = match args.has(1) {
        false => false,
        true => match args.str(1)? {
            "s" => false,
            "ms" => true,
            other => {
                return Err(Raise::invalid(
                    format!("unknown epoch unit {other:?}: expected \"s\" or \"ms\""),
                    args.get(1),
                )
                .at_arg(1));
            }
        },
    };
    let ts = value
        .instant()
        .map_err(|_| out_of_range("the value is out of range", args.get(0), 0))?
        .timestamp();
    let ms = ts.as_millisecond();
    Ok(Val::int(if millis { ms } else { ms.div_euclid(1000) }))
}
