//! `E02xx`: unknown, duplicate or circular names; imports and tables.

use super::entry::{Corrected, Entry, Example};
use crate::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::UNKNOWN_VARIABLE,
        "unknown variable",
        "A name is used as a value but nothing of that name is in scope: no \
         `let` (top-level or local), no comprehension or lambda variable, no \
         function parameter. Names are case-sensitive. When a declared name \
         is close, the diagnostic suggests it. A field of the input is read \
         through a path (`$.total`), never by its bare name.",
        Example::map("let total = sum($.lines[*].net)\n{ total: totl }"),
        "Correct the spelling, declare the name with `let`, or read the \
         input field with `$.name`.",
    )
    .corrected("let total = sum($.lines[*].net)\n{ total: total }"),
    Entry::error(
        codes::UNKNOWN_FUNCTION,
        "unknown function",
        "A call names a function that is neither a standard function nor a \
         `fn` declared in this file or brought in by `use`. When a known \
         name is close, the diagnostic suggests it. The standard functions \
         are listed in `docs/stdlib.md`.",
        Example::map("{ email: lowr($.email) }"),
        "Correct the name, declare the function with `fn`, or `use` the \
         file that declares it.",
    )
    .corrected("{ email: lower($.email) }"),
    Entry::error(
        codes::WRONG_ARITY,
        "wrong number of arguments",
        "A function is called with more or fewer arguments than it takes. \
         The diagnostic shows the function's parameters; optional ones are \
         marked with `?`. A pipe counts its left side as the first argument: \
         `x | round(2)` is `round(x, 2)`.",
        Example::map("{ id: pad_left($.id) }"),
        "Pass the arguments the function expects, in order.",
    )
    .corrected("{ id: pad_left($.id, 8, \"0\") }"),
    Entry::error(
        codes::DUPLICATE_KEY,
        "duplicate object key",
        "An object literal writes the same literal key twice, so one of the \
         two values would be lost silently. Keys from a spread `...x` and \
         computed keys `[expr]` are not checked: among those, later ones \
         win.",
        Example::map("{\n  id: $.id,\n  name: $.name,\n  id: $.orderId,\n}"),
        "Remove one of the two fields or rename it. To take the first value \
         that is not null, write `id: $.id ?? $.orderId`.",
    )
    .corrected("{\n  id: $.id ?? $.orderId,\n  name: $.name,\n}"),
    Entry::error(
        codes::DUPLICATE_NAME,
        "name declared twice",
        "Two declarations of one file share a name. Functions, tables and \
         top-level `let`s live in one namespace per file, so a `let` and a \
         `fn` cannot have the same name either; names brought in by `use` \
         count too.",
        Example::map(
            "fn money(x) = round(x, 2)\nfn money(x) = round(x, 4)\n{ net: money($.net) }",
        ),
        "Rename or remove one of the declarations.",
    )
    .corrected(
        "fn money(x) = round(x, 2)\nfn rate(x) = round(x, 4)\n{ net: money($.net), rate: rate($.rate) }",
    ),
    Entry::error(
        codes::IMPORT_CYCLE,
        "import cycle",
        "Files that `use` each other form a cycle: `a.map` uses `b.map`, \
         which (directly or not) uses `a.map` again. The message shows the \
         whole chain.",
        Example::map("use \"money.map\"\n{ net: money($.net) }").files(&[
            (
                "money.map",
                "use \"rates.map\"\nfn money(x) = round(x * rate(x), 2)\n",
            ),
            ("rates.map", "use \"money.map\"\nfn rate(x) = 1.19\n"),
        ]),
        "Break the cycle. Remove a `use` the file does not need (here \
         `rates.map` uses nothing of `money.map`), or move what both files \
         need into a third file that both `use`, so the imports form a tree. \
         `use` brings only the functions and tables declared in the file \
         itself, not what it imports.",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[("rates.map", "fn rate(x) = 1.19\n")],
        input: None,
    }),
    Entry::error(
        codes::UNREADABLE_IMPORT,
        "imported file unreadable",
        "A file named by `use` cannot be read: it does not exist, is not \
         readable, or is not UTF-8 text. Paths are relative to the file \
         that writes the `use`, not to the working directory.",
        Example::map("use \"comon.map\"\n{ net: money($.net) }")
            .files(&[("common.map", "fn money(x) = round(x, 2)\n")]),
        "Correct the path (relative to the importing file) or create the \
         file.",
    )
    .corrected("use \"common.map\"\n{ net: money($.net) }"),
    Entry::error(
        codes::BAD_TABLE,
        "table file unreadable or malformed",
        "A `table … from \"file\"` cannot be loaded: the file cannot be read, \
         it is neither valid CSV nor a JSON object or array of objects, the \
         `key` column is missing, or two rows have the same key. Duplicate \
         keys are an error because a lookup table that silently keeps one of \
         two rows hides a data problem.",
        Example::map(
            "table countries from \"countries.csv\" key \"iso2\"\n{ country: countries[$.country] }",
        )
        .files(&[(
            "countries.csv",
            "iso2,name\nDE,Germany\nFR,France\nDE,Deutschland\n",
        )]),
        "Fix the file at the row or path the message names: remove or merge \
         duplicate rows, add the key column, or correct the path (relative \
         to the mapping).",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[("countries.csv", "iso2,name\nDE,Germany\nFR,France\n")],
        input: None,
    }),
    Entry::error(
        codes::LET_CYCLE,
        "a `let` depends on itself",
        "A top-level `let` refers to its own value, directly or through \
         other `let`s and functions, so it could never be computed. The \
         diagnostic reports each cycle once.",
        Example::map(
            "let net = gross - tax\nlet gross = net + tax\nlet tax = $.tax\n{ net: net }",
        ),
        "Compute each value from the input and from values that do not \
         depend on it.",
    )
    .corrected("let gross = $.gross\nlet tax = $.tax\nlet net = gross - tax\n{ net: net }"),
    Entry::error(
        codes::LAMBDA_MISUSE,
        "lambda where a value is expected, or the reverse",
        "A function that takes a function (`map`, `filter`, `reduce`, …) got \
         a plain value, or a lambda with the wrong number of parameters (the \
         lambda of `reduce` takes two: the accumulator and the element), or \
         a lambda was passed where the function expects a value.",
        Example::map("{ total: reduce($.lines, 0, l -> l.net) }"),
        "Pass a lambda with as many parameters as the function calls it \
         with, or the name of a `fn` that takes them.",
    )
    .corrected("{ total: reduce($.lines, 0, (sum, l) -> sum + l.net) }"),
    Entry::error(
        codes::MISSING_BODY,
        "mapping without a body",
        "The file has declarations but no body: the final expression that \
         builds the output. A file without a body can only be `use`d by \
         other mappings; it cannot be run.",
        Example::map("fn money(x) = round(x, 2)"),
        "Write the output as an expression after the declarations. To keep \
         the file as a library of functions, run the mapping that `use`s it \
         instead.",
    )
    .corrected("fn money(x) = round(x, 2)\n{ net: money($.net) }"),
    Entry::error(
        codes::UNREADABLE_MAPPING,
        "mapping file unreadable",
        "The mapping file given to `ferry` cannot be read: it does not \
         exist, is not readable, or is not UTF-8 text.",
        Example::map("{ id: $.id }").open("order.map"),
        "Check the path (the example opens `order.map`, the file is \
         `orders.map`) and the file's permissions and encoding.",
    )
    .corrected("{ id: $.id }"),
    Entry::error(
        codes::UNKNOWN_KEY,
        "secret key not provided",
        "The mapping names a secret key, `hmac_sha256(\"partner\", …)`, \
         that is not provided. Secrets are never written in a mapping: a \
         key is resolved by its name when the mapping compiles, from the \
         environment variable `FERRY_KEY_<NAME>` (the name upper-cased, \
         every character other than a letter or digit turned into `_`), or, \
         in a service that embeds the engine, from the `Keys` it passes. A \
         variable that is set but empty counts as missing. The check happens \
         at start-up, so a misconfigured deployment fails before it maps a \
         record; the message names the key and its variable, never a \
         secret.",
        Example::map("{ id: $.id, sig: hmac_sha256(\"partner\", $.id) }"),
        "Provide the key, not a change to the mapping: set \
         `FERRY_KEY_PARTNER` in the environment `ferry` runs in (from the \
         deployment's secret store, not a file kept beside the mapping), or, \
         in a service, add `partner` to the `Keys` given to \
         `Mapping::compile_file_with_keys`. When the name in the mapping is \
         misspelt, the message points out a key of a close name that is set.",
    )
    // The key provided (the catalogue test gives it), the same mapping.
    .corrected_with(Corrected {
        mapping: None,
        files: &[],
        input: None,
    }),
];
