//! Stable codes of syntax diagnostics (`E01xx`) and parser limits (`E05xx`).
//!
//! A released code is never reused or renumbered.

/// The text does not match the grammar.
pub const SYNTAX: &str = "E0101";
/// A string literal has an invalid escape sequence.
pub const BAD_ESCAPE: &str = "E0102";
/// A number literal is malformed or out of range.
pub const BAD_NUMBER: &str = "E0103";
/// A JSONPath query is not valid RFC 9535 syntax.
pub const BAD_QUERY: &str = "E0104";
/// A JSONPath filter is not well-typed (RFC 9535 §2.4.3).
pub const BAD_FILTER_TYPE: &str = "E0105";
/// A `match` pattern is malformed (e.g. an invalid range).
pub const BAD_PATTERN: &str = "E0106";
/// A lambda appears outside a call argument.
pub const MISPLACED_LAMBDA: &str = "E0107";
/// `@` appears outside a JSONPath filter.
pub const MISPLACED_CURRENT: &str = "E0108";
/// `skip` appears where no comprehension element or member is produced.
pub const MISPLACED_SKIP: &str = "E0109";

/// Brackets, calls or operators nested deeper than the parser allows.
pub const TOO_DEEP: &str = "E0501";
/// The source text is larger than the parser accepts.
pub const TOO_LARGE: &str = "E0502";

/// Every code of this file, in code order.
pub const ALL: &[&str] = &[
    SYNTAX,
    BAD_ESCAPE,
    BAD_NUMBER,
    BAD_QUERY,
    BAD_FILTER_TYPE,
    BAD_PATTERN,
    MISPLACED_LAMBDA,
    MISPLACED_CURRENT,
    MISPLACED_SKIP,
    TOO_DEEP,
    TOO_LARGE,
];
