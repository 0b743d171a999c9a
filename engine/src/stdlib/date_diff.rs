//! `date_diff(a, b, unit)`: the whole number of units from `a` to `b`.
//!
//! Errors: `E0401` on wrong types; `E0404` for an unreadable value or an
//! unknown unit.

use jiff::{Span, Unit};

use super::temporal::{moment, out_of_range, unit};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "date_diff",
    family: "dates",
    params: &[
        param("a", "string"),
        param("b", "string"),
        param("unit", "string"),
    ],
    variadic: false,
    returns: "number",
    summary: "The number of whole units from `a` to `b` (`b − a`; negative when `b` is earlier).",
    details: "Units as for `date_add`. Partial units are dropped (toward zero): from \
              `2024-01-31` to `2024-02-29` is 0 months, to `2024-03-01` 1 month. Calendar \
              units follow the calendar (a month is not 30 days). Two values without offset \
              (dates, wall-clock date-times) are compared as wall-clock times; otherwise both \
              are instants (one without offset read as UTC) and `b` is viewed in `a`'s zone.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"date_diff("2024-01-15", "2024-03-14", "months")"#, "1"),
        example(r#"date_diff("2000-02-29", "2024-02-28", "years")"#, "23"),
        example(r#"date_diff("2024-05-17", "2024-05-10", "days")"#, "-7"),
        example(
            r#"date_diff("2024-05-17T10:00:00Z", "2024-05-17T12:30:00+02:00", "minutes")"#,
            "30",
        ),
        failing(r#"date_diff("2024-05-17", "soon", "days")"#, "E0404"),
        failing(
            r#"date_diff("2024-05-17", "2024-05-18", "decades")"#,
            "E0404",
        ),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let a = moment(args.get(0), 0)?;
    let b = moment(args.get(1), 1)?;
    let unit = unit(args.get(2), 2)?;
    let bad = |_| out_of_range("the difference cannot be measured", args.get(1), 1);
    let span = if a.is_civil() && b.is_civil() {
        a.civil().until((unit, b.civil())).map_err(bad)?
    } else {
        let from = a.instant().map_err(bad)?;
        let to = b
            .instant()
            .map_err(bad)?
            .with_time_zone(from.time_zone().clone());
        from.until((unit, &to)).map_err(bad)?
    };
    Ok(Val::int(count(&span, unit)))
}

fn count(span: &Span, unit: Unit) -> i64 {
    match unit {
        Unit::Year => i64::from(span.get_years()),
        Unit::Month => i64::from(span.get_months()),
        Unit::Week => i64::from(span.get_weeks()),
        Unit::Day => i64::from(span.get_days()),
        Unit::Hour => i64::from(span.get_hours()),
        Unit::Minute => span.get_minutes(),
        _ => span.get_seconds(),
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::ok;

    #[test]
    fn month_ends_count_whole_months_only() {
        ok(&DEF, r#"["2024-01-31", "2024-02-29", "months"]"#, "0");
        ok(&DEF, r#"["2024-01-31", "2024-03-01", "months"]"#, "1");
    }

    #[test]
    fn a_dst_day_has_23_hours() {
        ok(
            &DEF,
            r#"["2024-03-31T00:00:00+01:00[Europe/Berlin]", "2024-04-01T00:00:00+02:00[Europe/Berlin]", "hours"]"#,
            "23",
        );
        ok(
            &DEF,
            r#"["2024-03-31T00:00:00+01:00[Europe/Berlin]", "2024-04-01T00:00:00+02:00[Europe/Berlin]", "days"]"#,
            "1",
        );
    }

    #[test]
    fn epoch_numbers_are_instants() {
        ok(&DEF, r#"[0, "1970-01-02T00:00:00Z", "seconds"]"#, "86400");
    }
}
