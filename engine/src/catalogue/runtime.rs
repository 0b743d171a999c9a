//! `E04xx`: a record cannot be mapped.

use super::entry::{Corrected, Entry, Example};
use crate::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::TYPE_MISMATCH,
        "type mismatch",
        "A value has the wrong type for an operator or a function: text \
         where a number is needed, a number where a string is needed, a \
         condition that is not a boolean. Ferry never converts silently and \
         has no truthiness. A missing field reads as null, and operators do \
         not accept null (`null + 1` is this error), while a standard \
         function returns null when its first argument is null. The error \
         names the JSON Pointer of the input value involved.",
        Example::map("{ total: $.total + 1 }").input("{\"total\": \"12\"}"),
        "Convert explicitly (`number($.total)`, `string($.id)`), give a \
         default for missing values (`$.total ?? 0`), or compare to get a \
         boolean (`$.count > 0`).",
    )
    .corrected("{ total: number($.total) + 1 }"),
    Entry::error(
        codes::DIVISION_BY_ZERO,
        "division by zero",
        "The right side of `/` or `%` is zero.",
        Example::map("{ average: $.total / $.count }").input("{\"total\": 10, \"count\": 0}"),
        "Decide what the output should be when the divisor is zero and say \
         so with an `if`.",
    )
    .corrected("{ average: if $.count == 0 then null else $.total / $.count }"),
    Entry::error(
        codes::NUMERIC_OVERFLOW,
        "number out of range",
        "A number is out of range for the operation: `int` of a value \
         beyond 64 bits, or an input number too large for any \
         representation (`1e400`) used in arithmetic.",
        Example::map("{ quantity: int($.quantity) }").input("{\"quantity\": 1e30}"),
        "Check the input: such numbers are usually a data error. Keep the \
         value as it is (a number passed through untouched keeps its digits) \
         or catch the error with `try … else`.",
    )
    .corrected("{ quantity: try int($.quantity) else null }"),
    Entry::error(
        codes::INVALID_VALUE,
        "invalid value",
        "A value has the right type but content the operation cannot use: \
         text that is not a number (`number(\"12,50\")`), a date that does \
         not match its format, invalid Base64 or percent-encoding, a \
         negative width. The error names the JSON Pointer of the input value \
         involved.",
        Example::map("{ amount: number($.amount) }").input("{\"amount\": \"12,50\"}"),
        "Normalise the text first (here the decimal comma), give the format \
         the data really has, or fall back with `try … else` when invalid \
         values are expected.",
    )
    .corrected("{ amount: number(replace($.amount, \",\", \".\")) }"),
    Entry::error(
        codes::NO_MATCH,
        "no `match` arm matched",
        "No arm of a `match` accepts the value, so the record fails rather \
         than producing a made-up output. The error shows the value and the \
         JSON Pointer it came from.",
        Example::map(
            "match $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n}",
        )
        .input("{\"status\": \"void\"}"),
        "Add an arm for the value, or a default arm `_ => …` as the last \
         one. When unknown values should fail the record with a clear \
         message, make the default arm call `error(\"CODE\", …)`.",
    )
    .corrected("match $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n  _ => \"UNKNOWN\",\n}"),
    Entry::error(
        codes::MALFORMED_RECORD,
        "malformed input record",
        "An input record is malformed in its format: not valid JSON (in \
         NDJSON, each line is one record), a CSV row with the wrong number \
         of fields, XML that is not well-formed or declares an external \
         entity, YAML that does not parse or has a duplicate key; or it is \
         not UTF-8, or nested deeper than 128 levels. The message starts \
         with the line and column in the file. With `--on-error \
         skip` the record is reported and the run goes on; by default the \
         run stops there, after writing every earlier output.",
        Example::map("{ id: $.id }").input("{\"id\": 1}\n{\"id\": 2,\n{\"id\": 3}\n"),
        "Fix the producer of the data. The error gives the record number \
         (the line in NDJSON) and the position in it.",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[],
        input: Some("{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n"),
    }),
    Entry::error(
        codes::RAISED,
        "`error(message)` without a code",
        "The mapping called `error(message)` with a message only, so the \
         record fails with this generic code. `error(code, message)` fails \
         it with the author's own code instead.",
        Example::map(
            "if len($.lines) == 0\nthen error(\"the order has no lines\")\nelse { lines: $.lines }",
        )
        .input("{\"lines\": []}"),
        "Give the error a code of your own, so that whoever reads the \
         failures can tell the cases apart.",
    )
    .corrected(
        "if len($.lines) == 0\nthen error(\"ORDER_EMPTY\", \"the order has no lines\")\nelse { lines: $.lines }",
    ),
    Entry::error(
        codes::INPUT_CONTRACT,
        "input violates its schema",
        "The mapping declares `input schema \"…\"` and this record does not \
         meet it. The record is not mapped: it fails like any other, counts \
         in the accounting, and goes to `--errors` and `--dead-letter`. The \
         error lists every violation (up to 20, with the total): the JSON \
         Pointer of the value, the failing keyword, its location in the \
         schema file, and a message. Values the schema marks sensitive \
         (`writeOnly`, `format: password`, `x-sensitive`) show as `***`.",
        Example::map("input schema \"order.json\"\n{ id: $.id }")
            .files(&[(
                "order.json",
                "{\n  \"type\": \"object\",\n  \"required\": [\"id\"],\n  \"properties\": { \"id\": { \"type\": \"string\" } }\n}",
            )])
            .input("{\"id\": 42}"),
        "Fix the data at the source, or, when the partner's contract really \
         changed, update the schema (`ferry compat OLD NEW` shows what \
         changed). `--validate none` skips validation for a one-off run.",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[],
        input: Some("{\"id\": \"42\"}"),
    }),
    Entry::error(
        codes::OUTPUT_CONTRACT,
        "output violates its schema",
        "The mapping declares `output schema \"…\"` and what it produced \
         for this record does not meet it, so the output is not written: \
         the record fails with every violation listed, as for `E0408`. \
         `ferry check` finds many such mistakes before any record flows; \
         this error catches the rest, from the data.",
        Example::map("output schema \"invoice.json\"\n{ total: $.total }")
            .files(&[(
                "invoice.json",
                "{\n  \"type\": \"object\",\n  \"properties\": { \"total\": { \"type\": \"number\", \"minimum\": 0 } }\n}",
            )])
            .input("{\"total\": -5}"),
        "Make the mapping produce what the schema requires for every \
         record it accepts, or reject such records explicitly with \
         `error(\"CODE\", …)`.",
    )
    .corrected("output schema \"invoice.json\"\n{ total: if $.total < 0 then 0 else $.total }"),
    Entry::error(
        codes::UNWRITABLE_OUTPUT,
        "output cannot be written in the output format",
        "The output has a value the output format cannot hold: a nested \
         object or array in a CSV cell, a member that is not one of the CSV \
         columns, a key that is not an XML element name, an XML output that \
         is not one root element. The error names the field by its JSON \
         Pointer, and nothing of that output is written.",
        Example::map("output format csv\n{ id: $.id, customer: $.customer }")
            .input("{\"id\": 1, \"customer\": {\"name\": \"Ana\"}}"),
        "Map the value to text (`customer: $.customer.name`), or ask the \
         format for it: CSV's `flatten` option writes nested objects as \
         `customer.name` columns.",
    )
    .corrected("output format csv\n{ id: $.id, customer: $.customer.name }"),
    Entry::error(
        codes::REQUIRED_MISSING,
        "a required value is missing",
        "The mapping called `required(value, message)` and the value is \
         null: the member is missing from the record, or set to null. The \
         record fails with the author's message, and the error's JSON \
         Pointer is where the value should have been (`/customer/email`, \
         `/lines/2/sku` inside a loop over `$.lines`).",
        Example::map("{ email: required($.customer.email, \"an order needs a customer email\") }")
            .input("{\"customer\": {\"name\": \"Ana\"}}"),
        "Fix the record at the source, or, when the value may really be \
         missing, give a default with `??` instead.",
    )
    .corrected_with(Corrected {
        mapping: None,
        files: &[],
        input: Some("{\"customer\": {\"name\": \"Ana\", \"email\": \"ana@example.org\"}}"),
    }),
];
