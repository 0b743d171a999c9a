//! A [`Need`] laid out for the record parser, which asks it about every
//! member of every record: names in a flat list compared length first
//! (a mapping reads a handful per object), instead of an ordered map.

use super::Need;

/// What the record parser keeps of a value: everything, or the named
/// members (and each element or other member, when `each` is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keep {
    all: bool,
    names: Vec<(Box<str>, Keep)>,
    each: Option<Box<Keep>>,
}

/// Keep everything.
static ALL: Keep = Keep {
    all: true,
    names: Vec::new(),
    each: None,
};

/// Keep the value's type and scalars, no member.
static NOTHING: Keep = Keep {
    all: false,
    names: Vec::new(),
    each: None,
};

impl Keep {
    /// Keeps everything: a whole parse.
    pub fn all() -> &'static Keep {
        &ALL
    }

    /// What to keep of member `name` of an object, or `None` to skip it.
    #[inline]
    pub fn member(&self, name: &str) -> Option<&Keep> {
        if self.all {
            return Some(self);
        }
        self.names
            .iter()
            .find(|(k, _)| crate::value::same_key(k, name))
            .map(|(_, keep)| keep)
            .or(self.each.as_deref())
    }

    /// What to keep of each element of an array.
    #[inline]
    pub fn element(&self) -> &Keep {
        if self.all {
            return self;
        }
        self.each.as_deref().unwrap_or(&NOTHING)
    }
}

impl From<&Need> for Keep {
    fn from(need: &Need) -> Keep {
        match need {
            Need::All => ALL.clone(),
            Need::Fields { fields, elements } => Keep {
                all: false,
                names: fields
                    .iter()
                    .map(|(name, need)| (name.clone(), Keep::from(need)))
                    .collect(),
                each: elements.as_deref().map(|e| Box::new(Keep::from(e))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::Step;

    #[test]
    fn keeps_what_the_need_names() {
        let mut need = Need::nothing();
        need.add(
            &[Step::Field("a".into()), Step::Field("b".into())],
            Need::All,
        );
        need.add(&[Step::Field("list".into()), Step::Each], Need::All);
        let keep = Keep::from(&need);
        assert_eq!(keep.member("zz"), None);
        let a = keep.member("a").unwrap();
        assert_eq!(a.member("b"), Some(Keep::all()));
        assert_eq!(a.member("c"), None);
        assert_eq!(keep.member("list").unwrap().element(), Keep::all());
        assert_eq!(
            a.element().member("b"),
            None,
            "elements of a keep nothing inside"
        );
        assert_eq!(Keep::all().member("x"), Some(Keep::all()));
    }
}
