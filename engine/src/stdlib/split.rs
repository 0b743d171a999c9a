//! `split(text, separator)`: the parts of the text between separators.
//!
//! Errors: `E0401` when an argument is not a string; `E0504` when the
//! result would have more than 1,000,000 parts.

use super::support::check_items;
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "split",
    family: "strings",
    params: &[param("text", "string"), param("separator", "string")],
    variadic: false,
    returns: "array of strings",
    summary: "The parts of the text between occurrences of the separator (literal, not a regex).",
    details: "An empty separator splits into characters. An empty text gives `[\"\"]` \
              (one empty part), as splitting always gives one more part than separators.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(r#"split("a,b,,c", ",")"#, r#"["a","b","","c"]"#),
        example(r#"split("añb", "")"#, r#"["a","ñ","b"]"#),
        example(r#"split("", ",")"#, r#"[""]"#),
        failing(r#"split("a,b", 1)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let separator = args.str(1)?;
    let parts: Vec<Val<'a>> = if separator.is_empty() {
        check_items(text.chars().count())?;
        text.chars().map(|c| Val::string(c.to_string())).collect()
    } else {
        check_items(text.matches(separator).count().saturating_add(1))?;
        text.split(separator).map(Val::string).collect()
    };
    Ok(Val::array(parts))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn splits_on_multi_character_separators() {
        ok(&DEF, r#"["a::b::", "::"]"#, r#"["a","b",""]"#);
        ok(&DEF, r#"["abc", ";"]"#, r#"["abc"]"#);
    }

    #[test]
    fn too_many_parts_is_a_size_error() {
        let text = ",".repeat(1_000_001);
        err(&DEF, &format!(r#"["{text}", ","]"#), "E0504");
    }
}
