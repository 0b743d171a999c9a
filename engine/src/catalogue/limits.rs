//! `E05xx`: a source or a value is too large or too deep.

use super::entry::{Corrected, Entry, Example};
use crate::codes;
use ferry_dsl::codes as dsl;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        dsl::TOO_DEEP,
        "nesting too deep in the source",
        "Brackets, calls or operators in the mapping text are nested more \
         than 128 levels deep. The parser stops there rather than risk \
         running out of stack; no hand-written mapping comes close, so the \
         text is usually generated or damaged.",
        Example::repeated("[", "1", "]", 200),
        "Flatten the expression: name intermediate results with `let`, move \
         parts into functions (`fn`), and build long lists with \
         comprehensions instead of nesting.",
    )
    .corrected("[[[1]]]"),
    Entry::error(
        dsl::TOO_LARGE,
        "source too large",
        "The mapping text is larger than 16 MiB, the most the parser \
         accepts. Such a file is almost always generated, often with data \
         that belongs in a table.",
        Example::repeated("// a line of padding\n", "{ id: $.id }", "", 800_000),
        "Keep large data out of the mapping: put lookup data in a table file \
         (`table countries from \"countries.csv\"`), read once at compile \
         time, and split the logic into several files joined with `use`.",
    )
    .corrected("{ id: $.id }"),
    Entry::error(
        codes::RECURSION_LIMIT,
        "recursion too deep",
        "User functions called each other more than 200 levels deep while \
         mapping a record: a recursive function without a base case, or one \
         whose base case the input never reaches. The record fails; \
         `try … else` does not catch this error.",
        Example::map("fn factorial(n) = n * factorial(n - 1)\n{ result: factorial($.n) }")
            .input("{\"n\": 5}"),
        "Give the recursion a base case that every input reaches. To walk a \
         list, prefer the standard functions that iterate (`map`, `reduce`, \
         `sum`, comprehensions) over recursion.",
    )
    .corrected(
        "fn factorial(n) = if n <= 1 then 1 else n * factorial(n - 1)\n{ result: factorial($.n) }",
    ),
    Entry::error(
        codes::SIZE_LIMIT,
        "value too large",
        "A value built while mapping a record would grow beyond the limits: \
         strings of 16 MiB, arrays of one million elements, or a padding \
         width beyond one million characters. The limits keep one bad record \
         from exhausting memory. The record fails; `try … else` does not \
         catch this error.",
        Example::map("{ code: pad_left($.code, $.width, \"0\") }")
            .input("{\"code\": \"7\", \"width\": 1000000000}"),
        "Check where the size comes from: it is usually a field of the \
         input used as a count or a width. Validate it (`if $.width <= 20 \
         then … else error(\"BAD_WIDTH\", …)`) or use a constant.",
    )
    .corrected_with(Corrected {
        mapping: Some("{ code: pad_left($.code, 6, \"0\") }"),
        files: &[],
        input: None,
    }),
];
