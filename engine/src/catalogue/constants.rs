//! `E03xx`: a constant written in the mapping is invalid.

use super::entry::{Entry, Example};
use crate::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::BAD_CONSTANT,
        "invalid constant",
        "A constant argument is checked when the mapping compiles, not on \
         every record, and this one is invalid: a regular expression (of \
         `matches`, `capture`, `regex_replace`, … or a `/regex/` pattern in a \
         `match`) that does not compile.",
        Example::map("{ valid: matches($.sku, \"^[A-Z\") }"),
        "Correct the constant; the message says what is wrong with it. In \
         a regular expression, escape characters meant literally \
         (`\\\\[`, `\\\\.`).",
    )
    .corrected("{ valid: matches($.sku, \"^[A-Z]+$\") }"),
    Entry::error(
        codes::TABLE_NOT_CONSTANT,
        "inline table not constant",
        "A `table name = { … }` holds literal keys and values, fixed when \
         the mapping compiles. This one reads the input (`$`), a `let` or a \
         function call that depends on the record.",
        Example::map("table fees = { \"EXP\": $.expressFee, \"STD\": 0 }\n{ fee: fees[$.method] }"),
        "Use a `let` for values computed per record; keep `table` for \
         constant lookup data.",
    )
    .corrected("let fees = { \"EXP\": $.expressFee, \"STD\": 0 }\n{ fee: fees[$.method] }"),
];
