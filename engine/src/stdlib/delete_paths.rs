//! `delete_paths(value, paths)`: the value without the members and
//! elements at the given paths.
//!
//! Errors: `E0401` when `paths` is not a path or an array of paths;
//! `E0404` for an empty dotted segment or an index that is not whole.

use super::tree::{Seg, check_nesting, parse_path, resolve};
use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

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

/// The paths to delete, merged by their common steps.
#[derive(Default)]
struct Trie {
    /// The value reached here is deleted.
    here: bool,
    children: Vec<(Seg, Trie)>,
}

impl Trie {
    fn insert(&mut self, path: &[Seg]) {
        let Some((first, rest)) = path.split_first() else {
            self.here = true;
            return;
        };
        let child = match self.children.iter().position(|(s, _)| s == first) {
            Some(i) => &mut self.children[i].1,
            None => {
                self.children.push((first.clone(), Trie::default()));
                let last = self.children.len() - 1;
                &mut self.children[last].1
            }
        };
        child.insert(rest);
    }
}

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let mut trie = Trie::default();
    match args.get(1) {
        Val::Arr(paths) => {
            for path in paths.iter() {
                trie.insert(&parse_path(&path, 1)?);
            }
        }
        one @ Val::Str(_) => trie.insert(&parse_path(one, 1)?),
        other => {
            return Err(Raise::type_mismatch("an array of paths", other).at_arg(1));
        }
    }
    if trie.here {
        return Ok(Val::Null);
    }
    prune(args.get(0), &trie, 1)
}

/// `value` without what `trie` marks below it.
fn prune<'a>(value: &Val<'a>, trie: &Trie, depth: usize) -> Result<Val<'a>, Raise> {
    if trie.children.is_empty() {
        return Ok(value.clone());
    }
    check_nesting(depth)?;
    // The steps that address one member or element (a dotted "0" and an
    // array-form `0` may both point at it).
    let matching = |key: Option<&str>, index: Option<usize>, len: usize| -> Vec<&Trie> {
        trie.children
            .iter()
            .filter(|(seg, _)| match (key, index) {
                (Some(k), _) => seg.key() == Some(k),
                (_, Some(i)) => seg.index().and_then(|j| resolve(j, len)) == Some(i),
                _ => false,
            })
            .map(|(_, t)| t)
            .collect()
    };
    match value {
        Val::Obj(o) => {
            let mut map = ObjMap::with_capacity(o.len());
            let mut changed = false;
            for (k, v) in o.iter() {
                let subs = matching(Some(&k), None, 0);
                if subs.iter().any(|t| t.here) {
                    changed = true;
                    continue;
                }
                let mut v = v;
                for sub in &subs {
                    v = prune(&v, sub, depth + 1)?;
                    changed = true;
                }
                map.push_unique(k, v);
            }
            Ok(if changed {
                Val::object(map)
            } else {
                value.clone()
            })
        }
        Val::Arr(a) => {
            let len = a.len();
            let mut items = Vec::with_capacity(len);
            let mut changed = false;
            for (i, v) in a.iter().enumerate() {
                let subs = matching(None, Some(i), len);
                if subs.iter().any(|t| t.here) {
                    changed = true;
                    continue;
                }
                let mut v = v;
                for sub in &subs {
                    v = prune(&v, sub, depth + 1)?;
                    changed = true;
                }
                items.push(v);
            }
            Ok(if changed {
                Val::array(items)
            } else {
                value.clone()
            })
        }
        _ => Ok(value.clone()),
    }
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
