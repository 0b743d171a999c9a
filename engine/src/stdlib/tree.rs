//! Helpers for the functions that take nested values apart and rebuild
//! them (`set_path`, `delete_paths`, `merge_deep`, `walk`, `flatten_keys`,
//! …): paths into a value, and the nesting limit that keeps their
//! recursion off the end of the stack. Not functions themselves.

use crate::codes;
use crate::error::Raise;
use crate::value::Val;

/// Deepest nesting the recursive functions descend into.
pub(super) const MAX_NESTING: usize = 512;

/// `E0504` once `depth` is beyond [`MAX_NESTING`].
pub(super) fn check_nesting(depth: usize) -> Result<(), Raise> {
    if depth > MAX_NESTING {
        return Err(Raise::new(
            codes::SIZE_LIMIT,
            format!("the value is nested deeper than {MAX_NESTING} levels"),
        )
        .uncatchable());
    }
    Ok(())
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
    /// A member name (a string in an array path, or a dotted segment that
    /// is not all digits).
    Key(String),
    /// An element index (a number in an array path); negative counts from
    /// the end.
    Index(i64),
    /// A dotted segment of digits: an index when the value there is an
    /// array, a member name otherwise.
    Digits(String, i64),
}

impl Seg {
    /// The member name this step addresses in an object.
    pub(super) fn key(&self) -> Option<&str> {
        match self {
            Seg::Key(k) | Seg::Digits(k, _) => Some(k),
            Seg::Index(_) => None,
        }
    }

    /// The (signed) element index this step addresses in an array.
    pub(super) fn index(&self) -> Option<i64> {
        match self {
            Seg::Index(i) | Seg::Digits(_, i) => Some(*i),
            Seg::Key(_) => None,
        }
    }
}

/// `index` resolved against an array of `len` elements (negative counts
/// from the end); `None` when outside it.
pub(super) fn resolve(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let i = if index < 0 {
        len.checked_add(index)?
    } else {
        index
    };
    if (0..len).contains(&i) {
        usize::try_from(i).ok()
    } else {
        None
    }
}

/// A path argument: a dotted string (`"a.b.0"`, `""` for the value
/// itself) or an array of member names (strings) and indexes (integers).
/// `E0401` for anything else, `E0404` for an empty dotted segment or an
/// index that is not whole.
pub(super) fn parse_path(v: &Val<'_>, arg: usize) -> Result<Vec<Seg>, Raise> {
    match v {
        Val::Str(s) => {
            let text = s.as_str();
            if text.is_empty() {
                return Ok(Vec::new());
            }
            let segments: Vec<Seg> = text
                .split('.')
                .map(|part| {
                    if part.is_empty() {
                        return Err(Raise::invalid(
                            format!("the path {text:?} has an empty segment"),
                            v,
                        )
                        .at_arg(arg));
                    }
                    Ok(match part.parse::<i64>() {
                        Ok(i) if part.bytes().all(|b| b.is_ascii_digit()) => {
                            Seg::Digits(part.to_owned(), i)
                        }
                        _ => Seg::Key(part.to_owned()),
                    })
                })
                .collect::<Result<_, _>>()?;
            check_nesting(segments.len())?;
            Ok(segments)
        }
        Val::Arr(a) => {
            check_nesting(a.len())?;
            a.iter()
                .map(|step| match &step {
                    Val::Str(s) => Ok(Seg::Key(s.as_str().to_owned())),
                    Val::Num(_) | Val::RawNum(_) => match step.as_num().and_then(|n| n.to_i64()) {
                        Some(i) => Ok(Seg::Index(i)),
                        None => Err(Raise::invalid("a path index must be a whole number", &step)
                            .at_arg(arg)),
                    },
                    other => Err(Raise::type_mismatch(
                        "a path step: a string key or an integer index",
                        other,
                    )
                    .at_arg(arg)),
                })
                .collect()
        }
        other => Err(Raise::type_mismatch(
            "a path: a dotted string or an array of keys and indexes",
            other,
        )
        .at_arg(arg)),
    }
}

/// A path as the author would write it in an array, for messages.
pub(super) fn show_path(path: &[Seg]) -> String {
    let steps: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) | Seg::Digits(k, _) => format!("{k:?}"),
            Seg::Index(i) => i.to_string(),
        })
        .collect();
    format!("[{}]", steps.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_paths_split_and_digits_stay_ambiguous() {
        let v = Val::string("a.b.0");
        assert_eq!(
            parse_path(&v, 1).unwrap(),
            vec![
                Seg::Key("a".into()),
                Seg::Key("b".into()),
                Seg::Digits("0".into(), 0)
            ]
        );
        assert!(parse_path(&Val::string(""), 1).unwrap().is_empty());
        assert!(parse_path(&Val::string("a..b"), 1).is_err());
        assert_eq!(
            parse_path(&Val::string("-1"), 1).unwrap(),
            vec![Seg::Key("-1".into())]
        );
    }

    #[test]
    fn negative_indexes_resolve_from_the_end() {
        assert_eq!(resolve(-1, 3), Some(2));
        assert_eq!(resolve(3, 3), None);
        assert_eq!(resolve(-4, 3), None);
        assert_eq!(resolve(i64::MIN, 3), None);
    }
}
