//! The JSON Pointer of a node inside a parsed record, found by address on
//! the error path (see `Val::input_address`).

use super::Node;

/// The address an error reports for `node`, matching `Val::input_address`
/// of the value read from it. Null, booleans and empty strings have none:
/// their addresses are not unique. (The parser gives empty arrays and
/// objects an address of their own.)
fn address_of(node: &Node<'_>) -> Option<usize> {
    match node {
        Node::Num(text) => Some(text.as_ptr() as usize),
        Node::Str(s) if !s.is_empty() => Some(s.as_ptr() as usize),
        Node::Arr(items) => Some(items.as_ptr() as usize),
        Node::Obj(members) => Some(members.as_ptr() as usize),
        _ => None,
    }
}

/// The JSON Pointer (RFC 6901) of the node at `address` inside `root`,
/// searched depth-first.
pub(crate) fn pointer_to(root: &Node<'_>, address: usize) -> Option<String> {
    let mut path = Vec::new();
    walk(root, address, &mut path).then(|| {
        path.iter()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect()
    })
}

fn walk(node: &Node<'_>, address: usize, path: &mut Vec<String>) -> bool {
    if address_of(node) == Some(address) {
        return true;
    }
    let children: Box<dyn Iterator<Item = (String, &Node<'_>)>> = match node {
        Node::Arr(items) => Box::new(items.iter().enumerate().map(|(i, x)| (i.to_string(), x))),
        Node::Obj(members) => Box::new(members.iter().map(|(k, x)| ((*k).to_owned(), x))),
        _ => return false,
    };
    for (segment, child) in children {
        path.push(segment);
        if walk(child, address, path) {
            return true;
        }
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::Keep;

    #[test]
    fn finds_nested_values_by_address() {
        let bump = bumpalo::Bump::new();
        let bytes = br#"{"a/b": [1, {"c~": "x"}], "n": 2}"#;
        let root = crate::doc::parse(bytes, Keep::all(), &bump).unwrap();
        let Some(Node::Arr(items)) = root.get("a/b") else {
            panic!("an array")
        };
        let inner = items[1].get("c~").unwrap();
        assert_eq!(
            pointer_to(&root, address_of(inner).unwrap()).as_deref(),
            Some("/a~1b/1/c~0")
        );
        let n = root.get("n").unwrap();
        assert_eq!(
            pointer_to(&root, address_of(n).unwrap()).as_deref(),
            Some("/n")
        );
        assert_eq!(pointer_to(&root, 1), None);
    }
}
