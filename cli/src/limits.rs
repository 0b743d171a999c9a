//! The per-record limits of `ferry run` and `ferry validate`: flags to
//! engine options (`docs/limits.md` lists them all).

use ferry_engine::{Limits, Mapping};

use crate::run::BatchFlags;

/// The mapping with the limits the flags set; the others keep their
/// defaults.
pub(crate) fn apply(mapping: Mapping, flags: &BatchFlags) -> Mapping {
    let mut mapping = match flags.max_depth {
        Some(levels) => mapping.with_max_input_depth(levels),
        None => mapping,
    };
    let defaults = mapping.limits();
    mapping = mapping.with_limits(Limits {
        max_work: flags.max_work.unwrap_or(defaults.max_work),
        max_memory: flags.max_memory.unwrap_or(defaults.max_memory),
        ..defaults
    });
    if let Some(bytes) = flags.max_record_bytes {
        mapping = mapping.with_max_record_bytes(bytes);
    }
    if let Some(bytes) = flags.max_string_bytes {
        mapping = mapping.with_max_string_bytes(bytes);
    }
    mapping
}

/// A count: digits, with `_` allowed between them (`50_000_000`).
pub(crate) fn parse_count(text: &str) -> Result<u64, String> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    match digits.parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a count")),
    }
}

/// A size in bytes: a count, optionally followed by `KiB`, `MiB` or `GiB`
/// (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all powers of 1024).
pub(crate) fn parse_bytes(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}`: the unit is one of KiB, MiB, GiB")),
    };
    let count = parse_count(number).map_err(|_| format!("`{text}` is not a size"))?;
    count
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_bytes("64MiB"), Ok(64 << 20));
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("1 GiB"), Ok(1 << 30));
        assert_eq!(parse_bytes("4096"), Ok(4096));
        assert!(parse_bytes("12 parsecs").is_err());
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("99999999999GiB").is_err());
    }

    #[test]
    fn counts_allow_separators() {
        assert_eq!(parse_count("50_000_000"), Ok(50_000_000));
        assert!(parse_count("lots").is_err());
    }
}
