//! The compile-time contract checks: `E0305`–`E0310` and `W0207`–`W0210`.
//! Each example declares its schemas beside the mapping.

use super::entry::{Corrected, Entry, Example};
use crate::codes;

/// An input schema with a closed `customer` object.
const ORDER: &str = "{\n  \"type\": \"object\",\n  \"required\": [\"id\", \"status\"],\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"id\": { \"type\": \"string\" },\n    \"status\": { \"enum\": [\"paid\", \"open\", \"void\"] },\n    \"email\": { \"type\": \"string\", \"format\": \"email\" },\n    \"qty\": { \"type\": \"string\" },\n    \"discount\": { \"type\": \"number\" }\n  }\n}";

/// An input schema that allows other properties.
const OPEN_ORDER: &str = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": { \"type\": \"string\" },\n    \"email\": { \"type\": \"string\" }\n  }\n}";

/// An output schema.
const INVOICE: &str = "{\n  \"type\": \"object\",\n  \"required\": [\"id\", \"total\"],\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"id\": { \"type\": \"string\" },\n    \"total\": { \"type\": \"number\" },\n    \"state\": { \"enum\": [\"PAID\", \"OPEN\"] }\n  }\n}";

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::UNKNOWN_INPUT_PROPERTY,
        "property not in the input schema",
        "The mapping reads a property that its input schema does not \
         define at that place, and the schema does not allow other \
         properties (`additionalProperties: false`): the read can only \
         ever give null. Usually a misspelling; the help suggests the \
         closest declared name.",
        Example::map("input schema \"order.json\"\n{ id: $.id, email: $.emial }")
            .files(&[("order.json", ORDER)]),
        "Read the property the schema declares, or add the property to \
         the schema if the partner really sends it.",
    )
    .corrected("input schema \"order.json\"\n{ id: $.id, email: $.email }"),
    Entry::error(
        codes::INPUT_TYPE_MISMATCH,
        "input field used against its schema type",
        "The input schema gives a field a type that the expression cannot \
         use: arithmetic on a string, a string function on a number, a \
         member of something that is not an object. Every record valid \
         against the schema would fail here (or give null).",
        Example::map("input schema \"order.json\"\n{ id: $.id, twice: $.qty * 2 }")
            .files(&[("order.json", ORDER)]),
        "Convert explicitly (`number($.qty)`, `string($.n)`), or correct \
         the schema if it is wrong about the type.",
    )
    .corrected("input schema \"order.json\"\n{ id: $.id, twice: number($.qty ?? \"0\") * 2 }"),
    Entry::error(
        codes::OUTPUT_REQUIRED_MISSING,
        "required output property never produced",
        "The output schema requires a property that the object the \
         mapping builds never writes, so no output could be valid.",
        Example::map("output schema \"invoice.json\"\n{ id: $.id }")
            .files(&[("invoice.json", INVOICE)]),
        "Write the property (with a default when the input may lack it).",
    )
    .corrected("output schema \"invoice.json\"\n{ id: $.id, total: $.total ?? 0 }"),
    Entry::error(
        codes::OUTPUT_PROPERTY_FORBIDDEN,
        "output property the schema forbids",
        "The mapping writes a property that the output schema does not \
         declare, and the schema forbids others (`additionalProperties: \
         false`): every output would be rejected.",
        Example::map("output schema \"invoice.json\"\n{ id: $.id, total: 0, note: \"x\" }")
            .files(&[("invoice.json", INVOICE)]),
        "Remove the property, rename it to the one the schema declares, or \
         add it to the schema.",
    )
    .corrected("output schema \"invoice.json\"\n{ id: $.id, total: 0 }"),
    Entry::error(
        codes::OUTPUT_TYPE_MISMATCH,
        "output type cannot match the schema",
        "Whatever the record, the expression produces a value of a type \
         that the output schema does not allow there (a string where a \
         number is required).",
        Example::map("output schema \"invoice.json\"\n{ id: $.id, total: \"${$.amount} EUR\" }")
            .files(&[("invoice.json", INVOICE)]),
        "Produce the type the schema needs (`number(…)`, a number \
         expression), or correct the schema.",
    )
    .corrected("output schema \"invoice.json\"\n{ id: $.id, total: $.amount ?? 0 }"),
    Entry::error(
        codes::OUTPUT_VALUE_NOT_ALLOWED,
        "output literal outside the schema",
        "A literal the mapping writes is not one of the values the output \
         schema allows there: outside its `enum` or `const`, or against its \
         `pattern`. Whenever that branch is taken, the output is invalid.",
        Example::map(
            "output schema \"invoice.json\"\n{\n  id: $.id,\n  total: 0,\n  state: if $.paid then \"PAID\" else \"PENDING\",\n}",
        )
        .files(&[("invoice.json", INVOICE)]),
        "Write one of the allowed values (the help lists them).",
    )
    .corrected(
        "output schema \"invoice.json\"\n{\n  id: $.id,\n  total: 0,\n  state: if $.paid then \"PAID\" else \"OPEN\",\n}",
    ),
    Entry::error(
        codes::BAD_FORMAT_OPTION,
        "unknown format or format option",
        "An `input format NAME with { … }` or `output format NAME with { … }` \
         declaration names a format Ferry does not know, an option the \
         format does not take, or gives an option a value it cannot have \
         (a delimiter of two characters, `infer: \"yes\"`). The options \
         are checked when the mapping compiles, so a typo never reaches \
         the data. See docs/formats.md for every option.",
        Example::map("input format csv with { delimeter: \";\" }\n{ id: $.id }"),
        "Use an option the format takes; the message suggests the closest \
         name.",
    )
    .corrected("input format csv with { delimiter: \";\" }\n{ id: $.id }"),
    Entry::warning(
        codes::UNDECLARED_INPUT_PROPERTY,
        "property not declared in the input schema",
        "The mapping reads a property that its input schema does not \
         declare at that place. The schema allows other properties, so the \
         read may be intended, but it is often a misspelling.",
        Example::map("input schema \"order.json\"\n{ id: $.id, email: $.mail }")
            .files(&[("order.json", OPEN_ORDER)]),
        "Read the declared property, or declare this one in the schema.",
    )
    .corrected("input schema \"order.json\"\n{ id: $.id, email: $.email }"),
    Entry::warning(
        codes::OPTIONAL_INPUT,
        "optional input used where null fails",
        "An operator reads a property that the input schema does not \
         require (or allows to be null). When it is absent it reads as \
         null, and the operator fails the record with `E0401`.",
        Example::map("input schema \"order.json\"\n{ id: $.id, net: 100 - $.discount }")
            .files(&[("order.json", ORDER)]),
        "Give a default (`$.discount ?? 0`), or make the property required \
         in the schema.",
    )
    .corrected("input schema \"order.json\"\n{ id: $.id, net: 100 - ($.discount ?? 0) }"),
    Entry::warning(
        codes::MATCH_MISSES_ENUM,
        "`match` misses input enum values",
        "A `match` on an input field whose schema lists its values (`enum`) \
         has no arm for some of them and no default arm: a record with such \
         a value fails with `E0405`.",
        Example::map(
            "input schema \"order.json\"\nmatch $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n}",
        )
        .files(&[("order.json", ORDER)]),
        "Add an arm for each value the warning lists, or a default arm.",
    )
    .corrected(
        "input schema \"order.json\"\nmatch $.status {\n  \"paid\" => \"PAID\",\n  \"open\" => \"OPEN\",\n  \"void\" => \"VOID\",\n}",
    ),
    Entry::warning(
        codes::OUTPUT_MAY_VIOLATE,
        "output may violate its schema",
        "For some records the output may not meet the output schema: a \
         value that may be null where the schema needs a type, a required \
         property written as `key?:` (left out when null), a forbidden \
         property written when not null.",
        Example::map("output schema \"invoice.json\"\n{ id: $.id, total?: $.total }")
            .files(&[("invoice.json", INVOICE)]),
        "Make the value always present and of the right type (`?? …`), or \
         relax the schema.",
    )
    .corrected_with(Corrected {
        mapping: Some("output schema \"invoice.json\"\n{ id: $.id, total: $.total ?? 0 }"),
        files: &[],
        input: None,
    }),
];
