//! Stable codes of the engine's diagnostics and run-time errors.
//!
//! `E02xx` names and declarations, `E03xx` types, schemas and constant
//! values, `E04xx` run time, `E05xx` limits (syntax `E01xx` and parser limits
//! live in `ferry_dsl::codes`); warnings are `W02xx`. A released code is
//! never reused.

/// A variable name is not defined.
pub const UNKNOWN_VARIABLE: &str = "E0201";
/// A function name is not defined.
pub const UNKNOWN_FUNCTION: &str = "E0202";
/// A function is called with the wrong number of arguments.
pub const WRONG_ARITY: &str = "E0203";
/// An object literal writes the same key twice.
pub const DUPLICATE_KEY: &str = "E0204";
/// Two declarations (functions, tables, lets) share a name.
pub const DUPLICATE_NAME: &str = "E0205";
/// `use` files form a cycle.
pub const IMPORT_CYCLE: &str = "E0206";
/// A `use`d file cannot be read.
pub const UNREADABLE_IMPORT: &str = "E0207";
/// A table file cannot be read or has the wrong shape.
pub const BAD_TABLE: &str = "E0208";
/// A top-level `let` refers to itself, directly or not.
pub const LET_CYCLE: &str = "E0209";
/// A lambda is passed where a value is expected, or a value where a
/// function is expected.
pub const LAMBDA_MISUSE: &str = "E0210";
/// The mapping has no body expression.
pub const MISSING_BODY: &str = "E0211";
/// A mapping file cannot be read.
pub const UNREADABLE_MAPPING: &str = "E0212";
/// A secret key the mapping names (`hmac_sha256("partner", …)`) is not
/// provided: no `FERRY_KEY_PARTNER` variable, or not among the keys the
/// embedding service passed.
pub const UNKNOWN_KEY: &str = "E0213";

/// A top-level `let` is never used (warning).
pub const UNUSED_LET: &str = "W0201";
/// A function is never called (warning).
pub const UNUSED_FUNCTION: &str = "W0202";
/// A table is never looked up (warning).
pub const UNUSED_TABLE: &str = "W0203";
/// A name hides another of the same name (warning).
pub const SHADOWED: &str = "W0204";
/// A `match` has no default arm, so an unforeseen value fails the record
/// (warning).
pub const MATCH_WITHOUT_DEFAULT: &str = "W0205";
/// An optional field (`key?:`) whose value can never be null (warning).
pub const OPTIONAL_NEVER_NULL: &str = "W0206";
/// The mapping reads a property the input schema does not declare but
/// allows (warning).
pub const UNDECLARED_INPUT_PROPERTY: &str = "W0207";
/// An optional input property is used where null fails (warning).
pub const OPTIONAL_INPUT: &str = "W0208";
/// A `match` on an input enum misses values and has no default (warning).
pub const MATCH_MISSES_ENUM: &str = "W0209";
/// An output may violate the output schema: null where a type is needed,
/// a required property that may be omitted (warning).
pub const OUTPUT_MAY_VIOLATE: &str = "W0210";

/// A constant argument is invalid (a malformed regular expression), or an
/// argument that must be a constant is not (the key name of `hmac_sha256`).
pub const BAD_CONSTANT: &str = "E0301";
/// An inline table is not a constant object.
pub const TABLE_NOT_CONSTANT: &str = "E0302";
/// A contract schema cannot be used: unreadable, malformed, not valid
/// against its meta-schema, or a `$ref` that leads nowhere.
pub const BAD_SCHEMA: &str = "E0303";
/// A schema `$ref` is remote: Ferry never fetches over the network.
pub const REMOTE_REFERENCE: &str = "E0304";
/// The mapping reads a property the input schema does not define (and
/// does not allow).
pub const UNKNOWN_INPUT_PROPERTY: &str = "E0305";
/// An input field is used where its schema type cannot fit (arithmetic on
/// a string, a string function on a number, a member of a non-object).
pub const INPUT_TYPE_MISMATCH: &str = "E0306";
/// A property the output schema requires is never produced.
pub const OUTPUT_REQUIRED_MISSING: &str = "E0307";
/// The output has a property the output schema forbids.
pub const OUTPUT_PROPERTY_FORBIDDEN: &str = "E0308";
/// An output value's type cannot match the output schema.
pub const OUTPUT_TYPE_MISMATCH: &str = "E0309";
/// An output literal is outside the output schema's `enum`, `const` or
/// `pattern`.
pub const OUTPUT_VALUE_NOT_ALLOWED: &str = "E0310";
/// A format declaration in the header (`input format csv { … }`) names
/// an unknown format or option, or gives an option a value it cannot take.
pub const BAD_FORMAT_OPTION: &str = "E0311";

