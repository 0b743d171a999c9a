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
    Entry::error(
        codes::WORK_LIMIT,
        "work budget exhausted",
        "Mapping one record took more work than its budget: 50 million \
         units by default, about one per evaluation step (a function call, \
         a comprehension or filter step, a built-in call), plus the share \
         of its input a built-in walks and of the value it builds. The \
         budget stops loops over loops and recursion that one unusual \
         record makes enormous before it holds a worker for minutes. The \
         record fails, the batch goes on under `--on-error skip`; `try … \
         else` does not catch this error.",
        Example::map(
            "let text = pad_left(\"\", 1000000, \"x\")\n\
             { hits: len([for i in range(0, 1000) if contains(text, \"y\") => i]) }",
        )
        .input("{}"),
        "Look for work that grows with the square of the input (a search \
         inside a loop: index the data once with `index_by` or `group_by`), \
         and for recursion the input makes deep. If the record really needs \
         it, raise the budget: `--max-work N`, or `Limits::max_work` in the \
         library.",
    )
    .corrected(
        "let text = pad_left(\"\", 1000000, \"x\")\n\
         let found = contains(text, \"y\")\n\
         { hits: len([for i in range(0, 1000) if found => i]) }",
    ),
    Entry::error(
        codes::MEMORY_LIMIT,
        "memory budget exhausted",
        "Mapping one record built more values than its budget: 64 MiB by \
         default, the total size of the strings, arrays and objects built \
         for the record, counted as they are built (values dropped along the \
         way count too), and the size of its output. It stops a record that \
         grows a string in a loop, or builds a value of shared parts whose \
         output would be enormous, before the machine runs out of memory. \
         The record fails; `try … else` does not catch this error.",
        Example::map("{ text: reduce(range(0, 100000), \"\", (acc, i) -> acc + \"0123456789\") }")
            .input("{}"),
        "Build strings with `join` over a list instead of adding to them in \
         a loop, and avoid copying large arrays per element. If the record \
         really needs it, raise the budget: `--max-memory BYTES`, or \
         `Limits::max_memory` in the library.",
    )
    .corrected("{ text: join([for i in range(0, 100000) => \"0123456789\"], \"\") }"),
    Entry::error(
        codes::INTERRUPTED,
        "interrupted",
        "The run was asked to stop (SIGINT or SIGTERM, or the library's \
         `Interrupt`) while this record was being mapped, or before it \
         started. `ferry run` writes every output finished before it, in \
         order, prints the accounting line and exits with status 130; the \
         interrupted record is not reported as a failure: it was not \
         mapped. A second signal ends the process at once.",
        Example::map("[for i in range(0, 1000) => i]").input("{}"),
        "Run the input again, or from the first record not written: the \
         output holds the records before it, in order.",
    )
    .corrected("[for i in range(0, 1000) => i]"),
    Entry::error(
        codes::RECORD_TOO_LARGE,
        "input record too large",
        "An input record is larger than the record size limit (256 MiB by \
         default): usually a file that is not record-per-line, a missing \
         line break, or an unterminated quote that swallowed the rest of \
         the input. The limit keeps one such record from taking the \
         machine's memory. A record over the limit fails; a record so long \
         that no end is in sight within the limit stops the run with the \
         same code.",
        Example::map("{ id: $.id }").input("{\"id\": 1}"),
        "Check the input's format (`--from`), or raise the limit: \
         `--max-record-bytes N`, or `Mapping::with_max_record_bytes`.",
    )
    .corrected("{ id: $.id }"),
    Entry::error(
        codes::STRING_TOO_LARGE,
        "input string too large",
        "A string in an input record is longer than the string size limit \
         (64 MiB by default). Such strings are usually an embedded file \
         (base64 attachments) that the mapping should not receive whole.",
        Example::map("{ id: $.id }").input("{\"id\": 1}"),
        "Strip the large field before Ferry sees it, or raise the limit: \
         `--max-string-bytes N`, or `Mapping::with_max_string_bytes`.",
    )
    .corrected("{ id: $.id }"),
    Entry::error(
        codes::FILE_TOO_LARGE,
        "table or schema file too large",
        "A table (`table … from \"file\"`) or schema file the mapping reads \
         at compile time is larger than the file size limit: 64 MiB for a \
         table, 16 MiB for a schema. The size is looked at before reading. \
         Tables are loaded into memory whole, once per process; a file of \
         that size is usually the wrong file, or data to stream as input \
         instead.",
        Example::map("{ id: $.id }"),
        "Check the path, or join the data as input instead of as a table.",
    )
    .corrected("{ id: $.id }"),
    Entry::error(
        codes::IMPORT_TOO_DEEP,
        "imports nested too deep",
        "`use` imports nest more than 32 files deep: a file that uses a file \
         that uses a file, and so on. Such chains are usually generated, or \
         a cycle through paths that name the same file differently.",
        Example::map("{ id: $.id }"),
        "Flatten the imports: let the top file `use` the libraries it needs \
         directly.",
    )
    .corrected("{ id: $.id }"),
];
