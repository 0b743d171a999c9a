//! `W02xx`: probable mistakes; the mapping still compiles.

use super::entry::{Entry, Example};
use crate::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::warning(
        codes::UNUSED_LET,
        "unused `let`",
        "A top-level `let` is never used. It costs nothing at run time (a \
         `let` is computed on first use), but it is usually a leftover, or \
         the misspelling of a name used elsewhere. A file's `let`s are \
         private to it, so this holds for files without a body too. Unused \
         declarations are reported only once the mapping compiles.",
        Example::map("let net = $.gross - $.tax\n{ gross: $.gross }"),
        "Use the value or delete the declaration. A name that starts with \
         `_` is never reported: rename it `_net` if it is unused on \
         purpose.",
    )
    .corrected("let net = $.gross - $.tax\n{ gross: $.gross, net: net }"),
    Entry::warning(
        codes::UNUSED_FUNCTION,
        "unused function",
        "A function declared with `fn` in the mapping is never called; a \
         function that only calls itself counts as unused. The functions of \
         a file without a body are exports for the mappings that `use` it \
         and are never reported.",
        Example::map("fn money(x) = round(x, 2)\n{ net: $.net }"),
        "Call the function or delete it. To share functions between \
         mappings, put them in a file without a body that the mappings \
         `use`. A name that starts with `_` is never reported.",
    )
    .corrected("fn money(x) = round(x, 2)\n{ net: money($.net) }"),
    Entry::warning(
        codes::UNUSED_TABLE,
        "unused table",
        "A table declared in the mapping is never looked up. The tables of \
         a file without a body are exports and are never reported.",
        Example::map(
            "table shipping = { \"EXP\": \"express\", \"STD\": \"standard\" }\n{ method: $.method }",
        ),
        "Look the table up or delete it. A name that starts with `_` is \
         never reported.",
    )
    .corrected(
        "table shipping = { \"EXP\": \"express\", \"STD\": \"standard\" }\n{ method: shipping[$.method] }",
    ),
    Entry::warning(
        codes::SHADOWED,
        "name hides another",
        "A local name (a local `let`, a comprehension, lambda or `match` \
         variable, a function parameter) is the same as another local in \
         scope, or as a top-level `let`, function or table of the file \
         (declared there or imported), which it hides. Often two different \
         things got one name. A `fn` named like a standard function \
         replaces it on purpose and is not reported.",
        Example::map(
            "let total = $.total\n{\n  total: total,\n  nets: [for total in $.lines => total.net],\n}",
        ),
        "Rename one of the two. A name that starts with `_` is never \
         reported.",
    )
    .corrected(
        "let total = $.total\n{\n  total: total,\n  nets: [for line in $.lines => line.net],\n}",
    ),
    Entry::warning(
        codes::MATCH_WITHOUT_DEFAULT,
        "`match` without a default arm",
        "A `match` has no arm that accepts every value (`_`, or a bare name, \
         without a guard), so a value none of its arms foresees fails the \
         record with `E0405`.",
        Example::map("match $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n}"),
        "End with a default arm. When unforeseen values should fail the \
         record, say so with `_ => error(\"CODE\", \"…\")`: the warning goes \
         away and the failure has a code of your own.",
    )
    .corrected(
        "match $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n  _ => \"UNKNOWN\",\n}",
    ),
    Entry::warning(
        codes::OPTIONAL_NEVER_NULL,
        "optional field that is never null",
        "A field is marked optional (`key?:`), which omits it when its value \
         is null or missing, but its value is certainly never null (a \
         literal, a string template, an operator's result), so the `?` has \
         no effect and misleads the reader. When in doubt (a path, a \
         variable, a function's result) nothing is reported.",
        Example::map("{ id: $.id, source?: \"partner\" }"),
        "Remove the `?`, or make the value what was meant to be optional, \
         often a path into the input.",
    )
    .corrected("{ id: $.id, source: \"partner\" }"),
];
