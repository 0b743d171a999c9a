//! The error catalogue: every stable code, what it means, a minimal
//! mapping that raises it, and how to fix it.
//!
//! One source of truth, as data: `ferry explain CODE` prints an entry, the
//! pages under `docs/errors/` are generated from it
//! ([`render_markdown`], [`render_index`]), and a test runs every example
//! to check that it really raises its code, so the catalogue cannot drift
//! from the engine.
//!
//! ```
//! let entry = ferry_engine::catalogue::lookup("E0402").unwrap();
//! assert_eq!(entry.title, "division by zero");
//! assert!(ferry_engine::catalogue::all().windows(2).all(|w| w[0].code < w[1].code));
//! ```

mod constants;
mod contracts;
mod entry;
mod limits;
mod markdown;
mod names;
mod runtime;
mod syntax;
mod warnings;

use std::sync::LazyLock;

pub use entry::{Corrected, CorrectedExample, Entry, Example, Family, Text};
pub use markdown::{render_index, render_markdown};

/// The families of codes, by prefix, in code order.
pub const FAMILIES: &[Family] = &[
    Family {
        prefix: "E01",
        name: "syntax",
        summary: "the text does not parse",
    },
    Family {
        prefix: "E02",
        name: "names and declarations",
        summary: "unknown, duplicate or circular names; imports and tables",
    },
    Family {
        prefix: "E03",
        name: "constants and schemas",
        summary: "a constant written in the mapping, or a contract schema, is invalid",
    },
    Family {
        prefix: "E04",
        name: "run time",
        summary: "a record cannot be mapped",
    },
    Family {
        prefix: "E05",
        name: "limits",
        summary: "a source or a value is too large or too deep",
    },
    Family {
        prefix: "W02",
        name: "warnings",
        summary: "probable mistakes; the mapping still compiles",
    },
];

static ALL: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut all: Vec<Entry> = [
        syntax::ENTRIES,
        names::ENTRIES,
        constants::ENTRIES,
        contracts::ENTRIES,
        runtime::ENTRIES,
        limits::ENTRIES,
        warnings::ENTRIES,
    ]
    .concat();
    all.sort_by_key(|e| e.code);
    all
});

/// Every entry, in code order (`E0101` … `E0504`, then `W0201` …).
pub fn all() -> &'static [Entry] {
    &ALL
}

/// The entry of a code (`"E0401"`), if it has one. Exact match; callers
/// normalise case.
pub fn lookup(code: &str) -> Option<&'static Entry> {
    all().iter().find(|e| e.code == code)
}

/// The family a code belongs to, by its first three characters.
pub fn family(code: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| code.starts_with(f.prefix))
}

/// Normalises what a person types for a code: `e0401`, ` E0401 ` and
/// `0401` all become `E0401`.
pub fn normalize(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("E{code}")
    } else {
        code
    }
}

/// The catalogued code closest to an unknown one (at most two edits
/// away), for "did you mean"; on a tie, the numerically nearest.
pub fn suggest(code: &str) -> Option<&'static Entry> {
    let code = normalize(code);
    let number = |c: &str| c.get(1..).and_then(|n| n.parse::<i64>().ok());
    all()
        .iter()
        .map(|e| {
            let distance = strsim::levenshtein(&code, e.code);
            let gap = match (number(&code), number(e.code)) {
                // Another letter (`W` for `E`) is farther than any number.
                (Some(a), Some(b)) if code.get(..1) == e.code.get(..1) => (a - b).abs(),
                (Some(a), Some(b)) => 10_000 + (a - b).abs(),
                _ => i64::MAX,
            };
            (distance, gap, e)
        })
        .filter(|(distance, ..)| *distance <= 2)
        .min_by_key(|(distance, gap, _)| (*distance, *gap))
        .map(|(.., e)| e)
}
