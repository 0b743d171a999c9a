//! `date_add(value, amount, unit)`: a date or date-time moved by a number
//! of calendar or clock units.
//!
//! Errors: `E0401` on wrong types; `E0404` for an unreadable value, an
//! unknown unit, clock units on a date, a fractional amount, or a result
//! out of range.

use jiff::{Span, Unit};

use super::temporal::{Moment, civil_text, moment, out_of_range, rfc3339, unit, unit_name};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "date_add",
    family: "dates",
    params: &[
        param("value", "string"),
        param("amount", "number"),
        param("unit", "string"),
    ],
    variadic: false,
    returns: "string",
    summary: "The date or date-time `amount` units later (earlier when negative), in the same form.",
    details: "Units: `years`, `months`, `weeks`, `days`, `hours`, `minutes`, `seconds` \
              (singular also accepted); `amount` is a whole number. Calendar-correct: adding \
              months keeps the day, clamped to the month's end (`2024-01-31` + 1 month is \
              `2024-02-29`). The result has the form of the value: a date gives a date (clock \
              units on a date are `E0404`), a date-time without offset one without offset, an \
              RFC 3339 timestamp one with the same offset. A timestamp with a zone annotation \
              (`…+01:00[Europe/Berlin]`) follows that zone's daylight-saving rules: adding a \
              day keeps the wall-clock time, adding 24 hours keeps the elapsed time.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"date_add("2024-01-31", 1, "months")"#, r#""2024-02-29""#),
        example(r#"date_add("2024-03-01", -1, "day")"#, r#""2024-02-29""#),
        example(
            r#"date_add("2024-05-17T23:30:00+02:00", 45, "minutes")"#,
            r#""2024-05-18T00:15:00+02:00""#,
        ),
        example(
            r#"date_add("2024-03-30T12:00:00+01:00[Europe/Berlin]", 1, "days")"#,
            r#""2024-03-31T12:00:00+02:00[Europe/Berlin]""#,
        ),
        example(
            r#"date_add("2024-05-17T10:00:00", 1, "weeks")"#,
            r#""2024-05-24T10:00:00""#,
        ),
        failing(r#"date_add("2024-05-17", 3, "hours")"#, "E0404"),
        failing(r#"date_add("2024-05-17", 1, "fortnights")"#, "E0404"),
        failing(r#"date_add("2024-05-17", "1", "days")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let value = moment(args.get(0), 0)?;
    let amount = args.int(1)?;
    let unit = unit(args.get(2), 2)?;
    let span = span(amount, unit).map_err(|_| {
        out_of_range(
            &format!("adding {amount} {} is out of range", unit_name(unit)),
            args.get(1),
            1,
        )
    })?;
    let too_far = |_| {
        out_of_range(
            &format!(
                "adding {amount} {} gives a date out of range",
                unit_name(unit)
            ),
            args.get(0),
            0,
        )
    };
    let text = match value {
        Moment::Date(d) => {
            if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
                return Err(Raise::invalid(
                    "a date has no time of day: add days, or give a date-time",
                    args.get(0),
                )
                .at_arg(2));
            }
            d.checked_add(span).map_err(too_far)?.to_string()
        }
        Moment::Naive(dt) => civil_text(dt.checked_add(span).map_err(too_far)?),
        Moment::Fixed(z) => rfc3339(&z.checked_add(span).map_err(too_far)?),
        Moment::Zoned(z) => {
            let moved = z.checked_add(span).map_err(too_far)?;
            let mut text = rfc3339(&moved);
            if let Some(name) = moved.time_zone().iana_name() {
                text.push('[');
                text.push_str(name);
                text.push(']');
            }
            text
        }
    };
    Ok(Val::string(text))
}

fn span(amount: i64, unit: Unit) -> Result<Span, jiff::Error> {
    let span = Span::new();
    match unit {
        Unit::Year => span.try_years(amount),
        Unit::Month => span.try_months(amount),
        Unit::Week => span.try_weeks(amount),
        Unit::Day => span.try_days(amount),
        Unit::Hour => span.try_hours(amount),
        Unit::Minute => span.try_minutes(amount),
        _ => span.try_seconds(amount),
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn hours_across_a_dst_change_keep_elapsed_time() {
        ok(
            &DEF,
            r#"["2024-03-30T12:00:00+01:00[Europe/Berlin]", 24, "hours"]"#,
            r#""2024-03-31T13:00:00+02:00[Europe/Berlin]""#,
        );
    }

    #[test]
    fn huge_amounts_are_invalid_not_a_panic() {
        err(
            &DEF,
            r#"["2024-01-01", 9223372036854775807, "years"]"#,
            "E0404",
        );
        err(&DEF, r#"["2024-01-01", 20000, "years"]"#, "E0404");
    }

    #[test]
    fn utc_stays_zulu() {
        ok(
            &DEF,
            r#"["2024-12-31T23:59:59Z", 1, "second"]"#,
            r#""2025-01-01T00:00:00Z""#,
        );
    }
}
