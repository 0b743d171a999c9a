//! `join(array, separator)`: the elements joined into one text.
//!
//! Errors: `E0401` when `array` is not an array, `separator` not a string,
//! or an element is not a string or number; `E0504` over 16 MiB.

use super::support::{check_string_size, number_text};
use super::{Args, FnDef, NullPolicy, example, failing, optional, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "join",
    family: "strings",
    params: &[param("array", "array"), optional("separator", "string")],
    variadic: false,
    returns: "string",
    summary: "The elements joined into one text, with the separator between them (default `\"\"`).",
    details: "Elements must be strings or numbers (numbers are written with their exact text, \
              `1.50` stays `1.50`); null or any other element is `E0401` (filter nulls out first). \
              An empty array gives `\"\"`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"join(["a", "b", "c"], ", ")"#, r#""a, b, c""#),
        example(r#"join(["A", 1.50, 7], "-")"#, r#""A-1.50-7""#),
        example(r#"join([], ",")"#, r#""""#),
        failing(r#"join(["a", null], ",")"#, "E0401"),
        failing(r#"join("abc", ",")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let array = args.array(0)?;
    let separator = if args.has(1) { args.str(1)? } else { "" };
    let mut out = String::new();
    for (i, item) in array.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        match &item {
            Val::Str(s) => out.push_str(s),
            Val::Num(_) | Val::RawNum(_) => out.push_str(&number_text(&item).unwrap_or_default()),
            other => {
                return Err(Raise::type_mismatch("strings or numbers to join", other)
                    .with_culprit(other)
                    .at_arg(0));
            }
        }
        check_string_size(out.len())?;
    }
    Ok(Val::string(out))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn separator_defaults_to_nothing() {
        ok(&DEF, r#"[["a", "b"]]"#, r#""ab""#);
    }

    #[test]
    fn nested_arrays_are_refused() {
        err(&DEF, r#"[[["a"]], ","]"#, "E0401");
    }
}
