//! Arrays at run time: a borrowed JSON array or one the mapping built.

use std::rc::Rc;

use super::Val;

/// An array value.
#[derive(Clone, Debug)]
pub enum Arr<'a> {
    /// Borrowed from the input or a constant.
    Json(&'a Vec<serde_json::Value>),
    /// Borrowed from a parsed record.
    Doc(&'a [crate::doc::Node<'a>]),
    /// Built while mapping.
    Owned(Rc<Vec<Val<'a>>>),
}

impl<'a> Arr<'a> {
    /// An array built from values.
    pub fn from_vec(items: Vec<Val<'a>>) -> Arr<'a> {
        Arr::Owned(Rc::new(items))
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Arr::Json(a) => a.len(),
            Arr::Doc(a) => a.len(),
            Arr::Owned(a) => a.len(),
        }
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index`.
    pub fn get(&self, index: usize) -> Option<Val<'a>> {
        match self {
            Arr::Json(a) => a.get(index).map(Val::from_json),
            Arr::Doc(a) => a.get(index).map(Val::from_doc),
            Arr::Owned(a) => a.get(index).cloned(),
        }
    }

    /// The element at `index`; negative counts from the end (`-1` is last).
    pub fn get_signed(&self, index: i64) -> Option<Val<'a>> {
        let len = self.len() as i64;
        let i = if index < 0 {
            len.checked_add(index)?
        } else {
            index
        };
        if i < 0 || i >= len {
            None
        } else {
            self.get(i as usize)
        }
    }

    /// The elements, in order.
    pub fn iter(&self) -> ArrIter<'_, 'a> {
        match self {
            Arr::Json(a) => ArrIter::Json(a.iter()),
            Arr::Doc(a) => ArrIter::Doc(a.iter()),
            Arr::Owned(a) => ArrIter::Owned(a.iter()),
        }
    }

    /// The elements as a vector (copies the handles, not the data).
    pub fn to_vec(&self) -> Vec<Val<'a>> {
        self.iter().collect()
    }
}

/// Iterator over an [`Arr`].
pub enum ArrIter<'r, 'a> {
    /// Over a borrowed JSON array.
    Json(std::slice::Iter<'a, serde_json::Value>),
    /// Over a parsed record's array.
    Doc(std::slice::Iter<'a, crate::doc::Node<'a>>),
    /// Over a built array.
    Owned(std::slice::Iter<'r, Val<'a>>),
}

impl<'a> Iterator for ArrIter<'_, 'a> {
    type Item = Val<'a>;
    fn next(&mut self) -> Option<Val<'a>> {
        match self {
            ArrIter::Json(it) => it.next().map(Val::from_json),
            ArrIter::Doc(it) => it.next().map(Val::from_doc),
            ArrIter::Owned(it) => it.next().cloned(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            ArrIter::Json(it) => it.size_hint(),
            ArrIter::Doc(it) => it.size_hint(),
            ArrIter::Owned(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for ArrIter<'_, '_> {}

impl DoubleEndedIterator for ArrIter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            ArrIter::Json(it) => it.next_back().map(Val::from_json),
            ArrIter::Doc(it) => it.next_back().map(Val::from_doc),
            ArrIter::Owned(it) => it.next_back().cloned(),
        }
    }
}
