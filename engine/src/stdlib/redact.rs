//! `redact(value, paths)`: the value with the members and elements at the
//! given paths replaced by `"[REDACTED]"`, `*` standing for every member or
//! element.
//!
//! Errors: `E0401` when `paths` is not a path or an array of paths;
//! `E0404` for an empty dotted segment or an index that is not whole.

use super::path_set::{Edit, PathSet};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

/// What a redacted value becomes.
const REDACTED: &str = "[REDACTED]";

pub(super) const DEF: FnDef = FnDef {
    name: "redact",
    family: "objects",
    params: &[
        param("value", "any"),
        param("paths", "array of paths, or one dotted string"),
    ],
    variadic: false,
    returns: "any",
    summary: "A copy of the value with the members and elements at the given paths replaced by the string `\"[REDACTED]\"`; paths that lead nowhere are ignored.",
    details: "For logs, error reports and audit copies that must not carry card numbers, \
              passwords or tokens. Paths are written as for `delete_paths`: dotted strings \
              (`\"customer.email\"`) or arrays of member names and element indexes \
              (`[\"lines\", 0, \"note\"]`), and a single dotted string is one path. A step \
              `*`, in either form, stands for every member of an object or every element of \
              an array: `\"customer.cards.*.number\"` redacts the number of each card, \
              `\"secrets.*\"` every member of `secrets` (so a member literally named `*` \
              is redacted with its siblings). A member that is present is redacted whatever \
              its value, null, object or array included; a path through something missing, \
              a scalar or the wrong kind of container is ignored, so the value's shape is \
              kept. Of a path and a longer one through it, the shorter wins. The empty path \
              (`\"\"`, `[]`) redacts the value itself.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"redact({"id": 7, "customer": {"email": "a@x.io", "cards": [{"number": "4111111111111111", "exp": "12/27"}, {"number": "5500000000000004", "exp": "01/28"}]}}, ["customer.cards.*.number", "customer.email"])"#,
            r#"{"id":7,"customer":{"email":"[REDACTED]","cards":[{"number":"[REDACTED]","exp":"12/27"},{"number":"[REDACTED]","exp":"01/28"}]}}"#,
        ),
        example(
            r#"redact({"user": "zoe", "auth": {"password": "p", "token": null}}, "auth.*")"#,
            r#"{"user":"zoe","auth":{"password":"[REDACTED]","token":"[REDACTED]"}}"#,
        ),
        example(
            r#"redact({"lines": [{"note": "x"}, {"sku": "B"}]}, [["lines", 0, "note"], "no.such.path"])"#,
            r#"{"lines":[{"note":"[REDACTED]"},{"sku":"B"}]}"#,
        ),
        failing(r#"redact({"a": 1}, 5)"#, "E0401"),
        failing(r#"redact({"a": 1}, ["a..b"])"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let paths = PathSet::parse(args.get(1), 1, true)?;
    paths.apply(args.get(0), &Edit::Replace(Val::string(REDACTED)))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn wildcards_reach_every_member_and_element() {
        ok(
            &DEF,
            r#"[{"a": [{"x": 1, "y": 2}, {"x": 3}, 5]}, ["a.*.x"]]"#,
            r#"{"a": [{"x": "[REDACTED]", "y": 2}, {"x": "[REDACTED]"}, 5]}"#,
        );
        ok(
            &DEF,
            r#"[{"a": {"k": {"x": 1}, "l": {"x": 2, "z": 0}}}, [["a", "*", "x"]]]"#,
            r#"{"a": {"k": {"x": "[REDACTED]"}, "l": {"x": "[REDACTED]", "z": 0}}}"#,
        );
        ok(
            &DEF,
            r#"[[1, [2, 3]], "*"]"#,
            r#"["[REDACTED]", "[REDACTED]"]"#,
        );
        ok(&DEF, r#"[{"a": []}, "a.*"]"#, r#"{"a": []}"#);
    }

    #[test]
    fn a_wildcard_and_a_named_path_both_apply() {
        ok(
            &DEF,
            r#"[{"a": {"b": {"x": 1, "y": 2}, "c": {"x": 3, "y": 4}}}, ["a.*.x", "a.b.y"]]"#,
            r#"{"a": {"b": {"x": "[REDACTED]", "y": "[REDACTED]"}, "c": {"x": "[REDACTED]", "y": 4}}}"#,
        );
    }

    #[test]
    fn indexes_and_missing_paths_work_as_in_delete_paths() {
        ok(
            &DEF,
            r#"[["a", "b", "c"], [[0], [-1]]]"#,
            r#"["[REDACTED]", "b", "[REDACTED]"]"#,
        );
        ok(
            &DEF,
            r#"[{"a": 1}, ["a.b.c", "z", ["a", 0]]]"#,
            r#"{"a": 1}"#,
        );
        ok(
            &DEF,
            r#"[{"a": [1, 2]}, "a.1"]"#,
            r#"{"a": [1, "[REDACTED]"]}"#,
        );
    }

    #[test]
    fn the_shorter_path_wins_and_the_empty_path_redacts_all() {
        ok(
            &DEF,
            r#"[{"a": {"b": 1}, "c": 2}, ["a.b", "a"]]"#,
            r#"{"a": "[REDACTED]", "c": 2}"#,
        );
        ok(&DEF, r#"[{"a": 1}, [[]]]"#, r#""[REDACTED]""#);
        ok(&DEF, r#"[{"a": 1}, []]"#, r#"{"a": 1}"#);
        ok(&DEF, r#"[null, ["a"]]"#, "null");
        err(&DEF, r#"[{"a": 1}, [{"a": 1}]]"#, "E0401");
    }
}
