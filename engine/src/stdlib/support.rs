//! Helpers shared by the stdlib functions: size limits, number and key
//! conversions. Not functions themselves.

use crate::codes;
use crate::error::Raise;
use crate::value::{Num, Val};

/// Largest string a function may build, in bytes.
pub(super) const MAX_STRING_BYTES: usize = 16 << 20;

/// Largest array or object a function may build, in elements.
pub(super) const MAX_ITEMS: usize = 1_000_000;

/// `E0504` unless a string of `bytes` bytes is within the limit.
pub(super) fn check_string_size(bytes: usize) -> Result<(), Raise> {
    if bytes > MAX_STRING_BYTES {
        return Err(Raise::new(
            codes::SIZE_LIMIT,
            format!("the result would be {bytes} bytes long, over the limit of {MAX_STRING_BYTES}"),
        )
        .uncatchable());
    }
    Ok(())
}

/// `E0504` unless a collection of `items` elements is within the limit.
pub(super) fn check_items(items: usize) -> Result<(), Raise> {
    if items > MAX_ITEMS {
        return Err(Raise::new(
            codes::SIZE_LIMIT,
            format!("the result would have {items} elements, over the limit of {MAX_ITEMS}"),
        )
        .uncatchable());
    }
    Ok(())
}

/// The number in `v`; `E0401` when it is not one (argument `index`).
pub(super) fn number(v: &Val<'_>, index: usize) -> Result<Num, Raise> {
    match v {
        Val::Num(n) => Ok(*n),
        Val::RawNum(_) => v
            .as_num()
            .ok_or_else(|| Raise::invalid("number out of range", v).at_arg(index)),
        other => Err(Raise::type_mismatch("a number", other).at_arg(index)),
    }
}

/// The text of a number as `string()` writes it (`1.10` stays `1.10`,
/// `1e3` is `1000`): see [`crate::value::number_text`].
pub(super) fn number_text(v: &Val<'_>) -> Option<String> {
    v.number_text()
}

/// An object key computed from a value: strings as they are, numbers as
/// their text; anything else is `E0401` (argument `index`).
pub(super) fn key_text(v: &Val<'_>, index: usize) -> Result<String, Raise> {
    match v {
        Val::Str(s) => Ok(s.as_str().to_owned()),
        // Equal numbers are one key, as `group_by` groups by `==`.
        Val::Num(_) | Val::RawNum(_) => Ok(v.number_key().unwrap_or_default()),
        other => Err(Raise::type_mismatch("a string or number key", other).at_arg(index)),
    }
}

/// The result of a lambda that must be a boolean (`filter`, `any`, `all`).
pub(super) fn lambda_bool(v: &Val<'_>, index: usize) -> Result<bool, Raise> {
    match v {
        Val::Bool(b) => Ok(*b),
        other => Err(Raise::type_mismatch("the function to return a boolean", other).at_arg(index)),
    }
}

/// Which values a sort key may be: all numbers or all strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SortKind {
    Number,
    String,
}

