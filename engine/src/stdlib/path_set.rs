//! A set of paths into a value, merged by their common steps, and the
//! rewrite of what it selects: the `paths` argument of `delete_paths` and
//! `redact`. Not a function itself.

use super::tree::{Seg, check_nesting, parse_path, resolve};
use crate::error::Raise;
use crate::value::{ObjMap, Val};

/// One step of a path in a [`PathSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// A member or element, as [`parse_path`] reads it.
    Seg(Seg),
    /// `*`: every member of an object, every element of an array.
    Every,
}

/// What becomes of the values a [`PathSet`] selects.
pub(super) enum Edit<'a> {
    /// They are removed from their object or array (the whole value
    /// becomes null).
    Delete,
    /// They are replaced by this value.
    Replace(Val<'a>),
}

/// Paths, merged by their common steps: the value reached at a node is
/// selected when `here` is set.
#[derive(Default)]
pub(super) struct PathSet {
    here: bool,
    children: Vec<(Step, PathSet)>,
}

impl PathSet {
    /// The paths of argument `arg`: an array of paths, or one dotted string
    /// as one path (see [`parse_path`]). With `wildcards`, a step `*` (a
    /// dotted segment, or a string in an array path) stands for every
    /// member or element. `E0401` for anything else.
    pub(super) fn parse(v: &Val<'_>, arg: usize, wildcards: bool) -> Result<PathSet, Raise> {
        let mut set = PathSet::default();
        let mut add = |path: &Val<'_>| -> Result<(), Raise> {
            let steps: Vec<Step> = parse_path(path, arg)?
                .into_iter()
                .map(|seg| match seg {
                    Seg::Key(k) if wildcards && k == "*" => Step::Every,
                    seg => Step::Seg(seg),
                })
                .collect();
            set.insert(&steps);
            Ok(())
        };
        match v {
            Val::Arr(paths) => {
                for path in paths.iter() {
                    add(&path)?;
                }
            }
            one @ Val::Str(_) => add(one)?,
            other => {
                return Err(Raise::type_mismatch("an array of paths", other).at_arg(arg));
            }
        }
        Ok(set)
    }

    fn insert(&mut self, path: &[Step]) {
        let Some((first, rest)) = path.split_first() else {
            self.here = true;
            return;
        };
        let child = match self.children.iter().position(|(s, _)| s == first) {
            Some(i) => &mut self.children[i].1,
            None => {
                self.children.push((first.clone(), PathSet::default()));
                let last = self.children.len() - 1;
                &mut self.children[last].1
            }
        };
        child.insert(rest);
    }

    /// `value` with what the set selects edited. Paths through something
    /// missing, a scalar or the wrong kind of container select nothing;
    /// a value nothing is selected in is returned as it is.
    pub(super) fn apply<'a>(&self, value: &Val<'a>, edit: &Edit<'a>) -> Result<Val<'a>, Raise> {
        if self.here {
            return Ok(match edit {
                Edit::Delete => Val::Null,
                Edit::Replace(v) => v.clone(),
            });
        }
        self.below(value, edit, 1)
    }

    /// `value` with what the set selects below it edited.
    fn below<'a>(&self, value: &Val<'a>, edit: &Edit<'a>, depth: usize) -> Result<Val<'a>, Raise> {
        if self.children.is_empty() {
            return Ok(value.clone());
        }
        check_nesting(depth)?;
        match value {
            Val::Obj(o) => {
                let mut map = ObjMap::with_capacity(o.len());
                let mut changed = false;
                for (k, v) in o.iter() {
                    let subs = self.matching(|seg| seg.key() == Some(k.as_str()));
                    match edit_one(v, &subs, edit, depth)? {
                        None => changed = true,
                        Some((v, edited)) => {
                            changed |= edited;
                            map.push_unique(k, v);
                        }
                    }
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
                    let subs =
                        self.matching(|seg| seg.index().and_then(|j| resolve(j, len)) == Some(i));
                    match edit_one(v, &subs, edit, depth)? {
                        None => changed = true,
                        Some((v, edited)) => {
                            changed |= edited;
                            items.push(v);
                        }
                    }
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

    /// The sets of the steps that address one member or element: those
    /// whose segment `addresses` it (a dotted "0" and an array-form `0` may
    /// both point at it), and `*`.
    fn matching(&self, addresses: impl Fn(&Seg) -> bool) -> Vec<&PathSet> {
        self.children
            .iter()
            .filter(|(step, _)| match step {
                Step::Seg(seg) => addresses(seg),
                Step::Every => true,
            })
            .map(|(_, set)| set)
            .collect()
    }
}

/// A member or element `v` that the sets `subs` address: `None` when it
/// is deleted, otherwise its new value and whether it changed. A path
/// that ends here wins over the longer ones through it.
fn edit_one<'a>(
    v: Val<'a>,
    subs: &[&PathSet],
    edit: &Edit<'a>,
    depth: usize,
) -> Result<Option<(Val<'a>, bool)>, Raise> {
    if subs.iter().any(|set| set.here) {
        return Ok(match edit {
            Edit::Delete => None,
            Edit::Replace(r) => Some((r.clone(), true)),
        });
    }
    let mut v = v;
    for sub in subs {
        v = sub.below(&v, edit, depth + 1)?;
    }
    Ok(Some((v, !subs.is_empty())))
}
