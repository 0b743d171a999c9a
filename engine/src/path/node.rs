//! What a path walks over: run-time values ([`Val`]) for mappings, or
//! borrowed JSON (`&serde_json::Value`) for strict queries that hand back
//! references into the document. The selectors are written once against
//! [`Node`].

use crate::value::Val;

/// A node of a document a path can walk.
pub(crate) trait Node<'a>: Clone {
    /// The member `name` of an object.
    fn field(&self, name: &str) -> Option<Self>;
    /// The element at `index` of an array; negative counts from the end.
    fn element(&self, index: i64) -> Option<Self>;
    /// The array's length, when this is an array.
    fn array_len(&self) -> Option<usize>;
    /// The element at `index` (in range) of an array.
    fn element_at(&self, index: usize) -> Option<Self>;
    /// Calls `f` on each child (array elements, object member values) in
    /// order, stopping at the first `Err` or `Ok(false)`. Returns `Ok(false)`
    /// when stopped.
    fn each_child<E>(&self, f: impl FnMut(Self) -> Result<bool, E>) -> Result<bool, E>;
    /// True for arrays and objects, the nodes that have children.
    fn is_container(&self) -> bool;
    /// The node as a value (no copy).
    fn value(&self) -> Val<'a>;
}

impl<'a> Node<'a> for Val<'a> {
    fn field(&self, name: &str) -> Option<Self> {
        Val::field(self, name)
    }

    fn element(&self, index: i64) -> Option<Self> {
        Val::element(self, index)
    }

    fn array_len(&self) -> Option<usize> {
        self.as_arr().map(|a| a.len())
    }

    fn element_at(&self, index: usize) -> Option<Self> {
        self.as_arr()?.get(index)
    }

    fn each_child<E>(&self, mut f: impl FnMut(Self) -> Result<bool, E>) -> Result<bool, E> {
        match self {
            Val::Arr(a) => {
                for x in a.iter() {
                    if !f(x)? {
                        return Ok(false);
                    }
                }
            }
            Val::Obj(o) => {
                for (_, x) in o.iter() {
                    if !f(x)? {
                        return Ok(false);
                    }
                }
            }
            _ => {}
        }
        Ok(true)
    }

    fn is_container(&self) -> bool {
        matches!(self, Val::Arr(_) | Val::Obj(_))
    }

    fn value(&self) -> Val<'a> {
        self.clone()
    }
}

impl<'a> Node<'a> for &'a serde_json::Value {
    fn field(&self, name: &str) -> Option<Self> {
        self.as_object()?.get(name)
    }

    fn element(&self, index: i64) -> Option<Self> {
        let items = self.as_array()?;
        let i = if index < 0 {
            i64::try_from(items.len()).ok()?.checked_add(index)?
        } else {
            index
        };
        items.get(usize::try_from(i).ok()?)
    }

    fn array_len(&self) -> Option<usize> {
        self.as_array().map(Vec::len)
    }

    fn element_at(&self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }

    fn each_child<E>(&self, mut f: impl FnMut(Self) -> Result<bool, E>) -> Result<bool, E> {
        match self {
            serde_json::Value::Array(a) => {
                for x in a {
                    if !f(x)? {
                        return Ok(false);
                    }
                }
            }
            serde_json::Value::Object(o) => {
                for x in o.values() {
                    if !f(x)? {
                        return Ok(false);
                    }
                }
            }
            _ => {}
        }
        Ok(true)
    }

    fn is_container(&self) -> bool {
        matches!(
            self,
            serde_json::Value::Array(_) | serde_json::Value::Object(_)
        )
    }

    fn value(&self) -> Val<'a> {
        Val::from_json(self)
    }
}