/// A value has the wrong type for an operator or function.
pub const TYPE_MISMATCH: &str = "E0401";
/// Division or remainder by zero.
pub const DIVISION_BY_ZERO: &str = "E0402";
/// A number is out of range for the operation.
pub const NUMERIC_OVERFLOW: &str = "E0403";
/// A value has the right type but an invalid content (a date that does not
/// parse, a string that is not a number).
pub const INVALID_VALUE: &str = "E0404";
/// No arm of a `match` matched the value.
pub const NO_MATCH: &str = "E0405";
/// An input record is malformed in its format (JSON, YAML, CSV, XML).
pub const MALFORMED_RECORD: &str = "E0406";
/// `error(…)` was called without a code of its own.
pub const RAISED: &str = "E0407";
/// An input record violates the mapping's input schema.
pub const INPUT_CONTRACT: &str = "E0408";
/// An output violates the mapping's output schema.
pub const OUTPUT_CONTRACT: &str = "E0409";
/// An output cannot be written in the output format (a nested value in a
/// CSV cell, a key that is not an XML name).
pub const UNWRITABLE_OUTPUT: &str = "E0410";
/// `required(value, message)` found no value (null or missing).
pub const REQUIRED_MISSING: &str = "E0411";

/// User functions recursed deeper than the limit.
pub const RECURSION_LIMIT: &str = "E0503";
/// A value grew beyond the size limit (string, array, nesting).
pub const SIZE_LIMIT: &str = "E0504";
/// A record needed more work than its budget.
pub const WORK_LIMIT: &str = "E0505";
/// A record built more values than its memory budget.
pub const MEMORY_LIMIT: &str = "E0506";
/// The run was interrupted (SIGINT/SIGTERM, or the library's `Interrupt`).
pub const INTERRUPTED: &str = "E0507";
/// An input record is larger than the record size limit.
pub const RECORD_TOO_LARGE: &str = "E0508";
/// A string in an input record is longer than the string size limit.
pub const STRING_TOO_LARGE: &str = "E0509";
/// A table or schema file is larger than the file size limit.
pub const FILE_TOO_LARGE: &str = "E0510";
/// `use` imports nest deeper than the import depth limit.
pub const IMPORT_TOO_DEEP: &str = "E0511";

/// Every code of this file, in code order (errors, then warnings).
pub const ALL: &[&str] = &[
    UNKNOWN_VARIABLE,
    UNKNOWN_FUNCTION,
    WRONG_ARITY,
    DUPLICATE_KEY,
    DUPLICATE_NAME,
    IMPORT_CYCLE,
    UNREADABLE_IMPORT,
    BAD_TABLE,
    LET_CYCLE,
    LAMBDA_MISUSE,
    MISSING_BODY,
    UNREADABLE_MAPPING,
    UNKNOWN_KEY,
    BAD_CONSTANT,
    TABLE_NOT_CONSTANT,
    BAD_SCHEMA,
    REMOTE_REFERENCE,
    UNKNOWN_INPUT_PROPERTY,
    INPUT_TYPE_MISMATCH,
    OUTPUT_REQUIRED_MISSING,
    OUTPUT_PROPERTY_FORBIDDEN,
    OUTPUT_TYPE_MISMATCH,
    OUTPUT_VALUE_NOT_ALLOWED,
    BAD_FORMAT_OPTION,
    TYPE_MISMATCH,
    DIVISION_BY_ZERO,
    NUMERIC_OVERFLOW,
    INVALID_VALUE,
    NO_MATCH,
    MALFORMED_RECORD,
    RAISED,
    INPUT_CONTRACT,
    OUTPUT_CONTRACT,
    UNWRITABLE_OUTPUT,
    REQUIRED_MISSING,
    RECURSION_LIMIT,
    SIZE_LIMIT,
    WORK_LIMIT,
    MEMORY_LIMIT,
    INTERRUPTED,
    RECORD_TOO_LARGE,
    STRING_TOO_LARGE,
    FILE_TOO_LARGE,
    IMPORT_TOO_DEEP,
    UNUSED_LET,
    UNUSED_FUNCTION,
    UNUSED_TABLE,
    SHADOWED,
    MATCH_WITHOUT_DEFAULT,
    OPTIONAL_NEVER_NULL,
    UNDECLARED_INPUT_PROPERTY,
    OPTIONAL_INPUT,
    MATCH_MISSES_ENUM,
    OUTPUT_MAY_VIOLATE,
];
