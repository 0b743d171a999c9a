//! `E03xx`: a constant written in the mapping, or a contract schema, is invalid.

use super::entry::{Corrected, Entry, Example};
use crate::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::BAD_CONSTANT,
        "invalid constant",
        "A constant argument is checked when the mapping compiles, not on \
         every record, and this one is invalid: a regular expression (of \
         `matches`, `capture`, `regex_replace`, … or a `/regex/` pattern in a \
         `match`) that does not compile, or the key name of `hmac_sha256` \
         when it is not a non-empty string literal: the key is resolved \
         when compiling, so its name cannot come from the record, a `let` or \
         a variable.",
        Example::map("{ valid: matches($.sku, \"^[A-Z\") }"),
        "Correct the constant; the message says what is wrong with it. In \
         a regular expression, escape characters meant literally \
         (`\\\\[`, `\\\\.`). Write a key name as a string literal, \
         `hmac_sha256(\"partner\", $.id)`.",
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
    Entry::error(
        codes::BAD_SCHEMA,
        "unusable contract schema",
        "A schema named by `input schema \"…\"` or `output schema \"…\"` \
         is loaded and checked when the mapping compiles, and this one \
         cannot be used: the file cannot be read, is not JSON or YAML, is \
         not valid against its draft's meta-schema, names a component \
         that the document does not have, or has a `$ref` to a file that \
         does not exist. The message names the schema file and the JSON \
         Pointer of the fault inside it.",
        Example::map("input schema \"order.json\"\n{ id: $.id }")
            .files(&[("order.json", "{ \"type\": \"object\", \"required\": \"id\" }")]),
        "Correct the schema at the pointer the message gives (here \
         `required` must be an array of names).",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[("order.json", "{ \"type\": \"object\", \"required\": [\"id\"] }")],
        input: None,
    }),
    Entry::error(
        codes::REMOTE_REFERENCE,
        "remote schema reference",
        "A `$ref` in a contract schema names a resource on the network \
         (`https://…`). Ferry never fetches schemas while compiling or \
         running: a mapping's meaning must not change with a server's \
         answer, and a compile must not wait on one. A reference to a \
         `$id` declared by a schema file that is loaded is local, however \
         it is spelled.",
        Example::map("input schema \"order.json\"\n{ total: $.total }").files(&[(
            "order.json",
            "{\n  \"properties\": {\n    \"total\": { \"$ref\": \"https://schemas.example.com/money.json\" }\n  }\n}",
        )]),
        "Save the referenced schema beside the mapping and refer to it by \
         a relative path.",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[
            (
                "order.json",
                "{ \"properties\": { \"total\": { \"$ref\": \"money.json\" } } }",
            ),
            ("money.json", "{ \"type\": \"number\" }"),
        ],
        input: None,
    }),
];
