//! The index behind join rewriting (see [`super::joins`]): two internal
//! built-ins, absent from the function registry so that authors cannot
//! call them. `__index_by_key` groups a collection's elements by a
//! canonical form of their key, once; `__lookup_key` returns the elements
//! whose key `==` a value, in the collection's order, exactly as a scan
//! with `Val::equals` would.

use std::collections::HashMap;

use crate::error::Raise;
use crate::stdlib::{Args, FnDef, NullPolicy, lambda, param};
use crate::value::{Num, ObjMap, Str, Val};

/// `__index_by_key(collection, x -> key)`: the collection with each
/// element's key, and a hash index of the elements by canonical key.
pub(crate) static INDEX_BY_KEY: FnDef = FnDef {
    name: "__index_by_key",
    family: "internal",
    params: &[param("collection", "any"), lambda("key", "x -> key", 1)],
    variadic: false,
    returns: "index",
    summary: "Indexes a collection by key for `__lookup_key` (inserted by the optimizer).",
    details: "",
    null_subject: NullPolicy::Accept,
    examples: &[],
    run: index_by_key,
};

/// `__lookup_key(index, value)`: the elements whose key `==` the value, in
/// the collection's order.
pub(crate) static LOOKUP_KEY: FnDef = FnDef {
    name: "__lookup_key",
    family: "internal",
    params: &[param("index", "index"), param("value", "any")],
    variadic: false,
    returns: "array",
    summary: "The elements of an indexed collection whose key equals the value.",
    details: "",
    null_subject: NullPolicy::Accept,
    examples: &[],
    run: lookup_key,
};

/// The index of a key `==` compares canonically: a type tag and a text
/// equal exactly when `Val::equals` says the values are. `None` for keys
/// only a scan compares faithfully (arrays, objects, numbers that only a
/// float holds, whose comparisons round).
fn canonical(v: &Val<'_>) -> Option<String> {
    match v {
        Val::Null => Some("n".to_owned()),
        Val::Bool(b) => Some(if *b { "t" } else { "f" }.to_owned()),
        Val::Str(s) => Some(format!("s{}", s.as_str())),
        Val::Num(_) | Val::RawNum(_) => match v.as_num()? {
            Num::Int(i) => Some(format!("#{i}")),
            Num::Dec(d) if d.is_zero() => Some("#0".to_owned()),
            Num::Dec(d) => Some(format!("#{}", d.normalize())),
            Num::Float(_) => None,
        },
        Val::Arr(_) | Val::Obj(_) => None,
    }
}

/// Builds `[collection, elements, keys, index]`; `index` is null when some
/// key has no canonical form (lookups then scan). A collection that is
/// neither an array nor an object is kept alone, for the comprehension to
/// iterate (null) or reject (anything else) as it would have.
fn index_by_key<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let collection = args.get(0).clone();
    let elements: Vec<Val<'a>> = match &collection {
        Val::Arr(a) => a.iter().collect(),
        Val::Obj(o) => o.iter().map(|(_, v)| v).collect(),
        _ => return Ok(Val::array(vec![collection])),
    };
    let mut keys = Vec::with_capacity(elements.len());
    let mut groups: HashMap<String, Vec<Val<'a>>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut canonical_keys = true;
    for element in &elements {
        let key = args.call(1, std::slice::from_ref(element))?;
        if canonical_keys {
            match canonical(&key) {
                Some(text) => {
                    let group = groups.entry(text.clone()).or_default();
                    if group.is_empty() {
                        order.push(text);
                    }
                    group.push(element.clone());
                }
                None => canonical_keys = false,
            }
        }
        keys.push(key);
    }
    let index = if canonical_keys {
        let mut map = ObjMap::with_capacity(order.len());
        for text in order {
            let group = groups.remove(&text).unwrap_or_default();
            map.push_unique(Str::from(text), Val::array(group));
        }
        Val::object(map)
    } else {
        Val::Null
    };
    Ok(Val::array(vec![
        collection,
        Val::array(elements),
        Val::array(keys),
        index,
    ]))
}

/// The elements of the indexed collection whose key `==` the value.
fn lookup_key<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let parts = match args.get(0) {
        Val::Arr(a) => a.to_vec(),
        _ => return Err(Raise::type_mismatch("an index", args.get(0)).at_arg(0)),
    };
    let [_, elements, keys, index] = parts.as_slice() else {
        // Not a collection: pass it to the comprehension unchanged.
        return Ok(parts.into_iter().next().unwrap_or(Val::Null));
    };
    let probe = args.get(1);
    if let (Val::Obj(index), Some(text)) = (index, canonical(probe)) {
        return Ok(index.get(&text).unwrap_or_else(|| Val::array(Vec::new())));
    }
    let (Val::Arr(elements), Val::Arr(keys)) = (elements, keys) else {
        return Err(Raise::type_mismatch("an index", args.get(0)).at_arg(0));
    };
    let found = elements
        .iter()
        .zip(keys.iter())
        .filter(|(_, k)| k.equals(probe))
        .map(|(e, _)| e)
        .collect();
    Ok(Val::array(found))
}

#[cfg(test)]
mod tests {
    use super::canonical;
    use crate::value::Val;

    fn key(json: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        canonical(&Val::from_json(&value))
    }

    #[test]
    fn equal_numbers_share_a_key_and_other_types_do_not() {
        assert_eq!(key("1"), key("1.0"));
        assert_eq!(key("1.10"), key("1.1"));
        assert_eq!(key("0"), key("-0.00"));
        assert_eq!(key("1e2"), key("100"));
        assert_ne!(key("1"), key("\"1\""));
        assert_ne!(key("null"), key("\"\""));
        assert_ne!(key("true"), key("\"t\""));
    }

    #[test]
    fn structured_and_float_only_keys_have_no_canonical_form() {
        assert_eq!(key("[1]"), None);
        assert_eq!(key("{}"), None);
        assert_eq!(key("1e400"), None);
    }
}
