//! `delete_paths(value, paths)`: the value without the members and
//! elements at the given paths.
//!
//! Errors: `E0401` when `paths` is not a path or an array of paths;
//! `E0404` for an empty dotted segment or an index that is not whole.

use super::path_set::{Edit, PathSet};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "delete_paths",
    family: "objects",
    params: &[
        param("value", "any"),
        param("paths", "array of paths, or one dotted string"),
    ],
    variadic: false,
    returns: "any",
    summary: "A copy of the value without the members and elements at the given paths; paths that lead nowhere are ignored.",
    details: "`paths` is an array whose elements are paths, each a dotted string \
              (`\"customer.address.zip\"`) or an array of member names and element indexes \
              (`[\"lines\", 0, \"note\"]`, negative indexes from the end); a single dotted \
              string is one path. In a dotted string a segment of digits is an index where \
              the value is an array and a member name elsewhere. Like jq's `del` and JOLT's \
              `remove`, all paths refer to the value as given: `delete_paths(xs, [[0], [1]])` \
              deletes the first two elements. A path through something missing, a scalar, or \
              the wrong kind of container is ignored. The empty path (`[]`, `\"\"`) deletes \
              the value itself, giving null. Order of what remains is kept.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"delete_paths({"id": 1, "customer": {"email": "a@x.io", "ssn": "x"}, "debug": true}, ["customer.ssn", "debug"])"#,
            r#"{"id":1,"customer":{"email":"a@x.io"}}"#,
        ),
        example(
            r#"delete_paths({"lines": [{"sku": "A", "tmp": 1}, {"sku": "B", "tmp": 2}]}, [["lines", 0, "tmp"], "lines.1.tmp", "no.such.path"])"#,
            r#"{"lines":[{"sku":"A"},{"sku":"B"}]}"#,
        ),
        example(r#"delete_paths(["a", "b", "c"], [[0], [-1]])"#, r#"["b"]"#),
        failing(r#"delete_paths({"a": 1}, 5)"#, "E0401"),
        failing(r#"delete_paths({"a": 1}, ["a..b"])"#, "E0404"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    PathSet::parse(args.get(1), 1, false)?.apply(args.get(0), &Edit::Delete)
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn indexes_refer_to_the_array_as_given() {
        ok(&DEF, "[[0, 1, 2, 3], [[1], [2]]]", "[0, 3]");
        ok(&DEF, r#"[[0, 1, 2, 3], ["1", [-1]]]"#, "[0, 2]");
        ok(&DEF, "[[0, 1], [[5], [-5]]]", "[0, 1]");
    }

    #[test]
    fn missing_and_mismatched_paths_are_ignored() {
        ok(
            &DEF,
            r#"[{"a": 1}, ["a.b.c", "z", ["a", 0]]]"#,
            r#"{"a": 1}"#,
        );
        ok(
            &DEF,
            r#"[{"a": {"0": 1, "1": 2}}, ["a.0", ["a", 1]]]"#,
            r#"{"a": {"1": 2}}"#,
        );
        ok(&DEF, r#"[{"a": [1, 2]}, [["a", "0"]]]"#, r#"{"a": [1, 2]}"#);
    }

    #[test]
    fn a_path_and_its_extension_delete_the_shorter() {
        ok(
            &DEF,
            r#"[{"a": {"b": 1}, "c": 2}, ["a.b", "a"]]"#,
            r#"{"c": 2}"#,
        );
        ok(
            &DEF,
            r#"[{"a": {"b": 1, "c": 2}}, "a.b"]"#,
            r#"{"a": {"c": 2}}"#,
        );
    }

    #[test]
    fn the_empty_path_deletes_everything() {
        ok(&DEF, r#"[{"a": 1}, [[]]]"#, "null");
        ok(&DEF, r#"[{"a": 1}, []]"#, r#"{"a": 1}"#);
        err(&DEF, r#"[{"a": 1}, [{"a": 1}]]"#, "E0401");
    }
}
