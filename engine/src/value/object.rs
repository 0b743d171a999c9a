//! Objects at run time: a borrowed JSON object or one the mapping built.
//!
//! Built objects keep insertion order (the mapping's field order is the
//! output's). Most are small literal objects, where a linear scan beats
//! hashing; an index is added only once an object grows large.

use std::collections::HashMap;
use std::rc::Rc;

use super::{Str, Val};
use crate::doc::Member;

/// Objects above this many members get a hash index for lookups.
const INDEX_THRESHOLD: usize = 24;

/// An object value.
#[derive(Clone, Debug)]
pub enum Obj<'a> {
    /// Borrowed from the input or a constant.
    Json(&'a serde_json::Map<String, serde_json::Value>),
    /// Borrowed from a parsed record (keys unique).
    Doc(&'a [Member<'a>]),
    /// Built while mapping.
    Owned(Rc<ObjMap<'a>>),
}

impl<'a> Obj<'a> {
    /// An object value from a built map.
    pub fn from_map(map: ObjMap<'a>) -> Obj<'a> {
        Obj::Owned(Rc::new(map))
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        match self {
            Obj::Json(o) => o.len(),
            Obj::Doc(o) => o.len(),
            Obj::Owned(o) => o.len(),
        }
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<Val<'a>> {
        match self {
            Obj::Json(o) => json_member(o, key).map(Val::from_json),
            Obj::Doc(o) => o
                .iter()
                .find(|(k, _)| same_key(k, key))
                .map(|(_, v)| Val::from_doc(v)),
            Obj::Owned(o) => o.get(key).cloned(),
        }
    }

    /// True when a member named `key` exists (even if null).
    pub fn contains_key(&self, key: &str) -> bool {
        match self {
            Obj::Json(o) => o.contains_key(key),
            Obj::Doc(o) => o.iter().any(|(k, _)| same_key(k, key)),
            Obj::Owned(o) => o.get(key).is_some(),
        }
    }

    /// The members, in order.
    pub fn iter(&self) -> ObjIter<'_, 'a> {
        match self {
            Obj::Json(o) => ObjIter::Json(o.iter()),
            Obj::Doc(o) => ObjIter::Doc(o.iter()),
            Obj::Owned(o) => ObjIter::Owned(o.entries.iter()),
        }
    }

    /// A built copy of the members (copies handles, not data).
    pub fn to_map(&self) -> ObjMap<'a> {
        match self {
            Obj::Owned(o) => (**o).clone(),
            Obj::Json(_) | Obj::Doc(_) => {
                let mut map = ObjMap::with_capacity(self.len());
                for (k, v) in self.iter() {
                    map.push_unique(k, v);
                }
                map
            }
        }
    }
}

/// Objects up to this size are searched by scanning their keys: cheaper than
/// hashing the key with serde_json's SipHash, and records are mostly small
/// objects.
const SCAN_THRESHOLD: usize = 16;

/// A member of a JSON object.
fn json_member<'a>(
    o: &'a serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    if o.len() <= SCAN_THRESHOLD {
        o.iter().find(|(k, _)| same_key(k, key)).map(|(_, v)| v)
    } else {
        o.get(key)
    }
}

/// Key equality for the scans above: record keys are short and often of
/// equal length (`sku`/`qty`), and checking the first byte before the
/// whole key spares most `memcmp` calls.
#[inline]
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Iterator over an [`Obj`]'s members.
pub enum ObjIter<'r, 'a> {
    /// Over a borrowed JSON object.
    Json(serde_json::map::Iter<'a>),
    /// Over a parsed record's object.
    Doc(std::slice::Iter<'a, Member<'a>>),
    /// Over a built object.
    Owned(std::slice::Iter<'r, (Str<'a>, Val<'a>)>),
}

impl<'a> Iterator for ObjIter<'_, 'a> {
    type Item = (Str<'a>, Val<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            ObjIter::Json(it) => it
                .next()
                .map(|(k, v)| (Str::Borrowed(k.as_str()), Val::from_json(v))),
            ObjIter::Doc(it) => it.next().map(|(k, v)| (Str::Borrowed(k), Val::from_doc(v))),
            ObjIter::Owned(it) => it.next().cloned(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            ObjIter::Json(it) => it.size_hint(),
            ObjIter::Doc(it) => it.size_hint(),
            ObjIter::Owned(it) => it.size_hint(),
        }
    }
}

/// An insertion-ordered map under construction.
#[derive(Clone, Debug, Default)]
pub struct ObjMap<'a> {
    pub(crate) entries: Vec<(Str<'a>, Val<'a>)>,
    index: Option<HashMap<Str<'a>, usize>>,
}

impl<'a> ObjMap<'a> {
    /// An empty map.
    pub fn new() -> ObjMap<'a> {
        ObjMap {
            entries: Vec::new(),
            index: None,
        }
    }

    /// An empty map with room for `n` members.
    pub fn with_capacity(n: usize) -> ObjMap<'a> {
        ObjMap {
            entries: Vec::with_capacity(n),
            index: None,
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| same_key(k, key)),
        }
    }

    /// Sets `key` to `value`: replaces the value in place when the key
    /// exists (keeping its position), appends otherwise.
    pub fn insert(&mut self, key: Str<'a>, value: Val<'a>) {
        match self.position(&key) {
            Some(i) => self.entries[i].1 = value,
            None => self.push_unique(key, value),
        }
    }

    /// Appends a member the caller knows is not present yet (literal
    /// objects whose keys were checked unique at compile time).
    pub fn push_unique(&mut self, key: Str<'a>, value: Val<'a>) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        } else if self.entries.len() >= INDEX_THRESHOLD {
            let mut index: HashMap<Str<'a>, usize> = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect();
            index.insert(key.clone(), self.entries.len());
            self.index = Some(index);
        }
        self.entries.push((key, value));
    }

    /// Removes `key`, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Val<'a>> {
        let i = self.position(key)?;
        let (_, v) = self.entries.remove(i);
        if self.index.is_some() {
            self.index = Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect(),
            );
        }
        Some(v)
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = &(Str<'a>, Val<'a>)> {
        self.entries.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_replaces_in_place_and_large_maps_stay_correct() {
        let mut m = ObjMap::new();
        for i in 0..100 {
            m.insert(Str::from(format!("k{i}")), Val::int(i));
        }
        m.insert(Str::from("k3".to_string()), Val::int(-3));
        assert_eq!(m.len(), 100);
        assert!(matches!(
            m.get("k3"),
            Some(Val::Num(crate::value::Num::Int(-3)))
        ));
        assert!(m.get("k99").is_some());
        assert!(m.remove("k50").is_some());
        assert!(m.get("k51").is_some() && m.get("k50").is_none());
        assert_eq!(m.iter().nth(50).unwrap().0.as_str(), "k51");
    }
}
