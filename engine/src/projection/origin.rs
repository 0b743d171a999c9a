//! Where a value met by the analysis can come from: an input node, or a
//! container the mapping built around input nodes.

use super::need::{Need, Step};

/// A place a value can come from.
///
/// With `built` empty the value *is* the input node at `path`. Otherwise
/// it is a container the mapping built, `built.len()` levels deep, whose
/// innermost children are input nodes at `path`: a wildcard path's
/// nodelist (`$.lines[*]` is an array of the nodes at `lines.*`), a
/// `filter` or `sort_by` result, `group_by`'s object of arrays, an array
/// or object literal. Telling the two apart matters: `[for l in
/// $.lines[*] => l.a]` reads `lines.*.a`, not `lines.*.*.a`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Origin {
    pub(super) path: Vec<Step>,
    /// How each built level holds the next, outermost last: under a static
    /// member name (an object literal's `c: $.customer`), or as any child.
    built: Vec<Step>,
}

/// Every place a value can come from (a union: branches, defaults…).
pub(super) type Origins = Vec<Origin>;

impl Origin {
    /// The record itself.
    pub(super) fn root() -> Origin {
        Origin {
            path: Vec::new(),
            built: Vec::new(),
        }
    }

    /// Any child of the value: an element, or a member's value.
    pub(super) fn child(&self) -> Origin {
        let mut next = self.clone();
        if next.built.pop().is_none() {
            next.path.push(Step::Each);
        }
        next
    }

    /// The member `name` of the value; `None` when the value is an object
    /// the mapping built with other members only.
    pub(super) fn member(&self, name: &str) -> Option<Origin> {
        let mut next = self.clone();
        match next.built.pop() {
            None => next.path.push(Step::Field(name.into())),
            Some(Step::Field(held)) if *held != *name => return None,
            Some(_) => {}
        }
        Some(next)
    }

    /// The value held by a container the mapping built: as member `name`
    /// of an object literal, or as any child (`None`).
    pub(super) fn held(mut self, name: Option<&str>) -> Origin {
        self.built.push(match name {
            Some(name) => Step::Field(name.into()),
            None => Step::Each,
        });
        self
    }

    /// What is needed of the input node at `path` for the value to be
    /// read as `need` says.
    pub(super) fn need_at_path(&self, need: &Need) -> Need {
        let mut need = need.clone();
        for level in self.built.iter().rev() {
            need = match level {
                Step::Field(name) => need.member(name).cloned().unwrap_or_else(Need::nothing),
                Step::Each => need.any_child(),
            };
        }
        need
    }
}

/// Any child of each value.
pub(super) fn children(origins: &Origins) -> Origins {
    origins.iter().map(Origin::child).collect()
}

/// Each value as a child of a container the mapping built (an element of
/// a nodelist or of an array, a member with a computed name).
pub(super) fn wrapped(origins: Origins) -> Origins {
    held(origins, None)
}

/// Each value as member `name` of an object literal (or under a computed
/// name, `None`).
pub(super) fn held(origins: Origins, name: Option<&str>) -> Origins {
    origins.into_iter().map(|o| o.held(name)).collect()
}

/// `more` added to `origins`, without repeats (a union is walked once per
/// origin afterwards, so repeats would multiply).
pub(super) fn union(origins: &mut Origins, more: Origins) {
    origins.extend(more);
    origins.sort();
    origins.dedup();
}