/// Checks that `keys` can be ordered: all numbers or all strings.
/// Returns the index of the first key that breaks the rule, with the
/// error to report.
pub(super) fn check_sortable(keys: &[Val<'_>], index: usize) -> Result<(), Raise> {
    let mut kind = None;
    for k in keys {
        let this = match k {
            Val::Num(_) | Val::RawNum(_) => SortKind::Number,
            Val::Str(_) => SortKind::String,
            other => {
                return Err(Raise::type_mismatch("numbers or strings to sort", other).at_arg(index));
            }
        };
        match kind {
            None => kind = Some(this),
            Some(k0) if k0 != this => {
                let expected = if k0 == SortKind::Number {
                    "a number (like the first)"
                } else {
                    "a string (like the first)"
                };
                return Err(Raise::type_mismatch(expected, k).at_arg(index));
            }
            _ => {}
        }
    }
    if kind == Some(SortKind::Number) && keys.iter().any(|k| k.as_num().is_none()) {
        return Err(Raise::new(codes::NUMERIC_OVERFLOW, "number out of range").at_arg(index));
    }
    Ok(())
}

/// The `start..end` range of a sequence of `len` items from signed bounds:
/// negative bounds count from the end, both are clamped to `0..=len`, and
/// an `end` before `start` gives an empty range.
pub(super) fn clamp_range(len: usize, start: i64, end: Option<i64>) -> (usize, usize) {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let resolve = |i: i64| {
        let i = if i < 0 { len_i.saturating_add(i) } else { i };
        // Clamped to 0..=len, so the conversion back cannot fail.
        usize::try_from(i.clamp(0, len_i)).unwrap_or(len)
    };
    let s = resolve(start);
    let e = end.map_or(len, resolve);
    (s, e.max(s))
}

/// Widest text `pad_left` and `pad_right` build, in characters.
const MAX_PAD_WIDTH: i64 = 1_000_000;

/// `pad_left` (`at_start`) and `pad_right`: arguments `text, width, fill?`.
pub(super) fn pad<'a>(args: &super::Args<'_, 'a>, at_start: bool) -> Result<Val<'a>, Raise> {
    let text = args.str(0)?;
    let width = args.int(1)?;
    let fill = if args.has(2) { args.str(2)? } else { " " };
    if fill.is_empty() {
        return Err(Raise::invalid("the fill text is empty", args.get(2)).at_arg(2));
    }
    if width > MAX_PAD_WIDTH {
        return Err(Raise::new(
            codes::SIZE_LIMIT,
            format!("a width of {width} is over the limit of {MAX_PAD_WIDTH} characters"),
        )
        .at_arg(1)
        .uncatchable());
    }
    let have = text.chars().count();
    let want = usize::try_from(width).unwrap_or(0);
    if have >= want {
        return Ok(args.get(0).clone());
    }
    let padding: String = fill.chars().cycle().take(want - have).collect();
    check_string_size(padding.len() + text.len())?;
    Ok(Val::string(if at_start {
        padding + text
    } else {
        let mut s = text.to_owned();
        s.push_str(&padding);
        s
    }))
}

/// The member names of `pick` and `omit`: arguments 1… are strings, or
/// one array of strings.
pub(super) fn key_list(args: &super::Args<'_, '_>) -> Result<Vec<String>, Raise> {
    let mut names = Vec::new();
    for i in 1..args.len() {
        match args.get(i) {
            Val::Str(s) => names.push(s.as_str().to_owned()),
            Val::Arr(a) => {
                for item in a.iter() {
                    match &item {
                        Val::Str(s) => names.push(s.as_str().to_owned()),
                        other => {
                            return Err(Raise::type_mismatch("a string key", other).at_arg(i));
                        }
                    }
                }
            }
            other => {
                return Err(
                    Raise::type_mismatch("a string or an array of strings", other).at_arg(i),
                );
            }
        }
    }
    Ok(names)
}

/// The first of the values (one array argument means its elements) that
/// no other is `beyond`: the smallest with `Ordering::Less`, the largest
/// with `Ordering::Greater`. Shared by `min` and `max`.
pub(super) fn extreme<'a>(
    args: &super::Args<'_, 'a>,
    beyond: std::cmp::Ordering,
) -> Result<Val<'a>, Raise> {
    let items: Vec<Val<'a>> = match args.values() {
        [Val::Arr(a)] => a.to_vec(),
        values => values.to_vec(),
    };
    check_sortable(&items, 0)?;
    let mut best: Option<&Val<'a>> = None;
    for item in &items {
        best = match best {
            Some(b) if item.compare(b) != Some(beyond) => Some(b),
            _ => Some(item),
        };
    }
    Ok(best.cloned().unwrap_or(Val::Null))
}

/// Whether the lambda (argument 1) returns `decisive` for some element of
/// the array (argument 0); stops there. `any` looks for `true`, `all` for
/// `false` (and answers the negation).
pub(super) fn quantify<'a>(args: &mut super::Args<'_, 'a>, decisive: bool) -> Result<bool, Raise> {
    let array = args.array(0)?;
    for item in array.iter() {
        if lambda_bool(&args.call(1, &[item])?, 1)? == decisive {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The string argument narrowed by `trim`; a borrowed input string stays
/// borrowed, since trimming only narrows it. Shared by the `trim*` family.
pub(super) fn trimmed<'a>(
    args: &super::Args<'_, 'a>,
    trim: fn(&str) -> &str,
) -> Result<Val<'a>, Raise> {
    let handle = args.string(0)?;
    let text = handle.as_str();
    let kept = trim(text);
    if kept.len() == text.len() {
        return Ok(args.get(0).clone());
    }
    Ok(Val::Str(match handle.as_borrowed() {
        Some(b) => {
            let start = kept.as_ptr() as usize - text.as_ptr() as usize;
            crate::value::Str::Borrowed(&b[start..start + kept.len()])
        }
        None => crate::value::Str::from(kept.to_owned()),
    }))
}
