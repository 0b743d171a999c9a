//! What of an input value a mapping can read: the tree the analysis
//! builds, laid out for the record parser as a [`super::Keep`].

use std::collections::BTreeMap;

/// The part of an input value a mapping needs.
///
/// `Fields` keeps the value's type and every scalar exactly: an object
/// keeps only the named members (and, when `elements` is set, every other
/// member too), an array keeps every element (so lengths and indexes stay
/// the same), a scalar is kept as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// The whole value.
    All,
    /// Only what navigation reaches.
    Fields {
        /// Members read by name, with what is needed of each.
        fields: BTreeMap<Box<str>, Need>,
        /// What is needed of every array element and, when set, of every
        /// object member (a wildcard or a loop over an object reads them
        /// all). `None`: array elements are kept with nothing read inside
        /// them, unnamed object members are dropped.
        elements: Option<Box<Need>>,
    },
}

/// One step of navigation from the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    /// A member by name.
    Field(Box<str>),
    /// Every element of an array, or every member of an object.
    Each,
}

impl Need {
    /// Presence only: the value's type and scalars, no object member.
    pub fn nothing() -> Need {
        Need::Fields {
            fields: BTreeMap::new(),
            elements: None,
        }
    }

    /// The value's shape: its type, scalars, and the presence of every
    /// element and member (what `len` or `keys` reads), nothing inside them.
    pub(crate) fn shape() -> Need {
        Need::Fields {
            fields: BTreeMap::new(),
            elements: Some(Box::new(Need::nothing())),
        }
    }

    /// True for [`Need::All`].
    pub fn is_all(&self) -> bool {
        matches!(self, Need::All)
    }

    /// What is needed of member `name` of an object, or `None` to skip it.
    pub fn member(&self, name: &str) -> Option<&Need> {
        match self {
            Need::All => Some(&Need::All),
            Need::Fields { fields, elements } => fields.get(name).or(elements.as_deref()),
        }
    }

    /// What is needed of each element of an array.
    pub fn element(&self) -> &Need {
        const NOTHING: &Need = &Need::Fields {
            fields: BTreeMap::new(),
            elements: None,
        };
        match self {
            Need::All => &Need::All,
            Need::Fields { elements, .. } => elements.as_deref().unwrap_or(NOTHING),
        }
    }

    /// What is needed of each child of a container the mapping built (a
    /// nodelist, a `group_by` result, a comprehension): a child may be
    /// read as any named member or as an element, so it needs them all.
    pub(crate) fn any_child(&self) -> Need {
        match self {
            Need::All => Need::All,
            Need::Fields { fields, elements } => {
                let mut need = elements.as_deref().cloned().unwrap_or_else(Need::nothing);
                for field in fields.values() {
                    need.merge(field.clone());
                }
                need
            }
        }
    }

    /// Adds `need` at the end of `path`.
    pub(crate) fn add(&mut self, path: &[Step], need: Need) {
        let Need::Fields { fields, elements } = self else {
            return;
        };
        match path.split_first() {
            None => self.merge(need),
            Some((Step::Field(name), rest)) => fields
                .entry(name.clone())
                .or_insert_with(Need::nothing)
                .add(rest, need),
            Some((Step::Each, rest)) => elements
                .get_or_insert_with(|| Box::new(Need::nothing()))
                .add(rest, need),
        }
    }

    /// Widens `self` to also cover `other`.
    pub(crate) fn merge(&mut self, other: Need) {
        match (&mut *self, other) {
            (Need::All, _) => {}
            (_, Need::All) => *self = Need::All,
            (
                Need::Fields { fields, elements },
                Need::Fields {
                    fields: more,
                    elements: more_elements,
                },
            ) => {
                for (name, need) in more {
                    match fields.get_mut(&name) {
                        Some(n) => n.merge(need),
                        None => {
                            fields.insert(name, need);
                        }
                    }
                }
                match (elements, more_elements) {
                    (Some(e), Some(more)) => e.merge(*more),
                    (e @ None, more) => *e = more,
                    (Some(_), None) => {}
                }
            }
        }
    }

    /// Folds what every member needs into each named member, so that the
    /// parser looks up one need per member: with `elements` set, a named
    /// member is read both by name and as one of all the members.
    pub(crate) fn normalize(&mut self) {
        let Need::Fields { fields, elements } = self else {
            return;
        };
        if let Some(each) = elements {
            each.normalize();
            for need in fields.values_mut() {
                need.merge((**each).clone());
            }
        }
        for need in fields.values_mut() {
            need.normalize();
        }
    }
}

/// Compact text: `all`, or `{name: …, *: …}` with `*` for the elements.
impl std::fmt::Display for Need {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Need::Fields { fields, elements } = self else {
            return f.write_str("all");
        };
        f.write_str("{")?;
        let mut first = true;
        let each = elements.as_deref().map(|e| ("*", e));
        for (name, need) in fields.iter().map(|(k, v)| (&**k, v)).chain(each) {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{name}: {need}")?;
        }
        f.write_str("}")
    }
}
