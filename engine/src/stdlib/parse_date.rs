//! `parse_date(text, format)`: a date read with a strftime format, as
//! `YYYY-MM-DD`.
//!
//! Errors: `E0401` on wrong types; `E0404` when the text does not match the
//! format or is not a valid date.

use jiff::fmt::strtime;

use super::date_text::{Want, explain_parse};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "parse_date",
    family: "dates",
    params: &[param("text", "string"), param("format", "string")],
    variadic: false,
    returns: "string",
    summary: "The date the text spells in the given strftime format, as ISO `YYYY-MM-DD`.",
    details: "Formats use strftime directives: `%Y` year, `%m` month, `%d` day, `%b`/`%B` \
              month name (English), `%y` two-digit year, `%j` day of the year, `%%` a percent \
              sign; other characters must match literally. The whole text must match, and \
              the date must exist (`31.02.2024` is `E0404`). Time directives may be present \
              and are ignored.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"parse_date("17.05.2024", "%d.%m.%Y")"#, r#""2024-05-17""#),
        example(
            r#"parse_date("May 7, 2024", "%B %d, %Y")"#,
            r#""2024-05-07""#,
        ),
        failing(r#"parse_date("31.02.2024", "%d.%m.%Y")"#, "E0404"),
        failing(r#"parse_date("2024-05-17", "%d.%m.%Y")"#, "E0404"),
        failing(r#"parse_date(20240517, "%Y%m%d")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let format = args.str(1)?;
    let date = strtime::parse(format, text)
        .and_then(|parsed| parsed.to_date())
        .map_err(|_| {
            Raise::invalid(explain_parse(text, format, Want::Date), args.get(0)).at_arg(0)
        })?;
    Ok(Val::string(date.to_string()))
}
