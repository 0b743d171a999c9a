//! What a built-in call costs in work units, beyond the one unit of the
//! call: the share of its input it walks. What it builds is charged as
//! it returns (the executor measures the fresh part of the result), and
//! its lambda calls are charged as they run, so only the input side is
//! listed here. Over-charging a function that does not walk its input
//! would fail good records (`len($.items)` in a loop over `$.items`), so
//! only functions that walk are linear.

use super::FnDef;
use crate::exec::budget::TEXT_BYTES_PER_UNIT;
use crate::value::Val;

/// The input-side cost of a built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// Independent of the input's size.
    Constant,
    /// Proportional to the size of the first argument: elements or
    /// members of an array or object, bytes of a string.
    Linear,
    /// Proportional to the text of the first argument (strings only: an
    /// array argument is indexed, not walked).
    Text,
    /// `n log n` in the elements of the first argument (sorting).
    Sort,
    /// Proportional to the sizes of all arguments.
    AllArgs,
}

impl Cost {
    /// The cost of `def`.
    pub fn of(def: &FnDef) -> Cost {
        match def.name {
            "abs" | "bool" | "ceil" | "date_add" | "date_diff" | "first" | "floor"
            | "format_date" | "format_number" | "from_epoch" | "has" | "int" | "last" | "len"
            | "length" | "parse_date" | "parse_datetime" | "pow" | "range" | "required"
            | "round" | "to_epoch" | "to_timezone" | "type_of" | "number" | "string"
            | "to_json" | "upper" | "lower" | "trim" | "trim_end" | "trim_start" | "url_decode"
            | "url_encode" | "base64_decode" | "base64_encode" | "pad_left" | "pad_right"
            | "entries" | "keys" | "values" | "reverse" | "chunk" | "compact" | "flatten"
            | "flatten_keys" | "unflatten_keys" | "walk" | "map_keys" | "zip" | "get_path"
            | "starts_with" | "ends_with" => Cost::Constant,
            "slice" | "substring" => Cost::Text,
            "sort" | "sort_by" => Cost::Sort,
            "merge" | "merge_deep" | "merge_patch" | "pick" | "omit" | "delete_paths" => {
                Cost::AllArgs
            }
            // Everything else walks its subject: searching, aggregating,
            // regexes, iterating with a lambda, hashing, parsing.
            _ => Cost::Linear,
        }
    }

    /// The units a call with these arguments costs on its input side.
    pub fn units(self, args: &[Val<'_>]) -> u64 {
        let first = || args.first().map_or(0, size);
        match self {
            Cost::Constant => 0,
            Cost::Linear => first(),
            Cost::Text => match args.first() {
                Some(Val::Str(s)) => s.len() as u64 / TEXT_BYTES_PER_UNIT,
                _ => 0,
            },
            Cost::Sort => {
                let n = first();
                n * (64 - n.leading_zeros() as u64)
            }
            Cost::AllArgs => args.iter().map(size).sum(),
        }
    }
}

/// The work-relevant size of one argument.
fn size(v: &Val<'_>) -> u64 {
    match v {
        Val::Str(s) => s.len() as u64 / TEXT_BYTES_PER_UNIT,
        Val::Arr(a) => a.len() as u64,
        Val::Obj(o) => o.len() as u64,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_a_considered_cost() {
        // New functions fall to `Linear`, the safe side; this lists the
        // ones that walk their input so a review sees the choice.
        let linear: Vec<&str> = super::super::all()
            .iter()
            .filter(|d| Cost::of(d) == Cost::Linear)
            .map(|d| d.name)
            .collect();
        for name in ["sum", "contains", "matches", "sort_by", "len"] {
            let listed = linear.contains(&name);
            assert_eq!(listed, !matches!(name, "sort_by" | "len"), "{name}");
        }
    }

    #[test]
    fn sorting_costs_n_log_n() {
        let items = Val::array((0..1024).map(Val::int).collect());
        assert_eq!(Cost::Sort.units(&[items]), 1024 * 11);
    }
}
